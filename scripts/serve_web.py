"""Serves web/ (the demo council page and the widget) for `make run` and the tests.

The page is written for Rasa at http://localhost:5005; when RASA_PORT or RASA_PUBLIC_URL says
otherwise, that address is rewritten in the HTML as it is served. Every response (errors too)
carries the headers a council site should send with the widget: a strict
Content-Security-Policy that forbids framing, no referrer, no type sniffing, and no caching.
Folders are never listed (a folder without index.html is 404), and the log line of a request
has its method, path (without the query string) and status: no client address.
"""

import argparse
import functools
import http.server
import os
import sys
from pathlib import Path

DEFAULT_RASA_URL = "http://localhost:5005"
WEB_ROOT = Path(__file__).resolve().parent.parent / "web"


class Handler(http.server.SimpleHTTPRequestHandler):
    rasa_url = DEFAULT_RASA_URL

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp())
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def csp(self) -> str:
        return (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {self.rasa_url}; object-src 'none'; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'self'"
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

    def list_directory(self, path):
        self.send_error(404, "Not found")
        return None

    def log_request(self, code="-", size="-") -> None:
        # Method, path without the query string, status: no client address, and never message
        # text (which goes to Rasa, not here).
        method = (getattr(self, "command", None) or "-")[:16]
        path = (getattr(self, "path", None) or "-").split("?", 1)[0].split("#", 1)[0][:200]
        status = getattr(code, "value", code)
        sys.stderr.write(f'{self.log_date_time_string()} "{method} {path}" {status}\n')

    def log_error(self, format: str, *args) -> None:
        # The status line of an error is logged by log_request; the error's own words can quote
        # the request line (with its query string), so they are not.
        return None


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
