"""Sync from the window, through real widgets, against a real server process on
127.0.0.1 (one per module): joining at first run and later, the status bar in each
state, Sync now and automatic sync, conflicts and refused records settled in the
sync panel, certifying, the safeguarding messages, and locking during a sync."""

from __future__ import annotations

import base64
import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from mentorapp.core.model import Mentee, OneToOneSession, SafeguardingConcern, Setting
from mentorapp.crypto import KdfParams
from mentorapp.crypto.directory import org_fingerprint
from mentorapp.store.profile import create_profile
from mentorapp.store.syncstore import SyncStore
from mentorapp.sync.client import RetryPolicy
from mentorapp.sync.engine import CANCELLED, DONE, OFFLINE, SyncReport, SyncSettings
from mentorapp.sync.schedule import SyncSchedule
from mentorapp.ui.app import MentorWindow
from mentorapp.ui.forms import FormDialog
from mentorapp.ui.join import JoinDialog
from tests.support.proxy import proxy_to
from tests.support.server import RunningServer, run_admin, start_server
from tests.support.world import PASSPHRASE, Laptop, World, code_from, founded

pytestmark = pytest.mark.gui

FAST = SyncSettings(retry=RetryPolicy(attempts=2, base=0.01, cap=0.02), timeout=8)


def manual() -> SyncSchedule:
    """Nothing automatic: each test says when to sync (joining still syncs at once)."""
    return SyncSchedule(at_unlock=3600, every=3600, after_save=3600)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    folder = tmp_path_factory.mktemp("ui-srv")
    with start_server(f"sqlite:///{folder / 'server.db'}", "--rate", "0") as running:
        yield running


_orgs = 0


@pytest.fixture
def world(server: RunningServer, tmp_path: Path) -> Iterator[World]:
    """An organisation whose first supervisor (Sue) joined headless, and a team."""
    global _orgs
    _orgs += 1
    w = founded(server.url, server.database_url, tmp_path, f"Second Chance {_orgs}", ("North",))
    yield w
    w.close()


Windows = Callable[..., MentorWindow]


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[Windows]:
    opened: list[MentorWindow] = []

    def open_window(home: Path, schedule: SyncSchedule | None = None) -> MentorWindow:
        window = MentorWindow(
            home, idle_minutes=30, sync_settings=FAST, sync_schedule=schedule or manual()
        )
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        if window.state == "unlocked":
            window.lock()
        qtbot.waitUntil(lambda w=window: w.state != "locking", timeout=20000)
        window.runner.shutdown()


def new_profile(home: Path, *records: object) -> None:
    profile, _ = create_profile(home, PASSPHRASE, KdfParams(salt=os.urandom(16)))
    for record in records:
        profile.record(record)  # type: ignore[arg-type]
    profile.lock()


def unlock(qtbot: QtBot, window: MentorWindow) -> None:
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(window.unlock_screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.state == "unlocked", timeout=20000)
    qtbot.waitUntil(lambda: window.sync.state is not None, timeout=10000)


def status(window: MentorWindow) -> str:
    return window.sync_bar.button.text()


def sync_now(qtbot: QtBot, window: MentorWindow) -> SyncReport:
    reports: list[SyncReport] = []
    window.sync.finished.connect(reports.append)
    window.act_sync_now.trigger()
    qtbot.waitUntil(lambda: bool(reports), timeout=30000)
    window.sync.finished.disconnect(reports.append)
    return reports[0]


def join_in_window(
    qtbot: QtBot, window: MentorWindow, url: str, code: str, label: str = ""
) -> JoinDialog:
    dialog = window.syncing.open_join()
    assert dialog is not None
    dialog.server.setText(url)
    dialog.code.setText(code)
    dialog.label.setText(label)
    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=30000)
    return dialog


def try_join(qtbot: QtBot, dialog: JoinDialog, url: str, code: str, passphrase: str) -> str:
    dialog.server.setText(url)
    dialog.code.setText(code)
    dialog.passphrase.setText(passphrase)
    dialog.message.clear()
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: bool(dialog.message.text()) and dialog.join_button.isEnabled(), timeout=20000
    )
    return dialog.message.text()


