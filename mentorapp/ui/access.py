"""Getting in: first run (profile, passphrase, recovery key) and the unlock screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mentorapp.core.passphrase import assess
from mentorapp.ui import style


def _title(text: str) -> QLabel:
    return style.heading(text, 1.5)


def _wrap(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _password(name: str) -> QLineEdit:
    line = QLineEdit()
    line.setEchoMode(QLineEdit.EchoMode.Password)
    line.setAccessibleName(name)
    return line


class Busy(QWidget):
    """An indeterminate progress bar with a message, for work that runs off the GUI thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(160)
        self.bar.setAccessibleName(self.tr("Working"))
        self.text = QLabel()
        layout.addWidget(self.bar)
        layout.addWidget(self.text, 1)
        self.hide()

    def start(self, message: str) -> None:
        self.text.setText(message)
        self.show()

    def stop(self) -> None:
        self.hide()


class FirstRun(QStackedWidget):
    """Create a local profile: welcome, choose a passphrase, write down the recovery key.

    ``create(passphrase, done)`` is called to make the profile off the GUI thread;
    ``done(recovery_key)`` brings the recovery page.
    """

    finished = Signal()

    def __init__(
        self,
        create: Callable[[str, Callable[[str], None], Callable[[BaseException], None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._create = create
        self.join_after = False  # the welcome page's "Join": the join dialog follows
        self.setAccessibleName(self.tr("Set up mentorapp"))
        self.addWidget(self._welcome_page())
        self.addWidget(self._passphrase_page())
        self.addWidget(self._recovery_page())

    # -- page 1
    def _welcome_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_title(self.tr("Welcome to mentorapp")))
        layout.addWidget(
            _wrap(
                self.tr(
                    "mentorapp keeps your mentoring records on this laptop, locked with a "
                    "passphrase only you know. It works with no internet at all."
                )
            )
        )
        layout.addWidget(
            _wrap(
                self.tr(
                    "If your organisation gave you an enrolment code, choose Join my "
                    "organisation: you choose a passphrase first, then type the code; once your "
                    "organisation has confirmed you, what you record reaches your supervisor "
                    "when it syncs. Or start on your own now and join later."
                )
            )
        )
        self.start_offline = QPushButton(self.tr("&Start on this laptop"))
        self.start_offline.setAccessibleName(self.tr("Start on this laptop"))
        self.start_offline.setDefault(True)
        self.start_offline.clicked.connect(self._start_offline)
        self.join = QPushButton(self.tr("&Join my organisation"))
        self.join.setAccessibleName(self.tr("Join my organisation"))
        self.join.setToolTip(
            self.tr(
                "First choose a passphrase for this laptop; then type the service address "
                "and enrolment code your organisation gave you."
            )
        )
        self.join.clicked.connect(self._start_joining)
        layout.addStretch(1)
        layout.addWidget(self.start_offline)
        layout.addWidget(self.join)
        return page

    def _start_joining(self) -> None:
        self.join_after = True
        self._go(1)

    def _start_offline(self) -> None:
        self.join_after = False
        self._go(1)

    # -- page 2
    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_title(self.tr("Choose a passphrase")))
        layout.addWidget(
            _wrap(
                self.tr(
                    "A passphrase is like a password, but longer: three or four words you will "
                    "remember, such as 'kettle river purple saturday'. Nobody, not even your "
                    "supervisor, can get it back for you."
                )
            )
        )
        form = QFormLayout()
        self.passphrase = _password(self.tr("Passphrase"))
        self.confirm = _password(self.tr("Type it again"))
        form.addRow(self.tr("&Passphrase"), self.passphrase)
        form.addRow(self.tr("&Type it again"), self.confirm)
        layout.addLayout(form)
        self.show_chars = QCheckBox(self.tr("S&how what I type"))
        self.show_chars.toggled.connect(self._toggle_echo)
        layout.addWidget(self.show_chars)
        self.strength = _wrap("")
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        layout.addWidget(self.strength)
        self.busy = Busy()
        layout.addWidget(self.busy)
        layout.addStretch(1)
        self.create_button = QPushButton(self.tr("&Create my profile"))
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self._submit)
        layout.addWidget(self.create_button)
        self.passphrase.textChanged.connect(self._check)
        self.confirm.textChanged.connect(self._check)
        self.confirm.returnPressed.connect(self._submit)
        return page

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def _check(self) -> bool:
        verdict = assess(self.passphrase.text())
        text = self.tr(verdict.advice) if self.passphrase.text() else ""
        matches = self.passphrase.text() == self.confirm.text()
        if verdict.acceptable and self.confirm.text() and not matches:
            text += " " + self.tr("The two do not match yet.")
        self.strength.setText(text)
        color = style.good() if verdict.acceptable else style.alert()
        self.strength.setStyleSheet(f"color: {color};")
        ok = verdict.acceptable and matches
        self.create_button.setEnabled(ok)
        return ok

    def _submit(self) -> None:
        if not self._check():
            return
        self.create_button.setEnabled(False)
        self.busy.start(self.tr("Creating your profile and its keys…"))
        self._create(self.passphrase.text(), self._created, self._failed)

    def _created(self, recovery: str) -> None:
        self.busy.stop()
        self.passphrase.clear()
        self.confirm.clear()
        self.recovery_label.setText(recovery)
        self._go(2)

    def _failed(self, error: BaseException) -> None:
        self.busy.stop()
        self.strength.setText(str(error))
        self.strength.setStyleSheet(f"color: {style.alert()};")
        self.create_button.setEnabled(True)

    # -- page 3
    def _recovery_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_title(self.tr("Write down your recovery key")))
        layout.addWidget(
            _wrap(
                self.tr(
                    "If you ever forget your passphrase, this key is the only way back in. "
                    "Write it on paper now and keep it somewhere safe, away from this laptop. "
                    "It will not be shown again."
                )
            )
        )
        self.recovery_label = QLabel()
        self.recovery_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.recovery_label.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.recovery_label.setFont(font)
        self.recovery_label.setAccessibleName(self.tr("Recovery key"))
        self.recovery_label.setWordWrap(True)
        layout.addWidget(self.recovery_label)
        self.confirm_last = QLineEdit()
        self.confirm_last.setAccessibleName(self.tr("Last group of the recovery key"))
        form = QFormLayout()
        form.addRow(self.tr("To check, type its &last four characters:"), self.confirm_last)
        layout.addLayout(form)
        self.written = QCheckBox(self.tr("I have &written it down"))
        layout.addWidget(self.written)
        layout.addStretch(1)
        self.done_button = QPushButton(self.tr("&Continue"))
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.finished)
        layout.addWidget(self.done_button)

        def update() -> None:
            last = self.recovery_label.text().rsplit("-", 1)[-1]
            typed = self.confirm_last.text().strip().upper()
            self.done_button.setEnabled(self.written.isChecked() and typed == last)

        self.confirm_last.textChanged.connect(update)
        self.written.toggled.connect(update)
        return page

    def _go(self, page: int) -> None:
        self.setCurrentIndex(page)
        first = {0: self.start_offline, 1: self.passphrase, 2: self.confirm_last}[page]
        first.setFocus()


