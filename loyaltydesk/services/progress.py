"""Progress and cancel for long work (check, backup, verify, restore, import, export).

One small protocol, the same for every caller and free of Qt: a long service takes an optional
``progress`` callback and calls it between steps as ``progress(done, total)`` (``total`` 0: not
known yet). The callback answers True to go on, False to stop. The service then raises
``Cancelled`` at that step boundary, where stopping is harmless: the transaction in hand rolls
back, a file being written is removed, a check simply ends. The GUI's progress dialog answers
False once its Cancel button was pressed; the command line's bar answers False after Ctrl+C.

    def export(session, what, path, progress=None):
        ...
        for n, row in enumerate(rows):
            if n % 1000 == 0:
                tick(progress, n, total)

``tick`` is the one place the answer is read; ``Steps`` counts for callers that step one at a time.
"""

from __future__ import annotations

from typing import Callable, Optional

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

Progress = Optional[Callable[[int, int], bool]]

STOPPED = QT_TRANSLATE_NOOP("LoyaltyError", "Stopped: nothing was changed.")


class Cancelled(LoyaltyError):
    """The person stopped the work; nothing it would have changed was changed."""

    template = STOPPED


def tick(progress: Progress, done: int, total: int) -> None:
    """Tell ``progress`` how far the work is; raise ``Cancelled`` if it answers False."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled()


class Steps:
    """A counter over ``total`` steps that tells ``progress`` every ``every`` steps (and at the
    end): ``steps.step()`` in a loop, ``steps.finish()`` after it."""

    def __init__(self, progress: Progress, total: int, every: int = 1):
        self.progress = progress
        self.total = total
        self.every = max(1, every)
        self.done = 0
        tick(progress, 0, total)

    def step(self, n: int = 1) -> None:
        before = self.done
        self.done += n
        if self.done // self.every != before // self.every:
            tick(self.progress, self.done, self.total)

    def finish(self) -> None:
        tick(self.progress, self.total, self.total)


def scaled(progress: Progress, start: int, end: int, of: int = 1000) -> Progress:
    """``progress`` for one part of a longer work: the part's (done, total) mapped onto
    ``start..end`` of ``of`` (a preview's reading 0..400, its judging 400..1000)."""
    if progress is None:
        return None

    def part(done: int, total: int) -> bool:
        at = start + ((end - start) * done // total if total else 0)
        return progress(at, of)

    return part


def shown_only(progress: Progress) -> Progress:
    """``progress`` for work that may no longer be stopped (a restore's check once the club was
    replaced): it hears how far the work is, and its answer is not asked."""
    if progress is None:
        return None

    def show(done: int, total: int) -> bool:
        progress(done, total)
        return True

    return show
