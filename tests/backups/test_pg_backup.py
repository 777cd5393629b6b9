"""Backups of a club on a PostgreSQL server (issue 23, services/pg_backup.py): pg_dump's archive sealed
to the owners (their backup keys kept in the server's settings) or by a passphrase, never plain;
verify restores it into a throwaway database and runs the quick checks there; restore keeps the
club aside first and puts the backup back in one transaction; a missing pg_dump says what to
install."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests.conftest import CLI_OWNER, CLI_PASSWORD

from loyaltydesk import services
from loyaltydesk.cli import main
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services import backup, sealed_box
from loyaltydesk.store import migrations_pg, pg_dump

pytestmark = pytest.mark.pg


@pytest.fixture
def server_club(pg_url):
    """A small demo club on the server, its owner signed in (which keeps their backup key there)."""
    db = services.open_club(pg_url)
    services.demo.make_demo_club(db, member_count=12)
    session = services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD)
    yield session
    db.close()


def test_a_server_backup_is_sealed_to_the_owner_verified_and_restored(server_club, tmp_path):
    assert list(sealed_box.recipients(server_club.db)) == [CLI_OWNER]
    made = backup.back_up_now(server_club, tmp_path)
    assert made.verified and made.path.endswith(".ldbox") and made.members == 12
    raw = open(made.path, "rb").read()
    assert pg_dump.MAGIC not in raw[:4096] and "فروشگاه".encode() not in raw  # never plain
    checked = backup.verify_backup(server_club, made.path, CLI_PASSWORD)
    assert checked.members == 12 and checked.encrypted and checked.migrations == migrations_pg.shipped()

    balances = server_club.db.all("SELECT id, points FROM members ORDER BY id")
    card = server_club.db.value("SELECT card FROM members ORDER BY id LIMIT 1")
    services.checkout.register_purchase(server_club, card, 9_000_000)  # after the backup: undone by the restore
    result = backup.restore(server_club, made.path, CLI_PASSWORD)
    assert result.problems == 0 and result.counts.members == 12
    assert [tuple(r) for r in server_club.db.all("SELECT id, points FROM members ORDER BY id")] == \
        [tuple(r) for r in balances]
    assert services.check.check_database(server_club) == []
    assert result.kept_aside.endswith(".ldbox")  # the club as it was, sealed the same way


def test_a_passphrase_backup_from_the_command_line(server_club, tmp_path, capsys, as_owner, pg_url):
    (tmp_path / "phrase").write_text("a long passphrase\n", encoding="utf-8")
    code = main(["--db", pg_url, *as_owner, "--json", "backup", "--to", str(tmp_path / "b"),
                 "--passphrase-file", str(tmp_path / "phrase")])
    out, err = capsys.readouterr()
    assert code == 0, err
    made = json.loads(out)
    assert made["path"].endswith(".ldbk") and made["verified"]
    code = main(["--db", pg_url, *as_owner, "--json", "backup", "--verify", made["path"],
                 "--passphrase-file", str(tmp_path / "phrase")])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["members"] == 12, err
    code = main(["--db", pg_url, *as_owner, "backup", "--verify", made["path"]])
    out, err = capsys.readouterr()
    assert code == 1 and "passphrase" in err and "Traceback" not in err


def test_a_missing_pg_dump_says_what_to_install(server_club, tmp_path, monkeypatch):
    monkeypatch.setenv(pg_dump.BIN_ENV, str(tmp_path))
    monkeypatch.setattr(pg_dump.glob, "glob", lambda pattern: [])
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pg_dump.PgToolMissing) as missing:
        backup.back_up_now(server_club, tmp_path / "b")
    assert "pg_dump" in missing.value.message and "postgresql-client" in missing.value.message
    assert not list((tmp_path / "b").glob("*.ldbox"))


def test_a_club_file_backup_is_not_restored_into_a_server_club(server_club, shop, tmp_path):
    add = backup.back_up_now(shop, tmp_path / "file", "a long passphrase")
    with pytest.raises(LoyaltyError) as refused:
        backup.verify_backup(server_club, add.path, "a long passphrase")
    assert "move-to" in refused.value.message


def test_a_file_sealed_neither_way_is_named_for_what_it_is_not_asked_a_passphrase(server_club, shop, tmp_path):
    """A plain club file (an earlier version's backup) is a club file's: move-to; anything else is
    no club at all. Neither is asked a passphrase it could not have."""
    from tests.raw import plain_copy

    plain = plain_copy(shop.db.path, tmp_path / "plain.sqlite3")
    photo = tmp_path / "photo.ldbk"
    photo.write_bytes(b"\x89PNG" * 100)
    for path, said in ((plain, "move-to"), (photo, "is not a LoyaltyDesk club database")):
        for attempt in (backup.verify_backup, backup.restore):
            with pytest.raises(LoyaltyError) as refused:
                attempt(server_club, path)
            assert said in refused.value.message and "passphrase" not in refused.value.message


def test_the_tills_role_is_told_that_verify_and_restore_need_the_administrators_url(
        pg_empty_url, tmp_path, capsys, as_owner, monkeypatch):
    """The tills' role (``server init``'s) backs up, but may neither make the throwaway database that
    verify restores into nor replace the tables: each says to run it with the administrator's URL,
    nothing is changed, no traceback; with that URL the same backup verifies and restores."""
    import io
    import uuid

    from tests.cli.test_server_cli import _till

    role = "till_" + uuid.uuid4().hex[:10]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long till password\n"))
    assert main(["server", "init", pg_empty_url, "--app-role", role, "--password-stdin"]) == 0
    till = _till(pg_empty_url, role)
    db = services.open_club(till)
    try:
        services.demo.make_demo_club(db, member_count=6)
    finally:
        db.close()
    (tmp_path / "phrase").write_text("a long passphrase\n", encoding="utf-8")
    phrase = ["--passphrase-file", str(tmp_path / "phrase")]
    capsys.readouterr()
    code = main(["--db", till, *as_owner, "--json", "backup", "--to", str(tmp_path / "b"), *phrase])
    out, err = capsys.readouterr()
    assert code == 0, err
    made = json.loads(out)["path"]
    for command, said in ((["backup", "--verify", made, *phrase], "could not be checked"),
                          (["restore", made, *phrase], "was not restored")):
        code = main(["--db", till, *as_owner, *command])
        out, err = capsys.readouterr()
        assert code == 1 and said in err and "--db postgresql://ADMIN@HOST/DATABASE" in err, err
        assert "Traceback" not in err and "psycopg" not in err
    assert len(list((tmp_path / "b").iterdir())) == 1  # the refused restore kept nothing aside
    code = main(["--db", pg_empty_url, *as_owner, "--json", "restore", made, *phrase, "--check"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["counts"]["members"] == 6, err + out
    code = main(["--db", till, *as_owner, "--json", "check"])  # the tills keep their rights on the restored tables
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["ok"], err + out


def failing_pg_dump(folder) -> str:
    """A folder holding a pg_dump that fails as the real one does when the server refuses it (exit 1,
    its error on stderr): what LOYALTYDESK_PG_BIN points the backup at."""
    folder.mkdir()
    script = folder / "pg_dump"
    script.write_text("#!/bin/sh\necho 'pg_dump: error: query failed: ERROR:  could not access file' >&2\nexit 1\n")
    script.chmod(0o755)
    return str(folder)


def audited(db, after_id: int) -> list[tuple[str, dict]]:
    return [(r[0], json.loads(r[1] or "{}")) for r in db.all(
        "SELECT action, after FROM audit_log WHERE id > ? AND (action LIKE 'back_up%' OR action LIKE 'auto_backup%') "
        "ORDER BY id", (after_id,))]


def test_a_failed_pg_dump_is_audited_as_a_failed_club_file_backup_is(server_club, tmp_path, monkeypatch):
    """As a club file's (backup.backup_failed): the backup audited before the dump, then
    ``back_up_failed`` naming the file it was to be and the error; no file left behind."""
    before = server_club.db.value("SELECT max(id) FROM audit_log")
    monkeypatch.setenv(pg_dump.BIN_ENV, failing_pg_dump(tmp_path / "bin"))
    with pytest.raises(pg_dump.PgToolFailed) as failed:
        backup.back_up_now(server_club, tmp_path / "b")
    assert "could not access file" in failed.value.message
    rows = audited(server_club.db, before)
    assert [action for action, _ in rows] == ["back_up", "back_up_failed"]
    assert rows[1][1]["file"] == rows[0][1]["file"] and "could not access file" in rows[1][1]["error"]
    assert list((tmp_path / "b").iterdir()) == []


def test_the_daily_runs_server_backup_that_fails_is_audited_on_its_own_connection(server_club, tmp_path, monkeypatch):
    """The daily run's (and so the GUI's) server backup: pg_dump on a connection of its own, beside."""
    from loyaltydesk.services import daily

    before = server_club.db.value("SELECT max(id) FROM audit_log")
    monkeypatch.setenv(pg_dump.BIN_ENV, failing_pg_dump(tmp_path / "bin"))
    with pytest.raises(pg_dump.PgToolFailed):
        daily.run_all(server_club, at_start=True, folder=tmp_path / "b")
    rows = audited(server_club.db, before)
    assert [action for action, _ in rows] == ["auto_backup", "auto_backup_failed"]
    assert "could not access file" in rows[1][1]["error"]


def test_a_server_backup_that_cannot_be_written_is_audited_and_said_as_a_club_files(server_club, tmp_path):
    """The sealed file cannot be written (its working name taken by a folder: refused even to root)."""
    from loyaltydesk.domain.jalali import UTC
    from loyaltydesk.services.pg_backup import _stem
    from loyaltydesk.store.backup import CannotWriteBackup

    folder = tmp_path / "b"
    folder.mkdir()
    at = server_club.now().astimezone(UTC).replace(microsecond=0)
    owner = dataclasses.replace(server_club, clock=lambda: at)  # stopped: the name the backup will take
    before = owner.db.value("SELECT max(id) FROM audit_log")
    (folder / f"{_stem(owner)}-{at:%Y%m%dT%H%M%SZ}-manual.ldbox.partial").mkdir()
    with pytest.raises(CannotWriteBackup):
        backup.back_up_now(owner, folder)
    rows = audited(owner.db, before)
    assert [action for action, _ in rows] == ["back_up", "back_up_failed"]
    assert not list(folder.glob("*.ldbox"))
