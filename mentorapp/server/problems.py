"""Errors as RFC 9457 problem details: a stable ``code`` and a human message."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """Raise anywhere in the server to answer with a problem document."""

    def __init__(self, status: int, code: str, title: str, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or title)
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail or title
        self.extra = extra
        self.headers: dict[str, str] = {}

    def body(self, instance: str | None = None) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "type": f"/problems/{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            doc["instance"] = instance
        doc.update(self.extra)
        return doc


def unauthenticated(
    detail: str = "Send the device credential as 'Authorization: Bearer <device-id>.<secret>'.",
) -> Problem:
    problem = Problem(401, "unauthenticated", "Not signed in", detail)
    problem.headers["WWW-Authenticate"] = 'Bearer realm="mentorapp"'
    return problem


def forbidden(detail: str) -> Problem:
    return Problem(403, "forbidden", "Not allowed", detail)


def not_found(detail: str) -> Problem:
    return Problem(404, "not-found", "Not found", detail)
