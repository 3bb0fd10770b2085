"""A local HTTP server on 127.0.0.1 (a free port) for the fakes that play GitHub, Jira and Linear, and a model API."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# method, path with its query, headers as sent, raw body -> status, extra headers, JSON payload bytes
Answer = Callable[[str, str, dict[str, str], bytes], tuple[int, dict[str, str], bytes]]


class LocalServer:
    """Serves `answer` in a daemon thread; `start()`/`stop()` or a `with` block."""

    def __init__(self, answer: Answer) -> None:
        self._server = _QuietServer(("127.0.0.1", 0), _handler(answer))
        # A short poll keeps `stop()` fast: shutdown waits for the serving loop's next poll.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True)

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()


class _QuietServer(ThreadingHTTPServer):
    """A threading server that stays quiet when a client hung up first (its timeout ran out)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler(answer: Answer) -> type[BaseHTTPRequestHandler]:
    """A request handler that reads the request whole and sends what `answer` returns, as JSON."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # one round trip per request, not a delayed-ACK wait

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            status, extra, payload = answer(self.command, self.path, dict(self.headers.items()), raw)
            self.send_response(status)
            for key, value in {"Content-Type": "application/json; charset=utf-8", **extra}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: the fakes keep their own request logs."""

    return Handler
