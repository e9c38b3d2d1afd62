"""The serving topology on one machine: Redis, Rasa replicas, action servers and nginx.

The same commands and environment variables as the containers (deploy/compose.yml,
deploy/k8s/), with local ports. Used by `make test` (scripts/test_serving.sh) and the load
benchmark (bench/load.py), and by hand:

    .venv/bin/python deploy/local.py up                 # 2 replicas on Redis behind nginx
    .venv/bin/python deploy/local.py up --replicas 1 --no-redis --no-nginx
    .venv/bin/python deploy/local.py start --dir D ...  # in the background; then: stop --dir D

Processes (ports from --base-port B, default 25000 or $SERVING_BASE_PORT):
  redis-server      B+1379          (Debian's redis-server; nothing written to disk; maxmemory
                                    with volatile-ttl eviction, as in compose and Kubernetes)
  actions-i         B+55+i          python -m serving.action_server --actions actions --port ...
                                    (SANIC_HOST; ACTION_SERVER_SECRET, one per topology, which
                                    rasa-i sends through endpoints.yml)
  rasa-i            B+5+i           rasa run --model M --port ... --cors ... --credentials
                                    credentials.yml --endpoints endpoints.yml, and rasa-i calls
                                    actions-i (ACTION_SERVER_URL)
  rasa-memory       B+15            optional (--memory-replica): one more replica without Redis
  nginx             B+3080          deploy/nginx/chat.conf.template, round-robin over rasa-*,
                                    with the production rate limits unless --limit-req-rate,
                                    --limit-req-burst or --limit-conn (or LIMIT_REQ_RATE,
                                    LIMIT_REQ_BURST, LIMIT_CONN) say otherwise: a load test from
                                    one address needs them raised

Everything listens on 127.0.0.1 only (Rasa: --interface; the action servers: SANIC_HOST).
"""

from __future__ import annotations

import argparse
import grp
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
TEMPLATE = ROOT / "deploy" / "nginx" / "chat.conf.template"
SERVING_VARS = (
    "REDIS_URL",
    "REDIS_HOST",
    "REDIS_PORT",
    "REDIS_PASSWORD",
    "REDIS_DB",
    "REDIS_USERNAME",
    "REDIS_USE_SSL",
)


@dataclass
class Process:
    name: str
    port: int
    pid: int
    log: str
    health: str


@dataclass
class Topology:
    run_dir: str
    processes: Dict[str, Process] = field(default_factory=dict)
    redis_url: str | None = None
    key_prefix: str = "modernslavery"
    nginx_url: str | None = None
    replica_urls: List[str] = field(default_factory=list)
    memory_url: str | None = None
    settings: Dict[str, str] = field(default_factory=dict)

    def save(self) -> None:
        Path(self.run_dir, "topology.json").write_text(json.dumps(asdict(self), indent=2))

    @classmethod
    def load(cls, run_dir: str) -> Topology:
        data = json.loads(Path(run_dir, "topology.json").read_text())
        data["processes"] = {k: Process(**v) for k, v in data["processes"].items()}
        return cls(**data)


def model_path() -> str:
    out = subprocess.run(
        [str(ROOT / "scripts" / "model_path.sh")], capture_output=True, text=True, check=True
    )
    return str(ROOT / out.stdout.strip())


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except Exception:  # noqa: BLE001 - not up yet
        return False


def _redis_answers(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping())
    except Exception:  # noqa: BLE001 - not up yet
        return False


class Launcher:
    def __init__(self, run_dir: Path, env: Dict[str, str]) -> None:
        self.run_dir = run_dir
        self.env = env
        self.topology = Topology(run_dir=str(run_dir))

    def spawn(self, name: str, cmd: List[str], port: int, health: str, **env: str) -> Process:
        log = self.run_dir / f"{name}.log"
        proc_env = dict(self.env)
        proc_env.update(env)
        with open(log, "ab") as out:
            popen = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=proc_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, stopped by id
            )
        process = Process(name=name, port=port, pid=popen.pid, log=str(log), health=health)
        self.topology.processes[name] = process
        self.topology.save()
        return process


