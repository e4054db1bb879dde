#!/usr/bin/env bash
# Runs just the given test files (the repo's .mocharc.json would add every suite).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec npx --no-install mocha --no-config -r ts-node/register/transpile-only --extension ts --timeout 600000 "$@"
