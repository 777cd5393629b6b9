"""The look-ups printed documents need: who gets a card, and a purchase as its receipt showed it."""

from __future__ import annotations

from typing import NamedTuple

from .db import Database
from .purchases import upgrade_of
from .rows import columns, fetch_all


class CardHolder(NamedTuple):
    """What a member's printed card needs."""

    id: int
    card: str
    first_name: str
    last_name: str
    tier_id: int | None
    joined_at: str  # UTC ISO
    status: str


CARD_COLUMNS = columns(CardHolder)


def members_for_cards(db: Database, *, since: str | None = None, tier_id: int | None = None) -> list[CardHolder]:
    """Active members joined at or after ``since`` (ISO UTC) and/or in tier ``tier_id``, oldest first.

    In one tier, ``members_list_status`` (status, tier_id, joined_at) is a range already in this
    order. Otherwise ``members_list_joined`` (joined_at, id, status, tier_id) is: from ``since`` on,
    in order, status read in the index. Left to itself the planner (no statistics) takes
    ``members_list_status`` on status alone, walks every active member and sorts the ones it keeps."""
    where: list[str] = ["status = 'active'"]
    params: list[object] = []
    if since is not None:
        where.append("joined_at >= ?")
        params.append(since)
    if tier_id is not None:
        where.append("tier_id = ?")
        params.append(tier_id)
    hint = "" if tier_id is not None else "INDEXED BY members_list_joined "
    return fetch_all(db, CardHolder,
                     f"SELECT {CARD_COLUMNS} FROM members {hint}WHERE {' AND '.join(where)} ORDER BY joined_at, id",
                     tuple(params))


def balance_after_purchase(db: Database, member_id: int, purchase_id: int, recorded_at: str) -> int:
    """The member's points balance just after the purchase's own ledger entries were written
    (entries are append-only, so the ids tell the order); a purchase that wrote none counts every
    entry dated no later than when it was recorded."""
    last = db.value("SELECT MAX(id) FROM ledger WHERE member_id = ? AND purchase_id = ?", (member_id, purchase_id))
    if last is None:
        last = db.value("SELECT MAX(id) FROM ledger WHERE member_id = ? AND at <= ?", (member_id, recorded_at))
    if last is None:
        return 0
    return db.value("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = ? AND id <= ?", (member_id, last))


def upgrade_of_purchase(db: Database, purchase_id: int) -> int | None:
    """The tier a purchase moved its member up to, or None (``purchases.upgrade_of``)."""
    return upgrade_of(db, purchase_id)
