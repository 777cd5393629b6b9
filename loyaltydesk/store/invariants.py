"""Queries that find rows disagreeing with each other. Each returns the offending rows; the
service layer turns them into problems a person can read. None of them raises or writes."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence, Set
from typing import Any, NamedTuple

from .engine import sqlite3

from .db import Database
from .members import FAR_FUTURE
from .rows import fetch_all, fetch_each


class ForeignKeyViolation(NamedTuple):
    table: str
    rowid: int
    parent: str


class BalanceMismatch(NamedTuple):
    id: int
    card: str
    cached: int
    ledger: int


class WindowMismatch(NamedTuple):
    id: int
    card: str
    win_from: str
    win_spend: int
    win_until: str
    spend: int  # what the purchases give from win_from
    first: str  # their first purchase from win_from (FAR_FUTURE: none)


class VisitMismatch(NamedTuple):
    member_id: int
    card: str
    floor: int  # the least amount of a visit it counts at
    win_from: str
    visits: int  # as kept (m0018)
    win_until: str
    counted: int  # what the purchases give from win_from
    first: str  # the first of those visits (FAR_FUTURE: none)


class ReferrerCardMismatch(NamedTuple):
    id: int
    card: str
    referrer_card: str | None  # as kept in the row
    referrer: str | None  # the referrer's card


class RefundedMismatch(NamedTuple):
    id: int
    refunded: int  # as kept on the purchase
    refunds: int  # its refunds summed


class PurchaseLedgerMismatch(NamedTuple):
    id: int
    points_earned: int
    points_redeemed: int
    earned: int  # in the ledger
    redeemed: int


class RefundLedgerMismatch(NamedTuple):
    id: int
    points_reversed: int
    points_returned: int
    reversed: int  # in the ledger
    returned: int


class TierHistoryMismatch(NamedTuple):
    id: int
    card: str
    tier_id: int | None
    to_tier_id: int | None  # where the latest tier-history entry put them


class BadMoment(NamedTuple):
    """A stored moment not in the fixed-width UTC form."""

    table: str
    rowid: int
    value: str


class Mismatch(NamedTuple):
    """A derived figure or trail that disagrees with what it is derived from: its kind, the key it
    is kept under (a member, a period, a follow-up, a survey) and, when there is one, a detail."""

    kind: str
    key: int
    detail: object = None


class SearchColumns(NamedTuple):
    """A member's details and the look-up columns derived from them."""

    id: int
    card: str
    mobile: str
    mobile_rev: str
    first_name: str
    last_name: str
    search_name: str
    birthday: str | None
    birthday_md: str | None


def integrity(db: Database, table: str | None = None) -> list[str]:
    """What SQLite's ``quick_check`` finds wrong in the pages: of every b-tree, the freelist and
    every page's use (``table`` None), or of one table's b-tree and its indexes'."""
    if db.engine == "postgresql":  # the server checks its own pages (WAL, checksums): nothing to walk here
        return []
    try:
        rows = [r[0] for r in db.all("PRAGMA quick_check" if table is None else f"PRAGMA quick_check({_quoted(table)})")]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as e:  # a page too damaged for quick_check to walk
        if not isinstance(e, UnicodeDecodeError) and (getattr(e, "sqlite_errorname", "") or "").startswith(
                ("SQLITE_BUSY", "SQLITE_IOERR", "SQLITE_FULL")):
            raise
        return [str(e)]
    return [] if rows == ["ok"] else rows


def table_rows(db: Database, tables: Sequence[str]) -> dict[str, int]:
    """About how many rows each of ``tables`` holds, at once: its largest rowid (on a server, what
    its statistics say)."""
    if db.engine == "postgresql":
        return {t: max(0, int(db.value("SELECT coalesce(max(reltuples), 0) FROM pg_class WHERE relname = ?", (t,))))
                for t in tables}
    return {t: _largest_rowid(db, t) for t in tables}


def _largest_rowid(db: Database, table: str) -> int:
    """The table's largest rowid; 0 when its pages cannot be read (the check of its pages says why)."""
    try:
        return int(db.value(f"SELECT coalesce(max(rowid), 0) FROM {_quoted(table)}"))
    except sqlite3.DatabaseError:
        return 0


def table_sizes(db: Database) -> list[tuple[str, int]]:
    """Every table stored in b-trees (the schema's own included) with a measure of its pages: its
    largest rowid times its b-trees (its own and each index's)."""
    out = [("sqlite_schema", 1)]
    for name, without_rowid, indexes in db.all(
            "SELECT t.name, t.sql LIKE '%WITHOUT ROWID%', (SELECT count(*) FROM sqlite_schema i WHERE i.type = 'index' "
            "AND i.tbl_name = t.name) FROM sqlite_schema t WHERE t.type = 'table' AND t.rootpage > 0 ORDER BY t.name"):
        rows = 1 if without_rowid else _largest_rowid(db, name)
        out.append((name, max(1, rows) * (1 + indexes)))
    return out


