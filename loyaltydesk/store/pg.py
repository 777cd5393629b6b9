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
from psycopg.pq import ExecStatus, TransactionStatus
from psycopg.types.numeric import NumericLoader

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .db import DatabaseBusy, Database, DiskFull, StorageFault
from .server_url import SCHEMES, is_url, shown  # noqa: F401 - the names this module always had

TOKEN = "SELECT token FROM config_token WHERE id = 1"  # the configuration's (m0010): ``config_token``


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
    config_write: bool = True  # it may change ``config_token`` (``PgDatabase.config_token``)


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
# A statement that may change the configuration's token (m0010's and m0016's triggers on these
# tables, or the token itself): anything but a SELECT, unless it is an INSERT, UPDATE or DELETE that
# names none of them (DDL, a writing CTE, TRUNCATE: always).
_READS = re.compile(r"^\s*SELECT\b", re.IGNORECASE)
_DML = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_CONFIG_TABLES = re.compile(r"\b(?:settings|tiers|campaigns|config_token)\b", re.IGNORECASE)


def _config_write(sql: str) -> bool:
    return not _READS.match(sql) and (not _DML.match(sql) or _CONFIG_TABLES.search(sql) is not None)
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
    return Statement(text, insert_into, numbered, _config_write(sql))


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


_HAS_ROWS = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE)


