#!/usr/bin/env bash
# Live tests: the servers `make run` starts (deploy/local.py --single: the action server, Rasa and
# the demo page) on test ports and 127.0.0.1 only, talked to over HTTP by pytest (tests/live) and,
# when the browser tests are present, by Chromium.
set -uo pipefail
cd "$(dirname "$0")/.."
ACTION_PORT=${ACTION_PORT:-15055} RASA_PORT=${RASA_PORT:-15005} WEB_PORT=${WEB_PORT:-18080}
# The browser test serves its own copy of the demo page on this port; Rasa's CORS allows it too.
export CHAT_PAGE_PORT=${CHAT_PAGE_PORT:-18081}
run_dir=results/live
rm -rf "$run_dir"
trap '.venv/bin/python deploy/local.py stop --dir "$run_dir" >/dev/null 2>&1' EXIT
if ! .venv/bin/python deploy/local.py start --single --dir "$run_dir" --bind 127.0.0.1 \
     --action-port "$ACTION_PORT" --rasa-port "$RASA_PORT" --web-port "$WEB_PORT" \
     --allowed-origin "http://localhost:${WEB_PORT}" \
     --allowed-origin "http://localhost:${CHAT_PAGE_PORT}" --timeout 300 >/dev/null; then
  for log in "$run_dir"/*.log; do echo "--- $log"; tail -20 "$log"; done
  exit 1
fi
status=0
LIVE_RASA_URL="http://localhost:${RASA_PORT}" LIVE_RUN_DIR="$run_dir" \
  .venv/bin/python -m pytest -q -p no:cacheprovider -o addopts="" tests/live || status=1
if [[ -f tests/browser/real_server.test.mjs ]]; then
  CHAT_SERVER_URL="http://localhost:${RASA_PORT}" node --test tests/browser/real_server.test.mjs || status=1
fi
exit $status
