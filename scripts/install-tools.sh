#!/usr/bin/env bash
# Installs the pinned build and test tools this project needs, once, idempotently.
# Nothing here downloads a binary from outside the package registries:
# cargo-leptos and wasm-bindgen are built from crates.io, wasm-opt comes from
# npm's `binaryen` (never Debian's: it silently breaks hydration), Chromium from apt.
#
# Tools live outside the checkout (TOOLS_DIR) so every clone on a machine shares them.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10      # 0.3.11 needs a newer rustc
WASM_BINDGEN_VERSION=0.2.130     # must equal the wasm-bindgen crate in Cargo.lock
BINARYEN_VERSION=132.0.0
SCHEMATHESIS_VERSION=4.32.5      # PyPI, in its own virtualenv (scripts/schemathesis.sh)
CARGO_DENY_VERSION=0.20.2        # licenses, bans and sources (see deny.toml)
TOOLS_DIR="${TOOLS_DIR:-$HOME/.cache/patterns-live/tools}"
mkdir -p "$TOOLS_DIR/bin"

need_chromium="${1:-}"

log() { printf '==> %s\n' "$*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! "$TOOLS_DIR/bin/cargo-leptos" --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "building cargo-leptos $CARGO_LEPTOS_VERSION (about 17 minutes, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --root "$TOOLS_DIR"
fi

if ! "$TOOLS_DIR/bin/wasm-bindgen" --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # --locked fails here: its lock file names a version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS_DIR"
fi

if ! "$TOOLS_DIR/bin/cargo-deny" --version 2>/dev/null | grep -q "$CARGO_DENY_VERSION"; then
  log "building cargo-deny $CARGO_DENY_VERSION (about 4 minutes, once)"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked --root "$TOOLS_DIR"
fi

if [ ! -x "$TOOLS_DIR/node/node_modules/binaryen/bin/wasm-opt" ]; then
  log "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
  mkdir -p "$TOOLS_DIR/node"
  (cd "$TOOLS_DIR/node" && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
fi
ln -sf "$TOOLS_DIR/node/node_modules/binaryen/bin/wasm-opt" "$TOOLS_DIR/bin/wasm-opt"

if ! "$TOOLS_DIR/schemathesis/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  log "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into a virtualenv (about 15 seconds, once)"
  rm -rf "$TOOLS_DIR/schemathesis"
  python3 -m venv "$TOOLS_DIR/schemathesis"
  "$TOOLS_DIR/schemathesis/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

if [ "$need_chromium" = "--with-chromium" ] && [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
