"""The main window's pages: caseload, mentee, this week, search; the quick log and the
check-in chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentorapp.core.caseload import CaseloadEntry, WeekItem
from mentorapp.core.instruments import Instrument
from mentorapp.core.model import Mentee, OutcomeCheckIn
from mentorapp.core.quicklog import QuickKind
from mentorapp.ui import style
from mentorapp.ui.models import (
    CaseloadModel,
    RecordIdRole,
    SearchResultsModel,
    SettingRole,
    SortRole,
    StatusRole,
    TimelineModel,
    WeekModel,
)

heading = style.heading


class CaseloadFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = ""
        self.setting = ""
        self.setSortRole(SortRole)

    def set_filters(self, status: str, setting: str) -> None:
        self.beginFilterChange()
        self.status, self.setting = status, setting
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        if self.status and index.data(StatusRole) != self.status:
            return False
        return not self.setting or index.data(SettingRole) == self.setting


class CaseloadPage(QWidget):
    open_mentee = Signal(str)
    add_mentee = Signal()

    # Builds the page's widgets in reading order.
    def __init__(self, parent: QWidget | None = None) -> None:  # noqa: PLR0915
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Caseload")), 1)
        self.add_button = QPushButton(self.tr("&Add mentee"))
        self.add_button.clicked.connect(self.add_mentee)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        self.alert = QLabel()
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet(f"color: {style.alert()}; font-weight: bold;")
        self.alert.setAccessibleName(self.tr("Safeguarding alert"))
        self.alert.hide()
        layout.addWidget(self.alert)
        filters = QHBoxLayout()
        self.status = QComboBox()
        for label, value in (
            (self.tr("Active"), "active"),
            (self.tr("Paused"), "paused"),
            (self.tr("Closed"), "closed"),
            (self.tr("Everyone"), ""),
        ):
            self.status.addItem(label, value)
        self.setting = QComboBox()
        self.setting.addItem(self.tr("Any setting"), "")
        for label, value in (
            (self.tr("Prison"), "prison"),
            (self.tr("Community"), "community"),
            (self.tr("Probation"), "probation"),
            (self.tr("Approved premises / hostel"), "approved_premises"),
            (self.tr("Online"), "online"),
        ):
            self.setting.addItem(label, value)
        show = QLabel(self.tr("&Show:"))
        show.setBuddy(self.status)
        where = QLabel(self.tr("S&etting:"))
        where.setBuddy(self.setting)
        self.status.setAccessibleName(self.tr("Show mentees with status"))
        self.setting.setAccessibleName(self.tr("Show mentees in setting"))
        filters.addWidget(show)
        filters.addWidget(self.status)
        filters.addWidget(where)
        filters.addWidget(self.setting)
        filters.addStretch(1)
        self.count = QLabel()
        filters.addWidget(self.count)
        layout.addLayout(filters)
        self.team_note = QLabel()
        self.team_note.setWordWrap(True)
        self.team_note.hide()
        layout.addWidget(self.team_note)
        self.model = CaseloadModel(self)
        self.proxy = CaseloadFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Mentees"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseloadModel.Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Size columns from the first rows only: measuring every row of a big
        # caseload on each refresh would stall the window.
        self.table.horizontalHeader().setResizeContentsPrecision(40)
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.status.currentIndexChanged.connect(self._filter)
        self.setting.currentIndexChanged.connect(self._filter)
        self._filter()

    def set_entries(self, entries: list[CaseloadEntry]) -> None:
        self.model.set_entries(entries)
        concerns = sum(e.open_concerns for e in entries)
        people = sum(1 for e in entries if e.open_concerns)
        if concerns:
            self.alert.setText(
                self.tr(
                    "%1 open safeguarding concern(s) for %2 mentee(s): "
                    "see the Open concerns column."
                )
                .replace("%1", str(concerns))
                .replace("%2", str(people))
            )
        self.alert.setVisible(bool(concerns))
        self._filter()

    def set_team_size(self, mentees: int) -> None:
        """A supervisor's laptop holds their mentors' records too; this caseload is the
        supervisor's own, so say where the others are rather than let them seem lost."""
        self.team_note.setText(
            self.tr(
                "Also on this laptop: %n mentee(s) of the mentors you supervise. This list "
                "is your own caseload; 'mentorapp-cli list --team' lists theirs.",
                "",
                mentees,
            )
            if mentees
            else ""
        )
        self.team_note.setVisible(bool(mentees))

    def _filter(self) -> None:
        self.proxy.set_filters(self.status.currentData() or "", self.setting.currentData() or "")
        self.count.setText(self.tr("%1 shown").replace("%1", str(self.proxy.rowCount())))

    def _open(self, index: QModelIndex) -> None:
        mentee_id = self.proxy.index(index.row(), 0).data(RecordIdRole)
        if mentee_id:
            self.open_mentee.emit(mentee_id)