def mentor_mo(world: World, via: str | None = None) -> Laptop:
    """Mo, a mentor in the North team, joined (through ``via`` if given) and still
    unlocked headless; close him to open his profile in a window."""
    mo = world.laptop("mo")
    mo.join(via or world.server_url, world.invite("mo", "mentor", "North"))
    return mo


def new_code(world: World, laptop: Laptop) -> str:
    membership = laptop.profile.membership
    assert membership is not None
    return code_from(world.admin("new-code", membership.user_id))


def save_session_with_concern(qtbot: QtBot, window: MentorWindow, details: str) -> str:
    """Save a one-to-one that ticks 'safeguarding'; returns what the window said."""
    dialog = window.open_form("one_to_one")
    assert isinstance(dialog, FormDialog)
    dialog.form_widget.set_answers(
        {
            "mentee_id": window.mentee_choices[0][0],
            "duration_minutes": 30,
            "safeguarding_concern": True,
            "safeguarding_details": details,
        }
    )
    before = window.sync.state
    window.notice_banner.hide()
    assert dialog.try_save(), dialog.summary.text()
    # Shown where it stays until read, not in the status bar's passing message area.
    qtbot.waitUntil(lambda: window.notice_banner.isVisibleTo(window), timeout=10000)
    qtbot.waitUntil(lambda: window.sync.state is not before, timeout=10000)
    return window.notice_text.text()


# -- joining ---------------------------------------------------------------------------------


def test_join_from_the_first_run_as_the_organisations_first_supervisor(
    qtbot: QtBot, server: RunningServer, tmp_path: Path, windows: Windows
) -> None:
    out = run_admin(server.database_url, "create-org", "Hope Works", "--supervisor", "Ada")
    window = windows(tmp_path / "ada")
    fr = window.first_run
    assert fr.join.isEnabled()
    qtbot.mouseClick(fr.join, Qt.MouseButton.LeftButton)
    assert fr.currentIndex() == 1 and fr.join_after
    fr.passphrase.setText(PASSPHRASE)
    fr.confirm.setText(PASSPHRASE)
    qtbot.mouseClick(fr.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fr.currentIndex() == 2, timeout=20000)
    fr.written.setChecked(True)
    fr.confirm_last.setText(fr.recovery_label.text()[-4:])
    qtbot.mouseClick(fr.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.syncing.join_dialog is not None, timeout=5000)
    dialog = window.syncing.join_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.server.accessibleName() and dialog.code.accessibleName()
    dialog.server.setText(server.url)
    dialog.code.setText(code_from(out))
    dialog.label.setText("Ada's office laptop")
    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=30000)
    result = dialog.result_info
    assert result is not None and result.first_supervisor
    assert dialog.heading.text() == "You have joined Hope Works"
    assert dialog.message.text().startswith("As supervisor (Ada).")
    assert dialog.fingerprint.text() == result.org_fingerprint
    assert "made on this laptop" in dialog.after.text()
    assert dialog.passphrase.text() == "" and dialog.close_button.isVisible()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    # Joining syncs straight away.
    qtbot.waitUntil(lambda: status(window).startswith("Up to date"), timeout=30000)
    assert "last sync today" in status(window)
    window.show_sync_panel()
    page = window.sync_page
    qtbot.waitUntil(lambda: page.fields["org"].text() == "Hope Works", timeout=5000)
    assert page.fields["org_fpr"].text() == result.org_fingerprint
    assert page.fields["laptop"].text() == "Ada's office laptop"
    assert page.fields["you"].text() == "Ada, supervisor"
    assert page.members_box.isVisibleTo(page)  # this laptop holds the organisation's keys
    assert not page.join_button.isVisibleTo(page)


