"""The points ledger: loyaltydesk.domain.ledger."""

import random

import pytest

from loyaltydesk.domain.ledger import Entry, Kind, Lot, consume, expired, opening, replay

EARN, REDEEM, EXPIRE, ADJUST, REVERSE, BONUS = (
    Kind.EARN, Kind.REDEEM, Kind.EXPIRE, Kind.ADJUST, Kind.REVERSE, Kind.BONUS
)


def test_kinds():
    assert [k.value for k in Kind] == ["earn", "redeem", "expire", "adjust", "reverse", "bonus"]


@pytest.mark.parametrize(
    "balance_before, points, expected",
    [
        (0, 100, 100),
        (50, 100, 100),  # a positive balance takes nothing from the new lot
        (-30, 100, 70),  # the deficit is paid first
        (-100, 100, 0),
        (-150, 100, 0),  # never negative
        (-1, 1, 0),
        (-1, 2, 1),
        (10**9, 1, 1),
    ],
)
def test_opening(balance_before, points, expected):
    assert opening(balance_before, points) == expected


LOTS = [
    Lot(4, "2025-04-01T00:00:00Z", None, 20),
    Lot(1, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 100),
    Lot(3, "2025-03-01T00:00:00Z", None, 0),  # used up
    Lot(2, "2025-02-01T00:00:00Z", "2026-02-01T00:00:00Z", 50),
]


@pytest.mark.parametrize(
    "points, target, expected",
    [
        (30, None, [(1, 30)]),  # the oldest lot first
        (100, None, [(1, 100)]),
        (120, None, [(1, 100), (2, 20)]),
        (150, None, [(1, 100), (2, 50)]),
        (170, None, [(1, 100), (2, 50), (4, 20)]),  # the empty lot 3 is skipped
        (200, None, [(1, 100), (2, 50), (4, 20)]),  # fewer than asked: the lots ran out
        (0, None, []),
        (30, 2, [(2, 30)]),  # the target lot first
        (70, 2, [(2, 50), (1, 20)]),  # then the oldest others
        (200, 4, [(4, 20), (1, 100), (2, 50)]),
        (10, 3, [(1, 10)]),  # an empty target is skipped
        (10, 99, [(1, 10)]),  # an unknown target is ignored
    ],
)
def test_consume(points, target, expected):
    assert consume(LOTS, points, target) == expected
    assert consume(list(reversed(LOTS)), points, target) == expected  # input order does not matter


def test_consume_of_no_lots():
    assert consume([], 50) == []


# --- replay scenarios ----------------------------------------------------------------------------
# each step: an entry, then (balance, {lot id: remaining}) after it


def E(id, kind, points, lot_id=None, expires_at=None, day=None):
    at = f"2025-01-{day or id:02d}T10:00:00Z"
    return Entry(id, kind, points, at, expires_at if points > 0 else None, lot_id)


