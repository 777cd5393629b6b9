"""Issue 6 through the real widgets: the survey kiosk, the owner's follow-up page and the reports
page (figures and tables equal to the service's Report, charts right to left, PDF and Excel)."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from loyaltydesk import services
from loyaltydesk.domain.jalali import this_month
from loyaltydesk.domain.roles import Role
from loyaltydesk.domain.surveys import aspect_label
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui import printing_actions
from loyaltydesk.gui.kiosk import KioskWindow
from loyaltydesk.gui.models.report_table import format_value
from loyaltydesk.gui.pages.analytics import CUSTOM, LAST_MONTH, SEASON, THIS_MONTH, THIS_YEAR
from loyaltydesk.services import analytics, audit_log, followup, surveys
from loyaltydesk.services.session import Session, User

from .conftest import owner_window, sign_in, wait_idle
from .test_cashier import cashier_window, pick_member, type_text


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def as_owner(runner, fn):
    """``fn(owner session)`` on the database thread, whoever is signed in at the window."""
    def job(db):
        if db.locked:  # the encrypted demo club opens with a sign-in: the owner's
            services.users.sign_in(db, "owner", "demo1234", runner.clock)
        return fn(Session(db, User("owner", Role.OWNER), runner.clock))

    return runner.call_db(job).result()


def csat_this_month(runner) -> dict:
    report = as_owner(runner, lambda s: analytics.csat(s, this_month(s.now())))
    return {row[0]: (row[1], row[3]) for row in report.tables[0].rows}  # aspect → (answers, 4-5 star bp)


def answer_as_detractor(qtbot, runner, shot=lambda *a: None):
    """The cashier registers a purchase, opens the kiosk; the customer answers 3 with stars and a comment."""
    window, cashier = cashier_window(qtbot, runner)
    member = pick_member(runner)
    cashier.open_member(member)
    cashier.amount.set_rials(2_000_000)
    cashier.register()
    wait_idle(qtbot, runner)
    purchase_id = cashier.last_result.purchase_id
    assert cashier.survey_button.isEnabled()
    click(qtbot, cashier.survey_button)
    wait_idle(qtbot, runner)
    kiosk = cashier.kiosk
    qtbot.waitUntil(lambda: kiosk.isVisible() and len(kiosk.star_rows) == 4, timeout=5000)
    assert kiosk.state() == kiosk.QUESTION and kiosk.card == member.card and kiosk.purchase_id == purchase_id
    shot(kiosk, "kiosk-question")
    click(qtbot, kiosk.score_buttons[3])  # a 3: a detractor
    assert kiosk.state() == kiosk.DETAILS
    click(qtbot, kiosk.star_rows[0].buttons[1])  # two stars for the first aspect
    click(qtbot, kiosk.star_rows[2].buttons[3])  # four for the third; the others are skipped
    type_text(kiosk.comment, "صف خیلی طولانی بود")
    shot(kiosk, "kiosk-stars-and-comment")
    click(qtbot, kiosk.submit_button)
    wait_idle(qtbot, runner)
    assert kiosk.state() == kiosk.THANKS, kiosk.error.text()
    shot(kiosk, "kiosk-thanks")
    return window, kiosk, member, purchase_id


def test_the_kiosk_stores_the_answers_and_a_detractor_opens_a_follow_up(qtbot, runner, shot):
    before = csat_this_month(runner)  # the demo club's own answers of this month
    window, kiosk, member, purchase_id = answer_as_detractor(qtbot, runner, shot)
    result = kiosk.result
    aspects = [row.aspect for row in kiosk.star_rows]
    assert result.nps == 3 and result.zone == "detractor" and result.followup_id is not None
    assert result.purchase_id == purchase_id and result.card == member.card
    assert result.stars == {aspects[0]: 2, aspects[2]: 4}
    assert kiosk.thanks_hint.text()  # a detractor is told the manager will call

    sign_in(runner, "owner")  # reading surveys and follow-ups is the owner's
    item = runner.call(lambda s: followup.get_item(s, result.followup_id)).result()
    assert item.source == "detractor" and item.status == "open" and item.card == member.card
    assert item.nps == 3 and item.purchase_id == purchase_id and item.description == "صف خیلی طولانی بود"
    assert as_owner(runner, lambda s: surveys.get_survey(s, result.survey_id)).stars == {
        aspects[0]: 2, aspects[2]: 4}
    # the stars are stored: this month's CSAT counts them on top of the demo's own answers
    after = csat_this_month(runner)
    answered = {aspect_label(aspects[0]), aspect_label(aspects[2])}
    for aspect, (answers, _) in after.items():
        assert answers == before.get(aspect, (0, 0))[0] + (aspect in answered), aspect
    assert answered <= set(after)

    kiosk.thanks_timer.setInterval(50)  # the thank-you screen returns to idle by itself
    kiosk.thanks_timer.start()
    qtbot.waitUntil(lambda: kiosk.state() == kiosk.IDLE, timeout=3000)
    shot(kiosk, "kiosk-idle")
    # the same purchase cannot be answered twice: the kiosk says so in Persian
    kiosk.start(member.card, purchase_id, member.name)
    click(qtbot, kiosk.score_buttons[10])
    click(qtbot, kiosk.submit_button)
    wait_idle(qtbot, runner)
    assert kiosk.state() == kiosk.DETAILS and str(purchase_id) in to_ascii_digits(kiosk.error.text())
    assert "Traceback" not in kiosk.error.text() and kiosk.submit_button.isEnabled()


def test_the_kiosk_returns_to_idle_by_itself_without_a_touch(qtbot, runner):
    open_before = as_owner(runner, followup.counts)["open"]  # the demo club's own open items
    sign_in(runner, "sara")
    member = pick_member(runner)
    kiosk = KioskWindow(runner, idle_ms=1000)
    qtbot.addWidget(kiosk)
    kiosk.show()
    wait_idle(qtbot, runner)
    assert kiosk.state() == kiosk.IDLE
    kiosk.start(member.card, None, member.name)
    click(qtbot, kiosk.score_buttons[8])
    assert kiosk.state() == kiosk.DETAILS
    qtbot.wait(700)
    click(qtbot, kiosk.star_rows[0].buttons[4])  # a touch: the customer is still there
    qtbot.wait(700)
    assert kiosk.state() == kiosk.DETAILS and kiosk.stars() == {kiosk.star_rows[0].aspect: 5}
    qtbot.waitUntil(lambda: kiosk.state() == kiosk.IDLE, timeout=3000)
    assert kiosk.result is None and kiosk.card is None  # nothing stored, nothing kept
    sign_in(runner, "owner")
    assert runner.call(lambda s: followup.counts(s)).result()["open"] == open_before


def test_a_detractors_follow_up_is_contacted_then_resolved(qtbot, runner, shot):
    _, kiosk, member, _ = answer_as_detractor(qtbot, runner)
    item_id = kiosk.result.followup_id
    window, page = owner_window(qtbot, runner, "followup")
    row = page.row_of(item_id)
    statuses = [page.table.item(r, 2).text() for r in range(page.table.rowCount())]
    # open items first, those waiting longest on top: the new one is the last open item
    assert statuses.count("باز") == row + 1 and set(statuses[:row + 1]) == {"باز"}
    assert member.name in page.table.item(row, 3).text()
    page.select_item(item_id)
    wait_idle(qtbot, runner)
    assert page.item is not None and page.item.id == item_id
    assert "صف خیلی طولانی بود" in page.summary.text()
    shot(window, "followup-open")

    click(qtbot, page.resolve_button)  # resolving needs a resolution
    wait_idle(qtbot, runner)
    assert page.action_form.problems_shown().get("note") and page.item.status == "open"

    type_text(page.note, "تماس گرفتم؛ عذرخواهی شد")
    click(qtbot, page.contact_button)
    wait_idle(qtbot, runner)
    assert page.item.status == "contacted" and page.table.item(page.row_of(item_id), 2).text() == "تماس گرفته شد"
    type_text(page.note, "کد تخفیف داده شد")
    click(qtbot, page.resolve_button)
    wait_idle(qtbot, runner)
    assert page.item.status == "resolved" and page.row_of(item_id) == -1  # resolved items leave the list
    page.show_resolved.setChecked(True)
    wait_idle(qtbot, runner)
    page.select_item(item_id)
    wait_idle(qtbot, runner)
    assert page.steps.rowCount() == 3 and not page.resolve_button.isEnabled()
    names = runner.call(audit_log.display_names).result()  # people as the shop knows them, not logins
    assert [page.steps.item(r, 1).text() for r in range(3)] == [names["sara"], names["owner"], names["owner"]]
    assert names["owner"] in page.summary.text() and "owner" not in page.summary.text()
    shot(window, "followup-resolved")

    item = runner.call(lambda s: followup.get_item(s, item_id)).result()
    assert item.status == "resolved" and item.resolution == "کد تخفیف داده شد" and item.resolved_by == "owner"
    assert [(s.status, s.actor, s.note) for s in item.steps] == [
        ("open", "sara", ""), ("contacted", "owner", "تماس گرفتم؛ عذرخواهی شد"),
        ("resolved", "owner", "کد تخفیف داده شد")]


def test_a_complaint_is_logged_for_a_member(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "followup")
    member = pick_member(runner)
    click(qtbot, page.log_button)
    click(qtbot, page.findChild(type(page.log_button), "saveComplaint"))  # no description yet
    wait_idle(qtbot, runner)
    assert "description" in page.log_form.problems_shown()
    page.log_kind.setCurrentIndex(page.log_kind.findData("return"))
    page.log_category.setCurrentIndex(page.log_category.findData("defective"))
    type_text(page.log_member, member.card)
    type_text(page.log_description, "کالا معیوب بود")
    shot(window, "followup-log-return")
    click(qtbot, page.findChild(type(page.log_button), "saveComplaint"))
    wait_idle(qtbot, runner)
    assert not page.log_box.isVisible() and page.item is not None
    assert page.item.source == "return" and page.item.category == "defective" and page.item.card == member.card


# --- the reports ---------------------------------------------------------------------------------

CASES = [  # (report, period chooser arguments, retention by season)
    ("rfm", {"kind": THIS_YEAR}, False),
    ("value", {"kind": THIS_YEAR}, False),
    ("retention", {"kind": CUSTOM, "first": (1404, 4, 1), "last": (1405, 3, 10)}, True),
    ("churn", {"kind": THIS_YEAR}, False),
    ("cost", {"kind": SEASON, "year": 1405, "season": 1}, False),
    ("liability", {"kind": CUSTOM, "first": (1404, 10, 1), "last": (1405, 2, 31)}, False),
    ("nps", {"kind": THIS_MONTH}, False),
    ("csat", {"kind": THIS_YEAR}, False),
    ("tiers", {"kind": LAST_MONTH}, False),
    ("growth", {"kind": CUSTOM, "first": (1404, 3, 1), "last": (1405, 3, 10)}, False),
]


def add_surveys(runner) -> None:
    """A few more answers this month, on top of the demo club's own."""
    def job(s):
        cards = [r[0] for r in s.db.all("SELECT card FROM members ORDER BY id LIMIT 6")]
        for card, score, stars in zip(cards, (10, 9, 8, 6, 2, 9), (5, 4, 3, 2, 1, 5)):
            surveys.add_survey(s, card, score, {"service": stars, "price": max(1, stars - 1)}, channel="counter")

    runner.call(job).result()


