"""The kill test at full size: hundreds of SIGKILLs while purchases, refunds and expiries are
written; after each, the database must open, ``check_database`` must find no problem and every
purchase reported done must be there.

    uv run python bench/kill_test.py                       # 300 kills
    uv run python bench/kill_test.py --kills 1000 --max-delay 0.8 --json bench/out/kill.json

Prints the figures (kills, purchases checked, problems found — must be 0) and exits 1 on a problem.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.backups import kill_harness  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kills", type=int, default=300)
    p.add_argument("--seed", type=int, default=1404)
    p.add_argument("--max-delay", type=float, default=0.5, help="seconds a worker may live after it is ready")
    p.add_argument("--db", type=Path, help="where the club goes (default: a temporary folder)")
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    args = p.parse_args(argv)
    path = args.db or Path(tempfile.mkdtemp(prefix="kill-test-")) / "club.sqlite3"
    if path.exists():
        p.error(f"{path} exists; the kill test starts from a new club")

    def progress(k, f):
        if k % 25 == 0 or k == args.kills:
            print(f"  {k:>5} kills  {f.purchases_reported:>7,} purchases reported  {len(f.problems)} problems",
                  flush=True)

    figures = kill_harness.run(path, args.kills, seed=args.seed, max_delay=args.max_delay, progress=progress)
    d = figures.as_dict()
    print(f"kills                     {d['kills']:,}")
    print(f"operations reported done  {d['operations_reported']:,}")
    print(f"purchases checked         {d['purchases_checked']:,} (every one reported done, after every kill)")
    print(f"refunds checked           {d['refunds_checked']:,}")
    print(f"killed after COMMIT, before the report: {d['committed_unreported']:,}; "
          f"pressed again with the same key: {d['retried_submissions']:,} (each exists once)")
    print(f"problems found            {len(d['problems'])}")
    for problem in d["problems"][:20]:
        print(f"  {problem}")
    print(f"time                      {d['seconds']} s   database {path}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(d, indent=1, ensure_ascii=False))
    return 1 if d["problems"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
