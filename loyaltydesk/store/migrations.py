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


# --- issue 7 (trust): an idempotency key per checkout -------------------------------------------
def m0003_checkout_keys(db: Database) -> None:
    """A double click or a scanner's double Enter sends the same checkout twice: its key catches it.
    SQLite cannot ADD a UNIQUE column, so the uniqueness is a partial unique index."""
    db.execute("ALTER TABLE purchases ADD COLUMN checkout_key TEXT")
    db.execute("CREATE UNIQUE INDEX purchases_checkout_key ON purchases(checkout_key) WHERE checkout_key IS NOT NULL")


MIGRATIONS.append(m0003_checkout_keys)


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
