"""The container and Kubernetes files harden every container, give Redis a memory limit that
fits expiring conversations, start the action server through the project's entry point with the
shared secret, and fill in every variable of the nginx template. (There is no Docker engine here:
the files are checked as data; what they run is tested through deploy/local.py.)"""

import re
from pathlib import Path

import yaml

from deploy import local

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
TEMPLATE = (DEPLOY / "nginx" / "chat.conf.template").read_text()
COMPOSE = yaml.safe_load((DEPLOY / "compose.yml").read_text())


def deployments() -> dict:
    found = {}
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document and document.get("kind") == "Deployment":
                found[document["metadata"]["name"]] = document["spec"]["template"]["spec"]
    return found


def test_every_kubernetes_container_is_non_root_read_only_and_cannot_gain_privileges():
    pods = deployments()
    assert set(pods) == {"rasa", "actions", "redis", "nginx"}
    for name, pod in pods.items():
        context = pod["securityContext"]
        assert context["runAsNonRoot"] is True, name
        assert context["runAsUser"] > 0, name
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False, name
        for container in pod["containers"]:
            hardened = container["securityContext"]
            assert hardened["allowPrivilegeEscalation"] is False, name
            assert hardened["readOnlyRootFilesystem"] is True, name
            assert hardened["capabilities"] == {"drop": ["ALL"]}, name
            # Whatever must be written goes to a volume of the pod's own.
            volumes = {v["name"] for v in pod.get("volumes", [])}
            assert {m["name"] for m in container.get("volumeMounts", [])} <= volumes, name


def test_every_compose_service_is_non_root_read_only_and_cannot_gain_privileges():
    for name, service in COMPOSE["services"].items():
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert str(service["user"]).split(":")[0] not in ("", "0", "root"), name


def megabytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(mb|Mi)", value).groups()
    return int(number)


def redis_args(args: list) -> dict:
    return {args[i]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("--")}


def test_redis_has_a_memory_limit_and_evicts_the_keys_nearest_expiry():
    compose = redis_args(COMPOSE["services"]["redis"]["command"])
    [container] = deployments()["redis"]["containers"]
    k8s = redis_args(container["args"])
    for args in (compose, k8s):
        assert args["--maxmemory-policy"] == "volatile-ttl"  # every key the project writes expires
        assert args["--save"] == "" and args["--appendonly"] == "no"
    # Redis's own limit stays under the container's, so Redis evicts before it is killed.
    assert megabytes(k8s["--maxmemory"]) < megabytes(container["resources"]["limits"]["memory"])


def test_the_action_server_is_started_through_the_entry_point_everywhere():
    # One start path on this machine: deploy/local.py. No script starts a server of its own.
    assert local.action_server_command(5055)[1:3] == ["-m", "serving.action_server"]
    for path in [ROOT / "scripts", DEPLOY, ROOT / "Makefile"]:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            text = file.read_text(errors="replace")
            assert "rasa run actions" not in text, file
            assert "python -m rasa_sdk" not in text, file
            if file.parent == ROOT / "scripts" or file.name == "Makefile":
                assert "serving.action_server" not in text, file
                assert not re.search(r"rasa run\b", text), file
    dockerfile = (DEPLOY / "Dockerfile.actions").read_text()
    assert 'ENTRYPOINT ["python", "-m", "serving.action_server"]' in dockerfile
    assert "serving/action_server.py" in dockerfile and "serving/log_privacy.py" in dockerfile
    [container] = deployments()["actions"]["containers"]
    assert container["command"] == ["python", "-m", "serving.action_server"]


def test_rasa_and_the_action_servers_share_the_secret_from_outside_the_files():
    endpoints = (ROOT / "endpoints.yml").read_text()
    assert re.search(r"headers:\s*\n\s*X-Action-Secret: \$\{ACTION_SERVER_SECRET\}", endpoints)
    services = COMPOSE["services"]
    for name in ("rasa", "actions"):
        assert services[name]["environment"]["ACTION_SERVER_SECRET"].startswith("${")
    for name in ("rasa", "actions"):
        [container] = deployments()[name]["containers"]
        [secret] = [v for v in container["env"] if v["name"] == "ACTION_SERVER_SECRET"]
        assert secret["valueFrom"] == {"secretKeyRef": {"name": "action-server", "key": "secret"}}


def template_variables() -> set:
    lines = [line.split("#", 1)[0] for line in TEMPLATE.splitlines()]
    return set(re.findall(r"\$\{([A-Z_]+)\}", "\n".join(lines)))


def test_every_nginx_template_variable_is_set_wherever_the_template_is_rendered():
    # The image's envsubst leaves a variable it is not given as it is, and nginx then refuses
    # the configuration.
    wanted = template_variables()
    assert {"LIMIT_REQ_RATE", "LIMIT_REQ_BURST", "LIMIT_CONN"} <= wanted
    dockerfile = (DEPLOY / "Dockerfile.nginx").read_text()
    assert {v for v in wanted if re.search(rf"\b{v}=", dockerfile)} == wanted
    assert set(COMPOSE["services"]["nginx"]["environment"]) == wanted
    [container] = deployments()["nginx"]["containers"]
    assert {v["name"] for v in container["env"]} == wanted


def test_local_rendering_fills_every_variable_with_the_production_limits(tmp_path):
    conf = local.render_nginx(tmp_path, 28080, [25005])
    site = (tmp_path / "chat.conf").read_text()
    assert conf.exists()
    assert not [line for line in site.splitlines() if "${" in line.split("#", 1)[0]]
    assert "rate=2r/s" in site and "burst=20 nodelay" in site
    assert "limit_conn chat_connections 10;" in site


def directives(text: str) -> dict:
    found: dict = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.endswith(";"):
            name, _, value = line[:-1].partition(" ")
            found.setdefault(name, []).append(value.strip())
    return found


def test_nginx_limits_each_client_and_logs_no_address():
    site = directives(TEMPLATE)
    assert site["limit_req"] == ["zone=chat_messages burst=${LIMIT_REQ_BURST} nodelay"]
    assert site["limit_conn"] == ["chat_connections ${LIMIT_CONN}"]
    assert site["limit_req_status"] == ["429"] and site["limit_conn_status"] == ["429"]
    # nginx's error lines name the client: this server writes none (only emerg).
    assert site["error_log"] == ["/dev/stderr emerg"]
    assert "$remote_addr" not in TEMPLATE.split("log_format", 1)[1].split(";", 1)[0]
    assert "$request " not in TEMPLATE and "$args" not in TEMPLATE  # no query strings
    assert site["server_tokens"] == ["off"] and site["autoindex"] == ["off"]


def test_nginx_keeps_bodies_in_memory():
    site = directives(TEMPLATE)
    assert site["client_max_body_size"] == ["32k"]
    assert site["client_body_buffer_size"] == ["32k"]  # the largest body fits the buffer
    assert site["proxy_max_temp_file_size"] == ["0"]


def test_nginx_sends_the_security_headers_on_every_answer():
    site = directives(TEMPLATE)
    headers = {value.split(" ", 1)[0]: value for value in site["add_header"]}
    assert set(headers) == {
        "Content-Security-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cache-Control",
    }
    assert all(value.endswith(" always") for value in headers.values())
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    # add_header in a location would silently drop these there: they are set once, for all.
    assert TEMPLATE.count("add_header") == len(headers)
