"""Qt item models over core objects, with named columns and custom roles."""

from __future__ import annotations

import datetime as dt
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
from PySide6.QtGui import QBrush, QColor

from mentorapp.core.caseload import CaseloadEntry, TimelineItem
from mentorapp.core.search import SearchHit

RecordIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3
SettingRole = Qt.ItemDataRole.UserRole + 4

Index = QModelIndex | QPersistentModelIndex
_NONE = QModelIndex()


def _date(value: dt.date | None) -> str:
    return value.strftime("%a %d %b %Y") if value else "—"


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
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> CaseloadEntry:
        return self._entries[row]

    def rowCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = _NONE) -> int:
        return 0 if parent.isValid() else len(self.Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.Column)
        ):
            return self.headers()[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        col = self.Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.Column.NAME: e.mentee.display_name,
                self.Column.STATUS: e.mentee.status.value.capitalize(),
                self.Column.SETTING: e.mentee.setting.value.replace("_", " ").capitalize(),
                self.Column.LAST_CONTACT: _date(e.last_contact),
                self.Column.NEXT_MEETING: _date(e.next_meeting),
                self.Column.CONCERNS: str(e.open_concerns) if e.open_concerns else "",
                self.Column.OVERDUE: str(e.overdue_actions) if e.overdue_actions else "",
            }[col]
        if role == SortRole:
            return {
                self.Column.NAME: e.mentee.display_name.casefold(),
                self.Column.STATUS: e.mentee.status.value,
                self.Column.SETTING: e.mentee.setting.value,
                self.Column.LAST_CONTACT: (e.last_contact or dt.date.min).toordinal(),
                self.Column.NEXT_MEETING: (e.next_meeting or dt.date.max).toordinal(),
                self.Column.CONCERNS: e.open_concerns,
                self.Column.OVERDUE: e.overdue_actions,
            }[col]
        if role == RecordIdRole:
            return e.mentee.id
        if role == StatusRole:
            return e.mentee.status.value
        if role == SettingRole:
            return e.mentee.setting.value
        if role == Qt.ItemDataRole.ForegroundRole and (
            (col is self.Column.CONCERNS and e.open_concerns)
            or (col is self.Column.OVERDUE and e.overdue_actions)
        ):
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.ToolTipRole and col is self.Column.CONCERNS and e.open_concerns:
            return self.tr("%n open safeguarding concern(s)", "", e.open_concerns)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.headers()[col]}: {self.data(index)}"
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
            return QBrush(QColor("#b00020"))
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
