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

    def copy_to_a_failing_stick(source, dest, cancelled=None, key=None, **how):
        size = copy_file(source, dest, cancelled, key, **how)
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
