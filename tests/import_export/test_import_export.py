"""Data in and out: members from the files shops keep, a preview that writes nothing and reports
every bad row, a confirm in one transaction; exports to xlsx and csv, owner only and audited."""

from __future__ import annotations

import csv
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.raw import club_key

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError, PermissionDenied, ValidationError
from loyaltydesk.domain.report import Column, Kind, Report, Table
from loyaltydesk.printing.sheets import write_report, write_table
from loyaltydesk.services import import_export

from tests.clubs import balances

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

HEADER = ["ردیف", "نام و نام خانوادگی", "شماره موبايل", "تاریخ تولد", "کد ملي", "جنسیت", "توضیحات"]
ROWS = [
    [1, "سارا احمدی", "۰۹۱۲ ۳۳۳ ۴۴۵۵", "۱۳۷۰/۰۵/۱۴", "", "زن", "مشتری قدیمی"],
    [2, "رضا كريمي", "+98 935 777 2233", "1365-12-29", "0499370899", "مرد", ""],
    [3, "مينا", 9191234567, datetime(1991, 8, 5), "", "", ""],  # a number cell, an Excel date
    [4, "بی‌شماره", "", "", "", "", ""],
    [5, "تکراری", "09123334455", "", "", "", ""],  # again, row 2 of the file already has it
    [6, "تاریخ بد", "09120000006", "1403/12/31", "", "", ""],  # 1403 is leap: Esfand 30 only... 31 never
    [7, "کد بد", "09120000007", "", "1234567890", "", ""],
    [8, "همه بد", "0912", "1404/13/01", "", "نامعلوم", ""],
    [9, "عضو فعلی", "09121234567", "1370/01/01", "", "", "آمده از فایل"],  # already in the club
    [],  # an empty row: ignored
    [11, "=HYPERLINK(\"http://x\")", "09120000011", "", "", "", ""],
]


