#!/usr/bin/env bash
# `make run`: trains if needed, then starts the action server, the Rasa server (REST channel only)
# and the demo page, prints where they are, and stops all three on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

export RASA_TELEMETRY_ENABLED=false
ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WEB_PORT=${WEB_PORT:-8080}
# Rasa and the demo page listen on this machine only; BIND_ADDRESS=0.0.0.0 opens them to the
# network. The action server (called only by Rasa) always stays on 127.0.0.1.
BIND_ADDRESS=${BIND_ADDRESS:-127.0.0.1}
here=$BIND_ADDRESS; [[ $here == 0.0.0.0 ]] && here=127.0.0.1  # where to check that they are up
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}
# A new shared secret for each start: Rasa sends it (endpoints.yml), the action server asks for it.
export ACTION_SERVER_SECRET=${ACTION_SERVER_SECRET:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')}
export RASA_PORT WEB_PORT
# The only origin allowed to call Rasa from a browser: the demo page.
DEMO_ORIGIN=${DEMO_ORIGIN:-http://localhost:${WEB_PORT}}

scripts/train_if_changed.sh
model=$(scripts/model_path.sh)

mkdir -p .run
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
}
# Ctrl-C (or a TERM) is the normal way to stop: stop the servers and exit 0.
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

wait_for() {  # url, name, seconds
  for _ in $(seq 1 "$3"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "$2 did not start within $3 s: see .run/*.log" >&2
  exit 1
}

# The project's action server (serving/action_server.py): 127.0.0.1 (SANIC_HOST), bodies up to
# 2 MiB, no compressed bodies, the shared secret, errors that never echo the request.
SANIC_HOST=127.0.0.1 .venv/bin/python -m serving.action_server --actions actions \
  --port "$ACTION_PORT" >.run/actions.log 2>&1 &
pids+=($!)
.venv/bin/rasa run --model "$model" --interface "$BIND_ADDRESS" --port "$RASA_PORT" \
  --cors "$DEMO_ORIGIN" --credentials credentials.yml --endpoints endpoints.yml >.run/rasa.log 2>&1 &
pids+=($!)
.venv/bin/python scripts/serve_web.py --bind "$BIND_ADDRESS" --port "$WEB_PORT" >.run/web.log 2>&1 &
pids+=($!)

wait_for "http://127.0.0.1:${ACTION_PORT}/health" "The action server" 60
wait_for "http://${here}:${WEB_PORT}/" "The demo page server" 20
wait_for "http://${here}:${RASA_PORT}/" "Rasa" 180

cat <<MSG

The assistant is running.
  Demo council page with the chat widget:  http://localhost:${WEB_PORT}/
  Rasa REST channel:                       http://localhost:${RASA_PORT}/webhooks/rest/webhook
  Action server:                           http://127.0.0.1:${ACTION_PORT}/health
Try:  curl -s localhost:${RASA_PORT}/webhooks/rest/webhook -H 'Content-Type: application/json' \
        -d '{"sender":"try-it-0123456789","message":"hello"}'
Logs: .run/actions.log .run/rasa.log .run/web.log     Press Ctrl-C to stop all three.
MSG

wait -n "${pids[@]}" || true
echo "A server stopped unexpectedly: see .run/*.log" >&2
exit 1
