"""How long backups and restores take on a realistic club, beside their floors in the same run:
back up (plain by hand, compressed automatic, encrypted), verify, restore, on a copy of a database
that ``bench_spine.py`` filled.

    uv run python bench/bench_spine.py --members 20000 --purchases 200000 --db bench/small.sqlite3 --fill-only
    uv run python bench/backup_timing.py bench/small.sqlite3 [--runs 3]

Floors: a copy of the club file with fsync (what a plain backup cannot beat), a copy of the
compressed backup with fsync (what writing the compressed output costs), and the club file
gzipped at the backup's level with fsync (what producing the compressed output costs at least).
Each figure is the best of ``--runs``; the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sys
import tempfile
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.services import backup  # noqa: E402

PASSPHRASE = "a long passphrase"


class Later:
    """The real time, moved on by whole days."""

    def __init__(self) -> None:
        self.days = 0

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + timedelta(days=self.days)


def _synced_copy(src: Path, dest: Path) -> None:
    shutil.copyfile(src, dest)
    with open(dest, "rb+") as f:
        os.fsync(f.fileno())


def _gzip_floor(src: Path, dest: Path) -> None:
    with open(src, "rb") as fin, open(dest, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=backup.GZIP_LEVEL, mtime=0) as out:
            shutil.copyfileobj(fin, out, backup.PACK_BLOCK)
        raw.flush()
        os.fsync(raw.fileno())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="bench/small.sqlite3", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="backup-timing-"))
    path = work / "club.sqlite3"
    shutil.copyfile(args.source, path)
    db = services.open_club(path)  # brings it to the current schema first (not timed)
    clock = Later()
    s = services.owner_session(db, clock=clock)
    counts = {t: db.value(f"SELECT count(*) FROM {t}") for t in ("members", "purchases", "ledger")}
    print(f"club: {counts['members']:,} members, {counts['purchases']:,} purchases, {counts['ledger']:,} ledger entries, "
          f"{path.stat().st_size / 1e6:,.1f} MB; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    def best(fn):
        times, result = [], None
        for _ in range(args.runs):
            clock.days += 2  # each run's automatic backup is due, and has a name of its own
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
        return min(times), result

    stick = work / "stick"
    stick.mkdir()
    figures = {}
    figures["floor: copy the club file + fsync"], _ = best(lambda: _synced_copy(path, work / "floor.sqlite3"))
    figures["back up by hand (plain)"], plain = best(lambda: backup.back_up_now(s, stick))
    figures["automatic backup (gzip)"], auto = best(lambda: backup.auto_backup(s, stick))
    figures["floor: copy the gzip output + fsync"], _ = best(lambda: _synced_copy(Path(auto.path), work / "floor.gz"))
    figures[f"floor: gzip -{backup.GZIP_LEVEL} the club file + fsync"], _ = best(
        lambda: _gzip_floor(path, work / "floor2.gz"))
    figures["back up encrypted (gzip, sealed)"], sealed = best(
        lambda: backup.back_up_now(s, stick, passphrase=PASSPHRASE))
    figures["verify (gzip)"], _ = best(lambda: backup.verify_backup(s, auto.path))
    figures["verify (encrypted)"], _ = best(lambda: backup.verify_backup(s, sealed.path, PASSPHRASE))
    for label, seconds in figures.items():
        print(f"  {label:<40} {seconds:6.2f} s")
    t = time.perf_counter()
    r = backup.restore(s, auto.path)
    print(f"  {'restore (gzip, check included)':<40} {time.perf_counter() - t:6.2f} s  ({r.problems} problem(s))")
    copy_gz = figures["floor: copy the gzip output + fsync"]
    gzip_floor = figures[f"floor: gzip -{backup.GZIP_LEVEL} the club file + fsync"]
    auto_s = figures["automatic backup (gzip)"]
    print(f"  automatic backup / copy of its output: {auto_s / copy_gz:.1f}x; / gzip of the club file: "
          f"{auto_s / gzip_floor:.2f}x; / copy of the club file: {auto_s / figures['floor: copy the club file + fsync']:.2f}x")
    print(f"  sizes: plain {plain.size / 1e6:,.1f} MB, gzip {auto.size / 1e6:,.1f} MB "
          f"({auto.size / plain.size:.0%}), encrypted {sealed.size / 1e6:,.1f} MB ({sealed.size / plain.size:.0%})")
    level6 = len(zlib.compress(path.read_bytes(), 6)) if path.stat().st_size < 2e9 else None
    if level6:
        print(f"  (gzip -6 would be {level6 / 1e6:,.1f} MB, {level6 / plain.size:.0%})")
    db.close()
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
