"""Text messages to members: queued in the same transaction as what caused them, sent by a round
of the sender (``send_due``: the app's background thread and ``loyaltydesk sms run``).

Nothing is sent that is not first a row of the outbox (``store/sms.py``), and each occasion has a
``dedupe_key``, so a purchase, a birthday or a warning is queued once however often its code
runs. Promotional messages go only to members who agreed (``sms_consent``) and wait for the end of
the quiet hours; transactional ones go to members who agreed, or to every member when the owner
chose so (``SmsSettings.transactional_to_all``).

The sender never sends a message twice: a message is marked ``sending`` (its attempt counted, its
local id already stored) and committed BEFORE the provider is called; a message found in
``sending`` (a run killed mid-call, a timeout) is looked up at the provider by its local id before
anything else, and sent again only when the provider says it never took it. A credit error pauses
sending (``SmsSettings.paused``) until the owner retries a message; back-off (1 min, 5 min, 30
min, 2 h) until a message expires.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, Problem, ValidationError, require_valid
from loyaltydesk.domain.ids import parse_mobile
from loyaltydesk.domain.jalali import from_iso, to_iso
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.sms import (
    KIND_OF, LIFETIME, FINAL, Kind, Occasion, Outcome, SmsSettings, State, Values, body_problems, count_parts, is_quiet,
    next_allowed, next_state, render, settings_problems, template_problems,
)
from loyaltydesk.store import club as club_store
from loyaltydesk.store import locks
from loyaltydesk.store import members as member_store
from loyaltydesk.store import sms as sms_store
from loyaltydesk.store.members import Member
from loyaltydesk.store.sms import Message

from .session import Session
from .sms_provider import Answer, Outgoing, Provider, ProviderError, provider_for

T = TypeVar("T")
# runs one step of a round, ``step(session)``, where the club is written; returns what the step returned
Through = Callable[[Callable[[Session], Any]], Any]

MESSAGE_NOT_FOUND = QT_TRANSLATE_NOOP("LoyaltyError", "There is no message {id}.")
NOT_RETRYABLE = QT_TRANSLATE_NOOP("LoyaltyError", "Message {id} is {state}: only a failed or expired message is sent again.")
NOT_CANCELLABLE = QT_TRANSLATE_NOOP("LoyaltyError", "Message {id} is {state}: only a queued message can be cancelled.")
NOT_CONFIGURED = QT_TRANSLATE_NOOP(
    "LoyaltyError", "No SMS provider is set: set one with its API key and line first (club set --sms-provider ...).")
MOBILE_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "{value} is not a mobile number.")
PAUSED_NO_CREDIT = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Sending text messages is paused: the SMS account is out of credit. Charge it, then retry a "
    "message to resume.")
PAUSED_ACCOUNT = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Sending text messages is paused: the SMS provider refused the API key or the sending line. "
    "Check them in the settings, then retry a message to resume.")

SENDING_LEASE = timedelta(minutes=2)  # a message marked 'sending' is left to its sender this long (> the timeouts):
# another sender (the app and a scheduled `sms run`, two tills) looks it up only after that
POLL_EVERY = timedelta(minutes=10)  # a sent message's delivery is asked again this often, within the window
ROUND_LIMIT = 1_000  # messages one round looks at


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


# --- the settings -----------------------------------------------------------------------------------

def get_settings(session: Session) -> SmsSettings:
    return sms_store.sms_settings(session.db)


def configure(session: Session, **changes) -> SmsSettings:
    """Change the messages' settings (owner). ``templates`` is a {occasion: template} of the ones to
    change ("" puts back the default). Every problem at once; the audit shows the key masked."""
    with session.act(Action.MANAGE_MESSAGES) as db:
        before = sms_store.sms_settings(db)
        if "templates" in changes:
            merged = dict(before.templates)
            for occasion, template in dict(changes["templates"]).items():
                Occasion(occasion)  # a ValueError for an unknown occasion: a bug of the caller
                if template:
                    merged[occasion] = template
                else:
                    merged.pop(occasion, None)
            changes["templates"] = tuple(sorted(merged.items()))
        after = replace(before, **changes)
        require_valid(settings_problems(after))
        old, new = before.as_stored(), after.as_stored()
        changed = {k: v for k, v in new.items() if old[k] != v}
        if changed:
            sms_store.put_sms_settings(db, changed)
            shown_before, shown_after = before.masked(), after.masked()
            session.audit("configure_sms", "settings", None, {k: shown_before.get(k, "…") for k in changed},
                          {k: shown_after.get(k, "…") for k in changed})
        return after


@dataclass(frozen=True)
class TemplateView:
    occasion: str
    kind: str
    template: str
    default: bool  # the built-in text (the owner has not changed it)
    sample: str  # filled with a sample member
    characters: int
    parts: int

    def as_dict(self) -> dict:
        return asdict(self)




SAMPLE_POINTS, SAMPLE_OFFER = 1_250, "NOWRUZ20"  # what a preview says for the points earned and {offer}
NO_MEMBERS = QT_TRANSLATE_NOOP("LoyaltyError", "The club has no member yet to preview a message with.")


def templates(session: Session) -> list[TemplateView]:
    """Every occasion's text as it is sent, with a sample member filled in and its parts."""
    session.require(Action.MANAGE_MESSAGES)
    st = sms_store.sms_settings(session.db)
    values = Values(name="مریم", points=SAMPLE_POINTS, balance=18_400, tier="نقره‌ای", offer=SAMPLE_OFFER,
                    shop=club_store.club_settings(session.db).shop_name, expiry=session.now() + timedelta(days=7))
    out = []
    for occasion in Occasion:
        template = st.template(occasion)
        sample = render(template, values)
        parts = count_parts(sample)
        out.append(TemplateView(occasion.value, KIND_OF[occasion].value, template,
                                occasion.value not in dict(st.templates), sample, parts.units, parts.parts))
    return out


