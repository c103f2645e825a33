"""The form engine: shipped forms, every field type, conditions, and records built from answers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorapp.core.forms import (
    FormError,
    FormRegistry,
    answers_from_record,
    build_record,
    field_for_path,
    parse_form,
    readable_path,
    validate,
)
from mentorapp.core.model import (
    Attendance,
    GroupActivity,
    LeisureActivity,
    Mentee,
    OneToOneSession,
    RecordType,
    Setting,
)
from mentorapp.resources import forms_dir

MENTEE = "01a2215a-d60b-7047-9ca4-6173ac6ea24f"
OTHER = "01a2215a-d60b-7047-9ca4-6173ac6ea250"


@pytest.fixture
def forms() -> FormRegistry:
    return FormRegistry([forms_dir()])


def test_every_shipped_form_loads_and_covers_the_three_contact_kinds(forms: FormRegistry) -> None:
    assert {"one_to_one", "group", "leisure", "mentee_intake"} <= set(forms.ids())
    assert forms.for_record_type(RecordType.GROUP).id == "group"


def test_a_valid_one_to_one_becomes_a_typed_session(forms: FormRegistry) -> None:
    form = forms.latest("one_to_one")
    result = validate(
        form,
        {
            "mentee_id": MENTEE,
            "date": "2026-11-02",
            "start_time": "14:30",
            "duration_minutes": "1h30",
            "mode": "in_person_prison",
            "notes": "Talked about the housing bid.",
            "topics": "accommodation,health",
            "actions": [{"text": "Bring ID", "due": "2026-11-09"}],
            "expenses": [{"amount": "£3.50", "description": "Coffee"}],
        },
        {MENTEE},
    )
    assert result.ok, result.message()
    session = build_record(form, result.cleaned)
    assert isinstance(session, OneToOneSession)
    assert session.duration_minutes == 90
    assert session.start_time == dt.time(14, 30)
    assert session.actions[0].due == dt.date(2026, 11, 9)
    assert session.actions[0].owner == "mentee"  # the form's default
    assert session.expenses[0].amount == Decimal("3.50")
    assert session.topics == ["accommodation", "health"]
    assert (session.form_id, session.form_version) == ("one_to_one", 1)


def test_required_fields_and_limits_are_reported_by_name(forms: FormRegistry) -> None:
    form = forms.latest("one_to_one")
    result = validate(form, {"date": "2 Nov", "duration_minutes": "0", "mode": "boat"}, set())
    messages = {e.key: e.message for e in result.errors}
    assert messages["mentee_id"] == "is required"
    assert "YYYY-MM-DD" in messages["date"]
    assert messages["duration_minutes"] == "must be at least 1"
    assert messages["mode"].startswith("must be one of")


def test_unknown_mentee_and_unknown_field_are_refused(forms: FormRegistry) -> None:
    form = forms.latest("leisure")
    result = validate(
        form,
        {"mentees": [MENTEE, OTHER], "date": "2026-11-02", "duration_minutes": 30, "hat": "x"},
        {MENTEE},
    )
    keys = {e.key for e in result.errors}
    assert keys == {"mentees", "hat"}


def test_safeguarding_details_appear_only_when_a_concern_is_ticked(forms: FormRegistry) -> None:
    form = forms.latest("one_to_one")
    base = {"mentee_id": MENTEE, "date": "2026-11-02", "duration_minutes": 30}
    hidden = validate(form, {**base, "safeguarding_details": "ignored"}, {MENTEE})
    assert hidden.ok
    assert "safeguarding_details" not in hidden.cleaned  # a hidden answer is not stored
    ticked = validate(form, {**base, "safeguarding_concern": "yes"}, {MENTEE})
    assert [e.key for e in ticked.errors] == ["safeguarding_details"]
    filled = validate(
        form, {**base, "safeguarding_concern": True, "safeguarding_details": "At risk"}, {MENTEE}
    )
    assert filled.ok and filled.cleaned["safeguarding_details"] == "At risk"


def test_group_attendance_for_several_mentees(forms: FormRegistry) -> None:
    form = forms.latest("group")
    result = validate(
        form,
        {
            "title": "Peer circle",
            "date": "2026-11-02",
            "duration_minutes": 90,
            "attendees": [
                {"mentee_id": MENTEE},
                {"mentee_id": OTHER, "attendance": "left_early"},
            ],
        },
        {MENTEE, OTHER},
    )
    assert result.ok, result.message()
    group = build_record(form, result.cleaned)
    assert isinstance(group, GroupActivity)
    assert [a.attendance for a in group.attendees] == [Attendance.ATTENDED, Attendance.LEFT_EARLY]
    assert group.mentee_ids() == [MENTEE, OTHER]


def test_bad_repeat_items_name_their_row(forms: FormRegistry) -> None:
    form = forms.latest("group")
    result = validate(
        form,
        {
            "title": "x",
            "date": "2026-11-02",
            "duration_minutes": 30,
            "attendees": [{"mentee_id": MENTEE, "attendance": "asleep"}],
        },
        {MENTEE},
    )
    assert [e.key for e in result.errors] == ["attendees[0].attendance"]


def test_intake_nested_fields_and_prison_conditions(forms: FormRegistry) -> None:
    form = forms.latest("mentee_intake")
    answers = {
        "given_name": "Sam",
        "family_name": "Jones",
        "setting": "prison",
        "consent.given": "yes",
        "consent.confidentiality_limits_explained": "yes",
        "start_date": "2026-10-01",
    }
    result = validate(form, answers)
    assert {e.key for e in result.errors} == {"establishment", "consent.date"}
    answers |= {
        "establishment": "HMP Ashgrove",
        "consent.date": "2026-10-01",
        "prison_number": "A1234BC",
    }
    result = validate(form, answers)
    assert result.ok, result.message()
    mentee = build_record(form, result.cleaned)
    assert isinstance(mentee, Mentee)
    assert mentee.setting is Setting.PRISON
    assert mentee.consent.given and mentee.consent.date == dt.date(2026, 10, 1)
    back = answers_from_record(form, mentee)
    assert back["consent.given"] is True
    assert back["establishment"] == "HMP Ashgrove"


def test_closing_a_mentee_needs_a_reason(forms: FormRegistry) -> None:
    form = forms.latest("mentee_intake")
    result = validate(
        form,
        {
            "given_name": "A",
            "family_name": "B",
            "status": "closed",
            "consent.given": "no",
            "consent.confidentiality_limits_explained": "yes",
            "start_date": "2026-01-01",
        },
    )
    assert [e.key for e in result.errors] == ["closed_reason"]


def test_a_broken_form_file_is_refused_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"id": "x", "version": 1, "record_type": "nope"}')
    with pytest.raises(FormError, match="bad.json"):
        FormRegistry([tmp_path])
    with pytest.raises(FormError, match="must come before"):
        parse_form(
            {
                "id": "x",
                "version": 1,
                "record_type": "leisure",
                "fields": [
                    {"key": "a", "type": "text", "show_if": {"field": "b"}},
                    {"key": "b", "type": "yes_no"},
                ],
            }
        )


def test_an_organisation_folder_overrides_shipped_forms(tmp_path: Path) -> None:
    raw = json.loads((forms_dir() / "leisure.v1.json").read_text())
    raw["title"] = "Our leisure form"
    (tmp_path / "leisure.v1.json").write_text(json.dumps(raw))
    assert FormRegistry([tmp_path, forms_dir()]).latest("leisure").title == "Our leisure form"


def test_records_open_with_the_form_version_they_were_captured_with(tmp_path: Path) -> None:
    shutil.copy(forms_dir() / "leisure.v1.json", tmp_path)
    raw = json.loads((tmp_path / "leisure.v1.json").read_text())
    raw["version"] = 2
    raw["fields"] = [f for f in raw["fields"] if f["key"] != "location"]
    (tmp_path / "leisure.v2.json").write_text(json.dumps(raw))
    registry = FormRegistry([tmp_path])
    assert registry.latest("leisure").version == 2
    assert "location" in registry.get("leisure", 1).keys
    assert registry.get("leisure", 9).version == 2  # a vanished version falls back to latest


@given(
    minutes=st.integers(min_value=1, max_value=720),
    notes=st.text(max_size=300),
)
def test_any_valid_leisure_answers_round_trip(minutes: int, notes: str) -> None:
    form = FormRegistry([forms_dir()]).latest("leisure")
    result = validate(
        form,
        {"mentees": [MENTEE], "date": "2026-01-05", "duration_minutes": minutes, "notes": notes},
        {MENTEE},
    )
    assert result.ok
    record = build_record(form, result.cleaned)
    assert isinstance(record, LeisureActivity)
    again = validate(form, answers_from_record(form, record), {MENTEE})
    assert again.ok and again.cleaned["duration_minutes"] == minutes


def test_a_conflicts_path_finds_the_field_that_captured_it() -> None:
    """A merge conflict is shown with the form's own labels, never the record's keys."""
    forms = FormRegistry([forms_dir()])
    intake = forms.latest("mentee_intake")
    for path, label in (
        ("preferred_name", "Preferred name"),
        ("consent.given", "Consent given"),
        ("contact.phone", "Phone"),
    ):
        found = field_for_path(intake, path)
        assert found is not None and found.label == label
    one = forms.latest("one_to_one")
    actions = field_for_path(one, "actions")
    assert actions is not None and actions.type.value == "repeat"
    raw = json.loads((forms_dir() / "leisure.v1.json").read_text())
    raw["fields"].append({"key": "weather", "type": "text", "label": "Weather"})
    leisure = parse_form(raw)
    weather = field_for_path(leisure, "extra.weather")
    assert weather is not None and weather.label == "Weather"
    assert field_for_path(intake, "form_version") is None
    assert readable_path("form_version") == "Form version"
    assert readable_path("extra.shoe_size") == "Shoe size"
    assert readable_path("contact.phone") == "Contact, phone"
