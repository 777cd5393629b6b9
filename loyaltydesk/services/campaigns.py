"""Campaigns: add, edit, end, list (the owner, audited), what they give a purchase, and did they work.

The rules are ``domain.campaigns``; checkout (``services.checkout``) asks ``lines_for`` on its one
pricing path and ``record`` / ``refund_parts`` / ``take_back`` when it writes. Editing a running
campaign changes what it gives from then on: what was already given stays (ledger entries are never
changed, the member's counters stay)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from loyaltydesk.domain import campaigns as rules
from loyaltydesk.domain.analytics import SEGMENT_OF, SEGMENTS
from loyaltydesk.domain.checkout import CheckoutLines
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, NotFound, Problem, RuleViolation, ValidationError, require_valid
from loyaltydesk.domain.jalali import TEHRAN, add_months, from_iso, jalali_day, parse_jalali_date, start_of_jalali_day, to_iso
from loyaltydesk.domain.ledger import Kind
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import normalize_text
from loyaltydesk.store import campaigns as store
from loyaltydesk.store import club as club_store
from loyaltydesk.store import ledger as ledger_store
from loyaltydesk.store import locks
from loyaltydesk.store.db import Database
from loyaltydesk.store.members import Member

from . import analytics
from .session import Session

CAMPAIGN_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no campaign named {name}.")
ALREADY_ENDED = QT_TRANSLATE_NOOP("LoyaltyError", "Campaign {name} has already ended.")
TIER_NAME_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "There is no tier named {name}.")

UPCOMING, RUNNING, ENDED = "upcoming", "running", "ended"


@dataclass(frozen=True)
class CampaignForm:
    """A campaign as it is typed (the command line's options, the page's dialog): dates Jalali
    (inclusive), weekdays and tiers comma-separated, stacking "" for the club's."""

    name: str
    start: str
    end: str
    weekdays: str = ""
    hours: str = ""
    tiers: str = ""
    segment: str = ""
    birthday_month: int | None = None
    joined_from: str = ""
    joined_to: str = ""
    multiplier: int = 0
    bonus: int = 0
    min_purchase: int = 0
    nth_visit: int | None = None
    spend_target: int | None = None
    per_member_limit: int | None = None
    budget: int | None = None
    stacking: str = ""


@dataclass(frozen=True)
class CampaignView:
    """A campaign as listed: its definition, its state now, and what it has given."""

    campaign: rules.Campaign
    form: CampaignForm
    state: str  # upcoming | running | ended
    points: int  # given (less what refunds took back)
    uses: int
    members: int

    def as_dict(self) -> dict:
        return {**asdict(self.form), "id": self.campaign.id, "state": self.state, "points": self.points,
                "uses": self.uses, "members": self.members, "ended_at": self.campaign.ended_at}


def _day_start(text: str, field: str, found: list[Problem], days: int = 0) -> datetime | None:
    """00:00 Tehran of a Jalali date typed (``days`` later), or None with its problem in ``found``."""
    try:
        return start_of_jalali_day(parse_jalali_date(text, field) + timedelta(days=days))
    except ValidationError as e:
        found += e.problems
        return None


def _day_after(text: str, field: str, found: list[Problem]) -> datetime | None:
    """The end of an inclusive Jalali date: the next day's 00:00 in Tehran."""
    return _day_start(text, field, found, 1)


