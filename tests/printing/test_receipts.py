"""Receipts from a real club: the data a service gathers, and the PDF read back at both widths."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import NotFound
from loyaltydesk.domain.money import format_money, format_number
from loyaltydesk.printing.receipts import ReceiptData, receipt_pdf
from loyaltydesk.printing.cards import PrintError
from loyaltydesk.services import documents

from .conftest import has_phrase, page_size_mm, pdf_text, render


@pytest.fixture
def upgrade(club, members, clock):
    """Maryam buys twice; the second purchase uses a coupon and points and lifts her to نقره‌ای."""
    s = club
    services.club.add_coupon(s, "SUMMER10", percent_bp=1_000)
    first = services.checkout.register_purchase(s, members["maryam"].card, 40_000_000)
    clock.advance(days=3)
    second = services.checkout.register_purchase(s, members["maryam"].card, 20_000_000, redeem=500, coupon="summer10")
    return first, second


def test_receipt_data_is_the_purchase_as_priced(club, upgrade):
    first, second = upgrade
    r = documents.receipt_data(club, second.purchase_id)
    assert (r.gross, r.tier_discount, r.coupon_code, r.coupon_discount, r.points_redeemed, r.redeem_value, r.net,
            r.points_earned, r.balance) == (second.lines.gross, second.lines.tier_discount, "SUMMER10",
                                            second.lines.coupon_discount, 500, 50_000, second.lines.net,
                                            second.lines.points_earned, second.balance)
    assert (r.tier, r.tier_after, r.upgraded) == ("برنزی", "نقره‌ای", True)
    # window spend 60,000,000 of طلایی's 150,000,000
    assert (r.next_tier, r.to_next_tier, r.progress_bp) == ("طلایی", 90_000_000, 4_000)
    assert (r.shop_name, r.unit, r.thank_you, r.member_name) == ("فروشگاه من", "toman", "از خرید شما سپاسگزاریم",
                                                                "مریم رضایی")


def test_a_reprint_shows_the_balance_of_that_day(club, upgrade, members, clock):
    first, second = upgrade
    clock.advance(days=1)
    services.checkout.register_purchase(club, members["maryam"].card, 10_000_000)
    assert documents.receipt_data(club, first.purchase_id).balance == first.balance == 4_000
    assert documents.receipt_data(club, second.purchase_id).balance == second.balance


def test_top_tier_has_no_next(club, members):
    purchase = services.members.history(club, members["sara"].card).purchases[0]
    r = documents.receipt_data(club, purchase.id)
    assert (r.tier, r.tier_after, r.next_tier, r.to_next_tier) == ("برنزی", "طلایی", None, None)


def test_cashier_may_read_receipts_and_errors_are_plain(cashier, upgrade):
    assert documents.receipt_data(cashier, upgrade[0].purchase_id).purchase_id == upgrade[0].purchase_id
    with pytest.raises(NotFound) as e:
        documents.receipt_data(cashier, 999)
    assert e.value.message == "There is no purchase 999."


@pytest.mark.parametrize("width", [80, 58])
def test_receipt_pdf_reads_back(tmp_path, club, upgrade, width):
    r = documents.receipt_data(club, upgrade[1].purchase_id)
    pdf = receipt_pdf(r, width=width)
    [(w, h)] = page_size_mm(pdf, tmp_path)
    assert w == width and 100 < h < 400
    text = pdf_text(pdf, tmp_path)
    money = lambda v: format_money(v, "toman")  # noqa: E731
    for phrase in [
        "فروشگاه من", "رسید خرید باشگاه مشتریان", "۱۴۰۴/۰۳/۱۴", "مریم رضایی",
        "مبلغ کل", money(r.gross), "تخفیف سطح برنزی", "کوپن", "SUMMER10", format_number(r.coupon_discount // 10),
        "امتیاز استفاده‌شده", "۵۰۰", format_number(r.redeem_value // 10),
        "مبلغ قابل پرداخت", money(r.net), "امتیاز این خرید", format_number(r.points_earned),
        "مانده امتیاز", format_number(r.balance), "سطح عضویت", "نقره‌ای",
        "تبریک! با این خرید به سطح نقره‌ای رسیدید.", "تا سطح طلایی", format_number(9_000_000), "۴۰٪",
        "از خرید شما سپاسگزاریم",
    ]:
        assert has_phrase(text, phrase), phrase
    # The checkout lines come in the club's rules' order (docs/rules.md).
    order = ["مبلغ کل", "تخفیف سطح", "کوپن", "امتیاز استفاده‌شده", "مبلغ قابل پرداخت", "امتیاز این خرید",
             "مانده امتیاز"]
    positions = [text.index(p) for p in order]
    assert positions == sorted(positions)
    assert len(render(pdf, tmp_path, dpi=100)) == 1


def test_rial_club_and_refund_line(tmp_path, club, upgrade):
    services.club.update_settings(club, display_unit="rial", thank_you="به امید دیدار")
    services.checkout.refund(club, upgrade[0].purchase_id, 10_000_000)
    r = documents.receipt_data(club, upgrade[0].purchase_id)
    assert (r.unit, r.refunded) == ("rial", 10_000_000)
    text = pdf_text(receipt_pdf(r), tmp_path)
    for phrase in ("۴۰٬۰۰۰٬۰۰۰ ریال", "مرجوعی", "۱۰٬۰۰۰٬۰۰۰", "به امید دیدار"):
        assert has_phrase(text, phrase), phrase


def test_other_widths_are_refused():
    r = ReceiptData("x", 1, "2025-06-01T08:00:00Z", "y", "612345678903", 10, 0, 10, 0, 0)
    with pytest.raises(PrintError) as e:
        receipt_pdf(r, width=76)
    assert e.value.message == "76 mm is not a receipt roll width (80 or 58)."



def test_a_campaign_line_on_the_receipt(tmp_path, club, members, clock):
    """Step 6's campaign points: the purchase's own points, each campaign's line, then their sum."""
    from loyaltydesk.services.campaigns import CampaignForm

    services.campaigns.add_campaign(club, CampaignForm(name="یلدا", start="1404/03/01", end="1404/03/31",
                                                       multiplier=200))
    sale = services.checkout.register_purchase(club, members["maryam"].card, 3_000_000)
    r = documents.receipt_data(club, sale.purchase_id)
    assert (r.points_earned, r.campaigns) == (600, (("یلدا", 300),))
    text = pdf_text(receipt_pdf(r), tmp_path)
    order = ["مبلغ قابل پرداخت", "امتیاز خرید", "کمپین یلدا", "امتیاز این خرید", "مانده امتیاز"]
    for phrase in order + ["۳۰۰", "۶۰۰"]:
        assert has_phrase(text, phrase), phrase
    positions = [text.index(p) for p in order]
    assert positions == sorted(positions)


