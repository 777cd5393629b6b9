"""Price a purchase, register it, refund it: the checkout arithmetic, the ledger, the instant upgrade.

A purchase is priced on one path (``price_purchase``): the cashier's live preview, the quote and
``register_purchase`` all get the same lines and the same problems, every one of them at once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta

from loyaltydesk.domain import checkout as rules
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, Problem, Rials, RuleViolation, ValidationError
from loyaltydesk.domain.jalali import add_months, from_iso, to_iso
from loyaltydesk.domain.ledger import Kind, expired
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import normalize_text
from loyaltydesk.domain.tiers import Standing, ordered, rank, tier_for, upgrade_after_purchase, visit_floors, window_start
from loyaltydesk.store import club as club_store
from loyaltydesk.store import ledger as ledger_store
from loyaltydesk.store import locks
from loyaltydesk.store import members as member_store
from loyaltydesk.store import offers as offer_store
from loyaltydesk.store import purchases as purchase_store
from loyaltydesk.store import visits as visit_store
from loyaltydesk.store.members import Member
from loyaltydesk.store.purchases import Purchase

from . import campaigns as campaign_service
from .members import FAR_FUTURE, resolve, resolve_held
from .offers import issue_next_order, offer_problems, use_offer, withdraw_earned
from .points import expire_member, referral_bonus, referred_bonus
from .rewards import reward_checks, take_reward
from . import sms
from .session import Session

BLOCKED = QT_TRANSLATE_NOOP("LoyaltyError", "Member {card} is blocked: no purchases or redemptions.")
COUPON_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "There is no coupon {code}.")
COUPON_INACTIVE = QT_TRANSLATE_NOOP("LoyaltyError", "Coupon {code} is not valid now.")
COUPON_USED_UP = QT_TRANSLATE_NOOP("LoyaltyError", "Coupon {code} has been used up.")
COUPON_USED_BY_MEMBER = QT_TRANSLATE_NOOP("LoyaltyError", "This member has already used coupon {code}.")
AT_BEFORE_JOINING = QT_TRANSLATE_NOOP("LoyaltyError", "The member joined at {joined}: a purchase cannot be earlier.")
AT_IN_FUTURE = QT_TRANSLATE_NOOP("LoyaltyError", "A purchase cannot be registered in the future.")
PURCHASE_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no purchase {purchase_id}.")
FULLY_REFUNDED = QT_TRANSLATE_NOOP("LoyaltyError", "Purchase {purchase_id} has already been refunded in full.")
REFUND_TOO_LARGE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "At most {remaining} of purchase {purchase_id} can still be refunded."
)
REFUND_NOT_POSITIVE = QT_TRANSLATE_NOOP("LoyaltyError", "A refund amount must be more than zero.")


def _stored(lines: rules.CheckoutLines) -> dict:
    """The lines a purchase keeps, by name (the campaigns' names are in their ledger entries)."""
    return {name: getattr(lines, name) for name in purchase_store.LINE_COLUMNS}


@dataclass(frozen=True)
class Pricing:
    """A purchase priced as ``register_purchase`` prices it, written nowhere: its lines (None while
    it cannot be made: no amount, an amount above the club's ceiling, a blocked member), the most
    points it may redeem, the member's balance, and every problem, each with its field."""

    lines: rules.CheckoutLines | None
    max_redeem: int
    balance: int
    problems: tuple[Problem, ...] = ()
    campaign_lines: tuple = ()  # domain.campaigns.Line of every qualifying campaign (0 points included)


@dataclass(frozen=True)
class PurchaseResult:
    """A purchase registered: its checkout lines, and where it left the member."""

    purchase_id: int
    member_id: int
    card: str
    at: str
    lines: rules.CheckoutLines
    tier_before: str | None
    tier_after: str | None
    upgraded: bool
    balance: int
    referrer_bonus: int
    reward: str | None = None  # a reward given with the purchase (its points are not the lines')
    reward_points: int = 0
    offer_issued: str | None = None  # the next-order offer this purchase earned
    referred_bonus: int = 0  # the member's own referral reward, at their first purchase
    sms_queued: bool = False  # a text message with the points and balance is queued (services/sms.py)

    def as_dict(self) -> dict:
        """One flat record (the command line's JSON, the audit log): the lines in their place."""
        flat: dict = {}
        for f in fields(self):
            if f.name == "lines":
                flat.update({k: v for k, v in _stored(self.lines).items() if k != "campaign_points"})
            else:
                flat[f.name] = getattr(self, f.name)
        # the campaigns' line last (its keys came after the others')
        flat["campaign_points"] = self.lines.campaign_points
        flat["campaigns"] = [{"name": n, "points": p} for n, p in self.lines.campaigns]
        return flat


@dataclass(frozen=True)
class RefundResult:
    refund_id: int
    purchase_id: int
    amount: int
    net_refunded: int
    points_reversed: int
    points_returned: int
    tier_before: str | None
    tier_after: str | None
    balance: int

    def as_dict(self) -> dict:
        return asdict(self)


def _coupon(db, code: str | None, member_id: int, at: str) -> tuple[rules.Coupon | None, list[Problem]]:
    """The coupon typed, as checkout prices it, and what is wrong with it (unknown; not valid at
    ``at``; used up; already used by this member). A coupon with a problem prices nothing."""
    if not code:
        return None, []
    code = normalize_text(code).upper()
    c = club_store.coupon(db, code)
    if c is None:
        return None, [Problem("coupon", COUPON_UNKNOWN, {"code": code})]
    found = []
    if not c.active or (c.valid_from and at < c.valid_from) or (c.valid_to and at > c.valid_to):
        found.append(Problem("coupon", COUPON_INACTIVE, {"code": code}))
    if c.max_uses is not None and purchase_store.coupon_uses(db, code) >= c.max_uses:
        found.append(Problem("coupon", COUPON_USED_UP, {"code": code}))
    if c.once_per_member and purchase_store.coupon_uses(db, code, member_id):
        found.append(Problem("coupon", COUPON_USED_BY_MEMBER, {"code": code}))
    return (None if found else rules.Coupon(code, c.percent_bp, c.amount)), found


def _price(session: Session, row: Member, gross: int, redeem: int, coupon_code: str | None, at: str, balance: int,
           reward: str | None = None):
    """The one pricing path: ``price_purchase`` for the preview and the quote, and
    ``register_purchase`` (which also needs the settings and tiers it read, and the member's tier).
    An offer is a coupon with its own checks (``offers.offer_problems``); a reward is checked
    against what the balance keeps after this purchase's redemption."""
    db = session.db
    settings = club_store.club_settings(db)
    tiers = club_store.tiers(db)
    tier = next((t for t in tiers if t.id == row.tier_id), None)
    tier_rules = settings.rules(tier.discount_bp, tier.multiplier_pct) if tier else settings.rules()
    active = row.status == "active"
    coupon, coupon_problems = _coupon(db, coupon_code, row.id, at)
    offered = offer_problems(db, coupon_code, row.id, gross, at)
    if offered is not None:  # an offer: its own words for used and expired, and its member and minimum
        coupon_problems = [p for p in coupon_problems
                           if p.template not in (COUPON_INACTIVE, COUPON_USED_UP, COUPON_USED_BY_MEMBER)] + offered
        coupon = None if coupon_problems else coupon
    coupon_problems += reward_checks(db, reward, balance - max(redeem, 0))[1]
    found = rules.problems(gross, tier_rules, coupon, redeem, balance)
    lines, most = None, 0
    if active and not any(p.field == "amount" for p in found):
        lines = rules.compute(gross, tier_rules, coupon, 0, balance)
        most = rules.max_redeemable(lines.after_coupon, balance, tier_rules)
        if redeem and not found:
            lines = rules.compute(gross, tier_rules, coupon, redeem, balance)
    given: tuple = ()
    if lines is not None:  # step 6's "+ campaign bonuses" (services/campaigns.py)
        given = tuple(campaign_service.lines_for(db, row, lines, at))
        lines = rules.with_campaigns(lines, [(ln.campaign.name, ln.points) for ln in given])
    blocked = [] if active else [Problem("member", BLOCKED, {"card": row.card})]
    return Pricing(lines, most, balance, (*blocked, *found, *coupon_problems), given), settings, tiers, tier


def balance_now(db, row: Member, now_iso: str) -> int:
    """The points a member can use now: the stored balance less lots past their date that expiry
    has not yet written off (a preview prices with this; a purchase expires them first)."""
    return row.points - sum(lot.remaining for lot in expired(ledger_store.open_lots(db, row.id), now_iso))


def price_purchase(session: Session, key: str, gross: int, redeem: int = 0, coupon: str | None = None,
                   reward: str | None = None) -> Pricing:
    """Price the purchase being typed, as ``register_purchase`` would price it now, writing nothing.

    The form's mistakes and the club's refusals never raise: every one comes back as a problem
    with its field (a blocked member, no amount, an amount above the ceiling, a coupon unknown,
    not valid or used up, a redemption beyond the balance or the cap), so the page can show each
    beside its field as the cashier types. A key that names no member still raises."""
    session.require(Action.PURCHASE)
    row = resolve(session.db, key)
    now = session.now_iso()
    return _price(session, row, gross, redeem, coupon, now, balance_now(session.db, row, now), reward)[0]


def quote(session: Session, key: str, gross: int, redeem: int = 0, coupon: str | None = None,
          reward: str | None = None) -> rules.CheckoutLines:
    """The checkout lines a purchase would get now, written nowhere; refused, with every problem,
    as ``register_purchase`` would refuse it (the command line's quote)."""
    priced = price_purchase(session, key, gross, redeem, coupon, reward)
    if priced.lines is None or priced.problems:
        raise rules.CheckoutRefused(priced.problems)
    return priced.lines


def register_purchase(session: Session, key: str, gross: int, redeem: int = 0, coupon: str | None = None,
                      at: datetime | None = None, checkout_key: str | None = None,
                      reward: str | None = None) -> PurchaseResult:
    """Register one purchase, priced in the fixed order of the club's rules (docs/rules.md) at the member's current tier.

    Expired lots are expired first, so a redemption sees the true balance. Priced by the same path
    as ``price_purchase``, and refused (``CheckoutRefused``, every problem at once) for any problem
    it finds: a blocked member, an amount that is not positive or above the ceiling, a redemption
    beyond the balance or the cap or while the balance is not positive, a coupon that is unknown,
    inactive or used up. ``at`` (a purchase from a paper slip after an outage) needs the owner and
    may not be in the future nor before the member joined. If the purchase crosses a threshold the
    member moves up at once; this purchase was priced and earned at the old tier.
    ``checkout_key`` (one per checkout screen): a repeat with the same key returns the first
    result and writes nothing; the same key for another member or amount is a Conflict.
    ``coupon`` may be one of the member's offers (``services.offers``): it is marked used here, and a
    refund does not give it back. ``reward`` (a name of the catalog) is given with the purchase: a
    ``redeem`` entry of its points beside the purchase's own, refused with the rest when it cannot be
    (``rewards.reward_checks``). A purchase above the next-order rule's amount earns that offer.
    """
    with session.act(Action.PURCHASE, pipelined=True) as db:
        now = session.now()
        problems = []
        if at is not None:
            session.require(Action.BACKDATE_PURCHASE)
            if at > now:
                problems.append(Problem("at", AT_IN_FUTURE))
        moment = at or now
        at_iso = to_iso(moment)
        # another till's purchase for this member (or a bonus for their referrer) waits, or is read now
        row = resolve_held(db, key)
        if checkout_key is not None and (first := _repeat(session, row, checkout_key, gross, redeem, coupon)):
            return first
        _hold_limits(db, coupon, at_iso)
        if at_iso < row.joined_at:
            problems.append(Problem("at", AT_BEFORE_JOINING, {"joined": row.joined_at}))
        actor = session.user.username
        # the row was read in this transaction, once held: its balance holds unless expiry has just
        # written something off
        expired_points = expire_member(db, row.id, session.now_iso(), actor)
        balance = ledger_store.balance(db, row.id) if expired_points else row.points
        priced, settings, tiers, tier = _price(session, row, gross, redeem, coupon, at_iso, balance, reward)
        problems += priced.problems
        if problems or priced.lines is None:
            raise rules.CheckoutRefused(problems)
        lines = priced.lines
        purchase_id, first_purchase = purchase_store.insert_first(
            db, member_id=row.id, at=at_iso, recorded_at=session.now_iso(), actor=actor, tier_id=row.tier_id,
            lines=lines, checkout_key=checkout_key)
        if lines.points_redeemed:
            ledger_store.append(db, row.id, Kind.REDEEM, -lines.points_redeemed, at_iso, actor,
                                purchase_id=purchase_id)
        if lines.base_points:
            expires = to_iso(add_months(moment, settings.expiry_months)) if settings.expiry_months else None
            ledger_store.append(db, row.id, Kind.EARN, lines.base_points, at_iso, actor,
                                expires_at=expires, purchase_id=purchase_id)
        if priced.campaign_lines:
            campaign_service.record(db, row.id, purchase_id, list(priced.campaign_lines), lines, moment, at_iso,
                                    actor, settings.expiry_months)
        bonus = referral_bonus(db, settings, row, at_iso, actor, purchase_id) if first_purchase else 0
        own_bonus = referred_bonus(db, settings, row, at_iso, actor, purchase_id) if first_purchase else 0
        use_offer(db, lines.coupon_code, purchase_id, at_iso)
        given = reward_checks(db, reward, 0)[0] if reward else None
        if given is not None:
            take_reward(session, given, row.id, at_iso, purchase_id)
        offer_issued = issue_next_order(session, row.id, purchase_id, gross, moment)
        start = to_iso(window_start(settings.window, moment))
        end = to_iso(moment + timedelta(seconds=1))
        # the balance is read here: nothing after this changes the member's points
        spend, balance = purchase_store.spend_and_balance(db, row.id, start, end)
        floors = visit_floors(tiers)
        visits = visit_store.count_between(db, row.id, floors, start, end)
        # the member's window spend in their row, summed again if it no longer held (the triggers
        # have added this purchase to a figure that did); the row keeps the window of now, also
        # after a slip; and so are their visits kept
        kept_start = start if at is None else to_iso(window_start(settings.window, now))
        member_store.refresh_window_of(db, row.id, kept_start)
        visit_store.refresh_of(db, row.id, floors, kept_start)
        up = upgrade_after_purchase(tiers, row.tier_id, spend, visits)
        if up is not None:
            member_store.set_tier(db, row.id, up.id, at_iso)
            member_store.add_tier_history(db, row.id, at_iso, row.tier_id, up.id, "purchase", spend, actor,
                                          purchase_id)
        result = PurchaseResult(
            purchase_id=purchase_id, member_id=row.id, card=row.card, at=at_iso, lines=lines,
            tier_before=tier.name if tier else None,
            tier_after=up.name if up else (tier.name if tier else None), upgraded=up is not None,
            balance=balance, referrer_bonus=bonus, referred_bonus=own_bonus,
            reward=given.name if given else None, reward_points=given.points if given else 0,
            offer_issued=offer_issued,
        )
        if at is None:  # a purchase from a paper slip is not texted hours later
            queued = sms.after_purchase(db, now, row, purchase_id, lines.points_earned, result.balance,
                                        result.tier_after)
            result = replace(result, sms_queued=queued is not None)
        session.audit("register_purchase" if at is None else "register_backdated_purchase", "purchase",
                      purchase_id, None, result.as_dict())
        return result


def _hold_limits(db, coupon: str | None, at_iso: str) -> None:
    """Hold what a purchase counts against besides its member (another till's purchase waits): the
    coupon's uses (its ``max_uses``) and the budgets of the campaigns running at ``at_iso``."""
    if coupon:
        locks.rows(db, "coupons", "code", [normalize_text(coupon).upper()])
    campaign_service.hold_budgets(db, at_iso)


def refund(session: Session, purchase_id: int, amount: int | None = None, reason: str = "") -> RefundResult:
    """Refund a purchase in whole (no ``amount``) or in part (``amount`` = gross value returned).

    Earned points are taken back and redeemed points given back in proportion; the balance may go
    below zero. The tier is re-checked: a refund can undo an upgrade its purchase caused, but never
    puts the member below the tier they held before that purchase. Owner only.
    """
    with session.act(Action.REFUND) as db:
        p = purchase_store.get(db, purchase_id)
        if p is None:
            raise NotFound(PURCHASE_NOT_FOUND, purchase_id=purchase_id)
        if _lock_for_refund(db, p):  # two tills refunding one member take turns
            p = purchase_store.get(db, purchase_id) or p
        result = _give_back(session, p, amount, reason)
        session.audit("refund", "purchase", purchase_id, {"refunded": p.refunded}, result.as_dict())
        return result


def _lock_for_refund(db, p: Purchase) -> bool:
    """Hold the member of purchase ``p`` and whoever its referral bonuses went to (a whole refund
    takes them back). True when locked now: ``p`` is read again."""
    others = [b.member_id for b in (ledger_store.bonus_of_purchase(db, p.id),) if b is not None]
    return member_store.lock(db, p.member_id, *others)


def _give_back(session: Session, p: Purchase, amount: int | None, reason: str) -> RefundResult:
    """The refund's one path (a refund and a void both take it): the refund row, the points taken
    back and given back, the referral bonus of a whole refund, the tier re-checked. In the caller's
    transaction; the caller checks who may and audits."""
    db, purchase_id = session.db, p.id
    remaining = p.lines.gross - p.refunded
    if remaining <= 0:
        raise RuleViolation(FULLY_REFUNDED, purchase_id=purchase_id)
    amount = remaining if amount is None else amount
    if amount <= 0:
        raise ValidationError([Problem("amount", REFUND_NOT_POSITIVE)])
    if amount > remaining:
        raise ValidationError([Problem("amount", REFUND_TOO_LARGE,
                                       {"remaining": Rials(remaining), "purchase_id": purchase_id})])
    # the earn entry's share on the tier's points alone; the campaigns' entries each their own share
    share = rules.refund_share(replace(p.lines, points_earned=p.lines.base_points, campaign_points=0),
                               p.refunded, amount)
    campaign_parts = campaign_service.refund_parts(db, purchase_id, p.lines.gross, p.refunded, amount)
    locks.rows(db, "campaign_totals", "campaign_id", (g.campaign_id for g, _points in campaign_parts))
    earn = ledger_store.purchase_entry(db, purchase_id, Kind.EARN)
    if earn is not None:
        # Points of this purchase that already expired are gone: they are not taken back twice.
        # (what expiry wrote off and earlier refunds took back: every entry drawn on its lot)
        taken = campaign_service.taken_from(db, earn.id)
        share = replace(share, points_reversed=min(share.points_reversed, max(0, earn.points - taken)))
    now, actor, member_id = session.now(), session.user.username, p.member_id
    now_iso = to_iso(now)
    base_reversed = share.points_reversed
    share = replace(share, points_reversed=base_reversed + sum(points for _g, points in campaign_parts))
    refund_id = purchase_store.insert_refund(db, purchase_id=purchase_id, at=now_iso, actor=actor, share=share,
                                             reason=reason)
    campaign_service.take_back(db, campaign_parts, purchase_id, refund_id, now_iso, actor, reason)
    if base_reversed:
        assert earn is not None  # points are taken back only from what the purchase earned
        ledger_store.append(db, member_id, Kind.REVERSE, -base_reversed, now_iso, actor,
                            lot_id=earn.id, reverses_id=earn.id, purchase_id=purchase_id,
                            refund_id=refund_id, reason=reason)
    if share.points_returned:
        settings = club_store.club_settings(db)
        redeem = ledger_store.purchase_entry(db, purchase_id, Kind.REDEEM)
        assert redeem is not None  # points are given back only when the purchase redeemed some
        expires = to_iso(add_months(now, settings.expiry_months)) if settings.expiry_months else None
        ledger_store.append(db, member_id, Kind.REVERSE, share.points_returned, now_iso, actor,
                            expires_at=expires, reverses_id=redeem.id, purchase_id=purchase_id,
                            refund_id=refund_id, reason=reason)
    if amount == remaining:
        _take_back_referral_bonus(db, purchase_id, now_iso, actor)
        withdraw_earned(db, purchase_id, now_iso)  # the next-order offer it earned, if still unused
    tier_before, tier_after = _recheck_tier(session, member_id, p.tier_id, purchase_id, amount)
    return RefundResult(
        refund_id=refund_id, purchase_id=purchase_id, amount=amount, net_refunded=share.net_refunded,
        points_reversed=share.points_reversed, points_returned=share.points_returned,
        tier_before=tier_before, tier_after=tier_after, balance=ledger_store.balance(db, member_id),
    )


# --- void: the cashier takes back their own sale within minutes ----------------------

VOID_REASON = "void"  # the refund row's and the ledger entries' reason: a void, not a customer's return
VOID_NOT_YOURS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Purchase {purchase_id} was registered by another user: only they can void it; the owner can refund it."
)
VOID_TOO_LATE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Purchase {purchase_id} can no longer be voided (only within {minutes} minutes of registering); the owner can refund it."
)
VOID_OFF = QT_TRANSLATE_NOOP("LoyaltyError", "The club does not allow voiding sales; the owner can refund purchase {purchase_id}.")
VOID_ALREADY = QT_TRANSLATE_NOOP("LoyaltyError", "Purchase {purchase_id} has already been voided or refunded.")


