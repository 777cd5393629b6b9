"""Named schema migrations, applied in order, each in its own transaction.

Before any migration touches an existing database, the file is copied aside with SQLite's online
backup API (``<name>.before-<migration>.sqlite3``), so a failed upgrade never costs data.
Add a migration by appending a function to ``MIGRATIONS``; never edit one that has shipped.
``m0001_initial`` shipped with 0.1.0: every schema change since is a new migration.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from .db import Database

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


def m0001_initial(db: Database) -> None:
    for statement in _statements(INITIAL):
        db.execute(statement)


SIGN_IN = r"""
ALTER TABLE users ADD COLUMN failed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN last_sign_in TEXT;
"""


def m0002_sign_in(db: Database) -> None:
    """Failed sign-ins are counted and slow the next try down (``locked_until``)."""
    for statement in _statements(SIGN_IN):
        db.execute(statement)


MIGRATIONS = [m0001_initial, m0002_sign_in]


# --- (trust): an idempotency key per checkout -------------------------------------------
def m0003_checkout_keys(db: Database) -> None:
    """A double click or a scanner's double Enter sends the same checkout twice: its key catches it.
    SQLite cannot ADD a UNIQUE column, so the uniqueness is a partial unique index."""
    db.execute("ALTER TABLE purchases ADD COLUMN checkout_key TEXT")
    db.execute("CREATE UNIQUE INDEX purchases_checkout_key ON purchases(checkout_key) WHERE checkout_key IS NOT NULL")


MIGRATIONS.append(m0003_checkout_keys)


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


def m0004_surveys(db: Database) -> None:
    """Surveys (NPS + CSAT answers), follow-ups of detractors, complaints and returns."""
    for statement in _statements(SURVEYS):
        db.execute(statement)


MIGRATIONS.append(m0004_surveys)

# The month a moment falls in, by the calendar table (triggers cannot compute Jalali dates).
_MONTH_OF = "(SELECT {col} FROM jalali_months WHERE start_at <= {at} ORDER BY start_at DESC LIMIT 1)"
_KEYS_OF = ("(SELECT CASE n.i WHEN 0 THEN j.month_key WHEN 1 THEN j.season_key ELSE j.year_key END AS period "
            "FROM (SELECT month_key, season_key, year_key FROM jalali_months WHERE start_at <= {at} "
            "ORDER BY start_at DESC LIMIT 1) AS j, (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) AS n)")
_MONEY = ("gross", "refunded", "tier_discount", "coupon_discount", "redeem_value", "points_redeemed",
          "points_earned", "net")

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


def _stats_triggers() -> list[str]:
    money = ", ".join(_MONEY)
    news = ", ".join(f"new.{c}" for c in _MONEY)
    adds = ", ".join(f"{c} = {c} + excluded.{c}" for c in _MONEY)
    month = lambda col, at: _MONTH_OF.format(col=col, at=at)  # noqa: E731
    keys_old = f"({month('month_key', 'old.at')}, {month('season_key', 'old.at')}, {month('year_key', 'old.at')})"
    prev = ("CASE WHEN new.period >= 100000 THEN CASE WHEN new.period % 100 = 1 THEN new.period - 89 ELSE new.period - 1 END "
            "WHEN new.period >= 10000 THEN CASE WHEN new.period % 10 = 1 THEN new.period - 7 ELSE new.period - 1 END "
            "ELSE new.period - 1 END")
    nxt = ("CASE WHEN new.period >= 100000 THEN CASE WHEN new.period % 100 = 12 THEN new.period + 89 ELSE new.period + 1 END "
           "WHEN new.period >= 10000 THEN CASE WHEN new.period % 10 = 4 THEN new.period + 7 ELSE new.period + 1 END "
           "ELSE new.period + 1 END")
    return [
        f"""CREATE TRIGGER stats_purchase AFTER INSERT ON purchases BEGIN
    INSERT INTO member_stats (member_id, first_at, last_at, visits, gross, refunded, spend)
        VALUES (new.member_id, new.at, new.at, 1, new.gross, new.refunded, new.gross - new.refunded)
        ON CONFLICT (member_id) DO UPDATE SET first_at = min(first_at, excluded.first_at),
            last_at = max(last_at, excluded.last_at), visits = visits + 1,
            gross = gross + excluded.gross, refunded = refunded + excluded.refunded, spend = spend + excluded.spend;
    INSERT INTO club_periods (period, purchases, {money})
        SELECT k.period, 1, {news} FROM {_KEYS_OF.format(at='new.at')} AS k WHERE true
        ON CONFLICT (period) DO UPDATE SET purchases = purchases + 1, {adds};
    INSERT INTO member_periods (period, member_id, visits, gross, refunded)
        SELECT k.period, new.member_id, 1, new.gross, new.refunded FROM {_KEYS_OF.format(at='new.at')} AS k WHERE true
        ON CONFLICT (period, member_id) DO UPDATE SET visits = visits + 1, gross = gross + excluded.gross,
            refunded = refunded + excluded.refunded;
END""",
        f"""CREATE TRIGGER stats_refunded AFTER UPDATE OF refunded ON purchases WHEN new.refunded IS NOT old.refunded BEGIN
    UPDATE member_stats SET refunded = refunded + new.refunded - old.refunded,
        spend = spend - (new.refunded - old.refunded) WHERE member_id = old.member_id;
    UPDATE club_periods SET refunded = refunded + new.refunded - old.refunded WHERE period IN {keys_old};
    UPDATE member_periods SET refunded = refunded + new.refunded - old.refunded
        WHERE member_id = old.member_id AND period IN {keys_old};
