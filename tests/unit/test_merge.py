"""Field-by-field merging of two edits of one record: what one side changed is kept,
what both sides changed differently is shown to a person, never settled by clock."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorapp.core.merge import merge_fields, settle

BASE: dict[str, Any] = {
    "id": "r1",
    "notes": "met at the library",
    "duration_minutes": 45,
    "consent": {"given": True, "date": "2026-11-01"},
    "extra": {"bus_fare": "3.20"},
    "topics": ["housing"],
}


def test_edits_to_different_fields_both_survive() -> None:
    mine = {**BASE, "notes": "met at the library; talked about housing"}
    theirs = {**BASE, "duration_minutes": 60, "topics": ["housing", "work"]}
    result = merge_fields(BASE, mine, theirs)
    assert result.clean
    assert result.merged["notes"] == mine["notes"]
    assert result.merged["duration_minutes"] == 60
    assert result.merged["topics"] == ["housing", "work"]


def test_nested_fields_merge_one_by_one() -> None:
    mine = {**BASE, "consent": {"given": True, "date": "2026-11-02"}}
    theirs = {**BASE, "extra": {"bus_fare": "3.20", "lunch": "5.00"}}
    result = merge_fields(BASE, mine, theirs)
    assert result.clean
    assert result.merged["consent"]["date"] == "2026-11-02"
    assert result.merged["extra"] == {"bus_fare": "3.20", "lunch": "5.00"}


def test_the_same_field_changed_differently_is_a_conflict_with_both_values_kept() -> None:
    mine = {**BASE, "notes": "version A"}
    theirs = {**BASE, "notes": "version B", "duration_minutes": 30}
    result = merge_fields(BASE, mine, theirs)
    assert [c.path for c in result.conflicts] == ["notes"]
    conflict = result.conflicts[0]
    assert (conflict.base, conflict.mine, conflict.theirs) == (
        BASE["notes"],
        "version A",
        "version B",
    )
    assert result.merged["duration_minutes"] == 30  # the clean part merged anyway
    assert settle(result.merged, result.conflicts, {"notes": "theirs"})["notes"] == "version B"
    assert settle(result.merged, result.conflicts, {"notes": "mine"})["notes"] == "version A"
    with pytest.raises(ValueError, match="notes"):
        settle(result.merged, result.conflicts, {})


def test_both_sides_making_the_same_change_is_no_conflict() -> None:
    same = {**BASE, "notes": "same words"}
    assert merge_fields(BASE, same, dict(same)).clean


def test_without_a_base_every_difference_is_shown() -> None:
    result = merge_fields(None, {**BASE, "notes": "a"}, {**BASE, "notes": "b"})
    assert [c.path for c in result.conflicts] == ["notes"]


values = st.one_of(st.integers(0, 3), st.text(max_size=3), st.booleans())
docs = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), values, min_size=4, max_size=4)


@given(base=docs, mine=docs, theirs=docs)
def test_merge_properties(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> None:
    result = merge_fields(base, mine, theirs)
    conflicted = {c.path for c in result.conflicts}
    for key, was in base.items():
        if key in conflicted:
            assert was not in (mine[key], theirs[key]) and mine[key] != theirs[key]
            continue
        # Every field ends up as one side's value, and a side's change is never lost.
        if mine[key] != was:
            assert result.merged[key] == mine[key]
        elif theirs[key] != was:
            assert result.merged[key] == theirs[key]
        else:
            assert result.merged[key] == was
    # Merging with no change on one side gives the other side exactly.
    assert merge_fields(base, base, theirs).merged == theirs
    assert merge_fields(base, mine, base).merged == mine
