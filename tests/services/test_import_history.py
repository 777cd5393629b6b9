"""Moving in: past purchases and members with what they bring from the old program.

Rules as tables, the readers under hypothesis, and from outside: the real ``loyaltydesk`` command
on files written as Excel writes them (openpyxl, CSV in Windows-1256 and UTF-16), after which
``check`` is clean and ``report value`` matches the imported history."""

from __future__ import annotations

import csv
import json
import subprocess
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loyaltydesk import services
from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.money import Unit
from loyaltydesk.services import import_history as ih
from loyaltydesk.services import import_export
from loyaltydesk.services.check import check_database
from tests.conftest import CLI_OWNER, CLI_PASSWORD

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / ".venv" / "bin" / "loyaltydesk"
NOW = datetime(2025, 6, 1, 8, 0, tzinfo=timezone.utc)  # tests/conftest.py START: 1404/03/11


# --- the readers, as tables -------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("1403/05/14", "2024-08-04T08:30:00Z"),  # noon Tehran
    ("۱۴۰۳/۰۵/۱۴", "2024-08-04T08:30:00Z"),
    ("1403-5-14 13:45", "2024-08-04T10:15:00Z"),
    ("2024-08-04", "2024-08-04T08:30:00Z"),
    ("2024/08/04 09:00", "2024-08-04T05:30:00Z"),
    ("2024-08-04T10:00:00Z", "2024-08-04T10:00:00Z"),
    (datetime(2024, 8, 4), "2024-08-04T08:30:00Z"),  # an Excel date cell
    (datetime(2024, 8, 4, 18, 30), "2024-08-04T15:00:00Z"),
    (date(2024, 8, 4), "2024-08-04T08:30:00Z"),
    ("1403/12/30", "2025-03-20T08:30:00Z"),  # 1403 is leap
])
def test_dates_jalali_iso_and_excel_cells_in_tehran_time(value, expected):
    from loyaltydesk.domain.jalali import to_iso
    assert to_iso(ih.parse_when(value, NOW)) == expected


@pytest.mark.parametrize("value, words", [
    ("", "empty"), (None, "empty"), ("1403/12/31", "not a date"), ("1404/13/01", "not a date"),
    ("2024-02-30", "not a date"), ("yesterday", "not a date"), ("1404/03/12", "after today"),
    ("2026-01-01", "after today"), ("1200/01/01", "between the years"),
])
def test_dates_refused_with_a_reason(value, words):
    with pytest.raises(ValidationError, match=words):
        ih.parse_when(value, NOW)


@pytest.mark.parametrize("value, unit, rials", [
    ("1,250,000", Unit.TOMAN, 12_500_000), ("۱٬۲۵۰٬۰۰۰", Unit.RIAL, 1_250_000), ("12500", Unit.RIAL, 12_500),
    (12500, Unit.TOMAN, 125_000), ("12.5", Unit.TOMAN, 125),
])
def test_amounts_in_the_files_unit(value, unit, rials):
    assert ih.parse_gross(value, unit) == rials


@pytest.mark.parametrize("value, words", [
    ("", "empty"), ("0", "more than zero"), ("-5", "negative"), ("abc", "not an amount"),
    ("607789519065", "ceiling"),
])
def test_amounts_refused(value, words):
    with pytest.raises(ValidationError, match=words):
        ih.parse_gross(value, Unit.RIAL, ceiling=100_000_000_000)


@pytest.mark.parametrize("title, unit", [
    ("مبلغ (تومان)", "toman"), ("مبلغ (ريال)", "rial"), ("Amount in rials", "rial"), ("Amount", None),
    ("مبلغ", None), ("Total (Toman)", "toman"),
])
def test_the_unit_named_by_the_title(title, unit):
    assert import_export.unit_of(title) == unit


