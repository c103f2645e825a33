"""The HTTP API (FastAPI). Thin: parsing, auth, limits; the work is in services."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.constants import REF_TEMPLATE
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic.json_schema import models_json_schema
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mentorapp import __version__
from mentorapp.server import services
from mentorapp.server.db import current_revision, head_revision, sessions
from mentorapp.server.limits import BodyLimit, FailureLimiter, GzipRequests, RateLimiter
from mentorapp.server.models import Organisation
from mentorapp.server.problems import PROBLEM_JSON, Problem
from mentorapp.server.schemas import (
    UUID_PATTERN,
    AdminDevice,
    AdminUser,
    CertifyRequest,
    EnrolComplete,
    EnrolReply,
    EnrolRequest,
    ErasedRecord,
    FetchRequest,
    FetchResponse,
    HealthResponse,
    IndexResponse,
    KeyBackupRequest,
    KeyDirectory,
    Me,
    OrgKeysRequest,
    ProblemDoc,
    PullResponse,
    PushRequest,
    PushResponse,
    ReviewKey,
    RevokedDevice,
    SummaryResponse,
)
from mentorapp.server.services.attempts import Attempts

log = logging.getLogger("mentorapp.server")


@dataclass(frozen=True)
class Settings:
    max_body_bytes: int = 8 * 1024 * 1024
    max_batch: int = 500
    rate_per_second: float = 50.0
    rate_burst: int = 100
    failed_attempts_per_minute: float = 10.0


def _problem_response(description: str | None = None) -> dict[str, Any]:
    """An error response as documented: a problem document, in its own media type."""
    response: dict[str, Any] = {
        "content": {PROBLEM_JSON: {"schema": {"$ref": REF_TEMPLATE.format(model="ProblemDoc")}}}
    }
    if description:
        response["description"] = description
    return response


ERRORS: dict[int | str, dict[str, Any]] = {
    code: _problem_response() for code in (400, 401, 403, 404, 409, 413, 422, 429, 500)
}

# Models the document refers to by $ref without a route declaring them: errors are
# answered by exception handlers, and push reads its body itself (see push below).
_REFERENCED_ONLY: dict[str, Any] = models_json_schema(
    [(ProblemDoc, "serialization"), (PushRequest, "validation")], ref_template=REF_TEMPLATE
)[1]["$defs"]


class _Service(FastAPI):
    def openapi(self) -> dict[str, Any]:
        """The generated document, with the models only referred to by $ref added."""
        document = super().openapi()
        components = document.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in _REFERENCED_ONLY.items():
            components.setdefault(name, schema)
        return document


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.factory() as session:
        yield session


DB = Annotated[Session, Depends(get_db)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def get_caller(
    request: Request, session: DB, authorization: Annotated[str | None, Header()] = None
) -> services.auth.Caller:
    attempts: Attempts = request.app.state.attempts
    address = client_address(request)
    attempts.before_sign_in(address, authorization)
    try:
        who = services.auth.authenticate(session, authorization)
    except Problem as exc:
        session.rollback()
        attempts.sign_in_failed(session, address, authorization, exc)
        raise
    session.commit()  # last_seen
    request.app.state.limiter.check(who.device_id)
    return who


Caller = Annotated[services.auth.Caller, Depends(get_caller)]
IdInPath = Annotated[str, Path(pattern=UUID_PATTERN)]


# Every answer holds who is who in an organisation, keys or ciphertext: no cache keeps
# it, no browser reads it as anything but what it says, and no page frames it.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response, and HSTS to those sent over TLS (served
    directly, or behind a proxy trusted to say X-Forwarded-Proto: https)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*SECURITY_HEADERS, HSTS] if scope.get("scheme") == "https" else SECURITY_HEADERS
        names = {name.lower().encode() for name, _ in extra}
        added = [(name.lower().encode(), value.encode()) for name, value in extra]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": headers + added}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _problem_json(problem: Problem, request: Request) -> JSONResponse:
    # The security headers here too: a 500 is answered outside every middleware.
    return JSONResponse(
        problem.body(request.url.path),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers={**dict(SECURITY_HEADERS), **problem.headers},
    )


async def on_problem(request: Request, exc: Problem) -> JSONResponse:
    return _problem_json(exc, request)


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


async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    # Only the router raises these: an address with no endpoint, or the wrong method.
    code = {404: "no-such-endpoint", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    return _problem_json(Problem(exc.status_code, code, str(exc.detail)), request)


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


# No request the service understands nests deeper than a few levels (a push: body,
# envelopes, one envelope, its wrapped keys).
MAX_JSON_DEPTH = 32


def _malformed(detail: str) -> Problem:
    return Problem(400, "malformed-json", "Body is not JSON", detail)


def _refuse_constant(name: str) -> Any:
    raise _malformed(f"{name} is not a number JSON allows.")


def read_json(raw: bytes) -> Any:
    """A request body as JSON that the service can store and answer about.

    Refused with a 400 problem: text that is not UTF-8, NaN and Infinity, nesting
    deeper than MAX_JSON_DEPTH, and strings holding a lone surrogate (no database can
    store it and no reply can encode it) or a NUL character (PostgreSQL text cannot
    hold one). The details never quote the body.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed("The body is not UTF-8 text.") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise _malformed(f"The body nests deeper than {MAX_JSON_DEPTH} levels.") from None
    except json.JSONDecodeError as exc:
        raise _malformed(str(exc)) from None
    except ValueError:  # Python reads no integer of more than 4300 digits
        raise _malformed("The body holds a number with thousands of digits.") from None
    _check_json(value)
    return value


