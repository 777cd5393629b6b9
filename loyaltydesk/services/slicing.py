"""The size of a slice of the automatic tasks (expiry, birthday bonuses, members' window spend).

A task with tens of thousands of rows to write runs as a series of slices: a slice is one
transaction of at most ``SLICE`` lots or members and about ``SLICE_SECONDS`` of writing, so that
the app's database thread can answer the cashier between two slices (``services.daily``).
"""

from __future__ import annotations

import time

SLICE = 250  # lots or members per slice at most
# ... and the writing stops after about this long (a cold disk, a busy machine). The commit then costs
# about as much again (each lot or bonus dirties a few pages of members, lots and the ledger, all
# written and synced at the commit): ~0.1 s a slice in all, measured at 1M members.
SLICE_SECONDS = 0.05


class Budget:
    """The seconds a slice may spend writing (None: no limit)."""

    def __init__(self, seconds: float | None):
        self.until = None if seconds is None else time.perf_counter() + seconds

    def spent(self) -> bool:
        return self.until is not None and time.perf_counter() >= self.until