def _has_rows(cursor: psycopg.Cursor) -> bool:
    """The cursor's result has rows to read (``description`` is not None), told without building
    its description (a column object each, with its type looked up: ~0.3 ms of a purchase's ~20)."""
    result = cursor.pgresult
    return result is not None and result.status in _HAS_ROWS


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
    """A psycopg cursor with SQLite's ``lastrowid`` (an INSERT's ``RETURNING id``: its fetches give
    nothing, as SQLite's INSERT does). In a pipelined transaction the statement's result is waited
    for only when something of it is read (``_ready``): a write nobody reads goes with the next read."""

    def __init__(self, cursor: psycopg.Cursor, owner: "PgDatabase", returns_id: bool = False):
        self._cursor = cursor
        self._owner = owner
        self._returns_id = returns_id
        self._id: int | None = None

    def _ready(self) -> psycopg.Cursor:
        """The psycopg cursor with its result (the pipeline synced first when it is still on its way)."""
        if self._cursor.pgresult is None and self._owner._pipe is not None:
            self._owner._sync()
        return self._cursor

    @property
    def lastrowid(self) -> int | None:
        if self._returns_id and self._id is None:
            rows = self._ready().fetchall()
            self._id = rows[-1][0] if rows else None
        return self._id

    @property
    def rowcount(self) -> int:
        return self._ready().rowcount

    @property
    def description(self):
        return self._ready().description

    def _rows(self) -> bool:
        return _has_rows(self._ready()) and not self._returns_id

    def fetchone(self):
        return self._cursor.fetchone() if self._rows() else None

    def fetchall(self) -> list:
        return self._cursor.fetchall() if self._rows() else []

    def fetchmany(self, size: int = 1) -> list:
        return self._cursor.fetchmany(size) if self._rows() else []

    def __iter__(self):
        return iter(self._cursor) if self._rows() else iter(())

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
        self._pipe: psycopg.Pipeline | None = None  # a pipelined transaction's (``transaction``)
        self._token: int | None = None  # the configuration's token as this transaction read it (``config_token``)
        self._token_read: psycopg.Cursor | None = None  # its read sent with a pipelined BEGIN, unread
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
        self._forget_token()

    def _forget_token(self) -> None:
        self._token = self._token_read = None

    def config_token(self) -> int | None:
        """The configuration's token (``Database.config_token``), read once per transaction: in it
        the token changes only by the transaction's own writes to the settings, tiers or campaigns,
        which forget it (``Statement.config_write``), as does the end of a savepoint; another till's
        change committed meanwhile is seen by the next transaction, as if it had come just after
        this one began. Outside a transaction, every call reads it. A pipelined transaction sends
        the read with its ``BEGIN``: the first call finds it there, without a round trip of its own."""
        if self._depth and self._token is not None:
            return self._token
        if self._token_read is not None:
            cursor, self._token_read = self._token_read, None
            if cursor.pgresult is None:
                self._sync()
            row = cursor.fetchone()
            token = row[0] if row else None
        else:
            token = self.value(TOKEN)
        if self._depth:
            self._token = token
        return token

    def execute(self, sql: str, params: Any = ()) -> Cursor:  # type: ignore[override]
        raw = self._alive()
        statement = translate(sql)
        if statement.config_write:
            self._forget_token()
        if statement.numbered and not isinstance(params, dict):
            params = {f"p{i}": value for i, value in enumerate(params, 1)}
        try:
            if statement.insert_into and self._returns_id(statement.insert_into):
                return Cursor(raw.execute(statement.text + " RETURNING id", _params(params)), self, True)
            return Cursor(raw.execute(statement.text, _params(params)), self)
        except psycopg.OperationalError as e:
            if raw.broken or raw.closed:
                raise ServerUnreachable(detail=_first_line(e)) from e
            raise

    def executemany(self, sql: str, rows: Any) -> None:
        raw = self._alive()
        statement = translate(sql)
        if statement.config_write:
            self._forget_token()
        with raw.cursor() as cursor:
            cursor.executemany(statement.text, [_params(r) for r in rows])
            if self._pipe is not None:  # its results in before the cursor closes
                self._sync()

    def _sync(self) -> None:
        """Send what the pipeline holds and wait for every result (a statement's error is raised here)."""
        assert self._pipe is not None
        self._pipe.sync()

    def _settle(self) -> None:
        """After an exception in a pipelined transaction: the pipeline synced, its errors dropped (the
        exception on its way says what went wrong), so that the ROLLBACK (or ROLLBACK TO) that
        follows is run by the server and not skipped as part of an aborted pipeline."""
        if self._pipe is not None:
            try:
                self._pipe.sync()
            except psycopg.Error:
                pass

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
    def transaction(self, pipelined: bool = False):
        """One server transaction (``BEGIN`` ... ``COMMIT``), rolled back whole on any exception;
        nesting joins it as a savepoint (a refused inner action leaves nothing behind). A lost
        server is ``ServerUnreachable``; a deadlock or a serialisation failure ``DatabaseBusy``.

        ``pipelined`` (a purchase: ~30 statements, each a round trip over the network): psycopg's
        pipeline mode. Each statement is sent at once, and the till waits for the server only when
        it reads a result (a row, ``lastrowid``, ``rowcount``): a lock taken before a read, the
        writes that nobody reads and the COMMIT go with the next read instead of a round trip each.
        The server runs them in the order sent, each as it would have run alone. An error of a
        statement nobody read is raised at the next read or at the end, inside the transaction,
        which it rolls back as before. (Not for COPY, which pipeline mode does not take.)"""
        raw = self._alive()
        if self._depth:
            self._depth += 1
            try:
                with self._savepoint(raw) if self._pipe is not None else raw.transaction():
                    yield self
            finally:
                self._depth -= 1
                self._forget_token()  # a savepoint rolled back may have taken a change with it
            return
        self._depth = 1
        self._forget_token()
        try:
            if pipelined:
                with self._pipelined(raw):
                    yield self
            else:
                with raw.transaction():
                    yield self
        except BaseException as e:
            fault = pg_fault_of(e, raw)
            if fault is None or fault is e:
                raise
            raise fault from e
        finally:
            self._depth = 0
            self._forget_token()

    @contextmanager
    def _pipelined(self, raw: psycopg.Connection):
        """``BEGIN`` ... ``COMMIT`` in pipeline mode, sent as statements of their own (psycopg's
        ``transaction()`` syncs the pipeline as it begins and twice as it ends): the ``BEGIN`` goes
        with the first read, the ``COMMIT`` with the last writes, one round trip."""
        try:
            with raw.pipeline() as pipe:
                self._pipe = pipe
                try:
                    raw.execute("BEGIN")
                    self._token_read = raw.execute(TOKEN)  # a club at its schema: a purchase's
                    try:
                        yield
                    except BaseException:
                        self._settle()
                        raise
                    raw.execute("COMMIT")
                finally:
                    self._pipe = None
            # the pipeline's end waited for everything: the COMMIT, or the first error of a statement
            # nobody read (raised here; the COMMIT after it was skipped)
        except BaseException:
            # refused, or that error: the transaction may still be open on the server (a COMMIT
            # that failed has ended it)
            if not (raw.broken or raw.closed) and raw.info.transaction_status != TransactionStatus.IDLE:
                try:
                    raw.execute("ROLLBACK")
                except psycopg.Error:
                    pass
            raise

    @contextmanager
    def _savepoint(self, raw: psycopg.Connection):
        """A nested transaction inside a pipelined one, as ``transaction()`` nests one otherwise: its
        statements' results all in before it ends (an error of one of them is the nested block's,
        raised inside it, as without the pipeline), rolled back to its start on any exception."""
        name = f"sp{self._depth}"
        raw.execute(f"SAVEPOINT {name}")
        try:
            yield
            self._sync()
        except BaseException:
            self._settle()
            raw.execute(f"ROLLBACK TO SAVEPOINT {name}")
            raw.execute(f"RELEASE SAVEPOINT {name}")
            raise
        raw.execute(f"RELEASE SAVEPOINT {name}")

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
