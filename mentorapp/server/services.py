"""What the service does, independent of HTTP: enrolment, push, pull, keys, erasure, admin.

Each function takes an open SQLAlchemy session; callers own the transaction,
except push, which manages its own so that one bad record never fails others.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from mentorapp.core import typable
from mentorapp.core.ids import is_valid_id, new_id
from mentorapp.crypto import (
    RecipientPublicKey,
    RecordAddress,
    SignatureInvalid,
    VerifyKey,
    verify_envelope,
)
from mentorapp.crypto.directory import org_fingerprint, org_fingerprint_matches, verify_member
from mentorapp.server.models import (
    AuditEntry,
    Device,
    EnrolmentCode,
    Envelope,
    Organisation,
    Team,
    User,
    utcnow,
)
from mentorapp.server.problems import Problem, forbidden, not_found, unauthenticated

ROLES = ("mentor", "supervisor", "admin")
CODE_BYTES = 10  # 80 bits, 16 typable characters
MAX_CIPHERTEXT = 1024 * 1024
MAX_PAGE_BYTES = 4 * 1024 * 1024
REVIEW_PREFIX = "review"


def b64e(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def b64d(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is not valid base64") from None


def _hash(secret: bytes | str) -> str:
    data = secret.encode() if isinstance(secret, str) else secret
    return hashlib.sha256(data).hexdigest()


def audit(
    session: Session,
    action: str,
    actor: str,
    *,
    org_id: str | None = None,
    user_id: str | None = None,
    device_id: str | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditEntry(
            at=utcnow(),
            org_id=org_id,
            user_id=user_id,
            device_id=device_id,
            actor=actor,
            action=action,
            detail=json.dumps(detail, sort_keys=True, default=str),
        )
    )


def audit_by(session: Session, action: str, caller: Caller, **detail: Any) -> None:
    """Audit something a signed-in device did."""
    audit(
        session,
        action,
        caller.actor,
        org_id=caller.org_id,
        user_id=caller.user_id,
        device_id=caller.device_id,
        **detail,
    )


# --- organisations, teams, invitations (admin) ---------------------------------------


def _issue_code(
    session: Session, org: Organisation, user: User, hours: float, bootstraps: bool
) -> str:
    raw = secrets.token_bytes(CODE_BYTES)
    secret_text = typable.encode(raw)
    now = utcnow()
    session.add(
        EnrolmentCode(
            id=new_id(),
            org_id=org.id,
            user_id=user.id,
            code_hash=_hash(raw),
            bootstraps_org=bootstraps,
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    if org.signing_public is not None:
        return f"{secret_text}/{org_fingerprint(org.signing_public)}"
    return secret_text


def create_organisation(
    session: Session, name: str, supervisor_name: str, actor: str, hours: float = 72
) -> tuple[Organisation, User, str]:
    """A new organisation and the enrolment code for its first supervisor, on whose
    device the organisation's keys will be made."""
    if not name.strip() or not supervisor_name.strip():
        raise Problem(
            400, "invalid", "Missing name", "Give the organisation and its first supervisor a name."
        )
    org = Organisation(
        id=new_id(),
        name=name.strip(),
        created_at=utcnow(),
        cursor_epoch=secrets.token_hex(8),
        last_seq=0,
    )
    session.add(org)
    user = User(
        id=new_id(),
        org_id=org.id,
        name=supervisor_name.strip(),
        role="supervisor",
        disabled=False,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    code = _issue_code(session, org, user, hours, bootstraps=True)
    audit(session, "org.create", actor, org_id=org.id, user_id=user.id, name=org.name)
    return org, user, code


def find_org(session: Session, ref: str) -> Organisation:
    org = session.get(Organisation, ref) if is_valid_id(ref) else None
    if org is None:
        org = session.scalars(select(Organisation).where(Organisation.name == ref)).first()
    if org is None:
        raise not_found(f"There is no organisation {ref!r}.")
    return org


def find_team(session: Session, org: Organisation, ref: str) -> Team:
    team = session.scalars(
        select(Team).where(Team.org_id == org.id, or_(Team.id == ref, Team.name == ref))
    ).first()
    if team is None:
        raise not_found(f"{org.name} has no team {ref!r}.")
    return team


def add_team(session: Session, org: Organisation, name: str, actor: str) -> Team:
    if session.scalars(select(Team).where(Team.org_id == org.id, Team.name == name)).first():
        raise Problem(409, "exists", "Team exists", f"{org.name} already has a team {name!r}.")
    team = Team(id=new_id(), org_id=org.id, name=name)
    session.add(team)
    audit(session, "team.add", actor, org_id=org.id, team_id=team.id, name=name)
    return team


def invite(
    session: Session,
    org: Organisation,
    name: str,
    role: str,
    team: Team | None,
    actor: str,
    hours: float = 72,
) -> tuple[User, str]:
    """A new member and their one-time enrolment code."""
    if role not in ROLES:
        raise Problem(400, "invalid", "Unknown role", f"Role must be one of {', '.join(ROLES)}.")
    if org.signing_public is None and role != "admin":
        raise Problem(
            409,
            "org-not-ready",
            "Organisation keys missing",
            "The first supervisor must enrol (and create the organisation's keys) "
            "before others can be invited.",
        )
    user = User(
        id=new_id(),
        org_id=org.id,
        team_id=team.id if team else None,
        name=name,
        role=role,
        disabled=False,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    code = _issue_code(session, org, user, hours, bootstraps=False)
    audit(
        session,
        "user.invite",
        actor,
        org_id=org.id,
        user_id=user.id,
        role=role,
        team_id=user.team_id,
    )
    return user, code


def new_code_for(session: Session, user: User, actor: str, hours: float = 72) -> str:
    """Another code for an existing member (a new or replacement laptop)."""
    org = session.get(Organisation, user.org_id)
    assert org is not None
    code = _issue_code(session, org, user, hours, bootstraps=False)
    audit(session, "user.new_code", actor, org_id=org.id, user_id=user.id)
    return code


# --- enrolment ------------------------------------------------------------------------


def _field(data: Mapping[str, Any], key: str, what: str) -> bytes:
    if key not in data:
        raise ValueError(f"{what} is missing")
    return b64d(data[key], what)


def enrol(session: Session, request: Mapping[str, Any]) -> dict[str, Any]:
    """Spend a one-time code for a device's public keys; returns the reply.

    The reply's credential is sealed (HPKE) to the device's own public key, and the
    server keeps only a hash of it, so a retry with the same keys can be given the
    same reply without the server holding a usable credential.
    """
    code_text = str(request.get("code", ""))
    secret_part, _, fpr_part = code_text.partition("/")
    raw = typable.decode(secret_part, CODE_BYTES)
    if raw is None:
        raise Problem(
            400,
            "code-malformed",
            "Not an enrolment code",
            "An enrolment code looks like ABCD-EFGH-JKMN-PQRS, optionally followed "
            "by '/' and the organisation's fingerprint.",
        )
    code = session.scalars(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == _hash(raw)).with_for_update()
    ).first()
    if code is None:
        raise Problem(
            404,
            "code-unknown",
            "Unknown code",
            "That enrolment code is not known. Check it, or ask for a new one.",
        )
    device_req = request.get("device")
    if not isinstance(device_req, Mapping):
        raise Problem(400, "invalid", "Missing device keys", "Send the device's public keys.")
    try:
        verify_pub = _field(device_req, "verify_public", "device.verify_public")
        recipient_pub = _field(device_req, "recipient_public", "device.recipient_public")
        VerifyKey(verify_pub)
        recipient = RecipientPublicKey(recipient_pub)
        recipient.check()
    except Exception as exc:
        raise Problem(400, "invalid-key", "Unusable device keys", str(exc)) from exc
    # The keys, not the label, identify a retry of the same enrolment.
    keys_hash = _hash(
        json.dumps(
            [
                device_req.get("verify_public"),
                device_req.get("recipient_public"),
                request.get("user_keys"),
            ],
            sort_keys=True,
        )
    )

    if code.spent_at is not None:
        if code.device_keys_hash == keys_hash and code.reply:
            reply: dict[str, Any] = json.loads(code.reply)
            return reply
        raise Problem(
            409,
            "code-used",
            "Code already used",
            "That enrolment code has been used. Ask for a new one.",
        )
    if code.expires_at.replace(tzinfo=code.expires_at.tzinfo or dt.UTC) < utcnow():
        raise Problem(
            410,
            "code-expired",
            "Code expired",
            "That enrolment code has expired. Ask for a new one.",
        )
    org = session.get(Organisation, code.org_id)
    user = session.get(User, code.user_id)
    assert org is not None and user is not None
    if user.disabled:
        raise Problem(403, "user-disabled", "Account disabled", "This account is disabled.")

    user_keys = request.get("user_keys")
    if isinstance(user_keys, Mapping):
        try:
            user.recipient_public = _field(
                user_keys, "recipient_public", "user_keys.recipient_public"
            )
            user.verify_public = _field(user_keys, "verify_public", "user_keys.verify_public")
            RecipientPublicKey(user.recipient_public).check()
        except Exception as exc:
            raise Problem(400, "invalid-key", "Unusable user keys", str(exc)) from exc
    elif user.recipient_public is None:
        raise Problem(
            400,
            "invalid",
            "Missing user keys",
            "A person's first device must send their user keys.",
        )

    if (
        fpr_part
        and org.signing_public is not None
        and not org_fingerprint_matches(fpr_part, org.signing_public)
    ):
        raise Problem(
            409,
            "fingerprint-mismatch",
            "Organisation key mismatch",
            "The organisation key does not match the fingerprint in the code.",
        )

    credential = secrets.token_bytes(32)
    # A device may propose its own id (the one its local records are signed with).
    proposed = device_req.get("device_id")
    device_id = (
        proposed
        if isinstance(proposed, str) and is_valid_id(proposed) and not session.get(Device, proposed)
        else new_id()
    )
    device = Device(
        id=device_id,
        org_id=org.id,
        user_id=user.id,
        credential_hash=_hash(credential),
        verify_public=verify_pub,
        recipient_public=recipient_pub,
        label=str(device_req.get("label", ""))[:200],
        created_at=utcnow(),
    )
    session.add(device)
    token = f"{device.id}.{base64.urlsafe_b64encode(credential).decode().rstrip('=')}"
    reply = {
        "device_id": device.id,
        "user_id": user.id,
        "role": user.role,
        "team_id": user.team_id,
        "org_id": org.id,
        "org_name": org.name,
        "org_signing_public": b64e(org.signing_public),
        "org_review_public": b64e(org.review_public),
        "org_fingerprint": org_fingerprint(org.signing_public) if org.signing_public else None,
        "needs_org_keys": org.signing_public is None,
        "sealed_credential": b64e(
            recipient.seal(token.encode(), b"mentorapp-enrol-v1|" + device.id.encode())
        ),
    }
    code.spent_at = utcnow()
    code.device_keys_hash = keys_hash
    code.reply = json.dumps(reply)
    audit(
        session,
        "device.enrol",
        f"user:{user.id}",
        org_id=org.id,
        user_id=user.id,
        device_id=device.id,
        bootstrap=code.bootstraps_org,
    )
    return reply


def set_org_keys(session: Session, caller: Caller, org_keys: Mapping[str, Any]) -> None:
    """The first supervisor's device sends the organisation's public keys, its own
    certificate and the review key sealed to itself. Only once, only by them."""
    require_role(caller, "supervisor")
    org = session.get(Organisation, caller.org_id, with_for_update=True)
    user = session.get(User, caller.user_id)
    assert org is not None and user is not None
    if org.signing_public is not None:
        raise Problem(
            409,
            "org-has-keys",
            "Organisation already set up",
            "This organisation already has its keys.",
        )
    bootstrap = session.scalars(
        select(EnrolmentCode).where(
            EnrolmentCode.org_id == org.id,
            EnrolmentCode.bootstraps_org.is_(True),
            EnrolmentCode.user_id == user.id,
            EnrolmentCode.spent_at.is_not(None),
        )
    ).first()
    if bootstrap is None:
        raise forbidden("Only the organisation's first supervisor sets up its keys.")
    try:
        signing = _field(org_keys, "signing_public", "signing_public")
        review = _field(org_keys, "review_public", "review_public")
        sealed_review = _field(org_keys, "review_key_sealed", "review_key_sealed")
        certificate = _field(org_keys, "certificate", "certificate")
        RecipientPublicKey(review).check()
        assert user.recipient_public is not None and user.verify_public is not None
        verify_member(
            VerifyKey(signing),
            certificate,
            org.id,
            user.id,
            user.role,
            user.recipient_public,
            user.verify_public,
        )
    except SignatureInvalid as exc:
        raise Problem(
            400,
            "certificate-invalid",
            "Certificate does not verify",
            "Your certificate is not signed by the organisation key sent with it.",
        ) from exc
    except Exception as exc:
        raise Problem(400, "invalid-key", "Unusable organisation keys", str(exc)) from exc
    org.signing_public = signing
    org.review_public = review
    user.review_key_sealed = sealed_review
    user.certificate = certificate
    audit_by(session, "org.keys", caller, fingerprint=org_fingerprint(signing))


# --- authentication -------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    device_id: str
    user_id: str
    org_id: str
    role: str
    team_id: str | None

    @property
    def actor(self) -> str:
        return f"user:{self.user_id}"


def authenticate(session: Session, authorization: str | None) -> Caller:
    """Resolve a bearer credential to its device, refusing revoked or disabled ones."""
    if not authorization or not authorization.startswith("Bearer "):
        raise unauthenticated()
    token = authorization[len("Bearer ") :].strip()
    device_id, _, secret_b64 = token.partition(".")
    if not is_valid_id(device_id) or not secret_b64:
        raise unauthenticated("The credential is malformed.")
    device = session.get(Device, device_id)
    try:
        secret = base64.urlsafe_b64decode(secret_b64 + "=" * (-len(secret_b64) % 4))
    except (binascii.Error, ValueError):
        raise unauthenticated("The credential is malformed.") from None
    if device is None or not hmac.compare_digest(device.credential_hash, _hash(secret)):
        raise unauthenticated("The credential is not valid.")
    if device.revoked_at is not None:
        raise Problem(
            401,
            "device-revoked",
            "Device revoked",
            "This device has been revoked. Ask your administrator to enrol it again.",
        )
    user = session.get(User, device.user_id)
    assert user is not None
    if user.disabled:
        raise Problem(
            403,
            "user-disabled",
            "Account disabled",
            "This account has been disabled by an administrator.",
        )
    now = utcnow()
    last = (
        device.last_seen.replace(tzinfo=dt.UTC)
        if device.last_seen and device.last_seen.tzinfo is None
        else device.last_seen
    )
    if last is None or now - last > dt.timedelta(minutes=1):
        device.last_seen = now  # at most one write a minute per device
    return Caller(
        device_id=device.id,
        user_id=user.id,
        org_id=user.org_id,
        role=user.role,
        team_id=user.team_id,
    )


def require_role(caller: Caller, *roles: str) -> None:
    if caller.role not in roles:
        raise forbidden(f"A {caller.role} cannot do this.")


# --- visibility -----------------------------------------------------------------------


def _visible_clause(caller: Caller) -> Any:
    mine = or_(Envelope.owner_id == caller.user_id, Envelope.addressed_to == caller.user_id)
    if caller.role == "supervisor":
        team_members = select(User.id).where(User.org_id == caller.org_id)
        if caller.team_id is not None:
            team_members = team_members.where(User.team_id == caller.team_id)
        return or_(mine, Envelope.owner_id.in_(team_members))
    return mine


# --- push -----------------------------------------------------------------------------


@dataclass
class ParsedEnvelope:
    id: str
    record_type: str
    version: int
    base_version: int
    deleted: bool
    ciphertext: bytes
    wrapped_keys: dict[str, str]
    signature: bytes
    author_device: str
    addressed_to: str | None
    digest: str


def parse_envelope(item: Any) -> ParsedEnvelope:
    """Check one pushed envelope's shape; ValueError names what is wrong."""
    if not isinstance(item, Mapping):
        raise ValueError("an envelope must be a JSON object")
    rid = item.get("id")
    if not isinstance(rid, str) or not is_valid_id(rid):
        raise ValueError("id must be a UUID")
    rtype = item.get("record_type")
    if not isinstance(rtype, str) or not rtype or len(rtype) > 32:
        raise ValueError("record_type must be a short string")
    version, base = item.get("version"), item.get("base_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("version must be a whole number from 1")
    if not isinstance(base, int) or isinstance(base, bool) or not 0 <= base < version:
        raise ValueError("base_version must be a whole number below version")
    deleted = item.get("deleted", False)
    if not isinstance(deleted, bool):
        raise ValueError("deleted must be true or false")
    ciphertext = b64d(item.get("ciphertext", ""), "ciphertext")
    if len(ciphertext) > MAX_CIPHERTEXT:
        raise ValueError(f"ciphertext is larger than {MAX_CIPHERTEXT} bytes")
    if not deleted and not ciphertext:
        raise ValueError("a live record needs a ciphertext")
    wrapped = item.get("wrapped_keys", {})
    if not isinstance(wrapped, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in wrapped.items()
    ):
        raise ValueError("wrapped_keys must map recipient ids to base64 text")
    for value in wrapped.values():
        b64d(value, "a wrapped key")
    signature = b64d(item.get("signature", ""), "signature")
    author = item.get("author_device")
    if not isinstance(author, str):
        raise ValueError("author_device is missing")
    addressed = item.get("addressed_to")
    if addressed is not None and (not isinstance(addressed, str) or not is_valid_id(addressed)):
        raise ValueError("addressed_to must be a user id")
    digest = _hash(
        json.dumps(
            [
                rid,
                rtype,
                version,
                base,
                deleted,
                _hash(ciphertext),
                sorted(wrapped.items()),
                b64e(signature),
                author,
                addressed,
            ],
            separators=(",", ":"),
        )
    )
    return ParsedEnvelope(
        id=rid,
        record_type=rtype,
        version=version,
        base_version=base,
        deleted=deleted,
        ciphertext=ciphertext,
        wrapped_keys=dict(wrapped),
        signature=signature,
        author_device=author,
        addressed_to=addressed,
        digest=digest,
    )


def envelope_json(env: Envelope) -> dict[str, Any]:
    return {
        "id": env.id,
        "record_type": env.record_type,
        "version": env.version,
        "base_version": env.base_version,
        "deleted": env.deleted,
        "purged": env.purged,
        "owner_id": env.owner_id,
        "addressed_to": env.addressed_to,
        "author_device": env.author_device,
        "ciphertext": b64e(env.ciphertext) if env.ciphertext is not None else None,
        "wrapped_keys": json.loads(env.wrapped_keys) if env.wrapped_keys else {},
        "signature": b64e(env.signature),
        "seq": env.seq,
    }


def _check_authorised(
    session: Session, caller: Caller, env: ParsedEnvelope, team_cache: dict[str, str | None]
) -> str | None:
    """Reason this caller may not push this envelope, or None."""
    if env.author_device != caller.device_id:
        return "author_device must be the pushing device"
    if env.record_type.startswith(REVIEW_PREFIX) and caller.role != "supervisor":
        return "only supervisors write review records"
    if env.addressed_to is not None:
        if env.addressed_to not in team_cache:
            target = session.get(User, env.addressed_to)
            team_cache[env.addressed_to] = (
                target.team_id if target and target.org_id == caller.org_id else "<other-org>"
            )
        team = team_cache[env.addressed_to]
        if team == "<other-org>":
            return "addressed_to is not a member of this organisation"
        if caller.team_id is not None and team not in (caller.team_id, None):
            return "addressed_to is not in your team"
    return None


def push(factory: sessionmaker[Session], caller: Caller, items: list[Any]) -> list[dict[str, Any]]:
    """Store a batch of envelopes; one result per item, in order.

    Sequence numbers come from the organisation's counter row, locked for the
    whole transaction, so changes commit in sequence order and a pull cursor can
    never pass a change that has not committed yet.
    """
    require_role(caller, "mentor", "supervisor")
    results: list[dict[str, Any] | None] = [None] * len(items)
    parsed: list[tuple[int, ParsedEnvelope]] = []
    seen: set[str] = set()
    with factory() as session:
        device = session.get(Device, caller.device_id)
        assert device is not None
        verify_key = VerifyKey(device.verify_public)
        team_cache: dict[str, str | None] = {}
        for n, item in enumerate(items):
            try:
                env = parse_envelope(item)
            except ValueError as exc:
                rid = item.get("id") if isinstance(item, Mapping) else None
                results[n] = {
                    "id": rid if isinstance(rid, str) else None,
                    "status": "rejected",
                    "code": "malformed",
                    "reason": str(exc),
                }
                continue
            if env.id in seen:
                results[n] = {
                    "id": env.id,
                    "status": "rejected",
                    "code": "duplicate-in-batch",
                    "reason": "the same record appears twice in this batch",
                }
                continue
            seen.add(env.id)
            reason = _check_authorised(session, caller, env, team_cache)
            if reason:
                results[n] = {
                    "id": env.id,
                    "status": "rejected",
                    "code": "forbidden",
                    "reason": reason,
                }
                continue
            try:
                verify_envelope(
                    verify_key,
                    env.signature,
                    RecordAddress(
                        record_type=env.record_type,
                        record_id=env.id,
                        version=env.version,
                        author_device=env.author_device,
                        org_id=caller.org_id,
                    ),
                    env.base_version,
                    env.deleted,
                    env.ciphertext,
                )
            except SignatureInvalid:
                results[n] = {
                    "id": env.id,
                    "status": "rejected",
                    "code": "bad-signature",
                    "reason": "the signature does not match this device and envelope",
                }
                continue
            parsed.append((n, env))

    if parsed:
        with factory() as session, session.begin():
            # Locks the counter row (PostgreSQL row lock; SQLite's write lock).
            last_seq = session.execute(
                update(Organisation)
                .where(Organisation.id == caller.org_id)
                .values(last_seq=Organisation.last_seq)
                .returning(Organisation.last_seq)
            ).scalar_one()
            existing = {
                e.id: e
                for e in session.scalars(
                    select(Envelope).where(Envelope.id.in_([p.id for _, p in parsed]))
                )
            }
            accepted_ids: list[str] = []
            now = utcnow()
            for n, env in parsed:
                current = existing.get(env.id)
                outcome = _apply(session, caller, env, current, last_seq + 1, now)
                if outcome["status"] == "accepted":
                    last_seq += 1
                    accepted_ids.append(env.id)
                results[n] = outcome
            session.execute(
                update(Organisation)
                .where(Organisation.id == caller.org_id)
                .values(last_seq=last_seq)
            )
            audit_by(
                session,
                "records.push",
                caller,
                accepted=accepted_ids,
                other=[r["id"] for r in results if r and r["status"] != "accepted"],
            )
    return [r for r in results if r is not None]


def _apply(
    session: Session,
    caller: Caller,
    env: ParsedEnvelope,
    current: Envelope | None,
    seq: int,
    now: dt.datetime,
) -> dict[str, Any]:
    if current is not None and current.org_id != caller.org_id:
        return {
            "id": env.id,
            "status": "rejected",
            "code": "forbidden",
            "reason": "that id belongs to another organisation",
        }
    if current is not None and current.owner_id != caller.user_id:
        return {
            "id": env.id,
            "status": "rejected",
            "code": "forbidden",
            "reason": "that record belongs to someone else",
        }
    if current is not None and current.purged:
        return {
            "id": env.id,
            "status": "rejected",
            "code": "erased",
            "reason": "that record was erased and cannot be written again",
        }
    if current is not None and current.version == env.version and current.digest == env.digest:
        return {"id": env.id, "status": "duplicate", "version": env.version}
    current_version = current.version if current is not None else 0
    if env.base_version != current_version or env.version <= current_version:
        return {
            "id": env.id,
            "status": "conflict",
            "reason": f"the server has version {current_version}",
            "current": envelope_json(current) if current is not None else None,
        }
    if current is None:
        current = Envelope(id=env.id, org_id=caller.org_id, owner_id=caller.user_id)
        session.add(current)
    current.addressed_to = env.addressed_to
    current.record_type = env.record_type
    current.version = env.version
    current.base_version = env.base_version
    current.author_device = env.author_device
    current.deleted = env.deleted
    current.purged = False
    current.ciphertext = env.ciphertext if env.ciphertext else None
    current.wrapped_keys = json.dumps(env.wrapped_keys, sort_keys=True)
    current.signature = env.signature
    current.digest = env.digest
    current.seq = seq
    current.received_at = now
    return {"id": env.id, "status": "accepted", "version": env.version, "seq": seq}


# --- pull -----------------------------------------------------------------------------


def make_cursor(org: Organisation, seq: int) -> str:
    return f"{org.cursor_epoch}.{seq}"


def pull(session: Session, caller: Caller, cursor: str | None, limit: int) -> dict[str, Any]:
    """Changes after ``cursor`` that the caller may see, oldest first."""
    require_role(caller, "mentor", "supervisor")
    org = session.get(Organisation, caller.org_id)
    assert org is not None
    after = 0
    if cursor:
        epoch, _, seq_text = cursor.partition(".")
        if epoch != org.cursor_epoch or not seq_text.isdigit() or int(seq_text) > org.last_seq:
            raise Problem(
                409,
                "resync-required",
                "Start a full resync",
                "This cursor is unknown to the server (it was restored or replaced). "
                "Pull again from the beginning without a cursor.",
            )
        after = int(seq_text)
    limit = max(1, min(limit, 1000))
    rows = session.scalars(
        select(Envelope)
        .where(Envelope.org_id == caller.org_id, Envelope.seq > after, _visible_clause(caller))
        .order_by(Envelope.seq)
        .limit(limit + 1)
    ).all()
    changes: list[dict[str, Any]] = []
    size = 0
    for row in rows[:limit]:
        changes.append(envelope_json(row))
        size += len(row.ciphertext or b"") * 4 // 3 + 400
        if size > MAX_PAGE_BYTES:
            break
    more = len(rows) > len(changes)
    last = changes[-1]["seq"] if changes else after
    audit_by(
        session,
        "records.pull",
        caller,
        after=after,
        count=len(changes),
        ids=[c["id"] for c in changes],
    )
    return {"changes": changes, "cursor": make_cursor(org, last), "more": more}


def visible_summary(session: Session, caller: Caller) -> dict[str, Any]:
    """Count and hash of (id, version) the caller may see, to catch silent drift."""
    require_role(caller, "mentor", "supervisor")
    h = hashlib.sha256()
    count = 0
    for rid, version in session.execute(
        select(Envelope.id, Envelope.version)
        .where(Envelope.org_id == caller.org_id, _visible_clause(caller))
        .order_by(Envelope.id)
    ):
        h.update(f"{rid}:{version}\n".encode())
        count += 1
    return {"count": count, "hash": h.hexdigest()}


# --- keys -----------------------------------------------------------------------------


def key_directory(session: Session, caller: Caller) -> dict[str, Any]:
    org = session.get(Organisation, caller.org_id)
    assert org is not None
    members = []
    users = session.scalars(select(User).where(User.org_id == org.id).order_by(User.created_at))
    devices: dict[str, list[dict[str, Any]]] = {}
    for d in session.scalars(select(Device).where(Device.org_id == org.id)):
        devices.setdefault(d.user_id, []).append(
            {
                "device_id": d.id,
                "verify_public": b64e(d.verify_public),
                "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
            }
        )
    for u in users:
        if u.recipient_public is None:
            continue  # not enrolled yet
        members.append(
            {
                "user_id": u.id,
                "role": u.role,
                "team_id": u.team_id,
                "disabled": u.disabled,
                "recipient_public": b64e(u.recipient_public),
                "verify_public": b64e(u.verify_public),
                "certificate": b64e(u.certificate),
                "devices": devices.get(u.id, []),
            }
        )
    audit_by(session, "keys.lookup", caller, members=len(members))
    return {
        "org_id": org.id,
        "org_signing_public": b64e(org.signing_public),
        "org_review_public": b64e(org.review_public),
        "org_fingerprint": org_fingerprint(org.signing_public) if org.signing_public else None,
        "members": members,
    }


def my_review_key(session: Session, caller: Caller) -> dict[str, Any]:
    require_role(caller, "supervisor")
    user = session.get(User, caller.user_id)
    assert user is not None
    if user.review_key_sealed is None:
        raise not_found(
            "The review key has not been shared with you yet; another supervisor's "
            "device shares it after certifying you."
        )
    audit_by(session, "keys.review_key", caller)
    return {"review_key_sealed": b64e(user.review_key_sealed)}


def certify(session: Session, caller: Caller, user_id: str, body: Mapping[str, Any]) -> None:
    """A supervisor's device vouches for a member's keys (and may share the review key)."""
    require_role(caller, "supervisor")
    org = session.get(Organisation, caller.org_id)
    member = session.get(User, user_id) if is_valid_id(user_id) else None
    if org is None or member is None or member.org_id != caller.org_id:
        raise not_found("There is no such member in your organisation.")
    if member.recipient_public is None or member.verify_public is None:
        raise Problem(
            409, "not-enrolled", "Not enrolled yet", "That member has not enrolled a device yet."
        )
    assert org.signing_public is not None
    try:
        certificate = b64d(body.get("certificate"), "certificate")
        verify_member(
            VerifyKey(org.signing_public),
            certificate,
            org.id,
            member.id,
            member.role,
            member.recipient_public,
            member.verify_public,
        )
    except (ValueError, SignatureInvalid) as exc:
        raise Problem(
            400,
            "certificate-invalid",
            "Certificate does not verify",
            "The certificate is not the organisation key's signature over this member's keys.",
        ) from exc
    member.certificate = certificate
    sealed = body.get("review_key_sealed")
    if sealed is not None:
        if member.role != "supervisor":
            raise forbidden("Only supervisors receive the review key.")
        try:
            member.review_key_sealed = b64d(sealed, "review_key_sealed")
        except ValueError as exc:
            raise Problem(400, "invalid", "Invalid review key", str(exc)) from exc
    audit_by(session, "keys.certify", caller, member=member.id, review_key=sealed is not None)


# --- erasure --------------------------------------------------------------------------


def purge_record(
    session: Session, org_id: str, record_id: str, actor: str, caller: Caller | None = None
) -> dict[str, Any]:
    """Erase a record's ciphertext for good, leaving a content-free tombstone that syncs."""
    env = session.get(Envelope, record_id, with_for_update=True) if is_valid_id(record_id) else None
    if env is None or env.org_id != org_id:
        raise not_found("There is no such record.")
    last_seq = session.execute(
        update(Organisation)
        .where(Organisation.id == org_id)
        .values(last_seq=Organisation.last_seq + 1)
        .returning(Organisation.last_seq)
    ).scalar_one()
    env.version += 1
    env.base_version = env.version - 1
    env.deleted = True
    env.purged = True
    env.ciphertext = None
    env.wrapped_keys = None
    env.signature = None
    env.digest = _hash(f"purged:{env.id}:{env.version}")
    env.seq = last_seq
    env.received_at = utcnow()
    audit(
        session,
        "records.purge",
        actor,
        org_id=org_id,
        user_id=caller.user_id if caller else None,
        device_id=caller.device_id if caller else None,
        record=record_id,
    )
    return {"id": env.id, "version": env.version, "purged": True}


def erase(session: Session, caller: Caller, record_id: str) -> dict[str, Any]:
    require_role(caller, "mentor", "supervisor")
    env = session.get(Envelope, record_id) if is_valid_id(record_id) else None
    if env is None or env.org_id != caller.org_id:
        raise not_found("There is no such record.")
    allowed = env.owner_id == caller.user_id
    if not allowed and caller.role == "supervisor":
        owner = session.get(User, env.owner_id)
        allowed = owner is not None and (caller.team_id is None or owner.team_id == caller.team_id)
    if not allowed:
        raise not_found("There is no such record.")  # do not reveal others' ids
    return purge_record(session, caller.org_id, record_id, caller.actor, caller)


# --- admin ----------------------------------------------------------------------------


def list_users(session: Session, org: Organisation) -> list[dict[str, Any]]:
    teams = {t.id: t.name for t in session.scalars(select(Team).where(Team.org_id == org.id))}
    counts = dict(
        session.execute(
            select(Device.user_id, func.count())
            .where(Device.org_id == org.id, Device.revoked_at.is_(None))
            .group_by(Device.user_id)
        ).all()
    )
    return [
        {
            "user_id": u.id,
            "name": u.name,
            "role": u.role,
            "team": teams.get(u.team_id or "", ""),
            "disabled": u.disabled,
            "enrolled": u.recipient_public is not None,
            "certified": u.certificate is not None,
            "active_devices": counts.get(u.id, 0),
        }
        for u in session.scalars(
            select(User).where(User.org_id == org.id).order_by(User.created_at)
        )
    ]


def list_devices(session: Session, org: Organisation) -> list[dict[str, Any]]:
    names = {u.id: u.name for u in session.scalars(select(User).where(User.org_id == org.id))}
    return [
        {
            "device_id": d.id,
            "user": names.get(d.user_id, d.user_id),
            "label": d.label,
            "created_at": d.created_at.isoformat(),
            "last_seen": d.last_seen.isoformat() if d.last_seen else None,
            "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
        }
        for d in session.scalars(
            select(Device).where(Device.org_id == org.id).order_by(Device.created_at)
        )
    ]


def revoke_device(
    session: Session, device_id: str, actor: str, org_id: str | None = None
) -> Device:
    device = session.get(Device, device_id) if is_valid_id(device_id) else None
    if device is None or (org_id is not None and device.org_id != org_id):
        raise not_found(f"There is no device {device_id}.")
    if device.revoked_at is None:
        device.revoked_at = utcnow()
    audit(session, "device.revoke", actor, org_id=device.org_id, device_id=device.id)
    return device


def set_user_disabled(
    session: Session, user_id: str, disabled: bool, actor: str, org_id: str | None = None
) -> User:
    user = session.get(User, user_id) if is_valid_id(user_id) else None
    if user is None or (org_id is not None and user.org_id != org_id):
        raise not_found(f"There is no user {user_id}.")
    user.disabled = disabled
    audit(
        session,
        "user.disable" if disabled else "user.enable",
        actor,
        org_id=user.org_id,
        user_id=user.id,
    )
    return user


def set_retention(session: Session, org: Organisation, days: int | None, actor: str) -> None:
    if days is not None and days < 30:
        raise Problem(
            400,
            "invalid",
            "Retention too short",
            "Keep records at least 30 days, longer than any laptop stays offline.",
        )
    org.retention_days = days
    audit(session, "org.retention", actor, org_id=org.id, days=days)


def apply_retention(session: Session, org: Organisation, actor: str) -> list[str]:
    """Purge every live record untouched for longer than the retention period."""
    if org.retention_days is None:
        return []
    cutoff = utcnow() - dt.timedelta(days=org.retention_days)
    ids = list(
        session.scalars(
            select(Envelope.id).where(
                Envelope.org_id == org.id, Envelope.purged.is_(False), Envelope.received_at < cutoff
            )
        )
    )
    for rid in ids:
        purge_record(session, org.id, rid, actor)
    return ids


def audit_entries(session: Session, org: Organisation | None, limit: int) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if org is not None:
        stmt = stmt.where(AuditEntry.org_id == org.id)
    return list(reversed(session.scalars(stmt).all()))


def all_orgs(session: Session) -> Iterable[Organisation]:
    return session.scalars(select(Organisation).order_by(Organisation.created_at))
