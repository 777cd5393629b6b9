"""Starting the desktop app: the font, language and direction, the database thread, the first-run
set-up or the sign-in, then the main window. ``loyaltydesk`` with no command lands here."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from loyaltydesk import resources, services

from . import i18n
from .dialogs import FirstRunDialog, SignInDialog
from .main_window import MainWindow
from .ops import Runner


def make_app(argv=None) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("LoyaltyDesk")
    app.setOrganizationName("LoyaltyDesk")
    icon = resources.path("icons", "loyaltydesk.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    i18n.install(app)
    style = resources.path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


class Launcher:
    """Opens the club at ``db_path`` and walks the person in: demo fill, first run or sign-in."""

    def __init__(self, db_path: Path, *, demo: bool = False, clock=None, log_file: Path | None = None):
        self.db_path = Path(db_path)
        self.demo = demo
        self.runner = Runner(self.db_path, clock)
        self.window: MainWindow | None = None
        if log_file is not None:
            handler = logging.FileHandler(log_file, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            logging.getLogger("loyaltydesk").addHandler(handler)

    def prepare(self):
        """Open (and if needed migrate, or fill the demo club); returns (needs set-up, shop name).
        Runs on the database thread; the caller waits, as nothing can be shown before it."""
        demo, clock = self.demo, self.runner.clock

        def job(db):
            if demo and services.users.needs_setup(db):
                services.demo.make_demo_club(db, clock)
            needs = services.users.needs_setup(db)
            return needs, services.club.club_settings_of(db).shop_name

        return self.runner.call_db(job).result()

    def door(self) -> QDialog:
        needs_setup, shop_name = self.prepare()
        if needs_setup:
            return FirstRunDialog(self.runner)
        dialog = SignInDialog(self.runner, shop_name)
        if self.demo:
            dialog.username.setText(services.demo.DEMO_OWNER)
            dialog.form.general().setText(i18n.arg(QCoreApplication.translate(
                "SignInDialog", "Demo club: sign in as %1 (owner) or %2 (cashier), password %3."), services.demo.DEMO_OWNER, services.demo.DEMO_CASHIER, services.demo.DEMO_PASSWORD))
            dialog.form.general().show()
            dialog.password.setFocus()
        return dialog

    def open_window(self, session) -> MainWindow:
        self.runner.sign_in(session)
        self.window = MainWindow(self.runner, session)
        self.window.signed_out.connect(self._again)
        return self.window

    def _again(self) -> None:
        """After signing out (the window is hidden, not closed): the sign-in again, or quit."""
        old = self.window
        dialog = self.door()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.open_window(dialog.session).show()
        else:
            QCoreApplication.quit()
        if old is not None:
            old.deleteLater()

    def close(self) -> None:
        self.runner.close()


def run(db_path: Path, *, demo: bool = False, log_file: Path | None = None) -> int:
    app = make_app()
    launcher = Launcher(db_path, demo=demo, log_file=log_file)
    try:
        dialog = launcher.door()
    except Exception as e:  # the database cannot be opened: say so, never a traceback
        logging.getLogger("loyaltydesk").exception("cannot open %s", db_path)
        QMessageBox.critical(None, QCoreApplication.translate("LoyaltyDesk", "LoyaltyDesk"), i18n.error_text(e) + "\n" + str(db_path))
        launcher.close()
        return 1
    if dialog.exec() != QDialog.DialogCode.Accepted:
        launcher.close()
        return 0
    launcher.open_window(dialog.session).show()
    code = app.exec()
    launcher.close()  # waits for a purchase being written: closing mid-operation loses nothing
    return code
