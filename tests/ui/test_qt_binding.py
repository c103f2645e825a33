"""Guard against a Qt binding that corrupts reference counts through signals.

PySide6 6.12.0 decrements the reference count of values like None and True each
time they pass through a signal to a Python slot; after a few hundred actions the
app aborts with "deallocating None". pyproject.toml keeps us off that release.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from mentorapp.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


class _Emitter(QObject):
    value = Signal(object)
    flag = Signal(bool)


def test_signals_keep_reference_counts_of_singletons(qtbot: object) -> None:
    emitter = _Emitter()
    seen: list[object] = []
    emitter.value.connect(seen.append)
    emitter.flag.connect(seen.append)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(300):
        emitter.value.emit(None)
        emitter.flag.emit(True)
    seen.clear()
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert after[0] >= before[0] and after[1] >= before[1], (before, after)


def test_task_runner_survives_thousands_of_tasks(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    results: list[object] = []
    for n in range(2000):
        runner.run(lambda n=n: None if n % 2 else True, results.append)
    qtbot.waitUntil(lambda: len(results) == 2000, timeout=20000)
    runner.shutdown()


def test_english_plurals_come_from_the_catalogue(qapp) -> None:  # type: ignore[no-untyped-def]
    """The source strings say "change(s)"; a person reads "1 change" and "2 changes"."""
    from PySide6.QtCore import QCoreApplication

    from mentorapp.ui.app import install_translations

    translator = install_translations(qapp)
    assert translator is not None
    try:
        one = QCoreApplication.translate("MentorWindow", "%n result(s)", None, 1)
        two = QCoreApplication.translate("MentorWindow", "%n result(s)", None, 2)
    finally:
        qapp.removeTranslator(translator)
    assert (one, two) == ("1 result", "2 results")
