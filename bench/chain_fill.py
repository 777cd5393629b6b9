"""Give a spine fill (``bench_spine.py``) what the app writes beside every purchase: its audit row,
and both hash chains (the audit log's and the points ledger's) as ``store.audit.record`` and
``store.ledger.append`` chain them, so that ``check`` is timed on a club as the app leaves it.

    uv run python bench/chain_fill.py COPY.sqlite3     # a COPY of a fill (with its .keys): it is rewritten

The fill writes its purchases with bare SQL, without audit rows or chains (``check`` then reports
every purchase unaudited and the ledger's chain broken at its first entry). This adds one
``register_purchase`` audit row per purchase, with an ``after`` of the size the service writes
(its result: the purchase, the points, the balance, the tier), in purchase order after the rows
already there, and computes every row's ``chain`` of both tables. The append-only guards are lifted
for the rewrite and made again exactly as they were (``check`` compares the schema).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loyaltydesk.domain.chain import AUDIT_FIELDS, LEDGER_FIELDS, link  # noqa: E402
from loyaltydesk.store.db import Database  # noqa: E402
from tests.raw import club_key  # noqa: E402

BATCH = 20_000


def guards(db: Database, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.all(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE ?",
        (table, f"{table}_no_%"))]


def rechain(db: Database, table: str, fields: tuple[str, ...]) -> int:
    """Every row's ``chain`` of ``table`` computed again, in id order (the guards lifted meanwhile)."""
    previous, done, batch = None, 0, []
    for row in db.conn.execute(f"SELECT {', '.join(fields)} FROM {table} ORDER BY id"):
        previous = link(table, previous, tuple(row))
        batch.append((previous, row[0]))
        if len(batch) >= BATCH:
            db.conn.executemany(f"UPDATE {table} SET chain = ? WHERE id = ?", batch)
            done += len(batch)
            batch = []
    db.conn.executemany(f"UPDATE {table} SET chain = ? WHERE id = ?", batch)
    return done + len(batch)


def main() -> int:
    path = Path(sys.argv[1])
    db = Database(path, create=False, key=club_key(path))
    conn = db.conn
    t0 = time.perf_counter()
    lifted = guards(db, "ledger") + guards(db, "audit_log")
    conn.execute("BEGIN IMMEDIATE")
    for name, _sql in lifted:
        conn.execute(f"DROP TRIGGER {name}")
    next_id = (conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]) + 1
    rows, written = [], 0
    query = ("SELECT p.id, p.at, p.gross, p.tier_discount, p.net, p.points_earned, p.points_redeemed, m.card, "
             "p.tier_id, p.receipt FROM purchases p JOIN members m ON m.id = p.member_id ORDER BY p.id")
    for pid, at, gross, discount, net, earned, redeemed, card, tier, receipt in conn.execute(query):
        after = {"purchase_id": pid, "card": card, "gross": gross, "tier_discount": discount, "coupon_discount": 0,
                 "redeem_value": 0, "net": net, "points_earned": earned, "points_redeemed": redeemed,
                 "campaign_points": 0, "campaigns": [], "balance": earned - redeemed, "tier_before": tier,
                 "tier_after": tier, "upgraded": False, "receipt": receipt, "sms_queued": False}
        rows.append((next_id, at, "sara", "cashier", "register_purchase", "purchase", str(pid), None,
                     json.dumps(after, ensure_ascii=False, sort_keys=True), at))
        next_id += 1
        if len(rows) >= BATCH:
            conn.executemany("INSERT INTO audit_log (id, at, actor, role, action, entity, entity_id, before, after, "
                             "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            written += len(rows)
            rows = []
            if written % 1_000_000 == 0:
                print(f"  audit rows: {written:,} in {time.perf_counter() - t0:.0f} s", flush=True)
    conn.executemany("INSERT INTO audit_log (id, at, actor, role, action, entity, entity_id, before, after, "
                     "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    written += len(rows)
    print(f"audit rows: {written:,} in {time.perf_counter() - t0:.0f} s", flush=True)
    audit = rechain(db, "audit_log", AUDIT_FIELDS)
    print(f"audit chain: {audit:,} rows, {time.perf_counter() - t0:.0f} s", flush=True)
    ledger = rechain(db, "ledger", LEDGER_FIELDS)
    print(f"ledger chain: {ledger:,} entries, {time.perf_counter() - t0:.0f} s", flush=True)
    for _name, sql in lifted:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(f"done in {time.perf_counter() - t0:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
