#!/usr/bin/env bash
# Installs what the benchmarks compare against, once, idempotently:
# wrk, nginx and hyperfine from Debian's packages, mdBook from crates.io
# (pinned, built into TOOLS_DIR like the project's other tools). Nothing is
# downloaded from outside the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
MDBOOK_VERSION=0.5.4
mkdir -p "$TOOLS_DIR/bin"

missing=()
for tool in wrk nginx hyperfine; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]} from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  # The package starts a system nginx on port 80; the benchmarks run their own.
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || $SUDO service nginx stop >/dev/null 2>&1 || true
fi

if ! "$TOOLS_DIR/bin/mdbook" --version 2>/dev/null | grep -q "$MDBOOK_VERSION"; then
  echo "==> building mdBook $MDBOOK_VERSION from crates.io (a few minutes, once)" >&2
  cargo install mdbook --version "$MDBOOK_VERSION" --locked --root "$TOOLS_DIR"
fi