@pytest.mark.parametrize("header, expected", [
    (("شماره کارت", "تاریخ خرید", "مبلغ (تومان)", "شماره فاکتور"), {"member": 0, "date": 1, "amount": 2, "receipt": 3}),
    (("Mobile", "Date", "Amount", "Invoice"), {"member": 0, "date": 1, "amount": 2, "receipt": 3}),
    (("مشتری", "مبلغ کل", "تاریخ"), {"member": 0, "amount": 1, "date": 2}),
])
def test_columns_guessed_from_their_titles(header, expected):
    assert ih.guess_mapping(header) == expected


@given(st.integers(1330, 1420), st.integers(1, 12), st.integers(1, 29), st.integers(0, 23), st.integers(0, 59))
@settings(max_examples=200, deadline=None)
def test_any_jalali_day_and_time_lands_on_that_jalali_day_in_tehran(y, m, d, hh, mm):
    import jdatetime

    from loyaltydesk.domain.jalali import TEHRAN
    moment = ih.parse_when(f"{y}/{m:02d}/{d:02d} {hh:02d}:{mm:02d}")
    local = moment.astimezone(TEHRAN)
    j = jdatetime.date.fromgregorian(date=local.date())
    assert (j.year, j.month, j.day) == (y, m, d)
    asked = datetime.combine(jdatetime.date(y, m, d).togregorian(), time(hh, mm))
    moved = local.replace(tzinfo=None) - asked
    if moved:  # a time the clocks skipped (summer time began at midnight until 1401) moves past the gap
        assert moved == timedelta(hours=1)
        assert asked.replace(tzinfo=TEHRAN).astimezone(timezone.utc).astimezone(TEHRAN).replace(tzinfo=None) != asked


