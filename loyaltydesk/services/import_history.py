"""Moving in: a shop's past purchases from its old program or Excel, imported in bulk.

``preview_purchases`` reads the file (``import_export.stream_sheet``: the same hardened readers as the
member import, with a purchase file's limits), guesses the columns from their Persian or English
titles and judges every row: which member (a card or a mobile in any form), when (a Jalali
``1403/05/14`` or an ISO ``2024-08-04``, optionally with a time; an Excel date cell; Tehran time;
a date alone is taken at noon), how much, and the receipt number if the file has one. Nothing is
written. ``confirm_purchases`` does it again, for real, if the file has not changed since.

The amount is in rials unless the amount column's title names the toman (``مبلغ (تومان)``,
``amount (toman)``) or the owner says so (``unit``); a title naming the rial keeps rials.

The history is priced as history: no discount, no coupon, no points, unless the owner asks
(``with_points``: each purchase then earns what the club's rule gives today at the member's
tier, as a lot dated at the purchase that expires by the club's rule from that date). The tier
window counts every imported purchase, and a member whose window spend now reaches a higher tier
moves up to it (a ``review`` row of the tier history; nobody moves down at an import).

A receipt number already in the club (a second import of the same file) skips its row; one twice
in the file is an error of the second row. Rows with problems are left out and reported with every
problem; the others go in, in ONE transaction (a failure half-way leaves nothing), a chunk at a
time with ``executemany``, and ONE audit row names the counts, totals and id ranges, which
``check`` proves (``store.imports.import_mismatches``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

import jdatetime

from loyaltydesk.domain.checkout import GROSS_OVER_CEILING
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, Problem, Rials, ValidationError
from loyaltydesk.domain.ids import parse_card, parse_mobile
from loyaltydesk.domain.jalali import MAX_YEAR, MIN_YEAR, TEHRAN, add_months, parse_moment, to_iso
from loyaltydesk.domain.ledger import opening
from loyaltydesk.domain.money import Unit, parse_amount
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import normalize_text, search_key, shorten, to_ascii_digits
from loyaltydesk.domain.tiers import upgrade_after_purchase, window_start
from loyaltydesk.store import club as club_store
from loyaltydesk.store import imports as import_store

from . import import_export
from .members import NO_SUCH_MEMBER, NOT_A_KEY, full_name
from .session import Session

MAX_ROWS = 2_000_000  # a shop's whole history; a bigger one is split by year
MAX_FILE_BYTES = 256 * 1024 * 1024  # 1M purchases are ~45 MB of CSV, ~25 MB of xlsx
MAX_UNPACKED = 1024 * 1024 * 1024  # 1M rows of a sheet unpack to ~200 MB of XML
CHUNK = 5_000  # rows judged and written together
SHOWN = 200  # rows of the preview kept as they come; rows with problems are kept up to:
MAX_PROBLEM_ROWS = 10_000
MAX_RECEIPT = 40

FIELDS = ("member", "date", "amount", "receipt")
SYNONYMS = {
    "member": ("کارت", "شماره کارت", "کارت عضویت", "موبایل", "شماره موبایل", "تلفن همراه", "شماره همراه", "همراه",
               "مشتری", "عضو", "card", "card number", "mobile", "mobile number", "phone", "member", "customer"),
    "date": ("تاریخ", "تاریخ خرید", "تاریخ فاکتور", "زمان", "زمان خرید", "date", "purchase date", "when", "at", "time",
             "datetime", "date time"),
    "amount": ("مبلغ", "مبلغ خرید", "مبلغ کل", "مبلغ فاکتور", "جمع", "جمع کل", "قیمت", "amount", "total", "gross",
               "sum", "price"),
    "receipt": ("شماره فاکتور", "فاکتور", "شماره رسید", "رسید", "شماره سند", "receipt", "receipt number", "invoice",
                "invoice number", "bill", "number"),
}
UNITS = {"تومان": Unit.TOMAN, "toman": Unit.TOMAN, "ریال": Unit.RIAL, "rial": Unit.RIAL, "rials": Unit.RIAL,
         "irr": Unit.RIAL, "irt": Unit.TOMAN}

NO_COLUMN = QT_TRANSLATE_NOOP("LoyaltyError", "No column of {name} looks like the {field}; name it in the column mapping.")
UNKNOWN_FIELD = QT_TRANSLATE_NOOP("LoyaltyError", "{field!r} is not a purchase field that can be imported.")
MEMBER_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "The member's card or mobile is empty.")
DATE_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "The date is empty.")
DATE_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a date (1403/05/14 or 2024-08-04).")
DATE_FUTURE = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is after today: a past purchase cannot be in the future.")
DATE_RANGE = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not between the years {first} and {last}.")
AMOUNT_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "The amount is empty.")
AMOUNT_ZERO = QT_TRANSLATE_NOOP("LoyaltyError", "The amount must be more than zero.")
RECEIPT_TWICE = QT_TRANSLATE_NOOP("LoyaltyError", "Receipt {receipt} is already on row {row} of this file.")
RECEIPT_LONG = QT_TRANSLATE_NOOP("LoyaltyError", "A receipt number is at most {maximum} characters.")
BAD_UNIT = QT_TRANSLATE_NOOP("LoyaltyError", "The unit of the amounts is rial or toman.")
HISTORY_REASON = "history"


# --- one row --------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:(?:\s+|\s*T\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


@lru_cache(maxsize=8192)
def _gregorian(year: int, month: int, day: int) -> date:
    """A date of the file (Jalali below the year 1700, Gregorian from it) as a Gregorian date;
    ValueError for a day that does not exist."""
    if year >= 1700:
        return date(year, month, day)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(day)
    return jdatetime.date(year, month, day).togregorian()


def parse_when(value, now: datetime | None = None) -> datetime:
    """When a purchase of the file was made, as a UTC moment: a Jalali or Gregorian date with an
    optional time (Tehran), an Excel date cell, or an ISO moment with its zone. A date alone is
    noon in Tehran (its Jalali day whatever the clocks did). Refused: no date, a day that does not
    exist, a year outside MIN_YEAR..MAX_YEAR, a moment after ``now``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError([Problem("date", DATE_MISSING)])
    if isinstance(value, datetime):
        local = value if value.tzinfo else value.replace(tzinfo=TEHRAN)
        if value.tzinfo is None and (value.hour, value.minute, value.second) == (0, 0, 0):
            local = local.replace(hour=12)
        moment = local.astimezone(timezone.utc)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, 12, tzinfo=TEHRAN).astimezone(timezone.utc)
    else:
        text = to_ascii_digits(normalize_text(str(value)))
        m = _DATE.fullmatch(text)
        if m:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            hh, mm, ss = (int(m[4]), int(m[5]), int(m[6] or 0)) if m[4] else (12, 0, 0)
            try:
                g = _gregorian(y, mo, d)
                moment = datetime(g.year, g.month, g.day, hh, mm, ss, tzinfo=TEHRAN).astimezone(timezone.utc)
            except (ValueError, OverflowError):
                raise ValidationError([Problem("date", DATE_UNKNOWN, {"value": shorten(value)})]) from None
        else:
            try:
                moment = parse_moment(text, "date")  # 2024-08-04T13:45:00+03:30, ...Z
            except ValidationError:
                raise ValidationError([Problem("date", DATE_UNKNOWN, {"value": shorten(value)})]) from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValidationError([Problem("date", DATE_RANGE, {"value": shorten(value), "first": MIN_YEAR,
                                                             "last": MAX_YEAR})])
    if now is not None and moment > now:
        raise ValidationError([Problem("date", DATE_FUTURE, {"value": shorten(value)})])
    return moment


