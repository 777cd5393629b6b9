"""Members: sign up, edit, block, find, and the view a cashier sees."""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from loyaltydesk.domain.errors import (
    QT_TRANSLATE_NOOP, Conflict, DuplicateMember, NotFound, Problem, ValidationError, require_valid,
)
from loyaltydesk.domain.ids import new_card_number, normalize_mobile, normalize_national_code, parse_card, parse_mobile
from loyaltydesk.domain.jalali import TEHRAN, add_months, format_jalali, jalali_day, jalali_ymd, parse_birthday, to_iso
from loyaltydesk.domain.ledger import Kind
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.text import digits_only, normalize_text, search_key, too_long
from loyaltydesk.domain.tiers import Ladder, tier_for_spend, window_start
from loyaltydesk.store import campaigns as campaign_store
from loyaltydesk.store import club as club_store
from loyaltydesk.store import ledger as ledger_store
from loyaltydesk.store import locks
from loyaltydesk.store import members as member_store
from loyaltydesk.store import purchases as purchase_store
from loyaltydesk.store import visits as visit_store
from loyaltydesk.store.members import Member

from . import sms
from .session import Session
from .slicing import SLICE, SLICE_SECONDS, Budget

NO_SUCH_MEMBER = QT_TRANSLATE_NOOP("LoyaltyError", "No member has the card or mobile {key!r}.")
NOT_A_KEY = QT_TRANSLATE_NOOP("LoyaltyError", "{key!r} is neither a card number nor a mobile number.")
NATIONAL_CODE_TAKEN = QT_TRANSLATE_NOOP(
    "LoyaltyError", "National code {code} already belongs to member {name} (card {card})."
)
REFERRER_SELF = QT_TRANSLATE_NOOP("LoyaltyError", "A member cannot refer themselves.")
GENDER_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "Gender is f or m.")
NAME_TOO_LONG = QT_TRANSLATE_NOOP("LoyaltyError", "A name is at most 60 characters.")
STATUS_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "Status is active or blocked.")
FAR_FUTURE = member_store.FAR_FUTURE  # the end of an open window
MIN_SUFFIX_DIGITS = 3
MAX_RESULTS = 50  # a search shows a few members, it is not an export of personal data
IDENTITY_FIELDS = {"mobile", "national_code", "referrer"}


class MemberView(NamedTuple):
    """Everything the member panel shows, in plain values (rials, points, ISO and Jalali dates).
    Immutable, like Beancount's entries; a tuple because a search builds twenty of them while the
    cashier types (a frozen dataclass took four times as long to build)."""

    id: int
    card: str
    mobile: str
    first_name: str
    last_name: str
    name: str
    status: str
    tier: str | None
    tier_id: int | None
    tier_color: str | None
    tier_since: str
    points: int
    points_value: int
    qualifying_spend: int
    next_tier: str | None
    to_next_tier: int | None
    to_keep_tier: int | None
    joined_at: str
    joined_jalali: str
    birthday: str | None
    birthday_today: bool
    gender: str | None
    national_code: str | None
    referrer_card: str | None
    sms_consent: bool
    notes: str
    to_next_visits: int | None = None  # visits more that reach the next tier, when visits qualify for it

    def as_dict(self) -> dict:
        return self._asdict()


def full_name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def views(session: Session, rows: Sequence[Member]) -> list[MemberView]:
    """Member views for ``rows``. A row holds its window spend (m0009) and its referrer's card
    (m0011), and most of the time no lot of the club is past its date, so most lists need no more
    reading: only the members whose kept spend does not hold, or all of them when some lot is due,
    get their figures from the purchases and lots in one statement (``figures``)."""
    if not rows:
        return []
    db = session.db
    settings, steps = club_store.settings_and_ladder(db)
    now = session.now()
    start, now_iso = to_iso(window_start(settings.window, now)), to_iso(now)
    due = member_store.any_points_due(db, now_iso)
    need = [r.id for r in rows if due or not member_store.window_holds(r.win_from, r.win_until, start)]
    figures = member_store.figures(db, need, start, now_iso, due) if need else {}
    _, month, day = jalali_ymd(now)
    today_md = f"{month:02d}/{day:02d}"
    point_value = settings.point_value
    shown = [_view(row, point_value, steps, *(figures.get(row.id) or (row.win_spend, 0)), today_md)
             for row in rows]
    return _with_visits(db, shown, steps, start)


