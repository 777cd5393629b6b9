"""The only code that knows SQL. One module per aggregate; services call these inside a transaction."""

import os
from pathlib import Path

from . import audit, club, keyslots, ledger, location, members, purchases
from .db import (
    CannotOpen, ClubLocked, ClubNotFound, DamagedClub, Database, NotADatabase, StorageFault, WrongClubKey, fault_of,
)
from .engine import ERRORS, is_plain_sqlite
from .migrations import migrate
from . import server_url


def open_database(path, *, background_checkpoint: bool = False, upgrade: bool = True, create: bool = True,
                  check: bool = False, key: bytes | None = None) -> Database:
    """Open and upgrade the club database at ``path``. ``create=False``: an existing club only
    (``ClubNotFound`` otherwise, and no folder made). ``check``: a quick integrity check first
    (``Database.quick_check``); damage found is ``DamagedClub`` before anything is read or written.
    A file on a network share or in a cloud-synced folder is refused (``location.NotOnThisComputer``).

    Encryption (store/keyslots.py): a new club is made encrypted with a new random key, kept in its
    key file as the set-up key until its first owner is made; a club with owners opens *locked*
    (``Database.locked``) unless ``key`` is given: the sign-in unwraps a slot and unlocks it, and
    the check and upgrade asked for here run then. A plain club (made before encryption) opens as
    it is; the owner's next sign-in encrypts it (services/club_keys.py)."""
    if not str(path).strip():
        raise NotADatabase(path="''")
    if server_url.is_url(str(path)):  # a club on a PostgreSQL server (several tills): store/pg.py
        return open_server(str(path), upgrade=upgrade)
    memory = str(path) == ":memory:"
    if not memory:
        location.require_local(path)  # never on a network share or in a synced folder
    if create:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise CannotOpen(path=str(path), reason=e.strerror or str(e)) from None
    header = None if memory else keyslots.read(path)
    new = not memory and not os.path.exists(path)
    locked = False
    if header is not None:
        if key is None and header.setup is not None:
            key = header.setup
        if key is not None and not keyslots.verifies(header, key):
            raise keyslots.KeyFileTampered(path=str(keyslots.path_of(path)), detail="its seal does not verify")
        locked = key is None
    elif new and create:
        key = keyslots.new_key()  # a new club: encrypted from its first byte
    elif not memory and os.path.isfile(path) and os.path.getsize(path) % 512 == 0 and os.path.getsize(path) > 0 \
            and not is_plain_sqlite(path):  # whole pages of no plain SQLite: an encrypted club without its keys
        raise keyslots.NoKeyFile(path=str(path), keys=str(keyslots.path_of(path)))
    db = Database(path, background_checkpoint=background_checkpoint, create=create, key=key, locked=locked)
    if new and create and header is None and key is not None:
        try:
            keyslots.write(path, keyslots.signed(keyslots.Header(setup=key), key))
        except OSError as e:
            db.close()
            raise CannotOpen(path=str(keyslots.path_of(path)), reason=e.strerror or str(e)) from None

    def opened(db: Database) -> None:
        try:
            if check:
                problems = db.quick_check()
                if problems:
                    raise DamagedClub(detail=problems[0])
            if upgrade:
                try:
                    migrate(db)
                except (*ERRORS, UnicodeDecodeError, OSError) as e:
                    fault = fault_of(e, str(path))
                    if fault is None:
                        raise
                    raise fault from e
        except BaseException:
            db.close()
            raise

    if locked:
        db.on_unlock.append(opened)
    else:
        opened(db)
    return db


def open_server(url: str, *, upgrade: bool = True) -> Database:
    """Open the club on the PostgreSQL server at ``url`` and bring its schema up to date
    (``migrations_pg``: the same named steps as a file's). The server's own sign-in guards it."""
    from .migrations_pg import migrate as migrate_pg

    from . import pg  # psycopg is loaded only for a club on a server

    db = pg.PgDatabase(url)
    if upgrade:
        try:
            migrate_pg(db)
        except BaseException as e:
            from psycopg import errors as pg_errors

            if isinstance(e, pg_errors.InsufficientPrivilege):  # a till's role: the administrator upgrades
                from .migrations_pg import pending
                from .server_setup import ServerNeedsUpgrade

                try:
                    waiting = len(pending(db))
                finally:
                    db.close()
                raise ServerNeedsUpgrade(pending=waiting) from None
            db.close()
            raise
    return db


__all__ = ["ClubLocked", "WrongClubKey", "keyslots", "Database", "open_database", "fault_of", "ClubNotFound", "DamagedClub", "StorageFault", "migrate", "audit", "club", "ledger", "members", "purchases"]
