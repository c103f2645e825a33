"""A real HTTP proxy on 127.0.0.1 between a device and the real server, for faults and
for lies.

Faults (one per request, chosen by a callable): the connection refused or reset
before the request is read, the request cut mid-body, the response cut after the
server committed, a truncated body, a stall longer than the client waits, a reset
after the server answered, or a 500/502/503 instead of (or after) forwarding.

Lies: ``tamper(path, reply_json) -> reply_json`` rewrites what the server said
before the device sees it, playing a server that lies.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

FAULTS = (
    "refuse",
    "cut_request",
    "cut_response",
    "truncate",
    "stall",
    "reset",
    "error_500",
    "error_502_after",
    "error_503",
)

Tamper = Callable[[str, str, Any], Any]


@dataclass
class ProxyStats:
    requests: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    bytes_up: int = 0  # request bodies as sent on the wire
    bytes_down: int = 0  # response bodies as sent on the wire
    push_bodies: list[int] = field(default_factory=list)


class FaultyProxy:
    def __init__(
        self,
        upstream: str,
        choose: Callable[[str, str], str | None] | None = None,
        tamper: Tamper | None = None,
        stall_seconds: float = 3.0,
        tamper_request: Tamper | None = None,
    ) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.choose = choose or (lambda _m, _p: None)
        self.tamper = tamper
        self.tamper_request = tamper_request
        self.stall_seconds = stall_seconds
        self.stats = ProxyStats()
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def _any(self) -> None:
                proxy._handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- handling ------------------------------------------------------------------

    def _count(self, fault: str | None, up: int = 0, down: int = 0) -> None:
        with self._lock:
            self.stats.requests += 1
            self.stats.bytes_up += up
            self.stats.bytes_down += down
            if fault:
                self.stats.faults[fault] = self.stats.faults.get(fault, 0) + 1

    @staticmethod
    def _hard_close(handler: BaseHTTPRequestHandler, reset: bool = False) -> None:
        handler.close_connection = True
        with contextlib.suppress(OSError):
            if reset:
                handler.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            else:
                handler.connection.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            handler.connection.close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:  # noqa: PLR0911 (one per fault)
        method, path = handler.command, handler.path
        fault = self.choose(method, path)
        if fault == "refuse":
            self._count(fault)
            self._hard_close(handler, reset=True)
            return
        length = int(handler.headers.get("Content-Length") or 0)
        if fault == "cut_request":
            handler.rfile.read(length // 2)
            self._count(fault, up=length // 2)
            self._hard_close(handler)
            return
        body = handler.rfile.read(length) if length else b""
        headers_in: Any = handler.headers
        if self.tamper_request is not None and body:
            body, headers_in = self._tampered_request(method, path, handler.headers, body)
        if path.startswith("/v1/push"):
            with self._lock:
                self.stats.push_bodies.append(len(body))
        if fault in ("error_500", "error_503"):
            self._count(fault, up=len(body))
            self._send(handler, int(fault[-3:]), {"code": "proxy", "detail": "injected"})
            return
        if fault == "stall":
            self._count(fault, up=len(body))
            time.sleep(self.stall_seconds)
            self._hard_close(handler)
            return
        status, headers, reply = self._forward(method, path, headers_in, body)
        if fault == "error_502_after":
            self._count(fault, up=len(body))
            self._send(handler, 502, {"code": "proxy", "detail": "bad gateway after commit"})
            return
        if fault in ("cut_response", "reset"):
            self._count(fault, up=len(body))
            self._hard_close(handler, reset=fault == "reset")
            return
        if self.tamper is not None and reply:
            reply, headers = self._tampered(method, path, headers, reply)
        self._count(fault, up=len(body), down=len(reply))
        handler.send_response(status)
        for name, value in headers:
            if name.lower() not in (
                "content-length",
                "transfer-encoding",
                "connection",
                "date",
                "server",
            ):
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(reply)))
        handler.end_headers()
        if fault == "truncate":
            handler.wfile.write(reply[: len(reply) // 2])
            handler.wfile.flush()
            self._hard_close(handler)
            return
        handler.wfile.write(reply)

    def _forward(
        self, method: str, path: str, headers: Any, body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=60)
        try:
            send = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
            conn.request(method, path, body=body or None, headers=send)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()

    def _tampered_request(
        self, method: str, path: str, headers: Any, body: bytes
    ) -> tuple[bytes, Any]:
        """What a lying server does with a request before its honest part sees it."""
        assert self.tamper_request is not None
        zipped = headers.get("Content-Encoding") == "gzip"
        try:
            doc = json.loads(gzip.decompress(body) if zipped else body)
        except ValueError:
            return body, headers
        out = json.dumps(self.tamper_request(method, path.split("?", maxsplit=1)[0], doc)).encode()
        kept = {
            k: v
            for k, v in headers.items()
            if k.lower() not in ("content-encoding", "content-length")
        }
        kept["Content-Length"] = str(len(out))
        return out, kept

    def _tampered(
        self, method: str, path: str, headers: list[tuple[str, str]], reply: bytes
    ) -> tuple[bytes, list[tuple[str, str]]]:
        assert self.tamper is not None
        zipped = any(k.lower() == "content-encoding" and v == "gzip" for k, v in headers)
        raw = gzip.decompress(reply) if zipped else reply
        try:
            doc = json.loads(raw)
        except ValueError:
            return reply, headers
        changed = self.tamper(method, path.split("?", maxsplit=1)[0], doc)
        out = json.dumps(changed).encode()
        headers = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
        return out, headers

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, doc: dict[str, Any]) -> None:
        body = json.dumps(doc).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/problem+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@contextlib.contextmanager
def proxy_to(upstream: str, **kw: Any) -> Iterator[FaultyProxy]:
    with FaultyProxy(upstream, **kw) as proxy:
        yield proxy
