"""Starts the assistant's servers on this machine: the one place that knows how.

The same commands and environment variables as the containers (deploy/compose.yml,
deploy/k8s/), with local ports. Two topologies:

--single   the action server, one Rasa (conversations in memory) and the demo page server
           (scripts/serve_web.py): what `make run` starts (in the foreground, after training)
           and the live test stage (scripts/test_live.sh, in the background).

    .venv/bin/python deploy/local.py up --single        # make run: prints the URLs, Ctrl-C stops
    .venv/bin/python deploy/local.py start --single --dir D ...         # then: stop --dir D

  actions           --action-port ($ACTION_PORT, 5055), always on 127.0.0.1
  rasa              --rasa-port ($RASA_PORT, 5005), on --bind ($BIND_ADDRESS, 127.0.0.1; 0.0.0.0
                    opens it to the network); calls $ACTION_SERVER_URL (default: the action
                    server above); browser calls allowed from --allowed-origin (repeatable;
                    default $ALLOWED_ORIGIN, else the demo page, http://localhost:<web port>)
  web               --web-port ($WEB_PORT, 8080), on --bind; the page talks to
                    $RASA_PUBLIC_URL (default http://localhost:<rasa port>)
  Logs: actions.log, rasa.log, web.log in --dir (default .run). The shared secret is
  $ACTION_SERVER_SECRET, else a new one at each start.

scale-out  (the default) Redis, Rasa replicas, action servers and nginx: the stack test stage
           (scripts/test_stack.sh) and the load benchmark (bench/load.py), and by hand:

    .venv/bin/python deploy/local.py up                 # 2 replicas on Redis behind nginx
    .venv/bin/python deploy/local.py up --replicas 1 --no-redis --no-nginx
    .venv/bin/python deploy/local.py start --dir D ...  # in the background; then: stop --dir D

  Processes (ports from --base-port B, default 25000 or $SERVING_BASE_PORT; logs in --dir,
  default .run/serving):
  redis-server      B+1379          (Debian's redis-server; nothing written to disk; maxmemory
                                    with volatile-ttl eviction, as in compose and Kubernetes)
  actions-i         B+55+i          python -m serving.action_server --actions actions --port ...
                                    (SANIC_HOST; ACTION_SERVER_SECRET, one per topology, which
                                    rasa-i sends through endpoints.yml)
  rasa-i            B+5+i           rasa run --model M --port ... --cors ... --credentials
                                    credentials.yml --endpoints endpoints.yml, and rasa-i calls
                                    actions-i (ACTION_SERVER_URL); --cors allows nginx's origin
                                    (or --allowed-origin)
  rasa-memory       B+15            optional (--memory-replica): one more replica without Redis
  nginx             B+3080          deploy/nginx/chat.conf.template, round-robin over rasa-*,
                                    with the production rate limits unless --limit-req-rate,
                                    --limit-req-burst or --limit-conn (or LIMIT_REQ_RATE,
                                    LIMIT_REQ_BURST, LIMIT_CONN) say otherwise: a load test from
                                    one address needs them raised
  Everything listens on 127.0.0.1 only (Rasa: --interface; the action servers: SANIC_HOST).

`up` runs in the foreground: Ctrl-C (or SIGTERM) stops everything and exits 0; a server that
dies stops the rest and exits 1. `start` returns once every server answers (topology.json in
--dir lists them); `stop --dir D` stops what `start --dir D` started.
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
# The production limits (deploy/Dockerfile.nginx sets the same defaults).
NGINX_LIMITS = {"LIMIT_REQ_RATE": "2r/s", "LIMIT_REQ_BURST": "20", "LIMIT_CONN": "10"}
# Stopped in this order: front to back.
STOP_ORDER = ["nginx", "web", "rasa", "actions", "redis"]


# -- The commands: how each server is started, here and nowhere else -------------------------
def action_server_command(port: int) -> List[str]:
    """The project's action server (serving/action_server.py): bodies up to 2 MiB, no compressed
    bodies, the shared secret, errors that never echo the request. It listens on $SANIC_HOST."""
    python = str(VENV_BIN / "python")
    return [python, "-m", "serving.action_server", "--actions", "actions", "--port", str(port)]


def rasa_command(model: str, port: int, origins: List[str], interface: str = "127.0.0.1") -> list:
    """Rasa with the REST channel only (no --enable-api); browsers may call it from `origins`."""
    return [
        str(VENV_BIN / "rasa"),
        "run",
        "--model",
        model,
        "--interface",
        interface,
        "--port",
        str(port),
        "--cors",
        *origins,
        "--credentials",
        "credentials.yml",
        "--endpoints",
        "endpoints.yml",
    ]


def web_command(port: int, bind: str) -> List[str]:
    """The demo page server (scripts/serve_web.py: security headers, no folder listing)."""
    serve_web = str(ROOT / "scripts" / "serve_web.py")
    return [str(VENV_BIN / "python"), serve_web, "--bind", bind, "--port", str(port)]


def redis_command(port: int, folder: Path | str) -> List[str]:
    """Debian's redis-server as compose and Kubernetes run it: 127.0.0.1 only, nothing written
    to disk, a memory limit, and the keys nearest their expiry evicted first when full."""
    return [
        shutil.which("redis-server") or "redis-server",
        "--port",
        str(port),
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
        str(folder),
    ]


def nginx_command(run_dir: Path, conf: Path) -> List[str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return [nginx, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"]


def model_path() -> str:
    out = subprocess.run(
        [str(ROOT / "scripts" / "model_path.sh")], capture_output=True, text=True, check=True
    )
    return str(ROOT / out.stdout.strip())


# -- Processes ----------------------------------------------------------------------------------
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


class Launcher:
    def __init__(self, run_dir: Path, env: Dict[str, str], model: str = "") -> None:
        self.run_dir = run_dir
        self.env = env
        self.model = model
        self.topology = Topology(run_dir=str(run_dir))

    def spawn(self, name: str, cmd: List[str], port: int, health: str, **env: str) -> Process:
        """Starts `cmd` with its output in <run dir>/<name>.log (a new log each start)."""
        log = self.run_dir / f"{name}.log"
        proc_env = dict(self.env)
        proc_env.update(env)
        with open(log, "wb") as out:
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


def wait_until_up(topology: Topology, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pending = dict(topology.processes)
    while pending:
        for name, process in list(pending.items()):
            if not alive(process.pid):
                raise RuntimeError(f"{name} stopped while starting: see {shown(process.log)}")
            up = (
                _redis_answers(process.port)
                if process.health == "redis"
                else _answers(process.health)
            )
            if up:
                del pending[name]
        if pending and time.monotonic() > deadline:
            logs = " ".join(shown(p.log) for p in pending.values())
            raise RuntimeError(f"Not up after {timeout:.0f} s: {', '.join(pending)} (see {logs})")
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


def stop(topology: Topology) -> None:
    order = sorted(
        topology.processes.values(), key=lambda p: STOP_ORDER.index(p.name.split("-")[0])
    )
    for process in order:
        stop_process(process)


def shown(path: str | Path) -> str:
    """A path as people should read it: relative to the repository when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# -- nginx ------------------------------------------------------------------------------------