def test_the_receipt_prints_the_offer_used_the_reward_given_and_the_next_order_offer(club, members, tmp_path):
    from loyaltydesk.services import offers, rewards

    offers.set_offer_rule(club, "birthday", active=True, percent_bp=1_000)
    offers.set_offer_rule(club, "next_order", active=True, amount=500_000, min_purchase=2_000_000, days=10,
                          above=5_000_000)
    rewards.add_reward(club, "فنجان قهوه", 300)
    card = members["ali"].card  # نقره‌ای, 6,000 points from his first purchase
    assert offers.issue_offers(club) == {"birthday": 0, "winback": 0}  # nobody has a birthday this week
    first = services.checkout.register_purchase(club, card, 6_000_000, reward="فنجان قهوه")
    r = documents.receipt_data(club, first.purchase_id)
    assert r.rewards == (("فنجان قهوه", 300),) and r.offer_rule is None
    assert r.next_offer == (first.offer_issued, 0, 500_000, 2_000_000, "1404/03/21")
    text = pdf_text(receipt_pdf(r), tmp_path)
    assert has_phrase(text, "جایزه: فنجان قهوه") and first.offer_issued in text
    assert has_phrase(text, "هدیه خرید بعدی شما")
    second = services.checkout.register_purchase(club, card, 3_000_000, coupon=first.offer_issued)
    r = documents.receipt_data(club, second.purchase_id)
    assert (r.offer_rule, r.coupon_code, r.coupon_discount, r.next_offer) == \
        ("next_order", first.offer_issued, 500_000, None)
    assert has_phrase(pdf_text(receipt_pdf(r), tmp_path, "second"), "پیشنهاد خرید بعدی")
