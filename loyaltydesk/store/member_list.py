"""The members table of the desktop app: count and read one block of a filtered, sorted list.

Built to stay fast with a million members. Every sort has a covering index (m0006) whose leading
columns are the sort key and whose trailing columns are the filter columns (status, tier, join
moment), so that ``ORDER BY key LIMIT n OFFSET k`` walks that one index — checking the filters on
the index entries themselves, never touching the table — and reads only the ``n`` rows it returns.
Measured on the 1M-member fill (``bench/bench_members_page.py``, a loaded 2-core VM): a block at
99 % costs 20-90 ms unfiltered and up to ~0.5 s under a filter that keeps 40 % of the club;
counts 0-150 ms. Keyset pagination would make neighbouring blocks cheaper still, but a scroll
bar jumps to any position, and OFFSET over a covering index serves every position alike.
A small filtered list (``SMALL_LIST``) is found through its filters and sorted instead, and a
search by name is read once in order by the service (``services/member_list.py``).

Sorts (each with ``id`` as the tie-breaker, so the order is total and the pages never overlap):

========  ===========================================  ==========================
sort      order                                        index
========  ===========================================  ==========================
name      first name + last name, Persian alphabet    ``members_list_name``
card      card number                                  ``members_list_card``
mobile    mobile                                       ``members_list_mobile``
tier      tier by threshold, then name                 ``members_list_tier`` (one segment per tier)
points    stored balance                               ``members_list_points``
joined    join moment                                  ``members_list_joined``
========  ===========================================  ==========================

Spend is not sortable here: the qualifying spend moves with the clock (a rolling window) and
lifetime spend lives in ``member_stats``; sorting by either at this scale needs its own table.

The Persian alphabet: SQLite compares text by code point, and پ چ ژ ک گ sit outside the Arabic
letters' range (ه and و are swapped too). ``NAME_KEY`` rewrites each of them into its base
letter followed by U+06FF, above every letter, which puts it right after that base letter — a
plain deterministic ``replace`` chain that an expression index can hold (and PostgreSQL too).
The name indexes also hold ``search_name`` itself: SQLite before 3.41 counts an expression index
as covering only when it holds every column the expression reads.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from loyaltydesk.domain.analytics import month_span

from .db import Database
from .members import fts_query
from .rows import fetch_all

AFTER = "\u06ff"  # above every Persian letter: "X" + AFTER sorts right after every word in X
# (letter, what it sorts as): پ after ب, چ after ج, ژ after ز, ک and گ after ق, ه after و.
ALPHABET_FIXES = (
    ("پ", "ب" + AFTER),
    ("چ", "ج" + AFTER),
    ("ژ", "ز" + AFTER),
    ("گ", "ق" + AFTER + AFTER),
    ("ک", "ق" + AFTER),
    ("ه", "و" + AFTER),
)


def _name_key(column: str) -> str:
    expr = column
    for letter, replacement in ALPHABET_FIXES:
        expr = f"replace({expr}, '{letter}', '{replacement}')"
    return expr


NAME_KEY = _name_key("search_name")

# sort name -> (index, key columns for ORDER BY; ``id`` last unless the key is unique)
SORTS = {
    "name": ("members_list_name", (NAME_KEY, "id")),
    "card": ("members_list_card", ("card",)),
    "mobile": ("members_list_mobile", ("mobile",)),
    "points": ("members_list_points", ("points", "id")),
    "joined": ("members_list_joined", ("joined_at", "id")),
    "tier": ("members_list_tier", (NAME_KEY, "id")),  # within one tier's segment
}

STATUSES = ("active", "blocked")
SMALL_LIST = 20_000  # up to here sorting the filtered rows beats walking a sort index (measured)
ROW_COLUMNS = ("m.id, m.card, m.mobile, m.first_name, m.last_name, m.tier_id, t.name AS tier, "
               "t.color AS tier_color, m.points, m.status, m.joined_at")


class ListRow(NamedTuple):
    """One member as a line of the list shows them (``ROW_COLUMNS``)."""

    id: int
    card: str
    mobile: str
    first_name: str
    last_name: str
    tier_id: int | None
    tier: str | None
    tier_color: str | None
    points: int
    status: str
    joined_at: str


def _text_filter(text: dict[str, str] | None) -> tuple[str, tuple[object, ...]]:
    """What the search box narrows to: {'card': …} | {'mobile': …} | {'suffix': digits} | {'name': key}."""
    if not text:
        return "", ()
    if "card" in text:
        return "card = ?", (text["card"],)
    if "mobile" in text:
        return "mobile = ?", (text["mobile"],)
    if "suffix" in text:
        rev = text["suffix"][::-1]
        return "mobile_rev >= ? AND mobile_rev < ?", (rev, rev[:-1] + chr(ord(rev[-1]) + 1))
    query = fts_query(text["name"])
    if not query:  # only one-letter words: they would match half the club, so they narrow nothing
        return "", ()
    return "id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)", (query,)


Clause = tuple[str, tuple[Any, ...]]  # a condition on ``members`` and its parameters


def where(*, status: str | None = None, tier_id: int | None = None, joined_from: str | None = None,
          joined_to: str | None = None, text: dict[str, str] | None = None, all_statuses: bool = False,
          no_tier: bool = False, extra: tuple[Clause, ...] = ()) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause of a filter; join moments are [from, to). ``all_statuses`` spells out
    ``status IN (…every status…)`` when status is not filtered, so that the status-first index
    serves as a range for every other filter; ``no_tier`` asks for the members without a tier;
    ``extra`` are a targeted list's conditions (``consent``, ``birthday_month``, ``in_stats``,
    ``inactive``, ``spend_in``)."""
    parts: list[str] = [sql for sql, _ in extra]
    params: list[object] = [p for _, ps in extra for p in ps]
    if status:
        parts.append("status = ?")
        params.append(status)
    elif all_statuses:
        parts.append(f"status IN ({', '.join('?' for _ in STATUSES)})")
        params.extend(STATUSES)
    if no_tier:
        parts.append("tier_id IS NULL")
    elif tier_id is not None:
        parts.append("tier_id = ?")
        params.append(tier_id)
    if joined_from:
        parts.append("joined_at >= ?")
        params.append(joined_from)
    if joined_to:
        parts.append("joined_at < ?")
        params.append(joined_to)
    sql, more = _text_filter(text)
    if sql:
        parts.append(sql)
        params.extend(more)
    return " AND ".join(parts) or "1", tuple(params)


