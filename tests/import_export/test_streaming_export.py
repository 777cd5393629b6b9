"""Exports written row by row: memory stays flat whatever the club's size (measured in a process of
its own), a sheet past Excel's row limit goes on in the next sheet under the same header, and the
store hands the rows over one at a time, typed, in the columns' order."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import types
from pathlib import Path

import openpyxl
import pytest

from tests.raw import club_key

from loyaltydesk.printing import sheets
from loyaltydesk.services import import_export
from loyaltydesk.store import import_export as export_store

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

ROOT = Path(__file__).resolve().parents[2]

# The export in a process of its own: its peak resident memory (VmHWM: the process's own; ru_maxrss
# would carry the test runner's peak over the fork) is the export's, SQLite's page cache included.
PROBE = """
import json, resource, sys
from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.services.session import Session, User
from loyaltydesk.services import import_export
from tests.raw import club_key

db = services.open_club(sys.argv[1], key=club_key(sys.argv[1]))
session = Session(db, User("owner", Role.OWNER))
result = import_export.export(session, sys.argv[2], sys.argv[3])
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": result.rows, "peak_mb": peak / 1024}))
"""


def _fill(db, purchases: int) -> None:
    """``purchases`` purchases spread over 5,000 members, written by SQL (the triggers keep the
    club's figures): seconds, where the checkout would take minutes."""
    with db.transaction():
        db.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
            INSERT INTO members (card, mobile, mobile_rev, first_name, last_name, search_name, joined_at, tier_since)
            SELECT printf('7%09d', i), printf('0912%07d', i), printf('%07d2190', i), 'نام ' || i, 'خانواده',
                   'نام ' || i, '2025-01-01T08:00:00Z', '2025-01-01T08:00:00Z' FROM n""")
        db.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO purchases (member_id, at, recorded_at, actor, gross, tier_discount, net, points_earned)
            SELECT 1 + i % 5000, strftime('%Y-%m-%dT%H:%M:%SZ', '2025-02-01', '+' || (i * 37) || ' seconds'),
                   '2025-02-01T00:00:00Z', 'owner', 1000000 + i, 0, 1000000 + i, 100 FROM n""", (purchases,))


@pytest.fixture(scope="module")
def clubs(tmp_path_factory):
    """Two clubs alike but for their size: 2,000 and 32,000 purchases."""
    from loyaltydesk import services

    made = {}
    for n in (2_000, 32_000):
        path = tmp_path_factory.mktemp(f"club{n}") / "club.sqlite3"
        db = services.open_club(path, key=club_key(path))
        _fill(db, n)
        db.close()
        made[n] = path
    return made


