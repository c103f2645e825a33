"""The window's sync: joining, the status bar's sync line, the sync panel's actions,
and bringing the views up to date after sync changed records.

Network work and writes that must not interleave with a sync run go to the
sync worker; memory and views are refreshed through the database worker, as
every other change is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from mentorapp.store.syncstore import SyncStore
from mentorapp.sync.certify import WaitingMember, certify_waiting, waiting_members
from mentorapp.sync.client import ServiceClient, SyncError
from mentorapp.sync.engine import SyncReport
from mentorapp.sync.enrol import JoinResult, join_organisation
from mentorapp.sync.status import SyncOverview
from mentorapp.ui.join import JoinDialog, JoinRequest
from mentorapp.ui.sync_controller import SyncController
from mentorapp.ui.sync_panel import SyncPage, SyncStatusBar
from mentorapp.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from mentorapp.ui.app import MentorWindow


class SyncFeature(QObject):
    """Connects the sync controller to the window, the status bar and the panel."""

    def __init__(
        self,
        window: MentorWindow,
        controller: SyncController,
        page: SyncPage,
        bar: SyncStatusBar,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.page = page
        self.bar = bar
        self.join_dialog: JoinDialog | None = None
        controller.changed.connect(self.show_status)
        controller.finished.connect(self._after_sync)
        controller.overview_ready.connect(self._show_overview)
        controller.message.connect(self.say)
        controller.notice.connect(window.show_notice)
        bar.open_panel.connect(window.show_sync_panel)
        page.sync_now.connect(controller.sync_now)
        page.join.connect(self.open_join)
        page.resolve.connect(self.resolve)
        page.release.connect(self.release)
        page.check_members.connect(self.check_members)
        page.certify.connect(self.certify)

    @property
    def runner(self) -> TaskRunner:
        return self.window.runner

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 20000)

    def show_status(self) -> None:
        c = self.controller
        line = c.status()
        self.bar.show_status(line, c.running, c.progress)
        self.page.show_status(line, c.state, c.running)
        state = c.state
        self.window.act_join.setEnabled(state is not None and state.can_join)

    def panel_shown(self) -> None:
        """The sync panel came to the front: read its lists, and ask the service who
        waits to be certified when this laptop holds the organisation's keys."""
        self.controller.refresh_overview()
        state = self.controller.state
        m = state.membership if state is not None else None
        if m is not None and m.holds_org_keys and m.can_sync:
            self.check_members()

    def clear(self) -> None:
        self.page.clear()
        if self.join_dialog is not None:
            self.join_dialog.done(0)
            self.join_dialog = None

    # -- joining ---------------------------------------------------------------------------

    def open_join(self) -> JoinDialog | None:
        workspace = self.window.workspace
        state = self.controller.state
        if workspace is None or (state is not None and not state.can_join):
            return None
        if self.join_dialog is not None:
            self.join_dialog.raise_()
            return self.join_dialog
        profile = workspace.profile
        settings = self.controller.settings

        def client(url: str) -> ServiceClient:
            if settings is None:
                return ServiceClient(url)
            return ServiceClient(url, timeout=settings.timeout, retry=settings.retry)

        def join(
            request: JoinRequest,
            done: Callable[[JoinResult], None],
            failed: Callable[[BaseException], None],
        ) -> None:
            def work() -> JoinResult:
                return join_organisation(
                    profile,
                    request.passphrase,
                    request.server_url,
                    request.code,
                    request.label,
                    other_passphrase=request.other_passphrase,
                    client_factory=client,
                )

            def joined(result: JoinResult) -> None:
                if self.window.workspace is not workspace:
                    return  # locked meanwhile
                done(result)
                self.controller.joined()

            def refused(error: BaseException) -> None:
                if self.window.workspace is workspace:
                    failed(error)

            self.runner.run_sync(work, joined, refused)

        dialog = JoinDialog(join, self.window)
        self.join_dialog = dialog

        def closed(_result: int) -> None:
            if self.join_dialog is dialog:
                self.join_dialog = None

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    # -- after a sync ------------------------------------------------------------------------

    def _after_sync(self, report: SyncReport) -> None:
        workspace = self.window.workspace
        if workspace is None:
            return
        if report.changed_ids:
            ids = list(report.changed_ids)

            def refreshed(_count: int) -> None:
                if self.window.workspace is workspace:
                    self.window.refresh()

            self.runner.run(lambda: workspace.refresh_changed(ids), refreshed)
        if self.window.pages.currentWidget() is self.page:
            self.controller.refresh_overview()

    def _show_overview(self, overview: SyncOverview) -> None:
        w = self.window
        self.page.show_overview(overview, w.forms, w.instruments, w.mentee_names)

    # -- the panel's actions -----------------------------------------------------------------

    def resolve(self, record_id: str, choice: Any) -> None:
        """Settle a conflict (a new version, sent at the next sync)."""
        workspace = self.window.workspace
        if workspace is None:
            return
        profile = workspace.profile

        def settled(_version: int) -> None:
            if self.window.workspace is not workspace:
                return
            self.say(self.tr("Your choice is saved; it will be sent at the next sync."))
            self.runner.run(
                lambda: workspace.refresh_changed([record_id]), lambda _n: self.window.refresh()
            )
            self.controller.saved()
            self.controller.refresh_overview()

        def failed(error: BaseException) -> None:
            self.say(self.tr("Not settled: %1").replace("%1", str(error)))
            self.controller.refresh_overview()

        self.runner.run_sync(
            lambda: SyncStore(profile.records).resolve(record_id, choice), settled, failed
        )

    def release(self, record_id: str) -> None:
        """Send a record the service refused again at the next sync."""
        workspace = self.window.workspace
        if workspace is None:
            return
        profile = workspace.profile

        def released(_none: None) -> None:
            self.say(self.tr("It will be sent again at the next sync."))
            self.controller.saved()
            self.controller.refresh_overview()

        self.runner.run_sync(lambda: SyncStore(profile.records).release(record_id), released)

    def check_members(self) -> None:
        workspace = self.window.workspace
        if workspace is None:
            return
        profile = workspace.profile
        self.page.show_members(None)

        def shown(members: list[WaitingMember]) -> None:
            if self.window.workspace is workspace:
                self.page.show_members(members)

        def failed(error: BaseException) -> None:
            if self.window.workspace is workspace:
                text = self.tr("Could not ask the service: %1").replace("%1", str(error))
                self.page.show_members([], text)

        self.runner.run_sync(lambda: waiting_members(profile), shown, failed)

    def certify(self, user_id: str) -> None:
        workspace = self.window.workspace
        if workspace is None:
            return
        profile = workspace.profile

        def certified(name: str) -> None:
            if self.window.workspace is workspace:
                self.say(
                    self.tr("Certified %1. What they sent is taken in at the next sync.").replace(
                        "%1", name
                    )
                )
                self.check_members()
                self.controller.soon()

        def failed(error: BaseException) -> None:
            if self.window.workspace is workspace:
                reason = str(error) if isinstance(error, SyncError) else repr(error)
                self.page.show_members(
                    self.page.members, self.tr("Not certified: %1").replace("%1", reason)
                )

        self.runner.run_sync(lambda: certify_waiting(profile, user_id), certified, failed)
