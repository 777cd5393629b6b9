"""The club's schema: named steps run by sqlite-utils' ``Migrations``, each frozen as it shipped.

Each step runs in its own transaction (``db.atomic()``) together with its record in
``_sqlite_migrations``; a step that fails leaves the database as it was, and stays pending.
Before any step touches an existing club, the file is copied aside with SQLite's online backup
API (``<name>.before-<step>-<time>.sqlite3``), so a failed upgrade never costs data.

A step holds its own SQL as literal text and calls nothing outside this module: editing a store
module never changes what an old step does to a club that upgrades later. Add a step as a new
function decorated with ``@MIGRATIONS()``, below the last; never edit one that has shipped
(``tests/fixtures`` keeps a club of shipped schemas, and ``tests/store/test_schema.py`` proves
that each, upgraded, has the schema of a new club). ``m0001_initial`` shipped with 0.1.0.

Clubs made before the runner was sqlite-utils' kept their record in ``_migrations`` (``name``,
``applied_at``): their first upgrade moves it into ``_sqlite_migrations`` and drops the old
table, in one transaction (``RECORD_MOVE``).
"""

from __future__ import annotations

import hashlib
from .engine import connect, hmac_of, sqlite3
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import jdatetime
import sqlite_utils
from sqlite_utils import Migrations

from .db import Database

Tables = sqlite_utils.Database  # what a step is given: sqlite-utils over the club's own connection (Database.tables)

MIGRATIONS = Migrations("loyaltydesk")
LEGACY_RECORD = "_migrations"

INITIAL = r"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL  -- JSON
);

CREATE TABLE tiers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    threshold INTEGER NOT NULL UNIQUE CHECK (threshold >= 0),
    discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    multiplier_pct INTEGER NOT NULL DEFAULT 100 CHECK (multiplier_pct BETWEEN 0 AND 1000),
    birthday_bonus INTEGER NOT NULL DEFAULT 0 CHECK (birthday_bonus >= 0),
    color TEXT NOT NULL DEFAULT '#9e9e9e'
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('owner', 'cashier')),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    card TEXT NOT NULL UNIQUE,
    mobile TEXT NOT NULL UNIQUE,
    mobile_rev TEXT NOT NULL,          -- the mobile reversed: look-up by its last digits
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    search_name TEXT NOT NULL DEFAULT '',  -- normalised for search (ZWNJ removed, folded)
    birthday TEXT,                     -- Jalali YYYY/MM/DD
    birthday_md TEXT,                  -- Jalali MM/DD, for the birthday bonus
    gender TEXT CHECK (gender IN ('f', 'm')),
    national_code TEXT UNIQUE,
    referrer_id INTEGER REFERENCES members(id),
    sms_consent INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
    joined_at TEXT NOT NULL,
    tier_id INTEGER REFERENCES tiers(id),
    tier_since TEXT NOT NULL,
    points INTEGER NOT NULL DEFAULT 0  -- cache of SUM(ledger.points); check proves it
);
CREATE INDEX members_mobile_rev ON members(mobile_rev);
CREATE INDEX members_birthday_md ON members(birthday_md) WHERE birthday_md IS NOT NULL;
CREATE INDEX members_referrer ON members(referrer_id) WHERE referrer_id IS NOT NULL;
CREATE INDEX members_tier ON members(tier_id);
CREATE INDEX members_joined ON members(joined_at);

CREATE VIRTUAL TABLE members_fts USING fts5(
    search_name, content='members', content_rowid='id', prefix='2 3 4 5'
);
CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN
    INSERT INTO members_fts(rowid, search_name) VALUES (new.id, new.search_name);
END;
CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN
    INSERT INTO members_fts(members_fts, rowid, search_name) VALUES ('delete', old.id, old.search_name);
END;
CREATE TRIGGER members_fts_update AFTER UPDATE OF search_name ON members BEGIN
    INSERT INTO members_fts(members_fts, rowid, search_name) VALUES ('delete', old.id, old.search_name);
    INSERT INTO members_fts(rowid, search_name) VALUES (new.id, new.search_name);
END;

CREATE TABLE tier_history (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    at TEXT NOT NULL,
    from_tier_id INTEGER REFERENCES tiers(id),
    to_tier_id INTEGER REFERENCES tiers(id),
    reason TEXT NOT NULL CHECK (reason IN ('signup', 'purchase', 'refund', 'review')),
    purchase_id INTEGER REFERENCES purchases(id),
    spend INTEGER NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX tier_history_member ON tier_history(member_id, id);

CREATE TABLE coupons (
    code TEXT PRIMARY KEY,
    percent_bp INTEGER NOT NULL DEFAULT 0 CHECK (percent_bp BETWEEN 0 AND 10000),
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    max_uses INTEGER CHECK (max_uses > 0),
    once_per_member INTEGER NOT NULL DEFAULT 1,
    valid_from TEXT,
    valid_to TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    CHECK ((percent_bp > 0) <> (amount > 0))
);

CREATE TABLE purchases (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    tier_id INTEGER REFERENCES tiers(id),  -- the tier it was priced at
    gross INTEGER NOT NULL CHECK (gross > 0),
    tier_discount INTEGER NOT NULL CHECK (tier_discount >= 0),
    coupon_code TEXT REFERENCES coupons(code),
    coupon_discount INTEGER NOT NULL DEFAULT 0 CHECK (coupon_discount >= 0),
    points_redeemed INTEGER NOT NULL DEFAULT 0 CHECK (points_redeemed >= 0),
    redeem_value INTEGER NOT NULL DEFAULT 0 CHECK (redeem_value >= 0),
    net INTEGER NOT NULL CHECK (net >= 0),
    points_earned INTEGER NOT NULL CHECK (points_earned >= 0),
    refunded INTEGER NOT NULL DEFAULT 0,  -- cache of SUM(refunds.amount); check proves it
    CHECK (refunded BETWEEN 0 AND gross),
    CHECK (net = gross - tier_discount - coupon_discount - redeem_value)
);
CREATE INDEX purchases_member_at ON purchases(member_id, at, gross, refunded);
CREATE INDEX purchases_at ON purchases(at);
CREATE INDEX purchases_coupon ON purchases(coupon_code, member_id) WHERE coupon_code IS NOT NULL;

CREATE TABLE refunds (
    id INTEGER PRIMARY KEY,
    purchase_id INTEGER NOT NULL REFERENCES purchases(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),  -- gross value of the goods returned
    net_refunded INTEGER NOT NULL CHECK (net_refunded >= 0),
    points_reversed INTEGER NOT NULL CHECK (points_reversed >= 0),
    points_returned INTEGER NOT NULL CHECK (points_returned >= 0),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refunds_purchase ON refunds(purchase_id);

CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'expire', 'adjust', 'reverse', 'bonus')),
    points INTEGER NOT NULL CHECK (points <> 0),
    expires_at TEXT,                               -- positive entries: when their lot expires
    lot_id INTEGER REFERENCES ledger(id),          -- negative entries: the lot consumed first
    purchase_id INTEGER REFERENCES purchases(id),
    refund_id INTEGER REFERENCES refunds(id),
    reverses_id INTEGER REFERENCES ledger(id),
    bonus_key TEXT,                                -- 'birthday:1404', 'referral:17': once only
    reason TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    CHECK (points > 0 OR expires_at IS NULL),
    CHECK (points < 0 OR lot_id IS NULL),
    CHECK (kind IN ('adjust', 'reverse') OR (kind IN ('earn', 'bonus')) = (points > 0)),
    CHECK (kind <> 'adjust' OR length(reason) > 0)
);
CREATE INDEX ledger_member ON ledger(member_id, id);
CREATE INDEX ledger_purchase ON ledger(purchase_id) WHERE purchase_id IS NOT NULL;
CREATE INDEX ledger_lot ON ledger(lot_id) WHERE lot_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_bonus_key ON ledger(member_id, bonus_key) WHERE bonus_key IS NOT NULL;
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN
    SELECT RAISE(ABORT, 'the points ledger is append-only: entries are never updated');
END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN
    SELECT RAISE(ABORT, 'the points ledger is append-only: entries are never deleted');
END;