def wait_until_up(topology: Topology, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pending = dict(topology.processes)
    while pending:
        for name, process in list(pending.items()):
            if not alive(process.pid):
                raise RuntimeError(f"{name} stopped while starting: see {process.log}")
            up = (
                _redis_answers(process.port)
                if process.health == "redis"
                else _answers(process.health)
            )
            if up:
                del pending[name]
        if pending and time.monotonic() > deadline:
            raise RuntimeError(f"Not up after {timeout:.0f} s: {', '.join(pending)}")
        if pending:
            time.sleep(1)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (our own child, exited) is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def stop_process(process: Process, grace: float = 10.0) -> None:
    """SIGTERM to the process group we started, then SIGKILL after `grace` seconds."""
    for sig in (signal.SIGCONT, signal.SIGTERM):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
    deadline = time.monotonic() + grace
    while alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(process.pid):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.waitpid(process.pid, os.WNOHANG)
    except ChildProcessError:
        pass


# The production limits (deploy/Dockerfile.nginx sets the same defaults).
NGINX_LIMITS = {"LIMIT_REQ_RATE": "2r/s", "LIMIT_REQ_BURST": "20", "LIMIT_CONN": "10"}


def worker_user_line() -> str:
    """nginx started as root runs its workers as `nobody`, who cannot read a clone inside a private
    folder (mode 700, like many home folders): the page would answer 403. So the workers run as
    the user who started it. Started as anyone else, nginx keeps that user and needs no line."""
    if os.geteuid() != 0:
        return ""
    return f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};\n"


def render_nginx(
    run_dir: Path,
    port: int,
    replicas: List[int],
    limits: Dict[str, str] | None = None,
    web_root: Path = ROOT / "web",
) -> Path:
    values = {
        "NGINX_PORT": f"127.0.0.1:{port}",
        "RASA_UPSTREAM_SERVERS": " ".join(f"server 127.0.0.1:{p};" for p in replicas),
        "WEB_ROOT": str(web_root),
        "PUBLIC_ORIGIN": f"http://localhost:{port}",
        **NGINX_LIMITS,
        **(limits or {}),
    }
    site = TEMPLATE.read_text()
    for name, value in values.items():
        site = site.replace("${" + name + "}", value)
    (run_dir / "chat.conf").write_text(site)
    temp = run_dir / "nginx-temp"
    temp.mkdir(exist_ok=True)
    main = f"""# Generated by deploy/local.py: the official image's nginx.conf, in short.
# This error log gets start-up and configuration messages only: the site writes none of its own
# (chat.conf: error_log ... emerg), as nginx's error lines name the client's address.
{worker_user_line()}worker_processes 1;
pid {run_dir}/nginx.pid;
error_log {run_dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {run_dir}/chat.conf;
}}
"""
    conf = run_dir / "nginx.conf"
    conf.write_text(main)
    return conf


