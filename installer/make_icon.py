"""Draw the LoyaltyDesk icon: a club card with a gold star on a teal tile.

    uv run python installer/make_icon.py

writes ``resources/icons/loyaltydesk.png`` (256 px, the window icon the app loads) and
``installer/loyaltydesk.ico`` (16–256 px, the Windows program and installer icon). Both are
committed; run this again only to change the drawing. Pillow only, no fonts, no network.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
PNG = ROOT / "resources" / "icons" / "loyaltydesk.png"
ICO = ROOT / "installer" / "loyaltydesk.ico"
SIZE = 1024  # drawn large, then scaled down (anti-aliasing for free)
TEAL_TOP, TEAL_BOTTOM = (20, 150, 140), (11, 94, 104)
GOLD, GOLD_DARK = (246, 196, 62), (214, 150, 30)


def star(cx: float, cy: float, outer: float, inner: float, points: int = 5) -> list[tuple[float, float]]:
    pts = []
    for i in range(points * 2):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / points
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def draw() -> Image.Image:
    s = SIZE
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))

    # the tile: a vertical teal gradient inside a rounded square
    gradient = Image.new("RGBA", (s, s))
    g = ImageDraw.Draw(gradient)
    for y in range(s):
        t = y / (s - 1)
        g.line([(0, y), (s, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(TEAL_TOP, TEAL_BOTTOM)) + (255,))
    mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(mask).rounded_rectangle([40, 40, s - 40, s - 40], radius=200, fill=255)
    img.paste(gradient, (0, 0), mask)

    # the card, with a soft shadow
    card = [150, 280, s - 150, s - 250]
    shadow = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rounded_rectangle([c + 18 for c in card], radius=70, fill=(0, 0, 0, 110))
    img.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(22)))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle(card, radius=70, fill=(255, 255, 255, 255))
    # magnetic stripe and two "text" lines (right-aligned: a Persian card reads right to left)
    d.rectangle([card[0], card[1] + 80, card[2], card[1] + 170], fill=(38, 52, 64, 255))
    d.rounded_rectangle([card[2] - 420, card[3] - 150, card[2] - 70, card[3] - 110], radius=20, fill=(170, 182, 190, 255))
    d.rounded_rectangle([card[2] - 300, card[3] - 90, card[2] - 70, card[3] - 55], radius=18, fill=(200, 208, 214, 255))
    # the gold star on the card's left
    cx, cy = card[0] + 190, card[3] - 140
    d.polygon(star(cx + 8, cy + 10, 150, 62), fill=GOLD_DARK)
    d.polygon(star(cx, cy, 150, 62), fill=GOLD)
    return img


def main() -> None:
    big = draw()
    PNG.parent.mkdir(parents=True, exist_ok=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(PNG, optimize=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(
        ICO, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {PNG.relative_to(ROOT)} and {ICO.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
