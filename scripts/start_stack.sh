#!/usr/bin/env bash
# Starts the action server, Rasa and the demo page in the background on test ports and waits until
# all three answer. Prints nothing else on success. Used by the live test stage.
# Usage: scripts/start_stack.sh <run-dir>   (pids go to <run-dir>/pids, logs to <run-dir>/*.log)
set -euo pipefail
cd "$(dirname "$0")/.."
run_dir=$1; mkdir -p "$run_dir"; : >"$run_dir/pids"
: "${ACTION_PORT:=15055}" "${RASA_PORT:=15005}" "${WEB_PORT:=18080}" "${CHAT_PAGE_PORT:=18081}"
export RASA_TELEMETRY_ENABLED=false RASA_PORT WEB_PORT
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}
export ACTION_SERVER_SECRET=${ACTION_SERVER_SECRET:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')}
model=$(scripts/model_path.sh)

# All three on 127.0.0.1 only (the action server: SANIC_HOST); the action server through the
# project's entry point (serving/action_server.py), asking for the shared secret.
SANIC_HOST=127.0.0.1 .venv/bin/python -m serving.action_server --actions actions \
  --port "$ACTION_PORT" >"$run_dir/actions.log" 2>&1 &
echo $! >>"$run_dir/pids"
.venv/bin/rasa run --model "$model" --interface 127.0.0.1 --port "$RASA_PORT" \
  --cors "http://localhost:${WEB_PORT}" "http://localhost:${CHAT_PAGE_PORT}" \
  --credentials credentials.yml --endpoints endpoints.yml >"$run_dir/rasa.log" 2>&1 &
echo $! >>"$run_dir/pids"
.venv/bin/python scripts/serve_web.py --bind 127.0.0.1 --port "$WEB_PORT" >"$run_dir/web.log" 2>&1 &
echo $! >>"$run_dir/pids"

for url in "http://127.0.0.1:${ACTION_PORT}/health" "http://127.0.0.1:${WEB_PORT}/" \
           "http://127.0.0.1:${RASA_PORT}/"; do
  for i in $(seq 1 180); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && break
    [[ $i == 180 ]] && { echo "$url did not answer; logs in $run_dir" >&2; exit 1; }
    sleep 1
  done
done
