"""Qt item models over core objects, with named columns and custom roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from mentorapp.core.caseload import CaseloadEntry, TimelineItem, WeekItem
from mentorapp.core.search import SearchHit
from mentorapp.ui import style

RecordIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3
SettingRole = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex
_NONE = QModelIndex()


def _date(value: dt.date | None) -> str:
    return value.strftime("%a %d %b %Y") if value else "—"


def _header(
    headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """A table's column title, for horizontal headers' display role only."""
    if (
        orientation == Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and 0 <= section < len(headers)
    ):
        return headers[section]
    return None


class CaseloadModel(QAbstractTableModel):
    """One row per mentee: name, status, setting, last contact, next meeting, alerts."""

    class Column(IntEnum):
        NAME = 0
        STATUS = 1
        SETTING = 2
        LAST_CONTACT = 3
        NEXT_MEETING = 4
        CONCERNS = 5
        OVERDUE = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[CaseloadEntry] = []
        self._display: list[tuple[str, ...]] = []
        self._sort_keys: list[tuple[Any, ...]] = []
        self._headers = self.headers()

    def headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Status"),
            self.tr("Setting"),
            self.tr("Last contact"),
            self.tr("Next meeting"),
            self.tr("Open concerns"),
            self.tr("Overdue actions"),
        ]

    def set_entries(self, entries: list[CaseloadEntry]) -> None:
        """Replace the rows. Display text and sort keys are worked out once here, so
        painting and sorting a large caseload make only cheap lookups."""
        self.beginResetModel()
        self._entries = list(entries)
        self._display = [self._row_text(e) for e in self._entries]
        self._sort_keys = [self._row_keys(e) for e in self._entries]
        self._headers = self.headers()
        self.endResetModel()

    @staticmethod
    def _row_text(e: CaseloadEntry) -> tuple[str, ...]:
        return (
            e.mentee.display_name,
            e.mentee.status.value.capitalize(),
            e.mentee.setting.value.replace("_", " ").capitalize(),
            _date(e.last_contact),
            _date(e.next_meeting),
            str(e.open_concerns) if e.open_concerns else "",
            str(e.overdue_actions) if e.overdue_actions else "",
        )

    @staticmethod
    def _row_keys(e: CaseloadEntry) -> tuple[Any, ...]:
        return (
            e.mentee.display_name.casefold(),
            e.mentee.status.value,
            e.mentee.setting.value,
            (e.last_contact or dt.date.min).toordinal(),
            (e.next_meeting or dt.date.max).toordinal(),
            e.open_concerns,
            e.overdue_actions,
        )

    def entry(self, row: int) -> CaseloadEntry:
        return self._entries[row]

    def rowCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self.Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return _header(self._headers, section, orientation, role)

    # One return per role, the way Qt's data() is written.
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911
        row, col = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._entries):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[row][col]
        if role == SortRole:
            return self._sort_keys[row][col]
        e = self._entries[row]
        if role == RecordIdRole:
            return e.mentee.id
        if role == StatusRole:
            return e.mentee.status.value
        if role == SettingRole:
            return e.mentee.setting.value
        if role == Qt.ItemDataRole.ForegroundRole and (
            (col == self.Column.CONCERNS and e.open_concerns)
            or (col == self.Column.OVERDUE and e.overdue_actions)
        ):
            return style.alert_brush()
        if role == Qt.ItemDataRole.ToolTipRole and col == self.Column.CONCERNS and e.open_concerns:
            return self.tr("%n open safeguarding concern(s)", "", e.open_concerns)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._headers[col]}: {self._display[row][col]}"
        return None


class TimelineModel(QAbstractListModel):
    """A mentee's contacts, concerns, referrals and check-ins, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[TimelineItem] = []

    def set_items(self, items: list[TimelineItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> TimelineItem:
        return self._items[row]

    def rowCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{_date(item.date)} · {item.summary}"
        if role == RecordIdRole:
            return item.record.id
        if role == Qt.ItemDataRole.ForegroundRole and item.kind == "concern":
            return style.alert_brush()
        return None


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            snippet = f"\n{hit.snippet}" if hit.snippet else ""
            return f"{hit.title} — {_date(hit.date)}{snippet}"
        if role == RecordIdRole:
            return hit.record_id
        return None


class WeekModel(QAbstractListModel):
    """Meetings and actions in the coming week; overdue actions first and in red."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, bool]] = []

    def set_items(self, items: list[WeekItem], names: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = []
        for item in items:
            who = names.get(item.mentee_id, "?")
            kind = self.tr("Meeting") if item.kind == "meeting" else self.tr("Action")
            flag = self.tr(" — OVERDUE") if item.overdue else ""
            text = f"{item.date.strftime('%a %d %b')}  {kind}: {who} — {item.text}{flag}"
            self._rows.append((text, item.mentee_id, item.overdue))
        if not self._rows:
            self._rows.append((self.tr("Nothing planned for the next seven days."), "", False))
        self.endResetModel()

    def rowCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        text, mentee_id, overdue = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == RecordIdRole:
            return mentee_id or None
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return style.alert_brush()
        return None


class SyncRowsModel(QAbstractTableModel):
    """Rows the sync panel lists, each with the id it acts on: text worked out once in
    ``set_rows`` (labels and names, never internal codes), looked up when painting."""

    class Column(IntEnum):
        FIRST = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: list[tuple[str, ...]] = []
        self._alerts: list[bool] = []
        self._headers = self.headers()

    def headers(self) -> list[str]:
        return [""]

    def set_rows(self, rows: Sequence[tuple[str, Sequence[str], bool]]) -> None:
        """``(id, texts one per column, shown as a problem)`` for each row."""
        self.beginResetModel()
        self._ids = [r[0] for r in rows]
        self._rows = [tuple(r[1]) for r in rows]
        self._alerts = [r[2] for r in rows]
        self._headers = self.headers()
        self.endResetModel()

    def row_id(self, row: int) -> str:
        return self._ids[row]

    def rowCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return _header(self._headers, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, col = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][col]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            head = self._headers[col]
            return f"{head}: {self._rows[row][col]}" if head else self._rows[row][col]
        if role == RecordIdRole:
            return self._ids[row]
        if role == Qt.ItemDataRole.ForegroundRole and self._alerts[row]:
            return style.alert_brush()
        return None


class ConflictsModel(SyncRowsModel):
    """Records changed here and elsewhere: which record, and what differs."""

    class Column(IntEnum):
        RECORD = 0
        WHAT = 1

    def headers(self) -> list[str]:
        return [self.tr("Record"), self.tr("What differs")]


class QuarantineModel(SyncRowsModel):
    """Records the service refused: which, why (the service's reason), since when."""

    class Column(IntEnum):
        RECORD = 0
        REASON = 1
        SINCE = 2

    def headers(self) -> list[str]:
        return [self.tr("Record"), self.tr("Why the service refused it"), self.tr("Since")]


class IncomingProblemsModel(SyncRowsModel):
    """Changes from the service this laptop refused or is holding."""

    class Column(IntEnum):
        WHAT = 0
        CHANGES = 1
        REASON = 2
        SINCE = 3

    def headers(self) -> list[str]:
        return [self.tr("What happened"), self.tr("Changes"), self.tr("Why"), self.tr("Since")]


class WaitingMembersModel(SyncRowsModel):
    """Members waiting for the organisation key holder to certify them."""

    class Column(IntEnum):
        NAME = 0
        ROLE = 1
        KEY = 2

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Role"), self.tr("Key fingerprint")]
