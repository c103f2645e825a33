"""Mentor hours: contact time plus travel, the figure funders ask for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mentorapp.core.model import Contact


@dataclass(frozen=True, kw_only=True)
class MentorHours:
    contacts: int
    contact_minutes: int
    travel_minutes: int

    @property
    def total_minutes(self) -> int:
        return self.contact_minutes + self.travel_minutes

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 2)


def mentor_hours(
    contacts: Iterable[Contact],
    start: dt.date | None = None,
    end: dt.date | None = None,
    mentor: str | None = None,
) -> MentorHours:
    """Sum contact and travel time, optionally within [start, end] and for one mentor."""
    count = contact_minutes = travel_minutes = 0
    for c in contacts:
        if start is not None and c.date < start:
            continue
        if end is not None and c.date > end:
            continue
        if mentor is not None and c.mentor != mentor:
            continue
        count += 1
        contact_minutes += c.duration_minutes
        travel_minutes += c.travel_minutes
    return MentorHours(
        contacts=count, contact_minutes=contact_minutes, travel_minutes=travel_minutes
    )
