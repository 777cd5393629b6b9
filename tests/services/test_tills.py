"""Several tills on one PostgreSQL club at once (issue 23, part 2): each till a connection of its
own (``PgDatabase``) in a thread of its own, all started together, racing on the same member,
coupon, campaign budget, checkout key, sign-up, daily task or text message for many rounds. What must hold
afterwards: nothing lost or given twice, no till saw an error it should not, and ``check`` is clean.

Each race fails without its lock (``store/locks.py``, ``store.members.lock``): with the lock made a
no-op the ledger's ids collide or fork, tills deadlock (refused as busy), a single-use coupon is used twice, a
budget is overspent, a birthday bonus is given twice, a text is sent twice (see the report of the
change that made them).
"""

from __future__ import annotations

import threading
from collections import Counter

import psycopg
import pytest

from loyaltydesk import services
from loyaltydesk.domain.checkout import CheckoutRefused
from loyaltydesk.domain.errors import DuplicateMember, LoyaltyError
from loyaltydesk.domain.roles import Role
from loyaltydesk.services.campaigns import CampaignForm
from loyaltydesk.services.session import Session, User
from loyaltydesk.store import open_database
from loyaltydesk.services.sms_provider import Kavenegar
from loyaltydesk.store.pg import ServerUnreachable
from tests.sms.kavenegar_server import API_KEY, start_fake

pytestmark = pytest.mark.pg
POSTGRESQL = pytest.mark.parametrize("db", ["postgresql"], indirect=True)
ROUNDS = 20


def race(url: str, clock, jobs, rounds: int = ROUNDS) -> list[list]:
    """Run ``jobs`` (each ``job(session, round)``) at once, one till (connection, thread) each, for
    ``rounds`` rounds, every round started together. Returns each till's answers, in rounds: what
    the job returned, or the exception it raised."""
    tills = [open_database(url) for _ in jobs]
    barrier = threading.Barrier(len(jobs))
    answers: list[list] = [[] for _ in jobs]

    def run(n: int) -> None:
        session = Session(tills[n], User(f"till{n + 1}", Role.OWNER), clock)
        for r in range(rounds):
            barrier.wait(60)
            try:
                answers[n].append(jobs[n](session, r))
            except Exception as e:  # noqa: BLE001 - the answer the test judges
                answers[n].append(e)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
    finally:
        for db in tills:
            db.close()
    return answers


def errors(answers, allowed=()) -> list:
    return [a for till in answers for a in till if isinstance(a, Exception) and not isinstance(a, allowed)]


def clean(owner) -> None:
    """Every kept figure agrees with what it is kept of (``check``: balances, lots, chains, stats)."""
    assert services.check.check_database(owner) == []


@POSTGRESQL
def test_purchases_redemptions_adjustments_and_refunds_on_one_member_lose_nothing(db, club, clock):
    """Four tills on one member: two buy with redemptions (the oldest lots drawn), one adjusts the
    points by hand, one refunds part of a purchase; a fifth buys for another member, sharing only
    the chains. The balance is the ledger's sum, every lot drawn once, every refund counted."""
    alice = services.members.sign_up(club, "09121234567", "علی", "رضایی").card
    bob = services.members.sign_up(club, "09351112233", "مریم", "حسینی").card
    clock.advance(hours=1)
    first = services.checkout.register_purchase(club, alice, 20_000_000)  # 2,000 points to redeem from
    jobs = [
        lambda s, r: services.checkout.register_purchase(s, alice, 3_000_000, redeem=15).purchase_id,
        lambda s, r: services.checkout.register_purchase(s, alice, 2_000_000, redeem=10).purchase_id,
        lambda s, r: services.points.adjust_points(s, alice, -7 if r % 2 else 9, "شمارش"),
        lambda s, r: services.checkout.refund(s, first.purchase_id, 100_000, "مرجوعی").refund_id,
        lambda s, r: services.checkout.register_purchase(s, bob, 1_000_000).purchase_id,
    ]
    answers = race(db.url, clock, jobs)
    assert errors(answers) == []
    row = db.one("SELECT id, points FROM members WHERE card = ?", (alice,))
    assert row[1] == db.value("SELECT sum(points) FROM ledger WHERE member_id = ?", (row[0],))
    assert row[1] == db.value("SELECT sum(remaining) FROM point_lots WHERE member_id = ? AND remaining > 0", (row[0],))
    assert db.value("SELECT count(*) FROM purchases WHERE member_id = ?", (row[0],)) == 1 + 2 * ROUNDS
    assert db.value("SELECT refunded FROM purchases WHERE id = ?", (first.purchase_id,)) == ROUNDS * 100_000
    clean(club)


