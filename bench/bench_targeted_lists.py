"""How fast are targeted lists, the member's story and the report per cashier on a big club? (issue 19)

1. Targeted lists (``services.member_list``): for each filter, the count (``count_members``: the
   issue asks < 1 s for a list of 100k at 1M members), the members page's first read
   (``prepare``: count and order, sorted by name) and its first block, and the export of the whole
   list with mobiles to CSV (``export_list``: < 10 s for 100k). Median of ``--repeat``; the export
   once (it writes the file).
2. The member's story (``services.story.member_story``), as the till reads it when a member opens:
   p50/p99 over ``--samples`` members drawn among those who bought; the first call apart (it finds
   the RFM cut points once).
3. The report per cashier over the last Jalali month and the last 12 months.

The database: a **copy** (``bench/lists.sqlite3``) of ``bench/bench.sqlite3`` (bench_spine.py's
fill), never the fill itself; opening the copy applies the migrations. A club file without any SMS
consent gets it for 40 % of its members (``id % 5 < 2``) once, before measuring.

    uv run python bench/bench_targeted_lists.py --json bench/out/lists.json
    uv run python bench/bench_targeted_lists.py --db bench/small.sqlite3 --copy-from ''
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.domain.jalali import jalali_of, this_month, year_period  # noqa: E402
from loyaltydesk.services import analytics, member_list, story  # noqa: E402
from loyaltydesk.services.member_list import MemberFilters  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_members_page import prepare_copy, timed  # noqa: E402


def cases(session) -> dict[str, MemberFilters]:
    y = jalali_of(session.now()).year
    return {
        "consent": MemberFilters(consent=True),
        "born in Mehr": MemberFilters(birthday_month=7),
        "born in Mehr + consent": MemberFilters(birthday_month=7, consent=True),
        "inactive 60 days": MemberFilters(inactive_days=60),
        "inactive 400 days": MemberFilters(inactive_days=400),
        "inactive 400 days + consent": MemberFilters(inactive_days=400, consent=True),
        "segment at_risk": MemberFilters(segment="at_risk"),
        "segment champions": MemberFilters(segment="champions"),
        "segment lost + consent": MemberFilters(segment="lost", consent=True),
        "churn risk": MemberFilters(churn_risk=True),
        "churn risk + consent": MemberFilters(churn_risk=True, consent=True),
        f"spent ≥ 20M in {y}": MemberFilters(spend_period=str(y), spend_min=20_000_000),
        "spent ≥ 50M ever": MemberFilters(spend_min=50_000_000),
        "spent ≤ 1M in the last 3 months": MemberFilters(
            spend_period=f"{_month(session, -2)}-{_month(session, 0)}", spend_max=1_000_000),
        "tier 2 + inactive 30 + consent": MemberFilters(tier_id=2, inactive_days=30, consent=True),
    }


def _month(session, back: int) -> str:
    j = jalali_of(session.now())
    y, m = j.year, j.month + back
    while m < 1:
        y, m = y - 1, m + 12
    return f"{y}/{m:02d}"


def bench_lists(session, repeat: int, out_dir: Path, results: list, max_export: int) -> None:
    print(f"{'filter':36} {'members':>9} {'count s':>8} {'page s':>8} {'block s':>8} {'export s':>9}")
    for label, filters in cases(session).items():
        t_count, total = timed(lambda: member_list.count_members(session, filters), repeat)
        t_prep, listing = timed(lambda: member_list.prepare(session, filters, "name"), 1)
        t_block, _ = timed(lambda: member_list.page(session, listing, 0, 100), repeat)
        t_export = None
        if total <= max_export:
            target = out_dir / "list.csv"
            t = time.perf_counter()
            written = member_list.export_list(session, filters, target).rows
            t_export = time.perf_counter() - t
            target.unlink(missing_ok=True)
            assert written == total == listing.total, (label, written, total, listing.total)
        shown = f"{t_export:9.2f}" if t_export is not None else f"{'-':>9}"
        print(f"{label:36} {total:9,} {t_count:8.2f} {t_prep:8.2f} {t_block:8.3f} {shown}", flush=True)
        results.append({"filter": label, "members": total, "count_s": t_count, "prepare_s": t_prep,
                        "block_s": t_block, "export_s": t_export})


def bench_story(session, samples: int, results: dict) -> None:
    db = session.db
    top = db.value("SELECT max(member_id) FROM member_stats")
    rnd = random.Random(19)
    ids = [i for i in (rnd.randint(1, top) for _ in range(samples * 2))
           if db.value("SELECT 1 FROM member_stats WHERE member_id = ?", (i,))][:samples]
    analytics._CUTS.clear()
    t = time.perf_counter()
    story.member_story(session, ids[0])
    first = time.perf_counter() - t
    times = []
    for member_id in ids:
        t = time.perf_counter_ns()
        story.member_story(session, member_id)
        times.append((time.perf_counter_ns() - t) / 1e6)
    times.sort()
    p50, p99 = statistics.median(times), times[int(len(times) * 0.99) - 1]
    print(f"\nstory: first call (finds the RFM cut points) {first:.2f} s; then {len(times)} members "
          f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {times[-1]:.2f} ms")
    results.update({"first_s": first, "samples": len(times), "p50_ms": p50, "p99_ms": p99, "max_ms": times[-1]})


def bench_cashiers(session, repeat: int, results: dict) -> None:
    now = session.now()
    for label, period in (("this month", this_month(now)), ("this year", year_period(jalali_of(now).year))):
        t, rep = timed(lambda: analytics.report(session, "cashiers", period), repeat)
        print(f"report cashiers, {label}: {t:.2f} s ({analytics.figures(rep)['purchases']:,} purchases)")
        results[label] = t


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(HERE / "lists.sqlite3"))
    parser.add_argument("--copy-from", default=str(HERE / "bench.sqlite3"), help="'' to use --db as it is")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--max-export", type=int, default=300_000, help="export only lists up to this many members")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    db_path = Path(args.db)
    prepare_copy(db_path, Path(args.copy_from) if args.copy_from else None)
    t = time.perf_counter()
    db = services.open_club(db_path)
    print(f"open + migrate: {time.perf_counter() - t:.1f} s")
    if not db.value("SELECT count(*) FROM members WHERE sms_consent = 1"):
        with db.transaction():
            db.execute("UPDATE members SET sms_consent = (id % 5 < 2)")
    session = services.owner_session(db, "bench")
    n = db.value("SELECT count(*) FROM members")
    print(f"== {n:,} members, {db.value('SELECT count(*) FROM member_stats'):,} buyers; "
          f"load {os.getloadavg()[0]:.1f} ==")
    results: dict = {"members": n, "load_before": os.getloadavg(), "lists": [], "story": {}, "cashiers": {}}
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    bench_lists(session, args.repeat, out_dir, results["lists"], args.max_export)
    bench_story(session, args.samples, results["story"])
    bench_cashiers(session, args.repeat, results["cashiers"])
    results["load_after"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    db.close()


if __name__ == "__main__":
    main()
