"""Colours that stay readable on light and dark system themes."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import QLabel


def _dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.palette().window().color().lightness() < 128


def alert() -> str:
    """Problems and safeguarding alerts: deep red on light themes, soft red on dark."""
    return "#ff8a80" if _dark() else "#b00020"


def good() -> str:
    return "#a5d6a7" if _dark() else "#1b5e20"


def alert_brush() -> QBrush:
    return QBrush(QColor(alert()))


def heading(text: str, scale: float = 1.35) -> QLabel:
    """A bold, larger, wrapping label that grows with the system font size."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label