def void_window(settings, recorded_at: str, now: datetime) -> datetime | None:
    """Until when a sale recorded at ``recorded_at`` may be voided (None: voiding is off)."""
    if settings.void_minutes <= 0:
        return None
    return from_iso(recorded_at) + timedelta(minutes=settings.void_minutes)


def void_purchase(session: Session, purchase_id: int) -> RefundResult:
    """Void a sale just registered by mistake (a wrong amount, the wrong member): the whole purchase
    is taken back exactly as a full refund takes it (points earned taken back, points redeemed given
    back, a referral bonus taken back, the tier re-checked), audited as ``void_purchase``.

    Any user may void, but only a sale they registered themselves, only within the club's
    ``void_minutes`` of registering it, and only once (nor after any refund of it): anything else
    is the owner's refund, which asks why.
    """
    with session.act(Action.VOID_PURCHASE) as db:
        p = purchase_store.get(db, purchase_id)
        if p is None:
            raise NotFound(PURCHASE_NOT_FOUND, purchase_id=purchase_id)
        if _lock_for_refund(db, p):  # a till voiding while another buys for the member: in turn
            p = purchase_store.get(db, purchase_id) or p
        if p.actor != session.user.username:
            raise RuleViolation(VOID_NOT_YOURS, purchase_id=purchase_id)
        if p.refunded:
            raise RuleViolation(VOID_ALREADY, purchase_id=purchase_id)
        settings = club_store.club_settings(db)
        until = void_window(settings, p.recorded_at, session.now())
        if until is None:
            raise RuleViolation(VOID_OFF, purchase_id=purchase_id)
        if session.now() > until:
            raise RuleViolation(VOID_TOO_LATE, purchase_id=purchase_id, minutes=settings.void_minutes)
        result = _give_back(session, p, None, VOID_REASON)
        session.audit("void_purchase", "purchase", purchase_id, {"refunded": p.refunded}, result.as_dict())
        return result


