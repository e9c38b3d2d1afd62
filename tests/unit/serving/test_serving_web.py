"""The demo page server (scripts/serve_web.py), run for real: the security headers on every
answer, no folder listings, and a log without client addresses or query strings."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
MARKER = "Quexleyquery"
HEADERS = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path_factory.mktemp("web") / "web.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--port", str(port)],
            env={**os.environ, "RASA_PORT": "15005"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url, log
    finally:
        process.terminate()
        process.wait(10)


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


@pytest.mark.parametrize("path", ["/", "/exit.html", "/widget/chat-widget.js", "/no-such-page"])
def test_every_answer_has_the_security_headers(site, path):
    url, _ = site
    status, headers, _ = get(url + path)
    assert status == (404 if path == "/no-such-page" else 200)
    for name, value in HEADERS.items():
        assert headers[name] == value, name
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp
    assert "connect-src 'self' http://localhost:15005;" in csp  # the chat server, and no other


@pytest.mark.parametrize("path", ["/widget/", "/widget/lang/", "/widget"])
def test_folders_are_never_listed(site, path):
    url, _ = site
    status, _, body = get(url + path)
    assert status in (301, 404)
    assert "chat-widget.js" not in body and "vi.json" not in body


def test_the_log_has_no_client_address_and_no_query_string(site):
    url, log = site
    assert get(f"{url}/?q={MARKER}")[0] == 200
    assert get(f"{url}/missing.html?who={MARKER}")[0] == 404
    time.sleep(0.2)
    text = log.read_text()
    assert '"GET /" 200' in text and '"GET /missing.html" 404' in text  # it does log
    assert MARKER not in text
    assert "127.0.0.1" not in text
