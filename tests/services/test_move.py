"""Moving a club between its file and a PostgreSQL server (issue 23, services/move.py): every row,
every balance, ``check`` clean on both sides, ids kept and the server's sequences after them; a
target that is not empty, a difference or a failure half-way refuse and leave nothing behind; back
to a file, the new file is encrypted and only the owner who moved it holds a key until the others
get one."""

from __future__ import annotations

import shutil

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError, PermissionDenied, ValidationError
from loyaltydesk.services import move
from loyaltydesk.services.progress import Cancelled
from loyaltydesk.services.demo import DEMO_CASHIER, DEMO_OWNER, DEMO_PASSWORD
from loyaltydesk.services.users import SignInRefused
from loyaltydesk.store import keyslots
from loyaltydesk.store import move as move_store
from loyaltydesk.store.pg import PgDatabase

pytestmark = pytest.mark.pg

MEMBERS = 40
BALANCES = "SELECT id, card, points, win_spend, tier_id, tier_since, status FROM members ORDER BY id"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo club (owner and cashier, purchases, refunds, surveys...), made once per module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = services.open_club(path)
    services.demo.make_demo_club(db, member_count=MEMBERS)
    db.close()
    return path


@pytest.fixture
def club(demo_file, tmp_path):
    """A copy of the demo club of this test's own, its owner signed in."""
    path = tmp_path / "club.sqlite3"
    shutil.copy(demo_file, path)
    shutil.copy(keyslots.path_of(demo_file), keyslots.path_of(path))
    db = services.open_club(path, create=False)
    session = services.users.sign_in(db, DEMO_OWNER, DEMO_PASSWORD)
    yield session
    db.close()


def signed_in(path, user=DEMO_OWNER):
    db = services.open_club(path, create=False)
    try:
        return services.users.sign_in(db, user, DEMO_PASSWORD)
    except BaseException:
        db.close()
        raise


def test_the_demo_club_moves_to_the_server_and_back_keeping_every_balance(club, pg_empty_url, tmp_path):
    balances = [tuple(r) for r in club.db.all(BALANCES)]
    ledger = club.db.value("SELECT sum(points) FROM ledger")
    result = move.move_to_server(club, pg_empty_url)
    assert result.checked and result.members == MEMBERS and result.points == ledger
    assert result.counts["purchases"] > 0 and result.counts["ledger"] > 0 and result.counts["tier_history"] > 0

    server = signed_in(pg_empty_url)  # the owner signs in on the server with the same password
    try:
        assert [tuple(r) for r in server.db.all(BALANCES)] == balances
        assert services.check.check_database(server) == []
        # ids kept, and the server's next id follows the largest one copied
        top = server.db.value("SELECT max(id) FROM members")
        card = services.members.sign_up(server, "09129998877", "نسیم", "تازه").card
        assert server.db.value("SELECT id FROM members WHERE card = ?", (card,)) == top + 1
        back = move.move_to_file(server, tmp_path / "back.sqlite3", DEMO_PASSWORD)
    finally:
        server.db.close()
    assert back.checked and back.members == MEMBERS + 1 and back.without_key == (DEMO_CASHIER,)

    returned = signed_in(tmp_path / "back.sqlite3")  # encrypted: the owner's slot opens it
    try:
        assert returned.db.key is not None and keyslots.read(tmp_path / "back.sqlite3").setup is None
        assert [tuple(r) for r in returned.db.all(BALANCES)][:MEMBERS] == balances
        assert services.check.check_database(returned) == []
        found = services.members.find_members(returned, "نسیم")  # the name search was made again
        assert [m.card for m in found] == [card]
    finally:
        returned.db.close()
    with pytest.raises(SignInRefused):  # the cashier has no key to the new file yet ...
        signed_in(tmp_path / "back.sqlite3", DEMO_CASHIER)
    owner = signed_in(tmp_path / "back.sqlite3")
    try:  # ... until the owner gives them a new password
        services.users.reset_password(owner, DEMO_CASHIER, DEMO_PASSWORD, DEMO_PASSWORD)
    finally:
        owner.db.close()
    signed_in(tmp_path / "back.sqlite3", DEMO_CASHIER).db.close()


def test_a_database_that_is_not_empty_is_refused_and_left_as_it_was(club, pg_url):
    target = PgDatabase(pg_url)
    try:
        before = move_store.server_objects(target)
        with pytest.raises(ValidationError) as refused:
            move.move_to_server(club, pg_url)
        assert [p.field for p in refused.value.problems] == ["target"]
        assert "not empty" in refused.value.message
        assert move_store.server_objects(target) == before
        assert target.value("SELECT count(*) FROM members") == 0
    finally:
        target.close()


