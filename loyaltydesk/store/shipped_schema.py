"""The schema each shipped version of LoyaltyDesk wrote, and the schema of a file read without
trusting it: a club file from elsewhere (a backup to restore) must have exactly the schema of the
migration step it says it has reached, or it is refused before anything is replaced.

A step's schema is made, not stored: a new club in memory, migrated up to that step by the same
frozen steps (``migrations.py``), whose result ``tests/store/test_schema.py`` proves equal to the
clubs each earlier runner wrote (``tests/fixtures``). Only the record of the steps is left out
(``_sqlite_migrations`` now, ``_migrations`` in clubs of the earlier runner)."""

from __future__ import annotations

from .engine import connect
from functools import cache
from pathlib import Path

from .db import Database
from .migrations import migrate, shipped
from .schema import differences, schema_of

RECORDS = frozenset({"table _migrations", "table _sqlite_migrations", "index idx__sqlite_migrations_migration_set_name"})


def _without_records(schema: dict[str, str]) -> dict[str, str]:
    return {key: sql for key, sql in schema.items() if key not in RECORDS}


@cache
def schema_at(step: str) -> dict[str, str]:
    """The schema of a club migrated up to ``step`` (a shipped step's name), the record left out."""
    names = shipped()
    following = names[names.index(step) + 1] if names.index(step) + 1 < len(names) else None
    db = Database(":memory:")
    try:
        migrate(db, stop_before=following)
        return _without_records(schema_of(db.conn))
    finally:
        db.close()


def file_differences(path: Path, steps: list[str], key: bytes | None = None) -> list[str]:
    """What the club file at ``path`` (a working copy, already found to be a club whose ``steps``
    are all shipped ones) defines otherwise than the schema of its last step: ``extra trigger x``,
    ``missing trigger y``, ``different view z``; [] when it is exactly that. The file is read with
    ``trusted_schema`` off, and only ``sqlite_master`` is read: nothing in it runs."""
    conn = connect(path, key)  # the caller's own working copy (a WAL file may need its -shm made; ``key``: kept encrypted)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        found = _without_records(schema_of(conn))
    finally:
        conn.close()
    expected = schema_at(steps[-1])
    if steps != shipped()[:len(steps)]:  # steps skipped or out of order: no version ever wrote that
        return [f"the steps {', '.join(steps)}"] + differences(found, expected)
    return differences(found, expected)
