"""Erasing records for good: by their owner or supervisor, by an admin, by retention."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mentorapp.core.ids import is_valid_id
from mentorapp.server.models import Envelope, Organisation, utcnow
from mentorapp.server.problems import not_found
from mentorapp.server.schemas import ErasedRecord
from mentorapp.server.services.audit import audit
from mentorapp.server.services.auth import Caller, oversees, require_role
from mentorapp.server.services.common import sha256_hex


def purge_record(
    session: Session, org_id: str, record_id: str, actor: str, caller: Caller | None = None
) -> ErasedRecord:
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
    env.digest = sha256_hex(f"purged:{env.id}:{env.version}")
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
    return ErasedRecord(id=env.id, version=env.version, purged=True)


def erase(session: Session, caller: Caller, record_id: str) -> ErasedRecord:
    """A device erases a record its user owns or, as a supervisor, oversees."""
    require_role(caller, "mentor", "supervisor")
    env = session.get(Envelope, record_id) if is_valid_id(record_id) else None
    if env is None or env.org_id != caller.org_id:
        raise not_found("There is no such record.")
    allowed = env.owner_id == caller.user_id or oversees(session, caller, env.owner_id)
    if not allowed:
        raise not_found("There is no such record.")  # do not reveal others' ids
    return purge_record(session, caller.org_id, record_id, caller.actor, caller)


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
