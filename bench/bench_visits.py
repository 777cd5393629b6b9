#!/usr/bin/env python3
"""Tiers by visits on a big club: what counting visits adds to a purchase, a member view, the tier
review and the daily run, next to the same work with spend-only tiers, on the same file.

    # a copy of a spine fill (the bench writes purchases and tier moves)
    uv run python bench/bench_spine.py --fill-only --members 200000 --purchases 2000000 --db bench/visits.sqlite3
    cp bench/visits.sqlite3 /tmp/visits-run.sqlite3
    uv run python bench/bench_visits.py --db /tmp/visits-run.sqlite3 --json bench/out/visits.json

Phases, each timed with ``time.perf_counter``: (1) the spine's tiers (spend only): purchases and
member views; (2) نقره‌ای set to qualify by either spend or 12 visits of at least 1,000,000 rials:
the same number of purchases and views (the first view of a member counts from the purchases,
the next reads ``member_visits``), the kept visits of everyone counted once (what the daily run
does for stale rows), views again; (3) the whole tier review, spend only and with visits (both
as of the same moment, the second one after the first's moves); (4) ``check``'s visit proof.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.domain.ids import new_checkout_key  # noqa: E402
from loyaltydesk.domain.jalali import to_iso, utc_now  # noqa: E402
from loyaltydesk.domain.tiers import visit_floors, window_start  # noqa: E402
from loyaltydesk.services import owner_session, open_club  # noqa: E402
from loyaltydesk.store import invariants  # noqa: E402
from loyaltydesk.store import visits as visit_store  # noqa: E402


def quantiles(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 3), "p99_ms": round(ms[int(len(ms) * 0.99) - 1], 3),
            "max_ms": round(ms[-1], 3)}


def timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a COPY of a bench_spine fill")
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    rnd = random.Random(args.seed)
    db = open_club(args.db, background_checkpoint=True)
    session = owner_session(db, "bench")
    services.members.refresh_windows(session)  # as the app's start does
    cards = [r[0] for r in db.all("SELECT card FROM members WHERE status = 'active'")]
    out: dict = {"members": len(cards), "purchases": db.value("SELECT max(id) FROM purchases")}

    def purchases(label: str) -> None:
        ms = [timed(lambda c: services.checkout.register_purchase(
            session, c, rnd.randrange(200_000, 5_000_000, 10_000), checkout_key=new_checkout_key()), rnd.choice(cards))
            for _ in range(args.samples)]
        out[label] = quantiles(ms)
        print(label, out[label], flush=True)

    def views(label: str, sample: list[str]) -> None:
        ms = [timed(services.members.get_member, session, c) for c in sample]
        out[label] = quantiles(ms)
        print(label, out[label], flush=True)

    sample = [rnd.choice(cards) for _ in range(args.samples)]
    purchases("purchase_spend_only")
    views("view_spend_only", sample)

    silver = services.club.list_tiers(session)[1]
    services.club.edit_tier(session, silver.name, qualify="either", visits=12, visit_minimum=1_000_000)
    purchases("purchase_with_visits")
    views("view_with_visits_first", sample)  # counted from the purchases (nothing kept yet for most)
    views("view_with_visits_again", sample)  # the same members: kept rows where their purchase made one

    floors = visit_floors(services.club.list_tiers(session))
    start = to_iso(window_start(services.club.get_settings(session).window, utc_now()))
    ids = [r[0] for r in db.all("SELECT id FROM members")]
    # what a purchase adds when a tier counts visits: the member's visits counted in the window and
    # their kept row counted again (in one transaction here: the purchase's commit is not the visits')
    added = []
    with db.transaction():
        for member_id in (rnd.choice(ids) for _ in range(args.samples)):
            t = time.perf_counter()
            visit_store.count_between(db, member_id, floors, start, "9999-12-31T23:59:59Z")
            db.execute("UPDATE member_visits SET win_until = '' WHERE member_id = ?", (member_id,))  # as if stale
            visit_store.refresh(db, [member_id], floors, start)
            added.append((time.perf_counter() - t) * 1000)
    out["visits_work_of_a_purchase"] = quantiles(added)
    print("visits work of a purchase", out["visits_work_of_a_purchase"], flush=True)
    t = time.perf_counter()
    for i in range(0, len(ids), 500):
        with db.transaction():
            visit_store.refresh(db, ids[i:i + 500], floors, start)
    out["count_everyone_s"] = round(time.perf_counter() - t, 2)
    print("kept visits counted for everyone:", out["count_everyone_s"], "s", flush=True)
    views("view_with_visits_kept", [rnd.choice(cards) for _ in range(args.samples)])

    services.club.edit_tier(session, silver.name, qualify="spend", visits=0, visit_minimum=0)
    t = time.perf_counter()
    spend_review = services.points.review_tiers(session)
    out["review_spend_only_s"] = round(time.perf_counter() - t, 2)
    services.club.edit_tier(session, silver.name, qualify="either", visits=12, visit_minimum=1_000_000)
    t = time.perf_counter()
    visit_review = services.points.review_tiers(session)
    out["review_with_visits_s"] = round(time.perf_counter() - t, 2)
    out["review_moves"] = {"spend_only": len(spend_review.moves), "with_visits": len(visit_review.moves)}
    print("review:", out["review_spend_only_s"], "s spend only,", out["review_with_visits_s"], "s with visits;",
          out["review_moves"], flush=True)

    t = time.perf_counter()
    mismatches = invariants.visit_mismatches(db)
    out["check_visits_s"] = round(time.perf_counter() - t, 2)
    out["check_visits_mismatches"] = len(mismatches)
    out["kept_rows"] = db.value("SELECT count(*) FROM member_visits")
    print("check's visit proof:", out["check_visits_s"], "s,", len(mismatches), "mismatches over",
          out["kept_rows"], "kept rows", flush=True)
    db.close()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