-- What is left of each positive entry: derived from the ledger, kept for speed, proven by check.
CREATE TABLE point_lots (
    entry_id INTEGER PRIMARY KEY REFERENCES ledger(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    expires_at TEXT,
    remaining INTEGER NOT NULL CHECK (remaining >= 0)
);
CREATE INDEX point_lots_member ON point_lots(member_id, entry_id, expires_at, remaining) WHERE remaining > 0;
CREATE INDEX point_lots_expiry ON point_lots(expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    before TEXT,  -- JSON
    after TEXT    -- JSON
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be edited');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be edited');
END;
"""


@MIGRATIONS()
def m0001_initial(db: Tables) -> None:
    _run(db, INITIAL)


SIGN_IN = r"""
ALTER TABLE users ADD COLUMN failed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN last_sign_in TEXT;
"""


@MIGRATIONS()
def m0002_sign_in(db: Tables) -> None:
    """Failed sign-ins are counted and slow the next try down (``locked_until``)."""
    _run(db, SIGN_IN)


# --- (trust): an idempotency key per checkout -------------------------------------------
@MIGRATIONS()
def m0003_checkout_keys(db: Tables) -> None:
    """A double click or a scanner's double Enter sends the same checkout twice: its key catches it.
    SQLite cannot ADD a UNIQUE column, so the uniqueness is a partial unique index."""
    db.execute("ALTER TABLE purchases ADD COLUMN checkout_key TEXT")
    db.execute("CREATE UNIQUE INDEX purchases_checkout_key ON purchases(checkout_key) WHERE checkout_key IS NOT NULL")



# --- (surveys, follow-ups, analytics) -----------------------------------------------------
SURVEYS = r"""
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    purchase_id INTEGER REFERENCES purchases(id),
    at TEXT NOT NULL,
    nps INTEGER NOT NULL CHECK (nps BETWEEN 0 AND 10),
    comment TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL CHECK (channel IN ('kiosk', 'counter', 'cli')),
    actor TEXT NOT NULL
);
CREATE INDEX surveys_at ON surveys(at, nps);
CREATE INDEX surveys_member ON surveys(member_id, at);
CREATE UNIQUE INDEX surveys_purchase ON surveys(purchase_id) WHERE purchase_id IS NOT NULL;

-- CSAT stars per aspect; the survey's moment is repeated so that CSAT over time reads one index.
CREATE TABLE survey_answers (
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    aspect TEXT NOT NULL,
    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    at TEXT NOT NULL,
    PRIMARY KEY (survey_id, aspect)
) WITHOUT ROWID;
CREATE INDEX survey_answers_at ON survey_answers(at, aspect, stars);

-- What the owner follows up: a detractor's survey, a complaint, a return.
CREATE TABLE followups (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('detractor', 'complaint', 'return')),
    member_id INTEGER REFERENCES members(id),
    survey_id INTEGER UNIQUE REFERENCES surveys(id),
    purchase_id INTEGER REFERENCES purchases(id),
    refund_id INTEGER REFERENCES refunds(id),
    category TEXT,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contacted', 'resolved')),
    resolution TEXT NOT NULL DEFAULT '',
    opened_at TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolved_by IS NOT NULL)),
    CHECK (status <> 'resolved' OR length(resolution) > 0),
    CHECK (source = 'detractor' OR category IS NOT NULL),
    CHECK (source <> 'detractor' OR survey_id IS NOT NULL)
);
CREATE INDEX followups_status ON followups(status, opened_at);
CREATE INDEX followups_member ON followups(member_id) WHERE member_id IS NOT NULL;

