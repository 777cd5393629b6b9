"""Moving a club between a SQLite file and a PostgreSQL server (``services/move.py``): the rows
of every table copied as they are stored, in key order and in batches, ids kept, and the figures
that prove the copy (counts, every member's kept figures, the ledger's sums).

The target's schema is made by its own engine's migrations first (the same named steps); its
triggers that re-derive kept figures (the purchase aggregates, the window spend, the visits, the
referrer's card, the tokens) are off while the rows go in, so that the stored values are copied
once, never doubled, and ``check`` proves them after. A foreign key between tables is kept by the
order of the tables (parents first); a reference inside one table to a later row, and the one
cycle (a user signed by an owner's key that belongs to a user), is written after all rows are in.
On the server the foreign keys and the indexes that back no key are dropped while the rows go in
and made again from their own definitions after (``put_off_pg``, ``make_again_pg``): each index is
built once from its whole table and each reference checked once over it, which is what makes a
club of 10M purchases move in minutes; the statistics are gathered at the end (``analyze_pg``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .db import Database

SQLITE_ONLY = ("_sqlite_migrations",)  # the record of each engine's own migrations: made by them
PG_ONLY = ("loyaltydesk_migrations", "loyaltydesk_expected_schema",  # migrations_pg.OWN_TABLES
           "member_name_prefixes")  # the server's name search (m0023), made from the members
BATCH = 5_000


class Reference(NamedTuple):
    column: str
    parent: str


class Table(NamedTuple):
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key's columns (key order)
    references: tuple[Reference, ...]
    required: frozenset[str] = frozenset()  # the NOT NULL columns


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def is_server(db: Database) -> bool:
    return getattr(db, "engine", "sqlite") == "postgresql"


# --- what the club's tables are ---------------------------------------------------------------------

def _sqlite_tables(db: Database) -> dict[str, Table]:
    names = [r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                                  "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    fts = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")}
    found = {}
    for name in names:
        if name in SQLITE_ONLY or any(name.startswith(v + "_") for v in fts):
            continue
        info = db.all(f"PRAGMA table_info({_quoted(name)})")
        key = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        refs = tuple(Reference(r[3], r[2]) for r in db.all(f"PRAGMA foreign_key_list({_quoted(name)})"))
        found[name] = Table(name, tuple(r[1] for r in info), key, refs, frozenset(r[1] for r in info if r[3]))
    return found


def _pg_tables(db: Database) -> dict[str, Table]:
    found = {}
    names = [r[0] for r in db.all(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name")]
    for name in names:
        if name in PG_ONLY:
            continue
        info = db.all("SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = "
                      "current_schema() AND table_name = ? ORDER BY ordinal_position", (name,))
        columns = tuple(r[0] for r in info)
        key = tuple(r[0] for r in db.all(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(?) AND i.indisprimary "
            "ORDER BY array_position(i.indkey::int2[], a.attnum)", (name,)))
        refs = tuple(Reference(r[0], r[1]) for r in db.all(
            "SELECT a.attname, f.relname FROM pg_constraint k JOIN pg_class f ON f.oid = k.confrelid "
            "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
            "WHERE k.contype = 'f' AND k.conrelid = to_regclass(?) ORDER BY a.attname", (name,)))
        found[name] = Table(name, columns, key, refs, frozenset(r[0] for r in info if r[1] == "NO"))
    return found


def tables_of(db: Database) -> dict[str, Table]:
    """The club's tables (not the engines' own: the migrations' record, the name search's index)."""
    return _pg_tables(db) if is_server(db) else _sqlite_tables(db)


def in_order(tables: dict[str, Table]) -> list[Table]:
    """Parents before the tables that refer to them; a cycle is broken at the table with the fewest
    references left (by name): those references are written after every row is in (``deferred``)."""
    left = dict(tables)
    placed: list[Table] = []
    done: set[str] = set()
    while left:
        ready = sorted(n for n, t in left.items()
                       if all(r.parent in done or r.parent == n or r.parent not in tables for r in t.references))
        if not ready:  # a cycle: broken where the references left may wait (NULL first, written last)
            def waiting(n: str) -> tuple[int, int, str]:
                refs = [r for r in left[n].references if r.parent not in done and r.parent != n]
                return sum(r.column in left[n].required for r in refs), len(refs), n

            ready = [min(left, key=waiting)]
        for name in ready:
            placed.append(left.pop(name))
            done.add(name)
    return placed


def deferred(order: list[Table]) -> dict[str, tuple[str, ...]]:
    """Per table, the reference columns to a table placed after it (a cycle): written last."""
    seen: set[str] = set()
    out: dict[str, tuple[str, ...]] = {}
    for table in order:
        later = tuple(r.column for r in table.references if r.parent != table.name and r.parent not in seen
                      and r.parent in {t.name for t in order})
        if later:
            out[table.name] = later
        seen.add(table.name)
    return out


def self_references(table: Table) -> tuple[str, ...]:
    return tuple(r.column for r in table.references if r.parent == table.name)


# --- the target ---------------------------------------------------------------------------------------

def server_objects(db: Database) -> list[str]:
    """What the current schema of a PostgreSQL database holds (tables, views, sequences, functions):
    [] for an empty database, the only kind a club is moved into."""
    return [r[0] for r in db.all(
        "SELECT CASE c.relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'table ' WHEN 'S' THEN 'sequence ' "
        "ELSE 'view ' END || c.relname FROM pg_class c WHERE c.relnamespace = to_regnamespace(current_schema()) "
        "AND c.relkind IN ('r', 'v', 'm', 'S', 'p', 'f') "
        "UNION ALL SELECT 'function ' || p.proname FROM pg_proc p WHERE p.pronamespace = to_regnamespace(current_schema()) "
        "ORDER BY 1 LIMIT 20")]


def rows(db: Database, table: Table, batch: int = BATCH) -> Iterator[list[tuple]]:
    """``table``'s rows in key order, ``batch`` at a time, each a tuple of ``table.columns``."""
    names = ", ".join(_quoted(c) for c in table.columns)
    order = ", ".join(_quoted(c) for c in table.key) or "1"
    if is_server(db):
        raw = db._alive()  # type: ignore[attr-defined]
        with raw.cursor(name=f"move_{table.name}") as cursor:  # a server-side cursor: not all at once
            cursor.itersize = batch
            cursor.execute(f"SELECT {names} FROM {_quoted(table.name)} ORDER BY {order}".encode())
            while True:
                got = cursor.fetchmany(batch)
                if not got:
                    return
                yield [tuple(r) for r in got]
    cursor = db.execute(f"SELECT {names} FROM {_quoted(table.name)} ORDER BY {order}")
    while True:
        got = cursor.fetchmany(batch)
        if not got:
            return
        yield [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in got]


