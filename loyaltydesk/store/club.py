"""The club's configuration: settings, tiers, coupons, users."""

from __future__ import annotations

import json
from .engine import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

from loyaltydesk.domain.settings import ClubSettings
from loyaltydesk.domain.tiers import Ladder, Tier, ladder

from .db import Database
from .rows import columns, fetch_all, fetch_one, new_id

T = TypeVar("T")


class Coupon(NamedTuple):
    code: str
    percent_bp: int  # a percent off (basis points), or 0
    amount: int  # rials off, or 0
    max_uses: int | None  # None: no limit
    once_per_member: int  # 1: a member uses it once
    valid_from: str | None  # UTC ISO
    valid_to: str | None
    active: int  # 1: it may be used
    created_at: str


class UserRecord(NamedTuple):
    id: int
    username: str
    display_name: str
    role: str  # a Role value
    password_hash: str | None  # None: the user has no password yet
    active: int  # 1: may sign in
    created_at: str
    failed_count: int  # failed sign-ins in a row
    locked_until: str | None
    last_sign_in: str | None


class ClubTotals(NamedTuple):
    members: int
    purchases: int
    points: int  # the positive balances summed
    tiers: int


# --- settings -----------------------------------------------------------------------------------

def settings(db: Database) -> dict[str, Any]:
    return {row[0]: json.loads(row[1]) for row in db.all("SELECT key, value FROM settings")}


def _kept(db: Database, name: str, read: Callable[[Database], T]) -> T:
    """``read(db)``, kept on the connection until the settings or tiers change (``config_token``,
    m0010: any change sets a new random token, a rolled-back one leaves the old). The values are
    immutable (frozen dataclasses, tuples), so every caller can share them."""
    try:
        token = db.config_token()
    except sqlite3.OperationalError:  # a migration before m0010 reading the settings: no token yet
        return read(db)
    kept = db.memo.get(name)
    if kept is None or kept[0] != token:
        kept = db.memo[name] = (token, read(db))
    return kept[1]


def kept(db: Database, name: str, read: Callable[[Database], T]) -> T:
    """``read(db)`` kept on the connection until the settings or tiers change (for another store
    module's view of the settings: ``store/sms.py``)."""
    return _kept(db, name, read)


def _read_settings(db: Database) -> ClubSettings:
    # only the rules' own keys: the shop's logo (tens of kB of base64 under ``logo``) is left alone
    rows = db.all("SELECT key, value FROM settings WHERE key <> 'logo'")
    return ClubSettings.from_dict({key: json.loads(value) for key, value in rows})


def club_settings(db: Database) -> ClubSettings:
    """The settings as the rules use them (defaults for anything never set)."""
    return _kept(db, "settings", _read_settings)


def put_settings(db: Database, values: dict[str, Any]) -> None:
    db.conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
    )


# --- tiers --------------------------------------------------------------------------------------

TIER_COLUMNS = "id, name, threshold, discount_bp, multiplier_pct, birthday_bonus, color, qualify, visits, visit_minimum"


def _tier(row: Sequence[Any]) -> Tier:
    return Tier(*row)


def _read_tiers(db: Database) -> tuple[Tier, ...]:
    return tuple(_tier(r) for r in db.all(f"SELECT {TIER_COLUMNS} FROM tiers ORDER BY threshold"))


def tiers(db: Database) -> tuple[Tier, ...]:
    """The tiers, lowest threshold first."""
    return _kept(db, "tiers", _read_tiers)


def settings_and_ladder(db: Database) -> tuple[ClubSettings, Ladder]:
    """The settings and the tier ladder, kept together: a member view needs both, and one look at
    the token is one statement less on every look-up."""
    return _kept(db, "settings_and_ladder", lambda db: (_read_settings(db), ladder(_read_tiers(db))))


def tier_by_name(db: Database, name: str) -> Tier | None:
    row = db.one(f"SELECT {TIER_COLUMNS} FROM tiers WHERE name = ?", (name,))
    return _tier(row) if row else None


