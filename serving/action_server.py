"""The custom action server, started through the project's own entry point:

    python -m serving.action_server --actions actions --port 5055

Every start path uses it (deploy/local.py, which `make run` and the tests use,
deploy/Dockerfile.actions, deploy/k8s/actions.yaml) instead of `rasa run actions`. It serves the
Rasa SDK's own app (`rasa_sdk.endpoint.create_app` with the project's actions), with:

- **a size limit**: Sanic reads at most ACTION_SERVER_MAX_REQUEST_BYTES (2 MiB) of a body,
  instead of its default 100 MB. Not the channel's 32 KiB: each call from Rasa carries the whole
  domain (58 KB as JSON) and every event of the conversation so far. At the channel's cap of 60
  messages a call was measured at 663 KB (60 messages of 1,000 characters; 620 KB for 60 button
  answers), so 2 MiB leaves room and no more (docs/deployment.md);
- **no compressed bodies**: a request with a Content-Encoding other than `identity` gets 415
  before anything reads it. The SDK inflates `deflate` bodies with no limit (a 510 KB request
  took about 1 GB); Rasa 3.6 never compresses unless COMPRESS_ACTION_SERVER_REQUEST is set,
  which must stay unset;
- **a shared secret**, when ACTION_SERVER_SECRET is set (at least 16 characters): every request
  but `GET /health` must carry it in the `X-Action-Secret` header, or gets 401. Rasa sends it
  from endpoints.yml (`action_endpoint: headers:`), which reads the same variable. Empty or
  unset: no check (one machine, where the action server listens on 127.0.0.1 only);
- **errors that never echo the request**: the SDK's own handler answers HTTP 500 with the whole
  request (every message and slot) and logs the exception's message; this one answers
  `{"error": "<the status's name>"}` and logs the exception's type and where it was raised;
- **no CORS** (only Rasa calls it; the SDK's default allows every origin);
- **127.0.0.1 by default**: SANIC_HOST says where to listen (the SDK's default is 0.0.0.0);
  the containers set SANIC_HOST=0.0.0.0.

Plain Rasa SDK and Sanic only (the actions image has no Rasa), plus serving/log_privacy.py.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
from http import HTTPStatus
from typing import Mapping

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app as create_sdk_app
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from serving.log_privacy import describe_exception

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Action-Secret"
SECRET_VARIABLE = "ACTION_SERVER_SECRET"
MIN_SECRET_CHARS = 16
DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024
DEFAULT_PORT = 5055
DEFAULT_HOST = "127.0.0.1"
OPEN_PATHS = frozenset({"/health"})  # the probes carry no secret


class SettingError(ValueError):
    """An action server environment variable has a value that cannot be used."""


def shared_secret(env: Mapping[str, str] | None = None) -> str | None:
    """ACTION_SERVER_SECRET, or None when unset or empty (no check)."""
    raw = (os.environ if env is None else env).get(SECRET_VARIABLE, "").strip()
    if not raw:
        return None
    if len(raw) < MIN_SECRET_CHARS:
        raise SettingError(f"{SECRET_VARIABLE} must be at least {MIN_SECRET_CHARS} characters")
    return raw


def max_request_bytes(env: Mapping[str, str] | None = None) -> int:
    raw = (os.environ if env is None else env).get("ACTION_SERVER_MAX_REQUEST_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_REQUEST_BYTES
    if not raw.isdigit() or int(raw) <= 0:
        raise SettingError(
            f"ACTION_SERVER_MAX_REQUEST_BYTES must be a number of bytes, not {raw!r}"
        )
    return int(raw)


def _refusal(status: int, error: str) -> HTTPResponse:
    return response.json({"error": error}, status=status)


def create_app(
    actions: str = "actions",
    secret: str | None = None,
    max_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
) -> Sanic:
    """The Rasa SDK's app with the project's actions, hardened (see the module docstring)."""
    app = create_sdk_app(actions, cors_origins="")
    app.config.REQUEST_MAX_SIZE = max_bytes

    @app.middleware("request")
    async def require_secret(request: Request) -> HTTPResponse | None:
        if secret is None or request.path in OPEN_PATHS:
            return None
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
            logger.warning("Refused a request without the shared secret.")
            return _refusal(401, "unauthorized")
        return None

    @app.middleware("request")
    async def refuse_compressed_bodies(request: Request) -> HTTPResponse | None:
        # Runs before the SDK's handler, which would inflate a deflate body without a limit.
        encoding = request.headers.get("content-encoding", "").strip().lower()
        if encoding not in ("", "identity"):
            return _refusal(415, "compressed_body_refused")
        return None

    # Replaces the SDK's handler for Exception (Sanic keeps the last one registered).
    @app.exception(Exception)
    async def private_error(request: Request, exception: Exception) -> HTTPResponse:
        status = exception.status_code if isinstance(exception, SanicException) else 500
        if status >= 500:
            logger.error(f"The action server failed: {describe_exception(exception)}")
        try:
            name = HTTPStatus(status).phrase
        except ValueError:
            name = "error"
        return _refusal(status, name)

    return app


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description="The project's action server (serving/action_server.py)."
    )
    p.add_argument("--actions", default="actions", help="the package of custom actions")
    p.add_argument(
        "-p", "--port", type=int, default=int(os.environ.get("ACTION_PORT", DEFAULT_PORT))
    )
    utils.add_logging_level_option_arguments(p)
    return p


def main(argv: list | None = None) -> None:
    args = parser().parse_args(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.update_sanic_log_level()
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    secret = shared_secret()
    host = os.environ.get("SANIC_HOST", "").strip() or DEFAULT_HOST
    app = create_app(args.actions, secret=secret, max_bytes=max_request_bytes())
    logger.info(
        f"Action server on http://{host}:{args.port}: bodies up to "
        f"{app.config.REQUEST_MAX_SIZE} bytes, no compressed bodies, shared secret "
        f"{'required' if secret else 'off'}."
    )
    app.run(host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
