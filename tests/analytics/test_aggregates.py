"""The report aggregates: kept by triggers in the purchase and refund transactions, equal to a
recomputation from the purchases (``check``), equal to what the migration's backfill gives, and
``check`` catches any of them tampered with."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.domain import analytics as rules
from loyaltydesk.store import analytics as stats_store
from tests.analytics.conftest import noon

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

TABLES = ("member_stats", "member_periods", "club_periods")


def snapshot(db):
    return {t: sorted(tuple(r) for r in db.all(f"SELECT * FROM {t}")) for t in TABLES}


def test_the_hand_club_passes_check(hand_club):
    owner, _ = hand_club
    assert services.check.check_database(owner) == []


def test_triggers_equal_the_backfill(hand_club):
    owner, _ = hand_club
    kept = snapshot(owner.db)
    with owner.db.transaction():
        counts = stats_store.rebuild_stats(owner.db)
    assert snapshot(owner.db) == kept
    assert counts == (5, len(kept["member_periods"]), len(kept["club_periods"]))


MEMBER_STATS = [
    # who, visits, gross, refunded, spend, first, last
    ("A", 5, 12_000_000, 0, 12_000_000, "1403/11/10", "1404/03/05"),
    ("B", 2, 61_000_000, 2_000_000, 59_000_000, "1403/12/05", "1404/01/20"),
    ("E", 3, 3_000_000, 0, 3_000_000, "1403/06/01", "1403/08/01"),
]


@pytest.mark.parametrize("who, visits, gross, refunded, spend, first, last", MEMBER_STATS)
def test_member_stats(hand_club, who, visits, gross, refunded, spend, first, last):
    owner, cards = hand_club
    member_id = services.members.get_member(owner, cards[who]).id
    row = owner.db.one("SELECT * FROM member_stats WHERE member_id = ?", (member_id,))
    assert (row["visits"], row["gross"], row["refunded"], row["spend"]) == (visits, gross, refunded, spend)
    from loyaltydesk.domain.jalali import to_iso

    assert (row["first_at"], row["last_at"]) == (to_iso(noon(first)), to_iso(noon(last)))


CLUB_PERIODS = [
    # period key, purchases, buyers, retained, gross, refunded
    (140312, 2, 2, 2, 58_000_000, 2_000_000),
    (14034, 4, 3, 2, 60_500_000, 2_000_000),   # winter 1403: C 0.5M, A 2M + 3M, B 55M; A, B back in spring
    (1403, 7, 4, 2, 63_500_000, 2_000_000),    # 1403 buyers A, B, C, E; A and B bought in 1404 too
    (1404, 5, 3, 0, 14_000_000, 0),
]


@pytest.mark.parametrize("key, purchases, buyers, retained, gross, refunded", CLUB_PERIODS)
def test_club_periods(hand_club, key, purchases, buyers, retained, gross, refunded):
    owner, _ = hand_club
    row = stats_store.club_periods(owner.db, [key])[key]
    assert (row.purchases, row.buyers, row.retained, row.gross, row.refunded) == (
        purchases, buyers, retained, gross, refunded)


def test_a_backdated_purchase_updates_the_retention_of_the_months_around_it(hand_club, clock):
    owner, cards = hand_club
    before = stats_store.club_periods(owner.db, [140309, 140308])
    assert 140309 not in before and before[140308].retained == 0
    # C bought in Dey 1403; a paper slip of Azar 1403 is entered now
    services.checkout.register_purchase(owner, cards["C"], 700_000, at=noon("1403/09/15"))
    after = stats_store.club_periods(owner.db, [140309, 140308, 14033])
    assert (after[140309].buyers, after[140309].retained) == (1, 1)  # C came back in Dey
    assert after[140308].retained == 0  # E (Aban) did not buy in Azar
    assert after[14033].buyers == 2  # autumn 1403: E and C
    assert services.check.check_database(owner) == []


def test_refunds_in_several_parts_keep_the_aggregates(hand_club):
    owner, cards = hand_club
    services.checkout.refund(owner, 12, 500_000)
    services.checkout.refund(owner, 12)  # the rest of A's 2M
    assert services.check.check_database(owner) == []
    row = stats_store.club_periods(owner.db, [140403])[140403]
    assert row.refunded == 2_000_000


TAMPERING = [
    ("member visits", "UPDATE member_stats SET visits = visits + 1 WHERE member_id = (SELECT min(member_id) FROM member_stats)",
     "stats_member"),
    ("member spend", "UPDATE member_stats SET spend = spend - 1", "stats_member"),
    ("member last purchase", "UPDATE member_stats SET last_at = '2030-01-01T00:00:00Z'", "stats_member"),
    ("member row missing", "DELETE FROM member_stats WHERE member_id = (SELECT min(member_id) FROM member_stats)",
     "stats_member"),
    ("member row of no purchase", "INSERT INTO member_stats SELECT id, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', "
                                  "1, 10, 0, 10 FROM members WHERE id NOT IN (SELECT member_id FROM purchases) LIMIT 1",
     "stats_member"),
    ("member month", "UPDATE member_periods SET gross = gross + 5 WHERE period = 140401", "stats_period"),
    ("member month missing", "DELETE FROM member_periods WHERE period = 140312", "stats_period"),
    ("extra member month", "INSERT INTO member_periods VALUES (140405, 1, 1, 10, 0)", "stats_period"),
    # the one-walk proof (issue 21): a figure moved between two members' rows keeps every sum; a row of zeros
    ("member months swap spend",
     "UPDATE member_periods SET gross = gross + 5 WHERE (period, member_id) = (SELECT period, member_id FROM member_periods "
     "WHERE period >= 100000 ORDER BY period, member_id LIMIT 1);"
     "UPDATE member_periods SET gross = gross - 5 WHERE (period, member_id) = (SELECT period, member_id FROM member_periods "
     "WHERE period >= 100000 ORDER BY period, member_id LIMIT 1 OFFSET 1)", "stats_period"),
    ("member months swap visits",  # members' rows are kept for months only (m0020): one visit moved between two
     "UPDATE member_periods SET visits = visits + 1 WHERE period = 140403 AND member_id = 1;"
     "UPDATE member_periods SET visits = visits - 1 WHERE period = 140403 AND member_id = 5", "stats_period"),
    ("member season row", "INSERT INTO member_periods VALUES (14041, 1, 1, 10, 0)", "stats_period"),
    ("member month of zeros", "INSERT INTO member_periods VALUES (140405, 1, 0, 0, 0)", "stats_period"),
    ("club sales", "UPDATE club_periods SET gross = gross + 1 WHERE period = 1404", "stats_period"),
    ("club retained", "UPDATE club_periods SET retained = retained + 1 WHERE period = 140401", "stats_period"),
    ("club buyers", "UPDATE club_periods SET buyers = 9 WHERE period = 14041", "stats_period"),
    ("club discounts", "UPDATE club_periods SET tier_discount = 0 WHERE period = 140401", "stats_period"),
    ("follow-up status", "UPDATE followups SET status = 'contacted'", "followup"),
    ("detractor without follow-up", "DELETE FROM followups", "followup"),
]
# On the server its foreign keys hold whatever the connection says, and the program's role may not
# delete a follow-up's trail (append-only): the item is moved to a promoter's survey instead.
ON_SERVER = {"detractor without follow-up":
             "UPDATE followups SET survey_id = (SELECT min(id) FROM surveys WHERE nps >= 9) "
             "WHERE id = (SELECT min(id) FROM followups WHERE source = 'detractor')"}


@pytest.mark.parametrize("name, sql, kind", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_check_catches_a_tampered_aggregate(hand_club, name, sql, kind):
    owner, _ = hand_club
    if owner.db.engine == "postgresql":  # a table write as the program's role may make it: each statement as it is
        with owner.db.transaction():
            for statement in ON_SERVER.get(name, sql).split(";"):
                owner.db.execute(statement)
    else:
        owner.db.conn.executescript("PRAGMA foreign_keys = OFF;" + sql + ";PRAGMA foreign_keys = ON")
    kinds = {p.field for p in services.check.check_database(owner)}
    assert kind in kinds, kinds


def test_calendar_covers_every_storable_moment(db):
    first = db.one("SELECT min(start_at), max(end_at), count(*) FROM jalali_months")
    assert first[0] < "1950-01-01T00:00:00Z" and first[1] > "2201-01-01T00:00:00Z"
    # months tile time: each starts where the previous ended
    gaps = db.value("SELECT count(*) FROM jalali_months a JOIN jalali_months b ON b.month_key = "
                    "CASE WHEN a.month_key % 100 = 12 THEN a.month_key + 89 ELSE a.month_key + 1 END "
                    "WHERE b.start_at <> a.end_at")
    assert gaps == 0
    row = db.one("SELECT * FROM jalali_months WHERE month_key = 140312")
    assert (row["season_key"], row["year_key"], row["start_at"], row["end_at"]) == (
        14034, 1403, "2025-02-18T20:30:00Z", "2025-03-20T20:30:00Z")  # Esfand 1403 has 30 days (leap)


@pytest.mark.parametrize("key, nxt, prev", [
    (140312, 140401, 140311), (140401, 140402, 140312), (14034, 14041, 14033), (14041, 14042, 14034), (1403, 1404, 1402)])
def test_period_keys_step_within_their_kind(key, nxt, prev):
    assert rules.next_key(key) == nxt and rules.prev_key(key) == prev
