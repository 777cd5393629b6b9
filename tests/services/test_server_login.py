"""A server club's way in (issue 23, part 4): its URL without a password, the password kept in the
OS keyring (a keyring backend of this test's own, registered through keyring's API) or asked for,
and [Test the connection] naming what it found on the run's PostgreSQL cluster."""

from __future__ import annotations

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services import server_login
from tests.conftest import add_cli_owner


class MemoryKeyring(KeyringBackend):
    """A keyring in this process's memory: what Windows' Credential Manager does, for a test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        if self.kept.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.mark.parametrize("url, place, key", [
    ("postgresql://till@192.168.1.10:5433/club", ("192.168.1.10", 5433, "club", "till"), "till@192.168.1.10:5433/club"),
    ("postgresql://till:p%40ss@backoffice/club", ("backoffice", 5432, "club", "till"), "till@backoffice:5432/club"),
    ("postgresql://u@/db?host=/run/postgresql&port=6000", ("/run/postgresql", 6000, "db", "u"), "u@/run/postgresql:6000/db"),
    ("postgres://%D8%B5%D9%86@[fe80::1]:5432/%D8%A8", ("fe80::1", 5432, "ب", "صن"), "صن@fe80::1:5432/ب"),
])
def test_a_url_names_its_place_and_its_keyring_key(url, place, key):
    assert server_login.place_of(url) == place
    assert server_login.key_of(url) == key


@pytest.mark.parametrize("parts, url", [
    (("192.168.1.10", 5432, "club", "till"), "postgresql://till@192.168.1.10:5432/club"),
    ((" backoffice ", 5433, "باشگاه", "صندوق"), "postgresql://%D8%B5%D9%86%D8%AF%D9%88%D9%82@backoffice:5433/"
                                                 "%D8%A8%D8%A7%D8%B4%DA%AF%D8%A7%D9%87"),
    (("fe80::1", 5432, "club", "till"), "postgresql://till@[fe80::1]:5432/club"),
])
def test_the_first_runs_fields_make_a_url_without_a_password(parts, url):
    made = server_login.url_of(*parts)
    assert made == url
    assert server_login.password_in(made) is None
    assert server_login.place_of(made) == (parts[0].strip(), parts[1], parts[2], parts[3])


@pytest.mark.parametrize("parts", [("", 5432, "club", "till"), ("h", 0, "club", "till"), ("h", 70000, "club", "till"),
                                   ("h", 5432, " ", "till"), ("h", 5432, "club", "")])
def test_a_missing_part_or_a_bad_port_is_refused(parts):
    with pytest.raises(LoyaltyError) as refused:
        server_login.url_of(*parts)
    assert "host" in refused.value.message


@pytest.mark.parametrize("password", ["secret", "p@ss:w/rd?#", "رمز عبور", ""])
def test_a_password_goes_into_a_url_and_out_again(password):
    url = "postgresql://till@192.168.1.10:5432/club"
    carrying = server_login.with_password(url, password)
    assert server_login.password_in(carrying) == password
    assert server_login.without_password(carrying) == url
    assert server_login.with_password(carrying, "other") == server_login.with_password(url, "other")
    assert password not in server_login.without_password(carrying) or password == ""


def test_the_keyring_keeps_forgets_and_resolves(memory_keyring):
    url = "postgresql://till@192.168.1.10:5432/club"
    assert server_login.can_keep()
    assert server_login.resolved(url) == url  # nothing kept: libpq's PGPASSWORD, or asked for
    assert server_login.keep_password(url, "s3cret")
    assert memory_keyring.kept == {("LoyaltyDesk", "till@192.168.1.10:5432/club"): "s3cret"}
    assert server_login.password_in(server_login.resolved(url)) == "s3cret"
    typed = server_login.with_password(url, "typed now")
    assert server_login.resolved(typed) == typed  # a password given for this run wins
    assert server_login.resolved("/tmp/club.sqlite3") == "/tmp/club.sqlite3"
    server_login.forget_password(url)
    server_login.forget_password(url)  # twice: nothing left, no error
    assert server_login.kept_password(url) is None and memory_keyring.kept == {}


def test_without_a_keyring_the_password_is_asked_for(no_keyring):
    url = "postgresql://till@192.168.1.10:5432/club"
    assert not server_login.can_keep()
    assert not server_login.keep_password(url, "s3cret")
    assert server_login.kept_password(url) is None and server_login.resolved(url) == url


# --- [Test the connection] on the run's cluster -------------------------------------------------------

def test_a_club_is_found_and_one_without_an_owner_yet_is_new(pg_url):
    assert server_login.probe(pg_url) == server_login.Probe("new", place=pg_url)  # as server init leaves it
    db = services.open_club(pg_url)
    try:
        add_cli_owner(db)
    finally:
        db.close()
    assert server_login.probe(pg_url) == server_login.Probe("club", place=pg_url)


def test_an_empty_database_may_be_made_a_club(pg_empty_url):
    found = server_login.probe(pg_empty_url)
    assert (found.state, found.may_create, found.error) == ("empty", True, None)


def test_an_empty_database_this_user_may_not_write_in_says_so(pg_cluster, pg_empty_url):
    pg_cluster.admin("DO $$ BEGIN CREATE ROLE till_read LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    url = pg_empty_url.replace("loyaltydesk_test@", "till_read@")
    found = server_login.probe(url)
    assert (found.state, found.may_create) == ("empty", False)
    assert "server init" in found.error.message and "till_read" in found.error.message


def test_a_database_of_something_else_is_not_a_club(pg_empty_url):
    with psycopg.connect(pg_empty_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    found = server_login.probe(pg_empty_url)
    assert found.state == "other" and "not a LoyaltyDesk club" in found.error.message


def test_each_fault_is_named(pg_cluster, pg_password_url, pg_password_role):
    user, password = pg_password_role
    free = pg_cluster.port + 1 if pg_cluster.port < 65535 else 1
    cases = [
        (pg_password_url, "ServerPasswordNeeded", user),
        (server_login.with_password(pg_password_url, "wrong"), "ServerPasswordWrong", user),
        (server_login.with_password(pg_password_url.rsplit("/", 1)[0] + "/no_such_club", password),
         "NoSuchServerDatabase", "no_such_club"),
        (f"postgresql://{user}@127.0.0.1:{free}/club", "ServerUnreachable", "NOT registered"),
    ]
    for url, fault, said in cases:
        found = server_login.probe(url, timeout=2)
        assert (found.state, type(found.error).__name__) == ("fault", fault), url
        assert said in found.error.message
        assert server_login.is_server_fault(found.error)
        assert server_login.needs_password(found.error) == fault.startswith("ServerPassword")
        assert password not in found.place
    right = server_login.with_password(pg_password_url, password)
    assert server_login.probe(right).state == "empty"


def test_a_kept_password_opens_the_club(memory_keyring, pg_password_url, pg_password_role):
    _, password = pg_password_role
    with pytest.raises(LoyaltyError) as asked:
        services.open_club(server_login.resolved(pg_password_url))
    assert server_login.needs_password(asked.value)
    server_login.keep_password(pg_password_url, password)
    db = services.open_club(server_login.resolved(pg_password_url))  # init: the schema made as this role
    try:
        assert services.users.needs_setup(db)
        assert password not in db.path
    finally:
        db.close()
    assert server_login.probe(server_login.resolved(pg_password_url)).state == "new"


def test_an_unused_club_file_is_forgotten_and_a_set_up_one_kept(tmp_path):
    """The first run's file, left when the till chose the shop's server: removed while nobody set it
    up, with its side files; a club with an owner is never removed."""
    unused, used = tmp_path / "new.sqlite3", tmp_path / "shop.sqlite3"
    for path in (unused, used):
        services.open_club(path).close()
    db = services.open_club(used)
    try:
        add_cli_owner(db)
    finally:
        db.close()
    assert server_login.forget_unused_club_file(unused) is True
    assert server_login.forget_unused_club_file(used) is False
    assert server_login.forget_unused_club_file(tmp_path / "missing.sqlite3") is False
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new")) == []
    assert used.is_file()
