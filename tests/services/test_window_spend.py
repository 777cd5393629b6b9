"""Each member's window spend kept in their row (m0009): whatever happens to a club (purchases,
refunds, back-dated slips, rows written past the services, the months going by, the window setting
changed, the daily run or not), a member's view shows exactly the spend their purchases give, and
``check_database`` finds nothing. Where the kept figure holds, the view takes it from the row (a
figure tampered with shows, and the check names it); where it does not, the view sums purchases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain.checkout import CheckoutLines
from loyaltydesk.domain.jalali import to_iso
from loyaltydesk.domain.tiers import window_start
from loyaltydesk.services import daily
from loyaltydesk.services.members import FAR_FUTURE, WindowRun, refresh_windows, window_slice
from loyaltydesk.store import audit
from loyaltydesk.store import members as member_store
from loyaltydesk.store import purchases as purchase_store
from tests.conftest import START

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

MOBILES = {"A": "09120000001", "B": "09120000002", "C": "09120000003"}


def plain(gross: int) -> CheckoutLines:
    """A purchase of ``gross`` with no discount, no points either way (as an import writes one)."""
    return CheckoutLines(gross=gross, tier_discount=0, coupon_code=None, coupon_discount=0, points_redeemed=0,
                         redeem_value=0, net=gross, points_earned=0)


def truth(owner, member_id) -> int:
    settings = services.club.get_settings(owner)
    start = to_iso(window_start(settings.window, owner.now()))
    return purchase_store.spend_between(owner.db, member_id, start, FAR_FUTURE)


def holds(owner, member_id) -> bool:
    """Whether the member's kept figure holds now (the view reads it instead of the purchases)."""
    settings = services.club.get_settings(owner)
    start = to_iso(window_start(settings.window, owner.now()))
    row = owner.db.one("SELECT win_from, win_until FROM members WHERE id = ?", (member_id,))
    return row["win_from"] <= start <= row["win_until"]


def do(owner, ids, step):
    """One step of a scenario: (days on, member, what, amount)."""
    days, who, what, amount = step
    owner.clock.advance(days=days)
    db = owner.db
    if what == "buy":
        services.checkout.register_purchase(owner, MOBILES[who], amount)
    elif what == "slip":  # a paper slip from ``amount`` days ago, registered now (owner)
        services.checkout.register_purchase(owner, MOBILES[who], 3_000_000, at=owner.now() - timedelta(days=amount))
    elif what == "refund":  # the member's last purchase, in whole (amount None) or in part
        last = db.value("SELECT max(id) FROM purchases WHERE member_id = ?", (ids[who],))
        services.checkout.refund(owner, last, amount)
    elif what == "refund first":  # the member's first purchase, in whole
        services.checkout.refund(owner, db.value("SELECT min(id) FROM purchases WHERE member_id = ?", (ids[who],)))
    elif what == "raw":  # a purchase written past the services (an import, a repair): the triggers keep it
        with db.transaction():
            purchase_store.insert(db, member_id=ids[who], at=to_iso(owner.now() - timedelta(days=amount)),
                                  recorded_at=owner.now_iso(), actor="import", tier_id=None, lines=plain(1_000_000))
    elif what == "window":
        services.club.update_settings(owner, window=amount)
    elif what == "daily":
        daily.run_all(owner, at_start=False, with_backup=False)
    elif what == "wait":
        pass
    else:
        raise AssertionError(what)


