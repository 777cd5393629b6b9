"""Satisfaction surveys, follow-ups, complaints and returns: the rules, without storage.

NPS ("how likely are you to recommend us", 0-10) sorts every answer into the seeds' three zones:
9-10 promoters (commitment), 7-8 passives (indifference), 0-6 detractors (rejection). CSAT is
1-5 stars on a few aspects the owner chooses. A detractor opens a follow-up item for the owner,
which goes open → contacted → resolved (or straight to resolved), each step with a note and who.
Complaints and returns are follow-up items too, with a category.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .errors import QT_TRANSLATE_NOOP, Problem
from .text import normalize_text, to_ascii_digits

NPS_MIN, NPS_MAX = 0, 10
STARS_MIN, STARS_MAX = 1, 5
COMMENT_MAX = 2_000
NOTE_MAX = 2_000
MAX_ASPECTS = 8

# The aspects a new club asks about; the owner may change them. Known keys get a translated label.
DEFAULT_ASPECTS = ("service", "quality", "price", "staff")
ASPECT_LABELS = {
    "service": QT_TRANSLATE_NOOP("Report", "Service"),
    "quality": QT_TRANSLATE_NOOP("Report", "Product quality"),
    "price": QT_TRANSLATE_NOOP("Report", "Price"),
    "staff": QT_TRANSLATE_NOOP("Report", "Staff"),
}

NPS_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "The recommendation score is a whole number from 0 to 10, not {value!r}.")
STARS_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "{aspect}: stars are a whole number from 1 to 5, not {value!r}.")
ASPECT_UNKNOWN = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{aspect!r} is not one of the aspects the club asks about ({aspects})."
)
COMMENT_TOO_LONG = QT_TRANSLATE_NOOP("LoyaltyError", "The comment is too long (at most {limit} characters).")
ASPECTS_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Give between 1 and {limit} aspects, each a short name used once."
)
NOTE_TOO_LONG = QT_TRANSLATE_NOOP("LoyaltyError", "The note is too long (at most {limit} characters).")
RESOLUTION_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "Say how it was resolved: a resolution is required.")
CATEGORY_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a complaint category ({categories}).")
DESCRIPTION_MISSING = QT_TRANSLATE_NOOP("LoyaltyError", "Describe the complaint or return in a few words.")
MOVE_REFUSED = QT_TRANSLATE_NOOP("LoyaltyError", "Follow-up {id} is {status}; it cannot be marked {target}.")
# the statuses that fill MOVE_REFUSED, translated by the GUI in the context "Words"
STATUS_WORDS = (QT_TRANSLATE_NOOP("Words", "open"), QT_TRANSLATE_NOOP("Words", "contacted"),
                QT_TRANSLATE_NOOP("Words", "resolved"))


class Zone(str, Enum):
    """The seeds' negative, neutral and positive zones."""

    PROMOTER = "promoter"
    PASSIVE = "passive"
    DETRACTOR = "detractor"


def zone(score: int) -> Zone:
    """9-10 promoter, 7-8 passive, 0-6 detractor."""
    if not isinstance(score, int) or isinstance(score, bool) or not NPS_MIN <= score <= NPS_MAX:
        raise ValueError(f"NPS score out of range: {score!r}")
    if score >= 9:
        return Zone.PROMOTER
    if score >= 7:
        return Zone.PASSIVE
    return Zone.DETRACTOR


def aspect_label(key: str) -> str:
    """The English source label of a known aspect (translated by whoever shows it), else the key."""
    return ASPECT_LABELS.get(key, key)


@dataclass(frozen=True)
class SurveyAnswers:
    """One customer's answers, validated and normalised."""

    nps: int
    stars: tuple[tuple[str, int], ...] = ()  # (aspect, 1..5), in the club's aspect order
    comment: str = ""

    @property
    def zone(self) -> Zone:
        return zone(self.nps)

    @property
    def needs_follow_up(self) -> bool:
        return self.zone is Zone.DETRACTOR


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        raw = to_ascii_digits(value.strip())
        return int(raw) if raw.isdigit() else None
    return None


