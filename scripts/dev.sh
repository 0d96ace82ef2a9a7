#!/usr/bin/env bash
# Development: the README's development command. Installs the pinned tools on
# first use, then runs `cargo leptos watch`: Rust and CSS changes rebuild and
# reload the browser (cargo-leptos), and a saved file in content/ (or a source
# file a page includes) is rendered again by the running server and open
# pages reload themselves — no restart. A content error is shown on the page
# and in the log, and the last good version keeps serving.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-tools.sh
export LEPTOS_ENV=DEV
# --split as in release: the demo panel and the picker are lazy islands, and
# their WebAssembly only loads through the split build's loader.
exec cargo leptos watch --split "$@"