def _driver(filters: dict[str, Any]) -> tuple[str, bool]:
    """The index that finds the filtered members fastest (for counting them, and for sorting a
    small filtered set), and whether it wants ``status IN (…)``. Spelled out because the
    planner has no statistics and would guess."""
    if extra := filters.get("extra"):  # a targeted list: its own conditions drive (SQLite probes ``id IN``)
        # a birthday month is the narrowest (a twelfth); the planner would start from the consent index
        return ("INDEXED BY members_birthday_md", False) if any(sql == _BIRTHDAY for sql, _ in extra) else ("", False)
    text = filters.get("text")
    if text:
        return ("INDEXED BY members_mobile_rev", False) if "suffix" in text else ("", False)
    if filters.get("status") is None and filters.get("tier_id") is None and not filters.get("no_tier") and (
            filters.get("joined_from") or filters.get("joined_to")):
        return "INDEXED BY members_list_joined", False
    return "INDEXED BY members_list_status", True


def count_query(**filters: Any) -> tuple[str, tuple[object, ...]]:
    if not any(filters.get(k) for k in ("status", "joined_from", "joined_to", "text", "no_tier", "extra")) and (
            filters.get("tier_id") is None):
        return "SELECT count(*) FROM members", ()  # SQLite counts a whole b-tree without reading rows
    stats = _stats_only(filters)
    if stats is not None:  # every member_stats row is a member's
        return f"SELECT count(*) FROM member_stats s WHERE {stats[0]}", stats[1]
    hint, all_statuses = _driver(filters)
    clause, params = where(**filters, all_statuses=all_statuses)
    return f"SELECT count(*) FROM members {hint} WHERE {clause}", params


def count(db: Database, **filters: Any) -> int:
    return db.value(*count_query(**filters))