def _take_back_referral_bonus(db, purchase_id: int, now_iso: str, actor: str) -> None:
    """A referral bonus earned by a purchase that is refunded in full is taken back from the referrer,
    and the referred member's own reward from them."""
    for bonus in (ledger_store.bonus_of_purchase(db, purchase_id), ledger_store.referred_bonus_of_purchase(db, purchase_id)):
        if bonus is not None:
            ledger_store.append(db, bonus.member_id, Kind.REVERSE, -bonus.points, now_iso, actor,
                                lot_id=bonus.id, reverses_id=bonus.id, purchase_id=purchase_id,
                                reason="referral purchase refunded")


def _recheck_tier(session: Session, member_id: int, floor_tier_id, purchase_id: int, amount: int):
    """Take back the tiers this refund's ``amount`` had earned: as many tiers as the window spend
    loses by it, never below the tier held before the purchase. Spend that merely left the window
    is the review's business, not the refund's."""
    db = session.db
    settings = club_store.club_settings(db)
    tiers = ordered(club_store.tiers(db))
    member = member_store.get(db, member_id)
    purchase = purchase_store.get(db, purchase_id)
    assert member is not None and purchase is not None  # the refund's own, in this transaction
    current = rank(tiers, member.tier_id)
    name = lambda r: tiers[r].name if r >= 0 else None  # noqa: E731
    start = to_iso(window_start(settings.window, session.now()))
    spend = purchase_store.spend_between(db, member_id, start, FAR_FUTURE)
    floors = visit_floors(tiers)
    visits = visit_store.count_between(db, member_id, floors, start, FAR_FUTURE)
    in_window = purchase.at >= start
    counted = amount if in_window else 0
    # a visit this refund took back: the purchase was worth a floor before it and is not after it
    value = purchase.lines.gross - purchase.refunded
    visits_before = {f: n + (1 if in_window and value < f <= value + amount else 0) for f, n in visits.items()}
    deserved = lambda st: rank(tiers, t.id) if (t := tier_for(tiers, st)) else -1  # noqa: E731
    drop = deserved(Standing(spend + counted, visits_before)) - deserved(Standing(spend, visits))
    target = max(current - drop, rank(tiers, floor_tier_id))
    if target >= current:
        return name(current), name(current)
    now_iso = session.now_iso()
    target_id = tiers[target].id if target >= 0 else None
    member_store.set_tier(db, member_id, target_id, now_iso)
    member_store.add_tier_history(db, member_id, now_iso, member.tier_id, target_id, "refund", spend,
                                  session.user.username, purchase_id)
    return name(current), name(target)


