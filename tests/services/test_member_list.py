"""The members table's list: every filter × every sort × both directions, read in small blocks,
against a hand-made club and a plain-Python reference (Persian alphabet included)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.raw import club_key

from loyaltydesk import services
from loyaltydesk.domain.errors import PermissionDenied, ValidationError
from loyaltydesk.domain.jalali import from_iso, jalali_ymd
from loyaltydesk.domain.roles import Role
from loyaltydesk.domain.text import search_key, to_ascii_digits
from loyaltydesk.services import member_list
from loyaltydesk.services.member_list import MemberFilters
from loyaltydesk.services.session import Session, User
from loyaltydesk.store import club as club_store
from loyaltydesk.store import member_list as list_store
from tests.conftest import START, TEST_TIERS, Clock

PERSIAN_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"

# mobile, first, last, days after START, gross bought (rials), blocked
PEOPLE = (
    ("09120000001", "پرویز", "کاظمی", 0, 0, False),
    ("09120000002", "بهرام", "گودرزی", 3, 60_000_000, False),
    ("09120000003", "تینا", "ژیان", 10, 0, True),
    ("09120000004", "چنگیز", "هاشمی", 31, 200_000_000, False),
    ("09120000005", "جواد", "وحیدی", 45, 20_000_000, False),
    ("09120000006", "ژاله", "قاسمی", 60, 0, False),
    ("09120000007", "زهرا", "کریمی", 61, 55_000_000, True),
    ("09120000008", "کاوه", "آزاد", 90, 0, False),
    ("09120000009", "گلاره", "نوری", 91, 151_000_000, False),
    ("09120000010", "قاسم", "رضایی", 120, 3_000_000, False),
    ("09120000011", "هادی", "پاکزاد", 121, 0, False),
    ("09120000012", "وحید", "حسن\u200cپور", 150, 70_000_000, False),
    ("09350000013", "", "", 151, 1_000_000, False),  # signed up with just a mobile
    ("09350004567", "آرش", "علی\u200cنژاد", 180, 0, False),
    ("09190001567", "علی", "علوی", 181, 10_000_000, True),
)


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    """The hand-made club, built once: its owner session and every member as the reference sees it."""
    clock = Clock(START)
    db = services.open_club(tmp_path_factory.mktemp("list") / "club.sqlite3", key=club_key(tmp_path_factory.mktemp("list") / "club.sqlite3"))
    owner = Session(db, User("owner", Role.OWNER), clock)
    services.club.update_settings(owner, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                  expiry_months=6, window="rolling12", referral_bonus=0)
    for name, threshold, discount, multiplier, bonus, color in TEST_TIERS:
        services.club.add_tier(owner, name, threshold, discount, multiplier, bonus, color)
    for mobile, first, last, days, gross, blocked in PEOPLE:
        clock.now = START + timedelta(days=days, hours=days % 7)
        m = services.members.sign_up(owner, mobile, first, last)
        if gross:
            services.checkout.register_purchase(owner, m.card, gross)
        if blocked:
            services.members.set_status(owner, m.card, "blocked")
    clock.now = START + timedelta(days=200)
    stored = dict(db.all("SELECT id, points FROM members"))  # the list shows the stored balance
    members = [m._replace(points=stored[m.id]) for m in (services.members.get_member(owner, p[0]) for p in PEOPLE)]
    yield owner, members
    db.close()


def _alphabet_key(name: str):
    return [PERSIAN_ALPHABET.index(ch) if ch in PERSIAN_ALPHABET else -1 if ch == " " else 100 + ord(ch)
            for ch in search_key(name)]


def _jalali_day(iso: str) -> str:
    y, m, d = jalali_ymd(from_iso(iso))
    return f"{y:04d}/{m:02d}/{d:02d}"


def reference(members, tiers, filters: MemberFilters, sort: str, descending: bool) -> list[int]:
    """The list worked out in plain Python."""
    tier_rank = {t.id: i for i, t in enumerate(sorted(tiers, key=lambda t: t.threshold))}
    start, end = to_ascii_digits(filters.joined_from or ""), to_ascii_digits(filters.joined_to or "")
    text = search_key(filters.text)
    words = [w for w in text.split() if len(w) >= 2]  # shorter words narrow nothing
    chosen = [m for m in members
              if (filters.tier_id is None or m.tier_id == filters.tier_id)
              and (filters.status is None or m.status == filters.status)
              and (not start or _jalali_day(m.joined_at) >= start)
              and (not end or _jalali_day(m.joined_at) <= end)
              and (m.mobile.endswith(text) if text.isdigit() and len(text) >= 3 else
                   not words or all(any(w.startswith(t) for w in search_key(m.name).split()) for t in words))]
    keys = {
        "name": lambda m: (_alphabet_key(m.name), m.id),
        "card": lambda m: (m.card,),
        "mobile": lambda m: (m.mobile,),
        "points": lambda m: (m.points, m.id),
        "joined": lambda m: (m.joined_at, m.id),
    }
    if sort == "tier":
        ordered = sorted(chosen, key=lambda m: (_alphabet_key(m.name), m.id), reverse=descending)
        return [m.id for m in sorted(ordered, key=lambda m: tier_rank[m.tier_id], reverse=descending)]
    return [m.id for m in sorted(chosen, key=keys[sort], reverse=descending)]


def read_all(session, listing, block: int) -> list[int]:
    ids, offset = [], 0
    while offset < listing.total + block:  # one block past the end: it must be empty
        rows = member_list.page(session, listing, offset, block)
        assert len(rows) == max(0, min(block, listing.total - offset))
        ids += [r.id for r in rows]
        offset += block
    return ids


FILTERS = {
    "none": lambda t: MemberFilters(),
    "bronze": lambda t: MemberFilters(tier_id=t["برنزی"]),
    "silver": lambda t: MemberFilters(tier_id=t["نقره‌ای"]),
    "blocked": lambda t: MemberFilters(status="blocked"),
    "active gold": lambda t: MemberFilters(tier_id=t["طلایی"], status="active"),
    "joined between": lambda t: MemberFilters(joined_from="1404/04/10", joined_to="۱۴۰۴/۰۶/۰۹"),
    "joined from": lambda t: MemberFilters(joined_from="1404/06/10"),
    "joined to, active": lambda t: MemberFilters(status="active", joined_to="1404/05/20"),
    "name words": lambda t: MemberFilters(text="ک"),  # one letter narrows nothing
    "name prefix": lambda t: MemberFilters(text="عل"),
    "mobile digits": lambda t: MemberFilters(text="۱۵۶۷"),
    "bronze by name": lambda t: MemberFilters(tier_id=t["برنزی"], text="ژا"),
}


@pytest.mark.parametrize("small", [True, False], ids=["sorted", "walked"])
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", member_list.SORTS)
@pytest.mark.parametrize("case", FILTERS)
def test_every_filter_and_sort_reads_the_reference_list_block_by_block(listed, monkeypatch, case, sort, descending,
                                                                        small):
    """Both ways of reading a block (sorting a small filtered set, walking a sort index) agree."""
    monkeypatch.setattr(list_store, "SMALL_LIST", 10_000 if small else 0)
    owner, members = listed
    tier_objects = club_tiers(owner)
    tiers = {t.name: t.id for t in tier_objects}
    filters = FILTERS[case](tiers)
    listing = member_list.prepare(owner, filters, sort, descending)
    expected = reference(members, tier_objects, filters, sort, descending)
    assert listing.total == len(expected)
    assert listing.small == (small or case in ("mobile digits", "name prefix", "bronze by name") or listing.total == 0)
    assert read_all(owner, listing, 4) == expected
    assert read_all(owner, listing, 100) == expected


def club_tiers(session):
    return club_store.tiers(session.db)


def test_the_filters_really_narrow(listed):
    owner, members = listed
    tiers = {t.name: t.id for t in club_tiers(owner)}
    total = member_list.prepare(owner).total
    assert total == len(PEOPLE)
    for case in ("bronze", "silver", "blocked", "active gold", "joined between", "joined from", "name prefix",
                 "mobile digits"):
        n = member_list.prepare(owner, FILTERS[case](tiers)).total
        assert 0 < n < total, case
    assert member_list.count_members(owner, MemberFilters(status="blocked")) == 3


def test_names_sort_in_the_persian_alphabet(listed):
    owner, _ = listed
    listing = member_list.prepare(owner, MemberFilters(), "name")
    names = [r.name.split(" ")[0] for r in member_list.page(owner, listing, 0, 100) if r.name]
    assert names == ["آرش", "بهرام", "پرویز", "تینا", "جواد", "چنگیز", "زهرا", "ژاله", "علی", "قاسم", "کاوه",
                     "گلاره", "وحید", "هادی"]


def test_rows_are_light_and_complete(listed):
    owner, members = listed
    listing = member_list.prepare(owner, MemberFilters(text="09120000004"), "name")
    (row,) = member_list.page(owner, listing, 0, 10)
    m = next(m for m in members if m.mobile == "09120000004")
    assert (row.id, row.card, row.mobile, row.name, row.tier, row.tier_color, row.points, row.status) == (
        m.id, m.card, m.mobile, "چنگیز هاشمی", "طلایی", "#d4af37", m.points, "active")
    assert row.joined_jalali == _jalali_day(m.joined_at) and row.joined_at == m.joined_at
    assert member_list.prepare(owner, MemberFilters(text=m.card)).total == 1


def test_every_problem_of_the_filter_bar_at_once(listed):
    owner, _ = listed
    with pytest.raises(ValidationError) as caught:
        member_list.prepare(owner, MemberFilters(status="gone", joined_from="1404/13/01", joined_to="1403/12/30"))
    assert sorted(p.field for p in caught.value.problems) == ["joined_from", "status"]
    with pytest.raises(ValidationError) as caught:
        member_list.prepare(owner, MemberFilters(joined_from="1404/06/01", joined_to="1404/05/31"))
    assert [p.field for p in caught.value.problems] == ["joined_to"]
    with pytest.raises(ValidationError) as caught:
        member_list.prepare(owner, MemberFilters(), "spend")
    assert [p.field for p in caught.value.problems] == ["sort"]


def test_the_join_days_are_whole_jalali_days_in_tehran(listed):
    owner, members = listed
    day = _jalali_day(members[3].joined_at)
    listing = member_list.prepare(owner, MemberFilters(joined_from=day, joined_to=day), "joined")
    assert [r.id for r in member_list.page(owner, listing, 0, 50)] == [
        m.id for m in members if _jalali_day(m.joined_at) == day]


def test_a_block_is_capped_and_positions_past_the_end_are_empty(listed):
    owner, _ = listed
    listing = member_list.prepare(owner)
    assert len(member_list.page(owner, listing, 0, 10_000)) == len(PEOPLE)  # capped at MAX_PAGE, not refused
    assert member_list.page(owner, listing, len(PEOPLE), 10) == []
    assert member_list.page(owner, listing, -5, 2) == member_list.page(owner, listing, 0, 2)


def test_a_cashier_reads_the_list_and_a_stranger_role_does_not(listed):
    owner, _ = listed
    cashier = Session(owner.db, User("sara", Role.CASHIER), owner.clock)
    assert member_list.prepare(cashier).total == len(PEOPLE)

    class Nobody(Session):
        def require(self, action):
            raise PermissionDenied()

    with pytest.raises(PermissionDenied):
        member_list.prepare(Nobody(owner.db, owner.user, owner.clock))


def _plan(db, sql, params) -> str:
    return " | ".join(r[3] for r in db.all("EXPLAIN QUERY PLAN " + sql, params))


FILTER_SETS = {
    "none": ({}, None),
    "blocked": ({"status": "blocked"}, "members_list_status"),
    "tier": ({"tier_id": 1}, "members_list_status"),
    "tier and joined": ({"tier_id": 1, "joined_from": "2025-01-01T00:00:00Z"}, "members_list_status"),
    "joined": ({"joined_from": "2025-01-01T00:00:00Z", "joined_to": "2025-02-01T00:00:00Z"}, "members_list_joined"),
    "suffix": ({"text": {"suffix": "4567"}}, "members_mobile_rev"),  # always small: never walked
    "name words": ({"text": {"name": "عل رض"}}, ""),  # the planner starts from the matches
}


@pytest.mark.parametrize("sort", member_list.SORTS)
@pytest.mark.parametrize("case", FILTER_SETS)
def test_the_plans_that_keep_a_million_members_fast(listed, sort, case):
    """A big list: one walk of the sort's covering index, no sort. A small one and every count:
    a range of a filter index, never a scan of the table."""
    owner, _ = listed
    filters, driver = FILTER_SETS[case]
    index = list_store.SORTS[sort][0]
    # the tier sort reads one tier at a time: the tier leads then
    segment_driver = "members_list_status" if sort == "tier" and driver == "members_list_joined" else driver
    for descending in (False, True):
        if case != "suffix":
            plan = _plan(owner.db, *list_store.page_query(sort, descending, 5, 10, segment_tier=1, **filters))
            assert f"COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
        if driver:
            plan = _plan(owner.db, *list_store.page_query(sort, descending, 5, 10, small=True, segment_tier=1, **filters))
            assert f"INDEX {segment_driver} (" in plan, plan
    plan = _plan(owner.db, *list_store.count_query(**filters))
    if case == "name words":  # counted from the name index's matches (and read once: see _name_search)
        assert "PRIMARY KEY" in plan and "SCAN members " not in plan + " ", plan
    else:
        assert "COVERING INDEX" in plan and (not driver or f"{driver} (" in plan), plan


CONSENT_COUNTS = {  # a targeted list with SMS consent, counted without reading a member's row (m0021)
    "consent": (MemberFilters(consent=True), "COVERING INDEX members_list_consent (sms_consent=?)"),
    "and a tier": (MemberFilters(consent=True, tier_id=1),
                   "COVERING INDEX members_list_consent (sms_consent=? AND tier_id=?)"),
    "and inactive": (MemberFilters(consent=True, inactive_days=30), "COVERING INDEX members_list_consent"),
    "and a segment": (MemberFilters(consent=True, segment="at_risk"), "COVERING INDEX members_list_consent"),
    "and churn risk": (MemberFilters(consent=True, churn_risk=True), "COVERING INDEX members_list_consent"),
    # a month of birthdays is narrower than consent: its own index drives
    "and a birthday month": (MemberFilters(consent=True, birthday_month=5), "INDEX members_birthday_md ("),
}


@pytest.mark.parametrize("case", CONSENT_COUNTS)
def test_a_list_with_consent_is_counted_from_an_index(listed, case):
    owner, _ = listed
    filters, expected = CONSENT_COUNTS[case]
    plan = _plan(owner.db, *list_store.count_query(**member_list._stored_filters(owner, filters)))
    assert expected in plan and "SCAN members" not in plan, plan
    assert member_list.count_members(owner, filters) == len(
        member_list.page(owner, member_list.prepare(owner, filters), 0, 10_000))