SCENARIOS = {
    "earn and redeem oldest first": [
        (E(1, EARN, 100), (100, {1: 100})),
        (E(2, EARN, 50), (150, {1: 100, 2: 50})),
        (E(3, REDEEM, -120), (30, {1: 0, 2: 30})),
        (E(4, BONUS, 10), (40, {1: 0, 2: 30, 4: 10})),
        (E(5, REDEEM, -35), (5, {1: 0, 2: 0, 4: 5})),
        (E(6, REDEEM, -5), (0, {1: 0, 2: 0, 4: 0})),
    ],
    "expiry targets its own lot": [
        (E(1, EARN, 100, expires_at="2025-06-01T00:00:00Z"), (100, {1: 100})),
        (E(2, EARN, 50, expires_at="2025-12-01T00:00:00Z"), (150, {1: 100, 2: 50})),
        (E(3, REDEEM, -30), (120, {1: 70, 2: 50})),
        (E(4, EXPIRE, -70, lot_id=1), (50, {1: 0, 2: 50})),
        (E(5, EXPIRE, -50, lot_id=2), (0, {1: 0, 2: 0})),
    ],
    "expiry of a newer lot leaves the older one alone": [
        (E(1, EARN, 100), (100, {1: 100})),
        (E(2, EARN, 50, expires_at="2025-01-03T00:00:00Z"), (150, {1: 100, 2: 50})),
        (E(3, EXPIRE, -50, lot_id=2), (100, {1: 100, 2: 0})),
    ],
    "reverse targets the purchase's lot": [
        (E(1, EARN, 100), (100, {1: 100})),
        (E(2, EARN, 40), (140, {1: 100, 2: 40})),
        (E(3, REVERSE, -40, lot_id=2), (100, {1: 100, 2: 0})),
        (E(4, EARN, 25), (125, {1: 100, 2: 0, 4: 25})),
        (E(5, REVERSE, -10, lot_id=4), (115, {1: 100, 2: 0, 4: 15})),  # a partial reversal
    ],
    "reverse of a lot already spent takes the rest from the oldest": [
        (E(1, EARN, 100), (100, {1: 100})),
        (E(2, EARN, 40), (140, {1: 100, 2: 40})),
        (E(3, EARN, 30), (170, {1: 100, 2: 40, 3: 30})),
        (E(4, REDEEM, -120), (50, {1: 0, 2: 20, 3: 30})),
        (E(5, REVERSE, -40, lot_id=2), (10, {1: 0, 2: 0, 3: 10})),
    ],
    "negative balance, then new earns pay the deficit first": [
        (E(1, EARN, 100), (100, {1: 100})),
        (E(2, EARN, 40), (140, {1: 100, 2: 40})),
        (E(3, REDEEM, -120), (20, {1: 0, 2: 20})),
        (E(4, REVERSE, -40, lot_id=2), (-20, {1: 0, 2: 0})),  # the refund takes more than is left
        (E(5, EARN, 50), (30, {1: 0, 2: 0, 5: 30})),  # 20 of the 50 pay the deficit
        (E(6, BONUS, 10), (40, {1: 0, 2: 0, 5: 30, 6: 10})),
        (E(7, REDEEM, -35), (5, {1: 0, 2: 0, 5: 0, 6: 5})),
    ],
    "deep deficit swallows whole lots": [
        (E(1, EARN, 100), (100, {1: 100})),
        (E(2, REDEEM, -100), (0, {1: 0})),
        (E(3, REVERSE, -60, lot_id=1), (-60, {1: 0})),
        (E(4, EARN, 40), (-20, {1: 0, 4: 0})),
        (E(5, ADJUST, 15), (-5, {1: 0, 4: 0, 5: 0})),
        (E(6, EARN, 50), (45, {1: 0, 4: 0, 5: 0, 6: 45})),
    ],
    "adjustments both ways, redeemed points given back": [
        (E(1, ADJUST, 30), (30, {1: 30})),
        (E(2, EARN, 70), (100, {1: 30, 2: 70})),
        (E(3, ADJUST, -40), (60, {1: 0, 2: 60})),
        (E(4, REDEEM, -60), (0, {1: 0, 2: 0})),
        (E(5, REVERSE, 60), (60, {1: 0, 2: 0, 5: 60})),  # a refund returns the redeemed points
        (E(6, EXPIRE, -60, lot_id=5), (0, {1: 0, 2: 0, 5: 0})),
    ],
    "a zero entry changes nothing": [
        (E(1, EARN, 10), (10, {1: 10})),
        (E(2, ADJUST, 0), (10, {1: 10})),
    ],
    "negative from the very first entry": [
        (E(1, ADJUST, -25), (-25, {})),
        (E(2, EARN, 10), (-15, {2: 0})),
        (E(3, EARN, 20), (5, {2: 0, 3: 5})),
    ],
}


def remaining(lots):
    return {i: lot.remaining for i, lot in lots.items()}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_replay_step_by_step(name):
    steps = SCENARIOS[name]
    for n in range(1, len(steps) + 1):
        entries = [entry for entry, _ in steps[:n]]
        balance, lots = replay(entries)
        expected_balance, expected_lots = steps[n - 1][1]
        assert (balance, remaining(lots)) == (expected_balance, expected_lots), f"after entry {n}"
        # the invariant of the ledger
        assert balance == sum(e.points for e in entries)
        assert sum(lot.remaining for lot in lots.values()) == max(0, balance)
        assert all(lot.remaining >= 0 for lot in lots.values())


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_replay_does_not_depend_on_the_order_entries_are_given(name):
    entries = [entry for entry, _ in SCENARIOS[name]]
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)
    assert replay(shuffled) == replay(entries)
    assert replay(list(reversed(entries))) == replay(entries)