# --- double submission: one checkout key, one purchase ---------------------------------

CHECKOUT_KEY_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "A checkout key is 1 to 64 ASCII letters, digits or - _ : . characters.")
CHECKOUT_KEY_REUSED = QT_TRANSLATE_NOOP(
    "LoyaltyError",
    "This checkout was already registered as purchase {purchase_id} with another member or amount; start a new checkout.",
)


def _repeat(session: Session, row: Member, checkout_key: str, gross: int, redeem: int, coupon) -> PurchaseResult | None:
    """The first result of a checkout already registered under ``checkout_key``, or None.

    Rebuilt from what the first one stored (the balance is today's: for a double click, the same)."""
    if not (isinstance(checkout_key, str) and 1 <= len(checkout_key) <= 64
            and all(c.isascii() and (c.isalnum() or c in "-_:.") for c in checkout_key)):
        raise ValidationError([Problem("checkout_key", CHECKOUT_KEY_INVALID)])
    db = session.db
    locks.checkout_key(db, checkout_key)  # the same key from another till: registered once, read here
    p = purchase_store.by_checkout_key(db, checkout_key)
    if p is None:
        return None
    code = normalize_text(coupon).upper() if coupon else None
    if (p.member_id, p.lines.gross, p.lines.points_redeemed, p.lines.coupon_code) != (row.id, gross, redeem, code):
        raise Conflict(CHECKOUT_KEY_REUSED, purchase_id=p.id)
    names = {t.id: t.name for t in club_store.tiers(db)}
    up = purchase_store.upgrade_of(db, p.id)
    bonus = ledger_store.bonus_of_purchase(db, p.id)
    given = offer_store.rewards_of_purchase(db, p.id)
    issued = offer_store.issued_by_purchase(db, p.id)
    own = ledger_store.referred_bonus_of_purchase(db, p.id)
    return PurchaseResult(
        purchase_id=p.id, member_id=p.member_id, card=row.card, at=p.at,
        lines=replace(p.lines, campaigns=campaign_service.given_names(db, p.id)),
        tier_before=names.get(p.tier_id),
        tier_after=names.get(up if up is not None else p.tier_id), upgraded=up is not None,
        balance=ledger_store.balance(db, p.member_id), referrer_bonus=bonus.points if bonus else 0,
        reward=given[0].name if given else None, reward_points=given[0].points if given else 0,
        offer_issued=issued.code if issued else None,
        referred_bonus=own.points if own else 0,
        sms_queued=sms.purchase_texted(db, p.id),
    )
