"""The audit log: who did what, never what a record says."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from mentorapp.server.models import AuditEntry, utcnow
from mentorapp.server.services.auth import Caller


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
