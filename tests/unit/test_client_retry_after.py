"""The device's client reads a service's Retry-After as ASCII seconds only: a lying or
broken service that sends a superscript digit gets the normal backoff, not a crash."""

from __future__ import annotations

import httpx
import pytest

from mentorapp.sync.client import RetryPolicy, ServiceClient


@pytest.mark.parametrize(("header", "waited"), [("3", 3.0), ("\u00b2", None), ("\u0661", None)])
def test_retry_after_takes_ascii_digits_only(header: str, waited: float | None) -> None:
    answers = iter(
        [
            httpx.Response(
                429, headers={"Retry-After": header.encode()}, json={"code": "rate-limited"}
            ),
            httpx.Response(200, json={"status": "ok"}),
        ]
    )
    sleeps: list[float] = []
    policy = RetryPolicy(attempts=2, base=0.01)  # backoff: at most 0.02 s here
    with ServiceClient(
        "http://127.0.0.1:9",
        retry=policy,
        transport=httpx.MockTransport(lambda request: next(answers)),
        sleep=sleeps.append,
    ) as client:
        assert client.request("GET", "/v1/health") == {"status": "ok"}
    assert len(sleeps) == 1
    if waited is not None:
        assert sleeps == [waited]
    else:
        assert sleeps[0] <= 0.02  # the backoff, not a misread header
