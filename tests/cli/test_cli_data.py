"""The command line for backups, restore, import and export."""

from __future__ import annotations

import json

import pytest

from loyaltydesk.cli import main

from tests.conftest import CLI_OWNER
from tests.import_export.test_import_export import write_csv

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (the cli fixture's club_engine: --db FILE or --db URL)


@pytest.fixture
def cli(request, tmp_path, capsys, monkeypatch, as_owner, club_engine):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    db = request.getfixturevalue("pg_url") if club_engine == "postgresql" else tmp_path / "data" / "club.sqlite3"

    def run(*args, json_out=False):
        code = main(["--db", str(db), *as_owner, "--now", "2025-06-01T08:00:00Z"] + (["--json"] if json_out else [])
                    + [str(a) for a in args])
        out, err = capsys.readouterr()
        return code, (json.loads(out) if json_out and out.strip() else out), err

    run.db = db
    for args in (["init", "--owner", CLI_OWNER], ["tier", "add", "برنزی", "--threshold", "0", "--discount", "0", "--multiplier", "100"],
                 ["member", "add", "--mobile", "09121234567", "--first-name", "علی"],
                 ["purchase", "09121234567", "--amount", "5,000,000"]):
        assert run(*args)[0] == 0
    return run


def wipe(request, db) -> None:
    """The club lost: the laptop's disk wiped, or the server's database dropped and made again empty."""
    if isinstance(db, str):
        from urllib.parse import urlsplit

        cluster, name = request.getfixturevalue("pg_cluster"), urlsplit(db).path.strip("/")
        cluster.drop_database(name)
        cluster.admin(f'CREATE DATABASE "{name}"')
    else:
        for p in db.parent.iterdir():
            p.unlink()


def test_backup_delete_restore_same_balances(request, cli, tmp_path):
    secret = tmp_path / "pass.txt"
    secret.write_text("رمز خیلی محکم\n", encoding="utf-8")
    code, info, err = cli("backup", "--to", tmp_path / "usb", "--passphrase-file", secret, json_out=True)
    assert code == 0 and info["encrypted"], err
    code, listed, _ = cli("backup", "--list", "--to", tmp_path / "usb", json_out=True)
    assert [b["path"] for b in listed] == [info["path"]]
    code, out, err = cli("backup", "--verify", info["path"], "--passphrase-file", secret)
    assert code == 0 and "ok — 1 members, 1 purchases" in out
    code, _, err = cli("backup", "--verify", info["path"])
    assert code == 1 and "is encrypted: give its passphrase" in err
    balance = cli("member", "show", "09121234567", json_out=True)[1]["points"]
    wipe(request, cli.db)
    code, out, err = cli("restore", info["path"], "--passphrase-file", secret)
    assert code == 0, err
    assert "restored" in out and "kept in" in out
    assert cli("member", "show", "09121234567", json_out=True)[1]["points"] == balance == 500
    assert cli("check")[0] == 0


def test_restore_proves_the_sums_and_runs_the_full_check_only_when_asked(cli, tmp_path):
    code, info, err = cli("backup", "--to", tmp_path / "usb", json_out=True)
    assert code == 0, err
    code, out, err = cli("restore", info["path"])
    assert code == 0 and "the full check was not run: run `loyaltydesk check`" in out, err
    code, result, err = cli("restore", info["path"], "--check", json_out=True)
    assert code == 0 and result["problems"] == 0 and result["full_check_problems"] == 0, err


@pytest.mark.sqlite_only  # an earlier version's backup: a plain SQLite file (a server's backups: tests/backups/test_pg_backup.py)
def test_restore_of_a_plain_copy_with_an_edited_balance_says_the_sums_disagree(cli, tmp_path):
    from loyaltydesk.store.engine import connect
    from tests.raw import plain_copy

    edited = tmp_path / "edited.sqlite3"  # a plain copy (an earlier version's backup) whose cached balance was edited
    plain_copy(cli.db, edited)
    conn = connect(edited)
    conn.execute("UPDATE members SET points = points + 7")
    conn.commit()
    conn.close()
    code, out, err = cli("restore", edited, "--check")
    assert code == 1 and "the ledger's sums disagree (2 problem(s))" in out, err
    assert "full check: 1 problem(s)" in out and "cached balance 507 but the ledger sums to 500" in out, out
    code, result, err = cli("restore", edited, json_out=True)
    assert code == 1 and result["problems"] == 2 and result["full_check_problems"] is None


def test_restore_refuses_a_wrong_file_with_a_clear_message(cli, tmp_path):
    bad = tmp_path / "photo.sqlite3"
    bad.write_bytes(b"\x89PNG" * 100)
    code, out, err = cli("restore", bad)
    assert code == 1 and err.startswith("loyaltydesk: error: ") and "not a LoyaltyDesk club database" in err
    assert "Traceback" not in err


def test_import_dry_run_then_import_then_export(cli, tmp_path):
    path = write_csv(tmp_path / "m.csv", ["نام", "موبایل", "تولد"],
                     [["سارا", "۹۱۲۰۰۰۰۰۰۱", "۱۳۷۰/۰۵/۱۴"], ["بد", "12345", "1403/12/31"], ["علی", "09121234567", ""]])
    code, out, err = cli("import", "members", path, "--dry-run")
    assert code == 0, err
    assert "1 member(s) would be added, 0 merged, 1 skipped" in out
    assert "row 3: '12345' is not an Iranian mobile" in out and "nothing was written" in out
    assert cli("member", "show", "09120000001")[0] == 1  # not there yet
    code, result, err = cli("import", "members", path, "--on-duplicate", "merge", json_out=True)
    assert code == 0 and result["counts"] == {"add": 1, "merge": 1, "skip": 0, "error": 1} and result["done"]
    assert cli("member", "show", "09120000001", json_out=True)[1]["birthday"] == "1370/05/14"
    code, result, err = cli("import", "members", path, "--map", "mobile=2", "--map", "first_name=نام", "--dry-run",
                            json_out=True)
    assert code == 0 and result["mapping"] == {"mobile": "موبایل", "first_name": "نام"}
    for what, rows in (("members", 2), ("purchases", 1), ("ledger", 1)):
        code, out, err = cli("export", what, "--out", tmp_path / f"{what}.xlsx")
        assert code == 0 and out.startswith(f"{rows} {what} row(s) written"), err
    code, out, err = cli("export", "members", "--out", tmp_path / "members.txt")
    assert code == 1 and "choose a file name ending in .xlsx or .csv" in err


def test_every_trust_command_has_help(capsys):
    for command in (["backup"], ["restore"], ["import", "members"], ["export"]):
        with pytest.raises(SystemExit) as e:
            main(command + ["--help"])
        assert e.value.code == 0
        assert "usage: loyaltydesk" in capsys.readouterr().out