def count_by_tier(db: Database, tier_ids: list[int], **filters: Any) -> dict[int | None, int]:
    """Members per tier (None: no tier) under the filters: the segments of the tier sort."""
    filters = dict(filters, tier_id=None)
    counts: dict[int | None, int] = {None: count(db, **filters, no_tier=True)}
    for tier_id in tier_ids:
        counts[tier_id] = count(db, **dict(filters, tier_id=tier_id))
    return counts


def _read_once(filters: dict[str, Any]) -> bool:
    """A targeted list read once and sorted: one pass over the table (``id IN`` sets are still
    probed by rowid), then sorted. Left to itself SQLite walks the sort's index and checks each
    entry (6-9 s for 89k of 1M members inactive, against 1.2 s). A birthday month's index finds its
    own members."""
    extra = filters.get("extra") or ()
    return bool(extra) and not any(sql.startswith(_BIRTHDAY) for sql, _ in extra)


def page_query(sort: str, descending: bool, offset: int, limit: int, *, small: bool = False,
               segment_tier: int | None = None, **filters: Any) -> tuple[str, tuple[object, ...]]:
    """The SELECT of the ids at [offset, offset + limit) of the list, in order.

    A big list walks the sort's covering index (``INDEXED BY``: the planner, which knows no row
    counts, might otherwise read a filter index and sort the whole filtered set on every page).
    A ``small`` one (``SMALL_LIST`` rows or fewer) is found through its filters and sorted, which
    beats walking a million index entries to find a few thousand. For the tier sort the caller
    asks one tier's segment at a time (``segment_tier``; None: the members without a tier)."""
    index, keys = SORTS[sort]
    direction = " DESC" if descending else ""
    order = ", ".join(k + direction for k in keys)
    if sort == "tier":
        filters = dict(filters, tier_id=segment_tier, no_tier=segment_tier is None)
    if small and _read_once(filters):
        hint, all_statuses = "NOT INDEXED", False
    elif small:
        hint, all_statuses = _driver(filters)
    else:
        hint, all_statuses = f"INDEXED BY {index}", False
    clause, params = where(**filters, all_statuses=all_statuses)
    return (f"SELECT id FROM members {hint} WHERE {clause} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, limit, offset))


def page_ids(db: Database, sort: str, descending: bool, offset: int, limit: int, *, small: bool = False,
             segment_tier: int | None = None, **filters: Any) -> list[int]:
    """Ids of the members at [offset, offset + limit) of the list, in order."""
    sql, params = page_query(sort, descending, offset, limit, small=small, segment_tier=segment_tier, **filters)
    return [row[0] for row in db.all(sql, params)]


def ids_by_tier(db: Database, tier_ids: list[int | None], descending: bool, **filters: Any) -> list[tuple[int, int]]:
    """(id, tier_id) of every filtered member, tiers in the order given, by name inside a tier: one
    query for a search's whole tier-sorted list (its matches are found once, not once per tier)."""
    ranks = " ".join(f"WHEN tier_id IS NULL THEN {i}" if t is None else f"WHEN tier_id = {int(t)} THEN {i}"
                     for i, t in enumerate(tier_ids))
    direction = " DESC" if descending else ""
    clause, params = where(**filters)
    hint = "NOT INDEXED" if _read_once(filters) else ""
    rows = db.all(f"SELECT id, tier_id FROM members {hint} WHERE {clause} "
                  f"ORDER BY CASE {ranks} ELSE {len(tier_ids)} END, {NAME_KEY}{direction}, id{direction}", params)
    return [(row[0], row[1]) for row in rows]


def rows_of(db: Database, ids: list[int]) -> list[ListRow]:
    """The light rows of ``ids``, in the order given."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    found = {row.id: row for row in fetch_all(
        db, ListRow,
        f"SELECT {ROW_COLUMNS} FROM members m LEFT JOIN tiers t ON t.id = m.tier_id WHERE m.id IN ({marks})",
        tuple(ids))}
    return [found[i] for i in ids if i in found]


def tier_order(db: Database) -> list[int]:
    """Tier ids from the lowest threshold up."""
    return [row[0] for row in db.all("SELECT id FROM tiers ORDER BY threshold")]



# --- targeted lists: conditions beyond the filter bar's (services/member_list.py) --------------------
# Each is a condition on ``members`` (its ``id`` and columns) for ``where(extra=…)``. Those on what a
# member bought read ``member_stats`` (lifetime, kept by the purchase triggers) or ``member_periods``
# (per Jalali month, season, year) through ``id IN (SELECT member_id …)``: SQLite computes the
# subquery once and probes each member by its key.

def consent() -> Clause:
    return "sms_consent = 1", ()


_BIRTHDAY = "birthday_md BETWEEN ? AND ?"


def birthday_month(month: int) -> Clause:
    """Born in Jalali month ``month`` (a range of ``members_birthday_md``: 'MM/DD')."""
    return _BIRTHDAY, (f"{month:02d}/00", f"{month:02d}/99")


_IN_STATS = ("id IN (SELECT s.member_id FROM member_stats s WHERE ", ")")


def in_stats(conditions: list[Clause]) -> Clause:
    """Buyers whose lifetime figures (``member_stats s``) meet every condition."""
    sql = " AND ".join(c for c, _ in conditions) or "1"
    return f"{_IN_STATS[0]}{sql}{_IN_STATS[1]}", tuple(p for _, ps in conditions for p in ps)


def _stats_only(filters: dict[str, Any]) -> Clause | None:
    """The condition on ``member_stats s`` when a list is nothing but ``in_stats`` (a segment, churn
    risk): counted on member_stats alone, without probing a million members' rows."""
    extra: tuple[Clause, ...] = filters.get("extra") or ()
    if len(extra) != 1 or filters.get("tier_id") is not None or any(
            filters.get(k) for k in ("status", "joined_from", "joined_to", "text", "no_tier")):
        return None
    sql, params = extra[0]
    head, tail = _IN_STATS
    if sql.startswith(head) and sql.endswith(tail):
        return sql[len(head):-len(tail)], params
    return None


def inactive(cutoff: str) -> Clause:
    """No purchase at or after ``cutoff``: buyers whose last purchase is before it, and members who
    never bought (no member_stats row: NULL) and joined before it. One probe of member_stats' key
    per member, in whatever order the list is read (sets of recent or old buyers built for
    ``IN``/``NOT IN`` cost seconds at a million members: measured 2.8 s against 0.5 s)."""
    return ("coalesce((SELECT s.last_at < ? FROM member_stats s WHERE s.member_id = members.id), joined_at < ?)",
            (cutoff, cutoff))


def _period_spend(keys: list[int]) -> tuple[str, tuple[Any, ...]]:
    """(member_id, spend, visits) of each member who bought in the periods ``keys`` (keys that do
    not overlap: ``domain.analytics.fewest_keys``). ``member_periods`` keeps months only (m0020): a
    season or a year is a range of its primary key, summed per member."""
    spans = [month_span(k) for k in keys]
    if len(spans) == 1 and spans[0][0] == spans[0][1]:  # one month: a range of the key, in member order
        return "SELECT member_id, gross - refunded AS spend, visits FROM member_periods WHERE period = ?", (keys[0],)
    ranges = " OR ".join("period BETWEEN ? AND ?" for _ in spans)
    return (f"SELECT member_id, sum(gross - refunded) AS spend, sum(visits) AS visits FROM member_periods "
            f"WHERE {ranges} GROUP BY member_id", tuple(v for span in spans for v in span))


def spend_in(keys: list[int] | None, low: int | None, high: int | None) -> Clause:
    """Spend (gross less refunds) in the periods ``keys`` (None: lifetime) between ``low`` and
    ``high`` rials, both included (None: no limit). A range that holds 0 keeps the members who
    spent nothing there too; no limit at all keeps those who bought there."""
    source, params = _period_spend(keys) if keys else (
        "SELECT member_id, spend, visits FROM member_stats", ())
    if low is None and high is None:
        return f"id IN (SELECT member_id FROM ({source}))", params
    bounds = [(">= ?", low), ("<= ?", high)]
    inside = " AND ".join(f"spend {op}" for op, v in bounds if v is not None)
    values = tuple(v for _, v in bounds if v is not None)
    if low is None or low <= 0:  # 0 is inside: everyone but those who spent outside the range
        return f"id NOT IN (SELECT member_id FROM ({source}) WHERE NOT ({inside}))", (*params, *values)
    return f"id IN (SELECT member_id FROM ({source}) WHERE {inside})", (*params, *values)
