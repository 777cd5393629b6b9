"""The club's new features from outside: campaigns, member-bound offers, rewards and the SMS outbox,
on the real program on a real X screen.

The owner sets them up through the command line (``loyaltydesk --json``, as a shop's owner or a
script would); the cashier signs in, a USB scanner types the member's card, the member's offers show,
F7 puts one into the coupon, the amount is typed and F9 registers. What happened is read back through
the command line: the offer used by that purchase, the campaign's points given once, the balance.
Then the owner opens the Campaigns, Offers and rewards and Messages pages (Ctrl+7, Ctrl+8, Ctrl+9:
the owner's list of pages in its order) with the errors log empty throughout.
``LOYALTYDESK_SCREENSHOTS=DIR`` keeps the pictures.
"""

from __future__ import annotations

import hashlib
import time

import pytest
from PIL import Image

from loyaltydesk.domain.jalali import jalali_ymd, utc_now

from .desk import MAIN_TITLE

pytestmark = pytest.mark.engines  # the demo club in a file, and on a PostgreSQL server (--db URL)

CAMPAIGN = "امتیاز دو برابر امروز"
NEXT_ORDER_ABOVE = 5_000_000  # rials: a purchase above 500,000 toman earns a next-order offer
EARNING_PURCHASE = 6_000_000  # rials, through the command line: it earns the offer
TILL_AMOUNT_TOMAN = "۲۰۰۰۰۰"  # typed at the till: 200,000 toman, below NEXT_ORDER_ABOVE (earns no new offer)
TILL_AMOUNT = 2_000_000  # the same in rials
OWNER_NEW_PAGES = (("campaigns", 7), ("offers", 8), ("messages", 9))  # Ctrl+N in the owner's list
REWARD, REWARD_POINTS = "قهوهٔ رایگان", 300
NO_PROVIDER = "http://127.0.0.1:9"  # a provider nobody answers at: the shop's internet is down


@pytest.fixture
def desk(engine_desk):
    return engine_desk


def today_jalali() -> str:
    year, month, day = jalali_ymd(utc_now())  # Tehran's day
    return f"{year:04d}/{month:02d}/{day:02d}"


def screen_hash(path) -> str:
    return hashlib.sha1(Image.open(path).convert("RGB").tobytes()).hexdigest()


def a_member_with_points(desk) -> dict:
    return next(m for m in desk.members() if int(m["points"]) > 0)


def set_up_the_club(desk, card: str) -> tuple[str, dict, dict]:
    """The owner turns on the next-order offer, a purchase earns the member one, a double-points
    campaign runs today and the catalog has a reward. The offer's code, the campaign as the command
    line shows it, and the earning purchase (its id and the balance after it)."""
    desk.cli("offer", "rule", "set", "next-order", "--percent", "10", "--above", str(NEXT_ORDER_ABOVE), "--days", "30")
    earning = desk.cli("purchase", card, "--amount", str(EARNING_PURCHASE))
    code = earning["offer_issued"]
    assert code and code.startswith("N"), earning
    assert earning["campaign_points"] == 0  # the campaign does not run yet
    campaign = desk.cli("campaign", "add", CAMPAIGN, "--from", today_jalali(), "--to", today_jalali(),
                        "--multiplier", "200")
    assert campaign["state"] == "running", campaign
    desk.cli("reward", "add", REWARD, "--points", str(REWARD_POINTS), "--stock", "20")
    return code, campaign, earning


def test_the_cashier_applies_the_members_offer_with_f7_in_a_double_points_campaign(desk):
    card = a_member_with_points(desk)["card"]
    code, campaign, earning = set_up_the_club(desk, card)
    quote = desk.cli("quote", card, "--amount", str(TILL_AMOUNT), "--coupon", code)  # the service's own prices
    assert quote["coupon_discount"] > 0 and quote["campaign_points"] > 0, quote

    desk.start()
    desk.sign_in("sara")
    desk.scan(card)  # 12 digits at 5 ms a key, then Enter: the member opens with their offers
    time.sleep(1.0)
    desk.shot("member-and-offers")
    desk.key("F7")  # the offer into the coupon field
    desk.type(TILL_AMOUNT_TOMAN)
    desk.key("F3", "Down", "Return")  # the catalog's first reward, with the purchase
    time.sleep(1.2)  # the live preview, with the offer's discount and the campaign's line
    desk.shot("offer-applied-campaign-line")
    desk.key("F9")
    history = desk.wait_until(
        lambda: (h := desk.cli("history", card)) and max(p["id"] for p in h["purchases"]) > earning["purchase_id"] and h,
        what="the purchase to be registered")
    time.sleep(0.6)
    desk.shot("registered")

    [sale] = [p for p in history["purchases"] if p["id"] > earning["purchase_id"]]  # one, nothing more
    for line in ("gross", "tier_discount", "coupon_code", "coupon_discount", "net", "points_earned",
                 "campaign_points"):
        assert sale[line] == quote[line], (line, sale, quote)
    assert sale["gross"] == TILL_AMOUNT and sale["coupon_code"] == code
    bonus_key = f"campaign:{campaign['id']}:p{sale['id']}"
    mine = [e for e in history["ledger"] if e["purchase_id"] == sale["id"] or e["bonus_key"] == bonus_key]

    # the reward: its points redeemed with this purchase, one taken from its stock
    redeemed = [e for e in mine if e["kind"] == "redeem"]
    assert [(e["points"], e["purchase_id"]) for e in redeemed] == [(-REWARD_POINTS, sale["id"])], redeemed
    assert REWARD in redeemed[0]["reason"], redeemed
    assert next(r for r in desk.cli("reward", "list")["rewards"] if r["name"] == REWARD)["stock"] == 19

    # the campaign: one bonus entry for this purchase, its points once, in the campaign's own count
    bonuses = [e for e in history["ledger"] if (e["bonus_key"] or "").startswith(f"campaign:{campaign['id']}:")]
    assert [(e["bonus_key"], e["points"]) for e in bonuses] == [(bonus_key, quote["campaign_points"])], bonuses
    listed = next(c for c in desk.cli("campaign", "list") if c["name"] == CAMPAIGN)
    assert (listed["points"], listed["uses"], listed["members"]) == (quote["campaign_points"], 1, 1), listed

    # the offer: used by this purchase, no longer active, and no new one (the sale is below the rule's amount)
    offer = next(o for o in desk.cli("offer", "list", card, "--all")["offers"] if o["code"] == code)
    assert offer["used_purchase_id"] == sale["id"] and offer["used_at"] and not offer["active"], offer
    after = desk.member(card)
    assert after["offers"] == []

    # the balance: what it was after the earning purchase, plus this purchase's points (the campaign's
    # included), less the reward; the purchase's own entries (earn, campaign bonus, reward) add up to it
    assert after["points"] == earning["balance"] + sale["points_earned"] - REWARD_POINTS
    assert sum(e["points"] for e in mine) == sale["points_earned"] - REWARD_POINTS, mine
    assert desk.run_cli("check").returncode == 0