def test_join_later_says_plainly_why_not_until_it_works(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    home = world.root / "mo"
    sam = Mentee(given_name="Sam", family_name="Jones")
    new_profile(home, sam)
    window = windows(home)
    unlock(qtbot, window)
    assert status(window) == "Not joined: records stay on this laptop"
    assert window.act_join.isEnabled()
    window.act_join.trigger()
    dialog = window.syncing.join_dialog
    assert isinstance(dialog, JoinDialog)
    code = world.invite("mo", "mentor", "North")
    other = world.invite("mo2", "mentor", "North")
    url = world.server_url
    said = try_join(qtbot, dialog, "http://example.org", code, PASSPHRASE)
    assert "https://" in said
    said = try_join(qtbot, dialog, url, code, "not my passphrase at all")
    assert "not the passphrase you unlock mentorapp with" in said
    assert dialog.focusWidget() is dialog.passphrase
    said = try_join(qtbot, dialog, url, "HELLO-THERE", PASSPHRASE)
    assert "not an enrolment code" in said
    said = try_join(qtbot, dialog, "http://127.0.0.1:9", code, PASSPHRASE)
    assert "Could not reach the service" in said and "same code to finish" in said
    forged = other.split("/")[0] + "/" + org_fingerprint(os.urandom(32))
    said = try_join(qtbot, dialog, url, forged, PASSPHRASE)
    assert "The service refused" in said and "does not match the fingerprint" in said

    def lie(_method: str, path: str, doc: Any) -> Any:
        if path == "/v1/enrol" and isinstance(doc, dict) and doc.get("org_keys"):
            doc["org_keys"]["signing_public"] = base64.b64encode(os.urandom(32)).decode()
        return doc

    with proxy_to(url, tamper=lie) as liar:
        said = try_join(qtbot, dialog, liar.url, other, PASSPHRASE)
    assert "does not match the fingerprint in your code" in said
    assert "nothing was saved" in said and "tampered" in said
    said = try_join(qtbot, dialog, url, other, PASSPHRASE)
    assert "The service refused" in said  # spent by the attempt the laptop refused
    dialog.passphrase.setText(PASSPHRASE)
    dialog.server.setText(url)
    dialog.code.setText(code)
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=30000)
    assert dialog.message.text().startswith("As mentor (Mo).")
    assert "matches the fingerprint in your code" in dialog.after.text()
    assert "1 record(s) made before joining are ready to send" in dialog.after.text()
    dialog.accept()
    qtbot.waitUntil(lambda: status(window).startswith("Up to date"), timeout=30000)
    assert not window.act_join.isEnabled()
    assert window.syncing.open_join() is None  # joined: nothing to join


def test_a_replacement_laptop_with_another_passphrase_asks_for_the_old_one(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    mo = world.laptop("mo", passphrase="the passphrase on the lost laptop")
    mo.join(world.server_url, world.invite("mo", "mentor", "North"))
    mo.add_mentee("Ola", "Pim")
    assert mo.sync().status == DONE
    home = world.root / "mo-new"
    new_profile(home)
    window = windows(home)
    unlock(qtbot, window)
    window.act_join.trigger()
    dialog = window.syncing.join_dialog
    assert dialog is not None and dialog.other.isHidden()
    code = new_code(world, mo)
    said = try_join(qtbot, dialog, world.server_url, code, PASSPHRASE)
    assert "passphrase of that other laptop" in said and not dialog.other.isHidden()
    dialog.other.setText("the passphrase on the lost laptop")
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=30000)
    dialog.accept()
    qtbot.waitUntil(lambda: status(window).startswith("Up to date"), timeout=30000)
    qtbot.waitUntil(lambda: window.caseload_page.model.rowCount() == 1, timeout=10000)
    assert window.caseload_page.model.entry(0).mentee.display_name == "Ola Pim"


# -- the status bar and Sync now ---------------------------------------------------------------


