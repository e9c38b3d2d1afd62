#!/usr/bin/env bash
# Stack tests: the scale-out topology on this machine (deploy/local.py) - Redis (Debian's
# redis-server), two Rasa replicas each with its own action server, nginx round-robin in front,
# plus one replica without Redis - then pytest tests/stack against it over HTTP:
# bad input, payload abuse, forget and expiry (memory and Redis), the message cap, nginx's
# per-client limits and headers, the action server's secret, turns across replicas, a replica
# stopped mid-conversation, the fail-safe with the action server slow and stopped, and no user
# text or client address in any log. First, Chromium loads the page from nginx and checks that
# Exit deletes the conversation from Redis (tests/browser/stack_exit.test.mjs). Everything on
# 127.0.0.1; stopped on exit.
#   SERVING_BASE_PORT   (25000) ports: Rasa 25005-6 and 25015, actions 25055-6, Redis 26379,
#                       nginx 28080
set -uo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
if ((${#missing[@]})); then
  echo "Installing Debian's ${missing[*]} for the stack tests..."
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || exit 1
fi

run_dir=results/stack
rm -rf "$run_dir"
mkdir -p "$run_dir"
stop() { .venv/bin/python deploy/local.py stop --dir "$run_dir" >/dev/null 2>&1 || true; }
trap stop EXIT

# Short times so the tests can watch them pass: conversations expire after 10 s here (1800 s by
# default), and the fail-safe comes after 3 s (4 s by default).
echo "Starting Redis, 3 Rasa replicas, 2 action servers and nginx (about a minute)..."
start=$SECONDS
if ! .venv/bin/python deploy/local.py start --dir "$run_dir" \
     --base-port "${SERVING_BASE_PORT:-25000}" --replicas 2 --memory-replica \
     --ttl 10 --reply-timeout 3 --default-log-level --timeout 420 >/dev/null; then
  for log in "$run_dir"/*.log; do echo "--- $log"; tail -20 "$log"; done
  exit 1
fi
echo "Up in $((SECONDS - start)) s."

status=0
# Before the pytest files, which stop a replica and an action server along the way.
if [[ -d node_modules/playwright-core ]] && command -v chromium >/dev/null; then
  STACK_RUN_DIR="$run_dir" node --test tests/browser/stack_exit.test.mjs || status=1
else
  echo "Skipping the browser check through nginx: no Chromium or node_modules (scripts/test_browser.sh)."
fi
STACK_RUN_DIR="$run_dir" .venv/bin/python -m pytest -q -p no:cacheprovider -o addopts="" \
  tests/stack/test_stack_inputs.py tests/stack/test_stack_privacy.py \
  tests/stack/test_stack_limits.py tests/stack/test_stack_scaleout.py \
  tests/stack/test_stack_failsafe.py tests/stack/test_stack_logs.py \
  tests/stack/test_stack_private_folder.py || status=1
exit $status
