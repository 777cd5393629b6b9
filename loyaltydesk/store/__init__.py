"""The only code that knows SQL. One module per aggregate; services call these inside a transaction."""

import sqlite3
from pathlib import Path

from . import audit, club, ledger, location, members, purchases
from .db import CannotOpen, ClubNotFound, DamagedClub, Database, NotADatabase, StorageFault, fault_of
from .migrations import migrate


def open_database(path, *, background_checkpoint: bool = False, upgrade: bool = True, create: bool = True,
                  check: bool = False) -> Database:
    """Open and upgrade the club database at ``path``. ``create=False``: an existing club only
    (``ClubNotFound`` otherwise, and no folder made). ``check``: a quick integrity check first
    (``Database.quick_check``); damage found is ``DamagedClub`` before anything is read or written.
    A file on a network share or in a cloud-synced folder is refused (``location.NotOnThisComputer``)."""
    if not str(path).strip():
        raise NotADatabase(path="''")
    if str(path) != ":memory:":
        location.require_local(path)  # never on a network share or in a synced folder
    if create:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise CannotOpen(path=str(path), reason=e.strerror or str(e)) from None
    db = Database(path, background_checkpoint=background_checkpoint, create=create)
    try:
        if check:
            problems = db.quick_check()
            if problems:
                raise DamagedClub(detail=problems[0])
        if upgrade:
            try:
                migrate(db)
            except (sqlite3.DatabaseError, UnicodeDecodeError, OSError) as e:
                fault = fault_of(e, str(path))
                if fault is None:
                    raise
                raise fault from e
    except BaseException:
        db.close()
        raise
    return db


__all__ = ["Database", "open_database", "fault_of", "ClubNotFound", "DamagedClub", "StorageFault", "migrate", "audit", "club", "ledger", "members", "purchases"]
