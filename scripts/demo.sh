#!/usr/bin/env bash
# The demo (issue 3): installs what is needed, starts the Kommo emulator, runs `pulumi up` on the root program
# against it, prints what is then live in the emulator as a board (`kommo-iac show`), and stops the emulator.
#
# Everything it writes goes to .state/demo (ignored): the file backend, the stack's config and the emulator's log.
# The emulator starts with a fresh account on every run, so the previous run's state would point at ids that no
# longer exist; each run therefore starts from an empty .state/demo, which is what makes it safe to run twice.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

STATE=$ROOT/.state/demo
STACK=demo
STACK_CONFIG=$STATE/Pulumi.$STACK.yaml
EMULATOR_LOG=$STATE/emulator.log
# The emulator's default administrator token: it means nothing outside the emulator this script starts.
TOKEN=admin-token
STARTUP_TIMEOUT=15

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    step() { printf '\n\033[1;36m==>\033[0m \033[1m%s\033[0m\n' "$*"; }
else
    step() { printf '\n==> %s\n' "$*"; }
fi
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

emulator_pid=""
stop_emulator() {
    if [ -n "$emulator_pid" ]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
        emulator_pid=""
    fi
}
# Bash runs the EXIT trap on errors, on `exit`, and when SIGINT or SIGTERM ends it.
trap stop_emulator EXIT

started=$SECONDS

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing dependencies (npm ci)"
    npm ci --no-audit --no-fund
fi

step "Building (npm run build)"
npm run --silent build

step "Providing the Pulumi CLI"
PULUMI_BIN=$(bash scripts/ensure-pulumi.sh | tail -n 1)
[ -x "$PULUMI_BIN/pulumi" ] || die "scripts/ensure-pulumi.sh did not provide pulumi (got '$PULUMI_BIN')"

rm -rf "$STATE"
mkdir -p "$STATE/backend"

step "Starting the Kommo emulator"
# Job control gives the emulator its own process group, so a Ctrl-C reaches pulumi and not the emulator: pulumi
# can then finish the requests it has in flight, and the EXIT trap stops the emulator afterwards.
set -m
node emulator/bin/kommo-emulator.js --port 0 >"$EMULATOR_LOG" 2>&1 &
emulator_pid=$!
set +m
url=""
deadline=$((SECONDS + STARTUP_TIMEOUT))
while [ -z "$url" ]; do
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        cat "$EMULATOR_LOG" >&2
        emulator_pid=""
        die "the emulator exited before it was listening"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { cat "$EMULATOR_LOG" >&2; die "the emulator was not listening after ${STARTUP_TIMEOUT}s"; }
    sleep 0.1
    url=$(sed -n 's/^listening on //p' "$EMULATOR_LOG")
done
echo "Kommo emulator at $url (log: ${EMULATOR_LOG#"$ROOT"/})"

export PATH="$PULUMI_BIN:$PATH"
export PULUMI_BACKEND_URL="file://$STATE/backend"
export PULUMI_CONFIG_PASSPHRASE=demo
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
unset PULUMI_CONFIG_PASSPHRASE_FILE
# The provider falls back to these when config is missing; a user's real Kommo account must never be in reach.
unset KOMMO_SUBDOMAIN KOMMO_BASE_URL KOMMO_ACCESS_TOKEN KOMMO_RATE_LIMIT

step "Creating the '$STACK' stack"
# `stack init` always writes Pulumi.<stack>.yaml next to Pulumi.yaml; it moves into .state/demo, and every later
# command names it with --config-file, so the checkout is left as it was. --no-select leaves the user's current
# stack selected.
rm -f "Pulumi.$STACK.yaml"
pulumi stack init "$STACK" --no-select --non-interactive
if [ -f "Pulumi.$STACK.yaml" ]; then mv "Pulumi.$STACK.yaml" "$STACK_CONFIG"; fi
pulumi config set --stack "$STACK" --config-file "$STACK_CONFIG" kommo:baseUrl "$url"
pulumi config set --stack "$STACK" --config-file "$STACK_CONFIG" --secret kommo:accessToken "$TOKEN"

step "pulumi up"
pulumi up --stack "$STACK" --config-file "$STACK_CONFIG" --yes --non-interactive --skip-preview

step "What is live in the emulator (kommo-iac show)"
# The package's own bin, just built: it reads Kommo with the provider's client, not with anything of the demo's.
KOMMO_BASE_URL=$url KOMMO_ACCESS_TOKEN=$TOKEN node bin/kommo-iac.js show

stop_emulator
printf '\nDemo done in %ds; the emulator is stopped.\n' $((SECONDS - started))