def test_status_bar_waiting_up_to_date_offline_and_revoked(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    with proxy_to(world.server_url) as proxy:
        mo = mentor_mo(world, via=proxy.url)
        mo.add_mentee("Eve", "Ray")
        mo.close()
        window = windows(mo.home)
        unlock(qtbot, window)
        assert status(window) == "1 change(s) waiting to be sent · last sync never"
        button = window.sync_bar.button
        assert button.accessibleName() == "Sync status"
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable from the keyboard
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        reports: list[SyncReport] = []
        window.sync.finished.connect(reports.append)
        qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: bool(reports), timeout=30000)
        assert reports[0].status == DONE and reports[0].pushed == 1
        assert status(window).startswith("Up to date · last sync today ")
        dialog = window.quick_log()
        assert dialog is not None
        dialog.who.setCurrentIndex(1)
        dialog.try_save()
        qtbot.waitUntil(lambda: status(window).startswith("1 change(s) waiting"), timeout=10000)
    # The service is gone (as when it is stopped): connections are refused.
    report = sync_now(qtbot, window)
    assert report.status == OFFLINE
    assert status(window).startswith("Offline: 1 change(s) waiting · last sync today")
    assert "Cannot reach the service" in window.sync_bar.button.toolTip()
    # The status line opens the panel, with the same story.
    qtbot.mouseClick(window.sync_bar.button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.sync_page
    assert window.sync_page.summary.text().startswith("Offline")
    # Revoked: syncing is switched off, and no run is even tried.
    with proxy_to(world.server_url) as back:
        membership = window.workspace.profile.membership  # type: ignore[union-attr]
        assert membership is not None
        world.admin("revoke-device", membership.device_id)
        _route(window, back.url)
        report = sync_now(qtbot, window)
        assert report.status == "revoked"
        assert status(window) == "Syncing switched off for this laptop"
        assert "revoked" in window.sync_bar.button.toolTip()
        window.act_sync_now.trigger()
        assert not window.sync.running
        assert window.sync_page.join_button.isVisibleTo(window.sync_page)


def _route(window: MentorWindow, url: str) -> None:
    """Point this laptop's sync at another address for the same service (a proxy that
    came back on a new port)."""
    from mentorapp.sync.client import ServiceClient

    window.sync.client_factory = lambda _url, token: ServiceClient(
        url, token, timeout=FAST.timeout, retry=FAST.retry
    )


def test_automatic_sync_at_unlock_after_a_save_and_not_when_not_joined(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    mo = mentor_mo(world)
    mo.add_mentee("Gus", "Hay")
    mo.close()
    window = windows(mo.home, SyncSchedule(at_unlock=0.2, every=3600, after_save=0.3))
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: status(window).startswith("Up to date"), timeout=30000)
    dialog = window.quick_log()
    assert dialog is not None
    dialog.who.setCurrentIndex(1)
    dialog.try_save()
    qtbot.waitUntil(lambda: window.sync.running or "waiting" in status(window), timeout=10000)
    qtbot.waitUntil(lambda: status(window).startswith("Up to date"), timeout=30000)
    store = SyncStore(window.workspace.profile.records)  # type: ignore[union-attr]
    assert store.counts().waiting == 0
    planned = window.sync.scheduled_in
    assert planned is not None and planned > 60  # the next one is minutes away
    # A laptop that has not joined plans nothing.
    home = world.root / "alone"
    new_profile(home, Mentee(given_name="Al", family_name="One"))
    alone = windows(home, SyncSchedule(at_unlock=0.1, every=0.1, after_save=0.1))
    unlock(qtbot, alone)
    qtbot.wait(300)
    assert alone.sync.scheduled_in is None and alone.sync.last_report is None
    alone.act_sync_now.trigger()
    assert "has not joined" in alone.statusBar().currentMessage()


# -- the sync panel --------------------------------------------------------------------------


def _two_laptops_at_odds(world: World) -> tuple[Laptop, Laptop, Mentee, Mentee]:
    """Mo's two laptops: Ben's record edited on both (two answers each), Cat's deleted
    on one and edited on the other; the first has synced, the second has not."""
    mo = mentor_mo(world)
    ben = mo.add_mentee("Ben", "Ali")
    cat = mo.add_mentee("Cat", "Ng")
    mo.sync()
    second = world.laptop("mo-2")
    second.join(world.server_url, new_code(world, mo))
    assert second.sync().received == 2
    here = second.profile.records.get_typed(Mentee, ben.id)
    here.preferred_name, here.setting = "B", Setting.PRISON
    here.establishment = "HMP Leeds"
    second.save(here)
    edited = second.profile.records.get_typed(Mentee, cat.id)
    edited.pronouns = "she/her"
    second.save(edited)
    second.close()
    there = mo.profile.records.get_typed(Mentee, ben.id)
    there.preferred_name, there.setting = "Benny", Setting.PROBATION
    mo.save(there)
    mo.profile.records.delete(cat.id)
    mo.sync()
    return mo, second, ben, cat


def test_a_conflict_made_on_two_laptops_is_settled_in_the_panel(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    mo, second, ben, cat = _two_laptops_at_odds(world)
    window = windows(second.home)
    unlock(qtbot, window)
    report = sync_now(qtbot, window)
    assert report.new_conflicts == 2
    assert "2 need(s) attention" in status(window)
    # Not "Synced": what was changed here in those records has gone nowhere yet.
    assert status(window).startswith("2 change(s) held back · "), status(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.sync_page
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.conflicts_model.rowCount() == 2, timeout=10000)
    rows = {
        page.conflicts_model.index(r, 0).data(): page.conflicts_model.index(r, 1).data()
        for r in range(2)
    }
    assert rows["Mentee B Ali"] == "Preferred name, Setting"
    assert rows["Mentee Cat Ng"] == "Deleted elsewhere, changed here"
    page.conflicts.selectRow(
        next(r for r in range(2) if page.conflicts_model.index(r, 0).data() == "Mentee B Ali")
    )
    editor = page.editor
    assert set(editor.choices) == {"preferred_name", "setting"}
    texts = [
        lbl.text() for lbl in editor.fields_area.findChildren(type(page.summary)) if lbl.text()
    ]
    assert {"B", "Benny", "Prison", "Probation"} <= set(texts)  # option labels, not codes
    assert not editor.save_choices.isEnabled()
    editor.choose("preferred_name", "theirs")
    editor.choose("setting", "mine")
    qtbot.mouseClick(editor.save_choices, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.conflicts_model.rowCount() == 1, timeout=10000)
    assert editor.keep_edited.isVisible() and not editor.save_choices.isVisible()
    qtbot.mouseClick(editor.keep_edited, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.conflicts_box.isVisibleTo(page), timeout=10000)
    qtbot.waitUntil(lambda: "2 change(s) waiting" in status(window), timeout=10000)
    assert sync_now(qtbot, window).pushed == 2
    assert "attention" not in status(window)
    mo.sync()
    final = mo.profile.records.get_typed(Mentee, ben.id)
    assert (final.preferred_name, final.setting.value, final.establishment) == (
        "Benny",
        "prison",
        "HMP Leeds",
    )
    assert mo.profile.records.get_typed(Mentee, cat.id).pronouns == "she/her"
    names = {
        window.caseload_page.model.entry(r).mentee.display_name
        for r in range(window.caseload_page.model.rowCount())
    }
    assert names == {"Benny Ali", "Cat Ng"}


def test_a_quarantined_record_shows_the_services_reason_and_is_tried_again(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    mo = mentor_mo(world)
    dee = mo.add_mentee("Dee", "Oh")
    # Over the service's 1 MiB limit; in lines, as pasted text would be.
    notes = "pasted from the hostel's report, line after line\n" * 21000
    huge = OneToOneSession(mentee_id=dee.id, date=dt.date(2026, 11, 2), notes=notes)
    mo.save(huge)
    mo.close()
    window = windows(mo.home)
    unlock(qtbot, window)
    report = sync_now(qtbot, window)
    assert report.quarantined == 1 and report.pushed == 1
    assert "1 need(s) attention" in status(window)
    assert "waiting" not in status(window)  # nothing sends it until a person acts
    assert status(window).startswith("1 change(s) held back · ")
    window.show_sync_panel()
    page = window.sync_page
    qtbot.waitUntil(lambda: page.quarantine_model.rowCount() == 1, timeout=10000)
    assert page.quarantine_model.index(0, 0).data() == "One-to-one with Dee Oh on 02 Nov 2026"
    assert "larger than" in page.quarantine_model.index(0, 1).data()
    # Trim it, then try again.
    window.open_form("one_to_one", huge.id)
    qtbot.waitUntil(lambda: bool(window.open_dialogs), timeout=10000)
    dialog = window.open_dialogs[-1][0]
    assert isinstance(dialog, FormDialog)
    dialog.form_widget.set_answers({"notes": "trimmed", "duration_minutes": 40})
    assert dialog.try_save(), dialog.summary.text()
    qtbot.waitUntil(
        lambda: "changes were saved" in window.statusBar().currentMessage(), timeout=10000
    )
    window.show_sync_panel()
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.quarantine_model.rowCount() == 0, timeout=10000)
    assert sync_now(qtbot, window).pushed == 1
    assert "attention" not in status(window)


def test_the_key_holder_certifies_a_member_from_the_panel(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    sue = world.laptops["sue"]
    mo = mentor_mo(world)
    mo.add_mentee("Hal", "Ito")
    mo.sync()
    sue.close()
    window = windows(sue.home)
    unlock(qtbot, window)
    assert sync_now(qtbot, window).held == 1
    assert status(window).startswith("Synced · ")  # not "up to date": one change is held
    assert status(window).endswith("1 incoming waiting for keys")
    window.show_sync_panel()
    page = window.sync_page
    qtbot.waitUntil(lambda: page.members_model.rowCount() == 1, timeout=10000)
    incoming = [page.incoming_model.index(0, c).data() for c in range(3)]
    assert incoming[:2] == ["Waiting for keys", "1"] and "not certified yet" in incoming[2]
    assert "laptop 0" not in incoming[2]  # a person, not a device id
    mo_state = mo.profile.membership
    assert mo_state is not None
    row = [page.members_model.index(0, c).data() for c in range(3)]
    assert row[:2] == ["Mo", "mentor"] and len(row[2]) == 49  # ten groups of four hex digits
    qtbot.mouseClick(page.certify_button, Qt.MouseButton.LeftButton)
    box = page.confirm
    assert isinstance(box, QMessageBox) and row[2] in box.informativeText()
    box.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(
        lambda: page.members_state.text() == "Nobody is waiting to be certified.", timeout=20000
    )
    report = sync_now(qtbot, window)
    assert report.received == 1 and status(window).startswith("Up to date")
    assert "waiting for keys" not in status(window)
    # Sue's own caseload is empty; the window says where her mentor's mentee is.
    qtbot.waitUntil(lambda: not window.caseload_page.team_note.isHidden(), timeout=10000)
    assert "1 mentee(s) of the mentors you supervise" in window.caseload_page.team_note.text()


# -- safeguarding messages -----------------------------------------------------------------


def test_the_safeguarding_message_says_only_what_is_true(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    home = world.root / "mo"
    new_profile(home, Mentee(given_name="Ida", family_name="Jay"))
    window = windows(home)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: bool(window.mentee_choices), timeout=10000)
    said = save_session_with_concern(qtbot, window, "Not joined yet")
    assert "has not joined an organisation" in said and "contact your supervisor now" in said
    assert "will reach" not in said
    dialog = join_in_window(qtbot, window, world.server_url, world.invite("mo", "mentor", "North"))
    dialog.accept()
    qtbot.waitUntil(lambda: status(window).startswith("Up to date"), timeout=30000)
    # Joined, but the organisation has not certified Mo yet: his supervisor cannot read it.
    said = save_session_with_concern(qtbot, window, "Not certified yet")
    assert "has not confirmed your keys yet" in said and "contact your supervisor now" in said
    assert "will reach your supervisor" not in said
    report = sync_now(qtbot, window)
    assert report.status == DONE
    reached = window.notice_text.text()
    assert "has reached the service, but" in reached and "cannot read it yet" in reached
    world.laptops["sue"].certify_everyone()
    assert sync_now(qtbot, window).status == DONE
    with proxy_to(world.server_url) as proxy:
        _route(window, proxy.url)
        said = save_session_with_concern(qtbot, window, "Joined now")
        assert "will reach your supervisor at the next sync" in said
        assert "not sent yet" in status(window)
    # The service cannot be reached: the concern is still on its way, and the window says so.
    report = sync_now(qtbot, window)
    assert report.status == OFFLINE
    said = window.notice_text.text()
    assert "has not been sent yet" in said and "contact your supervisor now" in said
    _route(window, world.server_url)
    report = sync_now(qtbot, window)
    assert report.status == DONE
    assert "has reached the service; your supervisor will see it" in window.notice_text.text()
    assert "not sent yet" not in status(window)
    concerns = [
        r
        for r in window.workspace.profile.records.iter_records()  # type: ignore[union-attr]
        if isinstance(r, SafeguardingConcern)
    ]
    assert len(concerns) == 3
    membership = window.workspace.profile.membership  # type: ignore[union-attr]
    assert membership is not None
    world.admin("revoke-device", membership.device_id)
    assert sync_now(qtbot, window).status == "revoked"
    said = save_session_with_concern(qtbot, window, "Revoked now")
    assert "switched off for this laptop" in said and "contact your supervisor now" in said


# -- locking during a sync -------------------------------------------------------------------


def test_locking_during_a_sync_stops_it_and_drops_the_keys_once_it_has(
    qtbot: QtBot, world: World, windows: Windows
) -> None:
    gate = threading.Event()

    def hold_pulls(_method: str, path: str) -> None:
        if path.startswith("/v1/pull"):
            gate.wait(10)

    with proxy_to(world.server_url, choose=hold_pulls) as proxy:
        mo = mentor_mo(world, via=proxy.url)
        mo.add_mentee("Kim", "Lo")
        mo.close()
        window = windows(mo.home)
        unlock(qtbot, window)
        reports: list[SyncReport] = []
        window.sync.finished.connect(reports.append)
        window.act_sync_now.trigger()
        qtbot.waitUntil(
            lambda: status(window).startswith("Syncing: receiving changes"), timeout=20000
        )
        assert window.sync_bar.progress.isVisible()
        workspace = window.workspace
        assert workspace is not None
        window.lock()
        # At once: nothing decrypted shows and no passphrase is taken; the keys wait for
        # the sync to stop.
        assert window.state == "locking"
        assert window.caseload_page.model.rowCount() == 0
        assert not window.unlock_screen.passphrase.isEnabled()
        assert "waiting for sync to stop" in window.unlock_screen.busy.text.text()
        assert hasattr(workspace.profile, "keys")
        gate.set()
        qtbot.waitUntil(lambda: window.state == "locked", timeout=20000)
        assert not hasattr(workspace.profile, "keys")
        assert window.unlock_screen.passphrase.isEnabled()
        assert reports == []  # the stopped run reports nothing to a locked window
        assert not window.sync_bar.isVisible()
        unlock(qtbot, window)
        report = sync_now(qtbot, window)
        assert report.status == DONE and report.pushed == 0  # pushed before the pull
        assert report.status != CANCELLED


def test_a_restored_profile_joins_again_as_a_new_laptop(
    qtbot: QtBot, world: World, windows: Windows, tmp_path: Path
) -> None:
    from mentorapp.store.backup import create_backup, restore_backup

    mo = mentor_mo(world)
    mo.add_mentee("Pat", "Que")
    assert mo.sync().status == DONE
    create_backup(mo.profile, tmp_path / "mo.mab")
    restore_backup(tmp_path / "mo.mab", tmp_path / "restored", PASSPHRASE)
    window = windows(tmp_path / "restored")
    unlock(qtbot, window)
    assert status(window) == "Restored profile: join again to sync"
    assert "join again with a new code" in window.sync_bar.button.toolTip()
    assert window.act_join.isEnabled()
    dialog = join_in_window(qtbot, window, world.server_url, new_code(world, mo), "Restored")
    assert dialog.message.text().startswith("As mentor (Mo).")
    dialog.accept()
    qtbot.waitUntil(lambda: status(window).startswith("Up to date"), timeout=30000)
    window.show_sync_panel()
    qtbot.waitUntil(lambda: window.sync_page.fields["laptop"].text() == "Restored", timeout=5000)
