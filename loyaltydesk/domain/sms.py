"""Text messages to members: how many parts a text costs, the templates and their fields, the hours
people sleep, the back-off between tries, and the states of a message. Pure: no clock of its own,
no SQL, no network (``services/sms.py`` queues and sends; ``services/sms_kavenegar.py`` talks to
the provider).

Parts: a text that holds only GSM-7 characters is sent 160 to a part (153 each when it takes
more than one part, the rest carries the header that joins them), a GSM-7 extension character
(``{ } [ ] ~ \\ | ^ €`` and form feed) costing two. Any other character (Persian letters, Persian
digits, an emoji) makes the whole text UCS-2: 70 UTF-16 units to a part, 67 when split.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field, fields
from datetime import datetime, time, timedelta
from enum import Enum

from .errors import QT_TRANSLATE_NOOP, Problem
from .jalali import TEHRAN, format_jalali, jalali_of
from .text import to_persian_digits

# --- parts ------------------------------------------------------------------------------------------

GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "\f^{}\\[~]|€"
_GSM_BASIC = frozenset(GSM_BASIC)
_GSM_EXTENSION = frozenset(GSM_EXTENSION)

GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67
MAX_PARTS = 8  # a longer text is refused: eight parts is already eight messages' price


class Encoding(str, Enum):
    GSM7 = "gsm7"
    UCS2 = "ucs2"


@dataclass(frozen=True)
class Parts:
    encoding: Encoding
    units: int  # septets (GSM-7, an extension character two) or UTF-16 units (UCS-2)
    parts: int
    per_part: int  # what one part holds for this text (160/153, 70/67)
    left: int  # what still fits in the last part


def is_gsm7(text: str) -> bool:
    return all(c in _GSM_BASIC or c in _GSM_EXTENSION for c in text)


def count_parts(text: str) -> Parts:
    """The parts ``text`` is sent as (0 for an empty text)."""
    if is_gsm7(text):
        encoding, units = Encoding.GSM7, sum(2 if c in _GSM_EXTENSION else 1 for c in text)
        single, split = GSM_SINGLE, GSM_PART
    else:
        encoding, units = Encoding.UCS2, len(text.encode("utf-16-le")) // 2
        single, split = UCS2_SINGLE, UCS2_PART
    if units == 0:
        return Parts(encoding, 0, 0, single, single)
    if units <= single:
        return Parts(encoding, units, 1, single, single - units)
    parts = -(-units // split)
    return Parts(encoding, units, parts, split, parts * split - units)


# --- templates ------------------------------------------------------------------------------------

FIELDS = ("name", "points", "balance", "tier", "expiry", "shop", "offer")

UNKNOWN_FIELD = QT_TRANSLATE_NOOP("LoyaltyError", "The message names an unknown field {{{field}}}; the fields are: {known}.")
BAD_TEMPLATE = QT_TRANSLATE_NOOP("LoyaltyError", "The message has a brace that opens or closes nothing: write fields as {{name}}.")
EMPTY_TEMPLATE = QT_TRANSLATE_NOOP("LoyaltyError", "The message is empty.")
TOO_MANY_PARTS = QT_TRANSLATE_NOOP("LoyaltyError", "The message takes {parts} parts; at most {maximum} are sent.")


class Occasion(str, Enum):
    PURCHASE = "purchase"  # points and balance after a purchase (transactional)
    WELCOME = "welcome"  # at sign-up (transactional)
    BIRTHDAY = "birthday"  # the birthday wish with its bonus (promotional)
    EXPIRING = "expiring"  # points that expire within N days (transactional)
    APOLOGY = "apology"  # to a detractor when a follow-up opens (transactional)
    TEST = "test"  # the owner's test send
    ANNOUNCE = "announce"  # a campaign announcement (promotional)


class Kind(str, Enum):
    TRANSACTIONAL = "transactional"
    PROMOTIONAL = "promotional"


KIND_OF = {
    Occasion.PURCHASE: Kind.TRANSACTIONAL, Occasion.WELCOME: Kind.TRANSACTIONAL, Occasion.EXPIRING: Kind.TRANSACTIONAL,
    Occasion.APOLOGY: Kind.TRANSACTIONAL, Occasion.TEST: Kind.TRANSACTIONAL,
    Occasion.BIRTHDAY: Kind.PROMOTIONAL, Occasion.ANNOUNCE: Kind.PROMOTIONAL,
}

# how long a message of each occasion is worth sending: after that it expires unsent
LIFETIME = {
    Occasion.PURCHASE: timedelta(hours=12), Occasion.WELCOME: timedelta(days=1), Occasion.BIRTHDAY: timedelta(days=2),
    Occasion.EXPIRING: timedelta(days=2), Occasion.APOLOGY: timedelta(days=1), Occasion.TEST: timedelta(hours=1),
    Occasion.ANNOUNCE: timedelta(days=3),
}

DEFAULT_TEMPLATES = {
    Occasion.PURCHASE: "{name} عزیز، {points} امتیاز گرفتید. مانده: {balance}\n{shop}",
    Occasion.WELCOME: "{name} عزیز، به باشگاه مشتریان {shop} خوش آمدید.",
    Occasion.BIRTHDAY: "{name} عزیز، تولدتان مبارک! {points} امتیاز هدیه گرفتید.\n{shop}",
    Occasion.EXPIRING: "{name} عزیز، {points} امتیاز شما {expiry} منقضی می‌شود.\n{shop}",
    Occasion.APOLOGY: "{name} عزیز، پوزش می‌خواهیم؛ به‌زودی با شما تماس می‌گیریم.\n{shop}",
    Occasion.TEST: "پیامک آزمایشی {shop}",
    Occasion.ANNOUNCE: "{name} عزیز، {offer}\n{shop}",
}


def template_fields(template: str) -> list[str] | None:
    """The field names ``template`` uses, in order; None when its braces do not parse."""
    try:
        return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError:
        return None


def template_problems(template: str, field: str = "template") -> list[Problem]:
    """Every problem of a template at once: braces, unknown fields, empty."""
    problems = []
    if not template.strip():
        problems.append(Problem(field, EMPTY_TEMPLATE))
    names = template_fields(template)
    if names is None:
        problems.append(Problem(field, BAD_TEMPLATE))
        return problems
    for name in dict.fromkeys(names):
        if name not in FIELDS:  # also {0}, {}, {name.attr}, {name[0]}: only plain known names
            problems.append(Problem(field, UNKNOWN_FIELD, {"field": name, "known": ", ".join(FIELDS)}))
    return problems


@dataclass(frozen=True)
class Values:
    """What a template's fields are filled with (numbers as ints: they are written in Persian digits)."""

    name: str = ""
    points: int = 0
    balance: int = 0
    tier: str = ""
    expiry: datetime | None = None  # a moment: written as its Jalali date in Tehran
    shop: str = ""
    offer: str = ""


