"""The device's HTTP client for the central service: typed calls, gzip, timeouts and
retries with exponential backoff and jitter.

Every call here is safe to repeat: enrolment replays its reply for the same
device keys, pushes are idempotent per (id, version, content), and pulls are
read-only. So a call cut at any point is simply tried again, and a sync cut for
good resumes from what was committed locally.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import ipaddress
import json
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

GZIP_OVER = 1024  # request bodies larger than this are sent gzipped


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(value: Any, what: str) -> bytes:
    """Decode base64 from the service, or raise MalformedReply naming the field."""
    if not isinstance(value, str):
        raise MalformedReply(f"{what} is missing")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise MalformedReply(f"{what} is not valid base64") from None


class SyncError(Exception):
    """Something a person must be told about a sync or a join, in plain words."""


class InsecureServer(SyncError):
    pass


class Unreachable(SyncError):
    """The service could not be reached, or the exchange was cut (try again later).
    ``again`` is False where trying again cannot help (no secure connection could be
    made: a wrong address or certificate)."""

    def __init__(self, message: str, *, again: bool = True) -> None:
        super().__init__(message)
        self.again = again


class MalformedReply(SyncError):
    """The service answered something this laptop cannot read."""


class ServiceError(SyncError):
    """The service answered with a problem document."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        detail = str(problem.get("detail") or problem.get("title") or f"HTTP {status}")
        super().__init__(detail)
        self.status = status
        self.code = str(problem.get("code", ""))
        self.problem = problem


def check_server_url(url: str) -> str:
    """The service address, refusing plain http:// except to this computer itself.

    Raises:
        InsecureServer: with a sentence saying why.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InsecureServer(
            f"{url!r} is not a service address; it should look like https://mentoring.example.org"
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise InsecureServer(
            "mentorapp only talks to a service over https:// (encrypted), except on this "
            f"computer itself. Ask your administrator for the https:// address instead of {url}."
        )
    return url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter: wait a random time up to
    ``min(cap, base * 2**attempt)`` between attempts."""

    attempts: int = 4
    base: float = 0.5
    cap: float = 8.0

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.cap, self.base * 2**attempt))  # noqa: S311


RETRY_STATUS = {429, 500, 502, 503, 504}
# Plain answers (no problem document) that mean the address is not a mentorapp service.
NOT_A_SERVICE = {404, 405, 501}
NO_ENDPOINT = {"no-such-endpoint", "method-not-allowed"}


@dataclass
class WireStats:
    """Bytes this client sent and received on the wire (bodies, after compression)."""

    sent: int = 0
    received: int = 0
    requests: int = 0


