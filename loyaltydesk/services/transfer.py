"""Data in and out: import members from a shop's Excel or CSV file, export members, purchases and
the ledger (owner only, audited: it is personal data).

Import is two calls. ``preview_import`` reads the file, guesses which column is what from its
Persian or English headers (or takes the owner's mapping), and runs the whole import inside a
transaction that is then rolled back: every row gets the outcome it *would* get (add, merge,
skip, or error with every reason), from the very same code that will write it. ``confirm_import``
runs it again, for real, in one transaction, if the file has not changed since the preview. Rows
with errors are left out and reported; the good ones go in.

What shops' files hold is accepted as it comes: Persian, Arabic or ASCII digits; mobiles in any
form (``+98 912…``, ``9121234567``, a number cell that lost its 0); Jalali birthdays
(``۱۳۷۰/۰۵/۱۴``) or Gregorian ones (an Excel date cell, ``1991-08-05``); a full name in one column;
زن/مرد, yes/no, بله/خیر. A mobile already in the club is skipped or merged (the file's non-empty
values replace the member's), as the owner chooses; a mobile twice in the file is an error on the
second row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import jdatetime

from loyaltydesk.domain.errors import (
    QT_TRANSLATE_NOOP, DuplicateMember, LoyaltyError, Problem, ValidationError,
)
from loyaltydesk.domain.ids import parse_mobile
from loyaltydesk.domain.jalali import format_jalali
from loyaltydesk.domain.report import Column, Kind, Table
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import normalize_text, search_key, to_ascii_digits
from loyaltydesk.printing import sheets
from loyaltydesk.store import club as club_store
from loyaltydesk.store import transfer as transfer_store

from . import members as member_service
from .session import Session

CANNOT_READ = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot read {name}: {reason}")
OLD_EXCEL = QT_TRANSLATE_NOOP("LoyaltyError", "{name} is an old Excel file (.xls): save it as .xlsx or .csv and try again.")
UNKNOWN_KIND = QT_TRANSLATE_NOOP("LoyaltyError", "{name}: members are imported from an .xlsx or .csv file.")
NO_HEADER = QT_TRANSLATE_NOOP("LoyaltyError", "{name} has no header row with column names.")
NO_MOBILE_COLUMN = QT_TRANSLATE_NOOP(
    "LoyaltyError", "No column of {name} looks like the mobile number; choose it in the column mapping."
)
BAD_MAPPING = QT_TRANSLATE_NOOP("LoyaltyError", "The file has no column {column!r} (for {field}).")
UNKNOWN_FIELD = QT_TRANSLATE_NOOP("LoyaltyError", "{field!r} is not a member field that can be imported.")
FILE_CHANGED = QT_TRANSLATE_NOOP("LoyaltyError", "{name} changed since the preview; preview it again.")
ON_DUPLICATE = QT_TRANSLATE_NOOP("LoyaltyError", "For a mobile already in the club, choose skip or merge.")
TOO_MANY_ROWS = QT_TRANSLATE_NOOP("LoyaltyError", "{name} has more than {maximum} rows; split it.")
MOBILE_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "The mobile number is empty.")
MOBILE_TWICE = QT_TRANSLATE_NOOP("LoyaltyError", "Mobile {mobile} is already on row {row} of this file.")
NOT_YES_NO = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not yes or no.")
UNKNOWN_DATE = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a date.")

MAX_ROWS = 100_000
FIELDS = ("mobile", "first_name", "last_name", "full_name", "birthday", "national_code", "gender", "notes",
          "sms_consent")
SYNONYMS = {
    "mobile": ("موبایل", "تلفن همراه", "شماره همراه", "همراه", "شماره موبایل", "شماره تلفن همراه", "تلفن",
               "شماره تماس", "شماره تلفن", "mobile", "mobile number", "phone", "phone number", "cell", "cellphone",
               "tel", "telephone", "contact"),
    "first_name": ("نام", "اسم", "first name", "firstname", "given name"),
    "last_name": ("نام خانوادگی", "فامیلی", "نام فامیل", "فامیل", "last name", "lastname", "surname", "family",
                  "family name"),
    "full_name": ("نام و نام خانوادگی", "نام کامل", "مشتری", "نام مشتری", "full name", "fullname", "name",
                  "customer", "customer name"),
    "birthday": ("تاریخ تولد", "تولد", "birthday", "birth date", "birthdate", "date of birth", "dob"),
    "national_code": ("کد ملی", "کدملی", "شماره ملی", "national code", "national id", "melli code", "code melli"),
    "gender": ("جنسیت", "جنس", "gender", "sex"),
    "notes": ("توضیحات", "یادداشت", "ملاحظات", "notes", "note", "comment", "comments", "description"),
    "sms_consent": ("پیامک", "ارسال پیامک", "رضایت پیامک", "sms", "sms consent"),
}
YES = {"1", "yes", "y", "true", "بله", "بلی", "آری", "اری", "دارد", "✓", "✔", "x"}
NO = {"", "0", "no", "n", "false", "خیر", "نه", "ندارد"}
GENDERS = {"زن": "f", "خانم": "f", "مونث": "f", "مؤنث": "f", "f": "f", "female": "f", "woman": "f",
           "مرد": "m", "آقا": "m", "اقا": "m", "مذکر": "m", "m": "m", "male": "m", "man": "m"}


# --- reading a file -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple], ...]  # (row number in the file, cells)
    digest: str


def _key(text) -> str:
    """A header as it is compared: folded, no spaces, ZWNJ, underscores or punctuation."""
    return re.sub(r"[\s_\-.:()\[\]*#/\\]+", "", search_key(str(text or "")))


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value
    return "" if value is None else str(value)


def read_sheet(path: str | Path) -> Sheet:
    """The first sheet of an .xlsx or a .csv (UTF-8, with or without BOM, or Windows-1256; comma,
    semicolon or tab): its header row (the first non-empty one) and every non-empty row after it."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise LoyaltyError(CANNOT_READ, name=name, reason=e.strerror or str(e)) from None
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LoyaltyError(OLD_EXCEL, name=name)
    if suffix == ".xlsx":
        rows = _xlsx_rows(raw, name)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(raw)
    else:
        raise LoyaltyError(UNKNOWN_KIND, name=name)
    numbered = [(i, tuple(_cell(v) for v in r)) for i, r in enumerate(rows, start=1)]
    numbered = [(i, r) for i, r in numbered if any(str(v).strip() for v in r)]
    if not numbered:
        raise LoyaltyError(NO_HEADER, name=name)
    (_, header), body = numbered[0], numbered[1:]
    if len(body) > MAX_ROWS:
        raise LoyaltyError(TOO_MANY_ROWS, name=name, maximum=MAX_ROWS)
    header = tuple(normalize_text(str(h)) for h in header)
    return Sheet(name, header, tuple(body), hashlib.sha256(raw).hexdigest())


