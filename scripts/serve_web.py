"""Serves web/ (the demo council page and the widget) for `make run` and the tests.

The page is written for Rasa at http://localhost:5005; when RASA_PORT or RASA_PUBLIC_URL says
otherwise, that address is rewritten in the HTML as it is served. Every response carries the
headers a council site should send with the widget: a strict Content-Security-Policy,
no referrer, and no caching of pages.
"""

import argparse
import functools
import http.server
import os
from pathlib import Path

DEFAULT_RASA_URL = "http://localhost:5005"
WEB_ROOT = Path(__file__).resolve().parent.parent / "web"


class Handler(http.server.SimpleHTTPRequestHandler):
    rasa_url = DEFAULT_RASA_URL

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp())
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def csp(self) -> str:
        return (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {self.rasa_url}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'"
        )

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file() and self.rasa_url != DEFAULT_RASA_URL:
            body = path.read_bytes().replace(DEFAULT_RASA_URL.encode(), self.rasa_url.encode())
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()

    def log_message(self, format: str, *args) -> None:
        # Paths only (never message text, which goes to Rasa, not here).
        super().log_message(format, *args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", 8080)))
    parser.add_argument("--bind", default=os.environ.get("WEB_BIND", "127.0.0.1"))
    parser.add_argument(
        "--rasa-url",
        default=os.environ.get(
            "RASA_PUBLIC_URL", f"http://localhost:{os.environ.get('RASA_PORT', 5005)}"
        ),
    )
    args = parser.parse_args()
    Handler.rasa_url = args.rasa_url.rstrip("/")
    handler = functools.partial(Handler, directory=str(WEB_ROOT))
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