class CopyRefused(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The copy of the table {table} was refused by the target ({detail}). Nothing was moved.")


class Later(NamedTuple):
    """A reference written after every row is in: ``table.column = value`` where ``key`` (the row's)."""

    table: str
    column: str
    key: tuple[str, ...]
    values: list[tuple[Any, tuple]]  # (value, the row's key values)


def triggers_off_pg(db: Database, tables: list[Table], on: bool = False) -> None:
    """The club's own triggers of every table off (``on``: back on); the foreign keys stay checked."""
    for table in tables:
        db.execute(f"ALTER TABLE {_quoted(table.name)} {'ENABLE' if on else 'DISABLE'} TRIGGER USER")


class PutOff(NamedTuple):
    """What a bulk copy into the server leaves out until every row is in (``put_off_pg``)."""

    foreign_keys: list[tuple[str, str, str]]  # (table, constraint, its definition)
    indexes: list[tuple[str, str, str]]  # (table, index, its CREATE INDEX statement)


def put_off_pg(db: Database) -> PutOff:
    """Drop the foreign keys and the indexes that back no key or unique constraint, keeping their
    definitions (``make_again_pg``): COPY then writes each table's rows and its keys' indexes only,
    and every other index is built once from the whole table, every reference checked once by a
    join, instead of one index insert and one reference probe per row (the cost of a big club's
    move: 10M purchases, 10M ledger entries, 10M lots)."""
    fks = [(r[0], r[1], r[2]) for r in db.all(
        "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
        "JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'f' "
        "AND c.relnamespace = to_regnamespace(current_schema()) ORDER BY c.relname, k.conname")]
    indexes = [(r[0], r[1], r[2]) for r in db.all(
        "SELECT c.relname, x.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
        "JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = to_regnamespace(current_schema()) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
        "AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) ORDER BY x.relname")]
    raw = db._alive()  # type: ignore[attr-defined]  # the catalog's own text, not the store's SQL to translate
    for table, name, _definition in fks:
        raw.execute(f"ALTER TABLE {_quoted(table)} DROP CONSTRAINT {_quoted(name)}".encode())
    for _table, name, _statement in indexes:
        raw.execute(f"DROP INDEX {_quoted(name)}".encode())
    return PutOff(fks, indexes)


def make_again_pg(db: Database, put_off: PutOff) -> None:
    """The indexes and foreign keys ``put_off_pg`` dropped, made again from their own definitions
    (the schema is the one the migrations made, names and all); each reference is checked over the
    whole table as the constraint is added: a row that refers to nothing refuses the move."""
    from psycopg import errors as pg_errors

    raw = db._alive()  # type: ignore[attr-defined]
    raw.execute(b"SET LOCAL maintenance_work_mem = '256MB'")  # each index sorted in memory, not in many runs
    table = ""
    try:
        for table, _name, statement in put_off.indexes:
            raw.execute(statement.encode())
        for table, name, definition in put_off.foreign_keys:
            raw.execute(f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT {_quoted(name)} {definition}".encode())
    except pg_errors.IntegrityError as e:  # a unique index or a reference the rows break: named, rolled back
        raise CopyRefused(table=table, detail=str(e).strip().splitlines()[0]) from None


def analyze_pg(db: Database, tables: list[Table]) -> None:
    """The planner's statistics of every table copied, so that the first purchases and look-ups on
    the server are planned for a big club, not for the empty tables the migrations made."""
    raw = db._alive()  # type: ignore[attr-defined]
    for table in tables:
        raw.execute(f"ANALYZE {_quoted(table.name)}".encode())


def empty_tables(db: Database, tables: list[Table]) -> None:
    """The rows a new club's migrations wrote (the calendar, the first settings), children first."""
    for table in reversed(tables):
        db.execute(f"DELETE FROM {_quoted(table.name)}")


def copy_into_pg(db: Database, table: Table, batches: Iterator[list[tuple]], late: tuple[str, ...],
                 counted: Callable[[int], None]) -> list[Later]:
    """``batches`` into ``table`` on the server (COPY); the values of ``late`` columns, and of a
    reference inside the table to a later row, kept back and returned to be written last."""
    raw = db._alive()  # type: ignore[attr-defined]
    names = ", ".join(_quoted(c) for c in table.columns)
    key_at = [table.columns.index(c) for c in table.key]
    own = set(self_references(table))
    hold = [table.columns.index(c) for c in table.columns if c in late or c in own]
    held: dict[int, list[tuple[Any, tuple]]] = {i: [] for i in hold}
    single = len(key_at) == 1
    from psycopg import errors as pg_errors

    try:
        _copy_rows(raw, table, names, batches, hold, held, key_at, own, single, counted)
    except pg_errors.IntegrityError as e:  # a row the target's schema refuses: named, the move rolled back
        raise CopyRefused(table=table.name, detail=str(e).strip().splitlines()[0]) from None
    return [Later(table.name, table.columns[i], table.key, v) for i, v in held.items() if v]


def _copy_rows(raw, table: Table, names: str, batches, hold, held, key_at, own, single, counted) -> None:
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY {_quoted(table.name)} ({names}) FROM STDIN".encode()) as copy:
            for batch in batches:
                for row in batch:
                    if hold:
                        values = list(row)
                        key = tuple(row[i] for i in key_at)
                        for i in hold:
                            v = row[i]
                            if v is None:
                                continue
                            if table.columns[i] in own and single and v <= key[0]:
                                continue  # an earlier row of the table: in already
                            held[i].append((v, key))
                            values[i] = None
                        row = tuple(values)
                    copy.write_row(row)
                counted(len(batch))


def write_later(db: Database, later: list[Later]) -> None:
    for item in later:
        where = " AND ".join(f"{_quoted(c)} = ?" for c in item.key)
        sql = f"UPDATE {_quoted(item.table)} SET {_quoted(item.column)} = ? WHERE {where}"
        for start in range(0, len(item.values), BATCH):
            db.conn.executemany(sql, [(v, *k) for v, k in item.values[start:start + BATCH]])


def set_sequences(db: Database, tables: list[Table]) -> int:
    """Each identity key's next value after the largest id copied; how many were set."""
    n = 0
    for table in tables:
        if table.key != ("id",):
            continue
        sequence = db.value("SELECT pg_get_serial_sequence(?, 'id')", (table.name,))
        top = db.value(f"SELECT max(id) FROM {_quoted(table.name)}")
        if sequence and top:
            db.execute("SELECT setval(?, ?, true)", (sequence, top))
            n += 1
    return n


def sqlite_triggers(db: Database) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.all("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid")]


def drop_sqlite_triggers(db: Database, triggers: list[tuple[str, str]]) -> None:
    for name, _sql in triggers:
        db.execute(f"DROP TRIGGER {_quoted(name)}")


def make_sqlite_triggers(db: Database, triggers: list[tuple[str, str]]) -> None:
    """The triggers again, each from the very text it was made with (the schema stays the one
    the migrations wrote, which ``check`` compares)."""
    for _name, sql in triggers:
        db.execute(sql)


def copy_into_sqlite(db: Database, table: Table, batches: Iterator[list[tuple]], counted: Callable[[int], None]) -> None:
    names = ", ".join(_quoted(c) for c in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    sql = f"INSERT INTO {_quoted(table.name)} ({names}) VALUES ({marks})"
    for batch in batches:
        db.conn.executemany(sql, batch)
        counted(len(batch))


def rebuild_name_search(db: Database) -> None:
    """The name search made from the members copied: SQLite's FTS5 over the members' ``search_name``;
    a server's word prefixes (``member_name_prefixes``, m0023: its trigger was off during the COPY),
    its key built once from the whole table."""
    if is_server(db):
        if db.value("SELECT to_regclass('member_name_prefixes')") is None:
            return
        raw = db._alive()  # type: ignore[attr-defined]
        raw.execute(b"SET LOCAL maintenance_work_mem = '256MB'")
        raw.execute(b"DELETE FROM member_name_prefixes")
        raw.execute(b"ALTER TABLE member_name_prefixes DROP CONSTRAINT member_name_prefixes_pkey")
        raw.execute(b"INSERT INTO member_name_prefixes (prefix, member_id) "
                    b"SELECT p, m.id FROM members m, name_prefixes(m.search_name) AS p")
        raw.execute(b"ALTER TABLE member_name_prefixes ADD PRIMARY KEY (prefix, member_id)")
        raw.execute(b"ANALYZE member_name_prefixes")
    elif db.value("SELECT 1 FROM sqlite_master WHERE name = 'members_fts'"):
        db.execute("INSERT INTO members_fts(members_fts) VALUES ('rebuild')")


# --- the proof ----------------------------------------------------------------------------------------

class Figures(NamedTuple):
    """What must be the same on both sides of a move."""

    counts: dict[str, int]  # rows per table
    members: str  # a digest of every member's id, points, window spend, tier
    ledger: tuple[int, int, int, int]  # members' points, the ledger's, the lots', the positive balances
    purchases: tuple[int, int, int]  # the purchases' gross, net and refunded sums


def counts(db: Database, tables: list[Table]) -> dict[str, int]:
    return {t.name: int(db.value(f"SELECT count(*) FROM {_quoted(t.name)}")) for t in tables}


def members_digest(db: Database) -> str:
    digest = hashlib.sha256()
    cursor = db.execute("SELECT id, points, win_spend, win_from, win_until, tier_id, tier_since, status "
                        "FROM members ORDER BY id")
    while True:
        got = cursor.fetchmany(BATCH)
        if not got:
            break
        for row in got:
            digest.update(repr(tuple(row)).encode("utf-8"))
    return digest.hexdigest()


def figures(db: Database, tables: list[Table]) -> Figures:
    ledger = db.one("SELECT (SELECT coalesce(sum(points), 0) FROM members), (SELECT coalesce(sum(points), 0) FROM ledger), "
                    "(SELECT coalesce(sum(remaining), 0) FROM point_lots), "
                    "(SELECT coalesce(sum(points), 0) FROM members WHERE points > 0)")
    purchases = db.one("SELECT coalesce(sum(gross), 0), coalesce(sum(net), 0), coalesce(sum(refunded), 0) FROM purchases")
    return Figures(counts(db, tables), members_digest(db), tuple(int(v) for v in ledger),  # type: ignore[arg-type]
                   tuple(int(v) for v in purchases))  # type: ignore[arg-type]