def _check_json(value: Any) -> None:
    """Raise a 400 problem for nesting or text that read_json refuses."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise _malformed(f"The body nests deeper than {MAX_JSON_DEPTH} levels.")
        if isinstance(node, dict):
            for key, item in node.items():
                _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node if isinstance(item, dict | list | str))
        elif isinstance(node, str):
            _check_text(node)


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise _malformed("Text in the body holds a NUL character.")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise _malformed("Text in the body holds a lone surrogate: not Unicode text.") from None


class _JSONRequest(Request):
    """A request whose body, read as JSON, went through read_json."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = read_json(await self.body())
        return self._json


class _StrictRoute(APIRoute):
    """A route with a declared body reads it through read_json before FastAPI parses
    it, so a body the service cannot handle is a 400 problem document, never a 500.
    (Push declares none: it reads its body through json_body once the caller is known,
    so an unauthenticated push is refused before its megabytes are parsed.)"""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def strict(request: Request) -> Response:
            request = _JSONRequest(request.scope, request.receive)
            if await request.body():
                await request.json()
            return await handler(request)

        return strict


async def json_body(request: Request) -> Any:
    """The body as JSON (see read_json)."""
    return read_json(await request.body())


# --- routes ------------------------------------------------------------------------------

routes = APIRouter(route_class=_StrictRoute)


@routes.get("/v1/health", response_model=HealthResponse, tags=["service"])
def health(session: DB) -> HealthResponse:
    """Liveness and schema check; needs no credential."""
    revision = current_revision(session.get_bind())  # type: ignore[arg-type]
    return HealthResponse(
        status="ok", version=__version__, schema_current=revision == head_revision()
    )


@routes.post(
    "/v1/enrol",
    response_model=EnrolReply,
    tags=["devices"],
    responses={410: _problem_response("The enrolment code has expired (code-expired)")},
)
def enrol(body: EnrolRequest, request: Request, session: DB) -> EnrolReply:
    """Spend a one-time enrolment code for this device's public keys.

    The code is spent even if the reply is lost; a retry with the same keys
    gets the same reply. Wrong codes are audited and limited per address (429).
    """
    attempts: Attempts = request.app.state.attempts
    address = client_address(request)
    attempts.before_enrolment(address)
    try:
        with session.begin():
            return services.enrolment.enrol(session, body)
    except Problem as exc:
        attempts.enrolment_failed(session, address, body.code, exc)
        raise


