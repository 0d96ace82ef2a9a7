#!/usr/bin/env bash
# Start-up time of the release server: process start to `/healthz` 200,
# median of 20 runs (bench/startup.py). Loopback only; every server it starts
# is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-tools.sh
[ "${SKIP_BUILD:-}" = 1 ] || build_release
echo "Machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
python3 bench/startup.py
