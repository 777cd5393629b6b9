"""Offers addressed to members (each a coupon of its own), the owner's offer rules, the reward
catalog and its redemptions."""

from __future__ import annotations

from typing import NamedTuple

from loyaltydesk.domain.offers import RULES, OfferRule

from .db import Database
from .rows import columns, fetch_all, fetch_one, new_id


class Offer(NamedTuple):
    id: int
    code: str
    member_id: int
    rule: str
    occasion: str
    percent_bp: int
    amount: int
    min_purchase: int
    issued_at: str  # UTC ISO
    expires_at: str
    source_purchase_id: int | None  # next-order: the purchase that earned it
    used_purchase_id: int | None
    used_at: str | None
    withdrawn_at: str | None  # its purchase refunded in full before it was used


class Reward(NamedTuple):
    id: int
    name: str
    points: int
    stock: int | None  # None: unlimited
    active: int
    created_at: str


class Redemption(NamedTuple):
    id: int
    reward_id: int
    member_id: int
    entry_id: int
    purchase_id: int | None
    at: str
    points: int
    actor: str


class RuleFigures(NamedTuple):
    """One rule's offers in a period: issued, used, and the purchases that used them."""

    rule: str
    issued: int
    used: int
    sales: int  # gross of the purchases that used one
    net: int
    discount: int  # what the offers took off


OFFER_COLUMNS = columns(Offer)
REWARD_COLUMNS = columns(Reward)
RULE_FIELDS = ("rule", "active", "percent_bp", "amount", "min_purchase", "days", "above", "inactive_days")


# --- rules ----------------------------------------------------------------------------------------

def rules(db: Database) -> dict[str, OfferRule]:
    """Every rule, a rule never set as the default (off)."""
    found = {r[0]: OfferRule(r[0], bool(r[1]), *r[2:]) for r in db.all(
        f"SELECT {', '.join(RULE_FIELDS)} FROM offer_rules")}
    return {name: found.get(name, OfferRule(name)) for name in RULES}


def put_rule(db: Database, r: OfferRule, at: str) -> None:
    db.execute(
        f"INSERT INTO offer_rules ({', '.join(RULE_FIELDS)}, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(rule) DO UPDATE SET active = excluded.active, percent_bp = excluded.percent_bp, "
        "amount = excluded.amount, min_purchase = excluded.min_purchase, days = excluded.days, "
        "above = excluded.above, inactive_days = excluded.inactive_days, changed_at = excluded.changed_at",
        (r.rule, int(r.active), r.percent_bp, r.amount, r.min_purchase, r.days, r.above, r.inactive_days, at))


# --- offers ---------------------------------------------------------------------------------------

def code_taken(db: Database, code: str) -> bool:
    return db.one("SELECT 1 FROM coupons WHERE code = ?", (code,)) is not None


def has_occasion(db: Database, member_id: int, occasion: str) -> bool:
    return db.one("SELECT 1 FROM offers WHERE member_id = ? AND occasion = ?", (member_id, occasion)) is not None


def insert(db: Database, *, code: str, member_id: int, rule: OfferRule, occasion: str, issued_at: str,
           expires_at: str, source_purchase_id: int | None = None) -> int:
    """The offer and its coupon (one use, by this member, from now until it expires)."""
    db.execute(
        "INSERT INTO coupons (code, percent_bp, amount, max_uses, once_per_member, valid_from, valid_to, active, "
        "created_at) VALUES (?, ?, ?, 1, 1, ?, ?, 1, ?)",
        (code, rule.percent_bp, rule.amount, issued_at, expires_at, issued_at))
    return new_id(db.execute(
        "INSERT INTO offers (code, member_id, rule, occasion, percent_bp, amount, min_purchase, issued_at, "
        "expires_at, source_purchase_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (code, member_id, rule.rule, occasion, rule.percent_bp, rule.amount, rule.min_purchase, issued_at,
         expires_at, source_purchase_id)))


def by_code(db: Database, code: str) -> Offer | None:
    return fetch_one(db, Offer, f"SELECT {OFFER_COLUMNS} FROM offers WHERE code = ?", (code,))


def of_member(db: Database, member_id: int) -> list[Offer]:
    """A member's offers, newest first (a handful: one per rule and occasion)."""
    return fetch_all(db, Offer, f"SELECT {OFFER_COLUMNS} FROM offers WHERE member_id = ? ORDER BY issued_at DESC, id DESC",
                     (member_id,))


