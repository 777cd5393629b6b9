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

from collections.abc import Iterable
from dataclasses import dataclass
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
    entries = sorted(entries, key=lambda e: e.id)
    balance, left = remaining_after((e.id, e.points, e.lot_id) for e in entries)
    return balance, {e.id: Lot(e.id, e.at, e.expires_at, left[e.id]) for e in entries if e.points > 0}


def remaining_after(entries: Iterable[tuple[int, int, int | None]]) -> tuple[int, dict[int, int]]:
    """``replay`` reduced to what ``check`` compares, for millions of entries: from (id, points,
    lot_id) in id order, the balance and {lot's entry id: remaining points}, in id order. A
    negative entry takes from its target lot first, then from the others oldest first
    (``consume``); a positive one first pays any deficit (``opening``)."""
    balance = 0
    lots: dict[int, int] = {}
    for entry_id, points, target in entries:
        if points > 0:
            lots[entry_id] = max(0, points + min(0, balance))
        elif points < 0:
            need = -points
            if target is not None and lots.get(target, 0) > 0:
                take = min(lots[target], need)
                lots[target] -= take
                need -= take
            if need > 0:
                for lot_id, left in lots.items():
                    if left > 0 and lot_id != target:
                        take = min(left, need)
                        lots[lot_id] = left - take
                        need -= take
                        if need <= 0:
                            break
        balance += points
    return balance, lots


def expired(lots, now_iso: str) -> list[Lot]:
    """Lots whose time has come and that still hold points."""
    return [lot for lot in lots if lot.remaining > 0 and lot.expires_at is not None and lot.expires_at <= now_iso]