def parse_member_key(value) -> tuple[str, str]:
    """('card', number) or ('mobile', 09…) for a card or a mobile in any form."""
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationError([Problem("member", MEMBER_MISSING)])
    card = parse_card(text)
    if card:
        return "card", card
    mobile = parse_mobile(text)
    if mobile:
        return "mobile", mobile
    raise ValidationError([Problem("member", NOT_A_KEY, {"key": shorten(text)})])


def parse_gross(value, unit: Unit, ceiling: int = 0) -> int:
    """A purchase's amount in rials, from the file's unit; more than zero, at most the club's ceiling."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError([Problem("amount", AMOUNT_MISSING)])
    try:
        gross = parse_amount(value, unit, "amount")
    except ValidationError as e:
        raise ValidationError([Problem(p.field, p.template, {k: shorten(v) if isinstance(v, str) else v
                                                              for k, v in p.params.items()}) for p in e.problems]) from None
    if gross <= 0:
        raise ValidationError([Problem("amount", AMOUNT_ZERO)])
    if ceiling and gross > ceiling:
        raise ValidationError([Problem("amount", GROSS_OVER_CEILING, {"maximum": Rials(ceiling)})])
    return gross


def parse_receipt(value) -> str | None:
    text = normalize_text(str(value if value is not None else "")).strip()
    if not text:
        return None
    if len(text) > MAX_RECEIPT:
        raise ValidationError([Problem("receipt", RECEIPT_LONG, {"maximum": MAX_RECEIPT})])
    return to_ascii_digits(text)


# --- the columns ----------------------------------------------------------------------------------

def guess_mapping(header: tuple[str, ...]) -> dict[str, int]:
    """field -> column index from the titles: exact names first, then the longest name a title
    contains; each column used once."""
    keys = [import_export.header_key(h) for h in header]
    mapping: dict[str, int] = {}
    for name in FIELDS:
        names = {import_export.header_key(s) for s in SYNONYMS[name]}
        for i, k in enumerate(keys):
            if k in names and i not in mapping.values():
                mapping[name] = i
                break
    candidates = sorted(((len(import_export.header_key(s)), f, s) for f in FIELDS for s in SYNONYMS[f]
                         if len(import_export.header_key(s)) >= 3), reverse=True)
    for _length, name, synonym in candidates:
        if name in mapping:
            continue
        for i, k in enumerate(keys):
            if i not in mapping.values() and import_export.header_key(synonym) in k:
                mapping[name] = i
                break
    return mapping


def unit_of(title: str) -> Unit | None:
    """The unit a column's title names (``مبلغ (تومان)``, ``Amount in rials``), or None."""
    key = search_key(title or "")
    found = {u for word, u in UNITS.items() if search_key(word) in key}
    return found.pop() if len(found) == 1 else None


