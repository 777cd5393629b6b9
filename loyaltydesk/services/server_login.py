"""The way into a club on a PostgreSQL server (several tills, one club), and its password.

A server's password is never written in plain text beside the program: a till keeps a server URL
*without* its password (QSettings, a shortcut's ``--db``), and the password comes, in this order,
from the URL itself (typed for this run only), the OS keyring (``keyring``: Windows' Credential
Manager; service ``LoyaltyDesk``, key ``user@host:port/database``), libpq's own ``PGPASSWORD`` or
``pgpass`` file, or is asked at sign-in (the app's sign-in gets a "server password" field, whose
"keep on this PC" puts it in the keyring; the command line asks at a terminal that does not echo).
Where no keyring backend exists (a Linux box without a Secret Service) asking is the way.

``probe`` is the first run's and the settings' [Test the connection]: whether the server answers,
takes the user and password, and holds a club, an empty database (where ``init`` may make one if
the user may create in it), or something else.
"""

from __future__ import annotations

import logging
import sys
from typing import NamedTuple
from urllib.parse import parse_qs, quote, unquote, urlsplit, urlunsplit

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.store.server_url import is_url, shown

from .users import needs_setup

SERVICE = "LoyaltyDesk"  # the keyring's service name for every server password this program keeps
DEFAULT_PORT = 5432
log = logging.getLogger("loyaltydesk")

NOT_A_CLUB = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The database {database} on the server holds other tables, not a LoyaltyDesk club: give the "
                    "database made for the club (an empty one, or the one loyaltydesk server init made).")
CANNOT_CREATE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The database {database} is empty, and the user {user} may not create the club in it: run "
                    "loyaltydesk server init on the server computer first (installer/README.md).")
BAD_PLACE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Give the server's address (host), its port (1–65535), the database and the user name.")


class ServerPlace(NamedTuple):
    """Where a server club is, without its password."""

    host: str
    port: int
    database: str
    user: str


def place_of(url: str) -> ServerPlace:
    """The host, port, database and user of a ``postgresql://`` URL (the host may be in the query,
    ``?host=/run/postgresql``, as libpq allows; the port defaults to 5432)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = unquote(parts.hostname or "") or query.get("host", [""])[0]
    try:
        port = parts.port or int(query.get("port", [DEFAULT_PORT])[0])
    except ValueError:
        port = DEFAULT_PORT
    return ServerPlace(host, port, unquote(parts.path.lstrip("/")), unquote(parts.username or ""))


def url_of(host: str, port: int, database: str, user: str) -> str:
    """The URL of a server club from its parts (no password: see ``with_password``). Refuses an
    empty part or a port outside 1–65535 with ``BAD_PLACE``."""
    host, database, user = host.strip(), database.strip(), user.strip()
    if not (host and database and user and 0 < int(port) < 65536):
        raise LoyaltyError(BAD_PLACE)
    shown_host = f"[{host}]" if ":" in host else host
    return f"postgresql://{quote(user, safe='')}@{shown_host}:{int(port)}/{quote(database, safe='')}"


def key_of(url: str) -> str:
    """The keyring's key of a server club: ``user@host:port/database``."""
    place = place_of(url)
    return f"{place.user}@{place.host}:{place.port}/{place.database}"


def password_in(url: str) -> str | None:
    parts = urlsplit(url)
    return None if parts.password is None else unquote(parts.password)


