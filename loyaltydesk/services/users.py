"""People who use the program: the first-run set-up, signing in, and the owner's users page.

Passwords are kept only as scrypt hashes (``domain.passwords``); a hash made at an older, lower cost
is renewed at the next sign-in (noted on that sign-in's audit row). Each failed sign-in is counted;
after a few in a row the next try must wait, doubling up to five minutes, whether or not the
password is right, so guessing is slow. Sign-ins, failures and every change to users are audited.
"""

from __future__ import annotations

import base64
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import timedelta

from loyaltydesk.domain.errors import (
    QT_TRANSLATE_NOOP, Conflict, LoyaltyError, NotFound, Problem, ValidationError, require_valid,
)
from loyaltydesk.domain.jalali import from_iso, to_iso, utc_now
from loyaltydesk.domain.passwords import (
    Secret, matches, needs_rehash, new_secret, normalize_username, password_cost, password_problems, salt_and_cost,
    secret_of, username_problems, wait_after,
)
from loyaltydesk.domain.roles import Action, Role
from loyaltydesk.domain.settings import ClubSettings, validate_settings
from loyaltydesk.domain.text import clean_text, length_problems
from loyaltydesk.store import Database, audit, keyslots
from loyaltydesk.store import club as club_store
from loyaltydesk.store import locks
from loyaltydesk.store import seals as seal_store

from . import club_keys, sealed_box, seals

from .session import Session, User

ALREADY_SET_UP = QT_TRANSLATE_NOOP("LoyaltyError", "This club already has an owner; sign in instead.")
BAD_SIGN_IN = QT_TRANSLATE_NOOP("LoyaltyError", "Wrong user name or password.")
WAIT = QT_TRANSLATE_NOOP("LoyaltyError", "Too many wrong tries: wait {seconds} seconds and try again.")
NO_USER = QT_TRANSLATE_NOOP("LoyaltyError", "There is no user {username}.")
USER_EXISTS = QT_TRANSLATE_NOOP("LoyaltyError", "The user name {username} is taken.")
LAST_OWNER = QT_TRANSLATE_NOOP("LoyaltyError", "The club needs at least one active owner.")
NOT_YOURSELF = QT_TRANSLATE_NOOP("LoyaltyError", "You cannot deactivate or demote yourself.")
WRONG_PASSWORD = QT_TRANSLATE_NOOP("LoyaltyError", "The current password is wrong.")
LOGO_TOO_BIG = QT_TRANSLATE_NOOP("LoyaltyError", "The logo is too big: at most {kb} KB.")
LOGO_NOT_IMAGE = QT_TRANSLATE_NOOP("LoyaltyError", "The logo must be a PNG or JPEG picture.")

LOGO_MAX_BYTES = 512 * 1024


class SignInRefused(LoyaltyError):
    """A failed sign-in: wrong name or password, an inactive user, or a wait still running."""

    def __init__(self, template: str, wait_seconds: int = 0, **params):
        self.wait_seconds = wait_seconds
        super().__init__(template, **params)


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    created_at: str
    last_sign_in: str | None


def _row(r: club_store.UserRecord) -> UserRow:
    return UserRow(r.id, r.username, r.display_name, r.role, bool(r.active), r.created_at, r.last_sign_in)


def needs_setup(db: Database) -> bool:
    """True until the first-run wizard has made an owner who can sign in. An encrypted club still
    locked has owners: only their slots could lock it."""
    return not db.locked and club_store.active_owners(db) == 0