def _with_visits(db, shown: list[MemberView], steps: Ladder, start: str) -> list[MemberView]:
    """The visits more that reach the next tier, for the members whose next tier counts visits:
    their visits kept in ``member_visits`` (m0018) where the figure holds, counted from the
    purchases for the others (an index-only walk of one member's window each)."""
    wanting: dict[int, list[int]] = {}  # the next tier's least amount of a visit -> members
    for i, v in enumerate(shown):
        nxt = steps.rung(v.tier_id).next
        if nxt is not None and nxt.by_visits:
            wanting.setdefault(nxt.visit_floor, []).append(i)
    for floor, indexes in wanting.items():
        ids = [shown[i].id for i in indexes]
        kept = visit_store.kept(db, ids, [floor], start)
        for i in indexes:
            v = shown[i]
            visits = kept.get((v.id, floor))
            if visits is None:
                visits = visit_store.count_between(db, v.id, [floor], start, FAR_FUTURE)[floor]
            nxt = steps.rung(v.tier_id).next
            assert nxt is not None
            shown[i] = v._replace(to_next_visits=max(0, nxt.visits - visits))
    return shown


def view(session: Session, row: Member) -> MemberView:
    return views(session, [row])[0]


def _view(row: Member, point_value: int, steps: Ladder, spend: int, due: int, today_md: str) -> MemberView:
    rung = steps.rung(row.tier_id)
    tier, nxt = rung.tier, rung.next
    points = row.points - due  # lots past their date count for nothing, written off or not
    birthday = row.birthday
    return MemberView(
        id=row.id, card=row.card, mobile=row.mobile, first_name=row.first_name, last_name=row.last_name,
        name=full_name(row.first_name, row.last_name), status=row.status, tier=tier.name if tier else None,
        tier_id=row.tier_id, tier_color=tier.color if tier else None, tier_since=row.tier_since, points=points,
        points_value=max(0, points) * point_value, qualifying_spend=spend, next_tier=nxt.name if nxt else None,
        to_next_tier=rung.to_next(spend), to_keep_tier=rung.to_keep(spend), joined_at=row.joined_at,
        joined_jalali=jalali_day(row.joined_at), birthday=birthday,
        birthday_today=birthday is not None and birthday[5:] == today_md, gender=row.gender,
        national_code=row.national_code, referrer_card=row.referrer_card, sms_consent=bool(row.sms_consent),
        notes=row.notes,
    )


def resolve(db, key: str) -> Member:
    """The member row for a card number or a mobile (any accepted form, any digit script)."""
    card = parse_card(key)
    row = None
    if card:
        row = member_store.by_card(db, card)
    else:
        mobile = parse_mobile(key)
        if mobile is None:
            raise ValidationError([Problem("key", NOT_A_KEY, {"key": key})])
        row = member_store.by_mobile(db, mobile)
    if row is None:
        raise NotFound(NO_SUCH_MEMBER, key=key)
    return row


def resolve_held(db, key: str) -> Member:
    """``resolve`` for a write: on a server the member's row and their referrer's are held first, in
    id order (``members.lock_by``: what the member's row then says stays true until the transaction
    ends), in the same round trip as the read."""
    card = parse_card(key)
    if card:
        member_store.lock_by(db, "card", card)
    elif (mobile := parse_mobile(key)) is not None:
        member_store.lock_by(db, "mobile", mobile)
    return resolve(db, key)


def get_member(session: Session, key: str) -> MemberView:
    session.require(Action.FIND_MEMBER)
    return view(session, resolve(session.db, key))


def get_member_by_id(session: Session, member_id: int) -> MemberView:
    """The member with this row id; an id no member can have (0, negative, beyond SQLite's
    INTEGER) is answered like any id that names nobody."""
    session.require(Action.FIND_MEMBER)
    row = member_store.get(session.db, member_id)
    if row is None:
        raise NotFound(NO_SUCH_MEMBER, key=str(member_id))
    return view(session, row)


def find_rows(db, text: str, limit: int = 20) -> list[Member]:
    """Rows matching what a cashier typed: a card, a mobile, the last digits of a mobile, a name fragment."""
    text = (text or "").strip()
    if not text:
        return []
    card = parse_card(text)
    if card:
        row = member_store.by_card(db, card)
        return [row] if row else []
    mobile = parse_mobile(text)
    if mobile:
        row = member_store.by_mobile(db, mobile)
        if row:
            return [row]
    digits = digits_only(text.lstrip("+"))
    if digits:
        return member_store.by_mobile_suffix(db, digits, limit) if len(digits) >= MIN_SUFFIX_DIGITS else []
    return member_store.by_name(db, search_key(text), limit)


