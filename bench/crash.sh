#!/usr/bin/env bash
# The crash test, long version (on demand; the test suite runs a short one,
# server/tests/it/crash_smoke.rs): builds the release server and bench, then
# `bench crash` starts the server on a free loopback port over a fresh
# DATA_DIR, kills it with SIGKILL in the middle of sustained writes to every
# demo 20 times, and after each restart checks integrity, every acknowledged
# write, the CQRS catch-up and the outbox's exactly-once delivery. It stops
# by itself. Extra arguments go to `bench crash`, e.g.
# `bash bench/crash.sh --cycles 5 --clients 2`. The table goes to stdout and
# bench/results/crash-<date>.md; the exit status is 1 on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-tools.sh
build_release_and_bench
mkdir -p bench/results
./target/release/bench crash --server ./target/release/server "$@" | tee "bench/results/crash-$(date +%Y%m%d-%H%M%S).md"