class ServiceClient:
    """One device's connection to the service."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        verify: Any = True,
    ) -> None:
        self.base_url = check_server_url(base_url)
        self.token = token
        self.retry = retry or RetryPolicy()
        self.stats = WireStats()
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            transport=transport,
            headers={"Accept-Encoding": "gzip"},
            verify=verify,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ServiceClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- transport -----------------------------------------------------------------

    def request(self, method: str, path: str, *, body: Any = None, params: Any = None) -> Any:
        """One call, retried on a cut, a timeout or a temporary refusal.

        Raises:
            Unreachable: still failing after the last attempt.
            ServiceError: the service refused with a problem document.
        """
        headers: dict[str, str] = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        content: bytes | None = None
        if body is not None:
            content = json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
            if len(content) > GZIP_OVER:
                content = gzip.compress(content, compresslevel=6)
                headers["Content-Encoding"] = "gzip"
        last: Exception | None = None
        for attempt in range(self.retry.attempts):
            if attempt:
                self._sleep(self._wait(attempt, last))
            try:
                response = self._http.request(
                    method, path, content=content, params=params, headers=headers
                )
                raw = response.read()
            except (httpx.TransportError, httpx.DecodingError) as exc:
                last = exc
                continue
            self.stats.requests += 1
            self.stats.sent += len(content or b"")
            self.stats.received += int(response.num_bytes_downloaded)
            if response.status_code in RETRY_STATUS:
                last = _Temporary(response)
                continue
            return self._result(response, raw)
        raise Unreachable(_why(last, self.base_url), again=not _insecure(last))

    def _wait(self, attempt: int, last: Exception | None) -> float:
        if isinstance(last, _Temporary):
            after = last.response.headers.get("Retry-After", "")
            if after.isascii() and after.isdigit():  # isdigit() alone takes superscripts
                return min(float(after), self.retry.cap)
        return self.retry.delay(attempt)

    def _result(self, response: httpx.Response, raw: bytes) -> Any:
        status = response.status_code
        if status >= 400:
            try:
                problem = json.loads(raw)
                if not isinstance(problem, dict):
                    raise ValueError
            except ValueError:
                problem = {"detail": f"HTTP {status}"}
            code = problem.get("code")
            if status in NOT_A_SERVICE and (not isinstance(code, str) or code in NO_ENDPOINT):
                # Every refusal of a mentorapp service is a problem document with a code;
                # an unknown path answered plainly is another kind of server, and one
                # answered with no-such-endpoint is a wrong address (a path too many).
                problem = {
                    "code": "not-mentorapp",
                    "detail": f"{self.base_url} does not answer like a mentorapp service "
                    f"(HTTP {status}). Check the address with your administrator.",
                }
            raise ServiceError(status, problem)
        if status == 204 or not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise MalformedReply(
                f"{self.base_url} sent something that is not a mentorapp service's answer; "
                "check the address with your administrator."
            ) from exc

    # -- calls -------------------------------------------------------------------------------

    def enrol(self, code: str, verify_public: bytes, recipient_public: bytes, label: str) -> Any:
        return self.request(
            "POST",
            "/v1/enrol",
            body={
                "code": code,
                "device": {
                    "verify_public": b64(verify_public),
                    "recipient_public": b64(recipient_public),
                    "label": label,
                },
            },
        )

    def complete_enrolment(self, body: dict[str, Any]) -> None:
        self.request("POST", "/v1/enrol/complete", body=body)

    def set_org_keys(self, body: dict[str, Any]) -> None:
        self.request("POST", "/v1/org/keys", body=body)

    def directory(self) -> Any:
        return self.request("GET", "/v1/keys")

    def review_key(self) -> Any:
        return self.request("GET", "/v1/keys/review-key")

    def certify(self, user_id: str, body: dict[str, Any]) -> None:
        self.request("POST", f"/v1/keys/{user_id}/certificate", body=body)

    def put_key_backup(self, blob: bytes) -> None:
        self.request("PUT", "/v1/me/key-backup", body={"key_backup": b64(blob)})

    def push(self, envelopes: list[dict[str, Any]]) -> Any:
        return self.request("POST", "/v1/push", body={"envelopes": envelopes})

    def pull(self, cursor: str | None, limit: int) -> Any:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self.request("GET", "/v1/pull", params=params)

    def fetch(self, ids: list[str]) -> Any:
        return self.request("POST", "/v1/fetch", body={"ids": ids})

    def index(self, after: str | None, limit: int) -> Any:
        params: dict[str, Any] = {"limit": limit}
        if after:
            params["after"] = after
        return self.request("GET", "/v1/index", params=params)

    def summary(self) -> Any:
        return self.request("GET", "/v1/summary")


class _Temporary(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def _insecure(last: Exception | None) -> bool:
    """The TLS handshake failed (not a TLS server, or a certificate not trusted)."""
    cause: BaseException | None = last
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return True
        cause = cause.__cause__ or cause.__context__
    return isinstance(last, httpx.ConnectError) and "SSL" in str(last)


def _why(last: Exception | None, url: str) -> str:
    if isinstance(last, _Temporary):
        return (
            f"The service at {url} is busy or having a problem (HTTP "
            f"{last.response.status_code}). Nothing was lost; it will be tried again."
        )
    if isinstance(last, httpx.TimeoutException):
        return f"The service at {url} did not answer in time. Nothing was lost; try again later."
    if _insecure(last):
        return (
            f"No secure connection could be made to {url} ({last}). Check the address "
            "with your administrator: is it the service's https:// address?"
        )
    if isinstance(last, httpx.ConnectError):
        return (
            f"Cannot reach the service at {url} (no connection). Nothing was lost; try "
            "again when this laptop is connected."
        )
    return f"The connection to {url} was cut. Nothing was lost; the next sync resumes."


__all__ = [
    "InsecureServer",
    "MalformedReply",
    "RetryPolicy",
    "ServiceClient",
    "ServiceError",
    "SyncError",
    "Unreachable",
    "b64",
    "check_server_url",
    "unb64",
]
