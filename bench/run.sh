#!/usr/bin/env bash
# Benchmarks the demo API (run on demand, not part of the tests): builds the
# release server, starts it on a free loopback port with a throwaway DATA_DIR,
# runs the load generator, stops the server. Extra arguments go to the
# generator, e.g. `bash bench/run.sh --seconds 5 --concurrency 1,16,64`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-tools.sh
build_release_and_bench
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data_dir=$(mktemp -d)
LEPTOS_SITE_ADDR="127.0.0.1:$port" DATA_DIR="$data_dir" RUST_LOG=warn ./target/release/server &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
mkdir -p bench/results
./target/release/bench api --base "http://127.0.0.1:$port" "$@" | tee "bench/results/demo-api-$(date +%Y%m%d-%H%M%S).md"
