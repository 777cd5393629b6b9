"""The main window composes the pages and a few actions; it holds no behaviour of its own.

Pages are listed in ``gui.pages.PAGES``; each is built with the runner, the first time it is
shown (``LazyPages``: the window opens with its first page only), and shown only to the roles that
may use it. Each is a ``pages.Page``: the runner's broadcast of what a job changed
(``Runner.changes``) reaches the pages that show one of its flags, the one on screen at once, the
others when next shown (as Anki's screens mark themselves for a redraw); a page is read the first
time it is shown. A cashier never sees the owner's pages (and the services refuse them anyway).
Ctrl+1 … Ctrl+N open the pages in the order of the list (each item's tooltip says its keys), so a
cashier (and the tests from outside) move without the mouse.

The window opens maximized within the screen's available area (``show_maximized``) and works down
to 1024×600: each page sits in a scroll area of its own, so a page taller or wider than the screen
scrolls instead of pushing the status bar off it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFrame, QLabel, QListWidget, QListWidgetItem, QMainWindow, QScrollArea, QSplitter, QStackedWidget,
    QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.services.changes import ALL, NONE, Changes

from . import errors, i18n, theme
from .daily import DailyJobs
from .sms_sender import SmsSender
from .ops import Runner, UnexpectedError, back_up
from .pages import PAGES, Page, PageSpec
from .widgets import show_error

DAILY_CHECK_MS = 60 * 60 * 1000  # the automatic tasks look every hour whether they are due
NAV_WIDTH = 200  # the page list at most; the pages get the rest (at 1024 wide: ~820)


HOME_PAGE = "home"  # the owner's first page: Ctrl+0, so that the other pages keep Ctrl+1… as a cashier knows them


def page_shortcut(number: int) -> QKeySequence:
    """Ctrl+0 for the owner's home page; Ctrl+1 for the first page after it, Ctrl+2 for the second…
    (up to Ctrl+9)."""
    return QKeySequence(f"Ctrl+{number}")


class PageHolder(QWidget):
    """Holds a page at its scroll area's full size, or at the page's minimum when the area is
    smaller. (Given a page whose height depends on its width, a scroll area would make it as tall
    as it would like to be, and scroll where it need not: the holder asks only its minimum.)"""

    def __init__(self, page: QWidget):
        super().__init__()
        self.page = page
        page.setParent(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.page.minimumSizeHint().expandedTo(self.page.minimumSize())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.minimumSizeHint()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.page.setGeometry(self.rect())
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the page's minimum changed
            self.updateGeometry()
        return super().event(event)


def scrolling(name: str) -> QScrollArea:
    """A page's frameless scroll area that fills the stack, empty until the page is built (then the
    page is as big as the area, but never smaller than its own minimum: then it scrolls)."""
    area = QScrollArea()
    area.setObjectName(f"{name}Scroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    return area


class LazyPages(Mapping[str, Page]):
    """The window's pages by name: every page the user may see is a key, and is built the first time
    it is asked for (shown, or reached by a test or a figure of the home page), so that the window
    opens with only its first page built. ``built`` holds those made so far."""

    def __init__(self, specs: Mapping[str, PageSpec], build: Callable[[str], Page]):
        self.specs, self.build = specs, build
        self.built: dict[str, Page] = {}

    def __getitem__(self, name: str) -> Page:
        if name not in self.built:
            if name not in self.specs:
                raise KeyError(name)
            self.built[name] = self.build(name)
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.specs)

    def __len__(self) -> int:
        return len(self.specs)


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
        self.nav.setMaximumWidth(NAV_WIDTH)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.specs = {spec.name: spec for spec in PAGES if not (spec.owner_only and session.user.role != Role.OWNER)}
        self.pages = LazyPages(self.specs, self._build_page)  # each built when first shown (or asked for)
        self.stale: dict[str, Changes] = {}  # what changed since each page was last shown
        self.areas: dict[str, QScrollArea] = {}  # each page's scroll area, as the stack holds it
        self.page_actions: list[QAction] = []
        numbered = 0  # the pages given Ctrl+1… so far
        for spec in self.specs.values():
            self.stale[spec.name] = ALL  # read the first time it is shown
            self.areas[spec.name] = scrolling(spec.name)
            self.stack.addWidget(self.areas[spec.name])
            row = self.nav.count()
            item = QListWidgetItem(theme.icon(spec.name, "sidebar_text", selected="sidebar_selected_text"), spec.title())
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            self.nav.addItem(item)
            number = 0 if spec.name == HOME_PAGE else numbered + 1
            numbered += spec.name != HOME_PAGE
            if number <= 9:
                keys = page_shortcut(number)
                item.setToolTip(i18n.arg(self.tr("%1 (%2)"), spec.title(),
                                         i18n.digits(keys.toString(QKeySequence.SequenceFormat.NativeText))))
                go = QAction(spec.title(), self)
                go.setObjectName(f"go_{spec.name}")
                go.setShortcut(keys)
                go.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                go.triggered.connect(lambda _=False, row=row: self.nav.setCurrentRow(row))
                self.addAction(go)
                self.page_actions.append(go)
        self.nav.currentRowChanged.connect(self._show_page)
        # as wide as the longest title (the pages get the rest: 1024 wide leaves them ~870)
        frame = 2 * self.nav.frameWidth() + 12
        nav_width = min(NAV_WIDTH, max(110, self.nav.sizeHintForColumn(0) + frame))
        self.nav.setMaximumWidth(nav_width)
        split = QSplitter()
        split.addWidget(self.nav)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([nav_width, 10 * nav_width])  # (the list's own hint is wider than it may be)
        self.setCentralWidget(split)

        who = session.user.display_name or session.user.username
        role = self.tr("owner") if session.user.role == Role.OWNER else self.tr("cashier")
        self.user_label = QLabel(i18n.arg(self.tr("Signed in: %1 (%2)"), who, role))
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        # bound methods, let go of in sign_out: a window signed out of hears nothing more
        runner.busy_changed.connect(self._busy)
        runner.error.connect(self._error)
        runner.changes.connect(self.changed)

        self.club_menu = menu = self.menuBar().addMenu(self.tr("&Club"))
        menu.setObjectName("clubMenu")
        open_menu = QAction(self)  # F10 opens the menu (as in most desktops), whatever the keyboard layout
        open_menu.setShortcut(QKeySequence("F10"))
        open_menu.triggered.connect(lambda: self.menuBar().setActiveAction(menu.menuAction()))
        self.addAction(open_menu)
        password = QAction(theme.icon("password"), self.tr("Change my password…"), self)
        password.triggered.connect(self.change_password)
        menu.addAction(password)
        if session.user.role == Role.OWNER:
            backup = QAction(theme.icon("backup"), self.tr("Back up now"), self)
            backup.triggered.connect(self.back_up_now)
            menu.addAction(backup)
        if "cashier" in self.specs:  # the menu's way to the kiosk button (F10, then the arrows)
            kiosk = QAction(theme.icon("kiosk"), self.tr("Survey on the kiosk for the member shown"), self)
            kiosk.setObjectName("openKiosk")
            kiosk.triggered.connect(self._open_kiosk)
            menu.addAction(kiosk)
        self.theme_menu = self._theme_menu(menu)
        menu.addSeparator()
        sign_out = QAction(theme.icon("sign_out"), self.tr("Sign out"), self)
        sign_out.setObjectName("signOut")
        sign_out.triggered.connect(self.sign_out)
        menu.addAction(sign_out)
        quit_action = QAction(theme.icon("quit"), self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        about = self.menuBar().addMenu(self.tr("&Help")).addAction(theme.icon("about"), self.tr("About LoyaltyDesk"))
        about.setObjectName("about")
        about.triggered.connect(self.about)

        self.nav.setCurrentRow(0)
        # the size it has when not maximized: at most the screen's available area
        area = self.screen().availableGeometry()
        self.resize(min(1200, area.width()), min(760, area.height()))
        runner.call(services.club.get_settings, self._settings_loaded)
        self._first_jobs = runner.submitted  # the first page's reading and the settings: ``ready``
        self.daily = DailyJobs(runner, self)
        self.daily.backup_made.connect(lambda _info: self.statusBar().showMessage(self.tr("Automatic backup made."), 5000))
        self.daily.failed.connect(lambda error: self.statusBar().showMessage(
            i18n.arg(self.tr("The automatic tasks stopped: %1"), i18n.error_text(error)), 15000))
        self._daily = QTimer(self, interval=DAILY_CHECK_MS)
        self._daily.timeout.connect(lambda: self.daily_jobs(at_start=False))
        self._daily.start()
        self.daily_jobs(at_start=True)
        # the text messages' sender: a thread of its own (the provider's network calls), its reads and
        # writes on the database thread (another connection's commit would empty the cashier's page cache)
        self.sms = SmsSender(session, self, through=runner.call_wait)
        self.sms.paused.connect(lambda note: self.statusBar().showMessage(
            QCoreApplication.translate("LoyaltyError", note)))
        # what a round did to the messages is said to the pages once a round
        self.sms.round_done.connect(lambda _r: runner.broadcast(Changes.of("messages", "audit")))
        # ... and should anything else have written to the club meanwhile (a script's command line, an
        # import tool), the hot b-trees are read again (nothing is read when no other connection wrote)
        self.sms.round_done.connect(lambda _r: self.daily.rewarm())
        self.sms.start()

    @property
    def ready(self) -> bool:
        """Usable: the first page's first data and the club's settings have arrived (the jobs asked
        for while the window was built are answered); the automatic tasks queued after them may
        still be running, a step at a time, between the person's own jobs."""
        return self.settings is not None and self.runner.answered_all_of(self._first_jobs)

    def _build_page(self, name: str) -> Page:
        """Page ``name`` made, put in its scroll area and wired (``LazyPages`` calls this once)."""
        page = self.specs[name].build(self.runner, self)
        self.areas[name].setWidget(PageHolder(page))
        if name == "home":  # the owner's home: each figure opens its report or page
            page.go.connect(self.go_to)
        if name == "messages":  # the owner's page: a test send or a retry wakes the sender
            page.send_requested.connect(lambda: self.sms.send_now())  # (the sender is made after the first page)
        if self.settings is not None:
            page.set_unit(self.settings.display_unit)
        return page

    def _theme_menu(self, menu):
        """Club > Look: light or dark, kept on this PC and put on at once."""
        looks = menu.addMenu(theme.icon("theme"), self.tr("Look"))
        looks.setObjectName("themeMenu")
        group = QActionGroup(self)
        names = {"light": self.tr("Light"), "dark": self.tr("Dark")}
        for name in theme.THEMES:
            action = looks.addAction(names[name])
            action.setObjectName(f"theme_{name}")
            action.setCheckable(True)
            action.setChecked(name == theme.current().name)
            action.triggered.connect(lambda _=False, name=name: self.set_theme(name))
            group.addAction(action)
        return looks

    def set_theme(self, name: str) -> None:
        """Put the light or the dark look on the whole app, and keep it for this PC's next start."""
        theme.save(name)
        theme.apply(QApplication.instance(), name)
        for row in range(self.nav.count()):  # the icons are drawn in the palette's colours
            item = self.nav.item(row)
            item.setIcon(theme.icon(item.data(Qt.ItemDataRole.UserRole), "sidebar_text", selected="sidebar_selected_text"))
        for action in self.theme_menu.actions():
            action.setChecked(action.objectName() == f"theme_{name}")
        self.update()

    def show_maximized(self) -> None:
        """Maximized within the available area of the screen it is on (the task bar stays)."""
        self.showMaximized()
        self.raise_()
        self.activateWindow()

    def about(self) -> None:
        from .dialogs import AboutDialog

        dialog = AboutDialog(self.runner.db_path, errors.logged_to(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _open_kiosk(self) -> None:
        cashier = self.pages["cashier"]
        if cashier.member is None:
            self.statusBar().showMessage(self.tr("Open a member on the cashier page first."), 5000)
            return
        cashier.open_kiosk()

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Working…") if busy else "")
        if not busy:
            self._refresh_shown()

    def _error(self, error: BaseException) -> None:
        """An error no job handled: a bug (already logged by the runner) gets the one calm notice
        however many come; an error a person can act on is shown."""
        if isinstance(error, UnexpectedError):
            errors.notify()
        else:
            show_error(self, error)

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
        i18n.set_display_unit(settings.display_unit)  # amounts filled into messages
        self.setWindowTitle(i18n.arg(self.tr("%1 — LoyaltyDesk"), settings.shop_name))
        for page in self.pages.built.values():  # (a page built later is given it then)
            page.set_unit(settings.display_unit)

    def _show_page(self, row: int) -> None:
        name = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        page = self.pages[name]
        self.stack.setCurrentWidget(self.areas[name])
        focus = QApplication.focusWidget()
        if focus is None or not page.isAncestorOf(focus):
            # the keyboard goes with the page (Ctrl+N): to its scroll area, so that Tab enters the page
            # at its first field and the arrows scroll it (a page may put it elsewhere in activate())
            self.areas[name].setFocus(Qt.FocusReason.OtherFocusReason)
        page.activate()
        stale = self.stale.pop(name, NONE)
        if stale:
            page.refresh(stale)

    def changed(self, changes: Changes) -> None:
        """The runner's broadcast: each page that shows one of the flags refreshes, the one on
        screen as soon as the database thread is free (a chain of jobs, the automatic tasks', is
        heard as one change), the others when next shown. Saved settings (the unit, the shop's
        name) are read again for every page."""
        if self.runner.closed:
            return
        if changes.settings:
            self.runner.call(services.club.get_settings, self._settings_loaded)
        for name, page in self.pages.built.items():  # (one not built yet reads everything when shown)
            touched = changes & page.shows
            if touched:
                self.stale[name] = self.stale.get(name, NONE) | touched
        self._refresh_shown()

    def _refresh_shown(self) -> None:
        if not self.runner.idle or self.runner.closed:
            return  # (busy_changed(False) comes back here)
        area = self.stack.currentWidget()
        name = next((n for n, a in self.areas.items() if a is area), None)
        stale = self.stale.pop(name, NONE) if name is not None else NONE
        if stale:
            self.pages[name].refresh(stale)

    def go_to(self, kind: str, name: str) -> Page:
        """Open a page, or the reports page on one report (a figure of the home page clicked)."""
        if kind == "report":
            page = self.show_page("analytics")
            page.choose(name)
            return page
        return self.show_page(name)

    def show_page(self, name: str) -> Page:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.nav.setCurrentRow(row)
                return self.pages[name]
        raise KeyError(name)

    def sign_out(self) -> None:
        self.sms.stop()
        self._daily.stop()
        self.daily.stop()
        self.runner.busy_changed.disconnect(self._busy)
        self.runner.error.disconnect(self._error)
        self.runner.changes.disconnect(self.changed)
        self.runner.sign_out()
        self.hide()
        self.signed_out.emit()