def worker_user_line() -> str:
    """nginx started as root runs its workers as `nobody`, who cannot read a clone inside a private
    folder (mode 700, like many home folders): the page would answer 403. So the workers run as
    the user who started it. Started as anyone else, nginx keeps that user and needs no line."""
    if os.geteuid() != 0:
        return ""
    return f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};\n"


def nginx_main_conf(run_dir: Path, temp: Path) -> str:
    return f"""# Generated by deploy/local.py: the official image's nginx.conf, in short.
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
        "RASA_PUBLIC_URL": f"http://localhost:{port}",
        **NGINX_LIMITS,
        **(limits or {}),
    }
    site = TEMPLATE.read_text()
    for name, value in values.items():
        site = site.replace("${" + name + "}", value)
    (run_dir / "chat.conf").write_text(site)
    temp = run_dir / "nginx-temp"
    temp.mkdir(exist_ok=True)
    conf = run_dir / "nginx.conf"
    conf.write_text(nginx_main_conf(run_dir, temp))
    return conf


# -- Starting the servers -----------------------------------------------------------------------
def reachable(bind: str) -> str:
    """Where to check that a server listening on `bind` is up."""
    return "127.0.0.1" if bind in ("0.0.0.0", "") else bind


def spawn_actions(launcher: Launcher, name: str, port: int) -> None:
    health = f"http://127.0.0.1:{port}/health"
    launcher.spawn(name, action_server_command(port), port, health, SANIC_HOST="127.0.0.1")


def spawn_rasa(
    launcher: Launcher, name: str, port: int, action_url: str, origins: list, bind: str, **env
) -> str:
    """One Rasa server calling the action server at `action_url`; returns its URL."""
    here = reachable(bind)
    command = rasa_command(launcher.model, port, origins, interface=bind)
    health = f"http://{here}:{port}/webhooks/rest/"
    launcher.spawn(name, command, port, health, ACTION_SERVER_URL=action_url, **env)
    return f"http://{here}:{port}"


def spawn_single(launcher: Launcher, args: argparse.Namespace) -> None:
    """The action server, one Rasa in memory, the demo page server."""
    origins = args.allowed_origin or [
        os.environ.get("ALLOWED_ORIGIN") or f"http://localhost:{args.web_port}"
    ]
    action_url = (
        os.environ.get("ACTION_SERVER_URL") or f"http://127.0.0.1:{args.action_port}/webhook"
    )
    spawn_actions(launcher, "actions", args.action_port)
    url = spawn_rasa(launcher, "rasa", args.rasa_port, action_url, origins, args.bind)
    launcher.topology.replica_urls.append(url)
    health = f"http://{reachable(args.bind)}:{args.web_port}/"
    command = web_command(args.web_port, args.bind)
    # The page is rewritten to talk to Rasa's port ($RASA_PUBLIC_URL, if set, wins).
    launcher.spawn("web", command, args.web_port, health, RASA_PORT=str(args.rasa_port))


def spawn_redis(launcher: Launcher, port: int) -> Dict[str, str]:
    launcher.spawn("redis", redis_command(port, launcher.run_dir), port, "redis")
    launcher.topology.redis_url = f"redis://127.0.0.1:{port}/0"
    return {"REDIS_URL": launcher.topology.redis_url}


def spawn_nginx(launcher: Launcher, args: argparse.Namespace, port: int, replicas: list) -> None:
    limits = {name: getattr(args, name.lower()) for name in NGINX_LIMITS}
    conf = render_nginx(launcher.run_dir, port, replicas, limits)
    health = f"http://127.0.0.1:{port}/"
    launcher.spawn("nginx", nginx_command(launcher.run_dir, conf), port, health)
    launcher.topology.nginx_url = f"http://127.0.0.1:{port}"


def spawn_scale_out(launcher: Launcher, args: argparse.Namespace) -> None:
    """Redis, the replicas each with its own action server, the replica in memory, nginx."""
    base = args.base_port
    nginx_port = base + 3080
    origins = args.allowed_origin or [f"http://localhost:{nginx_port}"]
    local = "127.0.0.1"
    redis_env = spawn_redis(launcher, base + 1379) if args.redis else {}
    replica_ports = []
    for i in range(args.replicas):
        action_port, port = base + 55 + i, base + 5 + i
        spawn_actions(launcher, f"actions-{i + 1}", action_port)
        action_url = f"http://127.0.0.1:{action_port}/webhook"
        url = spawn_rasa(launcher, f"rasa-{i + 1}", port, action_url, origins, local, **redis_env)
        launcher.topology.replica_urls.append(url)
        replica_ports.append(port)
    if args.memory_replica:
        action_url = f"http://127.0.0.1:{base + 55}/webhook"
        launcher.topology.memory_url = spawn_rasa(
            launcher, "rasa-memory", base + 15, action_url, origins, local
        )
    if args.nginx:
        spawn_nginx(launcher, args, nginx_port, replica_ports)


def serving_settings(args: argparse.Namespace) -> Dict[str, str]:
    return {
        "CONVERSATION_TTL_SECONDS": str(args.ttl),
        "REPLY_TIMEOUT_SECONDS": str(args.reply_timeout),
    }


def process_env(args: argparse.Namespace) -> Dict[str, str]:
    """The servers' environment: ours, less the Redis settings for the scale-out topology (it
    sets its own), with the serving settings and the shared secret."""
    drop = () if args.single else SERVING_VARS
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    env.update(SQLALCHEMY_SILENCE_UBER_WARNING="1")
    if args.default_log_level:
        env.pop("LOG_LEVEL", None)  # Rasa's default level: INFO
    env.update(serving_settings(args))
    # A new secret for each start: every action server asks for it, every Rasa sends it.
    # (--single keeps one already set, as `make run` always did.)
    given = os.environ.get("ACTION_SERVER_SECRET") if args.single else None
    env["ACTION_SERVER_SECRET"] = given or secrets.token_urlsafe(32)
    return env


def run_dir_of(args: argparse.Namespace) -> Path:
    default = ROOT / ".run" if args.single else ROOT / ".run" / "serving"
    return Path(args.dir or default).resolve()


def model_of(args: argparse.Namespace) -> str:
    if args.model:
        return args.model
    model = model_path()
    if not Path(model).is_file():
        raise RuntimeError(f"No model at {shown(model)}: train first (make train)")
    return model


def start(args: argparse.Namespace) -> Topology:
    """Starts the topology `args` ask for and waits until every server answers; on any failure
    (or Ctrl-C) stops what was started."""
    run_dir = run_dir_of(args)
    run_dir.mkdir(parents=True, exist_ok=True)
    launcher = Launcher(run_dir, process_env(args), model_of(args))
    launcher.topology.settings = serving_settings(args)
    try:
        (spawn_single if args.single else spawn_scale_out)(launcher, args)
        launcher.topology.save()
        wait_until_up(launcher.topology, args.timeout)
    except BaseException:
        stop(launcher.topology)
        raise
    return launcher.topology


# -- In the foreground --------------------------------------------------------------------------
def running_message(topology: Topology) -> str:
    """What `make run` prints once everything answers."""
    port = {name: process.port for name, process in topology.processes.items()}
    logs = " ".join(shown(p.log) for p in topology.processes.values())
    web, rasa, actions = port["web"], port["rasa"], port["actions"]
    return f"""
