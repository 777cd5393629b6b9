"""Starting the desktop app: the font, language and direction, the database thread, the first-run
set-up or the sign-in, then the main window. ``loyaltydesk`` with no command lands here."""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProxyStyle, QStyle, QStyleFactory

from loyaltydesk import resources, services
from loyaltydesk.services import server_login

from . import errors, i18n, server_dialog, theme
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
    theme.apply(app, compact=False)  # the look chosen on this PC (light or dark): resources/theme/*.qss and its palette
    return app


SMALL_SCREEN = 720  # an available height below this (1024×600, 1280×720 less a task bar) is made compact
COMPACT_POINTS = 9  # instead of i18n's 10
COMPACT_MARGIN, COMPACT_SPACING = 6, 4  # layouts' margins and spacing (Fusion's are 9 and 6)


class CompactStyle(QProxyStyle):
    """The platform's style with tighter layout margins and spacing, for small screens."""

    MARGINS = (QStyle.PixelMetric.PM_LayoutLeftMargin, QStyle.PixelMetric.PM_LayoutRightMargin,
               QStyle.PixelMetric.PM_LayoutTopMargin, QStyle.PixelMetric.PM_LayoutBottomMargin)
    SPACINGS = (QStyle.PixelMetric.PM_LayoutHorizontalSpacing, QStyle.PixelMetric.PM_LayoutVerticalSpacing)

    def pixelMetric(self, metric, option=None, widget=None):  # noqa: N802 - Qt's name
        if metric in self.MARGINS:
            return min(COMPACT_MARGIN, super().pixelMetric(metric, option, widget))
        if metric in self.SPACINGS:
            return min(COMPACT_SPACING, super().pixelMetric(metric, option, widget))
        return super().pixelMetric(metric, option, widget)


def fit_to_screen(app: QApplication, available_height: int | None = None) -> bool:
    """On a small screen (the primary screen's available height, or the one given) the compact
    look: a 9 pt font and tighter layouts, so that every page of the main window fits 1024×600
    without scrolling (tests/gui/test_window_fit.py). Returns whether it was made compact."""
    if available_height is None:
        screen = app.primaryScreen()
        available_height = screen.availableGeometry().height() if screen is not None else SMALL_SCREEN
    if available_height >= SMALL_SCREEN:
        return False
    theme.take_off(app)  # a font or a style set under a style sheet does not reach the widgets: it comes back below
    font = app.font()
    if font.pointSizeF() > COMPACT_POINTS:
        font.setPointSizeF(COMPACT_POINTS)
        app.setFont(font)
    if not isinstance(app.style(), CompactStyle):
        app.setStyle(CompactStyle(QStyleFactory.create(app.style().name())))
    theme.apply(app, theme.current().name, compact=True)  # less room around the text, smaller titles
    return True


DOOR_KEY = "door/"  # QSettings: the shop's name and mark per club file, for the sign-in of a locked club


def _door_key(db_path) -> str:
    place = server_dialog.where(db_path) if server_login.is_url(str(db_path)) else str(Path(db_path).resolve())
    return DOOR_KEY + hashlib.sha256(place.encode("utf-8")).hexdigest()[:16]


def remember_door(db_path: Path, shop_name: str, logo: bytes | None) -> None:
    """Keep on this PC what the sign-in of this club shows (an encrypted club cannot be read before
    it): its name, and its logo made small (the sign-in shows it at dialogs.MARK_SIZE px)."""
    from .dialogs import MARK_SIZE

    small = QByteArray()
    pixmap = QPixmap()
    if logo and pixmap.loadFromData(logo):
        buffer = QBuffer(small)
        buffer.open(QBuffer.OpenModeFlag.WriteOnly)
        pixmap.scaledToHeight(min(MARK_SIZE, pixmap.height()), Qt.TransformationMode.SmoothTransformation).save(buffer, "PNG")
    settings = QSettings("LoyaltyDesk", "LoyaltyDesk")
    settings.setValue(_door_key(db_path) + "/name", shop_name)
    settings.setValue(_door_key(db_path) + "/logo", small)


def remembered_door(db_path: Path) -> tuple[str, bytes | None]:
    """The name and small logo kept by ``remember_door`` for this club ("" and None if none)."""
    settings = QSettings("LoyaltyDesk", "LoyaltyDesk")
    name = settings.value(_door_key(db_path) + "/name", "")
    logo = settings.value(_door_key(db_path) + "/logo", None)
    return str(name or ""), (bytes(logo) if logo else None)


