"""Targeted lists (issue 19): every filter against a hand-made club whose answers are worked out by
hand below (edge days, members who never bought, consent), the member's whole story against the
same club, the export of a list (owner, audited), and the report per cashier."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.errors import PermissionDenied, ValidationError
from loyaltydesk.domain.jalali import year_period
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import analytics, member_list, story
from loyaltydesk.services import surveys as survey_service
from loyaltydesk.services.member_list import MemberFilters
from loyaltydesk.services.progress import Cancelled
from loyaltydesk.services.session import Session, User
from tests.conftest import START, TEST_TIERS, Clock

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

DAY = timedelta(days=1)
NOW = START + 100 * DAY  # day 100: 1404/06/18 11:30 Tehran; day k is 1404/03/11 + k days, 11:30

# letter: (joined day, [(purchase day, gross)], sms consent, birthday, blocked)
CLUB = {
    "A": (0, [(0, 10_000_000), (10, 10_000_000), (20, 10_000_000)], True, "1370/05/14", False),
    "B": (0, [], False, None, True),
    "C": (95, [], False, None, False),
    "D": (0, [(70, 2_000_000)], False, None, False),
    "E": (0, [(71, 3_000_000)], False, "1368/01/02", False),
    "F": (69, [], False, None, False),
    "G": (70, [], False, None, False),
    "H": (71, [], False, None, False),
    "I": (0, [(99, 1_000_000)], True, "1365/05/01", False),
    "J": (0, [(1, 50_000_000)], False, None, False),  # refunded in whole: a visit, no spend
}
ALL = set(CLUB)


def mobile(letter: str) -> str:
    return f"0912000{ord(letter):04d}"


def build(db, clock: Clock, owner_name: str = "owner") -> Session:
    """The club above through the services (as ``owner_name``), the clock left at day 100."""
    owner = Session(db, User(owner_name, Role.OWNER), clock)
    services.club.update_settings(owner, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                  expiry_months=6, window="rolling12", referral_bonus=0)
    for name, threshold, discount, multiplier, bonus, color in TEST_TIERS:
        services.club.add_tier(owner, name, threshold, discount, multiplier, 0, color)
    events = []  # (day, order, what)
    for letter, (joined, buys, consent, birthday, blocked) in CLUB.items():
        events.append((joined, 0, ("join", letter, consent, birthday, blocked)))
        events += [(day, 1, ("buy", letter, gross)) for day, gross in buys]
    for day, _, what in sorted(events, key=lambda e: (e[0], e[1], e[2][1])):
        clock.now = START + day * DAY
        if what[0] == "join":
            _, letter, consent, birthday, blocked = what
            services.members.sign_up(owner, mobile(letter), "عضو", letter, birthday=birthday, sms_consent=consent)
            if blocked:
                services.members.set_status(owner, mobile(letter), "blocked")
        else:
            r = services.checkout.register_purchase(owner, mobile(what[1]), what[2])
            if what[1] == "J":
                services.checkout.refund(owner, r.purchase_id)
    clock.now = NOW - timedelta(hours=2)
    survey_service.add_survey(owner, mobile("A"), 3, comment="دیر رسید")  # a detractor: a follow-up opens
    clock.now = NOW
    return owner


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    """The club above, built once; its owner session and each member's letter by id."""
    db = services.open_club(tmp_path_factory.mktemp("targets") / "club.sqlite3")
    owner = build(db, Clock(START))
    letters = {services.members.get_member(owner, mobile(x)).id: x for x in CLUB}
    yield owner, letters
    db.close()


def listed(owner, letters, filters: MemberFilters, sort: str = "name") -> set[str]:
    listing = member_list.prepare(owner, filters, sort)
    rows = member_list.page(owner, listing, 0, 500)
    assert len(rows) == listing.total == member_list.count_members(owner, filters)
    return {letters[r.id] for r in rows}


