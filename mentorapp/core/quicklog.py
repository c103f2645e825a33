"""The quick log: the commonest contact recorded from four answers."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from mentorapp.core.model import (
    Contact,
    ContactMode,
    LeisureActivity,
    LeisureType,
    OneToOneSession,
)


class QuickKind(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    COFFEE = "coffee"
    WALK = "walk"


def quick_contact(
    kind: QuickKind,
    mentee_id: str,
    minutes: int,
    note: str,
    mentor: str = "",
    day: dt.date | None = None,
) -> Contact:
    """Build the contact a mentor between appointments means by these four answers."""
    if not mentee_id:
        raise ValueError("Choose who the contact was with.")
    if not 1 <= minutes <= 720:
        raise ValueError("How long must be between 1 minute and 12 hours.")
    day = day or dt.date.today()
    if kind in (QuickKind.COFFEE, QuickKind.WALK):
        return LeisureActivity(
            leisure_type=LeisureType.COFFEE if kind is QuickKind.COFFEE else LeisureType.WALK,
            mentees=[mentee_id],
            date=day,
            duration_minutes=minutes,
            notes=note.strip(),
            mentor=mentor,
            mode=ContactMode.OUTDOOR_WALK
            if kind is QuickKind.WALK
            else ContactMode.IN_PERSON_COMMUNITY,
            form_id="leisure",
            form_version=1,
        )
    mode = {
        QuickKind.IN_PERSON: ContactMode.IN_PERSON_COMMUNITY,
        QuickKind.PHONE: ContactMode.PHONE,
        QuickKind.VIDEO: ContactMode.ONLINE_VIDEO,
    }[kind]
    return OneToOneSession(
        mentee_id=mentee_id,
        date=day,
        duration_minutes=minutes,
        notes=note.strip(),
        mentor=mentor,
        mode=mode,
        form_id="one_to_one",
        form_version=1,
    )
