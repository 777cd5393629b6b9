"""Time the members import (issue 21 part 5): N members from xlsx into an empty club, then N more
(other mobiles) into that N-member club; the preview and the confirm timed apart.

    uv run python bench/bench_import.py [--members 100000] [--dir /tmp/bench-import]
    uv run python bench/bench_import.py --into /work/bench1m/NAME/club.sqlite3   # into a big club (a copy!)
    uv run python bench/bench_import.py --into ... --first 200000 --cold   # other mobiles; the club's file
                                                                           # out of the OS cache first

``--cold`` drops this one file's pages from the OS cache (posix_fadvise DONTNEED, after an fsync):
a freshly copied club is otherwise all in memory, which a shop PC's 5 GB club is not. Other
files (and other people's benches) are not touched.

Prints one line per step with the load average beside it (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_import_files  # noqa: E402

from loyaltydesk import services  # noqa: E402
from loyaltydesk.services import import_export  # noqa: E402
from loyaltydesk.domain.roles import Role  # noqa: E402
from loyaltydesk.services.session import Session, User  # noqa: E402

TIERS = (("برنزی", 0, 0, 100, 0, "#cd7f32"), ("نقره‌ای", 50_000_000, 200, 120, 0, "#c0c0c0"),
         ("طلایی", 200_000_000, 500, 150, 0, "#ffd700"))


def sheet(folder: Path, name: str, n: int, first: int) -> Path:
    path = folder / f"{name}.csv"
    if not path.with_suffix(".xlsx").exists():
        make_import_files.members(path, n, random.Random(first + 18), first=first)
        make_import_files.to_xlsx(path)
    return path.with_suffix(".xlsx")


def timed(label: str, fn):
    t = time.perf_counter()
    result = fn()
    print(f"{label:<34} {time.perf_counter() - t:7.2f} s   load {os.getloadavg()[0]:.2f}", flush=True)
    return result


def uncache(path: Path) -> None:
    """``path`` (and its WAL) out of the OS page cache: written back, then dropped (this file only)."""
    for p in (path, Path(f"{path}-wal")):
        if p.exists():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=100_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/bench-import"))
    ap.add_argument("--into", type=Path, help="import the first file into this existing club (a copy: it is written)")
    ap.add_argument("--first", type=int, default=0, help="with --into: the file's first mobile (0912 + 7 digits)")
    ap.add_argument("--cold", action="store_true", help="with --into: the club's file out of the OS cache first")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    first = (sheet(args.dir, f"members-a-{args.members}", args.members, 0) if not args.first
             else sheet(args.dir, f"members-{args.first}-{args.members}", args.members, args.first))
    second = sheet(args.dir, f"members-b-{args.members}", args.members, args.members)
    if args.into:
        if args.cold:
            uncache(args.into)
        db = services.open_club(args.into, create=False)
        owner = Session(db, User("owner", Role.OWNER))
        runs = ((f"{db.value('SELECT count(*) FROM members'):,}-member club", first),)
    else:
        club = args.dir / "club.sqlite3"
        for p in (club, Path(f"{club}-wal"), Path(f"{club}-shm"), Path(f"{club}.keys")):
            p.unlink(missing_ok=True)
        db = services.open_club(club)
        owner = Session(db, User("owner", Role.OWNER))
        for name, threshold, discount, multiplier, bonus, color in TIERS:
            services.club.add_tier(owner, name, threshold, discount, multiplier, bonus, color)
        runs = (("empty club", first), (f"{args.members:,}-member club", second))
    for label, path in runs:
        t = time.perf_counter()
        preview = timed(f"preview into {label}", lambda: import_export.preview_import(owner, path))
        done = timed(f"confirm into {label}", lambda: import_export.confirm_import(owner, preview))
        print(f"{'  total ' + label:<34} {time.perf_counter() - t:7.2f} s   added {done.counts['add']:,}", flush=True)
    db.close()


if __name__ == "__main__":
    main()
