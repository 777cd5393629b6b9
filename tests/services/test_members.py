"""Members through the services: sign-up, duplicates, every way of finding one, edits, validation."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import DuplicateMember, LoyaltyError, NotFound, ValidationError
from loyaltydesk.domain.ids import card_is_valid
from loyaltydesk.domain.text import to_persian_digits

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

MOBILE = "09121234567"


@pytest.fixture
def ali(club):
    return services.members.sign_up(club, MOBILE, "علي", "رضايي", birthday="۱۳۷۰/۰۵/۱۴", national_code="0499370899")


def test_sign_up_stores_normalised_values_and_starts_in_the_base_tier(ali):
    assert card_is_valid(ali.card)
    assert (ali.mobile, ali.first_name, ali.last_name, ali.birthday) == (MOBILE, "علی", "رضایی", "1370/05/14")
    assert (ali.tier, ali.points, ali.qualifying_spend, ali.status) == ("برنزی", 0, 0, "active")
    assert (ali.next_tier, ali.to_next_tier, ali.to_keep_tier) == ("نقره‌ای", 50_000_000, None)


def test_sign_up_with_just_a_mobile(club):
    m = services.members.sign_up(club, "+98 935 000 1111")
    assert (m.mobile, m.name) == ("09350001111", "")


@pytest.mark.parametrize("typed", ["09121234567", "+989121234567", "00989121234567", "989121234567", "9121234567",
                                   "0912 123 4567", "0912-123-4567", "۰۹۱۲۱۲۳۴۵۶۷", "٠٩١٢١٢٣٤٥٦٧", "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷"])
def test_a_second_sign_up_with_the_same_mobile_is_refused_naming_the_member(club, ali, typed):
    with pytest.raises(DuplicateMember) as caught:
        services.members.sign_up(club, typed, "کسی", "دیگر")
    assert caught.value.existing.card == ali.card
    assert "علی رضایی" in caught.value.message and ali.card in caught.value.message
    assert club.db.value("SELECT count(*) FROM members") == 1


def test_every_problem_of_the_sign_up_form_is_reported_at_once(club):
    with pytest.raises(ValidationError) as caught:
        services.members.sign_up(club, "0912", "x" * 61, "", birthday="1404/12/30", national_code="1234567890",
                                 gender="x", referrer="09999999999")
    fields = sorted(p.field for p in caught.value.problems)
    assert fields == ["birthday", "first_name", "gender", "mobile", "national_code", "referrer"]
    assert club.db.value("SELECT count(*) FROM members") == 0


def test_a_national_code_belongs_to_one_member(club, ali):
    with pytest.raises(LoyaltyError, match="already belongs"):
        services.members.sign_up(club, "09120000000", national_code="0499370899")


@pytest.mark.parametrize("how", ["card", "card spaced", "card persian", "mobile", "mobile +98", "mobile persian",
                                 "suffix 4", "suffix 3 persian", "first name", "last name arabic yeh", "both prefixes"])
def test_find_a_member_every_way_a_cashier_types(club, ali, how):
    services.members.sign_up(club, "09359999999", "مریم", "کریمی")
    text = {
        "card": ali.card,
        "card spaced": " ".join(ali.card[i:i + 4] for i in range(0, 12, 4)),
        "card persian": to_persian_digits(ali.card),
        "mobile": MOBILE,
        "mobile +98": "+98 912 123 4567",
        "mobile persian": "۰۹۱۲۱۲۳۴۵۶۷",
        "suffix 4": "4567",
        "suffix 3 persian": "۵۶۷",
        "first name": "عل",
        "last name arabic yeh": "رضاي",
        "both prefixes": "عل رض",
    }[how]
    assert [m.card for m in services.members.find_members(club, text)] == [ali.card]


@pytest.mark.parametrize("text", ["", "  ", "12", "zzz", "0912000000", "کریمی رضایی"])
def test_find_returns_nothing_for_no_match(club, ali, text):
    assert services.members.find_members(club, text) == []


def test_search_ignores_zwnj_but_the_name_keeps_it(club):
    m = services.members.sign_up(club, "09120000001", "عبدالله", "حسن‌پور")
    assert m.last_name == "حسن\u200cپور"
    for text in ("حسن‌پور", "حسنپور", "حسن‌پ"):
        assert [x.card for x in services.members.find_members(club, text)] == [m.card], text


def test_edit_changes_the_search_and_keeps_the_rest(club, ali):
    after = services.members.edit_member(club, ali.card, last_name="کاظمی", sms_consent=True)
    assert (after.first_name, after.last_name, after.sms_consent, after.mobile) == ("علی", "کاظمی", True, MOBILE)
    assert services.members.find_members(club, "رضایی") == []
    assert [m.card for m in services.members.find_members(club, "کاظ")] == [ali.card]
    audit = club.db.one("SELECT before, after FROM audit_log WHERE action = 'edit_member'")
    assert "رضایی" in audit["before"] and "کاظمی" in audit["after"]


def test_edit_to_a_taken_mobile_is_refused(club, ali):
    other = services.members.sign_up(club, "09350001111")
    with pytest.raises(DuplicateMember):
        services.members.edit_member(club, other.card, mobile=MOBILE)


def test_unknown_keys(club, ali):
    with pytest.raises(NotFound):
        services.members.get_member(club, "09350000000")
    with pytest.raises(ValidationError):
        services.members.get_member(club, "hello")
    with pytest.raises(ValidationError):  # a mistyped card fails its check digit: not a card
        services.members.get_member(club, ali.card[:-1] + str((int(ali.card[-1]) + 1) % 10))


def test_history_lists_purchases_ledger_and_tiers(club, ali):
    services.checkout.register_purchase(club, ali.card, 60_000_000)
    h = services.members.history(club, ali.card)
    assert [p.lines.gross for p in h.purchases] == [60_000_000]
    assert [(e.kind, e.points) for e in h.ledger] == [("earn", 6_000)]
    assert [(t.reason, t.to_tier) for t in h.tiers] == [("signup", "برنزی"), ("purchase", "نقره‌ای")]


@pytest.mark.parametrize("text", ["4567", "۴۵۶۷", "علی", "رضا", "علی رض", "09121234567", "0912", "zzz"])
def test_the_brief_list_finds_the_same_members_in_the_same_order(club, text):
    for mobile, first, last in (("09121234567", "علی", "رضایی"), ("09351114567", "علیرضا", "کریمی"),
                                ("09190004567", "رضا", "علی‌نژاد"), ("09123334444", "مریم", "رضوی")):
        services.members.sign_up(club, mobile, first, last)
    full = services.members.find_members(club, text)
    brief = services.members.find_brief(club, text)
    assert [(b.id, b.card, b.name, b.tier) for b in brief] == [(m.id, m.card, m.name, m.tier) for m in full]


def test_a_list_of_views_agrees_with_each_member_opened_alone(club, clock):
    """``find_members`` works out spend, points past their date and referrers for the whole list in
    one statement: each view must be what ``get_member`` says of that member alone."""
    from loyaltydesk.domain.jalali import add_months

    people = [("09121110123", "علی", "رضایی", None), ("09122220123", "مریم", "رضوی", "09121110123"),
              ("09123330123", "رضا", "کریمی", None), ("09124440123", "سارا", "احمدی", "09123330123")]
    for mobile, first, last, referrer in people:
        services.members.sign_up(club, mobile, first, last, referrer=referrer)
    for mobile, amount in (("09121110123", 60_000_000), ("09122220123", 8_000_000), ("09121110123", 5_000_000)):
        services.checkout.register_purchase(club, mobile, amount)
    clock.now = add_months(clock.now, 11)
    services.checkout.register_purchase(club, "09123330123", 170_000_000)
    clock.now = add_months(clock.now, 2)  # the first lots are past their date; no expiry has run
    listed = services.members.find_members(club, "0123")
    assert sorted(v.mobile for v in listed) == sorted(p[0] for p in people)
    alone = {v.id: services.members.get_member(club, v.card) for v in listed}
    assert listed == [alone[v.id] for v in listed]
    by_mobile = {v.mobile: v for v in listed}
    ali, maryam, reza, sara = (by_mobile[p[0]] for p in people)
    # past their date and not written off: they count for nothing, in the list as alone
    assert (ali.points, maryam.points, ali.qualifying_spend) == (0, 0, 0)
    assert (reza.points, reza.qualifying_spend, reza.tier, reza.to_keep_tier) == (17_000, 170_000_000, "طلایی", 0)
    assert (maryam.referrer_card, sara.referrer_card, ali.referrer_card) == (ali.card, reza.card, None)


def test_every_field_of_a_view_is_the_members_own(club, ali):
    """A view is built from the typed row (``store.members.Member``): each field must come from the
    column of its name, for a member with every field filled and a referrer."""
    sara = services.members.sign_up(club, "09351112222", "سارا", "احمدی", birthday="1365/12/01", national_code="0012345679",
                                    gender="f", referrer=ali.card, sms_consent=True, notes="مشتری قدیمی")
    row = club.db.one("SELECT * FROM members WHERE id = ?", (sara.id,))
    view = services.members.get_member(club, sara.card)
    for name in ("id", "card", "mobile", "first_name", "last_name", "birthday", "gender", "national_code",
                 "notes", "status", "joined_at", "tier_id", "tier_since", "points", "referrer_card"):
        assert getattr(view, name) == row[name], name
    assert (view.sms_consent, view.name, view.referrer_card, view.gender) == (True, "سارا احمدی", ali.card, "f")
    assert view.as_dict()["national_code"] == "0012345679" and len(view.as_dict()) == len(view)
    with pytest.raises(AttributeError):
        view.points = 10  # immutable
