"""No password is committed under deploy/, and `kubectl apply -k deploy/k8s` never writes a
Secret: the operator creates the Redis password once (docs/deployment.md), and re-applying the
manifests cannot replace it with a placeholder."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"

PLACEHOLDER = re.compile(
    r"change[-_ ]?me|change[-_ ]?it|replace[-_ ]?me|placeholder|hunter2|s3cret|"
    r"(password|secret|redis|admin)[-_]?123|"
    r"pass(word)?\s*[:=]\s*[\"']?(password|secret|redis|admin|example|test)\b",
    re.IGNORECASE,
)
PASSWORD_KEY = re.compile(r"pass(word)?$|^requirepass$", re.IGNORECASE)


def files_under(folder: Path):
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def yaml_documents():
    for path in files_under(DEPLOY):
        if path.suffix in (".yml", ".yaml"):
            for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
                if document is not None:
                    yield path, document


def from_outside(value: str) -> bool:
    """A value filled in when deployed: ${VAR} (compose) or $(VAR) (Kubernetes)."""
    return value.startswith(("${", "$("))


def literal_passwords(node, found):
    """Every password written as a literal: a `*password` key with a string value, or the
    argument after `--requirepass`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if PASSWORD_KEY.search(str(key)) and isinstance(value, str) and not from_outside(value):
                found.append(f"{key}: {value}")
            literal_passwords(value, found)
    elif isinstance(node, list):
        for before, after in zip(node, node[1:], strict=False):
            if before == "--requirepass" and isinstance(after, str) and not from_outside(after):
                found.append(f"--requirepass {after}")
        for item in node:
            literal_passwords(item, found)
    return found


def test_no_placeholder_password_anywhere_under_deploy():
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files_under(DEPLOY)
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if PLACEHOLDER.search(line)
    ]
    assert hits == []


def test_no_password_is_written_in_the_deploy_files():
    found = {
        str(path.relative_to(ROOT)): literal_passwords(doc, []) for path, doc in yaml_documents()
    }
    assert {path: values for path, values in found.items() if values} == {}


def test_applying_the_kustomization_writes_no_secret():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert "secretGenerator" not in kustomization
    kinds = [
        document.get("kind")
        for resource in kustomization["resources"]
        for document in yaml.safe_load_all((K8S / resource).read_text(encoding="utf-8"))
        if document
    ]
    assert "Deployment" in kinds  # the resources were read
    assert "Secret" not in kinds


def test_the_redis_password_is_read_from_the_secret_the_operator_creates():
    uses = []
    for _path, document in yaml_documents():
        if document.get("kind") != "Deployment":
            continue
        for container in document["spec"]["template"]["spec"]["containers"]:
            for variable in container.get("env", []):
                if variable["name"] == "REDIS_PASSWORD":
                    uses.append(variable["valueFrom"]["secretKeyRef"])
    assert uses == [{"name": "redis", "key": "password"}] * 2  # Redis and Rasa
