"""The import dialog's second kind: past purchases from another program, previewed with
every bad row's reasons in Persian, then imported as history through the Import button."""

from __future__ import annotations

import csv

from loyaltydesk.gui import i18n
from loyaltydesk.services import audit_log, check, import_export

from .test_import_export import an_existing_member, call, open_import, plain, settings_page, settle, table_rows


def test_past_purchases_previewed_in_persian_then_imported(qtbot, runner, shot, tmp_path):
    page = settings_page(qtbot, runner)
    member = an_existing_member(runner)
    path = tmp_path / "history.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["شماره کارت", "تاریخ خرید", "مبلغ (تومان)", "شماره فاکتور"])
        w.writerow([member.card, "۱۴۰۲/۰۵/۱۴", "۱٬۲۵۰٬۰۰۰", "H1"])
        w.writerow([member.mobile, "1402-08-01 18:30", "400000", "H2"])
        w.writerow(["09129999990", "1402/13/01", "صفر", "H1"])  # nobody, no such day, no amount, receipt twice
    dialog = open_import(qtbot, runner, page, path)
    dialog.kind.setCurrentIndex(dialog.kind.findData("purchases"))
    settle(qtbot, runner)
    assert dialog.history_box.isVisible() and not dialog.member_box.isVisible()
    combos = {f: c.currentText() for f, c in dialog.combos.items() if c.currentData() is not None}
    assert combos == {"member": "شماره کارت", "date": "تاریخ خرید", "amount": "مبلغ (تومان)", "receipt": "شماره فاکتور"}
    assert dialog.counts_shown() == {"add": 2, "skip": 0, "error": 1}
    shown = table_rows(dialog)
    assert shown[2][1] == dialog.tr("Past purchase") and plain(shown[2][2]) == member.card
    reasons = shown[4][4]
    if i18n.is_persian():
        assert "۱۴۰۲/۱۳/۰۱" in reasons or "1402/13/01" in reasons
        assert "not" not in reasons and reasons.count("؛") == 3, reasons
    shot(dialog, "import_history_preview")
    before = call(runner, lambda s: len(audit_log.recent(s, 10_000)))
    dialog.import_button.click()
    settle(qtbot, runner)
    assert dialog.result is not None and dialog.result.done and dialog.result.counts["add"] == 2
    assert call(runner, lambda s: len(audit_log.recent(s, 10_000))) == before + 1
    assert call(runner, lambda s: check.check_database(s)) == []
    history = call(runner, lambda s: import_export.export_table(s, "purchases"))
    assert sum(1 for r in history.rows if r[2] == member.card and r[5] in (12_500_000, 4_000_000)) == 2
    assert page.import_export.status.text() == i18n.arg(  # the tab says what came in, as for members
        page.import_export.tr("Imported from %1: %2 past purchases, %3 already there."), i18n.ltr(str(path)),
        i18n.number(2), i18n.number(0))
    shot(dialog, "import_history_done")
