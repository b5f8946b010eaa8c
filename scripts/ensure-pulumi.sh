#!/usr/bin/env bash
# Provides the real Pulumi engine for this project, in one directory:
#   pulumi                          the CLI
#   pulumi-language-nodejs          the Node.js language host (our own, tools/pulumi/langhost)
#   pulumi-resource-pulumi-nodejs   the dynamic-provider plugin (tools/pulumi/pulumi-resource-pulumi-nodejs)
#   pulumi-language-python          our own Python language host (tools/pulumi/pylanghost), with Pulumi's Python
#                                   runner pulumi-language-python-exec beside it, copied from the pinned sdk/v3
#                                   module (the PyPI wheel does not ship it)
#   pulumi-language-yaml            the Pulumi YAML language host, for the plugin face's YAML programs; pinned in
#                                   tools/pulumi-yaml/go.mod, a module of its own since it does not build against
#                                   the SDK version the CLI's module pins
#
# Usage:   export PATH="$(scripts/ensure-pulumi.sh):$PATH"
# Progress goes to stderr; stdout is one line, the directory (always <repo>/.pulumi-cli/bin). The Automation API
# takes its parent: PulumiCommand.get({ root: "<repo>/.pulumi-cli" }).
#
# A `pulumi` already on PATH is used, whatever its version (with a warning when it is older than the
# @pulumi/pulumi SDK). Its own language host and plugin are used when they sit next to it or on PATH; ours fill in
# whatever is missing. Otherwise the CLI is built with Go, through the Go module proxy, at the version that
# tools/pulumi/go.mod requires for github.com/pulumi/pulumi/pkg/v3: the one place it is pinned. Builds happen once
# per machine: a CLI that reports the pinned version, and a language host whose sources have not changed, are
# kept. Nothing is ever downloaded as a binary.
#
# Environment:
#   PULUMI_KOMMO_FROM_SOURCE=1   ignore any pulumi on PATH and use the pinned build.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/tools/pulumi
BIN=$ROOT/.pulumi-cli/bin
CLI_MODULE=github.com/pulumi/pulumi/pkg/v3
VERSION_VAR=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version
LANGHOST=pulumi-language-nodejs
PYHOST=pulumi-language-python
PYEXEC=pulumi-language-python-exec
YAML_TOOLS=$ROOT/tools/pulumi-yaml
YAML_HOST=pulumi-language-yaml
YAML_MODULE=github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
PLUGIN=pulumi-resource-pulumi-nodejs

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The pinned version, as go.mod requires it (works for both the one-line and the block form of `require`).
pinned_version() {
    awk -v m="$CLI_MODULE" '{ for (i = 1; i < NF; i++) if ($i == m) { print $(i + 1); exit } }' "$TOOLS/go.mod"
}

# `command -v` over PATH minus our own directory, so that our previous output is not mistaken for a user's install.
external() {
    (
        IFS=:
        dirs=()
        for d in $PATH; do [ "$d" = "$BIN" ] || dirs+=("$d"); done
        PATH="${dirs[*]}"
        hash -r
        command -v "$1" || true
    )
}

realpath_of() { node -e 'process.stdout.write(require("fs").realpathSync(process.argv[1]))' "$1"; }

sha256() { if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi | cut -d' ' -f1; }

cli_version() { PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null || true; }

elapsed() { printf '%dm%02ds' $((($SECONDS - $1) / 60)) $((($SECONDS - $1) % 60)); }

ensure_go() {
    if ! command -v go >/dev/null; then
        [ -x /usr/local/go/bin/go ] || die "Go is needed to build the Pulumi CLI (https://go.dev/dl/), or put pulumi on PATH"
        PATH=/usr/local/go/bin:$PATH
    fi
}

# go build into a temporary name, then rename: a concurrent reader never sees half a binary, and a user's CLI that
# was hard-linked in earlier is replaced, never written through. CGO is off so that the result is the same static
# binary whether or not the machine has a C compiler. VCS stamping is off because the tools module sits inside
# this project's git checkout, which says nothing about what was built.
go_build() {
    local out=$1 ldflags=$2 pkg=$3 module=${4:-$TOOLS}
    (cd "$module" && CGO_ENABLED=0 go build -buildvcs=false -ldflags "$ldflags" -o "$out.$$" "$pkg")
    mv -f "$out.$$" "$out"
}