The assistant is running.
  Demo council page with the chat widget:  http://localhost:{web}/
  Rasa REST channel:                       http://localhost:{rasa}/webhooks/rest/webhook
  Action server:                           http://127.0.0.1:{actions}/health
Try:  curl -s localhost:{rasa}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
        -d '{{"sender":"try-it-0123456789","message":"hello"}}'
Logs: {logs}     Press Ctrl-C to stop all three."""


def scale_out_message(topology: Topology) -> str:
    return (
        f"Up. nginx: {topology.nginx_url}  replicas: {' '.join(topology.replica_urls)}\n"
        f"Logs in {shown(topology.run_dir)}. Ctrl-C stops everything."
    )


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def in_foreground(topology: Topology, single: bool) -> int:
    """Waits until Ctrl-C or SIGTERM (exit 0) or until a server dies (exit 1); stops them all."""
    print(running_message(topology) if single else scale_out_message(topology), flush=True)
    try:
        while all(alive(p.pid) for p in topology.processes.values()):
            time.sleep(1)
        gone = [p.name for p in topology.processes.values() if not alive(p.pid)]
        where = shown(topology.run_dir)
        print(f"\nA server stopped unexpectedly ({', '.join(gone)}): see {where}/*.log",
              file=sys.stderr)  # fmt: skip
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        print("\nStopping...", flush=True)
        stop(topology)
        print("Stopped.")


# -- Command line -------------------------------------------------------------------------------
def add_single_options(p: argparse.ArgumentParser) -> None:
    env = os.environ.get
    p.add_argument("--action-port", type=int, default=int(env("ACTION_PORT", 5055)))
    p.add_argument("--rasa-port", type=int, default=int(env("RASA_PORT", 5005)))
    p.add_argument("--web-port", type=int, default=int(env("WEB_PORT", 8080)))
    p.add_argument(
        "--bind",
        default=env("BIND_ADDRESS", "127.0.0.1"),
        help="where Rasa and the demo page listen (--single; default $BIND_ADDRESS or 127.0.0.1)",
    )


def add_scale_out_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base-port", type=int, default=int(os.environ.get("SERVING_BASE_PORT", 25000)))
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--no-redis", dest="redis", action="store_false")
    p.add_argument("--no-nginx", dest="nginx", action="store_false")
    p.add_argument("--memory-replica", action="store_true", help="add a replica without Redis")
    for name, default in NGINX_LIMITS.items():
        p.add_argument(
            "--" + name.lower().replace("_", "-"),
            default=os.environ.get(name, default),
            help=f"nginx's {name} (default {default})",
        )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("command", choices=["up", "start", "stop"])
    p.add_argument("--single", action="store_true", help="action server, one Rasa, demo page")
    p.add_argument("--dir", help="logs, topology.json (default .run, or .run/serving)")
    p.add_argument("--model", help="default: scripts/model_path.sh")
    p.add_argument("--allowed-origin", action="append", help="the browser origins Rasa allows")
    p.add_argument("--ttl", type=int, default=int(os.environ.get("CONVERSATION_TTL_SECONDS", 1800)))
    p.add_argument(
        "--reply-timeout", type=float, default=float(os.environ.get("REPLY_TIMEOUT_SECONDS", 4))
    )
    p.add_argument("--timeout", type=float, default=240, help="seconds to wait for start-up")
    p.add_argument(
        "--default-log-level", action="store_true", help="unset LOG_LEVEL (Rasa's default: INFO)"
    )
    add_single_options(p)
    add_scale_out_options(p)
    return p


def main(argv: List[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "stop":
        stop(Topology.load(str(run_dir_of(args))))
        return 0
    if args.command == "up":
        signal.signal(signal.SIGTERM, _interrupted)
    try:
        topology = start(args)
    except KeyboardInterrupt:
        print("\nStopped.")
        return 0
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    if args.command == "start":
        print(json.dumps({"run_dir": topology.run_dir, "nginx": topology.nginx_url}))
        return 0
    return in_foreground(topology, args.single)


if __name__ == "__main__":
    sys.exit(main())
