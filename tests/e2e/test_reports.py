"""The owner's reports and follow-ups from outside (defect 10): the real program on a real
X screen, the owner moving with Ctrl+5 / Ctrl+6 and the arrow keys; the figures read back through
``loyaltydesk --json report`` and the report's PDF and text on the same club.

Each case failed on the program before the fix: this year's reports ran on to Esfand with 0 (a 0 %
cost, a 0 % retention: a collapse on the chart), averages showed a fraction of a toman
(۲۵٬۱۹۴٬۳۳۷٫۸ تومان, which Vazirmatn draws as "/"), and the demo club had no survey answers and no
follow-ups, so the NPS, CSAT and follow-up pages were empty.
"""

from __future__ import annotations

import re
import subprocess
import time
import unicodedata

import pytest

from loyaltydesk.domain.jalali import format_jalali, jalali_of, utc_now
from loyaltydesk.domain.text import to_persian_digits

pytestmark = pytest.mark.engines  # the demo club in a file, and on a PostgreSQL server (--db URL)

MONTHLY = {  # report → (its month table, the month column)
    "value": (1, "month"), "retention": (0, "period"), "cost": (0, "month"), "liability": (0, "month"),
    "nps": (0, "month"), "growth": (0, "month"),
}
PICKER = ("rfm", "value", "retention", "churn", "cost", "liability", "nps", "csat", "tiers", "growth")
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# an amount with a fraction: digits, a decimal sign (or the "/" it looks like), digits, then the unit
FRACTIONAL_MONEY = re.compile(r"[0-9۰-۹][0-9۰-۹٬,]*\s*[٫./]\s*[0-9۰-۹]+\s*(تومان|toman)")


@pytest.fixture
def desk(engine_desk):
    return engine_desk


def this_month() -> str:
    j = jalali_of(utc_now())
    return f"{j.year}/{j.month:02d}"


def today() -> str:
    return to_persian_digits(format_jalali(jalali_of(utc_now()).date()))


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", out).translate(BIDI)


def choose(desk, name: str, current: str) -> str:
    """The report picker has the keyboard once the page shows: ↑/↓ move to ``name``."""
    steps = PICKER.index(name) - PICKER.index(current)
    for _ in range(abs(steps)):
        desk.key("Down" if steps > 0 else "Up", settle=0.4)
    time.sleep(2.0)  # the report is computed on the database thread
    return name


def test_reports_stop_at_the_current_month_in_whole_toman(desk, tmp_path):
    month = this_month()
    for name, (index, column) in MONTHLY.items():
        report = desk.cli("report", name)  # this Jalali year, as the page opens it
        months = [row[column] for row in report["tables"][index]["rows"]]
        assert months and months[-1] == month, f"{name}: {months}"  # nothing after this month
        assert all(m <= month for m in months), f"{name} reports months to come: {months}"
        assert report["period"].endswith(today()), report["period"]
    retention = desk.cli("report", "retention")["tables"][0]["rows"]
    assert retention[-1]["retention"] is None  # this month's next has not begun: unknown, not 0 %

    text = desk.run_cli("report", "value").stdout
    assert "toman" in text and not FRACTIONAL_MONEY.search(text), FRACTIONAL_MONEY.search(text)
    pdf = tmp_path / "value.pdf"
    desk.run_cli("report", "value", "--pdf", str(pdf))
    paper = pdf_text(pdf)
    assert "تومان" in paper and not FRACTIONAL_MONEY.search(paper), FRACTIONAL_MONEY.search(paper)
    later = [f"{month[:5]}{m:02d}" for m in range(int(month[5:]) + 1, 13)]
    shown = paper.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    assert month in shown and not [m for m in later if m in shown]
    visits = desk.cli("report", "value")["summary"]["Lifetime visits per buyer"]  # e.g. 4.47
    assert to_persian_digits(f"{visits:g}").replace(".", "٫") in paper  # a decimal keeps the Persian sign

    desk.start()
    desk.sign_in("owner")
    desk.key("ctrl+5", settle=2.5)  # the reports; the first report is RFM, a snapshot
    desk.shot("reports-rfm")
    current = choose(desk, "value", "rfm")
    desk.shot("reports-value-this-year")  # LOOK: months up to this one, amounts in whole toman
    current = choose(desk, "cost", current)
    desk.shot("reports-cost-this-year")  # LOOK: no 0 % for the months to come
    current = choose(desk, "retention", current)
    desk.shot("reports-retention-this-year")  # LOOK: no 0 % point for this month
    assert desk.alive() and "Traceback" not in desk.program_output()


def test_the_demo_club_has_nps_csat_and_follow_ups_to_show(desk):
    nps = desk.cli("report", "nps")
    summary = nps["summary"]
    assert summary["Responses"] > 0 and summary["Detractors"] > 0 and summary["NPS"] is not None
    assert sum(1 for row in nps["tables"][0]["rows"] if row["responses"]) >= 3  # a curve, not a dot
    csat = desk.cli("report", "csat")
    assert csat["summary"]["Answers"] > 0 and len(csat["tables"][0]["rows"]) == 4  # the four aspects
    items = desk.cli("followup", "list")
    assert {i["status"] for i in items} == {"open", "contacted"}
    assert any(i["source"] == "detractor" and i["description"] for i in items)
    coupons = {c["code"]: c for c in desk.cli("coupon", "list")}
    assert coupons["WELCOME"]["active"] and coupons["NOWRUZ"]["active"]  # codes a cashier can type

    desk.start()
    desk.sign_in("owner")
    desk.key("ctrl+5", settle=2.5)
    current = choose(desk, "nps", "rfm")
    desk.shot("reports-nps-this-year")  # LOOK: an NPS line over the months with answers
    choose(desk, "csat", current)
    desk.shot("reports-csat-this-year")  # LOOK: the four aspects' stars
    desk.key("ctrl+6", settle=2.0)
    desk.shot("follow-ups")  # LOOK: open items first, then contacted
    desk.key("Down", "Down", settle=0.6)  # the list has the keyboard: the second item is shown
    desk.shot("follow-up-chosen")
    assert desk.alive() and "Traceback" not in desk.program_output()