build_cli() {
    local version=$1 start=$SECONDS
    ensure_go
    log "building pulumi $version from source with $(go version | cut -d' ' -f3) (a first build takes minutes)..."
    go_build "$BIN/pulumi" "-s -w -X $VERSION_VAR=$version" "$CLI_MODULE/cmd/pulumi"
    log "built pulumi $version in $(elapsed $start)"
}

# The language host is rebuilt whenever its sources, go.mod/go.sum or the pinned version change.
langhost_stamp() {
    { echo "$1"; cat "$TOOLS"/langhost/*.go "$TOOLS/go.mod" "$TOOLS/go.sum"; } | sha256
}

ensure_langhost() {
    local version=$1 stamp start=$SECONDS
    stamp=$(langhost_stamp "$version")
    if [ -x "$BIN/$LANGHOST" ] && [ ! -L "$BIN/$LANGHOST" ] && [ "$(cat "$BIN/.$LANGHOST.stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    ensure_go
    log "building $LANGHOST..."
    go_build "$BIN/$LANGHOST" "-s -w -X main.version=${version#v}" ./langhost
    echo "$stamp" >"$BIN/.$LANGHOST.stamp"
    log "built $LANGHOST in $(elapsed $start)"
}

# The Python host is rebuilt whenever its sources, go.mod/go.sum or the pinned version change; the runner it hands
# programs to comes from the same sdk/v3 module the CLI was built from, so the two always match.
ensure_python_host() {
    local version=$1 stamp start=$SECONDS sdk
    stamp=$({ echo "$version"; cat "$TOOLS"/pylanghost/*.go "$TOOLS/go.mod" "$TOOLS/go.sum"; } | sha256)
    if [ -x "$BIN/$PYHOST" ] && [ -x "$BIN/$PYEXEC" ] && [ ! -L "$BIN/$PYHOST" ] && [ "$(cat "$BIN/.$PYHOST.stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    ensure_go
    log "building $PYHOST..."
    go_build "$BIN/$PYHOST" "-s -w -X main.version=${version#v}" ./pylanghost
    sdk=$(cd "$TOOLS" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
    cp "$sdk/python/cmd/$PYEXEC" "$BIN/$PYEXEC.$$"
    chmod 755 "$BIN/$PYEXEC.$$"
    mv -f "$BIN/$PYEXEC.$$" "$BIN/$PYEXEC"
    echo "$stamp" >"$BIN/.$PYHOST.stamp"
    log "built $PYHOST in $(elapsed $start)"
}

# The YAML host is rebuilt whenever its module's go.mod/go.sum (its pin) or the Go version change.
ensure_yaml_host() {
    local stamp start=$SECONDS yaml_version
    ensure_go
    stamp=$({ go version; cat "$YAML_TOOLS/go.mod" "$YAML_TOOLS/go.sum"; } | sha256)
    if [ -x "$BIN/$YAML_HOST" ] && [ ! -L "$BIN/$YAML_HOST" ] && [ "$(cat "$BIN/.$YAML_HOST.stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    log "building $YAML_HOST (a first build takes a minute or more)..."
    yaml_version=$(awk '$1 == "require" && $2 == "github.com/pulumi/pulumi-yaml" { print $3 }' "$YAML_TOOLS/go.mod")
    # The version ldflag is what `pulumi about` shows for the host, as upstream's own build sets it.
    go_build "$BIN/$YAML_HOST" "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=${yaml_version#v}" \
        "$YAML_MODULE" "$YAML_TOOLS"
    echo "$stamp" >"$BIN/.$YAML_HOST.stamp"
    log "built $YAML_HOST in $(elapsed $start)"
}

ensure_plugin() {
    if [ -L "$BIN/$PLUGIN" ] || ! cmp -s "$TOOLS/$PLUGIN" "$BIN/$PLUGIN"; then
        rm -f "$BIN/$PLUGIN"
        cp "$TOOLS/$PLUGIN" "$BIN/$PLUGIN"
        chmod 755 "$BIN/$PLUGIN"
    fi
}

# A user's CLI. A complete install (all three side by side, as Pulumi ships them) is linked as it is. Otherwise
# the CLI itself is hard-linked or copied in, not symlinked: the engine looks for its language host and plugin
# next to its own resolved executable, and warns on every run when the ones on PATH are elsewhere.
use_external() {
    local ext=$1 version=$2 real ext_version cli_dir
    real=$(realpath_of "$ext")
    cli_dir=$(dirname "$real")
    ext_version=$(cli_version "$real")
    log "using pulumi ${ext_version:-(unknown version)} from $ext"
    warn_if_older_than_sdk "${ext_version:-0.0.0}"
    rm -f "$BIN/.pulumi.built"
    # The YAML and Python hosts: the user's, next to their CLI or on PATH, or else ours.
    if [ -x "$cli_dir/$YAML_HOST" ]; then ln -sfn "$cli_dir/$YAML_HOST" "$BIN/$YAML_HOST"; else link_from_path "$YAML_HOST" || ensure_yaml_host; fi
    if [ -x "$cli_dir/$PYHOST" ]; then ln -sfn "$cli_dir/$PYHOST" "$BIN/$PYHOST"; else link_from_path "$PYHOST" || ensure_python_host "$version"; fi
    if [ -x "$cli_dir/$LANGHOST" ] && [ -x "$cli_dir/$PLUGIN" ]; then
        for name in pulumi "$LANGHOST" "$PLUGIN"; do ln -sfn "$cli_dir/$name" "$BIN/$name"; done
        return
    fi
    if [ -L "$BIN/pulumi" ] || ! { [ "$BIN/pulumi" -ef "$real" ] || cmp -s "$real" "$BIN/pulumi"; }; then
        ln -f "$real" "$BIN/pulumi.$$" 2>/dev/null || cp "$real" "$BIN/pulumi.$$"
        mv -f "$BIN/pulumi.$$" "$BIN/pulumi"
    fi
    link_from_path "$LANGHOST" || ensure_langhost "$version"
    link_from_path "$PLUGIN" || ensure_plugin
}

# A language host or plugin that the user has on PATH wins over ours. Returns non-zero when there is none.
link_from_path() {
    local found
    found=$(external "$1")
    [ -n "$found" ] || return 1
    ln -sfn "$found" "$BIN/$1"
    log "using $1 from $found"
}

warn_if_older_than_sdk() {
    local cli=${1#v} sdk
    sdk=$(cd "$ROOT" && node -p 'require("@pulumi/pulumi/package.json").version' 2>/dev/null) || return 0
    if [ "$(printf '%s\n%s\n' "$cli" "$sdk" | sort -V | head -n1)" != "$sdk" ]; then
        log "warning: pulumi $cli is older than @pulumi/pulumi $sdk; the CLI should be the same or newer"
    fi
}

main() {
    command -v node >/dev/null || die "node is needed (the language host and the dynamic provider run on it)"
    mkdir -p "$BIN"
    # One ensure at a time per checkout (when flock exists), so parallel callers wait instead of building twice.
    if command -v flock >/dev/null; then
        exec 9>"$ROOT/.pulumi-cli/.lock"
        flock 9
    fi

    local version ext=""
    version=$(pinned_version)
    [ -n "$version" ] || die "cannot read the $CLI_MODULE version from $TOOLS/go.mod"

    [ -n "${PULUMI_KOMMO_FROM_SOURCE:-}" ] || ext=$(external pulumi)
    if [ -n "$ext" ]; then
        use_external "$ext" "$version"
    else
        if [ "$(cat "$BIN/.pulumi.built" 2>/dev/null)" = "$version" ] && [ "$(cli_version "$BIN/pulumi")" = "$version" ]; then
            log "pulumi $version is already built in $BIN"
        else
            build_cli "$version"
            echo "$version" >"$BIN/.pulumi.built"
        fi
        ensure_langhost "$version"
        ensure_plugin
        ensure_yaml_host
        ensure_python_host "$version"
    fi
    echo "$BIN"
}

main "$@"
