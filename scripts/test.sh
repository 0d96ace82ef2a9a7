#!/usr/bin/env bash
# Runs every test: the README's test command, and what CI runs (.ci/run).
#  1. unit and HTTP tests (cargo test), content included;
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

echo "==> release build"
cargo leptos build --release

echo "==> content check"
./target/release/server check-content

echo "==> browser tests"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d)
log=$(mktemp)
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site DATA_DIR="$data_dir" \
  ./target/release/server >"$log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the server died:"; cat "$log"; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server never became healthy:"; cat "$log"; exit 1; }
BASE_URL="http://127.0.0.1:$port" bash end2end/run.sh
