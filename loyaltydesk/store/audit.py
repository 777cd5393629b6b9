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


def recent(db: Database, limit: int = 100, entity: str | None = None, entity_id=None):
    rows = db.all(
        "SELECT id, at, actor, role, action, entity, entity_id, before, after FROM audit_log "
        "WHERE (? IS NULL OR entity = ?) AND (? IS NULL OR entity_id = ?) ORDER BY id DESC LIMIT ?",
        (entity, entity, None if entity_id is None else str(entity_id), None if entity_id is None else str(entity_id), limit),
    )
    return [
        dict(r, before=json.loads(r["before"]) if r["before"] else None, after=json.loads(r["after"]) if r["after"] else None)
        for r in rows
    ]