@given(st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_the_readers_answer_any_text_with_a_value_or_a_reason(text):
    for fn in (lambda v: ih.parse_when(v, NOW), lambda v: ih.parse_gross(v, Unit.TOMAN, 10**11), ih.parse_member_key,
               ih.parse_receipt):
        try:
            fn(text)
        except ValidationError as e:
            assert e.problems and all(p.message for p in e.problems)


@given(st.integers(1, 10**10), st.sampled_from([Unit.RIAL, Unit.TOMAN]), st.booleans())
@settings(max_examples=200, deadline=None)
def test_amounts_written_any_way_read_back(n, unit, grouped):
    text = f"{n:,}" if grouped else str(n)
    assert ih.parse_gross(text, unit) == n * unit.rials


# --- the service ----------------------------------------------------------------------------------

def members_of(owner, n=3):
    return [services.members.sign_up(owner, f"0912000000{i}", "عضو", str(i)) for i in range(n)]


def write_csv(path: Path, rows, header=("کارت یا موبایل", "تاریخ", "مبلغ (تومان)", "شماره فاکتور"),
              encoding="utf-8-sig", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_a_history_previewed_then_imported_counts_for_the_tier_not_for_points(club, tmp_path, clock):
    a, b, c = members_of(club)
    path = write_csv(tmp_path / "h.csv", [
        [a.card, "1404/01/10", "3,000,000", "F1"],      # 30M rials
        [b.mobile.replace("0", "+98", 1), "1404/02/01 18:00", "2500000", "F2"],
        [a.card, "1404/03/01", "2,500,000", "F3"],      # a: 55M in the window -> silver (50M)
        ["09129999999", "1404/01/01", "10", "F4"],      # nobody
        [c.card, "1405/01/01", "0", "F1"],              # future, zero, receipt twice: every problem
        [c.card, "1399/01/01", "100", "F6"],            # outside the window: history, no tier
    ])
    preview = ih.preview_purchases(club, path)
    assert preview.unit == "toman" and preview.counts == {"add": 4, "skip": 0, "error": 2}
    assert preview.totals["gross"] == 80_001_000 and preview.totals["upgrades"] == 1
    bad = {r.row: r.problems for r in preview.errors}
    assert "No member" in bad[5][0] and len(bad[6]) == 3
    assert club.db.value("SELECT count(*) FROM purchases") == 0  # nothing written
    done = ih.confirm_purchases(club, preview)
    assert done.done and done.counts == preview.counts
    va = services.members.get_member(club, a.card)
    assert (va.tier, va.points, va.qualifying_spend) == ("نقره‌ای", 0, 55_000_000)
    assert check_database(club) == []
    audit = club.db.all("SELECT action, after FROM audit_log WHERE action = 'import_purchases'")
    assert len(audit) == 1 and json.loads(audit[0]["after"])["gross"] == 80_001_000
    # a second import of the same file skips what is in the club (receipts)
    again = ih.confirm_purchases(club, ih.preview_purchases(club, path))
    assert again.counts == {"add": 0, "skip": 4, "error": 2}
    assert club.db.value("SELECT count(*) FROM purchases") == 4 and check_database(club) == []


def test_with_points_each_purchase_earns_a_lot_dated_at_it(club, tmp_path, clock):
    (a,) = members_of(club, 1)
    path = write_csv(tmp_path / "h.csv", [[a.card, "1404/03/01", "100000", ""], [a.card, "1403/01/01", "50000", ""]])
    ih.confirm_purchases(club, ih.preview_purchases(club, path, with_points=True))
    lots = club.db.all("SELECT at, points, expires_at FROM ledger ORDER BY id")
    assert [(r["points"], r["expires_at"][:10]) for r in lots] == [(100, "2025-11-22"), (50, "2024-09-22")]
    assert services.members.get_member(club, a.card).points == 100  # the 1403 lot is past its date
    assert check_database(club) == []


def test_check_proves_what_the_audit_row_says(club, tmp_path):
    (a,) = members_of(club, 1)
    path = write_csv(tmp_path / "h.csv", [[a.card, "1404/03/01", "100000", "F1"]])
    ih.confirm_purchases(club, ih.preview_purchases(club, path))
    if club.db.engine == "postgresql":  # the server's triggers off for this connection (its superuser's)
        club.db.execute("SET session_replication_role = replica")
    else:
        club.db.execute("PRAGMA ignore_check_constraints = ON")
        club.db.execute("DROP TRIGGER members_win_moved")  # an editor changes the figure behind the program's back
    club.db.execute("UPDATE purchases SET gross = gross + 1, net = net + 1")
    assert any("Import" in p.message and "purchases gross" in p.message for p in check_database(club))


def test_members_bring_their_points_spend_and_tier(club, tmp_path, clock):
    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["موبایل", "نام", "مانده امتیاز", "تاریخ امتیاز", "خرید دوره (تومان)", "سطح"])
    ws.append(["09121110001", "سارا", 1200, "1404/01/15", 6_000_000, ""])       # spend 60M rials -> silver
    ws.append(["09121110002", "رضا", "", "", "", "طلایی"])                         # gold as the old club had it
    ws.append(["09121110003", "مینا", 500, "1402/01/01", "", "نقره ای"])          # a lot already past its date
    ws.append(["09121110004", "بد", -5, "1405/01/01", "x", "الماسی"])               # every problem
    wb.save(path)
    preview = import_export.preview_import(club, path)
    assert preview.counts["add"] == 3 and preview.counts["error"] == 1
    assert preview.totals == {"points": 1700, "gross": 60_000_000}
    assert len(preview.errors[0].problems) == 4
    import_export.confirm_import(club, preview)
    m = {k: services.members.get_member(club, k) for k in ("09121110001", "09121110002", "09121110003")}
    assert [(v.tier, v.points) for v in m.values()] == [("نقره‌ای", 1200), ("طلایی", 0), ("نقره‌ای", 0)]
    assert m["09121110001"].qualifying_spend == 60_000_000
    assert club.db.value("SELECT count(*) FROM audit_log WHERE entity = 'member'") == 0  # one row, not one per member
    assert check_database(club) == []


# --- from outside: the real command on files as Excel writes them ------------------------------------

def cli(db: Path, *args, check=True):
    run = subprocess.run([str(CLI), "--db", str(db), "--user", CLI_OWNER, "--json", *args], capture_output=True,
                         text=True, timeout=120, env={"LOYALTYDESK_HOME": str(db.parent), "PATH": "/usr/bin:/bin",
                                                      "LOYALTYDESK_PASSWORD": CLI_PASSWORD})
    if check:
        assert run.returncode == 0, run.stderr
    return json.loads(run.stdout) if run.stdout.strip().startswith(("{", "[")) else run.stdout


@pytest.fixture
def shop(tmp_path):
    db = tmp_path / "club.sqlite3"
    cli(db, "init", "--owner", CLI_OWNER)
    cli(db, "tier", "add", "برنزی", "--threshold", "0", "--discount", "0", "--multiplier", "100")
    cli(db, "tier", "add", "نقره‌ای", "--threshold", "50000000", "--discount", "3", "--multiplier", "125")
    return db


@pytest.mark.skipif(not CLI.exists(), reason="the console script is not installed")
@pytest.mark.parametrize("kind", ["xlsx", "cp1256", "utf16"])
def test_the_real_command_imports_members_then_their_history(shop, tmp_path, kind):
    members = [["موبایل", "نام", "مانده امتیاز", "سطح"], ["09121110001", "سارا", "300", "برنزی"],
               ["09121110002", "رضا", "", "نقره‌ای"]]
    history = [["موبایل", "تاریخ", "مبلغ (ریال)", "شماره فاکتور"],
               ["09121110001", "1403/05/14", "1250000", "A1"], ["9121110002", "1403/05/15", "4000000", "A2"],
               ["00989121110001", "1403/06/01", "750000", "A3"]]
    paths = []
    for name, rows in (("members", members), ("history", history)):
        if kind == "xlsx":
            p = tmp_path / f"{name}.xlsx"
            wb = openpyxl.Workbook()
            for r in rows:
                wb.active.append([int(v) if v.isdigit() and name == "history" and len(v) < 9 else v for v in r])
            wb.save(p)
        elif kind == "cp1256":  # Excel's "CSV (Comma delimited)" on a Persian Windows: ی and ک as ي and ك
            arabic = str.maketrans("یک", "يك")
            p = write_csv(tmp_path / f"{name}.csv", [[v.translate(arabic) for v in r] for r in rows[1:]],
                          header=[v.translate(arabic) for v in rows[0]], encoding="cp1256")
        else:  # Excel's "Unicode Text": UTF-16 with a BOM, tabs
            p = write_csv(tmp_path / f"{name}.txt", rows[1:], header=rows[0], encoding="utf-16", delimiter="\t")
        paths.append(p)
    dry = cli(shop, "import", "members", str(paths[0]), "--dry-run")
    assert dry["counts"]["add"] == 2 and not dry["done"]
    done = cli(shop, "import", "members", str(paths[0]))
    assert done["counts"]["add"] == 2 and done["totals"]["points"] == 300
    assert cli(shop, "member", "show", "09121110002")["tier"] == "نقره‌ای"
    dry = cli(shop, "import", "purchases", str(paths[1]), "--dry-run")
    assert dry["counts"] == {"add": 3, "skip": 0, "error": 0} and dry["totals"]["gross"] == 6_000_000
    assert cli(shop, "report", "value")["summary"]  # the report runs before: nothing imported yet
    cli(shop, "import", "purchases", str(paths[1]))
    again = cli(shop, "import", "purchases", str(paths[1]))
    assert again["counts"]["skip"] == 3
    checked = cli(shop, "check")
    assert (checked["ok"], checked["problems"]) == (True, [])
    value = cli(shop, "report", "value")  # 3 purchases of 6,000,000 rials by 2 members
    assert (value["buyers_ever"], value["lifetime_spend_per_buyer"], value["lifetime_visits_per_buyer"]) == \
        (2, 3_000_000, 1.5), value
