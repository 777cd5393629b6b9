"""The shop's server in the app (issue 23, parts 1 and 2): the first run's "The shop's server
(several tills)" with [Test the connection] naming each fault, creating the club in an empty
database or signing in to the one there; the sign-in asking for the server's password when this PC
does not keep it ("keep on this PC": the OS keyring, here a keyring backend of the test's own);
settings showing where the club is and pointing this till at a server. All on the run's
PostgreSQL cluster, with a role that must give its password."""

from __future__ import annotations

import keyring
import pytest

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.gui import i18n, server_dialog
from loyaltydesk.gui.app import Launcher
from loyaltydesk.gui.dialogs import FirstRunDialog, SignInDialog
from loyaltydesk.gui.ops import Runner
from loyaltydesk.services import server_login
from tests.conftest import CLI_OWNER, CLI_PASSWORD, add_cli_owner
from tests.services.test_server_login import MemoryKeyring

from .conftest import owner_window, wait_idle
from .test_cashier import type_text

pytestmark = pytest.mark.pg


@pytest.fixture
def ring():
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)
    server_dialog.save_server(None)


def fill_server(form, url: str, password: str) -> None:
    place = server_login.place_of(url)
    form.host.setText(place.host)
    form.port.setValue(place.port)
    form.database.setText(place.database)
    form.user.setText(place.user)
    form.password.setText(password)


def fill_club(dialog: FirstRunDialog) -> None:
    type_text(dialog.shop_name, "عطاری نیک")
    type_text(dialog.display_name, "نیکو")
    type_text(dialog.username, CLI_OWNER)
    type_text(dialog.password, CLI_PASSWORD)
    type_text(dialog.repeat, CLI_PASSWORD)


def server_club(url: str, password: str) -> None:
    """A club with an owner on the server (as another till's first run made it)."""
    db = services.open_club(server_login.with_password(url, password))
    try:
        add_cli_owner(db)
    finally:
        db.close()


def test_the_first_run_tests_the_server_and_names_each_fault(qtbot, app, tmp_path, gui_clock, ring, pg_cluster,
                                                             pg_password_url, pg_password_role, shot):
    user, password = pg_password_role
    runner = Runner(tmp_path / "club.sqlite3", gui_clock)
    try:
        dialog = FirstRunDialog(runner)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.on_server.setChecked(True)
        assert dialog.server.isVisible()
        free = pg_cluster.port + 1 if pg_cluster.port < 65535 else 1
        cases = [
            ((pg_password_url, ""), "ServerPasswordNeeded"),
            ((pg_password_url, "wrong"), "ServerPasswordWrong"),
            ((pg_password_url.rsplit("/", 1)[0] + "/nope", password), "NoSuchServerDatabase"),
            ((f"postgresql://{user}@127.0.0.1:{free}/club", password), "ServerUnreachable"),
        ]
        for (url, typed), fault in cases:
            fill_server(dialog.server, url, typed)
            with qtbot.waitSignal(dialog.server.probed, timeout=10_000) as probed:
                dialog.server.test.click()
            found = probed.args[0]
            assert type(found.error).__name__ == fault
            assert dialog.server.status.text() == i18n.error_text(found.error)
            assert typed not in dialog.server.status.text() or not typed
            if fault == "ServerUnreachable":
                shot(dialog, "first-run-server-unreachable")
        fill_server(dialog.server, pg_password_url, password)  # the right password, but the shop left empty:
        dialog.ok.click()  # the server is used only once the club is made there
        qtbot.waitUntil(lambda: dialog.ok.isEnabled() and runner.idle, timeout=20_000)
        assert dialog.session is None and dialog.owner_form.problems_shown()
        dialog.this_pc.setChecked(True)  # then this PC after all: its club file again
        assert runner.db_path == tmp_path / "club.sqlite3" and dialog.server_url is None
        dialog.on_server.setChecked(True)
        dialog.server.host.setText("")
        dialog.server.test.click()
        assert dialog.server.status.text() == i18n.error_text(dialog.server.found.error)
        assert dialog.server.found.error.template == server_login.BAD_PLACE
        assert runner.db_path == tmp_path / "club.sqlite3"  # nothing was pointed anywhere
    finally:
        runner.close()


def test_the_first_run_makes_the_club_on_an_empty_server_database(qtbot, app, tmp_path, gui_clock, ring,
                                                                  pg_password_url, pg_password_role, shot):
    _, password = pg_password_role
    runner = Runner(tmp_path / "club.sqlite3", gui_clock)
    try:
        dialog = FirstRunDialog(runner)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.on_server.setChecked(True)
        fill_server(dialog.server, pg_password_url, password)
        dialog.server.keep.setChecked(True)
        with qtbot.waitSignal(dialog.server.probed, timeout=10_000):
            dialog.server.test.click()
        assert dialog.server.found.state == "empty" and dialog.server.found.may_create
        assert dialog.shop_box.isVisible() and dialog.ok.text() != ""
        fill_club(dialog)
        qtbot.wait(50)  # the layout's pending request (the button's new text) before the picture
        shot(dialog, "first-run-server")
        dialog.ok.click()
        qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
        assert dialog.session.user.role is Role.OWNER
        assert dialog.server_url == pg_password_url  # kept without its password
        assert ring.kept == {("LoyaltyDesk", server_login.key_of(pg_password_url)): password}
        assert runner.db.engine == "postgresql"
        runner.sign_in(dialog.session)
        assert runner.call(services.club.get_settings).result().shop_name == "عطاری نیک"
    finally:
        runner.close()
    found = server_login.probe(server_login.with_password(pg_password_url, password))
    assert found.state == "club"


