"""The app's first run refuses a club on a network share or in a cloud-synced folder, before any
file or folder is made, with the message that points to the multi-till PostgreSQL mode (the same
refusal as the command line's: tests/store/test_location.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from loyaltydesk.gui import errors, i18n
from loyaltydesk.store import location
from loyaltydesk.store.location import NotOnThisComputer

LOCAL = "/dev/sda1 / ext4 rw 0 0\n"


def start_the_app(monkeypatch, tmp_path, club: Path) -> tuple[int, list[str], list[str]]:
    """``loyaltydesk --db CLUB`` (the desktop app, in this process): its exit code, the texts of the
    message boxes it showed (each closed as a person would), and the dialogs it opened."""
    from loyaltydesk import cli
    from loyaltydesk.gui import app as gui_app
    from loyaltydesk.gui.dialogs import FirstRunDialog, SignInDialog

    data = tmp_path / "home"
    monkeypatch.setenv("LOYALTYDESK_HOME", str(data))
    monkeypatch.setattr(gui_app, "fit_to_screen", lambda *a, **k: False)
    opened: list[str] = []
    for dialog in (FirstRunDialog, SignInDialog):
        monkeypatch.setattr(dialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    said: list[str] = []
    running = [True]  # the poll ends with the app: left running, it closed a later test's boxes

    def read_and_close() -> None:
        if not running[0]:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            said.append(box.text())
            box.done(0)
        else:
            QTimer.singleShot(50, read_and_close)

    QTimer.singleShot(50, read_and_close)
    try:
        code = cli.main(["--db", str(club)])
    finally:
        running[0] = False
        errors.detach_log(data / errors.LOG_NAME)
    return code, said, opened


def test_the_first_run_refuses_a_club_in_a_synced_folder(qtbot, app, tmp_path, monkeypatch):
    club = tmp_path / "OneDrive" / "shop" / "club.sqlite3"
    code, said, opened = start_the_app(monkeypatch, tmp_path, club)
    assert code == 1 and opened == []  # no first-run dialog: nothing to set up there
    expected = i18n.error_text(NotOnThisComputer(location.IN_SYNC_FOLDER, path=str(club), folder="OneDrive"))
    assert said == [expected]
    assert "multi-till" in NotOnThisComputer(location.IN_SYNC_FOLDER, path=str(club), folder="OneDrive").message
    assert not (tmp_path / "OneDrive").exists()


@pytest.fixture
def share(tmp_path, monkeypatch):
    """``tmp_path / "share"`` listed as a CIFS mount in a mount table of the test's own."""
    folder = tmp_path / "share"
    table = tmp_path / "mounts"
    system = Path(location.MOUNTS).read_text() if Path(location.MOUNTS).is_file() else LOCAL
    table.write_text(system + f"//nas/shop {str(folder.resolve()).replace(' ', chr(92) + '040')} cifs rw 0 0\n")
    monkeypatch.setattr(location, "MOUNTS", str(table))
    return folder


def test_the_first_run_refuses_a_club_on_a_network_share(qtbot, app, tmp_path, monkeypatch, share):
    club = share / "club.sqlite3"
    code, said, opened = start_the_app(monkeypatch, tmp_path, club)
    assert code == 1 and opened == []
    error = NotOnThisComputer(location.ON_NETWORK_SHARE, path=str(club), kind="cifs")
    assert said == [i18n.error_text(error)] and "PostgreSQL" in error.message
    assert not share.exists()


def test_the_first_run_on_this_computers_disk_reaches_the_set_up(qtbot, app, tmp_path, monkeypatch):
    code, said, opened = start_the_app(monkeypatch, tmp_path, tmp_path / "Documents" / "club.sqlite3")
    assert (code, said, opened) == (0, [], ["FirstRunDialog"])
