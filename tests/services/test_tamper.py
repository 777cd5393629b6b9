"""Records that cannot be quietly rewritten: the attacks of someone at the shop PC with the club
file open in an SQLite shell (a connection of their own, triggers dropped and made again), each
reported by ``check`` with where it happened.

On a PostgreSQL server the insider is whoever has the tills' login: a connection of their own as
the program's role (``server init``'s rights: the club's tables written, the journals only added
to, no DDL). What that role may do (an entry slipped in, a role or a key edited) is tried on both
engines; what needs a guard dropped or the schema changed is SQLite's alone (on a server the role
is refused it: tests/store/test_pg.py, test_server_cli.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from tests.raw import raw_connect

import pytest

from loyaltydesk import services
from loyaltydesk.domain import passwords
from loyaltydesk.domain.chain import link
from loyaltydesk.domain.errors import LoyaltyError, PermissionDenied
from loyaltydesk.domain.passwords import hash_password
from loyaltydesk.services import import_export, seals, users
from loyaltydesk.services.check import check_database, seal_summary
from tests.conftest import CLI_OWNER, CLI_PASSWORD, add_cli_owner, cli_env

pytestmark = pytest.mark.engines  # the attacks the program's role may make on a server: on both engines

AUDIT_NO_DELETE = ("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN\n"
                   "    SELECT RAISE(ABORT, 'the audit log cannot be edited');\nEND")
AUDIT_NO_UPDATE = ("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN\n"
                   "    SELECT RAISE(ABORT, 'the audit log cannot be edited');\nEND")


class Insider:
    """A connection of its own to a server's club as the program's role (the tills' login), with
    the sqlite3 module's ``execute(sql, params)`` and ``?`` marks."""

    def __init__(self, url: str):
        import psycopg

        from loyaltydesk.store import server_setup
        from loyaltydesk.store.pg import PgDatabase

        role = "insider_" + uuid.uuid4().hex[:12]
        admin = PgDatabase(url)
        try:
            server_setup.make_role(admin, role, "insider-pass-1")
            server_setup.grant(admin, role)
        finally:
            admin.close()
        self.conn = psycopg.connect(server_setup.till_url(url, role), autocommit=True, password="insider-pass-1")

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql.replace("?", "%s"), params)

    def close(self) -> None:
        self.conn.close()


def shell(db):
    """The attacker's own connection: to the club file (as the sqlite3 shell would open it), or to
    the server's club as the program's role."""
    if db.engine == "postgresql":
        return Insider(db.url)
    return raw_connect(db.path, isolation_level=None)


def kinds(problems) -> list[str]:
    return [p.field for p in problems]


def delete_audit_rows(db, where: str, params=()) -> list[int]:
    """Delete audit rows the way the issue did: the guard dropped, the rows deleted, the guard made again."""
    conn = shell(db)
    ids = [r[0] for r in conn.execute(f"SELECT id FROM audit_log WHERE {where}", params)]
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute(f"DELETE FROM audit_log WHERE {where}", params)
    conn.execute(AUDIT_NO_DELETE)
    conn.close()
    return ids


