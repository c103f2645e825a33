"""What a person is told about sync, read from an unlocked profile: membership,
changes waiting, last success, and what needs them. The window's status bar and
sync panel show this; ``mentorapp-cli status`` prints the same facts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from mentorapp.core.codec import RecordDecodeError
from mentorapp.core.model import Record, RecordType
from mentorapp.crypto import CryptoError, fingerprint
from mentorapp.store.errors import StoreError
from mentorapp.store.membership import JOINED, REVOKED
from mentorapp.store.profile import Profile
from mentorapp.store.syncstore import (
    LAST_PROBLEM,
    LAST_SUCCESS,
    ConflictView,
    IncomingProblem,
    QuarantineView,
    SyncCounts,
    SyncStore,
)
from mentorapp.sync.engine import cannot_sync_message, load_directory


@dataclass(frozen=True, kw_only=True)
class MembershipSummary:
    """The membership facts a person may want to read or compare, no secrets."""

    org_name: str
    user_name: str
    role: str
    server_url: str
    org_fingerprint: str
    user_key_fingerprint: str
    device_id: str
    device_label: str
    status: str  # JOINED, REVOKED or NEEDS_NEW_DEVICE (store.membership)
    holds_org_keys: bool
    cannot_sync: str  # why syncing is off, "" when it is on
    # Whether the organisation has certified this person's keys (as far as the last
    # verified key list says): until it has, supervisors cannot read what they send.
    certified: bool

    @property
    def can_sync(self) -> bool:
        return self.status == JOINED and not self.cannot_sync

    @property
    def revoked(self) -> bool:
        return self.status == REVOKED


@dataclass(frozen=True, kw_only=True)
class SyncState:
    membership: MembershipSummary | None
    counts: SyncCounts
    last_success: dt.datetime | None
    last_problem: str | None
    concerns_waiting: frozenset[str]  # safeguarding concerns not yet at the service

    @property
    def joined(self) -> bool:
        return self.membership is not None

    @property
    def can_sync(self) -> bool:
        return self.membership is not None and self.membership.can_sync

    @property
    def can_join(self) -> bool:
        """Not joined, or joined once but this laptop must join again (restored from
        a backup, or revoked)."""
        return not self.can_sync

    @property
    def attention(self) -> int:
        """Things only a person can settle or should know: conflicts, records the
        service refused, and incoming changes refused or waiting for keys."""
        c = self.counts
        return c.conflicts + c.quarantined + c.refused + c.held


@dataclass(frozen=True, kw_only=True)
class SyncOverview:
    """Everything the sync panel lists."""

    state: SyncState
    conflicts: list[ConflictView]
    quarantined: list[QuarantineView]
    incoming: list[IncomingProblem]
    records: dict[str, Record]  # the quarantined records, to name them
    # Entries of the organisation's key directory this laptop ignored (not certified
    # by the organisation, or not readable): a person should know, and tell someone.
    key_problems: list[str]


def _summary(profile: Profile) -> MembershipSummary | None:
    m = profile.membership
    if m is None:
        return None
    return MembershipSummary(
        org_name=m.org_name,
        user_name=m.user_name,
        role=m.role,
        server_url=m.server_url,
        org_fingerprint=m.org_fingerprint,
        user_key_fingerprint=fingerprint(m.user_keys.verify_public),
        device_id=m.device_id if m.can_sync else "",
        device_label=m.device_label if m.can_sync else "",
        status=m.status,
        holds_org_keys=m.org_keys is not None,
        cannot_sync="" if m.can_sync else cannot_sync_message(m),
        certified=m.org_keys is not None or _certified(profile),
    )


def _certified(profile: Profile) -> bool:
    m = profile.membership
    directory = load_directory(profile) if m is not None else None
    return directory is not None and m is not None and m.user_id in directory.members


def _when(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def sync_state(profile: Profile) -> SyncState:
    """The facts for the status bar (a few small queries)."""
    store = SyncStore(profile.records)
    return SyncState(
        membership=_summary(profile),
        counts=store.counts(),
        last_success=_when(store.meta(LAST_SUCCESS)),
        last_problem=store.meta(LAST_PROBLEM) or None,
        concerns_waiting=frozenset(store.pending_ids(RecordType.CONCERN.value)),
    )


def sync_overview(profile: Profile) -> SyncOverview:
    """The facts for the sync panel: the state and every list with an action."""
    store = SyncStore(profile.records)
    quarantined = store.quarantined()
    records: dict[str, Record] = {}
    for q in quarantined:
        with contextlib.suppress(StoreError, CryptoError, RecordDecodeError):  # unnamed then
            records[q.id] = profile.records.get(q.id)
    return SyncOverview(
        state=sync_state(profile),
        conflicts=store.conflicts(),
        quarantined=quarantined,
        incoming=store.incoming_problems(),
        records=records,
        key_problems=key_problems(profile),
    )


def key_problems(profile: Profile) -> list[str]:
    """What the last verified key directory left out, and why (each once)."""
    directory = load_directory(profile) if profile.membership is not None else None
    return list(dict.fromkeys(directory.problems)) if directory is not None else []


__all__ = [
    "MembershipSummary",
    "SyncOverview",
    "SyncState",
    "key_problems",
    "sync_overview",
    "sync_state",
]