def write_xlsx(path: Path, header=HEADER, rows=ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def write_csv(path: Path, header=HEADER, rows=ROWS, encoding="utf-8-sig", delimiter=",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        for r in rows:
            w.writerow([v.strftime("%Y-%m-%d") if isinstance(v, datetime) else v for v in r])
    return path


def outcome(preview) -> dict:
    return {r.row: r.action for r in preview.rows}


EXPECTED = {2: "add", 3: "add", 4: "add", 5: "error", 6: "error", 7: "error", 8: "error", 9: "error", 10: "skip",
            12: "add"}


@pytest.mark.parametrize("kind", ["xlsx", "csv", "csv-cp1256-semicolon"])
def test_preview_reports_every_row_and_writes_nothing_then_confirm_imports(shop, tmp_path, kind):
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "members.xlsx")
    elif kind == "csv":
        path = write_csv(tmp_path / "members.csv")
    else:
        rows = [[v.replace("۰۹۱۲ ۳۳۳ ۴۴۵۵", "09123334455") if isinstance(v, str) else v for v in r] for r in ROWS]
        # an old Windows export: Arabic Yeh and Kaf (Windows-1256 has no Persian ones), ASCII digits
        arabic = str.maketrans("یک۱۲۳۴۵۶۷۸۹۰", "يك1234567890")
        rows = [[v.translate(arabic) if isinstance(v, str) else v for v in r] for r in rows]
        path = write_csv(tmp_path / "members.csv", [h.translate(arabic) for h in HEADER], rows, "cp1256", ";")
    before, audit = balances(shop.db), shop.db.value("SELECT count(*) FROM audit_log")
    preview = import_export.preview_import(shop, path)
    assert preview.mapping == {"mobile": "شماره موبایل", "full_name": "نام و نام خانوادگی", "birthday": "تاریخ تولد",
                               "national_code": "کد ملی", "gender": "جنسیت", "notes": "توضیحات"}
    assert outcome(preview) == EXPECTED
    assert not preview.done and preview.counts == {"add": 4, "merge": 0, "skip": 1, "error": 5}
    assert balances(shop.db) == before and shop.db.value("SELECT count(*) FROM audit_log") == audit  # nothing written
    reasons = {r.row: " ".join(r.problems) for r in preview.errors}
    assert "empty" in reasons[5]
    assert "already on row 2" in reasons[6]
    assert "1403/12/31" in reasons[7] and "30 days" in reasons[7]
    assert "national code" in reasons[8]
    assert "not an Iranian mobile" in reasons[9] and "not a Jalali date" in reasons[9] and "Gender" in reasons[9]

    done = import_export.confirm_import(shop, preview)
    assert done.done and outcome(done) == EXPECTED
    assert len(balances(shop.db)) == len(before) + 4
    sara = services.members.get_member(shop, "09123334455")
    assert (sara.first_name, sara.last_name, sara.birthday, sara.gender) == ("سارا", "احمدی", "1370/05/14", "f")
    reza = services.members.get_member(shop, "09357772233")
    assert (reza.first_name, reza.last_name, reza.national_code, reza.birthday) == ("رضا", "کریمی", "0499370899", "1365/12/29")
    ali = services.members.get_member(shop, "09121234567")  # already a member: skipped, untouched
    assert (ali.first_name, ali.birthday, ali.notes) == ("علی", "1370/05/14", "")
    assert services.members.get_member(shop, "09191234567").birthday == "1370/05/14"  # 1991-08-05
    # text that looks like a formula is a name like any other (in the xlsx it is a formula cell: never run)
    assert services.members.get_member(shop, "09120000011").first_name == ("" if kind == "xlsx" else '=HYPERLINK("http://x")')
    assert shop.db.value("SELECT count(*) FROM audit_log WHERE action = 'import_members'") == 1
    # the ids the import took are not handed out again (PostgreSQL: its sequences moved past them)
    after = services.members.sign_up(shop, "09128887766", "نیما", "صادقی")
    services.checkout.register_purchase(shop, after.card, 3_000_000)
    assert after.id == shop.db.value("SELECT max(id) FROM members")
    assert services.check.check_database(shop) == []


def test_merge_fills_in_the_existing_member(shop, tmp_path):
    path = write_csv(tmp_path / "m.csv", ["mobile", "first name", "last name", "birthday", "SMS"],
                     [["9121234567", "علی‌اکبر", "", "1370/01/01", "بله"]])
    preview = import_export.preview_import(shop, path, on_duplicate="merge")
    assert outcome(preview) == {2: "merge"}
    import_export.confirm_import(shop, preview)
    m = services.members.get_member(shop, "09121234567")
    assert (m.first_name, m.last_name, m.birthday, m.sms_consent) == ("علی‌اکبر", "رضایی", "1370/01/01", True)


def test_a_file_changed_after_the_preview_is_refused(shop, tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx")
    preview = import_export.preview_import(shop, path)
    write_xlsx(path, rows=ROWS[:1])
    with pytest.raises(LoyaltyError, match="changed since the preview"):
        import_export.confirm_import(shop, preview)


def test_a_mapping_chosen_by_hand(shop, tmp_path):
    path = write_csv(tmp_path / "m.csv", ["col1", "col2"], [["x", "09120000001"], ["y", "bad"]])
    with pytest.raises(LoyaltyError, match="looks like the mobile"):
        import_export.preview_import(shop, path)
    preview = import_export.preview_import(shop, path, mapping={"mobile": "col2", "first_name": 0})
    assert outcome(preview) == {2: "add", 3: "error"}
    with pytest.raises(ValidationError, match="no column 'col9'"):
        import_export.preview_import(shop, path, mapping={"mobile": "col9"})
    with pytest.raises(ValidationError, match="not a member field"):
        import_export.preview_import(shop, path, mapping={"mobile": 1, "card": 0})


@pytest.mark.parametrize("header, expected", [
    (["Mobile", "First Name", "Last Name", "Birthday", "National ID", "Sex", "Notes"],
     {"mobile": 0, "first_name": 1, "last_name": 2, "birthday": 3, "national_code": 4, "gender": 5, "notes": 6}),
    (["نام", "نام خانوادگی", "تلفن همراه"], {"first_name": 0, "last_name": 1, "mobile": 2}),
    (["نام مشتری", "شماره تماس مشتری", "تولد (شمسی)"], {"full_name": 0, "mobile": 1, "birthday": 2}),
    (["customer_name", "phone-number"], {"full_name": 0, "mobile": 1}),
    (["اسم", "فاميلي", "موبايل", "پیامک"], {"first_name": 0, "last_name": 1, "mobile": 2, "sms_consent": 3}),
])
def test_guess_mapping(header, expected):
    assert import_export.guess_mapping(tuple(header)) == expected


@pytest.mark.parametrize("name, content, message", [
    ("m.xls", b"\xd0\xcf\x11\xe0", "old Excel"),
    ("m.xlsx", b"not a zip at all", "Cannot read"),
    ("m.pdf", b"%PDF", "xlsx or .csv"),
    ("m.csv", b"", "no header"),
    ("m.csv", b"\n\n,,\n", "no header"),
])
def test_unreadable_files_are_refused_clearly(shop, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(LoyaltyError, match=message):
        import_export.preview_import(shop, tmp_path / name)


def test_import_and_export_need_the_owner(shop, cashier, tmp_path):
    path = write_csv(tmp_path / "m.csv")
    for action in (lambda: import_export.preview_import(cashier, path),
                   lambda: import_export.export(cashier, "members", tmp_path / "out.csv")):
        with pytest.raises(PermissionDenied, match="cashier may not"):
            action()
    assert not (tmp_path / "out.csv").exists()


# --- export -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("what, rows", [("members", 3), ("purchases", 3), ("ledger", 6)])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_writes_every_row_and_is_audited(shop, tmp_path, what, rows, suffix):
    result = import_export.export(shop, what, tmp_path / f"{what}{suffix}")
    assert result.rows == rows == shop.db.value(f"SELECT count(*) FROM {what}")
    if suffix == ".csv":
        raw = (tmp_path / f"{what}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads Persian right
        table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    else:
        wb = openpyxl.load_workbook(tmp_path / f"{what}.xlsx")
        assert wb.active.sheet_view.rightToLeft
        table = [[c for c in r] for r in wb.active.iter_rows(values_only=True)]
    assert len(table) == rows + 1
    last = shop.db.one("SELECT actor, action, entity, after FROM audit_log ORDER BY id DESC LIMIT 1")
    assert (last["actor"], last["action"], last["entity"]) == ("owner", "export", what) and f'"rows": {rows}' in last["after"]


def test_exported_members_round_trip_through_import(shop, tmp_path, clock):
    import_export.export(shop, "members", tmp_path / "members.xlsx")
    other = services.open_club(tmp_path / "other" / "club.sqlite3", key=club_key(tmp_path / "other" / "club.sqlite3"))
    owner = services.owner_session(other, clock=clock)
    for t in services.club.list_tiers(shop):  # moving in: the same tiers, so that each member keeps theirs
        services.club.add_tier(owner, t.name, t.threshold, t.discount_bp, t.multiplier_pct, t.birthday_bonus, t.color)
    preview = import_export.preview_import(owner, tmp_path / "members.xlsx")
    assert {"mobile", "first_name", "last_name", "birthday", "national_code", "gender", "notes", "points",
            "tier"} <= set(preview.mapping)
    import_export.confirm_import(owner, preview)
    mine = {m.mobile: (m.first_name, m.last_name, m.birthday, m.points, m.tier) for m in
            (services.members.get_member(shop, c) for c in shop.cards)}
    theirs = {m: (v.first_name, v.last_name, v.birthday, v.points, v.tier) for m in mine
              for v in [services.members.get_member(owner, m)]}
    assert mine == theirs
    assert services.check.check_database(owner) == []
    other.close()


def test_sheets_keep_codes_as_text_money_in_the_unit_and_formulas_out(tmp_path):
    table = Table("Members", (Column("mobile", "Mobile", Kind.CODE), Column("name", "Name"),
                              Column("spend", "Spend", Kind.MONEY), Column("share", "Share", Kind.PERCENT_BP),
                              Column("at", "When", Kind.MOMENT)),
                  (("09121234567", "=cmd|' /C calc'!A0", 12_500_005, 1234, "2025-06-01T08:00:00Z"),
                   ("09350000000", "علی", None, None, None)))
    write_table(table, tmp_path / "t.xlsx", unit="toman")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in ws[1]] == ["Mobile", "Name", "Spend (toman)", "Share", "When"]
    assert [c.value for c in ws[2]] == ["09121234567", "=cmd|' /C calc'!A0", 1_250_000.5, 0.1234, "1404/03/11 11:30"]
    assert ws["B2"].data_type == "s"  # text, not a formula
    with zipfile.ZipFile(tmp_path / "t.xlsx") as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
    write_table(table, tmp_path / "t.csv", unit="rial")
    rows = list(csv.reader((tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1] == ["09121234567", "'=cmd|' /C calc'!A0", "12500005", "12.34", "1404/03/11 11:30"]
    with pytest.raises(LoyaltyError, match="xlsx or .csv"):
        write_table(table, tmp_path / "t.ods", unit="rial")


def test_write_report_puts_the_summary_first_and_each_table_on_its_sheet(tmp_path):
    t = Table("Tiers", (Column("tier", "Tier"), Column("n", "Members", Kind.INT)), (("برنزی", 10), ("طلایی", 2)))
    report = Report("tiers", "Tier distribution", "1404/01/01 – 1404/03/31", (("Members", 12, Kind.INT),), (t, t))
    write_report(report, tmp_path / "r.xlsx", unit="toman")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["Summary", "Tiers", "Tiers (2)"]
    assert [[c.value for c in r] for r in wb["Summary"].iter_rows()] == [
        ["Tier distribution", None], ["Period", "1404/01/01 – 1404/03/31"], ["Members", 12]]
    write_report(report, tmp_path / "r.csv", unit="toman")
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[:4] == ["Tier distribution,", "Period,1404/01/01 – 1404/03/31", "Members,12", ""]
    assert lines[4:7] == ["Tiers", "Tier,Members", "برنزی,10"]
