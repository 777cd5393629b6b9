"""Tiers in the style of Harrah's multi-tier club: spend qualifies, benefits follow.

Tier status (spend in the qualifying window) and spendable points are separate things:
redeeming points never lowers a tier. Up at once when a purchase crosses a threshold;
down only at a review, one tier at a time, never within 12 months of reaching the tier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from .errors import QT_TRANSLATE_NOOP, Problem, Rials
from .jalali import add_months, jalali_of, month_period, year_period
from .text import normalize_text, too_long


class Qualify(str, Enum):
    """What qualifies a member for a tier: window spend, visits in the window, or either of them."""

    SPEND = "spend"
    VISITS = "visits"
    EITHER = "either"


class Window(str, Enum):
    """How qualifying spend is counted."""

    ROLLING12 = "rolling12"  # the 12 months before now; reviewed monthly
    JALALI_YEAR = "jalali-year"  # the Jalali calendar year; reviewed at Nowruz


DEFAULT_TIER_COLOR = "#9e9e9e"  # a tier's colour until the owner picks one, and the colour of no tier


@dataclass(frozen=True)
class Tier:
    id: int | None
    name: str
    threshold: int  # rials of qualifying spend
    discount_bp: int = 0  # basis points: 500 = 5%
    multiplier_pct: int = 100  # 100 = ×1, 150 = ×1.5
    birthday_bonus: int = 0  # points
    color: str = DEFAULT_TIER_COLOR
    qualify: str = Qualify.SPEND.value  # spend, visits or either (``qualifies``)
    visits: int = 0  # visits in the window that qualify (qualify visits or either)
    visit_minimum: int = 0  # rials: a purchase worth at least this much (after refunds) is a visit

    @property
    def by_spend(self) -> bool:
        return self.qualify != Qualify.VISITS.value

    @property
    def by_visits(self) -> bool:
        return self.qualify != Qualify.SPEND.value

    @property
    def visit_floor(self) -> int:
        """The least value of a purchase that counts as a visit for this tier: its minimum, and
        always more than nothing (a purchase refunded in full is no visit)."""
        return max(1, self.visit_minimum)


NO_TIER = Tier(id=None, name="", threshold=0)

TIER_NAME_EMPTY = QT_TRANSLATE_NOOP("LoyaltyError", "A tier needs a name.")
TIER_NAME_TAKEN = QT_TRANSLATE_NOOP("LoyaltyError", "There is already a tier named {name}.")
TIER_THRESHOLD_TAKEN = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Tier {other} already has the threshold {threshold}; thresholds must differ."
)
TIER_THRESHOLD_NEGATIVE = QT_TRANSLATE_NOOP("LoyaltyError", "A tier's threshold cannot be negative.")
TIER_DISCOUNT = QT_TRANSLATE_NOOP("LoyaltyError", "A tier's discount is a percent between 0 and 100.")
TIER_MULTIPLIER = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The points multiplier must be between 0% and 1000%."
)
TIER_BONUS = QT_TRANSLATE_NOOP("LoyaltyError", "The birthday bonus cannot be negative.")
TIER_COLOR = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a colour like #c0a062.")
TIER_QUALIFY = QT_TRANSLATE_NOOP("LoyaltyError", "A tier qualifies by spend, visits or either.")
TIER_VISITS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "A tier that qualifies by visits needs between 1 and {maximum} visits."
)
TIER_VISIT_MINIMUM = QT_TRANSLATE_NOOP("LoyaltyError", "The least amount of a visit cannot be negative.")
MAX_VISITS = 10_000  # visits in a window: far above a daily customer's 365


@dataclass(frozen=True)
class Standing:
    """What qualifies a member in a window: their spend (gross less refunds) and their visits,
    counted for each least amount of a visit (``Tier.visit_floor``) that the tiers use."""

    spend: int
    visits: Mapping[int, int] = field(default_factory=dict)

    def visits_at(self, floor: int) -> int:
        return self.visits.get(floor, 0)


def qualifies(tier: Tier, standing: Standing) -> bool:
    """Whether ``standing`` reaches ``tier``: by spend (its threshold), by visits (its number of
    visits, each worth at least its minimum), or by either. A visits-only tier's threshold only
    orders the tiers: it qualifies no one by itself."""
    if tier.by_spend and standing.spend >= tier.threshold:
        return True
    return tier.by_visits and standing.visits_at(tier.visit_floor) >= tier.visits


def visit_floors(tiers) -> tuple[int, ...]:
    """The least amounts of a visit that the tiers count visits at, each once, lowest first."""
    return tuple(sorted({t.visit_floor for t in tiers if t.by_visits}))


def ordered(tiers) -> tuple[Tier, ...]:
    return tuple(sorted(tiers, key=lambda t: t.threshold))


def validate_tier(tier: Tier, others) -> list[Problem]:
    """Every problem with ``tier`` among the ``others`` already defined (the tier itself excluded)."""
    problems = []
    name = normalize_text(tier.name)
    if not name:
        problems.append(Problem("name", TIER_NAME_EMPTY))
    problems += filter(None, [too_long("tier_name", name, "name")])
    for other in others:
        if other.id == tier.id and tier.id is not None:
            continue
        if normalize_text(other.name) == name and name:
            problems.append(Problem("name", TIER_NAME_TAKEN, {"name": name}))
        if other.threshold == tier.threshold:
            problems.append(
                Problem("threshold", TIER_THRESHOLD_TAKEN, {"other": other.name, "threshold": Rials(tier.threshold)})
            )
    if tier.threshold < 0:
        problems.append(Problem("threshold", TIER_THRESHOLD_NEGATIVE))
    if not 0 <= tier.discount_bp <= 10_000:
        problems.append(Problem("discount", TIER_DISCOUNT))
    if not 0 <= tier.multiplier_pct <= 1000:
        problems.append(Problem("multiplier", TIER_MULTIPLIER))
    if tier.birthday_bonus < 0:
        problems.append(Problem("birthday_bonus", TIER_BONUS))
    if tier.qualify not in {q.value for q in Qualify}:
        problems.append(Problem("qualify", TIER_QUALIFY))
    if not (1 if tier.by_visits else 0) <= tier.visits <= MAX_VISITS:
        problems.append(Problem("visits", TIER_VISITS, {"maximum": MAX_VISITS}))
    if tier.visit_minimum < 0:
        problems.append(Problem("visit_minimum", TIER_VISIT_MINIMUM))
    color = tier.color or ""
    if not (len(color) == 7 and color.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in color[1:])):
        problems.append(Problem("color", TIER_COLOR, {"value": tier.color}))
    return problems


def tier_for_spend(tiers, spend: int) -> Tier | None:
    """The highest tier whose threshold ``spend`` reaches (None when it reaches none); a tier
    that qualifies by visits alone is reached by no spend."""
    return tier_for(tiers, Standing(spend))


def tier_for(tiers, standing: Standing) -> Tier | None:
    """The highest tier (in threshold order) that ``standing`` qualifies for (``qualifies``)."""
    best = None
    for tier in ordered(tiers):
        if qualifies(tier, standing):
            best = tier
    return best


@dataclass(frozen=True)
class UpgradeBound:
    """The least standing that may deserve a tier above one: a spend (None: no tier above
    qualifies by spend) or, at a floor, a number of visits (floor -> visits; a floor left out: no
    tier above counts visits at it). A standing below both deserves no tier above."""

    spend: int | None
    visits: Mapping[int, int]


def upgrade_bounds(tiers) -> dict[int | None, UpgradeBound]:
    """For each tier (by id; None: no tier, and any id that is no tier's) the least standing that
    may deserve a tier above it: what a check needs to judge only those members by ``tier_for``."""
    out: dict[int | None, UpgradeBound] = {}
    ladder_ = ordered(tiers)
    for i, tier in [(-1, NO_TIER)] + list(enumerate(ladder_)):
        above = ladder_[i + 1:]
        spends = [t.threshold for t in above if t.by_spend]
        visits: dict[int, int] = {}
        for t in above:
            if t.by_visits:
                visits[t.visit_floor] = min(visits.get(t.visit_floor, t.visits), t.visits)
        out[tier.id] = UpgradeBound(min(spends) if spends else None, visits)
    return out


def rank(tiers, tier_id: int | None) -> int:
    """Position of a tier in threshold order; -1 for no tier."""
    for i, tier in enumerate(ordered(tiers)):
        if tier.id == tier_id:
            return i
    return -1


def next_tier(tiers, tier_id: int | None) -> Tier | None:
    return ladder(tiers).rung(tier_id).next


def upgrade_after_purchase(tiers, current_id: int | None, spend_after: int,
                           visits_after: Mapping[int, int] | None = None) -> Tier | None:
    """The tier a member moves up to once a purchase brings window spend to ``spend_after`` (and
    their visits, by least amount, to ``visits_after``).

    None when the purchase crosses no threshold (nor number of visits) above the current tier.
    """
    deserved = tier_for(tiers, Standing(spend_after, visits_after or {}))
    if deserved is not None and rank(tiers, deserved.id) > rank(tiers, current_id):
        return deserved
    return None


def review_move(tiers, current_id: int | None, spend: int, reached_at: datetime, now: datetime,
                visits: Mapping[int, int] | None = None) -> Tier | None:
    """What a review does to one member: None, an upgrade to the deserved tier, or down one tier.

    Down happens only when the window's spend and visits no longer reach the current tier and the
    member has held it for at least 12 months; and then one tier only.
    """
    ts = ordered(tiers)
    current = rank(ts, current_id)
    deserved_tier = tier_for(ts, Standing(spend, visits or {}))
    deserved = rank(ts, deserved_tier.id) if deserved_tier else -1
    if deserved > current:
        return deserved_tier
    if deserved < current and current > 0 and now >= add_months(reached_at, 12):
        return ts[current - 1]
    return None


def window_start(window: Window | str, now: datetime) -> datetime:
    """Start of the qualifying window that counts spend as of ``now`` (for upgrades)."""
    if Window(window) is Window.ROLLING12:
        return add_months(now, -12)
    return year_period(jalali_of(now).year).start


def review_window(window: Window | str, now: datetime) -> tuple[datetime, datetime]:
    """The spend a review judges: the 12 months before ``now``, or the last complete Jalali year."""
    if Window(window) is Window.ROLLING12:
        return add_months(now, -12), now
    period = year_period(jalali_of(now).year - 1)
    return period.start, period.end


def review_due(window: Window | str, last_review: datetime | None, now: datetime) -> bool:
    """Whether the scheduled tier review is due (docs/rules.md: monthly for a rolling window, at Nowruz
    for the Jalali year): no review has finished since the current Jalali month (or year) began in
    Tehran. A club that never had one has one now."""
    if last_review is None:
        return True
    j = jalali_of(now)
    began = month_period(j.year, j.month).start if Window(window) is Window.ROLLING12 else year_period(j.year).start
    return last_review < began


def keep_and_next(tiers, current_id: int | None, spend_now: int, spend_review_window: int):
    """What the member panel shows: (rials more to reach the next tier, rials more to keep this one).

    Either is None where it does not apply (top tier; base tier, which cannot be lost).
    """
    rung = ladder(tiers).rung(current_id)
    return rung.to_next(spend_now), rung.to_keep(spend_review_window)


@dataclass(frozen=True)
class Rung:
    """One tier's place on the ladder: the tier (None for no tier), the one above it, and the
    threshold a member must keep (None for the base tier, which cannot be lost, and for no tier)."""

    tier: Tier | None
    next: Tier | None
    keep_threshold: int | None

    def to_next(self, spend: int) -> int | None:
        """Rials more that reach the next tier (None: no next tier, or one that visits alone reach)."""
        return max(0, self.next.threshold - spend) if self.next and self.next.by_spend else None

    def to_keep(self, spend: int) -> int | None:
        """Rials more that keep this tier (None: the base tier, or one that visits alone keep)."""
        if self.keep_threshold is None or (self.tier is not None and not self.tier.by_spend):
            return None
        return max(0, self.keep_threshold - spend)


@dataclass(frozen=True)
class Ladder:
    """The tiers in threshold order, each one's rung worked out once: a list of members asks it
    per row (a dict look-up) instead of sorting the tiers again for every member."""

    rungs: dict

    def rung(self, tier_id: int | None) -> Rung:
        """The rung of ``tier_id``; an id that is no tier (None, a deleted tier) stands below the first."""
        return self.rungs.get(tier_id) or self.rungs[None]


def ladder(tiers) -> Ladder:
    ts = ordered(tiers)
    rungs: dict[int | None, Rung] = {None: Rung(None, ts[0] if ts else None, None)}
    for r, tier in enumerate(ts):
        rungs[tier.id] = Rung(tier, ts[r + 1] if r + 1 < len(ts) else None, tier.threshold if r > 0 else None)
    return Ladder(rungs)

