"""The audit log: who did what, never what a record says.

Entries form hash chains, one per organisation and one for entries that belong to
none. Each entry stores SHA-256 over the previous entry's hash and its own
canonical content, computed in the transaction that inserts it while the chain's
head row is locked, so concurrent requests append one after another and never
fork a chain. ``verify`` walks the chains and names the first entry that is
missing or was changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ScalarResult, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mentorapp.server.models import AuditChain, AuditEntry, utcnow
from mentorapp.server.services.auth import Caller

# The "previous hash" of a chain's first entry.
GENESIS = "0" * 64
NO_ORGANISATION = ""


class ChainedFields(Protocol):
    """What an entry's hash covers (an AuditEntry, or a row read by a migration)."""

    @property
    def chain(self) -> str: ...
    @property
    def chain_seq(self) -> int: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def org_id(self) -> str | None: ...
    @property
    def user_id(self) -> str | None: ...
    @property
    def device_id(self) -> str | None: ...
    @property
    def actor(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def detail(self) -> str: ...


def _instant(at: dt.datetime) -> str:
    # SQLite hands back naive UTC, PostgreSQL an aware time in the session's zone.
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_hash(previous: str, entry: ChainedFields) -> str:
    """SHA-256 (hex) over the previous entry's hash and this entry's canonical content.

    Changing what goes in here needs a migration that chains the log again.
    """
    content = json.dumps(
        [
            entry.chain,
            entry.chain_seq,
            _instant(entry.at),
            entry.org_id,
            entry.user_id,
            entry.device_id,
            entry.actor,
            entry.action,
            entry.detail,
        ],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(f"{previous}\n{content}".encode()).hexdigest()


def _lock_head(session: Session, chain: str) -> tuple[int, str]:
    """The chain's newest (seq, hash), its row locked until the transaction ends
    (PostgreSQL row lock; SQLite's write lock)."""
    lock = (
        update(AuditChain)
        .where(AuditChain.chain == chain)
        .values(seq=AuditChain.seq)
        .returning(AuditChain.seq, AuditChain.hash)
    )
    head = session.execute(lock).first()
    if head is None:  # the chain's first entry; another request may be starting it too
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(AuditChain)
            .values(chain=chain, seq=0, hash=GENESIS)
            .on_conflict_do_nothing(index_elements=["chain"])
        )
        head = session.execute(lock).one()
    return int(head[0]), str(head[1])


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
    """Append an entry to the organisation's chain, in the caller's transaction."""
    chain = org_id or NO_ORGANISATION
    seq, previous = _lock_head(session, chain)
    entry = AuditEntry(
        at=utcnow(),
        org_id=org_id,
        user_id=user_id,
        device_id=device_id,
        actor=actor,
        action=action,
        detail=json.dumps(detail, sort_keys=True, default=str),
        chain=chain,
        chain_seq=seq + 1,
    )
    entry.hash = entry_hash(previous, entry)
    session.add(entry)
    session.execute(
        update(AuditChain)
        .where(AuditChain.chain == chain)
        .values(seq=entry.chain_seq, hash=entry.hash)
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


# --- verification ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    """One chain as found: how many entries, its newest, and the first break if any."""

    chain: str
    entries: int
    newest_id: int | None
    newest_hash: str
    problem: str | None = None


def _describe(entry: AuditEntry) -> str:
    return f"entry {entry.id} ({entry.action}, {_instant(entry.at)[:19]}Z)"


def _entries(session: Session, chain: str) -> ScalarResult[AuditEntry]:
    """The chain's entries in order, read a thousand at a time (close it when done)."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.chain == chain)
        .order_by(AuditEntry.chain_seq)
        .execution_options(yield_per=1000)
    )
    return session.scalars(stmt)


def verify_chain(session: Session, chain: str, head: AuditChain | None) -> ChainReport:
    """Walk one chain from its first entry; the report names the first break."""
    with closing(_entries(session, chain)) as entries:
        return _walk(chain, entries, head)


def _walk(chain: str, entries: Iterable[AuditEntry], head: AuditChain | None) -> ChainReport:
    previous, count = GENESIS, 0
    last: AuditEntry | None = None
    for entry in entries:
        expected = count + 1
        if entry.chain_seq != expected:
            where = f"after {_describe(last)}" if last else "at the start of the log"
            missing = entry.chain_seq - expected
            problem = (
                f"{missing} entr{'y is' if missing == 1 else 'ies are'} missing {where}, "
                f"before {_describe(entry)}."
                if missing > 0
                else f"{_describe(entry)} is out of place {where}: it was copied or renumbered."
            )
            return ChainReport(chain, count, last.id if last else None, previous, problem)
        if entry_hash(previous, entry) != entry.hash:
            problem = f"{_describe(entry)} was changed after it was written"
            if last is not None:
                problem += f" (or entry {last.id} was, and its hash rewritten to hide it)"
            problem += "."
            return ChainReport(chain, count, last.id if last else None, previous, problem)
        previous, count, last = entry.hash, expected, entry
    newest_id = last.id if last else None
    if head is not None and (head.seq, head.hash) != (count, previous):
        missing = head.seq - count
        where = f"after {_describe(last)}" if last else "(the whole chain)"
        problem = (
            f"{missing} entr{'y is' if missing == 1 else 'ies are'} missing from the end of "
            f"the log {where}."
            if missing > 0
            else f"the newest entry, {newest_id}, is not the one the log last recorded."
        )
        return ChainReport(chain, count, newest_id, previous, problem)
    return ChainReport(chain, count, newest_id, previous)


def verify(session: Session, chain: str | None = None) -> list[ChainReport]:
    """Check every chain (or one), oldest entry first."""
    heads = {h.chain: h for h in session.scalars(select(AuditChain))}
    if chain is not None:
        chains = [chain]
    else:
        chains = sorted(set(heads) | set(session.scalars(select(AuditEntry.chain).distinct())))
    return [verify_chain(session, key, heads.get(key)) for key in chains]