@dataclass(frozen=True)
class PreviewMember:
    """A real member a template is previewed with (the template editor): who, and their fields."""

    member_id: int
    card: str
    mobile: str
    name: str  # first and last name
    balance: int  # points, as stored
    values: Values  # the template's fields for this member (points earned and {offer}: samples)


def preview_member(session: Session, key: str = "") -> PreviewMember:
    """The member with this card or mobile (any accepted form), or the first member when ``key`` is
    empty; their fields as a message would be filled (the points earned, {offer} and {expiry} are
    samples: a purchase, a campaign or the expiry run gives those)."""
    from .members import resolve  # members imports this module

    session.require(Action.MANAGE_MESSAGES)
    db = session.db
    member = resolve(db, key.strip()) if key.strip() else member_store.first(db)
    if member is None:
        raise NotFound(NO_MEMBERS)
    days = sms_store.sms_settings(db).expiring_days or 7
    values = member_values(db, member, points=SAMPLE_POINTS, offer=SAMPLE_OFFER,
                           expiry=session.now() + timedelta(days=days))
    return PreviewMember(member.id, member.card, member.mobile, f"{member.first_name} {member.last_name}".strip(),
                         member.points, values)


# --- queueing ---------------------------------------------------------------------------------------

def member_values(db, member: Member, **overrides) -> Values:
    """A member's fields for a template (their balance as stored unless given)."""
    tier = next((t.name for t in club_store.tiers(db) if t.id == member.tier_id), "")
    values = Values(name=member.first_name or f"{member.first_name} {member.last_name}".strip(),
                    points=0, balance=member.points, tier=tier, shop=club_store.club_settings(db).shop_name)
    return replace(values, **overrides)


def may_receive(settings: SmsSettings, member: Member | None, kind: Kind) -> bool:
    """Consent: promotional messages only to active members who agreed; transactional ones to those
    who agreed, or to every member when the owner chose so."""
    if member is None:
        return True
    if kind is Kind.PROMOTIONAL:
        return bool(member.sms_consent) and member.status == "active"
    return bool(member.sms_consent) or settings.transactional_to_all


