"""First run, sign-in with slowed failures, and the owner's users page."""

from __future__ import annotations

import time

import pytest

from loyaltydesk.domain import passwords
from loyaltydesk.domain.errors import Conflict, PermissionDenied, ValidationError
from loyaltydesk.domain.passwords import hash_password, password_problems, verify_password, wait_after
from loyaltydesk.services.demo import DEMO_PASSWORD
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import users
from loyaltydesk.services.users import SignInRefused
from loyaltydesk.store import audit
from loyaltydesk.store import club as club_store

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


@pytest.fixture
def owner_db(db, clock):
    users.set_up_club(db, shop_name="فروشگاه پارس", display_unit="toman", username="Maryam", password="secret12",
                      repeat="secret12", display_name="مریم", logo=PNG, clock=clock)
    return db


def test_set_up_club_makes_the_owner_and_names_the_shop(owner_db, clock):
    s = users.sign_in(owner_db, "maryam", "secret12", clock)
    assert (s.user.username, s.user.role, s.user.display_name) == ("maryam", Role.OWNER, "مریم")
    assert users.logo(s) == PNG
    assert not users.needs_setup(owner_db)
    with pytest.raises(Conflict):
        users.set_up_club(owner_db, shop_name="x", display_unit="rial", username="eve", password="secret12",
                          repeat="secret12", clock=clock)


def test_set_up_club_reports_every_problem_at_once(db, clock):
    with pytest.raises(ValidationError) as e:
        users.set_up_club(db, shop_name=" ", display_unit="dollar", username="م", password="123",
                          repeat="124", logo=b"GIF89a", clock=clock)
    assert {p.field for p in e.value.problems} >= {"shop_name", "display_unit", "username", "password", "repeat", "logo"}
    assert users.needs_setup(db)


@pytest.mark.parametrize(
    "failures, wait",
    [(0, 0), (1, 0), (2, 0), (3, 2), (4, 4), (5, 8), (10, 256), (11, 300), (50, 300)],
)
def test_wait_after_failures(failures, wait):
    assert wait_after(failures) == wait


def test_passwords_are_hashed_and_salted():
    a, b = hash_password("secret12"), hash_password("secret12")
    assert a != b and "secret12" not in a and a.startswith("scrypt$")
    assert verify_password("secret12", a) and not verify_password("secret22", a)
    assert not verify_password("secret12", None) and not verify_password("secret12", "md5$abc")


def test_failed_sign_ins_are_slowed_then_forgiven(owner_db, clock):
    waits = []
    for _ in range(3):
        with pytest.raises(SignInRefused) as e:
            users.sign_in(owner_db, "maryam", "wrong", clock)
        waits.append(e.value.wait_seconds)
    assert waits == [0, 0, 2]  # the third failure says how long the next try must wait
    # the third failure set a 2 s wait: even the right password is refused until it is over
    with pytest.raises(SignInRefused) as e:
        users.sign_in(owner_db, "maryam", "secret12", clock)
    assert e.value.wait_seconds == 2
    clock.advance(seconds=2)
    with pytest.raises(SignInRefused) as e:
        users.sign_in(owner_db, "maryam", "wrong", clock)  # fourth failure: 4 s
    assert e.value.wait_seconds == 4
    clock.advance(seconds=3)
    with pytest.raises(SignInRefused) as e:
        users.sign_in(owner_db, "maryam", "secret12", clock)
    assert e.value.wait_seconds == 1
    clock.advance(seconds=1)
    assert users.sign_in(owner_db, "maryam", "secret12", clock).user.username == "maryam"
    with pytest.raises(SignInRefused) as e:  # the count starts again from zero
        users.sign_in(owner_db, "maryam", "wrong", clock)
    assert e.value.wait_seconds == 0
    actions = [r.action for r in audit.recent(owner_db, 20, entity="user")]
    assert actions.count("sign_in_failed") == 5 and actions.count("sign_in") == 1


def test_unknown_and_inactive_users_get_the_same_answer(owner_db, clock):
    owner = users.sign_in(owner_db, "maryam", "secret12", clock)
    users.add_user(owner, "sara", "pass1234", "pass1234", "cashier", "سارا")
    users.edit_user(owner, "sara", active=False)
    for name, password in (("nobody", "pass1234"), ("sara", "pass1234")):
        with pytest.raises(SignInRefused) as e:
            users.sign_in(owner_db, name, password, clock)
        assert e.value.template == users.BAD_SIGN_IN


def test_owner_manages_users_and_the_cashier_may_not(owner_db, clock):
    owner = users.sign_in(owner_db, "maryam", "secret12", clock)
    users.add_user(owner, "Sara", "pass1234", "pass1234", "cashier", "سارا")
    cashier = users.sign_in(owner_db, "sara", "pass1234", clock)
    assert cashier.user.role == Role.CASHIER
    with pytest.raises(PermissionDenied):
        users.add_user(cashier, "eve", "pass1234", "pass1234", "owner")
    with pytest.raises(PermissionDenied):
        users.reset_password(cashier, "maryam", "hacked12", "hacked12")
    with pytest.raises(Conflict):
        users.add_user(owner, "sara", "pass1234", "pass1234")
    users.reset_password(owner, "sara", "newpass1", "newpass1")
    assert users.sign_in(owner_db, "sara", "newpass1", clock).user.username == "sara"
    assert [u.username for u in users.list_users(owner)] == ["maryam", "sara"]


@pytest.mark.parametrize("change", [{"active": False}, {"role": "cashier"}])
def test_the_club_keeps_an_active_owner(owner_db, clock, change):
    owner = users.sign_in(owner_db, "maryam", "secret12", clock)
    with pytest.raises(Conflict):
        users.edit_user(owner, "maryam", **change)
    users.add_user(owner, "ali", "pass1234", "pass1234", "owner")
    ali = users.sign_in(owner_db, "ali", "pass1234", clock)
    users.edit_user(ali, "maryam", **change)
    with pytest.raises(Conflict):
        users.edit_user(ali, "ali", **change)