def build(db: Database, form: CampaignForm, campaign_id: int = 0) -> tuple[rules.Campaign, list[Problem]]:
    """The campaign a form describes and every problem of it (the form's and the rules'), at once."""
    found: list[Problem] = []
    if not form.start.strip() or not form.end.strip():
        start = end = None
        found.append(Problem("dates", rules.DATES_MISSING))
    else:
        start = _day_start(form.start, "start", found)
        end = _day_after(form.end, "end", found)
    weekdays, unknown = rules.parse_weekdays(form.weekdays)
    found += [Problem("weekdays", rules.WEEKDAY_UNKNOWN, {"value": w}) for w in unknown]
    if form.weekdays.strip() and not weekdays and not unknown:
        found.append(Problem("weekdays", rules.WEEKDAYS_EMPTY))
    hours = None
    if form.hours.strip():
        hours = rules.parse_hours(form.hours)
        if hours is None:
            found.append(Problem("hours", rules.HOURS_INVALID, {"value": form.hours}))
    tiers = {t.name: t.id for t in club_store.tiers(db) if t.id is not None}
    tier_ids: list[int] = []
    for name in (normalize_text(n) for n in form.tiers.split(",")):
        if name and name not in tiers:
            found.append(Problem("tiers", TIER_NAME_UNKNOWN, {"name": name}))
        elif name:
            tier_ids.append(tiers[name])
    joined_from = _day_start(form.joined_from, "joined_from", found) if form.joined_from.strip() else None
    joined_to = _day_after(form.joined_to, "joined_to", found) if form.joined_to.strip() else None
    segment = form.segment.strip().lower().replace("-", "_") or None
    campaign = rules.Campaign(
        id=campaign_id, name=normalize_text(form.name), start_at=to_iso(start) if start else "",
        end_at=to_iso(end) if end else "", weekdays=weekdays, hours=hours,
        target=rules.Target(tuple(sorted(set(tier_ids))), segment, form.birthday_month,
                            to_iso(joined_from) if joined_from else None, to_iso(joined_to) if joined_to else None),
        multiplier_pct=form.multiplier, bonus=form.bonus, nth_visit=form.nth_visit, spend_target=form.spend_target,
        min_purchase=form.min_purchase, per_member_limit=form.per_member_limit, budget=form.budget,
        stacking=form.stacking.strip().lower() or None,
    )
    if start is None or end is None:
        campaign = replace(campaign, start_at="x", end_at="y")  # the dates' own problems are already said
    found += [p for p in rules.validate(campaign, tier_ids=set(tiers.values()), segments=SEGMENTS,
                                        others=tuple(store.all_campaigns(db)))
              if not (start is None or end is None) or p.field not in ("dates", "end")]
    return campaign, found


def form_of(db: Database, c: rules.Campaign) -> CampaignForm:
    """The form that describes a stored campaign (the dialog's and ``edit``'s starting point)."""
    names = {t.id: t.name for t in club_store.tiers(db)}
    last_day = lambda iso: jalali_day(to_iso(from_iso(iso) - timedelta(seconds=1)))  # noqa: E731
    t = c.target
    return CampaignForm(
        name=c.name, start=jalali_day(c.start_at), end=last_day(c.end_at), weekdays=",".join(c.weekdays),
        hours=rules.format_hours(c.hours), tiers=",".join(names.get(i, str(i)) for i in t.tier_ids),
        segment=t.segment or "", birthday_month=t.birthday_month,
        joined_from=jalali_day(t.joined_from) if t.joined_from else "",
        joined_to=last_day(t.joined_to) if t.joined_to else "", multiplier=c.multiplier_pct, bonus=c.bonus,
        min_purchase=c.min_purchase, nth_visit=c.nth_visit, spend_target=c.spend_target,
        per_member_limit=c.per_member_limit, budget=c.budget, stacking=c.stacking or "",
    )


def _get(db: Database, name: str) -> rules.Campaign:
    c = store.by_name(db, normalize_text(name))
    if c is None:
        raise NotFound(CAMPAIGN_NOT_FOUND, name=name)
    return c


def add_campaign(session: Session, form: CampaignForm) -> rules.Campaign:
    """Add a campaign (owner). Refused with every problem of the form at once."""
    with session.act(Action.CHANGE_RULES) as db:
        campaign, found = build(db, form)
        require_valid(found)
        campaign = replace(campaign, id=store.insert(db, campaign, session.now_iso(), session.user.username))
        session.audit("add_campaign", "campaign", campaign.id, None, asdict(form_of(db, campaign)))
        return campaign


def edit_campaign(session: Session, name: str, form: CampaignForm) -> rules.Campaign:
    """Change a campaign (owner), also while it runs: from now on it gives by the new terms; what
    it already gave stays, and so do its members' visits, spend and uses so far."""
    with session.act(Action.CHANGE_RULES) as db:
        before = _get(db, name)
        if before.ended_at:
            raise RuleViolation(ALREADY_ENDED, name=before.name)
        campaign, found = build(db, form, before.id)
        require_valid(found)
        store.update(db, campaign)
        session.audit("edit_campaign", "campaign", before.id, asdict(form_of(db, before)), asdict(form))
        return campaign


def end_campaign(session: Session, name: str) -> rules.Campaign:
    """End a campaign now (owner): it gives nothing from now on; what it gave stays."""
    with session.act(Action.CHANGE_RULES) as db:
        c = _get(db, name)
        now = session.now_iso()
        if c.ended_at or c.end_at <= now:
            raise RuleViolation(ALREADY_ENDED, name=c.name)
        store.end(db, c.id, now)
        session.audit("end_campaign", "campaign", c.id, {"ended_at": None}, {"ended_at": now})
        return replace(c, ended_at=now)


