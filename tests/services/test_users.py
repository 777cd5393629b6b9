"""First run, sign-in with slowed failures, and the owner's users page."""

from __future__ import annotations

import pytest

from loyaltydesk.domain.errors import Conflict, PermissionDenied, ValidationError
from loyaltydesk.domain.passwords import hash_password, verify_password, wait_after
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import users
from loyaltydesk.services.users import SignInRefused
from loyaltydesk.store import audit

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


@pytest.fixture
def owner_db(db, clock):
    users.set_up_club(db, shop_name="فروشگاه پارس", display_unit="toman", username="Maryam", password="secret1",
                      repeat="secret1", display_name="مریم", logo=PNG, clock=clock)
    return db


def test_set_up_club_makes_the_owner_and_names_the_shop(owner_db, clock):
    s = users.sign_in(owner_db, "maryam", "secret1", clock)
    assert (s.user.username, s.user.role, s.user.display_name) == ("maryam", Role.OWNER, "مریم")
    assert users.logo(s) == PNG
    assert not users.needs_setup(owner_db)
    with pytest.raises(Conflict):
        users.set_up_club(owner_db, shop_name="x", display_unit="rial", username="eve", password="secret1",
                          repeat="secret1", clock=clock)


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
    a, b = hash_password("secret1"), hash_password("secret1")
    assert a != b and "secret1" not in a and a.startswith("scrypt$")
    assert verify_password("secret1", a) and not verify_password("secret2", a)
    assert not verify_password("secret1", None) and not verify_password("secret1", "md5$abc")


def test_failed_sign_ins_are_slowed_then_forgiven(owner_db, clock):
    waits = []
    for _ in range(3):
        with pytest.raises(SignInRefused) as e:
            users.sign_in(owner_db, "maryam", "wrong", clock)
        waits.append(e.value.wait_seconds)
    assert waits == [0, 0, 2]  # the third failure says how long the next try must wait
    # the third failure set a 2 s wait: even the right password is refused until it is over
    with pytest.raises(SignInRefused) as e:
        users.sign_in(owner_db, "maryam", "secret1", clock)
    assert e.value.wait_seconds == 2
    clock.advance(seconds=2)
    with pytest.raises(SignInRefused) as e:
        users.sign_in(owner_db, "maryam", "wrong", clock)  # fourth failure: 4 s
    assert e.value.wait_seconds == 4
    clock.advance(seconds=3)
    with pytest.raises(SignInRefused) as e:
        users.sign_in(owner_db, "maryam", "secret1", clock)
    assert e.value.wait_seconds == 1
    clock.advance(seconds=1)
    assert users.sign_in(owner_db, "maryam", "secret1", clock).user.username == "maryam"
    with pytest.raises(SignInRefused) as e:  # the count starts again from zero
        users.sign_in(owner_db, "maryam", "wrong", clock)
    assert e.value.wait_seconds == 0
    actions = [r["action"] for r in audit.recent(owner_db, 20, entity="user")]
    assert actions.count("sign_in_failed") == 5 and actions.count("sign_in") == 1


def test_unknown_and_inactive_users_get_the_same_answer(owner_db, clock):
    owner = users.sign_in(owner_db, "maryam", "secret1", clock)
    users.add_user(owner, "sara", "pass123", "pass123", "cashier", "سارا")
    users.edit_user(owner, "sara", active=False)
    for name, password in (("nobody", "pass123"), ("sara", "pass123")):
        with pytest.raises(SignInRefused) as e:
            users.sign_in(owner_db, name, password, clock)
        assert e.value.template == users.BAD_SIGN_IN


def test_owner_manages_users_and_the_cashier_may_not(owner_db, clock):
    owner = users.sign_in(owner_db, "maryam", "secret1", clock)
    users.add_user(owner, "Sara", "pass123", "pass123", "cashier", "سارا")
    cashier = users.sign_in(owner_db, "sara", "pass123", clock)
    assert cashier.user.role == Role.CASHIER
    with pytest.raises(PermissionDenied):
        users.add_user(cashier, "eve", "pass123", "pass123", "owner")
    with pytest.raises(PermissionDenied):
        users.reset_password(cashier, "maryam", "hacked1", "hacked1")
    with pytest.raises(Conflict):
        users.add_user(owner, "sara", "pass123", "pass123")
    users.reset_password(owner, "sara", "newpass", "newpass")
    assert users.sign_in(owner_db, "sara", "newpass", clock).user.username == "sara"
    assert [u.username for u in users.list_users(owner)] == ["maryam", "sara"]


@pytest.mark.parametrize("change", [{"active": False}, {"role": "cashier"}])
def test_the_club_keeps_an_active_owner(owner_db, clock, change):
    owner = users.sign_in(owner_db, "maryam", "secret1", clock)
    with pytest.raises(Conflict):
        users.edit_user(owner, "maryam", **change)
    users.add_user(owner, "ali", "pass123", "pass123", "owner")
    ali = users.sign_in(owner_db, "ali", "pass123", clock)
    users.edit_user(ali, "maryam", **change)
    with pytest.raises(Conflict):
        users.edit_user(ali, "ali", **change)


def test_change_own_password_needs_the_current_one(owner_db, clock):
    owner = users.sign_in(owner_db, "maryam", "secret1", clock)
    with pytest.raises(ValidationError):
        users.change_own_password(owner, "wrong", "another1", "another1")
    users.change_own_password(owner, "secret1", "another1", "another1")
    assert users.sign_in(owner_db, "maryam", "another1", clock)