@routes.post("/v1/enrol/complete", status_code=204, tags=["devices"])
def enrol_complete(body: EnrolComplete, who: Caller, session: DB) -> None:
    """Finish enrolling: this device's certificate (signed by its person's user key) and,
    from a person's first laptop, their public keys and key backup. Safe to repeat."""
    with session.begin():
        services.enrolment.complete(session, who, body)


@routes.put("/v1/me/key-backup", status_code=204, tags=["keys"])
def key_backup(body: KeyBackupRequest, who: Caller, session: DB) -> None:
    """Replace this person's key backup (their keys sealed under a new passphrase)."""
    with session.begin():
        services.keys.put_key_backup(session, who, body)


@routes.post("/v1/org/keys", status_code=204, tags=["keys"])
def org_keys(body: OrgKeysRequest, who: Caller, session: DB) -> None:
    """The first supervisor's device sets up the organisation's public keys (once)."""
    with session.begin():
        services.enrolment.set_org_keys(session, who, body)


@routes.get("/v1/me", response_model=Me, tags=["devices"])
def me(who: Caller) -> Me:
    """Who this device's credential stands for."""
    return Me(
        user_id=who.user_id,
        device_id=who.device_id,
        org_id=who.org_id,
        role=who.role,
        team_id=who.team_id,
        scope=who.scope,
    )


@routes.post(
    "/v1/push",
    response_model=PushResponse,
    tags=["sync"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": REF_TEMPLATE.format(model="PushRequest")}}
            },
        }
    },
)
async def push(request: Request, who: Caller) -> PushResponse:
    """Store a batch of envelopes. Each gets its own result: accepted, duplicate
    (identical resend), conflict (with the server's current envelope) or rejected."""
    # The body is documented as a PushRequest but read here, not by FastAPI, so that
    # one malformed envelope is that item's "rejected" result, not a 422 for all.
    body = await json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("envelopes"), list):
        raise Problem(
            422, "invalid-request", "The request is not valid", 'Send {"envelopes": [...]}.'
        )
    items = body["envelopes"]
    settings: Settings = request.app.state.settings
    if len(items) > settings.max_batch:
        raise Problem(
            413,
            "batch-too-large",
            "Batch too large",
            f"Send at most {settings.max_batch} envelopes per push.",
        )
    factory: sessionmaker[Session] = request.app.state.factory
    results = await run_in_threadpool(services.envelopes.push, factory, who, items)
    return PushResponse(results=results)


