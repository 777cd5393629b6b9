"""The cashier's hot b-trees read into the connection's page cache, a slice at a time.

A purchase reads and writes one leaf page of each b-tree keyed by the member (their row, their
kept figures, the indexes that move with their points and spend, their purchases', entries' and
lots' places): at a million members those leaves are spread over 2.1 GB of a 5 GB file, and
each one not in memory is a disk read (0.1-8 ms) inside the purchase. The operating system's cache
does not keep them (a shop PC has other work; a VM's balloon or DAMON reclaims what is not touched
for a minute), and an encrypted club's pages are decrypted again at every read from it. So the
app reads them once into SQLite's own page cache (decrypted, in the process's memory), sized to
hold them (``cache_bytes``), in short slices on the cashier's connection (``warm_slice``, from
``services.daily``) so that the cashier's work runs in between.

Each b-tree is walked by ranges of its first column (a covering walk: only the b-tree's own pages
are read), the range ends found by stepping ahead in the same b-tree; a value many entries share is
walked by its inner key (the rowid, or the primary key's next column).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from .db import Database
from .member_list import NAME_KEY


class Hot(NamedTuple):
    """One b-tree: its table, its index (``btree``; None: the table's own b-tree), the column its
    entries are ordered by first, the rows it holds (the index's WHERE, for a partial one), and where
    its hot part starts (SQL giving the first value of ``column`` to read; empty: the whole b-tree)."""

    table: str
    btree: str | None
    column: str
    where: str = ""
    start: str = ""
    inner: str = "rowid"  # what orders the entries of one value: the rowid, or the primary key's next column


# Read in the order of what they are worth, the least first: when the page cache cannot hold them all
# (a small computer's quarter), SQLite's cache lets go of the pages used longest ago, which are then
# the member's places in the big tables, never the rows every purchase reads and rewrites.
HOT: tuple[Hot, ...] = (
    # a purchase that moves the member up a tier rewrites their entry in every index that carries the
    # tier (the members page's lists, counted and filtered from the index alone); one purchase in five
    # on the benchmark's club (few purchases per member, so the first ones cross thresholds), which were
    # then the slowest: ~14 pages read from the file. The lists whose tier follows a few-valued first
    # column (status, SMS consent) are left: read by ranges they would be one range a tier.
    Hot("members", "members_list_joined", "joined_at"),
    Hot("members", "members_list_mobile", "mobile"),
    Hot("members", "members_list_card", "card"),
    Hot("members", "members_list_tier", "tier_id", inner=NAME_KEY),
    Hot("members", "members_list_name", NAME_KEY),
    Hot("members", "members_tier", "tier_id"),
    Hot("purchases", "purchases_member_at", "member_id"),
    Hot("ledger", "ledger_member", "member_id"),
    Hot("sms_outbox", "sms_outbox_member", "member_id", "member_id IS NOT NULL"),
    Hot("tier_history", "tier_history_member", "member_id"),
    Hot("ledger", "ledger_bonus_key", "member_id", "bonus_key IS NOT NULL"),
    Hot("campaign_members", None, "campaign_id", inner="member_id"),
    Hot("offers", "offers_occasion", "member_id"),
    # this month's and last month's figures (a purchase writes the one, reads the other: "retained")
    Hot("member_periods", None, "period", inner="member_id",
        start="SELECT CASE WHEN max(period) % 100 > 1 THEN max(period) - 1 ELSE max(period) - 89 END "
              "FROM member_periods"),
    Hot("point_lots", "point_lots_member", "member_id", "remaining > 0"),
    Hot("member_visits", None, "member_id", inner="floor"),
    Hot("member_stats", "member_stats_recency", "last_at"),
    Hot("member_stats", "member_stats_visits", "visits"),
    Hot("member_stats", "member_stats_spend", "spend"),
    Hot("members", "members_win_until", "win_until"),  # moves when a purchase is the window's first
    Hot("members", "members_list_points", "points"),  # moves with every change of the balance
    Hot("member_stats", None, "member_id"),
    Hot("members", "sqlite_autoindex_members_2", "mobile"),  # the mobile typed
    Hot("members", "sqlite_autoindex_members_1", "card"),  # the card scanned (UNIQUE card: its own index)
    Hot("members", None, "id"),
)


STEP = 1_000  # entries a range reads at first (then as the disk allows: STEP_MIN to STEP_MAX)
STEP_MIN, STEP_MAX = 50, 16_000
# Bytes of page cache per member and per purchase that the b-trees above take (measured on the
# benchmark's club: 1M members, 10M purchases, 10M open lots, 4 KiB pages, with the cache's own
# ~150 bytes per page): ~2.1 GB there (the six member lists that carry the tier: 316 MiB of it).
PER_MEMBER = 865
PER_PURCHASE = 115
FLOOR_BYTES = 64 * 2**20  # the page cache of a small club (and of every club before the warm-up)
CEILING_SHARE = 4  # never more than a quarter of the computer's memory


def physical_memory() -> int | None:
    """The computer's memory in bytes (None when the system does not say)."""
    try:
        if sys.platform == "win32":
            import ctypes

            class Status(ctypes.Structure):
                _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong), ("total", ctypes.c_ulonglong),
                            ("avail", ctypes.c_ulonglong), ("page_total", ctypes.c_ulonglong),
                            ("page_avail", ctypes.c_ulonglong), ("virtual_total", ctypes.c_ulonglong),
                            ("virtual_avail", ctypes.c_ulonglong), ("extended", ctypes.c_ulonglong)]

            status = Status()
            status.length = ctypes.sizeof(Status)
            if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
                return int(status.total)
            return None
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):
        return None


