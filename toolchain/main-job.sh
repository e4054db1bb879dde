#!/usr/bin/env bash
# The README's main command (`npm start`): bootstrap what is missing, start the embedded default
# environment (private Postgres cluster, versitygw S3 server, file Pulumi backend, all under
# .schemastack/env/main and kept between runs), then `pulumi up` the example program in index.ts
# on the `local` stack. Pass extra pulumi flags after `--`, e.g. `npm start -- --diff`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash toolchain/bootstrap.sh

node_ts=(node -r ts-node/register/transpile-only)
# The pinned AWS SDK runs on Node 20; its notice that later releases need Node 22 is noise here.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
echo "[start] starting the embedded default environment (main)"
eval "$("${node_ts[@]}" localenv/cli.ts start main)"
stop_env() { echo "[start] stopping the local servers (data kept in .schemastack/env/main)"; "${node_ts[@]}" localenv/cli.ts stop main >/dev/null; }
trap stop_env EXIT

stack="${SCHEMASTACK_STACK:-local}"
echo "[start] pulumi $(pulumi version), backend $PULUMI_BACKEND_URL, stack $stack"
pulumi stack select --create "$stack" --non-interactive >/dev/null
echo "[start] pulumi up --stack $stack"
pulumi up --yes --skip-preview=false --non-interactive --stack "$stack" "$@"
echo "[start] done: the example schema is applied to $SCHEMASTACK_DATABASE_URL"
