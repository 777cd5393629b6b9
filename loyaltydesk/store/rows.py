"""Reading typed rows. Every store function returns immutable values (NamedTuples, as Beancount's
``core/data.py`` entries), never a ``sqlite3.Row`` or a dict: nothing above the store knows a
column's name or position, and a type checker sees every field.

A row type's fields are the SELECT's columns in order (``columns`` spells them for the SQL), so
one definition is both the query's column list and the value the callers read.
"""

from __future__ import annotations

from .engine import sqlite3
from collections.abc import Iterator
from typing import Any, Callable, TypeVar

from .db import Database

T = TypeVar("T")


def columns(row_type: Any, prefix: str = "") -> str:
    """The SELECT list of ``row_type``'s fields (or of a tuple of field names), each after ``prefix``
    (a table alias and a dot)."""
    names = row_type if isinstance(row_type, tuple) else row_type._fields
    return ", ".join(prefix + name for name in names)


def new_id(cursor: sqlite3.Cursor) -> int:
    """The rowid the INSERT just run on ``cursor`` gave its row."""
    row_id = cursor.lastrowid
    assert row_id is not None  # set by every INSERT that returned
    return row_id


def fetch_one(db: Database, make: Callable[..., T], sql: str, params: Any = ()) -> T | None:
    """The first row of ``sql`` as ``make(*row)``, or None when there is none."""
    row = db.one(sql, params)
    return None if row is None else make(*row)


def fetch_all(db: Database, make: Callable[..., T], sql: str, params: Any = ()) -> list[T]:
    return [make(*row) for row in db.all(sql, params)]


def fetch_each(db: Database, make: Callable[..., T], sql: str, params: Any = ()) -> Iterator[T]:
    """The rows one at a time, as SQLite steps (a walk of the whole club never sits in memory)."""
    return (make(*row) for row in db.execute(sql, params))
