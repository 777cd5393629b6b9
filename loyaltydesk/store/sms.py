"""The text messages' outbox (``sms_outbox``) and its append-only trail (``sms_events``), m0019.

Every message is a row before anything is sent; ``dedupe_key`` makes one message per occasion (a
second queueing of the same key writes nothing). The settings of the messages live in the
settings table under ``sms_*`` keys (``domain.sms.SmsSettings``).
"""

from __future__ import annotations

import json
import secrets
from typing import Any, NamedTuple

from loyaltydesk.domain.sms import SmsSettings

from .club import kept
from .db import Database
from .rows import columns, fetch_all, fetch_one


class Message(NamedTuple):
    id: int
    member_id: int | None
    mobile: str
    kind: str  # a domain.sms.Kind value
    template: str  # the occasion
    body: str
    parts: int
    not_before: str
    expires_at: str
    state: str  # a domain.sms.State value
    attempts: int
    next_attempt: str
    provider_id: str | None
    local_id: str
    error: str
    campaign: str | None
    dedupe_key: str
    created_at: str
    sent_at: str | None


class Event(NamedTuple):
    id: int
    message_id: int
    at: str
    event: str
    detail: str


MESSAGE_COLUMNS = columns(Message)
EVENT_COLUMNS = columns(Event)


def new_local_id() -> str:
    """Our id for a message at the provider: 18 random digits (a number, as Kavenegar takes it), so
    that a club restored from a backup or a second club on the same account never meets an old one."""
    return str(10**17 + secrets.randbelow(9 * 10**17))


def insert(db: Database, *, member_id: int | None, mobile: str, kind: str, template: str, body: str, parts: int,
           not_before: str, expires_at: str, dedupe_key: str, created_at: str, campaign: str | None = None) -> int | None:
    """Queue one message; None (and nothing written) when its ``dedupe_key`` was queued before."""
    cursor = db.execute(
        "INSERT INTO sms_outbox (member_id, mobile, kind, template, body, parts, not_before, expires_at, state, "
        "next_attempt, local_id, campaign, dedupe_key, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING",
        (member_id, mobile, kind, template, body, parts, not_before, expires_at, not_before, new_local_id(), campaign,
         dedupe_key, created_at),
    )
    if cursor.rowcount != 1:
        return None
    message_id = cursor.lastrowid
    assert message_id is not None
    add_event(db, message_id, created_at, "queued", "")
    return message_id


def add_event(db: Database, message_id: int, at: str, event: str, detail: str = "") -> None:
    db.execute("INSERT INTO sms_events (message_id, at, event, detail) VALUES (?, ?, ?, ?)",
               (message_id, at, event, detail))


def update(db: Database, message_id: int, **fields: object) -> None:
    """Set the named columns of one message (names come from the services, never from input)."""
    allowed = {"state", "attempts", "next_attempt", "provider_id", "error", "sent_at", "expires_at"}
    assert set(fields) <= allowed, set(fields) - allowed
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE sms_outbox SET {sets} WHERE id = ?", (*fields.values(), message_id))


def message(db: Database, message_id: int) -> Message | None:
    return fetch_one(db, Message, f"SELECT {MESSAGE_COLUMNS} FROM sms_outbox WHERE id = ?", (message_id,))


def by_dedupe_key(db: Database, key: str) -> Message | None:
    return fetch_one(db, Message, f"SELECT {MESSAGE_COLUMNS} FROM sms_outbox WHERE dedupe_key = ?", (key,))


def due(db: Database, now: str, limit: int) -> list[Message]:
    """Messages to send or to look up now (``queued`` or ``sending`` whose next attempt has come),
    those left ``sending`` first (a run cut off), then in the order they were queued."""
    return fetch_all(
        db, Message,
        f"SELECT {MESSAGE_COLUMNS} FROM sms_outbox WHERE state IN ('sending', 'queued') AND next_attempt <= ? "
        "ORDER BY state = 'queued', next_attempt, id LIMIT ?", (now, limit))


def to_poll(db: Database, now: str, since: str, limit: int) -> list[Message]:
    """Sent messages whose delivery is still unknown, sent after ``since`` (the provider's window),
    whose next look is due."""
    return fetch_all(
        db, Message,
        f"SELECT {MESSAGE_COLUMNS} FROM sms_outbox WHERE state = 'sent' AND next_attempt <= ? AND sent_at >= ? "
        "ORDER BY next_attempt, id LIMIT ?", (now, since, limit))


def outbox(db: Database, state: str | None = None, limit: int = 200, member_id: int | None = None) -> list[Message]:
    """The newest messages first, of one state or all."""
    where: list[str] = []
    params: list[object] = []
    if state:
        where.append("state = ?")
        params.append(state)
    if member_id is not None:
        where.append("member_id = ?")
        params.append(member_id)
    sql = f"SELECT {MESSAGE_COLUMNS} FROM sms_outbox"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return fetch_all(db, Message, sql + " ORDER BY id DESC LIMIT ?", (*params, limit))


def events(db: Database, message_id: int) -> list[Event]:
    return fetch_all(db, Event, f"SELECT {EVENT_COLUMNS} FROM sms_events WHERE message_id = ? ORDER BY id",
                     (message_id,))


def counts(db: Database) -> dict[str, int]:
    return {row[0]: row[1] for row in db.all("SELECT state, count(*) FROM sms_outbox GROUP BY state")}


def waiting_promotional(db: Database, member_id: int) -> list[Message]:
    """A member's promotional messages not yet handed to the provider (cancelled at an opt-out)."""
    return fetch_all(db, Message, f"SELECT {MESSAGE_COLUMNS} FROM sms_outbox WHERE member_id = ? "
                     "AND kind = 'promotional' AND state = 'queued'", (member_id,))


# --- the settings of the messages -----------------------------------------------------------------

def _read_sms_settings(db: Database) -> SmsSettings:
    rows = db.all("SELECT key, value FROM settings WHERE key LIKE 'sms!_%' ESCAPE '!'")
    return SmsSettings.from_stored({key: json.loads(value) for key, value in rows})


def sms_settings(db: Database) -> SmsSettings:
    """The messages' settings, kept on the connection until the settings change (every purchase
    asks whether to queue a receipt: one look at the config token, not a read of the table)."""
    return kept(db, "sms_settings", _read_sms_settings)


def put_sms_settings(db: Database, values: dict[str, Any]) -> None:
    db.conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
    )


class Expiring(NamedTuple):
    member_id: int
    points: int  # what expires in the span
    first: str  # the first of those lots' expiry (UTC ISO)


def expiring_between(db: Database, after: str, until: str, limit: int, after_member: int = 0) -> list[Expiring]:
    """Members (id above ``after_member``) with points that expire after ``after`` and at or before
    ``until``, in id order: one range of ``point_lots_expiry``, summed per member."""
    return fetch_all(
        db, Expiring,
        "SELECT member_id, SUM(remaining), MIN(expires_at) FROM point_lots "
        "WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at > ? AND expires_at <= ? AND member_id > ? "
        "GROUP BY member_id ORDER BY member_id LIMIT ?", (after, until, after_member, limit))


def consenting_members(db: Database, after_id: int, limit: int, tier_id: int | None = None) -> list[int]:
    """Active members who agreed to messages, id above ``after_id``, in id order (optionally of one tier)."""
    sql = "SELECT id FROM members WHERE id > ? AND sms_consent = 1 AND status = 'active'"
    params: list[object] = [after_id]
    if tier_id is not None:
        sql += " AND tier_id = ?"
        params.append(tier_id)
    return [row[0] for row in db.all(sql + " ORDER BY id LIMIT ?", (*params, limit))]
