"""A small real HTTP server on 127.0.0.1 for tests (threads, no mocks).

    with serve({"/a.html": Route(body=b"<html>...</html>")}) as server:
        server.url("/a.html")

Routes map a path (query string included when it has one) to a :class:`Route`: status,
headers, body (bytes, or a callable giving chunks, for large bodies that should not sit
in memory), an optional delay before the answer or between chunks (for timeouts).
:func:`redirect` builds a redirect route. Every request is recorded in
:attr:`Server.requests` (path and lower-cased headers) so that tests can check what the
client sent. Unknown paths get a 404.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Body = bytes | Callable[[], Iterable[bytes]]


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    body: Body = b""
    #: Seconds to wait before sending the status line (a slow server).
    delay: float = 0.0
    #: Seconds to wait before each body chunk (a slow drip).
    chunk_delay: float = 0.0
    #: Send a Content-Length header (off: the body ends when the connection closes).
    content_length: bool = True
    #: Announce this Content-Length instead of the body's (more: a body cut short).
    announced_length: int | None = None


def redirect(location: str, status: int = 302) -> Route:
    return Route(status=status, headers={"Location": location}, body=b"")


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


class Server:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = dict(routes)
        self.requests: list[Request] = []
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def _sleep(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; False when it is."""
        return not self._stop.wait(seconds)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet tests

            def do_GET(self) -> None:
                server.requests.append(
                    Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                )
                route = server.routes.get(self.path) or server.routes.get(
                    self.path.split("?", 1)[0]
                )
                if route is None:
                    route = Route(404, {"Content-Type": "text/plain"}, b"not found")
                if route.delay and not server._sleep(route.delay):
                    return
                # The client may stop reading (size cap, timeout): expected.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(route)

            def _chunks(self, route: Route) -> Iterator[bytes]:
                if isinstance(route.body, bytes):
                    yield route.body
                else:
                    yield from route.body()

            def _answer(self, route: Route) -> None:
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.content_length:
                    if isinstance(route.body, bytes):
                        length = len(route.body)
                    else:
                        length = sum(len(c) for c in route.body())
                    if route.announced_length is not None:
                        length = route.announced_length
                        self.close_connection = True
                    self.send_header("Content-Length", str(length))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                for chunk in self._chunks(route):
                    if route.chunk_delay and not server._sleep(route.chunk_delay):
                        return
                    self.wfile.write(chunk)
                self.wfile.flush()

        return Handler


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    """A running server for the ``with`` block; routes may be added while it runs."""
    server = Server(routes)
    server.start()
    try:
        yield server
    finally:
        server.stop()
