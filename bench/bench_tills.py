#!/usr/bin/env python3
"""Several tills on one PostgreSQL club at once (issue 23): four processes register purchases for
``--minutes`` over a club of ``--members``, each a till of its own (its own connection, its own
session), all at once. The members are drawn at random, so tills meet on the same member now and
then (a purchase holds its member's row) and always on the chains of the ledger and the audit log.

At the end: no till had an error, no purchase was lost (every till's count is in the club), and
``check`` is clean. Printed per till: purchases, throughput and latency percentiles (and the
whole as JSON with ``--json``).

    nice -n 19 uv run python bench/bench_tills.py --minutes 1 --members 10000
    uv run python bench/bench_tills.py --url postgresql://user@host/club --minutes 5 --json out.json

Without ``--url`` a throwaway cluster is made (``tests/pg.py``: the machine's initdb and pg_ctl,
a random port) and removed at the end; it runs with ``synchronous_commit=off`` and ``fsync=off``
unless ``--durable``. A ``--url`` database must be empty or a club made by an earlier run of this
bench (``--reuse``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.domain.checkout import CheckoutRefused  # noqa: E402
from loyaltydesk.domain.ids import new_checkout_key  # noqa: E402
from loyaltydesk.store import open_database  # noqa: E402

TIERS = (
    ("برنزی", 0, 0, 100, 0, "#cd7f32"),
    ("نقره‌ای", 50_000_000, 300, 125, 200, "#c0c0c0"),
    ("طلایی", 150_000_000, 500, 150, 500, "#d4af37"),
)
SIGN_UPS_PER_TRANSACTION = 500


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def make_club(url: str, members: int, seed: int) -> list[str]:
    """A club of ``members`` members (the cards), made through the services; a club already made
    by this bench is reused as it is."""
    db = open_database(url)
    try:
        owner = services.owner_session(db, "bench")
        cards = [r[0] for r in db.all("SELECT card FROM members ORDER BY id")]
        if len(cards) >= members:
            return cards[:members]
        if not cards:
            services.club.update_settings(owner, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                          expiry_months=6, window="rolling12", referral_bonus=300)
            for name, threshold, discount, multiplier, bonus, color in TIERS:
                services.club.add_tier(owner, name, threshold, discount, multiplier, bonus, color)
        rng = random.Random(seed)
        made = len(cards)
        while made < members:
            with db.transaction():  # many sign-ups in one server transaction: the fill, not the measure
                for _ in range(min(SIGN_UPS_PER_TRANSACTION, members - made)):
                    mobile = f"09{rng.randrange(10**9):09d}"
                    while db.one("SELECT 1 FROM members WHERE mobile = ?", (mobile,)):
                        mobile = f"09{rng.randrange(10**9):09d}"
                    cards.append(services.members.sign_up(owner, mobile, "علی", f"عضو {made}").card)
                    made += 1
        return cards
    finally:
        db.close()


def till(number: int, url: str, cards: list[str], seconds: float, seed: int, start, out) -> None:
    """One till: its own connection and session; waits for the others, then registers purchases
    until ``seconds`` have passed. Puts (number, latencies, errors, purchases) on ``out``."""
    rng = random.Random(seed * 100 + number)
    latencies: list[float] = []
    errors: list[str] = []
    try:
        db = open_database(url)
    except BaseException as e:  # noqa: BLE001 - reported, the bench fails with it
        out.put((number, [], [repr(e)], 0))
        return
    try:
        session = services.owner_session(db, f"till{number}")
        start.wait(120)
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            card = rng.choice(cards)
            gross = rng.randrange(200_000, 20_000_000, 5_000)
            redeem = rng.choice((0, 0, 0, 10))
            key = new_checkout_key()
            t = time.perf_counter()
            try:
                services.checkout.register_purchase(session, card, gross, redeem=redeem, checkout_key=key)
            except CheckoutRefused:  # a redemption beyond the balance: the till sells without it
                services.checkout.register_purchase(session, card, gross, checkout_key=new_checkout_key())
            except Exception as e:  # noqa: BLE001 - counted: the bench fails with any
                errors.append(repr(e))
                continue
            latencies.append(time.perf_counter() - t)
    except BaseException as e:  # noqa: BLE001
        errors.append(repr(e))
    finally:
        db.close()
    out.put((number, latencies, errors, len(latencies)))


def _count(url: str) -> int:
    db = open_database(url)
    try:
        return db.value("SELECT count(*) FROM purchases")
    finally:
        db.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a PostgreSQL database (empty, or a club of an earlier run); default: a throwaway cluster")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--tills", type=int, default=4)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--alone", type=float, default=15.0, metavar="SECONDS",
                        help="first one till by itself for SECONDS (0: not), beside the four")
    parser.add_argument("--durable", action="store_true", help="the throwaway cluster with fsync and synchronous_commit on")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE ('-': standard output)")
    args = parser.parse_args(argv)

    cluster = None
    url = args.url
    if url is None:
        from tests.pg import bin_dir, Cluster

        folder = bin_dir()
        if folder is None:
            print("no PostgreSQL server binaries (initdb, pg_ctl): give --url", file=sys.stderr)
            return 2
        cluster = Cluster(folder)
        cluster.start()
        if args.durable:  # as a shop's server runs: every commit on the disk before it is answered
            for setting in ("fsync = on", "full_page_writes = on", "synchronous_commit = on"):
                cluster.admin(f"ALTER SYSTEM SET {setting}")
            cluster.admin("SELECT pg_reload_conf()")
        url = cluster.tcp_url(cluster.new_database())
    try:
        t = time.perf_counter()
        cards = make_club(url, args.members, args.seed)
        fill_s = time.perf_counter() - t
        spawn = multiprocessing.get_context("spawn")
        alone = None
        if args.alone > 0:  # one till by itself first: what taking turns costs the four
            start, out = spawn.Barrier(1), spawn.Queue()
            p = spawn.Process(target=till, args=(0, url, cards, args.alone, args.seed, start, out))
            p.start()
            _n, latencies, alone_errors, count = out.get(timeout=args.alone + 600)
            p.join(60)
            alone = {"seconds": args.alone, "purchases": count, "per_second": round(count / args.alone, 1),
                     "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
                     "p99_ms": round(percentile(latencies, 0.99) * 1000, 2), "errors": len(alone_errors)}
        before = _count(url)
        start, out = spawn.Barrier(args.tills), spawn.Queue()
        seconds = args.minutes * 60
        procs = [spawn.Process(target=till, args=(n, url, cards, seconds, args.seed, start, out))
                 for n in range(1, args.tills + 1)]
        for p in procs:
            p.start()
        results = sorted(out.get(timeout=seconds + 600) for _ in procs)
        for p in procs:
            p.join(60)
        db = open_database(url)
        owner = services.owner_session(db, "bench")
        stored = db.value("SELECT count(*) FROM purchases") - before
        t = time.perf_counter()
        problems = services.check.check_database(owner)
        check_s = time.perf_counter() - t
        db.close()
    finally:
        if cluster is not None:
            cluster.stop()

    tills = []
    for number, latencies, errors, count in results:
        tills.append({"till": number, "purchases": count, "per_second": round(count / seconds, 1),
                      "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
                      "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
                      "max_ms": round(max(latencies, default=0) * 1000, 2),
                      "errors": len(errors), "first_errors": errors[:3]})
    registered = sum(t["purchases"] for t in tills)
    report = {"members": args.members, "tills": args.tills, "minutes": args.minutes, "fill_s": round(fill_s, 1),
              "alone": alone, "per_till": tills, "purchases": registered, "stored": stored,
              "per_second": round(registered / seconds, 1), "check_problems": [str(p) for p in problems][:10],
              "check_s": round(check_s, 1), "cpus": os.cpu_count(), "durable": bool(args.durable)}
    print(f"{args.tills} tills, {args.minutes:g} min, {args.members} members (fill {fill_s:.0f} s)")
    if alone is not None:
        print(f"one till alone ({alone['seconds']:g} s): {alone['purchases']} purchases, {alone['per_second']}/s,"
              f" p50 {alone['p50_ms']} ms, p99 {alone['p99_ms']} ms, {alone['errors']} errors")
    print(f"{'till':>5} {'purchases':>10} {'/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    for t in tills:
        print(f"{t['till']:>5} {t['purchases']:>10} {t['per_second']:>7} {t['p50_ms']:>8} {t['p99_ms']:>8}"
              f" {t['max_ms']:>8} {t['errors']:>7}")
        for e in t["first_errors"]:
            print(f"      {e}")
    print(f"all: {registered} purchases ({report['per_second']}/s), {stored} stored; check: "
          f"{'clean' if not problems else problems[:5]} ({check_s:.1f} s)")
    if args.json:
        text = json.dumps(report, ensure_ascii=False, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    ok = (not problems and stored == registered and not any(t["errors"] for t in tills)
          and not (alone and alone["errors"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
