"""Reading the audit log: who changed what, when, from what to what (owner only).

Read-only on purpose: the program offers no way to edit or delete an audit row (and the store's
triggers refuse it anyway), so the owner can trust what the settings page lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from loyaltydesk.domain.roles import Action
from loyaltydesk.store import audit
from loyaltydesk.store import club as club_store

from .session import Session

MAX_LIMIT = 1000


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str  # UTC ISO
    actor: str
    role: str
    action: str  # e.g. "update_settings", "add_tier", "edit_user"
    entity: str  # "settings", "tier", "coupon", "user", "database"...
    entity_id: str | None
    before: object  # the JSON value kept, usually a dict of the changed fields (or None)
    after: object
    recorded_at: str | None = None  # when it was really written: ``at`` unless the owner moved the clock
    actor_name: str = ""  # the user's name as shown (their display name; the login name if none)

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field named in ``before`` or ``after``, in name order."""
        b = self.before if isinstance(self.before, dict) else {}
        a = self.after if isinstance(self.after, dict) else {}
        keys = sorted(set(b) | set(a))
        return [(k, b.get(k), a.get(k)) for k in keys if b.get(k) != a.get(k) or k not in b]


def recent(session: Session, limit: int = 200, entity: str | None = None) -> list[AuditEntry]:
    """The newest ``limit`` audit entries (at most 1000), optionally of one kind of ``entity``.
    Refused unless the user may read the audit log (the owner)."""
    session.require(Action.READ_AUDIT)
    limit = max(1, min(int(limit), MAX_LIMIT))
    names = _names(session.db)
    return [AuditEntry(*r, actor_name=names.get(r.actor) or r.actor) for r in audit.recent(session.db, limit, entity or None)]


def display_names(session: Session) -> dict[str, str]:
    """Login name → the name shown for every user who has one, deactivated users included: the
    ledger and the logs name people as the shop knows them, not by how they sign in. Anyone
    signed in who may look a member up may read them (a member's ledger shows who did what)."""
    session.require(Action.FIND_MEMBER)
    return _names(session.db)


def _names(db) -> dict[str, str]:
    return {u.username: u.display_name for u in club_store.users(db) if u.display_name}