class UnlockScreen(QWidget):
    """Passphrase entry; repeated failures slow further attempts; a way in with the
    recovery key that then asks for a new passphrase."""

    # Builds the screen's widgets in reading order.
    def __init__(  # noqa: PLR0915
        self,
        unlock: Callable[[str], None],
        recover: Callable[[str, str], None],
        profile_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._unlock = unlock
        self._recover = recover
        self.failures = 0
        self.setAccessibleName(self.tr("Unlock"))
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(_title(self.tr("mentorapp is locked")))
        outer.addWidget(_wrap(self.tr("Profile: %1").replace("%1", profile_label)))
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        outer.addStretch(2)

        normal = QWidget()
        layout = QVBoxLayout(normal)
        form = QFormLayout()
        self.passphrase = _password(self.tr("Passphrase"))
        form.addRow(self.tr("&Passphrase"), self.passphrase)
        layout.addLayout(form)
        self.message = _wrap("")
        self.message.setAccessibleName(self.tr("Unlock message"))
        layout.addWidget(self.message)
        self.busy = Busy()
        layout.addWidget(self.busy)
        row = QHBoxLayout()
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setDefault(True)
        self.forgot = QPushButton(self.tr("I forgot my passphrase (use &recovery key)"))
        self.forgot.setFlat(True)
        row.addWidget(self.forgot)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.stack.addWidget(normal)

        recovery = QWidget()
        rl = QVBoxLayout(recovery)
        rl.addWidget(
            _wrap(
                self.tr(
                    "Type the recovery key you wrote down when you set up "
                    "mentorapp, then choose a new passphrase."
                )
            )
        )
        rform = QFormLayout()
        self.recovery_key = QLineEdit()
        self.recovery_key.setAccessibleName(self.tr("Recovery key"))
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new_passphrase = _password(self.tr("New passphrase"))
        self.new_confirm = _password(self.tr("Type the new passphrase again"))
        rform.addRow(self.tr("Recovery &key"), self.recovery_key)
        rform.addRow(self.tr("&New passphrase"), self.new_passphrase)
        rform.addRow(self.tr("Type it &again"), self.new_confirm)
        rl.addLayout(rform)
        self.recovery_message = _wrap("")
        rl.addWidget(self.recovery_message)
        rrow = QHBoxLayout()
        back = QPushButton(self.tr("&Back"))
        self.recover_button = QPushButton(self.tr("Unlock and &set passphrase"))
        rrow.addWidget(back)
        rrow.addStretch(1)
        rrow.addWidget(self.recover_button)
        rl.addLayout(rrow)
        self.stack.addWidget(recovery)

        self._cooldown = QTimer(self)
        self._cooldown.setSingleShot(True)
        self._cooldown.timeout.connect(self._cooled)
        self.unlock_button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)
        self.forgot.clicked.connect(lambda: self._show_part(1))
        back.clicked.connect(lambda: self._show_part(0))
        self.recover_button.clicked.connect(self._submit_recovery)

    def _show_part(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        (self.recovery_key if index else self.passphrase).setFocus()

    def showEvent(self, event: object) -> None:
        self.passphrase.setFocus()

    def _submit(self) -> None:
        if self._cooldown.isActive() or not self.passphrase.text():
            return
        self.unlock_button.setEnabled(False)
        self.message.setText("")
        self.busy.start(self.tr("Unlocking…"))
        self._unlock(self.passphrase.text())

    def failed(self, message: str) -> None:
        """Called when the passphrase was wrong: say so, and slow the next attempt."""
        self.busy.stop()
        self.failures += 1
        self.passphrase.selectAll()
        delay = 0 if self.failures < 3 else min(2 ** (self.failures - 2), 60)
        text = message
        if delay:
            text += " " + self.tr("Please wait %n second(s) before trying again.", "", delay)
            self.passphrase.setEnabled(False)
            self._cooldown.start(delay * 1000)
        else:
            self.unlock_button.setEnabled(True)
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {style.alert()};")

    def _cooled(self) -> None:
        self.passphrase.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.passphrase.setFocus()

    def _submit_recovery(self) -> None:
        verdict = assess(self.new_passphrase.text())
        if not verdict.acceptable:
            self.recovery_message.setText(self.tr(verdict.advice))
            return
        if self.new_passphrase.text() != self.new_confirm.text():
            self.recovery_message.setText(self.tr("The two new passphrases do not match."))
            return
        self.recover_button.setEnabled(False)
        self.recovery_message.setText(self.tr("Checking the recovery key…"))
        self._recover(self.recovery_key.text(), self.new_passphrase.text())

    def recovery_failed(self, message: str) -> None:
        self.recover_button.setEnabled(True)
        self.recovery_message.setText(message)
        self.recovery_message.setStyleSheet(f"color: {style.alert()};")

    def hold(self, message: str) -> None:
        """Show the screen but take no passphrase yet (the keys are still being dropped)."""
        self.reset()
        self.passphrase.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self.forgot.setEnabled(False)
        self.busy.start(message)

    def reset(self) -> None:
        self.busy.stop()
        self.forgot.setEnabled(True)
        self.passphrase.clear()
        self.passphrase.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.recovery_key.clear()
        self.new_passphrase.clear()
        self.new_confirm.clear()
        self.recover_button.setEnabled(True)
        self.stack.setCurrentIndex(0)