@dataclass(frozen=True)
class MemberBrief:
    """One line of the type-ahead list: enough to tell members apart, cheap to build."""

    id: int
    card: str
    mobile: str
    name: str
    status: str
    tier: str | None
    tier_color: str | None


def find_brief(session: Session, text: str, limit: int = 20) -> list[MemberBrief]:
    """The cashier's list while typing: the same matches as ``find_members`` in the same order,
    without each member's balance and tier progress (open one with ``get_member``)."""
    session.require(Action.FIND_MEMBER)
    rows = find_rows(session.db, text, min(limit, MAX_RESULTS))
    if not rows:
        return []
    tiers = {t.id: t for t in club_store.tiers(session.db)}
    briefs = []
    for r in rows:
        tier = tiers.get(r.tier_id)
        briefs.append(MemberBrief(r.id, r.card, r.mobile, full_name(r.first_name, r.last_name),
                                  r.status, tier.name if tier else None, tier.color if tier else None))
    return briefs


def find_members(session: Session, text: str, limit: int = 20) -> list[MemberView]:
    """What the cashier's search field shows while typing."""
    session.require(Action.FIND_MEMBER)
    return views(session, find_rows(session.db, text, min(limit, MAX_RESULTS)))


@dataclass
class WindowRun:
    """Members' window spend summed again where it no longer holds, slice by slice (``window_slice``):
    after the upgrade to m0009 (every member), and each day for the members whose first counted
    purchase has just left a rolling window (at Nowruz, everyone's in a Jalali-year window)."""

    start: str | None = None  # the window start, read by the first slice (the club's setting)
    members: int = 0
    slices: int = 0
    done: bool = False


WINDOW_CHUNK = 25  # members summed per statement; the slice's budget is looked at between two


def window_slice(session: Session, run: WindowRun, limit: int = SLICE, budget: float | None = SLICE_SECONDS) -> WindowRun:
    """One slice of ``run`` (one transaction): up to ``limit`` stale members summed again, fewer when
    ``budget`` seconds have gone. It writes only a derived figure (``check_database`` proves it),
    so it is not audited, and anyone who may look members up may run it."""
    with session.act(Action.FIND_MEMBER) as db:
        clock = Budget(budget)
        if run.start is None:
            run.start = to_iso(window_start(club_store.club_settings(db).window, session.now()))
        locks.task(db, "window")
        ids = member_store.stale_window(db, run.start, limit + 1)
        member_store.lock(db, *ids[:limit])  # a purchase at another till adds to the figure: in turn
        summed = 0
        for i in range(0, min(limit, len(ids)), WINDOW_CHUNK):
            chunk = ids[i:min(i + WINDOW_CHUNK, limit)]
            member_store.refresh_window(db, chunk, run.start)
            summed += len(chunk)
            if clock.spent():
                break
        run.members += summed
        run.slices += 1
        run.done = summed == len(ids)  # no (limit + 1)th stale member, and none left behind by the budget
    return run


def refresh_windows(session: Session, limit: int = SLICE) -> WindowRun:
    """Every stale member's window spend summed again, in slices of ``limit`` (tests, bench, CLI)."""
    run = WindowRun()
    while not run.done:
        window_slice(session, run, limit, None)
    return run


