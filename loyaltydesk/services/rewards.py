"""The reward catalog: non-cash rewards (a free item, a service, an event ticket) with a points
price and a stock, redeemed at the till.

A redemption is a ``redeem`` entry of the ledger (taken from the oldest lots, like any
redemption) with the reward in its reason, kept beside it in ``reward_redemptions`` with the
purchase it went with, if any; the stock is taken in the same transaction. The balance rules are
those of a redemption: nothing while the balance is not positive, never more than the balance.
A refund of the purchase does not give the reward's points back (the reward was handed over):
the owner adjusts the points if the reward itself comes back."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, Problem, RuleViolation, require_valid
from loyaltydesk.domain.ledger import Kind
from loyaltydesk.domain.offers import reward_problems
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import normalize_text
from loyaltydesk.store import ledger as ledger_store
from loyaltydesk.store import members as member_store
from loyaltydesk.store import offers as offer_store

from .session import Session

REWARD_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "There is no reward {name}.")
REWARD_EXISTS = QT_TRANSLATE_NOOP("LoyaltyError", "A reward named {name} already exists.")
REWARD_OFF = QT_TRANSLATE_NOOP("LoyaltyError", "The reward {name} is not offered now.")
REWARD_OUT_OF_STOCK = QT_TRANSLATE_NOOP("LoyaltyError", "The reward {name} is out of stock.")
REWARD_BALANCE_NOT_POSITIVE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The points balance is {balance}: no reward can be given until it is positive.")
REWARD_OVER_BALANCE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The reward {name} costs {points} points; only {balance} are available.")
REWARD_BLOCKED = QT_TRANSLATE_NOOP("LoyaltyError", "Member {card} is blocked: no rewards.")


@dataclass(frozen=True)
class RewardView:
    id: int
    name: str
    points: int
    stock: int | None
    active: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RewardGiven:
    """A reward redeemed: what, for how many points, the member's balance after."""

    redemption_id: int
    reward: str
    points: int
    member_id: int
    card: str
    purchase_id: int | None
    balance: int
    stock_left: int | None

    def as_dict(self) -> dict:
        return asdict(self)


def _view(r: offer_store.Reward) -> RewardView:
    return RewardView(r.id, r.name, r.points, r.stock, bool(r.active))


def list_rewards(session: Session, include_inactive: bool = True) -> list[RewardView]:
    session.require(Action.FIND_MEMBER)
    return [_view(r) for r in offer_store.rewards(session.db, include_inactive)]


def add_reward(session: Session, name: str, points: int, stock: int | None = None) -> RewardView:
    """A new reward (owner); every problem of the form at once, a name already used refused."""
    with session.act(Action.CHANGE_RULES) as db:
        name = normalize_text(name)
        require_valid(reward_problems(name, points, stock))
        if offer_store.reward(db, name) is not None:
            raise Conflict(REWARD_EXISTS, name=name)
        reward_id = offer_store.insert_reward(db, name, points, stock, session.now_iso())
        made = _view(offer_store.reward_by_id(db, reward_id))  # type: ignore[arg-type]
        session.audit("add_reward", "reward", reward_id, None, made.as_dict())
        return made


_UNCHANGED = object()


def edit_reward(session: Session, name: str, *, new_name: str | None = None, points: int | None = None,
                stock=_UNCHANGED, active: bool | None = None) -> RewardView:
    """Change a reward (owner): its name, price, stock (None: unlimited) or whether it is offered."""
    with session.act(Action.CHANGE_RULES) as db:
        before = offer_store.reward(db, normalize_text(name))
        if before is None:
            raise NotFound(REWARD_UNKNOWN, name=normalize_text(name))
        after = before._replace(
            name=normalize_text(new_name) if new_name is not None else before.name,
            points=points if points is not None else before.points,
            stock=before.stock if stock is _UNCHANGED else stock,
            active=int(active) if active is not None else before.active)
        require_valid(reward_problems(after.name, after.points, after.stock))
        if after.name != before.name and offer_store.reward(db, after.name) is not None:
            raise Conflict(REWARD_EXISTS, name=after.name)
        offer_store.update_reward(db, after)
        session.audit("edit_reward", "reward", before.id, _view(before).as_dict(), _view(after).as_dict())
        return _view(after)


def reward_checks(db, name: str | None, balance: int) -> tuple[offer_store.Reward | None, list[Problem]]:
    """The reward named and what refuses it now for a member with ``balance`` points to spend
    (each beside the ``reward`` field)."""
    if not name:
        return None, []
    name = normalize_text(name)
    r = offer_store.reward(db, name)
    if r is None:
        return None, [Problem("reward", REWARD_UNKNOWN, {"name": name})]
    found = []
    if not r.active:
        found.append(Problem("reward", REWARD_OFF, {"name": name}))
    if r.stock is not None and r.stock <= 0:
        found.append(Problem("reward", REWARD_OUT_OF_STOCK, {"name": name}))
    if balance <= 0:
        found.append(Problem("reward", REWARD_BALANCE_NOT_POSITIVE, {"balance": balance}))
    elif r.points > balance:
        found.append(Problem("reward", REWARD_OVER_BALANCE, {"name": name, "points": r.points, "balance": balance}))
    return r, found


def take_reward(session: Session, r: offer_store.Reward, member_id: int, at: str,
                purchase_id: int | None) -> tuple[int, int, int | None]:
    """Write a reward's redemption (in the caller's transaction, its checks passed): the ledger's
    ``redeem`` entry, the redemption row, one taken from the stock. (redemption id, entry id, stock left)."""
    db, actor = session.db, session.user.username
    if not offer_store.take_stock(db, r.id):
        raise RuleViolation(REWARD_OUT_OF_STOCK, name=r.name)
    entry = ledger_store.append(db, member_id, Kind.REDEEM, -r.points, at, actor, purchase_id=purchase_id,
                                reason=f"reward: {r.name}")
    redemption = offer_store.insert_redemption(db, reward_id=r.id, member_id=member_id, entry_id=entry,
                                               purchase_id=purchase_id, at=at, points=r.points, actor=actor)
    left = offer_store.reward_by_id(db, r.id)
    return redemption, entry, left.stock if left else None


def redeem_reward(session: Session, key: str, name: str) -> RewardGiven:
    """Give a member a reward for its points at the till, alone (a reward with a purchase goes
    through ``checkout.register_purchase(..., reward=NAME)``). Refused, every problem at once, for
    an unknown or withdrawn reward, no stock, a balance that is not positive or too small, a
    blocked member."""
    from .members import resolve
    from .points import expire_member

    with session.act(Action.PURCHASE) as db:
        row = resolve(db, key)
        if member_store.lock(db, row.id):  # a purchase at another till for this member: in turn
            row = resolve(db, key)
        at = session.now_iso()
        expire_member(db, row.id, at, session.user.username)
        r, found = reward_checks(db, name, ledger_store.balance(db, row.id))
        if row.status != "active":
            found.insert(0, Problem("member", REWARD_BLOCKED, {"card": row.card}))
        require_valid(found)
        assert r is not None
        redemption, entry, left = take_reward(session, r, row.id, at, None)
        given = RewardGiven(redemption, r.name, r.points, row.id, row.card, None,
                            ledger_store.balance(db, row.id), left)
        # the audit names the ledger entry: check accounts for a redemption without a purchase by it
        session.audit("redeem_reward", "reward", r.id, None, {**given.as_dict(), "entry": entry})
        return given