@POSTGRESQL
def test_a_single_use_coupon_at_two_tills_at_once_is_used_once(db, club, clock):
    cards = [services.members.sign_up(club, f"0912000000{i}", "عضو", str(i)).card for i in range(3)]
    for r in range(ROUNDS):
        services.club.add_coupon(club, f"ONE{r}", amount=500_000, max_uses=1)

    def buyer(card):
        return lambda s, r: services.checkout.register_purchase(s, card, 5_000_000, coupon=f"ONE{r}").purchase_id

    answers = race(db.url, clock, [buyer(card) for card in cards])
    assert errors(answers, CheckoutRefused) == []
    for r in range(ROUNDS):
        took = [till[r] for till in answers if not isinstance(till[r], Exception)]
        refused = [till[r] for till in answers if isinstance(till[r], CheckoutRefused)]
        assert len(took) == 1 and len(refused) == len(cards) - 1, r
        assert all("used up" in str(e) for e in refused)
        assert db.value("SELECT count(*) FROM purchases WHERE coupon_code = ?", (f"ONE{r}",)) == 1
    clean(club)


@POSTGRESQL
def test_a_campaign_budget_is_never_overspent_by_tills_at_once(db, club, clock):
    budget, bonus = 1_000, 70
    services.campaigns.add_campaign(club, CampaignForm(name="خرداد", start="1404/03/01", end="1404/03/31",
                                                       bonus=bonus, budget=budget))
    cards = [services.members.sign_up(club, f"0935000000{i}", "عضو", str(i)).card for i in range(4)]
    clock.advance(hours=1)

    def buyer(card):
        return lambda s, r: services.checkout.register_purchase(s, card, 1_000_000).lines.campaign_points

    answers = race(db.url, clock, [buyer(card) for card in cards], rounds=8)
    assert errors(answers) == []
    given = sum(a for till in answers for a in till)
    assert given == budget  # 32 purchases of 70 points ask for more: the budget is given whole, once
    assert db.value("SELECT points FROM campaign_totals") == budget
    assert db.value("SELECT sum(points) FROM ledger WHERE reason = 'campaign خرداد'") == budget
    clean(club)


@POSTGRESQL
def test_one_checkout_key_from_two_tills_at_once_is_one_purchase(db, club, clock):
    card = services.members.sign_up(club, "09121234567", "علی", "رضایی").card
    clock.advance(hours=1)

    def till(s, r):
        return services.checkout.register_purchase(s, card, 4_000_000, checkout_key=f"counter-{r}")

    answers = race(db.url, clock, [till, till, till])
    assert errors(answers) == []
    for r in range(ROUNDS):
        results = [till_answers[r] for till_answers in answers]
        assert len({x.purchase_id for x in results}) == 1, r  # the second and third read the first
        assert len({x.lines for x in results}) == 1
    assert db.value("SELECT count(*) FROM purchases") == ROUNDS
    clean(club)


@POSTGRESQL
def test_one_checkout_key_for_two_members_at_once_is_one_purchase_and_a_conflict(db, club, clock):
    a = services.members.sign_up(club, "09121234567", "علی", "رضایی").card
    b = services.members.sign_up(club, "09351112233", "مریم", "حسینی").card
    clock.advance(hours=1)
    jobs = [lambda s, r, card=card: services.checkout.register_purchase(s, card, 4_000_000, checkout_key=f"k{r}")
            for card in (a, b)]
    answers = race(db.url, clock, jobs, rounds=10)
    for r in range(10):
        kinds = Counter(type(till[r]).__name__ for till in answers)
        assert kinds == {"PurchaseResult": 1, "Conflict": 1}, (r, kinds)
    assert db.value("SELECT count(*) FROM purchases") == 10
    clean(club)


@POSTGRESQL
def test_one_mobile_signed_up_at_two_tills_at_once_is_one_member(db, club, clock):
    def till(s, r):
        return services.members.sign_up(s, f"0919{r:07d}", "نام", "خانوادگی").card

    answers = race(db.url, clock, [till, till])
    assert errors(answers, DuplicateMember) == []
    for r in range(ROUNDS):
        assert sorted(isinstance(till_answers[r], DuplicateMember) for till_answers in answers) == [False, True]
    assert db.value("SELECT count(*) FROM members") == ROUNDS
    clean(club)