-- Every step of a follow-up (opened, contacted, resolved): when, who, the note. Append-only.
CREATE TABLE followup_steps (
    id INTEGER PRIMARY KEY,
    followup_id INTEGER NOT NULL REFERENCES followups(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'contacted', 'resolved')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX followup_steps_item ON followup_steps(followup_id, id);
CREATE TRIGGER followup_steps_no_update BEFORE UPDATE ON followup_steps BEGIN
    SELECT RAISE(ABORT, 'the follow-up trail is append-only');
END;
CREATE TRIGGER followup_steps_no_delete BEFORE DELETE ON followup_steps BEGIN
    SELECT RAISE(ABORT, 'the follow-up trail is append-only');
END;
"""


@MIGRATIONS()
def m0004_surveys(db: Tables) -> None:
    """Surveys (NPS + CSAT answers), follow-ups of detractors, complaints and returns."""
    _run(db, SURVEYS)


STATS = r"""
-- Jalali months as UTC ranges [start_at, end_at): filled by the migration for every storable moment.
CREATE TABLE jalali_months (
    month_key INTEGER PRIMARY KEY,   -- 140401
    season_key INTEGER NOT NULL,     -- 14041
    year_key INTEGER NOT NULL,       -- 1404
    start_at TEXT NOT NULL UNIQUE,   -- 00:00 Tehran of the 1st, stored UTC form
    end_at TEXT NOT NULL
);

-- Per member, over their whole life: kept by the triggers below, proven by check.
CREATE TABLE member_stats (
    member_id INTEGER PRIMARY KEY,
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    visits INTEGER NOT NULL,
    gross INTEGER NOT NULL,
    refunded INTEGER NOT NULL,
    spend INTEGER NOT NULL  -- gross - refunded: the RFM monetary value
);

-- Per Jalali month, season and year (see domain/analytics.py for the keys), per member who bought.
CREATE TABLE member_periods (
    period INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    visits INTEGER NOT NULL,
    gross INTEGER NOT NULL,
    refunded INTEGER NOT NULL,
    PRIMARY KEY (period, member_id)
) WITHOUT ROWID;

-- Per Jalali month, season and year, the whole club. buyers = members with a member_periods row;
-- retained = those of them who also have one in the next period of the same kind.
CREATE TABLE club_periods (
    period INTEGER PRIMARY KEY,
    purchases INTEGER NOT NULL DEFAULT 0,
    buyers INTEGER NOT NULL DEFAULT 0,
    retained INTEGER NOT NULL DEFAULT 0,
    gross INTEGER NOT NULL DEFAULT 0,
    refunded INTEGER NOT NULL DEFAULT 0,
    tier_discount INTEGER NOT NULL DEFAULT 0,
    coupon_discount INTEGER NOT NULL DEFAULT 0,
    redeem_value INTEGER NOT NULL DEFAULT 0,
    points_redeemed INTEGER NOT NULL DEFAULT 0,
    points_earned INTEGER NOT NULL DEFAULT 0,
    net INTEGER NOT NULL DEFAULT 0
);
"""


# Built after the backfill (faster than keeping them up to date row by row). The first three make
# RFM quantiles a walk of an index and its counts and lists index-only; the recency one also
# serves churn. members(tier_id, points) makes tiers and liability index-only; tier_history(at)
# the tier moves of a period.
STATS_INDEXES = r"""
CREATE INDEX member_stats_spend ON member_stats(spend, visits, last_at);
CREATE INDEX member_stats_visits ON member_stats(visits);
CREATE INDEX member_stats_recency ON member_stats(last_at, first_at, visits, spend);
CREATE INDEX members_tier_points ON members(tier_id, points);
CREATE INDEX tier_history_at ON tier_history(at, reason, from_tier_id, to_tier_id);
"""


# The month a moment falls in is looked up in the calendar table (triggers cannot compute Jalali
# dates): the latest month starting at or before it. A purchase counts in its month, season and year.
# A member's first purchase in a period: one more buyer there, and a retained one in the period
# before (if they bought then) and in this one (if they already bought in the next: a back-dated
# purchase).
STATS_TRIGGERS = r"""
CREATE TRIGGER stats_purchase AFTER INSERT ON purchases BEGIN
    INSERT INTO member_stats (member_id, first_at, last_at, visits, gross, refunded, spend)
        VALUES (new.member_id, new.at, new.at, 1, new.gross, new.refunded, new.gross - new.refunded)
        ON CONFLICT (member_id) DO UPDATE SET first_at = min(first_at, excluded.first_at),
            last_at = max(last_at, excluded.last_at), visits = visits + 1,
            gross = gross + excluded.gross, refunded = refunded + excluded.refunded, spend = spend + excluded.spend;
    INSERT INTO club_periods (period, purchases, gross, refunded, tier_discount, coupon_discount, redeem_value,
            points_redeemed, points_earned, net)
        SELECT k.period, 1, new.gross, new.refunded, new.tier_discount, new.coupon_discount, new.redeem_value,
            new.points_redeemed, new.points_earned, new.net
        FROM (SELECT CASE n.i WHEN 0 THEN j.month_key WHEN 1 THEN j.season_key ELSE j.year_key END AS period
            FROM (SELECT month_key, season_key, year_key FROM jalali_months WHERE start_at <= new.at
                ORDER BY start_at DESC LIMIT 1) AS j,
            (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) AS n) AS k WHERE true
        ON CONFLICT (period) DO UPDATE SET purchases = purchases + 1, gross = gross + excluded.gross,
            refunded = refunded + excluded.refunded, tier_discount = tier_discount + excluded.tier_discount,
            coupon_discount = coupon_discount + excluded.coupon_discount,
            redeem_value = redeem_value + excluded.redeem_value,
            points_redeemed = points_redeemed + excluded.points_redeemed,
            points_earned = points_earned + excluded.points_earned, net = net + excluded.net;
    INSERT INTO member_periods (period, member_id, visits, gross, refunded)
        SELECT k.period, new.member_id, 1, new.gross, new.refunded
        FROM (SELECT CASE n.i WHEN 0 THEN j.month_key WHEN 1 THEN j.season_key ELSE j.year_key END AS period
            FROM (SELECT month_key, season_key, year_key FROM jalali_months WHERE start_at <= new.at
                ORDER BY start_at DESC LIMIT 1) AS j,
            (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) AS n) AS k WHERE true
        ON CONFLICT (period, member_id) DO UPDATE SET visits = visits + 1, gross = gross + excluded.gross,
            refunded = refunded + excluded.refunded;
END;
CREATE TRIGGER stats_refunded AFTER UPDATE OF refunded ON purchases WHEN new.refunded IS NOT old.refunded BEGIN
    UPDATE member_stats SET refunded = refunded + new.refunded - old.refunded,
        spend = spend - (new.refunded - old.refunded) WHERE member_id = old.member_id;
    UPDATE club_periods SET refunded = refunded + new.refunded - old.refunded WHERE period IN (
        (SELECT month_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1),
        (SELECT season_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1),
        (SELECT year_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1));
    UPDATE member_periods SET refunded = refunded + new.refunded - old.refunded
        WHERE member_id = old.member_id AND period IN (
        (SELECT month_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1),
        (SELECT season_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1),
        (SELECT year_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1));
END;
CREATE TRIGGER stats_member_period AFTER INSERT ON member_periods BEGIN
    UPDATE club_periods SET buyers = buyers + 1 WHERE period = new.period;
    UPDATE club_periods SET retained = retained + 1 WHERE period = CASE
            WHEN new.period >= 100000 THEN CASE WHEN new.period % 100 = 1 THEN new.period - 89 ELSE new.period - 1 END
            WHEN new.period >= 10000 THEN CASE WHEN new.period % 10 = 1 THEN new.period - 7 ELSE new.period - 1 END
            ELSE new.period - 1 END
        AND EXISTS (SELECT 1 FROM member_periods WHERE period = CASE
            WHEN new.period >= 100000 THEN CASE WHEN new.period % 100 = 1 THEN new.period - 89 ELSE new.period - 1 END
            WHEN new.period >= 10000 THEN CASE WHEN new.period % 10 = 1 THEN new.period - 7 ELSE new.period - 1 END
            ELSE new.period - 1 END AND member_id = new.member_id);
    UPDATE club_periods SET retained = retained + 1 WHERE period = new.period
        AND EXISTS (SELECT 1 FROM member_periods WHERE period = CASE
            WHEN new.period >= 100000 THEN CASE WHEN new.period % 100 = 12 THEN new.period + 89 ELSE new.period + 1 END
            WHEN new.period >= 10000 THEN CASE WHEN new.period % 10 = 4 THEN new.period + 7 ELSE new.period + 1 END
            ELSE new.period + 1 END AND member_id = new.member_id);
END;
"""

# The calendar: every Jalali month of the years 1328..1580 (every moment the app can store,
# 1950-2200) as a UTC range from 00:00 Tehran of its 1st to 00:00 Tehran of the next month's 1st.
STATS_CALENDAR = ("INSERT INTO jalali_months (month_key, season_key, year_key, start_at, end_at) "
                  "VALUES (?, ?, ?, ?, ?)")

# The backfill, from the purchases already stored: each member's lifetime, then each month from the
# first purchase's to the last's (one range of purchases_at each), then the seasons and years from
# their months, then every period's buyers and the retained among them (buyers of the next period of
# the same kind: month 12 -> next year's month 1, season 4 -> next year's season 1).
STATS_MEMBERS = r"""
INSERT INTO member_stats (member_id, first_at, last_at, visits, gross, refunded, spend)
    SELECT member_id, min(at), max(at), count(*), sum(gross), sum(refunded), sum(gross) - sum(refunded)
    FROM purchases GROUP BY member_id
"""
STATS_MONTHS = r"""
SELECT month_key, season_key, year_key, start_at, end_at FROM jalali_months
    WHERE end_at > (SELECT min(at) FROM purchases) AND start_at <= (SELECT max(at) FROM purchases)
    ORDER BY month_key
"""
STATS_MONTH = r"""
INSERT INTO member_periods (period, member_id, visits, gross, refunded)
    SELECT :period, member_id, count(*), sum(gross), sum(refunded) FROM purchases
    WHERE at >= :start AND at < :end GROUP BY member_id;
INSERT INTO club_periods (period, purchases, gross, refunded, tier_discount, coupon_discount, redeem_value,
        points_redeemed, points_earned, net)
    SELECT :period, count(*), sum(gross), sum(refunded), sum(tier_discount), sum(coupon_discount),
        sum(redeem_value), sum(points_redeemed), sum(points_earned), sum(net) FROM purchases
    WHERE at >= :start AND at < :end HAVING count(*) > 0;
"""
STATS_MONTHS_OF = r"""
INSERT INTO member_periods (period, member_id, visits, gross, refunded)
    SELECT :period, member_id, sum(visits), sum(gross), sum(refunded) FROM member_periods
    WHERE period BETWEEN :first AND :last GROUP BY member_id;
INSERT INTO club_periods (period, purchases, gross, refunded, tier_discount, coupon_discount, redeem_value,
        points_redeemed, points_earned, net)
    SELECT :period, sum(purchases), sum(gross), sum(refunded), sum(tier_discount), sum(coupon_discount),
        sum(redeem_value), sum(points_redeemed), sum(points_earned), sum(net) FROM club_periods
    WHERE period BETWEEN :first AND :last HAVING count(*) > 0;
"""
STATS_BUYERS = r"""
UPDATE club_periods SET
    buyers = (SELECT count(*) FROM member_periods m WHERE m.period = club_periods.period),
    retained = (SELECT count(*) FROM member_periods a WHERE a.period = club_periods.period AND EXISTS (
        SELECT 1 FROM member_periods b WHERE b.member_id = a.member_id AND b.period = CASE
            WHEN a.period >= 100000 THEN CASE WHEN a.period % 100 = 12 THEN a.period + 89 ELSE a.period + 1 END
            WHEN a.period >= 10000 THEN CASE WHEN a.period % 10 = 4 THEN a.period + 7 ELSE a.period + 1 END
            ELSE a.period + 1 END))
"""


def _jalali_months() -> list[tuple[int, int, int, str, str]]:
    """(month_key, season_key, year_key, start_at, end_at) of every month of ``STATS_CALENDAR``."""
    tehran = ZoneInfo("Asia/Tehran")
    starts = []
    for year in range(1328, 1582):
        for month in range(1, 13 if year < 1581 else 2):
            day = jdatetime.date(year, month, 1).togregorian()
            start = datetime(day.year, day.month, day.day, tzinfo=tehran).astimezone(timezone.utc)
            starts.append((year, month, start.strftime("%Y-%m-%dT%H:%M:%SZ")))
    return [(year * 100 + month, year * 10 + (month + 2) // 3, year, start, starts[i + 1][2])
            for i, (year, month, start) in enumerate(starts[:-1])]


@MIGRATIONS()
def m0005_stats(db: Tables) -> None:
    """Aggregates for the owner's reports, kept up to date by triggers in the purchase and refund
    transactions, and filled here from the purchases already stored."""
    _run(db, STATS)
    db.conn.executemany(STATS_CALENDAR, _jalali_months())
    db.execute(STATS_MEMBERS)
    wider: dict[int, list[int]] = {}
    for month, season, year, start, end in db.execute(STATS_MONTHS).fetchall():
        _run(db, STATS_MONTH, {"period": month, "start": start, "end": end})
        wider.setdefault(season, []).append(month)
        wider.setdefault(year, []).append(month)
    for period, months in wider.items():
        _run(db, STATS_MONTHS_OF, {"period": period, "first": min(months), "last": max(months)})
    db.execute(STATS_BUYERS)
    _run(db, STATS_INDEXES)
    _run(db, STATS_TRIGGERS)


# --- (desktop app): the members table over a million members --------------------------------
# The name key folds the Persian letters Unicode orders apart (پ چ ژ گ ک ه) next to their Arabic
# base letters, so that a sort by name is alphabetical; the members page orders by the same text.
MEMBER_LIST = r"""
CREATE INDEX members_list_name ON members(replace(replace(replace(replace(replace(replace(search_name,
    'پ', 'بۿ'), 'چ', 'جۿ'), 'ژ', 'زۿ'), 'گ', 'قۿۿ'), 'ک', 'قۿ'), 'ه', 'وۿ'), id, status, tier_id, joined_at, search_name);
CREATE INDEX members_list_card ON members(card, status, tier_id, joined_at);
CREATE INDEX members_list_mobile ON members(mobile, status, tier_id, joined_at);
CREATE INDEX members_list_points ON members(points, id, status, tier_id, joined_at);
CREATE INDEX members_list_joined ON members(joined_at, id, status, tier_id);
CREATE INDEX members_list_tier ON members(tier_id, replace(replace(replace(replace(replace(replace(search_name,
    'پ', 'بۿ'), 'چ', 'جۿ'), 'ژ', 'زۿ'), 'گ', 'قۿۿ'), 'ک', 'قۿ'), 'ه', 'وۿ'), id, status, joined_at, search_name);
-- counts: every combination of filters is a range of this one (status is always constrained)
CREATE INDEX members_list_status ON members(status, tier_id, joined_at);
"""


@MIGRATIONS()
def m0006_member_list(db: Tables) -> None:
    """Covering indexes for the members page: one per sort (its key, then the filter columns) and
    one for counts, so that any block of any filtered, sorted list is one walk of one index.
    See ``store/member_list.py``, whose queries order by the same expressions."""
    _run(db, MEMBER_LIST)




# --- (trust): INSERT OR REPLACE must not rewrite a journal row --------------------------
# The UPDATE/DELETE triggers of m0001 do not fire when REPLACE deletes the conflicting row (no
# recursive triggers), so "INSERT OR REPLACE ... (id, ...)" could rewrite an audit row or a ledger
# entry. A BEFORE INSERT trigger sees the existing id first.
NO_REPLACE = r"""
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be edited');
END;
CREATE TRIGGER ledger_no_replace BEFORE INSERT ON ledger
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM ledger WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'the points ledger is append-only: entries are never replaced');
END;
"""


@MIGRATIONS()
def m0007_journals_no_replace(db: Tables) -> None:
    _run(db, NO_REPLACE)



# --- query plans: the audit log read one kind of entity at a time -----------------------------------
@MIGRATIONS()
def m0008_audit_entity(db: Tables) -> None:
    """The settings page lists the audit log of one kind of entity (tiers, settings, users...),
    newest first. Every purchase writes an audit row, so without an index a rare kind meant reading
    the whole log (~0.6 s per 3M rows in RAM; 10M+ rows in a club of 10M purchases). See
    ``store/audit.py``."""
    db.execute("CREATE INDEX audit_log_entity ON audit_log(entity, id)")



# --- (the spine): each member's window spend kept in their row ------------------------------
# A member's view shows their qualifying spend in the tier window (rolling 12 months or the Jalali
# year). Summing it from purchases_member_at is one probe of a 10M-entry index per member, which
# made a list of 20 full views miss 1 ms. The row keeps the sum instead, with the bounds it holds for:
#   win_from   the window start it was summed from ('' = never summed),
#   win_spend  SUM(gross - refunded) of the member's purchases at or after win_from,
#   win_until  the `at` of the first of those purchases (FAR_FUTURE when none; '' = stale).
# For a window starting at W the figure is the spend exactly when win_from <= W <= win_until: no
# counted purchase has left the window. The triggers keep it exact through purchases and refunds;
# `members.refresh_window` sums it again (the checkout for its member, the daily run for members
# whose first counted purchase has left the window); `check_database` proves it.
WINDOW = r"""
ALTER TABLE members ADD COLUMN win_from TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN win_spend INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN win_until TEXT NOT NULL DEFAULT '';
CREATE INDEX members_win_until ON members(win_until);
CREATE TRIGGER members_win_purchase AFTER INSERT ON purchases BEGIN
    UPDATE members SET win_spend = win_spend + new.gross - new.refunded, win_until = min(win_until, new.at)
        WHERE id = new.member_id AND win_until <> '' AND new.at >= win_from;
