"""Qt models checked with qtmodeltester, without any widget."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
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


def test_week_model(qtmodeltester: ModelTester) -> None:
    from mentorapp.core.caseload import week_ahead
    from mentorapp.ui.models import WeekModel

    records = _records()
    model = WeekModel()
    contacts = [r for r in records if isinstance(r, Contact)]
    model.set_items(
        week_ahead(contacts, dt.date(2026, 10, 28)),
        {r.id: r.display_name for r in records if isinstance(r, Mentee)},
    )
    qtmodeltester.check(model)
    model.set_items([], {})
    assert model.rowCount() == 1  # "nothing planned" says so instead of an empty list


def test_alert_colour_stays_readable_on_a_dark_theme(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    from mentorapp.ui import style

    original = qapp.palette()
    try:
        assert QColor(style.alert()).lightness() < 128
        dark = QPalette(original)
        dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        qapp.setPalette(dark)
        assert QColor(style.alert()).lightness() > 128
    finally:
        qapp.setPalette(original)


def test_sync_panel_models(qtmodeltester: ModelTester) -> None:
    from mentorapp.ui.models import (
        ConflictsModel,
        IncomingProblemsModel,
        QuarantineModel,
        RecordIdRole,
        WaitingMembersModel,
    )

    conflicts = ConflictsModel()
    conflicts.set_rows(
        [
            ("id-1", ("Mentee Ben Ali", "Preferred name, Setting"), True),
            ("id-2", ("Mentee Cat Ng", "Deleted elsewhere, changed here"), True),
        ]
    )
    qtmodeltester.check(conflicts)
    assert conflicts.columnCount() == len(ConflictsModel.Column) == 2
    assert conflicts.index(1, 0).data(RecordIdRole) == "id-2"
    assert conflicts.headerData(1, Qt.Orientation.Horizontal) == "What differs"
    quarantine = QuarantineModel()
    quarantine.set_rows([("q", ("One-to-one", "larger than 1 MiB", "today 10:00"), True)])
    qtmodeltester.check(quarantine)
    assert quarantine.index(0, 1).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Why")
    incoming = IncomingProblemsModel()
    incoming.set_rows([])
    qtmodeltester.check(incoming)
    members = WaitingMembersModel()
    members.set_rows([("u", ("Mo", "mentor", "1a2b 3c4d"), False)])
    qtmodeltester.check(members)
    assert members.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    members.set_rows([])
    assert members.rowCount() == 0
