"""One renderer for every form declared in resources/forms: a field added to a form
file appears here with no code change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentorapp.core.forms import (
    FieldType,
    FormDefinition,
    FormField,
    ValidationResult,
    validate,
)
from mentorapp.ui import style

BLANK_DATE = QDate(1900, 1, 1)


class FieldEditor(QWidget):
    """Edits one field; ``value()`` is an answer the form engine accepts (JSON-ready)."""

    changed = Signal()

    def __init__(
        self, field: FormField, mentees: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.field = field
        self._mentees = mentees
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = self._make_editor()
        self.editor.setAccessibleName(field.label)
        if field.help:
            self.editor.setToolTip(field.help)
            self.editor.setAccessibleDescription(field.help)
        layout.addWidget(self.editor)
        if field.help and field.type not in (FieldType.YES_NO,):
            hint = QLabel(field.help)
            hint.setWordWrap(True)
            hint.setProperty("role", "hint")
            hint.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(hint)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.alert()};")
        self.error.setAccessibleName(self.tr("Problem with %1").replace("%1", field.label))
        self.error.hide()
        layout.addWidget(self.error)
        if field.default is not None:
            self.set_value(field.default)

    # One editor per field type.
    def _make_editor(self) -> QWidget:  # noqa: PLR0911, PLR0915
        f = self.field
        t = f.type
        if t is FieldType.LONG_TEXT:
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setMinimumHeight(90)
            w.textChanged.connect(self.changed)
            return w
        if t is FieldType.DATE:
            d = QDateEdit()
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
            d.setMinimumDate(BLANK_DATE)
            d.setSpecialValueText(self.tr("not set"))
            d.setDate(BLANK_DATE)
            d.dateChanged.connect(self.changed)
            return d
        if t is FieldType.DURATION:
            s = QSpinBox()
            s.setRange(0, 24 * 60)
            s.setSingleStep(5)
            s.setSuffix(self.tr(" min"))
            s.setSpecialValueText(self.tr("not set"))
            s.valueChanged.connect(self.changed)
            return s
        if t is FieldType.YES_NO:
            c = QCheckBox(f.label)
            c.toggled.connect(self.changed)
            return c
        if t in (FieldType.CHOICE, FieldType.MENTEE):
            combo = QComboBox()
            combo.addItem(self.tr("— choose —"), "")
            options = (
                [(o.value, o.label) for o in f.options]
                if t is FieldType.CHOICE
                else [(mid, name) for mid, name in self._mentees]
            )
            for value, label in options:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if t in (FieldType.MULTI_CHOICE, FieldType.MENTEES):
            lst = QListWidget()
            options = (
                [(o.value, o.label) for o in f.options]
                if t is FieldType.MULTI_CHOICE
                else [(mid, name) for mid, name in self._mentees]
            )
            for value, label in options:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                lst.addItem(item)
            lst.setMaximumHeight(min(160, 24 * max(2, len(options)) + 6))
            lst.itemChanged.connect(lambda _i: self.changed.emit())
            return lst
        if t is FieldType.REPEAT:
            editor = RepeatEditor(f, self._mentees)
            editor.changed.connect(self.changed)
            return editor
        line = QLineEdit()
        if t is FieldType.TIME:
            line.setPlaceholderText(self.tr("HH:MM"))
            line.setMaximumWidth(120)
        elif t is FieldType.MONEY:
            line.setPlaceholderText(self.tr("0.00"))
            line.setMaximumWidth(160)
        if f.max_length:
            line.setMaxLength(f.max_length)
        line.textChanged.connect(self.changed)
        return line

    # One return per editor widget.
    def value(self) -> Any:  # noqa: PLR0911
        w = self.editor
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QDateEdit):
            if w.date() == BLANK_DATE:
                return None
            q = w.date()
            return dt.date(q.year(), q.month(), q.day()).isoformat()
        if isinstance(w, QSpinBox):
            return w.value() or None
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData() or None
        if isinstance(w, QListWidget):
            return [
                w.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(w.count())
                if w.item(i).checkState() == Qt.CheckState.Checked
            ]
        if isinstance(w, RepeatEditor):
            return w.value()
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_value(self, value: Any) -> None:
        w = self.editor
        if isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QDateEdit):
            if isinstance(value, str) and value:
                value = dt.date.fromisoformat(value)
            w.setDate(
                QDate(value.year, value.month, value.day)
                if isinstance(value, dt.date)
                else BLANK_DATE
            )
        elif isinstance(w, QSpinBox):
            w.setValue(int(value or 0))
        elif isinstance(w, QCheckBox):
            w.setChecked(value in (True, "yes", "true", "True", 1))
        elif isinstance(w, QComboBox):
            index = w.findData(value if value is not None else "")
            w.setCurrentIndex(max(index, 0))
        elif isinstance(w, QListWidget):
            chosen = set(value or [])
            for i in range(w.count()):
                item = w.item(i)
                item.setCheckState(
                    Qt.CheckState.Checked
                    if item.data(Qt.ItemDataRole.UserRole) in chosen
                    else Qt.CheckState.Unchecked
                )
        elif isinstance(w, RepeatEditor):
            w.set_value(value or [])
        elif isinstance(w, QLineEdit):
            if isinstance(value, dt.time):
                value = value.strftime("%H:%M")
            elif isinstance(value, Decimal):
                value = f"{value:.2f}"
            w.setText("" if value is None else str(value))

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


class RepeatEditor(QWidget):
    """Rows of sub-fields (actions, expenses, attendance) with add and remove."""

    changed = Signal()

    def __init__(
        self, field: FormField, mentees: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.field = field
        self._mentees = mentees
        self._rows: list[tuple[QWidget, list[FieldEditor]]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._add = QPushButton(self.tr("Add %1").replace("%1", field.label.lower()))
        self._add.setAccessibleName(self._add.text())
        self._add.clicked.connect(self._add_blank_row)
        self._layout.addWidget(self._add)

    def _add_blank_row(self) -> None:
        self.add_row()

    def add_row(self, values: dict[str, Any] | None = None) -> list[FieldEditor]:
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        editors = []
        for sub in self.field.fields:
            box = QVBoxLayout()
            label = QLabel(sub.label + (" *" if sub.required else ""))
            editor = FieldEditor(sub, self._mentees)
            label.setBuddy(editor.editor)
            box.addWidget(label)
            box.addWidget(editor)
            h.addLayout(box)
            editor.changed.connect(self.changed)
            if values and sub.key in values:
                editor.set_value(values[sub.key])
            editors.append(editor)
        remove = QPushButton(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove this row"))
        h.addWidget(remove, 0, Qt.AlignmentFlag.AlignBottom)
        entry = (row, editors)
        remove.clicked.connect(lambda: self._remove(entry))
        self._rows.append(entry)
        self._layout.insertWidget(self._layout.count() - 1, row)
        self.changed.emit()
        return editors

    def _remove(self, entry: tuple[QWidget, list[FieldEditor]]) -> None:
        self._rows.remove(entry)
        entry[0].deleteLater()
        self.changed.emit()

    def rows(self) -> list[list[FieldEditor]]:
        return [editors for _, editors in self._rows]

    def value(self) -> list[dict[str, Any]]:
        out = []
        for _, editors in self._rows:
            item = {e.field.key: e.value() for e in editors}
            out.append({k: v for k, v in item.items() if v not in (None, "", [])})
        return out

    def set_value(self, items: list[dict[str, Any]]) -> None:
        for row, _ in self._rows:
            row.deleteLater()
        self._rows.clear()
        for item in items:
            self.add_row(item)


class FormWidget(QWidget):
    """Every field of a form, with inline messages and conditional fields."""

    changed = Signal()

    def __init__(
        self, form: FormDefinition, mentees: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.mentee_ids = {mid for mid, _ in mentees}
        layout = QFormLayout(self)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        self._validated = False
        for f in form.fields:
            editor = FieldEditor(f, mentees)
            text = "" if f.type is FieldType.YES_NO else f.label + (" *" if f.required else "")
            label = QLabel(text)
            label.setWordWrap(True)
            label.setBuddy(editor.editor)
            layout.addRow(label, editor)
            editor.changed.connect(self._on_change)
            self.editors[f.key] = editor
            self.labels[f.key] = label
        self._apply_conditions()

    def answers(self) -> dict[str, Any]:
        """Current answers, visible fields only, blanks left out (JSON-ready)."""
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if editor.isHidden():
                continue
            value = editor.value()
            if value in (None, "", []):
                continue
            out[key] = value
        return out

    def set_answers(self, answers: dict[str, Any]) -> None:
        for key, value in answers.items():
            if key in self.editors:
                self.editors[key].set_value(value)
        self._apply_conditions()

    def check(self) -> ValidationResult:
        """Validate and show each problem under its field."""
        self._validated = True
        result = validate(self.form, self.answers(), self.mentee_ids)
        problems: dict[str, list[str]] = {}
        for error in result.errors:
            # "attendees[0].attendance" belongs under the "attendees" editor.
            key = (
                error.key
                if error.key in self.editors
                else next((k for k in self.editors if error.key.startswith(k + "[")), None)
            )
            if key is None:
                continue
            text = f"{error.key[len(key) :].lstrip('.')} {error.message}".strip()
            problems.setdefault(key, []).append(text[0].upper() + text[1:])
        for key, editor in self.editors.items():
            editor.show_error("; ".join(problems.get(key, [])) or None)
        return result

    def _on_change(self) -> None:
        self._apply_conditions()
        if self._validated:
            self.check()
        self.changed.emit()

    def _apply_conditions(self) -> None:
        cleaned = validate(self.form, self._raw_answers(), None).cleaned
        for f in self.form.fields:
            if f.show_if is None:
                continue
            visible = f.show_if.holds(cleaned)
            self.editors[f.key].setVisible(visible)
            self.labels[f.key].setVisible(visible)

    def _raw_answers(self) -> dict[str, Any]:
        values = {k: e.value() for k, e in self.editors.items()}
        return {k: v for k, v in values.items() if v not in (None, "", [])}

    def first_error_editor(self) -> QWidget | None:
        for editor in self.editors.values():
            if editor.error.isVisible():
                return editor.editor
        return None


class FormDialog(QDialog):
    """A form in a dialog: Save validates inline and hands a valid answer set to
    ``on_save``; unsaved answers are offered to ``on_draft`` as the person types."""

    def __init__(
        self,
        form: FormDefinition,
        mentees: list[tuple[str, str]],
        on_save: Callable[[dict[str, Any]], None],
        on_draft: Callable[[dict[str, Any]], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(form.title)
        self.setAccessibleName(form.title)
        self.on_save = on_save
        self.on_draft = on_draft
        layout = QVBoxLayout(self)
        if form.description:
            intro = QLabel(form.description)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.form_widget = FormWidget(form, mentees)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_widget)
        layout.addWidget(scroll)
        self.summary = QLabel()
        self.summary.setStyleSheet(f"color: {style.alert()};")
        self.summary.setWordWrap(True)
        self.summary.hide()
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(1500)
        self._draft_timer.timeout.connect(self.save_draft)
        self.form_widget.changed.connect(self._draft_timer.start)
        self.resize(720, 760)

    def done(self, result: int) -> None:
        self._draft_timer.stop()
        super().done(result)

    def save_draft(self) -> None:
        self._draft_timer.stop()
        if self.on_draft is not None:
            self.on_draft(self.form_widget.answers())

    def try_save(self) -> bool:
        result = self.form_widget.check()
        if not result.ok:
            self.summary.setText(
                self.tr("Please fix the %n highlighted answer(s).", "", len(result.errors))
            )
            self.summary.show()
            target = self.form_widget.first_error_editor()
            if target is not None:
                target.setFocus()
            return False
        self.summary.hide()
        self._draft_timer.stop()
        self.on_save(self.form_widget.answers())
        self.accept()
        return True
