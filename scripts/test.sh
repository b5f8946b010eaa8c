#!/usr/bin/env bash
# Everything the tests need, on a brand-new machine: npm dependencies, the Pulumi CLI built from the Go module
# proxy (once per machine), the compiled package (the serialized providers load it), then every jest suite, and
# last the packaging matrix (test/e2e/packaging): the packed package in users' stacks on Node 20 and 22, the oldest
# and the newest @pulumi/pulumi, npm and pnpm, a linked checkout, a moved folder, an upgrade from 0.1.0.
#
# With arguments, runs only `jest <arguments>` (a file, a pattern, -t NAME, ...), matrix files included.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-pulumi.sh >/dev/null
# A clean build: a module whose source is gone must not linger in dist/, where the tests load and pack it.
rm -rf dist
npm run build

if [ $# -gt 0 ]; then
  exec npx jest "$@"
fi

# Lint and format are part of the build: typescript-eslint's strict type-checked rules and Prettier.
npm run lint
npx jest --testPathIgnorePatterns=/node_modules/ --testPathIgnorePatterns=/test/e2e/packaging/

# The scenarios spend much of their time waiting on installs and on the CLI's processes, so two run at a time.
started=$SECONDS
npx jest --maxWorkers=2 test/e2e/packaging/
echo "packaging matrix: every scenario done in $((SECONDS - started))s"
