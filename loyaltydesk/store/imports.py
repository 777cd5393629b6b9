"""Bulk writes of an import (moving in): past purchases, opening balances and spend.

An import runs under one write lock (``BEGIN IMMEDIATE``), so the rows it adds take contiguous
ids: it takes them itself (``next_id``) and writes a chunk at a time. Its one audit row names the
id ranges with their counts and totals, and ``import_mismatches`` proves that the club still holds
exactly that (``services.check``).

Members, their tier history and purchases go in many rows per INSERT (``insert_rows``: up to
``ROWS_PER_INSERT`` rows, one statement text for every full batch). 100,000 members with their
opening purchases, CPU seconds on a loaded machine: members 4.1 (sqlite-utils' ``insert_all``,
62 rows per INSERT with a savepoint and a JSON look at every value: 6.4; ``executemany``: 8.9),
purchases 3.7 (6.9; 4.0). Ledger entries and their lots stay with ``executemany`` (each chained).

A big write also wants room: ``roomy_cache`` gives the connection a larger page cache for it
(a member import into a 1M-member club dirties most pages of a dozen members indexes: with the
usual 64 MiB they are written out and read back again within the transaction).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Iterator, NamedTuple

from . import ledger
from .db import Database
from .rows import columns


class KnownMember(NamedTuple):
    """A member a row of an imported file names (by card or mobile)."""

    id: int
    card: str
    mobile: str
    tier_id: int | None
    points: int
    first_name: str
    last_name: str

_TABLES = ("members", "purchases", "ledger")
PARAMS = 500  # values bound in one IN (...) look-up


def club_stamp(db: Database) -> tuple:
    """What a member import's preview was judged against, in one look-up: the last audit row (every
    change a service makes writes one), the last member, purchase and ledger entry, and how many
    members there are. Equal stamps: the preview's work can be written as it is."""
    return tuple(db.one("SELECT (SELECT coalesce(max(id), 0) FROM audit_log), (SELECT coalesce(max(id), 0) FROM members), "
                        "(SELECT coalesce(max(id), 0) FROM purchases), (SELECT coalesce(max(id), 0) FROM ledger), "
                        "(SELECT count(*) FROM members)"))


