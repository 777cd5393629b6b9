"""The club's schema as SQLite keeps it (``sqlite_master``), in a form two files can be compared by.

``schema_of`` reads every table, index, trigger and view a file defines (not SQLite's own
``sqlite_*`` objects, nor the indexes SQLite makes for a UNIQUE or PRIMARY KEY by itself) and
writes each definition one way: comments dropped, white space and the quoting of names
(``"x"``, ``[x]``, `` `x` ``) made uniform, keywords and names in lower case, text in quotes kept
as it is. Two definitions that differ only in layout are then equal, and any other difference
stands out. ``expected_schema`` is the schema a new club has: a club upgraded from any older
version must have exactly that.
"""

from __future__ import annotations

from .engine import sqlite3

from .db import Database
from .migrations import migrate

KINDS = ("table", "index", "trigger", "view")
_QUOTES = {'"': '"', "`": "`", "[": "]"}


def _tokens(sql: str) -> list[str]:
    """The words, names, literals and signs of ``sql``, comments and white space left out."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c.isspace():
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c == "'":  # a text literal, '' inside it: kept to the letter
            j = i + 1
            while j < n and not (sql[j] == "'" and not sql.startswith("''", j)):
                j += 2 if sql.startswith("''", j) else 1
            out.append(sql[i:j + 1])
            i = j + 1
        elif c in _QUOTES:  # a quoted name: the name itself
            close = _QUOTES[c]
            j, name = i + 1, []
            while j < n:
                if sql[j] == close:
                    if close != "]" and sql.startswith(close * 2, j):
                        name.append(close)
                        j += 2
                        continue
                    break
                name.append(sql[j])
                j += 1
            out.append("".join(name).lower())
            i = j + 1
        elif c.isalnum() or c in "_$":
            j = i
            while j < n and (sql[j].isalnum() or sql[j] in "_$"):
                j += 1
            out.append(sql[i:j].lower())
            i = j
        else:
            out.append(c)
            i += 1
    return out


def normalise(sql: str) -> str:
    """One way of writing the definition ``sql``: its tokens, lower case, one space apart."""
    return " ".join(_tokens(sql))


def schema_of(conn: sqlite3.Connection) -> dict[str, str]:
    """``"kind name"`` -> the normalised definition, for every table, index, trigger and view of
    the database ``conn`` is open on."""
    rows = conn.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ({', '.join('?' * len(KINDS))}) "
        "AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name", KINDS)
    return {f"{kind} {name}": normalise(sql) for kind, name, sql in rows}


def expected_schema() -> dict[str, str]:
    """The schema of a new club of this version (made in memory by the migrations)."""
    db = Database(":memory:")
    try:
        migrate(db)
        return schema_of(db.conn)
    finally:
        db.close()


def differences(found: dict[str, str], expected: dict[str, str]) -> list[str]:
    """What ``found`` has that ``expected`` lacks or defines otherwise, and the reverse, as lines
    (``"missing index x"``, ``"extra table y"``, ``"different trigger z"``); [] when they agree."""
    out = [f"missing {key}" for key in expected if key not in found]
    out += [f"extra {key}" for key in found if key not in expected]
    out += [f"different {key}" for key in expected if key in found and found[key] != expected[key]]
    return out
