"""The club's design: settings, tiers, coupons. Changes need the owner and are audited."""

from __future__ import annotations

from dataclasses import asdict, replace

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, Problem, require_valid
from loyaltydesk.domain.jalali import to_iso
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.settings import ClubSettings, validate_settings
from loyaltydesk.domain.text import clean_text, length_problems, normalize_text
from loyaltydesk.domain.tiers import DEFAULT_TIER_COLOR, Tier, validate_tier, window_start
from loyaltydesk.store import club as club_store
from loyaltydesk.store import members as member_store

from .session import Session

TIER_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no tier named {name}.")
COUPON_EXISTS = QT_TRANSLATE_NOOP("LoyaltyError", "Coupon {code} already exists.")
COUPON_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no coupon {code}.")
COUPON_ONE_KIND = QT_TRANSLATE_NOOP("LoyaltyError", "A coupon takes either a percent or an amount, not both.")
COUPON_MAX_USES = QT_TRANSLATE_NOOP("LoyaltyError", "A coupon's maximum uses is at least 1 (or no limit).")
COUPON_DATES = QT_TRANSLATE_NOOP("LoyaltyError", "A coupon must end after it starts.")
COUPON_CODE = QT_TRANSLATE_NOOP("LoyaltyError", "A coupon code is 2 to 32 letters or digits.")


def get_settings(session: Session) -> ClubSettings:
    return club_store.club_settings(session.db)


def club_settings_of(db) -> ClubSettings:
    """The settings before anyone has signed in (the sign-in shows the shop's name)."""
    return club_store.club_settings(db)


def update_settings(session: Session, **changes) -> ClubSettings:
    """Change some of the club's settings; every problem of the form is reported at once."""
    typed = {k: clean_text(changes[k]) for k in ("shop_name", "thank_you") if isinstance(changes.get(k), str)}
    changes.update(typed)  # as a person typed them: no control characters, Persian ی/ک
    with session.act(Action.CHANGE_RULES) as db:
        before = get_settings(session)
        after = replace(before, **changes)
        require_valid(validate_settings(after) + length_problems(**typed))
        changed = {k: v for k, v in after.as_dict().items() if before.as_dict()[k] != v}
        if changed:
            club_store.put_settings(db, changed)
            if "window" in changed:  # a window that now starts earlier than some members' figures were summed from
                member_store.forget_windows_after(db, to_iso(window_start(after.window, session.now())))
            session.audit("update_settings", "settings", None, {k: before.as_dict()[k] for k in changed}, changed)
        return after


def list_tiers(session: Session) -> tuple[Tier, ...]:
    return club_store.tiers(session.db)


def get_tier(session: Session, name: str) -> Tier:
    tier = club_store.tier_by_name(session.db, normalize_text(name))
    if tier is None:
        raise NotFound(TIER_NOT_FOUND, name=name)
    return tier


def add_tier(session: Session, name: str, threshold: int, discount_bp: int = 0, multiplier_pct: int = 100,
             birthday_bonus: int = 0, color: str = DEFAULT_TIER_COLOR, qualify: str = "spend", visits: int = 0,
             visit_minimum: int = 0) -> Tier:
    """Add a tier. Names and thresholds are unique (the threshold orders the tiers, also those that
    qualify by visits). Members move into it when a purchase crosses its threshold or brings their
    visits to its number, or when the tier review runs (which also catches up members a change left
    behind)."""
    with session.act(Action.CHANGE_RULES) as db:
        tier = Tier(None, normalize_text(name), threshold, discount_bp, multiplier_pct, birthday_bonus, color,
                    qualify, visits, visit_minimum)
        require_valid(validate_tier(tier, club_store.tiers(db)))
        tier = replace(tier, id=club_store.insert_tier(db, tier))
        session.audit("add_tier", "tier", tier.id, None, asdict(tier))
        return tier


def edit_tier(session: Session, name: str, /, **changes) -> Tier:
    with session.act(Action.CHANGE_RULES) as db:
        before = get_tier(session, name)
        if "name" in changes:
            changes["name"] = normalize_text(changes["name"])
        after = replace(before, **changes)
        require_valid(validate_tier(after, club_store.tiers(db)))
        club_store.update_tier(db, after)
        session.audit("edit_tier", "tier", after.id, asdict(before), asdict(after))
        return after


def add_coupon(session: Session, code: str, percent_bp: int = 0, amount: int = 0, max_uses: int | None = None,
               once_per_member: bool = True, valid_from=None, valid_to=None) -> club_store.Coupon:
    with session.act(Action.CHANGE_RULES) as db:
        code = normalize_text(code).upper()
        problems = []
        if not (2 <= len(code) <= 32 and code.replace("-", "").isalnum()):
            problems.append(Problem("code", COUPON_CODE))
        if (percent_bp > 0) == (amount > 0):
            problems.append(Problem("percent", COUPON_ONE_KIND))
        if max_uses is not None and max_uses < 1:
            problems.append(Problem("max_uses", COUPON_MAX_USES))
        if valid_from and valid_to and valid_to <= valid_from:
            problems.append(Problem("valid_to", COUPON_DATES))
        require_valid(problems)
        if club_store.coupon(db, code):
            raise Conflict(COUPON_EXISTS, code=code)
        coupon = club_store.Coupon(
            code=code, percent_bp=percent_bp, amount=amount, max_uses=max_uses, once_per_member=int(once_per_member),
            valid_from=to_iso(valid_from) if valid_from else None, valid_to=to_iso(valid_to) if valid_to else None,
            active=1, created_at=session.now_iso(),
        )
        club_store.insert_coupon(db, coupon)
        session.audit("add_coupon", "coupon", code, None, {k: v for k, v in coupon._asdict().items() if k != "active"})
        return coupon


def set_coupon_active(session: Session, code: str, active: bool) -> None:
    with session.act(Action.CHANGE_RULES) as db:
        code = normalize_text(code).upper()
        if not club_store.coupon(db, code):
            raise NotFound(COUPON_NOT_FOUND, code=code)
        club_store.set_coupon_active(db, code, active)
        session.audit("set_coupon_active", "coupon", code, None, {"active": active})


def list_coupons(session: Session) -> list[club_store.Coupon]:
    return club_store.coupons(session.db)
