"""The doors into the app: the first run on a new club, the sign-in (owner, cashier, wrong tries
slowed with a countdown), the demo club's hints, and the English UI from the source strings."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.gui import i18n
from loyaltydesk.gui.app import Launcher
from loyaltydesk.gui.dialogs import FirstRunDialog, SignInDialog
from loyaltydesk.gui.main_window import MainWindow
from loyaltydesk.gui.ops import Runner

from .conftest import wait_idle
from .test_cashier import type_text

PNG = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082")


def test_first_run_creates_the_shop_and_the_owner(qtbot, app, tmp_path, gui_clock, shot):
    runner = Runner(tmp_path / "new.sqlite3", gui_clock)
    try:
        launcher_needs = runner.call_db(services.users.needs_setup).result()
        assert launcher_needs
        dialog = FirstRunDialog(runner)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.ok.click()  # nothing filled in: every problem at once, nothing saved
        wait_idle(qtbot, runner)
        assert dialog.session is None
        assert {"shop_name"} <= set(dialog.shop_form.problems_shown())
        assert {"username", "password"} <= set(dialog.owner_form.problems_shown())
        shot(dialog, "first-run-problems")

        type_text(dialog.shop_name, "عطاری نیک")
        dialog.unit.setCurrentIndex(1)  # rial
        dialog.set_logo(PNG)
        type_text(dialog.display_name, "نیکو")
        type_text(dialog.username, "niko")
        type_text(dialog.password, "secret12")
        type_text(dialog.repeat, "secret12")
        shot(dialog, "first-run")
        dialog.ok.click()
        wait_idle(qtbot, runner)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert dialog.session.user.role == Role.OWNER and dialog.session.user.username == "niko"
        runner.sign_in(dialog.session)
        settings = runner.call(services.club.get_settings).result()
        assert (settings.shop_name, settings.display_unit) == ("عطاری نیک", "rial")
        assert runner.call(services.users.logo).result() == PNG
        assert not runner.call_db(services.users.needs_setup).result()
    finally:
        runner.close()


def test_sign_in_as_owner_and_as_cashier(qtbot, app, demo_path, gui_clock, shot):
    launcher = Launcher(demo_path, clock=gui_clock)
    try:
        for username, pages in (("owner", {"cashier"}), ("sara", {"cashier"})):
            dialog = launcher.door()
            qtbot.addWidget(dialog)
            assert isinstance(dialog, SignInDialog)
            dialog.show()
            type_text(dialog.username, username)
            type_text(dialog.password, "demo1234")
            dialog.submit()
            wait_idle(qtbot, launcher.runner)
            assert dialog.result() == dialog.DialogCode.Accepted
            window = launcher.open_window(dialog.session)
            qtbot.addWidget(window)
            window.show()
            wait_idle(qtbot, launcher.runner)
            assert pages <= set(window.pages)
            if username == "sara":
                assert not {"settings", "users"} & set(window.pages)
            assert "demo" not in window.windowTitle().lower()
            assert "فروشگاه پارس" in window.windowTitle()
            shot(window, f"main-window-{username}")
            window.close()
    finally:
        launcher.close()


def test_wrong_passwords_are_slowed_with_a_countdown(qtbot, app, demo_path, gui_clock, shot):
    runner = Runner(demo_path, gui_clock)
    try:
        dialog = SignInDialog(runner, "فروشگاه پارس")
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(dialog.username, "sara")
        for _ in range(3):
            type_text(dialog.password, "nope")
            dialog.submit()
            wait_idle(qtbot, runner)
        assert dialog.session is None
        assert not dialog.ok.isEnabled() and dialog._wait == 2  # the third failure: wait 2 s
        assert dialog.message.text() and "Traceback" not in dialog.message.text()
        shot(dialog, "sign-in-wait")
        qtbot.waitUntil(dialog.ok.isEnabled, timeout=4000)
        gui_clock.advance(seconds=3)
        type_text(dialog.password, "demo1234")
        dialog.submit()
        wait_idle(qtbot, runner)
        assert dialog.session is not None and dialog.session.user.username == "sara"
    finally:
        runner.close()


def test_demo_sign_in_offers_the_demo_accounts(qtbot, app, demo_path, gui_clock, shot):
    launcher = Launcher(demo_path, demo=True, clock=gui_clock)
    try:
        dialog = launcher.door()
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.username.text() == "owner"
        assert "demo1234" in dialog.hint.text() and not dialog.message.text()  # a hint, not in the error line
        shot(dialog, "sign-in-demo")
    finally:
        launcher.close()


def test_the_english_ui_comes_from_the_source_strings(qtbot, qapp, demo_path, gui_clock, monkeypatch):
    monkeypatch.setenv("LOYALTYDESK_LANG", "en")
    i18n.install(qapp)
    try:
        assert not i18n.is_persian()
        runner = Runner(demo_path, gui_clock)
        session = runner.call_db(lambda db: services.users.sign_in(db, "owner", "demo1234", gui_clock)).result()
        runner.sign_in(session)
        window = MainWindow(runner, session)
        qtbot.addWidget(window)
        window.show()
        wait_idle(qtbot, runner)
        page = window.pages["cashier"]
        assert page.register_button.text() == "Register purchase (F9)"
        assert i18n.money(12_500_000, "toman") == "1,250,000 toman"
        runner.close()
    finally:
        monkeypatch.setenv("LOYALTYDESK_LANG", "fa")
        i18n.install(qapp)
    assert i18n.is_persian() and i18n.money(12_500_000, "toman").startswith("۱٬۲۵۰٬۰۰۰")
    i18n.uninstall(qapp)


def test_the_main_window_runs_the_automatic_tasks_and_backs_up_on_request(qtbot, runner, demo_path):
    from .conftest import sign_in

    session = sign_in(runner, "owner")
    window = MainWindow(runner, session)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    folder = demo_path.parent / "backups"
    automatic = sorted(folder.iterdir())
    assert len(automatic) == 1  # the automatic backup at start
    window.back_up_now()
    wait_idle(qtbot, runner)
    assert len(sorted(folder.iterdir())) == 2
    assert "backups" in window.statusBar().currentMessage()
    window.daily_jobs(at_start=False)  # within the day: nothing more is due
    wait_idle(qtbot, runner)
    assert len(sorted(folder.iterdir())) == 2
    window.change_password()
    dialog = window.findChild(QDialog, "changePassword")
    assert dialog is not None and dialog.isVisible()