@pytest.mark.parametrize("name, period, by_season", CASES, ids=[c[0] for c in CASES])
def test_each_report_shows_the_services_figures_tables_and_chart(qtbot, runner, shot, name, period, by_season):
    window, page = owner_window(qtbot, runner, "analytics")
    if name in ("nps", "csat"):
        add_surveys(runner)
    page.choose(name)
    page.period.choose(**period)
    page.by_season.setChecked(by_season)
    page.run()
    assert page.running and "…" in page.status.text() and not page.pdf_button.isEnabled()  # working
    wait_idle(qtbot, runner)
    assert not page.running and page.report is not None and page.report.name == name
    assert page.pdf_button.isEnabled() and page.excel_button.isEnabled()

    choice = page.period.choice()
    options = {"by": "season"} if by_season else {}
    expected = runner.call(lambda s: analytics.report(s, name, choice.period(s.now()), **options)).result()
    assert page.report == expected
    unit = page.unit
    assert [(b.title.text(), b.value.text()) for b in page.figure_boxes] == [
        (page.figure_boxes[i].title.text(), format_value(value, kind, unit))
        for i, (_, value, kind) in enumerate(expected.summary)]
    assert len(page.models) == len(expected.tables) == page.tabs.count()
    for model, table in zip(page.models, expected.tables):
        assert model.rowCount() == len(table.rows)
        for r, row in enumerate(table.rows):
            for c, (value, column) in enumerate(zip(row, table.columns)):
                assert model.text(r, c) == format_value(value, column.kind, unit)
    chart_table = expected.tables[analytics.CHARTS[name][0]]
    assert chart_table.rows and page.chart.has_data()  # the demo (and the added surveys) have data
    assert len(page.chart.labels) == len(chart_table.rows)
    if len(page.chart.labels) > 1:  # right to left: the first period on the right
        assert page.chart.slot_center(0) > page.chart.slot_center(len(page.chart.labels) - 1)
    assert all(ch not in "0123456789" for ch in "".join(page.chart.axis_text(t) for t in page.chart.ticks()))
    if name == "tiers":
        shown = {QColor(c).name() for c in page.chart.bar_colors or []}  # each tier's own colour
        assert shown and shown <= {QColor(c).name() for c in page.tier_colors.values()} | {"#9e9e9e"}
    window.resize(1280, 900)
    qtbot.wait(50)
    shot(window, f"report-{name}")


