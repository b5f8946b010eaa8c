#!/usr/bin/env bash
# Generates the Python and Go SDKs of the plugin face (pulumi-resource-kommo) from its package schema,
# provider/plugin/schema.json, into .sdk/ (ignored by git):
#   .sdk/python   the pulumi_kommo package: `pip install .sdk/python`
#   .sdk/go       the Go module github.com/pulumi-kommo/sdk/go (package .../go/kommo): use it with a replace directive
#
# Usage:   bash scripts/gen-sdks.sh [python] [go] [nodejs]      (default: python go)
# Progress goes to stderr; stdout is one line, the directory (always <repo>/.sdk).
#
# Why not `pulumi package gen-sdk`: it hands the schema to Pulumi's language hosts (pulumi-language-python, -go),
# which the Go module proxy this project builds from does not serve. tools/pulumi/sdkgen calls the same code
# generators (pkg/v3/codegen, at the version tools/pulumi/go.mod pins for the CLI) directly. It is built into
# .pulumi-cli/bin beside the CLI, once per change of its sources, go.mod or go.sum; generating takes well under a
# second, so the SDKs are always written afresh, each into a new directory that then replaces the old one (no stale
# files, and a reader never sees half an SDK). The nodejs SDK is for inspection only: TypeScript programs use the
# `plugin` namespace of the pulumi-kommo package itself. Nothing is ever downloaded as a binary.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/tools/pulumi
BIN=$ROOT/.pulumi-cli/bin
OUT=$ROOT/.sdk
SCHEMA=$ROOT/provider/plugin/schema.json
SDKGEN=sdkgen

log() { printf 'gen-sdks: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

sha256() { if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi | cut -d' ' -f1; }

elapsed() { printf '%dm%02ds' $((($SECONDS - $1) / 60)) $((($SECONDS - $1) % 60)); }

ensure_go() {
    if ! command -v go >/dev/null; then
        [ -x /usr/local/go/bin/go ] || die "Go is needed to build $SDKGEN (https://go.dev/dl/)"
        PATH=/usr/local/go/bin:$PATH
    fi
}

# sdkgen is rebuilt whenever its sources, go.mod/go.sum (which pin the code generators) or the Go version change.
sdkgen_stamp() {
    { go version; cat "$TOOLS"/sdkgen/*.go "$TOOLS/go.mod" "$TOOLS/go.sum"; } | sha256
}

# As scripts/ensure-pulumi.sh builds: into a temporary name, then renamed; static (CGO off); no VCS stamp.
ensure_sdkgen() {
    local stamp start=$SECONDS
    ensure_go
    stamp=$(sdkgen_stamp)
    if [ -x "$BIN/$SDKGEN" ] && [ "$(cat "$BIN/.$SDKGEN.stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    log "building $SDKGEN (the first build compiles Pulumi's code generators: a minute or more)..."
    (cd "$TOOLS" && CGO_ENABLED=0 go build -buildvcs=false -o "$BIN/$SDKGEN.$$" ./sdkgen)
    mv -f "$BIN/$SDKGEN.$$" "$BIN/$SDKGEN"
    echo "$stamp" >"$BIN/.$SDKGEN.stamp"
    log "built $SDKGEN in $(elapsed "$start")"
}

generate() {
    local lang=$1 fresh="$OUT/.$1.$$"
    rm -rf "$fresh"
    "$BIN/$SDKGEN" -schema "$SCHEMA" -lang "$lang" -out "$fresh" 2>&1 | sed 's/^/  /' >&2
    rm -rf "${OUT:?}/$lang"
    mv "$fresh" "$OUT/$lang"
    log "$lang SDK in $OUT/$lang"
}

main() {
    local langs=("$@") lang
    [ ${#langs[@]} -gt 0 ] || langs=(python go)
    for lang in "${langs[@]}"; do
        case $lang in
            python | go | nodejs) ;;
            *) die "unknown language \"$lang\": use python, go or nodejs" ;;
        esac
    done
    [ -f "$SCHEMA" ] || die "no schema at $SCHEMA"
    mkdir -p "$BIN" "$OUT"
    # A failed run leaves no half-written SDK behind.
    trap 'rm -rf "$OUT/.python.$$" "$OUT/.go.$$" "$OUT/.nodejs.$$"' EXIT
    # One run at a time per checkout (when flock exists): parallel callers wait instead of building twice.
    if command -v flock >/dev/null; then
        exec 9>"$ROOT/.pulumi-cli/.$SDKGEN.lock"
        flock 9
    fi
    ensure_sdkgen
    for lang in "${langs[@]}"; do generate "$lang"; done
    echo "$OUT"
}

main "$@"
