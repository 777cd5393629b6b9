"""Campaigns (m0016): their definitions, running totals and per-member counters, and their ledger entries."""

from __future__ import annotations

import json
from .engine import sqlite3
from collections.abc import Iterable
from typing import Any, NamedTuple

from loyaltydesk.domain.campaigns import Campaign, Standing, Target, format_hours, parse_hours

from .db import Database
from .rows import new_id

DEFINITION = ("name", "start_at", "end_at", "weekdays", "hours", "tier_ids", "segment", "birthday_month",
              "joined_from", "joined_to", "multiplier_pct", "bonus", "nth_visit", "spend_target", "min_purchase",
              "per_member_limit", "budget", "stacking")
COLUMNS = ", ".join(("id", *DEFINITION, "ended_at"))
STACKING_KEY = "campaign_stacking"  # the club's stacking, in the settings table (not one of ClubSettings')


class Totals(NamedTuple):
    campaign_id: int
    points: int  # given, less what refunds took back
    uses: int  # purchases it gave points to
    members: int  # members it counted a visit of
    reached: int  # members it gave points to


class Given(NamedTuple):
    """One campaign entry of a purchase."""

    id: int
    member_id: int
    points: int
    campaign_id: int


def _campaign(row: Any) -> Campaign:
    (cid, name, start_at, end_at, weekdays, hours, tier_ids, segment, birthday_month, joined_from, joined_to,
     multiplier_pct, bonus, nth_visit, spend_target, min_purchase, per_member_limit, budget, stacking, ended_at) = row
    return Campaign(
        id=cid, name=name, start_at=start_at, end_at=end_at,
        weekdays=tuple(w for w in weekdays.split(",") if w), hours=parse_hours(hours) if hours else None,
        target=Target(tuple(int(t) for t in tier_ids.split(",") if t), segment, birthday_month, joined_from, joined_to),
        multiplier_pct=multiplier_pct, bonus=bonus, nth_visit=nth_visit, spend_target=spend_target,
        min_purchase=min_purchase, per_member_limit=per_member_limit, budget=budget, stacking=stacking,
        ended_at=ended_at,
    )


def _values(c: Campaign) -> tuple:
    t = c.target
    return (c.name.strip(), c.start_at, c.end_at, ",".join(c.weekdays), format_hours(c.hours),
            ",".join(str(i) for i in t.tier_ids), t.segment, t.birthday_month, t.joined_from, t.joined_to,
            c.multiplier_pct, c.bonus, c.nth_visit, c.spend_target, c.min_purchase, c.per_member_limit, c.budget,
            c.stacking)


def all_campaigns(db: Database) -> list[Campaign]:
    return [_campaign(r) for r in db.all(f"SELECT {COLUMNS} FROM campaigns ORDER BY start_at, id")]


def by_name(db: Database, name: str) -> Campaign | None:
    # the name is the campaign's whatever its case (SQLite: the column's NOCASE; PostgreSQL: the
    # unique index of lower(name)); a handful of rows
    row = db.one(f"SELECT {COLUMNS} FROM campaigns WHERE lower(name) = lower(?)", (name.strip(),))
    return _campaign(row) if row else None


def running(db: Database) -> tuple[Campaign, ...]:
    """The campaigns not ended early, kept on the connection until any campaign, setting or tier
    changes (``config_token``, whose triggers m0016 extends to the campaigns): a purchase reads
    one token, not the table."""
    return _kept(db)[0]


def running_and_stacking(db: Database) -> tuple[tuple[Campaign, ...], str]:
    """``running`` and the club's stacking (a setting: the same token keeps it)."""
    return _kept(db)


def _kept(db: Database) -> tuple[tuple[Campaign, ...], str]:
    try:
        token = db.config_token()
    except sqlite3.OperationalError:
        token = None
    kept = db.memo.get("campaigns")
    if token is None or kept is None or kept[0] != token:
        rows = db.all(f"SELECT {COLUMNS} FROM campaigns WHERE ended_at IS NULL ORDER BY id")
        kept = db.memo["campaigns"] = (token, (tuple(_campaign(r) for r in rows), club_stacking(db)))
    return kept[1]


def insert(db: Database, c: Campaign, created_at: str, actor: str) -> int:
    names = ", ".join(DEFINITION)
    cid = new_id(db.execute(
        f"INSERT INTO campaigns ({names}, created_at, actor) VALUES ({', '.join('?' * (len(DEFINITION) + 2))})",
        (*_values(c), created_at, actor)))
    db.execute("INSERT INTO campaign_totals (campaign_id) VALUES (?)", (cid,))
    return cid


def update(db: Database, c: Campaign) -> None:
    sets = ", ".join(f"{n} = ?" for n in DEFINITION)
    db.execute(f"UPDATE campaigns SET {sets} WHERE id = ?", (*_values(c), c.id))


def end(db: Database, campaign_id: int, at: str) -> None:
    db.execute("UPDATE campaigns SET ended_at = ? WHERE id = ?", (at, campaign_id))


def club_stacking(db: Database) -> str:
    value = db.value("SELECT value FROM settings WHERE key = ?", (STACKING_KEY,))
    return json.loads(value) if value else "add"


def set_club_stacking(db: Database, stacking: str) -> None:
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               (STACKING_KEY, json.dumps(stacking)))


