"""Tables and reports to spreadsheet files: ``.xlsx`` (openpyxl) or ``.csv``, by the file's extension.

Values stay values: counts and money are numbers (money in the club's display unit, so a column
sums in Excel), percents are percents, moments are Jalali Tehran date-times, codes (cards, mobiles)
are text so that no leading zero is lost. The xlsx sheets run right to left. The csv is UTF-8 with
a BOM, so that Excel opens Persian text correctly. A text cell that a spreadsheet would run as a
formula (it starts with = + - @) is written as text, never as a formula: member names come from
outside. Files are written under a temporary name and renamed, so a failed export leaves nothing.
Rows are written as they come (openpyxl's write-only workbook, a csv writer): an export of the
whole club never holds it in memory. An xlsx sheet ends at Excel's row limit; the rows go on in a
second sheet ("Purchases (2)") under the same header.
Titles are English source strings, translated through Qt (context ``"Report"``) when Qt is there.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.domain.jalali import format_moment, from_iso
from loyaltydesk.domain.money import Unit
from loyaltydesk.domain.report import Column, Kind, Report, Table, text_value
from loyaltydesk.domain.text import clean_text


class SheetFormatUnknown(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "{name}: choose a file name ending in .xlsx or .csv.")


class CannotWriteSheet(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot write {path}: {reason}.")


UNIT_TITLES = {"toman": QT_TRANSLATE_NOOP("Report", "toman"), "rial": QT_TRANSLATE_NOOP("Report", "rial")}
SUMMARY_TITLE = QT_TRANSLATE_NOOP("Report", "Summary")
PERIOD_TITLE = QT_TRANSLATE_NOOP("Report", "Period")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 50
EXCEL_MAX_ROWS = 1_048_576  # rows in one Excel sheet, its header among them
WIDTH_SAMPLE = 500  # rows read ahead to size a sheet's columns (a stream cannot be measured to its end)


def _tr(text: str) -> str:
    if not text:
        return text
    try:
        from PySide6.QtCore import QCoreApplication
    except ImportError:
        return text
    return QCoreApplication.translate("Report", text)


def write_table(table: Table, path: Path, *, unit: str) -> None:
    """One table to ``path`` (.xlsx: one right-to-left sheet; .csv: a header row and the rows)."""
    write_rows(table.title, table.columns, table.rows, path, unit=unit)


def write_rows(title: str, columns: tuple[Column, ...], rows: Iterable[tuple], path: Path, *, unit: str) -> int:
    """A table whose rows come one at a time (a cursor over the whole club), written as they come:
    .xlsx: right-to-left sheets of at most ``EXCEL_MAX_ROWS`` rows each, every one with the header;
    .csv: a header row and the rows. Returns how many rows were written. ``rows`` is closed
    (its cursor let go) when written, and when writing fails."""
    path = Path(path)
    kind = _format_of(path)
    try:
        if kind == "xlsx":
            return _save_xlsx(path, lambda wb: _table_sheets(wb, title, columns, rows, unit))
        return _save_csv(path, lambda w: _csv_table(w, columns, rows, unit))
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def write_report(report: Report, path: Path, *, unit: str) -> None:
    """A whole report: the title, period and summary figures, then every table
    (.xlsx: a summary sheet and one sheet per table; .csv: the same one after the other)."""
    path = Path(path)
    kind = _format_of(path)
    report = replace(report, tables=tuple(_readable(t) for t in report.tables))
    if kind == "xlsx":
        def fill(wb):
            from openpyxl.cell import WriteOnlyCell

            ws = wb.create_sheet(_sheet_name(wb, _tr(SUMMARY_TITLE)))
            ws.sheet_view.rightToLeft = True
            summary = _summary_rows(report)
            ws.column_dimensions["A"].width = min(MAX_WIDTH, max(len(label) for label, _, _ in summary) + 2)
            ws.column_dimensions["B"].width = 24
            for n, (label, value, vkind) in enumerate(summary):
                first = WriteOnlyCell(ws, label)
                first.data_type = "s"
                if n == 0:
                    first.font = _bold()
                second = WriteOnlyCell(ws)
                _put(second, value, vkind, unit)
                ws.append([first, second])
            for table in report.tables:
                _table_sheets(wb, table.title, table.columns, table.rows, unit)
            return 0
        _save_xlsx(path, fill)
    else:
        def fill(w):
            for label, value, vkind in _summary_rows(report):
                w.writerow([label, _csv_value(value, vkind, unit)])
            for table in report.tables:
                w.writerow([])
                w.writerow([_safe_text(_tr(table.title))])
                _csv_table(w, table.columns, table.rows, unit)
            return 0
        _save_csv(path, fill)


# --- values -------------------------------------------------------------------------------------

def _readable(table: Table) -> Table:
    """A report's table with its text cells in the reader's words, as on screen and on paper:
    segment names, aspects and reasons translated, season keys named (``domain.report.text_value``).
    Only reports: an export of data (``write_table``) keeps its values as stored."""
    text = [Kind(c.kind) is Kind.TEXT for c in table.columns]
    return replace(table, rows=tuple(
        tuple(text_value(v, _tr) if is_text and v not in (None, "") else v for is_text, v in zip(text, row))
        for row in table.rows))


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SheetFormatUnknown(name=path.name)
    return suffix[1:]


def _header(column: Column, unit: str) -> str:
    title = _tr(column.title)
    if Kind(column.kind) is Kind.MONEY:
        title += f" ({_tr(UNIT_TITLES.get(unit, unit))})"
    return _safe_text(title)


def _safe_text(text) -> str:
    text = str(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def _money(rials: int, unit: str):
    per = Unit(unit).rials
    return rials // per if rials % per == 0 else rials / per


def _kind(kind) -> Kind:
    """``Kind(kind)`` without its cost when ``kind`` is one already (an Enum call is ~2 µs: twice a
    cell, it was most of the time an export of 100,000 members took)."""
    return kind if kind.__class__ is Kind else Kind(kind)


def _value(value, kind: Kind, unit: str):
    """The cell value for a spreadsheet: a number where it is a number, text otherwise."""
    if value is None or value == "":
        return None
    kind = _kind(kind)
    if kind in (Kind.INT, Kind.POINTS):
        return int(value)
    if kind is Kind.MONEY:
        return _money(int(value), unit)
    if kind is Kind.PERCENT_BP:
        return int(value) / 10_000
    if kind is Kind.DECIMAL:
        return round(float(value), 2)
    if kind is Kind.MOMENT:
        try:
            return format_moment(from_iso(str(value)))
        except ValueError:
            return str(value)
    return _printable(str(value))


def _printable(text: str) -> str:
    # a control character stored before texts were cleaned: openpyxl refuses it, a CSV carries it on
    return text if text.isprintable() else clean_text(text, multiline=True)


def _csv_value(value, kind: Kind, unit: str):
    v = _value(value, kind, unit)
    if v is None:
        return ""
    if _kind(kind) is Kind.PERCENT_BP:
        return f"{v * 100:.2f}".rstrip("0").rstrip(".")
    if isinstance(v, str):
        return _safe_text(v)
    return v


def _summary_rows(report: Report):
    rows = [(_tr(report.title), None, Kind.TEXT)]
    if report.period:
        rows.append((_tr(PERIOD_TITLE), report.period, Kind.TEXT))
    rows += [(_tr(label), value, kind) for label, value, kind in report.summary]
    return [(_safe_text(label), value, kind) for label, value, kind in rows]


# --- xlsx ---------------------------------------------------------------------------------------

_NUMBER_FORMATS = {Kind.INT: "#,##0", Kind.POINTS: "#,##0", Kind.PERCENT_BP: "0.00%", Kind.DECIMAL: "0.00"}


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True)


_UNCONVERTED = object()


def _put(cell, value, kind, unit: str, *, converted=_UNCONVERTED) -> None:
    v = _value(value, kind, unit) if converted is _UNCONVERTED else converted
    cell.value = v
    if isinstance(v, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if _kind(kind) is Kind.CODE:
            cell.number_format = "@"
    elif _kind(kind) is Kind.MONEY:  # shown in whole units, as on screen; the cell keeps the exact value
        cell.number_format = "#,##0"
    elif _kind(kind) in _NUMBER_FORMATS:
        cell.number_format = _NUMBER_FORMATS[_kind(kind)]


def _sheet_name(wb, title: str) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title or "Sheet").strip().strip("'")[:31] or "Sheet"
    name, n = base, 2
    taken = {ws.title for ws in wb.worksheets}
    while name in taken:
        name = f"{base[:27]} ({n})"
        n += 1
    return name


def _table_sheets(wb, title: str, columns: tuple[Column, ...], rows: Iterable[tuple], unit: str) -> int:
    """``rows`` on right-to-left sheets of a write-only workbook, each of at most ``EXCEL_MAX_ROWS``
    rows with the header (bold, frozen, filtered); the columns sized to the header and the first
    rows. Returns how many rows were written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    rows = iter(rows)
    kinds = [Kind(c.kind) for c in columns]
    headers = [_header(c, unit) for c in columns]
    per_sheet = EXCEL_MAX_ROWS - 1
    written = 0
    while True:
        ahead = list(islice(rows, min(WIDTH_SAMPLE, per_sheet)))
        if written and not ahead:
            return written
        ws = wb.create_sheet(_sheet_name(wb, _tr(title)))
        ws.sheet_view.rightToLeft = True
        ws.freeze_panes = "A2"
        widths = [len(h) for h in headers]
        for row in ahead:
            for i, (kind, value) in enumerate(zip(kinds, row)):
                v = _value(value, kind, unit)
                widths[i] = max(widths[i], len(str(v if v is not None else "")) + (3 if isinstance(v, (int, float)) else 0))
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width + 2)
        header = []
        for text in headers:
            cell = WriteOnlyCell(ws, text)
            cell.data_type = "s"
            cell.font = _bold()
            header.append(cell)
        ws.append(header)
        on_sheet = 0
        for row in chain(ahead, islice(rows, per_sheet - len(ahead))):
            cells = []
            for kind, value in zip(kinds, row):
                v = _value(value, kind, unit)
                if v is None:
                    cells.append(None)
                else:
                    cell = WriteOnlyCell(ws)
                    _put(cell, value, kind, unit, converted=v)
                    cells.append(cell)
            ws.append(cells)
            on_sheet += 1
        written += on_sheet
        if on_sheet and columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{on_sheet + 1}"
        if on_sheet < per_sheet:
            return written


