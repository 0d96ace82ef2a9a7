#!/usr/bin/env bash
# Schemathesis (property-based API testing, from PyPI) against the demo API's
# OpenAPI document, once per backend: every backend serves the one contract
# at /demos/{pattern}/api. Checks: no 5xx, and every response matches the
# documented schema.
#
#   bash scripts/schemathesis.sh BASE_URL          # short: 20 examples per operation, about a minute for all five
#   bash scripts/schemathesis.sh BASE_URL --long   # long: 1,000 examples per operation, a random seed
#
# BASE_URL is a running server on loopback, e.g. http://127.0.0.1:3000.
# Each run writes into its own sandbox (X-Sandbox: schemathesis-<pattern>),
# respects the server's rate limit (429 + Retry-After), and is stopped by a
# hard time limit if it ever hangs. SCHEMATHESIS_SEED fixes the seed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

base="${1:?usage: scripts/schemathesis.sh BASE_URL [--long]}"
base="${base%/}"
mode="${2:-}"
case "$base" in
  http://127.0.0.1:* | http://localhost:* | "http://[::1]:"*) ;;
  *) echo "schemathesis.sh: $base is not a loopback address; refusing" >&2; exit 2 ;;
esac

st="$TOOLS_DIR/schemathesis/bin/st"
if [ ! -x "$st" ]; then
  echo "schemathesis.sh: $st is missing; run scripts/install-tools.sh" >&2
  exit 1
fi

if [ "$mode" = "--long" ]; then
  examples=1000
  limit=1800 # seconds per backend
  seed="${SCHEMATHESIS_SEED:-}"
else
  examples=20
  limit=300
  seed="${SCHEMATHESIS_SEED:-20261128}" # fixed: the same requests on every run
fi

# Schemathesis keeps its example database and any reports in the working
# directory: a scratch one, not the checkout.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The five run at once: each has its own sandbox, so its own write budget,
# and most of a run is waiting out the per-sandbox rate limit, not CPU.
patterns=(layered clean hexagonal microservices cqrs)
echo "==> schemathesis: ${patterns[*]} ($examples examples per operation)"
started=$SECONDS
pids=()
for pattern in "${patterns[@]}"; do
  args=(
    run "$base/demos/openapi.json"
    --url "$base/demos/$pattern/api"
    --header "X-Sandbox: schemathesis-$pattern"
    --checks not_a_server_error,response_schema_conformance
    --max-examples "$examples"
    --rate-limit auto
    --request-timeout 10
    --generation-database none
    --workers 1
    --no-color
  )
  [ -n "$seed" ] && args+=(--seed "$seed")
  (cd "$work" && exec timeout --kill-after=10 "$limit" "$st" "${args[@]}") >"$work/$pattern.log" 2>&1 &
  pids+=($!)
done
failed=()
for i in "${!patterns[@]}"; do
  pattern=${patterns[$i]}
  if wait "${pids[$i]}"; then
    printf '    %-14s %s\n' "$pattern" "$(grep -E '^ *[0-9]+ generated' "$work/$pattern.log" | tr -s ' ')"
  else
    failed+=("$pattern")
    cat "$work/$pattern.log"
  fi
done
echo "    in $((SECONDS - started)) s"

if [ "${#failed[@]}" -gt 0 ]; then
  echo "schemathesis found problems in: ${failed[*]}" >&2
  exit 1
fi
echo "schemathesis: all five backends pass"