def test_a_second_till_finds_the_club_and_signs_in(qtbot, app, tmp_path, gui_clock, ring, pg_password_url,
                                                   pg_password_role):
    _, password = pg_password_role
    server_club(pg_password_url, password)
    launcher = Launcher(tmp_path / "club.sqlite3", clock=gui_clock)
    try:
        dialog = launcher.door()
        qtbot.addWidget(dialog)
        assert isinstance(dialog, FirstRunDialog)
        dialog.show()
        dialog.on_server.setChecked(True)
        fill_server(dialog.server, pg_password_url, password)  # "keep" not ticked: asked at each sign-in
        dialog.ok.click()
        qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
        assert dialog.session is None and launcher.pointed(dialog)
        assert server_dialog.saved_server() == pg_password_url and ring.kept == {}
        assert list(tmp_path.iterdir()) == []  # the club file the start made on this PC is not left behind
        sign_in = launcher.door()  # the server's club, the password typed in the first run still in use
        qtbot.addWidget(sign_in)
        assert isinstance(sign_in, SignInDialog) and sign_in.server_password is None
        type_text(sign_in.username, CLI_OWNER)
        type_text(sign_in.password, CLI_PASSWORD)
        sign_in.submit()
        wait_idle(qtbot, launcher.runner)
        assert sign_in.session is not None and launcher.runner.db.engine == "postgresql"
    finally:
        launcher.close()


def test_the_sign_in_asks_for_the_server_password_and_keeps_it(qtbot, app, gui_clock, ring, pg_password_url,
                                                                pg_password_role, shot):
    _, password = pg_password_role
    server_club(pg_password_url, password)
    for attempt in ("asked", "kept"):
        launcher = Launcher(pg_password_url, clock=gui_clock)
        try:
            dialog = launcher.door()
            qtbot.addWidget(dialog)
            assert isinstance(dialog, SignInDialog)
            if attempt == "kept":  # the keyring's password: the plain sign-in
                assert dialog.server_password is None
                break
            assert dialog.server_password is not None and dialog.keep_server_password.isEnabled()
            assert dialog.message.text() == i18n.error_text(server_login.probe(pg_password_url).error)
            dialog.show()
            type_text(dialog.username, CLI_OWNER)
            type_text(dialog.password, CLI_PASSWORD)
            type_text(dialog.server_password, "wrong")
            dialog.submit()
            wait_idle(qtbot, launcher.runner)
            assert dialog.session is None and dialog.server_password.text() == ""
            assert dialog.password.text() == CLI_PASSWORD  # the club's own password stays typed
            shot(dialog, "sign-in-server-password")
            type_text(dialog.server_password, password)
            dialog.keep_server_password.setChecked(True)
            dialog.submit()
            wait_idle(qtbot, launcher.runner)
            assert dialog.session is not None and dialog.session.user.username == CLI_OWNER
            assert ring.kept == {("LoyaltyDesk", server_login.key_of(pg_password_url)): password}
            assert password not in launcher.runner.db.path
        finally:
            launcher.close()


def test_settings_show_where_the_club_is_and_point_this_till_at_a_server(qtbot, app, runner, demo_path, ring,
                                                                         pg_password_url, pg_password_role, shot):
    _, password = pg_password_role
    server_club(pg_password_url, password)
    window, page = owner_window(qtbot, runner, "settings")
    place = page.place
    page.tabs.setCurrentWidget(place)
    assert str(demo_path) in place.place.text() and not place.to_file.isVisible()
    dialog = place.choose_server()
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    fill_server(dialog.server, pg_password_url, password)
    dialog.server.keep.setChecked(True)
    with qtbot.waitSignal(dialog.server.probed, timeout=10_000):
        dialog.server.test.click()
    assert dialog.ok.isEnabled()
    shot(dialog, "settings-server-dialog")
    dialog.ok.click()
    assert server_dialog.saved_server() == pg_password_url
    assert pg_password_url in place.status.text() and place.to_file.isVisible()
    assert ring.kept == {("LoyaltyDesk", server_login.key_of(pg_password_url)): password}
    shot(window, "settings-club-place")
    place.back_to_file()
    assert server_dialog.saved_server() is None
    window.close()


def test_started_without_db_the_till_opens_the_server_it_was_pointed_at(app, tmp_path, monkeypatch, ring, pg_url):
    """``loyaltydesk`` (no --db) after the first run or the settings pointed this PC at a server: the
    app opens that club's sign-in; with --db FILE the file wins."""
    from loyaltydesk.gui import app as gui_app

    db = services.open_club(pg_url)
    try:
        add_cli_owner(db)
    finally:
        db.close()
    monkeypatch.setattr(gui_app, "fit_to_screen", lambda *a, **k: False)
    opened: list[tuple[str, object]] = []
    for dialog in (FirstRunDialog, SignInDialog):
        monkeypatch.setattr(dialog, "exec", lambda self: opened.append((type(self).__name__, self.runner.db_path)) or 0)
    server_dialog.save_server(pg_url)
    own = tmp_path / "club.sqlite3"
    assert gui_app.run(own, follow_settings=True) == 0
    assert gui_app.run(own, follow_settings=False) == 0
    assert opened == [("SignInDialog", pg_url), ("FirstRunDialog", own)]