def _peak(club: Path, what: str, out: Path) -> dict:
    run = subprocess.run([sys.executable, "-c", PROBE, str(club), what, str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("suffix, sizes", [(".csv", (2_000, 32_000)), (".xlsx", (2_000, 32_000))])
def test_memory_does_not_grow_with_the_rows(clubs, tmp_path, suffix, sizes):
    small, big = (_peak(clubs[n], "purchases", tmp_path / f"p{n}{suffix}") for n in sizes)
    assert (small["rows"], big["rows"]) == sizes
    print(f"{suffix}: peak {small['peak_mb']:.0f} MB at {sizes[0]:,} rows, {big['peak_mb']:.0f} MB at {sizes[1]:,}")
    # The export as it was (the whole table in memory) grew by ~2 KB a purchase: 60 MB more here.
    # Even just the rows held in a list (the query's rows listed before writing) grow by ~0.6 KB a
    # purchase, 18 MB more here (measured: csv 57 -> 77 MB, xlsx 71 -> 88 MB at 5,000 -> 35,000),
    # where the streamed export grows by 1 MB at most (csv 57 -> 58 MB, xlsx 67.4 -> 67.7 MB).
    assert big["peak_mb"] < 200 and small["peak_mb"] < 200, (small, big)
    assert big["peak_mb"] - small["peak_mb"] < 8, (small, big)


def test_a_sheet_past_the_row_limit_goes_on_in_the_next_under_the_same_header(clubs, tmp_path, monkeypatch):
    from loyaltydesk import services
    from loyaltydesk.domain.roles import Role
    from loyaltydesk.services.session import Session, User

    monkeypatch.setattr(sheets, "EXCEL_MAX_ROWS", 801)  # 800 rows and the header
    monkeypatch.setattr(sheets, "WIDTH_SAMPLE", 100)
    db = services.open_club(clubs[2_000], key=club_key(clubs[2_000]))
    try:
        result = import_export.export(Session(db, User("owner", Role.OWNER)), "purchases", tmp_path / "p.xlsx")
        ids = [r[0] for r in db.all("SELECT id FROM purchases ORDER BY id")]
    finally:
        db.close()
    assert result.rows == 2_000
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx", read_only=True)
    assert wb.sheetnames == ["Purchases", "Purchases (2)", "Purchases (3)"]
    read = {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
    header = read["Purchases"][0]
    assert header[:3] == ("Purchase", "When", "Card") and all(rows[0] == header for rows in read.values())
    assert [len(rows) - 1 for rows in read.values()] == [800, 800, 400]
    assert [row[0] for rows in read.values() for row in rows[1:]] == ids  # every row once, in order
    wb.close()
    full = openpyxl.load_workbook(tmp_path / "p.xlsx")
    for name, rows in (("Purchases", 800), ("Purchases (3)", 400)):
        ws = full[name]
        assert ws.sheet_view.rightToLeft and ws.freeze_panes == "A2" and ws["A1"].font.b
        assert ws.auto_filter.ref == f"A1:O{rows + 1}"
        assert ws["B2"].value.startswith("140") and ws["F2"].number_format == "#,##0"  # Jalali; money
        assert ws["C2"].data_type == "s" and ws["C2"].number_format == "@"  # a card stays text


@pytest.mark.parametrize("limit, rows, sheets_made", [(3, 0, 1), (3, 2, 1), (3, 3, 2), (3, 4, 2), (3, 5, 3)])
def test_rows_split_exactly_at_the_limit(tmp_path, monkeypatch, limit, rows, sheets_made):
    monkeypatch.setattr(sheets, "EXCEL_MAX_ROWS", limit)
    columns = (import_export.Column("n", "N", import_export.Kind.INT),)
    written = sheets.write_rows("Numbers", columns, iter([(i,) for i in range(rows)]), tmp_path / "n.xlsx", unit="rial")
    wb = openpyxl.load_workbook(tmp_path / "n.xlsx")
    assert written == rows and len(wb.sheetnames) == sheets_made
    assert [[c.value for c in r] for ws in wb for r in ws.iter_rows()] == [
        v for s in range(sheets_made) for v in [["N"]] + [[i] for i in range(rows)][s * (limit - 1):(s + 1) * (limit - 1)]]


def test_the_store_hands_rows_one_at_a_time_typed_in_the_columns_order(shop, tmp_path):
    for what, (_, query, columns) in import_export.EXPORTS.items():
        rows = query(shop.db)
        assert isinstance(rows, types.GeneratorType)  # a cursor walked as written, never a list
        first = next(rows)
        assert first._fields == tuple(c.key for c in columns), what
        rows.close()
    import_export.export(shop, "members", tmp_path / "m.csv")
    lines = list(csv.reader((tmp_path / "m.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert lines[1][:2] == [shop.cards[0], "09121234567"]
    assert export_store.MemberExport._fields[:2] == ("card", "mobile")


def test_a_failed_export_lets_the_cursor_go_and_leaves_no_file(shop, tmp_path, monkeypatch):
    def broken(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sheets.csv, "writer", broken)
    (tmp_path / "out").mkdir()
    with pytest.raises(sheets.CannotWriteSheet, match="No space left"):
        import_export.export(shop, "purchases", tmp_path / "out" / "p.csv")
    assert list((tmp_path / "out").iterdir()) == []
    with shop.db.transaction():  # no statement left open on the connection
        shop.db.execute("UPDATE settings SET value = value")
