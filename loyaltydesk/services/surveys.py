"""Record a customer's satisfaction survey (kiosk or counter), and the aspects the club asks about.

A survey is the NPS question (0-10), CSAT stars (1-5) on the owner's aspects and a comment; it
may be tied to one of the member's purchases (once per purchase). A detractor (0-6) opens a
follow-up item for the owner in the same transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, NotFound, Problem, ValidationError, require_valid
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.surveys import DEFAULT_ASPECTS, Source, aspect_label, validate_answers, validate_aspects
from loyaltydesk.store import purchases as purchase_store
from loyaltydesk.store import members as member_store
from loyaltydesk.store import surveys as survey_store

from .members import resolve
from . import sms
from .session import Session

PURCHASE_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no purchase {purchase_id}.")
PURCHASE_OF_ANOTHER = QT_TRANSLATE_NOOP("LoyaltyError", "Purchase {purchase_id} is not this member's.")
PURCHASE_ANSWERED = QT_TRANSLATE_NOOP("LoyaltyError", "The survey of purchase {purchase_id} has already been answered.")
SURVEY_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no survey {survey_id}.")
CHANNELS = ("kiosk", "counter", "cli")


@dataclass(frozen=True)
class SurveyResult:
    survey_id: int
    member_id: int
    card: str
    purchase_id: int | None
    at: str
    nps: int
    zone: str
    stars: dict
    comment: str
    followup_id: int | None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AnsweredSurvey:
    """A survey as the owner reads it: the answers with their stars per aspect."""

    id: int
    member_id: int
    purchase_id: int | None
    at: str  # UTC ISO
    nps: int
    comment: str
    channel: str  # kiosk, counter, cli
    actor: str
    stars: dict[str, int]


def answered(db, row: survey_store.Survey) -> AnsweredSurvey:
    return AnsweredSurvey(*row, stars=survey_store.stars_of(db, row.id))


def aspects(session: Session) -> tuple[str, ...]:
    """The aspects the club asks stars for (the default four until the owner changes them)."""
    stored = survey_store.aspects(session.db)
    return tuple(stored) if stored else DEFAULT_ASPECTS


def aspect_titles(session: Session) -> list[tuple[str, str]]:
    """(key, English source label or the owner's own name) of each aspect, in order."""
    return [(a, aspect_label(a)) for a in aspects(session)]


def set_aspects(session: Session, names) -> tuple[str, ...]:
    """Choose the aspects (1-8 short distinct names). Owner only: it is a club rule. Answers
    already given keep their aspect names."""
    with session.act(Action.CHANGE_RULES) as db:
        keys, problems = validate_aspects(names)
        require_valid(problems)
        before = aspects(session)
        survey_store.put_aspects(db, keys)
        session.audit("set_survey_aspects", "settings", survey_store.ASPECTS_KEY, list(before), list(keys))
        return keys


def add_survey(session: Session, key: str, nps, stars: dict | None = None, comment: str = "",
               purchase_id: int | None = None, channel: str = "counter") -> SurveyResult:
    """Store one member's answers. Cashier or owner. Every problem of the answers is reported at
    once; refused: an unknown member or purchase, a purchase of another member, a purchase whose
    survey was already answered. A detractor's answer opens a follow-up item."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown survey channel {channel!r}")
    with session.act(Action.ANSWER_SURVEY) as db:
        member = resolve(db, key)
        member_store.lock(db, member.id)  # a purchase's survey answered at two places at once: once
        answers, problems = validate_answers(nps, stars, comment, aspects(session))
        if purchase_id is not None:
            p = purchase_store.get(db, purchase_id)
            if p is None:
                problems.append(Problem("purchase", PURCHASE_NOT_FOUND, {"purchase_id": purchase_id}))
            elif p.member_id != member.id:
                problems.append(Problem("purchase", PURCHASE_OF_ANOTHER, {"purchase_id": purchase_id}))
            elif survey_store.survey_of_purchase(db, purchase_id) is not None:
                problems.append(Problem("purchase", PURCHASE_ANSWERED, {"purchase_id": purchase_id}))
        if problems or answers is None:  # (answers come without problems, and only then)
            raise ValidationError(problems)
        at, actor = session.now_iso(), session.user.username
        survey_id = survey_store.insert_survey(db, member.id, purchase_id, at, answers.nps, answers.comment,
                                               channel, actor, answers.stars)
        followup_id = None
        if answers.needs_follow_up:
            followup_id = survey_store.insert_followup(db, {
                "source": Source.DETRACTOR.value, "member_id": member.id, "survey_id": survey_id,
                "purchase_id": purchase_id, "description": answers.comment, "opened_at": at, "opened_by": actor,
            }, note="")
            sms.apology(db, session.now(), member.id, followup_id)  # queued as the follow-up opens
        result = SurveyResult(survey_id, member.id, member.card, purchase_id, at, answers.nps,
                              answers.zone.value, dict(answers.stars), answers.comment, followup_id)
        session.audit("add_survey", "survey", survey_id, None, {"nps": answers.nps, "followup_id": followup_id})
        return result


def get_survey(session: Session, survey_id: int) -> AnsweredSurvey:
    session.require(Action.FOLLOW_UP)
    row = survey_store.get_survey(session.db, survey_id)
    if row is None:
        raise NotFound(SURVEY_NOT_FOUND, survey_id=survey_id)
    return answered(session.db, row)


def member_surveys(session: Session, key: str, limit: int = 50) -> list[AnsweredSurvey]:
    """A member's surveys, newest first, each with its stars per aspect (owner: the comments are
    what the follow-ups are made of)."""
    session.require(Action.FOLLOW_UP)
    member = resolve(session.db, key)
    return [answered(session.db, row) for row in survey_store.surveys_of_member(session.db, member.id, limit)]
