"""Surveys with their CSAT answers, follow-up items (detractors, complaints, returns) and their trail."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from loyaltydesk.domain.ids import is_row_id

from .db import Database
from .rows import columns, fetch_all, fetch_one


class Survey(NamedTuple):
    id: int
    member_id: int
    purchase_id: int | None
    at: str
    nps: int
    comment: str
    channel: str  # kiosk, counter, cli
    actor: str


class FollowUpRow(NamedTuple):
    """A follow-up item with its member's card, name and mobile and its survey's NPS and comment."""

    id: int
    source: str
    member_id: int | None
    survey_id: int | None
    purchase_id: int | None
    refund_id: int | None
    category: str | None
    description: str | None
    status: str
    resolution: str | None
    opened_at: str
    opened_by: str
    updated_at: str
    resolved_at: str | None
    resolved_by: str | None
    card: str | None
    first_name: str | None
    last_name: str | None
    mobile: str | None
    nps: int | None
    comment: str | None


class FollowUpStep(NamedTuple):
    id: int
    at: str
    actor: str
    status: str
    note: str

ASPECTS_KEY = "survey_aspects"


def aspects(db: Database) -> list[str] | None:
    """The aspects the owner chose, or None when never set."""
    value = db.value("SELECT value FROM settings WHERE key = ?", (ASPECTS_KEY,))
    return None if value is None else json.loads(value)


def put_aspects(db: Database, names: Iterable[str]) -> None:
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
               (ASPECTS_KEY, json.dumps(list(names), ensure_ascii=False)))


def insert_survey(db: Database, member_id: int, purchase_id: int | None, at: str, nps: int, comment: str, channel: str,
                  actor: str, stars: Iterable[tuple[str, int]]) -> int:
    survey_id = db.insert("surveys", {"member_id": member_id, "purchase_id": purchase_id, "at": at, "nps": nps,
                                      "comment": comment, "channel": channel, "actor": actor})
    db.conn.executemany("INSERT INTO survey_answers (survey_id, aspect, stars, at) VALUES (?, ?, ?, ?)",
                        [(survey_id, aspect, n, at) for aspect, n in stars])
    return survey_id


def survey_of_purchase(db: Database, purchase_id: int) -> int | None:
    """The survey answered about a purchase, or None."""
    return db.value("SELECT id FROM surveys WHERE purchase_id = ?", (purchase_id,))


def get_survey(db: Database, survey_id: int) -> Survey | None:
    if not is_row_id(survey_id):  # 0, -1, 2**63: no survey has it (and SQLite cannot take 2**63)
        return None
    return fetch_one(db, Survey, f"SELECT {columns(Survey)} FROM surveys WHERE id = ?", (survey_id,))


def stars_of(db: Database, survey_id: int) -> dict[str, int]:
    """A survey's stars by aspect, in the aspects' order."""
    return {aspect: stars for aspect, stars in db.all(
        "SELECT aspect, stars FROM survey_answers WHERE survey_id = ? ORDER BY aspect", (survey_id,))}


def surveys_of_member(db: Database, member_id: int, limit: int = 50) -> list[Survey]:
    return fetch_all(db, Survey, f"SELECT {columns(Survey)} FROM surveys WHERE member_id = ? "
                                 "ORDER BY at DESC, id DESC LIMIT ?", (member_id, limit))


# --- follow-ups ---------------------------------------------------------------------------------

FOLLOWUP_COLUMNS = (
    f"{columns(FollowUpRow._fields[:15], 'f.')}, {columns(FollowUpRow._fields[15:19], 'm.')}, "
    f"{columns(FollowUpRow._fields[19:], 's.')}"
)
_FROM = ("FROM followups f LEFT JOIN members m ON m.id = f.member_id "
         "LEFT JOIN surveys s ON s.id = f.survey_id")


def insert_followup(db: Database, fields: dict[str, Any], note: str) -> int:
    item_id = db.insert("followups", {**fields, "status": "open", "updated_at": fields["opened_at"]})
    add_step(db, item_id, fields["opened_at"], fields["opened_by"], "open", note)
    return item_id


def add_step(db: Database, item_id: int, at: str, actor: str, status: str, note: str) -> int:
    return db.insert("followup_steps", {"followup_id": item_id, "at": at, "actor": actor, "status": status,
                                         "note": note})


def set_status(db: Database, item_id: int, status: str, at: str, actor: str, resolution: str | None = None) -> None:
    if status == "resolved":
        db.execute("UPDATE followups SET status = 'resolved', updated_at = ?, resolved_at = ?, resolved_by = ?, "
                   "resolution = ? WHERE id = ?", (at, at, actor, resolution, item_id))
    else:
        db.execute("UPDATE followups SET status = ?, updated_at = ? WHERE id = ?", (status, at, item_id))


def get_followup(db: Database, item_id: int) -> FollowUpRow | None:
    if not is_row_id(item_id):
        return None
    return fetch_one(db, FollowUpRow, f"SELECT {FOLLOWUP_COLUMNS} {_FROM} WHERE f.id = ?", (item_id,))


# status -> its order in the list; open and contacted items follow ``followups_status``
# (status, opened_at, then id) and stop at the limit, instead of all of them sorted for a screenful.
_LIST_ORDER = (("open", "f.opened_at, f.id"), ("contacted", "f.opened_at, f.id"),
               ("resolved", "f.resolved_at DESC, f.id"))


def list_followups(db: Database, statuses: Collection[str], source: str | None, limit: int) -> list[FollowUpRow]:
    """Open items first (oldest first: they have waited longest), then contacted, then resolved
    (newest first): one walk per status, as far as ``limit`` still needs."""
    rows: list[FollowUpRow] = []
    for status, order in _LIST_ORDER:
        left = limit - len(rows) if limit >= 0 else -1  # a negative limit: no limit, as in SQL
        if status not in statuses or left == 0:
            continue
        rows += fetch_all(db, FollowUpRow,
                          f"SELECT {FOLLOWUP_COLUMNS} {_FROM} WHERE f.status = ? AND (CAST(? AS TEXT) IS NULL OR f.source = ?) "
                          f"ORDER BY {order} LIMIT ?", (status, source, source, left))
    return rows


def steps_of(db: Database, item_id: int) -> list[FollowUpStep]:
    return fetch_all(db, FollowUpStep,
                     f"SELECT {columns(FollowUpStep)} FROM followup_steps WHERE followup_id = ? ORDER BY id", (item_id,))


def followup_counts(db: Database) -> dict[str, int]:
    return {r[0]: r[1] for r in db.all("SELECT status, count(*) FROM followups GROUP BY status")}


def status_trail_mismatches(db: Database) -> list[int]:
    """Follow-ups whose status is not that of their latest step."""
    return [r[0] for r in db.all(
        "SELECT id FROM (SELECT f.id, f.status, (SELECT status FROM followup_steps WHERE followup_id = f.id "
        "ORDER BY id DESC LIMIT 1) AS last FROM followups f) AS t WHERE last IS NOT status")]


def detractors_without_followup(db: Database) -> list[int]:
    """Surveys of a detractor (NPS 0-6) that opened no follow-up item."""
    return [r[0] for r in db.all("SELECT s.id FROM surveys s LEFT JOIN followups f ON f.survey_id = s.id "
                                 "WHERE s.nps <= 6 AND f.id IS NULL")]


def answer_moment_mismatches(db: Database) -> list[int]:
    """The survey of each answer stored at another moment than its survey."""
    return [r[0] for r in db.all("SELECT a.survey_id FROM survey_answers a JOIN surveys s ON s.id = a.survey_id "
                                 "WHERE a.at <> s.at")]


def refund_purchase(db: Database, refund_id: int) -> int | None:
    """The purchase a refund belongs to, or None when there is no such refund."""
    if not is_row_id(refund_id):
        return None
    return db.value("SELECT purchase_id FROM refunds WHERE id = ?", (refund_id,))
