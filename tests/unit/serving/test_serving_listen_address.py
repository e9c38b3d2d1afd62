"""The servers deploy/local.py starts listen on 127.0.0.1 only: `make run` (`up --single`), the
live stage (`start --single`, as scripts/test_live.sh runs it) and the scale-out topology.

deploy/local.py runs for real from a copy of the repository layout in a temporary folder, with a
stand-in `.venv/bin/rasa` that binds where the real one would (`rasa run`: `--interface`,
default 0.0.0.0) and answers 200. The action server is the real entry point
(serving/action_server.py, with an empty actions package), and the demo page server the real
scripts/serve_web.py. What is checked is what the kernel says is listening.
"""

import argparse
import inspect
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rasa.cli.arguments.run import add_server_arguments

from serving import action_server

ROOT = Path(__file__).resolve().parents[3]

STAND_IN_RASA = f"""#!{sys.executable}
import http.server, os, sys
args = sys.argv[1:]
host = args[args.index("--interface") + 1] if "--interface" in args else "0.0.0.0"
port = int(args[args.index("--port") + 1])

class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{{}}")

    def log_message(self, *args):
        pass

http.server.HTTPServer((host, port), Ok).serve_forever()
"""


def test_the_stand_in_binds_where_rasa_would_and_the_action_server_defaults_to_this_machine():
    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    assert parser.parse_args([]).interface == "0.0.0.0"
    assert action_server.DEFAULT_HOST == "127.0.0.1"
    assert 'os.environ.get("SANIC_HOST"' in inspect.getsource(action_server.main)


@pytest.fixture
def tree(tmp_path) -> Path:
    """The files deploy/local.py uses, with a stand-in Rasa and an empty model file."""
    copied = ["scripts/serve_web.py", "deploy/local.py"]
    copied += ["serving/__init__.py", "serving/action_server.py", "serving/log_privacy.py"]
    for name in copied:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tmp_path / name)
    stubs = {
        "scripts/model_path.sh": "#!/bin/sh\necho models/stand-in.tar.gz\n",
        ".venv/bin/rasa": STAND_IN_RASA,
        # The real interpreter (its packages), run from the copy (its serving/).
        ".venv/bin/python": f'#!/bin/sh\nexec "{sys.executable}" "$@"\n',
        "actions/__init__.py": "",
        "models/stand-in.tar.gz": "",
    }
    for name, text in stubs.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
        (tmp_path / name).chmod(0o755)
    (tmp_path / "web").mkdir()
    (tmp_path / "web/index.html").write_text("<p>demo</p>")
    return tmp_path


def free_ports(count: int) -> list:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def listening(ports) -> dict:
    """{port: {addresses}} of the TCP sockets listening on these ports (IPv4 and IPv6)."""
    found: dict = {}
    for table in ["/proc/net/tcp", "/proc/net/tcp6"]:
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.split(":")
            if state == "0A" and int(port, 16) in ports:
                if len(address) == 8:  # IPv4, little-endian
                    address = socket.inet_ntoa(bytes.fromhex(address)[::-1])
                found.setdefault(int(port, 16), set()).add(address)
    return found


def wait_for_listeners(ports, process=None, timeout=30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = listening(ports)
        if set(found) == set(ports):
            return found
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"not all of {ports} listening: {listening(ports)}")


def stop_group(process: subprocess.Popen) -> None:
    """Stops the script and the servers it started (its own process group)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def run_script(tree: Path, args, env_extra: dict) -> subprocess.Popen:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", **env_extra)
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return subprocess.Popen(args, cwd=tree, env=env, start_new_session=True, **quiet)


def local_py(tree: Path) -> list:
    return [sys.executable, str(tree / "deploy/local.py")]


def make_run(tree: Path, **env: str):
    assert "deploy/local.py up --single" in (ROOT / "Makefile").read_text()  # what make run runs
    actions, rasa, web = free_ports(3)
    ports = dict(ACTION_PORT=str(actions), RASA_PORT=str(rasa), WEB_PORT=str(web))
    process = run_script(tree, [*local_py(tree), "up", "--single"], {**ports, **env})
    try:
        found = wait_for_listeners([actions, rasa, web], process)
    finally:
        stop_group(process)
    assert process.returncode == 0  # stopped by SIGTERM, as by Ctrl-C: all stopped, exit 0
    return found[actions], found[rasa], found[web]


def test_make_run_listens_on_127_0_0_1_only_by_default(tree):
    assert make_run(tree) == ({"127.0.0.1"}, {"127.0.0.1"}, {"127.0.0.1"})


def test_bind_address_opens_rasa_and_the_demo_page_but_never_the_action_server(tree):
    actions, rasa, web = make_run(tree, BIND_ADDRESS="0.0.0.0")
    assert (actions, rasa, web) == ({"127.0.0.1"}, {"0.0.0.0"}, {"0.0.0.0"})


def test_the_live_stack_listens_on_127_0_0_1_only_whatever_bind_address_says(tree):
    live_stage = (ROOT / "scripts" / "test_live.sh").read_text()
    assert 'start --single --dir "$run_dir" --bind 127.0.0.1' in live_stage
    local, run_dir, ports = local_py(tree), str(tree / "live"), free_ports(3)
    args = [*local, "start", "--single", "--dir", run_dir, "--bind", "127.0.0.1"]
    for flag, port in zip(["--action-port", "--rasa-port", "--web-port"], ports, strict=True):
        args += [flag, str(port)]
    process = run_script(tree, args, {"BIND_ADDRESS": "0.0.0.0"})
    try:
        assert process.wait(60) == 0  # returns once all three answer, leaving them running
        assert listening(ports) == {port: {"127.0.0.1"} for port in ports}
    finally:
        subprocess.run([*local, "stop", "--dir", run_dir], cwd=tree, timeout=60)
    assert not listening(ports)


def test_the_local_topology_listens_on_127_0_0_1_only(tree):
    base = next(b for b in range(31000, 40000, 100) if is_free(b + 5) and is_free(b + 55))
    local = local_py(tree)
    run_dir = str(tree / "serving")
    start = [*local, "start", "--dir", run_dir, "--base-port", str(base), "--replicas", "1"]
    start += ["--no-redis", "--no-nginx", "--model", "stand-in", "--timeout", "30"]
    try:
        subprocess.run(start, cwd=tree, check=True, capture_output=True, timeout=60)
        ports = [base + 55, base + 5]  # actions-1, rasa-1
        assert listening(ports) == {port: {"127.0.0.1"} for port in ports}
    finally:
        subprocess.run(local + ["stop", "--dir", run_dir], cwd=tree, timeout=60)
