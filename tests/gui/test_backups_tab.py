"""The backups tab: a passphrase typed twice (a mismatch shown beside the field before anything is
written), and a backup reported only after it has been read back."""

from __future__ import annotations

from pathlib import Path

from loyaltydesk.services import audit_log
from loyaltydesk.services import backup as backup_service
from loyaltydesk.store import backup as backup_store

from .conftest import owner_window
from .test_settings_users import settle

PASS = "عبارت عبور بلند ۱۴۰۴"


def backups_tab(qtbot, runner, folder: Path):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.backups)
    tab = page.backups
    tab.folder.setText(str(folder))
    tab.save()
    settle(qtbot, runner)
    return window, tab


def backup_rows(runner) -> int:
    return sum(e.action == "back_up" for e in runner.call(lambda s: audit_log.recent(s, 50)).result())


def test_a_passphrase_typed_differently_twice_writes_nothing(qtbot, runner, tmp_path, shot):
    window, tab = backups_tab(qtbot, runner, tmp_path / "stick")
    audited = backup_rows(runner)
    tab.passphrase.setText(PASS)
    tab.passphrase_repeat.setText(PASS + "۵")
    tab.back_up_now()
    settle(qtbot, runner)
    shown = tab.pass_form.problems_shown()
    assert "passphrase_repeat" in shown and "passphrase" not in shown
    assert tab.table.rowCount() == 0 and not any((tmp_path / "stick").iterdir())
    assert backup_rows(runner) == audited and tab.now_button.isEnabled()
    shot(window, "settings-backup-passphrases-differ")

    tab.passphrase_repeat.setText(PASS)
    tab.back_up_now()
    settle(qtbot, runner)
    assert not tab.pass_form.problems_shown() and tab.table.rowCount() == 1 and tab.backups[0].encrypted
    assert backup_rows(runner) == audited + 1
    assert not tab.status.property("error") and tab.passphrase_repeat.text() == ""
    assert "120" in tab.status.text() or "۱۲۰" in tab.status.text()  # the demo's members, counted on reading back
    found = runner.call(lambda s: backup_service.verify_backup(s, tab.backups[0].path, PASS)).result()
    assert found.members == 120


def test_a_backup_that_does_not_read_back_is_deleted_and_the_tab_says_so(qtbot, runner, tmp_path, monkeypatch):
    window, tab = backups_tab(qtbot, runner, tmp_path / "stick")
    copy_file = backup_store.copy_file

    def copy_to_a_failing_stick(source, dest, cancelled=None, *more, **named):
        size = copy_file(source, dest, cancelled, *more, **named)
        raw = bytearray(Path(dest).read_bytes())
        for at in range(4096 * 2, len(raw), 4096):
            raw[at: at + 300] = b"\xAB" * 300
        Path(dest).write_bytes(bytes(raw))
        return size

    monkeypatch.setattr(backup_store, "copy_file", copy_to_a_failing_stick)
    tab.back_up_now()
    settle(qtbot, runner)
    assert tab.status.property("error") and tab.now_button.isEnabled()
    assert not any((tmp_path / "stick").iterdir())
    actions = [e.action for e in runner.call(lambda s: audit_log.recent(s, 5)).result()]
    assert actions[:2] == ["back_up_failed", "back_up"]


def test_a_backup_sealed_to_the_owners_asks_for_an_owners_password_not_a_passphrase(qtbot, runner, tmp_path, shot):
    """The demo club is encrypted: a backup by hand without a passphrase is sealed to its owners
    (.ldbox), as the command line makes it, and checking or restoring it asks for an owner's password."""
    from PySide6.QtWidgets import QMessageBox

    from loyaltydesk.gui import i18n
    from loyaltydesk.services import sealed_box

    window, tab = backups_tab(qtbot, runner, tmp_path / "stick")
    tab.back_up_now()
    settle(qtbot, runner)
    assert tab.table.rowCount() == 1 and tab.backups[0].name.endswith("-manual.ldbox") and tab.backups[0].encrypted
    assert b"SQLite format 3" not in Path(tab.backups[0].path).read_bytes()
    assert not tab.owner_password.isVisible()  # nothing chosen yet
    tab.table.setCurrentCell(0, 0)
    assert tab.selected() is not None, tab.table.selectionModel().selectedRows()
    assert tab.passphrase.isVisible()
    assert tab.owner_password.isVisible()
    label = tab.pass_form.labelForField(tab.owner_password).text()
    assert label == tab.tr("Owner's password") and "passphrase" not in label.lower()
    tab.owner_password.setText("not-the-password")
    tab.verify_selected()
    settle(qtbot, runner)
    assert tab.status.property("error")  # the words of the sealed box's own message (translated), no passphrase
    assert tab.status.text() == i18n.error_text(sealed_box.BoxNeedsOwner(name=tab.backups[0].name))
    tab.owner_password.setText("demo1234")
    tab.passphrase.setText("a passphrase is not what opens it")  # left in the other field: not used
    tab.verify_selected()
    settle(qtbot, runner)
    assert not tab.status.property("error") and ("120" in tab.status.text() or "۱۲۰" in tab.status.text())
    shot(window, "settings-backup-owner-password")
    box = tab.ask_restore()
    box.button(QMessageBox.StandardButton.Yes).click()  # the owner's password typed above opens it
    qtbot.waitUntil(lambda: tab.after_restore_problems is not None and tab.last_restore is not None, timeout=60_000)
    settle(qtbot, runner)
    assert tab.last_restore.problems == 0 and tab.last_restore.counts.members == 120
    assert tab.after_restore_problems == []
    assert not tab.status.property("error"), tab.status.text()


