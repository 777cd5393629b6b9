"""Shared fixtures: a real SQLite file per test, a movable clock, owner and cashier sessions."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything can start Qt

import pytest

from tests.raw import club_key

pytest_plugins = ["tests.pg"]  # the throwaway PostgreSQL cluster: pg_cluster, pg_url, pg_empty_url

from loyaltydesk import services
from loyaltydesk.domain import passwords
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import backup
from loyaltydesk.services.session import Session, User

START = datetime(2025, 6, 1, 8, 0, tzinfo=timezone.utc)  # 1404/03/11 11:30 Tehran

TEST_TIERS = (
    # name, threshold, discount bp, multiplier %, birthday bonus, colour
    ("برنزی", 0, 0, 100, 100, "#b08d57"),
    ("نقره‌ای", 50_000_000, 300, 125, 200, "#9ea7b0"),
    ("طلایی", 150_000_000, 500, 150, 500, "#d4af37"),
)


# --- the cost of scrypt in tests (a test-only hook) -------------------------------------------------
# The program hashes passwords at scrypt 2^17 and derives backup keys at 2^17: a third of a second
# and 128 MiB each, thousands of times in this suite. Every test runs at 2^10 instead, by patching the
# two domain constants here (never through anything the shipped program reads); a test about the key
# derivation itself asks for ``real_kdf`` and gets the shipped costs back.
SHIPPED_KDF = {(passwords, "N"): passwords.N, (backup, "SCRYPT_LOG2_N"): backup.SCRYPT_LOG2_N}
TEST_KDF = {(passwords, "N"): 2**10, (backup, "SCRYPT_LOG2_N"): 10}


@pytest.fixture(scope="session", autouse=True)
def cheap_kdf():
    with pytest.MonkeyPatch.context() as patch:
        for (module, name), value in TEST_KDF.items():
            patch.setattr(module, name, value)
        yield


@pytest.fixture
def real_kdf(monkeypatch):
    """The shipped scrypt costs, for a test of the key derivation itself."""
    for (module, name), value in SHIPPED_KDF.items():
        monkeypatch.setattr(module, name, value)


class Clock:
    """An injected clock the test moves by hand."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


# --- both engines: a module marked ``pytest.mark.engines`` runs each test that uses ``db`` on a
# SQLite file and on PostgreSQL (a database of its own in the run's cluster, tests/pg.py); a test
# of such a module that only SQLite can run is marked ``pytest.mark.sqlite_only``, one that only
# PostgreSQL can run ``pytest.mark.postgresql_only``.
ENGINES = ("sqlite", pytest.param("postgresql", marks=pytest.mark.pg))


def pytest_generate_tests(metafunc):
    both = (metafunc.definition.get_closest_marker("engines")
            and not metafunc.definition.get_closest_marker("sqlite_only"))
    if both and metafunc.definition.get_closest_marker("postgresql_only") and "db" in metafunc.fixturenames:
        metafunc.parametrize("db", ENGINES[1:], indirect=True)
    elif both and "db" in metafunc.fixturenames:
        metafunc.parametrize("db", ENGINES, indirect=True)
    elif both and "club_engine" in metafunc.fixturenames:  # a command-line club named by --db (tests/cli)
        metafunc.parametrize("club_engine", ENGINES, indirect=True)
    elif both and "shared_engine" in metafunc.fixturenames:  # a module's club shared by tests that only read
        metafunc.parametrize("shared_engine", ENGINES, indirect=True, scope="module")