def queue(db, now: datetime, occasion: Occasion, dedupe_key: str, *, member: Member | None = None,
          mobile: str | None = None, values: Values | None = None, settings: SmsSettings | None = None,
          campaign: str | None = None, template: str | None = None) -> int | None:
    """Queue one message inside the caller's transaction (the purchase, the bonus, the sign-up):
    the new message's id, or None when nothing is queued (no provider set, no consent, already
    queued under ``dedupe_key``, a text that cannot be sent). Never raises for the message's sake:
    what caused it must not fail because of a text message."""
    settings = settings or sms_store.sms_settings(db)
    kind = KIND_OF[occasion]
    if not settings.configured or not may_receive(settings, member, kind):
        return None
    if sms_store.by_dedupe_key(db, dedupe_key) is not None:
        return None
    try:
        body = render(template or settings.template(occasion),
                      values or (member_values(db, member) if member else Values()))
    except ValueError:
        return None
    if body_problems(body):
        return None
    not_before = next_allowed(now, settings.quiet()) if kind is Kind.PROMOTIONAL else now
    return sms_store.insert(
        db, member_id=member.id if member else None, mobile=mobile or (member.mobile if member else ""),
        kind=kind.value, template=occasion.value, body=body, parts=count_parts(body).parts,
        not_before=to_iso(not_before), expires_at=to_iso(not_before + LIFETIME[occasion]), dedupe_key=dedupe_key,
        created_at=to_iso(now), campaign=campaign)


def after_purchase(db, now: datetime, member: Member, purchase_id: int, points: int, balance: int,
                   tier: str | None) -> int | None:
    """The points and balance after a purchase, when the owner turned it on."""
    settings = sms_store.sms_settings(db)
    if not settings.after_purchase:
        return None
    values = member_values(db, member, points=points, balance=balance, tier=tier or "")
    return queue(db, now, Occasion.PURCHASE, f"purchase:{purchase_id}", member=member, values=values,
                 settings=settings)


def purchase_texted(db, purchase_id: int) -> bool:
    return sms_store.by_dedupe_key(db, f"purchase:{purchase_id}") is not None


def welcome(db, now: datetime, member: Member) -> int | None:
    settings = sms_store.sms_settings(db)
    if not settings.welcome:
        return None
    return queue(db, now, Occasion.WELCOME, f"welcome:{member.id}", member=member, settings=settings)


def birthday(db, now: datetime, member_id: int, bonus: int, year: int) -> int | None:
    """The birthday wish with its bonus, once per Jalali year."""
    settings = sms_store.sms_settings(db)
    member = member_store.get(db, member_id)
    if not settings.birthday or member is None:
        return None
    return queue(db, now, Occasion.BIRTHDAY, f"birthday:{year}:{member_id}", member=member, settings=settings,
                 values=member_values(db, member, points=bonus))


def apology(db, now: datetime, member_id: int, followup_id: int) -> int | None:
    """To a detractor, when their follow-up opens."""
    settings = sms_store.sms_settings(db)
    member = member_store.get(db, member_id)
    if not settings.apology or member is None:
        return None
    return queue(db, now, Occasion.APOLOGY, f"apology:{followup_id}", member=member, settings=settings)


def opted_out(db, member_id: int, now_iso: str) -> int:
    """A member withdrew consent: their promotional messages still waiting are cancelled."""
    waiting = sms_store.waiting_promotional(db, member_id)
    for m in waiting:
        _move(db, m, State.CANCELLED, now_iso, "opt-out")
    return len(waiting)


@dataclass
class ExpiringRun:
    """One run of the expiry warnings (``expiring_slice``), from one member id to the next."""

    now: str
    after_id: int = 0
    queued: int = 0
    done: bool = False


def expiring_slice(session: Session, run: ExpiringRun, limit: int = 500) -> ExpiringRun:
    """One slice of the warnings: members whose points expire within the owner's days get one
    message per first expiry date (``expiring:<member>:<date>``)."""
    with session.act(Action.SEND_MESSAGES) as db:
        settings = sms_store.sms_settings(db)
        if not settings.configured or settings.expiring_days <= 0:
            run.done = True
            return run
        now = from_iso(run.now)
        until = to_iso(now + timedelta(days=settings.expiring_days))
        rows = sms_store.expiring_between(db, run.now, until, limit, run.after_id)
        for due in rows:
            member = member_store.get(db, due.member_id)
            if member is not None:
                values = member_values(db, member, points=due.points, expiry=from_iso(due.first))
                if queue(db, now, Occasion.EXPIRING, f"expiring:{member.id}:{due.first[:10]}", member=member,
                         values=values, settings=settings):
                    run.queued += 1
            run.after_id = due.member_id
        run.done = len(rows) < limit
    return run


def warn_expiring(session: Session) -> int:
    run = ExpiringRun(session.now_iso())
    while not run.done:
        expiring_slice(session, run)
    return run.queued


