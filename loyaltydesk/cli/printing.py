"""Printing from the command line: member cards (one, some, a batch) and receipts.

    loyaltydesk card KEY... --out cards.pdf [--layout sheet|single]
    loyaltydesk cards [--tier NAME] [--since 1404/01/01] [--all] --out cards.pdf
    loyaltydesk receipt PURCHASE_ID --width 80|58 --out receipt.pdf [--escpos receipt.bin]
"""

from __future__ import annotations

from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .common import row_id

# reportlab, HarfBuzz and escpos load only when a printing command runs: building the parser (and
# so every start of the desktop app) stays fast. tests/printing/test_cli.py checks these copies.
LAYOUTS = ("sheet", "single")
ROLLS = (58, 80)

CANNOT_WRITE = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot write {path}: {reason}.")


class CannotWrite(LoyaltyError):
    template = CANNOT_WRITE


def _write(path: str, data: bytes) -> int:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as e:
        raise CannotWrite(path=str(target), reason=e.strerror or str(e)) from None
    return len(data)


def _layout_and_logo(p) -> None:
    p.add_argument("--layout", choices=LAYOUTS, default="sheet",
                   help="sheet: ten cards on A4 with cut marks (default); single: one card-sized page each")
    p.add_argument("--logo", metavar="IMAGE", help="the shop's logo (PNG or JPEG) for the cards")


def register(sub, commands) -> None:
    c = sub.add_parser("card", help="print member cards by card number or mobile (PDF)")
    c.add_argument("keys", nargs="+", metavar="KEY", help="card number or mobile, any digit script")
    c.add_argument("--out", required=True, metavar="FILE.pdf")
    _layout_and_logo(c)

    b = sub.add_parser("cards", help="print a batch of member cards (PDF)")
    b.add_argument("--tier", metavar="NAME", help="members of this tier")
    b.add_argument("--since", metavar="JALALI_DATE", help="members who joined on or after this date, e.g. 1404/01/01")
    b.add_argument("--all", dest="everyone", action="store_true", help="every active member")
    b.add_argument("--out", required=True, metavar="FILE.pdf")
    _layout_and_logo(b)

    r = sub.add_parser("receipt", help="print a purchase's receipt (PDF, and ESC/POS for thermal printers)")
    r.add_argument("purchase_id", type=row_id, metavar="PURCHASE_ID")
    r.add_argument("--width", type=int, choices=ROLLS, default=80, help="roll width in mm (default 80)")
    r.add_argument("--out", required=True, metavar="FILE.pdf")
    r.add_argument("--escpos", metavar="FILE.bin",
                   help="also write the ESC/POS byte stream (a file, or a printer device like /dev/usb/lp0)")

    commands.update({"card": cmd_card, "cards": cmd_cards, "receipt": cmd_receipt})


def _emit_cards(s, args, out, cards) -> None:
    from loyaltydesk.printing.cards import cards_pdf
    from loyaltydesk.services import documents

    pdf = cards_pdf(cards, shop_name=documents.shop_name(s), logo=args.logo, layout=args.layout)
    size = _write(args.out, pdf)
    out.emit({"out": args.out, "cards": [c.card for c in cards], "layout": args.layout, "bytes": size},
             f"{len(cards)} card{'s' if len(cards) != 1 else ''} ({args.layout}) written to {args.out}")


def cmd_card(s, args, out):
    from loyaltydesk.services import documents

    _emit_cards(s, args, out, documents.cards_for_keys(s, args.keys))


def cmd_cards(s, args, out):
    from loyaltydesk.services import documents

    _emit_cards(s, args, out, documents.cards_batch(s, since=args.since, tier=args.tier, everyone=args.everyone))


def cmd_receipt(s, args, out):
    from loyaltydesk.printing.escpos import write_escpos
    from loyaltydesk.printing.receipts import receipt_pdf
    from loyaltydesk.services import documents

    data = documents.receipt_data(s, args.purchase_id)
    size = _write(args.out, receipt_pdf(data, width=args.width))
    result = {"out": args.out, "purchase_id": data.purchase_id, "width": args.width, "bytes": size}
    text = f"receipt of purchase {data.purchase_id} ({args.width} mm) written to {args.out}"
    if args.escpos:
        try:
            result["escpos_bytes"] = write_escpos(data, args.escpos, width=args.width)
        except OSError as e:
            raise CannotWrite(path=args.escpos, reason=e.strerror or str(e)) from None
        result["escpos"] = args.escpos
        text += f"; ESC/POS stream written to {args.escpos}"
    out.emit(result, text)