CASES = [
    # (what, filters, the members it leaves)
    ("consent", MemberFilters(consent=True), {"A", "I"}),
    ("born in Mordad", MemberFilters(birthday_month=5), {"A", "I"}),
    ("born in Farvardin", MemberFilters(birthday_month=1), {"E"}),
    ("born in Shahrivar: nobody", MemberFilters(birthday_month=6), set()),
    # inactive: no purchase since 00:00 Tehran of (today - N + 1); never bought: joined before it
    ("inactive 1 day: nobody bought today", MemberFilters(inactive_days=1), ALL),
    ("inactive 30: day 70 is 30 days ago, day 71 is not", MemberFilters(inactive_days=30),
     {"A", "B", "D", "F", "G", "J"}),
    ("inactive 31: day 70 is within 31 days", MemberFilters(inactive_days=31), {"A", "B", "F", "J"}),
    ("inactive 100: only B, joined day 0, never bought", MemberFilters(inactive_days=100), {"B"}),
    ("inactive 101: day 0 is within 101 days", MemberFilters(inactive_days=101), set()),
    # lifetime spend (gross less refunds); members who never bought spent 0
    ("spent 20M or more", MemberFilters(spend_min=20_000_000), {"A"}),
    ("spent at most 2M, never bought included", MemberFilters(spend_max=2_000_000),
     {"B", "C", "D", "F", "G", "H", "I", "J"}),
    ("spent 2M to 3M", MemberFilters(spend_min=2_000_000, spend_max=3_000_000), {"D", "E"}),
    # spend in Jalali months: day 0-20 are in Khordad (03), 70-71 in Mordad (05), 99 in Shahrivar (06)
    ("bought in Khordad (a whole refund is still a purchase)", MemberFilters(spend_period="1404/03"), {"A", "J"}),
    ("spent in Khordad", MemberFilters(spend_period="1404/03", spend_min=1), {"A"}),
    ("bought in Mordad-Shahrivar", MemberFilters(spend_period="1404/05-1404/06"), {"D", "E", "I"}),
    ("bought in 1404 (Persian digits)", MemberFilters(spend_period="۱۴۰۴"), {"A", "D", "E", "I", "J"}),
    ("at most 2M in Mordad: who did not buy then too", MemberFilters(spend_period="1404/05", spend_max=2_000_000),
     ALL - {"E"}),
    ("a year that began before the club", MemberFilters(spend_period="1403"), set()),
    # RFM over the five buyers (cut points = the 1st..4th smallest values): A R2 F5 M5 at risk,
    # J R1 F1 M1 lost, D R3 F1 M3 potential, E R4 F1 M4 new, I R5 F1 M2 new
    ("at risk", MemberFilters(segment="at_risk"), {"A"}),
    ("lost", MemberFilters(segment="lost"), {"J"}),
    ("potential", MemberFilters(segment="potential"), {"D"}),
    ("new", MemberFilters(segment="new"), {"E", "I"}),
    ("champions: nobody", MemberFilters(segment="champions"), set()),
    # churn: A came every 10 days and has not for 80 (> max(30, 2 × 10)); the rest came once
    ("at churn risk", MemberFilters(churn_risk=True), {"A"}),
    # together
    ("consent and inactive 30", MemberFilters(consent=True, inactive_days=30), {"A"}),
    ("blocked and inactive 30", MemberFilters(status="blocked", inactive_days=30), {"B"}),
    ("new and born in Farvardin", MemberFilters(segment="new", birthday_month=1), {"E"}),
    ("inactive 30, spent nothing ever", MemberFilters(inactive_days=30, spend_max=0), {"B", "F", "G", "J"}),
]


@pytest.mark.parametrize("what, filters, expected", CASES, ids=[c[0] for c in CASES])
def test_each_filter_leaves_the_members_worked_out_by_hand(hand, what, filters, expected):
    owner, letters = hand
    assert listed(owner, letters, filters) == expected