def next_id(db: Database, table: str) -> int:
    assert table in _TABLES
    return db.value(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")


def _chunks(values: list, size: int = PARAMS):
    for i in range(0, len(values), size):
        yield values[i:i + size]


def members_by(db: Database, column: str, keys) -> dict[str, KnownMember]:
    """key -> the member whose ``column`` (card or mobile) is that key, for those of ``keys`` that
    name one."""
    assert column in ("card", "mobile")
    out = {}
    for part in _chunks(list(keys)):
        marks = ", ".join("?" for _ in part)
        for r in db.all(f"SELECT {columns(KnownMember)} FROM members WHERE {column} IN ({marks})", tuple(part)):
            member = KnownMember(*r)
            out[member.card if column == "card" else member.mobile] = member
    return out


def taken_receipts(db: Database, receipts) -> set[str]:
    """Those of ``receipts`` already on a purchase of the club."""
    taken: set[str] = set()
    for part in _chunks(list(receipts)):
        marks = ", ".join("?" for _ in part)
        taken.update(r[0] for r in db.all(f"SELECT receipt FROM purchases WHERE receipt IN ({marks})", tuple(part)))
    return taken


PURCHASE_COLUMNS = ("id", "member_id", "at", "recorded_at", "actor", "tier_id", "gross", "tier_discount",
                    "coupon_discount", "points_redeemed", "redeem_value", "net", "points_earned", "refunded", "receipt")


ROWS_PER_INSERT = 500  # and at most MAX_VARIABLES values bound in one statement
MAX_VARIABLES = 32_766  # SQLite's limit since 3.32 (the bundled SQLCipher's SQLite is newer)


def insert_rows(db: Database, table: str, names: tuple[str, ...], rows: list[tuple]) -> None:
    """``rows`` (tuples in ``names`` order) into ``table``, many rows per INSERT on SQLite (the
    statement of a full batch is the same text each time, so it is prepared once); PostgreSQL's
    driver sends ``executemany`` in one pipeline."""
    if not rows:
        return
    columns_sql = ", ".join(names)
    if db.engine != "sqlite":
        db.conn.executemany(f"INSERT INTO {table} ({columns_sql}) VALUES ({', '.join('?' for _ in names)})", rows)
        if "id" in names:  # ids given: the identity's sequence moves past them, as SQLite's max(id) does
            sequence = db.value("SELECT pg_get_serial_sequence(?, 'id')", (table,))
            if sequence:
                db.execute(f"SELECT setval(?, (SELECT max(id) FROM {table}), true)", (sequence,))
        return
    one = "(" + ", ".join("?" for _ in names) + ")"
    per = max(1, min(ROWS_PER_INSERT, MAX_VARIABLES // len(names)))
    full = f"INSERT INTO {table} ({columns_sql}) VALUES " + ", ".join(one for _ in range(per))
    for i in range(0, len(rows), per):
        part = rows[i:i + per]
        sql = full if len(part) == per else f"INSERT INTO {table} ({columns_sql}) VALUES " + ", ".join(one for _ in part)
        db.conn.execute(sql, [value for row in part for value in row])


@contextmanager
def roomy_cache(db: Database, mib: int) -> Iterator[None]:
    """The connection's page cache at least ``mib`` MiB while the block runs (a bulk write into a
    big club), then as it was (SQLite lets the extra pages go). Nothing on PostgreSQL."""
    if db.engine != "sqlite":
        yield
        return
    before = db.value("PRAGMA cache_size")
    db.conn.execute(f"PRAGMA cache_size = {-int(mib) * 1024}")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA cache_size = {int(before)}")


def insert_purchases(db: Database, rows: list[tuple]) -> None:
    """Rows in PURCHASE_COLUMNS order (their ids taken by the caller). The report aggregates and
    the members' window spend follow through the triggers of m0005 and m0009."""
    insert_rows(db, "purchases", PURCHASE_COLUMNS, rows)


def insert_lots(db: Database, rows: list[tuple]) -> None:
    """Positive ledger entries with their lots: (id, member_id, at, kind, points, expires_at,
    purchase_id, reason, actor, remaining). The caller adds the points to the members
    (``add_points``, or in the rows of ``insert_members``) and computes ``remaining`` as ``ledger.append`` would (``domain.ledger.opening``)."""
    if not rows:
        return
    whole = [(r[0], r[1], r[2], r[3], r[4], r[5], None, r[6], None, None, None, r[7], r[8]) for r in rows]
    db.conn.executemany(  # each entry chained to the one before it, as ``ledger.append`` does
        "INSERT INTO ledger (id, member_id, at, kind, points, expires_at, purchase_id, reason, actor, chain) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r[:9], c) for r, c in zip(rows, ledger.chained(db, whole))])
    db.conn.executemany("INSERT INTO point_lots (entry_id, member_id, expires_at, remaining) VALUES (?, ?, ?, ?)",
                        [(r[0], r[1], r[5], r[9]) for r in rows])


def add_points(db: Database, pairs) -> None:
    """(points, member_id): the cached balances of ``insert_lots``' members."""
    db.conn.executemany("UPDATE members SET points = points + ? WHERE id = ?", list(pairs))


MEMBER_COLUMNS = ("id", "card", "mobile", "mobile_rev", "first_name", "last_name", "search_name", "birthday",
                  "birthday_md", "gender", "national_code", "sms_consent", "notes", "joined_at", "tier_id", "tier_since",
                  "points")


def insert_members(db: Database, rows: list[tuple]) -> None:
    """Rows in MEMBER_COLUMNS order (ids taken by the caller; ``points``: the balance of the opening
    lot written after them by ``insert_lots``); the name search index follows by trigger."""
    insert_rows(db, "members", MEMBER_COLUMNS, rows)


def update_members(db: Database, changes: list[tuple[int, dict]]) -> None:
    """(member id, columns to set) — a merge of a file's values into members already in the club."""
    for member_id, fields in changes:
        if "mobile" in fields:
            fields = dict(fields, mobile_rev=fields["mobile"][::-1])
        if fields:
            db.execute(f"UPDATE members SET {', '.join(f'{n} = ?' for n in fields)} WHERE id = ?",
                       (*fields.values(), member_id))


def card_taken(db: Database, card: str) -> bool:
    return db.one("SELECT 1 FROM members WHERE card = ?", (card,)) is not None


def taken_cards(db: Database, cards) -> set[str]:
    """Those of ``cards`` a member has (one look-up per ``PARAMS`` of them)."""
    taken: set[str] = set()
    for part in _chunks(sorted(cards)):
        marks = ", ".join("?" for _ in part)
        taken.update(r[0] for r in db.all(f"SELECT card FROM members WHERE card IN ({marks})", tuple(part)))
    return taken


def free_keys(db: Database, column: str, keys) -> set[tuple[str, str]]:
    """(column, key) for each of ``keys`` that no member has in ``column`` (mobile or national
    code), found by one look-up per ``PARAMS`` keys, in key order."""
    assert column in ("mobile", "national_code")
    taken: set[str] = set()
    ordered = sorted(keys)
    for part in _chunks(ordered):
        marks = ", ".join("?" for _ in part)
        taken.update(r[0] for r in db.all(f"SELECT {column} FROM members WHERE {column} IN ({marks})", tuple(part)))
    return {(column, k) for k in ordered if k not in taken}


TIER_HISTORY_COLUMNS = ("member_id", "at", "from_tier_id", "to_tier_id", "reason", "spend", "actor")


def add_tier_histories(db: Database, rows: list[tuple]) -> None:
    """(member_id, at, from_tier_id, to_tier_id, reason, spend, actor)."""
    insert_rows(db, "tier_history", TIER_HISTORY_COLUMNS, rows)


def set_tiers(db: Database, rows: list[tuple]) -> None:
    """(tier_id, tier_since, member_id)."""
    if rows:
        db.conn.executemany("UPDATE members SET tier_id = ?, tier_since = ? WHERE id = ?", rows)


def window_spends(db: Database, ids: list[int], start: str) -> dict[int, tuple[int | None, int]]:
    """member id -> (tier_id, spend from ``start``: gross less refunds), one probe of
    ``purchases_member_at`` per member."""
    out = {}
    for part in _chunks(list(ids)):
        marks = ", ".join("?" for _ in part)
        for r in db.all(
                "SELECT m.id, m.tier_id, (SELECT coalesce(SUM(p.gross - p.refunded), 0) FROM purchases p "
                f"WHERE p.member_id = m.id AND p.at >= ?) FROM members m WHERE m.id IN ({marks})", (start, *part)):
            out[r[0]] = (r[1], r[2])
    return out


# --- the proof: what each import's audit row says it wrote is still there -------------------------

IMPORT_ACTIONS = ("import_purchases", "import_members")


def imports(db: Database):
    """(audit id, action, after) of every import that names its id ranges."""
    rows = db.all("SELECT id, action, after FROM audit_log WHERE entity IN ('members', 'purchases') ORDER BY id")
    return [(r[0], r[1], json.loads(r[2]) if r[2] else {}) for r in rows if r[1] in IMPORT_ACTIONS]


def range_figures(db: Database, table: str, first: int, last: int) -> tuple[int, int]:
    """(rows, total) of ids ``first..last``: purchases' gross, ledger points, or members (total 0)."""
    total = {"purchases": "gross", "ledger": "points", "members": "0"}[table]
    row = db.one(f"SELECT count(*), coalesce(SUM({total}), 0) FROM {table} WHERE id BETWEEN ? AND ?", (first, last))
    return row[0], row[1]


def import_mismatches(db: Database) -> list[tuple[int, str, int, int]]:
    """(audit id, what, audited, held) where the club no longer holds what an import's audit row
    says it wrote: the count or total of its members, purchases (gross) or ledger entries (points)."""
    out = []
    for audit_id, _action, after in imports(db):
        for table, count_key, total_key in (("members", "members_added", None), ("purchases", "purchases", "gross"),
                                            ("ledger", "entries", "points")):
            ids = after.get(f"{table}_ids")
            if not ids:
                continue
            count, total = range_figures(db, table, ids[0], ids[1])
            if count != after.get(count_key, 0):
                out.append((audit_id, f"{table} rows", after.get(count_key, 0), count))
            if total_key and total != after.get(total_key, 0):
                out.append((audit_id, f"{table} {total_key}", after.get(total_key, 0), total))
    return out
