"""Save a PNG of every main screen and form into a folder (docs/screenshots by default).

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py docs/screenshots

Builds a synthetic demo profile in a temporary folder; nothing real is shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MENTORAPP_KDF_SECONDS", "0")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QWidget

from mentorapp.core.demo import demo_caseload
from mentorapp.store.profile import create_profile

PASSPHRASE = "kettle river purple saturday"


# A script: one run through the windows, read top to bottom.
def main() -> None:  # noqa: PLR0915
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    from mentorapp.ui.app import MentorWindow

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
    w = MentorWindow(home, idle_minutes=60)
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
    w.lock()
    shot(w, "15-locked")
    w.close()


if __name__ == "__main__":
    main()
