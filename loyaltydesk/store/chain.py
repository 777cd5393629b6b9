"""Reading the hash chains of the audit log and the points ledger (``domain/chain.py``): the rows
as they are hashed, streamed in id order, the chains' heads, and what was written after a head.
The rows themselves are chained where they are written (``ledger.append``, ``audit.record``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from loyaltydesk.domain.chain import FIELDS

from .db import Database

CHAINED = ("audit_log", "ledger")


class Heads(NamedTuple):
    """Where both chains end: the last row's id and ``chain`` and the number of rows, per table."""

    audit_id: int
    audit_chain: bytes | None
    audit_rows: int
    ledger_id: int
    ledger_chain: bytes | None
    ledger_rows: int


class ChainedRow(NamedTuple):
    id: int
    values: tuple  # the row's content, in ``FIELDS[table]`` order (its id first)
    chain: bytes | None  # as stored


def rows(db: Database, table: str, after: int = 0) -> Iterator[ChainedRow]:
    """Every row of ``table`` after the id ``after`` in id order, one at a time as SQLite steps
    (never all in memory)."""
    fields = FIELDS[table]
    return (ChainedRow(r[0], r[:-1], r[-1])
            for r in db.execute(f"SELECT {', '.join(fields)}, chain FROM {table} WHERE id > ? ORDER BY id", (after,)))


def _encoded(column: str, declared: str) -> str:
    """SQL giving ``domain.chain.encode``'s bytes of one value, the value taken to be of its column's
    declared type (NULL aside): short SQL for ten million rows. A value of another type (slipped
    in by hand) encodes otherwise than ``encode`` would, so its row does not hash to its chain and
    the walk judges it in Python (``domain.chain.walk``'s ``values_of``): only ``encode`` decides."""
    if declared == "INTEGER":
        return f"coalesce('i' || {column} || ';', 'n')"
    if declared == "TEXT":
        return f"coalesce('s' || octet_length({column}) || ':' || {column}, 'n')"
    return (f"CASE typeof({column}) WHEN 'null' THEN 'n' WHEN 'integer' THEN 'i' || {column} || ';' "
            f"WHEN 'text' THEN 's' || octet_length({column}) || ':' || {column} "
            f"WHEN 'blob' THEN 'b' || length({column}) || ':' || {column} ELSE x'00' END")


def encoded_rows(db: Database, table: str, after: int = 0) -> Iterator[tuple[int, tuple | bytes, bytes | None]]:
    """(id, the row's content as ``domain.chain.encode`` writes it, stored chain) of every row of
    ``table`` after the id ``after``, in id order, streamed: SQLite encodes, so a walk of ten
    million rows only hashes."""
    if db.engine == "postgresql":  # the server has no typeof(): the values themselves, encoded by the walk
        return iter(rows(db, table, after))
    declared = {r[1]: (r[2] or "").upper() for r in db.all(f"PRAGMA table_info({table})")}
    parts = " || ".join(_encoded(f, declared.get(f, "")) for f in FIELDS[table])
    return ((r[0], r[1], r[2]) for r in db.execute(
        f"SELECT id, CAST({parts} AS BLOB), chain FROM {table} WHERE id > ? ORDER BY id", (after,)))


def stored_chain(db: Database, table: str, row_id: int) -> tuple[bool, bytes | None]:
    """(whether the row ``row_id`` of ``table`` is there, its stored ``chain``)."""
    row = db.one(f"SELECT chain FROM {table} WHERE id = ?", (row_id,))
    return (False, None) if row is None else (True, row[0])


def counts(db: Database, table: str, after: int) -> tuple[int, int]:
    """(rows of ``table``, rows after the id ``after``), read at one moment (one statement: rows
    written meanwhile are in both or in neither)."""
    row = db.one(f"SELECT (SELECT count(*) FROM {table}), (SELECT count(*) FROM {table} WHERE id > ?)", (after,))
    return int(row[0]), int(row[1])


def values_of(db: Database, table: str, row_id: int) -> tuple | None:
    """One row's content in ``FIELDS[table]`` order (None: no such row)."""
    row = db.one(f"SELECT {', '.join(FIELDS[table])} FROM {table} WHERE id = ?", (row_id,))
    return None if row is None else tuple(row)


def _head(db: Database, table: str) -> tuple[int, bytes | None, int]:
    last = db.one(f"SELECT id, chain FROM {table} ORDER BY id DESC LIMIT 1")
    if last is None:
        return 0, None, 0
    return last[0], last[1], db.value(f"SELECT count(*) FROM {table}")


def heads(db: Database) -> Heads:
    return Heads(*_head(db, "audit_log"), *_head(db, "ledger"))


def audit_after(db: Database, after_id: int, upto: int | None = None) -> list[tuple[str, int]]:
    """(action, rows) of the audit rows after ``after_id`` (up to ``upto``), the most frequent first."""
    return [(r[0], r[1]) for r in db.all(
        "SELECT action, count(*) AS n FROM audit_log WHERE id > ? AND id <= ? GROUP BY action ORDER BY n DESC, action",
        (after_id, 2**62 if upto is None else upto))]


def ledger_after(db: Database, after_id: int, upto: int | None = None) -> list[tuple[str, int, int]]:
    """(kind, entries, points) of the ledger entries after ``after_id`` (up to ``upto``)."""
    return [(r[0], r[1], r[2]) for r in db.all(
        "SELECT kind, count(*) AS n, coalesce(SUM(points), 0) FROM ledger WHERE id > ? AND id <= ? GROUP BY kind "
        "ORDER BY n DESC, kind", (after_id, 2**62 if upto is None else upto))]
