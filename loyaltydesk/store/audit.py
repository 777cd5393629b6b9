"""The audit log: who, when, what, before and after. Triggers refuse edits and deletions.

``at`` is the moment the row speaks of (the session's clock, which the owner may move with
``--now``); ``recorded_at`` is when it was really written (the session's real clock)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from loyaltydesk.domain.chain import link

from . import locks
from .db import Database


class AuditRow(NamedTuple):
    id: int
    at: str  # UTC ISO
    actor: str
    role: str
    action: str
    entity: str
    entity_id: str | None
    before: Any  # the JSON value kept (usually a dict of the changed fields), or None
    after: Any
    recorded_at: str | None = None  # when it was really written (None: before m0013)


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(db: Database, at: str, actor: str, role: str, action: str, entity: str, entity_id: object = None,
           before: object = None, after: object = None, *,
           recorded_at: str | None = None) -> int:
    """One row, chained to the one before it (``domain.chain``); ``recorded_at`` is the real time it
    is written (``at`` itself when not given)."""
    locks.chains(db)  # another till's row waits: each is chained to the newest
    last = db.one("SELECT id, chain FROM audit_log ORDER BY id DESC LIMIT 1")
    row_id, previous = (1, None) if last is None else (last[0] + 1, last[1])
    values = (row_id, at, actor, role, action, entity, None if entity_id is None else str(entity_id), _json(before),
              _json(after), at if recorded_at is None else recorded_at)
    db.execute(
        "INSERT INTO audit_log (id, at, actor, role, action, entity, entity_id, before, after, recorded_at, chain) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, link("audit_log", previous, values)))
    return row_id


def last_at(db: Database, entity: str, action: str) -> str | None:
    """When ``action`` on ``entity`` was last recorded (a walk of ``audit_log_entity`` from the newest
    entry of that entity: meant for rare kinds, such as the tier review), or None."""
    return db.value("SELECT at FROM audit_log WHERE entity = ? AND action = ? ORDER BY id DESC LIMIT 1",
                    (entity, action))


def recent(db: Database, limit: int = 100, entity: str | None = None, entity_id: object = None) -> list[AuditRow]:
    """The newest ``limit`` entries, of one ``entity`` (and ``entity_id``) when given.

    One kind of entity is a walk of ``audit_log_entity`` (entity, id) from its newest entry (m0008):
    every purchase writes an audit row, so a rare kind (tiers, settings, users) read off the whole
    log newest first would mean reading the whole log. The condition is only written when given
    (``? IS NULL OR entity = ?`` would hide the index from the planner)."""
    where: list[str] = []
    params: list[object] = []
    if entity is not None:
        where.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        params.append(str(entity_id))
    rows = db.all(
        "SELECT id, at, actor, role, action, entity, entity_id, before, after, recorded_at FROM audit_log "
        f"{'WHERE ' + ' AND '.join(where) + ' ' if where else ''}ORDER BY id DESC LIMIT ?",
        (*params, limit),
    )
    return [AuditRow(id_, at, actor, role, action, entity_, entity_id_, json.loads(before) if before else None,
                     json.loads(after) if after else None, recorded_at)
            for id_, at, actor, role, action, entity_, entity_id_, before, after, recorded_at in rows]