def _xlsx_rows(raw: bytes, name: str) -> list:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException...: not a workbook
        raise LoyaltyError(CANNOT_READ, name=name, reason=type(e).__name__) from None
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)] if wb.worksheets else []
    finally:
        wb.close()


def _csv_rows(raw: bytes) -> list:
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", errors="replace")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


# --- the column mapping ---------------------------------------------------------------------------

def guess_mapping(header: tuple[str, ...]) -> dict[str, int]:
    """field → column index, from the header's words: exact names first, then the longest name a
    header contains. Each field and each column is used at most once."""
    keys = [_key(h) for h in header]
    mapping: dict[str, int] = {}
    for field_name in FIELDS:
        names = {_key(s) for s in SYNONYMS[field_name]}
        for i, k in enumerate(keys):
            if k in names and i not in mapping.values():
                mapping[field_name] = i
                break
    candidates = sorted(((len(_key(s)), f, s) for f in FIELDS for s in SYNONYMS[f] if len(_key(s)) >= 3), reverse=True)
    for _length, field_name, synonym in candidates:
        if field_name in mapping:
            continue
        for i, k in enumerate(keys):
            if i not in mapping.values() and _key(synonym) in k:
                mapping[field_name] = i
                break
    if "full_name" in mapping and ("first_name" in mapping or "last_name" in mapping):
        del mapping["full_name"]
    return mapping