def _logo_problems(logo: bytes | None) -> list[Problem]:
    if not logo:
        return []
    if len(logo) > LOGO_MAX_BYTES:
        return [Problem("logo", LOGO_TOO_BIG, {"kb": LOGO_MAX_BYTES // 1024})]
    if not (logo.startswith(b"\x89PNG\r\n\x1a\n") or logo.startswith(b"\xff\xd8\xff")):
        return [Problem("logo", LOGO_NOT_IMAGE)]
    return []


def set_up_club(db: Database, *, shop_name: str, display_unit: str, username: str, password: str, repeat: str,
                display_name: str = "", logo: bytes | None = None, clock=utc_now) -> Session:
    """The first run: name the shop, choose toman or rial, create the owner. Refused once an owner
    exists. Every problem of the form is reported at once. Returns the owner's session."""
    username = normalize_username(username)
    display_name = clean_text(display_name)
    settings = replace(ClubSettings.from_dict(club_store.settings(db)), shop_name=clean_text(shop_name),
                       display_unit=display_unit)
    require_valid(validate_settings(settings) + username_problems(username)
                  + password_problems(password, repeat) + _logo_problems(logo)
                  + length_problems(shop_name=settings.shop_name, display_name=display_name))
    secret = new_secret(password)
    with db.transaction():
        if not needs_setup(db):
            raise Conflict(ALREADY_SET_UP)
        now = to_iso(clock())
        club_store.put_settings(db, {"shop_name": settings.shop_name, "display_unit": settings.display_unit})
        if logo:
            club_store.put_settings(db, {"logo": base64.b64encode(logo).decode("ascii")})
        existing = club_store.user_by_name(db, username)
        if existing is not None:  # an owner row without a password, e.g. from the CLI
            club_store.update_user(db, existing.id, role=Role.OWNER.value, password_hash=secret.stored,
                                   active=1)
            user_id = existing.id
        else:
            user_id = club_store.insert_user(db, username, display_name.strip(), Role.OWNER.value,
                                             secret.stored, now)
        audit.record(db, now, username, Role.OWNER.value, "set_up_club", "settings", None, None,
                     {"shop_name": settings.shop_name, "display_unit": display_unit, "owner": username})
        # the owner's signing key, unlocked by this password; every user's role signed as it is now
        seals.open_owner_key(db, user_id, username, secret, password, now)
        seals.sign_assignments(db, by=user_id)
        seals.seal(db, "sign_in", now, user_id)
    # the owner's key slot; the set-up key (the club's key while nobody owned it) is gone from now on
    club_keys.put_slot(db, username, secret, owner_made=True)
    sealed_box.open_owner_key(db, user_id, username, secret)  # the automatic backups are sealed to it
    return Session(db, User(username, Role.OWNER, user_id, display_name.strip()), clock)


def sign_in(db: Database, username: str, password: str, clock=utc_now) -> Session:
    """Check the password and return the user's session. A wrong one counts a failure; after a few
    in a row every try waits (refused without looking at the password) until the time is up.

    An encrypted club: the password opens the user's key slot (one scrypt: store/keyslots.py),
    which unlocks the club (it may be ``locked`` until then), and the same derivation's verifier
    must be the user's hash in the club. The failures are counted in the key file, since a wrong
    password opens nothing to count them in; the next right sign-in audits how many there were.
    A plain club (made before encryption), a club nobody owns yet, and a user of an unlocked club
    who has no slot yet (a club encrypted at its owner's sign-in) are checked against the hash in
    the club, and count failures there; the last gets their slot now that the password is known.
    An owner's sign-in into a plain club encrypts it (``club_keys.encrypt``)."""
    username = normalize_username(username)
    now = clock()
    header = club_keys.header_of(db)
    if header is not None and (db.locked or username in header.slots):
        seconds = club_keys.wait_left(header, username, now)
        if seconds:
            raise SignInRefused(WAIT, wait_seconds=seconds, seconds=seconds)
        was_open = not db.locked
        derived = club_keys.open_slot(db, header, username, password)
        if derived is None:
            audited = was_open and not db.read_only
            if audited:  # a club already open (the app between two sign-ins): audited now
                with db.transaction():
                    row = club_store.user_by_name(db, username)
                    audit.record(db, to_iso(now), username, row.role if row else "-", "sign_in_failed", "user",
                                 row.id if row else None)
            raise SignInRefused(BAD_SIGN_IN, wait_seconds=club_keys.count_failure(db, username, now, audited))
        earlier = club_keys.signed_in(db, header, username)
        verifier, wrap_key = derived
        row = club_store.user_by_name(db, username)
        found = salt_and_cost(row.password_hash if row is not None else None)
        secret = None
        if row is not None and found is not None:
            if found == (header.slots[username].salt, (header.slots[username].n, header.slots[username].r,
                                                       header.slots[username].p)):
                secret = Secret(row.password_hash or "", wrap_key, *found) if matches(verifier, row.password_hash) else None
            else:  # the hash renewed without its slot (a crash between the two): the hash decides
                secret = secret_of(password, row.password_hash)
                secret = secret._replace(alternate=wrap_key) if secret is not None else None
        if secret is None or row is None or not row.active:  # a slot made for a name that is not theirs
            if not db.read_only:
                with db.transaction():
                    audit.record(db, to_iso(now), username or "?", row.role if row else "-", "sign_in_failed",
                                 "user", row.id if row else None, None, {"reason": "key slot"})
            raise SignInRefused(BAD_SIGN_IN)
        session = _signed_in(db, row, password, secret, now, clock, earlier)
        _audit_unknown_names(db, row, now)
        return session
    # A club that can only be read (a write-protected disk, a read-only copy) is signed into for
    # reading: the password is checked, and nothing is recorded, since nothing can be.
    with nullcontext() if db.read_only else db.transaction():
        row = club_store.user_by_name(db, username)
        if row is not None and row.locked_until and from_iso(row.locked_until) > now:
            seconds = max(1, int((from_iso(row.locked_until) - now).total_seconds() + 0.999))
            raise SignInRefused(WAIT, wait_seconds=seconds, seconds=seconds)
        if row is None and (seconds := _unknown_wait(db, header, username, now)):  # a name nobody has waits alike
            raise SignInRefused(WAIT, wait_seconds=seconds, seconds=seconds)
        # checked even for an unknown or inactive user: the same time, the same answer
        secret = secret_of(password, row.password_hash if row is not None else None)
        ok = secret is not None and row is not None and bool(row.active)
        wait = 0
        if not ok and not db.read_only:
            if row is not None:
                if locks.rows(db, "users", "id", [row.id]):  # another till's wrong try counts too
                    row = club_store.user_by_name(db, username) or row
                failures = row.failed_count + 1
                wait = wait_after(failures)
                club_store.update_user(db, row.id, failed_count=failures,
                                       locked_until=to_iso(now + timedelta(seconds=wait)) if wait else None)
            else:
                wait = _count_unknown(db, header, username, now)
            audit.record(db, to_iso(now), username or "?", row.role if row else "-", "sign_in_failed", "user",
                         row.id if row else None)
    if not ok or row is None or secret is None:  # outside the transaction, so that the failure is kept
        raise SignInRefused(BAD_SIGN_IN, wait_seconds=wait)
    session = _signed_in(db, row, password, secret, now, clock, 0)
    if header is not None:  # an encrypted club's user without a slot yet (a club restored on a new computer:
        # its first owner's sign-in ends the set-up key)
        club_keys.put_slot(db, username, secret, owner_made=Role(row.role) is Role.OWNER)
        if Role(row.role) is Role.OWNER:
            sealed_box.open_owner_key(db, row.id, username, secret)
    return session


UNKNOWN_FAILURES = "sign_in_unknown_failures"  # a plain club's counters for names nobody has (settings)


def _unknown_wait(db: Database, header: club_keys.Header | None, username: str, now) -> int:
    """Seconds a name nobody has must still wait: counted in the key file (an encrypted club) or
    in the settings (a plain one), under a digest of the name (``club_keys.failure_name``)."""
    if header is not None:
        return club_keys.wait_left(header, username, now)
    locks.task(db, "sign_in")  # another till's wrong try under an unknown name counts too
    raw = club_store.settings(db).get(UNKNOWN_FAILURES) or {}
    f = raw.get(club_keys.unknown_name(username))
    return club_keys.failures_wait(keyslots.Failures(int(f.get("count", 0)), f.get("until")) if f else None, now)


def _audit_unknown_names(db: Database, row: club_store.UserRecord, now) -> None:
    """At an owner's sign-in: the wrong tries under names nobody has, counted in the key file while
    the club was locked, written to the audit (how many; never the names typed)."""
    if Role(row.role) is not Role.OWNER or db.read_only:
        return
    tries = club_keys.take_unaudited_unknown(db)
    if tries:
        with db.transaction():
            audit.record(db, to_iso(now), row.username, row.role, "sign_in_failed", "user", None, None,
                         {"unknown_names": tries})


def _count_unknown(db: Database, header: club_keys.Header | None, username: str, now) -> int:
    """One more wrong try under a name nobody has, counted as a real name's (the same waits)."""
    if header is not None:
        return club_keys.count_failure(db, username, now, audited=True)
    locks.task(db, "sign_in")  # another till's wrong try under an unknown name counts too
    raw = club_store.settings(db).get(UNKNOWN_FAILURES) or {}
    failures = {k: keyslots.Failures(int(v.get("count", 0)), v.get("until")) for k, v in raw.items()}
    failures, wait = club_keys.counted(failures, club_keys.unknown_name(username), now)
    club_store.put_settings(db, {UNKNOWN_FAILURES: {k: {"count": f.count, "until": f.until}
                                                    for k, f in sorted(failures.items())}})
    return wait


def _signed_in(db: Database, row: club_store.UserRecord, password: str, secret: Secret, now, clock,
               earlier_failures: int) -> Session:
    """The password is right: the signed role checked, the hash renewed when made at a lower cost,
    the sign-in audited, an owner's key opened and the records sealed."""
    username = row.username
    if not seals.assignment_verifies(db, row.id):  # a role or active flag edited in the file, a user slipped in
        if seals.key_opens(db, row.id, password, secret.wrap_keys()) is False:  # or the owner's own key replaced
            _refuse_replaced_key(db, username, row.role, row.id, now)
        _refuse_unsigned(db, username, row.role, row.id, now)
    if db.read_only:
        return Session(db, User(username, Role(row.role), row.id, row.display_name), clock)
    # A hash made at an older, lower cost is made again at today's, now that the password is known
    # to be right; computed outside the write lock (a third of a second), stored with the sign-in.
    renewed = new_secret(password) if needs_rehash(row.password_hash) else None
    with db.transaction():
        changes: dict[str, object] = {"failed_count": 0, "locked_until": None, "last_sign_in": to_iso(now)}
        current = club_store.user_by_name(db, username)
        if renewed and current is not None and current.password_hash == row.password_hash:
            changes["password_hash"] = renewed.stored  # unless the password was changed meanwhile
        club_store.update_user(db, row.id, **changes)
        if earlier_failures:  # counted in the key file while the club could not be opened
            audit.record(db, to_iso(now), username, row.role, "sign_in_failed", "user", row.id, None,
                         {"wrong_passwords": earlier_failures})
        # Quietly: a detail of the sign-in row, not an action of its own in the owner's audit list.
        audit.record(db, to_iso(now), username, row.role, "sign_in", "user", row.id, None,
                     {"password_cost": {"from": password_cost(row.password_hash), "to": password_cost(
                         renewed.stored if renewed else None)}}
                     if "password_hash" in changes else None)
    rewrap = renewed if "password_hash" in changes else None
    if rewrap is not None:
        club_keys.put_slot(db, username, rewrap)
    if Role(row.role) is Role.OWNER:
        _unlock_and_seal(db, username, row.role, row.id, password, secret, now, rewrap)
        club_keys.encrypt(db, username, rewrap or secret)  # a plain club, made before encryption
        sealed_box.open_owner_key(db, row.id, username, secret, rewrap)
    return Session(db, User(username, Role(row.role), row.id, row.display_name), clock)


def _refuse_unsigned(db: Database, username: str, role: str, user_id: int, now) -> None:
    """Refuse (and audit, where the club can be written) a sign-in whose role assignment no owner signed."""
    if not db.read_only:
        with db.transaction():
            audit.record(db, to_iso(now), username, role, "sign_in_refused", "user", user_id, None,
                         {"reason": "role not signed by an owner"})
    raise seals.NotSigned(username=username)


def _unlock_and_seal(db: Database, username: str, role: str, user_id: int, password: str, secret: Secret, now,
                     rewrap: Secret | None = None) -> None:
    """An owner's sign-in: open (or make) their signing key with the password's derivation, and
    seal the records. A key that is not theirs is said loudly, audited, and refuses the sign-in."""
    try:
        with db.transaction():
            if seals.open_owner_key(db, user_id, username, secret, password, to_iso(now), rewrap):
                seals.sign_assignments(db, by=user_id)  # the club's first key: its users' roles signed as they are
            seals.seal(db, "sign_in", to_iso(now), user_id)
    except seals.KeyReplaced:
        _refuse_replaced_key(db, username, role, user_id, now)


def _refuse_replaced_key(db: Database, username: str, role: str, user_id: int, now) -> None:
    seals.forget(db, user_id)
    if not db.read_only:
        with db.transaction():
            audit.record(db, to_iso(now), username, role, "owner_key_replaced", "user", user_id)
    raise seals.KeyReplaced(username=username)


def list_users(session: Session) -> list[UserRow]:
    session.require(Action.MANAGE_USERS)
    return [_row(r) for r in club_store.users(session.db)]


def add_user(session: Session, username: str, password: str, repeat: str, role: str = Role.CASHIER.value,
             display_name: str = "") -> UserRow:
    """The owner adds a cashier (or another owner)."""
    username = normalize_username(username)
    display_name = clean_text(display_name)
    problems = (username_problems(username) + password_problems(password, repeat)
                + length_problems(display_name=display_name))
    if role not in {r.value for r in Role}:
        problems.append(Problem("role", QT_TRANSLATE_NOOP("LoyaltyError", "Choose a role.")))
    require_valid(problems)
    secret = new_secret(password)
    with session.act(Action.MANAGE_USERS) as db:
        if club_store.user_by_name(db, username):
            raise Conflict(USER_EXISTS, username=username)
        user_id = club_store.insert_user(db, username, display_name.strip(), role, secret.stored,
                                         session.now_iso())
        session.audit("add_user", "user", user_id, None, {"username": username, "role": role,
                                                          "display_name": display_name.strip()})
        seals.sign_assignments(db, {user_id}, by=session.user.id)  # the owner's signature on the new user's role
        added = _row(_user(db, username))
    club_keys.put_slot(db, username, secret)  # their key slot: their password opens the club
    return added


def _user(db, username: str) -> club_store.UserRecord:
    row = club_store.user_by_name(db, normalize_username(username))
    if row is None:
        raise NotFound(NO_USER, username=username)
    return row


def edit_user(session: Session, username: str, *, role: str | None = None, active: bool | None = None,
              display_name: str | None = None) -> UserRow:
    """Change a user's role, name or whether they may sign in. The club always keeps an active
    owner, and nobody deactivates or demotes themselves."""
    with session.act(Action.MANAGE_USERS) as db:
        row = _user(db, username)
        changes: dict[str, str | int] = {}
        if display_name is not None and clean_text(display_name) != row.display_name:
            changes["display_name"] = clean_text(display_name)
            require_valid(length_problems(display_name=changes["display_name"]))
        if role is not None and role != row.role:
            changes["role"] = Role(role).value
        if active is not None and int(active) != row.active:
            changes["active"] = int(active)
        if not changes:
            return _row(row)
        losing_owner = row.role == Role.OWNER.value and (changes.get("role") == Role.CASHIER.value
                                                           or changes.get("active") == 0)
        if losing_owner and row.username == session.user.username:
            raise Conflict(NOT_YOURSELF)
        club_store.update_user(db, row.id, **changes)
        if losing_owner and club_store.active_owners(db) == 0:
            raise Conflict(LAST_OWNER)  # the transaction rolls the change back
        session.audit("edit_user", "user", row.id, {k: getattr(row, k) for k in changes}, changes)
        if {"role", "active"} & set(changes):
            seals.sign_assignments(db, {row.id}, by=session.user.id)  # signed again by the owner
        edited = _row(_user(db, row.username))
    if changes.get("active") == 0:  # may no longer open the club; made active again, the owner sets a password
        club_keys.drop_slot(db, row.username)
    return edited


def reset_password(session: Session, username: str, password: str, repeat: str) -> None:
    """The owner sets a new password for a user (who forgot theirs); the failure count is cleared."""
    require_valid(password_problems(password, repeat))
    secret = new_secret(password)
    with session.act(Action.MANAGE_USERS) as db:
        row = _user(db, username)
        club_store.update_user(db, row.id, password_hash=secret.stored, failed_count=0, locked_until=None)
        if row.role == Role.OWNER.value:  # their key was sealed by the old password: a new one at their sign-in
            seal_store.retire_keys(db, row.id, session.now_iso())
        session.audit("reset_password", "user", row.id)
    if row.active:
        club_keys.put_slot(db, row.username, secret)  # their slot, wrapped by the new password


def change_own_password(session: Session, current: str, password: str, repeat: str) -> None:
    """Anyone signed in changes their own password, knowing the current one."""
    require_valid(password_problems(password, repeat))
    secret = new_secret(password)
    with session.db.transaction():
        row = _user(session.db, session.user.username)
        old = secret_of(current, row.password_hash)
        if old is None:
            raise ValidationError([Problem("current", WRONG_PASSWORD)])
        club_store.update_user(session.db, row.id, password_hash=secret.stored)
        seals.change_password(session.db, row.id, old, current, secret)  # an owner's key, sealed by the new one
        session.audit("change_password", "user", row.id)
    club_keys.put_slot(session.db, row.username, secret)  # their slot, wrapped by the new password
    sealed_box.change_password(session.db, row.username, old, secret)


def logo(session: Session) -> bytes | None:
    """The shop's logo (PNG or JPEG bytes), if the owner gave one."""
    return logo_of(session.db)


def logo_of(db) -> bytes | None:
    """The logo before anyone has signed in (the sign-in shows it beside the shop's name)."""
    value = club_store.settings(db).get("logo")
    return base64.b64decode(value) if value else None


def set_logo(session: Session, data: bytes | None) -> None:
    require_valid(_logo_problems(data))
    with session.act(Action.CHANGE_RULES) as db:
        club_store.put_settings(db, {"logo": base64.b64encode(data).decode("ascii") if data else ""})
        session.audit("set_logo", "settings", None, None, {"bytes": len(data or b"")})