def _save_xlsx(path: Path, fill) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    written = fill(wb)
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    _atomic(path, wb.save)
    return written


# --- csv ----------------------------------------------------------------------------------------

def _csv_cell(kind: Kind, unit: str):
    """``_csv_value`` for one column, its kind decided once: a cell of a plain kind (text, a count,
    points, a code) is one call, not two dispatches on the kind (at 100,000 members x 15 columns
    the dispatches were most of an export's time). ``test_sheets`` proves it gives ``_csv_value``."""
    kind = _kind(kind)
    if kind in (Kind.INT, Kind.POINTS):
        return lambda v: "" if v is None or v == "" else int(v)
    if kind in (Kind.TEXT, Kind.CODE, Kind.DATE):
        return lambda v: "" if v is None or v == "" else _safe_text(_printable(str(v)))
    return lambda v: _csv_value(v, kind, unit)


def _csv_table(w, columns: tuple[Column, ...], rows: Iterable[tuple], unit: str) -> int:
    w.writerow([_header(c, unit) for c in columns])
    cells = [_csv_cell(c.kind, unit) for c in columns]
    written = 0
    for row in rows:
        w.writerow([cell(v) for cell, v in zip(cells, row)])
        written += 1
    return written


def _save_csv(path: Path, fill) -> int:
    written = []

    def write(tmp):
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            written.append(fill(csv.writer(f)))

    _atomic(path, write)
    return written[0]


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as e:
        raise CannotWriteSheet(path=str(path), reason=e.strerror or str(e)) from None
    finally:
        tmp.unlink(missing_ok=True)