END;
CREATE TRIGGER members_win_refund AFTER UPDATE OF refunded ON purchases WHEN new.refunded IS NOT old.refunded BEGIN
    UPDATE members SET win_spend = win_spend - (new.refunded - old.refunded)
        WHERE id = new.member_id AND win_until <> '' AND new.at >= win_from;
END;
CREATE TRIGGER members_win_moved AFTER UPDATE OF member_id, at, gross ON purchases BEGIN
    UPDATE members SET win_from = '', win_spend = 0, win_until = '' WHERE id IN (old.member_id, new.member_id);
END;
CREATE TRIGGER members_win_deleted AFTER DELETE ON purchases BEGIN
    UPDATE members SET win_from = '', win_spend = 0, win_until = '' WHERE id = old.member_id;
END;
"""


@MIGRATIONS()
def m0009_window_spend(db: Tables) -> None:
    """Every member starts stale (''): views sum from the purchases until the checkout or the daily
    run (``services.daily``) sums the member's window once; a migration reads no clock."""
    _run(db, WINDOW)



# --- (the spine): the club's settings and tiers read once, not on every look-up --------------
# Every member view, checkout and preview needs the settings and the tiers: ~50 µs of reading and
# parsing each time, a third of a look-up by card. ``store.club`` keeps them per connection under
# this token, which any change to either table (through any connection, the sqlite3 shell included)
# sets to a new random value: a rolled-back change leaves the old token, and with it the old values.
CONFIG_TOKEN = r"""
CREATE TABLE config_token (id INTEGER PRIMARY KEY CHECK (id = 1), token INTEGER NOT NULL);
INSERT INTO config_token (id, token) VALUES (1, random());
CREATE TRIGGER settings_token_insert AFTER INSERT ON settings BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
CREATE TRIGGER settings_token_update AFTER UPDATE ON settings BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
CREATE TRIGGER settings_token_delete AFTER DELETE ON settings BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
CREATE TRIGGER tiers_token_insert AFTER INSERT ON tiers BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
CREATE TRIGGER tiers_token_update AFTER UPDATE ON tiers BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
CREATE TRIGGER tiers_token_delete AFTER DELETE ON tiers BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
"""


@MIGRATIONS()
def m0010_config_token(db: Tables) -> None:
    _run(db, CONFIG_TOKEN)


# --- (the spine): the referrer's card kept in the referred member's row ----------------------
# A member view shows who referred the member by card. Reading the referrer's row for it was a
# random page of the members table per referred member in a list (often not in memory). Cards never
# change, so the row keeps the card beside ``referrer_id``; the triggers set it whenever the
# referrer is set, and ``check_database`` proves it.
REFERRER_CARD = r"""
ALTER TABLE members ADD COLUMN referrer_card TEXT;
UPDATE members SET referrer_card = (SELECT r.card FROM members r WHERE r.id = members.referrer_id)
    WHERE referrer_id IS NOT NULL;
CREATE TRIGGER members_referrer_card_insert AFTER INSERT ON members WHEN new.referrer_id IS NOT NULL BEGIN
    UPDATE members SET referrer_card = (SELECT r.card FROM members r WHERE r.id = new.referrer_id) WHERE id = new.id;
END;
CREATE TRIGGER members_referrer_card_update AFTER UPDATE OF referrer_id ON members BEGIN
    UPDATE members SET referrer_card = (SELECT r.card FROM members r WHERE r.id = new.referrer_id) WHERE id = new.id;
END;
"""


@MIGRATIONS()
def m0011_referrer_card(db: Tables) -> None:
    _run(db, REFERRER_CARD)



# --- (moving in): a purchase imported from another program keeps its receipt number --------
# A second import of the same history (or of an overlapping one) must not count a sale twice: the
# receipt number of the shop's old program is kept, unique where given (``store/imports.py``).
@MIGRATIONS()
def m0012_purchase_receipts(db: Tables) -> None:
    db.execute("ALTER TABLE purchases ADD COLUMN receipt TEXT")
    db.execute("CREATE UNIQUE INDEX purchases_receipt ON purchases(receipt) WHERE receipt IS NOT NULL")



# --- the audit's real time beside a moved one ----------------------------------------------------
# The owner may act as of another moment (the command line's ``--now``): a row's ``at`` is that
# moment, and ``recorded_at`` when the row was really written (the session's real clock, which
# nobody moves). Rows written before this step have none.
@MIGRATIONS()
def m0013_audit_recorded_at(db: Tables) -> None:
    db.execute("ALTER TABLE audit_log ADD COLUMN recorded_at TEXT")



