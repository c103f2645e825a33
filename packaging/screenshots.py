"""Save a PNG of every main screen and form into a folder (docs/screenshots by default).

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py docs/screenshots

Builds a synthetic demo profile in a temporary folder, and for the sync screens a
real central service on 127.0.0.1 with an organisation of made-up people; nothing
real is shown.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MENTORAPP_KDF_SECONDS", "0")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from mentorapp.core.demo import demo_caseload
from mentorapp.core.model import Mentee, Setting
from mentorapp.store.profile import create_profile
from mentorapp.sync.client import RetryPolicy, ServiceClient
from mentorapp.sync.engine import SyncEngine, SyncSettings
from mentorapp.sync.enrol import Joiner
from mentorapp.sync.schedule import SyncSchedule

PASSPHRASE = "kettle river purple saturday"
ORG = "Second Chance Mentoring"


@contextlib.contextmanager
def local_service(folder: Path) -> Iterator[tuple[str, str]]:
    """The real central service on a free loopback port: (its address, its database)."""
    database = f"sqlite:///{folder / 'service.db'}"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = Path(sys.executable).with_name("mentorapp-server")
    process = subprocess.Popen(
        [str(server), "--database-url", database, "--port", str(port), "--rate", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the central service did not start")
            time.sleep(0.1)
        yield url, database
    finally:
        process.terminate()
        process.wait(timeout=10)


def admin(database: str, *args: str) -> str:
    """Run mentorapp-admin; returns the enrolment code it printed, if any."""
    from mentorapp.server import admin as admin_cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert admin_cli.main(["--database-url", database, *args]) == 0
    lines = [line.strip() for line in out.getvalue().splitlines() if line.startswith("    ")]
    return lines[0] if lines else ""


FAST = SyncSettings(retry=RetryPolicy(attempts=1), timeout=5)


def by_hand() -> SyncSchedule:
    """No automatic sync while the script takes its pictures (joining still syncs)."""
    return SyncSchedule(at_unlock=3600, every=3600, after_save=3600)


def stack(images: list[QImage], path: Path) -> None:
    """The status bar's sync line in each state, one above the other, sharp at any
    scale (the canvas has the grabs' device pixel ratio)."""
    ratio = images[0].devicePixelRatio()
    gap = 10
    sizes = [(i.width() / ratio, i.height() / ratio) for i in images]
    width = max(w for w, _ in sizes) + 2 * gap
    height = sum(h for _, h in sizes) + gap * (len(images) + 1)
    canvas = QImage(round(width * ratio), round(height * ratio), QImage.Format.Format_ARGB32)
    canvas.setDevicePixelRatio(ratio)
    canvas.fill(QColor("#ffffff"))
    painter = QPainter(canvas)
    y = float(gap)
    for image, (_, h) in zip(images, sizes, strict=True):
        painter.drawImage(QPointF(gap, y), image)
        y += h + gap
    painter.end()
    canvas.save(str(path))
    print(f"saved {path}")


# A script: one run through the sync screens, read top to bottom.
def sync_screens(w, tmp: Path, shot, wait, out: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: PLR0915
    from mentorapp.ui.app import MentorWindow

    bars: list[QImage] = []

    def bar() -> None:
        wait(w.sync_bar.isVisible)
        for _ in range(5):  # the status bar lays out the new text
            QApplication.processEvents()
        bars.append(w.sync_bar.grab().toImage())

    def synced() -> None:
        wait(lambda: not w.sync.running and w.sync.last_report is not None, timeout=60)

    with local_service(tmp) as (url, database):
        # The organisation's first supervisor has joined from her own laptop.
        code = admin(database, "create-org", ORG, "--supervisor", "Sue Jones")
        admin(database, "add-team", ORG, "North")
        sue, _ = create_profile(tmp / "sue", PASSPHRASE)
        Joiner(sue, PASSPHRASE).join(url, code, "Sue's laptop")
        sue.lock()
        invite = ["invite", ORG, "--name", "Mo Ali", "--role", "mentor", "--team", "North"]
        mo_code = admin(database, *invite)
        bar()  # not joined
        w.act_join.trigger()
        dialog = w.syncing.join_dialog
        dialog.server.setText(url)
        dialog.code.setText(mo_code)
        dialog.label.setText("Mo's work laptop")
        dialog.passphrase.setText(PASSPHRASE)
        shot(dialog, "17-join-dialog")
        dialog.join_button.click()
        wait(lambda: dialog.result_info is not None, timeout=60)
        shot(dialog, "18-join-done")
        dialog.accept()
        # Joining syncs at once: the line while it sends.
        wait(
            lambda: (
                w.sync.last_report is not None
                or (w.sync.progress is not None and w.sync.progress.phase != "keys")
            ),
            timeout=60,
        )
        if w.sync.running:
            bar()
        else:
            print("the first sync finished before its progress could be shown")
        synced()
        bar()  # up to date
        # Mo's spare laptop changes a mentee's record; this one changes the same answers.
        membership = w.workspace.profile.membership
        spare, _ = create_profile(tmp / "spare", PASSPHRASE)
        Joiner(spare, PASSPHRASE).join(url, admin(database, "new-code", membership.user_id))
        SyncEngine(spare).run()
        mentee_id = w.caseload_page.model.entry(0).mentee.id
        there = spare.records.get_typed(Mentee, mentee_id)
        there.preferred_name, there.setting = "Jay", Setting.PROBATION
        spare.record(there)
        SyncEngine(spare).run()
        spare.lock()
        w.open_form("mentee_intake", mentee_id)
        wait(lambda: bool(w.open_dialogs))
        form = w.open_dialogs[-1][0]
        form.form_widget.set_answers(
            {"preferred_name": "JJ", "setting": "prison", "establishment": "HMP Ashgrove"}
        )
        form.try_save()
        wait(lambda: "waiting" in w.sync_bar.button.text())
        bar()  # waiting
        w.sync.client_factory = lambda _url, token: ServiceClient(
            "http://127.0.0.1:9", token, retry=FAST.retry, timeout=2
        )
        w.sync.sync_now()
        synced()
        bar()  # offline
        w.sync.client_factory = None
        w.sync.sync_now()
        wait(lambda: w.sync.running)
        synced()
        bar()  # a conflict needs attention
        w.show_sync_panel()
        wait(lambda: w.sync_page.conflicts_model.rowCount() == 1)
        shot(w, "20-sync-panel-conflict")
        w.show_page(w.caseload_page)
        # The supervisor's laptop holds the organisation's keys: Mo waits to be certified.
        sue_window = MentorWindow(
            tmp / "sue", idle_minutes=60, sync_settings=FAST, sync_schedule=by_hand()
        )
        sue_window.resize(1200, 800)
        sue_window.show()
        sue_window.unlock_screen.passphrase.setText(PASSPHRASE)
        sue_window.unlock_screen.unlock_button.click()
        wait(lambda: sue_window.state == "unlocked" and sue_window.sync.state is not None)
        sue_window.sync.sync_now()
        wait(lambda: not sue_window.sync.running and sue_window.sync.last_report is not None)
        sue_window.show_sync_panel()
        wait(lambda: sue_window.sync_page.members_model.rowCount() == 1)
        shot(sue_window, "21-sync-panel-certify")
        sue_window.lock()
        sue_window.close()
        # The administrator revokes this laptop.
        admin(database, "revoke-device", membership.device_id)
        w.sync.sync_now()
        synced()
        bar()
    stack(bars, out / "19-sync-status-bar.png")


# A script: one run through the windows, read top to bottom.
def main() -> None:  # noqa: PLR0915
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    from mentorapp.ui.app import MentorWindow, install_translations

    install_translations(app)  # as the app does: "1 change", not "1 change(s)"

    def pump(seconds: float = 0.2) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def wait(condition, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("screen did not become ready")
            app.processEvents()
            time.sleep(0.01)

    def shot(widget: QWidget, name: str) -> None:
        pump(0.15)
        widget.grab().save(str(out / f"{name}.png"))
        print(f"saved {out / name}.png")

    tmp = Path(tempfile.mkdtemp(prefix="mentorapp-shots-"))
    # First run on an empty profile folder.
    first = MentorWindow(tmp / "new", idle_minutes=60)
    first.resize(960, 640)
    first.show()
    shot(first, "01-first-run-welcome")
    first.first_run.start_offline.click()
    first.first_run.passphrase.setText(PASSPHRASE)
    first.first_run.confirm.setText(PASSPHRASE)
    shot(first, "02-first-run-passphrase")
    first.first_run.create_button.click()
    wait(lambda: first.first_run.currentIndex() == 2)
    shot(first, "03-first-run-recovery-key")
    first.close()

    # A demo caseload.
    home = tmp / "demo"
    profile, _ = create_profile(home, PASSPHRASE)
    profile.records.save_all([(r, None) for r in demo_caseload(mentees=30, contacts=400)])
    profile.lock()
    w = MentorWindow(home, idle_minutes=60, sync_settings=FAST, sync_schedule=by_hand())
    w.resize(1200, 800)
    w.show()
    w.unlock_screen.passphrase.setText("not the passphrase")
    w.unlock_screen.unlock_button.click()
    wait(lambda: w.unlock_screen.failures == 1)
    shot(w, "04-unlock-wrong-passphrase")
    w.unlock_screen.passphrase.setText(PASSPHRASE)
    w.unlock_screen.unlock_button.click()
    wait(lambda: w.state == "unlocked" and w.caseload_page.model.rowCount() > 0)
    wait(lambda: "searchable" in w.search_page.state.text())
    w.draft_banner.hide()
    shot(w, "05-caseload")
    w.open_mentee(w.caseload_page.model.entry(0).mentee.id)
    wait(lambda: w.pages.currentWidget() is w.mentee_page)
    shot(w, "06-mentee-page")
    w.show_page(w.week_page)
    shot(w, "07-this-week")
    w.show_search()
    w.search_page.box.setText("housing officer")
    wait(lambda: w.search_page.model.rowCount() > 0)
    shot(w, "08-search")
    mentee = w.caseload_page.model.entry(0).mentee.id
    for n, form_id in enumerate(("one_to_one", "group", "leisure", "mentee_intake"), start=9):
        dialog = w.open_form(
            form_id, preset={"mentee_id": mentee} if form_id == "one_to_one" else None
        )
        assert dialog is not None
        if form_id == "group":
            dialog.form_widget.set_answers(
                {
                    "title": "Tuesday peer support circle",
                    "attendees": [{"mentee_id": m} for m, _ in w.mentee_choices[:3]],
                }
            )
        if form_id == "one_to_one":
            dialog.form_widget.set_answers({"safeguarding_concern": True})
            dialog.try_save()  # shows the inline messages
        shot(dialog, f"{n:02d}-form-{form_id.replace('_', '-')}")
        dialog.reject()
    quick = w.quick_log()
    assert quick is not None
    shot(quick, "13-quick-log")
    quick.reject()
    check_in = w.check_in(mentee)
    assert check_in is not None
    check_in.scores["accommodation"].setValue(5)
    shot(check_in, "16-check-in")
    check_in.reject()
    w.show_shortcuts()
    pump(0.2)
    from mentorapp.ui.app import ShortcutsDialog

    dialogs = [d for d in w.findChildren(ShortcutsDialog)]
    shot(dialogs[-1], "14-keyboard-shortcuts")
    dialogs[-1].reject()
    sync_screens(w, tmp, shot, wait, out)
    w.lock()
    shot(w, "15-locked")
    w.close()


if __name__ == "__main__":
    main()
