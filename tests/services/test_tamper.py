"""Records that cannot be quietly rewritten: the attacks of someone at the shop PC with the club
file open in an SQLite shell (a connection of their own, triggers dropped and made again), each
reported by ``check`` with where it happened."""

from __future__ import annotations

import sqlite3

import pytest

from loyaltydesk import services
from loyaltydesk.services import import_export
from loyaltydesk.domain.chain import link
from loyaltydesk.services.check import check_database

AUDIT_NO_DELETE = ("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN\n"
                   "    SELECT RAISE(ABORT, 'the audit log cannot be edited');\nEND")
AUDIT_NO_UPDATE = ("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN\n"
                   "    SELECT RAISE(ABORT, 'the audit log cannot be edited');\nEND")


def shell(db):
    """The attacker's own connection to the club file (as the sqlite3 shell would open it)."""
    return sqlite3.connect(db.path, isolation_level=None)


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


def test_a_club_used_normally_checks_clean_and_both_chains_hold(shop, tmp_path):
    import_export.export(shop, "members", tmp_path / "members.csv")
    assert check_database(shop) == []
    rows = shop.db.all("SELECT count(*), count(chain) FROM ledger UNION ALL SELECT count(*), count(chain) FROM audit_log")
    assert all(n == chained > 0 for n, chained in rows)


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


def test_an_altered_audit_row_is_reported_once_at_its_place(shop):
    target = shop.db.value("SELECT id FROM audit_log WHERE action = 'adjust_points'")
    conn = shell(shop.db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'sara' WHERE id = ?", (target,))
    conn.execute(AUDIT_NO_UPDATE)
    conn.close()
    assert [(p.field, p.params) for p in check_database(shop)] == [("audit_log_broken", {"rowid": target})]


def test_a_purchase_slipped_in_without_its_audit_row_is_reported(shop):
    conn = shell(shop.db)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log WHERE action = 'register_purchase')")
    conn.execute(AUDIT_NO_DELETE)
    conn.close()
    assert "unaudited_purchase" in kinds(check_database(shop))


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
