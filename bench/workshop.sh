#!/usr/bin/env bash
# The workshop load test (run on demand, not part of the tests; the test
# suite runs a 5-second version, server/tests/it/load_smoke.rs): builds the
# release server and bench, starts the server on a free loopback port with a
# throwaway DATA_DIR and its default settings, runs `bench workshop` against
# it (200 attendees, 60 s, the burst at 30 s), stops the server and writes
# the table to bench/results/workshop-<date>.md.
#
#   bash bench/workshop.sh                              # the full workshop
#   bash bench/workshop.sh --attendees 50 --seconds 20  # extra arguments go to `bench workshop`
#   ADDRESS_RATE_PER_SECOND=0 bash bench/workshop.sh    # server settings by environment, as in production
#   SKIP_BUILD=1 SERVER=/tmp/server BENCH=/tmp/bench bash bench/workshop.sh   # binaries copied aside
#
# The guards keep their defaults on purpose: all attendees come from
# 127.0.0.1, like a room behind one NAT address, so the per-address limit
# (ADDRESS_RATE_PER_SECOND, 400/s with a burst of 2000) is part of what is
# measured, and its 429s are counted as expected answers, not errors.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [ "${SKIP_BUILD:-}" != 1 ]; then
  bash scripts/install-tools.sh
  build_release_and_bench
fi

server="${SERVER:-./target/release/server}"
bench="${BENCH:-./target/release/bench}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
LEPTOS_SITE_ADDR="127.0.0.1:$port" DATA_DIR="$work/data" RUST_LOG="${RUST_LOG:-warn}" \
  "$server" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

mkdir -p bench/results
out="bench/results/workshop-$(date +%Y%m%d-%H%M%S).md"
{
  echo "# Workshop load test, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
  echo
  echo "Server binary: $server, built $(date -u -r "$server" +%Y-%m-%dT%H:%MZ)."
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; server: release build, default settings$(env | grep -E '^(ADDRESS_RATE_PER_SECOND|MAX_IN_FLIGHT|REQUEST_TIMEOUT_SECS)=' | sed 's/^/, /' | tr -d '\n'); load generator on the same machine."
  echo
  "$bench" workshop --base "http://127.0.0.1:$port" --pid "$pid" "$@"
  echo
  # The log is coloured (tracing's default); strip the escapes before counting.
  sed 's/\x1b\[[0-9;]*m//g' "$work/server.log" >"$work/server.txt"
  errors=$(grep -c -E ' ERROR ' "$work/server.txt" || true)
  warnings=$(grep -c -E ' WARN ' "$work/server.txt" || true)
  echo "Server log: $errors ERROR, $warnings WARN lines."
  grep -m 5 -E ' (ERROR|WARN) ' "$work/server.txt" | cut -c1-300 | sed 's/^/    /' || true
} | tee "$out"
echo "written to $out" >&2