@POSTGRESQL
def test_the_daily_bonuses_and_expiry_run_at_two_tills_at_once_give_once(db, club, clock):
    """Two tills start the same morning: both run the birthday bonuses, the anniversary bonus and
    expiry while a third sells to the same members. Each bonus is given once, each lot expired once."""
    services.club.update_settings(club, anniversary_bonus=50)
    cards = [services.members.sign_up(club, f"0912{i:07d}", "عضو", str(i), birthday="1370/03/11").card
             for i in range(12)]
    clock.advance(hours=1)
    for card in cards:
        services.checkout.register_purchase(club, card, 5_000_000)
    clock.advance(days=366)  # the earn lots (6 months) are due, the anniversary and the birthday come round
    rounds = 3

    def daily(s, r):
        return (services.points.grant_birthday_bonuses(s, limit=5), services.points.grant_anniversary_bonuses(s, limit=5),
                services.points.run_expiry(s, limit=5))

    def till(s, r):
        return [services.checkout.register_purchase(s, card, 1_000_000).purchase_id for card in cards[r::rounds]]

    answers = race(db.url, clock, [daily, daily, till], rounds=rounds)
    assert errors(answers) == []
    per_member = db.all("SELECT member_id, bonus_key, count(*) FROM ledger WHERE bonus_key IS NOT NULL "
                        "GROUP BY member_id, bonus_key")
    assert per_member and all(n == 1 for _m, _k, n in per_member)
    assert {k for _m, k, _n in per_member} >= {"birthday:1405", "anniversary:1405"}
    assert db.value("SELECT count(*) FROM ledger WHERE kind = 'expire'") == len(cards)
    assert db.value("SELECT count(*) FROM point_lots WHERE remaining < 0") == 0
    clean(club)


@POSTGRESQL
def test_two_tills_sending_the_outbox_at_once_send_each_message_once(db, club, clock):
    fake = start_fake()
    try:
        services.sms.configure(club, provider="kavenegar", api_key=API_KEY, sender="10004346", base_url=fake.base_url,
                               after_purchase=True)
        cards = [services.members.sign_up(club, f"0912{i:07d}", "مریم", "حسینی", sms_consent=True).card
                 for i in range(10)]  # ten welcome texts queued
        sender = lambda s, r: services.sms.send_due(s, Kavenegar(API_KEY, fake.base_url, (5.0, 5.0))).sent  # noqa: E731
        sent = []
        for r in range(3):
            clock.advance(minutes=1)
            for card in cards:  # ten receipts more
                services.checkout.register_purchase(club, card, 1_000_000)
            sent += race(db.url, clock, [sender, sender], rounds=1)
        assert errors(sent) == []
        assert fake.twice() == []
        assert len(fake.sent) == sum(a for till in sent for a in till) == 40
    finally:
        fake.server.clear()
        fake.server.stop()
    clean(club)


@POSTGRESQL
def test_wrong_passwords_at_two_tills_at_once_are_each_counted(db, clock):
    """Each wrong try is counted (the waits grow with the count): two tills guessing at once never
    count one try for two."""
    services.users.set_up_club(db, shop_name="فروشگاه", display_unit="toman", username="Maryam", password="secret12",
                               repeat="secret12", clock=clock)

    def guess(s, r):
        return services.users.sign_in(s.db, "maryam" if r % 2 else "nobody", f"wrong{r}", clock)

    answers = race(db.url, clock, [guess, guess], rounds=2)
    assert errors(answers, services.users.SignInRefused) == []
    assert db.value("SELECT failed_count FROM users WHERE username = 'maryam'") == 2
    # a name nobody has is counted alike, in one settings row
    assert '"count": 2' in db.value("SELECT value FROM settings WHERE key = 'sign_in_unknown_failures'")


@POSTGRESQL
def test_a_till_that_loses_the_server_mid_purchase_keeps_nothing_and_reconnects(db, club, clock, monkeypatch):
    """The server ends the till's connection half-way through a purchase (after the ledger's
    entries, before the tier and the audit): ServerUnreachable, nothing of it kept; the next
    purchase reconnects by itself."""
    card = services.members.sign_up(club, "09121234567", "علی", "رضایی").card
    clock.advance(hours=1)
    services.checkout.register_purchase(club, card, 5_000_000, redeem=0)
    till_db = open_database(db.url)
    till = Session(till_db, User("till1", Role.OWNER), clock)
    services.checkout.register_purchase(till, card, 1_000_000)  # connected
    pid = till_db.value("SELECT pg_backend_pid()")
    counts = lambda: tuple(db.value(f"SELECT count(*) FROM {t}") for t in ("purchases", "ledger", "audit_log",  # noqa: E731
                                                                            "point_lots", "tier_history"))
    before, points = counts(), db.value("SELECT points FROM members WHERE card = ?", (card,))
    real = services.checkout.member_store.refresh_window_of

    def cut_off(db_, member_id, start):
        if db_ is till_db:
            with psycopg.connect(db.url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        return real(db_, member_id, start)

    monkeypatch.setattr(services.checkout.member_store, "refresh_window_of", cut_off)
    with pytest.raises(ServerUnreachable) as lost:
        services.checkout.register_purchase(till, card, 60_000_000, redeem=20)
    assert "NOT registered" in str(lost.value)
    assert isinstance(lost.value, LoyaltyError)
    monkeypatch.setattr(services.checkout.member_store, "refresh_window_of", real)
    assert counts() == before
    assert db.value("SELECT points FROM members WHERE card = ?", (card,)) == points
    again = services.checkout.register_purchase(till, card, 60_000_000, redeem=20)  # reconnected by itself
    assert again.upgraded and till_db.value("SELECT pg_backend_pid()") != pid
    till_db.close()
    clean(club)
