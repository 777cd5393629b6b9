"""Asking before an action that is hard to undo, and keeping Enter away from such actions.

A confirmation's default button is the safe one: Enter or Esc cancels, only a click on (or a Tab
to and Enter or Space on) the named action goes ahead. ``no_default_buttons`` takes a dialog's push buttons
out of Qt's "Enter clicks the first button" rule (a ``QPushButton`` in a ``QDialog`` is
auto-default, and the first one in the focus chain becomes the default when the dialog shows: the
member dialog's "Block" button was, so Enter in the mobile field blocked the member).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

def ask(parent: QWidget, title: str, text: str, action: str, on_yes: Callable[[], None],
        on_no: Callable[[], None] | None = None, *, keep: str | None = None,
        name: str = "confirmBox") -> QMessageBox:
    """Open (without blocking) a question with ``action`` and ``keep`` (Cancel by default); ``keep``
    is the default and the escape button and has the focus. ``on_yes`` runs only when ``action``
    is clicked; ``on_no`` whichever other way the question ends (Enter, Esc, its window closed)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(name)
    yes = box.button(QMessageBox.StandardButton.Yes)
    yes.setText(action)
    yes.setObjectName("confirmYes")  # (auto-default: Enter clicks it only once Tab has put the focus on it)
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    cancel.setText(keep or QCoreApplication.translate("Confirm", "Cancel"))  # (a literal context: lupdate reads it)
    cancel.setObjectName("confirmCancel")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def finished(_result) -> None:
        if box.clickedButton() is yes:
            on_yes()
        elif on_no is not None:
            on_no()

    box.finished.connect(finished)
    box.open()
    cancel.setFocus()
    return box


def no_default_buttons(widget: QWidget) -> None:
    """No push button under ``widget`` is clicked by an Enter pressed elsewhere (a button that has
    the focus still answers Space)."""
    for button in widget.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)
