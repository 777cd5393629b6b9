#!/usr/bin/env python3
"""Benchmark of the owner's reports on a big club, and of what their aggregates cost.

    # full scale: a COPY of the spine benchmark's database (never bench/bench.sqlite3 itself)
    cp bench/bench.sqlite3 bench/reports.sqlite3
    uv run python bench/bench_reports.py --db bench/reports.sqlite3 --surveys 200000 --json bench/out/reports.json
    # realistic scale: a 3,000-member demo club made by services.demo.fill_demo
    uv run python bench/bench_reports.py --demo 3000 --json bench/out/reports-demo.json

Opening the file applies the pending migrations (m0005_stats backfills the aggregates; the time
is printed). Each report is run ``--repeat`` times through ``services.analytics`` with an owner
session: wall time and this process's CPU time (the machine may be shared: CPU time is what the
report costs, wall time what the owner waits). ``--trigger-cost`` times raw purchase INSERTs with
and without the aggregate triggers (rolled back) and ``register_purchase`` through the service.
``--backfill`` times ``rebuild_stats`` (rolled back). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.domain.jalali import to_iso, utc_now  # noqa: E402
from loyaltydesk.services import analytics  # noqa: E402
from loyaltydesk.store import analytics as stats_store  # noqa: E402
from loyaltydesk.store import surveys as survey_store  # noqa: E402
from loyaltydesk.store.migrations import applied, pending  # noqa: E402


def load() -> float:
    return round(os.getloadavg()[0], 2)


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - w, time.process_time() - c


def add_surveys(db, n: int, seed: int = 6) -> float:
    """``n`` synthetic surveys (with CSAT answers, detractors' follow-ups) over the last year."""
    if n <= 0 or db.value("SELECT count(*) FROM surveys") >= n:
        return 0.0
    rnd = random.Random(seed)
    t = time.perf_counter()
    hi = db.value("SELECT max(id) FROM members")
    now = utc_now()
    with db.transaction():
        for _ in range(n):
            member = rnd.randint(1, hi)
            at = to_iso(now - timedelta(seconds=rnd.randint(0, 365 * 86400)))
            nps = min(10, max(0, int(rnd.gauss(8, 2.2))))
            stars = [(a, min(5, max(1, int(rnd.gauss(4, 1))))) for a in ("service", "quality", "price", "staff")
                     if rnd.random() < 0.7]
            sid = survey_store.insert_survey(db, member, None, at, nps, "", "kiosk", "bench", stars)
            if nps <= 6:
                survey_store.insert_followup(db, {"source": "detractor", "member_id": member, "survey_id": sid,
                                                  "purchase_id": None, "description": "", "opened_at": at,
                                                  "opened_by": "bench"}, note="")
    return time.perf_counter() - t


def trigger_cost(db, rows: int = 2000) -> dict:
    """Raw INSERTs of purchases like the spine's, with and without the aggregate triggers (both rolled back)."""
    members = [r[0] for r in db.all("SELECT id FROM members WHERE id % 97 = 0 LIMIT ?", (rows,))]
    tier = db.value("SELECT min(id) FROM tiers")
    now = to_iso(utc_now())
    sql = ("INSERT INTO purchases (member_id, at, recorded_at, actor, tier_id, gross, tier_discount, net, points_earned) "
           "VALUES (?, ?, ?, 'bench-trig', ?, 1000000, 0, 1000000, 100)")

    def run():
        db.execute("BEGIN IMMEDIATE")
        try:
            t = time.perf_counter()
            for m in members:
                db.execute(sql, (m, now, now, tier))
            return (time.perf_counter() - t) / len(members)
        finally:
            db.execute("ROLLBACK")

    with_triggers = min(run() for _ in range(3))
    db.execute("BEGIN IMMEDIATE")
    try:
        for name in ("stats_purchase",):
            db.execute(f"DROP TRIGGER {name}")
        t = time.perf_counter()
        for m in members:
            db.execute(sql, (m, now, now, tier))
        without = (time.perf_counter() - t) / len(members)
    finally:
        db.execute("ROLLBACK")  # DDL is transactional: the trigger is back
    assert db.value("SELECT count(*) FROM sqlite_master WHERE name = 'stats_purchase'") == 1
    return {"insert_with_triggers_us": round(with_triggers * 1e6, 1), "insert_without_us": round(without * 1e6, 1),
            "trigger_cost_us": round((with_triggers - without) * 1e6, 1)}


def purchase_latency(session, samples: int = 200, seed: int = 7) -> dict:
    """register_purchase through the service (real purchases, kept, on this copy)."""
    rnd = random.Random(seed)
    cards = [r[0] for r in session.db.all("SELECT card FROM members WHERE status = 'active' AND id % 13 = 0 LIMIT 5000")]
    times = []
    for _ in range(samples):
        card = rnd.choice(cards)
        t = time.perf_counter()
        services.checkout.register_purchase(session, card, rnd.randrange(200_000, 5_000_000, 5_000))
        times.append(time.perf_counter() - t)
    times.sort()
    return {"register_purchase_p50_ms": round(times[len(times) // 2] * 1e3, 2),
            "register_purchase_p99_ms": round(times[int(len(times) * 0.99) - 1] * 1e3, 2)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default=str(ROOT / "bench" / "reports.sqlite3"))
    p.add_argument("--demo", type=int, metavar="MEMBERS", help="make a demo club of this size in a temp folder instead")
    p.add_argument("--surveys", type=int, default=0, help="add this many synthetic surveys first (once)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--trigger-cost", action="store_true")
    p.add_argument("--backfill", action="store_true", help="time rebuild_stats (rolled back)")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args(argv)
    info = {"load_before": load()}

    if args.demo:
        tmp = tempfile.mkdtemp(prefix="ld-bench-")
        path = Path(tmp) / "demo.sqlite3"
        db = services.open_club(path)
        t = time.perf_counter()
        info["demo_counts"] = services.demo.fill_demo(services.owner_session(db), member_count=args.demo)
        info["demo_fill_s"] = round(time.perf_counter() - t, 1)
    else:
        path = Path(args.db)
        if path.resolve() == (ROOT / "bench" / "bench.sqlite3").resolve():
            p.error("work on a copy: cp bench/bench.sqlite3 bench/reports.sqlite3")
        from loyaltydesk.store import open_database

        probe = open_database(path, upgrade=False)
        todo = pending(probe)
        probe.close()
        t = time.perf_counter()
        db = services.open_club(path)  # applies the migrations (copy aside + m0005 backfill)
        info["migrations"] = todo
        info["migrate_s"] = round(time.perf_counter() - t, 1)
    info["database"] = str(path)
    info["applied"] = applied(db)
    info["counts"] = {t: db.value(f"SELECT count(*) FROM {t}") for t in ("members", "purchases", "member_stats",
                                                                         "member_periods", "club_periods")}
    info["surveys_added_s"] = round(add_surveys(db, args.surveys), 1)
    info["counts"]["surveys"] = db.value("SELECT count(*) FROM surveys")
    session = services.owner_session(db, username="bench")
    print(f"{info['database']}: " + ", ".join(f"{v:,} {k}" for k, v in info["counts"].items()), flush=True)

    results = {}
    for name in analytics.NAMES:
        walls, cpus = [], []
        for _ in range(args.repeat):
            rep, wall, cpu = timed(lambda: analytics.report(session, name))
            walls.append(wall)
            cpus.append(cpu)
        results[name] = {"wall_s": [round(w, 3) for w in walls], "cpu_s": [round(c, 3) for c in cpus],
                         "wall_median_s": round(statistics.median(walls), 3), "cpu_median_s": round(statistics.median(cpus), 3),
                         "rows": sum(len(t.rows) for t in rep.tables), "load": load()}
        print(f"  {name:10} wall {statistics.median(walls):6.3f} s (max {max(walls):6.3f})   cpu {statistics.median(cpus):6.3f} s"
              f"   load {load():5.2f}", flush=True)
    info["reports"] = results
    info["slowest_s"] = max(r["wall_median_s"] for r in results.values())

    if args.trigger_cost:
        info["trigger_cost"] = trigger_cost(db)
        info["purchase"] = purchase_latency(session)
        print(f"  trigger cost per purchase INSERT: {info['trigger_cost']}; {info['purchase']}", flush=True)
    if args.backfill:
        db.execute("BEGIN IMMEDIATE")
        try:
            counts, wall, cpu = timed(lambda: stats_store.rebuild_stats(db))
        finally:
            db.execute("ROLLBACK")
        info["backfill"] = {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), **counts._asdict()}
        print(f"  backfill (rebuild_stats, rolled back): {wall:.1f} s wall, {cpu:.1f} s cpu", flush=True)
    info["load_after"] = load()
    db.close()
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(info, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