def test_change_own_password_needs_the_current_one(owner_db, clock):
    owner = users.sign_in(owner_db, "maryam", "secret12", clock)
    with pytest.raises(ValidationError):
        users.change_own_password(owner, "wrong", "another1", "another1")
    users.change_own_password(owner, "secret12", "another1", "another1")
    assert users.sign_in(owner_db, "maryam", "another1", clock)


# --- the cost of the password hash ------------------------------------------------------------------

def test_the_shipped_cost_is_owasps_scrypt_minimum(real_kdf):
    stored = hash_password(DEMO_PASSWORD)
    assert stored.startswith("scrypt$131072$8$1$") and verify_password(DEMO_PASSWORD, stored)
    assert not passwords.needs_rehash(stored)


@pytest.mark.parametrize("password, fields", [
    ("1234567", ["password"]),           # seven characters: too short since the minimum became 8
    (DEMO_PASSWORD, []),                  # the demo club's documented password stays valid
    ("گذرواژه", ["password"]),            # seven Persian letters
    ("گذرواژه۱", []),
    (" padded1", ["password"]),
])
def test_a_password_has_at_least_eight_characters(password, fields):
    assert [p.field for p in password_problems(password)] == fields


def _old_hash(password: str, monkeypatch) -> str:
    """A hash as the previous version stored it: scrypt 2^14."""
    with monkeypatch.context() as m:
        m.setattr(passwords, "N", 2**14)
        return hash_password(password)


@pytest.mark.sqlite_only  # the hash is swapped behind the owner's sealed key: the key file's slot opens it (no key file on a server)
def test_an_old_hash_signs_in_and_is_renewed_at_todays_cost(owner_db, clock, monkeypatch, real_kdf):
    row = club_store.user_by_name(owner_db, "maryam")
    with owner_db.transaction():
        club_store.update_user(owner_db, row.id, password_hash=_old_hash("secret12", monkeypatch))
    old = club_store.user_by_name(owner_db, "maryam").password_hash
    assert old.startswith("scrypt$16384$8$1$")

    with pytest.raises(SignInRefused):  # a wrong password stays wrong, and nothing is renewed
        users.sign_in(owner_db, "maryam", "secret13", clock)
    assert club_store.user_by_name(owner_db, "maryam").password_hash == old

    assert users.sign_in(owner_db, "maryam", "secret12", clock).user.role == Role.OWNER
    renewed = club_store.user_by_name(owner_db, "maryam").password_hash
    assert renewed.startswith("scrypt$131072$8$1$") and renewed != old
    signed = audit.recent(owner_db, 1, entity="user")[0]
    assert signed.action == "sign_in"  # noted on the sign-in's own row, no action of its own
    assert signed.after == {"password_cost": {"from": [16384, 8, 1], "to": [131072, 8, 1]}}

    assert users.sign_in(owner_db, "maryam", "secret12", clock)  # and once renewed, left alone
    assert club_store.user_by_name(owner_db, "maryam").password_hash == renewed
    assert audit.recent(owner_db, 1, entity="user")[0].after is None
    with pytest.raises(SignInRefused):
        users.sign_in(owner_db, "maryam", "secret13", clock)


@pytest.mark.sqlite_only  # the hash is swapped behind the owner's sealed key: the key file's slot opens it (no key file on a server)
def test_a_password_changed_while_signing_in_is_not_overwritten_by_the_renewal(owner_db, clock, monkeypatch):
    row = club_store.user_by_name(owner_db, "maryam")
    with owner_db.transaction():
        club_store.update_user(owner_db, row.id, password_hash=_old_hash("secret12", monkeypatch))
    meanwhile = hash_password("changed-by-the-owner")

    def renewal_while_another_window_resets(password):  # the owner resets it while the new hash is made
        with owner_db.transaction():
            club_store.update_user(owner_db, row.id, password_hash=meanwhile)
        return passwords.new_secret(password)

    monkeypatch.setattr(users, "new_secret", renewal_while_another_window_resets)
    monkeypatch.setattr(passwords, "N", 2**15)  # today's cost is above the stored 2^14: a renewal is due
    users.sign_in(owner_db, "maryam", "secret12", clock)
    assert club_store.user_by_name(owner_db, "maryam").password_hash == meanwhile


@pytest.mark.parametrize("stored", [
    None, "", "md5$abc", "scrypt$16384$8$1$00", "scrypt$x$8$1$" + "00" * 16 + "$" + "00" * 32,
    "scrypt$1000$8$1$" + "00" * 16 + "$" + "00" * 32,          # n not a power of two
    "scrypt$16384$0$1$" + "00" * 16 + "$" + "00" * 32,
    "scrypt$1073741824$8$1$" + "00" * 16 + "$" + "00" * 32,    # 2^30: 128 GiB asked for
    "scrypt$16384$1024$64$" + "00" * 16 + "$" + "00" * 32,      # r and p huge
    "scrypt$16384$8$1$" + "00" * 8 + "$" + "00" * 32,           # a short salt
], ids=["none", "empty", "md5", "fields", "n-text", "n-odd", "r0", "n-huge", "rp-huge", "salt"])
def test_a_malformed_or_costly_stored_hash_never_matches_and_allocates_nothing_big(stored):
    started = time.perf_counter()
    assert not verify_password("secret12", stored)
    assert not passwords.needs_rehash(stored)
    assert time.perf_counter() - started < 2  # refused before scrypt is asked for gigabytes