def _number(n: int) -> str:
    return to_persian_digits(f"{n:,}".replace(",", "٬"))


def render(template: str, values: Values) -> str:
    """The text of ``template`` filled with ``values``; a template with a problem is a ValueError
    (check it with ``template_problems`` where a person typed it)."""
    problems = template_problems(template)
    if problems:
        raise ValueError("; ".join(p.message for p in problems))
    filled = {f.name: getattr(values, f.name) for f in fields(values)}
    filled["points"], filled["balance"] = _number(values.points), _number(values.balance)
    filled["expiry"] = format_jalali(jalali_of(values.expiry).date(), persian=True) if values.expiry else ""
    return template.format(**filled).strip()


def body_problems(body: str, field: str = "body") -> list[Problem]:
    parts = count_parts(body).parts
    problems = [] if body.strip() else [Problem(field, EMPTY_TEMPLATE)]
    if parts > MAX_PARTS:
        problems.append(Problem(field, TOO_MANY_PARTS, {"parts": parts, "maximum": MAX_PARTS}))
    return problems


# --- quiet hours ----------------------------------------------------------------------------------

QUIET_HOURS_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Quiet hours are two hours from 0 to 23, from-to, like 21-9 (no messages from 21:00 to 09:00).")
DEFAULT_QUIET = "21-9"


def parse_quiet_hours(text: str) -> tuple[int, int] | None:
    """``"21-9"`` -> (21, 9): quiet from 21:00 to 09:00 Tehran time. None when it does not parse,
    or when both hours are the same (that would be never or always quiet: ambiguous)."""
    parts = text.replace(" ", "").split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    start, end = int(parts[0]), int(parts[1])
    if not (0 <= start <= 23 and 0 <= end <= 23) or start == end:
        return None
    return start, end


def is_quiet(moment: datetime, quiet: tuple[int, int]) -> bool:
    """Whether ``moment`` falls in the quiet hours (Tehran time); the quiet span may cross midnight."""
    start, end = quiet
    hour = moment.astimezone(TEHRAN).hour
    return (start <= hour or hour < end) if start > end else (start <= hour < end)


