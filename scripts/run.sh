#!/usr/bin/env bash
# Builds and runs the site: the README's run command.
# Installs the pinned tools on first use (about 20 minutes once), builds the
# release server and assets with cargo-leptos, then serves on
# LEPTOS_SITE_ADDR (default 127.0.0.1:3000) with data under DATA_DIR (./data).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-tools.sh
build_release
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
exec ./target/release/server "$@"
