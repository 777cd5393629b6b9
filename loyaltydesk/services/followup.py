"""The owner's follow-up list: detractors' surveys, complaints and returns, open items first.

Each item goes open → contacted → resolved (or straight to resolved); every step keeps who, when
and a note, and resolving needs a resolution. Complaints and returns are logged by the cashier or
the owner with a category; reading and working the list is the owner's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, NotFound, Problem, ValidationError, require_valid
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.surveys import Source, Status, move_problems, validate_complaint
from loyaltydesk.domain.text import normalize_text
from loyaltydesk.store import locks
from loyaltydesk.store import purchases as purchase_store
from loyaltydesk.store import surveys as survey_store

from .members import full_name, resolve
from .session import Session

ITEM_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no follow-up item {id}.")
PURCHASE_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no purchase {purchase_id}.")
PURCHASE_OF_ANOTHER = QT_TRANSLATE_NOOP("LoyaltyError", "Purchase {purchase_id} is not this member's.")
REFUND_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no refund {refund_id}.")
REFUND_OF_ANOTHER = QT_TRANSLATE_NOOP("LoyaltyError", "Refund {refund_id} is not of purchase {purchase_id}.")


@dataclass(frozen=True)
class Step:
    at: str
    actor: str
    status: str
    note: str


@dataclass(frozen=True)
class FollowUp:
    id: int
    source: str
    status: str
    member_id: int | None
    card: str | None
    name: str
    mobile: str | None
    survey_id: int | None
    nps: int | None
    purchase_id: int | None
    refund_id: int | None
    category: str | None
    description: str
    resolution: str | None
    opened_at: str
    opened_by: str
    updated_at: str
    resolved_at: str | None
    resolved_by: str | None
    steps: tuple[Step, ...] = ()

    def as_dict(self) -> dict:
        return asdict(self)


def _item(row: survey_store.FollowUpRow, steps: Iterable[survey_store.FollowUpStep] = ()) -> FollowUp:
    name = full_name(row.first_name or "", row.last_name or "") if row.member_id else ""
    return FollowUp(
        id=row.id, source=row.source, status=row.status, member_id=row.member_id, card=row.card,
        name=name, mobile=row.mobile, survey_id=row.survey_id, nps=row.nps, purchase_id=row.purchase_id,
        refund_id=row.refund_id, category=row.category,
        description=row.description or (row.comment or ""), resolution=row.resolution,
        opened_at=row.opened_at, opened_by=row.opened_by, updated_at=row.updated_at,
        resolved_at=row.resolved_at, resolved_by=row.resolved_by,
        steps=tuple(Step(s.at, s.actor, s.status, s.note) for s in steps),
    )


def _stored(db, item_id: int) -> FollowUp:
    """An item just written, with its steps (it exists: this transaction holds it)."""
    row = survey_store.get_followup(db, item_id)
    assert row is not None
    return _item(row, survey_store.steps_of(db, item_id))


def list_items(session: Session, include_resolved: bool = False, source: str | None = None,
               limit: int = 200) -> list[FollowUp]:
    """Open items first (those waiting longest on top), then contacted, then (if asked) resolved."""
    session.require(Action.FOLLOW_UP)
    statuses = ["open", "contacted"] + (["resolved"] if include_resolved else [])
    if source is not None:
        source = Source(source).value
    return [_item(r) for r in survey_store.list_followups(session.db, statuses, source, limit)]


def get_item(session: Session, item_id: int) -> FollowUp:
    session.require(Action.FOLLOW_UP)
    row = survey_store.get_followup(session.db, item_id)
    if row is None:
        raise NotFound(ITEM_NOT_FOUND, id=item_id)
    return _item(row, survey_store.steps_of(session.db, item_id))


def counts(session: Session) -> dict[str, int]:
    session.require(Action.FOLLOW_UP)
    found = survey_store.followup_counts(session.db)
    return {s.value: found.get(s.value, 0) for s in Status}


def _move(session: Session, item_id: int, target: Status, note: str) -> FollowUp:
    with session.act(Action.FOLLOW_UP) as db:
        locks.rows(db, "followups", "id", [item_id])  # two owners moving one item: in turn
        row = survey_store.get_followup(db, item_id)
        if row is None:
            raise NotFound(ITEM_NOT_FOUND, id=item_id)
        require_valid(move_problems(item_id, row.status, target, note))
        text = normalize_text(note or "").strip()
        at, actor = session.now_iso(), session.user.username
        survey_store.add_step(db, item_id, at, actor, target.value, text)
        survey_store.set_status(db, item_id, target.value, at, actor, text if target is Status.RESOLVED else None)
        session.audit(f"followup_{target.value}", "followup", item_id, {"status": row.status},
                      {"status": target.value, "note": text})
        return _stored(db, item_id)


def contact(session: Session, item_id: int, note: str = "") -> FollowUp:
    """Record that the customer was contacted (again), with a note. Owner only; refused once resolved."""
    return _move(session, item_id, Status.CONTACTED, note)


def resolve_item(session: Session, item_id: int, resolution: str) -> FollowUp:
    """Close an item with how it was resolved (required). Owner only; refused when already resolved."""
    return _move(session, item_id, Status.RESOLVED, resolution)


def log_complaint(session: Session, kind: str, category: str, description: str, key: str | None = None,
                  purchase_id: int | None = None, refund_id: int | None = None) -> FollowUp:
    """Log a complaint or a return (``kind`` 'complaint' or 'return') with a category and a short
    description, optionally for a member and a purchase. Cashier or owner. It opens a follow-up item."""
    source = Source(kind)
    if source is Source.DETRACTOR:
        raise ValueError("detractor items are opened by surveys")
    with session.act(Action.LOG_COMPLAINT) as db:
        problems = validate_complaint(source, category, description)
        member_id = resolve(db, key).id if key else None
        if refund_id is not None:
            refunded = survey_store.refund_purchase(db, refund_id)
            if refunded is None:
                problems.append(Problem("refund", REFUND_NOT_FOUND, {"refund_id": refund_id}))
            elif purchase_id is None:
                purchase_id = refunded
            elif purchase_id != refunded:
                problems.append(Problem("refund", REFUND_OF_ANOTHER, {"refund_id": refund_id, "purchase_id": purchase_id}))
        if purchase_id is not None:
            p = purchase_store.get(db, purchase_id)
            if p is None:
                problems.append(Problem("purchase", PURCHASE_NOT_FOUND, {"purchase_id": purchase_id}))
            elif member_id is not None and p.member_id != member_id:
                problems.append(Problem("purchase", PURCHASE_OF_ANOTHER, {"purchase_id": purchase_id}))
            else:
                member_id = p.member_id
        if problems:
            raise ValidationError(problems)
        at, actor = session.now_iso(), session.user.username
        text = normalize_text(description).strip()
        item_id = survey_store.insert_followup(db, {
            "source": source.value, "member_id": member_id, "purchase_id": purchase_id, "refund_id": refund_id,
            "category": category, "description": text, "opened_at": at, "opened_by": actor,
        }, note=text)
        session.audit(f"log_{source.value}", "followup", item_id, None, {"category": category, "description": text})
        return _stored(db, item_id)