@pytest.mark.parametrize("name", ["value", "retention", "cost", "liability", "nps", "growth"])
def test_this_years_chart_stops_at_the_current_month(qtbot, runner, tmp_path, name):
    """Now is 1405/03/11: this year's chart, table and PDF run Farvardin to Khordad; Tir to Esfand
    are not drawn at 0 (which read as a collapse), and the period says the figures end today."""
    _, page = owner_window(qtbot, runner, "analytics")
    page.choose(name)
    page.period.choose(THIS_YEAR)
    page.run()
    wait_idle(qtbot, runner)
    months = ["۱۴۰۵/۰۱", "۱۴۰۵/۰۲", "۱۴۰۵/۰۳"]
    assert page.chart.labels == months and page.chart.has_data()
    assert page.period_label.text().endswith("۱۴۰۵/۰۱/۰۱ تا ۱۴۰۵/۰۳/۱۱")
    table = page.models[analytics.CHARTS[name][0]]
    assert [table.text(r, 0) for r in range(table.rowCount())] == months
    if name == "retention":  # Khordad's next month has not begun: no point, not a 0 %
        assert page.chart.series[0].values[-1] is None and table.text(2, 4) == "—"
    if name == "cost":
        from loyaltydesk.printing.report import report_pdf

        (tmp_path / "cost.pdf").write_bytes(report_pdf(page.report, shop_name="فروشگاه", unit=page.unit))
        text = to_ascii_digits(subprocess.run(["pdftotext", "-layout", str(tmp_path / "cost.pdf"), "-"],
                                              capture_output=True, text=True).stdout)
        assert "1405/03" in text and "1405/04" not in text and "1405/12" not in text


