"""The member's whole story: what they spent, how often and when they came, their RFM segment,
the points that expire next, their open follow-ups and (once offers exist) their active offers.

``member_story`` runs each time a member opens at the till, so it reads only indexed rows of that
member (store/story.py) and the RFM cut points kept by services/analytics.py (``rfm_cuts``): a few
pages, never a scan, at any size of the club.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.jalali import from_iso, jalali_day, jalali_of, start_of_jalali_day, to_iso
from loyaltydesk.domain.roles import Action, may
from loyaltydesk.store import story as store

from . import analytics
from .offers import active_offers
from .members import resolve
from .session import Session

OPEN_FOLLOWUPS_SHOWN = 20


@dataclass(frozen=True)
class FollowUpLine:
    id: int
    source: str  # detractor | complaint | return
    status: str  # open | contacted
    category: str | None
    description: str
    opened_at: str


@dataclass(frozen=True)
class MemberStory:
    """One member's story in plain values (rials, points, ISO moments with their Jalali day)."""

    member_id: int
    lifetime_spend: int  # gross less refunds, every purchase ever
    visits: int  # purchases ever (a refunded one still was a visit)
    last_visit: str | None  # ISO UTC
    last_visit_jalali: str | None
    days_since_visit: int | None  # whole Tehran days since the last visit (0: today)
    first_visit: str | None
    average_basket: int  # lifetime spend // visits (0 without a visit)
    segment: str | None  # RFM segment key (domain/analytics.py), None until they buy
    expiring_points: int  # points of the lots expiring on the next expiry day
    expiring_at: str | None  # the first of those lots' moment (ISO UTC)
    expiring_jalali: str | None  # its Jalali day
    open_followups: int  # follow-up items not yet resolved
    followups: tuple[FollowUpLine, ...]  # the oldest 20 of them (the owner's: empty for a cashier)
    offers: tuple = ()  # the member's offers usable now (services/offers.py OfferView), soonest to expire first

    def as_dict(self) -> dict:
        return asdict(self)


def member_story(session: Session, member_id: int) -> MemberStory:
    """The story of the member with this id (see the module docstring)."""
    session.require(Action.FIND_MEMBER)
    db = session.db
    now = session.now()
    now_iso = to_iso(now)
    life = store.lifetime(db, member_id)
    segment = None
    last_jalali = None
    days_since = None
    if life is not None:
        cuts = analytics.story_cuts(db, now_iso)
        if cuts is not None:
            segment = rules.SEGMENT_OF[cuts.scores(life.last_at, life.visits, life.spend)]
        last_jalali = jalali_day(life.last_at)
        days_since = max(0, (jalali_of(now).date() - jalali_of(from_iso(life.last_at)).date()).days)
    expiring_at = store.next_expiry(db, member_id, now_iso)
    expiring = 0
    if expiring_at is not None:  # every lot that expires on that same Tehran day
        day_end = to_iso(start_of_jalali_day(jalali_of(from_iso(expiring_at)).date() + timedelta(days=1)))
        expiring = store.expiring_between(db, member_id, now_iso, day_end)
    shown = may(session.user.role, Action.FOLLOW_UP)
    items = store.open_followups(db, member_id, OPEN_FOLLOWUPS_SHOWN) if shown else []
    visits = life.visits if life else 0
    spend = life.spend if life else 0
    return MemberStory(
        member_id=member_id, lifetime_spend=spend, visits=visits,
        last_visit=life.last_at if life else None, last_visit_jalali=last_jalali, days_since_visit=days_since,
        first_visit=life.first_at if life else None, average_basket=spend // visits if visits else 0,
        segment=segment, expiring_points=expiring, expiring_at=expiring_at,
        expiring_jalali=jalali_day(expiring_at) if expiring_at else None,
        open_followups=store.open_followup_count(db, member_id),
        followups=tuple(FollowUpLine(*i) for i in items),
        offers=tuple(active_offers(session, member_id)),
    )


def story_of(session: Session, key: str) -> MemberStory:
    """The story of the member with this card or mobile."""
    session.require(Action.FIND_MEMBER)
    return member_story(session, resolve(session.db, key).id)
