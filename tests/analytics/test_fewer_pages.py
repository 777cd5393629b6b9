"""m0020: ``member_periods`` keeps months only, and the purchase's trigger counts the buyers and the
retained of months, seasons and years from the member's last purchase (or, for a back-dated one,
from the member's months). Whatever order the purchases come in, the kept figures equal those
recomputed from the purchases; an older club migrates to the same figures."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain.jalali import UTC
from loyaltydesk.store import analytics as stats_store
from loyaltydesk.store import migrations, migrations_pg
from loyaltydesk.store.db import Database
from loyaltydesk.store.pg import PgDatabase
from loyaltydesk.store.schema import differences, expected_schema, schema_of
from tests.conftest import START
from tests.raw import club_key

pytestmark = pytest.mark.engines  # the tests of a club run on SQLite and on PostgreSQL (m0020 on each)

TABLES = ("member_stats", "member_periods", "club_periods")


def snapshot(db):
    return {t: sorted(tuple(r) for r in db.all(f"SELECT * FROM {t}")) for t in TABLES}


class _Undo(Exception):
    pass


def rebuilt(db):
    """The aggregates recomputed from the purchases (in a transaction rolled back, on either engine)."""
    found = {}
    try:
        with db.transaction():
            stats_store.rebuild_stats(db)
            found = snapshot(db)
            raise _Undo
    except _Undo:
        pass
    return found


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_purchases_in_any_order_keep_buyers_and_retained_exact(club, clock, seed):
    """Six members, 70 purchases over two Jalali years registered in a random order (most of them
    back-dated behind the member's last one), a few refunds: every month, season and year equals
    the recomputation, and check finds nothing."""
    rnd = random.Random(seed)
    services.club.update_settings(club, expiry_months=0)
    first = START - timedelta(days=760)
    clock.now = first - timedelta(days=1)
    cards = [services.members.sign_up(club, f"0912000{i:04d}", f"m{i}", "آزمون").card for i in range(6)]
    moments = sorted(first + timedelta(days=rnd.randint(0, 750), hours=rnd.randint(0, 8)) for _ in range(70))
    rnd.shuffle(moments)
    clock.now = START
    bought = []
    for at in moments:
        result = services.checkout.register_purchase(club, rnd.choice(cards), rnd.randint(2, 90) * 50_000, at=at)
        bought.append(result.purchase_id)
    for pid in rnd.sample(bought, 6):
        services.checkout.refund(club, pid, 50_000)
    db = club.db
    assert db.value("SELECT count(*) FROM member_periods WHERE period < 100000") == 0
    assert snapshot(db) == rebuilt(db)
    assert stats_store.period_mismatches(db) == []
    assert services.check.check_database(club) == []


def test_a_first_purchase_of_a_season_counts_the_member_retained_in_the_season_before(club, clock):
    """In order: a member who bought in the last season of a year and again in the next year's
    first season is a buyer of both, retained in the first (and in its year); a second purchase in
    the same season changes no buyer."""
    db = club.db
    season_end = db.one("SELECT start_at FROM jalali_periods WHERE period = 14041")[0]
    start = datetime.fromisoformat(season_end.replace("Z", "+00:00")).astimezone(UTC)
    clock.now = start - timedelta(days=40)
    card = services.members.sign_up(club, "09120000077", "فصل", "آزمون").card
    services.checkout.register_purchase(club, card, 1_000_000)  # 1403, season 4
    for days in (1, 2):
        clock.now = start + timedelta(days=days)
        services.checkout.register_purchase(club, card, 1_000_000)  # 1404, season 1, twice
    rows = stats_store.club_periods(db, [14034, 14041, 1403, 1404])
    assert (rows[14034].buyers, rows[14034].retained) == (1, 1)
    assert (rows[14041].buyers, rows[14041].retained, rows[14041].purchases) == (1, 0, 2)
    assert (rows[1403].buyers, rows[1403].retained, rows[1404].buyers) == (1, 1, 1)
    assert stats_store.period_mismatches(db) == []


MEMBER = ("INSERT INTO members (card, mobile, mobile_rev, joined_at, tier_since) "
          "VALUES (?, ?, ?, '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z')")
PURCHASE = ("INSERT INTO purchases (member_id, at, recorded_at, actor, gross, tier_discount, net, points_earned) "
            "VALUES (?, ?, ?, 'test', ?, 0, ?, 0)")


def test_an_older_club_migrates_to_the_same_figures(tmp_path):
    """A club at m0019 with purchases (their seasons' and years' member rows made by the old
    triggers) upgrades: the club's figures stay as they were, the members' months stay, the
    seasons' and years' member rows go, and purchases after it (back-dated too) keep all exact."""
    path = tmp_path / "club.sqlite3"
    db = Database(path, key=club_key(path))
    migrations.migrate(db, stop_before="m0020_fewer_pages")
    rnd = random.Random(20)
    with db.transaction():
        for i in range(8):
            db.execute(MEMBER, (f"61{i:010d}", f"0912{i:07d}", f"{i:07d}2190"[::-1]))
        for _ in range(120):
            at = datetime(2023, 3, 1, tzinfo=UTC) + timedelta(days=rnd.randint(0, 800), hours=rnd.randint(0, 12))
            gross = rnd.randint(1, 50) * 10_000
            db.execute(PURCHASE, (rnd.randint(1, 8), at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  "2026-01-01T00:00:00Z", gross, gross))
    before = snapshot(db)
    assert any(r[0] < 100000 for r in before["member_periods"])
    migrations.migrate(db)
    after = snapshot(db)
    assert after["club_periods"] == before["club_periods"]
    assert after["member_stats"] == before["member_stats"]
    assert after["member_periods"] == [r for r in before["member_periods"] if r[0] >= 100000]
    assert differences(schema_of(db.conn), expected_schema()) == []
    with db.transaction():
        for _ in range(40):
            at = datetime(2023, 3, 1, tzinfo=UTC) + timedelta(days=rnd.randint(0, 900), hours=rnd.randint(0, 12))
            db.execute(PURCHASE, (rnd.randint(1, 8), at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  "2026-01-01T00:00:00Z", 70_000, 70_000))
    assert snapshot(db) == rebuilt(db)
    assert stats_store.period_mismatches(db) == []
    db.close()


@pytest.mark.pg
def test_an_older_club_on_the_server_migrates_to_the_same_figures(pg_empty_url):
    """The same upgrade on PostgreSQL: a club at m0019 with purchases keeps its club's figures and
    its members' months, loses the seasons' and years' member rows, gets the new club's schema,
    and purchases after it (back-dated too) keep all exact."""
    db = PgDatabase(pg_empty_url)
    try:
        migrations_pg.migrate(db, stop_before="m0020_fewer_pages")
        rnd = random.Random(20)
        with db.transaction():
            for i in range(8):
                db.execute(MEMBER, (f"61{i:010d}", f"0912{i:07d}", f"{i:07d}2190"[::-1]))
            for _ in range(120):
                at = datetime(2023, 3, 1, tzinfo=UTC) + timedelta(days=rnd.randint(0, 800), hours=rnd.randint(0, 12))
                gross = rnd.randint(1, 50) * 10_000
                db.execute(PURCHASE, (rnd.randint(1, 8), at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                      "2026-01-01T00:00:00Z", gross, gross))
        before = snapshot(db)
        assert any(r[0] < 100000 for r in before["member_periods"])
        assert migrations_pg.migrate(db)[0] == "m0020_fewer_pages"
        after = snapshot(db)
        assert after["club_periods"] == before["club_periods"]
        assert after["member_stats"] == before["member_stats"]
        assert after["member_periods"] == [r for r in before["member_periods"] if r[0] >= 100000]
        assert migrations_pg.schema_of(db) == migrations_pg.expected_schema(db)
        with db.transaction():
            for _ in range(40):
                at = datetime(2023, 3, 1, tzinfo=UTC) + timedelta(days=rnd.randint(0, 900), hours=rnd.randint(0, 12))
                db.execute(PURCHASE, (rnd.randint(1, 8), at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                      "2026-01-01T00:00:00Z", 70_000, 70_000))
        assert snapshot(db) == rebuilt(db)
        assert stats_store.period_mismatches(db) == []
    finally:
        db.close()
