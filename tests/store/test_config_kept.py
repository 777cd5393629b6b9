"""The club's settings and tiers are kept per connection (m0010_config_token): whatever changes
them, through this connection or another (the sqlite3 shell, a second copy of the app), committed
or rolled back, the next read gives what the file holds."""

from __future__ import annotations

from tests.raw import raw_connect

import pytest

from loyaltydesk import services
from loyaltydesk.domain.tiers import Tier, ladder
from loyaltydesk.store import club as club_store


def fresh(db):
    """What the file holds, read past the kept values."""
    return club_store._read_settings(db), club_store._read_tiers(db)


def kept(db):
    """The kept values, each way they are read (the settings and ladder a member view reads together
    must agree with the settings and tiers read alone)."""
    settings, steps = club_store.settings_and_ladder(db)
    assert settings == club_store.club_settings(db) and steps == ladder(club_store.tiers(db))
    return club_store.club_settings(db), club_store.tiers(db)


def this_connection(db, sql):
    with db.transaction():
        db.execute(sql)


def other_connection(db, sql):
    conn = raw_connect(db.path)
    with conn:
        conn.execute(sql)
    conn.close()


def rolled_back(db, sql):
    class Undo(Exception):
        pass

    with pytest.raises(Undo):
        with db.transaction():
            db.execute(sql)
            kept(db)  # read (and kept) inside the transaction
            raise Undo


CHANGES = [
    ("UPDATE settings SET value = '7' WHERE key = 'expiry_months'"),
    ("INSERT INTO settings (key, value) VALUES ('point_value', '250') "
     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
    ("DELETE FROM settings WHERE key = 'window'"),
    ("UPDATE tiers SET threshold = threshold + 1 WHERE name = 'طلایی'"),
    ("INSERT INTO tiers (name, threshold, discount_bp, multiplier_pct, birthday_bonus, color) "
     "VALUES ('الماسی', 900000000, 1000, 200, 0, '#5ec8e5')"),
    ("DELETE FROM tiers WHERE name = 'طلایی'"),
]


@pytest.mark.parametrize("how", [this_connection, other_connection, rolled_back])
@pytest.mark.parametrize("sql", CHANGES)
def test_a_change_anywhere_is_read_back(club, db, how, sql):
    services.club.update_settings(club, window="jalali-year")
    before = kept(db)
    assert before == fresh(db)
    how(db, sql)
    after = kept(db)
    assert after == fresh(db)
    assert (after == before) == (how is rolled_back)
    # and a second change after that one is read back too (a rolled-back token is never reused)
    services.club.update_settings(club, thank_you="بدرود")
    assert club_store.club_settings(db).thank_you == "بدرود" and kept(db) == fresh(db)


def test_kept_values_are_shared_and_immutable(club, db):
    assert club_store.tiers(db) is club_store.tiers(db)
    assert club_store.club_settings(db) is club_store.club_settings(db)
    assert isinstance(club_store.tiers(db), tuple) and all(isinstance(t, Tier) for t in club_store.tiers(db))
    with pytest.raises(AttributeError):
        club_store.club_settings(db).window = "rolling12"
