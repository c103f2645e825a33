"""A realistic, entirely synthetic caseload for demos, screenshots and benchmarks.

Names are drawn at random from common first and last names, establishments and
organisations are invented; nothing describes a real person.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from mentorapp.core.model import (
    Action,
    Attendance,
    Attendee,
    ConcernCategory,
    ConcernStatus,
    ConcernUrgency,
    Confidentiality,
    Consent,
    ContactDetails,
    ContactMode,
    Expense,
    Goal,
    GoalStatus,
    GroupActivity,
    GroupType,
    LeisureActivity,
    LeisureType,
    Mentee,
    MenteeStatus,
    OneToOneSession,
    OutcomeCheckIn,
    Pathway,
    Record,
    Referral,
    ReferralStatus,
    SafeguardingConcern,
    Setting,
)

FIRST = [
    "Aaron",
    "Adam",
    "Aisha",
    "Alex",
    "Amir",
    "Ben",
    "Bilal",
    "Callum",
    "Chantelle",
    "Chris",
    "Connor",
    "Danny",
    "Dean",
    "Dwayne",
    "Emma",
    "Femi",
    "Gary",
    "Hannah",
    "Imran",
    "Jade",
    "Jamal",
    "Jason",
    "Jermaine",
    "Joe",
    "Jordan",
    "Kayleigh",
    "Kieran",
    "Lee",
    "Leon",
    "Liam",
    "Marcus",
    "Mark",
    "Michelle",
    "Mo",
    "Nathan",
    "Paul",
    "Precious",
    "Reece",
    "Ricky",
    "Ryan",
    "Sam",
    "Sean",
    "Shane",
    "Stacey",
    "Steve",
    "Tariq",
    "Tom",
    "Tyrone",
    "Wayne",
    "Zara",
]
LAST = [
    "Adams",
    "Ahmed",
    "Ali",
    "Baker",
    "Begum",
    "Brown",
    "Campbell",
    "Clarke",
    "Davies",
    "Evans",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Khan",
    "Lewis",
    "Martin",
    "Mensah",
    "Moore",
    "Morris",
    "Murphy",
    "Okafor",
    "Patel",
    "Roberts",
    "Robinson",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "Ward",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
ESTABLISHMENTS = ["HMP Ashgrove", "HMP Northfell", "HMP Riverside", "HMP Kestrel Hill"]
HOSTELS = ["Linden House AP", "Marlow Road AP"]
ORGANISATIONS = {
    Pathway.ACCOMMODATION: ["Homes First Housing", "Council housing options", "Second Step Lets"],
    Pathway.EDUCATION_TRAINING_EMPLOYMENT: ["New Leaf Jobs", "City College", "Forklift Academy"],
    Pathway.HEALTH: ["Hillside GP surgery", "Talking Therapies", "Dental access scheme"],
    Pathway.DRUGS_ALCOHOL: ["Turning Point recovery hub", "Recovery cafe", "AA group"],
    Pathway.FINANCE_BENEFIT_DEBT: ["Citizens advice drop-in", "Jobcentre", "Credit union"],
    Pathway.CHILDREN_FAMILIES: ["Family mediation service", "Parenting course", "Contact centre"],
    Pathway.ATTITUDES_THINKING_BEHAVIOUR: ["Thinking skills group", "Restorative practice team"],
}
OPENERS = [
    "Met {name} as planned.",
    "{name} was waiting when I arrived.",
    "Caught up with {name} after their appointment.",
    "{name} seemed tired today.",
    "{name} was in good spirits.",
    "Session started a bit late because of a lockdown on the wing.",
    "{name} rang beforehand to check we were still on.",
]
MIDDLES = [
    "We talked about the housing application and what documents are still missing.",
    "They are worried about money since the advance payment ran out; we went through a budget.",
    "We practised what to say at the job interview next week and wrote down three questions.",
    "They have been going to the recovery group and said it helps to hear others' stories.",
    "Contact with their children is still difficult; the mediation date has been put back.",
    "They were angry about a decision by probation and we talked about how to raise it calmly.",
    "We looked at courses at the college and they want to start the maths refresher.",
    "Sleep has been bad and they think it is affecting their mood; agreed to see the GP.",
    "They asked about opening a bank account, so we listed the ID they have.",
    "We walked to the park and talked about what a normal week could look like after release.",
    "They shared that an old friend has been in touch and they are unsure about meeting up.",
    "We went through the licence conditions again so they are clear about the curfew.",
]
CLOSERS = [
    "Agreed to meet again next week.",
    "They said the session helped.",
    "I will follow up with the housing officer.",
    "Left on a positive note.",
    "They will bring the letters next time.",
    "I reminded them of the drop-in hours.",
]
GROUP_TITLES = [
    "Tuesday peer support circle",
    "CV and disclosure workshop",
    "Five-a-side football",
    "Creative writing",
    "Cooking on a budget",
    "Maths refresher",
]


def _note(rng: random.Random, name: str, sentences: int) -> str:
    parts = [rng.choice(OPENERS).format(name=name)]
    parts += rng.sample(MIDDLES, k=min(sentences, len(MIDDLES)))
    parts.append(rng.choice(CLOSERS))
    return " ".join(parts)


def _mentee(rng: random.Random, today: dt.date) -> Mentee:
    setting = rng.choices(list(Setting), weights=[4, 5, 2, 1, 1])[0]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    start = today - dt.timedelta(days=rng.randint(10, 400))
    status = rng.choices(list(MenteeStatus), weights=[8, 1, 1])[0]
    return Mentee(
        given_name=first,
        family_name=last,
        preferred_name=rng.choice(["", "", "", first[:3]]),
        pronouns=rng.choice(["he/him", "she/her", "they/them", ""]),
        gender=rng.choice(["Man", "Woman", "Non-binary", "Prefer not to say"]),
        date_of_birth=dt.date(rng.randint(1965, 2005), rng.randint(1, 12), rng.randint(1, 28)),
        contact=ContactDetails(
            phone=f"07700 900{rng.randint(0, 999):03d}",  # Ofcom's drama range
            email=f"{first.lower()}.{last.lower()}@example.org",
        ),
        pnc_id=f"{rng.randint(1990, 2024)}/{rng.randint(0, 9999999):07d}"
        f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}",
        setting=setting,
        establishment=rng.choice(ESTABLISHMENTS)
        if setting is Setting.PRISON
        else rng.choice(HOSTELS)
        if setting is Setting.APPROVED_PREMISES
        else "",
        prison_number=f"A{rng.randint(1000, 9999)}{rng.choice('ABCDEFG')}{rng.choice('ABCDEFG')}"
        if setting is Setting.PRISON
        else "",
        expected_release=today + dt.timedelta(days=rng.randint(5, 300))
        if setting is Setting.PRISON
        else None,
        consent=Consent(
            given=True,
            date=start,
            covers=["recording", "sharing_with_supervisor", "outcome_reporting"],
            confidentiality_limits_explained=True,
        ),
        start_date=start,
        status=status,
        closed_reason="Moved out of area" if status is MenteeStatus.CLOSED else "",
        key_needs=rng.sample(list(Pathway), k=rng.randint(1, 3)),
        form_id="mentee_intake",
        form_version=1,
    )


def demo_caseload(
    mentees: int = 40,
    contacts: int = 400,
    seed: int = 7,
    today: dt.date | None = None,
    mentor: str = "Demo Mentor",
    note_sentences: tuple[int, int] = (2, 4),
) -> Iterator[Record]:
    """Yield mentees, then contacts of all three kinds, goals, referrals, concerns
    and check-ins, spread over the last year."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    people = [_mentee(rng, today) for _ in range(mentees)]
    yield from people
    names = {m.id: m.display_name.split()[0] for m in people}
    modes = list(ContactMode)
    for _ in range(contacts):
        kind = rng.choices(["one", "group", "leisure"], weights=[7, 2, 2])[0]
        day = today - dt.timedelta(days=rng.randint(0, 365))
        start = dt.time(rng.randint(9, 17), rng.choice([0, 15, 30, 45]))
        duration = rng.choice([30, 45, 60, 60, 90, 120])
        travel = rng.choice([0, 10, 20, 30, 45])
        expenses = (
            [
                Expense(
                    amount=Decimal(rng.choice(["2.80", "3.50", "4.20", "7.95"])),
                    description=rng.choice(["Coffee", "Bus fare", "Lunch"]),
                )
            ]
            if rng.random() < 0.3
            else []
        )
        confidentiality = (
            Confidentiality.RESTRICTED if rng.random() < 0.05 else Confidentiality.NORMAL
        )
        sentences = rng.randint(*note_sentences)
        if kind == "one":
            person = rng.choice(people)
            concern = rng.random() < 0.03
            yield OneToOneSession(
                mentee_id=person.id,
                date=day,
                start_time=start,
                duration_minutes=duration,
                travel_minutes=travel,
                mentor=mentor,
                mode=rng.choice(modes),
                location=rng.choice(
                    [
                        "Visits hall",
                        "Café on the high street",
                        "Hostel lounge",
                        "Probation office",
                        "Library",
                    ]
                ),
                expenses=expenses,
                confidentiality=confidentiality,
                notes=_note(rng, names[person.id], sentences),
                topics=[p.value for p in rng.sample(list(Pathway), k=rng.randint(1, 3))],
                how_they_are_doing=rng.choice(
                    ["struggling", "up_and_down", "steady", "doing_well"]
                ),
                actions=[
                    Action(
                        text=rng.choice(
                            [
                                "Bring ID documents",
                                "Call the housing officer",
                                "Book GP appointment",
                                "Finish the CV",
                            ]
                        ),
                        owner=rng.choice(["mentee", "mentor", "both"]),
                        due=day + dt.timedelta(days=rng.randint(3, 21)),
                        done=rng.random() < 0.6,
                    )
                ]
                if rng.random() < 0.6
                else [],
                next_meeting=day + dt.timedelta(days=7) if rng.random() < 0.7 else None,
                safeguarding_concern=concern,
                safeguarding_details="Mentioned feeling hopeless and not eating; "
                "agreed to speak to the wing officer together."
                if concern
                else "",
                form_id="one_to_one",
                form_version=1,
            )
        elif kind == "group":
            present = rng.sample(people, k=min(len(people), rng.randint(3, 8)))
            yield GroupActivity(
                title=rng.choice(GROUP_TITLES),
                group_type=rng.choice(list(GroupType)),
                date=day,
                start_time=start,
                duration_minutes=duration,
                travel_minutes=travel,
                mentor=mentor,
                mode=rng.choice(modes[:3]),
                location="Community centre",
                facilitators=["mentor", rng.choice(["co_mentor", "staff", "external"])],
                attendees=[
                    Attendee(
                        mentee_id=p.id,
                        attendance=rng.choices(list(Attendance), weights=[8, 1, 1])[0],
                    )
                    for p in present
                ],
                notes=_note(rng, "the group", sentences),
                expenses=expenses,
                form_id="group",
                form_version=1,
            )
        else:
            present = rng.sample(people, k=rng.randint(1, 2))
            yield LeisureActivity(
                leisure_type=rng.choice(list(LeisureType)),
                mentees=[p.id for p in present],
                date=day,
                start_time=start,
                duration_minutes=duration,
                travel_minutes=travel,
                mentor=mentor,
                mode=ContactMode.IN_PERSON_COMMUNITY,
                location=rng.choice(["Park", "Leisure centre", "Café", "Museum"]),
                notes=_note(rng, names[present[0].id], sentences),
                expenses=expenses,
                form_id="leisure",
                form_version=1,
            )
    for person in people:
        for pathway in person.key_needs:
            yield Goal(
                mentee_id=person.id,
                pathway=pathway,
                description={
                    Pathway.ACCOMMODATION: "Move into settled accommodation",
                    Pathway.EDUCATION_TRAINING_EMPLOYMENT: "Start a course or a job",
                    Pathway.HEALTH: "Register with a GP and dentist",
                    Pathway.DRUGS_ALCOHOL: "Keep going to the recovery group",
                    Pathway.FINANCE_BENEFIT_DEBT: "Sort out Universal Credit and debts",
                    Pathway.CHILDREN_FAMILIES: "Regular contact with the children",
                    Pathway.ATTITUDES_THINKING_BEHAVIOUR: "Handle conflict without anger",
                }[pathway],
                status=rng.choice(list(GoalStatus)),
                target_date=today + dt.timedelta(days=rng.randint(-30, 180)),
            )
            if rng.random() < 0.7:
                yield Referral(
                    mentee_id=person.id,
                    pathway=pathway,
                    organisation=rng.choice(ORGANISATIONS[pathway]),
                    date=today - dt.timedelta(days=rng.randint(0, 200)),
                    reason="Needs specialist support with " + pathway.value.replace("_", " "),
                    status=rng.choice(list(ReferralStatus)),
                    outcome=rng.choice(
                        ["", "", "Started a training place", "Offered a tenancy", "Started a job"]
                    ),
                )
        if rng.random() < 0.15:
            yield SafeguardingConcern(
                mentee_id=person.id,
                raised_on=today - dt.timedelta(days=rng.randint(0, 60)),
                category=rng.choice(list(ConcernCategory)),
                urgency=rng.choice(list(ConcernUrgency)),
                description="Said an ex-partner has been turning up at the hostel.",
                action_taken="Told the hostel manager and my supervisor the same day.",
                status=rng.choice([ConcernStatus.OPEN, ConcernStatus.RESOLVED]),
            )
        base = {p.value: rng.randint(2, 6) for p in Pathway}
        first_day = person.start_date or today
        for n in range(rng.randint(1, 4)):
            day = min(today, first_day + dt.timedelta(days=60 * n))
            yield OutcomeCheckIn(
                mentee_id=person.id,
                date=day,
                instrument_id="pathways_wellbeing",
                scores={
                    k: (None if rng.random() < 0.1 else min(10, v + n + rng.randint(-1, 1)))
                    for k, v in base.items()
                },
            )


__all__ = ["demo_caseload"]
