"""Files for timing the move-in: a member sheet with opening balances, window spend and
tiers, and a purchase history keyed by the members' mobiles, as a shop's old program exports them.

    uv run python bench/make_import_files.py OUT_DIR [--members 100000] [--purchases 1000000] [--xlsx]

writes OUT_DIR/members.csv and OUT_DIR/purchases.csv (UTF-8 with BOM, as Excel saves "CSV UTF-8"),
and with --xlsx also the .xlsx of each (openpyxl's write-only mode). Deterministic (seeded).
Then, for instance, signed in as the club's owner (the password in LOYALTYDESK_PASSWORD):

    /usr/bin/time -v .venv/bin/loyaltydesk --db /tmp/big.sqlite3 --user OWNER import members OUT_DIR/members.csv
    /usr/bin/time -v .venv/bin/loyaltydesk --db /tmp/big.sqlite3 --user OWNER import purchases OUT_DIR/purchases.csv
    /usr/bin/time -v .venv/bin/loyaltydesk --db /tmp/big.sqlite3 --user OWNER check

The tiers named in the member sheet (برنزی، نقره‌ای، طلایی) must exist in the club first; the
purchases span the three Jalali years before 1405/09/01, so a part of them falls in the window.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

import jdatetime

FIRST = ["سارا", "رضا", "مینا", "علی", "زهرا", "محمد", "فاطمه", "حسین", "نرگس", "امیر"]
LAST = ["احمدی", "کریمی", "رضایی", "محمدی", "حسینی", "موسوی", "جعفری", "نوری", "صادقی", "کاظمی"]
TIERS = ["برنزی", "نقره‌ای", "طلایی"]


def mobile(i: int) -> str:
    return f"0912{i:07d}"


def members(path: Path, n: int, rng: random.Random, first: int = 0) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["موبایل", "نام", "نام خانوادگی", "مانده امتیاز", "تاریخ امتیاز", "خرید دوره", "سطح"])
        for i in range(first, first + n):
            d = jdatetime.date(1405, 1, 1) + jdatetime.timedelta(days=rng.randrange(200))
            w.writerow([mobile(i), rng.choice(FIRST), rng.choice(LAST), rng.choice([0, rng.randrange(1, 5000)]),
                        d.strftime("%Y/%m/%d"), rng.randrange(0, 40_000_000) * 10, rng.choice(TIERS[:2])])


def purchases(path: Path, n: int, members_n: int, rng: random.Random) -> None:
    start = jdatetime.date(1402, 9, 1)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["شماره موبایل", "تاریخ خرید", "مبلغ (ریال)", "شماره فاکتور"])
        for i in range(n):
            d = start + jdatetime.timedelta(days=rng.randrange(3 * 365))
            w.writerow([mobile(rng.randrange(members_n)), f"{d.strftime('%Y/%m/%d')} {rng.randrange(9, 22):02d}:"
                        f"{rng.randrange(60):02d}", rng.randrange(1, 500) * 10_000, f"F{i + 1:08d}"])


def to_xlsx(csv_path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            ws.append(row)
    out = csv_path.with_suffix(".xlsx")
    wb.save(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--members", type=int, default=100_000)
    ap.add_argument("--purchases", type=int, default=1_000_000)
    ap.add_argument("--xlsx", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(18)
    members(args.out / "members.csv", args.members, rng)
    purchases(args.out / "purchases.csv", args.purchases, args.members, rng)
    if args.xlsx:
        for name in ("members.csv", "purchases.csv"):
            to_xlsx(args.out / name)
    for p in sorted(args.out.iterdir()):
        print(f"{p}  {p.stat().st_size / 1_048_576:,.1f} MB")


if __name__ == "__main__":
    main()
