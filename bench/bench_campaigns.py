#!/usr/bin/env python3
"""Benchmark: register one purchase with two running campaigns, against the same without, each as a
ratio to the bare sqlite3 floor (bench_spine.py's: INSERT purchase + INSERT ledger + UPDATE points).

The club is bench_spine.py's fill (``--reuse`` a file it made). Three rows, each on its own members:
  e.  no campaign runs (the purchase reads the running campaigns: one token, none cached)
  c1. two campaigns run for everyone: double points (×200) and +50 points on a purchase of at least
      1,000,000 rials with a budget (each purchase: two bonus entries, two campaign_members rows)
  c2. the same two and a third for an RFM segment (the member's stats row, scored by the day's cut
      points: before the row, the daily run's "cuts" stage finds and stores them, timed slice by slice,
      and the first segment purchase on a fresh connection is timed with them stored and without)

    uv run python bench/bench_campaigns.py --members 20000 --purchases 200000 --db bench/small.sqlite3
    uv run python bench/bench_campaigns.py --members 100000 --purchases 1000000 --db bench/mid.sqlite3 --reuse

The campaigns are ended afterwards (the file stays usable by bench_spine.py; its purchases stay).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import bench_spine as spine  # noqa: E402

from loyaltydesk.domain.errors import LoyaltyError  # noqa: E402
from loyaltydesk.domain.ids import new_checkout_key  # noqa: E402
from loyaltydesk.domain.jalali import add_months, jalali_day, to_iso, utc_now  # noqa: E402
from loyaltydesk.domain.settings import ClubSettings  # noqa: E402
from loyaltydesk.services import analytics, campaigns, checkout, open_club, owner_session  # noqa: E402
from loyaltydesk.services.campaigns import CampaignForm  # noqa: E402
from loyaltydesk.store import analytics as analytics_store  # noqa: E402
from loyaltydesk.store import club as club_store  # noqa: E402
from loyaltydesk.store.db import Checkpointer  # noqa: E402


def run(path: Path, samples: int, seed: int, floor_file: Path | None = None, app_warm: bool = True,
        settle_each: bool = False) -> dict:
    rnd = random.Random(seed)
    db = open_club(path, background_checkpoint=True)
    session = owner_session(db, spine.SERVICE_USER)
    floor = spine.connect_floor(path)
    fq = floor.execute
    # the floor's purchases on a copy of the club (--floor-file): its commits would empty the app's page cache
    pfloor = spine.connect_floor(floor_file) if floor_file is not None else floor
    pq = pfloor.execute
    floor_checkpointer = None  # the floor's copy checkpointed in the background, as the app's file is
    if floor_file is not None:
        floor_checkpointer = Checkpointer(str(floor_file), key=spine.club_key(floor_file))
        floor_checkpointer.start()
    warmed = spine.app_warm_up(session) if app_warm else None  # the app's warm-up at its start
    tiers = {t.id: t for t in club_store.tiers(db)}
    settings = ClubSettings.from_dict(club_store.settings(db))
    n_members = fq("SELECT max(id) FROM members").fetchone()[0]
    used: set[int] = set()
    warm_n = max(20, min(200, samples // 10))
    log_lo, log_hi = math.log(spine.GROSS_MIN), math.log(spine.GROSS_MAX)

    def members(k):
        out = []
        while len(out) < k:
            mid = rnd.randint(1, n_members)
            if mid in used:
                continue
            used.add(mid)
            row = fq("SELECT id, card, tier_id, status FROM members WHERE id = ?", (mid,)).fetchone()
            if row and row[3] == "active":
                gross = max(spine.GROSS_MIN, int(math.exp(rnd.uniform(log_lo, log_hi))) // spine.GROSS_STEP
                            * spine.GROSS_STEP)
                out.append(((row[1], gross), (row[0], gross, row[2])))
        return out

    done = []

    def service(s):
        card, gross = s
        try:
            return checkout.register_purchase(session, card, gross, checkout_key=new_checkout_key())
        except LoyaltyError as e:
            return e

    def floor_purchase(f):  # the rows of a purchase without campaigns (bench_spine.floor_purchase_rows)
        member_id, gross, _tier_id = f
        now = utc_now()
        at = to_iso(now)
        expires = to_iso(add_months(now, settings.expiry_months)) if settings.expiry_months else None
        pid, lid, earned = spine.floor_purchase_rows(pq, member_id, gross, tiers, settings, at, expires)
        if floor_checkpointer is not None:  # written back after each commit, as the app's file is
            floor_checkpointer.written()
        done.append((pid, lid, member_id, earned, expires))
        return pid

    rows = []

    def settled(side):  # as bench_spine's --settle-each: both WALs written back by their checkpointers, then
        for club in {db.path, floor_file or db.path}:  # what is left by the side's own connection
            spine.written_back(club)
        (db.conn if side == "service" else pfloor).execute("PRAGMA wal_checkpoint(PASSIVE)")

    def op(label):
        for conn in {id(db.conn): db.conn, id(pfloor): pfloor}.values():  # each file settled by its own connection
            conn.execute("PRAGMA wal_checkpoint(RESTART)")  # (not TRUNCATE: bench_spine.SqliteSide.settle)
        pairs = members(samples + warm_n)
        items, warm = pairs[warm_n:], pairs[:warm_n]
        with spine.counting(db.conn) as statements:
            for s, _f in warm[:20]:
                service(s)
        print(f"measuring {label} ...", flush=True)
        ts, tf, differ = spine.measure(
            label, items, warm[20:], service, floor_purchase,
            lambda rs, rf: isinstance(rs, checkout.PurchaseResult) and rf > 0,
            settled if settle_each else None)
        row = spine.summary(label, ts, tf, differ, 5000)
        row["sql_per_call"] = round(statements[0] / 20, 1)
        row["os_reads"] = spine.os_reads(members(10), service, floor_purchase)
        rows.append(row)
        spine.make_whole_where_written(session, floor_file, done)
        done.clear()
        gc.collect()
        return row

    today = jalali_day(to_iso(utc_now()))
    week = jalali_day(to_iso(utc_now() + timedelta(days=7)))
    names = ["bench double", "bench bonus", "bench segment"]  # each with its run's time: reruns on one file
    base = op("e.  register one purchase, no campaign")
    campaigns.add_campaign(session, CampaignForm(name=names[0] + f" {time.time_ns()}", start=today, end=week,
                                                 multiplier=200))
    campaigns.add_campaign(session, CampaignForm(name=names[1] + f" {time.time_ns()}", start=today, end=week,
                                                 bonus=50, min_purchase=1_000_000, budget=10**9))
    two = op("c1. register one purchase, two campaigns for everyone")
    campaigns.add_campaign(session, CampaignForm(name=names[2] + f" {time.time_ns()}", start=today, end=week,
                                                 bonus=70, segment="loyal"))
    # the daily run's "cuts" stage, as the app runs it (slices of SLICE_SECONDS on the database thread)
    db.execute("DELETE FROM settings WHERE key = ?", (analytics_store.DAY_CUTS_KEY,))  # as on the first day
    run_cuts, holds = analytics.CutsRun(session.now_iso()), []
    while not run_cuts.done:
        t0 = time.perf_counter()
        analytics.cuts_slice(session, run_cuts)
        holds.append(time.perf_counter() - t0)
    cuts_stage = {"buyers": run_cuts.buyers, "slices": len(holds), "total_s": round(sum(holds), 3),
                  "longest_slice_s": round(max(holds), 3)}
    print(f"daily 'cuts' stage: {cuts_stage}", flush=True)

    def first_of_day(label: str, k: int = 7) -> dict:
        """The first segment-campaign purchase on a fresh connection (nothing kept on it), k times."""
        times = []
        for s, _f in members(k):
            db.memo.clear()
            t0 = time.perf_counter_ns()
            service(s)
            times.append((time.perf_counter_ns() - t0) / 1e6)
        times.sort()
        return {"case": label, "median_ms": round(times[len(times) // 2], 2), "max_ms": round(times[-1], 2)}

    first = [first_of_day("the day's cut points stored (the daily run has run)")]
    kept = db.value("SELECT value FROM settings WHERE key = ?", (analytics_store.DAY_CUTS_KEY,))
    db.execute("DELETE FROM settings WHERE key = ?", (analytics_store.DAY_CUTS_KEY,))
    first.append(first_of_day("none stored (never run): the till finds them, as before"))
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (analytics_store.DAY_CUTS_KEY, kept))
    for f in first:
        print(f"first segment purchase of the day, {f['case']}: median {f['median_ms']} ms, max {f['max_ms']} ms",
              flush=True)
    seg = op("c2. ... and a third for one RFM segment")
    for v in campaigns.list_campaigns(session):
        if v.state != "ended" and v.form.name.startswith("bench "):
            campaigns.end_campaign(session, v.form.name)
    floor.close()
    if pfloor is not floor:
        floor_checkpointer.stop()
        pfloor.close()
    db.close()
    return {"rows": rows, "app_warm_up": warmed, "ratio_to_floor": {r["operation"]: r["ratio_medians"] for r in rows},
            "campaigns_over_none_p50": round(two["service_median_us"] / base["service_median_us"], 2),
            "campaigns_over_none_p99": round(two["service_p99_us"] / base["service_p99_us"], 2),
            "segment_over_none_p50": round(seg["service_median_us"] / base["service_median_us"], 2),
            "segment_over_none_p99": round(seg["service_p99_us"] / base["service_p99_us"], 2),
            "cuts_stage": cuts_stage, "first_segment_purchase": first}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--purchases", type=int, default=200_000)
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "campaigns.sqlite3")
    parser.add_argument("--reuse", action="store_true", help="skip the fill if --db already holds these counts")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1404)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--floor-file", type=Path,
                        help="the floor writes to this copy of --db (made now unless it is one): another "
                             "connection's commit empties the app's page cache")
    parser.add_argument("--no-app-warm", action="store_true", help="skip the app's warm-up of its page cache")
    parser.add_argument("--settle-each", action="store_true",
                        help="the WAL written back before each purchase (bench_spine.py's option)")
    args = parser.parse_args(argv)
    if args.reuse and spine.filled_with(args.db, args.members, args.purchases):
        print(f"reusing {args.db}", flush=True)
    else:
        print(f"filling {args.db}: {args.members:,} members, {args.purchases:,} purchases", flush=True)
        spine.fill(args.db, args.members, args.purchases, args.seed)
    load_before = os.getloadavg()
    if args.floor_file is not None:
        spine.copy_for_floor(args.db, args.floor_file, args.members, args.purchases)
    result = run(args.db, args.samples, args.seed, args.floor_file, not args.no_app_warm, args.settle_each)
    result["loadavg_before_after"] = [load_before[0], os.getloadavg()[0]]
    result["disk"] = spine.disk_floor(args.db.parent)
    print(spine.table(result["rows"]))
    for r in result["rows"]:
        if r.get("os_reads"):
            print(f"pages read from the file system per call, {r['operation'][:3].strip('. ')}: " + "; ".join(
                f"{side} median {q['median']:.0f}, p90 {q['p90']:.0f}, max {q['max']:.0f}"
                for side, q in r["os_reads"].items()))
    print(spine.disk_line(result["disk"]))
    print(f"two campaigns / none: p50 ×{result['campaigns_over_none_p50']}, p99 ×{result['campaigns_over_none_p99']}; "
          f"with a segment campaign: p50 ×{result['segment_over_none_p50']}; load {load_before[0]:.2f} "
          f"on {os.cpu_count()} CPUs")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