def active_of_member(db: Database, member_id: int, now: str) -> list[Offer]:
    """A member's offers not used and not expired at ``now``, the soonest to expire first."""
    return fetch_all(db, Offer, f"SELECT {OFFER_COLUMNS} FROM offers WHERE member_id = ? AND used_at IS NULL "
                                "AND withdrawn_at IS NULL AND expires_at > ? ORDER BY expires_at, id", (member_id, now))


def mark_used(db: Database, code: str, purchase_id: int, at: str) -> None:
    db.execute("UPDATE offers SET used_purchase_id = ?, used_at = ? WHERE code = ?", (purchase_id, at, code))


def withdraw_earned_by(db: Database, purchase_id: int, at: str) -> None:
    """The unused offer a purchase earned, withdrawn (the purchase was refunded in full)."""
    db.execute("UPDATE offers SET withdrawn_at = ? WHERE source_purchase_id = ? AND used_at IS NULL "
               "AND withdrawn_at IS NULL", (at, purchase_id))


def issued_by_purchase(db: Database, purchase_id: int) -> Offer | None:
    """The next-order offer a purchase earned, if any."""
    return fetch_one(db, Offer, f"SELECT {OFFER_COLUMNS} FROM offers WHERE source_purchase_id = ?", (purchase_id,))


def used_by_purchase(db: Database, purchase_id: int) -> Offer | None:
    return fetch_one(db, Offer, f"SELECT {OFFER_COLUMNS} FROM offers WHERE used_purchase_id = ?", (purchase_id,))


def birthdays_due(db: Database, month_day: str, occasion: str, after_id: int, limit: int) -> list[int]:
    """Active members born on ``month_day`` (Jalali MM/DD) with no offer for ``occasion``, id above
    ``after_id``, in id order: one walk of ``members_birthday_md``."""
    return [r[0] for r in db.all(
        "SELECT m.id FROM members m WHERE m.birthday_md = ? AND m.id > ? AND m.status = 'active' "
        "AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.member_id = m.id AND o.occasion = ?) ORDER BY m.id LIMIT ?",
        (month_day, after_id, occasion, limit))]


def winback_due(db: Database, now: str, cutoff: str, min_visits: int, factor: float, min_days: float,
                occasion: str, after: tuple[str, int], reads: int) -> tuple[list[tuple[int, str]], tuple[str, int] | None]:
    """Of the next ``reads`` buyers whose last visit is before ``cutoff`` (``member_stats_recency``,
    from ``after`` = (last visit, member id) on), the active ones on the churn-risk list (away
    longer than usual for them, and at least ``min_days``) with no offer for ``occasion``; and where
    the next read starts (None: no more). Only lapsed buyers are read, never the whole club. Each
    due member comes as (member id, last visit)."""
    rows = db.all(
        "SELECT s.member_id, s.last_at, (s.visits >= :min_visits AND (julianday(:now) - julianday(s.last_at)) > "
        "max(:min_days, :factor * (julianday(s.last_at) - julianday(s.first_at)) / (s.visits - 1)) "
        "AND (SELECT status FROM members WHERE id = s.member_id) = 'active' "
        "AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.member_id = s.member_id AND o.occasion = :occasion)) "
        "FROM member_stats s INDEXED BY member_stats_recency "
        "WHERE s.last_at < :cutoff AND (s.last_at > :after_at OR (s.last_at = :after_at AND s.member_id > :after_id)) "
        "ORDER BY s.last_at, s.member_id LIMIT :reads",
        {"now": now, "cutoff": cutoff, "min_visits": min_visits, "factor": factor, "min_days": min_days,
         "occasion": occasion, "after_at": after[0], "after_id": after[1], "reads": reads})
    return [(r[0], r[1]) for r in rows if r[2]], ((rows[-1][1], rows[-1][0]) if len(rows) == reads else None)


