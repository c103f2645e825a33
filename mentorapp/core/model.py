"""What a peer mentoring service records.

Plain dataclasses and enums. Every record carries an ``id`` (UUIDv7 string),
the form it was captured with (``form_id``/``form_version``) and ``extra``:
answers to fields an organisation added to a form file, kept, validated and
exported with no code change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from mentorapp.core.ids import new_id


class Setting(StrEnum):
    """Where a mentee is being supported."""

    PRISON = "prison"
    COMMUNITY = "community"
    PROBATION = "probation"
    APPROVED_PREMISES = "approved_premises"
    ONLINE = "online"


class MenteeStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class ContactMode(StrEnum):
    """How and where a contact took place."""

    IN_PERSON_PRISON = "in_person_prison"
    IN_PERSON_COMMUNITY = "in_person_community"
    ONLINE_VIDEO = "online_video"
    PHONE = "phone"
    OUTDOOR_WALK = "outdoor_walk"


class Confidentiality(StrEnum):
    """Normal records are visible to the mentor's team; restricted ones only to the
    mentor and their supervisor."""

    NORMAL = "normal"
    RESTRICTED = "restricted"


class Pathway(StrEnum):
    """The seven reducing-reoffending pathways."""

    ACCOMMODATION = "accommodation"
    EDUCATION_TRAINING_EMPLOYMENT = "education_training_employment"
    HEALTH = "health"
    DRUGS_ALCOHOL = "drugs_alcohol"
    FINANCE_BENEFIT_DEBT = "finance_benefit_debt"
    CHILDREN_FAMILIES = "children_families"
    ATTITUDES_THINKING_BEHAVIOUR = "attitudes_thinking_behaviour"


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    STOPPED = "stopped"


class ReferralStatus(StrEnum):
    MADE = "made"
    ACCEPTED = "accepted"
    ATTENDED = "attended"
    DECLINED = "declined"
    COMPLETED = "completed"


class ConcernUrgency(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    IMMEDIATE = "immediate"


class ConcernStatus(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    RESOLVED = "resolved"


class ConcernCategory(StrEnum):
    RISK_TO_SELF = "risk_to_self"
    RISK_TO_OTHERS = "risk_to_others"
    RISK_FROM_OTHERS = "risk_from_others"
    CHILD_PROTECTION = "child_protection"
    DOMESTIC_ABUSE = "domestic_abuse"
    EXPLOITATION = "exploitation"
    SUBSTANCE_MISUSE = "substance_misuse"
    OTHER = "other"


class Attendance(StrEnum):
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"
    LEFT_EARLY = "left_early"


class GroupType(StrEnum):
    PEER_SUPPORT = "peer_support"
    WORKSHOP = "workshop"
    EDUCATION = "education"
    SPORT = "sport"
    CREATIVE = "creative"
    OTHER = "other"


class LeisureType(StrEnum):
    COFFEE = "coffee"
    MEAL = "meal"
    GYM_OR_SPORT = "gym_or_sport"
    SHOPPING = "shopping"
    WALK = "walk"
    CULTURAL_VISIT = "cultural_visit"
    OTHER = "other"


class RecordType(StrEnum):
    """The kinds of record the store keeps; stored in clear so sync can route them."""

    MENTEE = "mentee"
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    LEISURE = "leisure"
    GOAL = "goal"
    REFERRAL = "referral"
    CONCERN = "concern"
    CHECK_IN = "check_in"
    REVIEW = "review"
    AMENDMENT = "amendment"


CONTACT_TYPES = (RecordType.ONE_TO_ONE, RecordType.GROUP, RecordType.LEISURE)


@dataclass(kw_only=True)
class ContactDetails:
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(kw_only=True)
class Consent:
    """Consent to be supported and recorded."""

    given: bool = False
    date: dt.date | None = None
    covers: list[str] = field(default_factory=list)
    confidentiality_limits_explained: bool = False


@dataclass(kw_only=True)
class Expense:
    amount: Decimal
    description: str


@dataclass(kw_only=True)
class Action:
    """Something agreed at a session, with who does it and by when."""

    text: str
    owner: str = "mentee"
    due: dt.date | None = None
    done: bool = False


@dataclass(kw_only=True)
class Attendee:
    mentee_id: str
    attendance: Attendance = Attendance.ATTENDED


@dataclass(kw_only=True)
class Record:
    """Fields every record shares."""

    record_type: ClassVar[RecordType]
    id: str = field(default_factory=new_id)
    form_id: str = ""
    form_version: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def addressee(self) -> str | None:
        """The member (user id) this record is for besides its owner, if any."""
        return None


@dataclass(kw_only=True)
class Mentee(Record):
    """A person being mentored."""

    record_type: ClassVar[RecordType] = RecordType.MENTEE
    given_name: str
    family_name: str
    preferred_name: str = ""
    pronouns: str = ""
    gender: str = ""
    date_of_birth: dt.date | None = None
    contact: ContactDetails = field(default_factory=ContactDetails)
    pnc_id: str = ""
    setting: Setting = Setting.COMMUNITY
    establishment: str = ""
    prison_number: str = ""
    expected_release: dt.date | None = None
    consent: Consent = field(default_factory=Consent)
    start_date: dt.date | None = None
    status: MenteeStatus = MenteeStatus.ACTIVE
    closed_reason: str = ""
    key_needs: list[Pathway] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        """The name a mentor uses: preferred name if given, then family name."""
        first = self.preferred_name or self.given_name
        return f"{first} {self.family_name}".strip()


@dataclass(kw_only=True)
class Contact(Record):
    """What one-to-one sessions, group activities and leisure activities share."""

    date: dt.date
    start_time: dt.time | None = None
    duration_minutes: int = 0
    travel_minutes: int = 0
    mentor: str = ""
    mode: ContactMode = ContactMode.IN_PERSON_COMMUNITY
    location: str = ""
    expenses: list[Expense] = field(default_factory=list)
    confidentiality: Confidentiality = Confidentiality.NORMAL
    notes: str = ""

    def mentee_ids(self) -> list[str]:
        """Every mentee this contact involved."""
        raise NotImplementedError


@dataclass(kw_only=True)
class OneToOneSession(Contact):
    record_type: ClassVar[RecordType] = RecordType.ONE_TO_ONE
    mentee_id: str
    topics: list[str] = field(default_factory=list)
    how_they_are_doing: str = ""
    actions: list[Action] = field(default_factory=list)
    next_meeting: dt.date | None = None
    safeguarding_concern: bool = False
    safeguarding_details: str = ""

    def mentee_ids(self) -> list[str]:
        return [self.mentee_id]


@dataclass(kw_only=True)
class GroupActivity(Contact):
    record_type: ClassVar[RecordType] = RecordType.GROUP
    title: str
    group_type: GroupType = GroupType.PEER_SUPPORT
    facilitators: list[str] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)

    def mentee_ids(self) -> list[str]:
        return [a.mentee_id for a in self.attendees]


@dataclass(kw_only=True)
class LeisureActivity(Contact):
    record_type: ClassVar[RecordType] = RecordType.LEISURE
    leisure_type: LeisureType = LeisureType.COFFEE
    mentees: list[str] = field(default_factory=list)

    def mentee_ids(self) -> list[str]:
        return list(self.mentees)


@dataclass(kw_only=True)
class Goal(Record):
    record_type: ClassVar[RecordType] = RecordType.GOAL
    mentee_id: str
    pathway: Pathway
    description: str
    status: GoalStatus = GoalStatus.NOT_STARTED
    target_date: dt.date | None = None


@dataclass(kw_only=True)
class Referral(Record):
    """A mentee connected to a service, training or work."""

    record_type: ClassVar[RecordType] = RecordType.REFERRAL
    mentee_id: str
    pathway: Pathway
    organisation: str
    date: dt.date
    reason: str = ""
    status: ReferralStatus = ReferralStatus.MADE
    outcome: str = ""


@dataclass(kw_only=True)
class SafeguardingConcern(Record):
    """Raised from a contact or on its own; open ones are always surfaced."""

    record_type: ClassVar[RecordType] = RecordType.CONCERN
    mentee_id: str
    raised_on: dt.date
    contact_id: str | None = None
    category: ConcernCategory = ConcernCategory.OTHER
    urgency: ConcernUrgency = ConcernUrgency.MEDIUM
    description: str = ""
    action_taken: str = ""
    status: ConcernStatus = ConcernStatus.OPEN

    @property
    def is_open(self) -> bool:
        return self.status is not ConcernStatus.RESOLVED


@dataclass(kw_only=True)
class OutcomeCheckIn(Record):
    """A dated self-assessment against an instrument.

    ``scores`` maps each of the instrument's areas to a score, or to ``None``
    when the mentee marked that area not applicable.
    """

    record_type: ClassVar[RecordType] = RecordType.CHECK_IN
    mentee_id: str
    date: dt.date
    instrument_id: str
    instrument_version: int = 1
    scores: dict[str, int | None] = field(default_factory=dict)
    comment: str = ""


class ReviewState(StrEnum):
    APPROVED = "approved"
    NEEDS_ATTENTION = "needs_attention"
    REJECTED = "rejected"


@dataclass(kw_only=True)
class ContactReview(Record):
    """A supervisor's review of one version of a mentor's contact, addressed to that
    mentor. An approved contact is locked: later edits become amendments."""

    record_type: ClassVar[RecordType] = RecordType.REVIEW
    contact_id: str
    contact_version: int
    mentor_id: str  # the mentor's user id: the review is addressed to them
    state: ReviewState
    reviewed_on: dt.date
    comment: str = ""

    def addressee(self) -> str | None:
        return self.mentor_id


@dataclass(kw_only=True)
class Amendment(Record):
    """A change to a contact a supervisor had approved: the contact as amended, kept
    beside the approved version so the review trail stays true."""

    record_type: ClassVar[RecordType] = RecordType.AMENDMENT
    contact_id: str
    contact_type: RecordType
    amended_on: dt.date
    content: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


AnyRecord = (
    Mentee
    | OneToOneSession
    | GroupActivity
    | LeisureActivity
    | Goal
    | Referral
    | SafeguardingConcern
    | OutcomeCheckIn
    | ContactReview
    | Amendment
)

RECORD_CLASSES: dict[RecordType, type[Record]] = {
    cls.record_type: cls
    for cls in (
        Mentee,
        OneToOneSession,
        GroupActivity,
        LeisureActivity,
        Goal,
        Referral,
        SafeguardingConcern,
        OutcomeCheckIn,
        ContactReview,
        Amendment,
    )
}