# --- the owner's actions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Announcement:
    """What a campaign announcement queued (or, for a dry run, would queue)."""

    campaign: str
    recipients: int  # consenting active members messaged (the dry run: who would be)
    queued: int  # new messages (0 for a dry run; fewer than recipients when some were queued before)
    parts: int  # parts of all the recipients' texts together
    cost: int | None  # rials at the owner's part price (None when it is not set)
    dry_run: bool

    def as_dict(self) -> dict:
        return asdict(self)


CAMPAIGN_NAME = QT_TRANSLATE_NOOP("LoyaltyError", "A campaign's name is 1 to 40 letters, digits or - _.")
ANNOUNCE_SLICE = 1_000  # members per transaction: a big club's announcement never holds the till long


def announce(session: Session, campaign: str, template: str, *, offer: str = "", member_ids=None,
             tier_id: int | None = None, dry_run: bool = False) -> Announcement:
    """A promotional message to a targeted list (``member_ids``, from the campaigns; else every
    consenting member, or those of one tier), once per member and campaign
    (``announce:<campaign>:<member>``), held for the quiet hours. Only active members who agreed
    are messaged. ``dry_run``: how many would receive it, their parts and the cost, nothing queued.
    Queued in slices of ``ANNOUNCE_SLICE`` members, each its own transaction."""
    session.require(Action.MANAGE_MESSAGES)
    problems = template_problems(template)
    if not (1 <= len(campaign) <= 40 and all(c.isalnum() or c in "-_" for c in campaign)):
        problems.append(Problem("campaign", CAMPAIGN_NAME))
    st = sms_store.sms_settings(session.db)
    if not st.configured and not dry_run:
        problems.append(Problem("sms_provider", NOT_CONFIGURED))
    require_valid(problems)
    wanted = sorted(set(member_ids)) if member_ids is not None else None
    recipients = queued = parts = 0
    after, position = 0, 0
    while True:
        with session.act(Action.MANAGE_MESSAGES) as db:
            if wanted is None:
                ids = sms_store.consenting_members(db, after, ANNOUNCE_SLICE, tier_id)
            else:
                ids, position = wanted[position:position + ANNOUNCE_SLICE], position + ANNOUNCE_SLICE
            now = session.now()
            for member_id in ids:
                member = member_store.get(db, member_id)
                if member is None or not may_receive(st, member, Kind.PROMOTIONAL):
                    continue
                values = member_values(db, member, offer=offer)
                body = render(template, values)
                recipients += 1
                parts += count_parts(body).parts
                if not dry_run and queue(db, now, Occasion.ANNOUNCE, f"announce:{campaign}:{member_id}", member=member,
                                         values=values, settings=st, campaign=campaign, template=template):
                    queued += 1
            if ids:
                after = ids[-1]
            if not dry_run and ids:
                session.audit("announce_sms", "sms", campaign, None, {"recipients": recipients, "queued": queued})
        if len(ids) < ANNOUNCE_SLICE:
            break
    return Announcement(campaign, recipients, queued, parts, parts * st.part_price if st.part_price else None, dry_run)


@dataclass(frozen=True)
class OutboxItem:
    id: int
    mobile: str
    kind: str
    body: str
    parts: int
    state: str
    attempts: int
    template: str
    created_at: str
    next_attempt: str
    error: str
    provider_id: str | None
    campaign: str | None

    def as_dict(self) -> dict:
        return asdict(self)


def _item(m: Message) -> OutboxItem:
    return OutboxItem(m.id, m.mobile, m.kind, m.body, m.parts, m.state, m.attempts, m.template, m.created_at,
                      m.next_attempt, m.error, m.provider_id, m.campaign)


def outbox(session: Session, state: str | None = None, limit: int = 200) -> list[OutboxItem]:
    session.require(Action.MANAGE_MESSAGES)
    if state is not None:
        State(state)
    return [_item(m) for m in sms_store.outbox(session.db, state, limit)]


def state_counts(session: Session) -> dict[str, int]:
    session.require(Action.MANAGE_MESSAGES)
    return sms_store.counts(session.db)


def _stored(db, message_id: int) -> Message:
    m = sms_store.message(db, message_id)
    if m is None:
        raise NotFound(MESSAGE_NOT_FOUND, id=message_id)
    return m


