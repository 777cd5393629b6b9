"""``check`` proves the figures kept per key (a member's balance, a purchase's points and refunds,
a refund's points) by keyed fingerprints, one walk of each table, and falls back on the exact
queries only when they disagree: a figure off by any amount is still found, including amounts the
fingerprints' arithmetic cannot see by itself (a multiple of a prime, of both primes' product,
moved between two keys so that the totals still agree)."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.store import invariants

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

P, Q = invariants.PRIMES

# (name, SQL with {d} for the shift; each statement shifts one row; the kind check must report)
SHIFTS = [
    ("a balance off by one", ["UPDATE members SET points = points + {d} WHERE id = 1"], 1, "balance"),
    ("a balance off by the first prime", ["UPDATE members SET points = points + {d} WHERE id = 1"], P, "balance"),
    ("a balance off by the second prime", ["UPDATE members SET points = points + {d} WHERE id = 1"], Q, "balance"),
    ("a prime moved between two balances", ["UPDATE members SET points = points + {d} WHERE id = 1",
                                            "UPDATE members SET points = points - {d} WHERE id = 2"], P, "balance"),
    ("both primes' product moved between two balances", ["UPDATE members SET points = points + {d} WHERE id = 1",
                                                         "UPDATE members SET points = points - {d} WHERE id = 2"],
     P * Q, "balance"),
    ("one point moved between two balances", ["UPDATE members SET points = points + {d} WHERE id = 1",
                                              "UPDATE members SET points = points - {d} WHERE id = 2"], 1, "balance"),
    ("a purchase's points off by a prime", ["UPDATE purchases SET points_earned = points_earned + {d} WHERE id = 1"],
     P, "purchase_ledger"),
    ("points earned moved between two purchases", ["UPDATE purchases SET points_earned = points_earned + {d} WHERE id = 1",
                                                   "UPDATE purchases SET points_earned = points_earned - {d} WHERE id = 2"],
     1, "purchase_ledger"),
    ("points redeemed on a purchase", ["UPDATE purchases SET points_redeemed = points_redeemed + {d} WHERE id = 3"],
     1, "purchase_ledger"),
    ("campaign points on a purchase", ["UPDATE purchases SET campaign_points = campaign_points + {d} WHERE id = 1"],
     1, "purchase_ledger"),
    ("a refund's amount off by both primes' product", ["UPDATE refunds SET amount = amount + {d}"],
     P * Q, "refunded"),
    ("refunded moved between two purchases", ["UPDATE purchases SET refunded = refunded + {d} WHERE id = 1",
                                              "UPDATE purchases SET refunded = refunded - {d} WHERE id = 2"],
     1000, "refunded"),
    ("points a refund took back, off by a prime", ["UPDATE refunds SET points_reversed = points_reversed + {d}"],
     P, "refund_ledger"),
    ("points a refund gave back", ["UPDATE refunds SET points_returned = points_returned + {d}"], 7, "refund_ledger"),
    ("a lot off by a prime", ["UPDATE point_lots SET remaining = remaining + {d} WHERE member_id = 1"], P, "lot"),
    ("a lot off by both primes' product", ["UPDATE point_lots SET remaining = remaining + {d} WHERE member_id = 1"],
     P * Q, "lot"),
    ("a consumer's lot", ["UPDATE point_lots SET remaining = remaining + {d} WHERE entry_id = "
                          "(SELECT max(entry_id) FROM point_lots WHERE member_id = 2)"], 1, "lot"),
]
AGREE = {"balance": "balances_agree", "purchase_ledger": "purchase_entries_agree", "refunded": "refunded_agree",
         "refund_ledger": "refund_entries_agree"}


@pytest.fixture
def members(club, clock):
    cards = [services.members.sign_up(club, f"0912000000{i}", "علی", "رضایی").card for i in (1, 2)]
    clock.advance(days=1)
    services.checkout.register_purchase(club, cards[0], 10_000_000)  # purchase 1
    services.checkout.register_purchase(club, cards[1], 60_000_000)  # purchase 2
    services.checkout.register_purchase(club, cards[1], 20_000_000, redeem=100)  # purchase 3
    services.checkout.refund(club, 2, 10_000_000)
    return cards


def test_a_sound_club_agrees_by_fingerprints(club, members):
    prints = invariants.Fingerprints(club.db)
    assert (prints.balances_agree(), prints.refunded_agree(), prints.purchase_entries_agree(),
            prints.refund_entries_agree()) == (True, True, True, True)
    assert services.check._lot_problems(club.db, prints) == [] and prints._consumed > 0  # member 2 redeemed
    assert prints.lots_agree()
    assert services.check.check_database(club) == []


@pytest.mark.parametrize("name, statements, shift, kind", SHIFTS, ids=[s[0] for s in SHIFTS])
def test_a_figure_off_by_any_amount_is_found(club, members, name, statements, shift, kind):
    for sql in statements:
        club.db.execute(sql.format(d=shift))
    if kind in AGREE:  # the fingerprints see it themselves (the lots' take the replay: the check's run)
        assert not getattr(invariants.Fingerprints(club.db), AGREE[kind])()
    kinds = {p.field for p in services.check.check_database(club)}
    assert kind in kinds, kinds


def test_weights_differ_from_check_to_check(club, members):
    first, second = invariants.Weights(), invariants.Weights()
    assert first.seeds != second.seeds
    a = first.walk(club.db, "members", [invariants.Sum("points", "id")])
    b = second.walk(club.db, "members", [invariants.Sum("points", "id")])
    assert a[0].rows == b[0].rows == 2 and a[0].residues != b[0].residues


# what the walks count (references without an index, stored moments): the rows are named after
FOUND_IN_WALKS = [
    ("an entry of a refund that is gone", "INSERT INTO ledger (member_id, at, kind, points, refund_id, actor) "
                                          "VALUES (1, '2025-06-01T08:00:00Z', 'reverse', -1, 999, 'x')",
     ("fk", "ledger", "refund_id"), "foreign_key"),
    ("an entry reversing one that is gone", "INSERT INTO ledger (member_id, at, kind, points, reverses_id, actor) "
                                            "VALUES (1, '2025-06-01T08:00:00Z', 'reverse', -1, 99999, 'x')",
     ("fk", "ledger", "reverses_id"), "foreign_key"),
    ("a purchase in a tier that is gone", "UPDATE purchases SET tier_id = 999 WHERE id = 1",
     ("fk", "purchases", "tier_id"), "foreign_key"),
    ("a lot of an entry that is gone", "INSERT INTO point_lots (entry_id, member_id, expires_at, remaining) "
                                       "VALUES (99999, 1, NULL, 5)", ("fk", "point_lots", "entry_id"), "foreign_key"),
    ("a malformed expiry", "INSERT INTO ledger (member_id, at, kind, points, expires_at, reason, actor) "
                           "VALUES (1, '2025-06-01T08:00:00Z', 'adjust', 5, '2026-01-01', 'x', 'x')",
     ("moment", "ledger", "expires_at"), "moment"),
    ("a malformed joining moment", "UPDATE members SET joined_at = '2025-06-01 08:00' WHERE id = 2",
     ("moment", "members", "joined_at"), "moment"),
    ("a malformed refund moment", "UPDATE refunds SET at = 'yesterday'", ("moment", "refunds", "at"), "moment"),
]


@pytest.mark.sqlite_only  # rows written past SQLite's own references (PRAGMA foreign_keys)
@pytest.mark.parametrize("name, sql, counted, kind", FOUND_IN_WALKS, ids=[t[0] for t in FOUND_IN_WALKS])
def test_what_the_walks_count_is_named(club, members, name, sql, counted, kind):
    what, table, column = counted
    assert (table, column) in invariants.Fingerprints(club.db).sound(what)
    club.db.conn.executescript(f"PRAGMA foreign_keys = OFF; {sql}; PRAGMA foreign_keys = ON")
    assert (table, column) not in invariants.Fingerprints(club.db).sound(what)
    problems = services.check.check_database(club)
    assert kind in {p.field for p in problems}, problems