def without_password(url: str) -> str:
    """``url`` with no password in it: what a till keeps and shows."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user.split(':', 1)[0]}@{host}"))


def with_password(url: str, password: str) -> str:
    """``url`` carrying ``password`` (for this run only, never kept as such)."""
    parts = urlsplit(without_password(url))
    user, at, host = parts.netloc.rpartition("@")
    netloc = f"{user}:{quote(password, safe='')}@{host}" if at else f":{quote(password, safe='')}@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


# --- the OS keyring ---------------------------------------------------------------------------------

def _keyring():
    """The keyring module with a usable backend, or None (none on this machine, or it fails)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken backend is no backend: the password is asked for
        log.warning("no keyring", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def can_keep() -> bool:
    """Whether this PC has a keyring to keep a server password in (Windows always does)."""
    return _keyring() is not None


def kept_password(url: str) -> str | None:
    """The password this PC keeps for the server club at ``url``, or None."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, key_of(url))
    except Exception:  # noqa: BLE001 - a locked or broken keyring: the password is asked for
        log.warning("cannot read the keyring", exc_info=True)
        return None


def keep_password(url: str, password: str) -> bool:
    """Keep ``password`` of the server club at ``url`` in the OS keyring; False when this PC has none."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(SERVICE, key_of(url), password)
    except Exception:  # noqa: BLE001
        log.warning("cannot write the keyring", exc_info=True)
        return False
    return True


def forget_password(url: str) -> None:
    """Remove the kept password of the server club at ``url`` (none kept: nothing happens)."""
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(SERVICE, key_of(url))
    except Exception:  # noqa: BLE001 - keyring.errors.PasswordDeleteError: none was kept
        pass


def resolved(url: str) -> str:
    """``url`` with the password to use: its own, else the one kept in the keyring, else none
    (libpq then reads ``PGPASSWORD`` or its pgpass file, or the server asks: ``needs_password``)."""
    if not is_url(url) or password_in(url) is not None:
        return url
    kept = kept_password(url)
    return url if kept is None else with_password(url, kept)


def needs_password(error: BaseException) -> bool:
    """Whether ``error`` is the server asking for a password, or refusing the one given (the
    sign-in then asks for the server password)."""
    pg = sys.modules.get("loyaltydesk.store.pg")  # never loaded for a club in a file
    return pg is not None and isinstance(error, (pg.ServerPasswordNeeded, pg.ServerPasswordWrong))


def is_server_fault(error: BaseException) -> bool:
    """Whether ``error`` is the server unreachable or refusing the connection."""
    pg = sys.modules.get("loyaltydesk.store.pg")
    return pg is not None and isinstance(error, (pg.ServerUnreachable, pg.ServerPasswordNeeded,
                                                 pg.ServerPasswordWrong, pg.NoSuchServerDatabase))


# --- [Test the connection] --------------------------------------------------------------------------

class Probe(NamedTuple):
    """What [Test the connection] found: ``state`` is ``club`` (a LoyaltyDesk club: sign in),
    ``new`` (the club's schema without an owner yet, as ``server init`` leaves it: the first run
    makes the shop and its owner there), ``empty`` (an empty database; ``may_create``: this user may make the club in it), ``other``
    (a database of something else) or ``fault`` (``error`` says what: unreachable, password, no
    such database)."""

    state: str
    may_create: bool = False
    error: LoyaltyError | None = None
    place: str = ""


def probe(url: str, *, timeout: int = 5) -> Probe:
    """Connect to the server club at ``url`` (with its password, if any) and say what is there,
    changing nothing."""
    from loyaltydesk.store import pg

    where = shown(url)
    try:
        db = pg.PgDatabase(url, connect_timeout=timeout)
    except LoyaltyError as e:
        return Probe("fault", error=e, place=where)
    try:
        found = pg.server_state(db)
        owned = found.has_club and not needs_setup(db)
    except LoyaltyError as e:
        return Probe("fault", error=e, place=where)
    finally:
        db.close()
    if found.has_club:  # made by another till's first run, or by ``server init`` (no owner yet: "new")
        return Probe("club" if owned else "new", place=where)
    place = place_of(url)
    if found.tables == 0:
        error = None if found.may_create else LoyaltyError(CANNOT_CREATE, database=place.database, user=place.user)
        return Probe("empty", may_create=found.may_create, error=error, place=where)
    return Probe("other", error=LoyaltyError(NOT_A_CLUB, database=place.database), place=where)


def forget_unused_club_file(path) -> bool:
    """The club file a till's first start made on this PC, removed after its first run chose the
    shop's server instead: only while nobody has set it up (no owner; an encrypted club with owners
    opens locked and is kept), with its side files (the journal, the key slots). True when removed."""
    from pathlib import Path

    from loyaltydesk.store import keyslots, open_database

    path = Path(path)
    if not path.is_file():
        return False
    db = open_database(path, create=False, upgrade=False)
    try:
        unused = needs_setup(db)
    finally:
        db.close()
    if not unused:
        return False
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"), keyslots.path_of(path)):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:  # held by another program: left, as an unused club is harmless
            log.warning("could not remove the unused club file %s", leftover)
    return not path.exists()
