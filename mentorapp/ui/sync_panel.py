"""What sync shows: the status bar's sync line and the sync panel (membership,
counts, conflicts to settle, records the service refused, incoming problems, and
for the organisation's key holder the members waiting to be certified).

Records are named and their answers labelled from the forms they were made with;
internal codes never reach the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentorapp.core.forms import FormRegistry
from mentorapp.core.instruments import InstrumentRegistry
from mentorapp.store.syncstore import IncomingProblem
from mentorapp.sync.certify import WaitingMember
from mentorapp.sync.engine import SyncProgress
from mentorapp.sync.status import SyncOverview, SyncState
from mentorapp.ui import style
from mentorapp.ui.conflicts import (
    ConflictEditor,
    Names,
    conflict_rows,
    conflict_title,
    record_title,
)
from mentorapp.ui.join import role_label
from mentorapp.ui.models import (
    ConflictsModel,
    IncomingProblemsModel,
    QuarantineModel,
    SyncRowsModel,
    WaitingMembersModel,
)
from mentorapp.ui.sync_controller import StatusLine, when_text

# -- the status bar's sync line --------------------------------------------------------------


class SyncStatusBar(QWidget):
    """The sync line in the status bar: always says what is true, opens the panel."""

    open_panel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.progress.hide()
        self.button = QPushButton()
        self.button.setFlat(True)
        self.button.setAccessibleName(self.tr("Sync status"))
        self.button.setToolTip(self.tr("Open the sync panel (Ctrl+3)"))
        self.button.clicked.connect(self.open_panel)
        layout.addWidget(self.progress)
        layout.addWidget(self.button)

    def show_status(self, line: StatusLine, running: bool, progress: SyncProgress | None) -> None:
        self.button.setText(line.text)
        self.button.setAccessibleDescription(line.detail or line.text)
        self.button.setToolTip(
            (line.detail or line.text) + "\n" + self.tr("Open the sync panel (Ctrl+3)")
        )
        self.button.setStyleSheet(
            f"color: {style.alert()}; text-align: left;" if line.alert else "text-align: left;"
        )
        self.setVisible(bool(line.text))
        self.progress.setVisible(running)
        if running and progress is not None and progress.phase == "push" and progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(min(progress.done, progress.total))
        else:
            self.progress.setRange(0, 0)  # busy: how much is left is not known


# -- the panel -------------------------------------------------------------------------------


def _table(model: SyncRowsModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fit(table: QTableView, most: int = 6) -> None:
    """As tall as its rows (up to ``most``), so short lists leave no blank box."""
    rows = min(table.model().rowCount(), most)
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(rows)) if rows else table.rowHeight(0) or 24
    table.setFixedHeight(height + 2)


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SyncPage(QWidget):
    """Ctrl+3: membership, counts, and everything about sync that needs a person."""

    sync_now = Signal()
    join = Signal()
    resolve = Signal(str, object)
    release = Signal(str)
    check_members = Signal()
    certify = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: SyncOverview | None = None
        self.members: list[WaitingMember] = []
        self.confirm: QMessageBox | None = None
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(style.heading(self.tr("Sync")), 1)
        self.join_button = QPushButton(self.tr("&Join organisation…"))
        self.sync_button = QPushButton(self.tr("S&ync now"))
        self.sync_button.setToolTip(self.tr("Send and receive changes now (F5)"))
        top.addWidget(self.join_button)
        top.addWidget(self.sync_button)
        outer.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Sync summary"))
        outer.addWidget(self.summary)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 0, 0)
        # What needs a person first, then who and where this laptop is.
        self._conflicts_box()
        self._quarantine_box()
        self._incoming_box()
        self._members_box()
        self._membership_box()
        self.body.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.join_button.clicked.connect(self.join)
        self.sync_button.clicked.connect(self.sync_now)

    # -- building -------------------------------------------------------------------------

    def _membership_box(self) -> None:
        self.membership = QGroupBox(self.tr("Membership"))
        form = QFormLayout(self.membership)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("org", self.tr("Organisation")),
            ("you", self.tr("You")),
            ("service", self.tr("Service")),
            ("org_fpr", self.tr("Organisation key fingerprint")),
            ("your_fpr", self.tr("Your key fingerprint")),
            ("laptop", self.tr("This laptop")),
            ("waiting", self.tr("Waiting to be sent")),
            ("last", self.tr("Last successful sync")),
        ):
            value = _value_label()
            value.setAccessibleName(label)
            form.addRow(label + ":", value)
            self.fields[key] = value
        self.body.addWidget(self.membership)

    def _conflicts_box(self) -> None:
        self.conflicts_box = QGroupBox(self.tr("Changed here and elsewhere: choose what to keep"))
        layout = QVBoxLayout(self.conflicts_box)
        self.conflicts_model = ConflictsModel(self)
        self.conflicts = _table(self.conflicts_model, self.tr("Conflicts"))
        self.conflicts.selectionModel().currentRowChanged.connect(self._conflict_chosen)
        self.editor = ConflictEditor()
        self.editor.resolve.connect(self.resolve)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.editor)
        self.body.addWidget(self.conflicts_box)

    def _quarantine_box(self) -> None:
        self.quarantine_box = QGroupBox(self.tr("Refused by the service"))
        layout = QVBoxLayout(self.quarantine_box)
        note = QLabel(
            self.tr(
                "The service would not take these records. They stay on this laptop and "
                "nothing else is held up. Change what the reason says, then try again."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.quarantine_model = QuarantineModel(self)
        self.quarantine = _table(self.quarantine_model, self.tr("Records the service refused"))
        layout.addWidget(self.quarantine)
        row = QHBoxLayout()
        self.retry_button = QPushButton(self.tr("&Try again"))
        self.retry_button.clicked.connect(self._retry)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.body.addWidget(self.quarantine_box)

    def _incoming_box(self) -> None:
        self.incoming_box = QGroupBox(self.tr("Changes from the service not taken"))
        layout = QVBoxLayout(self.incoming_box)
        note = QLabel(
            self.tr(
                "Changes refused as not genuine are never stored; tell your supervisor. "
                "Changes waiting for keys are tried again at every sync."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.incoming_model = IncomingProblemsModel(self)
        self.incoming = _table(self.incoming_model, self.tr("Changes from the service not taken"))
        layout.addWidget(self.incoming)
        self.key_problems = QLabel()
        self.key_problems.setWordWrap(True)
        self.key_problems.setAccessibleName(self.tr("Keys this laptop did not trust"))
        layout.addWidget(self.key_problems)
        self.body.addWidget(self.incoming_box)

    def _members_box(self) -> None:
        self.members_box = QGroupBox(self.tr("Members waiting to be certified"))
        layout = QVBoxLayout(self.members_box)
        note = QLabel(
            self.tr(
                "This laptop holds your organisation's keys. Certify a member only after "
                "checking that the key fingerprint here is the one shown on their own "
                "laptop (Sync panel, 'Your key fingerprint')."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.members_model = WaitingMembersModel(self)
        self.members_table = _table(self.members_model, self.tr("Members waiting"))
        layout.addWidget(self.members_table)
        self.members_state = QLabel()
        self.members_state.setWordWrap(True)
        self.members_state.setAccessibleName(self.tr("Members waiting status"))
        layout.addWidget(self.members_state)
        row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Chec&k again"))
        self.certify_button = QPushButton(self.tr("&Certify…"))
        self.check_button.clicked.connect(self.check_members)
        self.certify_button.clicked.connect(self._confirm_certify)
        row.addWidget(self.check_button)
        row.addWidget(self.certify_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.body.addWidget(self.members_box)

    # -- showing ------------------------------------------------------------------------

    def show_status(self, line: StatusLine, state: SyncState | None, running: bool) -> None:
        self.summary.setText(line.detail or line.text)
        self.summary.setStyleSheet(f"color: {style.alert()};" if line.alert else "")
        can_join = state is not None and state.can_join
        self.join_button.setVisible(can_join)
        self.sync_button.setEnabled(state is not None and state.can_sync and not running)
        self._show_membership(state)

    def _show_membership(self, state: SyncState | None) -> None:
        m = state.membership if state is not None else None
        self.membership.setVisible(m is not None)
        if state is None or m is None:
            self.members_box.setVisible(False)
            return
        f = self.fields
        f["org"].setText(m.org_name)
        f["you"].setText(
            self.tr("%1, %2").replace("%1", m.user_name).replace("%2", role_label(m.role))
        )
        f["service"].setText(m.server_url)
        f["org_fpr"].setText(m.org_fingerprint)
        f["your_fpr"].setText(m.user_key_fingerprint)
        f["laptop"].setText(
            m.device_label or m.device_id
            if m.can_sync
            else self.tr("not joined as a laptop of its own yet")
        )
        c = state.counts
        waiting = self.tr("%n change(s)", "", c.waiting) if c.waiting else self.tr("nothing")
        if c.conflicts + c.quarantined:
            waiting += self.tr(
                "; %n held back until you settle them (below)", "", c.conflicts + c.quarantined
            )
        if state.concerns_waiting:
            concerns = len(state.concerns_waiting)
            waiting += self.tr(", of which %n safeguarding concern(s)", "", concerns)
        f["waiting"].setText(waiting)
        f["last"].setText(
            when_text(state.last_success, self.tr("today"), self.tr("at"))
            if state.last_success
            else self.tr("never")
        )
        self.members_box.setVisible(m.holds_org_keys and m.can_sync)

    def show_overview(
        self,
        overview: SyncOverview,
        forms: FormRegistry,
        instruments: InstrumentRegistry,
        names: Names,
    ) -> None:
        """Fill every list; the conflict that was open stays open if it still is."""
        self.overview = overview
        self._forms, self._instruments, self._names = forms, instruments, names
        current = self.editor.view.id if self.editor.view is not None else None
        rows = []
        for view in overview.conflicts:
            title = conflict_title(view, names)
            if view.theirs_deleted:
                what = self.tr("Deleted elsewhere, changed here")
            elif view.mine_deleted:
                what = self.tr("Deleted here, changed elsewhere")
            else:
                labels = [r[1] for r in conflict_rows(view, forms, instruments, names)]
                what = ", ".join(labels)
            rows.append((view.id, (title, what), True))
        self.conflicts_model.set_rows(rows)
        _fit(self.conflicts)
        self.conflicts_box.setVisible(bool(rows))
        ids = [r[0] for r in rows]
        if current in ids:
            self.conflicts.selectRow(ids.index(current))
            self._conflict_chosen(self.conflicts_model.index(ids.index(current), 0))
        elif ids:
            self.conflicts.selectRow(0)
            self._conflict_chosen(self.conflicts_model.index(0, 0))
        else:
            self.editor.show_conflict(None, "", [])
        today, at = self.tr("today"), self.tr("at")
        self.quarantine_model.set_rows(
            [
                (
                    q.id,
                    (
                        record_title(q.record_type, overview.records.get(q.id), names),
                        q.reason or self.tr("The service gave no reason."),
                        when_text(q.at, today, at),
                    ),
                    True,
                )
                for q in overview.quarantined
            ]
        )
        _fit(self.quarantine)
        self.quarantine_box.setVisible(bool(overview.quarantined))
        self.retry_button.setEnabled(bool(overview.quarantined))
        if overview.quarantined:
            self.quarantine.selectRow(0)
        # Many changes held for one reason (a member not certified yet) are one row.
        groups: dict[tuple[str, str], list[IncomingProblem]] = {}
        for problem in overview.incoming:
            groups.setdefault((problem.kind, problem.reason), []).append(problem)
        self.incoming_model.set_rows(
            [
                (
                    same[0].id,
                    (
                        self.tr("Refused as not genuine")
                        if kind == "refused"
                        else self.tr("Waiting for keys"),
                        str(len(same)),
                        reason,
                        when_text(min(p.at for p in same), today, at),
                    ),
                    kind == "refused",
                )
                for (kind, reason), same in groups.items()
            ]
        )
        _fit(self.incoming)
        self.incoming.setVisible(bool(overview.incoming))
        self.key_problems.setText(
            self.tr(
                "The organisation's key list had entries this laptop did not trust: %1"
            ).replace("%1", "; ".join(overview.key_problems))
            if overview.key_problems
            else ""
        )
        self.key_problems.setVisible(bool(overview.key_problems))
        self.incoming_box.setVisible(bool(overview.incoming or overview.key_problems))

    def _conflict_chosen(self, index: QModelIndex) -> None:
        overview = self.overview
        if overview is None or not index.isValid():
            return
        rid = self.conflicts_model.row_id(index.row())
        view = next((v for v in overview.conflicts if v.id == rid), None)
        if view is None:
            return
        title = conflict_title(view, self._names)
        rows = conflict_rows(view, self._forms, self._instruments, self._names)
        self.editor.show_conflict(view, title, rows)

    def _retry(self) -> None:
        index = self.quarantine.currentIndex()
        if index.isValid():
            self.release.emit(self.quarantine_model.row_id(index.row()))

    # -- certifying ------------------------------------------------------------------------

    def show_members(self, members: list[WaitingMember] | None, problem: str = "") -> None:
        """None: still asking the service."""
        if members is None:
            self.members_state.setText(self.tr("Asking the service who is waiting…"))
            self.certify_button.setEnabled(False)
            return
        self.members = members
        self.members_model.set_rows(
            [(m.user_id, (m.name, role_label(m.role), m.key_fingerprint), False) for m in members]
        )
        _fit(self.members_table)
        if problem:
            self.members_state.setText(problem)
        elif members:
            self.members_state.setText(self.tr("%n member(s) waiting.", "", len(members)))
        else:
            self.members_state.setText(self.tr("Nobody is waiting to be certified."))
        self.certify_button.setEnabled(bool(members))
        if members:
            self.members_table.selectRow(0)

    def _confirm_certify(self) -> None:
        index = self.members_table.currentIndex()
        if not index.isValid():
            return
        member = self.members[index.row()]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Certify a member"))
        box.setText(
            self.tr("Certify %1 as %2?")
            .replace("%1", member.name)
            .replace("%2", role_label(member.role))
        )
        box.setInformativeText(
            self.tr(
                "Only if this key fingerprint is the one on their own laptop:\n\n%1\n\n"
                "Certifying lets everyone in your organisation trust what they record."
            ).replace("%1", member.key_fingerprint)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm = box

        def answered(result: int) -> None:
            self.confirm = None
            if result == QMessageBox.StandardButton.Yes:
                self.members_state.setText(self.tr("Certifying %1…").replace("%1", member.name))
                self.certify_button.setEnabled(False)
                self.certify.emit(member.user_id)

        box.finished.connect(answered)
        box.open()

    def clear(self) -> None:
        """At locking: nothing decrypted stays on the page."""
        self.overview = None
        self.members = []
        self.conflicts_model.set_rows([])
        self.quarantine_model.set_rows([])
        self.incoming_model.set_rows([])
        self.members_model.set_rows([])
        self.editor.show_conflict(None, "", [])
        for value in self.fields.values():
            value.clear()
        self.summary.clear()
        if self.confirm is not None:
            self.confirm.done(QMessageBox.StandardButton.Cancel)
