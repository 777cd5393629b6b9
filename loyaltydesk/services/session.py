"""Who is acting, on which database, at what time.

Every service takes a ``Session`` first. It carries the open database, the signed-in user with
their role, and the clock (a ``now()`` callable, injected so that tests and ``--at`` can move
time without patching anything).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, PermissionDenied
from loyaltydesk.domain.jalali import to_iso, utc_now
from loyaltydesk.domain.roles import Action, Role, may
from loyaltydesk.store import Database, audit, open_database

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

    def now(self) -> datetime:
        return self.clock()

    def now_iso(self) -> str:
        return to_iso(self.clock())

    def require(self, action: Action) -> None:
        """Refuse ``action`` unless the user's role may do it. Called first by every service."""
        if not may(self.user.role, action):
            raise PermissionDenied(DENIED, role=self.user.role.value, action=action.value.replace("_", " "))

    @contextmanager
    def act(self, action: Action):
        """Role check, then one transaction: the shape of every service that writes."""
        self.require(action)
        with self.db.transaction():
            yield self.db

    def audit(self, action: str, entity: str, entity_id=None, before=None, after=None) -> None:
        audit.record(
            self.db, self.now_iso(), self.user.username, self.user.role.value, action, entity, entity_id, before, after
        )


def open_club(path, *, background_checkpoint: bool = False) -> Database:
    """Open (creating and upgrading as needed) the club database at ``path``."""
    return open_database(path, background_checkpoint=background_checkpoint)


def owner_session(db: Database, username: str = "cli", clock=utc_now) -> Session:
    """The session of the command line, which acts as the owner."""
    return Session(db, User(username, Role.OWNER), clock)
