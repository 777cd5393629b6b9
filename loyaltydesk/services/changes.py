"""What an operation changed: a small frozen value the GUI broadcasts once per operation.

The shape of Anki's ``OpChanges``: a service does not return it by hand. Every service that writes
ends with ``session.audit(...)``, and every service starts by asking for its ``Action``; the session
notes the actions asked for, and each audit adds their flags (``FLAGS``, one table, one entry per
``Action``; narrowed by the audited entity where ``ENTITY_FLAGS`` says so) to what the session
has collected. Whoever runs the operation takes the value after it
(``Session.take_changes``): the GUI's runner, which broadcasts it to the pages, each of which
refreshes only when a flag it shows is set.

``audit`` is set by every audited act (the audit log shows every act); the other flags name what
a page may show.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cache

from loyaltydesk.domain.roles import Action


@dataclass(frozen=True)
class Changes:
    members: bool = False  # a member's record, status, tier or figures
    purchases: bool = False  # sales, refunds, voids (and the kept aggregates of sales)
    points: bool = False  # the points ledger: balances, earned, redeemed, expired
    tiers: bool = False  # the tiers' rules
    settings: bool = False  # the club's settings (shop name, unit, points rules, logo)
    campaigns: bool = False
    offers: bool = False  # offer rules, rewards, offers issued or used
    coupons: bool = False  # the coupons' definitions (a coupon used at the till is a purchase's)
    messages: bool = False  # the text messages' outbox and their settings
    users: bool = False
    followups: bool = False  # complaints, returns, low scores to follow up
    surveys: bool = False
    backups: bool = False
    audit: bool = False  # a row in the audit log (every audited act)

    @classmethod
    def of(cls, *names: str) -> Changes:
        return cls(**dict.fromkeys(names, True))

    @classmethod
    def everything(cls) -> Changes:
        return cls(**{f.name: True for f in fields(cls)})

    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name))

    def __or__(self, other: Changes) -> Changes:
        return _union(self, other)

    def __and__(self, other: Changes) -> Changes:
        return _common(self, other)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


# A handful of values ever meet (the flags of each action and entity): each union and intersection
# is made once, not at every purchase's audit row.
@cache
def _union(a: Changes, b: Changes) -> Changes:
    return replace(a, **{name: True for name in b.names()})


@cache
def _common(a: Changes, b: Changes) -> Changes:
    return Changes.of(*(name for name in a.names() if getattr(b, name)))


NONE = Changes()
ALL = Changes.everything()

_SALE = Changes.of("purchases", "points", "members", "offers", "messages")

# What an audited act under each action may have changed. Every Action has an entry (a test
# checks): a new action must say what it touches. Reads (find, read reports, read the audit)
# audit nothing and so report nothing; they are here all the same, with nothing.
FLAGS: dict[Action, Changes] = {
    Action.FIND_MEMBER: NONE,
    Action.SIGN_UP: Changes.of("members", "points", "messages", "offers"),  # a welcome bonus, a welcome text
    Action.EDIT_MEMBER: Changes.of("members"),
    Action.EDIT_IDENTITY: Changes.of("members", "points"),  # the referrer: who owns the points
    Action.BLOCK_MEMBER: Changes.of("members"),
    Action.PURCHASE: _SALE,
    Action.BACKDATE_PURCHASE: _SALE,
    Action.REFUND: _SALE,
    Action.VOID_PURCHASE: _SALE,
    Action.ADJUST_POINTS: Changes.of("points", "members"),
    Action.RUN_EXPIRY: Changes.of("points", "members", "messages"),
    Action.REVIEW_TIERS: Changes.of("members", "messages"),
    Action.AUTO_REVIEW: Changes.of("members", "messages"),
    Action.GRANT_BONUSES: Changes.of("points", "members", "messages"),
    Action.CHANGE_RULES: Changes.of("settings", "tiers", "campaigns", "offers", "coupons", "surveys"),
    Action.MANAGE_USERS: Changes.of("users"),
    Action.CHECK_DATABASE: Changes.of("purchases", "members", "points"),  # the report figures rebuilt
    Action.READ_AUDIT: NONE,
    Action.FILL_DEMO: ALL,
    Action.ANSWER_SURVEY: Changes.of("surveys", "followups"),  # a low score opens a follow-up
    Action.LOG_COMPLAINT: Changes.of("followups"),
    Action.FOLLOW_UP: Changes.of("followups", "surveys"),
    Action.READ_REPORTS: NONE,
    Action.BACK_UP: Changes.of("backups"),
    Action.AUTO_BACKUP: Changes.of("backups"),
    Action.RESTORE: ALL,
    Action.IMPORT_MEMBERS: Changes.of("members", "purchases", "points"),
    Action.EXPORT_DATA: NONE,  # (its audit row says who took the data)
    Action.PRINT_CARDS: Changes.of("members"),
    Action.SEND_MESSAGES: Changes.of("messages"),
    Action.MANAGE_MESSAGES: Changes.of("messages", "settings"),
}


# What an audited row's entity narrows its action's flags to: the owner's rules are one action
# (CHANGE_RULES) but a saved shop name touches the settings only, a saved tier the tiers only.
# An entity not here (or one that would leave nothing) keeps the action's flags whole.
ENTITY_FLAGS: dict[str, Changes] = {
    "settings": Changes.of("settings"),
    "tier": Changes.of("tiers"),
    "campaign": Changes.of("campaigns"),
    "coupon": Changes.of("coupons"),
    "reward": Changes.of("offers"),
    "offer_rule": Changes.of("offers"),
}


@cache
def _audited(acting: frozenset[Action], entity: str) -> Changes:
    """The flags an audit row of ``entity`` adds under the ``acting`` actions."""
    flags = NONE
    for action in acting:
        flags = flags | FLAGS[action]
    narrowed = flags & ENTITY_FLAGS.get(entity, flags)
    return (narrowed or flags) | Changes.of("audit")


class Collector:
    """The session's note of what it changed since it was last asked (one per session and the
    copies ``moved_to`` makes of it: a session acts on one thread at a time)."""

    def __init__(self) -> None:
        self.acting: set[Action] = set()
        self.made = NONE

    def asked(self, action: Action) -> None:
        self.acting.add(action)

    def audited(self, entity: str = "") -> None:
        self.made = self.made | _audited(frozenset(self.acting), entity)

    def take(self) -> Changes:
        made, self.made = self.made, NONE
        self.acting.clear()
        return made
