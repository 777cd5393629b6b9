"""Hostile and foreign files at the member import: refused early, clearly, in seconds and little memory.

The hostile workbooks are built here with zipfile, streaming, so that a 300 MB cell or a million
rows cost the test a few MB and a second; files "from other programs" are written the way those
programs write them (openpyxl for xlsx, Python's codecs for Excel's Windows-1256 CSV and its
"Unicode text"). The last tests run the real ``loyaltydesk`` command line as a subprocess.
"""

from __future__ import annotations

import codecs
from tests.raw import raw_connect
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, strategies as st

from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services import import_export

from tests.conftest import CLI_OWNER, cli_env
from tests.hostile import HOSTILE, hostile_text


SECONDS = 5
MEGABYTES = 200

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
                 b'.spreadsheetml.sheet.main+xml"/>'
                 b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.spreadsheetml.worksheet+xml"/>%s</Types>')
STRINGS_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sharedStrings+xml"/>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Members" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 b'relationships/worksheet" Target="worksheets/sheet1.xml"/>%s</Relationships>')
STRINGS_REL = (b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               b'relationships/sharedStrings" Target="sharedStrings.xml"/>')
SHEET_START = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_END = b"</sheetData></worksheet>"
HEADER_ROW = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>mobile</t></is></c>'
              b'<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>')


def inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def workbook(path: Path, sheet_chunks, strings_chunks=None, level: int = 1) -> Path:
    """An .xlsx of one sheet whose XML (and shared strings) come in chunks: written streaming, so a
    part that unpacks to hundreds of MB costs the test little memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES % (STRINGS_TYPE if strings_chunks else b""))
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS % (STRINGS_REL if strings_chunks else b""))
        for part, chunks in (("xl/worksheets/sheet1.xml", sheet_chunks), ("xl/sharedStrings.xml", strings_chunks)):
            if chunks is not None:
                with z.open(part, "w", force_zip64=True) as f:
                    for chunk in chunks:
                        f.write(chunk)
    return path


def repeated(piece: bytes, total: int):
    block = piece * max(1, (1 << 20) // len(piece))
    for _ in range(total // len(block)):
        yield block


def member_rows(n: int, start: int = 2, extra=b""):
    batch = []
    for r in range(start, start + n):
        batch.append(b'<row r="%d"><c r="A%d"><v>912%07d</v></c>%s</row>' % (r, r, r, extra.replace(b"#", b"%d" % r)))
        if len(batch) == 20_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)


def refused_fast(session, path: Path, match: str) -> tuple[float, float]:
    """The preview refuses ``path`` with a LoyaltyError matching ``match`` in under SECONDS and
    MEGABYTES of Python allocations; (seconds, peak MB). Timed on its own (tracemalloc slows every
    allocation three times), then again under tracemalloc for the memory."""
    start = time.perf_counter()
    with pytest.raises(LoyaltyError, match=match) as refused:
        import_export.preview_import(session, path)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        with pytest.raises(LoyaltyError, match=match):
            import_export.preview_import(session, path)
        peak = tracemalloc.get_traced_memory()[1] / 1_048_576
    finally:
        tracemalloc.stop()
    assert len(refused.value.message) < 300, refused.value.message
    print(f"\n{path.name}: {path.stat().st_size / 1024:,.0f} KB refused in {seconds:.2f} s, peak {peak:.1f} MB: "
          f"{refused.value.message}")
    assert seconds < SECONDS and peak < MEGABYTES
    return seconds, peak


# --- hostile workbooks ----------------------------------------------------------------------------

def test_a_zip_bomb_is_refused_from_its_directory(shop, tmp_path):
    """1 GB of zeros packed into about 1 MB: refused before a byte is unpacked."""
    path = workbook(tmp_path / "bomb.xlsx", [SHEET_START, HEADER_ROW, *repeated(b"\0", 1 << 30), SHEET_END],
                    level=9)
    assert path.stat().st_size < 2 << 20
    refused_fast(shop, path, "cannot be read safely|not a workbook that can be read safely")


def test_a_300_mb_cell_is_refused_without_unpacking_it(shop, tmp_path):
    cell = [b'<row r="2"><c r="A2"><v>9121234567</v></c><c r="B2" t="inlineStr"><is><t>',
            *repeated(b"A", 300 << 20), b"</t></is></c></row>"]
    path = workbook(tmp_path / "cell.xlsx", [SHEET_START, HEADER_ROW, *cell, SHEET_END])
    assert path.stat().st_size < 2 << 20
    refused_fast(shop, path, "not a workbook that can be read safely")


def test_18_million_shared_strings_are_refused_unread(shop, tmp_path):
    strings = [b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               b'count="18000000" uniqueCount="18000000">', *repeated(b"<si><t>x</t></si>", 18_000_000 * 16), b"</sst>"]
    sheet = [SHEET_START, HEADER_ROW, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>', SHEET_END]
    refused_fast(shop, workbook(tmp_path / "strings.xlsx", sheet, strings), "not a workbook that can be read safely")


def test_too_many_distinct_shared_strings_are_counted_before_openpyxl_reads_them(shop, tmp_path, monkeypatch):
    """Distinct texts pack too poorly for the ratio check: they are counted instead."""
    monkeypatch.setattr(import_export, "XLSX_MAX_SHARED_STRINGS", 1_000)
    strings = [b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
               b"".join(b"<si><t>name %d</t></si>" % i for i in range(1_500)), b"</sst>"]
    sheet = [SHEET_START, HEADER_ROW, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>', SHEET_END]
    refused_fast(shop, workbook(tmp_path / "strings.xlsx", sheet, strings), "too many texts")


def test_a_million_rows_are_refused_before_they_are_read(shop, tmp_path):
    path = workbook(tmp_path / "million.xlsx", [SHEET_START, HEADER_ROW, *member_rows(1_000_000), SHEET_END])
    refused_fast(shop, path, "more than 100000 rows")


def test_rows_past_the_limit_are_not_read(shop, tmp_path, monkeypatch):
    """When the scan cannot see the rows (here: the limit lowered after it), the reader stops at the
    limit instead of reading the whole sheet."""
    monkeypatch.setattr(import_export, "MAX_ROWS", 50)
    read = []
    real = import_export._cell
    monkeypatch.setattr(import_export, "_cell", lambda v: read.append(v) or real(v))
    monkeypatch.setattr(import_export, "_count", lambda *a: 0)  # the scan misses them
    path = workbook(tmp_path / "rows.xlsx", [SHEET_START, HEADER_ROW, *member_rows(5_000), SHEET_END])
    with pytest.raises(LoyaltyError, match="more than 50 rows"):
        import_export.preview_import(shop, path)
    assert len(read) < 60 * import_export.MAX_COLS


def test_a_cell_in_column_xfd_does_not_widen_every_row(shop, tmp_path):
    """Each row has a cell in the last column Excel has (XFD, the 16,384th): only the first
    MAX_COLS columns are read, memory stays flat and the rows import."""
    rows = member_rows(5_000, extra=b'<c r="B#" t="inlineStr"><is><t>nam</t></is></c>'
                                     b'<c r="XFD#" t="inlineStr"><is><t>far</t></is></c>')
    sheet = [SHEET_START.replace(b"<sheetData>", b'<dimension ref="A1:XFD5001"/><sheetData>'), HEADER_ROW,
             *rows, SHEET_END]
    path = workbook(tmp_path / "xfd.xlsx", sheet)
    tracemalloc.start()
    try:
        sheet = import_export.read_sheet(path)
        peak = tracemalloc.get_traced_memory()[1] / 1_048_576
    finally:
        tracemalloc.stop()
    print(f"\nxfd.xlsx: 5,000 rows read, peak {peak:.1f} MB")
    assert len(sheet.rows) == 5_000 and max(len(cells) for _n, cells in sheet.rows) <= import_export.MAX_COLS
    assert sheet.rows[0][1][:2] == ("9120000002", "nam") and "far" not in sheet.rows[0][1]
    assert peak < 50


def test_a_long_cell_is_cut_and_its_row_refused_with_a_short_message(shop, tmp_path):
    path = tmp_path / "long.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["موبایل", "نام", "یادداشت بی‌ربط", "پیامک"])
    wb.active.append(["09120000001", "ب" * 5_000, "", ""])
    wb.active.append(["09120000002", "سارا", "ج" * 5_000, ""])  # a long cell in a column not imported: fine
    wb.active.append(["09120000003", "ترانه", "", "\u202e" + "=" * 990])  # refused, quoting the value
    wb.save(path)
    preview = import_export.preview_import(shop, path, {"mobile": 0, "first_name": 1, "sms_consent": 3})
    rows = {r.row: r for r in preview.rows}
    assert rows[2].action == "error" and "Column B holds 5000 characters" in rows[2].problems[0]
    assert rows[3].action == "add"
    assert rows[4].action == "error" and "is not yes or no" in rows[4].problems[0]
    for row in preview.rows:
        assert all(len(p) < 120 for p in row.problems), row.problems


@pytest.mark.parametrize("content, match", [
    (b"PK\x03\x04" + b"\0" * 100, "Cannot read"),
    (b"PK\x05\x06" + b"\0" * 18, "Cannot read"),
])
def test_broken_zips_are_refused(shop, tmp_path, content, match):
    (tmp_path / "x.xlsx").write_bytes(content)
    with pytest.raises(LoyaltyError, match=match):
        import_export.preview_import(shop, tmp_path / "x.xlsx")


def test_a_damaged_sheet_part_is_refused_clearly(shop, tmp_path):
    path = workbook(tmp_path / "bad.xlsx", [SHEET_START, HEADER_ROW, *member_rows(3), SHEET_END])
    raw = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    offset = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    raw[offset:offset + 20] = b"\xff" * 20  # the packed XML garbled: a bad CRC or a bad stream
    path.write_bytes(bytes(raw))
    with pytest.raises(LoyaltyError):
        import_export.preview_import(shop, path)


def test_a_file_too_big_on_disk_is_refused_unread(shop, tmp_path, monkeypatch):
    monkeypatch.setattr(import_export, "MAX_FILE_BYTES", 1_000)
    (tmp_path / "big.csv").write_bytes(b"mobile,name\n" + b"09120000001,x\n" * 200)
    with pytest.raises(LoyaltyError, match="at most 0 MB|split it"):
        import_export.preview_import(shop, tmp_path / "big.csv")


def test_a_200k_row_csv_is_refused_fast(shop, tmp_path):
    path = tmp_path / "many.csv"
    path.write_bytes(b"mobile,name\n" + b"".join(b"0912%07d,n%d\n" % (i, i) for i in range(200_000)))
    refused_fast(shop, path, "more than 100000 rows")


# --- files other programs write -------------------------------------------------------------------

def test_a_utf8_csv_with_one_windows_1256_row_reads_each_row_in_its_own_encoding(shop, tmp_path):
    """A file put together from two sources: row 3 was typed on a Windows-1256 machine (which has
    no Persian ی: Arabic ي, made Persian on the way in)."""
    lines = ["موبایل,نام,نام خانوادگی\r\n".encode(), "09120000001,سارا,احمدی\r\n".encode(),
             "09120000002,رضا,كريمي\r\n".encode("cp1256"), "09120000003,مینا,یوسفی\r\n".encode()]
    path = tmp_path / "mixed.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"".join(lines))
    preview = import_export.preview_import(shop, path)
    assert {r.row: (r.action, r.name) for r in preview.rows} == {
        2: ("add", "سارا احمدی"), 3: ("add", "رضا کریمی"), 4: ("add", "مینا یوسفی")}
    assert preview.cp1256_rows == (3,)


@pytest.mark.parametrize("lines", [49, 50, 51, 120])
def test_every_line_of_a_longer_csv_is_read(tmp_path, lines):
    """The first lines are decoded ahead for the sniffer: none is lost on the way to the reader."""
    path = tmp_path / "long.csv"
    path.write_bytes(b"mobile,name\r\n" + b"".join(b"0912%07d,n%d\r\n" % (i, i) for i in range(lines)))
    assert [cells[1] for _n, cells in import_export.read_sheet(path).rows] == [f"n{i}" for i in range(lines)]


def test_a_whole_windows_1256_csv_names_no_rows(shop, tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes("موبايل;نام\r\n09120000001;سارا\r\n09120000002;رضا\r\n".encode("cp1256"))
    preview = import_export.preview_import(shop, path)
    assert [r.name for r in preview.rows] == ["سارا", "رضا"] and preview.cp1256_rows == ()


def test_a_line_in_no_known_encoding_refuses_the_file_naming_its_rows(shop, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("mobile,name\n09120000001,سارا\n".encode() + "09120000002,Zoë Müller\n".encode("latin-1")
                     + "09120000003,مینا\n".encode() + b"09120000004,Caf\xe9 cr\xe8me\n")
    with pytest.raises(LoyaltyError, match=r"Rows 3, 5 of latin.csv are neither UTF-8 nor Windows-1256"):
        import_export.preview_import(shop, path)


@pytest.mark.parametrize("bom", [True, False])
def test_excel_unicode_text_utf16_with_tabs(shop, tmp_path, bom):
    """Excel's "Unicode text": UTF-16 LE with a BOM, tab separated, CR LF. Without the BOM it is
    refused as not text, with the rows named."""
    text = "شماره موبایل\tنام و نام خانوادگی\r\n۰۹۱۲۰۰۰۰۰۰۱\tسارا احمدی\r\n09120000002\t\"رضا\tکریمی\"\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes((codecs.BOM_UTF16_LE if bom else b"") + text.encode("utf-16-le"))
    if not bom:
        with pytest.raises(LoyaltyError, match="not a text file .rows 1, 2, 3"):
            import_export.preview_import(shop, path)
        return
    preview = import_export.preview_import(shop, path)
    assert [(r.action, r.mobile, r.name) for r in preview.rows] == [
        ("add", "09120000001", "سارا احمدی"), ("add", "09120000002", "رضا کریمی")]


def test_utf16_big_endian_and_a_damaged_tail(shop, tmp_path):
    path = tmp_path / "be.csv"
    path.write_bytes(codecs.BOM_UTF16_BE + "mobile\tname\n09120000001\tسارا\n".encode("utf-16-be"))
    assert [r.name for r in import_export.preview_import(shop, path).rows] == ["سارا"]
    path.write_bytes(codecs.BOM_UTF16_LE + "mobile\tname\n".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(LoyaltyError, match="UTF-16"):
        import_export.preview_import(shop, path)


@pytest.mark.engines  # what is stored: on both engines (the rest of the module reads files: the engine plays no part)
def test_control_characters_from_a_file_are_not_stored(shop, tmp_path):
    path = tmp_path / "ctl.csv"
    path.write_bytes("mobile,first name,last name,notes\n09120000001,سا\x07را,\x1b[31mاحمدي\u202e,خط یک\x00\n"
                     .encode().replace(b"\x00", b""))
    result = import_export.confirm_import(shop, import_export.preview_import(shop, path))
    assert result.counts["add"] == 1
    found = [r for r in import_export.export_table(shop, "members").rows if r[1] == "09120000001"][0]
    assert found[2:4] == ("سارا", "[31mاحمدی") and found[9] == "خط یک"


# --- never an internal error ----------------------------------------------------------------------

def _answered(session, path: Path):
    try:
        return import_export.preview_import(session, path)
    except LoyaltyError as e:
        assert e.message and len(e.message) < 400
        return None


@HOSTILE
@given(st.binary(max_size=600), st.sampled_from(["x.csv", "x.txt", "x.xlsx"]))
def test_any_bytes_are_read_or_refused_clearly(shop, tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    _answered(shop, path)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16", "utf-16-le", "utf-16-be", "latin-1"])


@HOSTILE
@given(st.lists(st.lists(hostile_text, min_size=1, max_size=4), min_size=1, max_size=6), ENCODINGS,
       st.sampled_from([",", ";", "\t", "|"]))
def test_any_table_in_any_encoding_is_read_or_refused_with_rows_named(shop, tmp_path, rows, encoding, sep):
    text = "mobile" + sep + "name\n" + "".join(sep.join(r).replace("\r", "") + "\n" for r in rows)
    data = text.encode(encoding, errors="replace") if encoding != "cp1256" else text.encode("cp1256", "replace")
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    try:
        preview = import_export.preview_import(shop, path, {"mobile": 0})
    except LoyaltyError as e:
        assert e.message and len(e.message) < 400
        if "neither UTF-8" in e.message or "not a text file" in e.message:
            assert any(ch.isdigit() for ch in e.message.split("(")[0] + e.message)  # rows are named
        return
    for row in preview.rows:
        assert row.action in ("add", "merge", "skip", "error") and all(len(p) < 400 for p in row.problems)


@HOSTILE
@given(st.lists(st.lists(hostile_text, min_size=1, max_size=3), min_size=1, max_size=5))
def test_any_workbook_of_hostile_text_is_read_or_refused(shop, tmp_path, rows):
    path = tmp_path / "h.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["mobile", "name", "notes"])
    for r in rows:
        try:
            wb.active.append(r)
        except Exception:  # openpyxl itself refuses control characters in a cell
            wb.active.append([import_export.shorten(v) for v in r])
    wb.save(path)
    _answered(shop, path)


# --- from outside: the real command line ----------------------------------------------------------

PROGRAM = Path(sys.executable).with_name("loyaltydesk")


def run_cli(db: Path, *args, check=True) -> subprocess.CompletedProcess:
    env = cli_env(LOYALTYDESK_HOME=str(db.parent / "home"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([str(PROGRAM), "--db", str(db), "--user", CLI_OWNER, *map(str, args)], capture_output=True,
                          env=env, timeout=60)
    if check:
        assert done.returncode == 0, done.stderr.decode()
    return done


@pytest.fixture
def cli_db(tmp_path):
    db = tmp_path / "club.sqlite3"
    run_cli(db, "init", "--owner", CLI_OWNER)
    return db


def test_cli_imports_a_mixed_encoding_csv_and_names_the_windows_row(cli_db, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("موبایل,نام\n09120000001,سارا\n".encode() + "09120000002,کاوه\n".encode("cp1256"))
    done = run_cli(cli_db, "import", "members", path)
    out = done.stdout.decode()
    assert "2 member(s) were added" in out and "rows 3: not UTF-8, read as Windows-1256" in out
    shown = run_cli(cli_db, "--json", "member", "show", "09120000002").stdout.decode()
    assert "کاوه" in shown


def test_cli_refuses_a_bomb_clearly_and_quickly(cli_db, tmp_path):
    path = workbook(tmp_path / "bomb.xlsx", [SHEET_START, HEADER_ROW, *repeated(b"\0", 1 << 30), SHEET_END], level=9)
    start = time.perf_counter()
    done = run_cli(cli_db, "import", "members", path, check=False)
    seconds = time.perf_counter() - start
    err = done.stderr.decode()
    assert done.returncode == 1 and "internal error" not in err, err
    assert "not a workbook that can be read safely" in err and len(err) < 400
    assert seconds < SECONDS + 2  # the program's own start included


def test_cli_export_and_show_survive_control_characters_stored_before_cleaning(cli_db, tmp_path):
    """A name with BEL and ESC stored by an older version: ``export members --out m.xlsx`` writes
    the file, ``member show`` prints the name without sending ESC to the terminal."""
    run_cli(cli_db, "member", "add", "--mobile", "09121234567", "--first-name", "x\x1b[31mعلی\x07",
            "--last-name", "رضايي")
    with raw_connect(cli_db) as con:
        stored = con.execute("SELECT first_name, last_name FROM members").fetchone()
        assert stored == ("x[31mعلی", "رضایی")  # cleaned on the way in
        con.execute("UPDATE members SET first_name = ?, notes = ?", ("a\x1b]0;owned\x07b\x9b", "n\x00\x1b"))
    out = tmp_path / "m.xlsx"
    done = run_cli(cli_db, "export", "members", "--out", out)
    assert out.exists() and "1 members row(s) written" in done.stdout.decode()
    cells = [c.value for c in next(iter(openpyxl.load_workbook(out).active.iter_rows(min_row=2, max_row=2)))]
    assert not any(isinstance(v, str) and any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f for ch in v) for v in cells)
    csv_out = tmp_path / "m.csv"
    run_cli(cli_db, "export", "members", "--out", csv_out)
    assert b"\x1b" not in csv_out.read_bytes()
    for args in (("member", "show", "09121234567"), ("--json", "member", "show", "09121234567")):
        shown = run_cli(cli_db, *args).stdout
        assert b"\x1b" not in shown and b"\x07" not in shown and "\x9b".encode() not in shown, shown
        assert "رضایی".encode() in shown
    history = run_cli(cli_db, "history", "09121234567").stdout
    assert b"\x1b" not in history
    with raw_connect(cli_db) as con:  # a second member: the duplicate's refusal quotes the stored name
        con.execute("UPDATE members SET first_name = ?", ("\x1b[2Jعلی",))
    refused = run_cli(cli_db, "member", "add", "--mobile", "09121234567", check=False)
    assert refused.returncode == 1 and b"already belongs" in refused.stderr and b"\x1b" not in refused.stderr