@pytest.mark.parametrize("sort", member_list.SORTS)
def test_a_targeted_list_reads_in_every_order_in_blocks(hand, sort):
    owner, letters = hand
    filters = MemberFilters(inactive_days=30)
    listing = member_list.prepare(owner, filters, sort)
    blocks = [r.id for offset in range(0, listing.total, 2) for r in member_list.page(owner, listing, offset, 2)]
    assert len(blocks) == len(set(blocks)) == 6
    assert {letters[i] for i in blocks} == {"A", "B", "D", "F", "G", "J"}


@pytest.mark.parametrize("descending", (False, True))
@pytest.mark.parametrize("sort", member_list.SORTS)
def test_a_long_targeted_list_walks_the_sort_index_in_the_same_order(hand, monkeypatch, sort, descending):
    """Past ``TARGET_SORTED`` members a list is not read once but walked block by block: the same
    members in the same order as the list read once."""
    owner, letters = hand
    filters = MemberFilters(inactive_days=30)
    once = member_list.prepare(owner, filters, sort, descending)
    monkeypatch.setattr(member_list, "TARGET_SORTED", 0)
    walked = member_list.prepare(owner, filters, sort, descending)
    assert once.ids is not None and walked.ids is None and walked.total == once.total == 6
    blocks = [r.id for offset in range(0, walked.total, 4) for r in member_list.page(owner, walked, offset, 4)]
    assert blocks == list(once.ids)


def test_the_tier_filter_narrows_a_segment(hand):
    owner, letters = hand
    tiers = services.club.list_tiers(owner)
    bronze = next(t.id for t in tiers if t.threshold == 0)
    silver = next(t.id for t in tiers if t.threshold == 50_000_000)
    assert listed(owner, letters, MemberFilters(tier_id=bronze, segment="new")) == {"E", "I"}
    assert listed(owner, letters, MemberFilters(tier_id=silver, segment="new")) == set()


def test_the_segments_are_the_rfm_reports(hand):
    """One source of truth: each segment's list is as long as the report's count for it."""
    owner, letters = hand
    report = analytics.rfm(owner)
    counts = {row[0]: row[1] for row in report.tables[0].rows}
    for key in rules.SEGMENTS:
        assert member_list.count_members(owner, MemberFilters(segment=key)) == counts[rules.SEGMENT_TITLES[key]]


BAD = [
    (MemberFilters(segment="vip"), "segment"),
    (MemberFilters(inactive_days=0), "inactive_days"),
    (MemberFilters(inactive_days=36_501), "inactive_days"),
    (MemberFilters(birthday_month=13), "birthday_month"),
    (MemberFilters(birthday_month=0), "birthday_month"),
    (MemberFilters(spend_min=-1), "spend_min"),
    (MemberFilters(spend_min=5, spend_max=4), "spend_max"),
    (MemberFilters(spend_period="1404/13"), "spend_period"),
    (MemberFilters(spend_period="1404/06-1404/02"), "spend_period"),
    (MemberFilters(spend_period="next year"), "spend_period"),
]


