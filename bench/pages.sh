#!/usr/bin/env bash
# Page serving against the ceiling: the server-rendered pattern page (a
# sandbox holding a few users and orders) and nginx serving the very same
# HTML bytes as a static file, side by side, with wrk at 1, 16 and 64
# connections. Loopback only; every process stops when the script ends.
#
#   bash bench/pages.sh            # PAGE=/patterns/layered SECONDS_PER_CASE=10
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-tools.sh
bash bench/install-bench-tools.sh
page="${PAGE:-/patterns/layered}"
pattern="${page##*/}"
seconds="${SECONDS_PER_CASE:-10}"
[ "${SKIP_BUILD:-}" = 1 ] || build_release

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
port=$(free_port); nginx_port=$(free_port)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# The per-address rate limit is off: every wrk connection comes from 127.0.0.1
# and nginx has no such limit either; this measures rendering, not refusals.
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site DATA_DIR="$work/data" \
  ADDRESS_RATE_PER_SECOND=0 RUST_LOG=warn ./target/release/server >"$work/server.log" 2>&1 &
pids+=($!)
server_pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# A visitor's sandbox with three users and three orders.
base="http://127.0.0.1:$port"
sandbox=$(curl -fsS -D - -o /dev/null "$base$page" | sed -n 's/^set-cookie: sandbox=\([^;]*\).*/\1/Ip' | tr -d '\r')
for i in 1 2 3; do
  user=$(curl -fsS -H "x-sandbox: $sandbox" -H 'content-type: application/json' \
    -d "{\"email\":\"reader$i@example.com\",\"name\":\"Reader $i\",\"password\":\"correct horse $i\"}" \
    "$base/demos/$pattern/api/users" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -fsS -o /dev/null -H "x-sandbox: $sandbox" -H 'content-type: application/json' \
    -d "{\"user_id\":\"$user\",\"items\":[{\"product\":\"Book $i\",\"quantity\":$i,\"unit_price_cents\":1250}]}" \
    "$base/demos/$pattern/api/orders"
done

# nginx serves the same bytes the server sends this visitor.
mkdir -p "$work/www" "$work/nginx"
# nginx workers run as an unprivileged user: let them read the page.
chmod 755 "$work"
curl -fsS -H "cookie: sandbox=$sandbox" "$base$page" -o "$work/www/page.html"
chmod 644 "$work/www/page.html"; chmod 755 "$work/www"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { try_files /page.html =404; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$nginx_port/" >/dev/null 2>&1 && break; sleep 0.1; done

bytes=$(wc -c <"$work/www/page.html")
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
run_wrk() { # url connections -> "req/s p50 p99"
  local threads=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$2" -d"${seconds}s" --latency -H "cookie: sandbox=$sandbox" "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s\n", rps, p50, p99, (bad==""?0:bad)}'
}
to_ms() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) ; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }

echo "Page: $page, $bytes bytes of HTML (uncompressed; wrk asks for no compression), $seconds s per case"
echo "Machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
echo
echo "| connections | server req/s | server p50 ms | server p99 ms | nginx req/s | nginx p50 ms | nginx p99 ms | server / nginx | non-2xx |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in 1 16 64; do
  read -r s_rps s_p50 s_p99 s_bad < <(run_wrk "$base$page" "$c")
  read -r n_rps n_p50 n_p99 n_bad < <(run_wrk "http://127.0.0.1:$nginx_port/" "$c")
  ratio=$(awk -v a="$s_rps" -v b="$n_rps" 'BEGIN { printf "%.0f %%", 100*a/b }')
  echo "| $c | ${s_rps%.*} | $(to_ms "$s_p50") | $(to_ms "$s_p99") | ${n_rps%.*} | $(to_ms "$n_p50") | $(to_ms "$n_p99") | $ratio | $s_bad / $n_bad |"
done
echo
# The same page rendered for every request: a query string is never served
# from the page cache, so this is the cost after each write to the sandbox.
echo "Rendered every time (\`$page?render=1\`: a query string skips the page cache):"
echo
echo "| connections | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|"
for c in 1 16 64; do
  read -r s_rps s_p50 s_p99 s_bad < <(run_wrk "$base$page?render=1" "$c")
  echo "| $c | ${s_rps%.*} | $(to_ms "$s_p50") | $(to_ms "$s_p99") | $s_bad |"
done
echo
echo "Server RSS after the run: $(( $(rss_kb) / 1024 )) MiB"
