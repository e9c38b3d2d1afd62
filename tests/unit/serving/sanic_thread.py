"""A Sanic app served on a free local port from a background thread, for tests that need real
HTTP (sanic-testing is not installed). The app is built inside the thread's own event loop."""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any, Callable

from sanic import Sanic


class ServerThread:
    def __init__(self, make_app: Callable[[], Sanic]) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.make_app = make_app
        self.app: Sanic | None = None
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.app = self.make_app()
        server = self.loop.run_until_complete(  # listening from here
            self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True)
        )
        # The "before_server_start" listeners, as `rasa run` runs them (before any request).
        self.loop.run_until_complete(server.startup())
        self.loop.run_until_complete(server.before_start())
        self._ready.set()
        self.loop.run_forever()
        server.close()

    def __enter__(self) -> ServerThread:
        self._test_mode = Sanic.test_mode
        Sanic.test_mode = True  # app names (e.g. "rasa_sdk") may be taken by another test
        self._thread.start()
        assert self._ready.wait(30), "the server did not start"
        return self

    def __exit__(self, *exc: Any) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        Sanic.test_mode = self._test_mode

    def run(self, coroutine: Any, timeout: float = 30) -> Any:
        """Runs a coroutine on the server's loop (e.g. to reach its stores) and waits for it."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)
