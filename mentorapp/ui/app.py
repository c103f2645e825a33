"""The mentor's window: first run, unlock, caseload, mentee pages, forms, search, lock.

Work that touches the database or decrypts runs on the task runner's worker; this
module only moves results into widgets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from mentorapp.core.forms import answers_from_record, today_defaults
from mentorapp.core.ids import new_id
from mentorapp.core.model import (
    Contact,
    Mentee,
    OutcomeCheckIn,
    Record,
    RecordType,
    SafeguardingConcern,
)
from mentorapp.core.quicklog import QuickKind, quick_contact
from mentorapp.paths import profile_home
from mentorapp.resources import resources_root
from mentorapp.store.attempts import UnlockAttempts
from mentorapp.store.profile import (
    create_profile,
    form_registry,
    instrument_registry,
    open_profile,
    profile_exists,
)
from mentorapp.store.workspace import FormRejected, LoadCancelled, Workspace
from mentorapp.sync.engine import SyncSettings
from mentorapp.sync.schedule import SyncSchedule
from mentorapp.ui import style
from mentorapp.ui.access import Busy, FirstRun, UnlockScreen
from mentorapp.ui.forms import FormDialog
from mentorapp.ui.pages import (
    SHORTCUTS,
    CaseloadPage,
    CheckInDialog,
    MenteePage,
    QuickLogDialog,
    SearchPage,
    WeekPage,
)
from mentorapp.ui.sync_controller import SyncController
from mentorapp.ui.sync_panel import SyncPage, SyncStatusBar
from mentorapp.ui.syncing import SyncFeature
from mentorapp.ui.tasks import TaskRunner

IDLE_ENV = "MENTORAPP_IDLE_MINUTES"


def _quietly(work: Callable[[], Any]) -> Any:
    """Run a bulk load with the cyclic garbage collector paused, then exempt what it
    built from future passes: a full pass over ~10^6 objects stalls the window."""
    gc.disable()
    try:
        return work()
    finally:
        gc.freeze()
        gc.enable()


def _release_memory() -> None:
    """After locking: let the collector reclaim what was frozen while unlocked."""
    gc.unfreeze()
    gc.collect()


def _breathe() -> None:
    """Called by long background loops: release the interpreter lock for a moment so
    the GUI thread can paint (it needs the lock for every Python call Qt makes)."""
    time.sleep(0.002)


FORM_FOR_TYPE = {
    RecordType.GOAL: "goal",
    RecordType.REFERRAL: "referral",
    RecordType.CONCERN: "concern",
    RecordType.ONE_TO_ONE: "one_to_one",
    RecordType.GROUP: "group",
    RecordType.LEISURE: "leisure",
    RecordType.MENTEE: "mentee_intake",
}


def _centred(widget: QWidget, width: int = 680) -> QWidget:
    """A column of readable width in the middle of the window."""
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.addStretch(1)
    widget.setMaximumWidth(width)
    layout.addWidget(widget, 100)
    layout.addStretch(1)
    return holder


class IdleWatcher(QObject):
    """Counts any keyboard or mouse input as activity; ``idle`` fires after the timeout."""

    idle = Signal()
    INPUT = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        self.timer.setInterval(max(1000, int(minutes * 60_000)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.INPUT and self.timer.isActive():
            self.timer.start()
        return False


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        table = QTableWidget(len(SHORTCUTS), 2)
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        for row, (keys, what) in enumerate(SHORTCUTS):
            table.setItem(
                row,
                0,
                QTableWidgetItem(
                    QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
                ),
            )
            table.setItem(row, 1, QTableWidgetItem(self.tr(str(what))))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, 440)


class SettingsDialog(QDialog):
    def __init__(self, minutes: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel(self.tr("&Lock after this many minutes without use:"))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 120)
        self.minutes.setValue(max(1, round(minutes)))
        self.minutes.setAccessibleName(self.tr("Minutes before locking"))
        label.setBuddy(self.minutes)
        row.addWidget(label)
        row.addWidget(self.minutes)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class MentorWindow(QMainWindow):
    """The whole app in one window; the central stack shows set-up, unlock or work."""

    PAGE_FIRST_RUN, PAGE_UNLOCK, PAGE_WORK = range(3)
    state_changed = Signal(str)  # "first_run", "locked", "unlocked", "locking"
    data_refreshed = Signal()
    search_done = Signal(str, int)

    def __init__(
        self,
        home: Path,
        idle_minutes: float | None = None,
        sync_settings: SyncSettings | None = None,
        sync_schedule: SyncSchedule | None = None,
    ) -> None:
        super().__init__()
        self.home = home
        self.setWindowTitle(self.tr("mentorapp"))
        self.setAccessibleName(self.tr("mentorapp"))
        self.runner = TaskRunner(self)
        self.sync = SyncController(self.runner, sync_settings, sync_schedule, self)
        # Shorter GIL slices keep the window responsive while a worker decrypts.
        sys.setswitchinterval(0.001)
        self.workspace: Workspace | None = None
        self.forms = form_registry(home)
        self.instruments = instrument_registry(home)
        self.mentee_names: dict[str, str] = {}
        self.mentee_choices: list[tuple[str, str]] = []
        self.open_dialogs: list[tuple[QDialog, str]] = []
        self.state = ""
        self._locking: Workspace | None = None  # locked, keys not dropped yet
        self._search_serial = 0
        self._start_index_after_first_paint = False
        self._cached_caseload: list[Any] | None = None
        settings = QSettings("mentorapp", "mentorapp")
        minutes = (
            idle_minutes
            if idle_minutes is not None
            else float(str(os.environ.get(IDLE_ENV) or settings.value("idle_minutes", 5)))
        )
        self.idle = IdleWatcher(minutes, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.first_run = FirstRun(self._create_profile)
        self.first_run.finished.connect(self._after_first_run)
        self.unlock_screen = UnlockScreen(self._unlock, self._recover, str(home))
        self.stack.addWidget(_centred(self.first_run))
        self.stack.addWidget(_centred(self.unlock_screen))
        self.stack.addWidget(self._build_work_area())
        self._build_status_bar()
        self.syncing = SyncFeature(self, self.sync, self.sync_page, self.sync_bar)
        self._build_actions()
        self.resize(1100, 760)
        if profile_exists(home):
            self._show_locked()
        else:
            self._set_state("first_run", self.PAGE_FIRST_RUN)

    # -- layout ------------------------------------------------------------------------

    def _build_work_area(self) -> QWidget:
        area = QWidget()
        layout = QVBoxLayout(area)
        self.draft_banner = QWidget()
        banner = QHBoxLayout(self.draft_banner)
        self.draft_text = QLabel()
        self.draft_text.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("&Resume it"))
        self.discard_button = QPushButton(self.tr("Discard"))
        banner.addWidget(self.draft_text, 1)
        banner.addWidget(self.resume_button)
        banner.addWidget(self.discard_button)
        self.draft_banner.hide()
        self._pending_draft: Any = None
        self.resume_button.clicked.connect(self._resume_draft)
        self.discard_button.clicked.connect(self._discard_draft)
        layout.addWidget(self.draft_banner)
        layout.addWidget(self._build_notice())
        self.pages = QStackedWidget()
        self.caseload_page = CaseloadPage()
        self.mentee_page = MenteePage()
        self.week_page = WeekPage()
        self.search_page = SearchPage()
        self.sync_page = SyncPage()
        for page in (
            self.caseload_page,
            self.mentee_page,
            self.week_page,
            self.search_page,
            self.sync_page,
        ):
            self.pages.addWidget(page)
        layout.addWidget(self.pages)
        self.caseload_page.open_mentee.connect(self.open_mentee)
        self.caseload_page.add_mentee.connect(lambda: self.open_form("mentee_intake"))
        self.week_page.open_mentee.connect(self.open_mentee)
        self.mentee_page.back.connect(lambda: self.show_page(self.caseload_page))
        self.mentee_page.new_contact.connect(
            lambda form_id, mid: self.open_form(form_id, preset={"mentee_id": mid})
        )
        self.mentee_page.edit_mentee.connect(lambda mid: self.open_form("mentee_intake", mid))
        self.mentee_page.open_record.connect(self.open_record)
        self.mentee_page.new_check_in.connect(self.check_in)
        self.search_page.query_changed.connect(self.search)
        self.search_page.open_record.connect(self.open_record)
        return area

    def _action(self, text: str, keys: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        self.work_actions.append(action)
        return action

    def _build_actions(self) -> None:
        self.work_actions: list[QAction] = []
        self.toolbar = QToolBar(self.tr("Main"))
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.act_caseload = self._action(
            self.tr("Caseload"), "Ctrl+1", lambda: self.show_page(self.caseload_page)
        )
        self.act_week = self._action(
            self.tr("This week"), "Ctrl+2", lambda: self.show_page(self.week_page)
        )
        self.act_sync_panel = self._action(self.tr("Sync panel"), "Ctrl+3", self.show_sync_panel)
        self.act_search = self._action(self.tr("Search"), "Ctrl+F", self.show_search)
        self.act_quick = self._action(self.tr("Quick log"), "Ctrl+K", self.quick_log)
        self.act_one = self._action(
            self.tr("New one-to-one"), "Ctrl+N", lambda: self.open_form("one_to_one")
        )
        self.act_group = self._action(
            self.tr("New group activity"), "Ctrl+G", lambda: self.open_form("group")
        )
        self.act_leisure = self._action(
            self.tr("New leisure activity"), "Ctrl+E", lambda: self.open_form("leisure")
        )
        self.act_mentee = self._action(
            self.tr("Add mentee"), "Ctrl+M", lambda: self.open_form("mentee_intake")
        )
        self.act_sync_now = self._action(self.tr("Sync now"), "F5", self.sync.sync_now)
        self.act_join = self._action(
            self.tr("Join organisation…"), "Ctrl+J", self.syncing.open_join
        )
        self.act_lock = self._action(self.tr("Lock"), "Ctrl+L", self.lock)
        self.act_help = self._action(self.tr("Shortcuts"), "F1", self.show_shortcuts)
        self.act_settings = self._action(self.tr("Settings"), "Ctrl+,", self.show_settings)
        for action in (self.act_caseload, self.act_week, self.act_search):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_quick)
        new_menu = QMenu(self.tr("New contact"), self)
        for action in (self.act_one, self.act_group, self.act_leisure):
            new_menu.addAction(action)
        self.new_button = QPushButton(self.tr("&New contact"))
        self.new_button.setMenu(new_menu)
        self.new_button.setAccessibleName(self.tr("New contact"))
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addAction(self.act_mentee)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_sync_now)
        self.toolbar.addAction(self.act_lock)
        self.toolbar.addAction(self.act_help)
        self.toolbar.addAction(self.act_settings)
        for action in self.toolbar.actions():
            if action.shortcut().toString():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{action.text()} ({keys})")

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_profile = QLabel(self.tr("Profile: %1").replace("%1", str(self.home)))
        self.status_lock = QLabel()
        self.sync_bar = SyncStatusBar()
        self.sync_bar.hide()
        self.busy = Busy()
        bar.addWidget(self.status_profile, 1)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.sync_bar)
        bar.addPermanentWidget(self.status_lock)
        self.runner.busy_changed.connect(lambda b: None if b else self.busy.stop())

    # -- state --------------------------------------------------------------------------

    def _set_state(self, state: str, page: int) -> None:
        self.state = state
        self.stack.setCurrentIndex(page)
        working = state == "unlocked"
        self.toolbar.setVisible(working)
        for action in self.work_actions:
            action.setEnabled(working)
        self.status_lock.setText(
            {
                "unlocked": self.tr("Unlocked"),
                "locking": self.tr("Locking…"),
                "first_run": "",  # there is no profile to be locked yet
            }.get(state, self.tr("Locked"))
        )
        if working:
            self.idle.timer.start()
        else:
            self.idle.timer.stop()
        self.state_changed.emit(state)

    def _show_locked(self) -> None:
        self.unlock_screen.reset()
        # Failures before a restart, or in the command line, still slow the next try.
        self.unlock_screen.pause(UnlockAttempts(self.home, "passphrase").seconds_to_wait())
        self._set_state("locked", self.PAGE_UNLOCK)
        self.unlock_screen.passphrase.setFocus()

    # -- first run, unlock, lock ------------------------------------------------------------

    def _create_profile(
        self, passphrase: str, done: Callable[[str], None], failed: Callable[[BaseException], None]
    ) -> None:
        def work() -> tuple[Workspace, str]:
            profile, recovery = create_profile(self.home, passphrase)
            workspace = Workspace(profile, _breathe)
            workspace.load()
            workspace.build_index()
            return workspace, recovery

        def finished(result: tuple[Workspace, str]) -> None:
            self.workspace = result[0]
            done(result[1])

        self.runner.run(work, finished, failed)

    def _after_first_run(self) -> None:
        self._set_state("unlocked", self.PAGE_WORK)
        self.refresh()
        self.show_page(self.caseload_page)
        if self.workspace is not None:
            self.sync.start(self.workspace.profile)
            if self.first_run.join_after:
                QTimer.singleShot(0, self.syncing.open_join)

    def _unlock(self, passphrase: str) -> None:
        def work() -> Workspace:
            profile = open_profile(self.home).unlock(passphrase)
            return self._open_workspace(Workspace(profile, _breathe))

        self.runner.run(work, self._unlocked, self._unlock_failed)

    def _recover(self, recovery_key: str, new_passphrase: str) -> None:
        def work() -> Workspace:
            profile = open_profile(self.home).unlock_with_recovery(recovery_key)
            profile.change_passphrase(new_passphrase)
            return self._open_workspace(Workspace(profile, _breathe))

        def failed(error: BaseException) -> None:
            self.unlock_screen.recovery_failed(error)

        self.runner.run(work, self._unlocked, failed)

    def _unlock_failed(self, error: BaseException) -> None:
        self.unlock_screen.failed(error)

    def _open_workspace(self, workspace: Workspace) -> Workspace:
        """Worker side of unlocking: the caseload from its sealed snapshot if there is
        one (decrypting everything follows in the background), else everything now."""
        self._cached_caseload = workspace.cached_caseload()
        if self._cached_caseload is None:
            workspace.load()
        return workspace

    def _unlocked(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.unlock_screen.reset()
        self._set_state("unlocked", self.PAGE_WORK)
        self.show_page(self.caseload_page)
        record_list = workspace.profile.record_list
        if not record_list.ok:
            # The profile still opens, but the person must know what is not there.
            self.show_notice(
                self.tr(
                    "Records in this profile were removed or altered outside mentorapp "
                    "(%n problem(s) found when unlocking). Restore the profile from a backup, "
                    "or sync again, to get them back; 'mentorapp-cli verify' lists them.",
                    "",
                    len(record_list.problems),
                )
            )
        self.sync.start(workspace.profile)
        cached, self._cached_caseload = self._cached_caseload, None
        if cached is not None:
            self.caseload_page.set_entries(cached)
            self.mentee_choices = [(e.mentee.id, e.mentee.display_name) for e in cached]
            self.mentee_names = dict(self.mentee_choices)
            self.runner.run(lambda: _quietly(workspace.load), None, self._background_failed)
        self.refresh()
        self.runner.run(workspace.drafts, self._offer_drafts)
        self.busy.start(self.tr("Building the search index…"))
        self.search_page.state.setText(self.tr("Building the search index…"))
        self._start_index_after_first_paint = True

    def _start_background_work(self) -> None:
        """Decode the rest and build the search index once the caseload is on screen,
        so the first paint does not compete with it."""
        workspace = self.workspace
        if workspace is not None:
            self.runner.run(
                lambda: _quietly(workspace.build_index), self._index_built, self._background_failed
            )

    def _background_failed(self, error: BaseException) -> None:
        if isinstance(error, LoadCancelled):
            return  # locked while loading: nothing to report
        self.busy.stop()
        self.statusBar().showMessage(
            self.tr("Could not finish loading: %1").replace("%1", str(error)), 15000
        )

    def _index_built(self, count: int) -> None:
        # Hundreds of thousands of decrypted objects now live until locking: keep the
        # cyclic garbage collector from rescanning them (a full pass stalls the window).
        gc.freeze()
        self.refresh()  # everything is decoded now: this week can be filled in
        self.search_page.state.setText(self.tr("%1 records searchable.").replace("%1", str(count)))
        if self.search_page.box.text():
            self.search(self.search_page.box.text())

    def lock(self) -> None:
        """Save open forms as encrypted drafts, hide everything decrypted, drop the keys.

        A sync in progress is asked to stop and the keys are dropped once it has: the
        lock screen shows at once and waits for it, so a slow network never freezes
        the window and no run is cut off holding keys that are gone."""
        if self.state != "unlocked" or self.workspace is None:
            return
        dialogs = list(self.open_dialogs)
        self.open_dialogs.clear()  # so closing them below keeps their drafts
        for dialog, _ in dialogs:
            if isinstance(dialog, FormDialog):
                dialog.save_draft()
            dialog.done(QDialog.DialogCode.Rejected)
        workspace = self.workspace
        self.workspace = None
        workspace.cancel()  # a running load or index build stops within a few hundred rows
        self.sync.stop()  # a sync run stops at its next step
        self.syncing.clear()
        self.caseload_page.set_entries([])
        self.caseload_page.set_team_size(0)
        self.mentee_page.clear()
        self.week_page.set_items([], {})
        self.search_page.box.clear()
        self.search_page.model.set_hits([])
        self.mentee_names, self.mentee_choices = {}, []
        self.draft_banner.hide()
        self.notice_banner.hide()
        self._locking = workspace
        if self.runner.sync_busy:
            self.unlock_screen.hold(self.tr("Locking: waiting for sync to stop…"))
            self._set_state("locking", self.PAGE_UNLOCK)
            self.runner.run_sync(lambda: None, lambda _r: self._finish_locking(workspace))
        else:
            self._finish_locking(workspace)

    def _finish_locking(self, workspace: Workspace) -> None:
        if self._locking is not workspace:
            return
        self._locking = None
        self.runner.run(workspace.drop_keys)
        self.runner.wait_idle()  # keys are dropped before the passphrase can be typed
        self.runner.run(workspace.forget)  # freeing the records can finish behind it
        self.runner.run(_release_memory)
        self._show_locked()

    def closeEvent(self, event: Any) -> None:
        if self.state == "unlocked" and not self.runner.closed:
            self.lock()
        if self._locking is not None and not self.runner.closed:
            self.runner.wait_sync_idle()
            self._finish_locking(self._locking)
        if not self.runner.closed:
            self.runner.shutdown()
        super().closeEvent(event)

    # -- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute caseload, this week and mentee choices from memory (worker thread)."""
        workspace = self.workspace
        if workspace is None:
            return

        def work() -> dict[str, Any]:
            # This week needs every contact decoded; right after unlock it waits
            # for the background load and comes with the next refresh.
            week = workspace.week() if workspace.fully_loaded else None
            caseload = workspace.caseload()
            workspace.remember_caseload(caseload)
            return {
                "caseload": caseload,
                "week": week,
                "choices": workspace.mentee_choices(),
                "team": workspace.team_mentees(),
            }

        self.runner.run(work, self._refreshed)

    def _refreshed(self, data: dict[str, Any]) -> None:
        if self.workspace is None:
            return
        self.caseload_page.set_entries(data["caseload"])
        self.caseload_page.set_team_size(data["team"])
        self.mentee_choices = data["choices"]
        self.mentee_names = dict(data["choices"])
        if data["week"] is not None:
            self.week_page.set_items(data["week"], self.mentee_names)
        if self._start_index_after_first_paint:
            self._start_index_after_first_paint = False
            QTimer.singleShot(150, self._start_background_work)
        if self.mentee_page.mentee_id and self.pages.currentWidget() is self.mentee_page:
            self.open_mentee(self.mentee_page.mentee_id)
        self.data_refreshed.emit()

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        if page is self.caseload_page:
            self.caseload_page.table.setFocus()
        elif page is self.week_page:
            self.week_page.list.setFocus()

    def show_sync_panel(self) -> None:
        if self.workspace is None:
            return
        self.show_page(self.sync_page)
        self.syncing.panel_shown()
        page = self.sync_page
        (page.join_button if not page.join_button.isHidden() else page.sync_button).setFocus()

    def show_search(self) -> None:
        self.show_page(self.search_page)
        self.search_page.box.setFocus()
        self.search_page.box.selectAll()

    def open_mentee(self, mentee_id: str) -> None:
        workspace = self.workspace
        if workspace is None or not mentee_id:
            return
        instrument = self.instruments.get("pathways_wellbeing")

        def work() -> dict[str, Any]:
            return {
                "mentee": workspace.get(mentee_id),
                "goals": workspace.goals(mentee_id),
                "referrals": workspace.referrals(mentee_id),
                "check_ins": workspace.check_ins(mentee_id),
                "timeline": workspace.timeline(mentee_id),
                "areas": {a.key: a.label for a in instrument.areas},
                "scale": (instrument.scale_min, instrument.scale_max),
            }

        def show(data: dict[str, Any]) -> None:
            self.mentee_page.show_mentee(data)
            self.show_page(self.mentee_page)

        self.runner.run(work, show)

    def open_record(self, record_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return

        def show(record: Record) -> None:
            if self.workspace is not workspace:
                return  # locked meanwhile
            if isinstance(record, Mentee):
                self.open_mentee(record.id)
            elif record.record_type in FORM_FOR_TYPE:
                form_id = record.form_id or FORM_FOR_TYPE[record.record_type]
                self._show_form(workspace, form_id, record, None, None, None)
            elif hasattr(record, "mentee_id"):
                self.open_mentee(record.mentee_id)

        self.runner.run(lambda: workspace.get(record_id), show)

    def search(self, query: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self._search_serial += 1
        serial = self._search_serial
        if len(query.strip()) < 2:
            self.search_page.model.set_hits([])
            return
        started = time.perf_counter()

        def done(hits: list[Any]) -> None:
            if serial != self._search_serial:
                return  # a newer query is on its way
            self.search_page.model.set_hits(hits)
            ms = (time.perf_counter() - started) * 1000
            if workspace.index_ready:
                self.search_page.state.setText(
                    self.tr("%n result(s)", "", len(hits)) + f" ({ms:.0f} ms)"
                )
            else:
                self.search_page.state.setText(self.tr("Building the search index…"))
            self.search_done.emit(query, len(hits))

        self.runner.run(lambda: workspace.search(query), done)

    # -- forms -------------------------------------------------------------------------------

    def open_form(
        self,
        form_id: str,
        record_id: str | None = None,
        preset: dict[str, Any] | None = None,
        draft_id: str | None = None,
        answers: dict[str, Any] | None = None,
    ) -> FormDialog | None:
        """Open a form: at once for a new record (returned); for an existing one, after
        the worker has fetched it (the record may still be waiting to be decoded)."""
        workspace = self.workspace
        if workspace is None:
            return None
        if record_id is None:
            return self._show_form(workspace, form_id, None, preset, draft_id, answers)

        def show(existing: Record) -> None:
            if self.workspace is workspace:
                self._show_form(workspace, form_id, existing, preset, draft_id, answers)

        self.runner.run(lambda: workspace.get(record_id), show)
        return None

    def _show_form(
        self,
        workspace: Workspace,
        form_id: str,
        existing: Record | None,
        preset: dict[str, Any] | None,
        draft_id: str | None,
        answers: dict[str, Any] | None,
    ) -> FormDialog:
        record_id = existing.id if existing is not None else None
        form = self.forms.get(form_id, existing.form_version if existing else None)
        draft_id = draft_id or new_id()

        def save(values: dict[str, Any]) -> None:
            def work() -> Record:
                record = workspace.save_answers(form, values, record_id)
                workspace.discard_draft(draft_id)
                return record

            def failed(error: BaseException) -> None:
                message = (
                    self.tr("Not saved: %1")
                    if isinstance(error, FormRejected)
                    else self.tr("Not saved, your answers are kept as a draft: %1")
                )
                self.statusBar().showMessage(message.replace("%1", str(error)), 15000)

            edited = existing is not None
            self.runner.run(work, lambda r: self._saved(r, form.title, edited), failed)

        def draft(values: dict[str, Any]) -> None:
            self.runner.run(lambda: workspace.save_draft(draft_id, form_id, values, record_id))

        dialog = FormDialog(form, self.mentee_choices, save, draft, self)
        if existing is not None:
            dialog.form_widget.set_answers(answers_from_record(form, existing))
            dialog.setWindowTitle(self.tr("Edit: %1").replace("%1", form.title))
        if record_id is None and not answers:
            dialog.form_widget.set_answers(today_defaults(form))
        if preset:
            dialog.form_widget.set_answers(preset)
        if answers:
            dialog.form_widget.set_answers(answers)
        entry = (dialog, draft_id)
        self.open_dialogs.append(entry)

        def closed(result: int) -> None:
            if entry in self.open_dialogs:
                self.open_dialogs.remove(entry)
                if result == QDialog.DialogCode.Rejected and self.workspace is workspace:
                    self.runner.run(lambda: workspace.discard_draft(draft_id))

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    def _build_notice(self) -> QWidget:
        """A sentence that must stay in view until read (what became of a safeguarding
        concern): the status bar's message area is too easily cut short or missed."""
        self.notice_banner = QWidget()
        row = QHBoxLayout(self.notice_banner)
        self.notice_text = QLabel()
        self.notice_text.setWordWrap(True)
        self.notice_text.setStyleSheet(f"color: {style.alert()}; font-weight: bold;")
        self.notice_text.setAccessibleName(self.tr("Important notice"))
        self.notice_close = QPushButton(self.tr("&OK, got it"))
        self.notice_close.setAccessibleName(self.tr("Dismiss the notice"))
        self.notice_close.clicked.connect(self.notice_banner.hide)
        row.addWidget(self.notice_text, 1)
        row.addWidget(self.notice_close)
        self.notice_banner.hide()
        return self.notice_banner

    def show_notice(self, text: str) -> None:
        self.notice_text.setText(text)
        self.notice_banner.show()
        self.notice_close.setFocus()

    def _saved(self, record: Record, title: str, edited: bool = False) -> None:
        self.refresh()
        concern = isinstance(record, SafeguardingConcern) or (
            isinstance(record, Contact) and getattr(record, "safeguarding_concern", False)
        )
        told = self.sync.saved(raised_concern=concern)
        if told is not None:
            self.show_notice(told)
            self.statusBar().showMessage(self.tr("Saved."), 8000)
        elif edited:
            self.statusBar().showMessage(self.tr("Your changes were saved."), 8000)
        else:
            self.statusBar().showMessage(self.tr("Saved %1.").replace("%1", title.lower()), 8000)

    def check_in(self, mentee_id: str) -> CheckInDialog | None:
        workspace = self.workspace
        if workspace is None or not mentee_id:
            return None
        instrument = self.instruments.get("pathways_wellbeing")

        def save(scores: dict[str, int | None], comment: str) -> None:
            record = OutcomeCheckIn(
                mentee_id=mentee_id,
                date=dt.date.today(),
                instrument_id=instrument.id,
                instrument_version=instrument.version,
                scores=scores,
                comment=comment,
            )
            self.runner.run(
                lambda: workspace.save(record), lambda r: self._saved(r, instrument.title)
            )

        dialog = CheckInDialog(instrument, save, self)
        self._open_tracked(dialog)
        return dialog

    def _open_tracked(self, dialog: QDialog) -> None:
        """Open a dialog that locking must close (it holds decrypted names)."""
        entry = (dialog, "")
        self.open_dialogs.append(entry)

        def closed(_result: int) -> None:
            if entry in self.open_dialogs:
                self.open_dialogs.remove(entry)

        dialog.finished.connect(closed)
        dialog.open()

    def quick_log(self) -> QuickLogDialog | None:
        workspace = self.workspace
        if workspace is None:
            return None

        def save(kind: QuickKind, mentee_id: str, minutes: int, note: str) -> None:
            record = quick_contact(kind, mentee_id, minutes, note)
            self.runner.run(
                lambda: workspace.save(record), lambda r: self._saved(r, self.tr("Contact"))
            )

        def full(mentee_id: str) -> None:
            self.open_form("one_to_one", preset={"mentee_id": mentee_id} if mentee_id else None)

        dialog = QuickLogDialog(self.mentee_choices, save, full, self)
        self._open_tracked(dialog)
        return dialog

    def _offer_drafts(self, drafts: list[Any]) -> None:
        if not drafts or self.workspace is None:
            return
        draft = drafts[-1]
        try:
            title = self.forms.latest(draft.form_id).title
        except KeyError:
            title = draft.form_id
        self.draft_text.setText(
            self.tr("You have an unsaved %1 from %2.")
            .replace("%1", title.lower())
            .replace("%2", draft.updated_at.astimezone().strftime("%a %d %b %H:%M"))
        )
        self._pending_draft = draft
        self.draft_banner.show()

    def _resume_draft(self) -> None:
        draft = self._pending_draft
        self.draft_banner.hide()
        if draft is not None:
            self._pending_draft = None
            self.open_form(draft.form_id, draft.record_id, draft_id=draft.id, answers=draft.answers)

    def _discard_draft(self) -> None:
        draft = self._pending_draft
        self.draft_banner.hide()
        workspace = self.workspace
        if draft is not None and workspace is not None:
            self._pending_draft = None

            def again(_result: object) -> None:
                self.runner.run(workspace.drafts, self._offer_drafts)

            self.runner.run(lambda: workspace.discard_draft(draft.id), again)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).open()

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.idle.minutes, self)

        def apply(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.idle.set_minutes(dialog.minutes.value())
                QSettings("mentorapp", "mentorapp").setValue("idle_minutes", dialog.minutes.value())
                if self.state == "unlocked":
                    self.idle.timer.start()

        dialog.finished.connect(apply)
        dialog.open()


def install_translations(app: QApplication) -> QTranslator | None:
    """The catalogue for the person's language, else English (whose catalogue holds the
    plural forms: "1 change", "2 changes"). Returns the one installed, if any."""
    translator = QTranslator(app)
    folder = str(resources_root() / "translations")
    if translator.load(QLocale(), "mentorapp", "_", folder) or translator.load(
        "mentorapp_en", folder
    ):
        app.installTranslator(translator)
        return translator
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mentorapp", description="The mentorapp desktop app.")
    parser.add_argument(
        "--home", help="profile folder (default: $MENTORAPP_HOME or the platform data folder)"
    )
    parser.add_argument("--idle-minutes", type=float, help="lock after this long without use")
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        print(
            "mentorapp: no display found, running offscreen (nothing will be visible). "
            "Run it on a desktop to see the window.",
            file=sys.stderr,
        )
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("mentorapp")
    app.setOrganizationName("mentorapp")
    install_translations(app)
    window = MentorWindow(profile_home(args.home), args.idle_minutes)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