def start(args: argparse.Namespace) -> Topology:
    run_dir = Path(args.dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    base = args.base_port
    env = {k: v for k, v in os.environ.items() if k not in SERVING_VARS}
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    env.update(SQLALCHEMY_SILENCE_UBER_WARNING="1")
    if args.default_log_level:
        env.pop("LOG_LEVEL", None)  # Rasa's default level: INFO
    serving_settings = {
        "CONVERSATION_TTL_SECONDS": str(args.ttl),
        "REPLY_TIMEOUT_SECONDS": str(args.reply_timeout),
    }
    env.update(serving_settings)
    # A new secret for each topology: every action server asks for it, every replica sends it.
    env["ACTION_SERVER_SECRET"] = secrets.token_urlsafe(32)
    launcher = Launcher(run_dir, env)
    topology = launcher.topology
    topology.settings = serving_settings
    model = args.model or model_path()
    rasa = str(VENV_BIN / "rasa")
    python = str(VENV_BIN / "python")
    nginx_port = base + 3080
    origin = f"http://localhost:{nginx_port}"

    redis_env: Dict[str, str] = {}
    if args.redis:
        redis_port = base + 1379
        launcher.spawn(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxmemory",
                "64mb",
                "--maxmemory-policy",
                "volatile-ttl",
                "--dir",
                str(run_dir),
            ],
            redis_port,
            "redis",
        )
        topology.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        redis_env = {"REDIS_URL": topology.redis_url}

    def rasa_cmd(port: int) -> List[str]:
        return [
            rasa,
            "run",
            "--model",
            model,
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--cors",
            origin,
            "--credentials",
            "credentials.yml",
            "--endpoints",
            "endpoints.yml",
        ]

    replica_ports = []
    for i in range(args.replicas):
        action_port = base + 55 + i
        launcher.spawn(
            f"actions-{i + 1}",
            [
                python,
                "-m",
                "serving.action_server",
                "--actions",
                "actions",
                "--port",
                str(action_port),
            ],
            action_port,
            f"http://127.0.0.1:{action_port}/health",
            SANIC_HOST="127.0.0.1",
        )
        port = base + 5 + i
        replica_ports.append(port)
        launcher.spawn(
            f"rasa-{i + 1}",
            rasa_cmd(port),
            port,
            f"http://127.0.0.1:{port}/webhooks/rest/",
            ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}/webhook",
            **redis_env,
        )
        topology.replica_urls.append(f"http://127.0.0.1:{port}")
    if args.memory_replica:
        port = base + 15
        launcher.spawn(
            "rasa-memory",
            rasa_cmd(port),
            port,
            f"http://127.0.0.1:{port}/webhooks/rest/",
            ACTION_SERVER_URL=f"http://127.0.0.1:{base + 55}/webhook",
        )
        topology.memory_url = f"http://127.0.0.1:{port}"
    if args.nginx:
        limits = {
            "LIMIT_REQ_RATE": args.limit_req_rate,
            "LIMIT_REQ_BURST": args.limit_req_burst,
            "LIMIT_CONN": args.limit_conn,
        }
        conf = render_nginx(run_dir, nginx_port, replica_ports, limits)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        launcher.spawn(
            "nginx",
            [nginx, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
            nginx_port,
            f"http://127.0.0.1:{nginx_port}/",
        )
        topology.nginx_url = f"http://127.0.0.1:{nginx_port}"
    topology.save()
    try:
        wait_until_up(topology, args.timeout)
    except BaseException:
        stop(topology)
        raise
    return topology


def stop(topology: Topology) -> None:
    # Front to back: nginx, Rasa, actions, Redis.
    order = sorted(
        topology.processes.values(),
        key=lambda p: ["nginx", "rasa", "actions", "redis"].index(p.name.split("-")[0]),
    )
    for process in order:
        stop_process(process)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("command", choices=["up", "start", "stop"])
    p.add_argument("--dir", default=str(ROOT / ".run" / "serving"), help="logs, pids, config")
    p.add_argument("--base-port", type=int, default=int(os.environ.get("SERVING_BASE_PORT", 25000)))
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--no-redis", dest="redis", action="store_false")
    p.add_argument("--no-nginx", dest="nginx", action="store_false")
    p.add_argument("--memory-replica", action="store_true", help="add a replica without Redis")
    p.add_argument("--model", help="default: scripts/model_path.sh")
    p.add_argument("--ttl", type=int, default=int(os.environ.get("CONVERSATION_TTL_SECONDS", 1800)))
    p.add_argument(
        "--reply-timeout", type=float, default=float(os.environ.get("REPLY_TIMEOUT_SECONDS", 4))
    )
    p.add_argument("--timeout", type=float, default=240, help="seconds to wait for start-up")
    for name, default in NGINX_LIMITS.items():
        p.add_argument(
            "--" + name.lower().replace("_", "-"),
            default=os.environ.get(name, default),
            help=f"nginx's {name} (default {default})",
        )
    p.add_argument(
        "--default-log-level", action="store_true", help="unset LOG_LEVEL (Rasa's default: INFO)"
    )
    return p


def main(argv: List[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "stop":
        stop(Topology.load(args.dir))
        return 0
    topology = start(args)
    if args.command == "start":
        print(json.dumps({"run_dir": topology.run_dir, "nginx": topology.nginx_url}))
        return 0
    print(f"Up. nginx: {topology.nginx_url}  replicas: {' '.join(topology.replica_urls)}")
    print(f"Logs in {topology.run_dir}. Ctrl-C stops everything.")
    try:
        while all(alive(p.pid) for p in topology.processes.values()):
            time.sleep(1)
        print("A process stopped unexpectedly.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(topology)


if __name__ == "__main__":
    sys.exit(main())
