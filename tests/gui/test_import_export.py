"""Import and export on the settings page through the real widgets: an owner's Excel and CSV files
as shops keep them (Persian and Arabic digits, Jalali birthdays, mobiles in any form, a bad row, a
mobile twice), the preview with every reason in Persian and nothing written, the duplicate choice,
the import, an export read back with openpyxl; a cashier gets no such tab."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError, NotFound, PermissionDenied, Problem
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui import i18n
from loyaltydesk.gui.export_dialog import ExportDialog
from loyaltydesk.gui.import_dialog import ImportDialog
from loyaltydesk.gui.pages.club_settings import ClubSettingsPage
from loyaltydesk.services import audit_log, import_export
from loyaltydesk.services.session import DENIED
from loyaltydesk.services.import_export import MOBILE_TWICE
from loyaltydesk.services.changes import ALL

from .conftest import sign_in, wait_idle

HEADER = ["نام", "نام خانوادگی", "شماره موبایل", "تاریخ تولد", "جنسیت", "توضیحات"]


def rows(existing_mobile: str) -> list[list]:
    return [
        ["مریم", "رضایی", "۰۹۱۲ ۵۵۵ ۱۲۳۴", "۱۳۷۲/۰۳/۱۵", "زن", "از فایل"],          # row 2: new
        ["حسن", "موسوی", 9351112233, "١٣٦٨/٠٧/٠١", "مرد", ""],                    # row 3: new (lost its 0)
        ["غلط", "کامل", "0912", "1404/13/01", "", ""],                             # row 4: bad mobile and date
        ["تکراری", "", "+98 912 555 1234", "", "", ""],                            # row 5: row 2's mobile again
        ["", "", existing_mobile, "1370/01/01", "", "یادداشت تازه"],              # row 6: already in the club
    ]


def write_xlsx(path: Path, body: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in body:
        ws.append(r)
    wb.save(path)
    return path


def write_csv(path: Path, body: list[list]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(body)
    return path


def settle(qtbot, runner):
    qtbot.wait(30)
    wait_idle(qtbot, runner)


def plain(text: str) -> str:
    return to_ascii_digits(text).replace("٬", ",").replace("\u2066", "").replace("\u2069", "").replace("\u2068", "")


def call(runner, fn):
    return runner.call(fn).result()


def member_count(runner) -> int:
    return call(runner, lambda s: len(import_export.export_table(s, "members").rows))


def audit_count(runner) -> int:
    return call(runner, lambda s: len(audit_log.recent(s, 10_000)))


def get_member(runner, mobile):
    return call(runner, lambda s: services.members.get_member(s, mobile))


def an_existing_member(runner):
    table = call(runner, lambda s: import_export.export_table(s, "members"))
    keys = [c.key for c in table.columns]
    row = dict(zip(keys, table.rows[0]))
    return get_member(runner, row["mobile"])


def settings_page(qtbot, runner, user="owner") -> ClubSettingsPage:
    sign_in(runner, user)
    page = ClubSettingsPage(runner)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.refresh(ALL)  # (a page of its own: the main window would read it when first shown)
    settle(qtbot, runner)
    return page


def open_import(qtbot, runner, page, path: Path) -> ImportDialog:
    page.tabs.setCurrentWidget(page.import_export)
    dialog = page.import_export.open_import()
    dialog.ask_open_path = lambda: str(path)  # instead of the file dialog
    dialog.choose_file()
    settle(qtbot, runner)
    return dialog


def table_rows(dialog: ImportDialog) -> dict[int, list[str]]:
    t = dialog.table
    return {int(plain(t.item(r, 0).text())): [t.item(r, c).text() for c in range(t.columnCount())]
            for r in range(t.rowCount())}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_preview_shows_every_row_and_reason_writes_nothing_then_imports(qtbot, runner, shot, tmp_path, kind):
    page = settings_page(qtbot, runner)
    existing = an_existing_member(runner)
    body = rows(existing.mobile)
    path = (write_xlsx if kind == "xlsx" else write_csv)(tmp_path / f"members.{kind}", body)
    before_members, before_audit = member_count(runner), audit_count(runner)

    dialog = open_import(qtbot, runner, page, path)
    assert dialog.isVisible() and dialog.file.text() == str(path)
    # the guessed columns, one combo per field
    combos = {f: c.currentText() for f, c in dialog.combos.items() if c.currentData() is not None}
    assert combos == {"first_name": "نام", "last_name": "نام خانوادگی", "mobile": "شماره موبایل",
                      "birthday": "تاریخ تولد", "gender": "جنسیت", "notes": "توضیحات"}
    assert dialog.combos["national_code"].currentData() is None
    # every row with its outcome; the bad ones with their reasons, in Persian, in red
    assert dialog.counts_shown() == {"add": 2, "merge": 0, "skip": 1, "error": 2}
    shown = table_rows(dialog)
    assert sorted(shown) == [2, 3, 4, 5, 6]
    assert plain(shown[2][2]) == "09125551234" and plain(shown[3][2]) == "09351112233"
    assert shown[2][1] == dialog.tr("New member") and shown[6][1] == dialog.tr("Skipped: already a member")
    assert shown[2][4] == "" and shown[6][4] == ""
    twice = i18n.problem_text(Problem("mobile", MOBILE_TWICE, {"mobile": "09125551234", "row": 2}))
    assert shown[5][4] == twice
    assert "'0912'" in plain(shown[4][4]) and "'1404/13/01'" in plain(shown[4][4])
    if i18n.is_persian():  # translated, with Persian digits, not the English text
        assert "۲" in twice and "Mobile" not in twice and "mobile" not in shown[4][4].lower()
    red = QColor("#c62828")
    bad = [r for r in range(dialog.table.rowCount()) if plain(dialog.table.item(r, 0).text()) in ("4", "5")]
    assert all(dialog.table.item(r, 4).foreground().color() == red for r in bad)
    assert plain(dialog.counts.text()) == plain(i18n.arg(dialog.tr(
        "If imported: %1 new, %2 merged, %3 skipped, %4 rows with problems left out."), "2", "0", "1", "2"))
    assert dialog.import_button.isEnabled()
    shot(dialog, f"import-preview-{kind}")
    # nothing is written by a preview
    assert member_count(runner) == before_members and audit_count(runner) == before_audit
    with pytest.raises(NotFound):
        get_member(runner, "09125551234")

    # a mobile already in the club: merge instead of skip; the preview follows, still writing nothing
    dialog.merge.setChecked(True)
    settle(qtbot, runner)
    assert dialog.counts_shown() == {"add": 2, "merge": 1, "skip": 0, "error": 2}
    assert table_rows(dialog)[6][1] == dialog.tr("Merged into the member")
    assert member_count(runner) == before_members and get_member(runner, existing.mobile).notes == existing.notes

    dialog.import_button.click()
    settle(qtbot, runner)
    assert dialog.result is not None and dialog.result.done
    assert dialog.result.counts == {"add": 2, "merge": 1, "skip": 0, "error": 2}
    assert not dialog.import_button.isEnabled()  # once only
    assert "Traceback" not in dialog.status.text() and dialog.status.property("error") is False
    shot(dialog, f"import-done-{kind}")
    assert member_count(runner) == before_members + 2
    maryam = get_member(runner, "09125551234")
    assert (maryam.first_name, maryam.last_name, maryam.birthday, maryam.gender, maryam.notes) == \
        ("مریم", "رضایی", "1372/03/15", "f", "از فایل")
    hasan = get_member(runner, "09351112233")
    assert (hasan.first_name, hasan.last_name, hasan.birthday, hasan.gender) == ("حسن", "موسوی", "1368/07/01", "m")
    merged = get_member(runner, existing.mobile)
    assert (merged.card, merged.birthday, merged.notes, merged.first_name) == \
        (existing.card, "1370/01/01", "یادداشت تازه", existing.first_name)  # empty cells keep the member's
    entry = call(runner, lambda s: audit_log.recent(s, 1))[0]
    assert entry.action == "import_members" and entry.actor == "owner" and entry.after["add"] == 2
    assert page.import_export.status.text() == i18n.arg(page.import_export.tr("Imported from %1: %2 new members, %3 merged."),
                                                   i18n.ltr(str(path)), i18n.number(2), i18n.number(1))


def test_nothing_is_imported_when_the_file_changed_after_the_preview(qtbot, runner, tmp_path):
    page = settings_page(qtbot, runner)
    path = write_csv(tmp_path / "m.csv", rows("09120000000")[:2])
    dialog = open_import(qtbot, runner, page, path)
    assert dialog.counts_shown()["add"] == 2
    before = member_count(runner)
    write_csv(path, rows("09120000000")[:1])
    dialog.confirm()
    settle(qtbot, runner)
    assert member_count(runner) == before and dialog.result is None
    assert dialog.status.property("error") is True
    assert dialog.status.text() == i18n.error_text(
        LoyaltyError(import_export.FILE_CHANGED, name="m.csv"))
    assert not dialog.import_button.isEnabled()
    dialog.again_button.click()  # preview again: the file as it is now
    settle(qtbot, runner)
    assert dialog.counts_shown()["add"] == 1 and dialog.import_button.isEnabled()


def test_choose_the_mobile_column_when_none_is_guessed(qtbot, runner, shot, tmp_path):
    page = settings_page(qtbot, runner)
    path = write_csv(tmp_path / "odd.csv", [])
    path.write_text("ستون الف,ستون ب\n۰۹۱۲۷۷۷۸۸۹۹,نسرین\nabc,بهرام\n", encoding="utf-8")
    dialog = open_import(qtbot, runner, page, path)
    # no column looks like the mobile: said plainly, and the file's columns are offered
    assert dialog.status.property("error") is True and dialog.preview is None
    assert dialog.status.text() == i18n.error_text(LoyaltyError(import_export.NO_MOBILE_COLUMN, name="odd.csv"))
    assert [dialog.combos["mobile"].itemText(i) for i in range(dialog.combos["mobile"].count())][1:] == \
        ["ستون الف", "ستون ب"]
    shot(dialog, "import-no-mobile-column")
    dialog.combos["mobile"].setCurrentIndex(dialog.combos["mobile"].findData(0))
    settle(qtbot, runner)
    dialog.combos["first_name"].setCurrentIndex(dialog.combos["first_name"].findData(1))
    settle(qtbot, runner)
    assert dialog.counts_shown() == {"add": 1, "merge": 0, "skip": 0, "error": 1}
    assert plain(table_rows(dialog)[3][4]).startswith("'abc'")
    dialog.confirm()
    settle(qtbot, runner)
    assert get_member(runner, "09127778899").first_name == "نسرین"


def test_a_file_that_is_not_a_spreadsheet_is_answered_in_words(qtbot, runner, tmp_path):
    page = settings_page(qtbot, runner)
    path = tmp_path / "members.xlsx"
    path.write_bytes(b"this is not a workbook")
    dialog = open_import(qtbot, runner, page, path)
    assert dialog.status.property("error") is True and "Traceback" not in dialog.status.text()
    assert "members.xlsx" in dialog.status.text() and not dialog.import_button.isEnabled()
    old = tmp_path / "members.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    dialog.open_file(str(old))
    settle(qtbot, runner)
    assert dialog.status.text() == i18n.error_text(LoyaltyError(import_export.OLD_EXCEL, name="members.xls"))


def test_rows_read_as_windows_1256_are_named_in_the_preview(qtbot, runner, shot, tmp_path):
    """A UTF-8 file with one row typed on a Windows-1256 machine: that row reads right, and is named."""
    page = settings_page(qtbot, runner)
    path = tmp_path / "mixed.csv"
    path.write_bytes("موبایل,نام\n09120000071,سارا\n".encode() + "09120000072,كاوه\n".encode("cp1256"))
    dialog = open_import(qtbot, runner, page, path)
    assert dialog.counts_shown()["add"] == 2
    assert [plain(r[3]) for r in table_rows(dialog).values()] == ["سارا", "کاوه"]
    assert "Windows-1256" in dialog.status.text() and plain(dialog.status.text()).count("3") == 1
    shot(dialog, "import-windows-1256-row")


def test_export_members_to_xlsx_and_purchases_to_csv(qtbot, runner, shot, tmp_path):
    page = settings_page(qtbot, runner)
    page.tabs.setCurrentWidget(page.import_export)
    shot(page, "settings-import-export")
    dialog = page.import_export.open_export()
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    asked = []
    dialog.ask_save_path = lambda suggested: asked.append(suggested) or str(tmp_path / "اعضا")  # no extension
    before_audit = audit_count(runner)
    dialog.export()  # no file yet: asks for one, then writes
    settle(qtbot, runner)
    target = tmp_path / "اعضا.xlsx"
    assert asked and asked[0].endswith("members.xlsx") and dialog.file.text() == str(target)
    assert dialog.result is not None and dialog.result.rows == member_count(runner)
    shot(dialog, "export-members")
    ws = openpyxl.load_workbook(target).worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    assert len(values) == member_count(runner) + 1
    header = list(values[0])
    assert header[:2] == ["کارت", "موبایل"] or header[:2] == ["Card", "Mobile"]
    existing = an_existing_member(runner)
    by_mobile = {r[1]: r for r in values[1:]}
    assert by_mobile[existing.mobile][0] == existing.card
    entry = call(runner, lambda s: audit_log.recent(s, 1))[0]
    assert audit_count(runner) == before_audit + 1 and (entry.action, entry.entity) == ("export", "members")
    assert plain(dialog.status.text()).startswith(f"{len(values) - 1:,}")

    dialog.what.setCurrentIndex(dialog.what.findData("purchases"))
    dialog.file.setText(str(tmp_path / "purchases.csv"))
    dialog.export()
    settle(qtbot, runner)
    with open(tmp_path / "purchases.csv", encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert dialog.result.what == "purchases" and len(lines) == dialog.result.rows + 1 and dialog.result.rows > 0

    dialog.file.setText(str(tmp_path / "ledger.txt"))  # neither xlsx nor csv: a sentence, no file
    dialog.what.setCurrentIndex(dialog.what.findData("ledger"))
    dialog.export()
    settle(qtbot, runner)
    assert dialog.status.property("error") is True and "ledger.txt" in dialog.status.text()
    assert not (tmp_path / "ledger.txt").exists()


def test_a_cashier_gets_no_import_and_export_tab_and_the_services_refuse(qtbot, runner, tmp_path):
    page = settings_page(qtbot, runner, "sara")
    assert page.import_export is None
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert page.tr("Import and export") not in titles and len(titles) == 6  # (nor "Where the club is": the owner's)
    # the dialogs hold no power of their own: the service refuses a cashier, in words
    refused = i18n.error_text(PermissionDenied(DENIED, role="cashier", action=Action.IMPORT_MEMBERS.value.replace("_", " ")))
    dialog = ImportDialog(runner)
    qtbot.addWidget(dialog)
    dialog.open_file(str(write_csv(tmp_path / "m.csv", rows("09120000000")[:1])))
    settle(qtbot, runner)
    assert dialog.status.property("error") is True and dialog.status.text() == refused
    assert dialog.preview is None and not dialog.import_button.isEnabled()
    export = ExportDialog(runner)
    qtbot.addWidget(export)
    export.file.setText(str(tmp_path / "m.xlsx"))
    export.export()
    settle(qtbot, runner)
    assert export.status.property("error") is True and export.result is None
    assert export.status.text() == i18n.error_text(
        PermissionDenied(DENIED, role="cashier", action=Action.EXPORT_DATA.value.replace("_", " ")))
    assert not (tmp_path / "m.xlsx").exists()
    runner.sign_out()
    sign_in(runner, "owner")
    with pytest.raises(NotFound):
        get_member(runner, "09125551234")


def test_the_owner_sees_the_tab_in_the_main_window(qtbot, runner):
    from loyaltydesk.gui.main_window import MainWindow

    session = sign_in(runner, "owner")
    window = MainWindow(runner, session)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, runner)
    page = window.show_page("settings")
    settle(qtbot, runner)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert page.tr("Import and export") in titles
    assert titles.index(page.tr("Import and export")) == titles.index(page.tr("Where the club is")) - 1
    assert page.import_export.import_button.isEnabled() and page.import_export.export_button.isEnabled()
    assert Qt.LayoutDirection.RightToLeft == page.layoutDirection() or not i18n.is_persian()


def test_a_long_file_lists_the_first_rows_and_every_problem_after_them(qtbot, runner, tmp_path):
    page = settings_page(qtbot, runner)
    body = [["عضو", str(i), f"0912{7000000 + i}", "", "", ""] for i in range(260)]
    body[240][2] = "۰۹۱"  # a bad mobile far down the file
    dialog = open_import(qtbot, runner, page, write_csv(tmp_path / "long.csv", body))
    assert dialog.counts_shown() == {"add": 259, "merge": 0, "skip": 0, "error": 1}
    shown = table_rows(dialog)
    assert len(shown) == 201 and max(shown) == 242 and sorted(shown)[:200] == list(range(2, 202))
    assert dialog.table.item(200, 4).foreground().color() == QColor("#c62828")
    assert plain(dialog.table.item(200, 4).toolTip()).startswith("'091'")
    assert dialog.more.isVisibleTo(dialog) and plain(dialog.more.text()) == plain(
        i18n.arg(dialog.tr("%1 more rows without problems are not listed."), i18n.number(59)))
