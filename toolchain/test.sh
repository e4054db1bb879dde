#!/usr/bin/env bash
# The README's test command (`npm test`): bootstrap what is missing, start a throwaway local
# environment, lint + typecheck, run every mocha suite, stop the environment, and print
# "N passed, N failed" (mocha's own counts) as the very last line.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash toolchain/bootstrap.sh || { echo "0 passed, 1 failed"; exit 1; }

node_ts=(node -r ts-node/register/transpile-only)
# The pinned AWS SDK runs on Node 20; its notice that later releases need Node 22 is noise here.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
env_name="test"
echo "[test] starting the local test environment ($env_name)"
if ! exports=$("${node_ts[@]}" localenv/cli.ts start "$env_name" --fresh --throwaway); then
  echo "0 passed, 1 failed"; exit 1
fi
eval "$exports"
export SCHEMASTACK_TEST_ENV="$env_name"
stop_env() { "${node_ts[@]}" localenv/cli.ts stop "$env_name" --wipe >/dev/null 2>&1 || true; }
trap stop_env EXIT

echo "[test] pulumi: $(command -v pulumi) $(pulumi version)"

status=0
echo "[test] lint (eslint + prettier) and typecheck (tsc --strict)"
npx --no-install eslint . || status=1
npx --no-install prettier --check . >/dev/null || { npx --no-install prettier --list-different .; echo "[test] prettier: files above need \`npm run format\`"; status=1; }
npx --no-install tsc --noEmit -p . || status=1

summary="$(mktemp)"
export SCHEMASTACK_SUMMARY_FILE="$summary"
# Suites run in parallel on two workers: every test makes its own databases and stacks.
npx --no-install mocha --parallel --jobs "${SCHEMASTACK_TEST_JOBS:-2}" "$@" || status=1

stop_env
trap - EXIT
line="$(cat "$summary" 2>/dev/null)"
rm -f "$summary"
[ -n "$line" ] || { line="0 passed, 1 failed"; status=1; }
[ "$status" = 0 ] || echo "[test] failed (lint, typecheck or tests: see above)"
echo "$line"
exit "$status"
