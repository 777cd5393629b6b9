"""Reading the audit log: who changed what, when, from what to what (owner only).

Read-only on purpose: the program offers no way to edit or delete an audit row (and the store's
triggers refuse it anyway), so the owner can trust what the settings page lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from loyaltydesk.domain.roles import Action
from loyaltydesk.store import audit

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
    return [AuditEntry(r["id"], r["at"], r["actor"], r["role"], r["action"], r["entity"], r["entity_id"],
                       r["before"], r["after"]) for r in audit.recent(session.db, limit, entity or None)]
