"""Receipts for 80 mm and 58 mm thermal rolls: a PDF the width of the roll and as tall as needed,
or the same layout as a black-and-white image for ESC/POS printers (see ``escpos.py``).

Every checkout line of the club's rules (docs/rules.md) is shown, in its fixed order: gross, tier discount, coupon,
points redeemed and their value, net payable; then points earned, the new balance, the tier and
the progress to the next one, and the owner's thank-you line. Plain data in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image, ImageDraw
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.domain.ids import format_card
from loyaltydesk.domain.jalali import format_moment, from_iso
from loyaltydesk.domain.money import format_money, format_number, format_percent
from loyaltydesk.domain.text import to_persian_digits

from . import raster
from . import text as T
from .cards import PrintError

BAD_WIDTH = QT_TRANSLATE_NOOP("LoyaltyError", "{width} mm is not a receipt roll width (80 or 58).")

# roll width → (printable width, font size): what thermal printers of each width print.
ROLLS = {80: (72 * mm, 9.0), 58: (48 * mm, 7.6)}
MINUS = "\u2212"


@dataclass(frozen=True)
class ReceiptData:
    """One purchase as its receipt shows it. Money in int rials, points int, ``at`` ISO UTC."""

    shop_name: str
    purchase_id: int
    at: str
    member_name: str
    card: str
    gross: int
    tier_discount: int
    net: int
    points_earned: int
    balance: int
    unit: str = "toman"
    tier_discount_bp: int = 0
    coupon_code: str | None = None
    coupon_discount: int = 0
    points_redeemed: int = 0
    redeem_value: int = 0
    tier: str | None = None  # the tier the purchase was priced at
    tier_after: str | None = None  # the tier after it (differs when it moved the member up)
    next_tier: str | None = None
    to_next_tier: int | None = None  # rials more spend to reach next_tier
    progress_bp: int | None = None  # qualifying spend as a share of next_tier's threshold
    thank_you: str = ""
    refunded: int = 0
    cashier: str = ""
    campaigns: tuple[tuple[str, int], ...] = ()  # (name, points) of each campaign's share of points_earned
    offer_rule: str | None = None  # the coupon is the member's offer of this rule (welcome, birthday, ...)
    rewards: tuple[tuple[str, int], ...] = ()  # (reward, points) given with the purchase
    next_offer: tuple[str, int, int, int, str] | None = None  # earned here: (code, percent bp, rials, min, until Jalali)

    @property
    def upgraded(self) -> bool:
        return bool(self.tier_after and self.tier_after != self.tier)


# --- layout: a list of drawing operations, y from the top, in points -----------------------------


@dataclass
class _Layout:
    width: float  # printable width in points
    size: float  # base font size
    y: float = 0.0
    ops: list = field(default_factory=list)

    def gap(self, points: float) -> None:
        self.y += points

    def text(self, s: str, *, size: float | None = None, weight: str = "regular", align: str = "right",
             base: str = "rtl", gray: bool = False) -> None:
        size = size or self.size
        for line in T.wrap(s, size, self.width, weight, base):
            self.y += size * 1.25
            self.ops.append(("text", line, align, self.y, size, weight, base, gray))
        self.y += size * 0.35

    def row(self, label: str, value: str, *, size: float | None = None, weight: str = "regular",
            value_base: str = "rtl") -> None:
        """Label on the right, value on the left (both may shrink to share one line)."""
        size = size or self.size
        self.y += size * 1.25
        lw = T.width(label, size, weight)
        vw = T.width(value, size, weight, value_base)
        room = self.width - size  # a space of one em between them at least
        label_max = max(room - vw, room * 0.55) if lw + vw > room else None
        value_max = room - min(lw, label_max or lw) if lw + vw > room else None
        self.ops.append(("text", label, "right", self.y, size, weight, "rtl", False, label_max))
        self.ops.append(("text", value, "left", self.y, size, weight, value_base, False, value_max))
        self.y += size * 0.35

    def rule(self, dashed: bool = False) -> None:
        self.y += self.size * 0.5
        self.ops.append(("rule", self.y, dashed))
        self.y += self.size * 0.5

    def bar(self, share_bp: int) -> None:
        """A progress bar filled from the right (Persian reads right to left)."""
        h = self.size * 0.7
        self.y += self.size * 0.3
        self.ops.append(("bar", self.y, h, max(0, min(10_000, share_bp))))
        self.y += h + self.size * 0.3


def _money(rials: int, unit: str) -> str:
    return format_money(rials, unit)


def _minus(rials: int, unit: str) -> str:
    """``−۱۵۰٬۰۰۰ تومان`` with the minus kept on the left of the number."""
    if not rials:
        return _money(0, unit)
    number, _, label = format_money(rials, unit).rpartition(" ")
    return f"{T.ltr(MINUS + number)} {label}"


# an offer's rule on the receipt ("پیشنهاد خوش‌آمد W…")
OFFER_WORDS = {"welcome": "خوش‌آمد", "birthday": "تولد", "winback": "بازگشت", "next_order": "خرید بعدی"}


def _percent_bp(bp: int) -> str:
    return format_percent(bp)


def layout(r: ReceiptData, roll: int = 80) -> _Layout:
    if roll not in ROLLS:
        raise PrintError(BAD_WIDTH, width=roll)
    width, size = ROLLS[roll]
    L = _Layout(width, size)
    small = size * 0.85
    L.text(r.shop_name or "—", size=size * 1.45, weight="bold", align="center")
    L.text("رسید خرید باشگاه مشتریان", size=small, align="center", gray=True)
    L.rule()
    L.row("تاریخ", format_moment(from_iso(r.at), persian=True))
    L.row("شماره خرید", to_persian_digits(str(r.purchase_id)))
    L.row("مشتری", r.member_name or "—")
    L.row("شماره کارت", to_persian_digits(format_card(r.card)), value_base="ltr")
    if r.cashier:
        L.row("صندوق‌دار", r.cashier)
    L.rule(dashed=True)
    L.row("مبلغ کل", _money(r.gross, r.unit))
    tier_label = "تخفیف سطح"
    if r.tier:
        tier_label += f" {r.tier}"
    if r.tier_discount_bp:
        tier_label += f" ({_percent_bp(r.tier_discount_bp)})"
    L.row(tier_label, _minus(r.tier_discount, r.unit))
    coupon_label = f"کوپن {T.ltr(r.coupon_code)}" if r.coupon_code else "کوپن"
    if r.coupon_code and r.offer_rule:
        coupon_label = f"پیشنهاد {OFFER_WORDS.get(r.offer_rule, '')} {T.ltr(r.coupon_code)}"
    L.row(coupon_label, _minus(r.coupon_discount, r.unit))
    L.row(f"امتیاز استفاده‌شده ({format_number(r.points_redeemed)} امتیاز)", _minus(r.redeem_value, r.unit))
    for name, points in r.rewards:
        L.row(f"جایزه: {name}", f"{T.ltr(MINUS + format_number(points))} امتیاز")
    L.rule()
    L.row("مبلغ قابل پرداخت", _money(r.net, r.unit), size=size * 1.2, weight="bold")
    if r.refunded:
        L.row("مرجوعی", _minus(r.refunded, r.unit))
    L.rule(dashed=True)
    if r.campaigns:  # step 6's lines: the purchase's own points, each campaign's, then the sum
        L.row("امتیاز خرید", T.ltr("+" + format_number(r.points_earned - sum(p for _n, p in r.campaigns))))
        for name, points in r.campaigns:
            L.row(f"کمپین {name}", T.ltr("+" + format_number(points)))
    L.row("امتیاز این خرید", T.ltr("+" + format_number(r.points_earned)))
    L.row("مانده امتیاز", format_number(r.balance), weight="bold")
    tier_now = r.tier_after or r.tier
    if tier_now:
        L.row("سطح عضویت", tier_now, weight="bold")
    if r.upgraded:
        L.text(f"تبریک! با این خرید به سطح {r.tier_after} رسیدید.", weight="bold", align="center")
    if r.next_tier and r.to_next_tier is not None:
        L.text(f"تا سطح {r.next_tier}: {_money(r.to_next_tier, r.unit)} خرید دیگر", size=small)
        if r.progress_bp is not None:
            L.bar(r.progress_bp)
            L.text(f"{_percent_bp(r.progress_bp)} از راه تا سطح {r.next_tier}", size=small * 0.95, align="left",
                   gray=True)
    elif tier_now:
        L.text("شما در بالاترین سطح باشگاه هستید.", size=small)
    if r.next_offer:
        code, percent_bp, amount, minimum, until = r.next_offer
        off = _percent_bp(percent_bp) if percent_bp else _money(amount, r.unit)
        L.rule(dashed=True)
        L.text(f"هدیه خرید بعدی شما: {off} تخفیف", weight="bold", align="center")
        L.text(f"کد {T.ltr(code)}", size=size * 1.2, weight="bold", align="center")
        terms = f"تا {to_persian_digits(until)}"
        if minimum:
            terms = f"برای خرید از {_money(minimum, r.unit)}، " + terms
        L.text(terms, size=small, align="center")
    if r.thank_you:
        L.rule()
        L.text(r.thank_you, weight="medium", align="center")
    L.gap(size)
    return L


# --- painters ------------------------------------------------------------------------------------

GREY = HexColor("#555555")


def receipt_pdf(r: ReceiptData, *, width: int = 80) -> bytes:
    """The receipt as a PDF page as wide as the roll (80 or 58 mm) and as tall as its content."""
    L = layout(r, width)
    page_w = width * mm
    margin = (page_w - L.width) / 2
    page_h = L.y + 2 * margin
    out = io.BytesIO()
    c = Canvas(out, pagesize=(page_w, page_h), pageCompression=1)
    c.setTitle(f"Receipt {r.purchase_id}")
    c.setCreator("LoyaltyDesk")
    top = page_h - margin
    left, right = margin, page_w - margin
    for op in L.ops:
        kind = op[0]
        if kind == "text":
            _, s, align, y, size, weight, base, gray, *rest = op
            max_w = rest[0] if rest else L.width
            x = right if align == "right" else left if align == "left" else page_w / 2
            T.draw(c, s, x, top - y, size, weight=weight, align=align, base=base,
                   color=GREY if gray else HexColor("#000000"), max_width=max_w)
        elif kind == "rule":
            _, y, dashed = op
            c.saveState()
            c.setLineWidth(0.6)
            if dashed:
                c.setDash(2, 2)
            c.line(left, top - y, right, top - y)
            c.restoreState()
        elif kind == "bar":
            _, y, h, share = op
            c.saveState()
            c.setLineWidth(0.6)
            c.rect(left, top - y - h, L.width, h, stroke=1, fill=0)
            filled = L.width * share / 10_000
            c.rect(right - filled, top - y - h, filled, h, stroke=0, fill=1)
            c.restoreState()
    c.showPage()
    c.save()
    return out.getvalue()


def receipt_image(r: ReceiptData, *, width: int = 80, dpi: int = 203, dots: int | None = None) -> Image.Image:
    """The same receipt as a 1-bit image for a thermal printer: ``dots`` wide (default: the
    printable width at ``dpi``, 576 dots on 80 mm and 384 on 58 mm at 203 dpi)."""
    L = layout(r, width)
    dots = dots or round(L.width / 72 * dpi / 8) * 8
    oversample = 2  # draw at twice the size, then reduce: smoother letters after thresholding
    px = dots * oversample / L.width
    height = int(L.y * px) + 1
    img = Image.new("L", (dots * oversample, height), 255)
    draw = ImageDraw.Draw(img)
    full = dots * oversample
    for op in L.ops:
        kind = op[0]
        if kind == "text":
            _, s, align, y, size, weight, base, gray, *rest = op
            max_w = (rest[0] if rest else None) or L.width
            line = T.shape(s, weight, base)
            w = line.width(size)
            if w > max_w:
                size = size * max_w / w
                w = max_w
            x = (L.width - w if align == "right" else 0 if align == "left" else (L.width - w) / 2) * px
            raster.draw_line(img, line, x, y * px, size * px, fill=0)
        elif kind == "rule":
            _, y, dashed = op
            yy = int(y * px)
            step = int(4 * px) if dashed else full
            for x0 in range(0, full, step * 2 if dashed else full):
                draw.rectangle([x0, yy, min(full, x0 + step) - 1, yy + oversample], fill=0)
        elif kind == "bar":
            _, y, h, share = op
            y0, y1 = int(y * px), int((y + h) * px)
            draw.rectangle([0, y0, full - 1, y1], outline=0, width=oversample * 2)
            filled = int(full * share / 10_000)
            if filled:
                draw.rectangle([full - filled, y0, full - 1, y1], fill=0)
    small = img.resize((dots, max(1, height // oversample)), Image.Resampling.BOX)
    return small.point(lambda v: 0 if v < 150 else 255).convert("1")


__all__ = ["ReceiptData", "receipt_pdf", "receipt_image", "layout", "ROLLS"]
