"""The desktop app driven through its real widgets, offscreen."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget
from pytestqt.qtbot import QtBot

from mentorapp.core.model import Mentee, OneToOneSession
from mentorapp.crypto import KdfParams
from mentorapp.resources import forms_dir
from mentorapp.store.profile import create_profile, open_profile
from mentorapp.ui.app import MentorWindow
from mentorapp.ui.forms import FormDialog
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.gui


@pytest.fixture
def seeded(home: Path, floor_kdf: KdfParams) -> tuple[Path, str]:
    profile, recovery = create_profile(home, PASSPHRASE, floor_kdf)
    sam = Mentee(given_name="Sam", family_name="Jones")
    ann = Mentee(given_name="Ann", family_name="Lee")
    profile.records.save_all([(sam, None), (ann, None)])
    profile.records.save(
        OneToOneSession(
            mentee_id=sam.id,
            date=dt.date.today(),
            duration_minutes=40,
            notes="We talked about the allotment waiting list.",
        )
    )
    profile.lock()
    return home, recovery


@pytest.fixture
def window(qtbot: QtBot, home: Path) -> Iterator[MentorWindow]:
    w = MentorWindow(home, idle_minutes=30)
    qtbot.addWidget(w)
    w.show()
    yield w
    if w.state == "unlocked":
        w.lock()
    w.runner.shutdown()


def unlock(qtbot: QtBot, w: MentorWindow, passphrase: str = PASSPHRASE) -> None:
    w.unlock_screen.passphrase.setText(passphrase)
    qtbot.mouseClick(w.unlock_screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.state == "unlocked", timeout=20000)
    qtbot.waitUntil(
        lambda: w.caseload_page.model.rowCount() > 0 and bool(w.mentee_choices), timeout=10000
    )


def fill(dialog: FormDialog, answers: dict[str, object]) -> None:
    dialog.form_widget.set_answers(answers)


def test_first_run_passphrase_and_recovery_key(
    qtbot: QtBot, window: MentorWindow, home: Path
) -> None:
    fr = window.first_run
    assert window.state == "first_run"
    qtbot.mouseClick(fr.start_offline, Qt.MouseButton.LeftButton)
    fr.passphrase.setText("short")
    assert "Too short" in fr.strength.text() and not fr.create_button.isEnabled()
    fr.passphrase.setText("kettle river purple saturday")
    fr.confirm.setText("kettle river purple saturdax")
    assert "do not match" in fr.strength.text() and not fr.create_button.isEnabled()
    fr.confirm.setText("kettle river purple saturday")
    assert fr.create_button.isEnabled()
    qtbot.mouseClick(fr.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fr.currentIndex() == 2, timeout=20000)
    recovery = fr.recovery_label.text()
    assert len(recovery) == 39 and recovery.count("-") == 7
    assert fr.passphrase.text() == ""  # nothing secret lingers in the widgets
    fr.written.setChecked(True)
    assert not fr.done_button.isEnabled()
    fr.confirm_last.setText(recovery[-4:].lower())
    assert fr.done_button.isEnabled()
    qtbot.mouseClick(fr.done_button, Qt.MouseButton.LeftButton)
    assert window.state == "unlocked"
    # The same recovery key really opens the profile.
    with open_profile(home).unlock_with_recovery(recovery) as profile:
        assert profile.records.count() == {}


def test_unlock_wrong_then_right_and_failures_slow_down(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow
) -> None:
    assert window.state == "locked"
    screen = window.unlock_screen
    for attempt in range(3):
        screen.passphrase.setText(f"not it {attempt}")
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda a=attempt: screen.failures == a + 1, timeout=10000)
        assert "not right" in screen.message.text()
    assert not screen.passphrase.isEnabled()  # the third failure imposes a wait
    assert "Wait 2 second" in screen.message.text()
    qtbot.waitUntil(screen.passphrase.isEnabled, timeout=5000)
    unlock(qtbot, window)
    names = [
        window.caseload_page.model.entry(r).mentee.display_name
        for r in range(window.caseload_page.model.rowCount())
    ]
    assert names == ["Ann Lee", "Sam Jones"]


def test_recovery_key_unlocks_and_sets_a_new_passphrase(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow, home: Path
) -> None:
    _, recovery = seeded
    screen = window.unlock_screen
    qtbot.mouseClick(screen.forgot, Qt.MouseButton.LeftButton)
    screen.recovery_key.setText("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    screen.new_passphrase.setText("a brand new passphrase")
    screen.new_confirm.setText("a brand new passphrase")
    qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "recovery key does not" in screen.recovery_message.text(), timeout=10000
    )
    screen.recovery_key.setText(recovery)
    qtbot.mouseClick(screen.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.state == "unlocked", timeout=20000)
    window.lock()
    with open_profile(home).unlock("a brand new passphrase") as profile:
        assert len(profile.records.mentees()) == 2


def _save(qtbot: QtBot, window: MentorWindow, dialog: FormDialog) -> None:
    before = window.caseload_page.model.rowCount()
    saved: list[str] = []
    window.data_refreshed.connect(lambda: saved.append("x"))
    assert dialog.try_save(), dialog.summary.text()
    qtbot.waitUntil(lambda: bool(saved), timeout=10000)
    assert window.caseload_page.model.rowCount() >= before


def test_add_a_mentee_and_record_each_kind_of_contact(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow, home: Path
) -> None:
    unlock(qtbot, window)
    intake = window.open_form("mentee_intake")
    assert intake is not None
    fill(intake, {"given_name": "Zed", "family_name": "Quinn", "setting": "prison"})
    assert intake.form_widget.editors["establishment"].isVisible()  # conditional field
    fill(
        intake,
        {
            "establishment": "HMP Ashgrove",
            "consent.given": True,
            "consent.confidentiality_limits_explained": True,
        },
    )
    _save(qtbot, window, intake)
    qtbot.waitUntil(lambda: window.caseload_page.model.rowCount() == 3, timeout=10000)
    ids = dict((name, mid) for mid, name in window.mentee_choices)

    one = window.open_form("one_to_one")
    assert one is not None
    # Save with a missing mentee and a ticked concern: inline messages, nothing saved.
    fill(one, {"duration_minutes": 45, "safeguarding_concern": True})
    assert not one.try_save()
    errors = {k: e.error.text() for k, e in one.form_widget.editors.items() if e.error.isVisible()}
    assert set(errors) == {"mentee_id", "safeguarding_details"}
    assert "required" in errors["mentee_id"].lower()
    fill(
        one,
        {
            "mentee_id": ids["Zed Quinn"],
            "notes": "Talked about the zeppelin museum trip",
            "safeguarding_details": "Said he feels unsafe on the wing",
        },
    )
    _save(qtbot, window, one)

    group = window.open_form("group")
    assert group is not None
    fill(
        group,
        {
            "title": "Peer circle",
            "duration_minutes": 90,
            "attendees": [
                {"mentee_id": ids["Zed Quinn"]},
                {"mentee_id": ids["Ann Lee"], "attendance": "left_early"},
            ],
        },
    )
    _save(qtbot, window, group)

    leisure = window.open_form("leisure")
    assert leisure is not None
    fill(
        leisure,
        {
            "mentees": [ids["Sam Jones"]],
            "duration_minutes": 30,
            "leisure_type": "walk",
            "notes": "Walk by the canal",
        },
    )
    _save(qtbot, window, leisure)

    qtbot.waitUntil(
        lambda: any(
            window.caseload_page.model.entry(r).open_concerns
            for r in range(window.caseload_page.model.rowCount())
        ),
        timeout=10000,
    )
    assert window.caseload_page.alert.isVisible()
    window.lock()
    with open_profile(home).unlock(PASSPHRASE) as profile:
        counts = profile.records.count()
    assert counts == {"mentee": 3, "one_to_one": 2, "group": 1, "leisure": 1, "concern": 1}


def test_quick_log_saves_a_contact(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow, home: Path
) -> None:
    unlock(qtbot, window)
    dialog = window.quick_log()
    assert dialog is not None
    dialog.try_save()
    assert "Choose who" in dialog.error.text()
    dialog.who.setCurrentIndex(dialog.who.findText("Ann Lee"))
    dialog.kind.setCurrentIndex(1)  # phone
    dialog.minutes.setValue(15)
    dialog.note.setText("Checked in about the job interview")
    saved: list[str] = []
    window.data_refreshed.connect(lambda: saved.append("x"))
    dialog.try_save()
    qtbot.waitUntil(lambda: bool(saved), timeout=10000)
    window.lock()
    with open_profile(home).unlock(PASSPHRASE) as profile:
        notes = [c.notes for c in profile.records.contacts()]
    assert "Checked in about the job interview" in notes


def test_search_finds_a_word_from_notes_as_you_type(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow
) -> None:
    unlock(qtbot, window)
    window.show_search()
    qtbot.waitUntil(lambda: "searchable" in window.search_page.state.text(), timeout=10000)
    qtbot.keyClicks(window.search_page.box, "allot")
    qtbot.waitUntil(lambda: window.search_page.model.rowCount() == 1, timeout=5000)
    assert "allotment" in window.search_page.model.hit(0).snippet
    window.search_page.box.setText("sam jo")
    qtbot.waitUntil(lambda: window.search_page.model.rowCount() == 2, timeout=5000)
    window.search_page.box.setText("nothingmatchesthis")
    qtbot.waitUntil(lambda: window.search_page.model.rowCount() == 0, timeout=5000)


def test_auto_lock_hides_everything_and_keeps_the_unsaved_form_as_a_draft(
    qtbot: QtBot, seeded: tuple[Path, str], home: Path
) -> None:
    window = MentorWindow(home, idle_minutes=1 / 60)  # one second
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, window)
    dialog = window.open_form("one_to_one")
    assert dialog is not None
    fill(dialog, {"notes": "Half-written note about the DRAFTWORD plan"})
    qtbot.waitUntil(lambda: window.state == "locked", timeout=10000)
    assert not dialog.isVisible()
    assert window.caseload_page.model.rowCount() == 0
    assert window.unlock_screen.isVisible()
    # Nothing decrypted is left in any visible widget.
    texts = " ".join(
        w.text() for w in window.findChildren(type(window.status_lock)) if w.isVisible()
    )
    assert "Sam Jones" not in texts and "DRAFTWORD" not in texts
    window.idle.set_minutes(30)
    unlock(qtbot, window)
    qtbot.waitUntil(window.draft_banner.isVisible, timeout=10000)
    assert "one-to-one" in window.draft_text.text().lower()
    qtbot.mouseClick(window.resume_button, Qt.MouseButton.LeftButton)
    resumed = window.open_dialogs[-1][0]
    assert isinstance(resumed, FormDialog)
    assert "DRAFTWORD" in resumed.form_widget.answers()["notes"]
    window.lock()
    window.runner.shutdown()


def test_manual_lock_by_shortcut(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow
) -> None:
    unlock(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.state == "locked", timeout=5000)


def test_a_field_added_to_a_form_file_appears_with_no_code_change(
    qtbot: QtBot, seeded: tuple[Path, str], home: Path
) -> None:
    raw = json.loads((forms_dir() / "leisure.v1.json").read_text())
    raw["version"] = 2
    raw["fields"].append(
        {"key": "weather", "type": "choice", "label": "Weather", "options": ["sunny", "rainy"]}
    )
    (home / "forms").mkdir()
    (home / "forms" / "leisure.v2.json").write_text(json.dumps(raw))
    window = MentorWindow(home, idle_minutes=30)
    qtbot.addWidget(window)
    unlock(qtbot, window)
    dialog = window.open_form("leisure")
    assert dialog is not None
    editor = dialog.form_widget.editors["weather"].editor
    assert isinstance(editor, QComboBox) and editor.findData("rainy") > 0
    mentees = dialog.form_widget.editors["mentees"].editor
    assert isinstance(mentees, QListWidget) and mentees.count() == 2
    window.lock()
    window.runner.shutdown()


def test_every_action_has_a_shortcut_and_controls_have_names(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow
) -> None:
    unlock(qtbot, window)
    for action in window.work_actions:
        assert action.shortcut().toString(), action.text()
    dialog = window.open_form("one_to_one")
    assert dialog is not None
    for editor in dialog.form_widget.editors.values():
        assert editor.editor.accessibleName()
    dialog.reject()
    assert QApplication.instance() is not None


def test_newcomer_journey_first_run_to_search(qtbot: QtBot, window: MentorWindow) -> None:
    """The issue's 'done when': set up, record one contact of each kind, lock, unlock,
    and find a contact by a word from its notes."""
    fr = window.first_run
    qtbot.mouseClick(fr.start_offline, Qt.MouseButton.LeftButton)
    fr.passphrase.setText("kettle river purple saturday")
    fr.confirm.setText("kettle river purple saturday")
    qtbot.mouseClick(fr.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fr.currentIndex() == 2, timeout=20000)
    fr.written.setChecked(True)
    fr.confirm_last.setText(fr.recovery_label.text()[-4:])
    qtbot.mouseClick(fr.done_button, Qt.MouseButton.LeftButton)
    intake = window.open_form("mentee_intake")
    assert intake is not None
    fill(
        intake,
        {
            "given_name": "Rosa",
            "family_name": "Parkes",
            "consent.given": True,
            "consent.confidentiality_limits_explained": True,
        },
    )
    _save(qtbot, window, intake)
    qtbot.waitUntil(lambda: bool(window.mentee_choices), timeout=10000)
    rosa = window.mentee_choices[0][0]
    for form_id, answers in (
        (
            "one_to_one",
            {"mentee_id": rosa, "duration_minutes": 50, "notes": "Planned the pottery class"},
        ),
        (
            "group",
            {
                "title": "Circle",
                "duration_minutes": 60,
                "attendees": [{"mentee_id": rosa}],
                "notes": "Shared stories",
            },
        ),
        (
            "leisure",
            {"mentees": [rosa], "duration_minutes": 30, "notes": "Coffee near the lighthouse"},
        ),
    ):
        dialog = window.open_form(form_id)
        assert dialog is not None
        fill(dialog, answers)
        _save(qtbot, window, dialog)
    window.activateWindow()  # a desktop's window manager does this when a dialog closes
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.state == "locked", timeout=5000)
    unlock(qtbot, window, "kettle river purple saturday")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "searchable" in window.search_page.state.text(), timeout=10000)
    qtbot.keyClicks(window.search_page.box, "lighthou")
    qtbot.waitUntil(lambda: window.search_page.model.rowCount() == 1, timeout=5000)
    assert window.search_page.model.hit(0).kind == "leisure"


def test_an_unsaved_form_survives_a_crash(
    qtbot: QtBot, seeded: tuple[Path, str], home: Path
) -> None:
    first = MentorWindow(home, idle_minutes=30)
    qtbot.addWidget(first)
    first.show()
    unlock(qtbot, first)
    dialog = first.open_form("leisure")
    assert dialog is not None
    fill(dialog, {"notes": "Typed just before the battery died"})

    def draft_on_disk() -> bool:
        with open_profile(home).unlock(PASSPHRASE) as profile:
            return any("battery" in str(d.answers) for d in profile.records.drafts())

    qtbot.waitUntil(draft_on_disk, timeout=10000)
    # The process "dies": no lock, no save. A new window starts on the same profile.
    first.idle.timer.stop()
    second = MentorWindow(home, idle_minutes=30)
    qtbot.addWidget(second)
    second.show()
    unlock(qtbot, second)
    qtbot.waitUntil(second.draft_banner.isVisible, timeout=10000)
    qtbot.mouseClick(second.resume_button, Qt.MouseButton.LeftButton)
    resumed = second.open_dialogs[-1][0]
    assert isinstance(resumed, FormDialog)
    assert resumed.form_widget.answers()["notes"] == "Typed just before the battery died"
    second.lock()
    second.runner.shutdown()


def test_unlock_shows_the_sealed_caseload_snapshot_then_the_real_one(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow, home: Path
) -> None:
    unlock(qtbot, window)
    window.lock()
    # Another device (or the CLI) adds a mentee while this window is locked.
    with open_profile(home).unlock(PASSPHRASE) as profile:
        profile.records.save(Mentee(given_name="Newly", family_name="Added"))
        assert profile.records.load_snapshot("caseload") is not None
        assert b"Sam" not in (home / "mentorapp.db").read_bytes()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.caseload_page.model.rowCount() == 3, timeout=10000)


def test_goals_referrals_concerns_and_check_ins_from_the_mentee_page(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow, home: Path
) -> None:
    unlock(qtbot, window)
    sam = dict((name, mid) for mid, name in window.mentee_choices)["Sam Jones"]
    window.open_mentee(sam)
    qtbot.waitUntil(lambda: window.mentee_page.mentee_id == sam, timeout=5000)
    for form_id, answers in (
        ("goal", {"pathway": "accommodation", "description": "Move into a flat"}),
        ("referral", {"pathway": "health", "organisation": "Hillside GP"}),
        ("concern", {"description": "Threatened by a neighbour", "urgency": "high"}),
    ):
        window.mentee_page.new_contact.emit(form_id, sam)
        dialog = window.open_dialogs[-1][0]
        assert isinstance(dialog, FormDialog)
        assert dialog.form_widget.answers()["mentee_id"] == sam
        fill(dialog, answers)
        _save(qtbot, window, dialog)
    check_in = window.check_in(sam)
    assert check_in is not None
    assert not check_in.try_save()  # nothing scored yet
    check_in.scores["accommodation"].setValue(4)
    check_in.scores["health"].setValue(7)
    assert check_in.try_save()
    qtbot.waitUntil(lambda: len(window.mentee_page.chart.check_ins) == 1, timeout=10000)
    qtbot.waitUntil(lambda: window.mentee_page.goals.count() == 1, timeout=10000)
    assert window.mentee_page.referrals.count() == 1
    window.lock()
    with open_profile(home).unlock(PASSPHRASE) as profile:
        counts = profile.records.count()
        (checkin,) = [
            r for r in profile.records.iter_records() if r.record_type.value == "check_in"
        ]
    assert counts["goal"] == counts["referral"] == counts["concern"] == 1
    assert checkin.scores["accommodation"] == 4 and checkin.scores["drugs_alcohol"] is None


def test_unlock_says_when_records_were_removed_outside_the_app(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow, home: Path
) -> None:
    with sqlite3.connect(home / "mentorapp.db") as db:
        db.execute("DELETE FROM records WHERE record_type = 'one_to_one'")
    unlock(qtbot, window)
    assert window.notice_banner.isVisibleTo(window)
    assert "removed or altered outside mentorapp" in window.notice_text.text()
    assert "(1 problem" in window.notice_text.text()


def test_unlock_of_an_untouched_profile_raises_no_alarm(
    qtbot: QtBot, seeded: tuple[Path, str], window: MentorWindow
) -> None:
    unlock(qtbot, window)
    assert not window.notice_banner.isVisibleTo(window)
