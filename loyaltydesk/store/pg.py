"""The club on a PostgreSQL server (several tills, one club): the same ``Database`` the store uses,
opened from a ``postgresql://`` URL through psycopg 3.

Every store module writes its SQL once, as SQLite reads it (``?`` and ``:name`` placeholders);
this module is the one place where it is made PostgreSQL's (``translate``, once per statement
text, cached):
- placeholders ``?`` -> ``%s`` and ``:name`` -> ``%(name)s`` (not ``::type`` casts), every other
  ``%`` doubled;
- ``a IS b`` / ``a IS NOT b`` between values -> ``IS [NOT] DISTINCT FROM`` (``IS [NOT] NULL``,
  ``TRUE``, ``FALSE`` stay);
- SQLite's planner hints (``NOT INDEXED``, ``INDEXED BY name``) are dropped: PostgreSQL's
  planner keeps statistics of its own;
- the name search, FTS5's ``SELECT rowid FROM members_fts WHERE members_fts MATCH ?``, is the GIN
  index of the words of ``search_name`` (m0001 of ``migrations_pg``) in id order, with the same
  query text (``members.fts_query``) read by ``fts5_query``; with a ``LIMIT`` (the cashier's
  search: the first few by id) it is ``name_search(?, limit)`` (m0023), the words' prefixes kept
  in id order in a b-tree, merged and stopped at the limit;
- ``x GLOB ?`` -> ``x ~ glob_regex(?)`` (m0001's function: the same pattern as an anchored
  regular expression);
- ``LIMIT ?``: a negative limit is no limit, as on SQLite (``LIMIT NULLIF(GREATEST(?, -1), -1)``);
- a subquery in FROM or JOIN without a name gets one (PostgreSQL 15 asks for it);
- SQLite's unary ``+`` that keeps a column off its index (``AND +m.status = ?``) is dropped;
- SQLite's scalar ``max(a, b)``/``min(a, b)`` -> ``GREATEST``/``LEAST`` (of the arguments' common
  type), ``julianday(t)`` of an ISO text -> its Julian day number from the text as a timestamp;
- ``rowid`` -> ``id`` (every table the store reads a rowid of has its key in ``id``, which SQLite's
  rowid is);
- an INSERT into a table whose key is an ``id`` gets ``RETURNING id``: the cursor's
  ``lastrowid`` as SQLite gives it (``rows.new_id``, ``Database.insert``).
The schema itself is written per engine (``migrations_pg``), never translated.

Values come back as SQLite's do: ``numeric`` (PostgreSQL's ``sum`` of integers) as ``int`` when
whole, else ``float``; a row is a tuple that is also read by column name, as ``sqlite3.Row``.

The connection does no statement-level autocommit of its own: every write is inside
``transaction()``, one server transaction (``BEGIN`` ... ``COMMIT``), a nested one a savepoint.
Reads outside a transaction run on their own (psycopg's autocommit mode) so that an idle till
never holds a transaction open on the server. A till that loses the server gets
``ServerUnreachable`` (nothing of the transaction is saved) and reconnects by itself at its next
transaction or read.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import ExecStatus
from psycopg.types.numeric import NumericLoader

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .db import DatabaseBusy, Database, DiskFull, StorageFault
from .server_url import SCHEMES, is_url, shown  # noqa: F401 - the names this module always had

class ServerUnreachable(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club's server cannot be reached ({detail}): the purchase or change was NOT registered. "
        "Check the network cable or Wi-Fi and that the server computer is on; this till reconnects by itself, "
        "then do it again."
    )


class ServerPasswordNeeded(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club's server asks for the password of its user {user}: type the server password.")


class ServerPasswordWrong(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club's server refused the user {user} or its password: check both (they are the "
        "server's, given when it was set up, not a user of the club).")


class NoSuchServerDatabase(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The server has no database named {database}: check its name (the one given to "
        "loyaltydesk server init).")


def connect_fault(error: BaseException, url: str) -> StorageFault:
    """The clear error for a connection the server (or the way to it) refused. libpq gives no
    SQLSTATE for these: its message (the server's is English unless its lc_messages says
    otherwise) tells the password asked for, the password or user refused, the database missing;
    anything else is the server not reached."""
    from urllib.parse import unquote, urlsplit

    text = str(error)
    parts = urlsplit(url)
    user = unquote(parts.username or "")
    if "no password supplied" in text:
        return ServerPasswordNeeded(user=user)
    if "password authentication failed" in text or re.search(r'role "[^"]*" does not exist', text):
        return ServerPasswordWrong(user=user)
    found = re.search(r'database "([^"]*)" does not exist', text)
    if found:
        return NoSuchServerDatabase(database=found.group(1))
    return ServerUnreachable(detail=_first_line(error))


# --- the one translation of the store's SQL ------------------------------------------------------

class Statement(NamedTuple):
    text: str  # PostgreSQL's
    insert_into: str | None  # the table an INSERT writes (RETURNING id is added when it has an id)
    numbered: bool = False  # ``?1``, ``?2``: the parameters given as a sequence are read by number


_IS = re.compile(r"\bIS(\s+NOT)?\s+(?!NOT\b|NULL\b|TRUE\b|FALSE\b|DISTINCT\b|UNKNOWN\b)", re.IGNORECASE)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?", re.IGNORECASE)


_HINT = re.compile(r"\b(?:NOT\s+INDEXED|INDEXED\s+BY\s+\w+)", re.IGNORECASE)
_FTS = re.compile(r"SELECT\s+rowid\s+FROM\s+members_fts\s+WHERE\s+members_fts\s+MATCH\s+%s", re.IGNORECASE)
_FTS_LIMITED = re.compile(_FTS.pattern + r"\s+LIMIT\s+(%s|%\(\w+\)s)", re.IGNORECASE)
_GLOB = re.compile(r"(\bNOT\s+)?\bGLOB\s+%s", re.IGNORECASE)
_LIMIT = re.compile(r"\bLIMIT\s+(%s|%\(\w+\)s)", re.IGNORECASE)
_OFFSET = re.compile(r"\bOFFSET\s+(%s|%\(\w+\)s)", re.IGNORECASE)  # SQLite's negative OFFSET: none
_NO_LIMIT = re.compile(r"\bLIMIT\s+-1\b", re.IGNORECASE)  # SQLite's LIMIT -1: no limit (a subquery kept whole)
_UNARY_PLUS = re.compile(r"(\b(?:AND|OR|WHERE|ON|BY|NOT|WHEN|THEN|ELSE|SELECT)\s+|[(,=<>]\s*)\+(?=[A-Za-z_])",
                         re.IGNORECASE)
_ROWID = re.compile(r"\browid\b", re.IGNORECASE)
NAME_SEARCH = "SELECT id FROM members WHERE to_tsvector('simple', search_name) @@ fts5_query(%s) ORDER BY id"
NAME_SEARCH_LIMITED = r"SELECT name_search(%s, \1)"


def _outside(code: str) -> str:
    """The changes made to SQL outside quotes and comments."""
    code = _IS.sub(lambda m: "IS NOT DISTINCT FROM " if m.group(1) is None else "IS DISTINCT FROM ", code)
    code = _HINT.sub("", code)
    code = _FTS_LIMITED.sub(NAME_SEARCH_LIMITED, code)
    code = _FTS.sub(NAME_SEARCH, code)
    code = _GLOB.sub(lambda m: ("!~" if m.group(1) else "~") + " glob_regex(%s)", code)
    code = _NO_LIMIT.sub("LIMIT ALL", code)
    code = _OFFSET.sub(lambda m: f"OFFSET GREATEST({m.group(1)}, 0)", code)
    code = _LIMIT.sub(lambda m: f"LIMIT NULLIF(GREATEST({m.group(1)}, -1), -1)", code)
    code = _UNARY_PLUS.sub(r"\1", code)
    return _ROWID.sub("id", code)


_CALL = re.compile(r"\b(max|min|julianday)\s*\(", re.IGNORECASE)


def _quote_end(text: str, i: int) -> int:
    """The index of the quote that closes the literal or quoted name opening at ``text[i]`` (a
    doubled quote inside is part of it); ``len(text)`` when it never closes."""
    c, j, n = text[i], i + 1, len(text)
    while j < n and not (text[j] == c and not text.startswith(c * 2, j)):
        j += 2 if text.startswith(c * 2, j) else 1
    return j


def _closing(text: str, start: int) -> tuple[int, list[str]]:
    """From just after an opening parenthesis: the index of its closing one and the arguments
    between (split at the commas of that level; quotes skipped)."""
    depth, i, n, args, begun = 0, start, len(text), [], start
    while i < n:
        c = text[i]
        if c in "'\"":
            j = _quote_end(text, i)
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                args.append(text[begun:i])
                return i, args
            depth -= 1
        elif c == "," and depth == 0:
            args.append(text[begun:i])
            begun = i + 1
        i += 1
    return -1, args


def _calls(text: str) -> str:
    """SQLite's scalar functions PostgreSQL names otherwise: ``max(a, b)``/``min(a, b)`` (two or
    more arguments; the one-argument aggregates stay) -> ``GREATEST``/``LEAST``, and
    ``julianday(t)`` -> the days since the Julian epoch of the ISO text ``t``."""
    quoted = [q.span() for q in re.finditer(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", text)]
    out, i = [], 0
    for m in _CALL.finditer(text):
        if m.start() < i or any(a <= m.start() < b for a, b in quoted):
            continue
        end, args = _closing(text, m.end())
        if end < 0:
            break
        name = m.group(1).lower()
        inner = [_calls(a) for a in args]
        if name == "julianday" and len(inner) == 1:
            call = f"(EXTRACT(EPOCH FROM CAST({inner[0].strip()} AS timestamptz)) / 86400.0 + 2440587.5)"
        elif name in ("max", "min") and len(inner) > 1:
            call = ("GREATEST(" if name == "max" else "LEAST(") + ",".join(inner) + ")"
        else:
            call = text[m.start():m.end()] + ",".join(inner) + ")"
        out.append(text[i:m.start()] + call)
        i = end + 1
    out.append(text[i:])
    return "".join(out)


_NOT_A_NAME = {"where", "group", "order", "limit", "union", "join", "left", "inner", "on", "having", "cross",
               "except", "intersect", "window", "offset", "right", "full", "natural", "using", ""}


def _name_subqueries(text: str) -> str:
    """``FROM (SELECT ...)`` / ``JOIN (SELECT ...)`` without a name after it: named ``AS _qN``."""
    out: list[str] = []
    stack: list[bool] = []  # per open parenthesis: whether it opens a subquery in FROM/JOIN
    i, n, named = 0, len(text), 0
    while i < n:
        c = text[i]
        if c in "'\"":
            j = _quote_end(text, i)
            out.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            before = re.search(r"(\w+)\s*$", text[:i])
            after = re.match(r"\s*(\w+)", text[i + 1:])
            stack.append(bool(before and after and before.group(1).lower() in ("from", "join")
                              and after.group(1).lower() == "select"))
        elif c == ")" and stack and stack.pop():
            following = re.match(r"\s*(\w*)", text[i + 1:])
            word = following.group(1).lower() if following else ""
            if word in _NOT_A_NAME:
                named += 1
                out.append(f") AS _q{named}")
                i += 1
                continue
        out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def translate(sql: str) -> Statement:
    """``sql`` as the store writes it (SQLite's) -> PostgreSQL's (see the module's text)."""
    out: list[str] = []
    numbered = False
    code: list[str] = []  # the run of text outside quotes, changed as a whole (``_outside``)
    i, n = 0, len(sql)

    def flush() -> None:
        if code:
            out.append(_outside("".join(code)))
            code.clear()

    while i < n:
        c = sql[i]
        if c in "'\"":  # a literal or a quoted name, kept (its % doubled)
            flush()
            j = _quote_end(sql, i)
            out.append(sql[i:j + 1].replace("%", "%%"))
            i = j + 1
        elif sql.startswith("--", i):
            flush()
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif c == "?" and i + 1 < n and sql[i + 1].isdigit():  # ?NNN: the NNNth parameter, as often as written
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            code.append(f"%(p{sql[i + 1:j]})s")
            numbered = True
            i = j
        elif c == "?":
            code.append("%s")
            i += 1
        elif c == "%":
            code.append("%%")
            i += 1
        elif c == ":" and sql.startswith("::", i):
            code.append("::")
            i += 2
        elif c == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            code.append(f"%({sql[i + 1:j]})s")
            i = j
        else:
            code.append(c)
            i += 1
    flush()
    text = _name_subqueries(_calls("".join(out)))
    m = _INSERT.match(sql)
    insert_into = m.group(1).lower() if m and not re.search(r"\bRETURNING\b", sql, re.IGNORECASE) else None
    return Statement(text, insert_into, numbered)


class _WholeOrFloat(NumericLoader):
    """``numeric`` as SQLite gives a number: an ``int`` when whole (a ``sum`` of integers), else ``float``."""

    def load(self, data: Any) -> Any:
        value: Any = super().load(data)
        if isinstance(value, Decimal) and value.is_finite():
            return int(value) if value == value.to_integral_value() else float(value)
        return value


class Row(tuple):
    """A row: a tuple (the store reads by position) also read by column name, as ``sqlite3.Row``."""

    __slots__ = ()
    _names: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


@lru_cache(maxsize=1024)
def _row_type(names: tuple[str, ...]) -> type:
    return type("Row", (Row,), {"__slots__": (), "_names": {name: i for i, name in enumerate(names)}})


def _rows(cursor: Any) -> Any:
    """psycopg's row factory: each row a ``Row`` of the statement's columns, named from the result's
    own field names (``cursor.description`` makes a ``Column`` of each, with its type looked up:
    ~6 µs a column, 0.1 ms for a look-up of members' 20 columns, on every statement)."""
    result = cursor.pgresult
    if result is None or not result.nfields:
        return tuple
    names = [result.fname(i) for i in range(result.nfields)]
    if None in names:  # no names given (a COPY's result): as psycopg describes it
        description = cursor.description
        return tuple if description is None else _row_type(tuple(column.name for column in description))
    return _row_type(tuple(name.decode() for name in names))


# --- the connection as the store uses it ---------------------------------------------------------

class Cursor:
    """A psycopg cursor with SQLite's ``lastrowid``."""

    def __init__(self, cursor: psycopg.Cursor, lastrowid: int | None = None):
        self._cursor = cursor
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self):
        return self._cursor.description

    def _returns_rows(self) -> bool:
        """Whether the statement gave rows to read (``description`` is not None, without making it)."""
        result = self._cursor.pgresult
        return (self.lastrowid is None and result is not None
                and bool(result.nfields or result.status in (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE)))

    def fetchone(self):
        return self._cursor.fetchone() if self._returns_rows() else None

    def fetchall(self) -> list:
        return self._cursor.fetchall() if self._returns_rows() else []

    def fetchmany(self, size: int = 1) -> list:
        return self._cursor.fetchmany(size) if self._returns_rows() else []

    def __iter__(self):
        return iter(self.fetchall()) if self.lastrowid is not None else iter(self._cursor)

    def close(self) -> None:
        self._cursor.close()


class Connection:
    """What ``Database.conn`` offers on PostgreSQL: ``execute``/``executemany`` of the store's SQL."""

    def __init__(self, owner: "PgDatabase"):
        self._owner = owner

    @property
    def in_transaction(self) -> bool:
        return self._owner.in_transaction

    def execute(self, sql: str, params: Any = ()) -> Cursor:
        return self._owner.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> None:
        self._owner.executemany(sql, rows)

    def close(self) -> None:
        self._owner.close()


def _params(params: Any) -> Any:
    if params is None:
        return ()
    if isinstance(params, dict):
        return params
    return tuple(params)


class PgDatabase(Database):
    """One club on a PostgreSQL server. ``transaction()`` is the only way to write."""

    engine = "postgresql"

    def __init__(self, url: str, *, connect_timeout: int = 5):
        self.url = url
        self.path = shown(url)
        self.read_only = False
        self.key = None
        self.memo: dict = {}
        self.on_unlock: list = []
        self._depth = 0
        self._lost = None
        self._tables = None
        self._checkpointer = None
        self._identity = None
        self._timeout = connect_timeout
        self._has_id: dict[str, bool] = {}
        self._raw: psycopg.Connection = self._connect()
        self.conn = Connection(self)  # type: ignore[assignment]

    def _connect(self) -> psycopg.Connection:
        try:
            raw = psycopg.connect(self.url, autocommit=True, connect_timeout=self._timeout,
                                  application_name="loyaltydesk")
        except psycopg.OperationalError as e:
            raise connect_fault(e, self.url) from e
        raw.adapters.register_loader("numeric", _WholeOrFloat)
        raw.row_factory = _rows
        return raw

    def _alive(self) -> psycopg.Connection:
        """The connection, made again when the server was lost (outside a transaction only)."""
        if self._raw.closed or self._raw.broken:
            if self._depth:
                raise ServerUnreachable(detail="the connection was lost")
            self._has_id.clear()
            self._raw = self._connect()
        return self._raw

    @property
    def locked(self) -> bool:
        return False

    def unlock(self, key: bytes) -> None:
        """The server's own sign-in guards the club: there is no key to unlock it with."""

    def quick_check(self, limit: int = 0) -> list[str]:
        """The server keeps its own pages whole (checksums, WAL): nothing for a start to look for."""
        return []

    @property
    def tables(self):
        raise NotImplementedError("sqlite-utils is SQLite's: the PostgreSQL store writes its SQL itself")

    def _returns_id(self, table: str) -> bool:
        has = self._has_id.get(table)
        if has is None:
            row = self._raw.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s AND column_name = 'id' AND is_identity = 'YES'", (table,)).fetchone()
            has = self._has_id[table] = row is not None
        return has

    def forget_tables(self) -> None:
        """Forget what was learnt of the tables (after the schema changed: a migration)."""
        self._has_id.clear()

    def execute(self, sql: str, params: Any = ()) -> Cursor:  # type: ignore[override]
        raw = self._alive()
        statement = translate(sql)
        if statement.numbered and not isinstance(params, dict):
            params = {f"p{i}": value for i, value in enumerate(params, 1)}
        try:
            if statement.insert_into and self._returns_id(statement.insert_into):
                cursor = raw.execute(statement.text + " RETURNING id", _params(params))
                rows = cursor.fetchall()
                return Cursor(cursor, rows[-1][0] if rows else None)
            return Cursor(raw.execute(statement.text, _params(params)))
        except psycopg.OperationalError as e:
            if raw.broken or raw.closed:
                raise ServerUnreachable(detail=_first_line(e)) from e
            raise

    def executemany(self, sql: str, rows: Any) -> None:
        raw = self._alive()
        with raw.cursor() as cursor:
            cursor.executemany(translate(sql).text, [_params(r) for r in rows])

    def insert(self, table: str, fields: dict) -> int:
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        row_id = self.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(fields.values())).lastrowid
        assert row_id is not None
        return row_id

    def one(self, sql: str, params: Any = ()):
        return self.execute(sql, params).fetchone()

    def value(self, sql: str, params: Any = ()):
        row = self.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def all(self, sql: str, params: Any = ()) -> list:
        return self.execute(sql, params).fetchall()

    @contextmanager
    def transaction(self):
        """One server transaction (``BEGIN`` ... ``COMMIT``), rolled back whole on any exception;
        nesting joins it as a savepoint (a refused inner action leaves nothing behind). A lost
        server is ``ServerUnreachable``; a deadlock or a serialisation failure ``DatabaseBusy``."""
        raw = self._alive()
        if self._depth:
            self._depth += 1
            try:
                with raw.transaction():
                    yield self
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with raw.transaction():
                yield self
        except BaseException as e:
            fault = pg_fault_of(e, raw)
            if fault is None or fault is e:
                raise
            raise fault from e
        finally:
            self._depth = 0

    def close(self) -> None:
        self._raw.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def pg_fault_of(error: BaseException, raw: psycopg.Connection | None = None) -> LoyaltyError | None:
    """The clear error for a fault of the server or the link to it; None for anything else."""
    if isinstance(error, LoyaltyError):
        return error
    if isinstance(error, (pg_errors.SerializationFailure, pg_errors.DeadlockDetected, pg_errors.LockNotAvailable)):
        return DatabaseBusy()
    if isinstance(error, pg_errors.DiskFull):
        return DiskFull()
    if isinstance(error, psycopg.OperationalError) and (raw is None or raw.broken or raw.closed):
        return ServerUnreachable(detail=_first_line(error))
    return None


class ServerState(NamedTuple):
    """What a server database holds, for the first run's [Test the connection]."""

    has_club: bool  # the record of the club's schema steps (``migrations_pg.RECORD``) is there
    tables: int  # tables in the schema the connection uses
    may_create: bool  # the user may create tables there (``init`` can make the club)


def server_state(db: PgDatabase) -> ServerState:
    from .migrations_pg import RECORD

    row = db.one("SELECT to_regclass(?) IS NOT NULL, (SELECT count(*) FROM information_schema.tables "
                 "WHERE table_schema = current_schema()), has_schema_privilege(current_schema(), 'CREATE')",
                 (RECORD,))
    return ServerState(bool(row[0]), int(row[1]), bool(row[2]))