def standings(db: Database, member_id: int, campaign_ids: Iterable[int]) -> dict[int, Standing]:
    """The member's counters in each of these campaigns (one primary-key read each)."""
    out = {}
    for cid in campaign_ids:
        row = db.one("SELECT uses, visits, spend FROM campaign_members WHERE campaign_id = ? AND member_id = ?",
                     (cid, member_id))
        if row is not None:
            out[cid] = Standing(*row)
    return out


def budgets_left(db: Database, campaigns: Iterable[Campaign]) -> dict[int, int | None]:
    out: dict[int, int | None] = {}
    for c in campaigns:
        if c.budget is None:
            out[c.id] = None
        else:
            spent = db.value("SELECT points FROM campaign_totals WHERE campaign_id = ?", (c.id,)) or 0
            out[c.id] = max(0, c.budget - spent)
    return out


def count(db: Database, campaign_id: int, member_id: int, gross: int, points: int) -> None:
    """One qualifying purchase: a visit and its spend, and a use when it gave points."""
    use = 1 if points > 0 else 0
    db.execute(
        "INSERT INTO campaign_members (campaign_id, member_id, uses, visits, spend, points) VALUES (?, ?, ?, 1, ?, ?) "
        "ON CONFLICT (campaign_id, member_id) DO UPDATE SET uses = campaign_members.uses + excluded.uses, "
        "visits = campaign_members.visits + 1, spend = campaign_members.spend + excluded.spend, "
        "points = campaign_members.points + excluded.points",  # the table named: PostgreSQL asks which uses
        (campaign_id, member_id, use, gross, points))
    if points:
        db.execute("UPDATE campaign_totals SET points = points + ?, uses = uses + ? WHERE campaign_id = ?",
                   (points, use, campaign_id))


def take_back(db: Database, campaign_id: int, member_id: int, spend: int, points: int) -> None:
    """A refund: the spend returned leaves the member's spend in the campaign, the points taken back
    return to its budget (visits and uses stay: the visit happened)."""
    db.execute("UPDATE campaign_members SET spend = max(0, spend - ?), points = points - ? "
               "WHERE campaign_id = ? AND member_id = ?", (spend, points, campaign_id, member_id))
    db.execute("UPDATE campaign_totals SET points = points - ? WHERE campaign_id = ?", (points, campaign_id))


def bonus_key(campaign_id: int, purchase_id: int) -> str:
    return f"campaign:{campaign_id}:p{purchase_id}"


def given_for(db: Database, purchase_id: int) -> list[Given]:
    """The campaign entries a purchase wrote, oldest first."""
    return [Given(r[0], r[1], r[2], int(r[3].split(":")[1])) for r in db.all(
        "SELECT id, member_id, points, bonus_key FROM ledger WHERE purchase_id = ? AND kind = 'bonus' "
        "AND bonus_key LIKE 'campaign:%' ORDER BY id", (purchase_id,))]


def given_by_purchase(db: Database, purchase_ids: Iterable[int]) -> dict[int, tuple[tuple[str, int], ...]]:
    """Purchase id → (campaign name, points) of each campaign entry it wrote, oldest first, for the
    purchases that have any (a member's history; one read of the ledger's purchase index, one of
    the campaigns). The name is the campaign's own now (a renamed one shows its new name)."""
    ids = list(purchase_ids)
    if not ids:
        return {}
    rows = db.all(f"SELECT purchase_id, points, bonus_key FROM ledger WHERE purchase_id IN ({', '.join('?' * len(ids))}) "
                  "AND kind = 'bonus' AND bonus_key LIKE 'campaign:%' ORDER BY id", ids)
    given = [(r[0], int(r[2].split(":")[1]), r[1]) for r in rows]
    names = campaign_names(db, {cid for _, cid, _ in given})
    out: dict[int, list[tuple[str, int]]] = {}
    for pid, cid, points in given:
        out.setdefault(pid, []).append((names.get(cid, ""), points))
    return {pid: tuple(parts) for pid, parts in out.items()}


def reversed_of(db: Database, entry_id: int) -> int:
    """Points already taken back from a campaign entry (by refunds or expiry)."""
    return -(db.value("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE lot_id = ? AND points < 0", (entry_id,)) or 0)


def totals(db: Database, campaign_id: int) -> Totals:
    row = db.one("SELECT points, uses FROM campaign_totals WHERE campaign_id = ?", (campaign_id,)) or (0, 0)
    members, reached = db.one("SELECT count(*), COALESCE(SUM(uses > 0), 0) FROM campaign_members "
                              "WHERE campaign_id = ?", (campaign_id,))
    return Totals(campaign_id, row[0], row[1], members, reached)


def sales_between(db: Database, start: str, end: str) -> tuple[int, int, int]:
    """(purchases, members, net sales less refunds' money) of the whole club in ``[start, end)``."""
    row = db.one("SELECT count(*), count(DISTINCT member_id), COALESCE(SUM(net), 0) FROM purchases "
                 "WHERE at >= ? AND at < ?", (start, end))
    refunded = db.value("SELECT COALESCE(SUM(r.net_refunded), 0) FROM refunds r JOIN purchases p ON p.id = r.purchase_id "
                        "WHERE p.at >= ? AND p.at < ?", (start, end))
    return row[0], row[1], row[2] - refunded


def campaign_names(db: Database, ids: Iterable[int]) -> dict[int, str]:
    ids = list(ids)
    if not ids:
        return {}
    rows = db.all(f"SELECT id, name FROM campaigns WHERE id IN ({', '.join('?' * len(ids))})", ids)
    return {r[0]: r[1] for r in rows}