@pytest.mark.parametrize("filters, field", BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_bad_filters_are_refused_with_their_field(hand, filters, field):
    owner, _ = hand
    with pytest.raises(ValidationError) as e:
        member_list.count_members(owner, filters)
    assert [p.field for p in e.value.problems] == [field]


def test_every_problem_at_once(hand):
    owner, _ = hand
    with pytest.raises(ValidationError) as e:
        member_list.prepare(owner, MemberFilters(segment="x", inactive_days=-3, birthday_month=14, spend_min=-5,
                                                 spend_period="14", joined_from="1404/13/01"))
    assert {p.field for p in e.value.problems} == {"segment", "inactive_days", "birthday_month", "spend_min",
                                                   "spend_period", "joined_from"}


def test_what_members_bought_is_the_owners_the_rest_the_cashiers_too(hand):
    owner, letters = hand
    cashier = Session(owner.db, User("sara", Role.CASHIER), owner.clock)
    for filters in (MemberFilters(segment="new"), MemberFilters(churn_risk=True), MemberFilters(spend_min=1),
                    MemberFilters(spend_period="1404")):
        with pytest.raises(PermissionDenied):
            member_list.count_members(cashier, filters)
    assert {letters[r.id] for r in member_list.page(
        cashier, member_list.prepare(cashier, MemberFilters(consent=True, birthday_month=5)), 0, 50)} == {"A", "I"}
    assert member_list.count_members(cashier, MemberFilters(inactive_days=100)) == 1


def test_the_export_writes_the_list_with_mobiles_and_is_audited(hand, tmp_path):
    owner, _ = hand
    target = tmp_path / "call.csv"
    result = member_list.export_list(owner, MemberFilters(inactive_days=30, consent=False, spend_max=0), target)
    assert result.rows == 4
    with open(target, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["Card", "Mobile"]
    assert sorted(r[1] for r in rows[1:]) == sorted(mobile(x) for x in "BFGJ")
    audited = owner.db.one("SELECT action, entity, after FROM audit_log ORDER BY id DESC LIMIT 1")
    assert audited[0] == "export" and audited[1] == "member_list"
    assert '"rows": 4' in audited[2] and '"inactive_days": 30' in audited[2]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_export_tells_its_progress_and_stops_leaving_nothing(hand, tmp_path, suffix):
    owner, _ = hand
    heard: list[tuple[int, int]] = []
    target = tmp_path / f"call{suffix}"
    result = member_list.export_list(owner, MemberFilters(consent=False), target,
                                     progress=lambda done, total: heard.append((done, total)) or True)
    total = member_list.count_members(owner, MemberFilters(consent=False))
    assert result.rows == total and heard[0] == (0, total) and heard[-1] == (total, total)
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)
    audits = owner.db.value("SELECT count(*) FROM audit_log WHERE entity = 'member_list'")
    target.write_bytes(b"the owner's earlier file")
    with pytest.raises(Cancelled):
        member_list.export_list(owner, MemberFilters(consent=False), target, progress=lambda done, total: done < 2)
    assert target.read_bytes() == b"the owner's earlier file"  # left as it was; no half file beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert owner.db.value("SELECT count(*) FROM audit_log WHERE entity = 'member_list'") == audits  # nothing written


def test_only_the_owner_exports_a_list(hand, tmp_path):
    owner, _ = hand
    cashier = Session(owner.db, User("sara", Role.CASHIER), owner.clock)
    with pytest.raises(PermissionDenied):
        member_list.export_list(cashier, MemberFilters(consent=True), tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


# --- the member's whole story ------------------------------------------------------------------------

STORIES = [
    # letter, lifetime spend, visits, last visit (Jalali), days since, basket, segment, expiring, when
    # A: three purchases of 10M (1,000 points each, expiring 6 Jalali months later): the first lot next
    ("A", 30_000_000, 3, "1404/03/31", 80, 10_000_000, "at_risk", 1_000, "1404/09/11"),
    ("D", 2_000_000, 1, "1404/05/19", 30, 2_000_000, "potential", 200, "1404/11/19"),
    ("I", 1_000_000, 1, "1404/06/17", 1, 1_000_000, "new", 100, "1404/12/17"),
    ("J", 0, 1, "1404/03/12", 99, 0, "lost", 0, None),  # refunded in whole: its points taken back
    ("B", 0, 0, None, None, 0, None, 0, None),
]


@pytest.mark.parametrize("letter, spend, visits, last, days, basket, segment, expiring, expiring_on", STORIES,
                         ids=[s[0] for s in STORIES])
def test_the_story_figures(hand, letter, spend, visits, last, days, basket, segment, expiring, expiring_on):
    owner, _ = hand
    s = story.story_of(owner, mobile(letter))
    assert (s.lifetime_spend, s.visits, s.last_visit_jalali, s.days_since_visit, s.average_basket, s.segment,
            s.expiring_points, s.expiring_jalali) == (spend, visits, last, days, basket, segment, expiring, expiring_on)
    assert s.offers == ()


def test_the_story_shows_open_follow_ups_to_the_owner_and_counts_them_for_the_cashier(hand):
    owner, _ = hand
    s = story.story_of(owner, mobile("A"))
    assert s.open_followups == 1 and s.followups[0].source == "detractor"
    assert s.followups[0].description == "دیر رسید"
    cashier = Session(owner.db, User("sara", Role.CASHIER), owner.clock)
    seen = story.story_of(cashier, mobile("A"))
    assert seen.open_followups == 1 and seen.followups == ()
    assert story.story_of(owner, mobile("B")).open_followups == 0


def test_the_story_reads_the_lots_expiring_on_the_same_day_together(db, club, clock):
    m = services.members.sign_up(club, "09127654321", "نازنین", "ب")
    services.checkout.register_purchase(club, m.card, 10_000_000)
    clock.advance(hours=2)
    services.checkout.register_purchase(club, m.card, 20_000_000)  # the same Tehran day: one expiry day
    clock.advance(days=3)
    services.checkout.register_purchase(club, m.card, 5_000_000)
    s = story.member_story(club, m.id)
    assert (s.expiring_points, s.visits, s.lifetime_spend) == (3_000, 3, 35_000_000)
    assert s.expiring_at == club.db.value("SELECT min(expires_at) FROM point_lots WHERE member_id = ?", (m.id,))


# --- the report per cashier --------------------------------------------------------------------------

def test_the_report_per_cashier(db, club, clock):
    owner = club
    sara = Session(db, User("sara", Role.CASHIER), clock)
    a = services.members.sign_up(owner, "09121110001", "الف", "")
    b = services.members.sign_up(sara, "09121110002", "ب", "")
    c = services.members.sign_up(sara, "09121110003", "پ", "")
    clock.advance(hours=1)
    pa = services.checkout.register_purchase(sara, a.card, 10_000_000)
    pb = services.checkout.register_purchase(sara, b.card, 20_000_000)
    services.checkout.register_purchase(owner, c.card, 5_000_000)
    services.checkout.refund(owner, pb.purchase_id, 5_000_000)
    survey_service.add_survey(sara, a.card, 10, purchase_id=pa.purchase_id)  # about sara's sale
    survey_service.add_survey(owner, b.card, 3)  # no purchase named: b's last one, sara's
    survey_service.add_survey(owner, c.card, 9)  # c's last purchase was the owner's
    rep = analytics.report(owner, "cashiers", year_period(1404))
    rows = {r["cashier"]: r for r in rep.as_dict()["tables"][0]["rows"]}
    assert {k: rows["sara"][k] for k in ("purchases", "gross", "net", "basket", "signups", "refunds", "refunded",
                                         "responses", "nps")} == {
        "purchases": 2, "gross": 30_000_000, "net": 30_000_000, "basket": 15_000_000, "signups": 2, "refunds": 1,
        "refunded": 5_000_000, "responses": 2, "nps": 0.0}
    assert {k: rows["owner"][k] for k in ("purchases", "gross", "signups", "refunds", "responses", "nps")} == {
        "purchases": 1, "gross": 5_000_000, "signups": 1, "refunds": 0, "responses": 1, "nps": 100.0}
    assert list(rows) == ["sara", "owner"]  # the biggest net sales first
    assert analytics.figures(rep) == {"cashiers": 2, "purchases": 3, "net_sales": 35_000_000, "sign_ups": 3,
                                      "refunds": 1}
    later = analytics.report(owner, "cashiers", year_period(1405))
    assert later.tables[0].rows == ()


def test_the_story_lists_the_offers_usable_now(db, club, clock):
    """The offers hook: a welcome offer issued at sign-up is in the story until it is used or expires."""
    services.offers.set_offer_rule(club, "welcome", active=True, percent_bp=1_000, days=30)
    m = services.members.sign_up(club, "09127654000", "نازنین", "ب")
    s = story.member_story(club, m.id)
    assert len(s.offers) == 1 and s.offers[0].rule == "welcome" and s.offers[0].active
    clock.advance(days=31)
    assert story.member_story(club, m.id).offers == ()
