"""A progress bar for long commands (check, backup, verify, restore, import, export), on stderr.

Only when stderr is a terminal and the output is not ``--json``: a script, a pipe or a log file
gets exactly what it got before. Ctrl+C during the work asks it to stop at the next step
(``services.progress``: nothing is changed), and the command says so.

    with bar(out, "check") as progress:
        services.check.check_database(s, progress=progress)
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

from loyaltydesk.services.progress import Progress


def wanted(out) -> bool:
    """A bar only for a person at a terminal: not with --json, not when stderr is redirected."""
    return not getattr(out, "as_json", False) and sys.stderr.isatty()


class _Bar:
    def __init__(self, label: str):
        from tqdm import tqdm

        self.bar = tqdm(total=0, desc=label, file=sys.stderr, leave=False, dynamic_ncols=True,
                        bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}<{remaining}")
        self.stop = False
        self.total = 0

    def __call__(self, done: int, total: int) -> bool:
        if total and total != self.total:
            self.total = self.bar.total = total
        if total:
            self.bar.n = min(done, total)
        self.bar.refresh()
        return not self.stop

    def close(self) -> None:
        self.bar.close()


@contextmanager
def bar(out, label: str) -> Iterator[Progress]:
    """A ``services.progress`` callback drawing a bar (None when no bar is wanted). Ctrl+C while
    it is open stops the work at its next step instead of killing it mid-write."""
    if not wanted(out):
        yield None
        return
    b = _Bar(label)
    main = threading.current_thread() is threading.main_thread()
    old = None
    if main:
        def interrupted(signum, frame):
            if b.stop:  # a second Ctrl+C: the person means it
                raise KeyboardInterrupt
            b.stop = True

        old = signal.signal(signal.SIGINT, interrupted)
    try:
        yield b
    finally:
        b.close()
        if main:
            signal.signal(signal.SIGINT, old)
