#!/usr/bin/env bash
# npm run bench [-- --shapes 1x10,5x20,10x50 --styles inline,status --tuned N --baseline-max RESOURCES --no-write --no-limit-shapes]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-pulumi.sh >/dev/null
npm run build >/dev/null
exec node dist/scripts/bench/run.js "$@"