def test_the_period_reads_in_the_ui_language(qtbot, runner, qapp):
    from loyaltydesk.gui import i18n

    _, page = owner_window(qtbot, runner, "analytics")
    page.choose("value")
    wait_idle(qtbot, runner)
    assert page.period_label.text() == "دوره: ۱۴۰۵/۰۱/۰۱ تا ۱۴۰۵/۰۳/۱۱"
    i18n.install(qapp, "en")
    try:
        page.show_report(page.report)
        assert page.period_label.text() == "Period: 1405/01/01 to 1405/03/11"  # no Persian "تا"
    finally:
        i18n.install(qapp, "fa")


def test_the_period_chooser_refuses_a_range_that_ends_before_it_starts(qtbot, runner):
    _, page = owner_window(qtbot, runner, "analytics")
    before = page.report
    page.choose("cost")
    wait_idle(qtbot, runner)
    page.period.choose(CUSTOM, first=(1405, 2, 10), last=(1405, 1, 5))
    page.run()
    wait_idle(qtbot, runner)
    assert before is not None and page.report.name == "cost"
    assert page.status.text() == "پایان دوره پیش از شروع آن است."


def test_a_report_exports_to_pdf_in_the_preview_and_to_excel(qtbot, runner, shot, tmp_path):
    from openpyxl import load_workbook

    _, page = owner_window(qtbot, runner, "analytics")
    page.choose("cost")
    page.run()
    wait_idle(qtbot, runner)
    click(qtbot, page.pdf_button)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: len(printing_actions._open) == 1, timeout=5000)
    preview = printing_actions._open[0]
    assert preview.page_count() >= 1
    shot(preview, "report-cost-pdf-preview")
    preview.save_to(tmp_path / "cost.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "cost.pdf"), "-"], capture_output=True,
                          text=True).stdout
    text = to_ascii_digits(unicodedata.normalize("NFKC", text)).replace(",", "").replace("٬", "")
    sales = dict((label, value) for label, value, _ in page.report.summary)["Sales"]
    assert str(sales // 10) in text.replace(" ", "")
    preview.reject()

    page.ask_save_path = lambda suggested: str(tmp_path / "cost")
    click(qtbot, page.excel_button)
    wait_idle(qtbot, runner)
    book = load_workbook(tmp_path / "cost.xlsx")
    assert len(book.sheetnames) >= 2 and "cost.xlsx" in page.status.text()


@pytest.mark.parametrize("name, by_season", [("rfm", False), ("retention", True), ("tiers", False)])
def test_the_excel_of_a_report_says_what_the_screen_says(qtbot, runner, tmp_path, name, by_season):
    """Text cells (segment names, tier-move reasons, seasons) reach the workbook in the reader's words;
    numbers stay numbers."""
    from openpyxl import load_workbook

    _, page = owner_window(qtbot, runner, "analytics")
    page.choose(name)
    page.period.choose(THIS_YEAR)
    page.by_season.setChecked(by_season)
    page.run()
    wait_idle(qtbot, runner)
    page.ask_save_path = lambda suggested: str(tmp_path / name)
    click(qtbot, page.excel_button)
    wait_idle(qtbot, runner)
    book = load_workbook(tmp_path / f"{name}.xlsx")
    sheets = book.worksheets[1:]  # the first is the summary
    checked = 0
    for model, table, sheet in zip(page.models, page.report.tables, sheets):
        cells = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(cells) == len(table.rows)
        for r, row in enumerate(table.rows):
            for c, column in enumerate(table.columns):
                if column.kind == "text" and row[c]:
                    shown = to_ascii_digits(model.text(r, c))
                    assert cells[r][c] == shown, (r, column.key)
                    checked += 1
    assert checked
    english = {"Champions", "At risk", "Loyal", "purchase", "signup", "review", "refund"}
    assert not english & {v for sheet in sheets for row in sheet.iter_rows(values_only=True) for v in row}
