"""Time ``check`` step by step on an existing club (its progress callback stamps each step).

    uv run python bench/bench_check.py CLUB.sqlite3

Prints each step's seconds, the total and the load average (the machine may be shared).
"""

from __future__ import annotations

import os
import sys
import time

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import check
from loyaltydesk.services.session import Session, User


def main() -> None:
    db = services.open_club(sys.argv[1], create=False)
    owner = Session(db, User("owner", Role.OWNER))
    stamps: list[tuple[int, float]] = []
    start = time.perf_counter()
    problems = check.check_database(owner, progress=lambda done, total: stamps.append((done, time.perf_counter())) or True)
    total = time.perf_counter() - start
    names = check.STEP_NAMES
    for (_, t0), (n, t1) in zip(stamps, stamps[1:]):  # a tick after each step; the last: the pages' check ends
        print(f"step {n:2d} {names[n] if n < len(names) else 'pages, chains (beside)':<22} {t1 - t0:8.2f} s")
    print(f"check: {total:.2f} s, {len(problems)} problem(s), load {os.getloadavg()[0]:.2f}")
    db.close()


if __name__ == "__main__":
    main()