def member_fields(session: Session, values: dict, member_id: int | None,
                  free: Container[tuple[str, str]] = ()) -> dict:
    """Validate every field given; collect all problems; return the columns to store. ``free``
    holds ("mobile", m) / ("national_code", c) already known to be no member's (an import looks
    them up 500 at a time): those are not looked up again."""
    db = session.db
    problems: list[Problem] = []
    fields: dict = {}

    def attempt(name, fn):
        try:
            return fn()
        except ValidationError as e:
            problems.extend(e.problems)
            return None

    if "mobile" in values:
        fields["mobile"] = attempt("mobile", lambda: normalize_mobile(values["mobile"]))
    for name in ("first_name", "last_name"):
        if name in values:
            fields[name] = normalize_text(values[name] or "")
            if len(fields[name]) > 60:
                problems.append(Problem(name, NAME_TOO_LONG))
    if "birthday" in values:
        raw = values["birthday"]
        today = session.now().astimezone(TEHRAN).date()  # 1300/01/01 .. today; a Gregorian date refused, named in Jalali
        d = attempt("birthday", lambda: parse_birthday(raw, today, "birthday")) if raw else None
        fields["birthday"] = format_jalali(d) if d else None
        fields["birthday_md"] = f"{d.month:02d}/{d.day:02d}" if d else None
    if "national_code" in values:
        raw = values["national_code"]
        fields["national_code"] = attempt("national_code", lambda: normalize_national_code(raw)) if raw else None
    if "gender" in values:
        typed = (values["gender"] or "").strip().lower()
        g = {"female": "f", "male": "m", "زن": "f", "مرد": "m"}.get(typed, typed) or None
        if g not in (None, "f", "m"):
            problems.append(Problem("gender", GENDER_INVALID))
        fields["gender"] = g
    if "referrer" in values:
        raw = values["referrer"]
        if raw:
            try:
                ref = resolve(db, raw)
                if member_id is not None and ref.id == member_id:
                    problems.append(Problem("referrer", REFERRER_SELF))
                fields["referrer_id"] = ref.id
            except (ValidationError, NotFound) as e:
                problems.append(Problem("referrer", e.template, e.params))
        else:
            fields["referrer_id"] = None
    if "sms_consent" in values:
        fields["sms_consent"] = int(bool(values["sms_consent"]))
    if "notes" in values:
        fields["notes"] = normalize_text(values["notes"] or "", multiline=True)
        problems += filter(None, [too_long("notes", fields["notes"])])
    if "status" in values:
        if values["status"] not in ("active", "blocked"):
            problems.append(Problem("status", STATUS_INVALID))
        fields["status"] = values["status"]
    require_valid(problems)
    if "first_name" in fields or "last_name" in fields:
        current = member_store.get(db, member_id) if member_id else None
        first = fields.get("first_name", current.first_name if current else "")
        last = fields.get("last_name", current.last_name if current else "")
        fields["search_name"] = search_key(full_name(first, last))
    _refuse_duplicates(session, fields, member_id, free)
    return fields


def _refuse_duplicates(session: Session, fields: dict, member_id: int | None,
                       free: Container[tuple[str, str]] = ()) -> None:
    db = session.db
    if fields.get("mobile") and ("mobile", fields["mobile"]) not in free:
        other = member_store.by_mobile(db, fields["mobile"])
        if other and other.id != member_id:
            existing = view(session, other)
            raise DuplicateMember(existing, mobile=fields["mobile"], name=existing.name or "-", card=existing.card)
    if fields.get("national_code") and ("national_code", fields["national_code"]) not in free:
        other = member_store.by_national_code(db, fields["national_code"])
        if other and other.id != member_id:
            raise Conflict(NATIONAL_CODE_TAKEN, code=fields["national_code"],
                           name=full_name(other.first_name, other.last_name) or "-", card=other.card)


def sign_up(session: Session, mobile: str, first_name: str = "", last_name: str = "", *, birthday=None,
            national_code=None, gender=None, referrer=None, sms_consent: bool = False, notes: str = "") -> MemberView:
    """Sign a new member up; only the mobile is required. A mobile already signed up is refused with
    the existing member (``DuplicateMember.existing``). The member starts in the tier that spend 0 reaches."""
    values = dict(mobile=mobile, first_name=first_name, last_name=last_name, birthday=birthday,
                  national_code=national_code, gender=gender, referrer=referrer, sms_consent=sms_consent, notes=notes)
    with session.act(Action.SIGN_UP) as db:
        locks.task(db, "sign_up")  # another till's sign-up of this mobile waits, then sees it taken
        fields = member_fields(session, values, None)
        now = session.now_iso()
        card = new_card_number()
        while member_store.card_exists(db, card):
            card = new_card_number()
        base = tier_for_spend(club_store.tiers(db), 0)
        fields.update(card=card, joined_at=now, tier_id=base.id if base else None, tier_since=now)
        member_id = member_store.insert(db, fields)
        member_store.add_tier_history(db, member_id, now, None, fields["tier_id"], "signup", 0, session.user.username)
        bonus_entry = _signup_bonus(session, member_id)
        from .offers import issue_welcome  # offers reads members (resolve): imported when used

        welcome = issue_welcome(session, member_id)  # the welcome offer, when the owner turned it on
        sms.welcome(db, session.now(), _stored(db, member_id))  # in this transaction: queued with the sign-up
        result = view(session, _stored(db, member_id))
        session.audit("sign_up", "member", member_id, None,
                      {**result.as_dict(), **({"welcome_offer": welcome} if welcome else {}),
                       **({"signup_bonus_entry": bonus_entry} if bonus_entry is not None else {})})
        return result


