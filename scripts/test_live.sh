#!/usr/bin/env bash
# Live tests: the real stack (action server, Rasa, demo page) on test ports, talked to over HTTP
# by pytest (tests/live) and, when the browser tests are present, by Chromium.
set -uo pipefail
cd "$(dirname "$0")/.."
export ACTION_PORT=${ACTION_PORT:-15055} RASA_PORT=${RASA_PORT:-15005} WEB_PORT=${WEB_PORT:-18080}
# The browser test serves its own copy of the demo page on this port; Rasa's CORS allows it too.
export CHAT_PAGE_PORT=${CHAT_PAGE_PORT:-18081}
run_dir=results/live
rm -rf "$run_dir"
stop() { xargs -r kill <"$run_dir/pids" 2>/dev/null; wait 2>/dev/null; }
trap stop EXIT
scripts/start_stack.sh "$run_dir" || exit 1
status=0
LIVE_RASA_URL="http://localhost:${RASA_PORT}" LIVE_RUN_DIR="$run_dir" \
  .venv/bin/python -m pytest -q -p no:cacheprovider -o addopts="" tests/live || status=1
if [[ -f tests/browser/real_server.test.mjs ]]; then
  CHAT_SERVER_URL="http://localhost:${RASA_PORT}" node --test tests/browser/real_server.test.mjs || status=1
fi
exit $status