# --- tamper-evident records: the audit log and the points ledger hash-chained ------------------------
# Each row's ``chain`` is SHA-256 over the previous row's ``chain`` and the row's own content
# (``domain/chain.py``, encoding version 1, which stays as it is for rows written with it). The
# store writes it with the row (``store/ledger.py``, ``store/audit.py``); here the rows already
# stored are chained in id order. The no-update triggers are set aside for that one pass and made
# again exactly as m0001 wrote them.
CHAIN_COLUMNS = r"""
ALTER TABLE ledger ADD COLUMN chain BLOB;
ALTER TABLE audit_log ADD COLUMN chain BLOB;
DROP TRIGGER ledger_no_update;
DROP TRIGGER audit_log_no_update;
"""
CHAIN_GUARDS = r"""
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN
    SELECT RAISE(ABORT, 'the points ledger is append-only: entries are never updated');
END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be edited');
END;
"""
CHAIN_FIELDS = {
    "ledger": ("id", "member_id", "at", "kind", "points", "expires_at", "lot_id", "purchase_id", "refund_id",
               "reverses_id", "bonus_key", "reason", "actor"),
    "audit_log": ("id", "at", "actor", "role", "action", "entity", "entity_id", "before", "after", "recorded_at"),
}


def _chain_v1(table: str, previous: bytes | None, values) -> bytes:
    """Version 1 of ``domain.chain.link``, frozen here as it shipped (a test keeps them equal)."""
    out = [b"loyaltydesk chain v1\x00" + table.encode("ascii") + b"\x00", previous or bytes(32)]
    for v in values:
        if v is None:
            out.append(b"n")
        elif isinstance(v, int):
            out.append(b"i%d;" % v)
        elif isinstance(v, str):
            data = v.encode("utf-8")
            out.append(b"s%d:%s" % (len(data), data))
        else:
            data = bytes(v)
            out.append(b"b%d:%s" % (len(data), data))
    return hashlib.sha256(b"".join(out)).digest()


@MIGRATIONS()
def m0014_hash_chains(db: Tables) -> None:
    _run(db, CHAIN_COLUMNS)
    for table, fields in CHAIN_FIELDS.items():
        # in blocks of ids: a club of millions of rows is never read into memory, and no statement
        # reads a table while it is being written
        previous, after = None, 0
        while True:
            rows = db.conn.execute(f"SELECT {', '.join(fields)} FROM {table} WHERE id > ? ORDER BY id LIMIT 10000",
                                   (after,)).fetchall()
            if not rows:
                break
            updates = []
            for row in rows:
                previous = _chain_v1(table, previous, row)
                updates.append((previous, row[0]))
            db.conn.executemany(f"UPDATE {table} SET chain = ? WHERE id = ?", updates)
            after = rows[-1][0]
    _run(db, CHAIN_GUARDS)


# --- seals: the owners' signing keys, the seals over the chains' heads, signed role assignments -------
# ``services/seals.py``: an owner's Ed25519 key, sealed by the owner's password; a seal signs both
# chains' heads at each owner sign-in and daily close; a user's role assignment carries an owner's
# signature, which the sign-in checks once the club has an owner key.
SEALS = r"""
CREATE TABLE owner_keys (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    public_key BLOB NOT NULL,   -- Ed25519, raw
    wrapped BLOB NOT NULL,      -- the private key sealed by the owner's password
    created_at TEXT NOT NULL,
    retired_at TEXT             -- another owner reset the password: it no longer opens
);
CREATE INDEX owner_keys_user ON owner_keys(user_id, id);
CREATE TABLE seals (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('sign_in', 'daily_close')),
    owner_id INTEGER NOT NULL REFERENCES users(id),
    key_id INTEGER NOT NULL REFERENCES owner_keys(id),
    audit_id INTEGER NOT NULL,
    audit_chain BLOB,
    audit_rows INTEGER NOT NULL,
    ledger_id INTEGER NOT NULL,
    ledger_chain BLOB,
    ledger_rows INTEGER NOT NULL,
    signature BLOB NOT NULL
);
CREATE TRIGGER seals_no_update BEFORE UPDATE ON seals BEGIN
    SELECT RAISE(ABORT, 'a seal cannot be edited');
END;
CREATE TRIGGER seals_no_delete BEFORE DELETE ON seals BEGIN
    SELECT RAISE(ABORT, 'a seal cannot be edited');
END;
ALTER TABLE users ADD COLUMN signed_by INTEGER REFERENCES owner_keys(id);
ALTER TABLE users ADD COLUMN signature BLOB;
"""


@MIGRATIONS()
def m0015_seals(db: Tables) -> None:
    _run(db, SEALS)


# --- campaigns: step 6's "+ campaign bonuses" (issue 19) -------------------------------------------
# The campaigns themselves (few, read once per connection under ``config_token``, which their
# triggers renew like those of the settings and tiers), their running totals (points given against
# the budget, uses) in a row of their own so that a purchase does not renew the token, and one row
# per campaign and member with the member's uses, visits, spend and points in the campaign: what a
# purchase needs is one primary-key read per running campaign, never a scan of the purchases.
# A purchase keeps its campaign points beside the points it earned (``points_earned`` holds both;
# the earn entry is the difference, the campaign entries are bonuses keyed ``campaign:<id>:p<id>``).
CAMPAIGNS = r"""
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    weekdays TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    tier_ids TEXT NOT NULL DEFAULT '',
    segment TEXT,
    birthday_month INTEGER,
    joined_from TEXT,
    joined_to TEXT,
    multiplier_pct INTEGER NOT NULL DEFAULT 0,
    bonus INTEGER NOT NULL DEFAULT 0,
    nth_visit INTEGER,
    spend_target INTEGER,
    min_purchase INTEGER NOT NULL DEFAULT 0,
    per_member_limit INTEGER,
    budget INTEGER CHECK (budget IS NULL OR budget >= 0),
    stacking TEXT CHECK (stacking IS NULL OR stacking IN ('add', 'best')),
    ended_at TEXT,
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    CHECK (end_at > start_at)
);
CREATE TABLE campaign_totals (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
    points INTEGER NOT NULL DEFAULT 0,
    uses INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE campaign_members (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    uses INTEGER NOT NULL DEFAULT 0,
    visits INTEGER NOT NULL DEFAULT 0,
    spend INTEGER NOT NULL DEFAULT 0,
    points INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, member_id)
) WITHOUT ROWID;
ALTER TABLE purchases ADD COLUMN campaign_points INTEGER NOT NULL DEFAULT 0 CHECK (campaign_points >= 0);
CREATE TRIGGER campaigns_token_insert AFTER INSERT ON campaigns BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
CREATE TRIGGER campaigns_token_update AFTER UPDATE ON campaigns BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
CREATE TRIGGER campaigns_token_delete AFTER DELETE ON campaigns BEGIN UPDATE config_token SET token = random() WHERE id = 1; END;
"""


@MIGRATIONS()
def m0016_campaigns(db: Tables) -> None:
    _run(db, CAMPAIGNS)


