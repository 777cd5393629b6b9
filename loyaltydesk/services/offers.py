"""Offers addressed to members: the owner's rules, issuing, the till's list and check, and the
"did it work" report.

An offer is a coupon bound to one member (``store/offers.py`` writes both rows), priced as any
coupon at step 3 of the checkout; ``offer_problems`` adds what only an offer has (its member, its
minimum purchase). When they are issued:

- **welcome**: at once, in the sign-up's transaction (``issue_welcome``), so the new member's
  first visit already shows it; a member who signed up while the rule was off gets none.
- **next_order**: at once, in the purchase's transaction (``issue_next_order``), so the receipt of
  the purchase that earned it prints its code.
- **birthday** and **winback**: by the daily run (``services.daily``), in slices (``offer_slice``)
  like the birthday bonuses: the birthdays of the last week (``points.birthday_days``), and the
  buyers on the churn-risk list with at least the rule's days since their last visit.

Each is once per member and occasion (``domain.offers.occasion_key``; a unique index keeps it).
Using one marks it used in the purchase's transaction; a refund or a void of that purchase does
not give it back (the discount was given); an expired one is neither listed nor accepted. A
next-order offer not yet used is withdrawn when the purchase that earned it is refunded in full
(a void included)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

from loyaltydesk.domain import analytics as analytics_rules
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, NotFound, Problem, Rials, require_valid
from loyaltydesk.domain.jalali import Period, format_jalali, from_iso, jalali_of, this_month, to_iso
from loyaltydesk.domain.offers import RULES, OfferRule, new_offer_code, occasion_key, rule_problems
from loyaltydesk.domain.report import Column, Kind, Report, Table
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import normalize_text, to_persian_digits
from loyaltydesk.store import audit as audit_store
from loyaltydesk.store import locks
from loyaltydesk.store import offers as offer_store

from .session import Session
from .slicing import SLICE, SLICE_SECONDS, Budget

OFFER_OTHER_MEMBER = QT_TRANSLATE_NOOP("LoyaltyError", "Offer {code} belongs to another member.")
OFFER_USED = QT_TRANSLATE_NOOP("LoyaltyError", "Offer {code} has already been used.")
OFFER_EXPIRED = QT_TRANSLATE_NOOP("LoyaltyError", "Offer {code} expired on {until}.")
OFFER_WITHDRAWN = QT_TRANSLATE_NOOP("LoyaltyError", "Offer {code} was withdrawn: the purchase that earned it was refunded.")
OFFER_BELOW_MINIMUM = QT_TRANSLATE_NOOP("LoyaltyError", "Offer {code} needs a purchase of at least {minimum}.")

RULE_TITLES = {
    "welcome": QT_TRANSLATE_NOOP("Report", "Welcome"),
    "birthday": QT_TRANSLATE_NOOP("Report", "Birthday"),
    "winback": QT_TRANSLATE_NOOP("Report", "Win-back"),
    "next_order": QT_TRANSLATE_NOOP("Report", "Next order"),
}


@dataclass(frozen=True)
class OfferView:
    """An offer as the till and the command line show it."""

    code: str
    rule: str
    percent_bp: int
    amount: int
    min_purchase: int
    issued_at: str
    expires_at: str
    until: str  # the last Jalali day it can be used (Tehran)
    used_at: str | None
    used_purchase_id: int | None
    active: bool
    withdrawn_at: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _view(o: offer_store.Offer, now: str) -> OfferView:
    last = from_iso(o.expires_at) - timedelta(seconds=1)
    return OfferView(o.code, o.rule, o.percent_bp, o.amount, o.min_purchase, o.issued_at, o.expires_at,
                     format_jalali(jalali_of(last).date()), o.used_at, o.used_purchase_id,
                     o.used_at is None and o.withdrawn_at is None and o.expires_at > now, o.withdrawn_at)


# --- the owner's rules ------------------------------------------------------------------------------

def offer_rules(session: Session) -> list[OfferRule]:
    """The four rules, in their order (a rule never set is off)."""
    session.require(Action.FIND_MEMBER)
    found = offer_store.rules(session.db)
    return [found[name] for name in RULES]


def set_offer_rule(session: Session, rule: str, **changes) -> OfferRule:
    """Change one rule (any of active, percent_bp, amount, min_purchase, days, above,
    inactive_days); every problem at once. Owner only, audited. Offers already issued keep their
    terms."""
    with session.act(Action.CHANGE_RULES) as db:
        name = normalize_text(rule).lower().replace("-", "_")
        if name not in RULES:
            require_valid(rule_problems(OfferRule(name)))
        before = offer_store.rules(db)[name]
        after = replace(before, **changes)
        require_valid(rule_problems(after))
        offer_store.put_rule(db, after, session.now_iso())
        session.audit("set_offer_rule", "offer_rule", name, asdict(before), asdict(after))
        return after


# --- issuing ------------------------------------------------------------------------------------------

def _issue(session: Session, rule: OfferRule, member_id: int, occasion: str, at: datetime,
           source_purchase_id: int | None = None) -> str | None:
    """One offer of ``rule`` for the member and occasion (in the caller's transaction); its code,
    or None when the member already has that occasion's offer."""
    db = session.db
    if offer_store.has_occasion(db, member_id, occasion):
        return None
    code = new_offer_code(rule.rule)
    while offer_store.code_taken(db, code):
        code = new_offer_code(rule.rule)
    offer_store.insert(db, code=code, member_id=member_id, rule=rule, occasion=occasion, issued_at=to_iso(at),
                       expires_at=to_iso(at + timedelta(days=rule.days)), source_purchase_id=source_purchase_id)
    return code


def issue_welcome(session: Session, member_id: int) -> str | None:
    """The welcome offer of a member just signed up, when the rule is on (the sign-up's transaction)."""
    rule = offer_store.rules(session.db)["welcome"]
    if not rule.active:
        return None
    return _issue(session, rule, member_id, occasion_key("welcome"), session.now())


def issue_next_order(session: Session, member_id: int, purchase_id: int, gross: int, at: datetime) -> str | None:
    """The next-order offer a purchase of more than the rule's amount earns (the purchase's
    transaction). Valid from the purchase on."""
    rule = offer_store.rules(session.db)["next_order"]
    if not rule.active or gross <= rule.above:
        return None
    return _issue(session, rule, member_id, occasion_key("next_order", purchase_id=purchase_id), at, purchase_id)


# --- the daily run's part -----------------------------------------------------------------------------

@dataclass
class OfferRun:
    """The daily run's offers (``offer_slice``): birthdays of the week's days, then win-back."""

    as_of: str
    days: tuple  # ((Jalali year, "MM/DD"), ...) from points.birthday_days
    scheduled: bool = False  # the daily run's: the win-back pass at most once a (Tehran) day
    day: int = 0
    after_id: int = 0
    after_lapsed: tuple = ("", 0)  # (last visit, member id): where the win-back pass goes on
    stage: str = "birthday"
    issued: dict = field(default_factory=lambda: {"birthday": 0, "winback": 0})
    slices: int = 0

    @property
    def done(self) -> bool:
        return self.stage == "done"


def offer_run(session: Session, scheduled: bool = False) -> OfferRun:
    from .points import birthday_days

    return OfferRun(session.now_iso(), tuple(birthday_days(jalali_of(session.now()).date())), scheduled)


WINBACK_READS = 8  # lapsed buyers read per offer a slice may write: the slice mostly reads


def offer_slice(session: Session, run: OfferRun, limit: int = SLICE, budget: float | None = SLICE_SECONDS) -> OfferRun:
    """One slice of ``run`` (one transaction): up to ``limit`` offers issued. The slice that
    finishes the run audits it (when it issued anything)."""
    with session.act(Action.GRANT_BONUSES) as db:
        locks.task(db, "offers")  # another till's run waits, then finds these issued
        rules = offer_store.rules(db)
        now = from_iso(run.as_of)
        clock = Budget(budget)
        left = limit
        if run.stage == "birthday":
            rule = rules["birthday"]
            while rule.active and run.day < len(run.days) and left > 0:
                year, month_day = run.days[run.day]
                occasion = f"birthday:{year}"
                due = offer_store.birthdays_due(db, month_day, occasion, run.after_id, left)
                for member_id in due:
                    _issue(session, rule, member_id, occasion, now)
                    run.after_id, left = member_id, left - 1
                    run.issued["birthday"] += 1
                if left > 0:  # this day is done
                    run.day, run.after_id = run.day + 1, 0
                if clock.spent():
                    break
            if not rule.active or run.day >= len(run.days):
                run.stage, run.after_id = "winback", 0
        elif run.stage == "winback":
            rule = rules["winback"]
            passed = audit_store.last_at(db, "offers", "winback_pass") if run.scheduled and run.after_lapsed == ("", 0) else None
            if not rule.active or (passed and jalali_of(from_iso(passed)).date() == jalali_of(now).date()):
                run.stage = "done"  # off, or the daily run already went through the lapsed buyers today
            else:
                occasion = occasion_key("winback", jalali_of(now).date())
                days = rule.inactive_days
                lapsed, last = offer_store.winback_due(
                    db, run.as_of, to_iso(now - timedelta(days=days)), analytics_rules.CHURN_MIN_VISITS,
                    analytics_rules.CHURN_FACTOR, days, occasion, run.after_lapsed, limit * WINBACK_READS)
                stopped = False
                for member_id, last_at in lapsed:
                    if left <= 0 or (left < limit and clock.spent()):
                        stopped = True  # this slice has written enough: the next goes on after the last issued
                        break
                    _issue(session, rule, member_id, occasion, now)
                    run.issued["winback"] += 1
                    run.after_lapsed, left = (last_at, member_id), left - 1
                if stopped:
                    pass
                elif last is None:
                    run.stage = "done"
                    session.audit("winback_pass", "offers", None, None, {"winback": run.issued["winback"]})
                else:
                    run.after_lapsed = last
        run.slices += 1
        if run.done and any(run.issued.values()):
            session.audit("issue_offers", "offers", None, None, dict(run.issued))
    return run


def issue_offers(session: Session, limit: int = SLICE, budget: float | None = None) -> dict:
    """The daily run's offers at once (the command line, tests): how many of each were issued."""
    session.require(Action.GRANT_BONUSES)
    run = offer_run(session)
    while not run.done:
        offer_slice(session, run, limit, budget)
    return dict(run.issued)


# --- the till -----------------------------------------------------------------------------------------

def member_offers(session: Session, key: str, include_past: bool = False) -> list[OfferView]:
    """A member's offers that can be used now, the soonest to expire first (``include_past``: also
    the used and expired ones, newest first)."""
    from .members import resolve

    session.require(Action.FIND_MEMBER)
    row = resolve(session.db, key)
    now = session.now_iso()
    found = (offer_store.of_member(session.db, row.id) if include_past
             else offer_store.active_of_member(session.db, row.id, now))
    return [_view(o, now) for o in found]


def active_offers(session: Session, member_id: int) -> list[OfferView]:
    """The offers of the member with this id that can be used now, the soonest to expire first
    (the member's story, services/story.py)."""
    session.require(Action.FIND_MEMBER)
    now = session.now_iso()
    return [_view(o, now) for o in offer_store.active_of_member(session.db, member_id, now)]


def offer_problems(db, code: str | None, member_id: int, gross: int, at: str) -> list[Problem] | None:
    """None when ``code`` is no offer; else what refuses the offer: another member's, used,
    expired, or a purchase below its minimum (each beside the coupon field). These say more than
    a coupon's own checks (``checkout._coupon``) and take their place."""
    if not code:
        return None
    code = normalize_text(code).upper()
    o = offer_store.by_code(db, code)
    if o is None:
        return None
    found = []
    if o.member_id != member_id:
        found.append(Problem("coupon", OFFER_OTHER_MEMBER, {"code": code}))
    elif o.used_at is not None:
        found.append(Problem("coupon", OFFER_USED, {"code": code}))
    elif o.withdrawn_at is not None:
        found.append(Problem("coupon", OFFER_WITHDRAWN, {"code": code}))
    elif at >= o.expires_at:
        last = from_iso(o.expires_at) - timedelta(seconds=1)
        found.append(Problem("coupon", OFFER_EXPIRED, {"code": code, "until": format_jalali(jalali_of(last).date())}))
    if o.min_purchase and 0 < gross < o.min_purchase:
        found.append(Problem("coupon", OFFER_BELOW_MINIMUM, {"code": code, "minimum": Rials(o.min_purchase)}))
    return found


def withdraw_earned(db, purchase_id: int, at: str) -> None:
    """A purchase refunded (or voided) in full takes back the next-order offer it earned, unless
    that offer was used already (the offer used by the purchase itself is not given back)."""
    offer_store.withdraw_earned_by(db, purchase_id, at)


def use_offer(db, code: str | None, purchase_id: int, at: str) -> None:
    """Mark the offer a purchase used (in the purchase's transaction); a plain coupon is left alone."""
    if code and offer_store.by_code(db, code) is not None:
        offer_store.mark_used(db, code, purchase_id, at)


def offer_of_code(session: Session, code: str) -> OfferView:
    session.require(Action.FIND_MEMBER)
    code = normalize_text(code).upper()
    o = offer_store.by_code(session.db, code)
    if o is None:
        raise NotFound(QT_TRANSLATE_NOOP("LoyaltyError", "There is no offer {code}."), code=code)
    return _view(o, session.now_iso())


# --- did it work ----------------------------------------------------------------------------------------

def _label(start: datetime, end: datetime) -> str:
    first = jalali_of(start).date()
    last = jalali_of(end - timedelta(seconds=1)).date()
    return to_persian_digits(f"{format_jalali(first)} تا {format_jalali(last)}")


def offer_report(session: Session, period: Period | None = None) -> Report:
    """Per rule, in ``period`` (default: this Jalali month up to now) and in the same length of time
    just before it: offers issued, offers used, the sales that used them (gross and net) and what
    the offers took off. Owner (reports)."""
    session.require(Action.READ_REPORTS)
    now = session.now()
    period = period or this_month(now)
    start, end = period.start, min(period.end, now + timedelta(seconds=1))
    before = start - (end - start)
    here = offer_store.figures(session.db, to_iso(start), to_iso(end))
    then = offer_store.figures(session.db, to_iso(before), to_iso(start))
    rows: list[tuple] = []
    for rule in RULES:
        a, b = here[rule], then[rule]
        rows.append((RULE_TITLES[rule], a.issued, a.used, analytics_rules.percent_bp(a.used, a.issued) or 0,
                     a.sales, a.discount, b.issued, b.used, b.sales, b.discount))
    total = lambda i: sum(int(r[i]) for r in rows)  # noqa: E731
    return Report(
        name="offers",
        title=QT_TRANSLATE_NOOP("Report", "Offers: did they work"),
        period=_label(start, end),
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Offers issued"), total(1), Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Offers used"), total(2), Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Sales with offers"), total(4), Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Discount cost"), total(5), Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Sales with offers before"), total(8), Kind.MONEY),
        ),
        tables=(Table(QT_TRANSLATE_NOOP("Report", "Per offer rule, against the same period before"), (
            Column("rule", QT_TRANSLATE_NOOP("Report", "Rule")),
            Column("issued", QT_TRANSLATE_NOOP("Report", "Issued"), Kind.INT),
            Column("used", QT_TRANSLATE_NOOP("Report", "Used"), Kind.INT),
            Column("use_rate", QT_TRANSLATE_NOOP("Report", "Use rate"), Kind.PERCENT_BP),
            Column("sales", QT_TRANSLATE_NOOP("Report", "Sales with them"), Kind.MONEY),
            Column("discount", QT_TRANSLATE_NOOP("Report", "Discount cost"), Kind.MONEY),
            Column("issued_before", QT_TRANSLATE_NOOP("Report", "Issued before"), Kind.INT),
            Column("used_before", QT_TRANSLATE_NOOP("Report", "Used before"), Kind.INT),
            Column("sales_before", QT_TRANSLATE_NOOP("Report", "Sales before"), Kind.MONEY),
            Column("discount_before", QT_TRANSLATE_NOOP("Report", "Discount before"), Kind.MONEY),
        ), tuple(rows)),),
    )