SIGNUP_KEY = "signup"  # the bonus key of the sign-up bonus: once per member


def _signup_bonus(session: Session, member_id: int) -> int | None:
    """The club's sign-up bonus for a member just signed up (its ledger entry), or None when it is
    off. Only a sign-up gives it: members brought in by an import do not get it."""
    db = session.db
    settings = club_store.club_settings(db)
    if settings.signup_bonus <= 0:
        return None
    expires = to_iso(add_months(session.now(), settings.expiry_months)) if settings.expiry_months else None
    return ledger_store.append(db, member_id, Kind.BONUS, settings.signup_bonus, session.now_iso(),
                               session.user.username, expires_at=expires, bonus_key=SIGNUP_KEY, reason="sign-up")


def edit_member(session: Session, key: str, **changes) -> MemberView:
    """Change a member's details (any subset of the sign-up fields). Every problem reported at once.
    The mobile, national code and referrer decide who owns the points: only the owner changes them."""
    with session.act(Action.EDIT_MEMBER) as db:
        if IDENTITY_FIELDS & set(changes):
            session.require(Action.EDIT_IDENTITY)
        row = resolve(db, key)
        if member_store.lock(db, row.id):  # another till's change to this member: in turn
            row = resolve(db, key)
        before = view(session, row)
        fields = member_fields(session, {k: v for k, v in changes.items() if k != "status"}, row.id)
        member_store.update(db, row.id, fields)
        if row.sms_consent and fields.get("sms_consent") == 0:  # an opt-out: waiting promotions are cancelled
            sms.opted_out(db, row.id, session.now_iso())
        after = view(session, _stored(db, row.id))
        session.audit("edit_member", "member", row.id, before.as_dict(), after.as_dict())
        return after


def set_status(session: Session, key: str, status: str) -> MemberView:
    """Block a member (no purchases, no redemptions) or make them active again. Owner only."""
    with session.act(Action.BLOCK_MEMBER) as db:
        row = resolve(db, key)
        if member_store.lock(db, row.id):
            row = resolve(db, key)
        fields = member_fields(session, {"status": status}, row.id)
        member_store.update(db, row.id, fields)
        session.audit("set_status", "member", row.id, {"status": row.status}, {"status": status})
        return view(session, _stored(db, row.id))


def _stored(db, member_id: int) -> Member:
    """A member this transaction has just written (so it is there)."""
    row = member_store.get(db, member_id)
    assert row is not None
    return row


@dataclass(frozen=True, slots=True)
class MemberHistory:
    """A member with their recent purchases (newest first), points ledger (oldest first) and whole
    tier history."""

    member: MemberView
    purchases: tuple[purchase_store.Purchase, ...]
    ledger: tuple[ledger_store.LedgerEntry, ...]
    tiers: tuple[member_store.TierChange, ...]
    # purchase id → (campaign name, points) of what campaigns gave it, for those listed that got any
    # (the member dialog; not in ``as_dict``, whose shape the command line keeps: the ledger's
    # campaign entries carry the name in their reason there)
    campaigns: Mapping[int, tuple[tuple[str, int], ...]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Its parts as they print themselves (a purchase with its lines in their columns' place)."""
        return {"member": self.member.as_dict(), "purchases": [p.as_dict() for p in self.purchases],
                "ledger": [e._asdict() for e in self.ledger], "tiers": [t._asdict() for t in self.tiers]}


def history(session: Session, key: str, limit: int = 50) -> MemberHistory:
    """A member's recent purchases, points ledger and whole tier history."""
    session.require(Action.FIND_MEMBER)
    db = session.db
    row = resolve(db, key)
    purchases = tuple(purchase_store.for_member(db, row.id, limit))
    return MemberHistory(
        member=view(session, row),
        purchases=purchases,
        ledger=tuple(ledger_store.entries(db, row.id, limit)),
        tiers=tuple(member_store.tier_history(db, row.id)),
        campaigns=campaign_store.given_by_purchase(db, [p.id for p in purchases if p.lines.campaign_points]),
    )


def overview(session: Session) -> club_store.ClubTotals:
    """Counts for the start screen: members, purchases, points outstanding, tiers."""
    session.require(Action.FIND_MEMBER)
    return club_store.totals(session.db)