def figures(db: Database, start: str, end: str) -> dict[str, RuleFigures]:
    """Per rule: offers issued in [start, end), offers used in it, and the purchases that used them."""
    issued: dict[str, int] = {r[0]: r[1] for r in db.all(
        "SELECT rule, count(*) FROM offers WHERE issued_at >= ? AND issued_at < ? GROUP BY rule", (start, end))}
    used = {r[0]: r[1:] for r in db.all(
        "SELECT o.rule, count(*), coalesce(sum(p.gross), 0), coalesce(sum(p.net), 0), "
        "coalesce(sum(p.coupon_discount), 0) FROM offers o JOIN purchases p ON p.id = o.used_purchase_id "
        "WHERE o.used_at >= ? AND o.used_at < ? GROUP BY o.rule", (start, end))}
    return {rule: RuleFigures(rule, issued.get(rule, 0), *used.get(rule, (0, 0, 0, 0))) for rule in RULES}


# --- rewards --------------------------------------------------------------------------------------

def rewards(db: Database, include_inactive: bool = True) -> list[Reward]:
    where = "" if include_inactive else "WHERE active = 1 "
    return fetch_all(db, Reward, f"SELECT {REWARD_COLUMNS} FROM rewards {where}ORDER BY points, name")


def reward(db: Database, name: str) -> Reward | None:
    return fetch_one(db, Reward, f"SELECT {REWARD_COLUMNS} FROM rewards WHERE name = ?", (name,))


def reward_by_id(db: Database, reward_id: int) -> Reward | None:
    return fetch_one(db, Reward, f"SELECT {REWARD_COLUMNS} FROM rewards WHERE id = ?", (reward_id,))


def insert_reward(db: Database, name: str, points: int, stock: int | None, at: str) -> int:
    return new_id(db.execute("INSERT INTO rewards (name, points, stock, active, created_at) VALUES (?, ?, ?, 1, ?)",
                             (name, points, stock, at)))


def update_reward(db: Database, r: Reward) -> None:
    db.execute("UPDATE rewards SET name = ?, points = ?, stock = ?, active = ? WHERE id = ?",
               (r.name, r.points, r.stock, r.active, r.id))


def take_stock(db: Database, reward_id: int) -> bool:
    """One of the reward taken from its stock; False when none is left (unlimited: always True)."""
    cur = db.execute("UPDATE rewards SET stock = stock - 1 WHERE id = ? AND stock > 0", (reward_id,))
    if cur.rowcount:
        return True
    return db.value("SELECT stock IS NULL FROM rewards WHERE id = ?", (reward_id,)) == 1


def insert_redemption(db: Database, *, reward_id: int, member_id: int, entry_id: int, purchase_id: int | None,
                      at: str, points: int, actor: str) -> int:
    return new_id(db.execute(
        "INSERT INTO reward_redemptions (reward_id, member_id, entry_id, purchase_id, at, points, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (reward_id, member_id, entry_id, purchase_id, at, points, actor)))


class Given(NamedTuple):
    """A reward given with a purchase, as its receipt prints it."""

    name: str
    points: int


def rewards_of_purchase(db: Database, purchase_id: int) -> list[Given]:
    return fetch_all(db, Given, "SELECT w.name, r.points FROM reward_redemptions r JOIN rewards w ON w.id = r.reward_id "
                                "WHERE r.purchase_id = ? ORDER BY r.id", (purchase_id,))


# --- what check proves ------------------------------------------------------------------------------

def offer_use_mismatches(db: Database) -> list[str]:
    """Offers whose use disagrees with the purchases: marked used by a purchase that names another
    coupon or member, or named by a purchase that they do not say used them."""
    return [r[0] for r in db.all(
        "SELECT o.code FROM offers o LEFT JOIN purchases p ON p.id = o.used_purchase_id "
        "WHERE o.used_purchase_id IS NOT NULL AND (p.id IS NULL OR p.coupon_code IS NOT o.code OR p.member_id <> o.member_id) "
        "UNION SELECT o.code FROM offers o JOIN purchases p ON p.coupon_code = o.code "
        "WHERE o.used_purchase_id IS NOT p.id ORDER BY 1")]


def redemption_mismatches(db: Database) -> list[int]:
    """Reward redemptions whose ledger entry is not a ``redeem`` of their points, for their member
    and purchase."""
    return [r[0] for r in db.all(
        "SELECT r.id FROM reward_redemptions r LEFT JOIN ledger l ON l.id = r.entry_id "
        "WHERE l.id IS NULL OR l.kind <> 'redeem' OR l.points <> -r.points OR l.member_id <> r.member_id "
        "OR l.purchase_id IS NOT r.purchase_id ORDER BY r.id")]
