"""Sync while the window is unlocked: when to run, one run at a time on the sync
worker, progress, and what the status bar may truthfully say.

Every run and every read of sync state goes through the task runner's sync
worker, never the database worker: a slow network must not hold up a save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from mentorapp.store.profile import Profile
from mentorapp.store.syncstore import SyncCounts
from mentorapp.sync.client import ServiceClient
from mentorapp.sync.engine import (
    CANCELLED,
    DONE,
    FAILED,
    OFFLINE,
    REVOKED_STATUS,
    UNTRUSTED,
    SyncEngine,
    SyncProgress,
    SyncReport,
    SyncSettings,
)
from mentorapp.sync.schedule import SyncSchedule
from mentorapp.sync.status import SyncOverview, SyncState, sync_overview, sync_state
from mentorapp.ui.tasks import TaskRunner


@dataclass(frozen=True)
class StatusLine:
    """The status bar's words: a short line, the whole story, and whether it is a
    problem (shown in the alert colour)."""

    text: str
    detail: str
    alert: bool


def when_text(moment: dt.datetime | None, today_word: str, at_word: str) -> str:
    """ "today 14:02" or "Tue 12 Nov 14:02", in local time."""
    if moment is None:
        return ""
    local = moment.astimezone()
    if local.date() == dt.date.today():
        return f"{today_word} {local.strftime('%H:%M')}"
    return local.strftime(f"%a %d %b {at_word} %H:%M").replace("  ", " ").strip()


class SyncController(QObject):
    """Runs sync for one unlocked profile; the window shows what it says."""

    changed = Signal()  # state, progress or running changed: repaint the status
    finished = Signal(object)  # SyncReport, after the state was read again
    overview_ready = Signal(object)  # SyncOverview for the sync panel
    message = Signal(str)  # a sentence for the status bar's message area
    notice = Signal(str)  # a sentence that must not scroll away (safeguarding)

    def __init__(
        self,
        runner: TaskRunner,
        settings: SyncSettings | None = None,
        schedule: SyncSchedule | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.schedule = schedule or SyncSchedule()
        # How to reach the service; None: the membership's address (tests route it).
        self.client_factory: Callable[[str, str], ServiceClient] | None = None
        self.profile: Profile | None = None
        self.state: SyncState | None = None
        self.progress: SyncProgress | None = None
        self.last_report: SyncReport | None = None
        self.running = False
        self._engine: SyncEngine | None = None
        self._saved_during_run = False
        self._concerns_told: set[str] = set()  # "will reach your supervisor" was said
        self._tell_on_next_state = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)

    # -- session -------------------------------------------------------------------------

    def start(self, profile: Profile) -> None:
        """At unlock: read the state, then sync soon if this laptop can."""
        self.profile = profile
        self.state = None
        self.last_report = None
        self.progress = None
        self.schedule.reset()
        self._concerns_told.clear()
        self._tell_on_next_state = False
        self.refresh_state(then_schedule=self.schedule.at_unlock)

    def stop(self) -> None:
        """Before locking: no more runs; a run in progress is asked to stop at its next
        step (the window waits for the sync worker before the keys are dropped)."""
        self._timer.stop()
        self.profile = None
        self.state = None
        self.progress = None
        engine = self._engine
        if engine is not None:
            engine.cancel()
        self.changed.emit()

    def joined(self) -> None:
        """This laptop has just joined: start afresh and sync now."""
        self.schedule.reset()
        self.last_report = None
        self.refresh_state(then_schedule=0)

    def soon(self) -> None:
        """Something worth sending or fetching: sync a short while from now."""
        if self.state is not None and self.state.can_sync:
            self._plan(self.schedule.after_saving())

    @property
    def scheduled_in(self) -> float | None:
        """Seconds until the next automatic run, if one is planned."""
        return self._timer.remainingTime() / 1000 if self._timer.isActive() else None

    def _plan(self, seconds: float | None) -> None:
        """Run automatically in ``seconds``, unless a run is already planned sooner."""
        if seconds is None or self.profile is None:
            return
        remaining = self.scheduled_in
        if remaining is not None and remaining <= seconds:
            return
        self._timer.start(max(0, int(seconds * 1000)))

    # -- reading state ------------------------------------------------------------------

    def refresh_state(self, then_schedule: float | None = None) -> None:
        profile = self.profile
        if profile is None:
            return

        def done(state: SyncState) -> None:
            if self.profile is not profile:
                return  # locked meanwhile
            self.state = state
            if self._tell_on_next_state:
                # The concern just saved is among these: say when it has arrived.
                self._tell_on_next_state = False
                self._concerns_told |= state.concerns_waiting
            self.changed.emit()
            if state.can_sync:
                self._plan(then_schedule)

        self.runner.run_sync(lambda: sync_state(profile), done, self._read_failed)

    def refresh_overview(self) -> None:
        profile = self.profile
        if profile is None:
            return

        def done(overview: SyncOverview) -> None:
            if self.profile is profile:
                self.state = overview.state
                self.changed.emit()
                self.overview_ready.emit(overview)

        self.runner.run_sync(lambda: sync_overview(profile), done, self._read_failed)

    def _read_failed(self, error: BaseException) -> None:
        if self.profile is not None:
            text = self.tr("Could not read the sync status: %1")
            self.message.emit(text.replace("%1", str(error)))

    # -- running ------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Run now, unless a run is going (never two at once) or this laptop cannot sync
        (then only say why)."""
        profile = self.profile
        if profile is None or self.running:
            return
        if self.state is not None and not self.state.can_sync:
            self.message.emit(self.status().detail)
            return
        self._timer.stop()
        progress = self.runner.to_gui(self._on_progress)
        engine = SyncEngine(
            profile,
            settings=self.settings,
            progress=progress,
            client_factory=self.client_factory,
        )
        self._engine = engine
        self.running = True
        self._saved_during_run = False
        self.progress = None
        self.changed.emit()

        def work() -> tuple[SyncReport, SyncState | None]:
            report = engine.run()
            if report.status == CANCELLED:
                return report, None  # the keys may be on their way out: read nothing
            return report, sync_state(profile)

        def failed(error: BaseException) -> None:
            self._ran(profile, (SyncReport(status=FAILED, message=str(error)), None))

        self.runner.run_sync(work, lambda result: self._ran(profile, result), failed)

    def _on_progress(self, progress: SyncProgress) -> None:
        if self.running:
            self.progress = progress
            self.changed.emit()

    def _ran(self, profile: Profile, result: tuple[SyncReport, SyncState | None]) -> None:
        report, state = result
        self.running = False
        self._engine = None
        self.progress = None
        if self.profile is not profile:
            self.changed.emit()
            return  # locked meanwhile: nothing more to say or plan
        self.last_report = report
        if state is not None:
            self.state = state
        outcome = report.status
        if outcome == REVOKED_STATUS and state is not None and state.can_sync:
            outcome = FAILED  # an account switched off may be switched on again: keep trying
        delay = self.schedule.after_run(outcome)
        if self._saved_during_run and delay is not None:
            delay = min(delay, self.schedule.after_saving())
        self._plan(delay)
        self._tell_about_concerns(report)
        self.changed.emit()
        self.finished.emit(report)

    def saved(self, raised_concern: bool = False) -> str | None:
        """A record was saved: count it as waiting, and sync a short while later.
        Returns what to say about a safeguarding concern it raised (None if none)."""
        if self.running:
            self._saved_during_run = True
        state = self.state
        if raised_concern and state is not None and state.can_sync:
            self._tell_on_next_state = True
        self.refresh_state(
            then_schedule=self.schedule.after_saving() if state and state.can_sync else None
        )
        return self.concern_saved_message() if raised_concern else None

    def concern_saved_message(self) -> str:  # noqa: PLR0911 (one per state)
        state = self.state
        if state is None:
            return self.tr(
                "Saved. If the safeguarding concern is urgent, contact your supervisor now."
            )
        membership = state.membership
        if membership is None:
            return self.tr(
                "Saved. This laptop has not joined an organisation, so the safeguarding "
                "concern stays on this laptop and your supervisor will not see it: contact "
                "your supervisor now."
            )
        if membership.revoked:
            return self.tr(
                "Saved. Syncing is switched off for this laptop, so your supervisor will not "
                "see the safeguarding concern: contact your supervisor now."
            )
        if not membership.can_sync:
            return self.tr(
                "Saved. This laptop must join your organisation again before anything is "
                "sent, so your supervisor will not see the safeguarding concern yet: contact "
                "your supervisor now."
            )
        if membership.role == "supervisor":
            return self.tr(
                "Saved. The safeguarding concern will reach the service at the next sync. "
                "If it is urgent, act on it now."
            )
        if not membership.certified:
            return self.tr(
                "Saved. Your organisation has not confirmed your keys yet, so your "
                "supervisor cannot read this safeguarding concern even once it is sent: "
                "contact your supervisor now."
            )
        return self.tr(
            "Saved. The safeguarding concern will reach your supervisor at the next sync. "
            "If it is urgent, contact them now as well."
        )

    def _tell_about_concerns(self, report: SyncReport) -> None:
        state = self.state
        if not self._concerns_told or state is None:
            return
        arrived = self._concerns_told - state.concerns_waiting
        if arrived and report.completed:
            self._concerns_told -= arrived
            membership = state.membership
            if membership is not None and membership.role == "supervisor":
                text = self.tr("The safeguarding concern you recorded has reached the service.")
            elif membership is not None and not membership.certified:
                text = self.tr(
                    "The safeguarding concern you recorded has reached the service, but your "
                    "organisation has not confirmed your keys yet, so your supervisor cannot "
                    "read it yet: contact your supervisor now."
                )
            else:
                text = self.tr(
                    "The safeguarding concern you recorded has reached the service; your "
                    "supervisor will see it when their laptop syncs."
                )
            self.notice.emit(text)
        elif report.status in (OFFLINE, FAILED, UNTRUSTED) and self._concerns_told:
            self.notice.emit(
                self.tr(
                    "The safeguarding concern you recorded has not been sent yet: %1 It will "
                    "be tried again; if it is urgent, contact your supervisor now."
                ).replace("%1", report.message)
            )

    # -- what to say --------------------------------------------------------------------

    # One sentence per phase of a run.
    def progress_text(self) -> str:  # noqa: PLR0911
        p = self.progress
        if p is None or p.phase == "keys":
            return self.tr("Syncing: checking your organisation's keys…")
        if p.phase == "push":
            if p.total and p.done == 0:
                return self.tr("Syncing: sending %n change(s)…", "", p.total)
            if p.total:
                return (
                    self.tr("Syncing: sending %1 of %2 changes…")
                    .replace("%1", str(min(p.done, p.total)))
                    .replace("%2", str(p.total))
                )
            return self.tr("Syncing: sending changes…")
        if p.phase == "pull":
            if p.total:
                return self.tr("Syncing: fetching %1 records…").replace("%1", str(p.total))
            return self.tr("Syncing: receiving changes (%1 so far)…").replace("%1", str(p.done))
        return self.tr("Syncing: checking nothing was missed…")

    def last_sync_text(self) -> str:
        state = self.state
        if state is None or state.last_success is None:
            return self.tr("never")
        return when_text(state.last_success, self.tr("today"), self.tr("at"))

    # One case per thing the status bar can truthfully say.
    def status(self) -> StatusLine:  # noqa: PLR0911
        state = self.state
        if self.profile is None:
            return StatusLine("", "", False)
        if state is None:
            return StatusLine(self.tr("Reading sync status…"), "", False)
        m = state.membership
        if m is None:
            return StatusLine(
                self.tr("Not joined: records stay on this laptop"),
                self.tr(
                    "This laptop has not joined an organisation, so nothing is sent to your "
                    "supervisor. Join with the enrolment code your organisation gave you."
                ),
                False,
            )
        if m.revoked:
            return StatusLine(self.tr("Syncing switched off for this laptop"), m.cannot_sync, True)
        if not m.can_sync:
            return StatusLine(self.tr("Restored profile: join again to sync"), m.cannot_sync, True)
        if self.running:
            return StatusLine(self.progress_text(), self.progress_text(), False)
        return self._joined_status(state)

    def _head(self, status: str, problem: str, c: SyncCounts, needs: int) -> tuple[str, list[str]]:
        """The status line's first words, and the sentence that says the same."""
        sentences: list[str] = []
        if status == OFFLINE:
            head = (
                self.tr("Offline: %n change(s) waiting", "", c.waiting)
                if c.waiting
                else self.tr("Offline")
            )
            sentences.append(self.tr("Offline: %1").replace("%1", problem))
        elif status in (FAILED, UNTRUSTED, REVOKED_STATUS):
            head = (
                self.tr("Syncing paused by your organisation")
                if status == REVOKED_STATUS
                else self.tr("Sync did not finish")
            )
            sentences.append(problem)
        elif c.waiting:
            head = self.tr("%n change(s) waiting to be sent", "", c.waiting)
        elif status == DONE and (c.conflicts or c.quarantined):
            # Not "Synced": what was changed here in those records has not gone anywhere.
            held_back = c.conflicts + c.quarantined
            head = self.tr("%n change(s) held back", "", held_back)
            sentences.append(
                self.tr(
                    "The last sync finished; changes made here to %n record(s) are held "
                    "back until you settle them.",
                    "",
                    held_back,
                )
            )
        elif status == DONE and not (needs or c.held):
            head = self.tr("Up to date")
            sentences.append(self.tr("Everything recorded here has reached the service."))
        elif status == DONE:
            head = self.tr("Synced")
            sentences.append(
                self.tr("The last sync finished; some records need you.")
                if needs
                else self.tr("The last sync finished; some incoming changes wait for keys.")
            )
        else:
            head = self.tr("Nothing waiting to be sent")
        return head, sentences

    def _joined_status(self, state: SyncState) -> StatusLine:
        """Joined and able to sync: a short line, and the same facts in sentences."""
        c = state.counts
        report = self.last_report
        status = report.status if report is not None else ""
        problem = report.message if report is not None and not report.completed else ""
        needs = c.conflicts + c.quarantined + c.refused
        alert = bool(needs or state.concerns_waiting)
        head, sentences = self._head(status, problem, c, needs)
        alert = alert or status in (FAILED, UNTRUSTED, REVOKED_STATUS)
        if c.waiting:
            sentences.append(self.tr("Waiting to be sent: %n change(s).", "", c.waiting))
        parts = [head]
        if state.concerns_waiting:
            n = len(state.concerns_waiting)
            parts.append(self.tr("%n safeguarding concern(s) not sent yet", "", n))
            sentences.append(
                self.tr("%n safeguarding concern(s) have not reached the service yet.", "", n)
            )
        parts.append(self.tr("last sync %1").replace("%1", self.last_sync_text()))
        sentences.append(self.tr("Last successful sync: %1.").replace("%1", self.last_sync_text()))
        if needs:
            parts.append(self.tr("%n need(s) attention", "", needs))
        if c.held:
            parts.append(self.tr("%n incoming waiting for keys", "", c.held))
        for count, text in (
            (
                c.conflicts,
                self.tr(
                    "%n record(s) changed here and elsewhere: choose what to keep.", "", c.conflicts
                ),
            ),
            (c.quarantined, self.tr("%n record(s) refused by the service.", "", c.quarantined)),
            (c.refused, self.tr("%n incoming change(s) refused as not genuine.", "", c.refused)),
            (c.held, self.tr("%n incoming change(s) waiting for keys.", "", c.held)),
        ):
            if count:
                sentences.append(text)
        return StatusLine(" · ".join(parts), " ".join(t for t in sentences if t), alert)