class CheckInChart(QWidget):
    """Outcome check-ins over time: one line per area on the instrument's scale."""

    COLORS = ["#1565c0", "#2e7d32", "#c62828", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037"]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_ins: list[OutcomeCheckIn] = []
        self.labels: dict[str, str] = {}
        self.scale = (1, 10)
        self.setMinimumHeight(200)
        self.setAccessibleName(self.tr("Outcome check-ins chart"))

    def set_data(
        self, check_ins: list[OutcomeCheckIn], labels: dict[str, str], scale: tuple[int, int]
    ) -> None:
        self.check_ins, self.labels, self.scale = check_ins, labels, scale
        summary = "; ".join(
            f"{c.date.isoformat()}: "
            + ", ".join(
                f"{labels.get(k, k)} {v if v is not None else 'n/a'}" for k, v in c.scores.items()
            )
            for c in check_ins
        )
        self.setAccessibleDescription(summary or self.tr("No check-ins yet"))
        self.setToolTip(summary)
        self.update()

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        p.setPen(pal.text().color())
        if not self.check_ins:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No check-ins yet"))
            return
        keys = list(self.labels) or sorted({k for c in self.check_ins for k in c.scores})
        legend_w = 200
        area = QRectF(40, 12, max(50, self.width() - 60 - legend_w), self.height() - 40)
        lo, hi = self.scale
        first, last = self.check_ins[0].date, self.check_ins[-1].date
        span = max(1, (last - first).days)

        def point(day: dt.date, value: float) -> QPointF:
            x = area.left() + area.width() * (
                (day - first).days / span if len(self.check_ins) > 1 else 0.5
            )
            y = area.bottom() - area.height() * (value - lo) / max(1, hi - lo)
            return QPointF(x, y)

        grid = QPen(pal.mid().color())
        for v in range(lo, hi + 1, max(1, (hi - lo) // 3)):
            p.setPen(grid)
            y = point(first, v).y()
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(pal.text().color())
            p.drawText(QRectF(0, y - 8, 34, 16), Qt.AlignmentFlag.AlignRight, str(v))
        p.drawText(QRectF(area.left(), area.bottom() + 4, 120, 18), first.strftime("%d %b %Y"))
        p.drawText(
            QRectF(area.right() - 120, area.bottom() + 4, 120, 18),
            Qt.AlignmentFlag.AlignRight,
            last.strftime("%d %b %Y"),
        )
        for n, key in enumerate(keys):
            color = QColor(self.COLORS[n % len(self.COLORS)])
            p.setPen(QPen(color, 2))
            path = QPainterPath()
            started = False
            for c in self.check_ins:
                value = c.scores.get(key)
                if value is None:
                    started = False  # not applicable: a gap, not a zero
                    continue
                pt = point(c.date, value)
                if started:
                    path.lineTo(pt)
                else:
                    path.moveTo(pt)
                    started = True
                p.drawEllipse(pt, 2.5, 2.5)
            p.drawPath(path)
            ly = 14 + n * 18
            p.fillRect(QRectF(area.right() + 16, ly + 4, 10, 10), color)
            p.setPen(pal.text().color())
            p.drawText(QRectF(area.right() + 30, ly, legend_w - 34, 18), self.labels.get(key, key))


class MenteePage(QWidget):
    back = Signal()
    new_contact = Signal(str, str)  # form id, mentee id
    edit_mentee = Signal(str)
    open_record = Signal(str)
    new_check_in = Signal(str)

    # Builds the page's widgets in reading order.
    def __init__(self, parent: QWidget | None = None) -> None:  # noqa: PLR0915
        super().__init__(parent)
        self.mentee_id = ""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← &Caseload"))
        self.back_button.clicked.connect(self.back)
        self.title = heading("")
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        self.edit_button = QPushButton(self.tr("&Edit details"))
        self.edit_button.clicked.connect(lambda: self.edit_mentee.emit(self.mentee_id))
        self.more_button = QPushButton(self.tr("&Record…"))
        more = QMenu(self)
        for label, form_id in (
            (self.tr("Goal"), "goal"),
            (self.tr("Referral"), "referral"),
            (self.tr("Safeguarding concern"), "concern"),
        ):
            more.addAction(label, self._emit_new(form_id))
        more.addAction(
            self.tr("Check-in (how things are going)"),
            lambda: self.new_check_in.emit(self.mentee_id),
        )
        self.more_button.setMenu(more)
        self.more_button.setAccessibleName(self.tr("Record a goal, referral, concern or check-in"))
        self.session_button = QPushButton(self.tr("New &one-to-one"))
        self.session_button.clicked.connect(
            lambda: self.new_contact.emit("one_to_one", self.mentee_id)
        )
        top.addWidget(self.edit_button)
        top.addWidget(self.more_button)
        top.addWidget(self.session_button)
        layout.addLayout(top)
        split = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        self.profile = QLabel()
        self.profile.setWordWrap(True)
        self.profile.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.profile.setAccessibleName(self.tr("Mentee details"))
        ll.addWidget(self.profile)
        goals_box = QGroupBox(self.tr("Goals"))
        gl = QVBoxLayout(goals_box)
        self.goals = QListWidget()
        self.goals.setAccessibleName(self.tr("Goals"))
        gl.addWidget(self.goals)
        ll.addWidget(goals_box)
        ref_box = QGroupBox(self.tr("Referrals"))
        rl = QVBoxLayout(ref_box)
        self.referrals = QListWidget()
        self.referrals.setAccessibleName(self.tr("Referrals"))
        rl.addWidget(self.referrals)
        ll.addWidget(ref_box)
        chart_box = QGroupBox(self.tr("How things are going (check-ins)"))
        cl = QVBoxLayout(chart_box)
        self.chart = CheckInChart()
        cl.addWidget(self.chart)
        ll.addWidget(chart_box)
        split.addWidget(left)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.addWidget(heading(self.tr("Timeline")))
        self.timeline_model = TimelineModel(self)
        self.timeline = QListView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setWordWrap(True)
        self.timeline.setAccessibleName(self.tr("Timeline, newest first"))
        self.timeline.activated.connect(lambda i: self.open_record.emit(i.data(RecordIdRole)))
        rlay.addWidget(self.timeline)
        split.addWidget(right)
        split.setSizes([460, 640])
        for lst in (self.goals, self.referrals):
            lst.setWordWrap(True)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(split, 1)

    def _emit_new(self, form_id: str) -> Callable[[], None]:
        def emit() -> None:
            self.new_contact.emit(form_id, self.mentee_id)

        return emit

    def show_mentee(self, data: dict[str, Any]) -> None:
        mentee: Mentee = data["mentee"]
        self.mentee_id = mentee.id
        self.title.setText(mentee.display_name)
        lines = [
            f"<b>{self.tr('Status')}:</b> {mentee.status.value}"
            + (f" ({mentee.closed_reason})" if mentee.closed_reason else ""),
            f"<b>{self.tr('Setting')}:</b> {mentee.setting.value.replace('_', ' ')}"
            + (f", {mentee.establishment}" if mentee.establishment else "")
            + (f", {mentee.prison_number}" if mentee.prison_number else ""),
        ]
        if mentee.pronouns:
            lines.append(f"<b>{self.tr('Pronouns')}:</b> {mentee.pronouns}")
        if mentee.expected_release:
            lines.append(
                f"<b>{self.tr('Expected release')}:</b> "
                f"{mentee.expected_release.strftime('%d %b %Y')}"
            )
        if mentee.start_date:
            lines.append(f"<b>{self.tr('Started')}:</b> {mentee.start_date.strftime('%d %b %Y')}")
        consent = self.tr("given") if mentee.consent.given else self.tr("NOT given")
        lines.append(f"<b>{self.tr('Consent')}:</b> {consent}")
        if mentee.key_needs:
            lines.append(
                f"<b>{self.tr('Key needs')}:</b> "
                + ", ".join(n.value.replace("_", " ") for n in mentee.key_needs)
            )
        self.profile.setText("<br>".join(lines))
        self.goals.clear()
        for g in data["goals"]:
            due = f" — {g.target_date.strftime('%d %b %Y')}" if g.target_date else ""
            self.goals.addItem(f"{g.description} ({g.status.value.replace('_', ' ')}){due}")
        self.referrals.clear()
        for r in data["referrals"]:
            outcome = f": {r.outcome}" if r.outcome else ""
            self.referrals.addItem(
                f"{r.date.strftime('%d %b %Y')} {r.organisation} — {r.status.value}{outcome}"
            )
        self.chart.set_data(data["check_ins"], data["areas"], data["scale"])
        self.timeline_model.set_items(data["timeline"])

    def clear(self) -> None:
        self.mentee_id = ""
        self.title.clear()
        self.profile.clear()
        self.goals.clear()
        self.referrals.clear()
        self.chart.set_data([], {}, (1, 10))
        self.timeline_model.set_items([])


class WeekPage(QWidget):
    open_mentee = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("This week")))
        self.model = WeekModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName(self.tr("Meetings and actions this week"))
        self.list.activated.connect(self._activated)
        layout.addWidget(self.list, 1)

    def _activated(self, index: QModelIndex) -> None:
        mentee_id = index.data(RecordIdRole)
        if mentee_id:
            self.open_mentee.emit(mentee_id)

    def set_items(self, items: list[WeekItem], names: dict[str, str]) -> None:
        self.model.set_items(items, names)


class SearchPage(QWidget):
    query_changed = Signal(str)
    open_record = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Search")))
        self.box = QLineEdit()
        self.box.setPlaceholderText(self.tr("Names, notes, places… (at least 2 letters)"))
        self.box.setAccessibleName(self.tr("Search"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self.query_changed)
        layout.addWidget(self.box)
        self.state = QLabel()
        self.state.setAccessibleName(self.tr("Search status"))
        layout.addWidget(self.state)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.activated.connect(lambda i: self.open_record.emit(i.data(RecordIdRole)))
        layout.addWidget(self.results, 1)


class QuickLogDialog(QDialog):
    """Who, what kind, how long, a line of notes: a contact in under 30 seconds."""

    def __init__(
        self,
        mentees: list[tuple[str, str]],
        on_save: Callable[[QuickKind, str, int, str], None],
        on_full_form: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Quick log"))
        self.setAccessibleName(self.tr("Quick log"))
        self.on_save = on_save
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.who = QComboBox()
        self.who.addItem(self.tr("— choose —"), "")
        for mid, name in mentees:
            self.who.addItem(name, mid)
        self.who.setAccessibleName(self.tr("Who"))
        self.kind = QComboBox()
        for label, kind in (
            (self.tr("Met in person"), QuickKind.IN_PERSON),
            (self.tr("Phone call"), QuickKind.PHONE),
            (self.tr("Video call"), QuickKind.VIDEO),
            (self.tr("Coffee"), QuickKind.COFFEE),
            (self.tr("Walk"), QuickKind.WALK),
        ):
            self.kind.addItem(label, kind.value)
        self.kind.setAccessibleName(self.tr("What kind"))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 720)
        self.minutes.setValue(30)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("How long"))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Notes"))
        self.note.setPlaceholderText(self.tr("One line is enough"))
        form.addRow(self.tr("&Who"), self.who)
        form.addRow(self.tr("What &kind"), self.kind)
        form.addRow(self.tr("How &long"), self.minutes)
        form.addRow(self.tr("&Notes"), self.note)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {style.alert()};")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.full = buttons.addButton(
            self.tr("&Full form…"), QDialogButtonBox.ButtonRole.ActionRole
        )

        def full_form() -> None:
            self.reject()
            on_full_form(self.who.currentData() or "")

        self.full.clicked.connect(full_form)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.note.returnPressed.connect(self.try_save)

    def try_save(self) -> None:
        if not self.who.currentData():
            self.error.setText(self.tr("Choose who the contact was with."))
            self.who.setFocus()
            return
        self.on_save(
            QuickKind(self.kind.currentData()),
            self.who.currentData(),
            self.minutes.value(),
            self.note.text(),
        )
        self.accept()