def _mapping(sheet: Sheet, given: dict | None) -> dict[str, int]:
    if given is None:
        mapping = guess_mapping(sheet.header)
    else:
        mapping = {}
        for field_name, column in given.items():
            if field_name not in FIELDS:
                raise ValidationError([Problem("mapping", UNKNOWN_FIELD, {"field": field_name})])
            if isinstance(column, int) and 0 <= column < len(sheet.header):
                mapping[field_name] = column
            elif normalize_text(str(column)) in sheet.header:
                mapping[field_name] = sheet.header.index(normalize_text(str(column)))
            else:
                raise ValidationError([Problem("mapping", BAD_MAPPING, {"column": column, "field": field_name})])
    if "mobile" not in mapping:
        raise LoyaltyError(NO_MOBILE_COLUMN, name=sheet.name)
    return mapping


# --- one row --------------------------------------------------------------------------------------

def _birthday(value):
    """A Jalali 'YYYY/MM/DD' for the sign-up: Excel date cells and Gregorian years are converted."""
    if isinstance(value, (datetime, date)):
        d = value.date() if isinstance(value, datetime) else value
        return format_jalali(jdatetime.date.fromgregorian(date=d))
    text = to_ascii_digits(normalize_text(value))
    m = re.fullmatch(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s+00:00(?::00)?)?", text)
    if m and int(m[1]) >= 1700:
        try:
            return format_jalali(jdatetime.date.fromgregorian(date=date(int(m[1]), int(m[2]), int(m[3]))))
        except ValueError:
            raise ValidationError([Problem("birthday", UNKNOWN_DATE, {"value": value})]) from None
    return text.split(" ")[0] if m else text


def _values(cells: tuple, mapping: dict[str, int]) -> tuple[dict, list[Problem]]:
    """The sign-up arguments of one row, and the problems found before the service sees it."""
    got = {f: (cells[i] if i < len(cells) else "") for f, i in mapping.items()}
    problems: list[Problem] = []
    values: dict = {}
    for f, v in got.items():
        if isinstance(v, str):
            got[f] = v.strip()
    if "full_name" in got:
        parts = normalize_text(str(got.pop("full_name"))).split(" ", 1)
        got.setdefault("first_name", parts[0])
        got.setdefault("last_name", parts[1] if len(parts) > 1 else "")
    values["mobile"] = str(got.get("mobile") or "")
    for f in ("first_name", "last_name", "notes", "national_code"):
        if got.get(f):
            values[f] = str(got[f])
    if got.get("birthday"):
        try:
            values["birthday"] = _birthday(got["birthday"])
        except ValidationError as e:
            problems += e.problems
    if got.get("gender"):
        g = normalize_text(str(got["gender"])).casefold()
        values["gender"] = GENDERS.get(g, g)
    if "sms_consent" in got:
        v = normalize_text(str(got["sms_consent"] or "")).casefold()
        if v in YES or v in NO:
            values["sms_consent"] = v in YES
        else:
            problems.append(Problem("sms_consent", NOT_YES_NO, {"value": got["sms_consent"]}))
    return values, problems


# --- preview and confirm --------------------------------------------------------------------------

@dataclass(frozen=True)
class RowOutcome:
    row: int  # as the spreadsheet numbers it
    action: str  # add | merge | skip | error
    mobile: str | None
    name: str
    problems: tuple[str, ...] = ()
    reasons: tuple[Problem, ...] = ()  # the same problems as templates, for a translated screen


