#!/usr/bin/env python3
"""The automatic tasks at start (backup, expiry, birthday bonuses) on a big club: how long each
takes, and how long at most it holds the database thread, i.e. keeps a cashier's search waiting.

    # on a COPY of the spine benchmark's database (the tasks write: expiry, bonuses, a backup)
    cp bench/bench.sqlite3 /tmp/daily.sqlite3
    uv run python bench/bench_daily.py --db /tmp/daily.sqlite3 --at 2026-11-25T12:00:00Z --probe \
        --json bench/out/daily.json
    uv run python bench/bench_daily.py --db /tmp/daily.sqlite3 --whole   # the tasks as one job each

The database is opened as the app opens it (``services.open_club``, background checkpoints) with
an owner session whose clock starts at ``--at`` (default: now) and then runs with the real clock.
``--runs`` (2) runs the tasks one after the other: the first run does what is due; the second
finds (nearly) nothing due, the cost of "is anything due?".

Each task is driven the way the main window drives it (``services.daily``): one slice at a time
on one "database thread" (a one-worker executor, like ``gui.ops.Runner``), the backup's copy on a
thread of its own. Per task: total time on the database thread, number of slices, the longest
single hold; the backup's copy is timed apart (it does not hold the database thread). ``--whole``
runs each task as one job instead, as the app did before slicing. ``--probe`` also submits a
cashier's search (``find_members`` on a random card) every 20-80 ms while the tasks run and reports
how long the searches waited, queue and all.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.domain.jalali import from_iso, utc_now  # noqa: E402
from loyaltydesk.services import backup  # noqa: E402

try:  # the sliced tasks (absent from the code before they existed: then only --whole works)
    from loyaltydesk.services import daily
except ImportError:  # pragma: no cover
    daily = None

SPINE = (ROOT / "bench" / "bench.sqlite3").resolve()


class OffsetClock:
    """Starts at ``at`` and runs with the real clock."""

    def __init__(self, at: datetime | None):
        self.offset = (at - utc_now()) if at else None

    def __call__(self) -> datetime:
        return utc_now() + self.offset if self.offset is not None else utc_now()


class Probe(threading.Thread):
    """A cashier searching about every ``every`` seconds through the database thread; keeps the waits
    (from the search's submission to its answer: the queue and the search itself)."""

    def __init__(self, pool, session, cards, every=0.05):
        super().__init__(daemon=True)
        self.pool, self.session, self.cards, self.every = pool, session, cards, every
        self.waits: list[float] = []
        self.halt = threading.Event()
        self.rnd = random.Random(7)

    def run(self):
        while not self.halt.is_set():
            card = self.rnd.choice(self.cards)
            t = time.perf_counter()
            self.pool.submit(services.members.find_members, self.session, card).result()
            self.waits.append(time.perf_counter() - t)
            self.halt.wait(self.rnd.uniform(0.4, 1.6) * self.every)  # at random: never in step with the tasks

    def summary(self) -> dict:
        w = sorted(self.waits)
        if not w:
            return {"searches": 0}
        return {"searches": len(w), "p50_ms": round(1000 * statistics.median(w), 1),
                "p99_ms": round(1000 * w[min(len(w) - 1, int(len(w) * 0.99))], 1), "max_ms": round(1000 * w[-1], 1)}


def one_run(session, pool, args, number: int) -> dict:
    """The tasks once, through the one-worker pool; returns the figures."""
    as_of, t0 = session.now_iso(), time.perf_counter()
    holds: list[tuple[str, float]] = []
    copy: dict = {}
    copier: list[threading.Thread] = []
    results: dict = {}
    folder = Path(args.backups) if args.backups else None
    finished = threading.Event()
    errors: list[BaseException] = []

    def timed(stage, fn, *a, **k):
        t = time.perf_counter()
        value = fn(*a, **k)
        holds.append((stage, time.perf_counter() - t))
        return value

    if args.whole:
        def whole():
            try:
                if not args.no_backup:
                    results["backup"] = timed("backup", backup.auto_backup, session, folder, at_start=True)
                results["expiry"] = timed("expiry", services.points.run_expiry, session)
                results["birthdays"] = timed("birthdays", services.points.grant_birthday_bonuses, session)
            except BaseException as e:  # noqa: BLE001
                errors.append(e)
            finally:
                finished.set()
        pool.submit(whole)
    else:
        run = daily.begin(session, at_start=True, folder=folder, limit=args.slice, with_backup=not args.no_backup)

        def copy_aside(plan):
            t = time.perf_counter()
            error = None
            try:
                info = backup.make_copy(plan)
            except Exception as e:  # noqa: BLE001
                info, error = None, e
            copy["seconds"] = time.perf_counter() - t
            results["backup"] = info
            if error is not None:  # audited on the database thread, as the app does
                pool.submit(lambda: timed("backup", backup.backup_failed, session, plan, error)).result()
                errors.append(error)

        def next_slice():
            try:
                stage = run.stage
                timed(stage, daily.step, session, run)
                plan = run.take_copy()
                if plan is not None:
                    thread = threading.Thread(target=copy_aside, args=(plan,))
                    copier.append(thread)
                    thread.start()
                if run.done:
                    results["expiry"], results["birthdays"] = run.expiry.result(), run.birthdays.result()
                    finished.set()
                elif args.pause:  # the app's pause between two steps (a QTimer there)
                    threading.Timer(args.pause, lambda: pool.submit(next_slice)).start()
                else:
                    pool.submit(next_slice)
            except BaseException as e:  # noqa: BLE001
                errors.append(e)
                finished.set()

        pool.submit(next_slice)
    finished.wait()
    db_thread_done = time.perf_counter() - t0
    for thread in copier:
        thread.join()
    wall = time.perf_counter() - t0
    if errors:
        raise errors[0]
    figures = {"run": number, "as_of": as_of, "wall_s": round(wall, 3),
               "db_thread_tasks_s": round(db_thread_done, 3)}
    for stage in ("backup", "expiry", "birthdays"):
        mine = [d for s, d in holds if s == stage]
        entry = {"total_s": round(sum(mine), 3), "holds": len(mine),
                 "longest_hold_s": round(max(mine), 3) if mine else 0.0,
                 "median_hold_s": round(statistics.median(mine), 4) if mine else 0.0,
                 "longest_holds_s": [round(d, 3) for d in sorted(mine, reverse=True)[:5]]}
        value = results.get(stage)
        if stage == "backup":
            entry["made"] = value is not None
            if value is not None:
                entry["size_mb"] = round(value.size / 1e6, 1)
                entry["path"] = value.path
            if copy:
                entry["copy_aside_s"] = round(copy["seconds"], 3)
        elif value is not None:
            entry.update(entries=value.entries, points=value.points, members=value.members)
        figures[stage] = entry
    figures["longest_hold_s"] = round(max((d for _, d in holds), default=0.0), 3)
    return figures


def show(f: dict) -> None:
    print(f"run {f['run']}  (as of {f['as_of']})  wall {f['wall_s']:.2f} s, "
          f"database thread busy with the tasks until {f['db_thread_tasks_s']:.2f} s")
    b = f["backup"]
    made = f"made, {b.get('size_mb', 0):,.0f} MB" if b["made"] else "not due"
    aside = f", copy on its own thread {b['copy_aside_s']:.2f} s" if "copy_aside_s" in b else ""
    print(f"  backup     db thread {b['total_s']:7.3f} s in {b['holds']:>4} hold(s), longest {b['longest_hold_s']:.3f} s"
          f"{aside}  ({made})")
    for stage in ("expiry", "birthdays"):
        e = f[stage]
        print(f"  {stage:<10} db thread {e['total_s']:7.3f} s in {e['holds']:>4} hold(s), longest {e['longest_hold_s']:.3f} s"
              f"  ({e.get('entries', 0):,} entries, {e.get('points', 0):,} points, {e.get('members', 0):,} members)")
    print(f"  longest single hold of the database thread: {f['longest_hold_s']:.3f} s")
    if "probe" in f:
        p = f["probe"]
        if p.get("searches"):
            print(f"  cashier's searches meanwhile: {p['searches']}, wait p50 {p['p50_ms']} ms, "
                  f"p99 {p['p99_ms']} ms, max {p['max_ms']} ms")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", required=True, type=Path, help="a club database (a copy: the tasks write to it)")
    p.add_argument("--at", help="the moment the first run happens (ISO, UTC), e.g. 2026-11-25T12:00:00Z")
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--slice", type=int, default=None, help="lots or members per slice (default: the app's)")
    p.add_argument("--pause", type=float, default=None, help="seconds between two steps (default: the app's)")
    p.add_argument("--whole", action="store_true", help="each task as one job, as before slicing")
    p.add_argument("--no-backup", action="store_true", help="leave the backup out")
    p.add_argument("--backups", help="the backup folder (default: `backups` beside the database)")
    p.add_argument("--keep-backups", action="store_true", help="keep the backups the benchmark made")
    p.add_argument("--probe", action="store_true", help="a cashier searching every 20-80 ms meanwhile")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    if args.db.resolve() == SPINE:
        p.error("bench_daily writes to the club: give it a copy, never bench/bench.sqlite3")
    if not args.whole and daily is None:
        p.error("this code has no services.daily: use --whole")
    if args.slice is None and daily is not None:
        args.slice = daily.SLICE
    if args.pause is None:
        args.pause = daily.PAUSE if daily is not None else 0.0
    t = time.perf_counter()
    db = services.open_club(args.db, background_checkpoint=True)
    opened = time.perf_counter() - t
    clock = OffsetClock(from_iso(args.at) if args.at else None)
    session = services.owner_session(db, "bench", clock)
    members = db.value("SELECT count(*) FROM members")
    cards = [r[0] for r in db.all("SELECT card FROM members ORDER BY random() LIMIT 500")] if args.probe else []
    report = {"db": str(args.db), "members": members, "open_s": round(opened, 3), "whole": args.whole,
              "slice": args.slice, "pause": args.pause, "cpus": os.cpu_count(), "load_before": round(os.getloadavg()[0], 2), "runs": []}
    print(f"bench_daily: {args.db} ({members:,} members, opened in {opened:.2f} s); "
          f"{'whole jobs' if args.whole else f'slices of {args.slice}, {args.pause:.2f} s apart'}; load {report['load_before']}")
    made = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="db") as pool:
        pool.submit(lambda: None).result()
        for n in range(1, args.runs + 1):
            probe = Probe(pool, session, cards) if args.probe else None
            if probe:
                probe.start()
            figures = one_run(session, pool, args, n)
            if probe:
                probe.halt.set()
                probe.join()
                figures["probe"] = probe.summary()
            if figures["backup"].get("path"):
                made.append(figures["backup"]["path"])
            show(figures)
            report["runs"].append(figures)
    report["load_after"] = round(os.getloadavg()[0], 2)
    db.close()
    if not args.keep_backups:
        for path in made:
            Path(path).unlink(missing_ok=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
