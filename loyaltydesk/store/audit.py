"""The audit log: who, when, what, before and after. Triggers refuse edits and deletions."""

from __future__ import annotations

import json

from .db import Database


def _json(value):
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(db: Database, at, actor, role, action, entity, entity_id=None, before=None, after=None) -> int:
    return db.execute(
        "INSERT INTO audit_log (at, actor, role, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, role, action, entity, None if entity_id is None else str(entity_id), _json(before), _json(after)),
    ).lastrowid


def last_at(db: Database, entity: str, action: str) -> str | None:
    """When ``action`` on ``entity`` was last recorded (a walk of ``audit_log_entity`` from the newest
    entry of that entity: meant for rare kinds, such as the tier review), or None."""
    return db.value("SELECT at FROM audit_log WHERE entity = ? AND action = ? ORDER BY id DESC LIMIT 1",
                    (entity, action))


def recent(db: Database, limit: int = 100, entity: str | None = None, entity_id=None):
    """The newest ``limit`` entries, of one ``entity`` (and ``entity_id``) when given.

    One kind of entity is a walk of ``audit_log_entity`` (entity, id) from its newest entry (m0008):
    every purchase writes an audit row, so a rare kind (tiers, settings, users) read off the whole
    log newest first would mean reading the whole log. The condition is only written when given
    (``? IS NULL OR entity = ?`` would hide the index from the planner)."""
    where, params = [], []
    if entity is not None:
        where.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        params.append(str(entity_id))
    rows = db.all(
        "SELECT id, at, actor, role, action, entity, entity_id, before, after FROM audit_log "
        f"{'WHERE ' + ' AND '.join(where) + ' ' if where else ''}ORDER BY id DESC LIMIT ?",
        (*params, limit),
    )
    return [
        dict(r, before=json.loads(r["before"]) if r["before"] else None, after=json.loads(r["after"]) if r["after"] else None)
        for r in rows
    ]