END""",
        # A member's first purchase in a period: one more buyer there, and a retained one in the
        # period before (if they bought then) and in this one (if they already bought in the next:
        # a back-dated purchase).
        f"""CREATE TRIGGER stats_member_period AFTER INSERT ON member_periods BEGIN
    UPDATE club_periods SET buyers = buyers + 1 WHERE period = new.period;
    UPDATE club_periods SET retained = retained + 1 WHERE period = {prev}
        AND EXISTS (SELECT 1 FROM member_periods WHERE period = {prev} AND member_id = new.member_id);
    UPDATE club_periods SET retained = retained + 1 WHERE period = new.period
        AND EXISTS (SELECT 1 FROM member_periods WHERE period = {nxt} AND member_id = new.member_id);
END""",
    ]


def m0005_stats(db: Database) -> None:
    """Aggregates for the owner's reports, kept up to date by triggers in the purchase and refund
    transactions, and filled here from the purchases already stored."""
    from .analytics import fill_calendar, rebuild_stats

    for statement in _statements(STATS):
        db.execute(statement)
    fill_calendar(db)
    rebuild_stats(db)
    for statement in _statements(STATS_INDEXES) + _stats_triggers():
        db.execute(statement)


MIGRATIONS.append(m0005_stats)


# --- (desktop app): the members table over a million members --------------------------------
def m0006_member_list(db: Database) -> None:
    """Covering indexes for the members page: one per sort (its key, then the filter columns) and
    one for counts, so that any block of any filtered, sorted list is one walk of one index.
    See ``store/member_list.py``."""
    from .member_list import create_indexes

    create_indexes(db)


MIGRATIONS.append(m0006_member_list)



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


def m0007_journals_no_replace(db: Database) -> None:
    for statement in _statements(NO_REPLACE):
        db.execute(statement)


MIGRATIONS.append(m0007_journals_no_replace)


# --- query plans: the audit log read one kind of entity at a time -----------------------------------
def m0008_audit_entity(db: Database) -> None:
    """The settings page lists the audit log of one kind of entity (tiers, settings, users...),
    newest first. Every purchase writes an audit row, so without an index a rare kind meant reading
    the whole log (~0.6 s per 3M rows in RAM; 10M+ rows in a club of 10M purchases). See
    ``store/audit.py``."""
    db.execute("CREATE INDEX audit_log_entity ON audit_log(entity, id)")


MIGRATIONS.append(m0008_audit_entity)


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


def m0009_window_spend(db: Database) -> None:
    """Every member starts stale (''): views sum from the purchases until the checkout or the daily
    run (``services.daily``) sums the member's window once; a migration reads no clock."""
    for statement in _statements(WINDOW):
        db.execute(statement)


MIGRATIONS.append(m0009_window_spend)


# --- (the spine): the club's settings and tiers read once, not on every look-up --------------
# Every member view, checkout and preview needs the settings and the tiers: ~50 µs of reading and
# parsing each time, a third of a look-up by card. ``store.club`` keeps them per connection under
# this token, which any change to either table (through any connection, the sqlite3 shell included)
# sets to a new random value: a rolled-back change leaves the old token, and with it the old values.
CONFIG_TOKEN = r"""
CREATE TABLE config_token (id INTEGER PRIMARY KEY CHECK (id = 1), token INTEGER NOT NULL);
INSERT INTO config_token (id, token) VALUES (1, random());
"""


def m0010_config_token(db: Database) -> None:
    for statement in _statements(CONFIG_TOKEN):
        db.execute(statement)
    for table in ("settings", "tiers"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER {table}_token_{event.lower()} AFTER {event} ON {table} BEGIN "
                       "UPDATE config_token SET token = random() WHERE id = 1; END")


MIGRATIONS.append(m0010_config_token)


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


def m0011_referrer_card(db: Database) -> None:
    for statement in _statements(REFERRER_CARD):
        db.execute(statement)


MIGRATIONS.append(m0011_referrer_card)


# --- (moving in): a purchase imported from another program keeps its receipt number --------
# A second import of the same history (or of an overlapping one) must not count a sale twice: the
# receipt number of the shop's old program is kept, unique where given (``store/imports.py``).
def m0012_purchase_receipts(db: Database) -> None:
    db.execute("ALTER TABLE purchases ADD COLUMN receipt TEXT")
    db.execute("CREATE UNIQUE INDEX purchases_receipt ON purchases(receipt) WHERE receipt IS NOT NULL")


MIGRATIONS.append(m0012_purchase_receipts)


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


def applied(db: Database) -> list[str]:
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    return [row[0] for row in db.all("SELECT name FROM _migrations ORDER BY rowid")]


def pending(db: Database) -> list:
    done = set(applied(db))
    return [m for m in MIGRATIONS if m.__name__ not in done]


def copy_aside(db: Database, label: str) -> Path:
    """A consistent copy of the database beside it, before ``label`` changes it."""
    src = Path(db.path)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    dest = src.with_name(f"{src.stem}.before-{label}-{stamp}{src.suffix or '.sqlite3'}")
    target = sqlite3.connect(dest)
    try:
        db.conn.backup(target)
    finally:
        target.close()
    return dest


def migrate(db: Database) -> list[str]:
    """Apply every pending migration; returns their names. An existing database is copied aside first."""
    todo = pending(db)
    if not todo:
        return []
    if applied(db):
        copy_aside(db, todo[0].__name__)
    names = []
    for step in todo:
        with db.transaction():
            step(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (step.__name__, datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")),
            )
        names.append(step.__name__)
    return names
