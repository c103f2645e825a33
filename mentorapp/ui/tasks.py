"""One way to run background work: a single-thread executor per resource, results
delivered back on the GUI thread through a signal. Worker code never touches a widget."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class _Relay(QObject):
    done = Signal(object, object, object)  # callback, result, error


class TaskRunner(QObject):
    """Runs callables off the GUI thread; ``on_done(result)`` or ``on_error(exc)`` run
    back on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mentorapp-db")
        self._relay = _Relay()
        self._relay.done.connect(self._deliver)
        self._running = 0

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future[Any]:
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        future = self._db.submit(work)

        def finished(f: Future[Any]) -> None:
            error = f.exception()
            if error is not None and on_error is None:
                traceback.print_exception(error)
            self._relay.done.emit((on_done, on_error), None if error else f.result(), error)

        future.add_done_callback(finished)
        return future

    @Slot(object, object, object)
    def _deliver(self, callbacks: tuple[Any, Any], result: Any, error: Any) -> None:
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)
        on_done, on_error = callbacks
        if error is not None:
            if on_error is not None:
                on_error(error)
        elif on_done is not None:
            on_done(result)

    def wait_idle(self) -> None:
        """Block until queued work has finished (used when locking and in tests)."""
        self._db.submit(lambda: None).result()

    def shutdown(self) -> None:
        self._closed = True
        self._db.shutdown(wait=True)

    @property
    def closed(self) -> bool:
        return getattr(self, "_closed", False)