def alter_audit_row(db, row_id: int, actor: str = "sara") -> None:
    """One audit row's actor changed in place, its chain left as it was (the guard dropped, the row
    updated, the guard made again)."""
    conn = shell(db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = ? WHERE id = ?", (actor, row_id))
    conn.execute(AUDIT_NO_UPDATE)
    conn.close()


def test_a_club_used_normally_checks_clean_and_both_chains_hold(shop, tmp_path):
    import_export.export(shop, "members", tmp_path / "members.csv")
    assert check_database(shop) == []
    rows = shop.db.all("SELECT count(*), count(chain) FROM ledger UNION ALL SELECT count(*), count(chain) FROM audit_log")
    assert all(n == chained > 0 for n, chained in rows)


@pytest.mark.sqlite_only  # the guard dropped: on a server the program's role may not (it owns no trigger)
def test_deleted_audit_rows_of_a_refund_an_adjustment_and_an_export_are_reported_with_where(shop, tmp_path):
    import_export.export(shop, "members", tmp_path / "members.csv")
    services.members.sign_up(shop, "09127778899", "نیما", "کریمی")  # later rows: the deleted ones are inside the log
    assert check_database(shop) == []
    gone = delete_audit_rows(shop.db, "action IN ('refund', 'adjust_points', 'export')")
    assert len(gone) == 3
    problems = check_database(shop)
    missing = [(p.params["first"], p.params["last"]) for p in problems if p.field == "audit_log_missing"]
    assert sorted(n for first, last in missing for n in range(first, last + 1)) == gone
    assert "unaudited_refund" in kinds(problems)  # the refund has lost its audit row
    adjust = shop.db.value("SELECT id FROM ledger WHERE kind = 'adjust'")
    assert [p.params["entry_id"] for p in problems if p.field == "unaudited_entry"] == [adjust]


@pytest.mark.parametrize("kind, reason", [("adjust", "gift"), ("earn", "")])
@pytest.mark.parametrize("chained", [False, True], ids=["chain-left-empty", "chain-computed"])
def test_an_inserted_ledger_row_lot_and_balance_of_50000_points_are_reported(shop, kind, reason, chained):
    member = shop.db.value("SELECT id FROM members ORDER BY id LIMIT 1")
    conn = shell(shop.db)
    last_id, last_chain = conn.execute("SELECT id, chain FROM ledger ORDER BY id DESC LIMIT 1").fetchone()
    values = (last_id + 1, member, "2025-06-01T10:00:00Z", kind, 50_000, None, None, None, None, None, None, reason,
              "owner")
    conn.execute("INSERT INTO ledger (id, member_id, at, kind, points, expires_at, lot_id, purchase_id, refund_id, "
                 "reverses_id, bonus_key, reason, actor, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (*values, link("ledger", last_chain, values) if chained else None))
    conn.execute("INSERT INTO point_lots (entry_id, member_id, expires_at, remaining) VALUES (?, ?, NULL, 50000)",
                 (last_id + 1, member))
    conn.execute("UPDATE members SET points = points + 50000 WHERE id = ?", (member,))
    conn.close()
    problems = check_database(shop)
    assert [(p.params["entry_id"], p.params["points"]) for p in problems if p.field == "unaudited_entry"] == [
        (last_id + 1, 50_000)]
    assert [p.params["rowid"] for p in problems if p.field == "ledger_broken"] == ([] if chained else [last_id + 1])


@pytest.mark.sqlite_only  # the guard dropped, as above
def test_an_altered_audit_row_is_reported_once_at_its_place(shop):
    target = shop.db.value("SELECT id FROM audit_log WHERE action = 'adjust_points'")
    alter_audit_row(shop.db, target)
    assert [(p.field, p.params) for p in check_database(shop)] == [("audit_log_broken", {"rowid": target})]


@pytest.mark.sqlite_only  # the guard dropped, as above
def test_a_purchase_slipped_in_without_its_audit_row_is_reported(shop):
    conn = shell(shop.db)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log WHERE action = 'register_purchase')")
    conn.execute(AUDIT_NO_DELETE)
    conn.close()
    assert "unaudited_purchase" in kinds(check_database(shop))


@pytest.mark.sqlite_only  # the schema changed: no DDL for the program's role (a server's: test_pg.py)
@pytest.mark.parametrize("attack, named", [
    ("CREATE TRIGGER make_owner AFTER UPDATE OF last_sign_in ON users BEGIN "
     "UPDATE users SET role = 'owner' WHERE id = new.id; END", "extra trigger make_owner"),
    ("CREATE VIEW everyone AS SELECT mobile, national_code FROM members", "extra view everyone"),
    ("DROP TRIGGER ledger_no_delete", "missing trigger ledger_no_delete"),
    ("DROP INDEX ledger_member", "missing index ledger_member"),
])
def test_a_changed_schema_is_reported_by_name(shop, attack, named):
    conn = shell(shop.db)
    conn.execute(attack)
    conn.close()
    assert [p.params["difference"] for p in check_database(shop) if p.field == "schema"] == [named]


# --- the owner's key, seals and signed roles ----------------------------------------------------------

SARA, SARA_PASSWORD = "sara", "sara-pass-1"


@pytest.fixture
def signed(db, clock):
    """A club with its owner (signed in: the key unlocked, a seal made) and a cashier, sara."""
    add_cli_owner(db, clock)
    owner = users.sign_in(db, CLI_OWNER, CLI_PASSWORD, clock)
    users.add_user(owner, SARA, SARA_PASSWORD, SARA_PASSWORD, "cashier")
    return owner


def audit_actions(db) -> list[str]:
    return [r[0] for r in db.all("SELECT action FROM audit_log ORDER BY id")]


def test_the_owner_signs_in_unlocks_the_key_and_seals_and_check_verifies_it(signed, clock):
    assert [r[0] for r in signed.db.all("SELECT reason FROM seals")] == ["sign_in", "sign_in"]  # set-up, sign-in
    clock.advance(hours=1)
    users.sign_in(signed.db, SARA, SARA_PASSWORD, clock)
    assert check_database(signed) == []
    summary = seal_summary(signed)
    assert summary.owner == CLI_OWNER and summary.reason == "sign_in"
    assert summary.since.audit == [("add_user", 1), ("sign_in", 1)] and summary.since.ledger == []
    assert summary.fingerprint == seals.latest_fingerprint(signed.db) and len(summary.fingerprint) == 24


def test_a_role_edited_in_the_file_is_caught_at_the_next_sign_in(signed, clock):
    conn = shell(signed.db)
    conn.execute("UPDATE users SET role = 'owner' WHERE username = 'sara'")
    conn.close()
    with pytest.raises(seals.NotSigned) as refused:
        users.sign_in(signed.db, SARA, SARA_PASSWORD, clock)
    assert refused.value.message.startswith("The role of sara was changed outside LoyaltyDesk")
    assert audit_actions(signed.db)[-1] == "sign_in_refused"
    assert [p.params["username"] for p in check_database(signed) if p.field == "user_unsigned"] == [SARA]


def test_a_user_slipped_in_with_a_known_hash_does_not_sign_in(signed, clock):
    conn = shell(signed.db)
    conn.execute("INSERT INTO users (username, role, password_hash, created_at) VALUES ('eve', 'owner', ?, ?)",
                 (hash_password("eve-pass-1"), "2025-06-01T08:00:00Z"))
    conn.close()
    with pytest.raises(seals.NotSigned):
        users.sign_in(signed.db, "eve", "eve-pass-1", clock)
    assert [p.params["username"] for p in check_database(signed) if p.field == "user_unsigned"] == ["eve"]


def test_the_owner_changes_roles_with_the_key_and_the_new_role_signs_in(signed, clock):
    users.edit_user(signed, SARA, role="owner")
    assert users.sign_in(signed.db, SARA, SARA_PASSWORD, clock).user.role.value == "owner"
    assert check_database(signed) == []


def test_without_the_unlocked_key_a_role_cannot_be_given(signed, clock):
    other = services.open_club(signed.db.path, create=False, key=signed.db.key)  # another connection: nobody signed in on it
    try:
        with pytest.raises(LoyaltyError, match="sign in again as the owner"):
            users.add_user(services.owner_session(other, CLI_OWNER), "reza", "reza-pass-1", "reza-pass-1", "owner")
        assert other.value("SELECT count(*) FROM users WHERE username = 'reza'") == 0
    finally:
        other.close()


@pytest.mark.parametrize("replace", ["public key", "public key and wrapped key"])
def test_a_replaced_owner_key_is_said_loudly_at_the_owners_sign_in(signed, clock, replace):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    theirs = Ed25519PrivateKey.generate()
    public = seals._public_bytes(theirs)
    conn = shell(signed.db)
    owner_id = conn.execute("SELECT id FROM users WHERE username = ?", (CLI_OWNER,)).fetchone()[0]
    conn.execute("UPDATE owner_keys SET public_key = ? WHERE user_id = ?", (public, owner_id))
    if replace.endswith("wrapped key"):
        conn.execute("UPDATE owner_keys SET wrapped = ? WHERE user_id = ?",
                     (seals.wrap(theirs, passwords.new_secret("their-pass-1").wrap_key, owner_id), owner_id))
    conn.close()
    with pytest.raises(seals.KeyReplaced) as refused:
        users.sign_in(signed.db, CLI_OWNER, CLI_PASSWORD, clock)
    assert refused.value.message.startswith("WARNING: the owner's signing key stored for owner is not the one")
    assert audit_actions(signed.db)[-1] == "owner_key_replaced" and seals.unlocked(signed.db) is None
    # the seals made with the real key no longer verify against the one in the file
    assert "seal_signature" in kinds(check_database(signed))


@pytest.mark.sqlite_only  # the guards dropped, as above
def test_a_history_rewritten_before_a_seal_with_a_new_chain_is_reported_by_the_seal(signed, clock):
    """The attacker knows the encoding and re-chains everything after a deleted row: the chains
    agree again, but the sealed heads are not in them any more."""
    services.members.sign_up(signed, "09127778899", "نیما", "کریمی")
    users.sign_in(signed.db, CLI_OWNER, CLI_PASSWORD, clock)  # sealed here
    target = signed.db.value("SELECT id FROM audit_log WHERE action = 'add_user'")
    conn = shell(signed.db)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DELETE FROM audit_log WHERE id = ?", (target,))
    rows = conn.execute("SELECT id, at, actor, role, action, entity, entity_id, before, after, recorded_at, chain "
                        "FROM audit_log ORDER BY id").fetchall()
    previous, moves = None, []
    for new_id, row in enumerate(rows, start=1):
        values = (new_id, *row[1:10])
        previous = link("audit_log", previous, values)
        moves.append((new_id, previous, row[0]))
    for new_id, chain_, old_id in moves:
        conn.execute("UPDATE audit_log SET id = ?, chain = ? WHERE id = ?", (new_id, chain_, old_id))
    conn.execute(AUDIT_NO_DELETE)
    conn.execute(AUDIT_NO_UPDATE)
    conn.close()
    problems = check_database(signed)
    assert not [p for p in problems if p.field.startswith("audit_log_")]  # the chain itself holds
    assert "seal_audit_log" in kinds(problems)


@pytest.mark.sqlite_only  # the guard dropped, as above
def test_an_edited_seal_does_not_verify(signed):
    conn = shell(signed.db)
    conn.execute("DROP TRIGGER seals_no_update")
    conn.execute("UPDATE seals SET audit_rows = audit_rows + 1 WHERE id = (SELECT max(id) FROM seals)")
    conn.close()
    assert "seal_signature" in kinds(check_database(signed))


def test_the_owners_new_password_opens_the_same_key(signed, clock):
    users.change_own_password(signed, CLI_PASSWORD, "a-new-pass-1", "a-new-pass-1")
    key = signed.db.value("SELECT count(*) FROM owner_keys")
    users.sign_in(signed.db, CLI_OWNER, "a-new-pass-1", clock)
    assert signed.db.value("SELECT count(*) FROM owner_keys") == key and check_database(signed) == []


def test_an_owner_whose_password_another_owner_reset_gets_a_new_key(signed, clock):
    users.add_user(signed, "maryam", "maryam-pass-1", "maryam-pass-1", "owner")
    users.sign_in(signed.db, "maryam", "maryam-pass-1", clock)
    owner = users.sign_in(signed.db, CLI_OWNER, CLI_PASSWORD, clock)
    users.reset_password(owner, "maryam", "maryam-pass-2", "maryam-pass-2")
    users.sign_in(signed.db, "maryam", "maryam-pass-2", clock)
    assert signed.db.value("SELECT count(*) FROM owner_keys WHERE retired_at IS NULL") == 2
    assert check_database(signed) == []


def test_the_daily_close_seals_what_the_day_wrote_and_the_report_prints_it(signed, clock, tmp_path):
    from loyaltydesk.printing.report import report_pdf
    from loyaltydesk.services import analytics, daily

    services.club.add_tier(signed, "برنزی", 0)
    services.members.sign_up(signed, "09127778899", "نیما", "کریمی")
    daily.run_all(signed, at_start=False, with_backup=False)
    last = signed.db.one("SELECT reason, owner_id FROM seals ORDER BY id DESC LIMIT 1")
    assert tuple(last) == ("daily_close", signed.user.id)
    daily.run_all(signed, at_start=False, with_backup=False)  # nothing written since: no second seal
    assert signed.db.value("SELECT count(*) FROM seals WHERE reason = 'daily_close'") == 1
    cashier = users.sign_in(signed.db, SARA, SARA_PASSWORD, clock)
    services.members.sign_up(cashier, "09127778800", "سارا", "کریمی")
    daily.run_all(cashier, at_start=False, with_backup=False)  # a cashier holds no key: nothing sealed
    assert signed.db.value("SELECT count(*) FROM seals WHERE reason = 'daily_close'") == 1
    pdf = report_pdf(analytics.report(signed, "growth"), shop_name="x", unit="rial",
                     seal=seals.latest_fingerprint(signed.db))
    assert pdf.startswith(b"%PDF")


# --- the same attacks through the real program ------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def program(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``uv run loyaltydesk ARGS`` (``--no-sync``: the environment as it is), signed in through the
    environment's LOYALTYDESK_PASSWORD."""
    uv = shutil.which("uv")
    command = [uv, "run", "--no-sync", "loyaltydesk"] if uv else [str(Path(sys.executable).parent / "loyaltydesk")]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=cli_env(**env), cwd=ROOT,
                          timeout=120)