# --- offers addressed to members and the reward catalog ---------------------------------------------
# An offer is a coupon (a row of ``coupons``, so that a purchase names it as it names any coupon) bound
# to one member, issued once per member and occasion ('welcome', 'birthday:1404', 'winback:1404/09',
# 'next_order:<purchase id>') by a rule the owner turns on. A reward is a non-cash thing the club gives
# for points; each redemption is a ``redeem`` entry of the ledger, kept beside it with its reward.
OFFERS = r"""
CREATE TABLE offer_rules (
    rule TEXT PRIMARY KEY CHECK (rule IN ('welcome', 'birthday', 'winback', 'next_order')),
    active INTEGER NOT NULL DEFAULT 0,
    percent_bp INTEGER NOT NULL DEFAULT 0 CHECK (percent_bp BETWEEN 0 AND 10000),
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    min_purchase INTEGER NOT NULL DEFAULT 0 CHECK (min_purchase >= 0),
    days INTEGER NOT NULL DEFAULT 30 CHECK (days > 0),
    above INTEGER NOT NULL DEFAULT 0 CHECK (above >= 0),
    inactive_days INTEGER NOT NULL DEFAULT 60 CHECK (inactive_days > 0),
    changed_at TEXT
);
CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE REFERENCES coupons(code),
    member_id INTEGER NOT NULL REFERENCES members(id),
    rule TEXT NOT NULL,
    occasion TEXT NOT NULL,
    percent_bp INTEGER NOT NULL DEFAULT 0,
    amount INTEGER NOT NULL DEFAULT 0,
    min_purchase INTEGER NOT NULL DEFAULT 0,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    source_purchase_id INTEGER REFERENCES purchases(id),
    used_purchase_id INTEGER REFERENCES purchases(id),
    used_at TEXT,
    withdrawn_at TEXT  -- next-order: the purchase that earned it was refunded in full before it was used
);
CREATE UNIQUE INDEX offers_occasion ON offers(member_id, occasion);
CREATE INDEX offers_rule_issued ON offers(rule, issued_at);
CREATE INDEX offers_rule_used ON offers(rule, used_at) WHERE used_at IS NOT NULL;
CREATE INDEX offers_source ON offers(source_purchase_id) WHERE source_purchase_id IS NOT NULL;
CREATE TABLE rewards (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    points INTEGER NOT NULL CHECK (points > 0),
    stock INTEGER CHECK (stock >= 0),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE reward_redemptions (
    id INTEGER PRIMARY KEY,
    reward_id INTEGER NOT NULL REFERENCES rewards(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    entry_id INTEGER NOT NULL UNIQUE REFERENCES ledger(id),
    purchase_id INTEGER REFERENCES purchases(id),
    at TEXT NOT NULL,
    points INTEGER NOT NULL CHECK (points > 0),
    actor TEXT NOT NULL
);
CREATE INDEX reward_redemptions_purchase ON reward_redemptions(purchase_id) WHERE purchase_id IS NOT NULL;
CREATE INDEX reward_redemptions_member ON reward_redemptions(member_id, id);
"""


@MIGRATIONS()
def m0017_offers(db: Tables) -> None:
    _run(db, OFFERS)


# --- tiers by visits: what qualifies a tier, and each member's visits kept for each least amount --------
# A tier qualifies by spend, by visits, or either; a visit is a purchase worth (gross less refunds) at
# least the tier's ``visit_minimum`` (and more than nothing). Tiers may name different minimums, so
# a member's window visits are kept in ``member_visits``, one row per member and least amount
# (``floor`` = max(1, visit_minimum)), with the bounds it holds for, exactly as m0009 keeps the
# window spend in the member's row:
#   win_from   the window start it was counted from,
#   visits     the member's purchases at or after win_from worth at least ``floor`` now,
#   win_until  no later than the first of them (FAR_FUTURE when none; '' = stale).
# A refund that brings a purchase below ``floor`` takes its visit back (and one that does not, does
# not). The triggers keep the count exact; ``store.visits.refresh`` counts it again;
# ``check_database`` proves it. A row that is missing is counted from the purchases when needed.
TIER_VISITS = r"""
ALTER TABLE tiers ADD COLUMN qualify TEXT NOT NULL DEFAULT 'spend' CHECK (qualify IN ('spend', 'visits', 'either'));
ALTER TABLE tiers ADD COLUMN visits INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0);
ALTER TABLE tiers ADD COLUMN visit_minimum INTEGER NOT NULL DEFAULT 0 CHECK (visit_minimum >= 0);
CREATE TABLE member_visits (
    member_id INTEGER NOT NULL REFERENCES members(id),
    floor INTEGER NOT NULL CHECK (floor >= 1),
    win_from TEXT NOT NULL,
    visits INTEGER NOT NULL CHECK (visits >= 0),
    win_until TEXT NOT NULL,
    PRIMARY KEY (member_id, floor)
) WITHOUT ROWID;
CREATE INDEX member_visits_until ON member_visits(win_until);
CREATE TRIGGER member_visits_purchase AFTER INSERT ON purchases BEGIN
    UPDATE member_visits SET visits = visits + 1, win_until = min(win_until, new.at)
        WHERE member_id = new.member_id AND win_until <> '' AND new.at >= win_from
        AND new.gross - new.refunded >= floor;
END;
CREATE TRIGGER member_visits_refund AFTER UPDATE OF refunded ON purchases WHEN new.refunded IS NOT old.refunded BEGIN
    UPDATE member_visits
        SET visits = visits + (new.gross - new.refunded >= floor) - (old.gross - old.refunded >= floor)
        WHERE member_id = new.member_id AND win_until <> '' AND new.at >= win_from;
END;
CREATE TRIGGER member_visits_moved AFTER UPDATE OF member_id, at, gross ON purchases BEGIN
    UPDATE member_visits SET win_until = '' WHERE member_id IN (old.member_id, new.member_id);
END;
CREATE TRIGGER member_visits_deleted AFTER DELETE ON purchases BEGIN
    UPDATE member_visits SET win_until = '' WHERE member_id = old.member_id;
END;
"""


@MIGRATIONS()
def m0018_tier_visits(db: Tables) -> None:
    """Every tier keeps qualifying by spend; no member's visits are kept yet (``member_visits`` is
    filled by the checkout and the daily run); a migration reads no clock."""
    _run(db, TIER_VISITS)


# --- text messages: the outbox and its append-only events ---------------------------------------------
SMS_OUTBOX = r"""
CREATE TABLE sms_outbox (
    id INTEGER PRIMARY KEY,
    member_id INTEGER REFERENCES members(id),  -- NULL: a test send to any number
    mobile TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('transactional', 'promotional')),
    template TEXT NOT NULL,                 -- the occasion whose template made the body
    body TEXT NOT NULL,
    parts INTEGER NOT NULL CHECK (parts >= 1),
    not_before TEXT NOT NULL,               -- UTC ISO: not sent earlier (quiet hours)
    expires_at TEXT NOT NULL,               -- not worth sending after this
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT NOT NULL,             -- when the sender next looks at it
    provider_id TEXT,                       -- the provider's message id once it took the message
    local_id TEXT NOT NULL UNIQUE,          -- our id at the provider: a message in 'sending' is looked up by it
    error TEXT NOT NULL DEFAULT '',
    campaign TEXT,
    dedupe_key TEXT NOT NULL UNIQUE,        -- one message per occasion: 'birthday:1404:17'
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX sms_outbox_due ON sms_outbox(state, next_attempt);
CREATE INDEX sms_outbox_member ON sms_outbox(member_id) WHERE member_id IS NOT NULL;
CREATE TABLE sms_events (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES sms_outbox(id),
    at TEXT NOT NULL,
    event TEXT NOT NULL
        CHECK (event IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'requeued')),
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sms_events_message ON sms_events(message_id);
CREATE TRIGGER sms_events_no_update BEFORE UPDATE ON sms_events BEGIN
    SELECT RAISE(ABORT, 'the messages trail is append-only');
END;
CREATE TRIGGER sms_events_no_delete BEFORE DELETE ON sms_events BEGIN
    SELECT RAISE(ABORT, 'the messages trail is append-only');
END;
CREATE TRIGGER sms_events_no_replace BEFORE INSERT ON sms_events
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM sms_events WHERE id = NEW.id) BEGIN
    SELECT RAISE(ABORT, 'the messages trail is append-only');
END;
"""


@MIGRATIONS()
def m0019_sms_outbox(db: Tables) -> None:
    """The text messages' outbox (``store/sms.py``): every message is a row before anything is sent,
    one per occasion (``dedupe_key``), and its trail of events that is never edited."""
    _run(db, SMS_OUTBOX)


