"""Push, pull and the visible summary: the record envelopes devices sync.

Push manages its own transactions so that one bad record never fails others;
the other functions take an open session whose transaction the caller owns.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from mentorapp.core.ids import is_valid_id
from mentorapp.core.model import RecordType
from mentorapp.crypto import (
    ENVELOPE_FORMAT,
    EnvelopeFields,
    SignatureInvalid,
    VerifyKey,
    verify_envelope,
)
from mentorapp.server.models import Envelope, Organisation, User, utcnow
from mentorapp.server.problems import Problem
from mentorapp.server.schemas import (
    EnvelopeOut,
    FetchResponse,
    IndexResponse,
    PullResponse,
    PushResult,
    SummaryResponse,
)
from mentorapp.server.services.audit import audit_by
from mentorapp.server.services.auth import (
    Caller,
    caller_device,
    caller_org,
    require_role,
    visible_clause,
)
from mentorapp.server.services.common import (
    MAX_CIPHERTEXT,
    MAX_PAGE_BYTES,
    MAX_RECIPIENTS,
    b64d,
    b64e,
    sha256_hex,
)

# A record gains one version per edit, so no honest device comes near this; it keeps
# every version, and the one an erasure adds, inside the database's 32-bit column.
MAX_VERSION = 1_000_000_000
RECORD_TYPES = frozenset(t.value for t in RecordType)
SUPERVISOR_TYPES = frozenset({RecordType.REVIEW.value})
# An epoch (hex) and a sequence number, ASCII digits only: str.isdigit() also takes
# superscript two (which int() refuses) and Arabic-Indic one (which int() reads as 1).
_CURSOR = re.compile(r"([0-9a-f]{1,32})\.([0-9]{1,18})")


@dataclass
class ParsedEnvelope:
    id: str
    record_type: str
    version: int
    base_version: int
    deleted: bool
    owner_id: str
    ciphertext: bytes
    wrapped_keys: dict[str, str]
    signature: bytes
    author_device: str
    addressed_to: str | None
    digest: str

    def fields(self, org_id: str) -> EnvelopeFields:
        """What the author device signed."""
        return EnvelopeFields(
            record_type=self.record_type,
            record_id=self.id,
            version=self.version,
            base_version=self.base_version,
            deleted=self.deleted,
            author_device=self.author_device,
            org_id=org_id,
            owner_id=self.owner_id,
            addressed_to=self.addressed_to,
            wrapped_keys={k: base64.b64decode(v) for k, v in self.wrapped_keys.items()},
            ciphertext=self.ciphertext,
        )


def parse_envelope(item: Any) -> ParsedEnvelope:  # noqa: PLR0912 (one check per field)
    """Check one pushed envelope's shape; ValueError names what is wrong."""
    if not isinstance(item, Mapping):
        raise ValueError("an envelope must be a JSON object")
    if item.get("format") != ENVELOPE_FORMAT:
        raise ValueError(
            f"format must be {ENVELOPE_FORMAT}: this device is older than the service; update it"
        )
    rid = item.get("id")
    if not isinstance(rid, str) or not is_valid_id(rid):
        raise ValueError("id must be a UUID")
    rtype = item.get("record_type")
    if not isinstance(rtype, str) or rtype not in RECORD_TYPES:
        # Exactly as the app names them: no case or spelling slips past the role check.
        raise ValueError(f"record_type must be one of {', '.join(sorted(RECORD_TYPES))}")
    version, base = item.get("version"), item.get("base_version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_VERSION:
        raise ValueError(f"version must be a whole number from 1 to {MAX_VERSION}")
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
    if len(wrapped) > MAX_RECIPIENTS:
        raise ValueError(f"at most {MAX_RECIPIENTS} recipients")
    for value in wrapped.values():
        b64d(value, "a wrapped key")
    if deleted and (ciphertext or wrapped):
        raise ValueError("a deletion carries no content and no keys")
    owner = item.get("owner_id")
    if not isinstance(owner, str) or not is_valid_id(owner):
        raise ValueError("owner_id must be a user id")
    signature = b64d(item.get("signature", ""), "signature")
    author = item.get("author_device")
    if not isinstance(author, str):
        raise ValueError("author_device is missing")
    addressed = item.get("addressed_to")
    if addressed is not None and (not isinstance(addressed, str) or not is_valid_id(addressed)):
        raise ValueError("addressed_to must be a user id")
    digest = sha256_hex(
        json.dumps(
            [
                rid,
                rtype,
                version,
                base,
                deleted,
                owner,
                sha256_hex(ciphertext),
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
        owner_id=owner,
        ciphertext=ciphertext,
        wrapped_keys=dict(wrapped),
        signature=signature,
        author_device=author,
        addressed_to=addressed,
        digest=digest,
    )


def envelope_out(env: Envelope) -> EnvelopeOut:
    """A stored envelope as devices receive it."""
    received = env.received_at
    if received.tzinfo is None:
        received = received.replace(tzinfo=dt.UTC)
    return EnvelopeOut(
        format=env.format,
        id=env.id,
        record_type=env.record_type,
        version=env.version,
        base_version=env.base_version,
        deleted=env.deleted,
        purged=env.purged,
        owner_id=env.owner_id,
        addressed_to=env.addressed_to,
        author_device=env.author_device,
        ciphertext=b64e(env.ciphertext) if env.ciphertext is not None else None,
        wrapped_keys=json.loads(env.wrapped_keys) if env.wrapped_keys else {},
        signature=b64e(env.signature),
        seq=env.seq,
        received_at=received.isoformat(),
    )


def _rejected(record_id: str | None, code: str, reason: str) -> PushResult:
    return PushResult(id=record_id, status="rejected", code=code, reason=reason)


def _check_authorised(  # noqa: PLR0911 (one reason per rule)
    session: Session, caller: Caller, env: ParsedEnvelope, team_cache: dict[str, str | None]
) -> str | None:
    """Reason this caller may not push this envelope, or None."""
    if env.author_device != caller.device_id:
        return "author_device must be the pushing device"
    if env.owner_id != caller.user_id:
        return "owner_id must be the pushing device's user"
    if env.record_type in SUPERVISOR_TYPES and caller.role != "supervisor":
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
        if caller.role == "supervisor":
            if not caller.org_wide and team is not None and team not in caller.teams:
                return "addressed_to is not in a team you supervise"
        elif team not in (caller.team_id, None):
            return "addressed_to is not in your team"
    return None


def push(factory: sessionmaker[Session], caller: Caller, items: list[Any]) -> list[PushResult]:
    """Store a batch of envelopes; one result per item, in order.

    Sequence numbers come from the organisation's counter row, locked for the
    whole transaction, so changes commit in sequence order and a pull cursor can
    never pass a change that has not committed yet.
    """
    require_role(caller, "mentor", "supervisor")
    results: list[PushResult | None] = [None] * len(items)
    parsed: list[tuple[int, ParsedEnvelope]] = []
    seen: set[str] = set()
    with factory() as session:
        device = caller_device(session, caller)
        if device.certificate is None:
            raise Problem(
                403,
                "device-not-certified",
                "This laptop has not finished joining",
                "Run join again with the same code to finish; nothing was stored.",
            )
        verify_key = VerifyKey(device.verify_public)
        team_cache: dict[str, str | None] = {}
        for n, item in enumerate(items):
            try:
                env = parse_envelope(item)
            except ValueError as exc:
                # Only a well-formed id is said back: anything else stays unquoted.
                rid = item.get("id") if isinstance(item, Mapping) else None
                rid = rid if isinstance(rid, str) and is_valid_id(rid) else None
                results[n] = _rejected(rid, "malformed", str(exc))
                continue
            if env.id in seen:
                results[n] = _rejected(
                    env.id, "duplicate-in-batch", "the same record appears twice in this batch"
                )
                continue
            seen.add(env.id)
            reason = _check_authorised(session, caller, env, team_cache)
            if reason:
                results[n] = _rejected(env.id, "forbidden", reason)
                continue
            try:
                verify_envelope(verify_key, env.signature, env.fields(caller.org_id))
            except SignatureInvalid:
                results[n] = _rejected(
                    env.id, "bad-signature", "the signature does not match this device and envelope"
                )
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
                if outcome.status == "accepted":
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
                other=[r.id for r in results if r and r.status != "accepted"],
            )
    return [r for r in results if r is not None]


def _apply(
    session: Session,
    caller: Caller,
    env: ParsedEnvelope,
    current: Envelope | None,
    seq: int,
    now: dt.datetime,
) -> PushResult:
    if current is not None and (
        current.org_id != caller.org_id or current.owner_id != caller.user_id
    ):
        # One answer for another organisation's id and a colleague's record, so a push
        # cannot tell whether, or where, another organisation holds an id.
        return _rejected(env.id, "forbidden", "that record belongs to someone else")
    if current is not None and current.purged:
        return _rejected(env.id, "erased", "that record was erased and cannot be written again")
    if current is not None and current.version == env.version and current.digest == env.digest:
        return PushResult(id=env.id, status="duplicate", version=env.version)
    current_version = current.version if current is not None else 0
    if env.base_version != current_version or env.version <= current_version:
        return PushResult(
            id=env.id,
            status="conflict",
            reason=f"the server has version {current_version}",
            current=envelope_out(current) if current is not None else None,
        )
    if current is None:
        current = Envelope(id=env.id, org_id=caller.org_id, owner_id=caller.user_id)
        session.add(current)
    current.addressed_to = env.addressed_to
    current.record_type = env.record_type
    current.format = ENVELOPE_FORMAT
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
    return PushResult(id=env.id, status="accepted", version=env.version, seq=seq)


# --- pull -----------------------------------------------------------------------------


def make_cursor(org: Organisation, seq: int) -> str:
    return f"{org.cursor_epoch}.{seq}"


def pull(session: Session, caller: Caller, cursor: str | None, limit: int) -> PullResponse:
    """Changes after ``cursor`` that the caller may see, oldest first."""
    require_role(caller, "mentor", "supervisor")
    org = caller_org(session, caller)
    after = 0
    if cursor:
        match = _CURSOR.fullmatch(cursor)
        if (
            match is None
            or match.group(1) != org.cursor_epoch
            or int(match.group(2)) > org.last_seq
        ):
            raise Problem(
                409,
                "resync-required",
                "Start a full resync",
                "This cursor is unknown to the server (it was restored or replaced). "
                "Pull again from the beginning without a cursor.",
            )
        after = int(match.group(2))
    limit = max(1, min(limit, 1000))
    rows = session.scalars(
        select(Envelope)
        .where(
            Envelope.org_id == caller.org_id,
            Envelope.seq > after,
            visible_clause(caller),
            # A device has what it wrote itself; an erasure of it still reaches it.
            or_(Envelope.author_device != caller.device_id, Envelope.purged.is_(True)),
        )
        .order_by(Envelope.seq)
        .limit(limit + 1)
    ).all()
    changes: list[EnvelopeOut] = []
    size = 0
    for row in rows[:limit]:
        changes.append(envelope_out(row))
        size += (len(row.ciphertext or b"") * 4 // 3) + len(row.wrapped_keys or "") + 400
        if size > MAX_PAGE_BYTES:
            break
    more = len(rows) > len(changes)
    last = changes[-1].seq if changes else after
    if not more:
        # Nothing else up to the counter read above is for this caller (each number up
        # to it had committed before that read), so the cursor moves past the rest.
        # Otherwise a device that is sent little (a mentor: its own writes are left
        # out) scans the organisation's whole history again on every sync.
        last = max(last, org.last_seq)
    audit_by(
        session,
        "records.pull",
        caller,
        after=after,
        count=len(changes),
        ids=[c.id for c in changes],
    )
    return PullResponse(changes=changes, cursor=make_cursor(org, last), more=more)


def visible_summary(session: Session, caller: Caller) -> SummaryResponse:
    """Count and hash of (id, version) the caller may see, to catch silent drift."""
    require_role(caller, "mentor", "supervisor")
    h = hashlib.sha256()
    count = 0
    for rid, version in session.execute(
        select(Envelope.id, Envelope.version)
        .where(Envelope.org_id == caller.org_id, visible_clause(caller))
        .order_by(Envelope.id)
    ):
        h.update(f"{rid}:{version}\n".encode())
        count += 1
    return SummaryResponse(count=count, hash=h.hexdigest())


def fetch(session: Session, caller: Caller, ids: list[str]) -> FetchResponse:
    """The current envelopes of these ids that the caller may see (others are left out,
    as if they did not exist)."""
    require_role(caller, "mentor", "supervisor")
    wanted = [i for i in dict.fromkeys(ids) if isinstance(i, str) and is_valid_id(i)][:500]
    rows = session.scalars(
        select(Envelope).where(
            Envelope.org_id == caller.org_id, Envelope.id.in_(wanted), visible_clause(caller)
        )
    ).all()
    audit_by(session, "records.fetch", caller, ids=[r.id for r in rows])
    return FetchResponse(envelopes=[envelope_out(r) for r in rows])


def index(session: Session, caller: Caller, after: str | None, limit: int) -> IndexResponse:
    """(id, version) of every record the caller may see, in id order, a page at a time:
    what a device compares itself with when the summaries disagree."""
    require_role(caller, "mentor", "supervisor")
    limit = max(1, min(limit, 10000))
    stmt = select(Envelope.id, Envelope.version).where(
        Envelope.org_id == caller.org_id, visible_clause(caller)
    )
    if after:
        stmt = stmt.where(Envelope.id > after)
    rows = session.execute(stmt.order_by(Envelope.id).limit(limit + 1)).all()
    return IndexResponse(items=[(r[0], r[1]) for r in rows[:limit]], more=len(rows) > limit)
