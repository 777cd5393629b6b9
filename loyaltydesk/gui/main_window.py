"""The main window composes the pages and a few actions; it holds no behaviour of its own.

Pages are listed in ``gui.pages.PAGES``; each is built with the runner and shown only to the
roles that may use it. A cashier never sees the owner's pages (and the services refuse them anyway).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget, QWidget

from loyaltydesk import __version__, services
from loyaltydesk.domain.roles import Role

from . import i18n
from .daily import DailyJobs
from .ops import Runner, back_up
from .pages import PAGES
from .widgets import show_error

DAILY_CHECK_MS = 60 * 60 * 1000  # the automatic tasks look every hour whether they are due


class MainWindow(QMainWindow):
    signed_out = Signal()

    def __init__(self, runner: Runner, session: services.Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.runner = runner
        self.session = session
        self.settings = None
        self.setWindowTitle(self.tr("LoyaltyDesk"))
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setMaximumWidth(200)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for spec in PAGES:
            if spec.owner_only and session.user.role != Role.OWNER:
                continue
            page = spec.build(runner, self)
            if hasattr(page, "settings_changed"):  # a saved unit or shop name reaches every page
                page.settings_changed.connect(self._settings_loaded)
            self.pages[spec.name] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(spec.title())
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_page)
        split = QSplitter()
        split.addWidget(self.nav)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)

        who = session.user.display_name or session.user.username
        role = self.tr("owner") if session.user.role == Role.OWNER else self.tr("cashier")
        self.user_label = QLabel(i18n.arg(self.tr("Signed in: %1 (%2)"), who, role))
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        runner.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("Working…") if busy else ""))
        runner.error.connect(lambda e: show_error(self, e))

        menu = self.menuBar().addMenu(self.tr("&Club"))
        password = QAction(self.tr("Change my password…"), self)
        password.triggered.connect(self.change_password)
        menu.addAction(password)
        if session.user.role == Role.OWNER:
            backup = QAction(self.tr("Back up now"), self)
            backup.triggered.connect(self.back_up_now)
            menu.addAction(backup)
        menu.addSeparator()
        sign_out = QAction(self.tr("Sign out"), self)
        sign_out.triggered.connect(self.sign_out)
        menu.addAction(sign_out)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        about = self.menuBar().addMenu(self.tr("&Help")).addAction(self.tr("About LoyaltyDesk"))
        about.triggered.connect(lambda: self.statusBar().showMessage(
            i18n.arg(self.tr("LoyaltyDesk %1: the customer club of your shop."), i18n.digits(__version__)), 5000))

        self.nav.setCurrentRow(0)
        self.resize(1200, 760)
        runner.call(services.club.get_settings, self._settings_loaded)
        self.daily = DailyJobs(runner, self)
        self.daily.backup_made.connect(lambda _info: self.statusBar().showMessage(self.tr("Automatic backup made."), 5000))
        self.daily.failed.connect(lambda error: self.statusBar().showMessage(
            i18n.arg(self.tr("The automatic tasks stopped: %1"), i18n.error_text(error)), 15000))
        self._daily = QTimer(self, interval=DAILY_CHECK_MS)
        self._daily.timeout.connect(lambda: self.daily_jobs(at_start=False))
        self._daily.start()
        self.daily_jobs(at_start=True)

    def daily_jobs(self, at_start: bool) -> None:
        """What the club does by itself, whoever is signed in, at start and then every hour: the
        automatic backup (when one is due), points past their date expired, birthday bonuses.
        In short steps on the database thread (the cashier's work goes in between) and the backup's
        copy on a thread of its own (``gui.daily``); a failure is said in the status bar, never in the way."""
        self.daily.start(at_start)

    def change_password(self) -> None:
        from .password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.runner, self)
        dialog.setObjectName("changePassword")
        dialog.open()

    def back_up_now(self) -> None:
        def plan(s):
            from loyaltydesk.services import backup

            return backup.plan_backup(s)

        back_up(self.runner, plan, lambda info: self.statusBar().showMessage(
            i18n.arg(self.tr("Backed up to %1"), i18n.ltr(str(info.path))), 10000), lambda e: show_error(self, e))

    def _settings_loaded(self, settings) -> None:
        self.settings = settings
        i18n.set_display_unit(settings.display_unit)  # amounts filled into messages (issue 15)
        self.setWindowTitle(i18n.arg(self.tr("%1 — LoyaltyDesk"), settings.shop_name))
        for page in self.pages.values():
            if hasattr(page, "set_unit"):
                page.set_unit(settings.display_unit)

    def _show_page(self, row: int) -> None:
        name = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        page = self.pages[name]
        self.stack.setCurrentWidget(page)
        if hasattr(page, "activate"):
            page.activate()

    def show_page(self, name: str) -> QWidget:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.nav.setCurrentRow(row)
                return self.pages[name]
        raise KeyError(name)

    def sign_out(self) -> None:
        self._daily.stop()
        self.daily.stop()
        self.runner.sign_out()
        self.hide()
        self.signed_out.emit()