def insert_tier(db: Database, tier: Tier) -> int:
    return new_id(db.execute(
        "INSERT INTO tiers (name, threshold, discount_bp, multiplier_pct, birthday_bonus, color, qualify, visits,"
        " visit_minimum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (tier.name, tier.threshold, tier.discount_bp, tier.multiplier_pct, tier.birthday_bonus, tier.color,
         tier.qualify, tier.visits, tier.visit_minimum),
    ))


def update_tier(db: Database, tier: Tier) -> None:
    db.execute(
        "UPDATE tiers SET name = ?, threshold = ?, discount_bp = ?, multiplier_pct = ?, birthday_bonus = ?, color = ?,"
        " qualify = ?, visits = ?, visit_minimum = ? WHERE id = ?",
        (tier.name, tier.threshold, tier.discount_bp, tier.multiplier_pct, tier.birthday_bonus, tier.color,
         tier.qualify, tier.visits, tier.visit_minimum, tier.id),
    )


def tier_member_counts(db: Database) -> dict[int | None, int]:
    return {r[0]: r[1] for r in db.all("SELECT tier_id, count(*) FROM members GROUP BY tier_id")}


# --- coupons ------------------------------------------------------------------------------------

COUPON_COLUMNS = columns(Coupon)


def coupon(db: Database, code: str) -> Coupon | None:
    return fetch_one(db, Coupon, f"SELECT {COUPON_COLUMNS} FROM coupons WHERE code = ?", (code,))


def coupons(db: Database) -> list[Coupon]:
    """The owner's coupons (a member's offer is a coupon of its own, listed with the offers)."""
    return fetch_all(db, Coupon, f"SELECT {COUPON_COLUMNS} FROM coupons WHERE code NOT IN (SELECT code FROM offers) "
                                 "ORDER BY created_at, code")


def insert_coupon(db: Database, coupon: Coupon) -> None:
    db.execute(f"INSERT INTO coupons ({COUPON_COLUMNS}) VALUES ({', '.join('?' for _ in coupon)})", coupon)


def set_coupon_active(db: Database, code: str, active: bool) -> None:
    db.execute("UPDATE coupons SET active = ? WHERE code = ?", (int(active), code))


# --- users --------------------------------------------------------------------------------------

USER_COLUMNS = columns(UserRecord)


def user_by_name(db: Database, username: str) -> UserRecord | None:
    return fetch_one(db, UserRecord, f"SELECT {USER_COLUMNS} FROM users WHERE username = ?", (username,))


def insert_user(db: Database, username: str, display_name: str, role: str, password_hash: str | None,
                created_at: str) -> int:
    return new_id(db.execute(
        "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        (username, display_name, role, password_hash, created_at),
    ))


def users(db: Database) -> list[UserRecord]:
    return fetch_all(db, UserRecord, f"SELECT {USER_COLUMNS} FROM users ORDER BY active DESC, role DESC, username")


def update_user(db: Database, user_id: int, **fields: object) -> None:
    """Set the named columns of one user (names come from the services, never from input)."""
    allowed = {"display_name", "role", "password_hash", "active", "failed_count", "locked_until", "last_sign_in"}
    assert set(fields) <= allowed, set(fields) - allowed
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE users SET {sets} WHERE id = ?", (*fields.values(), user_id))


def active_owners(db: Database) -> int:
    return db.value("SELECT count(*) FROM users WHERE role = 'owner' AND active = 1 AND password_hash IS NOT NULL")


def member_count(db: Database) -> int:
    return db.value("SELECT count(*) FROM members")


def totals(db: Database) -> ClubTotals:
    """Members, purchases, points outstanding, tiers. Counting the purchases walks a whole index
    (10M entries, ~0.16 s): ask ``member_count`` when the members are all you need."""
    return ClubTotals(
        members=member_count(db),
        purchases=db.value("SELECT count(*) FROM purchases"),
        points=db.value("SELECT COALESCE(SUM(points), 0) FROM members WHERE points > 0"),
        tiers=db.value("SELECT count(*) FROM tiers"),
    )