def test_the_command_line_check_and_sign_in_catch_the_inserted_entry_and_the_edited_role(signed):
    member = services.members.sign_up(signed, "09127778899", "نیما", "کریمی")
    conn = shell(signed.db)
    path = signed.db.url if signed.db.engine == "postgresql" else signed.db.path
    signed.db.close()
    last_id = conn.execute("SELECT max(id) FROM ledger").fetchone()[0] or 0
    conn.execute("INSERT INTO ledger (id, member_id, at, kind, points, reason, actor) "
                 "VALUES (?, ?, '2025-06-01T10:00:00Z', 'adjust', 50000, 'gift', 'owner')", (last_id + 1, member.id))
    conn.execute("INSERT INTO point_lots (entry_id, member_id, remaining) VALUES (?, ?, 50000)", (last_id + 1, member.id))
    conn.execute("UPDATE members SET points = points + 50000 WHERE id = ?", (member.id,))
    conn.execute("UPDATE users SET role = 'owner' WHERE username = 'sara'")
    conn.close()
    checked = program("--db", str(path), "--user", CLI_OWNER, "check")
    assert checked.returncode == 1
    assert f"Ledger entry {last_id + 1} (adjust, 50000 points, member {member.id}) has no audit row" in checked.stdout
    assert f"The points ledger: entry {last_id + 1} does not follow from the entry before it" in checked.stdout
    assert "User sara: the role or the permission to sign in is not what an owner signed" in checked.stdout
    refused = program("--db", str(path), "--user", SARA, "overview", LOYALTYDESK_PASSWORD=SARA_PASSWORD)
    assert refused.returncode == 1 and "The role of sara was changed outside LoyaltyDesk" in refused.stderr
    assert refused.stdout == ""


def test_a_cashier_signing_in_on_the_same_connection_leaves_the_owner_able_to_sign(signed, clock):
    """One program, one connection: the owner's window stays open while sara signs in at the till."""
    cashier = users.sign_in(signed.db, SARA, SARA_PASSWORD, clock)
    with pytest.raises(PermissionDenied):
        users.edit_user(cashier, SARA, role="owner")
    assert seals.seal_close(cashier) is None  # a cashier's session signs nothing
    users.edit_user(signed, SARA, role="owner")
    assert check_database(signed) == []