def _mapping(name: str, header: tuple[str, ...], given: dict | None) -> dict[str, int]:
    if given is None:
        mapping = guess_mapping(header)
    else:
        mapping = {}
        for f, column in given.items():
            if f not in FIELDS:
                raise ValidationError([Problem("mapping", UNKNOWN_FIELD, {"field": f})])
            if isinstance(column, int) and 0 <= column < len(header):
                mapping[f] = column
            elif normalize_text(str(column)) in header:
                mapping[f] = header.index(normalize_text(str(column)))
            else:
                raise ValidationError([Problem("mapping", import_export.BAD_MAPPING, {"column": column, "field": f})])
    for f in ("member", "date", "amount"):
        if f not in mapping:
            raise LoyaltyError(NO_COLUMN, name=name, field=f)
    return mapping


# --- preview and confirm --------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryRow:
    row: int
    action: str  # add | skip | error
    member: str | None  # the card of the member it belongs to
    name: str
    at: str | None  # stored UTC moment
    amount: int | None  # rials
    receipt: str | None
    problems: tuple[str, ...] = ()
    reasons: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class HistoryPreview:
    file: str
    digest: str
    columns: tuple[str, ...]
    mapping: dict  # field -> column title
    unit: str  # rial | toman: the unit the amounts were read in
    with_points: bool
    rows: tuple[HistoryRow, ...]  # the first SHOWN rows, then rows with problems (up to MAX_PROBLEM_ROWS)
    done: bool = False
    counts: dict = field(default_factory=dict)  # add, skip, error
    totals: dict = field(default_factory=dict)  # gross, points, members, upgrades, first, last
    cp1256_rows: tuple[int, ...] = ()
    audit_id: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def errors(self) -> tuple[HistoryRow, ...]:
        return tuple(r for r in self.rows if r.action == "error")


