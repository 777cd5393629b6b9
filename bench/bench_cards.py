#!/usr/bin/env python3
"""Benchmark: 1,000 member cards as A4 sheets and as single card pages (target: under 10 s each).

    uv run python bench/bench_cards.py [--cards 1000] [--out bench/out]

Prints the wall-clock and CPU time of each layout (first run, with fonts and caches cold, and a
second run with new card numbers), the PDF sizes, and whether the target is met (wall clock: on a
busy machine the CPU column tells what the code costs). About half the time is the QR codes:
qrcode tries all eight mask patterns and keeps the best, as the QR standard asks. The cards are made up (varied Persian names, tiers,
join dates); no database is involved: printing takes plain data.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loyaltydesk.domain.ids import new_card_number  # noqa: E402
from loyaltydesk.printing.cards import CardData, cards_pdf  # noqa: E402

FIRST = ["مریم", "علی‌اکبر", "سارا", "رضا", "زهرا", "محمد", "نرگس", "حسین", "فاطمه", "امیرحسین", "کیمیا", "پژمان"]
LAST = ["رضایی", "محمدی", "کریمی‌نژاد", "احمدی", "حسینی", "یگانه", "موسوی", "جعفری", "صادقی", "نوروزی"]
TIERS = [("برنزی", "#b08d57"), ("نقره‌ای", "#9ea7b0"), ("طلایی", "#d4af37"), ("الماسی", "#3f8fd2")]
TARGET_S = 10.0


def make_cards(n: int, seed: int = 5) -> list[CardData]:
    rng = random.Random(seed)
    cards = []
    for _ in range(n):
        tier, color = rng.choice(TIERS)
        cards.append(CardData(new_card_number(lambda k: rng.randrange(k)), f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                              tier, color, f"14{rng.randint(0, 4):02d}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}"))
    return cards


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cards", type=int, default=1000)
    p.add_argument("--out", type=Path, help="write the PDFs into this folder")
    args = p.parse_args()
    cards = make_cards(args.cards)
    print(f"{args.cards:,} cards, shop name in Persian, Vazirmatn, QR per card")
    print(f"{'layout':<8} {'run':<6} {'seconds':>8} {'cpu s':>7} {'ms/card':>8} {'pages':>6} {'PDF size':>10}")
    ok = True
    for layout in ("sheet", "single"):
        for run in ("cold", "warm"):
            if run == "warm":
                cards = make_cards(args.cards, seed=6)  # new card numbers: no QR cache hits
            start, cpu = time.perf_counter(), time.process_time()
            pdf = cards_pdf(cards, shop_name="فروشگاه لوازم خانگی نیک", layout=layout)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            pages = (len(cards) + 9) // 10 if layout == "sheet" else len(cards)
            ok &= took < TARGET_S
            print(f"{layout:<8} {run:<6} {took:>8.2f} {cpu:>7.2f} {took * 1000 / len(cards):>8.2f} {pages:>6} "
                  f"{len(pdf) / 1024:>8.0f} KB")
            if args.out and run == "cold":
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"cards-{layout}.pdf").write_bytes(pdf)
    print(f"target: each under {TARGET_S:.0f} s — {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