def retry(session: Session, message_id: int) -> OutboxItem:
    """Send a failed (or expired) message again, as a fresh try; lifts a pause of sending (the owner
    has charged the account or fixed the key)."""
    with session.act(Action.MANAGE_MESSAGES) as db:
        m = _stored(db, message_id)
        now = session.now()
        if m.state not in (State.FAILED.value, State.EXPIRED.value, State.QUEUED.value):
            raise Conflict(NOT_RETRYABLE, id=message_id, state=m.state)
        if m.state != State.QUEUED.value:
            expires = max(from_iso(m.expires_at), now + LIFETIME[Occasion(m.template)])
            sms_store.update(db, m.id, state=State.QUEUED.value, attempts=0, next_attempt=to_iso(now), error="",
                             expires_at=to_iso(expires))
            sms_store.add_event(db, m.id, to_iso(now), "requeued", f"by {session.user.username}")
        settings = sms_store.sms_settings(db)
        if settings.paused:
            sms_store.put_sms_settings(db, {"sms_paused": ""})
        session.audit("retry_sms", "sms", m.id, {"state": m.state, "paused": settings.paused}, {"state": "queued"})
        return _item(_stored(db, m.id))


def cancel(session: Session, message_id: int) -> OutboxItem:
    with session.act(Action.MANAGE_MESSAGES) as db:
        m = _stored(db, message_id)
        if m.state != State.QUEUED.value:
            raise Conflict(NOT_CANCELLABLE, id=message_id, state=m.state)
        _move(db, m, State.CANCELLED, session.now_iso(), f"by {session.user.username}")
        session.audit("cancel_sms", "sms", m.id, {"state": m.state}, {"state": State.CANCELLED.value})
        return _item(_stored(db, m.id))


def queue_test(session: Session, mobile: str) -> int:
    """A test message to any mobile, queued now (``send_due`` sends it)."""
    with session.act(Action.MANAGE_MESSAGES) as db:
        settings = sms_store.sms_settings(db)
        if not settings.configured:
            raise ValidationError([Problem("sms_provider", NOT_CONFIGURED)])
        number = parse_mobile(mobile)
        if number is None:
            raise ValidationError([Problem("mobile", MOBILE_INVALID, {"value": mobile})])
        now = session.now()
        message_id = queue(db, now, Occasion.TEST, f"test:{to_iso(now)}:{sms_store.new_local_id()}", mobile=number,
                           settings=settings, values=Values(shop=club_store.club_settings(db).shop_name))
        assert message_id is not None  # configured, no member, a fresh key, the short test text
        session.audit("test_sms", "sms", message_id, None, {"mobile": number})
        return message_id


def provider_of(settings: SmsSettings) -> Provider:
    if not settings.configured:
        raise ValidationError([Problem("sms_provider", NOT_CONFIGURED)])
    return provider_for(settings.provider, settings.api_key, settings.base_url)


def owners_provider(session: Session) -> Provider:
    """The provider as the owner set it (no network yet): for a call the app makes off its database thread."""
    session.require(Action.MANAGE_MESSAGES)
    return provider_of(sms_store.sms_settings(session.db))


def balance(session: Session, provider: Provider | None = None) -> int:
    """The provider account's credit in rials (asks the provider: a network call)."""
    session.require(Action.MANAGE_MESSAGES)
    return (provider or provider_of(sms_store.sms_settings(session.db))).balance()


def pause_message(settings: SmsSettings) -> str | None:
    """What to tell the owner about a pause, or None when sending runs."""
    return {"no_credit": PAUSED_NO_CREDIT, "account": PAUSED_ACCOUNT}.get(settings.paused) if settings.paused else None


# --- the sender ------------------------------------------------------------------------------------------

@dataclass
class Round:
    """What one round of the sender did."""

    sent: int = 0  # taken by the provider
    delivered: int = 0
    failed: int = 0
    expired: int = 0
    found: int = 0  # left ``sending`` by an earlier run and found at the provider: not sent again
    waiting: int = 0  # promotional, held until the quiet hours end
    retry: int = 0  # to be tried (or looked up) again after the back-off
    paused: str = ""  # sending is paused: "no_credit", "account"
    error: str = ""  # the last fault of the provider (its key masked)

    def as_dict(self) -> dict:
        return asdict(self)


EVENT_OF = {State.SENDING: "sending", State.SENT: "sent", State.DELIVERED: "delivered", State.FAILED: "failed",
            State.EXPIRED: "expired", State.CANCELLED: "cancelled", State.QUEUED: "requeued"}


