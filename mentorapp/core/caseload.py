"""The caseload at a glance and a mentee's timeline: arithmetic over decrypted records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from mentorapp.core.model import (
    ConcernUrgency,
    Contact,
    Goal,
    Mentee,
    OneToOneSession,
    OutcomeCheckIn,
    Record,
    RecordType,
    Referral,
    SafeguardingConcern,
)
from mentorapp.core.review import amended_ids, with_amendments


@dataclass(kw_only=True)
class CaseloadEntry:
    mentee: Mentee
    last_contact: dt.date | None = None
    last_contact_kind: str = ""
    next_meeting: dt.date | None = None
    contacts: int = 0
    open_concerns: int = 0
    overdue_actions: int = 0


@dataclass(slots=True, kw_only=True)
class ContactSummary:
    """What the caseload needs of a contact; decodable without its notes."""

    id: str
    kind: RecordType
    date: dt.date
    mentee_ids: list[str]
    next_meeting: dt.date | None = None
    open_action_dues: list[dt.date] = field(default_factory=list)
    duration_minutes: int = 0
    travel_minutes: int = 0


def summarise(contact: Contact) -> ContactSummary:
    return ContactSummary(
        id=contact.id,
        kind=contact.record_type,
        date=contact.date,
        mentee_ids=contact.mentee_ids(),
        next_meeting=getattr(contact, "next_meeting", None),
        open_action_dues=[
            a.due for a in getattr(contact, "actions", []) if not a.done and a.due is not None
        ],
        duration_minutes=contact.duration_minutes,
        travel_minutes=contact.travel_minutes,
    )


def build_caseload(
    mentees: Iterable[Mentee],
    contacts: Iterable[ContactSummary | Contact],
    concerns: Iterable[SafeguardingConcern],
    today: dt.date | None = None,
) -> list[CaseloadEntry]:
    """One entry per mentee, sorted by display name (case-insensitive)."""
    today = today or dt.date.today()
    entries = {m.id: CaseloadEntry(mentee=m) for m in mentees}
    for item in contacts:
        c = item if isinstance(item, ContactSummary) else summarise(item)
        for mentee_id in c.mentee_ids:
            entry = entries.get(mentee_id)
            if entry is None:
                continue
            entry.contacts += 1
            if entry.last_contact is None or c.date > entry.last_contact:
                entry.last_contact = c.date
                entry.last_contact_kind = c.kind.value
            if (
                c.next_meeting
                and c.next_meeting >= today
                and (entry.next_meeting is None or c.next_meeting < entry.next_meeting)
            ):
                entry.next_meeting = c.next_meeting
            entry.overdue_actions += sum(1 for due in c.open_action_dues if due < today)
    for concern in concerns:
        entry = entries.get(concern.mentee_id)
        if entry is not None and concern.is_open:
            entry.open_concerns += 1
    return sorted(entries.values(), key=lambda e: e.mentee.display_name.casefold())


KIND_LABELS = {
    "one_to_one": "One-to-one",
    "group": "Group activity",
    "leisure": "Leisure activity",
    "concern": "Safeguarding concern",
    "referral": "Referral",
    "check_in": "Check-in",
    "goal": "Goal",
    "review": "Review",
    "amendment": "Amendment",
}


def describe_record(record: Record | None, record_type: str, names: dict[str, str]) -> str:
    """A record named for a person: "Mentee Ben Ali", "One-to-one with Sam Jones on
    12 Nov 2026", "Goal for Sam Jones" (never an id)."""
    kind = KIND_LABELS.get(record_type, "Mentee" if record_type == "mentee" else "Record")
    if isinstance(record, Mentee):
        return f"Mentee {record.display_name}"
    if isinstance(record, Contact):
        who = ", ".join(names.get(m, "a mentee not on this laptop") for m in record.mentee_ids())
        title = getattr(record, "title", "") or kind
        return f"{title} with {who or 'nobody'} on {record.date.strftime('%d %b %Y')}"
    mentee_id = getattr(record, "mentee_id", None)
    if isinstance(mentee_id, str):
        return f"{kind} for {names.get(mentee_id, 'a mentee not on this laptop')}"
    return kind


@dataclass(kw_only=True)
class TimelineItem:
    date: dt.date
    kind: str
    summary: str
    record: Record = field(repr=False)