def _available_memory() -> int | None:
    """The memory the system can give without swapping (Linux's MemAvailable), None elsewhere."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def read_ahead(db: Database, stop: threading.Event, chunk: int = 8 << 20) -> list[threading.Thread]:
    """Read the club file ahead into the system's cache, in large sequential pieces by two readers
    (each a half), while a check reads it page by page on two connections (a cold file: a page
    read at a time waits for the disk each time; at a million members 16 s of the check's minute).
    Only for a file that fits in half the memory available, where the system says how much that is
    and takes ``posix_fadvise``; ``stop`` ends the readers between two pieces. The readers started
    (none: no read-ahead)."""
    if db.engine == "postgresql" or db.path == ":memory:" or not hasattr(os, "posix_fadvise"):
        return []
    try:
        size = os.path.getsize(db.path)
    except OSError:
        return []
    free = _available_memory()
    if free is None or size > free // 2:
        return []

    def run(start: int, end: int) -> None:
        buffer = bytearray(chunk)
        try:
            with open(db.path, "rb", buffering=0) as f:
                os.posix_fadvise(f.fileno(), start, end - start, os.POSIX_FADV_SEQUENTIAL)
                f.seek(start)
                at = start
                while at < end and not stop.is_set():  # read: the pages are then in the system's cache
                    got = f.readinto(buffer)
                    if not got:
                        return
                    at += got
        except OSError:
            return

    half = size // 2 // chunk * chunk  # two readers, each a half: the disk answers two at once
    threads = [threading.Thread(target=run, args=span, name="check-read-ahead", daemon=True)
               for span in ((0, half), (half, size))]
    for thread in threads:
        thread.start()
    return threads


class Beside:
    """Work on a connection of its own, on a thread of its own, while the caller goes on with
    ``db`` (SQLite lets go of Python's lock while it reads, so two cores share a long check):
    ``Beside(db, work)`` starts ``work(Database)``; ``result()`` waits for its answer (or raises
    what it raised); leaving the ``with`` block before that interrupts it. An in-memory club
    (tests) has no file to open twice, and a club on PostgreSQL is no file: ``work`` runs on ``db``
    at ``result()``."""

    def __init__(self, db: Database, work: Callable[[Database], Any]):
        self._db, self._work = db, work
        self._other: Database | None = None
        self._answer: list[tuple[bool, Any]] = []
        self._thread: threading.Thread | None = None
        if db.path != ":memory:" and db.engine != "postgresql":  # the server's club: on ``db`` too
            self._thread = threading.Thread(target=self._run, name="check-beside", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._other = Database(self._db.path, create=False, key=self._db.key)
            self._answer.append((True, self._work(self._other)))
        except BaseException as e:  # handed to result()
            self._answer.append((False, e))
        finally:
            if self._other is not None:
                self._other.close()

    def result(self) -> Any:
        if self._thread is None:
            return self._work(self._db)
        self._thread.join()
        done, answer = self._answer[0]
        if not done:
            raise answer
        return answer

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None and self._thread.is_alive():
            while self._thread.is_alive():
                other = self._other
                if other is not None:
                    try:
                        other.conn.interrupt()
                    except Exception:  # closed meanwhile: it is ending
                        pass
                self._thread.join(0.05)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# References another step of the check proves once every lot's entry is proven: a lot's member is
# its entry's (``lot_entry_mismatches`` names a lot whose member is not) and every entry's member is
# proven (ledger.member_id), so a lot of no member is named as one that disagrees with its entry.
IMPLIED = frozenset({("point_lots", "member_id")})


def implied(sound: Set[tuple[str, str]]) -> Set[tuple[str, str]]:
    """``sound`` and the references it proves with another step (``IMPLIED``)."""
    return set(sound) | IMPLIED if ("point_lots", "entry_id") in sound else set(sound)


def foreign_key_violations(db: Database, sound: Set[tuple[str, str]] = frozenset()) -> list[ForeignKeyViolation]:
    """What ``PRAGMA foreign_key_check`` reports (a row whose reference points at no row), found
    set-based: for each reference, its distinct values (a walk of the index that starts with it,
    where there is one) probed once each in the parent, instead of one probe per row (ten million
    ledger entries, five references each). The rows are read only for a value that is missing. A
    reference this cannot read so (a parent table gone) is left to the PRAGMA. ``sound``: (table,
    column) of references already proven (``Fingerprints.sound``: counted in a walk of the table)."""
    if db.engine == "postgresql":
        return _server_reference_violations(db)
    out: list[ForeignKeyViolation] = []
    for table, sql in db.all("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        references = db.all(f"PRAGMA foreign_key_list({_quoted(table)})")
        if not references:
            continue
        rowid = "NULL" if "WITHOUT ROWID" in (sql or "").upper() else "rowid"
        try:
            found: list[ForeignKeyViolation] = []
            for ref in references:
                if ref["seq"] != 0 or any(r["id"] == ref["id"] and r["seq"] > 0 for r in references):
                    raise sqlite3.OperationalError("a reference of several columns")
                if (table, ref["from"]) in sound:
                    continue
                child, parent = _quoted(ref["from"]), _quoted(ref["table"])
                key = _quoted(ref["to"]) if ref["to"] else "rowid"
                missing = [r[0] for r in db.all(
                    f"SELECT v FROM (SELECT DISTINCT {child} AS v FROM {_quoted(table)} WHERE {child} IS NOT NULL) "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {parent} WHERE {key} = v)")]
                for value in missing:
                    found += [ForeignKeyViolation(table, r[0], ref["table"]) for r in db.all(
                        f"SELECT {rowid} FROM {_quoted(table)} WHERE {child} = ?", (value,))]
        except sqlite3.OperationalError:
            found = [ForeignKeyViolation(r[0], r[1], r[2]) for r in db.all(f"PRAGMA foreign_key_check({_quoted(table)})")]
        out += sorted(found, key=lambda f: (f.rowid is None, f.rowid or 0))
    return out


def _server_reference_violations(db: Database) -> list[ForeignKeyViolation]:
    """On a server every reference is enforced by its constraint, except one added back unchecked
    (``NOT VALID``: the rows already there were never proven) or whose checking triggers were
    turned off (``DISABLE TRIGGER ALL``): those references are proven here as on SQLite, by their
    distinct values probed in the parent (a row named by the first column of its table's key)."""
    out: list[ForeignKeyViolation] = []
    for table, child, parent, key, row_key in db.all(
            "SELECT c.relname, a.attname, p.relname, pa.attname, (SELECT ka.attname FROM pg_index i JOIN pg_attribute "
            "ka ON ka.attrelid = i.indrelid AND ka.attnum = i.indkey[0] WHERE i.indrelid = c.oid AND i.indisprimary) "
            "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid "
            "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
            "JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1] "
            "WHERE k.contype = 'f' AND c.relnamespace = to_regnamespace(current_schema()) AND cardinality(k.conkey) = 1 "
            "AND (NOT k.convalidated OR EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgconstraint = k.oid "
            "AND t.tgenabled <> 'O')) ORDER BY 1, 2"):
        missing = [r[0] for r in db.all(
            f"SELECT v FROM (SELECT DISTINCT {_quoted(child)} AS v FROM {_quoted(table)} WHERE {_quoted(child)} IS NOT NULL) "
            f"AS d WHERE NOT EXISTS (SELECT 1 FROM {_quoted(parent)} WHERE {_quoted(key)} = v)")]
        found = [ForeignKeyViolation(table, r[0], parent) for value in missing for r in db.all(
            f"SELECT {_quoted(row_key) if row_key else 'NULL'} FROM {_quoted(table)} WHERE {_quoted(child)} = ?", (value,))]
        out += sorted(found, key=lambda f: (f.rowid is None, f.rowid or 0))
    return out


def search_index_broken(db: Database) -> bool:
    """FTS5's own integrity check. It is asked with an INSERT, which a read-only file refuses: that
    is no finding about the index (nothing to report then; the file's pages are still checked by
    ``integrity``). On a server: the word prefixes of m0023 against the members' names."""
    if db.engine == "postgresql":
        return _name_prefixes_differ(db)
    if getattr(db, "read_only", False):
        return False
    try:
        db.execute("INSERT INTO members_fts(members_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as e:  # SQLITE_CORRUPT_VTAB: the index disagrees with members
        if (getattr(e, "sqlite_errorname", "") or "").startswith(("SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_FULL", "SQLITE_IOERR")):
            return False
        return True
    return False


def _name_prefixes_differ(db: Database) -> bool:
    """A server's name search (m0023): the word prefixes kept (``member_name_prefixes``) are not
    those of the members' names (the GIN index of m0001 has no content of its own to differ).
    Compared by count and a sum of hashes on each side, streamed: no sort, no set kept."""
    if db.value("SELECT to_regclass('member_name_prefixes')") is None:
        return False
    fingerprint = "count(*), coalesce(sum(hashtextextended(prefix, member_id)), 0)"
    kept = db.one(f"SELECT {fingerprint} FROM member_name_prefixes")
    made = db.one(f"SELECT {fingerprint} FROM (SELECT p AS prefix, m.id AS member_id FROM members m, "
                  "name_prefixes(m.search_name) AS p) AS made")
    return tuple(kept) != tuple(made)


def balance_mismatches(db: Database) -> list[BalanceMismatch]:
    """Members whose cached balance is not the sum of their ledger entries."""
    return fetch_all(
        db, BalanceMismatch,
        "SELECT m.id, m.card, m.points AS cached, COALESCE(l.total, 0) AS ledger FROM members m "
        # the ledger read in its own order and sorted by member: walking ledger_member would fetch
        # every entry's row from all over the file (ten million reads, each a page decrypted)
        "LEFT JOIN (SELECT member_id, SUM(points) AS total FROM ledger NOT INDEXED GROUP BY member_id) l ON l.member_id = m.id "
        "WHERE m.points IS NOT COALESCE(l.total, 0)"
    )


def window_mismatches(db: Database) -> list[WindowMismatch]:
    """Members whose window spend kept in their row (m0009) is not what their purchases sum to from
    ``win_from``, or whose ``win_until`` is not their first purchase since then. Members are read
    in id order (no GROUP BY sort), each with one probe of ``purchases_member_at``."""
    return fetch_all(
        db, WindowMismatch,
        "SELECT m.id, m.card, m.win_from, m.win_spend, m.win_until,"
        " coalesce(SUM(p.gross - p.refunded), 0) AS spend, coalesce(min(p.at), ?) AS first"
        " FROM members m NOT INDEXED LEFT JOIN purchases p ON p.member_id = m.id AND p.at >= m.win_from"
        " WHERE m.win_until <> '' GROUP BY m.id"  # the sums spelt out: HAVING reads no alias on PostgreSQL
        " HAVING coalesce(SUM(p.gross - p.refunded), 0) <> m.win_spend OR coalesce(min(p.at), ?) <> m.win_until",
        (FAR_FUTURE, FAR_FUTURE),
    )


def visit_mismatches(db: Database) -> list[VisitMismatch]:
    """Kept visits (m0018) that are not what the purchases count from ``win_from`` at their floor,
    or whose ``win_until`` is later than the first of those visits (it may be earlier: a refund
    that took a visit back leaves it, and the figure is only counted again sooner). One probe of
    ``purchases_member_at`` per kept row."""
    return fetch_all(
        db, VisitMismatch,
        "SELECT * FROM (SELECT v.member_id, m.card, v.floor, v.win_from, v.visits, v.win_until,"
        " (SELECT count(*) FROM purchases p WHERE p.member_id = v.member_id AND p.at >= v.win_from"
        "  AND p.gross - p.refunded >= v.floor) AS counted,"
        " coalesce((SELECT min(p.at) FROM purchases p WHERE p.member_id = v.member_id AND p.at >= v.win_from"
        "  AND p.gross - p.refunded >= v.floor), ?) AS first"
        " FROM member_visits v JOIN members m ON m.id = v.member_id WHERE v.win_until <> '') AS f"
        " WHERE counted <> visits OR win_until > first",
        (FAR_FUTURE,),
    )


def referrer_card_mismatches(db: Database) -> list[ReferrerCardMismatch]:
    """Members whose kept referrer's card (m0011) is not their referrer's card."""
    return fetch_all(
        db, ReferrerCardMismatch,
        "SELECT m.id, m.card, m.referrer_card, r.card AS referrer FROM members m LEFT JOIN members r ON r.id = m.referrer_id"
        " WHERE m.referrer_card IS NOT r.card"
    )


class LedgerTotals(NamedTuple):
    """The club's points three ways: members' cached balances, the ledger, the open lots; and what
    the lots should hold (the positive balances): each one pass, seconds at ten million entries."""

    balances: int
    ledger: int
    lots: int
    positive_balances: int


def ledger_totals(db: Database) -> LedgerTotals:
    return LedgerTotals(*db.one(
        "SELECT (SELECT coalesce(sum(points), 0) FROM members), (SELECT coalesce(sum(points), 0) FROM ledger), "
        "(SELECT coalesce(sum(remaining), 0) FROM point_lots), "
        "(SELECT coalesce(sum(points), 0) FROM members WHERE points > 0)"))


class LotMismatch(NamedTuple):
    member_id: int
    entry_id: int
    stored: int | None  # the lot's remaining points (None: no lot row)
    expected: int | None  # what the ledger leaves (None: no positive entry opens it)


# The members whose lots take replaying: those with an entry that consumed points. Any other
# member's lots each hold what their entry gave (``domain.ledger.opening`` of a balance never below
# zero), which SQL proves for all of them at once.
_CONSUMERS = "SELECT member_id FROM ledger WHERE points < 0"


def lot_mismatches(db: Database) -> list[LotMismatch]:
    """Set-based, one walk of the ledger and one of the lots: stored lots that no positive ledger
    entry opens, and the lots of members who never consumed points that do not hold their entry's
    points (or are missing)."""
    return fetch_all(
        db, LotMismatch,
        "SELECT p.member_id, p.entry_id, p.remaining, NULL FROM point_lots p LEFT JOIN ledger l ON l.id = p.entry_id "
        "WHERE l.id IS NULL OR l.points <= 0 "
        "UNION ALL "
        "SELECT l.member_id, l.id, p.remaining, l.points FROM ledger l LEFT JOIN point_lots p ON p.entry_id = l.id "
        f"WHERE l.points > 0 AND p.remaining IS NOT l.points AND l.member_id NOT IN ({_CONSUMERS})")


class ReplayRow(NamedTuple):
    member_id: int
    entry_id: int
    points: int
    lot_id: int | None
    stored: int | None  # the remaining points of the lot this entry opened (None: no lot row)


def consumers_ledger(db: Database) -> Iterator[ReplayRow]:
    """Every ledger entry of the members who consumed points, in (member, id) order, each with its
    stored lot: what ``domain.ledger.replay`` needs, streamed (one member at a time in memory)."""
    return fetch_each(
        db, ReplayRow,
        "SELECT l.member_id, l.id, l.points, l.lot_id, p.remaining FROM ledger l "
        f"LEFT JOIN point_lots p ON p.entry_id = l.id WHERE l.member_id IN ({_CONSUMERS}) ORDER BY l.member_id, l.id")


def refunded_mismatches(db: Database) -> list[RefundedMismatch]:
    return fetch_all(
        db, RefundedMismatch,
        "SELECT p.id, p.refunded, COALESCE(r.total, 0) AS refunds FROM purchases p "
        "LEFT JOIN (SELECT purchase_id, SUM(amount) AS total FROM refunds GROUP BY purchase_id) r ON r.purchase_id = p.id "
        "WHERE p.refunded <> COALESCE(r.total, 0)"
    )


def purchase_ledger_mismatches(db: Database) -> list[PurchaseLedgerMismatch]:
    """Purchases whose earn / redeem entries do not match their checkout lines (the earn entry is
    what the purchase earned less its campaign points, which are bonus entries of their own)."""
    return fetch_all(
        db, PurchaseLedgerMismatch,
        # the figures in a subquery: a WHERE reads no alias of its own SELECT on PostgreSQL
        "SELECT id, points_earned, points_redeemed, earned, redeemed FROM (SELECT p.id, p.points_earned, "
        "p.points_redeemed, p.campaign_points, "
        "COALESCE((SELECT SUM(points) FROM ledger WHERE purchase_id = p.id AND kind = 'earn'), 0) AS earned, "
        "COALESCE((SELECT -SUM(points) FROM ledger WHERE purchase_id = p.id AND kind = 'redeem' "
        "AND id NOT IN (SELECT entry_id FROM reward_redemptions WHERE purchase_id = p.id)), 0) AS redeemed, "
        "COALESCE((SELECT SUM(points) FROM ledger WHERE purchase_id = p.id AND kind = 'bonus' "
        "AND bonus_key LIKE 'campaign:%'), 0) AS campaign FROM purchases p) AS f "
        "WHERE earned <> points_earned - campaign_points OR redeemed <> points_redeemed OR campaign_points <> campaign"
    )


def refund_ledger_mismatches(db: Database) -> list[RefundLedgerMismatch]:
    """Refunds whose reversals in the ledger do not match what the refund says it did.

    The ledger's refund entries are summed in one pass and joined to the refunds: there is no
    index on ``ledger.refund_id``, and a subquery per refund read the whole ledger once per refund
    (2.6 s each at 10M entries)."""
    return fetch_all(
        db, RefundLedgerMismatch,
        "SELECT r.id, r.points_reversed, r.points_returned, COALESCE(l.reversed, 0) AS reversed, "
        "COALESCE(l.returned, 0) AS returned FROM refunds r "
        "LEFT JOIN (SELECT refund_id, -SUM(CASE WHEN points < 0 THEN points END) AS reversed, "
        "SUM(CASE WHEN points > 0 THEN points END) AS returned FROM ledger WHERE refund_id IS NOT NULL "
        "GROUP BY refund_id) l ON l.refund_id = r.id "
        "WHERE COALESCE(l.reversed, 0) <> r.points_reversed OR COALESCE(l.returned, 0) <> r.points_returned"
    )


def tier_history_mismatches(db: Database) -> list[TierHistoryMismatch]:
    """Members whose current tier is not where their latest tier-history entry put them."""
    # the latest entry and its tier, each from ``tier_history_member`` alone (m0025)
    return fetch_all(
        db, TierHistoryMismatch,
        "SELECT id, card, tier_id, last_tier FROM (SELECT m.id, m.card, m.tier_id,"
        " (SELECT max(h.id) FROM tier_history h WHERE h.member_id = m.id) AS last_id,"
        " (SELECT h.to_tier_id FROM tier_history h WHERE h.member_id = m.id ORDER BY h.id DESC LIMIT 1) AS last_tier"
        " FROM members m LIMIT -1) AS s WHERE last_id IS NULL OR last_tier IS NOT tier_id")



def lot_entry_mismatches(db: Database) -> list[int]:
    """Lots whose member or expiry differ from the ledger entry that opened them."""
    return [r[0] for r in db.all(
        "SELECT p.entry_id FROM point_lots p JOIN ledger l ON l.id = p.entry_id "
        "WHERE p.member_id <> l.member_id OR p.expires_at IS NOT l.expires_at")]


def member_search_columns(db: Database) -> Iterator[SearchColumns]:
    """What the look-up columns of every member are derived from, and what they hold."""
    return fetch_each(
        db, SearchColumns,
        "SELECT id, card, mobile, mobile_rev, first_name, last_name, search_name, birthday, birthday_md FROM members")


STORED_MOMENT = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z"


def malformed_moments(db: Database, sound: Set[tuple[str, str]] = frozenset()) -> list[BadMoment]:
    """Stored moments not in the fixed-width UTC form (text order = time order); ``sound``: (table,
    column) already proven (``Fingerprints.sound``)."""
    out: list[BadMoment] = []
    for table, column in (("purchases", "at"), ("ledger", "at"), ("ledger", "expires_at"), ("members", "joined_at"),
                          ("members", "tier_since"), ("refunds", "at"), ("tier_history", "at")):
        if (table, column) in sound:
            continue
        out += [BadMoment(table, r[0], r[1]) for r in db.all(
            f"SELECT rowid, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} NOT GLOB ?", (STORED_MOMENT,))]
    return out


# --- the report aggregates and the follow-up trail (see store/analytics.py, store/surveys.py) ---

def stats_mismatches(db: Database) -> list[Mismatch]:
    """Lifetime ("member") and per-period ("members", "club") aggregates that differ from a
    recomputation."""
    from . import analytics

    periods = [] if analytics.periods_agree(db) else analytics.period_mismatches(db)  # the walk per period: only to say where
    return ([Mismatch("member", i) for i in analytics.member_stats_mismatches(db)]
            + [Mismatch(what, key, detail) for key, what, detail in periods])


def followup_mismatches(db: Database) -> list[Mismatch]:
    """Follow-ups whose status is not their trail's last step ("trail"), detractors' surveys with no
    item ("detractor"), answers stored at another moment than their survey ("answer_at")."""
    from . import surveys

    return ([Mismatch("trail", i) for i in surveys.status_trail_mismatches(db)]
            + [Mismatch("detractor", i) for i in surveys.detractors_without_followup(db)]
            + [Mismatch("answer_at", i) for i in surveys.answer_moment_mismatches(db)])



# --- every ledger entry, purchase and refund has its audit row ------------------------------------
# An import writes one audit row naming the id ranges it added (``imports.import_mismatches``
# proves them): ``imported`` is those ranges, (first, last) pairs, whose rows need no row each.

class UnauditedEntry(NamedTuple):
    id: int
    member_id: int
    kind: str
    points: int


class RefundAuditMismatch(NamedTuple):
    purchase_id: int
    refunds: int
    audited: int


def _outside(column: str, imported: list[tuple[int, int]]) -> tuple[str, list[int]]:
    if not imported:
        return "", []
    return (" AND NOT (" + " OR ".join(f"{column} BETWEEN ? AND ?" for _ in imported) + ")",
            [n for pair in imported for n in pair])


class AuditMark(NamedTuple):
    """Where the audit rows' proof stands, read at one moment: the last purchase and how many there
    are, the last audit row, the last ledger entry."""

    purchase_id: int
    purchase_rows: int
    audit_id: int
    ledger_id: int


def audit_mark(db: Database) -> AuditMark:
    """The ends the audit rows' step proves up to (one statement: one moment). A purchase written
    after it has an id above ``purchase_id`` and its audit row one above ``audit_id`` (the same
    transaction writes both, and SQLite gives the next id at the insert under its one writer)."""
    row = db.one("SELECT (SELECT coalesce(max(id), 0) FROM purchases), (SELECT count(*) FROM purchases), "
                 "(SELECT coalesce(max(id), 0) FROM audit_log), (SELECT coalesce(max(id), 0) FROM ledger)")
    return AuditMark(*(int(x) for x in row))


def unaudited_entries(db: Database, imported: list[tuple[int, int]], after: int = 0) -> Iterator[UnauditedEntry]:
    """Ledger entries no audited action accounts for. An entry is accounted for by its purchase
    (earn, redeem, the referral bonus of a referred member's purchase and the referred member's own
    reward, the member's campaign bonuses: the purchase's own audit row and
    ``purchase_ledger_mismatches`` prove those), its refund or void (reverse), the lot it expires, a
    birthday bonus of a tier's amount (written by the audited daily run), a sign-up bonus its
    ``sign_up`` row names, an anniversary bonus of an amount the owner set (an audited
    ``update_settings``; the run audits each slice too), the owner's ``adjust_points`` row that names
    the entry, or the ``redeem_reward`` row of a reward given without a purchase. One pass over the
    ledger (its entries after the id ``after``)."""
    outside, params = _outside("l.id", imported)
    outside, params = f" AND l.id > ?{outside}", [after, *params]
    return fetch_each(
        db, UnauditedEntry,
        # the purchase's member is read only for a bonus (few): a join read it for every entry,
        # ten million reads from all over the members table
        "SELECT l.id, l.member_id, l.kind, l.points FROM ledger l "
        "LEFT JOIN purchases p ON p.id = l.purchase_id "
        "WHERE NOT ("
        " (l.kind IN ('earn', 'redeem') AND p.id IS NOT NULL)"
        " OR (l.kind = 'reverse' AND (l.refund_id IS NOT NULL OR p.id IS NOT NULL))"
        " OR (l.kind = 'expire' AND l.points < 0 AND l.lot_id IS NOT NULL)"
        " OR (l.kind = 'bonus' AND p.id IS NOT NULL AND (SELECT referrer_id FROM members WHERE id = p.member_id) = l.member_id"
        "     AND l.bonus_key = 'referral:' || p.member_id)"
        " OR (l.kind = 'bonus' AND p.id IS NOT NULL AND p.member_id = l.member_id"
        "     AND l.bonus_key LIKE 'campaign:%:p' || p.id)"
        " OR (l.kind = 'bonus' AND p.id IS NOT NULL AND l.member_id = p.member_id"
        "     AND (SELECT referrer_id FROM members WHERE id = p.member_id) IS NOT NULL"
        "     AND l.bonus_key IS 'referred')"
        " OR (l.kind = 'bonus' AND l.purchase_id IS NULL AND l.bonus_key IS 'signup' AND l.id IN"
        "     (SELECT json_extract(after, '$.signup_bonus_entry') FROM audit_log WHERE entity = 'member'"
        "      AND action = 'sign_up' AND json_extract(after, '$.signup_bonus_entry') IS NOT NULL))"
        " OR (l.kind = 'bonus' AND l.purchase_id IS NULL AND coalesce(l.bonus_key, '') LIKE 'anniversary:%'"
        "     AND l.points IN (SELECT json_extract(after, '$.anniversary_bonus') FROM audit_log"
        "      WHERE entity = 'settings' AND action = 'update_settings'"
        "      AND json_extract(after, '$.anniversary_bonus') IS NOT NULL))"
        " OR (l.kind = 'bonus' AND l.purchase_id IS NULL AND l.bonus_key LIKE 'birthday:%'"
        "     AND l.points IN (SELECT birthday_bonus FROM tiers))"
        " OR (l.kind = 'adjust' AND l.id IN (SELECT json_extract(after, '$.entry') FROM audit_log"
        "     WHERE entity = 'member' AND action = 'adjust_points'))"
        " OR (l.kind = 'redeem' AND l.id IN (SELECT json_extract(after, '$.entry') FROM audit_log"
        "     WHERE entity = 'reward' AND action = 'redeem_reward'))"
        f"){outside} ORDER BY l.id", params)


PURCHASE_ACTIONS = ("register_purchase", "register_backdated_purchase")
REFUND_ACTIONS = ("refund", "void_purchase")


def unaudited_purchases(db: Database, imported: list[tuple[int, int]], after: int = 0,
                        audit_after: int = 0) -> Iterator[int]:
    """Purchases with no audit row of their registration (imported ones aside), in id order. The
    ids the audit log names are marked in a bitmap of the purchases' ids (1.25 MB for ten million),
    then the purchases' ids walked against it: two streams, whatever their order. (SQL's ``EXCEPT``
    kept the ten million names in a temporary b-tree: 400 MB at a million members, since the
    temporary store is kept in memory, never in a plain file beside the encrypted club.) Ids far
    beyond the purchases' count, or below 0 (slipped in by hand), take the ``EXCEPT``. ``after``,
    ``audit_after``: only the purchases after the id ``after``, against the audit rows after
    ``audit_after`` (those before were proven: ``audit_mark``)."""
    if after:
        return _unaudited_after(db, imported, after, audit_after)
    outside, params = _outside("id", imported)
    least, top, rows = db.one("SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM purchases")
    if least < 0 or top > 4 * rows + 1_000_000:
        return (r[0] for r in db.execute(
            f"SELECT id FROM purchases WHERE true{outside} EXCEPT SELECT CAST(entity_id AS INTEGER) FROM audit_log "
            f"WHERE entity = 'purchase' AND action IN {PURCHASE_ACTIONS} ORDER BY 1", params))
    named = bytearray(top // 8 + 1)
    for (entity_id,) in db.execute(
            "SELECT CAST(entity_id AS INTEGER) FROM audit_log WHERE entity = 'purchase' "
            f"AND action IN {PURCHASE_ACTIONS} AND CAST(entity_id AS INTEGER) BETWEEN 1 AND ?", (top,)):
        named[entity_id >> 3] |= 1 << (entity_id & 7)
    return (r[0] for r in db.execute(f"SELECT id FROM purchases WHERE true{outside} ORDER BY id", params)
            if not named[r[0] >> 3] & (1 << (r[0] & 7)))


def _unaudited_after(db: Database, imported: list[tuple[int, int]], after: int, audit_after: int) -> Iterator[int]:
    """The purchases after the id ``after`` that no audit row after ``audit_after`` registers (the
    audit rows of the day's purchases, by their index: a set of the ids they name)."""
    outside, params = _outside("id", imported)
    named = {r[0] for r in db.execute(
        "SELECT CAST(entity_id AS INTEGER) FROM audit_log WHERE entity = 'purchase' AND id > ? "
        f"AND action IN {PURCHASE_ACTIONS}", (audit_after,))}
    return (r[0] for r in db.execute(f"SELECT id FROM purchases WHERE id > ?{outside} ORDER BY id", (after, *params))
            if r[0] not in named)


def refund_audit_mismatches(db: Database) -> list[RefundAuditMismatch]:
    """Purchases with more refunds than audit rows of refunds and voids."""
    return fetch_all(
        db, RefundAuditMismatch,
        "SELECT r.purchase_id, r.n, coalesce(a.n, 0) FROM "
        "(SELECT purchase_id, count(*) AS n FROM refunds GROUP BY purchase_id) r LEFT JOIN "
        "(SELECT CAST(entity_id AS INTEGER) AS purchase_id, count(*) AS n FROM audit_log "
        f"WHERE entity = 'purchase' AND action IN {REFUND_ACTIONS} GROUP BY 1) a ON a.purchase_id = r.purchase_id "
        "WHERE coalesce(a.n, 0) < r.n ORDER BY r.purchase_id")



# --- keyed fingerprints: a figure kept per key proven in one walk of each table ---------------------
# A figure kept per key (a member's balance, a purchase's points) must be the sum of rows of another
# table with that key. Instead of grouping ten million rows by key (a sort, in memory), each side is
# summed once, in its own order, under weights keyed by random numbers drawn anew for every check:
# sum(value * w(key)) modulo a prime, for two primes. Equal sums on both sides prove every key's
# figure with a chance of a miss about 2^-62; a difference only says "somewhere": the exact query
# then names the rows. The weights are ``analytics.periods_agree``'s (a keyed hash of the key, not a
# polynomial of it, so no pattern of edits across keys cancels out). A difference of a multiple of
# both primes (4.6e18) cannot hide: the sums are trusted only when the largest value times the rows
# summed bounds every key's difference below the primes' product; otherwise the exact query runs.

PRIMES = (2_147_483_647, 2_147_483_629)
_PRODUCT = PRIMES[0] * PRIMES[1]  # two keys alike modulo both primes have the same weights: ids stay below it


class Sum(NamedTuple):
    """One figure of a fingerprint walk: ``value`` (SQL; NULL: the row adds nothing) under the
    weight of ``key`` (SQL; NULL: the row adds nothing); no ``key``: the plain sum (a count of the
    rows found wrong, ``Print.residues`` its one number)."""

    value: str
    key: str | None = None


class Print(NamedTuple):
    """A figure summed under the weights: its residue modulo each prime, and what bounds it."""

    residues: tuple[int, ...]
    rows: int
    largest: int  # the largest |value| summed

    def __sub__(self, other: "Print") -> "Print":
        return Print(tuple((a - b) % p for a, b, p in zip(self.residues, other.residues, PRIMES)),
                     self.rows + other.rows, max(self.largest, other.largest))


class Weights:
    """The random keys of one check's fingerprints."""

    def __init__(self) -> None:
        self.seeds = tuple((secrets.randbelow(p - 2) + 2, secrets.randbelow(p - 2) + 2) for p in PRIMES)

    def walk(self, db: Database, source: str, sums: Sequence[Sum], params: Sequence[Any] = ()) -> list[Print]:
        """Every figure of ``sums`` summed in one walk of ``source`` (a FROM clause, with its WHERE).
        Each key's weight is computed once per row (the subqueries, LIMIT -1: never flattened)."""
        keys = list(dict.fromkeys(s.key for s in sums if s.key is not None))
        inner = [f"{s.value} AS v{i}" for i, s in enumerate(sums)]
        middle = [f"v{i}" for i in range(len(sums))]
        for k, key in enumerate(keys):
            for j, (p, (a, b)) in enumerate(zip(PRIMES, self.seeds)):
                inner.append(f"({key}) % {p} * {a} % {p} AS t{k}_{j}")
                t = f"t{k}_{j}"
                middle.append(f"(({t} | ({t} >> 13)) - ({t} & ({t} >> 13)) + 1) * {b} % {p} AS g{k}_{j}")
        # the largest |value| of all the figures: one bound for all (one aggregate instead of two
        # per figure) of the values and their negatives (abs() of the smallest integer fails; its
        # negative is a real number, larger than any bound) by SQLite's max of several values, the
        # server's GREATEST
        if db.engine == "postgresql":  # the negative of the smallest BIGINT is out of its range
            values = ", ".join(f"abs(coalesce(v{i}, 0)::numeric)" for i in range(len(sums)))
            outer = ["count(*)", f"max(GREATEST({values}))"]
        else:
            values = ", ".join(f"coalesce(v{i}, 0), -coalesce(v{i}, 0)" for i in range(len(sums)))
            outer = ["count(*)", f"max(max({values}))"]  # (a value and its negative: two at least)
        for i, s in enumerate(sums):
            if s.key is None:
                outer += [f"coalesce(sum(v{i}), 0)"] + ["0"] * (len(PRIMES) - 1)
                continue
            k = keys.index(s.key)
            outer += [f"sum(v{i} % {p} * g{k}_{j} % {p})" for j, p in enumerate(PRIMES)]
        row = db.one(f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(middle)} FROM "
                     f"(SELECT {', '.join(inner)} FROM {source} LIMIT -1) AS a LIMIT -1) AS b", tuple(params))
        rows, largest, out = int(row[0]), int(row[1] or 0), []
        for i in range(len(sums)):
            sums_ = row[2 + i * len(PRIMES):2 + (i + 1) * len(PRIMES)]
            if sums[i].key is None:
                out.append(Print((int(sums_[0]),), rows, largest))
                continue
            out.append(Print(tuple(int(x or 0) % p for x, p in zip(sums_, PRIMES)), rows, largest))
        return out


def prints_agree(a: Print, b: Print) -> bool:
    """True when the two sides' figures are equal key by key (but for a chance of about 2^-62):
    equal residues, and no key's difference large enough to be a multiple of both primes."""
    product = 1
    for p in PRIMES:
        product *= p
    return a.residues == b.residues and a.rows * a.largest + b.rows * b.largest < product


# Two keys alike modulo both primes have the same weights: a figure moved between them would not
# show. Every table's own ids are counted when they are not in [1, P1 * P2) ("range:column"): the
# figures are trusted only when none is (``Fingerprints.in_range``).
_OUT_OF_RANGE = "CASE WHEN {key} NOT BETWEEN 1 AND %d THEN 1 END" % (_PRODUCT - 1)

# per walk: its FROM clause, its figures, and the references ("fk:column") and moments
# ("moment:column") it finds wrong, counted (their rows are named by the exact queries then)
_WALKS: dict[str, tuple[str, tuple[tuple[str, Sum], ...]]] = {
    "ledger": ("ledger", (
        ("fk:refund_id", Sum("CASE WHEN refund_id IS NOT NULL AND NOT EXISTS "
                             "(SELECT 1 FROM refunds r WHERE r.id = ledger.refund_id) THEN 1 END")),
        ("fk:reverses_id", Sum("CASE WHEN reverses_id IS NOT NULL AND NOT EXISTS "
                               "(SELECT 1 FROM ledger r WHERE r.id = ledger.reverses_id) THEN 1 END")),
        ("moment:at", Sum("CASE WHEN at NOT GLOB ? THEN 1 END")),
        ("moment:expires_at", Sum("CASE WHEN expires_at NOT GLOB ? THEN 1 END")),
        ("balance", Sum("points", "member_id")),
        ("earn", Sum("CASE WHEN kind = 'earn' THEN points END", "purchase_id")),
        ("redeem", Sum("CASE WHEN kind = 'redeem' THEN -points END", "purchase_id")),
        ("campaign", Sum("CASE WHEN kind = 'bonus' AND bonus_key LIKE 'campaign:%' THEN points END", "purchase_id")),
        ("reversed", Sum("CASE WHEN points < 0 THEN -points END", "refund_id")),
        ("returned", Sum("CASE WHEN points > 0 THEN points END", "refund_id")),
        ("opened", Sum("CASE WHEN points > 0 THEN points END", "id")),  # what each lot opened with
        ("lots", Sum("CASE WHEN points > 0 THEN 1 END", "id")),  # the entries that open a lot
        ("range:id", Sum(_OUT_OF_RANGE.format(key="id"))))),
    # a reward's redemption at a purchase is no redemption of the purchase's own points
    "rewards": ("ledger l WHERE l.id IN (SELECT entry_id FROM reward_redemptions) AND l.kind = 'redeem' "
                "AND EXISTS (SELECT 1 FROM reward_redemptions r WHERE r.entry_id = l.id AND r.purchase_id = l.purchase_id)",
                (("reward", Sum("-l.points", "l.purchase_id")),)),
    "members": ("members", (("points", Sum("points", "id")), ("range:id", Sum(_OUT_OF_RANGE.format(key="id"))),
                            ("moment:joined_at", Sum("CASE WHEN joined_at NOT GLOB ? THEN 1 END")),
                            ("moment:tier_since", Sum("CASE WHEN tier_since NOT GLOB ? THEN 1 END")))),
    # every lot's entry is proven by the lots' count under the weights of their entries (``sound``),
    # an entry's weight being its id's alone below both primes' product (an id beyond it is counted)
    "point_lots": ("point_lots", (("remaining", Sum("remaining", "entry_id")), ("lots", Sum("1", "entry_id")),
                                  ("range:entry_id", Sum(_OUT_OF_RANGE.format(key="entry_id"))))),
    "purchases": ("purchases", (
        ("range:id", Sum(_OUT_OF_RANGE.format(key="id"))),
        ("fk:tier_id", Sum("CASE WHEN tier_id IS NOT NULL AND NOT EXISTS "
                           "(SELECT 1 FROM tiers t WHERE t.id = purchases.tier_id) THEN 1 END")),
        ("moment:at", Sum("CASE WHEN at NOT GLOB ? THEN 1 END")),
        ("points_earned", Sum("points_earned - campaign_points", "id")),
        ("points_redeemed", Sum("points_redeemed", "id")),
        ("campaign_points", Sum("campaign_points", "id")),
        ("refunded", Sum("refunded", "id")))),
    "refunds": ("refunds", (
        ("range:id", Sum(_OUT_OF_RANGE.format(key="id"))),
        ("moment:at", Sum("CASE WHEN at NOT GLOB ? THEN 1 END")),
        ("amount", Sum("amount", "purchase_id")),
        ("points_reversed", Sum("points_reversed", "id")),
        ("points_returned", Sum("points_returned", "id")))),
}


def walk_names() -> list[str]:
    return list(_WALKS)


class Walks:
    """The fingerprint walks of one check (``_WALKS``), each made once, by the first connection
    that needs it (the check's two connections share one): the others wait for it."""

    def __init__(self, weights: Weights | None = None):
        self.weights = weights or Weights()
        self._prints: dict[str, dict[str, Print]] = {}
        self._locks = {walk: threading.Lock() for walk in _WALKS}

    def prints(self, db: Database, walk: str) -> dict[str, Print]:
        with self._locks[walk]:
            if walk not in self._prints:
                source, sums = _WALKS[walk]
                params = (STORED_MOMENT,) * sum(s.value.count("?") for _, s in sums)  # the moments' pattern
                self._prints[walk] = dict(zip((n for n, _ in sums),
                                              self.weights.walk(db, source, [s for _, s in sums], params)))
            return self._prints[walk]


class Fingerprints:
    """The fingerprint walks of one check, each table walked once however many steps read it
    (``check_database`` keeps one for its run): each ``*_agree`` is True when every key's figure
    agrees, False when the exact query must say where."""

    def __init__(self, db: Database, weights: Weights | None = None, walks: Walks | None = None):
        """``walks``: the walks of a check shared by its connections (this one walks on ``db``
        those it needs first); none: its own, under ``weights``."""
        self.db = db
        self.walks = walks or Walks(weights)
        self.weights = self.walks.weights
        self._taken, self._consumed, self._largest = [0] * len(PRIMES), 0, 0

    def __getitem__(self, walk: str) -> dict[str, Print]:
        return self.walks.prints(self.db, walk)

    def in_range(self, *walks: str) -> bool:
        """Whether every id the walks counted is below both primes' product (``_OUT_OF_RANGE``)."""
        return all(figure.residues == (0,) for walk in walks for name, figure in self[walk].items()
                   if name.startswith("range:"))

    def balances_agree(self) -> bool:
        return self.in_range("members") and prints_agree(self["ledger"]["balance"], self["members"]["points"])

    def refunded_agree(self) -> bool:
        return self.in_range("purchases") and prints_agree(self["purchases"]["refunded"], self["refunds"]["amount"])

    def purchase_entries_agree(self) -> bool:
        ledger, purchases = self["ledger"], self["purchases"]
        return (self.in_range("purchases") and prints_agree(ledger["earn"], purchases["points_earned"])
                and prints_agree(ledger["redeem"] - self["rewards"]["reward"], purchases["points_redeemed"])
                and prints_agree(ledger["campaign"], purchases["campaign_points"]))

    def refund_entries_agree(self) -> bool:
        ledger, refunds = self["ledger"], self["refunds"]
        return (self.in_range("refunds") and prints_agree(ledger["reversed"], refunds["points_reversed"])
                and prints_agree(ledger["returned"], refunds["points_returned"]))

    def weight(self, key: int) -> tuple[int, ...]:
        """The weights of ``key`` (a non-negative id) as the walks compute them, for figures summed
        in Python."""
        out = []
        for p, (a, b) in zip(PRIMES, self.weights.seeds):
            t = key % p * a % p
            out.append(((t | (t >> 13)) - (t & (t >> 13)) + 1) * b % p)
        return tuple(out)

    def consumed(self, entry_id: int, points: int, stored: int | None) -> None:
        """A positive entry of a member who consumed points, with its lot's stored remaining points
        (the replay proves those one by one): ``lots_agree`` leaves it out."""
        stored = stored or 0
        for j, (w, p) in enumerate(zip(self.weight(entry_id), PRIMES)):
            self._taken[j] = (self._taken[j] + (points - stored) % p * w) % p
        self._consumed += 1
        self._largest = max(self._largest, abs(points - stored))

    def lots_agree(self) -> bool:
        """True when every lot holds what its entry opened it with (but for the lots of the
        entries given to ``consumed``), and there is a lot for every positive entry and no other."""
        ledger, lots = self["ledger"], self["point_lots"]
        left = ledger["opened"] - Print(tuple(self._taken), self._consumed, self._largest)
        return (self.in_range("ledger", "point_lots") and prints_agree(ledger["lots"], lots["lots"])
                and prints_agree(left, lots["remaining"]))

    def sound(self, prefix: str) -> set[tuple[str, str]]:
        """(table, column) of every reference (``prefix`` "fk") or moment ("moment") the walks
        found no row wrong in (the walks run for it if they have not yet); every lot's entry when
        the lots are as many as the positive entries, entry by entry (each lot counted under its
        entry's weight: a lot of no positive entry makes them differ)."""
        found = {(walk, name.split(":", 1)[1]) for walk in _WALKS if walk != "rewards"
                 for name, figure in self[walk].items() if name.startswith(prefix + ":") and figure.residues == (0,)}
        if (prefix == "fk" and self.in_range("ledger", "point_lots")
                and prints_agree(self["ledger"]["lots"], self["point_lots"]["lots"])):
            found.add(("point_lots", "entry_id"))
        return found
