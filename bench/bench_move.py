#!/usr/bin/env python3
"""Moving a big club between its file and PostgreSQL (issue 23, ``loyaltydesk move-to``): a club filled
as bench_spine.py fills one, moved to an empty database and back to a new file, each move with its
proof (counts, balances, sums) and ``check`` on both sides. Prints the time of each and rows/s.

    uv run python bench/bench_move.py --members 20000 --purchases 200000
    uv run python bench/bench_move.py --url postgresql://me@localhost/empty_db   # a server of your own

Without ``--url`` it starts a throwaway cluster from the machine's PostgreSQL binaries (as the
tests do, tests/pg.py) and stops it after.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_spine import fill  # noqa: E402
from loyaltydesk import services  # noqa: E402
from loyaltydesk.services import move  # noqa: E402
from loyaltydesk.services.demo import DEMO_OWNER, DEMO_PASSWORD  # noqa: E402


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--members", type=int, default=20_000)
    p.add_argument("--purchases", type=int, default=200_000)
    p.add_argument("--url", help="an EMPTY PostgreSQL database (default: a throwaway cluster)")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args(argv)
    cluster = None
    url = args.url
    if url is None:
        from tests.pg import Cluster, bin_dir

        folder = bin_dir()
        if folder is None:
            raise SystemExit("no PostgreSQL server binaries: give --url")
        cluster = Cluster(folder)
        cluster.start()
        url = cluster.url(cluster.new_database())
    out: dict = {"members": args.members, "purchases": args.purchases}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "club.sqlite3"
            t = time.perf_counter()
            fill(path, args.members, args.purchases, 7)
            out["fill_s"] = round(time.perf_counter() - t, 1)
            db = services.open_club(path, create=False)
            services.users.set_up_club(db, shop_name="bench", display_unit="toman", username=DEMO_OWNER,
                                       password=DEMO_PASSWORD, repeat=DEMO_PASSWORD)
            db.close()
            db = services.open_club(path, create=False)
            owner = services.users.sign_in(db, DEMO_OWNER, DEMO_PASSWORD)
            t = time.perf_counter()
            there = move.move_to_server(owner, url, as_it_is=True)  # a fill has no audit rows
            out["to_server_s"] = round(time.perf_counter() - t, 1)
            out["rows"] = there.rows
            db.close()
            server = services.open_club(url)
            owner = services.users.sign_in(server, DEMO_OWNER, DEMO_PASSWORD)
            t = time.perf_counter()
            move.move_to_file(owner, Path(tmp) / "back.sqlite3", DEMO_PASSWORD, as_it_is=True)
            out["to_file_s"] = round(time.perf_counter() - t, 1)
            server.close()
    finally:
        if cluster is not None:
            cluster.stop()
    for way in ("to_server", "to_file"):
        out[f"{way}_rows_per_s"] = int(out["rows"] / out[f"{way}_s"]) if out[f"{way}_s"] else None
    print(json.dumps(out, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