# --- fewer pages per purchase (issue 21): months only per member, buyers of seasons and years kept --------
# A purchase wrote a member's row of its month, season and year in ``member_periods`` (three random
# pages of a big table) and moved the member's entries in two indexes that the reports can do
# without. Now ``member_periods`` keeps months only (a season or a year of a member is the sum of
# its months); ``club_periods`` keeps months, seasons and years as before (one small table), its
# buyers and retained counted in the purchase's own trigger: a purchase at or after the member's
# last one (``member_stats.last_at`` before it) is their first of a period when that last one is
# before the period's start, and makes them retained in the period before when it is in that one;
# a back-dated purchase looks at the member's months (at most 12 key reads each). ``jalali_periods``
# gives every month, season and year its months, its start and its neighbours.
# ``members_tier_points`` is dropped (members by tier: a walk of ``members_list_points``).
FEWER_PAGES = r"""
CREATE TABLE jalali_periods (
    period INTEGER PRIMARY KEY,
    first_month INTEGER NOT NULL,
    last_month INTEGER NOT NULL,
    start_at TEXT NOT NULL,
    prev INTEGER NOT NULL,
    next INTEGER NOT NULL
);
INSERT INTO jalali_periods (period, first_month, last_month, start_at, prev, next)
    SELECT month_key, month_key, month_key, start_at,
        CASE WHEN month_key % 100 = 1 THEN month_key - 89 ELSE month_key - 1 END,
        CASE WHEN month_key % 100 = 12 THEN month_key + 89 ELSE month_key + 1 END
    FROM jalali_months;
INSERT INTO jalali_periods (period, first_month, last_month, start_at, prev, next)
    SELECT season_key, min(month_key), max(month_key), min(start_at),
        CASE WHEN season_key % 10 = 1 THEN season_key - 7 ELSE season_key - 1 END,
        CASE WHEN season_key % 10 = 4 THEN season_key + 7 ELSE season_key + 1 END
    FROM jalali_months GROUP BY season_key;
INSERT INTO jalali_periods (period, first_month, last_month, start_at, prev, next)
    SELECT year_key, min(month_key), max(month_key), min(start_at), year_key - 1, year_key + 1
    FROM jalali_months GROUP BY year_key;
DROP TRIGGER stats_purchase;
DROP TRIGGER stats_refunded;
DROP TRIGGER stats_member_period;
DELETE FROM member_periods WHERE period < 100000;
DROP INDEX members_tier_points;
CREATE TRIGGER stats_purchase AFTER INSERT ON purchases BEGIN
    INSERT INTO club_periods (period, purchases, buyers, retained, gross, refunded, tier_discount, coupon_discount,
            redeem_value, points_redeemed, points_earned, net)
        SELECT f.period, 1, f.first, f.first AND f.next_bought, new.gross, new.refunded, new.tier_discount,
            new.coupon_discount, new.redeem_value, new.points_redeemed, new.points_earned, new.net
        FROM (SELECT p.period AS period,
                CASE WHEN o.last_at IS NULL THEN 1
                    WHEN new.at >= o.last_at THEN o.last_at < p.start_at
                    ELSE NOT EXISTS (SELECT 1 FROM jalali_months c JOIN member_periods m ON m.period = c.month_key
                        AND m.member_id = new.member_id WHERE c.month_key BETWEEN p.first_month AND p.last_month) END AS first,
                CASE WHEN o.last_at IS NULL OR new.at >= o.last_at THEN 0
                    ELSE EXISTS (SELECT 1 FROM jalali_periods x JOIN jalali_months c
                        ON c.month_key BETWEEN x.first_month AND x.last_month JOIN member_periods m
                        ON m.period = c.month_key AND m.member_id = new.member_id WHERE x.period = p.next) END AS next_bought
            FROM (SELECT CASE n.i WHEN 0 THEN j.month_key WHEN 1 THEN j.season_key ELSE j.year_key END AS key
                FROM (SELECT month_key, season_key, year_key FROM jalali_months WHERE start_at <= new.at
                    ORDER BY start_at DESC LIMIT 1) AS j,
                (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) AS n) AS k
            JOIN jalali_periods p ON p.period = k.key
            LEFT JOIN (SELECT last_at FROM member_stats WHERE member_id = new.member_id) AS o ON true) AS f WHERE true
        ON CONFLICT (period) DO UPDATE SET purchases = purchases + 1, buyers = buyers + excluded.buyers,
            retained = retained + excluded.retained, gross = gross + excluded.gross,
            refunded = refunded + excluded.refunded, tier_discount = tier_discount + excluded.tier_discount,
            coupon_discount = coupon_discount + excluded.coupon_discount,
            redeem_value = redeem_value + excluded.redeem_value,
            points_redeemed = points_redeemed + excluded.points_redeemed,
            points_earned = points_earned + excluded.points_earned, net = net + excluded.net;
    UPDATE club_periods SET retained = retained + 1 WHERE period IN (
        SELECT p.prev
        FROM (SELECT CASE n.i WHEN 0 THEN j.month_key WHEN 1 THEN j.season_key ELSE j.year_key END AS key
            FROM (SELECT month_key, season_key, year_key FROM jalali_months WHERE start_at <= new.at
                ORDER BY start_at DESC LIMIT 1) AS j,
            (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) AS n) AS k
        JOIN jalali_periods p ON p.period = k.key
        JOIN jalali_periods q ON q.period = p.prev
        JOIN (SELECT last_at FROM member_stats WHERE member_id = new.member_id) AS o
        WHERE CASE WHEN new.at >= o.last_at THEN o.last_at < p.start_at AND o.last_at >= q.start_at
            ELSE NOT EXISTS (SELECT 1 FROM jalali_months c JOIN member_periods m ON m.period = c.month_key
                    AND m.member_id = new.member_id WHERE c.month_key BETWEEN p.first_month AND p.last_month)
                AND EXISTS (SELECT 1 FROM jalali_months c JOIN member_periods m ON m.period = c.month_key
                    AND m.member_id = new.member_id WHERE c.month_key BETWEEN q.first_month AND q.last_month) END);
    INSERT INTO member_stats (member_id, first_at, last_at, visits, gross, refunded, spend)
        VALUES (new.member_id, new.at, new.at, 1, new.gross, new.refunded, new.gross - new.refunded)
        ON CONFLICT (member_id) DO UPDATE SET first_at = min(first_at, excluded.first_at),
            last_at = max(last_at, excluded.last_at), visits = visits + 1,
            gross = gross + excluded.gross, refunded = refunded + excluded.refunded, spend = spend + excluded.spend;
    INSERT INTO member_periods (period, member_id, visits, gross, refunded)
        SELECT j.month_key, new.member_id, 1, new.gross, new.refunded
        FROM (SELECT month_key FROM jalali_months WHERE start_at <= new.at ORDER BY start_at DESC LIMIT 1) AS j WHERE true
        ON CONFLICT (period, member_id) DO UPDATE SET visits = visits + 1, gross = gross + excluded.gross,
            refunded = refunded + excluded.refunded;
END;
CREATE TRIGGER stats_refunded AFTER UPDATE OF refunded ON purchases WHEN new.refunded IS NOT old.refunded BEGIN
    UPDATE member_stats SET refunded = refunded + new.refunded - old.refunded,
        spend = spend - (new.refunded - old.refunded) WHERE member_id = old.member_id;
    UPDATE club_periods SET refunded = refunded + new.refunded - old.refunded WHERE period IN (
        (SELECT month_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1),
        (SELECT season_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1),
        (SELECT year_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1));
    UPDATE member_periods SET refunded = refunded + new.refunded - old.refunded
        WHERE member_id = old.member_id
        AND period = (SELECT month_key FROM jalali_months WHERE start_at <= old.at ORDER BY start_at DESC LIMIT 1);
END;
"""


@MIGRATIONS()
def m0020_fewer_pages(db: Tables) -> None:
    """Months only in ``member_periods`` (the seasons' and years' rows dropped: their figures in
    ``club_periods`` stay as they were, and the purchase's trigger keeps counting them), and one
    index fewer for a purchase to move."""
    _run(db, FEWER_PAGES)


# m0021: the targeted lists that ask for SMS consent (issue 19) read every member's row to see the
# flag (1.2-2.6 s at a million members); an index of the flag with the tier and the join moment
# answers them alone: "consent" counts its entries, "+ a tier", "+ inactive" (the join moment of
# members who never bought) and "+ a segment" (probed by member id, the index's last column) read
# no member row. Nothing a purchase writes is in it (a tier change moves one entry).
CONSENT_LIST = """
CREATE INDEX members_list_consent ON members(sms_consent, tier_id, joined_at);
"""


@MIGRATIONS()
def m0021_consent_list(db: Tables) -> None:
    """An index for the targeted lists that ask for SMS consent."""
    _run(db, CONSENT_LIST)


# m0022: SQLite rewrites a row's entry in every index on a column an UPDATE assigns, even to the value it
# had: the purchase's triggers set ``win_until = min(win_until, new.at)``, which is the same moment
# whenever the member already had a counted purchase in the window (nearly always), so every purchase
# dirtied a leaf of ``members_win_until`` (and of ``member_visits_until`` with tiers by visits) for
# nothing: 1.4 of the ~30 pages a purchase wrote on the benchmark's club. The moment is now set only
# when it moves (the window's first counted purchase).
WIN_UNTIL_MOVES = r"""
DROP TRIGGER members_win_purchase;
CREATE TRIGGER members_win_purchase AFTER INSERT ON purchases BEGIN
    UPDATE members SET win_spend = win_spend + new.gross - new.refunded
        WHERE id = new.member_id AND win_until <> '' AND new.at >= win_from;
    UPDATE members SET win_until = new.at
        WHERE id = new.member_id AND win_until <> '' AND new.at >= win_from AND new.at < win_until;
END;
DROP TRIGGER member_visits_purchase;
CREATE TRIGGER member_visits_purchase AFTER INSERT ON purchases BEGIN
    UPDATE member_visits SET visits = visits + 1
        WHERE member_id = new.member_id AND win_until <> '' AND new.at >= win_from
        AND new.gross - new.refunded >= floor;
    UPDATE member_visits SET win_until = new.at
        WHERE member_id = new.member_id AND win_until <> '' AND new.at >= win_from
        AND new.gross - new.refunded >= floor AND new.at < win_until;
END;
"""