@dataclass(frozen=True)
class ImportPreview:
    file: str
    digest: str
    columns: tuple[str, ...]
    mapping: dict  # field -> column title
    on_duplicate: str
    rows: tuple[RowOutcome, ...]
    done: bool = False  # False: a preview, nothing written; True: what confirm_import wrote
    counts: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def errors(self) -> tuple[RowOutcome, ...]:
        return tuple(r for r in self.rows if r.action == "error")


class _Rollback(Exception):
    pass


def _run(session: Session, sheet: Sheet, mapping: dict[str, int], on_duplicate: str) -> list[RowOutcome]:
    """Every row through the real services, each in its own savepoint (a bad row leaves nothing)."""
    db = session.db
    seen: dict[str, int] = {}
    out = []
    for number, cells in sheet.rows:
        values, problems = _values(cells, mapping)
        mobile = parse_mobile(values["mobile"])
        name = member_service.full_name(normalize_text(values.get("first_name", "")),
                                        normalize_text(values.get("last_name", "")))
        if not values["mobile"]:
            problems.insert(0, Problem("mobile", MOBILE_MISSING))
        elif mobile in seen:
            problems.insert(0, Problem("mobile", MOBILE_TWICE, {"mobile": mobile, "row": seen[mobile]}))
        if mobile and mobile not in seen:
            seen[mobile] = number
        action = "error"
        if not problems:
            try:
                with db.transaction():
                    try:
                        member_service.sign_up(session, **values)
                        action = "add"
                    except DuplicateMember as e:
                        if on_duplicate == "skip":
                            action = "skip"
                        else:
                            changes = {k: v for k, v in values.items() if k != "mobile"}
                            if changes:
                                member_service.edit_member(session, e.existing.card, **changes)
                            action = "merge"
            except ValidationError as e:
                problems += e.problems
            except LoyaltyError as e:
                problems.append(Problem("row", e.template, e.params))
        if problems:
            action = "error"
        out.append(RowOutcome(number, action, mobile, name, tuple(p.message for p in problems), tuple(problems)))
    return out


def _do(session: Session, path, mapping, on_duplicate: str, *, write: bool, digest: str | None = None) -> ImportPreview:
    session.require(Action.IMPORT_MEMBERS)
    if on_duplicate not in ("skip", "merge"):
        raise ValidationError([Problem("on_duplicate", ON_DUPLICATE)])
    sheet = read_sheet(path)
    if digest is not None and digest != sheet.digest:
        raise LoyaltyError(FILE_CHANGED, name=sheet.name)
    columns = _mapping(sheet, mapping)
    rows: list[RowOutcome] = []
    try:
        with session.db.transaction():
            rows = _run(session, sheet, columns, on_duplicate)
            counts = {a: sum(r.action == a for r in rows) for a in ("add", "merge", "skip", "error")}
            if not write:
                raise _Rollback()
            session.audit("import_members", "members", None, None,
                          {"file": str(path), "on_duplicate": on_duplicate, **counts})
    except _Rollback:
        pass
    return ImportPreview(str(path), sheet.digest, sheet.header, {f: sheet.header[i] for f, i in columns.items()},
                         on_duplicate, tuple(rows), write, counts)


def preview_import(session: Session, path, mapping: dict | None = None, on_duplicate: str = "skip") -> ImportPreview:
    """What importing ``path`` would do, row by row, with every problem; nothing is written.
    ``mapping``: field → column title or index (default: guessed from the header)."""
    return _do(session, path, mapping, on_duplicate, write=False)


def confirm_import(session: Session, preview: ImportPreview) -> ImportPreview:
    """Import what ``preview`` showed, in one transaction (owner). Refused if the file changed."""
    return _do(session, preview.file, preview.mapping, preview.on_duplicate, write=True, digest=preview.digest)


# --- export ---------------------------------------------------------------------------------------

def _t(text: str) -> str:
    return QT_TRANSLATE_NOOP("Report", text)


