"""Conflicts as a person sees them: the record named, each answer both sides changed
labelled from the form it was made with and shown as the form shows it (never an
internal code), and a choice per answer or for the whole record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mentorapp.core.conflicts import decode_document, labelled_answers
from mentorapp.core.forms import (
    FieldType,
    FormField,
    FormRegistry,
    readable_path,
)
from mentorapp.core.instruments import InstrumentRegistry
from mentorapp.core.model import Contact, Mentee, Record
from mentorapp.store.syncstore import ConflictView
from mentorapp.ui import style

Names = dict[str, str]


# -- naming records and answers --------------------------------------------------------------


def kind_label(record_type: str) -> str:
    labels = {
        "mentee": QCoreApplication.translate("RecordNames", "Mentee"),
        "one_to_one": QCoreApplication.translate("RecordNames", "One-to-one"),
        "group": QCoreApplication.translate("RecordNames", "Group activity"),
        "leisure": QCoreApplication.translate("RecordNames", "Leisure activity"),
        "goal": QCoreApplication.translate("RecordNames", "Goal"),
        "referral": QCoreApplication.translate("RecordNames", "Referral"),
        "concern": QCoreApplication.translate("RecordNames", "Safeguarding concern"),
        "check_in": QCoreApplication.translate("RecordNames", "Check-in"),
    }
    return labels.get(record_type, QCoreApplication.translate("RecordNames", "Record"))


def _who(mentee_id: str, names: Names) -> str:
    return names.get(mentee_id) or QCoreApplication.translate(
        "RecordNames", "a mentee not on this laptop"
    )


def record_title(record_type: str, record: Record | None, names: Names) -> str:
    """ "Mentee Ben Ali", "One-to-one with Sam Jones on 12 Nov 2026", "Goal for Sam Jones"."""
    kind = kind_label(record_type)
    if isinstance(record, Mentee):
        return (
            QCoreApplication.translate("RecordNames", "%1 %2")
            .replace("%1", kind)
            .replace("%2", record.display_name)
        )
    if isinstance(record, Contact):
        who = ", ".join(_who(m, names) for m in record.mentee_ids())
        title = getattr(record, "title", "")
        return (
            QCoreApplication.translate("RecordNames", "%1 with %2 on %3")
            .replace("%1", title or kind)
            .replace("%2", who or QCoreApplication.translate("RecordNames", "nobody"))
            .replace("%3", record.date.strftime("%d %b %Y"))
        )
    mentee_id = getattr(record, "mentee_id", None)
    if isinstance(mentee_id, str):
        who = _who(mentee_id, names)
        return (
            QCoreApplication.translate("RecordNames", "%1 for %2")
            .replace("%1", kind)
            .replace("%2", who)
        )
    return kind


def conflict_title(view: ConflictView, names: Names) -> str:
    """The record in conflict, named from whichever side still has it."""
    record = decode_document(view.record_type, view.mine or view.theirs)
    return record_title(view.record_type, record, names)


# One return per kind of answer.
def answer_text(  # noqa: PLR0911
    field: FormField | None, value: Any, names: Names
) -> str:
    """An answer as the form shows it: option labels, names, dates, yes/no."""
    if value is None or value in ("", [], {}):
        return QCoreApplication.translate("RecordNames", "(empty)")
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("RecordNames", "Yes")
            if value
            else QCoreApplication.translate("RecordNames", "No")
        )
    t = field.type if field is not None else None
    if field is not None and t in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        values = value if isinstance(value, list) else [value]
        return ", ".join(field.option_label(str(v)) for v in values)
    if t in (FieldType.MENTEE, FieldType.MENTEES):
        values = value if isinstance(value, list) else [value]
        return ", ".join(_who(str(v), names) for v in values)
    if t is FieldType.DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d %b %Y")
        except ValueError:
            return value
    if t is FieldType.DURATION and isinstance(value, int):
        return QCoreApplication.translate("RecordNames", "%1 min").replace("%1", str(value))
    if field is not None and t is FieldType.REPEAT and isinstance(value, list):
        items = []
        for item in value:
            if not isinstance(item, dict):
                continue
            parts = [
                f"{sub.label}: {answer_text(sub, item.get(sub.key), names)}"
                for sub in field.fields
                if item.get(sub.key) not in (None, "", [])
            ]
            items.append(", ".join(parts))
        return "; ".join(items) or QCoreApplication.translate("RecordNames", "(empty)")
    if isinstance(value, list):
        return ", ".join(answer_text(None, v, names) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{readable_path(str(k))}: {answer_text(None, v, names)}" for k, v in value.items()
        )
    return str(value)


def conflict_rows(
    view: ConflictView,
    forms: FormRegistry,
    instruments: InstrumentRegistry,
    names: Names,
) -> list[tuple[str, str, str, str]]:
    """(path, label, this laptop's answer, the other answer) for each field in conflict."""
    doc = view.mine or view.theirs
    changed = {c.path: c for c in view.fields}
    return [
        (
            path,
            label,
            answer_text(field, changed[path].mine, names),
            answer_text(field, changed[path].theirs, names),
        )
        for path, label, field in labelled_answers(
            view.record_type, doc, list(changed), forms, instruments
        )
    ]


# -- settling a conflict ---------------------------------------------------------------------


class ConflictEditor(QWidget):
    """One conflict: each answer both sides changed, with both values; choose per
    answer or for the whole record. A deletion against an edit offers keep deleted /
    keep edited."""

    resolve = Signal(str, object)  # record id, "mine" / "theirs" / {path: choice}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ConflictView | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.title = style.heading("", 1.1)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        outer.addWidget(self.title)
        outer.addWidget(self.explain)
        self.fields_area = QWidget()
        self.fields_layout = QVBoxLayout(self.fields_area)
        self.fields_layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.fields_area)
        row = QHBoxLayout()
        self.all_mine = QPushButton(self.tr("Keep all from t&his laptop"))
        self.all_theirs = QPushButton(self.tr("Keep all from &elsewhere"))
        self.save_choices = QPushButton(self.tr("Sa&ve these choices"))
        self.keep_deleted = QPushButton(self.tr("Keep it &deleted"))
        self.keep_edited = QPushButton(self.tr("Keep the &edited version"))
        for button in (
            self.all_mine,
            self.all_theirs,
            self.save_choices,
            self.keep_deleted,
            self.keep_edited,
        ):
            row.addWidget(button)
        row.addStretch(1)
        outer.addLayout(row)
        self.all_mine.clicked.connect(lambda: self._whole("mine"))
        self.all_theirs.clicked.connect(lambda: self._whole("theirs"))
        self.save_choices.clicked.connect(self._per_field)
        self.keep_deleted.clicked.connect(lambda: self._deletion(keep_deleted=True))
        self.keep_edited.clicked.connect(lambda: self._deletion(keep_deleted=False))
        self.show_conflict(None, "", [])

    def show_conflict(
        self, view: ConflictView | None, title: str, rows: list[tuple[str, str, str, str]]
    ) -> None:
        self.view = view
        self.groups.clear()
        self.choices.clear()
        while self.fields_layout.count():
            item = self.fields_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        deletion = view is not None and (view.mine_deleted or view.theirs_deleted)
        self.title.setText(title)
        self.title.setVisible(view is not None)
        for button in (self.all_mine, self.all_theirs, self.save_choices):
            button.setVisible(view is not None and not deletion)
        for button in (self.keep_deleted, self.keep_edited):
            button.setVisible(deletion)
        if view is None:
            self.explain.setText(self.tr("Choose a record above to settle it."))
            return
        if deletion:
            self.explain.setText(
                self.tr("This record was deleted elsewhere and changed on this laptop.")
                if view.theirs_deleted
                else self.tr("This record was deleted on this laptop and changed elsewhere.")
            )
            return
        self.explain.setText(
            self.tr(
                "These answers were changed both on this laptop and elsewhere before they "
                "could sync. Choose which to keep for each; everything else was combined."
            )
        )
        for path, label, mine, theirs in rows:
            self._add_field(path, label, mine, theirs)
        self._update()

    def _add_field(self, path: str, label: str, mine: str, theirs: str) -> None:
        box = QGroupBox(label)
        grid = QGridLayout(box)
        group = QButtonGroup(box)
        pair = []
        for n, (side, value) in enumerate(
            ((self.tr("On this laptop:"), mine), (self.tr("From elsewhere:"), theirs))
        ):
            radio = QRadioButton(side)
            radio.setAccessibleName(f"{label}, {side} {value}")
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(radio, n, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, n, 1)
            group.addButton(radio, n)
            radio.toggled.connect(self._update)
            pair.append(radio)
        grid.setColumnStretch(1, 1)
        self.groups[path] = group
        self.choices[path] = (pair[0], pair[1])
        self.fields_layout.addWidget(box)

    def _update(self) -> None:
        self.save_choices.setEnabled(
            bool(self.groups) and all(g.checkedId() >= 0 for g in self.groups.values())
        )

    def choose(self, path: str, side: str) -> None:
        """Tick one side of one answer (as clicking its button does)."""
        self.choices[path][0 if side == "mine" else 1].setChecked(True)

    def _whole(self, side: str) -> None:
        if self.view is not None:
            self.resolve.emit(self.view.id, side)

    def _per_field(self) -> None:
        if self.view is None or not self.save_choices.isEnabled():
            return
        chosen = {
            path: ("mine" if group.checkedId() == 0 else "theirs")
            for path, group in self.groups.items()
        }
        self.resolve.emit(self.view.id, chosen)

    def _deletion(self, keep_deleted: bool) -> None:
        view = self.view
        if view is None:
            return
        deleted_side = "mine" if view.mine_deleted else "theirs"
        edited_side = "theirs" if view.mine_deleted else "mine"
        self.resolve.emit(view.id, deleted_side if keep_deleted else edited_side)
