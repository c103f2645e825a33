"""One way to run background work: a single-thread executor per resource, results
delivered back on the GUI thread through a signal. Worker code never touches a widget.

The database worker decrypts, loads and saves; the sync worker talks to the
service. Sync has its own so a slow network never queues behind a save, and a
save never waits for the network.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class _Relay(QObject):
    done = Signal(object, object, object)  # callback, result, error
    call = Signal(object, object)  # callback, value: a worker's progress for the GUI


class TaskRunner(QObject):
    """Runs callables off the GUI thread; ``on_done(result)`` or ``on_error(exc)`` run
    back on the GUI thread."""

    busy_changed = Signal(bool)  # the database worker started or ran out of work

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mentorapp-db")
        self._sync = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mentorapp-sync")
        self._relay = _Relay()
        self._relay.done.connect(self._deliver)
        self._relay.call.connect(self._call)
        self._running = 0
        self._sync_jobs: set[Future[Any]] = set()
        self._closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[Any]:
        """On the database worker."""
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        return self._submit(self._db, work, (on_done, on_error, True))

    def run_sync(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[Any]:
        """On the sync worker: network calls, and writes that must not interleave
        with a sync run (settling a conflict, releasing a record)."""
        future = self._submit(self._sync, work, (on_done, on_error, False))
        self._sync_jobs = {f for f in self._sync_jobs if not f.done()} | {future}
        return future

    @property
    def sync_busy(self) -> bool:
        """Work is running or queued on the sync worker (it may be using the keys)."""
        return any(not f.done() for f in self._sync_jobs)

    def _submit(
        self, executor: ThreadPoolExecutor, work: Callable[[], Any], callbacks: tuple[Any, ...]
    ) -> Future[Any]:
        future = executor.submit(work)

        def finished(f: Future[Any]) -> None:
            error = f.exception()
            if error is not None and callbacks[1] is None:
                traceback.print_exception(error)
            self._relay.done.emit(callbacks, None if error else f.result(), error)

        future.add_done_callback(finished)
        return future

    def to_gui(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """A function a worker may call; ``callback(value)`` then runs on the GUI thread."""

        def relay(value: Any) -> None:
            self._relay.call.emit(callback, value)

        return relay

    @Slot(object, object)
    def _call(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    @Slot(object, object, object)
    def _deliver(self, callbacks: tuple[Any, ...], result: Any, error: Any) -> None:
        on_done, on_error, counted = callbacks
        if counted:
            self._running -= 1
            if self._running == 0:
                self.busy_changed.emit(False)
        if error is not None:
            if on_error is not None:
                on_error(error)
        elif on_done is not None:
            on_done(result)

    def wait_idle(self) -> None:
        """Block until queued database work has finished (used when locking and in tests)."""
        self._db.submit(lambda: None).result()

    def wait_sync_idle(self) -> None:
        """Block until queued sync work has finished."""
        self._sync.submit(lambda: None).result()

    def shutdown(self) -> None:
        self._closed = True
        self._sync.shutdown(wait=True)
        self._db.shutdown(wait=True)

    @property
    def closed(self) -> bool:
        return self._closed