@pytest.fixture
def club_engine(request) -> str:
    """The engine of a club the test names by its place (``--db FILE`` or ``--db URL``): sqlite
    unless the module is marked ``engines``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="module")
def shared_engine(request) -> str:
    """The engine of a club a module builds once and its tests only read (``open_shared_club``):
    sqlite unless the module is marked ``engines``, then each engine in turn."""
    return getattr(request, "param", "sqlite")


def open_shared_club(request, engine: str, path):
    """A module's shared club on ``engine``: the new club file at ``path``, or a database of its own
    in the run's cluster holding a new club (dropped at the fixture's end)."""
    if engine == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.new_database(request.getfixturevalue("pg_template"))
        request.addfinalizer(lambda: cluster.drop_database(name))
        return services.open_club(cluster.url(name))
    return services.open_club(path, key=club_key(path))


def place_of(db) -> str | Path:
    """Where ``db`` is, as ``--db`` names it: the server's URL or the file's path."""
    return db.url if getattr(db, "engine", "sqlite") == "postgresql" else Path(db.path)


def copy_shared_club(request, place, dest) -> str | Path:
    """A test's own copy of a module's shared club (closed) at ``place``: a new database made from it
    on the server (dropped at the test's end), else the file and its key file copied to ``dest``."""
    from urllib.parse import urlsplit

    from tests.raw import copy_club

    if isinstance(place, str):
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.new_database(urlsplit(place).path.strip("/"))
        request.addfinalizer(lambda: cluster.drop_database(name))
        return cluster.url(name)
    return copy_club(place, dest)


@pytest.fixture(scope="session")
def new_club_file(tmp_path_factory, cheap_kdf):
    """A new club file made once per run (every migration step run, its key file beside it): a
    test's new club is a copy of it, a few ms instead of a few hundred (the copies share a key)."""
    template = tmp_path_factory.mktemp("new-club") / "club.sqlite3"
    services.open_club(template, key=club_key(template)).close()

    def copy_to(path):
        path = Path(path)
        for suffix in ("", ".keys"):
            shutil.copyfile(f"{template}{suffix}", f"{path}{suffix}")
        return path

    return copy_to


@pytest.fixture
def db(request, tmp_path, new_club_file):
    if getattr(request, "param", "sqlite") == "postgresql":
        database = services.open_club(request.getfixturevalue("pg_url"))
    else:
        path = new_club_file(tmp_path / "club.sqlite3")
        database = services.open_club(path, key=club_key(path))
    yield database
    database.close()


@pytest.fixture
def engine(db) -> str:
    """The engine the test's club is on: sqlite or postgresql."""
    return getattr(db, "engine", "sqlite")


@pytest.fixture
def owner(db, clock):
    return Session(db, User("owner", Role.OWNER), clock)


@pytest.fixture
def cashier(db, clock):
    return Session(db, User("sara", Role.CASHIER), clock)


@pytest.fixture
def club(owner):
    """A club with the test tiers and the default earn/redeem rules (6-month expiry)."""
    services.club.update_settings(owner, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                  expiry_months=6, window="rolling12", referral_bonus=300)
    for name, threshold, discount, multiplier, bonus, color in TEST_TIERS:
        services.club.add_tier(owner, name, threshold, discount, multiplier, bonus, color)
    return owner


@pytest.fixture
def shop(club, clock):
    """The test club (for backups, import and export) with three members, a few purchases, a refund and an adjustment."""
    cards = [services.members.sign_up(club, mobile, first, last, birthday=birthday).card
             for mobile, first, last, birthday in (("09121234567", "علی", "رضایی", "1370/05/14"),
                                                   ("09351112233", "مریم", "حسینی", None),
                                                   ("09190000001", "کاوه", "عبدالله‌زاده", "1365/12/29"))]
    clock.advance(hours=1)
    services.checkout.register_purchase(club, cards[0], 60_000_000)
    services.checkout.register_purchase(club, cards[1], 2_500_000)
    services.checkout.register_purchase(club, cards[0], 10_000_000, redeem=500)
    services.checkout.refund(club, 2, 1_000_000)
    services.points.adjust_points(club, cards[2], 250, "هدیه افتتاحیه")
    club.cards = cards
    return club


# --- the command line, signed in ------------------------------------------------------------------
# The command line acts as a signed-in user. Tests sign in as the owner with the demo club's
# documented password (so a demo club made by a test is used the same way), given through the
# environment: ``main(["--db", F, *as_owner, ...])`` in-process, ``cli_env()`` for a subprocess.
# A club made through the services (whose sessions sign in nowhere) gets that account from
# ``add_cli_owner``.
CLI_OWNER, CLI_PASSWORD = services.demo.DEMO_OWNER, services.demo.DEMO_PASSWORD


def add_cli_owner(db, clock=None) -> None:
    """Make ``CLI_OWNER`` (password ``CLI_PASSWORD``) the owner of a club made through the services,
    keeping its shop name and display unit."""
    settings = services.club.club_settings_of(db)
    services.users.set_up_club(db, shop_name=settings.shop_name, display_unit=settings.display_unit,
                               username=CLI_OWNER, password=CLI_PASSWORD, repeat=CLI_PASSWORD,
                               **({"clock": clock} if clock else {}))


def set_up_with_cli_owner(target) -> None:
    """The club at ``target`` (a file, or a server URL as a till opens it), not set up yet, set up
    as a shop's first run does with ``CLI_OWNER`` as its owner."""
    db = services.open_club(target)
    try:
        services.users.set_up_club(db, shop_name="فروشگاه", display_unit="toman", username=CLI_OWNER,
                                   password=CLI_PASSWORD, repeat=CLI_PASSWORD)
    finally:
        db.close()


def cli_env(**extra) -> dict:
    """The environment of a ``loyaltydesk`` subprocess that signs in with ``--user CLI_OWNER``."""
    return {**os.environ, "LOYALTYDESK_PASSWORD": CLI_PASSWORD, **extra}


@pytest.fixture
def as_owner(monkeypatch) -> list[str]:
    """The global options that sign the in-process command line in as ``CLI_OWNER`` (the password
    in ``LOYALTYDESK_PASSWORD``)."""
    monkeypatch.setenv("LOYALTYDESK_PASSWORD", CLI_PASSWORD)
    return ["--user", CLI_OWNER]
