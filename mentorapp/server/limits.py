"""Request body size limit (ASGI middleware), per-device rate limiting, and the limit on
failed sign-ins and enrolment attempts."""

from __future__ import annotations

import json
import math
import threading
import time
import zlib
from collections.abc import Iterable
from typing import Any

from mentorapp.server.problems import PROBLEM_JSON, Problem

ASGIApp = Any


def _problem_response(problem: Problem) -> tuple[dict[str, Any], bytes]:
    body = json.dumps(problem.body()).encode()
    start = {
        "type": "http.response.start",
        "status": problem.status,
        "headers": [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    return start, body


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` before they are read into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> Problem:
        return Problem(
            413,
            "body-too-large",
            "Request too large",
            f"Send at most {self.max_bytes} bytes per request; split the batch.",
        )

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.max_bytes + 1
                if declared > self.max_bytes:
                    start, body = _problem_response(self._too_large())
                    await send(start)
                    await send({"type": "http.response.body", "body": body})
                    return
        received = 0
        outer = self

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > outer.max_bytes:
                    raise outer._too_large()
            return message

        await self.app(scope, limited_receive, send)


class RateLimiter:
    """A token bucket per key (device id): ``rate`` requests a second, bursts of ``burst``."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - stamp) * self.rate)
            if tokens < 1:
                wait = (1 - tokens) / self.rate
                problem = Problem(
                    429,
                    "rate-limited",
                    "Too many requests",
                    f"Slow down: try again in {wait:.1f} s.",
                )
                problem.headers["Retry-After"] = str(max(1, round(wait)))
                self._buckets[key] = (tokens, now)
                raise problem
            self._buckets[key] = (tokens - 1, now)


class FailureLimiter:
    """Failed sign-ins and enrolment attempts, counted per key (a client address, a
    device id): each key may fail ``per_minute`` times at once, then once every
    ``60 / per_minute`` seconds. While a key has no failures left, its attempts are
    refused before they are checked, so guessing runs no faster than the limit
    whatever the guesses are. 0 switches the limit off."""

    MAX_KEYS = 100_000  # beyond this, keys that have fully recovered are forgotten

    def __init__(self, per_minute: float) -> None:
        self.capacity = max(1.0, per_minute)
        self.rate = per_minute / 60
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _tokens(self, key: str, now: float) -> float:
        tokens, stamp = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - stamp) * self.rate)

    def check(self, keys: Iterable[str]) -> None:
        """Raise a 429 problem (with Retry-After) if any key has no failures left."""
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            wait = max(((1 - self._tokens(k, now)) / self.rate for k in keys), default=0.0)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            problem = Problem(
                429,
                "too-many-failures",
                "Too many failed attempts",
                f"Too many wrong codes or credentials were tried (from this address or for this "
                f"laptop): try again in {seconds} s.",
            )
            problem.headers["Retry-After"] = str(seconds)
            raise problem

    def failed(self, keys: Iterable[str]) -> None:
        """Count one failed attempt against each key."""
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            if len(self._buckets) > self.MAX_KEYS:
                self._buckets = {
                    k: v for k, v in self._buckets.items() if self._tokens(k, now) < self.capacity
                }
            for key in keys:
                self._buckets[key] = (self._tokens(key, now) - 1, now)


class GzipRequests:
    """Accept request bodies sent with ``Content-Encoding: gzip`` (devices compress
    pushes), inflating at most ``max_bytes``: a small body that inflates to gigabytes
    is refused like any other oversized one."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = scope.get("headers", []) if scope["type"] == "http" else []
        if not any(k == b"content-encoding" and v.strip() == b"gzip" for k, v in headers):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        inflater = zlib.decompressobj(wbits=31)
        try:
            body = inflater.decompress(b"".join(chunks), self.max_bytes + 1)
            if len(body) > self.max_bytes or inflater.unconsumed_tail:
                problem = Problem(
                    413,
                    "body-too-large",
                    "Request too large",
                    f"Send at most {self.max_bytes} bytes (uncompressed) per request.",
                )
                start, payload = _problem_response(problem)
                await send(start)
                await send({"type": "http.response.body", "body": payload})
                return
            if not inflater.eof:
                raise zlib.error("the compressed body is cut short")
        except zlib.error as exc:
            start, payload = _problem_response(
                Problem(400, "malformed-body", "Body does not decompress", str(exc))
            )
            await send(start)
            await send({"type": "http.response.body", "body": payload})
            return
        scope = dict(scope)
        scope["headers"] = [
            (k, v) for k, v in headers if k not in (b"content-encoding", b"content-length")
        ] + [(b"content-length", str(len(body)).encode())]
        sent = False

        async def inflated() -> dict[str, Any]:
            nonlocal sent
            if sent:
                message: dict[str, Any] = await receive()
                return message
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, inflated, send)