def _move(db, m: Message, state: State, now_iso: str, detail: str = "", **fields) -> None:
    if state.value != m.state:
        fields["state"] = state.value
        sms_store.add_event(db, m.id, now_iso, EVENT_OF[state], detail)
    if fields:
        sms_store.update(db, m.id, **fields)


def _apply(db, m: Message, answer: Answer, now: datetime, result: Round) -> Message | None:
    """Record the provider's answer about ``m``; the message when it must be sent (again) now."""
    now_iso = to_iso(now)
    state = State(m.state)
    after, at = next_state(state, answer.outcome, m.attempts, now, from_iso(m.expires_at))
    fields: dict = {}
    if answer.provider_id and answer.provider_id != m.provider_id:
        fields["provider_id"] = answer.provider_id
    if after is State.SENT and state is not State.SENT:
        fields.update(sent_at=now_iso, next_attempt=to_iso(now + POLL_EVERY))
        result.sent += 1
    elif after is State.SENT:
        fields["next_attempt"] = to_iso(now + POLL_EVERY)
    elif after is State.DELIVERED:
        fields.setdefault("sent_at", m.sent_at or now_iso)
        result.delivered += 1
    elif after is State.FAILED:
        fields["error"] = answer.detail[:200]
        result.failed += 1
    elif after is State.EXPIRED:
        result.expired += 1
    elif at is not None:
        fields["next_attempt"] = to_iso(at)
        if answer.detail:
            fields["error"] = answer.detail[:200]
    _move(db, m, after, now_iso, answer.detail[:200], **fields)
    if after is State.QUEUED and at is not None and at <= now:
        return sms_store.message(db, m.id)
    if after in (State.QUEUED, State.SENDING):
        result.retry += 1
    return None


def _record_fault(run: Through, batch: list[Message], e: ProviderError, now: datetime, result: Round) -> None:
    outcome = Outcome.NO_CREDIT if e.pause else e.outcome

    def record(session: Session) -> None:
        with session.act(Action.SEND_MESSAGES) as db:
            for m in batch:
                current = sms_store.message(db, m.id)
                if current is not None:
                    _apply(db, current, Answer(m.local_id, None, outcome, e.message), now, result)
            if e.pause:
                sms_store.put_sms_settings(db, {"sms_paused": e.pause})

    run(record)
    result.error = e.message
    if e.pause:
        result.paused = e.pause


def send_due(session: Session, provider: Provider | None = None, now: datetime | None = None,
             limit: int = ROUND_LIMIT, through: Through | None = None) -> Round:
    """One round of the sender: look up what an earlier run left ``sending``, send what is due (in
    the provider's chunks, one body per call), then ask for the delivery of what was sent within
    the provider's window. Each step is its own short transaction; the network is called outside
    any transaction. ``through(step)`` runs each step, ``step(session)``, where the club is written
    (the app: on the cashier's database thread, over its one connection, since another connection's
    commit would empty the cashier's page cache); by default on ``session`` itself."""
    session.require(Action.SEND_MESSAGES)
    run: Through = through or (lambda step: step(session))
    settings = run(lambda s: sms_store.sms_settings(s.db))
    result = Round(paused=settings.paused)
    if not settings.configured:
        return result
    provider = provider or provider_of(settings)
    now = now or session.now()
    now_iso = to_iso(now)

    def due_now(s: Session) -> list[Message]:
        with s.act(Action.SEND_MESSAGES) as db:
            return sms_store.due(db, now_iso, limit)

    due = run(due_now)
    left_sending = [m for m in due if m.state == State.SENDING.value]
    to_send = [m for m in due if m.state == State.QUEUED.value]

    for batch in chunks(left_sending, provider.chunk):  # 1. a look-up sends nothing: even while paused
        try:
            answers = provider.lookup([m.local_id for m in batch])
        except ProviderError as e:
            _record_fault(run, batch, replace_pause(e), now, result)
            continue

        def found(s: Session, batch=batch, answers=answers) -> None:
            with s.act(Action.SEND_MESSAGES) as db:
                for m, answer in zip(batch, answers):
                    if answer.outcome is not Outcome.NOT_FOUND:
                        result.found += 1
                    again = _apply(db, m, answer, now, result)
                    if again is not None:
                        to_send.append(again)

        run(found)

    if not result.paused:  # 2. send
        result = _send(run, provider, settings, to_send, now, result)

    def to_poll(s: Session) -> list[Message]:
        with s.act(Action.SEND_MESSAGES) as db:  # 3. delivery reports
            return sms_store.to_poll(db, now_iso, to_iso(now - provider.window), limit)

    for batch in chunks(run(to_poll), provider.chunk):
        try:
            answers = provider.status([m.provider_id or "" for m in batch])
        except ProviderError as e:
            result.error = e.message
            break
        by_id = {a.provider_id: a for a in answers}

        def reported(s: Session, batch=batch, by_id=by_id) -> None:
            with s.act(Action.SEND_MESSAGES) as db:
                for m in batch:
                    report = by_id.get(m.provider_id)
                    if report is None or report.outcome is Outcome.NOT_FOUND:
                        sms_store.update(db, m.id, next_attempt=to_iso(now + POLL_EVERY))
                    else:
                        _apply(db, m, report, now, result)

        run(reported)
    return result


