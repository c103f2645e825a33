"""Joining an organisation: the service address, the enrolment code, a name for this
laptop and the passphrase; then what was joined, or plainly why not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentorapp.sync.client import InsecureServer, ServiceError, SyncError, Unreachable
from mentorapp.sync.enrol import (
    JoinRefused,
    JoinResult,
    OtherPassphraseNeeded,
    PassphraseMismatch,
    default_label,
)
from mentorapp.sync.trust import UntrustedServer
from mentorapp.ui import style
from mentorapp.ui.access import Busy


@dataclass(frozen=True)
class JoinRequest:
    server_url: str
    code: str
    label: str | None
    passphrase: str
    other_passphrase: str | None


def role_label(role: str) -> str:
    """A role in words (the service's codes are never shown)."""
    labels = {
        "mentor": QCoreApplication.translate("Roles", "mentor"),
        "supervisor": QCoreApplication.translate("Roles", "supervisor"),
        "admin": QCoreApplication.translate("Roles", "administrator"),
    }
    return labels.get(role, role.replace("_", " "))


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class JoinDialog(QDialog):
    """``join(request, done, failed)`` runs the join off the GUI thread and calls
    ``done(JoinResult)`` or ``failed(exception)`` back on it."""

    def __init__(
        self,
        join: Callable[
            [JoinRequest, Callable[[JoinResult], None], Callable[[BaseException], None]], None
        ],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._join = join
        self.result_info: JoinResult | None = None
        self.setWindowTitle(self.tr("Join your organisation"))
        self.setAccessibleName(self.tr("Join your organisation"))
        layout = QVBoxLayout(self)
        self.heading = style.heading(self.tr("Join your organisation"))
        layout.addWidget(self.heading)
        self.intro = QLabel(
            self.tr(
                "Your organisation gives you the address of its service and a one-time "
                "enrolment code. Once joined, what you record is sent to the service, "
                "encrypted, so your supervisor can read it; the service itself cannot."
            )
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form_area = self._form()
        layout.addWidget(self.form_area)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Join message"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.fingerprint = QLabel()
        self.fingerprint.setAccessibleName(self.tr("Organisation key fingerprint"))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.fingerprint.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.fingerprint.setFont(font)
        self.fingerprint.hide()
        layout.addWidget(self.fingerprint)
        self.after = QLabel()
        self.after.setWordWrap(True)
        self.after.hide()
        layout.addWidget(self.after)
        self.busy = Busy()
        layout.addWidget(self.busy)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.join_button = QPushButton(self.tr("&Join"))
        self.join_button.setDefault(True)
        self.buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.join_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.resize(640, self.sizeHint().height())

    def _form(self) -> QWidget:
        area = QWidget()
        form = QFormLayout(area)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://mentoring.example.org")
        self.server.setAccessibleName(self.tr("Service address"))
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKMN-PQRS/VWXY-…")
        self.code.setAccessibleName(self.tr("Enrolment code"))
        self.label = QLineEdit()
        self.label.setPlaceholderText(default_label())
        self.label.setMaxLength(80)
        self.label.setAccessibleName(self.tr("Name for this laptop (optional)"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.other = QLineEdit()
        self.other.setEchoMode(QLineEdit.EchoMode.Password)
        self.other.setAccessibleName(self.tr("Passphrase of your other laptop"))
        form.addRow(self.tr("Service &address"), self.server)
        form.addRow(self.tr("Enrolment &code"), self.code)
        form.addRow(self.tr("&Name for this laptop (optional)"), self.label)
        form.addRow(self.tr("&Passphrase"), self.passphrase)
        form.addRow(
            "",
            _hint(
                self.tr(
                    "The passphrase you unlock mentorapp with. It locks the copy of your "
                    "keys kept on the service, so that a new laptop of yours can get them "
                    "back with it."
                )
            ),
        )
        self.other_label = QLabel(self.tr("Passphrase of your &other laptop"))
        self.other_label.setBuddy(self.other)
        self.other_label.setWordWrap(True)
        form.addRow(self.other_label, self.other)
        self._other_row = (self.other_label, self.other)
        self._show_other(False)
        return area

    def _show_other(self, shown: bool) -> None:
        for widget in self._other_row:
            widget.setVisible(shown)

    def _say(self, text: str, problem: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {style.alert()};" if problem else "")

    def submit(self) -> None:
        if self.join_button.isHidden() or not self.join_button.isEnabled():
            return
        missing = [
            (self.server, self.tr("Type the service address your organisation gave you.")),
            (self.code, self.tr("Type the enrolment code your organisation gave you.")),
            (self.passphrase, self.tr("Type your passphrase.")),
        ]
        if not self.other.isHidden():
            missing.append((self.other, self.tr("Type the passphrase of your other laptop.")))
        for line, text in missing:
            if not line.text().strip():
                self._say(text)
                line.setFocus()
                return
        request = JoinRequest(
            server_url=self.server.text().strip(),
            code=self.code.text().strip(),
            label=self.label.text().strip() or None,
            passphrase=self.passphrase.text(),
            other_passphrase=None if self.other.isHidden() else self.other.text(),
        )
        self._say("", problem=False)
        self.join_button.setEnabled(False)
        self.form_area.setEnabled(False)
        self.busy.start(self.tr("Joining: talking to the service…"))
        self._join(request, self.joined, self.failed)

    # -- outcomes ---------------------------------------------------------------------------

    def failed(self, error: BaseException) -> None:
        self.busy.stop()
        self.form_area.setEnabled(True)
        self.join_button.setEnabled(True)
        focus = self._explain(error)
        focus.setFocus()
        focus.selectAll()

    # One message per way joining can fail.
    def _explain(self, error: BaseException) -> QLineEdit:  # noqa: PLR0911
        if isinstance(error, PassphraseMismatch):
            self._say(
                self.tr(
                    "That is not the passphrase you unlock mentorapp with on this laptop. "
                    "Nothing was sent."
                )
            )
            return self.passphrase
        if isinstance(error, OtherPassphraseNeeded):
            self._show_other(True)
            if error.tried:
                self._say(
                    self.tr(
                        "That passphrase does not open your keys either. Check it and press "
                        "Join again, or ask your administrator to reset your keys."
                    )
                )
            else:
                self._say(
                    self.tr(
                        "You have joined from another laptop before, with a different "
                        "passphrase. Type the passphrase of that other laptop below and press "
                        "Join again: it opens the copy of your keys kept on the service."
                    )
                )
            return self.other
        if isinstance(error, InsecureServer):
            self._say(str(error))
            return self.server
        if isinstance(error, Unreachable) and not error.again:
            self._say(str(error))
            return self.server
        if isinstance(error, Unreachable):
            self._say(
                self.tr(
                    "Could not reach the service: %1 Check the address and the connection, "
                    "then press Join again with the same code to finish."
                ).replace("%1", str(error))
            )
            return self.server
        if isinstance(error, JoinRefused | UntrustedServer):
            self._say(str(error))
            return self.code
        if isinstance(error, ServiceError) and error.code == "not-mentorapp":
            self._say(str(error))
            return self.server
        if isinstance(error, ServiceError):
            self._say(
                self.tr("The service refused: %1 Nothing was saved here.").replace("%1", str(error))
            )
            return self.code
        text = (
            self.tr("Joining did not finish: %1 Press Join again with the same code to finish.")
            if isinstance(error, SyncError)
            else self.tr("Joining did not finish: %1")
        )
        self._say(text.replace("%1", str(error)))
        return self.code

    def joined(self, result: JoinResult) -> None:
        self.result_info = result
        self.busy.stop()
        self.passphrase.clear()
        self.other.clear()
        for widget in (self.form_area, self.intro, self.join_button, self.cancel_button):
            widget.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.heading.setText(self.tr("You have joined %1").replace("%1", result.org_name))
        self._say(
            self.tr("As %1 (%2). Your organisation's key fingerprint:")
            .replace("%1", role_label(result.role))
            .replace("%2", result.user_name),
            problem=False,
        )
        self.fingerprint.setText(result.org_fingerprint)
        self.fingerprint.show()
        if result.first_supervisor:
            lines = [
                self.tr(
                    "You are the organisation's first supervisor: its keys were made on this "
                    "laptop. Give this fingerprint to your administrator; it goes into "
                    "everyone else's enrolment code."
                )
            ]
        else:
            lines = [
                self.tr(
                    "It matches the fingerprint in your code, so this laptop knows it is "
                    "talking to your organisation."
                )
            ]
        if result.adopted:
            lines.append(
                self.tr(
                    "%n record(s) made before joining are ready to send; syncing starts now.",
                    "",
                    result.adopted,
                )
            )
        else:
            lines.append(self.tr("Syncing starts now."))
        self.after.setText("\n\n".join(lines))
        self.after.show()
        self.close_button.setFocus()
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), self.sizeHint().height())  # no blank where the form was
