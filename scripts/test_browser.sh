#!/usr/bin/env bash
# Browser tests in Debian's headless Chromium (installed here if missing), driven by playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
node --test --test-concurrency=1 tests/browser/