def test_a_passphrase_backup_asks_for_its_passphrase(qtbot, runner, tmp_path):
    window, tab = backups_tab(qtbot, runner, tmp_path / "stick")
    tab.passphrase.setText(PASS)
    tab.passphrase_repeat.setText(PASS)
    tab.back_up_now()
    settle(qtbot, runner)
    tab.table.setCurrentCell(0, 0)
    assert tab.backups[0].name.endswith(".ldbk") and not tab.owner_password.isVisible()
    tab.verify_selected()
    settle(qtbot, runner)
    assert not tab.status.property("error"), tab.status.text()


def test_a_backup_shows_its_progress_and_cancel_leaves_no_file(qtbot, runner, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from loyaltydesk.gui.progress import ProgressDialog

    window, tab = backups_tab(qtbot, runner, tmp_path / "stick")
    tab.back_up_now()
    dialog = tab.progress_dialog
    assert isinstance(dialog, ProgressDialog)
    seen = []
    dialog._moved.connect(lambda done, total: seen.append((done, total)))
    settle(qtbot, runner)
    assert tab.table.rowCount() == 1 and seen and seen[-1] == (1000, 1000)

    tab.back_up_now()  # Cancel pressed before the copy starts (it is planned first): it stops at its first step
    tab.progress_dialog.show()
    button = tab.progress_dialog.findChild(QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert tab.progress_dialog.stopping
    settle(qtbot, runner)
    assert tab.table.rowCount() == 1 and len(list((tmp_path / "stick").iterdir())) == 1  # the first backup only
    assert tab.status.property("error") and tab.now_button.isEnabled()
    actions = [e.action for e in runner.call(lambda s: audit_log.recent(s, 5)).result()]
    assert actions[:2] == ["back_up_failed", "back_up"]


def test_after_a_restore_the_full_check_runs_in_the_background_and_tells_its_problems(qtbot, runner, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from loyaltydesk.store.engine import connect
    from tests.raw import raw_connect

    window, tab = backups_tab(qtbot, runner, tmp_path / "stick")
    tab.back_up_now()
    settle(qtbot, runner)
    tab.table.setCurrentCell(0, 0)
    tab.restore(tab.backups[0].path, "demo1234")  # a backup by hand is sealed to the owners
    settle(qtbot, runner)
    qtbot.waitUntil(lambda: tab.after_restore_problems is not None, timeout=60_000)
    assert tab.after_restore_problems == [] and tab.notice is None
    assert "background" in tab.status.text() or tab.status.text()

    # a plain copy of the club (as an earlier version's backup) whose cached balance was edited by hand
    club = Path(runner.call(lambda s: s.db.path).result())
    edited = tmp_path / "edited.sqlite3"
    conn = raw_connect(club)
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(edited),))
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()
    conn = connect(edited)
    conn.execute("UPDATE members SET points = points + 5 WHERE id = (SELECT min(id) FROM members)")
    conn.commit()
    conn.close()
    tab.restore(str(edited))
    settle(qtbot, runner)
    qtbot.waitUntil(lambda: tab.after_restore_problems is not None, timeout=60_000)
    assert [p.field for p in tab.after_restore_problems] == ["balance"]
    assert tab.status.property("error")  # the restore's own sums already disagree
    assert isinstance(tab.notice, QMessageBox) and tab.notice.isVisible()
    assert tab.notice.objectName() == "restoreCheckNotice"
