"""The demo club shows something real on every page (defect 10): survey answers over the
last months (NPS and CSAT, detractors with comments), follow-up items in every state, complaints
and returns, and coupons a cashier can type; the same seed gives the same club, and it passes check."""

from __future__ import annotations

from datetime import timedelta

import pytest


from loyaltydesk import services
from loyaltydesk.domain.jalali import add_months, this_year
from loyaltydesk.domain.roles import Role
from loyaltydesk.domain.surveys import DEFAULT_ASPECTS
from loyaltydesk.services import analytics, checkout, followup
from loyaltydesk.services.session import Session, User
from tests.conftest import START, Clock, open_shared_club

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

MEMBERS = 80


def _demo(db):
    clock = Clock(START)
    counts = services.demo.make_demo_club(db, clock, member_count=MEMBERS)
    return db, clock, counts


@pytest.fixture(scope="module")
def demo(request, tmp_path_factory, shared_engine):
    db, clock, counts = _demo(open_shared_club(request, shared_engine, tmp_path_factory.mktemp("demo") / "club.sqlite3"))
    yield db, clock, counts
    db.close()


def _owner(demo) -> Session:
    db, clock, _ = demo
    return Session(db, User("owner", Role.OWNER), clock)


def test_the_demo_has_survey_answers_over_the_last_months(demo):
    db, clock, counts = demo
    assert counts["members"] == MEMBERS and counts["surveys"] > 20 and counts["followups"] > 5
    rows = db.all("SELECT at, nps, comment FROM surveys ORDER BY at")
    assert len(rows) == counts["surveys"]
    first = add_months(START, -services.demo.SURVEY_MONTHS).isoformat()[:10]
    assert rows[0]["at"][:10] >= first and rows[-1]["at"][:10] <= START.isoformat()[:10]
    months = {r["at"][:7] for r in rows}
    assert len(months) >= 4  # spread over the months, not one day
    detractors = [r for r in rows if r["nps"] <= 6]
    assert detractors and all(r["comment"] for r in detractors)  # each detractor says why
    assert any(r["nps"] >= 9 for r in rows) and any(7 <= r["nps"] <= 8 for r in rows)


def test_the_nps_and_csat_reports_have_figures(demo):
    owner = _owner(demo)
    months = analytics.period_between(add_months(START, -6), START)
    nps = analytics.nps(owner, months)
    f = analytics.figures(nps)
    assert f["responses"] > 20 and f["promoters"] and f["passives"] and f["detractors"]
    assert -100 < f["nps"] < 100
    assert sum(1 for row in nps.tables[0].rows if row[1]) >= 4  # months with answers
    assert analytics.figures(analytics.nps(owner, this_year(START)))["responses"]  # the page's default
    csat = analytics.csat(owner, months)
    assert {row[0] for row in csat.tables[0].rows} == {services.surveys.aspect_label(a) for a in DEFAULT_ASPECTS}
    assert analytics.figures(csat)["answers"] > 20


def test_the_follow_up_list_has_items_in_every_state(demo):
    owner = _owner(demo)
    counts = followup.counts(owner)
    assert counts["open"] and counts["contacted"] and counts["resolved"]
    items = followup.list_items(owner, include_resolved=True)
    assert {i.source for i in items} >= {"detractor", "return"}
    assert all(i.description for i in items)
    resolved = [followup.get_item(owner, i.id) for i in items if i.status == "resolved"]
    assert all(i.resolution and i.resolved_by == "owner" and len(i.steps) >= 2 for i in resolved)
    # the list a person opens: open and contacted items, open first
    shown = followup.list_items(owner)
    assert shown and [i.status for i in shown] == sorted((i.status for i in shown), key=["open", "contacted"].index)


def test_a_cashier_can_type_a_demo_coupon(demo):
    db, clock, _ = demo
    cashier = Session(db, User("sara", Role.CASHIER), clock)
    codes = {c.code for c in services.club.list_coupons(_owner(demo))}
    assert {"NOWRUZ", "WELCOME"} <= codes
    card = db.one("SELECT card FROM members ORDER BY id LIMIT 1")[0]
    clock.now = START + timedelta(minutes=5)
    result = checkout.register_purchase(cashier, card, 2_000_000, coupon="welcome")
    assert result.lines.coupon_code == "WELCOME" and result.lines.coupon_discount == 500_000


def test_the_demo_is_the_same_every_time_and_passes_check(demo, request, shared_engine, tmp_path):
    db, _, counts = demo
    again, _, counts_again = _demo(open_shared_club(request, shared_engine, tmp_path / "again.sqlite3"))
    query = "SELECT at, nps, comment, purchase_id FROM surveys ORDER BY id"
    assert counts_again == counts
    assert [tuple(r) for r in again.all(query)] == [tuple(r) for r in db.all(query)]
    steps = "SELECT followup_id, at, status, note FROM followup_steps ORDER BY id"
    assert [tuple(r) for r in again.all(steps)] == [tuple(r) for r in db.all(steps)]
    assert services.check.check_database(Session(again, User("owner", Role.OWNER), Clock(START))) == []
    again.close()