def set_club_stacking(session: Session, stacking: str) -> None:
    """How campaigns that do not say combine: ``add`` (all give) or ``best`` (only the largest)."""
    with session.act(Action.CHANGE_RULES) as db:
        if stacking not in rules.STACKING:
            raise ValidationError([Problem("stacking", rules.STACKING_UNKNOWN, {"value": stacking})])
        before = store.club_stacking(db)
        store.set_club_stacking(db, stacking)
        session.audit("set_campaign_stacking", "settings", None, {"campaign_stacking": before},
                      {"campaign_stacking": stacking})


def club_stacking(session: Session) -> str:
    return store.club_stacking(session.db)


def state_of(c: rules.Campaign, now_iso: str) -> str:
    if c.end <= now_iso:
        return ENDED
    return RUNNING if c.start_at <= now_iso else UPCOMING


def list_campaigns(session: Session) -> list[CampaignView]:
    session.require(Action.READ_REPORTS)
    db, now = session.db, session.now_iso()
    out = []
    for c in store.all_campaigns(db):
        t = store.totals(db, c.id)
        out.append(CampaignView(c, form_of(db, c), state_of(c, now), t.points, t.uses, t.members))
    return out


def get_campaign(session: Session, name: str) -> CampaignView:
    session.require(Action.READ_REPORTS)
    db = session.db
    c = _get(db, name)
    t = store.totals(db, c.id)
    return CampaignView(c, form_of(db, c), state_of(c, session.now_iso()), t.points, t.uses, t.members)


# --- what campaigns give a purchase (checkout's pricing path) ---------------------------------

def _segment(db: Database, member_id: int, now_iso: str) -> str | None:
    """The member's RFM segment as the analytics report names it (None: never bought), scored by
    the day's cut points the daily run stored (``analytics.till_cuts``: a settings row read once per
    connection, not the stats' indexes walked on the cashier's commit path)."""
    stats = db.one("SELECT last_at, visits, spend FROM member_stats WHERE member_id = ?", (member_id,))
    if stats is None:
        return None
    cuts = analytics.till_cuts(db, now_iso)
    return None if cuts is None else SEGMENT_OF[cuts.scores(*stats)]


def _birth_month(birthday: str | None) -> int | None:
    try:
        return int(birthday.split("/")[1]) if birthday else None
    except (IndexError, ValueError):
        return None


def lines_for(db: Database, row: Member, lines: CheckoutLines, at: str) -> list[rules.Line]:
    """The campaign lines of a purchase priced as ``lines`` at ``at`` for ``row`` (zero-point lines
    included: the purchase still counts as a visit in them). Reads the few running campaigns (kept
    per connection) and one row per qualifying campaign and member; nothing when none runs."""
    running, stacking = store.running_and_stacking(db)
    campaigns = [c for c in running if c.start_at <= at < c.end]
    if not campaigns:
        return []
    moment = from_iso(at)
    purchase = rules.PurchaseFacts(lines.gross, lines.net, lines.base_points, moment.astimezone(TEHRAN), at)
    segment = _segment(db, row.id, at) if rules.needs_segment(campaigns) else None
    member = rules.MemberFacts(row.tier_id, segment, _birth_month(row.birthday), row.joined_at)
    qualifying = rules.qualifying(campaigns, purchase, member)
    if not qualifying:
        return []
    ids = [c.id for c in qualifying]
    return rules.apply(qualifying, purchase, member, store.standings(db, row.id, ids),
                       store.budgets_left(db, qualifying), stacking)


def hold_budgets(db: Database, at: str) -> None:
    """Hold the totals of the campaigns running at ``at`` that have a budget, until the purchase's
    transaction ends: two tills' purchases never both spend its last points (``store.locks``)."""
    running, _stacking = store.running_and_stacking(db)
    locks.rows(db, "campaign_totals", "campaign_id",
               (c.id for c in running if c.budget is not None and c.start_at <= at < c.end))


