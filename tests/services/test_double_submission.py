"""Double submission and two writers on one file: a checkout key makes a purchase happen once;
two connections or two processes never corrupt the file, and a busy one says so clearly."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.raw import club_key

from loyaltydesk import services
from loyaltydesk.domain.errors import Conflict, ValidationError
from loyaltydesk.store.db import Database, DatabaseBusy

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def member(club):
    return services.members.sign_up(club, "09121234567", "علی", "رضایی").card


def counts(db) -> tuple:
    return tuple(db.value(f"SELECT count(*) FROM {t}") for t in ("purchases", "ledger", "audit_log", "tier_history"))


def test_a_repeat_with_the_same_key_returns_the_first_result_and_writes_nothing(club, cashier, member):
    first = services.checkout.register_purchase(cashier, member, 60_000_000, checkout_key="till1-0001")
    assert first.upgraded and first.lines.points_earned == 6_000
    before = counts(club.db)
    again = services.checkout.register_purchase(cashier, member, 60_000_000, checkout_key="till1-0001")
    assert again == first
    assert counts(club.db) == before
    assert services.check.check_database(club) == []


def test_the_key_works_by_mobile_too_and_other_keys_are_new_purchases(club, cashier, member):
    first = services.checkout.register_purchase(cashier, member, 1_000_000, checkout_key="k1")
    again = services.checkout.register_purchase(cashier, "۰۹۱۲ ۱۲۳ ۴۵۶۷", 1_000_000, checkout_key="k1")
    assert again.purchase_id == first.purchase_id
    other = services.checkout.register_purchase(cashier, member, 1_000_000, checkout_key="k2")
    plain = services.checkout.register_purchase(cashier, member, 1_000_000)
    assert len({first.purchase_id, other.purchase_id, plain.purchase_id}) == 3


def test_a_repeat_with_redemption_and_coupon_returns_the_first_lines(club, cashier, member):
    services.club.add_coupon(club, "NOWRUZ", percent_bp=1_000)
    services.checkout.register_purchase(cashier, member, 20_000_000)
    first = services.checkout.register_purchase(cashier, member, 10_000_000, redeem=500, coupon="nowruz",
                                                checkout_key="k")
    again = services.checkout.register_purchase(cashier, member, 10_000_000, redeem=500, coupon="NOWRUZ",
                                                checkout_key="k")
    assert again == first and again.lines.redeem_value == 50_000 and again.lines.coupon_discount == 1_000_000


@pytest.mark.parametrize("change", [
    dict(gross=2_000_000),
    dict(redeem=10),
    dict(coupon="NOWRUZ"),
    dict(other_member=True),
], ids=["amount", "redeem", "coupon", "member"])
def test_the_same_key_for_another_checkout_is_a_conflict(club, cashier, member, change):
    services.club.add_coupon(club, "NOWRUZ", percent_bp=1_000)
    services.checkout.register_purchase(cashier, member, 20_000_000)
    services.checkout.register_purchase(cashier, member, 1_000_000, checkout_key="k")
    other = services.members.sign_up(club, "09350000000").card
    before = counts(club.db)
    with pytest.raises(Conflict, match="already registered as purchase 2"):
        services.checkout.register_purchase(
            cashier, other if change.get("other_member") else member, change.get("gross", 1_000_000),
            redeem=change.get("redeem", 0), coupon=change.get("coupon"), checkout_key="k")
    assert counts(club.db) == before


@pytest.mark.parametrize("key", ["", " ", "a" * 65, "کلید", "k'; DROP TABLE purchases; --", "k\n", 42])
def test_a_malformed_key_is_refused_before_anything_is_written(club, cashier, member, key):
    before = counts(club.db)
    with pytest.raises(ValidationError, match="checkout key"):
        services.checkout.register_purchase(cashier, member, 1_000_000, checkout_key=key)
    assert counts(club.db) == before


def test_a_repeat_after_the_member_was_blocked_still_returns_the_first_result(club, cashier, member):
    first = services.checkout.register_purchase(cashier, member, 1_000_000, checkout_key="k")
    services.members.set_status(club, member, "blocked")
    assert services.checkout.register_purchase(cashier, member, 1_000_000, checkout_key="k") == first


@pytest.mark.sqlite_only  # opens the club file a second time
def test_two_threads_double_clicking_one_checkout_register_one_purchase(tmp_path, club, member):
    """Two connections (two windows) send the same checkout at once: exactly one purchase."""
    path = club.db.path
    results, errors = [], []

    def click():
        db = Database(path, key=club_key(path))
        try:
            s = services.owner_session(db, clock=club.clock)
            results.append(services.checkout.register_purchase(s, member, 3_000_000, checkout_key="same"))
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)
        finally:
            db.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.purchase_id for r in results}) == 1
    assert club.db.value("SELECT count(*) FROM purchases WHERE checkout_key = 'same'") == 1
    assert services.check.check_database(club) == []


@pytest.mark.sqlite_only  # opens the club file a second time
def test_a_busy_database_gives_a_clear_error_and_writes_nothing(club, member):
    other = Database(club.db.path, key=club_key(club.db.path))
    other.conn.execute("PRAGMA busy_timeout = 200")  # a second window that will not wait long
    s = services.owner_session(other, clock=club.clock)
    before = counts(club.db)
    with club.db.transaction():  # the first window is in the middle of a write
        with pytest.raises(DatabaseBusy) as caught:
            services.checkout.register_purchase(s, member, 1_000_000)
    assert "busy with another window or computer" in caught.value.message
    assert counts(club.db) == before
    services.checkout.register_purchase(s, member, 1_000_000)  # free again: it goes through
    other.close()
    assert counts(club.db)[0] == before[0] + 1


WRITER = r"""
import sys
from datetime import datetime, timezone
from loyaltydesk import services
from loyaltydesk.store.db import Database
from tests.raw import club_key

path, name, card, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
db = services.open_club(path, create=False, key=club_key(path))
s = services.owner_session(db, username=name, clock=lambda: datetime(2025, 6, 2, 8, tzinfo=timezone.utc))
for i in range(n):
    services.checkout.register_purchase(s, card, 100_000 + i, checkout_key=f"{name}-{i}")
    services.checkout.register_purchase(s, card, 100_000 + i, checkout_key=f"{name}-{i}")  # double Enter
    if i % 10 == 9:
        services.checkout.refund(s, db.value("SELECT max(id) FROM purchases WHERE actor = ?", (name,)), 1_000)
db.close()
print("done", name)
"""


@pytest.mark.sqlite_only  # two processes on one file (PostgreSQL: tests/store/test_pg_tills.py)
def test_two_processes_writing_one_file_do_not_corrupt_it(club, member):
    n = 60
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, club.db.path, f"till{i}", member, str(n)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in (1, 2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert club.db.value("SELECT count(*) FROM purchases") == 2 * n
    assert club.db.value("SELECT count(*) FROM refunds") == 2 * (n // 10)
    assert club.db.value("SELECT count(DISTINCT checkout_key) FROM purchases") == 2 * n
    assert services.check.check_database(club) == []
