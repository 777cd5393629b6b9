"""A member file read by calamine (fast) is read exactly as openpyxl reads it; a file calamine must
not hold as one dense block (a cell far right or far down, cells that do not name their places,
namespace prefixes) is read by openpyxl, as is anything calamine cannot read."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from loyaltydesk.services import import_export
from tests.import_export.test_hostile_imports import HEADER_ROW, SHEET_END, SHEET_START, inline, workbook


def both(raw: bytes):
    """The rows as read the fast way and by openpyxl, each as read_sheet keeps them."""
    fast = list(import_export._clean_rows(import_export._xlsx_rows(raw, "f.xlsx", fast=True)))
    slow = list(import_export._clean_rows(import_export._xlsx_rows(raw, "f.xlsx", fast=False)))
    return fast, slow


def saved(fill) -> bytes:
    wb = openpyxl.Workbook()
    fill(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _members(ws):
    ws.append(["موبایل", "نام", "نام خانوادگی", "تولد", "امتیاز", "خرید"])
    for i in range(300):
        ws.append([f"0912{i:07d}", "علی" if i % 2 else "نازنین‌زهرا", "رضایی", date(1990, 1, 1 + i % 28), i * 10, 1.5 * i])


def _scattered(ws):
    ws["C3"] = "موبایل"
    ws["D3"] = "نام"
    ws["C5"] = 9121234567
    ws["D5"] = "x" * 1_200  # a long cell: cut, and named among the row's problems
    ws["E5"] = datetime(2024, 1, 2, 10, 30)
    ws["C7"] = True
    ws["D8"] = time(10, 30)
    ws["F9"] = -3.25
    ws["BL10"] = "the 64th column"


@pytest.mark.parametrize("fill", [_members, _scattered], ids=["members", "scattered"])
def test_calamine_reads_what_openpyxl_reads(fill):
    raw = saved(fill)
    assert import_export._narrow(zipfile.ZipFile(io.BytesIO(raw)), import_export.MAX_ROWS)
    assert import_export._calamine_rows(raw) is not None
    fast, slow = both(raw)
    assert fast == slow and len(fast) > 3


@pytest.mark.parametrize("cells, narrow", [
    (inline("A2", "09121234567") + inline("BL2", "x"), True),
    (inline("A2", "09121234567") + inline("BM2", "x"), False),  # the 65th column
    (inline("A2", "09121234567") + inline("XFD2", "x"), False),
    (b'<c t="inlineStr"><is><t>09121234567</t></is></c>', False),  # no place named
    (b'<c s="0" r="A2" t="inlineStr"><is><t>09121234567</t></is></c>', False),  # not first
], ids=["BL", "BM", "XFD", "no place", "place not first"])
def test_only_cells_within_64_columns_go_to_calamine(tmp_path, cells, narrow):
    path = workbook(tmp_path / "m.xlsx", [SHEET_START, HEADER_ROW, b'<row r="2">' + cells + b"</row>", SHEET_END])
    raw = path.read_bytes()
    assert import_export._narrow(zipfile.ZipFile(io.BytesIO(raw)), import_export.MAX_ROWS) is narrow
    fast, slow = both(raw)
    assert fast == slow
    assert fast[1][1][0] == "09121234567"


@pytest.mark.parametrize("row, narrow", [(100_999, True), (101_000, False), (1_048_576, False)])
def test_only_cells_within_101000_rows_go_to_calamine(tmp_path, row, narrow):
    far = b'<row r="%d">%s</row>' % (row, inline(f"A{row}", "09121234567"))
    path = workbook(tmp_path / "m.xlsx", [SHEET_START, HEADER_ROW, far, SHEET_END])
    raw = path.read_bytes()
    assert import_export._narrow(zipfile.ZipFile(io.BytesIO(raw)), import_export.MAX_ROWS) is narrow
    fast, slow = both(raw)
    assert fast == slow == [(1, ("mobile", "name"), ()), (row, ("09121234567",), ())]
    # the empty rows between are never made into cells (a million of them took half a minute)
    assert [number for number, _ in import_export._xlsx_rows(raw, "f.xlsx")] == [1, row]


def test_a_file_calamine_cannot_read_is_read_by_openpyxl_with_its_words(tmp_path):
    """A sheet whose XML breaks off: calamine fails, and the refusal is openpyxl's, as before."""
    path = workbook(tmp_path / "m.xlsx", [SHEET_START, HEADER_ROW, b'<row r="2"><c r="A2" t="inlineStr"><is><t>09'])
    with pytest.raises(Exception) as fast:
        list(import_export._xlsx_rows(path.read_bytes(), "m.xlsx", fast=True))
    with pytest.raises(Exception) as slow:
        list(import_export._xlsx_rows(path.read_bytes(), "m.xlsx", fast=False))
    assert type(fast.value) is type(slow.value) and str(fast.value) == str(slow.value)


def test_a_member_file_is_read_fast_and_a_history_file_is_not(tmp_path, monkeypatch):
    seen = []
    real = import_export._calamine_rows
    monkeypatch.setattr(import_export, "_calamine_rows", lambda raw: seen.append(1) or real(raw))
    path = Path(tmp_path / "m.xlsx")
    path.write_bytes(saved(_members))
    import_export.read_sheet(path)
    assert seen == [1]
    list(import_export.stream_sheet(path, kind="history").rows)
    assert seen == [1]
