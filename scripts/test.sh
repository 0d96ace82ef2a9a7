#!/usr/bin/env bash
# Runs every test: the README's test command, and what CI runs (.ci/run).
#  1. unit and HTTP tests (cargo test), content included, then the dependency
#     check (cargo deny: licenses, bans, sources);
#  2. the content check on content/;
#  3. the release build with cargo-leptos (WASM through wasm-opt, as users get it);
#  4. browser tests: Playwright driving Debian's Chromium against the release
#     server on a free loopback port, JavaScript on and off.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-tools.sh --with-chromium

echo "==> cargo test"
cargo test --workspace --locked

# Licenses, banned or duplicate crates, sources (crates.io only), per deny.toml.
# Not `advisories`: it needs the RustSec database, which lives on GitHub, out
# of reach of this project's machines (see deny.toml). Not `--offline` either:
# cargo may still fetch, from crates.io, the manifests of crates that only
# other platforms build.
echo "==> cargo deny"
cargo deny --locked check --hide-inclusion-graph licenses bans sources

echo "==> release build"
build_release

echo "==> content check"
./target/release/server check-content

echo "==> browser tests"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d)
log=$(mktemp)
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site DATA_DIR="$data_dir" \
  ./target/release/server >"$log" 2>&1 &
server_pid=$!
# A second server in development mode over a copy of the content, for the
# hot-reload test to edit (a link to server/ keeps the includes resolving).
dev_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dev_root=$(mktemp -d)
cp -r content "$dev_root/content"
ln -s "$PWD/server" "$dev_root/server"
dev_log=$(mktemp)
LEPTOS_ENV=DEV LEPTOS_SITE_ADDR="127.0.0.1:$dev_port" LEPTOS_SITE_ROOT=target/site DATA_DIR="$dev_root/data" CONTENT_DIR="$dev_root/content" \
  ./target/release/server >"$dev_log" 2>&1 &
dev_pid=$!
cleanup() {
  kill "$server_pid" "$dev_pid" 2>/dev/null || true
  wait "$server_pid" "$dev_pid" 2>/dev/null || true
  rm -rf "$data_dir" "$dev_root"
}
trap cleanup EXIT
wait_healthy() { # port pid log
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "a server died:"; cat "$3"; exit 1; }
    sleep 0.2
  done
  echo "a server never became healthy:"; cat "$3"; exit 1
}
wait_healthy "$port" "$server_pid" "$log"
wait_healthy "$dev_port" "$dev_pid" "$dev_log"
# The demo API against its OpenAPI document, every backend (short run; the
# long one is in the README).
bash scripts/schemathesis.sh "http://127.0.0.1:$port"
BASE_URL="http://127.0.0.1:$port" DEV_BASE_URL="http://127.0.0.1:$dev_port" DEV_CONTENT_DIR="$dev_root/content" \
  bash end2end/run.sh
