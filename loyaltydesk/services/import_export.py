"""Data in and out: import members from a shop's Excel or CSV file, export members, purchases and
the ledger (owner only, audited: it is personal data).

Import is two calls. ``preview_import`` reads the file, guesses which column is what from its
Persian or English headers (or takes the owner's mapping), and judges every row by the sign-up's
rules without writing anything: every row gets the outcome it *would* get (add, merge, skip, or
error with every reason), and the preview keeps the rows it would write. ``confirm_import`` writes
those very rows in one transaction (the file is read and judged once), if the file has not changed
since the preview (its digest) and the club has not either (``store.imports.club_stamp``). If the
club changed (a member signed up meanwhile), the rows are judged again inside the confirm's
transaction: the same outcomes are written, different ones are refused (nothing written; preview
again). Rows with errors are left out and reported; the good ones go in.

What shops' files hold is accepted as it comes: Persian, Arabic or ASCII digits; mobiles in any
form (``+98 912…``, ``9121234567``, a number cell that lost its 0); Jalali birthdays
(``۱۳۷۰/۰۵/۱۴``) or Gregorian ones (an Excel date cell, ``1991-08-05``); a full name in one column;
زن/مرد, yes/no, بله/خیر. A mobile already in the club is skipped or merged (the file's non-empty
values replace the member's), as the owner chooses; a mobile twice in the file is an error on the
second row.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

import jdatetime

from loyaltydesk.domain.errors import (
    QT_TRANSLATE_NOOP, DuplicateMember, LoyaltyError, Problem, ValidationError,
)
from loyaltydesk.domain.ids import new_card_number, normalize_national_code, parse_mobile
from loyaltydesk.domain.jalali import add_months, format_jalali, to_iso
from loyaltydesk.domain.report import Column, Kind, Table
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import normalize_text, search_key, shorten, to_ascii_digits
from loyaltydesk.domain.tiers import rank, tier_for_spend
from loyaltydesk.printing import sheets
from loyaltydesk.store import club as club_store
from loyaltydesk.store import imports as import_store
from loyaltydesk.store import import_export as import_export_store

from . import members as member_service
from .progress import Progress, Steps, scaled, tick
from .session import Session

CANNOT_READ = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot read {name}: {reason}")
OLD_EXCEL = QT_TRANSLATE_NOOP("LoyaltyError", "{name} is an old Excel file (.xls): save it as .xlsx or .csv and try again.")
UNKNOWN_KIND = QT_TRANSLATE_NOOP("LoyaltyError", "{name}: members are imported from an .xlsx or .csv file.")
UNKNOWN_KIND_HISTORY = QT_TRANSLATE_NOOP("LoyaltyError", "{name}: purchases are imported from an .xlsx or .csv file.")
NO_HEADER = QT_TRANSLATE_NOOP("LoyaltyError", "{name} has no header row with column names.")
NO_MOBILE_COLUMN = QT_TRANSLATE_NOOP(
    "LoyaltyError", "No column of {name} looks like the mobile number; choose it in the column mapping."
)
BAD_MAPPING = QT_TRANSLATE_NOOP("LoyaltyError", "The file has no column {column!r} (for {field}).")
UNKNOWN_FIELD = QT_TRANSLATE_NOOP("LoyaltyError", "{field!r} is not a member field that can be imported.")
FILE_CHANGED = QT_TRANSLATE_NOOP("LoyaltyError", "{name} changed since the preview; preview it again.")
CLUB_CHANGED = QT_TRANSLATE_NOOP("LoyaltyError", "The club changed since the preview of {name} (rows {rows} would now "
                                                 "be imported differently); nothing was imported. Preview it again.")
ON_DUPLICATE = QT_TRANSLATE_NOOP("LoyaltyError", "For a mobile already in the club, choose skip or merge.")
TOO_MANY_ROWS = QT_TRANSLATE_NOOP("LoyaltyError", "{name} has more than {maximum} rows; split it.")
MOBILE_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "The mobile number is empty.")
MOBILE_TWICE = QT_TRANSLATE_NOOP("LoyaltyError", "Mobile {mobile} is already on row {row} of this file.")
NOT_YES_NO = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not yes or no.")
NO_SUCH_TIER = QT_TRANSLATE_NOOP("LoyaltyError", "The club has no tier named {name!r}.")
NATIONAL_CODE_TWICE = QT_TRANSLATE_NOOP("LoyaltyError", "National code {code} is already on row {row} of this file.")
UNKNOWN_DATE = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a date.")

MAX_ROWS = 100_000
FIELDS = ("mobile", "first_name", "last_name", "full_name", "birthday", "national_code", "gender", "notes",
          "sms_consent", "points", "points_date", "spend", "tier")
OPENING = ("points", "points_date", "spend", "tier")  # moving in: what a new member brings from the old program
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
    "points": ("امتیاز", "مانده امتیاز", "امتیازات", "موجودی امتیاز", "امتیاز فعلی", "points", "balance",
               "points balance", "opening balance"),
    "points_date": ("تاریخ امتیاز", "تاریخ مانده", "تاریخ مانده امتیاز", "points date", "balance date"),
    "spend": ("خرید دوره", "مبلغ خرید دوره", "خرید سالانه", "جمع خرید", "خرید ۱۲ ماه", "spend", "qualifying spend",
              "window spend", "yearly spend"),
    "tier": ("سطح", "سطح عضویت", "رده", "رده عضویت", "tier", "level"),
}
UNITS = {"تومان": "toman", "toman": "toman", "ریال": "rial", "rial": "rial", "rials": "rial", "irr": "rial",
         "irt": "toman"}
MAX_OPENING_POINTS = 1_000_000_000
OPENING_REASON = "opening balance"
YES = {"1", "yes", "y", "true", "بله", "بلی", "آری", "اری", "دارد", "✓", "✔", "x"}
NO = {"", "0", "no", "n", "false", "خیر", "نه", "ندارد"}
GENDERS = {"زن": "f", "خانم": "f", "مونث": "f", "مؤنث": "f", "f": "f", "female": "f", "woman": "f",
           "مرد": "m", "آقا": "m", "اقا": "m", "مذکر": "m", "m": "m", "male": "m", "man": "m"}


# --- reading a file -------------------------------------------------------------------------------
#
# A file from outside is hostile until read: an .xlsx is a zip whose directory says how big each
# part unpacks, so that is checked before anything is unpacked (a 300 KB file that unpacks to
# gigabytes, a 300 MB cell, 18 million shared strings); the sheet's rows are counted by a fast scan
# of its XML before openpyxl reads them, and openpyxl reads only the first MAX_COLS columns
# (a cell in column XFD makes every row 16,384 cells wide) and stops past MAX_ROWS. A CSV's
# encoding is decided line by line. Every refusal is a LoyaltyError naming the file (and rows).

MAX_FILE_BYTES = 64 * 1024 * 1024  # on disk: 100,000 members are ~20 MB of CSV, ~8 MB of xlsx
MAX_COLS = 64  # columns read; a shop's member sheet has ten or twenty
MAX_CELL = 1_000  # characters kept of one cell; a longer one is an error of its row
XLSX_MAX_ENTRIES = 1_000  # parts in the zip (an Excel file has ten or twenty)
XLSX_MAX_UNPACKED = 256 * 1024 * 1024  # all parts together, unpacked, as the zip directory declares
XLSX_MAX_RATIO = 100  # unpacked / packed of one part above 1 MB (Excel's XML packs 5-20 times)
XLSX_MAX_SHARED_STRINGS = 2_000_000  # 100,000 rows of 20 distinct texts
XLSX_MAX_STRINGS_BYTES = 64 * 1024 * 1024

FILE_TOO_BIG = QT_TRANSLATE_NOOP("LoyaltyError", "{name} is {mb} MB; a member file is at most {maximum} MB: split it.")
FILE_TOO_BIG_HISTORY = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{name} is {mb} MB; a purchase file is at most {maximum} MB: split it.")
XLSX_HOSTILE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{name} is not a workbook that can be read safely ({reason}); open it in Excel and save it again.")
XLSX_REASON_ENTRIES = QT_TRANSLATE_NOOP("Words", "too many parts")
XLSX_REASON_UNPACKED = QT_TRANSLATE_NOOP("Words", "it unpacks to more than 256 MB")
XLSX_REASON_RATIO = QT_TRANSLATE_NOOP("Words", "a part unpacks to over 100 times its size")
XLSX_REASON_STRINGS = QT_TRANSLATE_NOOP("Words", "too many texts")
XLSX_REASON_DAMAGED = QT_TRANSLATE_NOOP("Words", "the file is damaged")
NOT_XLSX = QT_TRANSLATE_NOOP("Words", "not an .xlsx workbook")
CELL_TOO_LONG = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Column {column} holds {length} characters; a cell is at most {maximum}.")
NOT_TEXT = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{name} is not a text file (rows {rows}); save it from Excel as \"CSV UTF-8\" or as .xlsx.")
BAD_ENCODING = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Rows {rows} of {name} are neither UTF-8 nor Windows-1256 (Arabic) text; "
                    "save the file from Excel as \"CSV UTF-8\" and try again.")
BAD_UTF16 = QT_TRANSLATE_NOOP("LoyaltyError", "{name} starts as Unicode (UTF-16) text but is damaged after that.")
BAD_CSV_ROW = QT_TRANSLATE_NOOP("LoyaltyError", "Row {row} of {name} cannot be read: {reason}")


@dataclass(frozen=True)
class Sheet:
    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple], ...]  # (row number in the file, cells)
    digest: str
    problems: tuple[tuple[int, tuple[Problem, ...]], ...] = ()  # rows already wrong as read (a cell too long)
    cp1256_rows: tuple[int, ...] = ()  # CSV rows read as Windows-1256 in a UTF-8 file: the owner checks them


def header_key(text) -> str:
    """A header as it is compared: folded, no spaces, ZWNJ, underscores or punctuation."""
    return re.sub(r"[\s_\-.:()\[\]*#/\\]+", "", search_key(str(text or "")))


def _cell(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value
    return "" if value is None else str(value)


def column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _rows_text(rows) -> str:
    """Row numbers for a message: the first ten, then how many more."""
    rows = sorted(set(rows))
    text = ", ".join(str(r) for r in rows[:10])
    return text + (f" (+{len(rows) - 10})" if len(rows) > 10 else "")


def read_sheet(path: str | Path, progress: Progress = None) -> Sheet:
    """The first sheet of an .xlsx or a .csv (UTF-8, with or without BOM, Windows-1256 line by line,
    or Excel's "Unicode text": UTF-16 with a BOM; comma, semicolon, tab or bar): its header row
    (the first non-empty one) and every non-empty row after it, at most MAX_ROWS, MAX_COLS wide,
    each cell at most MAX_CELL characters (a longer one is cut and its row gets a problem)."""
    stream = stream_sheet(path)
    body: list[tuple[int, tuple]] = []
    problems: list[tuple[int, tuple[Problem, ...]]] = list(stream.header_problems)
    for number, cells, long in stream.rows:
        if number % 2000 == 0:
            tick(progress, 0, 0)  # how many rows there are is known at the end
        body.append((number, cells))
        if long:
            problems.append((number, long))
    return Sheet(stream.name, stream.header, tuple(body), stream.digest, tuple(problems),
                 tuple(sorted(stream.cp1256_rows)))


@dataclass
class SheetStream:
    """A sheet read as it is walked: ``rows`` yields (row number, cells, problems as read) once;
    ``cp1256_rows`` is complete when ``rows`` is exhausted. A history of a million purchases is
    never held in memory as rows (``services.import_history``)."""

    name: str
    header: tuple[str, ...]
    digest: str
    rows: Iterator[tuple[int, tuple, tuple[Problem, ...]]]
    cp1256_rows: set[int]
    header_problems: tuple[tuple[int, tuple[Problem, ...]], ...] = ()


def stream_sheet(path: str | Path, *, max_rows: int | None = None, max_bytes: int | None = None,
                 max_unpacked: int | None = None, kind: str = "member") -> SheetStream:
    """``read_sheet`` as a stream, with its own limits (default: a member file's MAX_ROWS,
    MAX_FILE_BYTES, XLSX_MAX_UNPACKED). The header is read before this returns, so a file
    without one, or refused before its first row, is refused here."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise LoyaltyError(OLD_EXCEL, name=name)
    if suffix not in (".xlsx", ".csv", ".txt", ".tsv"):
        raise LoyaltyError(UNKNOWN_KIND if kind == "member" else UNKNOWN_KIND_HISTORY, name=name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoyaltyError(FILE_TOO_BIG if kind == "member" else FILE_TOO_BIG_HISTORY, name=name,
                               mb=round(size / 1_048_576), maximum=max_bytes // 1_048_576)
        raw = path.read_bytes()
    except OSError as e:
        raise LoyaltyError(CANNOT_READ, name=name, reason=e.strerror or str(e)) from None
    digest = hashlib.sha256(raw).hexdigest()
    cp1256_records: set[int] = set()
    rows = (_xlsx_rows(raw, name, max_rows, max_unpacked, fast=kind == "member") if suffix == ".xlsx"
            else _csv_rows(raw, name, cp1256_records))
    del raw  # the readers hold what they need
    cleaned = _clean_rows(rows)
    header_problems: tuple = ()
    for number, cells, long in cleaned:
        header = tuple(normalize_text(str(h)) for h in cells)
        header_problems = ((number, long),) if long else ()
        break
    else:
        raise LoyaltyError(NO_HEADER, name=name)

    def body():
        count = 0
        for item in cleaned:
            count += 1
            if count > max_rows:  # stop here: the rest is not read
                raise LoyaltyError(TOO_MANY_ROWS, name=name, maximum=max_rows)
            yield item

    return SheetStream(name, header, digest, body(), cp1256_records, header_problems)


def _clean_rows(rows):
    """(number, cells, problems) of the non-empty rows: MAX_COLS wide, trailing empties dropped,
    cells longer than MAX_CELL cut (and named in the row's problems)."""
    for number, cells in rows:
        if not any(str(v).strip() for v in cells):
            continue
        cells = tuple(cells[:MAX_COLS])
        while cells and cells[-1] in ("", None):
            cells = cells[:-1]
        long = tuple(Problem("cell", CELL_TOO_LONG, {"column": column_name(i), "length": len(v), "maximum": MAX_CELL})
                     for i, v in enumerate(cells) if isinstance(v, str) and len(v) > MAX_CELL)
        if long:
            cells = tuple(v[:MAX_CELL] if isinstance(v, str) else v for v in cells)
        yield number, cells, long


# .. xlsx ..

# a tag as most writers write it (counted by bytes.count: no object per match, which matters for a
# million of them), and with a namespace prefix (``<x:row>``), counted by a regular expression
_ROW_END = ((b"</row>",), re.compile(rb"</[A-Za-z_][\w.-]*:row>"))
_SHARED_STRING = ((b"<si>", b"<si "), re.compile(rb"<[A-Za-z_][\w.-]*:si[ >]"))


def _count(archive, info, tag, limit: int) -> int:
    """How often ``tag`` occurs in one part, unpacked 1 MB at a time (memory stays flat); stops
    counting once past ``limit``."""
    plain, prefixed = tag
    found, pending = 0, b""
    with archive.open(info) as part:
        while chunk := part.read(1 << 20):
            data = pending + chunk
            # a tag cut by the chunk's end waits for the next chunk (each tag starts with its only "<")
            cut = data.rfind(b"<")
            if cut == -1 or len(data) - cut > 64:
                cut = len(data)
            found += _occurrences(data[:cut], plain, prefixed)
            pending = data[cut:]
            if found > limit:
                return found
    return found + _occurrences(pending, plain, prefixed)


def _occurrences(data: bytes, plain, prefixed) -> int:
    n = sum(data.count(p) for p in plain)
    if b":" in data and prefixed.search(data):
        n += sum(1 for _ in prefixed.finditer(data))
    return n


def _content_types(archive) -> dict[str, str]:
    """part name -> content type, from [Content_Types].xml (overrides only)."""
    from xml.etree import ElementTree

    try:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1_048_576:
            return {}
        root = ElementTree.fromstring(archive.read(info))
    except (KeyError, ElementTree.ParseError):
        return {}
    return {el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
            for el in root if el.tag.endswith("Override")}


def _check_zip(archive, name: str, max_rows: int, max_unpacked: int) -> None:
    """The zip's directory before anything is unpacked: how many parts, how big unpacked, how
    much each packs; then the shared strings counted. zipfile stops a part at its declared size,
    so a directory that lies cannot unpack more than it declares."""
    infos = archive.infolist()
    reason = None
    if len(infos) > XLSX_MAX_ENTRIES:
        reason = XLSX_REASON_ENTRIES
    elif sum(i.file_size for i in infos) > max_unpacked:
        reason = XLSX_REASON_UNPACKED
    elif any(i.file_size > 1_048_576 and i.file_size > XLSX_MAX_RATIO * max(1, i.compress_size) for i in infos):
        reason = XLSX_REASON_RATIO
    else:
        types = _content_types(archive)
        rows = 0
        for info in infos:
            kind = types.get(info.filename, "")
            if "sharedstrings" in info.filename.lower() or kind.endswith("sharedStrings+xml"):
                if (info.file_size > XLSX_MAX_STRINGS_BYTES
                        or _count(archive, info, _SHARED_STRING, XLSX_MAX_SHARED_STRINGS) > XLSX_MAX_SHARED_STRINGS):
                    reason = XLSX_REASON_STRINGS
            elif kind.endswith("worksheet+xml") or re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                # rows counted before openpyxl opens the workbook: it reads every sheet that lacks a
                # <dimension> to its end just to size it
                rows += _count(archive, info, _ROW_END, max_rows + 10 - rows)
                if rows > max_rows + 10:
                    raise LoyaltyError(TOO_MANY_ROWS, name=name, maximum=max_rows)
    if reason:
        raise LoyaltyError(XLSX_HOSTILE, name=name, reason=reason)


# A member file (at most MAX_ROWS rows) is read by calamine (python-calamine, Rust: 100,000 rows in
# about a second, against half a minute for openpyxl) when its sheets are known to be narrow and
# short: calamine holds a sheet as one dense block of rows x columns, so a cell in column XFD or in
# row 1,048,576 must not reach it. Every cell of every sheet must name its place (r="C12"), within
# MAX_COLS columns and MAX_ROWS + 1,000 rows. Anything else, and anything calamine cannot read, is
# read by openpyxl as before (streamed, MAX_COLS wide), with its words for what is wrong.
# a cell's place beyond MAX_COLS (64 = BL) columns or MAX_ROWS + 1,000 rows (100,000: the member
# file's limit, the only one calamine reads)
_CELL_TOO_FAR = re.compile(rb'<c r="(?:[A-Z]{3}|B[M-Z]|[C-Z][A-Z])[0-9]|<c r="[A-Z]{1,2}(?:[0-9]{7}|[2-9][0-9]{5}|1[1-9][0-9]{4}|10[1-9][0-9]{3})"')


def _narrow(archive, max_rows: int) -> bool:
    """True when every worksheet part's cells name their places (``<c r="..."``, first) within
    MAX_COLS columns and MAX_ROWS + 1,000 rows (unpacked 1 MB at a time)."""
    if max_rows > MAX_ROWS or MAX_COLS != 64:
        return False
    types = _content_types(archive)
    for info in archive.infolist():
        kind = types.get(info.filename, "")
        if not (kind.endswith("worksheet+xml") or re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename)):
            continue
        pending = b""
        with archive.open(info) as part:
            while True:
                chunk = part.read(1 << 20)
                data = pending + chunk
                cut = data.rfind(b"<") if chunk else len(data)  # a tag cut in two waits for the next chunk
                head, pending = data[:cut], data[cut:]
                if (b":c " in head or b"<c>" in head or b"<c/" in head or b"<c\t" in head or b"<c\n" in head
                        or head.count(b"<c ") != head.count(b'<c r="') or _CELL_TOO_FAR.search(head)):
                    return False  # a prefixed or unplaced cell, or one too far: left to openpyxl
                if not chunk:
                    break
    return True


def _calamine_rows(raw: bytes) -> Iterator[tuple[int, tuple]] | None:
    """(row number, cells) of the first sheet as calamine reads it, or None when it cannot."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # not installed: openpyxl reads it
        return None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        if not book.sheet_names:
            return None
        sheet = book.get_sheet_by_index(0)
        start, end = sheet.start, sheet.end
        rows = list(sheet.iter_rows())
    except Exception:  # anything calamine cannot read is read by openpyxl, with its own words
        return None
    if start is None or end is None:
        return iter(())
    first_row, pad = end[0] + 1 - len(rows), ("",) * start[1]  # rows from the first; columns from the first used

    def cell(v):
        if isinstance(v, date) and not isinstance(v, datetime):  # openpyxl gives a date cell as a datetime
            return datetime(v.year, v.month, v.day)
        return _cell(v)
    # each row made when it is read: the reader stops past the row limit, and so do these
    return ((first_row + i + 1, pad + tuple(cell(v) for v in row[:MAX_COLS - start[1]])) for i, row in enumerate(rows))


def _xlsx_rows(raw: bytes, name: str, max_rows: int | None = None, max_unpacked: int | None = None,
               fast: bool = False):
    """(row number, cells) of the first sheet, streamed; the zip checked first. ``fast`` (a member
    file): calamine reads it when it may (``_narrow``)."""
    import zipfile
    import zlib

    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise LoyaltyError(CANNOT_READ, name=name, reason=NOT_XLSX) from None
    try:
        _check_zip(archive, name, MAX_ROWS if max_rows is None else max_rows,
                   XLSX_MAX_UNPACKED if max_unpacked is None else max_unpacked)
        if fast and _narrow(archive, MAX_ROWS if max_rows is None else max_rows):
            rows = _calamine_rows(raw)
            if rows is not None:
                yield from rows
                return
        try:
            wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except LoyaltyError:
            raise
        except Exception as e:  # KeyError, InvalidFileException, ParseError...: not a workbook
            raise LoyaltyError(CANNOT_READ, name=name, reason=type(e).__name__) from None
        try:
            if not wb.worksheets:
                return
            ws = wb.worksheets[0]
            try:
                for number, row in enumerate(ws.iter_rows(max_col=MAX_COLS, values_only=True), start=1):
                    if row.count(None) == len(row):
                        continue  # an empty row (_clean_rows drops it): a stray cell in row 1,048,576 makes a million
                    yield number, tuple(_cell(v) for v in row)
            except LoyaltyError:
                raise
            except Exception:  # a damaged sheet found while reading
                raise LoyaltyError(XLSX_HOSTILE, name=name, reason=XLSX_REASON_DAMAGED) from None
        finally:
            wb.close()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError,
            NotImplementedError):
        # a part that does not unpack (bad CRC, encrypted, an unknown method) found on the way
        raise LoyaltyError(XLSX_HOSTILE, name=name, reason=XLSX_REASON_DAMAGED) from None
    finally:
        archive.close()


# .. csv ..

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
# what a line from Windows-1256 may hold besides ASCII: Arabic-script letters and its punctuation
_CP1256_PLAUSIBLE = re.compile("[\x00-\x7f\u0600-\u06ff\u200c-\u200f«»…–—‘’“”\u00a0×÷]*")


def _decode_line(line: bytes) -> tuple[str, str]:
    """(text, how): 'utf-8', 'cp1256' (not UTF-8, but reads as Persian/Arabic Windows text) or 'bad'."""
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = line.decode("cp1256", errors="replace")
    if _ARABIC_SCRIPT.search(text) and _CP1256_PLAUSIBLE.fullmatch(text):
        return text, "cp1256"
    return text, "bad"


def _csv_rows(raw: bytes, name: str, cp1256_records: set[int]):
    """(record number, cells) of a CSV: the encoding decided per line (UTF-8; a line that is not
    UTF-8 read as Windows-1256 and its record named; otherwise the file refused with the records
    named), or the whole file UTF-16 when it starts with a BOM (Excel's "Unicode text").
    Lines are decoded as the reader asks for them, so a file refused on its row count is not
    decoded to its end."""
    hows: list[str] = []  # per physical line: utf-8 | cp1256 | bad
    nul: list[int] = []
    utf8_text = False  # a line with non-ASCII UTF-8: then Windows-1256 lines are the odd ones out

    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise LoyaltyError(BAD_UTF16, name=name) from None
        decoded = ((line, "utf-8") for line in io.StringIO(text, newline=""))
    else:
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        decoded = (_decode_line(line) for line in io.BytesIO(raw) for line in _split_cr(line))

    def lines():
        nonlocal utf8_text
        for text, how in decoded:
            hows.append(how)
            if "\x00" in text:  # UTF-16 without a BOM, or not text at all
                nul.append(len(hows))
                if len(nul) >= 10:
                    raise LoyaltyError(NOT_TEXT, name=name, rows=_rows_text(nul))
                text = text.replace("\x00", "")
            elif how == "utf-8" and not utf8_text and not text.isascii():
                utf8_text = True
            yield text

    stream = lines()
    first = list(itertools.islice(stream, 50))  # the sniffer's sample; the reader gets them too
    sample = "".join(first)
    try:
        dialect = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t|")
    except Exception:  # csv.Error, or a sample it cannot weigh
        header = next((t for t in first if t.strip()), "")
        delimiter = max(",;\t|", key=header.count) if header else ","
        dialect = csv.excel_tab if delimiter == "\t" else type("Given", (csv.excel,), {"delimiter": delimiter})
    reader = csv.reader(itertools.chain(first, stream), dialect)
    bad: list[int] = []
    cp1256: list[int] = []
    record, seen = 0, 0
    try:
        for cells in reader:
            record += 1
            spanned = set(hows[seen:reader.line_num])
            seen = reader.line_num
            if "bad" in spanned:
                bad.append(record)
            elif "cp1256" in spanned:
                cp1256.append(record)
            if not bad and not nul:
                yield record, tuple(cells[:MAX_COLS])
    except csv.Error as e:
        raise LoyaltyError(BAD_CSV_ROW, name=name, row=record + 1, reason=shorten(str(e), 80)) from None
    if nul:
        raise LoyaltyError(NOT_TEXT, name=name, rows=_rows_text(nul))
    if bad:
        raise LoyaltyError(BAD_ENCODING, name=name, rows=_rows_text(bad))
    if utf8_text:
        cp1256_records.update(cp1256)


def _split_cr(line: bytes):
    """A line as BytesIO gives it (up to a LF) split again at lone CRs (old Mac files), ends kept."""
    if b"\r" not in line[:-2]:
        yield line
        return
    yield from (part for part in re.split(rb"(?<=\r)(?!\n)", line) if part)


# --- the column mapping ---------------------------------------------------------------------------

def guess_mapping(header: tuple[str, ...]) -> dict[str, int]:
    """field → column index, from the header's words: exact names first, then the longest name a
    header contains. Each field and each column is used at most once."""
    keys = [header_key(h) for h in header]
    mapping: dict[str, int] = {}
    for field_name in FIELDS:
        names = {header_key(s) for s in SYNONYMS[field_name]}
        for i, k in enumerate(keys):
            if k in names and i not in mapping.values():
                mapping[field_name] = i
                break
    candidates = sorted(((len(header_key(s)), f, s) for f in FIELDS for s in SYNONYMS[f] if len(header_key(s)) >= 3), reverse=True)
    for _length, field_name, synonym in candidates:
        if field_name in mapping:
            continue
        for i, k in enumerate(keys):
            if i not in mapping.values() and header_key(synonym) in k:
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


def unit_of(title: str) -> str | None:
    """The unit a column's title names (``مبلغ (تومان)``, ``Amount in rials``): rial, toman or None."""
    key = search_key(title or "")
    found = {u for word, u in UNITS.items() if search_key(word) in key}
    return found.pop() if len(found) == 1 else None


def _national_code(text: str) -> str | None:
    """The national code as the sign-up stores it, or None when it is not one."""
    try:
        return normalize_national_code(text)
    except ValidationError:
        return None


def tier_names(tiers) -> dict:
    """The club's tiers by their compared names: "نقره ای", "نقره‌ای" and "نقرهای" are one tier."""
    return {header_key(t.name): t for t in tiers}


def _opening(got: dict, unit: str, tiers, now: datetime, names: dict | None = None,
             memo: dict | None = None) -> tuple[dict, list[Problem]]:
    """What a new member brings (``OPENING``): points (a whole number), the date they count from
    (default: the import), the qualifying spend in rials (or the unit its title names) and a tier
    of the club by name. ``memo`` (one import's, for the same ``unit``, ``tiers`` and ``now``):
    each value read once, however many rows hold it (a file's dates and tiers repeat)."""
    from loyaltydesk.domain.money import parse_amount, parse_int

    from .import_history import parse_when

    values: dict = {}
    problems: list[Problem] = []
    names = tier_names(tiers) if names is None else names
    memo = {} if memo is None else memo

    def tier(v):
        found = names.get(header_key(str(v)))
        if found is None:
            raise ValidationError([Problem("tier", NO_SUCH_TIER, {"name": shorten(v)})])
        return found

    for name, fn in (("points", lambda v: parse_int(v, "points", 0, MAX_OPENING_POINTS)),
                     ("points_date", lambda v: parse_when(v, now)),
                     ("spend", lambda v: parse_amount(v, unit, "spend")), ("tier", tier)):
        v = got.get(name)
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        read = memo.get((name, v))
        if read is None:
            try:
                read = memo[(name, v)] = (fn(v), ())
            except ValidationError as e:
                read = memo[(name, v)] = (None, tuple(short_problem(p) for p in e.problems))
        if read[1]:
            problems.extend(read[1])
        else:
            values[name] = read[0]
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
    cp1256_rows: tuple[int, ...] = ()  # rows of a UTF-8 CSV read as Windows-1256: worth a look
    totals: dict = field(default_factory=dict)  # what new members bring: points, gross (their spend, rials)
    # the preview's work (the rows to write, the club it was judged against): confirm_import writes it
    work: "_Members | None" = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(replace(self, work=None)).items() if k != "work"}

    @property
    def errors(self) -> tuple[RowOutcome, ...]:
        return tuple(r for r in self.rows if r.action == "error")


def short_problem(problem: Problem) -> Problem:
    """The problem with the values it quotes cut short and printable (a row's 1,000-character cell
    must not make 100,000 rows of error text)."""
    params = {k: shorten(v) if isinstance(v, str) else v for k, v in problem.params.items()}
    return problem if params == problem.params else Problem(problem.field, problem.template, params)


CHUNK = 5_000  # new members written together (between two looks at progress and cancel)
# the page cache while the import writes: 100,000 new members land all over a dozen members indexes
# (mobile, card, name, ...), which in a 1M-member club are some 300-400 MB; with the usual 64 MiB
# their pages are written out and read back within the transaction (members 46 s against 30 s with
# 512 MiB, 23 s with 1 GiB, cold, on a loaded machine). A small club never fills it.
WRITE_CACHE_MIB = 512


class _Members:
    """The writes of one member import, judged first and written after (``write``), in the id
    ranges it takes (the audit row names them: ``store.imports.import_mismatches``). ``stamp`` is
    the club the ids and judgements were taken from."""

    def __init__(self, session: Session):
        db = self.db = session.db
        self.actor = session.user.username
        self.stamp = import_store.club_stamp(db)
        self.now = session.now()
        self.now_iso = to_iso(self.now)
        self.settings = club_store.club_settings(db)
        self.tiers = club_store.tiers(db)
        self.base = tier_for_spend(self.tiers, 0)
        self.ranks = {t.id: rank(self.tiers, t.id) for t in self.tiers}
        self.expiry: dict[datetime, tuple[str, str | None]] = {}  # a lot's date -> (at, expires_at), as stored
        self.first_member = self.next_member = import_store.next_id(db, "members")
        self.first_purchase = self.next_purchase = import_store.next_id(db, "purchases")
        self.first_entry = self.next_entry = import_store.next_id(db, "ledger")
        self.members: list[tuple] = []  # MEMBER_COLUMNS; the card dealt at the end (``deal_cards``)
        self.histories: list[tuple] = []
        self.purchases: list[tuple] = []
        self.lots: list[tuple] = []
        self.merges: list[tuple[int, dict]] = []
        self.totals = {"members_added": 0, "purchases": 0, "gross": 0, "entries": 0, "points": 0}

    def deal_cards(self) -> None:
        """A card number for each new member, no member's: all drawn together, those taken found
        by one look-up per 500 (in card order), dealt in ascending order with the ids, so that the
        new rows join the two card indexes at one place each instead of all over them (in a 1M
        club, pages read and written once). Each card is as random as a sign-up's."""
        cards: set[str] = set()
        while len(cards) < len(self.members):
            drawn = {new_card_number() for _ in range(len(self.members) - len(cards))} - cards
            cards |= drawn - import_store.taken_cards(self.db, drawn)
        self.members = [(row[0], card, *row[2:]) for row, card in zip(self.members, sorted(cards))]

    def fresh(self, session: Session) -> bool:
        """True when this work can be written as it is in ``session``: the same club, untouched
        since it was judged, and the same person."""
        return (session.db is self.db and session.user.username == self.actor
                and import_store.club_stamp(self.db) == self.stamp)

    def add(self, fields: dict, opening: dict) -> None:
        """A new member as ``members.sign_up`` would store them, with what they bring: the tier
        (the one named, or the one their spend reaches, whichever is higher; at least the base),
        their qualifying spend (one purchase at the import, so the tier window and the reports count
        it), and their points (one lot dated at ``points_date``, expiring by the club's rule)."""
        mid = self.next_member
        self.next_member += 1
        spend = opening.get("spend", 0)
        ranks = self.ranks
        tier = max((t for t in (self.base, opening.get("tier"), tier_for_spend(self.tiers, spend) if spend else None) if t),
                   key=lambda t: ranks[t.id], default=None)
        tier_id = tier.id if tier else None
        first, last = fields.get("first_name", ""), fields.get("last_name", "")
        points = opening.get("points", 0)
        self.members.append((mid, None, fields["mobile"], fields["mobile"][::-1], first, last,
                             fields.get("search_name") or search_key(member_service.full_name(first, last)),
                             fields.get("birthday"),
                             fields.get("birthday_md"), fields.get("gender"), fields.get("national_code"),
                             int(bool(fields.get("sms_consent"))), fields.get("notes", ""), self.now_iso, tier_id,
                             self.now_iso, points))  # the balance its opening lot (below) makes
        self.histories.append((mid, self.now_iso, None, tier_id, "signup", spend, self.actor))
        self.totals["members_added"] += 1
        if spend:
            self.purchases.append((self.next_purchase, mid, self.now_iso, self.now_iso, self.actor, None, spend,
                                   0, 0, 0, 0, spend, 0, 0, None))
            self.next_purchase += 1
            self.totals["purchases"] += 1
            self.totals["gross"] += spend
        if points:
            at = opening.get("points_date") or self.now
            stored = self.expiry.get(at)
            if stored is None:
                months = self.settings.expiry_months
                stored = self.expiry[at] = (to_iso(at), to_iso(add_months(at, months)) if months else None)
            self.lots.append((self.next_entry, mid, stored[0], "adjust", points, stored[1], None, OPENING_REASON,
                              self.actor, points))
            self.next_entry += 1
            self.totals["entries"] += 1
            self.totals["points"] += points

    def merge(self, member_id: int, fields: dict) -> None:
        self.merges.append((member_id, fields))

    def write(self, progress: Progress = None) -> None:
        """Write everything judged, a chunk at a time (inside the caller's transaction); between
        chunks ``progress`` may stop it (the caller's transaction then rolls back)."""
        db = self.db
        steps = Steps(progress, len(self.members) + len(self.purchases) + len(self.lots) + len(self.merges), CHUNK)
        for rows, write in ((self.members, import_store.insert_members),
                            (self.histories, import_store.add_tier_histories), (self.purchases, import_store.insert_purchases),
                            (self.lots, None), (self.merges, import_store.update_members)):
            for i in range(0, len(rows), CHUNK):
                part = rows[i:i + CHUNK]
                if write is None:  # the opening lots (the balances they make are in the members' rows)
                    import_store.insert_lots(db, part)
                else:
                    write(db, part)
                if rows is not self.histories:
                    steps.step(len(part))
        steps.finish()

    def audit(self) -> dict:
        t = self.totals
        return {**t,
                "members_ids": [self.first_member, self.next_member - 1] if t["members_added"] else None,
                "purchases_ids": [self.first_purchase, self.next_purchase - 1] if t["purchases"] else None,
                "ledger_ids": [self.first_entry, self.next_entry - 1] if t["entries"] else None}


def _run(session: Session, sheet: Sheet, mapping: dict[str, int], on_duplicate: str,
         progress: Progress = None) -> tuple[list[RowOutcome], _Members]:
    """Every row judged by the rules of the sign-up (``members.member_fields``: the same checks,
    in the same words), gathering the new members and the merges to write in bulk (``_Members.write``):
    no service call, and no audit row, per row. Nothing is written here. Returns the outcomes and
    the work."""
    work = _Members(session)
    steps = Steps(progress, len(sheet.rows), 1000)
    spend_unit = (unit_of(sheet.header[mapping["spend"]]) or "rial") if "spend" in mapping else "rial"
    seen: dict[str, int] = {}
    codes: dict[str, int] = {}
    out = []
    as_read = dict(sheet.problems)
    imported = {column_name(i) for i in mapping.values()}
    opening_columns = {f: i for f, i in mapping.items() if f in OPENING}
    names = tier_names(work.tiers)
    judged = [(number, cells, *_values(cells, mapping)) for number, cells in sheet.rows]
    mobiles = [parse_mobile(v["mobile"]) for _n, _c, v, _p in judged]
    # the mobiles and national codes no member has, found by one look-up per 500 of them: the
    # sign-up's rules then look up only those a member has (a duplicate, said in its words)
    free = import_store.free_keys(work.db, "mobile", {m for m in mobiles if m})
    free |= import_store.free_keys(work.db, "national_code", {
        c for _n, _c, v, _p in judged if v.get("national_code") and (c := _national_code(v["national_code"]))})
    memo: dict = {}  # the opening values read so far
    for (number, cells, values, problems), mobile in zip(judged, mobiles):
        steps.step()
        opening, more = _opening({f: (cells[i] if i < len(cells) else "") for f, i in opening_columns.items()},
                                 spend_unit, work.tiers, work.now, names, memo)
        problems += more
        problems[:0] = [p for p in as_read.get(number, ()) if p.params.get("column") in imported]
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
                try:
                    fields = member_service.member_fields(session, values, None, free=free)
                    member_id, action = None, "add"
                except DuplicateMember as e:
                    if on_duplicate == "skip":
                        fields, member_id, action = {}, None, "skip"
                    else:
                        changes = {k: v for k, v in values.items() if k != "mobile"}
                        member_id = e.existing.id
                        fields = member_service.member_fields(session, changes, member_id) if changes else {}
                        action = "merge"
                code = fields.get("national_code")
                if code and code in codes:
                    problems.append(Problem("national_code", NATIONAL_CODE_TWICE, {"code": code, "row": codes[code]}))
                elif action == "add":
                    if code:
                        codes[code] = number
                    work.add(fields, opening)
                elif action == "merge":
                    if code:
                        codes[code] = number
                    assert member_id is not None  # a merge is into the member the mobile found
                    work.merge(member_id, fields)
            except ValidationError as e:
                problems += e.problems
            except LoyaltyError as e:
                problems.append(Problem("row", e.template, e.params))
        if problems:
            action = "error"
            problems = [short_problem(p) for p in problems]
        out.append(RowOutcome(number, action, mobile, name, tuple(p.message for p in problems), tuple(problems)))
    work.deal_cards()
    steps.finish()
    return out, work


def _outcomes(rows) -> list[tuple]:
    return [(r.row, r.action, r.mobile, r.problems) for r in rows]


def _preview(session: Session, sheet: Sheet, path, columns: dict[str, int], on_duplicate: str, rows, work: _Members,
             done: bool) -> ImportPreview:
    counts = {a: sum(r.action == a for r in rows) for a in ("add", "merge", "skip", "error")}
    totals = {k: work.totals[k] for k in ("points", "gross")}
    return ImportPreview(str(path), sheet.digest, sheet.header, {f: sheet.header[i] for f, i in columns.items()},
                         on_duplicate, tuple(rows), done, counts, sheet.cp1256_rows, totals, None if done else work)


def _start(session: Session, path, on_duplicate: str, progress: Progress) -> Sheet:
    session.require(Action.IMPORT_MEMBERS)
    if on_duplicate not in ("skip", "merge"):
        raise ValidationError([Problem("on_duplicate", ON_DUPLICATE)])
    return read_sheet(path, scaled(progress, 0, 400))


def preview_import(session: Session, path, mapping: dict | None = None, on_duplicate: str = "skip",
                   progress: Progress = None) -> ImportPreview:
    """What importing ``path`` would do, row by row, with every problem; nothing is written.
    ``mapping``: field → column title or index (default: guessed from the header). The preview
    keeps the rows it would write, for ``confirm_import``. ``progress``: ``services.progress``."""
    sheet = _start(session, path, on_duplicate, progress)
    columns = _mapping(sheet, mapping)
    # no transaction: the cashier may go on writing; a change meanwhile changes the stamp the work
    # was taken at, and the confirm then judges again
    rows, work = _run(session, sheet, columns, on_duplicate, scaled(progress, 400, 1000))
    return _preview(session, sheet, path, columns, on_duplicate, rows, work, False)


def _file_digest(path) -> str:
    name = Path(path).name
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as e:
        raise LoyaltyError(CANNOT_READ, name=name, reason=e.strerror or str(e)) from None


def confirm_import(session: Session, preview: ImportPreview, progress: Progress = None) -> ImportPreview:
    """Import what ``preview`` showed, in one transaction (owner): the rows the preview judged,
    written as they are (the file is not read again). Refused if the file changed since; if the
    club changed, the file is judged again in the transaction and written only if every row's
    outcome is what the preview showed (else refused: ``CLUB_CHANGED``, nothing written)."""
    session.require(Action.IMPORT_MEMBERS)
    name = Path(preview.file).name
    if _file_digest(preview.file) != preview.digest:
        raise LoyaltyError(FILE_CHANGED, name=name)
    work = preview.work
    with session.db.transaction():
        import_store.hold_for_import(session.db)  # several tills: the club stays as judged, the ids free
        if work is not None and work.fresh(session):
            sheet = Sheet(name, preview.columns, (), preview.digest, (), preview.cp1256_rows)
            columns = {f: preview.columns.index(c) for f, c in preview.mapping.items()}
            rows = list(preview.rows)
        else:  # the club moved on since (or a preview from elsewhere): judge again, here, under the write lock
            sheet = _start(session, preview.file, preview.on_duplicate, None)
            if sheet.digest != preview.digest:
                raise LoyaltyError(FILE_CHANGED, name=name)
            columns = _mapping(sheet, preview.mapping)
            rows, work = _run(session, sheet, columns, preview.on_duplicate, scaled(progress, 0, 500))
            moved = [new[0] for new, old in zip(_outcomes(rows), _outcomes(preview.rows)) if new != old]
            if moved or len(rows) != len(preview.rows):
                raise LoyaltyError(CLUB_CHANGED, name=name, rows=_rows_text(moved or [len(rows)]))
        with import_store.roomy_cache(session.db, WRITE_CACHE_MIB):
            work.write(progress if preview.work is not None and work is preview.work else scaled(progress, 500, 1000))
        result = _preview(session, sheet, preview.file, columns, preview.on_duplicate, rows, work, True)
        session.audit("import_members", "members", None, None,
                      {"file": str(preview.file), "digest": preview.digest, "on_duplicate": preview.on_duplicate,
                       **result.counts, **work.audit()})
    return result


# --- export ---------------------------------------------------------------------------------------

def _t(text: str) -> str:
    return QT_TRANSLATE_NOOP("Report", text)


EXPORTS = {
    "members": (_t("Members"), import_export_store.members, (
        Column("card", _t("Card"), Kind.CODE), Column("mobile", _t("Mobile"), Kind.CODE),
        Column("first_name", _t("First name")), Column("last_name", _t("Last name")),
        Column("birthday", _t("Birthday"), Kind.DATE), Column("gender", _t("Gender")),
        Column("national_code", _t("National code"), Kind.CODE), Column("referrer_card", _t("Referred by"), Kind.CODE),
        Column("sms_consent", _t("SMS consent"), Kind.INT), Column("notes", _t("Notes")),
        Column("status", _t("Status")), Column("joined_at", _t("Joined"), Kind.MOMENT),
        Column("tier", _t("Tier")), Column("tier_since", _t("In tier since"), Kind.MOMENT),
        Column("points", _t("Points"), Kind.POINTS))),
    "purchases": (_t("Purchases"), import_export_store.purchases, (
        Column("id", _t("Purchase"), Kind.INT), Column("at", _t("When"), Kind.MOMENT),
        Column("card", _t("Card"), Kind.CODE), Column("mobile", _t("Mobile"), Kind.CODE), Column("tier", _t("Tier")),
        Column("gross", _t("Gross"), Kind.MONEY), Column("tier_discount", _t("Tier discount"), Kind.MONEY),
        Column("coupon_code", _t("Coupon"), Kind.CODE), Column("coupon_discount", _t("Coupon discount"), Kind.MONEY),
        Column("points_redeemed", _t("Points redeemed"), Kind.POINTS),
        Column("redeem_value", _t("Paid with points"), Kind.MONEY), Column("net", _t("Net"), Kind.MONEY),
        Column("points_earned", _t("Points earned"), Kind.POINTS), Column("refunded", _t("Refunded"), Kind.MONEY),
        Column("actor", _t("By")))),
    "ledger": (_t("Points ledger"), import_export_store.ledger, (
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


def export_rows(session: Session, what: str) -> tuple[str, tuple[Column, ...], Iterator[tuple]]:
    """The members, purchases or ledger (owner: personal data): the title, the columns and the rows
    one at a time, read as they are written (each row a typed row whose fields are the columns)."""
    session.require(Action.EXPORT_DATA)
    if what not in EXPORTS:
        raise ValidationError([Problem("what", UNKNOWN_EXPORT, {"what": what})])
    title, query, columns = EXPORTS[what]
    return title, columns, query(session.db)


def export_table(session: Session, what: str) -> Table:
    """The members, purchases or ledger as a plain table in memory (for a screen; a file is
    written by ``export``, row by row)."""
    title, columns, rows = export_rows(session, what)
    return Table(title, columns, tuple(rows))


def counted(rows: Iterator[tuple], progress: Progress, total: int, every: int = 2000) -> Iterator[tuple]:
    """``rows`` as they come, telling ``progress`` every ``every`` rows (``Cancelled`` stops the
    writer, whose half file is removed: ``sheets.write_rows`` writes beside and renames at the end)."""
    tick(progress, 0, total)
    n = 0
    try:
        for row in rows:
            yield row
            n += 1
            if n % every == 0:
                tick(progress, n, total)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    tick(progress, n, max(n, total))


def export(session: Session, what: str, path: str | Path, progress: Progress = None) -> ExportResult:
    """Write the members, purchases or ledger to ``path`` (.xlsx or .csv by its extension), row by
    row from the database (memory stays flat at any size; an xlsx sheet past Excel's row limit goes
    on in a second sheet). Audited. ``progress`` (``services.progress``) may stop it: a file
    already at ``path`` is then left as it was, and no half file is left."""
    title, columns, rows = export_rows(session, what)
    path = Path(path)
    unit = club_store.club_settings(session.db).display_unit
    if progress is not None:
        rows = counted(rows, progress, import_export_store.count(session.db, what))
    written = sheets.write_rows(title, columns, rows, path, unit=unit)
    result = ExportResult(what, str(path), written)
    try:
        with session.db.transaction():
            session.audit("export", what, None, None, result.as_dict())
    except LoyaltyError:  # busy: personal data does not leave without its audit row
        path.unlink(missing_ok=True)
        raise
    return result
