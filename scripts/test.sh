#!/usr/bin/env bash
# Everything the tests need, on a brand-new machine: npm dependencies, the Pulumi CLI built from the Go module
# proxy (once per machine), the compiled package (the serialized providers load it), then every jest suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-pulumi.sh >/dev/null
npm run build
npx jest "$@"