def replace_pause(e: ProviderError) -> ProviderError:
    """A look-up's account fault pauses nothing by itself (it sent nothing): retried later."""
    if not e.pause:
        return e
    return ProviderError(Outcome.RETRY, e.code, e.params.get("detail", ""))


def _send(run: Through, provider: Provider, settings: SmsSettings, queued: list[Message], now: datetime,
          result: Round) -> Round:
    now_iso = to_iso(now)
    quiet = settings.quiet()
    ready: list[Message] = []

    def sort(session: Session) -> None:
        with session.act(Action.SEND_MESSAGES) as db:
            for m in queued:
                if m.expires_at <= now_iso:
                    _move(db, m, State.EXPIRED, now_iso, "not sent before it expired")
                    result.expired += 1
                elif m.kind == Kind.PROMOTIONAL.value and is_quiet(now, quiet):
                    sms_store.update(db, m.id, next_attempt=to_iso(next_allowed(now, quiet)))
                    result.waiting += 1
                else:
                    ready.append(m)

    run(sort)
    by_body: dict[str, list[Message]] = {}
    for m in ready:
        by_body.setdefault(m.body, []).append(m)
    work = [batch for group in by_body.values() for batch in chunks(group, provider.chunk)]
    while work:
        batch = work.pop(0)

        def mark(session: Session, batch=batch) -> list[Message]:
            with session.act(Action.SEND_MESSAGES) as db:  # committed BEFORE the call: a crash leaves it 'sending'
                marked = []
                lease = to_iso(max(now, session.now()) + SENDING_LEASE)
                locks.rows(db, "sms_outbox", "id", (m.id for m in batch))  # another till's sender: each sent once
                for m in batch:
                    current = sms_store.message(db, m.id)
                    if current is None or current.state != State.QUEUED.value:  # cancelled meanwhile
                        continue
                    _move(db, current, State.SENDING, now_iso, current.local_id, attempts=current.attempts + 1,
                          next_attempt=lease)
                    marked.append(current._replace(state=State.SENDING.value, attempts=current.attempts + 1))
                return marked

        marked = run(mark)
        if not marked:
            continue
        try:
            answers = provider.send(settings.sender, [Outgoing(m.local_id, m.mobile, m.body) for m in marked])
        except ProviderError as e:
            if e.outcome is Outcome.REJECTED and len(marked) > 1:  # one bad number refuses the call: one by one
                def requeue(session: Session, marked=marked, e=e) -> None:
                    with session.act(Action.SEND_MESSAGES) as db:
                        for m in marked:
                            _move(db, m, State.QUEUED, now_iso, e.message[:200], next_attempt=now_iso)

                run(requeue)
                work = [[m._replace(state=State.QUEUED.value)] for m in marked] + work
                continue
            _record_fault(run, marked, e, now, result)
            if e.pause:
                break
            continue

        def answered(session: Session, marked=marked, answers=answers) -> None:
            with session.act(Action.SEND_MESSAGES) as db:
                for m, answer in zip(marked, answers):
                    if answer.outcome is Outcome.NOT_FOUND:  # taken without an id: ask again by the local id later
                        answer = Answer(m.local_id, None, Outcome.RETRY, "no message id in the answer")
                    _apply(db, m, answer, now, result)

        run(answered)
    return result


def is_final(state: str) -> bool:
    return State(state) in FINAL
