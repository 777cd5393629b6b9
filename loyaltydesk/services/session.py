"""Who is acting, on which database, at what time.

Every service takes a ``Session`` first. It carries the open database, the signed-in user with
their role, and the clock (a ``now()`` callable, injected so that tests and ``--at`` can move
time without patching anything). Beside it, the real clock: the audit keeps when each row was
really written next to the moved time it speaks of (the owner's ``--now``), so a moved clock
cannot forge when something happened.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, PermissionDenied
from loyaltydesk.domain.jalali import to_iso, utc_now
from loyaltydesk.domain.roles import Action, Role, may
from loyaltydesk.store import Database, audit, open_database
from loyaltydesk.store import fault_of as store_fault_of
from loyaltydesk.store.server_url import is_url as is_server_url  # noqa: F401 - a club on a PostgreSQL server (--db URL)

from .changes import Changes, Collector

DENIED = QT_TRANSLATE_NOOP("LoyaltyError", "A {role} may not {action}; ask the owner.")


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    id: int | None = None
    display_name: str = ""


@dataclass
class Session:
    db: Database
    user: User
    clock: Callable[[], datetime] = field(default=utc_now)
    real_clock: Callable[[], datetime] | None = None  # the clock itself unless moved (``moved_to``)
    # what the session changed since last asked (``take_changes``); shared with its moved copies
    changes: Collector = field(default_factory=Collector, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.real_clock is None:
            self.real_clock = self.clock

    def now(self) -> datetime:
        return self.clock()

    def now_iso(self) -> str:
        return to_iso(self.clock())

    def require(self, action: Action) -> None:
        """Refuse ``action`` unless the user's role may do it. Called first by every service."""
        if not may(self.user.role, action):
            raise PermissionDenied(DENIED, role=self.user.role.value, action=action.value.replace("_", " "))
        self.changes.asked(action)

    @contextmanager
    def act(self, action: Action, pipelined: bool = False):
        """Role check, then one transaction: the shape of every service that writes. ``pipelined``:
        on a server, what nobody reads goes with the next read (``PgDatabase.transaction``)."""
        self.require(action)
        with self.db.transaction(pipelined=True) if pipelined else self.db.transaction():
            yield self.db

    def moved_to(self, clock: Callable[[], datetime]) -> Session:
        """This session acting as if ``clock`` said the time (the owner's ``--now``); the audit
        still records the real time beside it."""
        return replace(self, clock=clock)

    def audit(self, action: str, entity: str, entity_id=None, before=None, after=None) -> None:
        at = self.clock()
        real = self.real_clock or self.clock
        recorded = at if real is self.clock else real()
        audit.record(self.db, to_iso(at), self.user.username, self.user.role.value, action, entity, entity_id,
                     before, after, recorded_at=to_iso(recorded))
        self.changes.audited(entity)

    def take_changes(self) -> Changes:
        """What the audited acts since the last call may have changed (``services.changes``), and
        start again: the GUI's runner asks after each job and broadcasts the answer."""
        return self.changes.take()


def open_club(path, *, background_checkpoint: bool = False, create: bool = True, check: bool = False,
              upgrade: bool = True, key: bytes | None = None) -> Database:
    """Open and upgrade the club database at ``path``. Only ``init``, the demo club's first use and
    the desktop app's first run pass ``create=True``, the default of code and tests that make
    clubs; everything else opens an existing club only (``ClubNotFound``). ``check`` runs the
    quick integrity check of a start (``DamagedClub`` when it finds damage). An encrypted club with
    owners opens locked, unless ``key`` (another connection's ``Database.key``) is given: the
    sign-in unlocks it (``users.sign_in``)."""
    return open_database(path, background_checkpoint=background_checkpoint, create=create, check=check,
                         upgrade=upgrade, key=key)


def club_place_refused(path) -> bool:
    """True when a club may not live at ``path`` (a network share, a cloud-synced folder:
    ``store.location``): nothing is to be made there; opening it says why."""
    from loyaltydesk.store import location

    return str(path) != ":memory:" and location.where_refused(path) is not None


def fault_of(error: BaseException, path=None):
    """The clear ``LoyaltyError`` for a fault of the disk or the club file (full, read-only, I/O
    error, damaged, busy), or None: for the command line and the app, which never see sqlite3."""
    return store_fault_of(error, None if path is None else str(path))


def owner_session(db: Database, username: str = "cli", clock=utc_now) -> Session:
    """An owner's session that signed in nowhere: for code and tests that make a club, and the
    command line's restore into a club nobody owns yet (the command line signs in otherwise)."""
    return Session(db, User(username, Role.OWNER), clock)