def validate_answers(nps, stars: dict | None, comment: str | None, aspects) -> tuple[SurveyAnswers | None, list[Problem]]:
    """Check every answer at once; returns (answers, []) or (None, every problem found).

    ``stars`` maps aspect → stars; aspects not asked about are refused, unanswered ones are left out
    (a customer may skip an aspect; the NPS question is the one that must be answered).
    """
    problems = []
    score = _whole(nps)
    if score is None or not NPS_MIN <= score <= NPS_MAX:
        problems.append(Problem("nps", NPS_INVALID, {"value": nps}))
    given = {}
    for aspect, value in (stars or {}).items():
        key = normalize_text(str(aspect)).casefold()
        if key not in aspects:
            problems.append(Problem("csat", ASPECT_UNKNOWN, {"aspect": aspect, "aspects": ", ".join(aspects)}))
            continue
        n = _whole(value)
        if n is None or not STARS_MIN <= n <= STARS_MAX:
            problems.append(Problem("csat", STARS_INVALID, {"aspect": aspect, "value": value}))
            continue
        given[key] = n
    text = normalize_text(comment or "").strip()
    if len(text) > COMMENT_MAX:
        problems.append(Problem("comment", COMMENT_TOO_LONG, {"limit": COMMENT_MAX}))
    if problems or score is None:
        return None, problems
    ordered = tuple((a, given[a]) for a in aspects if a in given)
    return SurveyAnswers(score, ordered, text), []


def validate_aspects(names) -> tuple[tuple[str, ...], list[Problem]]:
    """The owner's list of aspects: 1..MAX_ASPECTS short distinct names (normalised, folded)."""
    keys = [normalize_text(str(n)).strip().casefold() for n in names or ()]
    if not keys or len(keys) > MAX_ASPECTS or len(set(keys)) != len(keys) or any(
            not k or len(k) > 40 or "=" in k for k in keys):
        return (), [Problem("aspects", ASPECTS_INVALID, {"limit": MAX_ASPECTS})]
    return tuple(keys), []


# --- follow-ups --------------------------------------------------------------------------------

class Status(str, Enum):
    OPEN = "open"
    CONTACTED = "contacted"
    RESOLVED = "resolved"


class Source(str, Enum):
    DETRACTOR = "detractor"  # opened by a survey answer of 0-6
    COMPLAINT = "complaint"
    RETURN = "return"


CATEGORIES = {
    "product": QT_TRANSLATE_NOOP("Report", "Product"),
    "defective": QT_TRANSLATE_NOOP("Report", "Defective item"),
    "wrong_item": QT_TRANSLATE_NOOP("Report", "Wrong item"),
    "changed_mind": QT_TRANSLATE_NOOP("Report", "Changed mind"),
    "service": QT_TRANSLATE_NOOP("Report", "Service"),
    "staff": QT_TRANSLATE_NOOP("Report", "Staff"),
    "price": QT_TRANSLATE_NOOP("Report", "Price"),
    "waiting": QT_TRANSLATE_NOOP("Report", "Waiting time"),
    "other": QT_TRANSLATE_NOOP("Report", "Other"),
}

# Which moves a follow-up may make. "contacted" → "contacted" adds another contact note.
MOVES = {
    Status.OPEN: {Status.CONTACTED, Status.RESOLVED},
    Status.CONTACTED: {Status.CONTACTED, Status.RESOLVED},
    Status.RESOLVED: set(),
}


def move_problems(item_id: int, current: Status | str, target: Status | str, note: str) -> list[Problem]:
    """Why moving follow-up ``item_id`` from ``current`` to ``target`` with ``note`` is refused ([] = allowed)."""
    current, target = Status(current), Status(target)
    problems = []
    if target not in MOVES[current]:
        problems.append(Problem("status", MOVE_REFUSED, {"id": item_id, "status": current.value, "target": target.value}))
    text = normalize_text(note or "").strip()
    if len(text) > NOTE_MAX:
        problems.append(Problem("note", NOTE_TOO_LONG, {"limit": NOTE_MAX}))
    if target is Status.RESOLVED and not text:
        problems.append(Problem("note", RESOLUTION_MISSING))
    return problems


def validate_complaint(source: Source | str, category: str, description: str) -> list[Problem]:
    """Every problem of the complaint / return form at once."""
    problems = []
    if category not in CATEGORIES:
        problems.append(Problem("category", CATEGORY_UNKNOWN, {"value": category, "categories": ", ".join(CATEGORIES)}))
    text = normalize_text(description or "").strip()
    if not text:
        problems.append(Problem("description", DESCRIPTION_MISSING))
    elif len(text) > NOTE_MAX:
        problems.append(Problem("description", NOTE_TOO_LONG, {"limit": NOTE_MAX}))
    Source(source)  # a programming error, not a cashier's: raise ValueError
    return problems
