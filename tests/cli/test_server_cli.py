"""The club on a PostgreSQL server from the command line (issue 23, cli/server.py), as a script calls
it: ``move-to`` both ways (the owner signed in), ``server init`` (a role for the tills with only the
rights it needs) and ``server upgrade`` (the administrator runs a new version's steps)."""

from __future__ import annotations

import io
import subprocess
import sys
import json
import uuid

import psycopg
import pytest

from tests.conftest import CLI_OWNER, CLI_PASSWORD, set_up_with_cli_owner

from loyaltydesk import services
from loyaltydesk.cli import main
from loyaltydesk.services import backup
from loyaltydesk.store import migrations_pg
from loyaltydesk.store.pg import PgDatabase
from loyaltydesk.store.server_setup import ServerNeedsUpgrade

pytestmark = pytest.mark.pg


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_move_to_the_server_and_back_as_a_script_calls_it(tmp_path, capsys, as_owner, pg_empty_url):
    club = str(tmp_path / "club.sqlite3")
    assert run(capsys, "--db", club, "init", "--demo", "--members", "20")[0] == 0
    code, out, err = run(capsys, "--db", club, *as_owner, "--json", "move-to", pg_empty_url)
    assert code == 0, err
    moved = json.loads(out)
    assert moved["checked"] and moved["members"] == 20 and moved["rows"] == sum(moved["counts"].values())
    code, out, err = run(capsys, "--db", pg_empty_url, *as_owner, "--json", "check")
    assert code == 0 and json.loads(out)["ok"], err
    back = str(tmp_path / "back.sqlite3")
    code, out, err = run(capsys, "--db", pg_empty_url, *as_owner, "move-to", back)
    assert code == 0, err
    assert "users without a key to the new file yet: sara" in out
    code, out, err = run(capsys, "--db", back, *as_owner, "--json", "overview")
    assert code == 0 and json.loads(out)["members"] == 20, err
    # again into the same database: refused, named, nothing changed
    code, out, err = run(capsys, "--db", club, *as_owner, "move-to", pg_empty_url)
    assert code == 1 and "is not empty" in err and "Traceback" not in err


def _admin(url: str, sql: str):
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else None


def _till(url: str, user: str) -> str:
    return url.replace("postgresql://loyaltydesk_test@", f"postgresql://{user}@", 1)


@pytest.fixture
def role():
    return "till_" + uuid.uuid4().hex[:10]  # roles belong to the whole cluster: one of its own


