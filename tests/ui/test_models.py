"""Qt models checked with qtmodeltester, without any widget."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.modeltest import ModelTester

from mentorapp.core.caseload import build_caseload, timeline
from mentorapp.core.demo import demo_caseload
from mentorapp.core.model import Contact, Mentee, SafeguardingConcern
from mentorapp.core.search import SearchIndex
from mentorapp.ui.models import CaseloadModel, SearchResultsModel, TimelineModel

pytestmark = pytest.mark.gui


def _records() -> list:  # type: ignore[type-arg]
    return list(demo_caseload(mentees=8, contacts=60, seed=3, today=dt.date(2026, 11, 1)))


def test_caseload_model(qtmodeltester: ModelTester) -> None:
    records = _records()
    model = CaseloadModel()
    model.set_entries(
        build_caseload(
            [r for r in records if isinstance(r, Mentee)],
            [r for r in records if isinstance(r, Contact)],
            [r for r in records if isinstance(r, SafeguardingConcern)],
        )
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 8 and model.columnCount() == 7


def test_timeline_and_search_models(qtmodeltester: ModelTester) -> None:
    records = _records()
    mentee = next(r for r in records if isinstance(r, Mentee))
    model = TimelineModel()
    model.set_items(timeline(mentee.id, records))
    qtmodeltester.check(model)
    index = SearchIndex()
    index.build(records)
    results = SearchResultsModel()
    results.set_hits(index.search("housing"))
    qtmodeltester.check(results)
    assert results.rowCount() > 0