EXPORTS = {
    "members": (_t("Members"), transfer_store.members, (
        Column("card", _t("Card"), Kind.CODE), Column("mobile", _t("Mobile"), Kind.CODE),
        Column("first_name", _t("First name")), Column("last_name", _t("Last name")),
        Column("birthday", _t("Birthday"), Kind.DATE), Column("gender", _t("Gender")),
        Column("national_code", _t("National code"), Kind.CODE), Column("referrer_card", _t("Referred by"), Kind.CODE),
        Column("sms_consent", _t("SMS consent"), Kind.INT), Column("notes", _t("Notes")),
        Column("status", _t("Status")), Column("joined_at", _t("Joined"), Kind.MOMENT),
        Column("tier", _t("Tier")), Column("tier_since", _t("In tier since"), Kind.MOMENT),
        Column("points", _t("Points"), Kind.POINTS))),
    "purchases": (_t("Purchases"), transfer_store.purchases, (
        Column("id", _t("Purchase"), Kind.INT), Column("at", _t("When"), Kind.MOMENT),
        Column("card", _t("Card"), Kind.CODE), Column("mobile", _t("Mobile"), Kind.CODE), Column("tier", _t("Tier")),
        Column("gross", _t("Gross"), Kind.MONEY), Column("tier_discount", _t("Tier discount"), Kind.MONEY),
        Column("coupon_code", _t("Coupon"), Kind.CODE), Column("coupon_discount", _t("Coupon discount"), Kind.MONEY),
        Column("points_redeemed", _t("Points redeemed"), Kind.POINTS),
        Column("redeem_value", _t("Paid with points"), Kind.MONEY), Column("net", _t("Net"), Kind.MONEY),
        Column("points_earned", _t("Points earned"), Kind.POINTS), Column("refunded", _t("Refunded"), Kind.MONEY),
        Column("actor", _t("By")))),
    "ledger": (_t("Points ledger"), transfer_store.ledger, (
        Column("id", _t("Entry"), Kind.INT), Column("at", _t("When"), Kind.MOMENT),
        Column("card", _t("Card"), Kind.CODE), Column("kind", _t("Kind")), Column("points", _t("Points"), Kind.POINTS),
        Column("expires_at", _t("Expires"), Kind.MOMENT), Column("purchase_id", _t("Purchase"), Kind.INT),
        Column("refund_id", _t("Refund"), Kind.INT), Column("reverses_id", _t("Reverses"), Kind.INT),
        Column("reason", _t("Reason")), Column("actor", _t("By")))),
}
UNKNOWN_EXPORT = QT_TRANSLATE_NOOP("LoyaltyError", "{what!r} cannot be exported: members, purchases or ledger.")


@dataclass(frozen=True)
class ExportResult:
    what: str
    file: str
    rows: int

    def as_dict(self) -> dict:
        return asdict(self)


def export_table(session: Session, what: str) -> Table:
    """The members, purchases or ledger as a plain table (owner: personal data)."""
    session.require(Action.EXPORT_DATA)
    if what not in EXPORTS:
        raise ValidationError([Problem("what", UNKNOWN_EXPORT, {"what": what})])
    title, query, columns = EXPORTS[what]
    rows = tuple(tuple(r[c.key] for c in columns) for r in query(session.db))
    return Table(title, columns, rows)


def export(session: Session, what: str, path: str | Path) -> ExportResult:
    """Write the members, purchases or ledger to ``path`` (.xlsx or .csv by its extension). Audited."""
    table = export_table(session, what)
    path = Path(path)
    unit = club_store.club_settings(session.db).display_unit
    sheets.write_table(table, path, unit=unit)
    result = ExportResult(what, str(path), len(table.rows))
    try:
        with session.db.transaction():
            session.audit("export", what, None, None, result.as_dict())
    except LoyaltyError:  # busy: personal data does not leave without its audit row
        path.unlink(missing_ok=True)
        raise
    return result
