#!/usr/bin/env bash
# Page weight: bytes transferred for a first visit to pattern and guide pages
# (HTML, CSS, JS, WASM, fonts; compressed as served), against mdBook's page
# for the same chapter, built from the same markdown and served by nginx with
# gzip on. Loopback only; every process stops when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
source scripts/env.sh
bash scripts/install-tools.sh --with-chromium
bash bench/install-bench-tools.sh
[ "${SKIP_BUILD:-}" = 1 ] || build_release
(cd end2end && { [ -d node_modules/@playwright/test ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; })

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d); chmod 755 "$work"
port=$(free_port); nginx_port=$(free_port)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site DATA_DIR="$work/data" RUST_LOG=warn \
  ./target/release/server >"$work/server.log" 2>&1 &
pids+=($!)

# mdBook over the same chapters (front matter becomes the heading, as in
# bench/render.sh), with its default theme.
mkdir -p "$work/book/src"
ln -s "$repo/server" "$work/book/server"
printf '[book]\ntitle = "Patterns Live"\n' >"$work/book/book.toml"
echo "# Summary" >"$work/book/src/SUMMARY.md"
for file in content/*.md; do
  name=$(basename "$file" .md)
  title=$(sed -n 's/^title = "\(.*\)"/\1/p' "$file" | head -1)
  { echo "# $title"; echo; awk 'NR==1 && /^\+\+\+/ {skip=1; next} skip && /^\+\+\+/ {skip=0; next} !skip' "$file"; } >"$work/book/src/$name.md"
  echo "- [$title]($name.md)" >>"$work/book/src/SUMMARY.md"
done
mdbook build "$work/book" >/dev/null 2>&1
chmod -R a+rX "$work/book/book"
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
daemon off;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  gzip on;
  gzip_comp_level 6;
  gzip_types text/css application/javascript text/javascript application/json image/svg+xml font/ttf application/octet-stream;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nginx_port; root $work/book/book; }
}
CONF
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$nginx_port/" >/dev/null 2>&1 && break; sleep 0.1; done

echo "Machine: $(nproc) cores, $(date -u +%Y-%m-%d); mdBook $(mdbook --version | awk '{print $2}'), nginx gzip level 6"
echo
ours="http://127.0.0.1:$port"; theirs="http://127.0.0.1:$nginx_port"
PAGES="patterns-live=$ours/patterns/layered,mdBook=$theirs/layered.html,patterns-live=$ours/patterns/cqrs,mdBook=$theirs/cqrs.html,patterns-live=$ours/,mdBook=$theirs/index.html,patterns-live=$ours/choosing,mdBook=$theirs/choosing.html" \
  node bench/page-weight.mjs