def test_replay_lots_carry_their_dates():
    entries = [
        Entry(1, EARN, 100, "2025-01-01T10:00:00Z", "2026-01-01T10:00:00Z"),
        Entry(2, BONUS, 5, "2025-02-01T10:00:00Z", None),
        Entry(3, REDEEM, -30, "2025-03-01T10:00:00Z"),
    ]
    balance, lots = replay(entries)
    assert balance == 75
    assert lots == {
        1: Lot(1, "2025-01-01T10:00:00Z", "2026-01-01T10:00:00Z", 70),
        2: Lot(2, "2025-02-01T10:00:00Z", None, 5),
    }


def test_replay_of_nothing():
    assert replay([]) == (0, {})


def test_invariant_holds_for_random_ledgers():
    rng = random.Random(20251123)
    for _ in range(300):
        entries, lot_ids = [], []
        for i in range(1, rng.randint(1, 40)):
            roll = rng.random()
            if roll < 0.45 or not lot_ids:
                entries.append(Entry(i, rng.choice([EARN, BONUS, ADJUST]), rng.randint(1, 200), "t"))
                lot_ids.append(i)
            elif roll < 0.9:
                target = rng.choice(lot_ids + [None])
                entries.append(Entry(i, rng.choice([REDEEM, EXPIRE, REVERSE, ADJUST]), -rng.randint(1, 250), "t",
                                     lot_id=target))
            else:
                entries.append(Entry(i, ADJUST, 0, "t"))
            balance, lots = replay(entries)
            assert balance == sum(e.points for e in entries)
            assert sum(lot.remaining for lot in lots.values()) == max(0, balance)
            assert all(lot.remaining >= 0 for lot in lots.values())


# --- expiry -------------------------------------------------------------------------------------------

NOW = "2025-06-01T00:00:00Z"
EXPIRY_LOTS = [
    Lot(1, "2024-06-01T00:00:00Z", "2025-05-31T23:59:59Z", 10),  # expired a second ago
    Lot(2, "2024-06-01T00:00:00Z", "2025-06-01T00:00:00Z", 20),  # expires right now
    Lot(3, "2024-06-02T00:00:00Z", "2025-06-01T00:00:01Z", 30),  # a second to go
    Lot(4, "2024-01-01T00:00:00Z", None, 40),  # never expires
    Lot(5, "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0),  # expired, but nothing left
    Lot(6, "2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 5),
]


@pytest.mark.parametrize(
    "now, expected_ids",
    [
        (NOW, [1, 2, 6]),
        ("2025-06-01T00:00:01Z", [1, 2, 3, 6]),
        ("2025-05-31T23:59:58Z", [6]),
        ("2023-12-31T23:59:59Z", []),
        ("2100-01-01T00:00:00Z", [1, 2, 3, 6]),
    ],
)
def test_expired(now, expected_ids):
    assert [lot.entry_id for lot in expired(EXPIRY_LOTS, now)] == expected_ids


def test_expiry_is_idempotent_through_replay():
    entries = [
        Entry(1, EARN, 100, "2024-06-01T00:00:00Z", "2025-06-01T00:00:00Z"),
        Entry(2, EARN, 50, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
        Entry(3, REDEEM, -30, "2025-02-01T00:00:00Z"),
    ]
    _, lots = replay(entries)
    due = expired(lots.values(), NOW)
    assert [(lot.entry_id, lot.remaining) for lot in due] == [(1, 70)]
    entries += [Entry(4 + i, EXPIRE, -lot.remaining, NOW, lot_id=lot.entry_id) for i, lot in enumerate(due)]
    balance, lots = replay(entries)
    assert balance == 50
    assert remaining(lots) == {1: 0, 2: 50}
    assert expired(lots.values(), NOW) == []  # a second run finds nothing
