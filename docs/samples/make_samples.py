#!/usr/bin/env python3
"""Remake the sample images of the README: a card sheet and an 80 mm receipt (needs pdftoppm).

    uv run python docs/samples/make_samples.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from loyaltydesk.domain.ids import luhn_check_digit  # noqa: E402
from loyaltydesk.printing.cards import CardData, cards_pdf  # noqa: E402
from loyaltydesk.printing.receipts import ReceiptData, receipt_pdf  # noqa: E402

SHOP = "فروشگاه لوازم خانگی نیک"
PEOPLE = [("مریم رضایی", "طلایی", "#d4af37"), ("علی‌اکبر محمدی", "نقره‌ای", "#9ea7b0"),
          ("زهرا (فاطمه) کریمی‌نژاد", "الماسی", "#3f8fd2"), ("رضا احمدی", "برنزی", "#b08d57"),
          ("سارا یگانه", "نقره‌ای", "#9ea7b0"), ("امیرحسین موسوی", "برنزی", "#b08d57"),
          ("نرگس صادقی", "طلایی", "#d4af37"), ("پژمان نوروزی", "برنزی", "#b08d57"),
          ("کیمیا جعفری", "الماسی", "#3f8fd2"), ("حسین حسینی", "نقره‌ای", "#9ea7b0")]


def card(n: int) -> str:
    payload = "6" + f"{1403_0000_00 + n * 7919:010d}"
    return payload + luhn_check_digit(payload)


def png(pdf: bytes, target: Path, dpi: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(src), str(Path(tmp) / "page")],
                       check=True)
        (Path(tmp) / "page.png").replace(target)


def main() -> None:
    cards = [CardData(card(i), name, tier, color, f"1404/0{i % 9 + 1}/1{i}") for i, (name, tier, color)
             in enumerate(PEOPLE)]
    png(cards_pdf(cards, shop_name=SHOP), HERE / "card-sheet.png", 100)
    receipt = ReceiptData(
        shop_name=SHOP, purchase_id=1284, at="2025-06-01T08:00:00Z", member_name="مریم رضایی", card=card(0),
        gross=20_000_000, tier_discount=600_000, tier_discount_bp=300, coupon_code="NOWRUZ10",
        coupon_discount=1_940_000, points_redeemed=500, redeem_value=50_000, net=17_410_000, points_earned=2_176,
        balance=8_176, tier="نقره‌ای", tier_after="طلایی", next_tier="الماسی", to_next_tier=120_000_000,
        progress_bp=5_500, thank_you="از خرید شما سپاسگزاریم؛ منتظر دیدار دوباره‌تان هستیم.",
    )
    png(receipt_pdf(receipt, width=80), HERE / "receipt-80mm.png", 150)


if __name__ == "__main__":
    main()