def _first_line(text: str, limit: int = 80) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def timeline(mentee_id: str, records: Iterable[Record]) -> list[TimelineItem]:
    """Every contact, goal, referral, concern and check-in about a mentee, newest first.
    A contact amended after its approval shows as amended."""
    records = list(records)
    changed = amended_ids(records)
    items: list[TimelineItem] = []
    for r in with_amendments(records):
        if isinstance(r, Contact) and mentee_id in r.mentee_ids():
            title = getattr(r, "title", "") or KIND_LABELS[r.record_type.value]
            note = " (amended after approval)" if r.id in changed else ""
            items.append(
                TimelineItem(
                    date=r.date,
                    kind=r.record_type.value,
                    summary=f"{title} ({r.duration_minutes} min){note}: {_first_line(r.notes)}",
                    record=r,
                )
            )
        elif isinstance(r, SafeguardingConcern) and r.mentee_id == mentee_id:
            items.append(
                TimelineItem(
                    date=r.raised_on,
                    kind="concern",
                    summary=f"Safeguarding ({r.urgency.value}, {r.status.value}): "
                    f"{_first_line(r.description)}",
                    record=r,
                )
            )
        elif isinstance(r, Referral) and r.mentee_id == mentee_id:
            items.append(
                TimelineItem(
                    date=r.date,
                    kind="referral",
                    summary=f"Referral to {r.organisation} ({r.status.value})",
                    record=r,
                )
            )
        elif isinstance(r, OutcomeCheckIn) and r.mentee_id == mentee_id:
            scored = [v for v in r.scores.values() if v is not None]
            avg = f"{sum(scored) / len(scored):.1f}" if scored else "n/a"
            items.append(
                TimelineItem(
                    date=r.date, kind="check_in", summary=f"Check-in, average {avg}", record=r
                )
            )
        elif isinstance(r, Goal) and r.mentee_id == mentee_id and r.target_date:
            items.append(
                TimelineItem(
                    date=r.target_date,
                    kind="goal",
                    summary=f"Goal ({r.pathway.value}, {r.status.value}): "
                    f"{_first_line(r.description)}",
                    record=r,
                )
            )
    items.sort(key=lambda i: (i.date, i.record.id), reverse=True)
    return items


def concern_from_session(
    session: OneToOneSession, existing: Iterable[SafeguardingConcern]
) -> SafeguardingConcern | None:
    """The open concern a session that ticked "safeguarding" must raise, unless it already has.

    A ticked box on a session is easy to miss later; a concern record is not: it
    shows on the caseload and supervisors are alerted to it.
    """
    if not session.safeguarding_concern:
        return None
    if any(c.contact_id == session.id for c in existing):
        return None
    return SafeguardingConcern(
        mentee_id=session.mentee_id,
        contact_id=session.id,
        raised_on=session.date,
        description=session.safeguarding_details,
        urgency=ConcernUrgency.HIGH,
    )


@dataclass(frozen=True, kw_only=True)
class WeekItem:
    """Something in the coming week: a planned meeting or an action falling due."""

    date: dt.date
    kind: str  # "meeting" or "action"
    mentee_id: str
    text: str
    overdue: bool = False


def week_ahead(
    contacts: Iterable[Contact],
    today: dt.date | None = None,
    days: int = 7,
    overdue_days: int = 28,
) -> list[WeekItem]:
    """Meetings planned and open actions due from today to ``days`` ahead, plus
    actions that fell overdue in the last ``overdue_days``, soonest first. (Older
    overdue actions stay counted on the caseload.)"""
    today = today or dt.date.today()
    end = today + dt.timedelta(days=days)
    oldest = today - dt.timedelta(days=overdue_days)
    latest_next: dict[str, tuple[dt.date, dt.date]] = {}
    items: list[WeekItem] = []
    for c in contacts:
        if not isinstance(c, OneToOneSession):
            continue
        if c.next_meeting is not None:
            seen = latest_next.get(c.mentee_id)
            if seen is None or c.date > seen[0]:
                latest_next[c.mentee_id] = (c.date, c.next_meeting)
        for a in c.actions:
            if a.done or a.due is None or a.due > end or a.due < oldest:
                continue
            items.append(
                WeekItem(
                    date=a.due,
                    kind="action",
                    mentee_id=c.mentee_id,
                    text=f"{a.text} ({a.owner})",
                    overdue=a.due < today,
                )
            )
    for mentee_id, (_, meeting) in latest_next.items():
        if today <= meeting <= end:
            items.append(
                WeekItem(date=meeting, kind="meeting", mentee_id=mentee_id, text="Next meeting")
            )
    items.sort(key=lambda i: (i.date, i.kind))
    return items