@MIGRATIONS()
def m0022_win_until_moves(db: Tables) -> None:
    """The purchase's window triggers write the window's first moment only when it moves."""
    _run(db, WIN_UNTIL_MOVES)


# m0023: PostgreSQL's name search (issue 23). SQLite's FTS5 index already keeps every word's
# prefixes in id order (prefix='2 3 4 5'): nothing to do here but record the step, which is
# PostgreSQL's (migrations_pg.NAME_PREFIXES). Recording it needs no copy aside (RECORD_ONLY).
@MIGRATIONS()
def m0023_name_prefixes(db: Tables) -> None:
    """Nothing on SQLite: the step is PostgreSQL's (its name search by word prefixes)."""


# m0024: the check's proofs (issue 21). A check that walked both hash chains from their first row (or
# on from an earlier proof), found them whole and no audit row missing is signed by the owner who
# ran it (``domain.chain.proof_message``): the chains' heads as a seal's, and how far the audit rows
# were proven. The next check walks only the rows written after the newest proof (ten million rows
# cost two minutes at a million members): the rows before it are still counted and its heads
# still where it found them, so a row deleted or a chain rewritten before it is found; a row's
# content edited in place before it is found by ``check --full``.
CHAIN_PROOFS = r"""
CREATE TABLE chain_proofs (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    key_id INTEGER NOT NULL REFERENCES owner_keys(id),
    audit_id INTEGER NOT NULL,
    audit_chain BLOB,
    audit_rows INTEGER NOT NULL,
    ledger_id INTEGER NOT NULL,
    ledger_chain BLOB,
    ledger_rows INTEGER NOT NULL,
    purchase_id INTEGER NOT NULL,     -- every purchase up to it has its audit row
    purchase_rows INTEGER NOT NULL,   -- the purchases up to it
    audit_mark INTEGER NOT NULL,      -- a later purchase's audit row comes after this one
    ledger_mark INTEGER NOT NULL,     -- every ledger entry up to it is accounted for
    signature BLOB NOT NULL
);
CREATE TRIGGER chain_proofs_no_update BEFORE UPDATE ON chain_proofs BEGIN
    SELECT RAISE(ABORT, 'a proof cannot be edited');
END;
CREATE TRIGGER chain_proofs_no_delete BEFORE DELETE ON chain_proofs BEGIN
    SELECT RAISE(ABORT, 'a proof cannot be edited');
END;
"""


@MIGRATIONS()
def m0024_chain_proofs(db: Tables) -> None:
    """The check's proofs of the hash chains, signed by the owner."""
    _run(db, CHAIN_PROOFS)


# m0025: each member's latest tier-history entry read from the index alone (issue 21): the check
# proves every member's tier is where their latest entry put them, a probe per member; the entry's
# row, read from all over the table, cost seven seconds at a million members.
TIER_HISTORY_LAST = r"""
DROP INDEX tier_history_member;
CREATE INDEX tier_history_member ON tier_history(member_id, id, to_tier_id);
"""


@MIGRATIONS()
def m0025_tier_history_last(db: Tables) -> None:
    """Each member's latest tier-history entry in the index by member (its tier with it)."""
    _run(db, TIER_HISTORY_LAST)


RECORD_ONLY = frozenset({"m0023_name_prefixes"})  # steps that change nothing in a club file


# --- the runner ------------------------------------------------------------------------------------

def _statements(script: str) -> list[str]:
    """Split a script into statements (triggers hold semicolons, so use sqlite3.complete_statement)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _run(db: Tables, script: str, params: dict | None = None) -> None:
    """Every statement of ``script``, in the step's transaction (never ``executescript``: it commits)."""
    for statement in _statements(script):
        db.execute(statement, params)


RECORD = Migrations.migrations_table

# The record of a club made before the runner was sqlite-utils', moved once. Its moments were
# stored as '2026-03-01T08:00:00Z'; sqlite-utils writes str(datetime): '2026-03-01 08:00:00+00:00'.
RECORD_MOVE = f"""
INSERT OR IGNORE INTO {RECORD} (migration_set, name, applied_at)
    SELECT :set, name, replace(replace(applied_at, 'T', ' '), 'Z', '+00:00') FROM {LEGACY_RECORD} ORDER BY rowid;
DROP TABLE {LEGACY_RECORD};
"""


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def recorded(conn: sqlite3.Connection) -> list[str]:
    """The names of the steps a club file has had, in order: from sqlite-utils' record, then any
    still in the record of a club made before it. Reads only."""
    names: list[str] = []
    if _has_table(conn, RECORD):
        names = [r[0] for r in conn.execute(f"SELECT name FROM {RECORD} WHERE migration_set = ? ORDER BY rowid",
                                            (MIGRATIONS.name,))]
    if _has_table(conn, LEGACY_RECORD):
        names += [r[0] for r in conn.execute(f"SELECT name FROM {LEGACY_RECORD} ORDER BY rowid") if r[0] not in names]
    return names


def applied(db: Database) -> list[str]:
    return recorded(db.conn)


def shipped() -> list[str]:
    """The name of every step this program has, in order."""
    return [step.name for step in MIGRATIONS.pending(sqlite_utils.Database(memory=True, execute_plugins=False))]


def pending(db: Database) -> list[str]:
    done = set(applied(db))
    return [name for name in shipped() if name not in done]


ASIDE_KEEP, ASIDE_DAYS = 3, 30  # before-copies kept: the newest few, and any younger than a month


def copy_aside(db: Database, label: str) -> Path:
    """A consistent copy of the database beside it, before ``label`` changes it: a copy of the
    file as it is, so encrypted by the club's key when the club is (the key file opens it too).
    The older before-copies are pruned (``prune_asides``)."""
    src = Path(db.path)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    dest = src.with_name(f"{src.stem}.before-{label}-{stamp}{src.suffix or '.sqlite3'}")
    target = connect(dest, db.key, hmac_of(db.conn) if db.key is not None else None)  # page by page: the club's HMAC
    try:
        db.conn.backup(target)
    finally:
        target.close()
    prune_asides(src)
    return dest


def asides(club: Path) -> list[Path]:
    """The club's before-copies (``before-restore``, ``before-m00xx``), oldest first."""
    club = Path(club)
    found = [p for p in club.parent.glob(f"{club.stem}.before-*")
             if not p.name.endswith(("-wal", "-shm", "-journal", ".partial", ".encrypting", ".keyed"))]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def prune_asides(club: Path, keep: int = ASIDE_KEEP, days: int = ASIDE_DAYS,
                 now: datetime | None = None) -> list[Path]:
    """Remove the before-copies older than ``days`` beyond the newest ``keep``; returns them."""
    limit = (now or datetime.now(timezone.utc)).timestamp() - days * 86400
    copies = asides(club)
    gone = [p for p in copies[: max(0, len(copies) - keep)] if p.stat().st_mtime < limit]
    for p in gone:
        for extra in (p, Path(f"{p}-wal"), Path(f"{p}-shm")):
            extra.unlink(missing_ok=True)
    return gone


def migrate(db: Database, *, stop_before: str | None = None) -> list[str]:
    """Apply every pending step (those before ``stop_before`` when given); returns their names.

    An existing club is copied aside first. The record (``_sqlite_migrations`` and its index, and
    the move of an older club's ``_migrations``) is written in one transaction before the first
    step; each step then runs in its own."""
    todo = pending(db)
    if stop_before in todo:
        todo = todo[: todo.index(stop_before)]
    legacy = _has_table(db.conn, LEGACY_RECORD)
    if not todo and not legacy:
        return []
    if applied(db) and (legacy or not RECORD_ONLY.issuperset(todo)):  # a step that only records itself: no copy
        copy_aside(db, todo[0] if todo else "record-move")
    club = db.tables
    with club.atomic():
        MIGRATIONS.ensure_migrations_table(club)
        if legacy:
            _run(club, RECORD_MOVE, {"set": MIGRATIONS.name})
    MIGRATIONS.apply(club, stop_before=stop_before)
    return todo