class _Pass:
    """One walk of the file: judges each row, and writes the good ones when ``write``."""

    def __init__(self, session: Session, unit: Unit, with_points: bool, write: bool):
        db = session.db
        self.session, self.db, self.unit, self.with_points, self.write = session, db, unit, with_points, write
        self.now = session.now()
        self.now_iso = to_iso(self.now)
        self.settings = club_store.club_settings(db)
        self.tiers = club_store.tiers(db)
        self.multiplier = {t.id: t.multiplier_pct for t in self.tiers}
        self.start = to_iso(window_start(self.settings.window, self.now))
        self.members: dict[tuple[str, str], import_store.KnownMember | None] = {}  # (kind, key) -> None: nobody
        self.receipts: dict[str, int] = {}  # receipt -> row of this file
        self.balance: dict[int, int] = {}  # member id -> balance as the import goes (with_points)
        self.window: dict[int, int] = {}  # member id -> imported spend inside the tier window
        self.kept: list[HistoryRow] = []
        self.counts = {"add": 0, "skip": 0, "error": 0}
        self.gross = self.points = self.entries = 0
        self.first_at: str | None = None
        self.last_at: str | None = None
        self.next_purchase = import_store.next_id(db, "purchases") if write else 0
        self.first_purchase = self.next_purchase
        self.next_entry = import_store.next_id(db, "ledger") if write else 0
        self.first_entry = self.next_entry
        self.actor = session.user.username

    def _keep(self, row: HistoryRow) -> None:
        shown = sum(self.counts.values()) <= SHOWN
        if shown or (row.action == "error" and len(self.kept) < SHOWN + MAX_PROBLEM_ROWS):
            self.kept.append(row)

    def chunk(self, rows: list[tuple[int, tuple, tuple]], columns: dict[str, int]) -> None:
        parsed = []
        for number, cells, as_read in rows:
            got = {f: (cells[i] if i < len(cells) else "") for f, i in columns.items()}
            problems = [p for p in as_read if p.params.get("column") in {import_export.column_name(i)
                                                                         for i in columns.values()}]
            values: dict[str, Any] = {}  # field -> its parsed value (a key, a moment, rials, a receipt)
            for f, fn in (("member", parse_member_key), ("date", lambda v: parse_when(v, self.now)),
                          ("amount", lambda v: parse_gross(v, self.unit, self.settings.max_purchase)),
                          ("receipt", parse_receipt)):
                if f not in got:
                    continue
                try:
                    values[f] = fn(got[f])
                except ValidationError as e:
                    problems += e.problems
            parsed.append((number, values, problems))
        keys = {v["member"] for _n, v, _p in parsed if "member" in v} - set(self.members)
        for kind in ("card", "mobile"):
            wanted = [k for c, k in keys if c == kind]
            found = import_store.members_by(self.db, kind, wanted) if wanted else {}
            for k in wanted:
                self.members[(kind, k)] = found.get(k)
        receipts = [v["receipt"] for _n, v, _p in parsed if v.get("receipt")]
        taken = import_store.taken_receipts(self.db, receipts) if receipts else set()
        purchases, lots = [], []
        for number, values, problems in parsed:
            member = self.members.get(values["member"]) if "member" in values else None
            if "member" in values and member is None:
                problems.insert(0, Problem("member", NO_SUCH_MEMBER, {"key": values["member"][1]}))
            receipt = values.get("receipt")
            action = "add"
            if receipt and receipt in taken:
                action = "skip"
            elif receipt and receipt in self.receipts:
                problems.append(Problem("receipt", RECEIPT_TWICE, {"receipt": shorten(receipt),
                                                                   "row": self.receipts[receipt]}))
            elif receipt:
                self.receipts[receipt] = number
            if problems:
                action = "error"
                problems = [import_export.short_problem(p) for p in problems]
            at = to_iso(values["date"]) if "date" in values else None
            gross = values.get("amount")
            self.counts[action] += 1
            self._keep(HistoryRow(number, action, member.card if member else None,
                                  full_name(member.first_name, member.last_name) if member else "", at, gross, receipt,
                                  tuple(p.message for p in problems), tuple(problems)))
            if action != "add":
                continue
            assert member is not None and at is not None and gross is not None  # a row added has all three
            member_id, tier_id = member.id, member.tier_id
            self.gross += gross
            self.first_at = min(self.first_at or at, at)
            self.last_at = max(self.last_at or at, at)
            if at >= self.start:
                self.window[member_id] = self.window.get(member_id, 0) + gross
            else:
                self.window.setdefault(member_id, 0)
            earned = 0
            if self.with_points:
                earned = gross * self.multiplier.get(tier_id, 100) // (self.settings.rials_per_point * 100)
            if earned:
                self.points += earned
                self.entries += 1
            if not self.write:
                continue
            pid = self.next_purchase
            self.next_purchase += 1
            purchases.append((pid, member_id, at, self.now_iso, self.actor, tier_id if self.with_points else None,
                              gross, 0, 0, 0, 0, gross, earned, 0, receipt))
            if earned:
                before = self.balance.get(member_id, member.points)
                expires = (to_iso(add_months(values["date"], self.settings.expiry_months))
                           if self.settings.expiry_months else None)
                lots.append((self.next_entry, member_id, at, "earn", earned, expires, pid, "", self.actor,
                             opening(before, earned)))
                self.next_entry += 1
                self.balance[member_id] = before + earned
        if self.write:
            import_store.insert_purchases(self.db, purchases)
            import_store.insert_lots(self.db, lots)
            if lots:
                added: dict[int, int] = {}
                for lot in lots:
                    added[lot[1]] = added.get(lot[1], 0) + lot[4]
                import_store.add_points(self.db, [(p, m) for m, p in added.items()])

    def upgrades(self) -> int:
        """Members whose window spend (with the import) reaches a higher tier move up to it."""
        moved = 0
        ids = sorted(self.window)
        history, tiers_set = [], []
        for i in range(0, len(ids), import_store.PARAMS):
            part = ids[i:i + import_store.PARAMS]
            for member_id, (tier_id, spend) in import_store.window_spends(self.db, part, self.start).items():
                if not self.write:
                    spend += self.window.get(member_id, 0)
                up = upgrade_after_purchase(self.tiers, tier_id, spend)
                if up is None:
                    continue
                moved += 1
                history.append((member_id, self.now_iso, tier_id, up.id, "review", spend, self.actor))
                tiers_set.append((up.id, self.now_iso, member_id))
        if self.write:
            import_store.set_tiers(self.db, tiers_set)
            import_store.add_tier_histories(self.db, history)
        return moved