class Launcher:
    """Opens the club at ``db_path`` and walks the person in: demo fill, first run or sign-in."""

    def __init__(self, db_path: Path | str, *, demo: bool = False, clock=None, log_file: Path | None = None):
        # a club on the shop's server: its URL (no password kept; the keyring's, if any, is used)
        self.server: str | None = server_login.without_password(db_path) if server_login.is_url(db_path) else None
        self.db_path: Path | str = self.server if self.server is not None else Path(db_path)
        # a club file this start makes (a new till's first run): removed if the first run chooses a server
        self._new_file = self.server is None and not Path(db_path).exists()
        self.demo = demo
        self.runner = Runner(server_login.resolved(str(db_path)) if self.server else self.db_path, clock)
        self.window: MainWindow | None = None
        if log_file is not None:  # the folder is made when missing (a first start with --db)
            errors.attach_log(log_file)

    def prepare(self):
        """Open (and if needed migrate, or fill the demo club); returns (needs set-up, shop name,
        its logo or None).
        Runs on the database thread; the caller waits, as nothing can be shown before it."""
        demo, clock = self.demo, self.runner.clock

        def job(db):
            if demo and services.users.needs_setup(db):
                services.demo.make_demo_club(db, clock)
            needs = services.users.needs_setup(db)
            # an encrypted club is locked until a sign-in opens it: its name is not known before
            if db.locked:
                return needs, "", None
            return needs, services.club.club_settings_of(db).shop_name, services.users.logo_of(db)

        needs, name, logo = self.runner.call_db(job).result()
        if not needs and not name:  # a locked club: the name and mark this PC saw at its last sign-in
            name, logo = remembered_door(self.db_path)
        return needs, name, logo

    def door(self) -> QDialog:
        try:
            needs_setup, shop_name, logo = self.prepare()
        except Exception as e:  # a server club whose password is not known here, or was refused: asked
            if self.server is None or not server_login.needs_password(e):
                raise
            name, mark = remembered_door(self.server)
            return SignInDialog(self.runner, name, logo=mark, server=self.server, server_error=e)
        if needs_setup:
            return FirstRunDialog(self.runner)
        dialog = SignInDialog(self.runner, shop_name, logo=logo)
        if self.demo:
            dialog.username.setText(services.demo.DEMO_OWNER)
            dialog.hint.setText(i18n.arg(QCoreApplication.translate(
                "SignInDialog", "Demo club: sign in as %1 (owner) or %2 (cashier), password %3."), services.demo.DEMO_OWNER, services.demo.DEMO_CASHIER, services.demo.DEMO_PASSWORD))
            dialog.hint.show()
            dialog.password.setFocus()
        return dialog

    def warm_up(self) -> None:
        """Load what the main window's first page needs (the icon font, the modules of the owner's
        home page and of the till) before the window is built: while the sign-in's key derivation
        runs on the database thread (scrypt lets go of the GIL) or while a person types the
        password (``run`` calls it once the door is on screen). The window would load them itself."""
        theme.mdi6()
        from .pages import home, till_page  # noqa: F401 - imported for what they load

    def pointed(self, dialog: QDialog) -> bool:
        """After the first run: whether it pointed this till at a server club (then this PC starts
        it from now on, and its sign-in is the next door when the club was there already)."""
        url = getattr(dialog, "server_url", None)
        if url is None:
            return False
        server_dialog.save_server(url)
        own, self.server, self.db_path = self.db_path, url, url
        if self._new_file and isinstance(own, Path):  # the runner has closed it (point_at): nothing left behind
            server_login.forget_unused_club_file(own)
            self._new_file = False
        return True

    def open_window(self, session) -> MainWindow:
        self.runner.sign_in(session)
        db_path = self.db_path
        self.runner.call(lambda s: (services.club.get_settings(s).shop_name, services.users.logo(s)),
                         lambda door: remember_door(db_path, *door))
        self.window = MainWindow(self.runner, session)
        self.window.signed_out.connect(self._again)
        return self.window

    def _again(self) -> None:
        """After signing out (the window is hidden, not closed, and has let go of the runner):
        the sign-in again, or quit."""
        old, self.window = self.window, None
        if old is not None:
            old.deleteLater()
        dialog = self.door()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.session is not None:
            self.open_window(dialog.session).show_maximized()
        else:
            QCoreApplication.quit()

    def close(self) -> None:
        self.runner.close()


def run(db_path: Path | str, *, demo: bool = False, log_file: Path | None = None, follow_settings: bool = False) -> int:
    """The desktop app. Every exception nothing else caught, from here on, goes to the errors log
    (``log_file``) and to one calm notice (``gui.errors``). ``follow_settings`` (started without
    ``--db``): the server club this PC was pointed at, if any, instead of ``db_path``."""
    if log_file is not None:
        errors.attach_log(log_file)
    app = make_app()
    if follow_settings:
        db_path = server_dialog.saved_server() or db_path
    fit_to_screen(app)
    catcher = errors.ErrorCatcher(app).install()
    launcher = None
    try:
        launcher = Launcher(db_path, demo=demo, log_file=log_file)
        try:
            dialog = launcher.door()
        except Exception as e:  # the database cannot be opened: say so, never a traceback
            logging.getLogger("loyaltydesk").exception("cannot open %s", server_dialog.where(db_path))
            # the quick integrity check of the start (DamagedClub), a read-only or full disk, a busy
            # file: each its own message; the file is named below unless the message names it itself
            fault = services.fault_of(e, server_dialog.where(db_path))
            text = i18n.error_text(fault or e)
            if "path" not in getattr(fault or e, "params", {}):
                text += "\n" + i18n.ltr(server_dialog.where(db_path))
            QMessageBox.critical(None, QCoreApplication.translate("LoyaltyDesk", "LoyaltyDesk"), text)
            return 1
        QTimer.singleShot(0, dialog, launcher.warm_up)  # once the door is on screen, while one types
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        if dialog.session is None and launcher.pointed(dialog):  # the first run found a club on a server
            dialog = launcher.door()
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
        elif dialog.session is not None:
            launcher.pointed(dialog)
        launcher.open_window(dialog.session).show_maximized()
        return app.exec()
    except Exception as e:  # at start, before the window's event loop: logged, said once, then out
        logging.getLogger("loyaltydesk").exception("the app could not start")
        QMessageBox.critical(None, QCoreApplication.translate("LoyaltyDesk", "LoyaltyDesk"), i18n.error_text(e))
        return 1
    finally:
        if launcher is not None:
            launcher.close()  # waits for a purchase being written: closing mid-operation loses nothing
        catcher.uninstall()