@pytest.mark.parametrize("fault", ["a ledger entry lost", "the server fails half-way"])
def test_a_difference_or_a_failure_leaves_nothing_on_the_server(club, pg_empty_url, monkeypatch, fault):
    copy = move_store.copy_into_pg
    newest = club.db.value("SELECT max(id) FROM ledger")  # no entry refers to it

    def faulty(db, table, batches, late, counted):
        if table.name == "ledger":
            if fault == "a ledger entry lost":
                batches = ([row for row in batch if row[0] != newest] for batch in batches)
            else:
                raise RuntimeError("the server went away")
        return copy(db, table, batches, late, counted)

    monkeypatch.setattr(move_store, "copy_into_pg", faulty)
    audit_rows = club.db.value("SELECT count(*) FROM audit_log")
    with pytest.raises((ValidationError, RuntimeError)) as refused:
        move.move_to_server(club, pg_empty_url)
    if fault == "a ledger entry lost":
        kinds = {p.field for p in refused.value.problems}
        assert "count" in kinds and "ledger" in kinds
    target = PgDatabase(pg_empty_url)
    try:
        assert move_store.server_objects(target) == []  # no table, no function: nothing half-moved
    finally:
        target.close()
    assert club.db.value("SELECT count(*) FROM audit_log") == audit_rows  # no "moved" in the club either


def test_back_to_a_file_refuses_an_existing_file_a_wrong_password_and_a_file_club(club, pg_empty_url, tmp_path):
    with pytest.raises(LoyaltyError):
        move.move_to_file(club, tmp_path / "x.sqlite3", DEMO_PASSWORD)  # the club is a file already
    move.move_to_server(club, pg_empty_url)
    server = signed_in(pg_empty_url)
    try:
        (tmp_path / "taken.sqlite3").write_bytes(b"")
        for target, password, kind in ((tmp_path / "taken.sqlite3", DEMO_PASSWORD, "target"),
                                       (tmp_path / "club.txt", DEMO_PASSWORD, "target"),
                                       (tmp_path / "new.sqlite3", "not the password", "password")):
            with pytest.raises(ValidationError) as refused:
                move.move_to_file(server, target, password)
            assert [p.field for p in refused.value.problems] == [kind]
        assert not (tmp_path / "new.sqlite3").exists() and not keyslots.path_of(tmp_path / "new.sqlite3").exists()
        assert (tmp_path / "taken.sqlite3").read_bytes() == b""
    finally:
        server.db.close()


def test_a_cashier_may_not_move_the_club(club, pg_empty_url):
    cashier = signed_in(club.db.path, DEMO_CASHIER)
    try:
        with pytest.raises(PermissionDenied):
            move.move_to_server(cashier, pg_empty_url)
    finally:
        cashier.db.close()


def test_a_reference_to_a_later_row_and_the_users_keys_cycle_are_kept(club, pg_empty_url):
    """A member whose referrer joined after them (a referrer set later), and the users signed by an
    owner's key that belongs to a user: written after all rows are in."""
    first, last = club.db.one("SELECT min(id), max(id) FROM members")
    with club.db.transaction():
        club.db.execute("UPDATE members SET referrer_id = ? WHERE id = ?", (last, first))
    move.move_to_server(club, pg_empty_url)
    target = PgDatabase(pg_empty_url)
    try:
        assert target.value("SELECT referrer_id FROM members WHERE id = ?", (first,)) == last
        assert [tuple(r) for r in target.all("SELECT id, signed_by FROM users ORDER BY id")] == \
            [tuple(r) for r in club.db.all("SELECT id, signed_by FROM users ORDER BY id")]
    finally:
        target.close()


def test_a_club_with_problems_is_refused_unless_moved_as_it_is_with_the_same_findings(club, pg_empty_url):
    first = club.db.value("SELECT min(id) FROM members")
    with club.db.transaction():  # a cached balance that the ledger does not give
        club.db.execute("UPDATE members SET points = points + 7 WHERE id = ?", (first,))
    found = [p.message for p in services.check.check_database(club)]
    assert found
    with pytest.raises(ValidationError) as refused:
        move.move_to_server(club, pg_empty_url)
    assert [p.field for p in refused.value.problems] == ["source"]
    moved = move.move_to_server(club, pg_empty_url, as_it_is=True)
    assert moved.checked
    server = signed_in(pg_empty_url)
    try:
        assert [p.message for p in services.check.check_database(server)] == found
    finally:
        server.db.close()


def test_the_move_tells_its_progress_and_stopping_it_leaves_nothing(club, pg_empty_url):
    heard: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        heard.append((done, total))
        return done < 500  # stopped in the copy (150..800 of 1000)

    with pytest.raises(Cancelled):
        move.move_to_server(club, pg_empty_url, progress=progress)
    assert heard[0] == (0, 1000) and any(150 < d < 800 for d, _ in heard)
    target = PgDatabase(pg_empty_url)
    try:
        assert move_store.server_objects(target) == []
    finally:
        target.close()
