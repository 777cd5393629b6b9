"""Time ``check`` step by step on an existing club (its progress callback stamps each step).

    uv run python bench/bench_check.py CLUB.sqlite3 [--full] [--as-owner NAME] [--no-sign]

Prints each step's seconds, wall and CPU (its thread's: on a shared machine the CPU seconds are
what the check costs), by the connection that ran it ("this": the steps that sum the fingerprints,
then its share of the others; "other": the pages, the hash chains, then its share), the total, the
peak RSS and the load average. ``--full`` walks the hash chains from their
first rows; without it they are walked on from the newest proof of an owner's check. A bench club
has no owner's key unlocked here, so no proof is signed unless ``--as-owner NAME`` signs in (the
password from LOYALTYDESK_PASSWORD; a fill nobody owns is set up with that owner first, and opens
only with that password from then on); ``--no-sign`` signs nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import check, users
from loyaltydesk.services.session import Session, User


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("club")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--as-owner")
    parser.add_argument("--no-sign", action="store_true")
    args = parser.parse_args()
    db = services.open_club(args.club, create=False)
    if args.as_owner:  # a bench fill nobody owns gets this owner first (its set-up key then gone)
        password = os.environ["LOYALTYDESK_PASSWORD"]
        if users.needs_setup(db):
            users.set_up_club(db, shop_name="bench", display_unit="toman", username=args.as_owner, password=password,
                              repeat=password)
        owner = users.sign_in(db, args.as_owner, password)
    else:
        owner = Session(db, User("owner", Role.OWNER))
    steps: list[tuple[str, str, float, float, int]] = []
    start, cpu = time.perf_counter(), time.process_time()
    result = check.run(owner, full=args.full, sign=not args.no_sign,
                       trace=lambda name, lane, wall, cpu_s: steps.append(
                           (name, lane, wall, cpu_s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)))
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    for lane in ("this", "other"):
        mine = [s for s in steps if s[1] == lane]
        for name, _lane, wall, cpu_s, peak in mine:
            print(f"{lane:5s} {name:<22} {wall:8.2f} s {cpu_s:8.2f} s CPU  (peak RSS so far {peak} MiB)")
        print(f"{lane:5s} {'(in all)':<22} {sum(s[2] for s in mine):8.2f} s {sum(s[3] for s in mine):8.2f} s CPU")
    walked = result.walked_from
    print(f"check{' --full' if args.full else ''}: {total:.2f} s, CPU {cpu:.2f} s, {len(result.problems)} problem(s), "
          f"chains walked "
          f"{'from the first rows' if walked is None else f'on from audit row {walked.heads.audit_id:,} / ledger entry {walked.heads.ledger_id:,}'}, "
          f"proof {'signed' if result.proof else 'not signed'}, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB, load {os.getloadavg()[0]:.2f}")
    for p in result.problems[:10]:
        print("  ", p.message)
    db.close()


if __name__ == "__main__":
    main()
