"""The points ledger: immutable entries, balances derived, lots consumed oldest first.

Every positive entry (earn, bonus, a positive adjustment, redeemed points given back) opens a
*lot* that may expire. Every negative entry consumes lots: a targeted lot first (an expiry
consumes its own lot; taking back a purchase's earned points consumes that purchase's lot),
then the oldest lots. A balance may go below zero (after a refund); while it is, no lot holds
anything and the next positive entries first pay the deficit.

The invariant ``sum(lot.remaining) == max(0, balance)`` holds after every entry; ``replay``
recomputes everything from the entries alone, which is how ``check`` proves the cached values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Kind(str, Enum):
    EARN = "earn"
    REDEEM = "redeem"
    EXPIRE = "expire"
    ADJUST = "adjust"
    REVERSE = "reverse"
    BONUS = "bonus"


@dataclass(frozen=True)
class Entry:
    id: int
    kind: Kind
    points: int
    at: str  # UTC ISO
    expires_at: str | None = None  # for positive entries: when their lot expires (None = never)
    lot_id: int | None = None  # for negative entries: the lot to consume first


@dataclass(frozen=True)
class Lot:
    entry_id: int
    earned_at: str
    expires_at: str | None
    remaining: int


def opening(balance_before: int, points: int) -> int:
    """What a new positive entry leaves in its lot after paying any deficit."""
    return max(0, points + min(0, balance_before))


def consume(lots, points: int, target: int | None = None) -> list[tuple[int, int]]:
    """Which lots give ``points``: a list of (lot entry_id, points taken).

    The ``target`` lot first, then the others in the order they were earned. May take fewer
    than ``points`` when the lots run out (the balance then goes below zero).
    """
    order = sorted((lot for lot in lots if lot.remaining > 0), key=lambda lot: (lot.entry_id != target, lot.entry_id))
    taken, need = [], points
    for lot in order:
        if need <= 0:
            break
        take = min(lot.remaining, need)
        taken.append((lot.entry_id, take))
        need -= take
    return taken


def replay(entries) -> tuple[int, dict[int, Lot]]:
    """Balance and every lot's remaining points, from the entries alone (in id order)."""
    balance = 0
    lots: dict[int, Lot] = {}
    for entry in sorted(entries, key=lambda e: e.id):
        if entry.points > 0:
            lots[entry.id] = Lot(entry.id, entry.at, entry.expires_at, opening(balance, entry.points))
        elif entry.points < 0:
            for lot_id, take in consume(lots.values(), -entry.points, entry.lot_id):
                lots[lot_id] = replace(lots[lot_id], remaining=lots[lot_id].remaining - take)
        balance += entry.points
    return balance, lots


def expired(lots, now_iso: str) -> list[Lot]:
    """Lots whose time has come and that still hold points."""
    return [lot for lot in lots if lot.remaining > 0 and lot.expires_at is not None and lot.expires_at <= now_iso]
