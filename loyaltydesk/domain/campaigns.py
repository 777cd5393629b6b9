"""Campaigns: the club's "+ campaign bonuses" of checkout step 6 (docs/rules.md), as pure rules.

A campaign runs from a Jalali start date to an end date, both inclusive in Tehran, kept as a UTC
half-open range ``[start_at, end_at)``; optionally only on some weekdays (sat..fri, Tehran) and
between some hours (``10-14``: from 10:00 to 14:00; ``22-2`` crosses midnight, and its small hours
belong to the evening's weekday). It is for a target (every criterion given must hold: tiers, an
RFM segment, a birthday month, a join period; none: everyone).

Its effect is either a multiplier on the purchase's base points (the points step 6 gives at the
member's tier: 200 = double points, so the campaign's line is the other 100%), or a fixed bonus:
on every qualifying purchase, on the member's Nth qualifying purchase ("visit") within the
campaign, or on the purchase that takes the member's spend within the campaign to a target.
A purchase qualifies when the campaign applies at its moment, the member is targeted and its
amount (gross, the club's qualifying spend as for tiers) is at least the minimum purchase; each
qualifying purchase counts as a visit and adds its amount to the member's spend in the campaign.
Limits: uses per member (purchases the campaign gave points to) and a points budget (the points
it may still give; the last purchase gets what is left, then it stops).

Stacking: campaigns that ``add`` all give their points; of those that take the ``best``, only the
largest line is given (on a tie the older campaign), besides every adding one. A campaign's
stacking is its own or the club's.

"Overlapping": names are unique (a campaign is found by name), and a second campaign with the same
effect and the same target whose dates overlap one not ended is refused: it would give the same
bonus twice (an ended campaign gives nothing more, so it overlaps nothing). Different campaigns
overlapping is what stacking is for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .errors import QT_TRANSLATE_NOOP, Problem, Rials
from .jalali import from_iso, jalali_day, to_iso

WEEKDAYS = ("sat", "sun", "mon", "tue", "wed", "thu", "fri")
_PY_WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
STACKING = ("add", "best")
MAX_MULTIPLIER = 1_000  # percent: ten times the base points
MAX_BONUS = 1_000_000  # points of one fixed bonus
MAX_NAME = 60

NAME_EMPTY = QT_TRANSLATE_NOOP("LoyaltyError", "A campaign needs a name.")
NAME_TOO_LONG = QT_TRANSLATE_NOOP("LoyaltyError", "A campaign name is at most {maximum} characters.")
NAME_TAKEN = QT_TRANSLATE_NOOP("LoyaltyError", "There is already a campaign named {name}.")
DATES_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "A campaign needs a start and an end date.")
END_BEFORE_START = QT_TRANSLATE_NOOP("LoyaltyError", "The campaign ends ({end}) before it starts ({start}).")
OVERLAPS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Campaign {other} already gives the same bonus to the same members on some of these dates."
)
WEEKDAY_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a weekday (sat, sun, mon, tue, wed, thu, fri).")
WEEKDAYS_EMPTY = QT_TRANSLATE_NOOP("LoyaltyError", "Choose at least one weekday, or none for every day.")
HOURS_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not a range of hours such as 10-14 or 22-2 (hours 0 to 24, start and end different)."
)
EFFECT_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "Choose one effect: a points multiplier or a fixed bonus.")
EFFECT_BOTH = QT_TRANSLATE_NOOP("LoyaltyError", "A campaign has one effect: a multiplier or a fixed bonus, not both.")
MULTIPLIER_RANGE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The multiplier must be more than 100% and at most {maximum}% (200% = double points); {value}% was given."
)
BONUS_RANGE = QT_TRANSLATE_NOOP("LoyaltyError", "The bonus must be from 1 to {maximum} points.")
CONDITION_BOTH = QT_TRANSLATE_NOOP("LoyaltyError", "A bonus is on the Nth visit or on a spend target, not both.")
CONDITION_NEEDS_BONUS = QT_TRANSLATE_NOOP("LoyaltyError", "The Nth visit and the spend target are conditions of a fixed bonus.")
NTH_VISIT_RANGE = QT_TRANSLATE_NOOP("LoyaltyError", "The visit number must be from 1 to 1000.")
SPEND_TARGET_RANGE = QT_TRANSLATE_NOOP("LoyaltyError", "The spend target must be more than zero.")
MIN_PURCHASE_NEGATIVE = QT_TRANSLATE_NOOP("LoyaltyError", "The minimum purchase cannot be negative.")
LIMIT_RANGE = QT_TRANSLATE_NOOP("LoyaltyError", "The limit per member must be at least 1 (or none).")
BUDGET_NEGATIVE = QT_TRANSLATE_NOOP("LoyaltyError", "The points budget cannot be below zero.")
STACKING_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "Stacking is add or best, not {value!r}.")
TIER_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "There is no tier {value}.")
SEGMENT_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "There is no segment {value!r} ({known}).")
BIRTH_MONTH_RANGE = QT_TRANSLATE_NOOP("LoyaltyError", "A birthday month is from 1 to 12.")
JOINED_BACKWARDS = QT_TRANSLATE_NOOP("LoyaltyError", "The join period ends before it starts.")


@dataclass(frozen=True)
class Target:
    """Who a campaign is for: every criterion given must hold (none given: everyone)."""

    tier_ids: tuple[int, ...] = ()
    segment: str | None = None
    birthday_month: int | None = None  # Jalali month 1-12
    joined_from: str | None = None  # UTC ISO, inclusive
    joined_to: str | None = None  # UTC ISO, exclusive

    @property
    def everyone(self) -> bool:
        return not (self.tier_ids or self.segment or self.birthday_month or self.joined_from or self.joined_to)


@dataclass(frozen=True)
class Campaign:
    """A campaign as the rules read it (ids are the store's; 0 for one not yet saved)."""

    name: str
    start_at: str  # UTC ISO, the first moment (00:00 Tehran of the first day)
    end_at: str  # UTC ISO, the first moment after it (00:00 Tehran after the last day)
    id: int = 0
    weekdays: tuple[str, ...] = ()  # () = every day
    hours: tuple[int, int] | None = None  # (from, to) Tehran hours; from > to crosses midnight
    target: Target = field(default_factory=Target)
    multiplier_pct: int = 0  # the effect: a multiplier (percent of base points) ...
    bonus: int = 0  # ... or a fixed bonus, on every qualifying purchase unless:
    nth_visit: int | None = None  # only on this qualifying purchase of the member in the campaign
    spend_target: int | None = None  # only on the purchase whose spend in the campaign reaches this
    min_purchase: int = 0  # rials (gross) a purchase must reach to qualify
    per_member_limit: int | None = None  # purchases it may give points to, per member
    budget: int | None = None  # points it may give in all
    stacking: str | None = None  # add | best; None: the club's
    ended_at: str | None = None  # UTC ISO: ended early by the owner

    @property
    def end(self) -> str:
        """Until when it runs (ended early, or its last day's end)."""
        return min(self.end_at, self.ended_at) if self.ended_at else self.end_at

    def effect_key(self) -> tuple:
        return (self.multiplier_pct, self.bonus, self.nth_visit, self.spend_target, self.min_purchase)


def parse_hours(text: str) -> tuple[int, int] | None:
    """``"10-14"`` → (10, 14); None for anything that is not such a range."""
    parts = text.replace(" ", "").split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    start, end = int(parts[0]), int(parts[1])
    if not (0 <= start <= 23 and 0 <= end <= 24) or start == end:
        return None
    return start, end


def format_hours(hours: tuple[int, int] | None) -> str:
    return f"{hours[0]}-{hours[1]}" if hours else ""


def parse_weekdays(text: str) -> tuple[tuple[str, ...], list[str]]:
    """``"sat,sun"`` → (("sat", "sun"), []); the unknown words in the second place."""
    words = [w.strip().lower()[:3] if w.strip().isascii() else w.strip() for w in text.split(",") if w.strip()]
    known = tuple(d for d in WEEKDAYS if d in words)
    return known, [w for w in words if w not in WEEKDAYS]


def validate(c: Campaign, *, tier_ids: set[int], segments: tuple[str, ...] | frozenset[str],
             others: tuple[Campaign, ...] = ()) -> list[Problem]:
    """Every problem of a campaign at once, each with its field. ``others``: the other campaigns
    (for a name already taken and an overlap of the same effect and target)."""
    found: list[Problem] = []
    name = c.name.strip()
    if not name:
        found.append(Problem("name", NAME_EMPTY))
    elif len(name) > MAX_NAME:
        found.append(Problem("name", NAME_TOO_LONG, {"maximum": MAX_NAME}))
    elif any(o.name.strip().casefold() == name.casefold() and o.id != c.id for o in others):
        found.append(Problem("name", NAME_TAKEN, {"name": name}))
    if not c.start_at or not c.end_at:
        found.append(Problem("dates", DATES_MISSING))
    elif c.end_at <= c.start_at:
        last_day = jalali_day(to_iso(from_iso(c.end_at) - timedelta(seconds=1)))
        found.append(Problem("end", END_BEFORE_START, {"start": jalali_day(c.start_at), "end": last_day}))
    else:
        clash = next((o for o in others if o.id != c.id and o.ended_at is None and o.effect_key() == c.effect_key()
                      and o.target == c.target and o.start_at < c.end_at and c.start_at < o.end_at), None)
        if clash is not None:
            found.append(Problem("dates", OVERLAPS, {"other": clash.name}))
    for w in c.weekdays:
        if w not in WEEKDAYS:
            found.append(Problem("weekdays", WEEKDAY_UNKNOWN, {"value": w}))
    if c.hours is not None and parse_hours(format_hours(c.hours)) != c.hours:
        found.append(Problem("hours", HOURS_INVALID, {"value": format_hours(c.hours)}))
    found += _effect_problems(c)
    if c.min_purchase < 0:
        found.append(Problem("min_purchase", MIN_PURCHASE_NEGATIVE))
    if c.per_member_limit is not None and c.per_member_limit < 1:
        found.append(Problem("per_member_limit", LIMIT_RANGE))
    if c.budget is not None and c.budget < 0:
        found.append(Problem("budget", BUDGET_NEGATIVE))
    if c.stacking is not None and c.stacking not in STACKING:
        found.append(Problem("stacking", STACKING_UNKNOWN, {"value": c.stacking}))
    t = c.target
    for tid in t.tier_ids:
        if tid not in tier_ids:
            found.append(Problem("tiers", TIER_UNKNOWN, {"value": tid}))
    if t.segment is not None and t.segment not in segments:
        found.append(Problem("segment", SEGMENT_UNKNOWN, {"value": t.segment, "known": ", ".join(segments)}))
    if t.birthday_month is not None and not 1 <= t.birthday_month <= 12:
        found.append(Problem("birthday_month", BIRTH_MONTH_RANGE))
    if t.joined_from and t.joined_to and t.joined_to <= t.joined_from:
        found.append(Problem("joined", JOINED_BACKWARDS))
    return found


def _effect_problems(c: Campaign) -> list[Problem]:
    found = []
    if c.multiplier_pct and c.bonus:
        found.append(Problem("effect", EFFECT_BOTH))
    elif not c.multiplier_pct and not c.bonus:
        found.append(Problem("effect", EFFECT_MISSING))
    if c.multiplier_pct and not 100 < c.multiplier_pct <= MAX_MULTIPLIER:
        found.append(Problem("multiplier", MULTIPLIER_RANGE, {"maximum": MAX_MULTIPLIER, "value": c.multiplier_pct}))
    if c.bonus and not 0 < c.bonus <= MAX_BONUS:
        found.append(Problem("bonus", BONUS_RANGE, {"maximum": MAX_BONUS}))
    if c.nth_visit is not None and c.spend_target is not None:
        found.append(Problem("condition", CONDITION_BOTH))
    if (c.nth_visit is not None or c.spend_target is not None) and not c.bonus:
        found.append(Problem("condition", CONDITION_NEEDS_BONUS))
    if c.nth_visit is not None and not 1 <= c.nth_visit <= 1000:
        found.append(Problem("nth_visit", NTH_VISIT_RANGE))
    if c.spend_target is not None and c.spend_target <= 0:
        found.append(Problem("spend_target", SPEND_TARGET_RANGE, {"value": Rials(c.spend_target)}))
    return found


# --- applying campaigns to a purchase ---------------------------------------------------------

@dataclass(frozen=True)
class PurchaseFacts:
    gross: int  # the club's qualifying amount (minimum purchase, spend in the campaign)
    net: int
    base_points: int  # step 6's points at the member's tier, before campaigns
    local: datetime  # the moment, in Tehran
    at: str  # the moment, UTC ISO


@dataclass(frozen=True)
class MemberFacts:
    tier_id: int | None
    segment: str | None
    birthday_month: int | None
    joined_at: str  # UTC ISO


@dataclass(frozen=True)
class Standing:
    """A member's counters in one campaign before this purchase."""

    uses: int = 0
    visits: int = 0
    spend: int = 0


@dataclass(frozen=True)
class Line:
    """What one campaign does with one purchase: it qualifies (a visit and spend counted) and
    gives ``points`` (0: counted, but nothing given)."""

    campaign: Campaign
    points: int


def runs_at(c: Campaign, at: str, local: datetime) -> bool:
    """The campaign applies at this moment: within its dates (and not ended), on its weekdays, in its hours."""
    if not (c.start_at <= at < c.end):
        return False
    day = local
    if c.hours is not None:
        start, end = c.hours
        h = local.hour
        if start < end:
            if not start <= h < end:
                return False
        elif h >= start:
            pass
        elif h < end:
            day = local - timedelta(days=1)  # the small hours belong to the evening before
        else:
            return False
    return not c.weekdays or day.weekday() in {_PY_WEEKDAY[w] for w in c.weekdays}


def targets(t: Target, m: MemberFacts) -> bool:
    return ((not t.tier_ids or m.tier_id in t.tier_ids)
            and (t.segment is None or m.segment == t.segment)
            and (t.birthday_month is None or m.birthday_month == t.birthday_month)
            and (t.joined_from is None or m.joined_at >= t.joined_from)
            and (t.joined_to is None or m.joined_at < t.joined_to))


def needs_segment(campaigns) -> bool:
    return any(c.target.segment is not None for c in campaigns)


def qualifying(campaigns, p: PurchaseFacts, m: MemberFacts) -> list[Campaign]:
    """The campaigns this purchase counts for (a visit, its spend), in id order."""
    return sorted((c for c in campaigns if runs_at(c, p.at, p.local) and targets(c.target, m)
                   and p.gross >= c.min_purchase), key=lambda c: c.id)


def earned(c: Campaign, p: PurchaseFacts, s: Standing) -> int:
    """What the campaign's effect gives this purchase, before limits and stacking."""
    if c.multiplier_pct:
        return p.base_points * (c.multiplier_pct - 100) // 100
    if c.nth_visit is not None:
        return c.bonus if s.visits + 1 == c.nth_visit else 0
    if c.spend_target is not None:
        return c.bonus if s.spend < c.spend_target <= s.spend + p.gross else 0
    return c.bonus


def apply(campaigns, p: PurchaseFacts, m: MemberFacts, standing: dict[int, Standing],
          budget_left: dict[int, int | None], club_stacking: str = "add") -> list[Line]:
    """The campaign lines of one purchase: one per qualifying campaign (its points may be 0: the
    visit and spend still count), honouring each campaign's per-member limit and budget left
    (``None``: no budget), then stacking (every ``add`` line; of the ``best`` ones the largest)."""
    lines = []
    for c in qualifying(campaigns, p, m):
        s = standing.get(c.id, Standing())
        points = earned(c, p, s)
        if c.per_member_limit is not None and s.uses >= c.per_member_limit:
            points = 0
        left = budget_left.get(c.id)
        if left is not None:
            points = max(0, min(points, left))
        lines.append(Line(c, points))
    best = [ln for ln in lines if (ln.campaign.stacking or club_stacking) == "best" and ln.points > 0]
    if len(best) > 1:
        winner = max(best, key=lambda ln: (ln.points, -ln.campaign.id))
        lines = [ln if ln is winner or ln not in best else Line(ln.campaign, 0) for ln in lines]
    return lines


def total(lines) -> int:
    return sum(ln.points for ln in lines)