def record(db: Database, member_id: int, purchase_id: int, given: list[rules.Line], lines: CheckoutLines,
           moment: datetime, at_iso: str, actor: str, expiry_months: int) -> None:
    """Write what the campaigns gave a registered purchase: one bonus entry per campaign that gave
    points (expiring like an earn lot), and the member's counters in every qualifying campaign."""
    expires = to_iso(add_months(moment, expiry_months)) if expiry_months else None
    for line in given:
        if line.points > 0:
            ledger_store.append(db, member_id, Kind.BONUS, line.points, at_iso, actor, expires_at=expires,
                                purchase_id=purchase_id, bonus_key=store.bonus_key(line.campaign.id, purchase_id),
                                reason=f"campaign {line.campaign.name}")
        store.count(db, line.campaign.id, member_id, lines.gross, line.points)


def given_names(db: Database, purchase_id: int) -> tuple[tuple[str, int], ...]:
    """(campaign name, points) of what a registered purchase was given (a repeat, a reprint)."""
    given = store.given_for(db, purchase_id)
    names = store.campaign_names(db, {g.campaign_id for g in given})
    return tuple((names.get(g.campaign_id, ""), g.points) for g in given)


def refund_parts(db: Database, purchase_id: int, gross: int, refunded_before: int, amount: int) -> list[tuple[store.Given, int]]:
    """What a refund of ``amount`` (gross) takes back of each campaign entry of the purchase: its
    share on the running total, differenced (parts add up to the whole), never more than the entry
    still holds of what expiry and earlier refunds left."""
    out = []
    for g in store.given_for(db, purchase_id):
        share = g.points * (refunded_before + amount) // gross - g.points * refunded_before // gross
        share = min(share, max(0, g.points - store.reversed_of(db, g.id)))
        if share > 0:
            out.append((g, share))
    return out


def taken_from(db: Database, entry_id: int) -> int:
    """Points already drawn from an entry's lot by expiry and refunds."""
    return store.reversed_of(db, entry_id)


def take_back(db: Database, parts: list[tuple[store.Given, int]], purchase_id: int, refund_id: int,
              now_iso: str, actor: str, reason: str) -> None:
    """Write a refund's reversal of campaign points (each pointing at the entry it reverses) and
    give them back to the campaign's budget."""
    for g, points in parts:
        ledger_store.append(db, g.member_id, Kind.REVERSE, -points, now_iso, actor, lot_id=g.id, reverses_id=g.id,
                            purchase_id=purchase_id, refund_id=refund_id, reason=reason)
        store.take_back(db, g.campaign_id, g.member_id, 0, points)


# --- did it work ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CampaignReport:
    """One campaign against the same length of time just before it."""

    name: str
    state: str
    start: str  # Jalali, inclusive
    end: str  # Jalali, inclusive (the last day counted so far)
    days: int
    members_counted: int  # members with a qualifying purchase
    members_reached: int  # members it gave points to
    uses: int  # purchases it gave points to
    points: int  # its cost in points (less what refunds took back)
    points_value: int  # rials those points pay when redeemed
    purchases: int  # the whole club's, during
    buyers: int
    sales: int  # net less refunds, during
    purchases_before: int
    buyers_before: int
    sales_before: int

    @property
    def sales_change(self) -> int:
        return self.sales - self.sales_before

    def as_dict(self) -> dict:
        return {**asdict(self), "sales_change": self.sales_change}


def report(session: Session, name: str) -> CampaignReport:
    """Did it work: members reached, uses, the club's sales while it ran (so far), its points and
    their rial value, against the same length of time just before it started."""
    session.require(Action.READ_REPORTS)
    db = session.db
    c = _get(db, name)
    now = session.now_iso()
    until = min(c.end, max(now, c.start_at))
    length = from_iso(until) - from_iso(c.start_at)
    before_start = to_iso(from_iso(c.start_at) - length)
    t = store.totals(db, c.id)
    during = store.sales_between(db, c.start_at, until)
    before = store.sales_between(db, before_start, c.start_at)
    value = club_store.club_settings(db).point_value
    return CampaignReport(
        name=c.name, state=state_of(c, now), start=jalali_day(c.start_at),
        end=jalali_day(to_iso(from_iso(until) - timedelta(seconds=1))) if until > c.start_at else jalali_day(c.start_at),
        days=-(-int(length.total_seconds()) // 86_400), members_counted=t.members, members_reached=t.reached,
        uses=t.uses, points=t.points, points_value=t.points * value, purchases=during[0], buyers=during[1],
        sales=during[2], purchases_before=before[0], buyers_before=before[1], sales_before=before[2],
    )
