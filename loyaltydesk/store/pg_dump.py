"""PostgreSQL's own backup tools for a club on a server: ``pg_dump -Fc`` (the custom format: compressed,
every table's rows and the schema) and ``pg_restore``, the machine's binaries.

Where they are: the folder in ``LOYALTYDESK_PG_BIN`` (Windows: the PostgreSQL installer's
``C:\\Program Files\\PostgreSQL\\17\\bin``), else the newest ``/usr/lib/postgresql/*/bin`` or
``C:\\Program Files\\PostgreSQL\\*\\bin``, else ``PATH``. Missing: ``PgToolMissing``, saying what to
install. The password of the URL is given to them in their environment (``PGPASSWORD``), never on
their command line (which other users of the computer can list).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

BIN_ENV = "LOYALTYDESK_PG_BIN"
MAGIC = b"PGDMP"  # the first bytes of pg_dump's custom format
BLOCK = 1 << 20


class PgToolMissing(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "{tool} was not found on this computer: a club on a PostgreSQL server is backed up with "
        "PostgreSQL's own tools. Install PostgreSQL's command line tools (Windows: the PostgreSQL installer, "
        "'Command Line Tools'; Debian or Ubuntu: apt install postgresql-client), or set LOYALTYDESK_PG_BIN to the "
        "folder that holds {tool}.")


class PgToolFailed(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "{tool} failed: {detail}. Nothing was changed.")


class NoThrowawayDatabase(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The backup could not be checked: checking it restores it into a throwaway database, which "
        "the role {role} may not create ({detail}). Run this with the server administrator's URL (--db "
        "postgresql://ADMIN@HOST/DATABASE).")


class RestoreNeedsAdministrator(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The backup was not restored: restoring replaces the club's tables, which only their owner, "
        "the server's administrator, may do (the role {role} is not). Run the restore with the administrator's "
        "URL, signed in as the club's owner as always: loyaltydesk --db postgresql://ADMIN@HOST/DATABASE --user "
        "OWNER restore FILE. Nothing was changed.")


def may_replace(db) -> bool:
    """Whether the connection's role owns every table of the club (``pg_restore --clean`` drops them)."""
    return bool(db.value(
        "SELECT coalesce(bool_and(pg_has_role(c.relowner, 'USAGE')), true) FROM pg_class c "
        "WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind IN ('r', 'v', 'S')"))


def _exe(name: str) -> str:
    return name + (".exe" if os.name == "nt" else "")


def tool(name: str) -> Path:
    """The path of ``name`` (pg_dump, pg_restore), or ``PgToolMissing``."""
    folders = [Path(os.environ[BIN_ENV])] if os.environ.get(BIN_ENV) else []
    for pattern in ("/usr/lib/postgresql/*/bin", r"C:\Program Files\PostgreSQL\*\bin"):
        found = [Path(p) for p in glob.glob(pattern)]
        folders += sorted(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for folder in folders:
        if (folder / _exe(name)).is_file():
            return folder / _exe(name)
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    raise PgToolMissing(tool=name)


def _split(url: str) -> tuple[str, dict]:
    """The URL without its password, and the environment that gives it to the tools."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        netloc = parts.netloc.replace(f":{parts.password}@", "@", 1)
        url = urlunsplit(parts._replace(netloc=netloc))
    return url, env


def _failed(name: str, done: subprocess.CompletedProcess) -> PgToolFailed:
    text = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    lines = [line for line in text if "error" in line.lower()] or text or [f"exit {done.returncode}"]
    return PgToolFailed(tool=name, detail=lines[0][:300])


def dump(url: str) -> Iterator[bytes]:
    """The club's database as ``pg_dump -Fc`` writes it, in blocks (never in a file of its own)."""
    url, env = _split(url)
    process = subprocess.Popen([str(tool("pg_dump")), "-Fc", "--no-owner", "--dbname", url],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    try:
        while block := process.stdout.read(BLOCK):
            yield block
        err = process.stderr.read()
        code = process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if code != 0:
        raise _failed("pg_dump", subprocess.CompletedProcess([], code, b"", err))


def _fed(args: list[str], blocks: Iterator[bytes], env: dict | None = None) -> None:
    """``pg_restore`` with ``args`` reading the archive from its standard input, block by block."""
    import tempfile

    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err, env=env)
        assert process.stdin is not None
        try:
            for block in blocks:
                process.stdin.write(block)
            process.stdin.close()
        except BrokenPipeError:  # it stopped reading: its exit code says why
            pass
        finally:
            if process.poll() is None and not process.stdin.closed:
                process.stdin.close()
        code = process.wait()
        err.seek(0)
        if code != 0:
            raise _failed("pg_restore", subprocess.CompletedProcess(args, code, b"", err.read()))


def restore(url: str, blocks: Iterator[bytes], clean: bool = False) -> None:
    """The archive (pg_dump's custom format, in ``blocks``) restored into the database at ``url`` in
    one transaction (a failure leaves it as it was); ``clean``: its objects dropped first."""
    url, env = _split(url)
    args = [str(tool("pg_restore")), "--no-owner", "--single-transaction", "--exit-on-error", "--dbname", url]
    if clean:
        args[1:1] = ["--clean", "--if-exists"]
    _fed(args, blocks, env)


def read_whole(blocks: Iterator[bytes]) -> None:
    """The archive read to its end by ``pg_restore`` (every table's data unpacked, nothing written):
    ``PgToolFailed`` when it is cut short or damaged."""
    _fed([str(tool("pg_restore")), "--file", os.devnull], blocks)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextmanager
def throwaway(url: str) -> Iterator[str]:
    """A new empty database on the server of ``url`` (the URL's role must be allowed to create one),
    dropped after: where a backup is checked before it replaces anything."""
    import psycopg

    name = "loyaltydesk_verify_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    except psycopg.errors.InsufficientPrivilege as e:
        raise NoThrowawayDatabase(role=urlsplit(url).username or "?", detail=str(e).splitlines()[0]) from None
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
