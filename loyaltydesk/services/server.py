"""Setting up the club's PostgreSQL server (issue 23): ``loyaltydesk server init ADMIN_URL --app-role
NAME`` and ``server upgrade ADMIN_URL``, run by the server's administrator (not a user of the club:
the club has none yet). What the program's role may do: ``store/server_setup.py``.

Who runs later migrations: the administrator, with ``server upgrade`` (the tills' role owns no table
and may make none); a till that finds the server behind says so (``ServerNeedsUpgrade``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Callable

from loyaltydesk.domain import passwords
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, Problem, ValidationError
from loyaltydesk.domain.jalali import utc_now
from loyaltydesk.store import move as move_store
from loyaltydesk.store import open_database
from loyaltydesk.store import server_setup
from loyaltydesk.store.migrations_pg import RECORD
from loyaltydesk.store.server_url import is_url, shown

NOT_A_SERVER_URL = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{url} is not a PostgreSQL server's address: give postgresql://ADMIN@HOST:PORT/DATABASE.")
NOT_EMPTY = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The database {url} is not empty (it holds {found}): the server is set up in an empty database "
    "(CREATE DATABASE club). Nothing was changed.")
ROLE_EXISTS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The role {role} exists already on this server: choose another name for the program's role. "
    "Nothing was changed.")
BAD_ROLE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The role's name is 1 to 63 small Latin letters, digits or _ and starts with a letter (not {role}).")


@dataclass(frozen=True)
class ServerSetup:
    url: str  # what the tills use: the program's role, never a password
    role: str
    migrations: tuple[str, ...]  # the steps this run applied
    journals: tuple[str, ...]  # the tables the role may only add to
    roles_granted: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return asdict(self)


def _role_problems(role: str) -> list[Problem]:
    ok = 1 <= len(role) <= 63 and role[0].isascii() and role[0].islower() and \
        all(c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in role)
    return [] if ok else [Problem("app_role", BAD_ROLE, {"role": role})]


def _server(url: str):
    if not is_url(url):
        raise LoyaltyError(NOT_A_SERVER_URL, url=url)
    return open_database(url, upgrade=False)


def holds_no_club(url: str) -> bool:
    """True when the database at ``url`` holds no club yet (no step of its schema run): a new
    server's empty database, which a backup brought to it is restored into as into a new file."""
    db = _server(url)
    try:
        return db.value("SELECT to_regclass(?)", (RECORD,)) is None
    finally:
        db.close()


def init_server(admin_url: str, role: str, password: str, repeat: str | None = None,
                clock: Callable[[], datetime] = utc_now) -> ServerSetup:
    """Prepare the empty database at ``admin_url`` for the tills: the club's schema, and ``role``
    (with ``password``) that may do what the program does and nothing more. A database that holds
    a club already (moved in by its administrator: ``move-to``) gets the role alone. One transaction:
    a refusal or a failure leaves the database and the server's roles as they were."""
    from loyaltydesk.store.migrations_pg import migrate as migrate_pg

    problems = _role_problems(role) + passwords.password_problems(password, repeat)
    if problems:
        raise ValidationError(problems)
    db = _server(admin_url)
    try:
        found = move_store.server_objects(db)
        moved_here = db.value("SELECT to_regclass(?)", (RECORD,)) is not None  # a club moved in (move-to)
        if found and not moved_here:
            raise LoyaltyError(NOT_EMPTY, url=shown(admin_url), found=", ".join(found[:5]))
        if server_setup.role_exists(db, role):
            raise LoyaltyError(ROLE_EXISTS, role=role)
        with db.transaction():
            applied = migrate_pg(db, clock=clock)
            server_setup.make_role(db, role, password)
            server_setup.grant(db, role)
            journals = server_setup.journals(db)
    finally:
        db.close()
    return ServerSetup(server_setup.till_url(admin_url, role), role, tuple(applied), tuple(journals), (role,))


def upgrade_server(admin_url: str, clock: Callable[[], datetime] = utc_now) -> ServerSetup:
    """The club's pending migrations, run as the administrator, and the program's roles granted
    their rights on what the steps made (one transaction)."""
    from loyaltydesk.store.migrations_pg import migrate as migrate_pg

    db = _server(admin_url)
    try:
        with db.transaction():
            applied = migrate_pg(db, clock=clock)
            roles = server_setup.app_roles(db)
            for role in roles:
                server_setup.grant(db, role)
            journals = server_setup.journals(db)
    finally:
        db.close()
    return ServerSetup(shown(admin_url), "", tuple(applied), tuple(journals), tuple(roles))
