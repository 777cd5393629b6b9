"""GUI fixtures: a real club file, the database thread, and screenshots on request.

``LOYALTYDESK_SCREENSHOTS=DIR`` makes ``shot(widget, name)`` save a PNG of the widget into DIR
(Persian, right to left, demo data), so that anyone can look at every page and dialog.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.raw import club_key, copy_club

from loyaltydesk import services
from loyaltydesk.gui import i18n
from loyaltydesk.gui.app import make_app
from loyaltydesk.gui.ops import Runner
from tests.conftest import Clock

DEMO_NOW = Clock().now.replace(year=2026)


@pytest.fixture(scope="session", autouse=True)
def own_settings(tmp_path_factory):
    """The GUI tests' QSettings in a folder of their own: what the app keeps per PC (the theme, the
    shop's name for the sign-in) never reaches the PC's own settings."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(folder))
    return folder


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture
def app(qapp, monkeypatch):
    monkeypatch.setenv("LOYALTYDESK_LANG", os.environ.get("LOYALTYDESK_TEST_LANG", "fa"))
    yield make_app()
    i18n.uninstall(qapp)  # other suites (printing, sheets) expect no translator installed


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One demo club (owner/sara, password demo1234) built once; each test gets a copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = services.open_club(path, key=club_key(path))
    services.demo.make_demo_club(db, Clock(DEMO_NOW), member_count=120)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path):
    target = tmp_path / "club.sqlite3"
    copy_club(demo_template, target)
    return target


@pytest.fixture
def gui_clock():
    return Clock(DEMO_NOW)


@pytest.fixture
def runner(app, demo_path, gui_clock):
    r = Runner(demo_path, gui_clock)
    yield r
    r.close()


def wait_idle(qtbot, runner, timeout=10_000):
    qtbot.waitUntil(lambda: runner.idle, timeout=timeout)


def sign_in(runner, username, password="demo1234"):
    session = runner.call_db(lambda db: services.users.sign_in(db, username, password, runner.clock)).result()
    runner.sign_in(session)
    return session


def owner_window(qtbot, runner, page: str, user: str = "owner"):
    """The main window for ``user`` (the owner unless said), shown on ``page``: (window, page)."""
    from loyaltydesk.gui.main_window import MainWindow

    window = MainWindow(runner, sign_in(runner, user))
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    shown = window.show_page(page)
    wait_idle(qtbot, runner)
    return window, shown


@pytest.fixture
def shot():
    folder = os.environ.get("LOYALTYDESK_SCREENSHOTS")

    def save(widget, name: str) -> Path | None:
        if not folder:
            return None
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = Path(folder) / f"{name}.png"
        widget.grab().save(str(path))
        return path

    return save
