"""Time ``check`` step by step on an existing club (its progress callback stamps each step).

    uv run python bench/bench_check.py CLUB.sqlite3

Prints each step's seconds, wall and CPU (the main thread's: on a shared machine the CPU seconds
are what the check costs), the total, the peak RSS and the load average.
"""

from __future__ import annotations

import os
import resource
import sys
import time

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import check
from loyaltydesk.services.session import Session, User


def main() -> None:
    db = services.open_club(sys.argv[1], create=False)
    owner = Session(db, User("owner", Role.OWNER))
    stamps: list[tuple[int, float, float]] = []
    start, cpu = time.perf_counter(), time.process_time()
    problems = check.check_database(owner, progress=lambda done, total: stamps.append(
        (done, time.perf_counter(), time.thread_time())) or True)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    names = check.STEP_NAMES
    for (_, t0, c0), (n, t1, c1) in zip(stamps, stamps[1:]):  # a tick after each step; the last: the pages' check ends
        print(f"step {n:2d} {names[n] if n < len(names) else 'pages, chains (beside)':<22} {t1 - t0:8.2f} s "
              f"{c1 - c0:8.2f} s CPU")
    main_cpu = stamps[-1][2] - stamps[0][2]
    print(f"check: {total:.2f} s, CPU {cpu:.2f} s ({main_cpu:.2f} s the steps, {cpu - main_cpu:.2f} s beside), "
          f"{len(problems)} problem(s), peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB, "
          f"load {os.getloadavg()[0]:.2f}")
    db.close()


if __name__ == "__main__":
    main()
