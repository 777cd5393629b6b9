"""No error lost: what nothing else caught goes to the errors log and to one calm notice.

The desktop app has no terminal on Windows, so a traceback printed there is a traceback lost. The
catcher takes over ``sys.excepthook`` (an exception in a Qt slot or event handler, or at start)
and ``threading.excepthook`` (a Python thread), writes each one with its traceback to
``loyaltydesk-errors.log`` in the data folder (the folder and file are made when missing), and
shows ONE calm notice in the person's language: never a traceback, and not one box per exception
when a bug repeats (while the notice is open, or within ``QUIET_S`` of the last one, the next
exceptions are only written down). The runner's unexpected job errors are logged by the runner
itself and come to the same notice through ``notify``.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from . import i18n

LOG_NAME = "loyaltydesk-errors.log"
QUIET_S = 10.0  # after a notice was shown, the next one waits at least this long

log = logging.getLogger("loyaltydesk")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def attach_log(path: Path) -> Path | None:
    """Write the ``loyaltydesk`` loggers' errors to ``path`` (its folder is made when missing).
    Attached once per file, however often it is asked; returns the file, or None when it cannot
    be written (then the errors still reach stderr through Python's last-resort handler)."""
    path = Path(path).absolute()
    for handler in log.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)  # the file appears with the first error
    except OSError:
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(FORMAT))
    log.addHandler(handler)
    return path


def detach_log(path: Path) -> None:
    path = Path(path).absolute()
    for handler in list(log.handlers):
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            log.removeHandler(handler)
            handler.close()


def logged_to() -> Path | None:
    """The errors log attached, if any."""
    for handler in log.handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


class ErrorCatcher(QObject):
    """Installed once by the app (``install``); ``uninstall`` puts the previous hooks back."""

    caught = Signal()  # from any thread; the notice is shown on the GUI thread

    def __init__(self, parent: QObject | None = None, quiet_s: float = QUIET_S):
        super().__init__(parent)
        self.quiet_s = quiet_s
        self.count = 0  # exceptions caught
        self.notices = 0  # notices shown
        self.notice: QMessageBox | None = None
        self._last_notice = float("-inf")
        self._previous = None
        self.caught.connect(self.notify, Qt.ConnectionType.QueuedConnection)

    def install(self) -> "ErrorCatcher":
        global _current
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self.excepthook
            threading.excepthook = self.thread_excepthook
        _current = self
        return self

    def uninstall(self) -> None:
        global _current
        if self._previous is not None:
            if sys.excepthook == self.excepthook:
                sys.excepthook = self._previous[0]
            if threading.excepthook == self.thread_excepthook:
                threading.excepthook = self._previous[1]
            self._previous = None
        if _current is self:
            _current = None

    # -- the hooks (any thread) ---------------------------------------------------------------------
    def excepthook(self, kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in a terminal: not a bug
            sys.__excepthook__(kind, value, tb)
            return
        self.record(kind, value, tb, "")

    def thread_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.record(args.exc_type, args.exc_value, args.exc_traceback, f" in thread {name}")

    def record(self, kind, value, tb, where: str) -> None:
        self.count += 1
        try:
            log.error("uncaught %s%s:\n%s", getattr(kind, "__name__", kind), where,
                      "".join(traceback.format_exception(kind, value, tb)).rstrip())
        except Exception:  # the log must never be the next error
            pass
        try:
            self.caught.emit()
        except RuntimeError:  # the app is going away
            pass

    # -- the notice (GUI thread) -------------------------------------------------------------------
    def notify(self) -> None:
        """Show the one notice, unless one is open or was shown a moment ago."""
        if QCoreApplication.instance() is None or QCoreApplication.closingDown():
            return
        if self.notice is not None or time.monotonic() - self._last_notice < self.quiet_s:
            return
        self._last_notice = time.monotonic()
        self.notices += 1
        parent = QApplication.activeModalWidget() or QApplication.activeWindow()
        if parent is not None and not parent.isVisible():  # a window closed, not yet deleted: it would take the notice along
            parent = None
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("LoyaltyDesk", "LoyaltyDesk"),
                          notice_text(), QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("errorNotice")
        where = logged_to()
        if where is not None:
            box.setInformativeText(i18n.arg(QCoreApplication.translate("ErrorNotice", "The error log: %1"),
                                            i18n.ltr(str(where))))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        box.destroyed.connect(self._closed)  # gone with the window it sat on: the next error shows one again
        self.notice = box
        box.open()

    def _closed(self, _result=None) -> None:
        self.notice = None


def notice_text() -> str:
    return QCoreApplication.translate(
        "ErrorNotice", "Something unexpected went wrong. It was written to the error log, and what was saved "
        "before is safe. You can carry on working; if it happens again, please tell whoever looks after this program.")


_current: ErrorCatcher | None = None


def current() -> ErrorCatcher | None:
    return _current


_fallback: ErrorCatcher | None = None


def notify() -> None:
    """The one notice for an error already logged (the runner's unexpected job errors); without
    an installed catcher (a test's window) a catcher of its own keeps it to one notice too."""
    global _fallback
    if _current is not None:
        _current.notify()
        return
    if _fallback is None:
        _fallback = ErrorCatcher(QCoreApplication.instance())
    _fallback.notify()