def _unit(unit, title: str) -> Unit:
    if unit is None or unit == "":
        return unit_of(title) or Unit.RIAL
    try:
        return Unit(unit)
    except ValueError:
        raise ValidationError([Problem("unit", BAD_UNIT)]) from None


def _do(session: Session, path, mapping: dict | None, unit, with_points: bool, *, write: bool,
        digest: str | None = None) -> HistoryPreview:
    session.require(Action.IMPORT_MEMBERS)
    stream = import_export.stream_sheet(path, max_rows=MAX_ROWS, max_bytes=MAX_FILE_BYTES, max_unpacked=MAX_UNPACKED,
                                   kind="purchase")
    if digest is not None and digest != stream.digest:
        raise LoyaltyError(import_export.FILE_CHANGED, name=stream.name)
    columns = _mapping(stream.name, stream.header, mapping)
    unit = _unit(unit, stream.header[columns["amount"]])
    upgrades = 0
    audit_id = None

    def walk(work: _Pass) -> None:
        buffer = []
        for item in stream.rows:
            buffer.append(item)
            if len(buffer) >= CHUNK:
                work.chunk(buffer, columns)
                buffer = []
        if buffer:
            work.chunk(buffer, columns)

    if write:
        with session.db.transaction():
            import_store.hold_for_import(session.db)  # several tills: the ids it takes stay free
            work = _Pass(session, unit, with_points, True)
            walk(work)
            upgrades = work.upgrades()
            totals = _totals(work, upgrades)
            after = {"file": str(path), "digest": stream.digest, "unit": unit.value, "with_points": with_points,
                     **work.counts, **totals, "entries": work.entries,
                     "purchases_ids": [work.first_purchase, work.next_purchase - 1] if work.counts["add"] else None,
                     "ledger_ids": [work.first_entry, work.next_entry - 1] if work.entries else None}
            session.audit("import_purchases", "purchases", None, None, after)
            audit_id = session.db.value("SELECT max(id) FROM audit_log")
    else:
        with session.db.transaction():  # a consistent read (nothing is written)
            work = _Pass(session, unit, with_points, False)
            walk(work)
            upgrades = work.upgrades()
            totals = _totals(work, upgrades)
    return HistoryPreview(str(path), stream.digest, stream.header,
                          {f: stream.header[i] for f, i in columns.items()}, unit.value, with_points,
                          tuple(work.kept), write, dict(work.counts), totals, tuple(sorted(stream.cp1256_rows)),
                          audit_id)


def _totals(work: _Pass, upgrades: int) -> dict:
    return {"purchases": work.counts["add"], "gross": work.gross, "points": work.points,
            "members": len(work.window), "upgrades": upgrades, "first": work.first_at, "last": work.last_at}


def header_of(path: str | Path) -> tuple[str, ...]:
    """The column titles of a purchase file (to choose the columns by hand when guessing failed)."""
    return import_export.stream_sheet(path, max_rows=MAX_ROWS, max_bytes=MAX_FILE_BYTES, max_unpacked=MAX_UNPACKED,
                                 kind="purchase").header


def preview_purchases(session: Session, path: str | Path, mapping: dict | None = None, unit: str | None = None,
                      with_points: bool = False) -> HistoryPreview:
    """What importing the purchases of ``path`` would do, row by row; nothing is written (owner)."""
    return _do(session, path, mapping, unit, with_points, write=False)


def confirm_purchases(session: Session, preview: HistoryPreview) -> HistoryPreview:
    """Import what ``preview`` showed, in one transaction (owner). Refused if the file changed."""
    return _do(session, preview.file, preview.mapping, preview.unit, preview.with_points, write=True,
               digest=preview.digest)
