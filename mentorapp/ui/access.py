"""Getting in: first run (profile, passphrase, recovery key) and the unlock screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
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

from mentorapp.core.passphrase import Hint, Strength, assess
from mentorapp.store.errors import (
    CryptoError,
    StoreError,
    UnlockDelayed,
    VaultAltered,
    WrongPassphrase,
    WrongRecoveryKey,
)
from mentorapp.ui import style

# The strength check's sentences (core/passphrase.py holds the English), marked
# here so they reach the translation catalogue; a test keeps the two the same.
ADVICE: dict[Hint, object] = {
    Hint.TOO_SHORT: QT_TRANSLATE_NOOP("PassphraseAdvice", "Too short: use at least 10 characters."),
    Hint.WEAK: QT_TRANSLATE_NOOP("PassphraseAdvice", "Too easy to guess."),
    Hint.TRY_WORDS: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "Three or four unrelated words work well."
    ),
    Hint.GOOD: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "Good. A longer phrase would be even stronger."
    ),
    Hint.STRONG: QT_TRANSLATE_NOOP("PassphraseAdvice", "Strong. Make sure you can remember it."),
    Hint.VERY_COMMON: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "It is one of the most commonly used passwords."
    ),
    Hint.LIKE_COMMON: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "It is very like a commonly used password."
    ),
    Hint.SINGLE_WORD: QT_TRANSLATE_NOOP("PassphraseAdvice", "A single word is easy to guess."),
    Hint.NAMES: QT_TRANSLATE_NOOP("PassphraseAdvice", "Names and surnames are easy to guess."),
    Hint.KEYBOARD: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "Rows and patterns of keys on the keyboard are easy to guess."
    ),
    Hint.REPEATS: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "Repeated letters or words are easy to guess."
    ),
    Hint.SEQUENCE: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "Sequences like 'abc' or '6543' are easy to guess."
    ),
    Hint.DATES: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "Years and dates are easy to guess, especially ones linked to you."
    ),
    Hint.CAPITALS: QT_TRANSLATE_NOOP("PassphraseAdvice", "Capital letters do not help much."),
    Hint.SUBSTITUTIONS: QT_TRANSLATE_NOOP(
        "PassphraseAdvice",
        "Swapping letters for look-alikes, such as '@' for 'a', does not help much.",
    ),
    Hint.REVERSED: QT_TRANSLATE_NOOP(
        "PassphraseAdvice", "Words spelled backwards are not much harder to guess."
    ),
}


def advice_text(verdict: Strength) -> str:
    """The strength check's feedback in the person's language."""
    return " ".join(
        QCoreApplication.translate("PassphraseAdvice", str(ADVICE[hint])) for hint in verdict.hints
    )


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
        text = advice_text(verdict) if self.passphrase.text() else ""
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
    recovery key that then asks for a new passphrase.

    The profile counts failures (store/attempts.py) and says how long to wait; this
    screen only shows it and holds the button, so the wait survives a restart.
    """

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
        self._cooldown.setTimerType(Qt.TimerType.PreciseTimer)  # never before the profile allows
        self._cooldown.timeout.connect(self._cooled)
        self._recovery_cooldown = QTimer(self)
        self._recovery_cooldown.setSingleShot(True)
        self._recovery_cooldown.setTimerType(Qt.TimerType.PreciseTimer)
        self._recovery_cooldown.timeout.connect(lambda: self.recover_button.setEnabled(True))
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

    def wait_text(self, seconds: int) -> str:
        """How long to wait, as in "Wait 30 seconds before trying again" (minutes from 2 up)."""
        if seconds >= 120:
            return self.tr("Wait %n minute(s) before trying again.", "", -(-seconds // 60))
        return self.tr("Wait %n second(s) before trying again.", "", seconds)

    def _error_text(self, error: BaseException) -> tuple[str, int]:
        """What to say about a failed unlock, and how long the next attempt waits."""
        wait = 0
        if isinstance(error, UnlockDelayed):
            wait = error.seconds
            text = (
                self.tr("Too many wrong recovery keys were tried.")
                if error.way == "recovery"
                else self.tr("Too many wrong passphrases were tried.")
            )
        elif isinstance(error, WrongPassphrase):
            wait = error.wait_seconds
            text = self.tr(
                "That passphrase is not right. Check Caps Lock and try again, "
                "or use your recovery key."
            )
        elif isinstance(error, WrongRecoveryKey):
            wait = error.wait_seconds
            text = self.tr("That recovery key does not unlock this profile. Check each group.")
        elif isinstance(error, VaultAltered):
            text = self.tr(
                "The vault file has been altered since mentorapp last wrote it, so it "
                "was not used. Unlock with your recovery key to set a new passphrase, "
                "or restore the profile from a backup."
            )
        elif isinstance(error, CryptoError | StoreError):
            text = str(error)
        else:
            text = self.tr("mentorapp could not open your profile: %1").replace("%1", str(error))
        return text, wait

    def failed(self, error: BaseException) -> None:
        """Called when unlocking did not work: say why, and hold the next attempt as
        long as the profile says."""
        self.busy.stop()
        self.failures += 1
        self.passphrase.selectAll()
        message, wait = self._error_text(error)
        self._show_failure(message, wait)

    def pause(self, seconds: int) -> None:
        """Hold the passphrase field while a wait from earlier failures runs (a window
        opened after failures elsewhere, or before a restart)."""
        if seconds > 0:
            self._show_failure(self.tr("Too many wrong passphrases were tried."), seconds)

    def _show_failure(self, message: str, wait: int) -> None:
        text = message
        if wait > 0:
            text += " " + self.wait_text(wait)
            self.passphrase.setEnabled(False)
            self.unlock_button.setEnabled(False)
            self._cooldown.start(wait * 1000)
        else:
            self.unlock_button.setEnabled(True)
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {style.alert()};")

    def _cooled(self) -> None:
        self.passphrase.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.passphrase.setFocus()

    def _submit_recovery(self) -> None:
        if self._recovery_cooldown.isActive():
            return
        verdict = assess(self.new_passphrase.text())
        if not verdict.acceptable:
            self.recovery_message.setText(advice_text(verdict))
            return
        if self.new_passphrase.text() != self.new_confirm.text():
            self.recovery_message.setText(self.tr("The two new passphrases do not match."))
            return
        self.recover_button.setEnabled(False)
        self.recovery_message.setText(self.tr("Checking the recovery key…"))
        self._recover(self.recovery_key.text(), self.new_passphrase.text())

    def recovery_failed(self, error: BaseException) -> None:
        message, wait = self._error_text(error)
        if wait > 0:
            message += " " + self.wait_text(wait)
            self.recover_button.setEnabled(False)
            self._recovery_cooldown.start(wait * 1000)
        else:
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
        self._cooldown.stop()
        self._recovery_cooldown.stop()
        self.message.setText("")
        self.recovery_message.setText("")
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