def next_allowed(moment: datetime, quiet: tuple[int, int]) -> datetime:
    """``moment`` itself when it is outside the quiet hours, else the end of the quiet span (the
    next ``end``:00 Tehran time, which may be the next day), in UTC like ``moment``."""
    if not is_quiet(moment, quiet):
        return moment
    local = moment.astimezone(TEHRAN)
    end = datetime.combine(local.date(), time(quiet[1]), TEHRAN)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), time(quiet[1]), TEHRAN)
    return end.astimezone(moment.tzinfo)


# --- back-off -------------------------------------------------------------------------------------

LOOKUP_WINDOW = timedelta(hours=48)  # the provider answers about a message this long after it was sent
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def next_try(attempts: int, now: datetime, expires_at: datetime) -> datetime | None:
    """When to try again after ``attempts`` failed tries (1 min, 5 min, 30 min, then every 2 h);
    None when that is at or past the message's expiry: it expires instead."""
    wait = BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]
    at = now + wait
    return at if at < expires_at else None


# --- states ---------------------------------------------------------------------------------------

class State(str, Enum):
    QUEUED = "queued"
    SENDING = "sending"  # handed to the provider under its local id (or about to be): look it up before resending
    SENT = "sent"  # the provider took it: its message id is known
    DELIVERED = "delivered"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


FINAL = frozenset((State.DELIVERED, State.FAILED, State.EXPIRED, State.CANCELLED))

MOVES = {
    State.QUEUED: {State.SENDING, State.CANCELLED, State.EXPIRED},
    State.SENDING: {State.SENT, State.QUEUED, State.FAILED, State.EXPIRED, State.DELIVERED},
    State.SENT: {State.DELIVERED, State.FAILED},
    State.FAILED: {State.QUEUED},  # the owner's retry
    State.DELIVERED: set(), State.EXPIRED: set(), State.CANCELLED: set(),
}


def may_move(before: State, after: State) -> bool:
    return after in MOVES[before]


class Outcome(str, Enum):
    """What one answer of the provider says about one message."""

    ACCEPTED = "accepted"  # taken, not yet delivered (queued, scheduled, at the operator)
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"  # the operator could not deliver it, or the receiver blocks the line
    REJECTED = "rejected"  # refused for good: an invalid number, a text the provider will not send
    NOT_FOUND = "not_found"  # the provider has no message under that id: it never arrived
    RETRY = "retry"  # a fault of the network or the server: try again later
    NO_CREDIT = "no_credit"  # the account is out of credit: pause everything


def next_state(state: State, outcome: Outcome, attempts: int, now: datetime,
               expires_at: datetime) -> tuple[State, datetime | None]:
    """The state a message moves to on ``outcome``, and its next try (for a message that goes back
    to the queue or waits). A message with no try left before its expiry expires."""
    if outcome is Outcome.DELIVERED:
        return State.DELIVERED, None
    if outcome is Outcome.ACCEPTED:
        return (State.SENT if state in (State.SENDING, State.QUEUED) else state), None
    if outcome in (Outcome.UNDELIVERED, Outcome.REJECTED):
        return State.FAILED, None
    if outcome in (Outcome.NO_CREDIT, Outcome.NOT_FOUND):  # it never went: back in the queue, due now
        return (State.QUEUED, now) if now < expires_at else (State.EXPIRED, None)
    # RETRY: whether it went is unknown (a timeout, a broken answer): it stays ``sending`` and is
    # looked up by its local id before it is sent again; a message never sent goes back to the queue
    if state is State.SENDING:  # looked up again later even past its expiry (a look-up sends nothing)
        if now >= expires_at + LOOKUP_WINDOW:
            return State.FAILED, None
        return State.SENDING, now + BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]
    at = next_try(attempts, now, expires_at)
    if at is None:
        return State.EXPIRED, None
    return State.QUEUED, at


# --- the owner's settings -------------------------------------------------------------------------

PROVIDERS = ("", "kavenegar")
PROVIDER_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "The SMS provider is one of: {known}.")
BASE_URL_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The provider's address starts with https:// (http:// only for 127.0.0.1), without /v1/ or a path.")
SENDER_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "The sending line is a number of 4 to 20 digits.")
API_KEY_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "The API key is letters, digits and - _ = only (up to 200).")
PART_PRICE_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "The price of one part is between 0 (unknown) and 10,000,000 rials.")
EXPIRY_DAYS_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "The expiry warning comes 0 (never) to 90 days before.")


