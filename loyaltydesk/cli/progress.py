"""A progress bar for long commands (check, backup, verify, restore, import, export), on stderr.

Only when stderr is a terminal and the output is not ``--json``: a script, a pipe or a log file
gets exactly what it got before. Ctrl+C during the work asks it to stop at the next step
(``services.progress``: nothing is changed), and the command says so.

    with bar(out, "check") as progress:
        services.check.check_database(s, progress=progress)
"""

from __future__ import annotations

import shutil
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from loyaltydesk.services.progress import Progress


def wanted(out) -> bool:
    """A bar only for a person at a terminal: not with --json, not when stderr is redirected."""
    return not getattr(out, "as_json", False) and sys.stderr.isatty()


class _Bar:
    """tqdm's bar (``tqdm.format_meter``), drawn on stderr by hand: at most ten times a second,
    cleared when the work ends (tqdm's own drawing stayed blank on some terminals)."""

    def __init__(self, label: str):
        self.label = label
        self.width = min(100, shutil.get_terminal_size((80, 24)).columns)  # a bare pty says 0 columns
        self.start = time.monotonic()
        self.drawn = 0.0
        self.stop = False

    def __call__(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if now - self.drawn >= 0.1 or (total and done >= total):
            from tqdm import tqdm

            line = tqdm.format_meter(min(done, total) if total else done, total or None, now - self.start,
                                     ncols=self.width, prefix=self.label, ascii=False)
            sys.stderr.write("\r" + line[:self.width])
            sys.stderr.flush()
            self.drawn = now
        return not self.stop

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


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
