"""Surveys (NPS + CSAT), the detractor's follow-up, complaints and returns."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import NotFound, PermissionDenied, ValidationError
from loyaltydesk.domain.surveys import Zone, validate_answers, zone
from loyaltydesk.services import followup
from loyaltydesk.services import surveys as survey_service

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

ASPECTS = ("service", "quality", "price", "staff")


@pytest.mark.parametrize("score, expected", [(0, Zone.DETRACTOR), (6, Zone.DETRACTOR), (7, Zone.PASSIVE),
                                             (8, Zone.PASSIVE), (9, Zone.PROMOTER), (10, Zone.PROMOTER)])
def test_zones(score, expected):
    assert zone(score) is expected


@pytest.mark.parametrize("nps, stars, comment, fields", [
    (11, {}, "", ["nps"]),
    ("x", {"service": 6}, "", ["nps", "csat"]),
    (5, {"parking": 3, "price": 0}, "", ["csat", "csat"]),
    (-1, {"service": "۵"}, "x" * 2001, ["nps", "comment"]),
    (True, {}, "", ["nps"]),
])
def test_validation_reports_every_problem(nps, stars, comment, fields):
    answers, problems = validate_answers(nps, stars, comment, ASPECTS)
    assert answers is None and [p.field for p in problems] == fields


def test_answers_accept_persian_digits_and_keep_the_aspect_order():
    answers, problems = validate_answers("۹", {"staff": "۴", "Service": 5}, " عالی ", ASPECTS)
    assert problems == [] and answers.nps == 9 and answers.stars == (("service", 5), ("staff", 4))
    assert answers.comment == "عالی" and not answers.needs_follow_up


@pytest.fixture
def member(club, clock):
    m = services.members.sign_up(club, "09121112233", "مریم", "رضایی")
    services.checkout.register_purchase(club, m.card, 2_000_000)
    return m


def test_a_cashier_records_a_promoters_survey_tied_to_a_purchase(cashier, member):
    r = survey_service.add_survey(cashier, member.card, 10, {"service": 5, "price": 4}, "خوب بود", purchase_id=1,
                                  channel="kiosk")
    assert (r.zone, r.followup_id, r.purchase_id, r.stars) == ("promoter", None, 1, {"service": 5, "price": 4})
    row = cashier.db.one("SELECT * FROM surveys WHERE id = ?", (r.survey_id,))
    assert (row["member_id"], row["purchase_id"], row["channel"], row["actor"]) == (member.id, 1, "kiosk", "sara")


def test_a_detractor_opens_a_follow_up_which_the_owner_resolves(club, cashier, member, clock):
    r = survey_service.add_survey(cashier, member.card, 4, {"staff": 1}, "صندوق‌دار بی‌حوصله بود")
    assert r.zone == "detractor" and r.followup_id is not None
    (item,) = followup.list_items(club)
    assert (item.id, item.status, item.source, item.nps, item.card) == (r.followup_id, "open", "detractor", 4, member.card)
    assert item.description == "صندوق‌دار بی‌حوصله بود"
    clock.advance(hours=2)
    item = followup.contact(club, item.id, "تماس گرفتم، عذرخواهی کردم")
    assert item.status == "contacted"
    with pytest.raises(ValidationError):
        followup.resolve_item(club, item.id, "  ")  # a resolution is required
    clock.advance(days=1)
    item = followup.resolve_item(club, item.id, "کد تخفیف داده شد")
    assert (item.status, item.resolution, item.resolved_by) == ("resolved", "کد تخفیف داده شد", "owner")
    assert [s.status for s in item.steps] == ["open", "contacted", "resolved"]
    assert [s.actor for s in item.steps] == ["sara", "owner", "owner"]
    assert followup.list_items(club) == []
    assert [i.id for i in followup.list_items(club, include_resolved=True)] == [item.id]
    with pytest.raises(ValidationError):
        followup.contact(club, item.id, "again")  # resolved is final
    assert followup.counts(club) == {"open": 0, "contacted": 0, "resolved": 1}
    assert services.check.check_database(club) == []


def test_open_items_come_first_oldest_first(club, cashier, member, clock):
    first = survey_service.add_survey(cashier, member.card, 2).followup_id
    clock.advance(hours=1)
    second = survey_service.add_survey(cashier, member.card, 5).followup_id
    clock.advance(hours=1)
    third = followup.log_complaint(cashier, "return", "defective", "کفش پاره بود", key=member.card, purchase_id=1).id
    followup.contact(club, first, "پیام دادم")
    assert [i.id for i in followup.list_items(club)] == [second, third, first]
    assert [i.id for i in followup.list_items(club, source="return")] == [third]


@pytest.mark.parametrize("kwargs, fields", [
    (dict(nps=12, stars={"taste": 3}), ["nps", "csat"]),
    (dict(nps=9, purchase_id=99), ["purchase"]),
])
def test_survey_refusals_report_every_problem(cashier, member, kwargs, fields):
    with pytest.raises(ValidationError) as e:
        survey_service.add_survey(cashier, member.card, **kwargs)
    assert [p.field for p in e.value.problems] == fields
    assert cashier.db.value("SELECT count(*) FROM surveys") == 0


def test_one_survey_per_purchase_and_only_the_members_own(club, cashier, member):
    other = services.members.sign_up(club, "09125556677")
    survey_service.add_survey(cashier, member.card, 9, purchase_id=1)
    with pytest.raises(ValidationError, match="already been answered"):
        survey_service.add_survey(cashier, member.card, 9, purchase_id=1)
    with pytest.raises(ValidationError, match="not this member"):
        survey_service.add_survey(cashier, other.card, 9, purchase_id=1)


def test_the_owner_chooses_the_aspects(club, cashier, member):
    assert survey_service.aspects(cashier) == ASPECTS
    assert survey_service.set_aspects(club, ["Service", "تنوع کالا"]) == ("service", "تنوع کالا")
    r = survey_service.add_survey(cashier, member.card, 8, {"تنوع کالا": 4})
    assert r.stars == {"تنوع کالا": 4}
    with pytest.raises(ValidationError):
        survey_service.set_aspects(club, [])
    with pytest.raises(PermissionDenied):
        survey_service.set_aspects(cashier, ["x"])


def test_complaint_validation_and_roles(club, cashier, member):
    with pytest.raises(ValidationError) as e:
        followup.log_complaint(cashier, "complaint", "weather", "")
    assert [p.field for p in e.value.problems] == ["category", "description"]
    item = followup.log_complaint(cashier, "complaint", "waiting", "صف طولانی")
    assert (item.source, item.category, item.member_id, item.status) == ("complaint", "waiting", None, "open")
    with pytest.raises(PermissionDenied):
        followup.list_items(cashier)
    with pytest.raises(PermissionDenied):
        followup.resolve_item(cashier, item.id, "done")
    with pytest.raises(NotFound):
        followup.get_item(club, 999)


def test_a_return_ties_to_its_refund(club, cashier, member):
    refund = services.checkout.refund(club, 1, 500_000)
    item = followup.log_complaint(cashier, "return", "changed_mind", "سایز نبود", refund_id=refund.refund_id)
    assert (item.purchase_id, item.member_id, item.refund_id) == (1, member.id, refund.refund_id)
    with pytest.raises(ValidationError, match="no refund"):
        followup.log_complaint(cashier, "return", "other", "x", refund_id=77)


def test_the_owner_reads_a_survey_with_its_stars(club, cashier, member):
    result = survey_service.add_survey(cashier, member.card, 8, {"service": 5, "price": 3}, "خوب بود")
    got = survey_service.get_survey(club, result.survey_id)
    assert got.stars == {"service": 5, "price": 3} and got.nps == 8
    listed = survey_service.member_surveys(club, member.card)
    assert [x.stars for x in listed] == [{"service": 5, "price": 3}]