def test_the_owner_opens_the_campaigns_offers_and_messages_pages(desk):
    member = a_member_with_points(desk)
    set_up_the_club(desk, member["card"])
    desk.run_cli("club", "set", "--sms-provider", "kavenegar", "--sms-api-key", "TESTKEY1234", "--sms-sender",
                 "10004346", "--sms-base-url", NO_PROVIDER, "--sms-after-purchase", "on")
    assert desk.cli("purchase", member["card"], "--amount", "1000000")["sms_queued"] is True
    desk.start()
    desk.sign_in("owner")
    wid = desk.wait_window(MAIN_TITLE)
    seen = {"first": screen_hash(desk.shot("first-page"))}
    for page, n in OWNER_NEW_PAGES:
        desk.key(f"ctrl+{n}", settle=1.5)
        shot = desk.shot(page)
        seen[page] = screen_hash(shot)
        assert desk.active_window() == wid, f"{page}: another window took the keyboard: {desk.windows()}"
        assert desk.errors_log() == "", f"{page}: {desk.errors_log()[-3000:]}"
        assert "Traceback" not in desk.program_output(), page
        if page == "offers":  # its tabs (rules, rewards, the report): Tab into the page, then Ctrl+Tab
            desk.key("Tab")
            for tab in ("rewards", "report"):
                desk.key("ctrl+Tab", settle=1.0)
                seen[f"offers-{tab}"] = screen_hash(desk.shot(f"offers-{tab}"))
    assert len(set(seen.values())) == len(seen), "a page looked the same as another: Ctrl+N did not move"
    # the purchase's message waits in the outbox for the provider (the app's sender tried it): not lost,
    # not failed, nothing delivered; the app's start queued the week's points-expiry warnings beside it
    outbox = desk.cli("sms", "outbox")
    [message] = [m for m in outbox if m["template"] == "purchase"]
    assert message["mobile"] == member["mobile"] and message["state"] in ("queued", "sending"), message
    assert {m["state"] for m in outbox} <= {"queued", "sending"}, outbox


def test_the_apps_sender_texts_the_purchase_through_the_provider(desk):
    """The real program's text-message sender against a local server that speaks Kavenegar's API: a
    purchase's message (queued by the command line before the app starts) goes out in the app's
    first round after the sign-in, its steps run on the app's database thread (the provider called
    from the sender's own thread), and the outbox read back by the command line says sent, once."""
    from tests.sms.kavenegar_server import API_KEY, start_fake

    fake = start_fake()
    try:
        member = a_member_with_points(desk)
        desk.run_cli("club", "set", "--sms-provider", "kavenegar", "--sms-api-key", API_KEY, "--sms-sender",
                     "10004346", "--sms-base-url", fake.base_url, "--sms-after-purchase", "on")
        bought = desk.cli("purchase", member["card"], "--amount", "1000000")
        assert bought["sms_queued"] is True
        desk.start()
        desk.sign_in("owner")
        desk.wait_window(MAIN_TITLE)
        deadline = time.monotonic() + 40  # the first round comes 5 s after the sign-in
        while time.monotonic() < deadline and not any(t.receptor == member["mobile"] for t in fake.sent):
            time.sleep(0.5)
        texts = [t for t in fake.sent if t.receptor == member["mobile"]]
        assert len(texts) == 1, fake.sent  # sent once
        time.sleep(1.0)  # the round records the provider's answer
        [message] = [m for m in desk.cli("sms", "outbox") if m["template"] == "purchase"]
        assert message["state"] in ("sent", "delivered") and message["mobile"] == member["mobile"], message
        assert desk.errors_log() == "", desk.errors_log()[-3000:]
        assert "Traceback" not in desk.program_output()
    finally:
        fake.server.stop()