# (days on, member, what, amount); then which members' kept figures hold after the last step.
SCENARIOS = {
    "purchases keep their member's figure": (
        [(0, "A", "buy", 5_000_000), (3, "A", "buy", 2_000_000), (1, "B", "buy", 9_000_000)], {"A", "B"}),
    "refunds in part and in whole": (
        [(0, "A", "buy", 5_000_000), (2, "A", "buy", 8_000_000), (0, "A", "refund", 3_000_000),
         (5, "A", "refund", None)], {"A"}),
    "a slip from before the window's start counts for nothing": (
        [(0, "A", "buy", 5_000_000), (500, "A", "slip", 400)], {"A"}),
    "a slip from inside the window counts": (
        [(0, "A", "buy", 5_000_000), (40, "A", "slip", 30)], {"A"}),
    "rows written past the services": (
        [(0, "A", "buy", 5_000_000), (0, "A", "raw", 5), (0, "A", "raw", 800), (0, "B", "raw", 2)], {"A"}),
    "the first purchase leaves the window: stale until the daily run": (
        [(0, "A", "buy", 5_000_000), (100, "A", "buy", 1_000_000), (300, "A", "wait", None)], set()),
    "... and the daily run sums it again": (
        [(0, "A", "buy", 5_000_000), (100, "A", "buy", 1_000_000), (300, "A", "daily", None)], {"A", "B", "C"}),
    "... or the member's next purchase does": (
        [(0, "A", "buy", 5_000_000), (100, "A", "buy", 1_000_000), (300, "A", "buy", 700_000)], {"A"}),
    "a refund of a purchase that has left the window": (
        [(0, "A", "buy", 5_000_000), (0, "A", "buy", 6_000_000), (200, "A", "buy", 1_000_000),
         (200, "A", "daily", None), (0, "A", "refund first", None), (0, "A", "refund", None)], {"A", "B", "C"}),
    "everything leaves the window: nothing counted, the figure holds for good": (
        [(0, "A", "buy", 5_000_000), (400, "A", "daily", None), (300, "A", "wait", None)], {"A", "B", "C"}),
    "a member who never bought is summed by the daily run": (
        [(0, "C", "daily", None), (900, "C", "wait", None)], {"A", "B", "C"}),
    "rolling to the Jalali year: figures that still hold are kept": (
        [(0, "A", "buy", 5_000_000), (1, "A", "window", "jalali-year")], {"A"}),
    "the Jalali year to rolling: figures summed from a later start are forgotten": (
        [(0, "A", "window", "jalali-year"), (1, "A", "buy", 5_000_000), (1, "A", "window", "rolling12"),
         (0, "A", "wait", None)], set()),
    "... and summed again by the daily run": (
        [(0, "A", "window", "jalali-year"), (1, "A", "buy", 5_000_000), (1, "A", "window", "rolling12"),
         (0, "A", "daily", None)], {"A", "B", "C"}),
    "a new Jalali year: the figures of last year's buyers go stale": (
        [(0, "A", "window", "jalali-year"), (0, "A", "buy", 5_000_000), (0, "B", "daily", None),
         (300, "A", "wait", None)], {"B", "C"}),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_view_shows_the_purchases_spend_at_every_step(club, name):
    steps, holding = SCENARIOS[name]
    ids = {k: services.members.sign_up(club, m, k, "Test").id for k, m in MOBILES.items()}
    for step in steps:
        do(club, ids, step)
        for who, member_id in ids.items():
            view = services.members.get_member_by_id(club, member_id)
            assert view.qualifying_spend == truth(club, member_id), (step, who)
        assert [p for p in services.check.check_database(club) if p.field == "window"] == [], step
    assert {who for who, member_id in ids.items() if holds(club, member_id)} == holding


def test_a_kept_figure_that_holds_is_what_the_view_shows_and_the_check_names_it_when_wrong(club):
    member = services.members.sign_up(club, MOBILES["A"], "A", "Test")
    services.checkout.register_purchase(club, MOBILES["A"], 5_000_000)
    assert holds(club, member.id)
    with club.db.transaction():
        club.db.execute("UPDATE members SET win_spend = 123 WHERE id = ?", (member.id,))
    assert services.members.get_member_by_id(club, member.id).qualifying_spend == 123
    assert services.members.find_members(club, MOBILES["A"][-4:])[0].qualifying_spend == 123
    problems = [p for p in services.check.check_database(club) if p.field == "window"]
    assert len(problems) == 1 and problems[0].params["stored"] == 123 and problems[0].params["spend"] == 5_000_000
    # once stale (the window has moved past its purchase), the row's figure is not read any more
    club.clock.advance(days=400)
    assert not holds(club, member.id)
    assert services.members.get_member_by_id(club, member.id).qualifying_spend == 0


# slices of one, two, a few members, a budget that stops after every chunk, all at once
@pytest.mark.parametrize("limit, budget", [(1, None), (2, None), (5, None), (250, 0.0), (10**6, None)])
def test_the_daily_slices_sum_every_stale_member_once(club, limit, budget):
    ids = [services.members.sign_up(club, f"0912000{i:04d}", f"M{i}", "Test").id for i in range(60)]
    with club.db.transaction():
        for i, member_id in enumerate(ids):
            for k in range(i % 4):
                purchase_store.insert(club.db, member_id=member_id, at=to_iso(START - timedelta(days=100 * k + i)),
                                      recorded_at=club.now_iso(), actor="import", tier_id=None,
                                      lines=plain(1_000_000 + i))
        # the import's one audit row, naming the purchases it added (check wants one for every purchase)
        first, last, count, gross = club.db.one("SELECT min(id), max(id), count(*), SUM(gross) FROM purchases")
        audit.record(club.db, club.now_iso(), "owner", "owner", "import_purchases", "purchases", None, None,
                     {"purchases": count, "gross": gross, "purchases_ids": [first, last]})
    stale = club.db.value("SELECT count(*) FROM members WHERE win_until = ''")
    assert stale == 60
    run = WindowRun()
    while not run.done:
        window_slice(club, run, limit, budget)
    assert run.members == 60
    assert run.slices <= 60 // min(limit, 60) + 1 + (60 if budget == 0.0 else 0)
    for member_id in ids:
        assert holds(club, member_id)
        assert club.db.value("SELECT win_spend FROM members WHERE id = ?", (member_id,)) == truth(club, member_id)
    assert refresh_windows(club).members == 0  # nothing left to sum
    assert services.check.check_database(club) == []


@pytest.mark.sqlite_only  # SQLite's query plan
def test_the_stale_members_are_found_through_their_index(db):
    plan = " ".join(r[3] for r in db.all("EXPLAIN QUERY PLAN SELECT id FROM members WHERE win_until < ? "
                                         "ORDER BY win_until LIMIT ?", ("2025-01-01T00:00:00Z", 10)))
    assert "members_win_until" in plan and "TEMP B-TREE" not in plan
    assert member_store.stale_window(db, "2025-01-01T00:00:00Z", 10) == []


def test_a_cashier_runs_the_window_slices(club, cashier):
    services.members.sign_up(club, MOBILES["A"], "A", "Test")
    assert refresh_windows(cashier).members == 1


# --- the referrer's card kept in the referred member's row (m0011) -------------------------------------

def test_the_referrers_card_follows_the_referrer_and_the_check_proves_it(club):
    ann = services.members.sign_up(club, MOBILES["A"], "Ann", "Test")
    bob = services.members.sign_up(club, MOBILES["B"], "Bob", "Test")
    cy = services.members.sign_up(club, MOBILES["C"], "Cy", "Test", referrer=ann.card)
    card = lambda m: services.members.get_member_by_id(club, m.id).referrer_card  # noqa: E731
    assert card(cy) == ann.card and card(ann) is None
    assert services.members.find_members(club, MOBILES["C"][-4:])[0].referrer_card == ann.card
    services.members.edit_member(club, MOBILES["C"], referrer=bob.card)
    assert card(cy) == bob.card
    services.members.edit_member(club, MOBILES["C"], referrer="")
    assert card(cy) is None
    services.members.edit_member(club, MOBILES["C"], referrer=MOBILES["A"])
    assert card(cy) == ann.card
    assert services.check.check_database(club) == []
    with club.db.transaction():
        club.db.execute("UPDATE members SET referrer_card = ? WHERE id = ?", (bob.card, cy.id))
    problems = [p for p in services.check.check_database(club) if p.field == "referrer_card"]
    assert [(p.params["card"], p.params["stored"], p.params["referrer"]) for p in problems] == [(cy.card, bob.card, ann.card)]