@dataclass(frozen=True)
class SmsSettings:
    """Kept in the settings table under ``sms_<name>`` (never in ``ClubSettings``: the API key must
    not travel with the rules, their audit or ``club show``)."""

    provider: str = ""  # "" = none: no message is queued for an occasion
    api_key: str = field(default="", repr=False)  # never in a log or a traceback
    sender: str = ""
    base_url: str = ""  # "" = the provider's own address
    quiet_hours: str = DEFAULT_QUIET
    after_purchase: bool = False
    welcome: bool = True
    birthday: bool = True
    expiring_days: int = 7  # warn this many days before points expire (0 = never)
    apology: bool = True
    transactional_to_all: bool = False  # receipts also to members who gave no consent
    part_price: int = 0  # rials one part costs at the provider (0 = unknown): a campaign's estimate
    paused: str = ""  # why sending is paused ("no_credit"), "" = not paused
    templates: tuple[tuple[str, str], ...] = ()  # (occasion, template) the owner changed

    @property
    def configured(self) -> bool:
        return bool(self.provider and self.api_key)

    def template(self, occasion: Occasion) -> str:
        return dict(self.templates).get(occasion.value, DEFAULT_TEMPLATES[occasion])

    def quiet(self) -> tuple[int, int]:
        return parse_quiet_hours(self.quiet_hours) or parse_quiet_hours(DEFAULT_QUIET)  # type: ignore[return-value]

    def as_stored(self) -> dict:
        out = {f"sms_{f.name}": getattr(self, f.name) for f in fields(self)}
        out["sms_templates"] = dict(self.templates)
        return out

    @classmethod
    def from_stored(cls, values: dict) -> "SmsSettings":
        names = {f.name for f in fields(cls)}
        got = {k[4:]: v for k, v in values.items() if k.startswith("sms_") and k[4:] in names}
        if "templates" in got:
            got["templates"] = tuple(sorted((got["templates"] or {}).items()))
        return cls(**got)

    def masked(self) -> dict:
        """The settings as the audit and the screen may show them: the key's last 4 characters only."""
        out = {k: v for k, v in self.as_stored().items() if k != "sms_templates"}
        out["sms_api_key"] = mask(self.api_key)
        return out


def mask(secret: str) -> str:
    return "" if not secret else ("…" + secret[-4:] if len(secret) > 8 else "…")


def settings_problems(s: SmsSettings) -> list[Problem]:
    problems = []
    if s.provider not in PROVIDERS:
        problems.append(Problem("sms_provider", PROVIDER_INVALID, {"known": ", ".join(p for p in PROVIDERS if p)}))
    if s.api_key and (len(s.api_key) > 200 or not all(c.isascii() and (c.isalnum() or c in "-_=") for c in s.api_key)):
        problems.append(Problem("sms_api_key", API_KEY_INVALID))
    if s.sender and not (s.sender.isascii() and s.sender.isdigit() and 4 <= len(s.sender) <= 20):
        problems.append(Problem("sms_sender", SENDER_INVALID))
    if s.base_url and not base_url_ok(s.base_url):
        problems.append(Problem("sms_base_url", BASE_URL_INVALID))
    if parse_quiet_hours(s.quiet_hours) is None:
        problems.append(Problem("sms_quiet_hours", QUIET_HOURS_INVALID))
    if not 0 <= s.part_price <= 10_000_000:
        problems.append(Problem("sms_part_price", PART_PRICE_INVALID))
    if not 0 <= s.expiring_days <= 90:
        problems.append(Problem("sms_expiring_days", EXPIRY_DAYS_INVALID))
    for occasion, template in s.templates:
        problems += template_problems(template, f"sms_template_{occasion}")
    return problems


def base_url_ok(url: str) -> bool:
    """``https://host[:port]`` (the part before ``/v1/``), or ``http://127.0.0.1[:port]`` for a local
    test server: no path, query, user or fragment."""
    from urllib.parse import urlsplit

    try:
        u = urlsplit(url)
        port = u.port  # a ValueError for a bad port
    except ValueError:
        return False
    del port
    if u.path not in ("", "/") or u.query or u.fragment or u.username or not u.hostname:
        return False
    return u.scheme == "https" or (u.scheme == "http" and u.hostname == "127.0.0.1")
