"""The page is served when the clone sits in a private folder (mode 700, like many home folders).

nginx started as root runs its workers as `nobody` unless told otherwise; they could not read
web/ there and answered 403 (issue 14). deploy/local.py runs them as the user who started nginx.
This starts nginx alone, from deploy/local.py's own configuration, on a copy of web/ inside a
mode-700 folder."""

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

import local  # noqa: E402 - deploy/local.py, after its folder is on sys.path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, wait_s: float = 10.0) -> tuple:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                return reply.status, reply.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def private_folder():
    folder = Path(tempfile.mkdtemp(prefix="private-clone-"))
    folder.chmod(0o700)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_page_is_served_from_a_private_folder(private_folder):
    assert private_folder.stat().st_mode & 0o777 == 0o700
    web = private_folder / "web"
    shutil.copytree(ROOT / "web", web)
    run_dir = private_folder / "run"
    run_dir.mkdir()
    port = free_port()
    conf = local.render_nginx(run_dir, port, [free_port()], web_root=web)
    process = subprocess.Popen(
        local.nginx_command(run_dir, conf), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        status, body = get(f"http://127.0.0.1:{port}/")
        assert status == 200, f"nginx answered {status} for the page in a mode-700 folder"
        assert "chat-widget.js" in body
        status, _ = get(f"http://127.0.0.1:{port}/widget/chat-widget.js")
        assert status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
