#!/usr/bin/env bash
# Runs the browser tests against a Patterns Live server that is already up.
#
#   BASE_URL=http://127.0.0.1:3000 bash end2end/run.sh [extra playwright args]
#
# BASE_URL (required): where the server listens. CHROMIUM_PATH (optional):
# the Chromium to drive, default /usr/bin/chromium. This script never starts
# the server and never downloads a browser. Its exit status is Playwright's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

: "${BASE_URL:?set BASE_URL to the running server, e.g. http://127.0.0.1:3000}"
export BASE_URL

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  echo "run.sh: no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM_PATH)" >&2
  exit 1
fi

# Install the pinned Playwright when it is missing or the lock file changed
# since the last install (npm keeps its own copy in node_modules).
if [[ ! -d node_modules/@playwright/test || package-lock.json -nt node_modules/.package-lock.json ]]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

set +e
npx --no-install playwright test "$@"
status=$?
set -e
exit "$status"