def cache_bytes(members: int, purchases: int, memory: int | None) -> int:
    """The page cache that holds the hot b-trees of a club of this size, within a quarter of
    ``memory`` (the computer's; None: unknown, then at most 1 GiB), and never below the floor."""
    wanted = FLOOR_BYTES + members * PER_MEMBER + purchases * PER_PURCHASE
    ceiling = (memory // CEILING_SHARE) if memory else 2**30
    return max(FLOOR_BYTES, min(wanted, ceiling))


def club_size(db: Database) -> tuple[int, int]:
    """(members, purchases) as the tables' last ids say (no count: that would walk them)."""
    return (db.value("SELECT coalesce(max(id), 0) FROM members"),
            db.value("SELECT coalesce(max(id), 0) FROM purchases"))


def set_cache(db: Database, size: int) -> None:
    """Let the connection's page cache grow to ``size`` bytes (SQLite takes pages as it reads)."""
    db.execute(f"PRAGMA cache_size = {-max(1, size // 1024):d}")


def cache_size(db: Database) -> int:
    """The connection's page cache limit, in bytes."""
    pages = db.value("PRAGMA cache_size")
    return -pages * 1024 if pages < 0 else pages * db.value("PRAGMA page_size")


@dataclass
class WarmRun:
    """Where a warm-up stands: the b-tree (index into ``trees``) and the last value of its first column
    read (None: from its start)."""

    trees: tuple[Hot, ...] = HOT
    step: int = field(default_factory=lambda: STEP)  # entries a range reads (adapts to the disk)
    at: int = 0
    after: object = None
    within: object = None  # inside the value ``after``: the last inner key read (``_FIRST``: none yet)
    inclusive: bool = False  # ``after`` itself is still to be read (the hot part's first value)
    started: bool = False
    entries: int = 0  # read so far
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # b-trees this club does not have
    version: int | None = None  # ``data_version`` when the walk ended (another connection's commit moves it)

    @property
    def done(self) -> bool:
        return self.at >= len(self.trees)


def data_version(db: Database) -> int | None:
    """SQLite's ``data_version`` of this connection: it moves when another connection commits, which
    is also when SQLite empties this connection's page cache (a WAL reader's cache is reset when
    another writer changed the WAL). None on the server."""
    return None if db.engine == "postgresql" else db.value("PRAGMA data_version")


def _present(db: Database, hot: Hot) -> bool:
    name = hot.btree or hot.table
    return db.value("SELECT count(*) FROM sqlite_master WHERE name = ? AND type IN ('table', 'index')", (name,)) > 0


def _nullable(db: Database, hot: Hot) -> bool:
    """Whether ``hot.column`` may hold NULL (a NOT NULL column or the rowid never does: asking would
    walk the whole table)."""
    for _cid, name, declared, notnull, _default, pk in db.all(f"PRAGMA table_info({hot.table})"):
        if name == hot.column:
            return not notnull and not (pk and (declared or "").upper() == "INTEGER")
    return False


def _source(hot: Hot) -> str:
    return f"{hot.table} INDEXED BY {hot.btree}" if hot.btree else f"{hot.table} NOT INDEXED"


def warm_slice(db: Database, run: WarmRun, seconds: float | None = 0.05) -> WarmRun:
    """Read the next entries of the hot b-trees into the page cache: at least one range, then more
    for about ``seconds`` (None: to the end). Reads only; no transaction is left open. With a
    budget, a range's length follows the disk: halved when one took more than a quarter of the
    budget (a cold disk, a busy machine), doubled when one took less than a sixteenth."""
    if db.engine == "postgresql":  # the server keeps its own buffers
        run.at = len(run.trees)
        return run
    start = time.perf_counter()
    until = None if seconds is None else start + seconds
    if seconds is None:
        run.step = max(run.step, STEP_MAX)
    first = True
    while not run.done and (first or until is None or time.perf_counter() < until):
        first = False
        hot = run.trees[run.at]
        if not run.started:
            if not _present(db, hot):
                run.skipped.append(hot.btree or hot.table)
                run.at += 1
                continue
            run.started, run.after, run.inclusive, run.within = True, None, False, None
            if hot.start:  # only the hot part of the b-tree, from its first value (None: nothing is hot)
                run.after = db.value(hot.start)
                if run.after is None:
                    run.at, run.started = run.at + 1, False
                    continue
                run.inclusive = True
            elif _nullable(db, hot):  # the entries with no value first (they sort first), by the index
                where = f" WHERE {hot.where} AND" if hot.where else " WHERE"
                run.entries += db.value(f"SELECT count(*) FROM {_source(hot)}{where} {hot.column} IS NULL")
        t0 = time.perf_counter()
        run.entries += _next_range(db, hot, run)
        if seconds:
            took = time.perf_counter() - t0
            if took > seconds / 4:
                run.step = max(STEP_MIN, run.step // 2)
            elif took < seconds / 16:
                run.step = min(STEP_MAX, run.step * 2)
    run.seconds += time.perf_counter() - start
    if run.done:
        run.version = data_version(db)
    return run


_FIRST = object()  # ``WarmRun.within``: from the first entry of the value


def _next_range(db: Database, hot: Hot, run: WarmRun) -> int:
    """Read the next ``run.step`` entries of ``hot`` at most; move on to the next b-tree at its end.
    Between values, a range ends before the value a step ahead; the entries of that value are then
    read by its inner key (the rowid, or the primary key's next column), a step at a time, so that a
    value many entries share (a month's figures, a number of visits) is read in steps too."""
    extra = f" AND {hot.where}" if hot.where else ""
    source, column, inner, step = _source(hot), hot.column, hot.inner, run.step
    params: tuple[object, ...]
    if run.within is not None:  # inside the value ``run.after``, by the inner key
        if run.within is _FIRST:  # (its least inner key: a bound of the column's own type and affinity)
            first = db.value(f"SELECT min({inner}) FROM {source} WHERE {column} = ?{extra}", (run.after,))
            lower, params = f"{column} = ? AND {inner} >= ?", (run.after, first)
        else:
            lower, params = f"{column} = ? AND {inner} > ?", (run.after, run.within)
        end = db.value(f"SELECT {inner} FROM {source} WHERE {lower}{extra} ORDER BY {inner} LIMIT 1 OFFSET ?",
                       (*params, step))
        if end is None:  # the rest of this value: then on after it
            run.within, run.inclusive = None, False
            return db.value(f"SELECT count(*) FROM {source} WHERE {lower}{extra}", params)
        run.within = end
        return db.value(f"SELECT count(*) FROM {source} WHERE {lower} AND {inner} <= ?{extra}", (*params, end))
    # from the start: the least value, found in the b-tree itself (a bound such as minus infinity would
    # be compared as text with a text column: '' and whatever sorts before "-Inf" would be left out)
    if run.after is None:
        least = db.value(f"SELECT min({column}) FROM {source} WHERE {column} IS NOT NULL{extra}")
        if least is None:  # no entry with a value: this b-tree is done
            run.at, run.started, run.inclusive = run.at + 1, False, False
            return 0
        lower, params = f"{column} >= ?", (least,)
    else:
        lower, params = f"{column} {'>=' if run.inclusive else '>'} ?", (run.after,)
    end = db.value(f"SELECT {column} FROM {source} WHERE {lower}{extra} ORDER BY {column} LIMIT 1 OFFSET ?",
                   (*params, step))
    if end is None:  # the rest of this b-tree
        read = db.value(f"SELECT count(*) FROM {source} WHERE {lower}{extra}", params)
        run.at, run.started, run.after, run.inclusive = run.at + 1, False, None, False
        return read
    read = db.value(f"SELECT count(*) FROM {source} WHERE {lower} AND {column} < ?{extra}", (*params, end))
    run.after, run.inclusive, run.within = end, False, _FIRST
    return read