class CheckInDialog(QDialog):
    """A self-assessment on each area of an instrument; any area can be not applicable."""

    def __init__(
        self,
        instrument: Instrument,
        on_save: Callable[[dict[str, int | None], str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.on_save = on_save
        self.setWindowTitle(instrument.title)
        self.setAccessibleName(instrument.title)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "From %1 (%2) to %3 (%4). Leave an area at 'not applicable' if it does not apply."
            )
            .replace("%1", str(instrument.scale_min))
            .replace("%2", instrument.low_label)
            .replace("%3", str(instrument.scale_max))
            .replace("%4", instrument.high_label)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.scores: dict[str, QSpinBox] = {}
        for area in instrument.areas:
            spin = QSpinBox()
            spin.setRange(instrument.scale_min - 1, instrument.scale_max)
            spin.setSpecialValueText(self.tr("not applicable"))
            spin.setValue(instrument.scale_min - 1)
            spin.setAccessibleName(area.label)
            form.addRow(area.label, spin)
            self.scores[area.key] = spin
        self.comment = QLineEdit()
        self.comment.setAccessibleName(self.tr("Comment"))
        form.addRow(self.tr("&Comment"), self.comment)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.alert()};")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, int | None]:
        low = self.instrument.scale_min
        return {k: (s.value() if s.value() >= low else None) for k, s in self.scores.items()}

    def try_save(self) -> bool:
        try:
            scores = self.instrument.validate(self.values())
        except ValueError as exc:
            self.error.setText(str(exc))
            return False
        if all(v is None for v in scores.values()):
            self.error.setText(self.tr("Score at least one area."))
            return False
        self.on_save(scores, self.comment.text())
        self.accept()
        return True


# Keys, and what they do (translated where the list is shown).
SHORTCUTS = [
    ("Ctrl+1", QT_TRANSLATE_NOOP("ShortcutsDialog", "Caseload")),
    ("Ctrl+2", QT_TRANSLATE_NOOP("ShortcutsDialog", "This week")),
    (
        "Ctrl+3",
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Sync panel: membership, conflicts and problems"),
    ),
    ("F5", QT_TRANSLATE_NOOP("ShortcutsDialog", "Sync now")),
    ("Ctrl+J", QT_TRANSLATE_NOOP("ShortcutsDialog", "Join your organisation")),
    ("Ctrl+F", QT_TRANSLATE_NOOP("ShortcutsDialog", "Search")),
    ("Ctrl+K", QT_TRANSLATE_NOOP("ShortcutsDialog", "Quick log")),
    ("Ctrl+N", QT_TRANSLATE_NOOP("ShortcutsDialog", "New one-to-one session")),
    ("Ctrl+G", QT_TRANSLATE_NOOP("ShortcutsDialog", "New group activity")),
    ("Ctrl+E", QT_TRANSLATE_NOOP("ShortcutsDialog", "New leisure activity")),
    ("Ctrl+M", QT_TRANSLATE_NOOP("ShortcutsDialog", "Add a mentee")),
    ("Ctrl+L", QT_TRANSLATE_NOOP("ShortcutsDialog", "Lock now")),
    ("F1", QT_TRANSLATE_NOOP("ShortcutsDialog", "This list of shortcuts")),
    ("Enter", QT_TRANSLATE_NOOP("ShortcutsDialog", "Open the selected mentee or result")),
    ("Esc", QT_TRANSLATE_NOOP("ShortcutsDialog", "Close a form without saving")),
]