@routes.get("/v1/pull", response_model=PullResponse, tags=["sync"])
def pull(
    who: Caller,
    session: DB,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> PullResponse:
    """Changes after the cursor that this device's user may see, tombstones included."""
    with session.begin():
        return services.envelopes.pull(session, who, cursor, limit)


@routes.post("/v1/fetch", response_model=FetchResponse, tags=["sync"])
def fetch(body: FetchRequest, who: Caller, session: DB) -> FetchResponse:
    """The current envelopes of up to 500 records by id (those this user may see)."""
    with session.begin():
        return services.envelopes.fetch(session, who, body.ids)


@routes.get("/v1/index", response_model=IndexResponse, tags=["sync"])
def index(
    who: Caller,
    session: DB,
    after: Annotated[str | None, Query(pattern=UUID_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 5000,
) -> IndexResponse:
    """(id, version) of every record this user may see, in id order, after ``after``."""
    return services.envelopes.index(session, who, after, limit)


@routes.get("/v1/summary", response_model=SummaryResponse, tags=["sync"])
def summary(who: Caller, session: DB) -> SummaryResponse:
    """Count and hash of the (id, version) pairs this user may see."""
    return services.envelopes.visible_summary(session, who)


@routes.get("/v1/keys", response_model=KeyDirectory, tags=["keys"])
def keys(who: Caller, session: DB) -> KeyDirectory:
    """The organisation's public keys and its members' certified public keys."""
    with session.begin():
        return services.keys.key_directory(session, who)


@routes.get("/v1/keys/review-key", response_model=ReviewKey, tags=["keys"])
def review_key(who: Caller, session: DB) -> ReviewKey:
    """The organisation's review key, sealed to this supervisor's own key."""
    with session.begin():
        return services.keys.my_review_key(session, who)


@routes.post("/v1/keys/{user_id}/certificate", status_code=204, tags=["keys"])
def certify(user_id: IdInPath, body: CertifyRequest, who: Caller, session: DB) -> None:
    """A supervisor's device certifies a member's keys (and may share the review key)."""
    with session.begin():
        services.keys.certify(session, who, user_id, body)


@routes.post("/v1/records/{record_id}/erase", response_model=ErasedRecord, tags=["sync"])
def erase(record_id: IdInPath, who: Caller, session: DB) -> ErasedRecord:
    """Purge a record's ciphertext; a content-free tombstone propagates to devices."""
    with session.begin():
        return services.erasure.erase(session, who, record_id)


def _admin_org(who: services.auth.Caller, session: Session) -> Organisation:
    services.auth.require_role(who, "admin")
    return services.auth.caller_org(session, who)


@routes.get("/v1/admin/users", response_model=list[AdminUser], tags=["admin"])
def admin_users(who: Caller, session: DB) -> list[AdminUser]:
    """Members of the admin's organisation (no record content)."""
    return services.admin.list_users(session, _admin_org(who, session))


@routes.get("/v1/admin/devices", response_model=list[AdminDevice], tags=["admin"])
def admin_devices(who: Caller, session: DB) -> list[AdminDevice]:
    """Devices of the admin's organisation, revoked ones included."""
    return services.admin.list_devices(session, _admin_org(who, session))


@routes.post("/v1/admin/devices/{device_id}/revoke", response_model=RevokedDevice, tags=["admin"])
def admin_revoke(device_id: IdInPath, who: Caller, session: DB) -> RevokedDevice:
    """Revoke a device at once; its next request gets 401."""
    with session.begin():
        org = _admin_org(who, session)
        device = services.admin.revoke_device(session, device_id, who.actor, org.id)
        return RevokedDevice(device_id=device.id, revoked=True)


def create_app(engine: Engine, settings: Settings | None = None) -> FastAPI:
    """The service on ``engine``'s database, its routes, limits and error handling."""
    settings = settings or Settings()
    app = _Service(
        title="mentorapp central service",
        version=__version__,
        description="Stores end-to-end encrypted record envelopes for mentorapp devices. "
        "It never sees record content. Errors are RFC 9457 problem details.",
        responses=ERRORS,
        # The interactive pages load their scripts from a public CDN; the document
        # itself stays at /openapi.json for any viewer an admin trusts.
        docs_url=None,
        redoc_url=None,
    )
    # Outermost last: responses get the security headers and are gzipped, a request's
    # compressed size is limited, then its inflated size.
    app.add_middleware(GzipRequests, max_bytes=settings.max_body_bytes)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(SecurityHeaders)  # outermost: on the limits' own answers too
    app.state.settings = settings
    app.state.factory = sessions(engine)
    app.state.limiter = RateLimiter(settings.rate_per_second, settings.rate_burst)
    app.state.attempts = Attempts(FailureLimiter(settings.failed_attempts_per_minute))
    app.exception_handler(Problem)(on_problem)
    app.exception_handler(RequestValidationError)(on_invalid)
    app.exception_handler(StarletteHTTPException)(on_http)
    app.exception_handler(Exception)(on_crash)
    app.include_router(routes)
    return app