def test_server_init_makes_the_schema_and_a_till_role_that_may_sell_but_not_rewrite(
        capsys, monkeypatch, pg_empty_url, role, tmp_path):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long till password\n"))
    code, out, err = run(capsys, "--json", "server", "init", pg_empty_url, "--app-role", role, "--password-stdin")
    assert code == 0, err
    made = json.loads(out)
    assert made["url"] == _till(pg_empty_url, role) and "password" not in out
    assert {"ledger", "audit_log", "seals"} <= set(made["journals"])
    assert made["migrations"] == migrations_pg.shipped()

    till = services.open_club(made["url"])  # the till's role: the club is ready, nothing to upgrade
    try:
        services.users.set_up_club(till, shop_name="فروشگاه", display_unit="toman", username=CLI_OWNER,
                                   password=CLI_PASSWORD, repeat=CLI_PASSWORD)
        owner = services.users.sign_in(till, CLI_OWNER, CLI_PASSWORD)
        card = services.members.sign_up(owner, "09121234567", "علی", "رضایی").card
        sale = services.checkout.register_purchase(owner, card, 5_000_000)
        assert sale.balance > 0
        copy = backup.back_up_now(owner, tmp_path, "a long passphrase")  # the till's role may back up
        assert copy.verified and copy.members == 1
    finally:
        till.close()
    with psycopg.connect(made["url"], autocommit=True) as conn:
        for sql in ("DELETE FROM ledger", "UPDATE ledger SET points = 0", "TRUNCATE ledger", "DROP TABLE ledger",
                    "DELETE FROM audit_log", "CREATE TABLE mine (a int)", "ALTER TABLE members ADD COLUMN x int",
                    "DROP FUNCTION refuse_edit() CASCADE"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
        assert conn.execute("SELECT count(*) FROM ledger").fetchone()[0] > 0


def test_server_init_refuses_a_database_in_use_a_taken_role_and_a_short_password(
        capsys, monkeypatch, pg_cluster, pg_empty_url, role):
    other = pg_cluster.new_database()  # a database of something else
    _admin(pg_cluster.url(other), "CREATE TABLE orders (id int)")
    for url, name, password, said in ((pg_cluster.url(other), role, "a long till password", "is not empty"),
                                      (pg_empty_url, "loyaltydesk_test", "a long till password", "exists already"),
                                      (pg_empty_url, "Bad-Name", "a long till password", "small Latin letters"),
                                      (pg_empty_url, role, "short", "")):
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code, out, err = run(capsys, "server", "init", url, "--app-role", name, "--password-stdin")
        assert code == 1 and said in err and "Traceback" not in err
    pg_cluster.drop_database(other)
    assert _admin(pg_empty_url, f"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'") == [(0,)]
    db = PgDatabase(pg_empty_url)
    try:
        assert db.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == 0
    finally:
        db.close()


def test_a_new_version_is_upgraded_by_the_administrator_and_the_till_says_so_until_then(
        capsys, monkeypatch, pg_empty_url, role):
    last = migrations_pg.shipped()[-1]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long till password\n"))
    monkeypatch.setattr(migrations_pg, "STEPS", [s for s in migrations_pg.STEPS if s[0] != last])
    assert run(capsys, "server", "init", pg_empty_url, "--app-role", role, "--password-stdin")[0] == 0
    monkeypatch.undo()  # this version: one step more than the server has
    with pytest.raises(ServerNeedsUpgrade) as behind:
        services.open_club(_till(pg_empty_url, role))
    assert "server upgrade" in behind.value.message
    code, out, err = run(capsys, "--json", "server", "upgrade", pg_empty_url)
    assert code == 0, err
    assert json.loads(out)["migrations"] == [last] and json.loads(out)["roles_granted"] == [role]
    till = services.open_club(_till(pg_empty_url, role))
    try:  # the new step's tables are the till's to use
        assert till.value("SELECT count(*) FROM jalali_periods") > 0
    finally:
        till.close()


def test_a_club_moved_in_by_the_administrator_gets_the_till_role_after(tmp_path, capsys, monkeypatch, as_owner,
                                                                        pg_empty_url, role):
    club = str(tmp_path / "club.sqlite3")
    assert run(capsys, "--db", club, "init", "--demo", "--members", "5")[0] == 0
    assert run(capsys, "--db", club, *as_owner, "move-to", pg_empty_url)[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("a long till password\n"))
    code, out, err = run(capsys, "--json", "server", "init", pg_empty_url, "--app-role", role, "--password-stdin")
    assert code == 0 and json.loads(out)["migrations"] == [], err
    code, out, err = run(capsys, "--db", _till(pg_empty_url, role), *as_owner, "--json", "overview")
    assert code == 0 and json.loads(out)["members"] == 5, err


def test_server_init_as_a_script_runs_it_with_the_password_on_stdin(pg_empty_url, role):
    done = subprocess.run([sys.executable, "-m", "loyaltydesk", "--json", "server", "init", pg_empty_url,
                           "--app-role", role, "--password-stdin"], input="a long till password\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["url"] == _till(pg_empty_url, role)
    assert "a long till password" not in done.stdout + done.stderr


def test_the_tills_role_checks_the_club_against_the_schema_the_administrator_kept(
        capsys, monkeypatch, as_owner, pg_empty_url, role):
    """The tills' role may make no schema to compare with: it reads the one ``server init`` kept
    (and ``server upgrade`` keeps again), and still finds an extra trigger."""
    monkeypatch.setattr("sys.stdin", io.StringIO("a long till password\n"))
    code, out, err = run(capsys, "--json", "server", "init", pg_empty_url, "--app-role", role, "--password-stdin")
    assert code == 0, err
    till = _till(pg_empty_url, role)
    set_up_with_cli_owner(till)
    migrations_pg._expected.clear()  # this process made no schema of its own yet: the till reads the kept one
    code, out, err = run(capsys, "--db", till, *as_owner, "--json", "check")
    assert code == 0 and json.loads(out)["ok"], err + out
    assert not migrations_pg._expected  # nothing was made (the role may not)

    _admin(pg_empty_url, "CREATE FUNCTION owner_maker() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; "
                         "CREATE TRIGGER make_owner BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION owner_maker()")
    code, out, err = run(capsys, "--db", till, *as_owner, "--json", "check")
    found = json.loads(out)
    assert code == 1 and not found["ok"] and "Traceback" not in err
    said = " ".join(p["message"] for p in found["problems"] if p["kind"] == "schema")
    assert "extra trigger make_owner" in said and "extra function owner_maker()" in said, found
    _admin(pg_empty_url, "DROP FUNCTION owner_maker() CASCADE")

    _admin(pg_empty_url, f"DELETE FROM {migrations_pg.KEPT}")  # a club set up before the kept schema
    code, out, err = run(capsys, "--db", till, *as_owner, "check")
    assert code == 1 and "server upgrade" in out + err and "Traceback" not in err
    assert run(capsys, "server", "upgrade", pg_empty_url)[0] == 0  # nothing pending: the schema is kept again
    code, out, err = run(capsys, "--db", till, *as_owner, "--json", "check")
    assert code == 0 and json.loads(out)["ok"], err + out


def test_the_tills_role_imports_members_and_purchases_and_exports(capsys, monkeypatch, as_owner, pg_empty_url, role,
                                                                   tmp_path):
    """An import on the server, with the tills' role's rights only: it holds the members and the
    purchases (LOCK TABLE, which UPDATE allows) and moves the id sequences past the ids it took by
    drawing from them (it may not set them); the next sign-up and purchase get fresh ids."""
    from tests.import_export.test_import_export import write_csv

    monkeypatch.setattr("sys.stdin", io.StringIO("a long till password\n"))
    assert run(capsys, "server", "init", pg_empty_url, "--app-role", role, "--password-stdin")[0] == 0
    till = _till(pg_empty_url, role)
    set_up_with_cli_owner(till)
    members = write_csv(tmp_path / "m.csv", ["نام", "موبایل"], [["سارا احمدی", "09123334455"], ["رضا کریمی", "09357772233"]])
    code, out, err = run(capsys, "--db", till, *as_owner, "--json", "import", "members", str(members))
    assert code == 0 and json.loads(out)["counts"]["add"] == 2, err + out
    history = write_csv(tmp_path / "h.csv", ["موبایل", "تاریخ", "مبلغ"], [["09123334455", "1404/03/01", "250000"]])
    code, out, err = run(capsys, "--db", till, *as_owner, "--json", "import", "purchases", str(history), "--with-points")
    assert code == 0, err + out
    code, out, err = run(capsys, "--db", till, *as_owner, "--json", "member", "add", "--mobile", "09121112233",
                         "--first-name", "نیما")
    assert code == 0, err + out
    code, out, err = run(capsys, "--db", till, *as_owner, "--json", "export", "members", "--out", str(tmp_path / "m.xlsx"))
    assert code == 0 and (tmp_path / "m.xlsx").is_file(), err + out
    code, out, err = run(capsys, "--db", till, *as_owner, "--json", "check")
    assert code == 0 and json.loads(out)["ok"], err + out
    assert _admin(pg_empty_url, "SELECT count(*), max(id) FROM members") == [(3, 3)]
