"""Import and export from the command line (owner only, audited: the files hold personal data).

    loyaltydesk import members FILE [--dry-run] [--on-duplicate skip|merge] [--map FIELD=COLUMN ...]
    loyaltydesk import purchases FILE [--dry-run] [--with-points] [--unit rial|toman] [--map FIELD=COLUMN ...]
    loyaltydesk export members|purchases|ledger --out FILE.xlsx|FILE.csv
"""

from __future__ import annotations

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.services import import_export, import_history

from .progress import bar

BAD_MAP = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r}: a column mapping is FIELD=COLUMN, e.g. mobile=موبایل.")


def register(sub, commands) -> None:
    i = sub.add_parser("import", help="import data").add_subparsers(dest="what", metavar="WHAT", required=True)
    m = i.add_parser("members", help="members from an .xlsx or .csv file, as shops keep them")
    m.add_argument("file", metavar="FILE")
    m.add_argument("--dry-run", action="store_true", help="show what would happen, row by row; write nothing")
    m.add_argument("--on-duplicate", choices=["skip", "merge"], default="skip",
                   help="a mobile already in the club: skip the row (default) or merge the file's values in")
    m.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help=f"which column holds a field (repeat; default: guessed from the header). "
                        f"Fields: {', '.join(import_export.FIELDS)}")
    h = i.add_parser("purchases", help="past purchases (a member's card or mobile, a Jalali or ISO date, the amount, "
                                       "optionally the receipt number), priced as history")
    h.add_argument("file", metavar="FILE")
    h.add_argument("--dry-run", action="store_true", help="show what would happen, row by row; write nothing")
    h.add_argument("--with-points", action="store_true",
                   help="each purchase earns the points the club's rule gives today (default: no points, "
                        "the purchases count for the tier only)")
    h.add_argument("--unit", choices=["rial", "toman"],
                   help="the unit of the amounts (default: the amount column's title if it names one, else rial)")
    h.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help=f"which column holds a field (repeat; default: guessed from the header). "
                        f"Fields: {', '.join(import_history.FIELDS)}")

    e = sub.add_parser("export", help="export members, purchases or the points ledger to Excel or CSV")
    e.add_argument("what", choices=sorted(import_export.EXPORTS))
    e.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx or FILE.csv")

    commands.update({"import": cmd_import, "export": cmd_export})


def _mapping(pairs: list[str]) -> dict | None:
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise LoyaltyError(BAD_MAP, value=pair)
        column = column.strip()
        mapping[field.strip()] = int(column) - 1 if column.isdigit() else column  # a number is the column's position
    return mapping


def cmd_import(s, args, out):
    if args.what == "purchases":
        return cmd_import_purchases(s, args, out)
    with bar(out, "read") as progress:
        preview = import_export.preview_import(s, args.file, _mapping(args.map), args.on_duplicate, progress=progress)
    if args.dry_run:
        result = preview
    else:
        with bar(out, "write") as progress:
            result = import_export.confirm_import(s, preview, progress=progress)
    c = result.counts
    verb = "would be" if args.dry_run else "were"
    lines = [f"{args.file}: columns " + ", ".join(f"{f}={col!r}" for f, col in result.mapping.items()),
             f"{c['add']} member(s) {verb} added, {c['merge']} merged, {c['skip']} skipped (mobile already in the club), "
             f"{c['error']} row(s) with problems {'would be' if args.dry_run else 'were'} left out"]
    if result.cp1256_rows:
        lines.append(f"  rows {', '.join(map(str, result.cp1256_rows))}: not UTF-8, read as Windows-1256 "
                      f"(Arabic Windows) text: check their names")
    for row in result.errors:
        lines.append(f"  row {row.row}: " + "; ".join(row.problems))
    if args.dry_run:
        lines.append("nothing was written (--dry-run)")
    out.emit(result, "\n".join(lines))


def cmd_import_purchases(s, args, out):
    preview = import_history.preview_purchases(s, args.file, _mapping(args.map), args.unit, args.with_points)
    result = preview if args.dry_run else import_history.confirm_purchases(s, preview)
    c, t = result.counts, result.totals
    verb = "would be" if args.dry_run else "were"
    lines = [f"{args.file}: columns " + ", ".join(f"{f}={col!r}" for f, col in result.mapping.items())
             + f"; amounts in {result.unit}s",
             f"{c['add']:,} purchase(s) {verb} imported ({out.money(t['gross'])}, {t['members']:,} member(s)"
             + (f", {t['first'][:10]} .. {t['last'][:10]} UTC" if t["first"] else "") + "), "
             f"{c['skip']:,} skipped (receipt already in the club), {c['error']:,} row(s) with problems "
             f"{verb} left out",
             f"{t['points']:,} point(s) {verb} earned" if result.with_points
             else "no points earned (history; --with-points to earn them)",
             f"{t['upgrades']:,} member(s) {'would move' if args.dry_run else 'moved'} up a tier"]
    if result.cp1256_rows:
        lines.append(f"  rows {', '.join(map(str, result.cp1256_rows))}: not UTF-8, read as Windows-1256 "
                     f"(Arabic Windows) text")
    errors = result.errors
    for row in errors:
        lines.append(f"  row {row.row}: " + "; ".join(row.problems))
    if c["error"] > len(errors):
        lines.append(f"  ... and {c['error'] - len(errors):,} more row(s) with problems")
    if args.dry_run:
        lines.append("nothing was written (--dry-run)")
    out.emit(result, "\n".join(lines))


def cmd_export(s, args, out):
    with bar(out, "export") as progress:
        r = import_export.export(s, args.what, args.out, progress=progress)
    out.emit(r, f"{r.rows:,} {args.what} row(s) written to {r.file}")
