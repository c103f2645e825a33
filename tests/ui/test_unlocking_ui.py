"""The window's unlock screen: advice on a chosen passphrase, slowing that survives a
restart, and an altered vault file named as such and repaired by the recovery key."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from mentorapp.core.passphrase import Hint
from mentorapp.crypto import KdfParams, Vault
from mentorapp.crypto.vault import FLOOR_ITERATIONS
from mentorapp.store.attempts import ATTEMPTS_FILE
from mentorapp.store.profile import create_profile, open_profile
from mentorapp.ui.access import ADVICE
from mentorapp.ui.app import MentorWindow
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.gui


@pytest.fixture
def recovery(home: Path, floor_kdf: KdfParams) -> str:
    profile, key = create_profile(home, PASSPHRASE, floor_kdf)
    profile.lock()
    return key


@pytest.fixture
def open_window(qtbot: QtBot, home: Path) -> Iterator[Callable[[], MentorWindow]]:
    """Opens a window on the profile; several may be opened in turn, as after a restart."""
    windows: list[MentorWindow] = []

    def make() -> MentorWindow:
        w = MentorWindow(home, idle_minutes=30)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        if w.state == "unlocked":
            w.lock()
        w.runner.shutdown()


def try_passphrase(qtbot: QtBot, w: MentorWindow, text: str) -> None:
    screen = w.unlock_screen
    qtbot.waitUntil(screen.passphrase.isEnabled, timeout=10000)
    seen = screen.failures
    screen.passphrase.setText(text)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.failures > seen or w.state == "unlocked", timeout=20000)


def test_every_piece_of_advice_reaches_the_translation_catalogue() -> None:
    assert set(ADVICE) == set(Hint)
    for hint, source in ADVICE.items():
        assert QCoreApplication.translate("PassphraseAdvice", str(source)) == hint.value


def test_first_run_refuses_a_guessable_passphrase_with_the_reason(
    qtbot: QtBot, open_window: Callable[[], MentorWindow]
) -> None:
    fr = open_window().first_run
    qtbot.mouseClick(fr.start_offline, Qt.MouseButton.LeftButton)
    fr.passphrase.setText("P@ssw0rd123")
    fr.confirm.setText("P@ssw0rd123")
    assert not fr.create_button.isEnabled()
    assert "Too easy to guess." in fr.strength.text()
    assert "look-alikes" in fr.strength.text()


def test_the_wait_after_failures_survives_a_restart(
    qtbot: QtBot, recovery: str, open_window: Callable[[], MentorWindow], home: Path
) -> None:
    first = open_window()
    for n in range(4):
        try_passphrase(qtbot, first, f"not it {n}")
    assert "not right" in first.unlock_screen.message.text()
    assert "Wait 4 second" in first.unlock_screen.message.text()
    first.close()

    again = open_window()  # a new window on the same profile, as after quitting
    screen = again.unlock_screen
    assert not screen.passphrase.isEnabled() and not screen.unlock_button.isEnabled()
    assert "Too many wrong passphrases were tried. Wait" in screen.message.text()
    try_passphrase(qtbot, again, PASSPHRASE)  # waits for the field to come back first
    qtbot.waitUntil(lambda: again.state == "unlocked", timeout=20000)
    assert not (home / ATTEMPTS_FILE).exists()


def test_wrong_recovery_keys_hold_the_recovery_button(
    qtbot: QtBot, recovery: str, open_window: Callable[[], MentorWindow]
) -> None:
    screen = open_window().unlock_screen
    qtbot.mouseClick(screen.forgot, Qt.MouseButton.LeftButton)
    screen.recovery_key.setText("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    screen.new_passphrase.setText("a brand new passphrase")
    screen.new_confirm.setText("a brand new passphrase")
    for n in range(3):
        qtbot.waitUntil(screen.recover_button.isEnabled, timeout=10000)
        qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "does not unlock" in screen.recovery_message.text(), timeout=10000)
        if n < 2:
            screen.recovery_message.setText("")
    assert "Wait 2 second" in screen.recovery_message.text()  # "seconds" once translated
    assert not screen.recover_button.isEnabled()


def test_an_altered_vault_is_named_and_the_recovery_key_repairs_it(
    qtbot: QtBot, recovery: str, open_window: Callable[[], MentorWindow], home: Path
) -> None:
    path = home / "vault.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["header"]["kdf"]["iterations"] = FLOOR_ITERATIONS + 1
    path.write_text(json.dumps(raw), encoding="utf-8")

    w = open_window()
    screen = w.unlock_screen
    try_passphrase(qtbot, w, PASSPHRASE)
    assert "vault file has been altered" in screen.message.text()
    assert "not right" not in screen.message.text()

    qtbot.mouseClick(screen.forgot, Qt.MouseButton.LeftButton)
    screen.recovery_key.setText(recovery)
    screen.new_passphrase.setText("a brand new passphrase")
    screen.new_confirm.setText("a brand new passphrase")
    qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.state == "unlocked", timeout=20000)
    w.lock()
    repaired = Vault.load(path)
    assert repaired.kdf.iterations == FLOOR_ITERATIONS  # calibrated, not the header's
    assert repaired.signature_problem() is None
    with open_profile(home).unlock("a brand new passphrase"):
        pass
