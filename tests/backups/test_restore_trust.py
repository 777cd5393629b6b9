"""Restore trusts nothing: a backup whose schema is not exactly the one LoyaltyDesk wrote at its
version (an extra trigger or view, a guard dropped) is refused, naming what differs, before
anything is replaced; a backup of every shipped version is still accepted."""

from __future__ import annotations

import shutil
from tests.raw import raw_connect
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.services import backup
from loyaltydesk.services.check import check_database
from loyaltydesk.store import backup as backup_store
from loyaltydesk.store.migrations import recorded
from loyaltydesk.store.shipped_schema import file_differences

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSPHRASE = "a long passphrase"

# the trap: the cashier becomes owner at her next sign-in
MAKE_OWNER = ("CREATE TRIGGER make_owner AFTER UPDATE OF last_sign_in ON users WHEN new.username = 'sara' "
              "BEGIN UPDATE users SET role = 'owner' WHERE id = new.id; END")


def booby_trap(path: Path, *statements: str) -> None:
    conn = raw_connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def steps_of(path: Path) -> list[str]:
    conn = raw_connect(path)
    try:
        return recorded(conn)
    finally:
        conn.close()


def aside_copies(shop) -> list[Path]:
    club = Path(shop.db.path)
    return sorted(club.parent.glob(f"{club.stem}.before-restore-*"))


@pytest.mark.parametrize("trap, named", [
    ((MAKE_OWNER,), "extra trigger make_owner"),
    (("CREATE VIEW leak AS SELECT mobile, national_code FROM members",), "extra view leak"),
    (("DROP TRIGGER audit_log_no_delete",), "missing trigger audit_log_no_delete"),
    (("DROP TRIGGER ledger_no_update", "CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger WHEN 0 BEGIN "
      "SELECT RAISE(ABORT, 'no'); END"), "different trigger ledger_no_update"),
])
@pytest.mark.parametrize("sealed", [False, True], ids=["plain", "sealed"])
def test_a_booby_trapped_backup_is_refused_naming_what_differs_and_nothing_is_replaced(shop, tmp_path, trap, named,
                                                                                      sealed):
    made = backup.back_up_now(shop, tmp_path / "backups")
    booby_trap(Path(made.path), *trap)
    path = Path(made.path)
    if sealed:
        path = tmp_path / "trapped.ldbk"
        backup.encrypt_file(Path(made.path), path, PASSPHRASE)
    services.members.sign_up(shop, "09127778899", "نیما", "کریمی")  # the club moves on after the backup
    before = backup_store.counts(shop.db)
    for attempt in (lambda: backup.restore(shop, path, PASSPHRASE if sealed else None),
                    lambda: backup.verify_backup(shop, path, PASSPHRASE if sealed else None)):
        with pytest.raises(backup.BackupSchemaDiffers) as refused:
            attempt()
        assert named in refused.value.message and path.name in refused.value.message
    assert backup_store.counts(shop.db) == before and aside_copies(shop) == []
    assert check_database(shop) == []


def test_the_refusal_says_plainly_what_happened(shop, tmp_path):
    made = backup.back_up_now(shop, tmp_path / "backups")
    booby_trap(Path(made.path), MAKE_OWNER)
    with pytest.raises(backup.BackupSchemaDiffers) as refused:
        backup.restore(shop, made.path)
    last = steps_of(Path(made.path))[-1]
    assert refused.value.message == (
        f"The backup {Path(made.path).name} is refused: its schema is not the one LoyaltyDesk wrote at its version "
        f"({last}): extra trigger make_owner. A backup changed this way may carry a trap; nothing was replaced.")


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema-*.sqlite3")), ids=lambda p: p.stem)
def test_a_backup_of_every_shipped_version_is_accepted_and_upgraded(shop, tmp_path, fixture):
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    result = backup.restore(shop, copy)
    assert result.problems == 0 and len(aside_copies(shop)) == 1


def test_the_same_trap_in_an_older_version_is_refused_too(shop, tmp_path):
    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "schema-0004.sqlite3", copy)
    booby_trap(copy, MAKE_OWNER.replace("AFTER UPDATE OF last_sign_in", "AFTER UPDATE OF failed_count"))
    with pytest.raises(backup.BackupSchemaDiffers, match="m0004_surveys.*extra trigger make_owner"):
        backup.restore(shop, copy)


def test_a_club_file_with_the_trap_is_reported_by_check(shop):
    booby_trap(Path(shop.db.path), MAKE_OWNER)
    assert [p.params["difference"] for p in check_database(shop) if p.field == "schema"] == ["extra trigger make_owner"]


def test_the_schema_of_a_file_is_read_without_running_anything_in_it(tmp_path, shop):
    made = backup.back_up_now(shop, tmp_path / "backups")
    booby_trap(Path(made.path), MAKE_OWNER)
    steps = steps_of(Path(made.path))
    assert file_differences(Path(made.path), steps) == ["extra trigger make_owner"]
    assert file_differences(Path(made.path), steps[:1] + steps[2:])[0].startswith("the steps m0001_initial, m0003")
