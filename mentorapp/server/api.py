"""The HTTP API (FastAPI). Thin: parsing, auth, limits; the work is in services."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from mentorapp import __version__
from mentorapp.server import services
from mentorapp.server.db import current_revision, head_revision, sessions
from mentorapp.server.limits import BodyLimit, RateLimiter
from mentorapp.server.models import Organisation
from mentorapp.server.problems import PROBLEM_JSON, Problem

log = logging.getLogger("mentorapp.server")


@dataclass(frozen=True)
class Settings:
    max_body_bytes: int = 8 * 1024 * 1024
    max_batch: int = 500
    rate_per_second: float = 50.0
    rate_burst: int = 100


# --- documented shapes -------------------------------------------------------------------


class ProblemDoc(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    code: str = Field(description="Stable, machine-readable error code")


class EnvelopeIn(BaseModel):
    id: str = Field(description="Record UUID")
    record_type: str
    version: int = Field(ge=1)
    base_version: int = Field(ge=0, description="The version this one was edited from")
    deleted: bool = False
    ciphertext: str = Field(description="Base64; empty for a tombstone")
    wrapped_keys: dict[str, str] = Field(
        default_factory=dict, description="Recipient id to base64 HPKE-sealed key"
    )
    signature: str = Field(description="Base64 Ed25519 signature by the author device")
    author_device: str
    addressed_to: str | None = None


class PushRequest(BaseModel):
    envelopes: list[EnvelopeIn]


class EnvelopeOut(BaseModel):
    id: str
    record_type: str
    version: int
    base_version: int
    deleted: bool
    purged: bool
    owner_id: str
    addressed_to: str | None
    author_device: str
    ciphertext: str | None
    wrapped_keys: dict[str, str]
    signature: str | None
    seq: int


class PushResult(BaseModel):
    id: str | None
    status: str = Field(description="accepted, duplicate, conflict or rejected")
    version: int | None = None
    seq: int | None = None
    code: str | None = None
    reason: str | None = None
    current: EnvelopeOut | None = None


class PushResponse(BaseModel):
    results: list[PushResult]


class PullResponse(BaseModel):
    changes: list[EnvelopeOut]
    cursor: str
    more: bool


class SummaryResponse(BaseModel):
    count: int
    hash: str


class EnrolDevice(BaseModel):
    verify_public: str
    recipient_public: str
    label: str = ""
    device_id: str | None = Field(
        default=None,
        description="The id the device would like (used if free); the reply says which it got",
    )


class EnrolRequest(BaseModel):
    code: str
    device: EnrolDevice
    user_keys: dict[str, str] | None = None


class OrgKeysRequest(BaseModel):
    signing_public: str
    review_public: str
    review_key_sealed: str
    certificate: str


class EnrolReply(BaseModel):
    device_id: str
    user_id: str
    role: str
    team_id: str | None
    org_id: str
    org_name: str
    org_signing_public: str | None
    org_review_public: str | None
    org_fingerprint: str | None
    needs_org_keys: bool = Field(
        description="True for an organisation's first supervisor: "
        "their device must now POST /v1/org/keys"
    )
    sealed_credential: str


class CertifyRequest(BaseModel):
    certificate: str
    review_key_sealed: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemDoc, "content": {PROBLEM_JSON: {}}}
    for code in (400, 401, 403, 404, 409, 413, 422, 429)
}


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.factory() as session:
        yield session


DB = Annotated[Session, Depends(get_db)]


def get_caller(
    request: Request, session: DB, authorization: Annotated[str | None, Header()] = None
) -> services.Caller:
    who = services.authenticate(session, authorization)
    session.commit()  # last_seen
    request.app.state.limiter.check(who.device_id)
    return who


Caller = Annotated[services.Caller, Depends(get_caller)]


def _problem_json(problem: Problem, request: Request) -> JSONResponse:
    return JSONResponse(
        problem.body(request.url.path),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=problem.headers,
    )


def create_app(engine: Engine, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    factory: sessionmaker[Session] = sessions(engine)
    limiter = RateLimiter(settings.rate_per_second, settings.rate_burst)
    app = FastAPI(
        title="mentorapp central service",
        version=__version__,
        description="Stores end-to-end encrypted record envelopes for mentorapp devices. "
        "It never sees record content. Errors are RFC 9457 problem details.",
        responses=ERRORS,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.state.factory = factory
    app.state.limiter = limiter

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> JSONResponse:
        return _problem_json(exc, request)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")}
            for e in exc.errors()
        ]
        problem = Problem(
            422,
            "invalid-request",
            "The request is not valid",
            "; ".join(f"{e['where']}: {e['message']}" for e in errors),
            errors=errors,
        )
        return _problem_json(problem, request)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return _problem_json(Problem(exc.status_code, code, str(exc.detail)), request)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return _problem_json(
            Problem(
                500,
                "server-error",
                "Something went wrong",
                "The server hit an error; nothing was changed.",
            ),
            request,
        )

    async def json_body(request: Request) -> Any:
        try:
            return json.loads(await request.body())
        except ValueError as exc:
            raise Problem(400, "malformed-json", "Body is not JSON", str(exc)) from exc

    @app.get("/v1/health", tags=["service"])
    def health(session: DB) -> dict[str, Any]:
        """Liveness and schema check; needs no credential."""
        revision = current_revision(session.get_bind())  # type: ignore[arg-type]
        return {
            "status": "ok",
            "version": __version__,
            "schema_current": revision == head_revision(),
        }

    @app.post("/v1/enrol", response_model=EnrolReply, tags=["devices"])
    def enrol(body: EnrolRequest, session: DB) -> dict[str, Any]:
        """Spend a one-time enrolment code for this device's public keys.

        The code is spent even if the reply is lost; a retry with the same keys
        gets the same reply.
        """
        with session.begin():
            return services.enrol(session, body.model_dump())

    @app.post("/v1/org/keys", status_code=204, tags=["keys"])
    def org_keys(body: OrgKeysRequest, who: Caller, session: DB) -> None:
        """The first supervisor's device sets up the organisation's public keys (once)."""
        with session.begin():
            services.set_org_keys(session, who, body.model_dump())

    @app.get("/v1/me", tags=["devices"])
    def me(who: Caller) -> dict[str, Any]:
        return {
            "user_id": who.user_id,
            "device_id": who.device_id,
            "org_id": who.org_id,
            "role": who.role,
            "team_id": who.team_id,
        }

    push_schema = PushRequest.model_json_schema()

    @app.post(
        "/v1/push",
        response_model=PushResponse,
        tags=["sync"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": push_schema}},
            }
        },
    )
    async def push(request: Request, who: Caller) -> dict[str, Any]:
        """Store a batch of envelopes. Each gets its own result: accepted, duplicate
        (identical resend), conflict (with the server's current envelope) or rejected."""
        body = await json_body(request)
        if not isinstance(body, dict) or not isinstance(body.get("envelopes"), list):
            raise Problem(
                422, "invalid-request", "The request is not valid", 'Send {"envelopes": [...]}.'
            )
        items = body["envelopes"]
        if len(items) > settings.max_batch:
            raise Problem(
                413,
                "batch-too-large",
                "Batch too large",
                f"Send at most {settings.max_batch} envelopes per push.",
            )
        results = await run_in_threadpool(services.push, factory, who, items)
        return {"results": results}

    @app.get("/v1/pull", response_model=PullResponse, tags=["sync"])
    def pull(
        who: Caller,
        session: DB,
        cursor: Annotated[str | None, Query(max_length=64)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> dict[str, Any]:
        """Changes after the cursor that this device's user may see, tombstones included."""
        with session.begin():
            return services.pull(session, who, cursor, limit)

    @app.get("/v1/summary", response_model=SummaryResponse, tags=["sync"])
    def summary(who: Caller, session: DB) -> dict[str, Any]:
        """Count and hash of the (id, version) pairs this user may see."""
        return services.visible_summary(session, who)

    @app.get("/v1/keys", tags=["keys"])
    def keys(who: Caller, session: DB) -> dict[str, Any]:
        """The organisation's public keys and its members' certified public keys."""
        with session.begin():
            return services.key_directory(session, who)

    @app.get("/v1/keys/review-key", tags=["keys"])
    def review_key(who: Caller, session: DB) -> dict[str, Any]:
        """The organisation's review key, sealed to this supervisor's own key."""
        with session.begin():
            return services.my_review_key(session, who)

    @app.post("/v1/keys/{user_id}/certificate", status_code=204, tags=["keys"])
    def certify(user_id: str, body: CertifyRequest, who: Caller, session: DB) -> None:
        """A supervisor's device certifies a member's keys (and may share the review key)."""
        with session.begin():
            services.certify(session, who, user_id, body.model_dump())

    @app.post("/v1/records/{record_id}/erase", tags=["sync"])
    def erase(record_id: str, who: Caller, session: DB) -> dict[str, Any]:
        """Purge a record's ciphertext; a content-free tombstone propagates to devices."""
        with session.begin():
            return services.erase(session, who, record_id)

    def _admin_org(who: services.Caller, session: Session) -> Organisation:
        services.require_role(who, "admin")
        org = session.get(Organisation, who.org_id)
        assert org is not None
        return org

    @app.get("/v1/admin/users", tags=["admin"])
    def admin_users(who: Caller, session: DB) -> list[dict[str, Any]]:
        """Members of the admin's organisation (no record content)."""
        return services.list_users(session, _admin_org(who, session))

    @app.get("/v1/admin/devices", tags=["admin"])
    def admin_devices(who: Caller, session: DB) -> list[dict[str, Any]]:
        return services.list_devices(session, _admin_org(who, session))

    @app.post("/v1/admin/devices/{device_id}/revoke", tags=["admin"])
    def admin_revoke(device_id: str, who: Caller, session: DB) -> dict[str, Any]:
        """Revoke a device at once; its next request gets 401."""
        with session.begin():
            org = _admin_org(who, session)
            device = services.revoke_device(session, device_id, who.actor, org.id)
            return {"device_id": device.id, "revoked": True}

    return app
