"""The members table: a filtered, sorted list read one block at a time.

``prepare`` validates what the person chose (tier, status, joined between two Jalali dates, a
search text like the cashier's search field), counts the matches and fixes the order;
``page`` returns any block of that list as light rows. Both stay fast at a million members: each
block is one walk of one covering index (see ``store/member_list.py`` for the indexes and
``bench/bench_members_page.py`` for the figures).

Sortable: ``name`` (Persian alphabetical), ``card``, ``mobile``, ``tier`` (lowest threshold
first, by name inside a tier), ``points`` (stored balance), ``joined``; each ascending or
descending, ties broken by join order. Not sortable: spend (it moves with the clock).

Anyone who may find a member may read the list (cashier and owner); a block holds at most
``MAX_PAGE`` rows, so that the list is read as it is shown, not exported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from datetime import datetime, timedelta

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, Problem, ValidationError, require_valid
from loyaltydesk.domain.ids import is_row_id, parse_card, parse_mobile
from loyaltydesk.domain.jalali import jalali_day, jalali_of, parse_jalali_date, start_of_jalali_day, to_iso
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import digits_only, search_key
from loyaltydesk.printing import sheets
from loyaltydesk.store import analytics as analytics_store
from loyaltydesk.store import club as club_store
from loyaltydesk.store import import_export as import_export_store
from loyaltydesk.store import member_list as list_store
from loyaltydesk.store.members import MIN_TOKEN

from . import analytics, import_export
from .members import MIN_SUFFIX_DIGITS, full_name
from .progress import Progress
from .session import Session

SORTS = ("name", "card", "mobile", "tier", "points", "joined")
STATUSES = ("active", "blocked")
MAX_PAGE = 500
_ONE_DAY = timedelta(days=1)

SORT_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "The list cannot be sorted by {sort!r}.")
SEGMENT_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "{segment!r} is not a segment: {segments}.")
INACTIVE_DAYS_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "Days without a purchase is a whole number from 1 to {maximum}.")
BIRTHDAY_MONTH_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "The birthday month is a number from 1 to 12.")
SPEND_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "Spend limits are amounts of zero rials or more.")
SPEND_ORDER = QT_TRANSLATE_NOOP("LoyaltyError", "The least spend {low} is above the most {high}.")
MAX_INACTIVE_DAYS = 36_500
# A targeted list of up to this many members is found and sorted once by ``prepare`` (its blocks are
# then slices); a longer one walks the sort's index like the whole club, its conditions checked
# on the way (each block computes a subquery once: about a count's time). Measured in
# bench/bench_targeted_lists.py.
TARGET_SORTED = 200_000
STATUS_FILTER_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "Status is active or blocked.")
JOINED_ORDER = QT_TRANSLATE_NOOP("LoyaltyError", "The end date {to} is before the start date {start}.")


@dataclass(frozen=True)
class MemberFilters:
    """What the filter bar says. Dates are Jalali ``YYYY/MM/DD`` (any digit script), both days
    included; ``None`` or empty means no limit."""

    tier_id: int | None = None
    status: str | None = None
    joined_from: str | None = None
    joined_to: str | None = None
    text: str = ""
    # a targeted list (issue 19): whom to call, text or offer
    segment: str | None = None  # an RFM segment (domain/analytics.py SEGMENTS), as the RFM report scores
    churn_risk: bool = False  # the churn report's "at risk" rule
    inactive_days: int | None = None  # no purchase in the last N Tehran days (never bought: joined ≥ N days ago)
    birthday_month: int | None = None  # Jalali month 1-12
    consent: bool = False  # only members who agreed to SMS
    spend_period: str | None = None  # Jalali months: 1404, 1404/03, 1404/01-1404/06 (None: lifetime)
    spend_min: int | None = None  # rials, included
    spend_max: int | None = None  # rials, included

    def targeted(self) -> bool:
        """Does it use a targeted list's filters (beyond the filter bar's)?"""
        return bool(self.segment or self.churn_risk or self.inactive_days is not None or self.birthday_month is not None
                    or self.consent or self.spend_period or self.spend_min is not None
                    or self.spend_max is not None)

    def as_dict(self) -> dict:
        """The filters given (for the audit of an export and ``--json``)."""
        return {k: v for k, v in asdict(self).items() if v is not None and v != "" and v is not False}


@dataclass(frozen=True)
class MemberList:
    """A prepared list: the filters in stored form, the order, how many rows, and for the tier
    sort the segments ``(tier_id, rows)`` in the order shown."""

    filters: MemberFilters
    sort: str
    descending: bool
    total: int
    where: dict = field(repr=False)
    segments: tuple[tuple[int | None, int], ...] = ()
    small: bool = False  # few enough rows to sort on each read rather than walk a sort index
    ids: tuple[int, ...] | None = field(default=None, repr=False)  # a name search: the whole order


@dataclass(frozen=True)
class MemberRow:
    """One line of the table."""

    id: int
    card: str
    mobile: str
    name: str
    tier: str | None
    tier_id: int | None
    tier_color: str | None
    points: int
    status: str
    joined_at: str
    joined_jalali: str


def _text_filter(text: str) -> dict | None:
    """The cashier's search rules: a card, a mobile in any form, ≥3 last digits of a mobile, or
    words of a name (two letters or more each). Anything shorter narrows nothing."""
    text = (text or "").strip()
    if not text:
        return None
    card = parse_card(text)
    if card:
        return {"card": card}
    mobile = parse_mobile(text)
    if mobile:
        return {"mobile": mobile}
    digits = digits_only(text.lstrip("+"))
    if digits:
        return {"suffix": digits} if len(digits) >= MIN_SUFFIX_DIGITS else None
    key = search_key(text)
    return {"name": key} if any(len(word) >= MIN_TOKEN for word in key.split()) else None


def _stored_filters(session: Session, filters: MemberFilters) -> dict:
    """Validate every field at once; Jalali days become the UTC range [from 00:00, to + 1 day 00:00)."""
    problems: list[Problem] = []
    where: dict = {"tier_id": filters.tier_id, "status": filters.status or None}
    if where["status"] not in (None, *STATUSES):
        problems.append(Problem("status", STATUS_FILTER_INVALID))
    days = {}
    for name in ("joined_from", "joined_to"):
        raw = getattr(filters, name)
        if raw:
            try:
                days[name] = parse_jalali_date(raw, name)
            except ValidationError as e:
                problems.extend(e.problems)
    if len(days) == 2 and days["joined_to"] < days["joined_from"]:
        problems.append(Problem("joined_to", JOINED_ORDER, {"start": filters.joined_from, "to": filters.joined_to}))
    months = None
    if filters.targeted():
        months = _target_problems(session, filters, problems)
    require_valid(problems)
    if "joined_from" in days:
        where["joined_from"] = to_iso(start_of_jalali_day(days["joined_from"]))
    if "joined_to" in days:
        where["joined_to"] = to_iso(start_of_jalali_day(days["joined_to"] + _ONE_DAY))
    where["text"] = _text_filter(filters.text)
    where["extra"] = _targeted(session, filters, months) if filters.targeted() else ()
    return where


def _target_problems(session: Session, filters: MemberFilters, problems: list[Problem]) -> tuple[int, int] | None:
    """Check a targeted list's filters, adding each problem to ``problems``; the spend period's
    first and last month keys. Who bought what (segment, churn, spend) is the owner's (the
    reports' data); a birthday month, the SMS consent and the days since the last visit are read
    by whoever reads the list."""
    if filters.segment or filters.churn_risk or filters.spend_period or filters.spend_min is not None or (
            filters.spend_max is not None):
        session.require(Action.READ_REPORTS)
    if filters.segment and filters.segment not in rules.SEGMENTS:
        problems.append(Problem("segment", SEGMENT_INVALID,
                                {"segment": filters.segment, "segments": ", ".join(rules.SEGMENTS)}))
    days = filters.inactive_days
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_INACTIVE_DAYS):
        problems.append(Problem("inactive_days", INACTIVE_DAYS_INVALID, {"maximum": MAX_INACTIVE_DAYS}))
    month = filters.birthday_month
    if month is not None and (isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12):
        problems.append(Problem("birthday_month", BIRTHDAY_MONTH_INVALID))
    low, high = filters.spend_min, filters.spend_max
    for name, value in (("spend_min", low), ("spend_max", high)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            problems.append(Problem(name, SPEND_INVALID))
    if isinstance(low, int) and isinstance(high, int) and 0 <= high < low:
        problems.append(Problem("spend_max", SPEND_ORDER, {"low": low, "high": high}))
    months = None
    if filters.spend_period:
        try:
            months = rules.parse_months(filters.spend_period, "spend_period")
        except ValidationError as e:
            problems.extend(e.problems)
    return months


def _targeted(session: Session, filters: MemberFilters, months: tuple[int, int] | None) -> tuple:
    """The targeted list's conditions (checked by ``_target_problems``) for the store's ``where``."""
    db = session.db
    days, month, low, high = filters.inactive_days, filters.birthday_month, filters.spend_min, filters.spend_max
    extra = []
    if filters.consent:
        extra.append(list_store.consent())
    if month is not None:
        extra.append(list_store.birthday_month(month))
    stats = []
    if filters.segment:
        cuts = analytics.rfm_cuts(db)
        if cuts is None:  # nobody has bought: no segment holds anyone
            stats.append(("0", ()))
        else:
            codes = rules.segment_codes(filters.segment)
            stats.append(analytics_store.rfm_condition(cuts.recency, cuts.frequency, cuts.monetary, codes,
                                                       rules.recency_range(codes)))
    if filters.churn_risk:
        stats.append(analytics_store.churn_condition(session.now_iso(), rules.CHURN_MIN_VISITS, rules.CHURN_FACTOR,
                                                     rules.CHURN_MIN_DAYS))
    if stats:
        extra.append(list_store.in_stats(stats))
    if days is not None:
        extra.append(list_store.inactive(inactive_cutoff(session.now(), days)))
    if months is not None or low is not None or high is not None:
        keys = rules.fewest_keys(*months) if months is not None else None
        extra.append(list_store.spend_in(keys, low, high))
    return tuple(extra)


def inactive_cutoff(now: datetime, days: int) -> str:
    """The first moment that counts as "in the last ``days`` days": 00:00 Tehran of the day
    ``days - 1`` before today (today is the first of them). No purchase since then, or
    joined before it and never bought: inactive."""
    today = jalali_of(now).date()
    return to_iso(start_of_jalali_day(today - timedelta(days=days - 1)))


def prepare(session: Session, filters: MemberFilters = MemberFilters(), sort: str = "name",
            descending: bool = False) -> MemberList:
    """Validate the filters (every problem at once), count the members they leave and fix the order."""
    session.require(Action.FIND_MEMBER)
    if sort not in SORTS:
        raise ValidationError([Problem("sort", SORT_INVALID, {"sort": sort})])
    where = _stored_filters(session, filters)
    db = session.db
    if filters.tier_id is not None and not is_row_id(filters.tier_id):  # no tier has it: no member either
        return MemberList(filters, sort, descending, 0, where, small=True, ids=())
    if where["text"] and "name" in where["text"]:
        return _name_search(db, filters, sort, descending, where)
    if where["extra"]:  # a targeted list: read once and sorted while it is short, else walked like the club
        total = list_store.count(db, **where)
        if total <= TARGET_SORTED:
            return _name_search(db, filters, sort, descending, where)
        if sort != "tier":
            return MemberList(filters, sort, descending, total, where, small=False)
    if sort != "tier":
        total = list_store.count(db, **where)
        return MemberList(filters, sort, descending, total, where, small=_small(where, total))
    tier_ids = list_store.tier_order(db)
    per_tier: dict[int | None, int]
    if filters.tier_id is not None:
        per_tier = {filters.tier_id: list_store.count(db, **where)}
    else:
        per_tier = list_store.count_by_tier(db, tier_ids, **where)
    order: list[int | None] = [None, *tier_ids]
    if descending:
        order.reverse()
    segments = tuple((t, per_tier[t]) for t in order if per_tier.get(t))
    total = sum(n for _, n in segments)
    return MemberList(filters, sort, descending, total, where, segments, _small(where, total))


def _name_search(db, filters: MemberFilters, sort: str, descending: bool, where: dict) -> MemberList:
    """Words of a name can match a large part of the club ("محم": one member in seven). Their
    matches are found through the name index and sorted once, here; every block is then a slice.
    Walking a sort index and probing the matches on every block would cost that much per block."""
    if sort != "tier":
        ids = tuple(list_store.page_ids(db, sort, descending, 0, -1, small=True, **where))
        return MemberList(filters, sort, descending, len(ids), where, small=True, ids=ids)
    order: list[int | None] = [None, *list_store.tier_order(db)] if filters.tier_id is None else [filters.tier_id]
    if descending:
        order.reverse()
    found = list_store.ids_by_tier(db, order, descending, **where)
    segments: list[list] = []
    for _, tier_id in found:
        if segments and segments[-1][0] == tier_id:
            segments[-1][1] += 1
        else:
            segments.append([tier_id, 1])
    return MemberList(filters, sort, descending, len(found), where, tuple((t, n) for t, n in segments), True,
                      tuple(i for i, _ in found))


def _small(where: dict, total: int) -> bool:
    """Sort the filtered rows on each read (rather than walk a sort index)? Yes for a few
    thousand rows, and always for a card, a mobile or its last digits: their index finds them."""
    return total <= list_store.SMALL_LIST or bool(where["text"]) and "name" not in where["text"]


def page(session: Session, listing: MemberList, offset: int, limit: int = 100) -> list[MemberRow]:
    """Rows [offset, offset + limit) of ``listing`` (fewer at the end; rows changed since
    ``prepare`` show as they are now)."""
    session.require(Action.FIND_MEMBER)
    offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
    db = session.db
    if listing.ids is not None:
        ids = list(listing.ids[offset:offset + limit])
    elif listing.sort != "tier":
        ids = list_store.page_ids(db, listing.sort, listing.descending, offset, limit, small=listing.small,
                                  **listing.where)
    else:  # the block may span the end of one tier's segment and the start of the next
        ids, position, end, start = [], offset, offset + limit, 0
        for tier_id, n in listing.segments:
            if position >= end:
                break
            if position < start + n:
                take = min(end, start + n) - position
                ids += list_store.page_ids(db, "tier", listing.descending, position - start, take,
                                           small=_small(listing.where, n), segment_tier=tier_id, **listing.where)
                position += take
            start += n
    return [_row(r) for r in list_store.rows_of(db, ids)]


def count_members(session: Session, filters: MemberFilters = MemberFilters()) -> int:
    """How many members the filters leave."""
    if not filters.targeted():
        return prepare(session, filters, "joined").total
    session.require(Action.FIND_MEMBER)
    where = _stored_filters(session, filters)
    if filters.tier_id is not None and not is_row_id(filters.tier_id):
        return 0
    return list_store.count(session.db, **where)


@dataclass(frozen=True)
class ListExport:
    file: str
    rows: int
    filters: dict

    def as_dict(self) -> dict:
        return asdict(self)


def export_list(session: Session, filters: MemberFilters, path: str | Path, progress: Progress = None) -> ListExport:
    """Write the members the filters leave, with their mobiles, to ``path`` (.xlsx or .csv), in
    join order, row by row (the members export's columns, services/import_export.py). Owner only
    (personal data) and audited: no file is left without its audit row. ``progress``
    (``services.progress``) hears of the rows written against the list's count, and may stop it:
    no file is left then, and a file already at ``path`` stays as it was."""
    session.require(Action.EXPORT_DATA)
    where = _stored_filters(session, filters)
    if filters.tier_id is not None and not is_row_id(filters.tier_id):
        where["tier_id"] = -1  # no tier has it: an empty list, written as such
    clause, params = list_store.where(**where)
    title, _query, columns = import_export.EXPORTS["members"]
    path = Path(path)
    rows: Iterator[tuple] = import_export_store.members_where(session.db, clause, params)
    if progress is not None:
        rows = import_export.counted(rows, progress, list_store.count(session.db, **where))
    written = sheets.write_rows(title, columns, rows, path, unit=club_store.club_settings(session.db).display_unit)
    result = ListExport(str(path), written, filters.as_dict())
    try:
        with session.db.transaction():
            session.audit("export", "member_list", None, None, result.as_dict())
    except LoyaltyError:  # busy: personal data does not leave without its audit row
        path.unlink(missing_ok=True)
        raise
    return result


def _row(r: list_store.ListRow) -> MemberRow:
    return MemberRow(
        id=r.id, card=r.card, mobile=r.mobile, name=full_name(r.first_name, r.last_name),
        tier=r.tier, tier_id=r.tier_id, tier_color=r.tier_color, points=r.points, status=r.status,
        joined_at=r.joined_at, joined_jalali=jalali_day(r.joined_at),
    )
