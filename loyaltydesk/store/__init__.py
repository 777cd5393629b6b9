"""The only code that knows SQL. One module per aggregate; services call these inside a transaction."""

from pathlib import Path

from . import audit, checks, club, ledger, members, purchases
from .db import CannotOpen, Database, NotADatabase
from .migrations import migrate


def open_database(path, *, background_checkpoint: bool = False, upgrade: bool = True) -> Database:
    """Open (creating if needed) and upgrade the club database at ``path``."""
    if not str(path).strip():
        raise NotADatabase(path="''")
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CannotOpen(path=str(path), reason=e.strerror or str(e)) from None
    db = Database(path, background_checkpoint=background_checkpoint)
    if upgrade:
        migrate(db)
    return db


__all__ = ["Database", "open_database", "migrate", "audit", "checks", "club", "ledger", "members", "purchases"]
