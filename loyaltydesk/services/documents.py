"""What printed documents show, gathered as plain data: a purchase's receipt, members' cards.

The printing package turns these values into PDFs (and ESC/POS rasters); it never sees the
database. Receipts need only what a cashier may see (``FIND_MEMBER``); cards need
``PRINT_CARDS`` (owner and cashier). A batch of cards is audited: it is personal data on paper.
"""

from __future__ import annotations

from datetime import timedelta

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, NotFound, Problem, ValidationError
from loyaltydesk.domain.jalali import (
    format_jalali, format_moment, from_iso, jalali_of, parse_jalali_date, start_of_jalali_day, to_iso,
)
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.tiers import Tier, next_tier, window_start
from loyaltydesk.printing.cards import CardData
from loyaltydesk.printing.receipts import ReceiptData
from loyaltydesk.store import club as club_store
from loyaltydesk.store import documents as doc_store
from loyaltydesk.store import members as member_store
from loyaltydesk.store import offers as offer_store
from loyaltydesk.store import purchases as purchase_store
from loyaltydesk.store.documents import CardHolder
from loyaltydesk.store.members import Member

from . import campaigns as campaign_service
from .checkout import PURCHASE_NOT_FOUND
from .club import get_tier
from .members import full_name, resolve
from .session import Session

CHOOSE_MEMBERS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Choose whose cards to print: all members, a tier, or those who joined since a date."
)
NO_KEYS = QT_TRANSLATE_NOOP("LoyaltyError", "Give at least one card number or mobile.")
NO_MATCHING_MEMBERS = QT_TRANSLATE_NOOP("LoyaltyError", "No active member matches; there is no card to print.")
MAX_BATCH = 100_000


def _card(row: Member | CardHolder, tiers_by_id: dict[int | None, Tier]) -> CardData:
    tier = tiers_by_id.get(row.tier_id)
    return CardData(
        card=row.card,
        name=full_name(row.first_name, row.last_name),
        tier=tier.name if tier else None,
        tier_color=tier.color if tier else None,
        joined=format_moment(from_iso(row.joined_at))[:10],
    )


def shop_name(session: Session) -> str:
    return club_store.club_settings(session.db).shop_name


def card_data(session: Session, key: str) -> CardData:
    """The card of one member, found by card number or mobile."""
    session.require(Action.PRINT_CARDS)
    tiers = {t.id: t for t in club_store.tiers(session.db)}
    return _card(resolve(session.db, key), tiers)


def cards_for_keys(session: Session, keys) -> list[CardData]:
    """Cards of the members named by ``keys`` (card numbers or mobiles), in the order given.
    Every key is checked first: all the keys that match nobody are reported at once."""
    session.require(Action.PRINT_CARDS)
    keys = [k for k in keys if str(k).strip()]
    if not keys:
        raise ValidationError([Problem("keys", NO_KEYS)])
    db = session.db
    tiers = {t.id: t for t in club_store.tiers(db)}
    rows: list[Member] = []
    problems: list[Problem] = []
    for key in keys:
        try:
            rows.append(resolve(db, key))
        except (NotFound, ValidationError) as e:
            problems += getattr(e, "problems", ()) or [Problem("keys", e.template, e.params)]
    if problems:
        raise ValidationError(problems)
    return [_card(row, tiers) for row in rows]


def cards_batch(session: Session, *, since: str | None = None, tier: str | None = None,
                everyone: bool = False) -> list[CardData]:
    """Cards of active members: everyone, those in ``tier`` (a tier name), those who joined on or
    after the Jalali date ``since`` (e.g. ``1404/01/01``), or both filters together. Refuses an
    empty choice (no filter and not everyone) and a choice that matches nobody."""
    with session.act(Action.PRINT_CARDS) as db:
        if not (since or tier or everyone):
            raise ValidationError([Problem("members", CHOOSE_MEMBERS)])
        tiers = {t.id: t for t in club_store.tiers(db)}
        tier_id = None
        if tier:
            tier_id = get_tier(session, tier).id
        since_iso = to_iso(start_of_jalali_day(parse_jalali_date(since, "since"))) if since else None
        rows = doc_store.members_for_cards(db, since=since_iso, tier_id=tier_id)[:MAX_BATCH]
        if not rows:
            raise NotFound(NO_MATCHING_MEMBERS)
        session.audit("print_cards", "member", None, None,
                      {"count": len(rows), "since": since, "tier": tier, "all": everyone})
        return [_card(row, tiers) for row in rows]


def receipt_data(session: Session, purchase_id: int) -> ReceiptData:
    """A purchase as its receipt shows it: the checkout lines as they were priced, the balance
    right after it, the tier it left the member in and the way to the next one."""
    session.require(Action.FIND_MEMBER)
    db = session.db
    p = purchase_store.get(db, purchase_id)
    if p is None:
        raise NotFound(PURCHASE_NOT_FOUND, purchase_id=purchase_id)
    settings = club_store.club_settings(db)
    tiers = club_store.tiers(db)
    by_id = {t.id: t for t in tiers}
    member = member_store.get(db, p.member_id)
    assert member is not None  # a purchase's member is never deleted
    priced = by_id.get(p.tier_id)
    after_id = doc_store.upgrade_of_purchase(db, purchase_id) or p.tier_id
    after = by_id.get(after_id)
    at = from_iso(p.at)
    spend = purchase_store.spend_between(db, p.member_id, to_iso(window_start(settings.window, at)),
                                         to_iso(at + timedelta(seconds=1)))
    nxt = next_tier(tiers, after_id) if after_id is not None else None
    to_next = progress = None
    if nxt is not None:
        to_next = max(0, nxt.threshold - spend)
        progress = min(10_000, spend * 10_000 // nxt.threshold) if nxt.threshold else 10_000
    discount_bp = priced.discount_bp if priced and p.lines.tier_discount == p.lines.gross * priced.discount_bp // 10_000 else 0
    cashier = club_store.user_by_name(db, p.actor)
    used = offer_store.used_by_purchase(db, purchase_id)
    earned = offer_store.issued_by_purchase(db, purchase_id)
    next_offer = None
    if earned is not None:
        last = jalali_of(from_iso(earned.expires_at) - timedelta(seconds=1)).date()
        next_offer = (earned.code, earned.percent_bp, earned.amount, earned.min_purchase, format_jalali(last))
    return ReceiptData(
        shop_name=settings.shop_name, purchase_id=p.id, at=p.at,
        member_name=full_name(member.first_name, member.last_name), card=member.card,
        gross=p.lines.gross, tier_discount=p.lines.tier_discount, tier_discount_bp=discount_bp,
        coupon_code=p.lines.coupon_code, coupon_discount=p.lines.coupon_discount,
        points_redeemed=p.lines.points_redeemed, redeem_value=p.lines.redeem_value, net=p.lines.net,
        points_earned=p.lines.points_earned,
        balance=doc_store.balance_after_purchase(db, p.member_id, purchase_id, p.recorded_at),
        unit=settings.display_unit, tier=priced.name if priced else None, tier_after=after.name if after else None,
        next_tier=nxt.name if nxt else None, to_next_tier=to_next, progress_bp=progress,
        thank_you=settings.thank_you, refunded=p.refunded,
        cashier=(cashier.display_name if cashier and cashier.display_name else ""),
        campaigns=campaign_service.given_names(db, purchase_id),
        offer_rule=used.rule if used else None,
        rewards=tuple((g.name, g.points) for g in offer_store.rewards_of_purchase(db, purchase_id)),
        next_offer=next_offer,
    )

