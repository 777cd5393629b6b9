"""Backups, restore, import and export from the command line (they act as the owner, like every command).

    loyaltydesk backup [--to FOLDER] [--passphrase-file F] [--auto]
    loyaltydesk backup --list [--to FOLDER]          loyaltydesk backup --verify FILE [--passphrase-file F]
    loyaltydesk restore FILE [--passphrase-file F]
    loyaltydesk import members FILE [--dry-run] [--on-duplicate skip|merge] [--map FIELD=COLUMN ...]
    loyaltydesk import purchases FILE [--dry-run] [--with-points] [--unit rial|toman] [--map FIELD=COLUMN ...]
    loyaltydesk export members|purchases|ledger --out FILE.xlsx|FILE.csv

``restore`` writes the backup into the database this command opened (SQLite's backup API, under
its write lock), so nothing is pulled from under an open connection; the database as it was is
kept aside first, and the path of that copy is printed.
"""

from __future__ import annotations

from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.services import backup, import_history, transfer

from .common import _when

CANNOT_READ_PASSPHRASE = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot read the passphrase file {path}: {reason}.")
BAD_MAP = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r}: a column mapping is FIELD=COLUMN, e.g. mobile=موبایل.")


def _passphrase(args) -> str | None:
    if not getattr(args, "passphrase_file", None):
        return None
    try:
        text = Path(args.passphrase_file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LoyaltyError(CANNOT_READ_PASSPHRASE, path=args.passphrase_file,
                           reason=getattr(e, "strerror", None) or str(e)) from None
    return text.rstrip("\r\n")


def _size(n: int) -> str:
    return f"{n / 1_048_576:,.1f} MB" if n >= 1_048_576 else f"{n / 1024:,.0f} KB"


def register(sub, commands) -> None:
    b = sub.add_parser("backup", help="back up the club database (a consistent copy, even while the app runs)")
    b.add_argument("--to", metavar="FOLDER", help="where (default: the club's backup folder setting, "
                                                  "else 'backups' beside the database)")
    b.add_argument("--passphrase-file", metavar="F", help="encrypt with the passphrase in this file (8+ characters)")
    mode = b.add_mutually_exclusive_group()
    mode.add_argument("--auto", action="store_true",
                      help="the automatic backup: only if the newest is a day old; prunes old automatic ones")
    mode.add_argument("--list", action="store_true", help="list the backups in the folder")
    mode.add_argument("--verify", metavar="FILE", help="check a backup without restoring it")

    r = sub.add_parser("restore", help="replace the club by a backup (checked first; the current one is kept aside)")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--passphrase-file", metavar="F", help="the passphrase of an encrypted backup")

    i = sub.add_parser("import", help="import data").add_subparsers(dest="what", metavar="WHAT", required=True)
    m = i.add_parser("members", help="members from an .xlsx or .csv file, as shops keep them")
    m.add_argument("file", metavar="FILE")
    m.add_argument("--dry-run", action="store_true", help="show what would happen, row by row; write nothing")
    m.add_argument("--on-duplicate", choices=["skip", "merge"], default="skip",
                   help="a mobile already in the club: skip the row (default) or merge the file's values in")
    m.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help=f"which column holds a field (repeat; default: guessed from the header). "
                        f"Fields: {', '.join(transfer.FIELDS)}")
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
    e.add_argument("what", choices=sorted(transfer.EXPORTS))
    e.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx or FILE.csv")

    commands.update({"backup": cmd_backup, "restore": cmd_restore, "import": cmd_import, "export": cmd_export})


def cmd_backup(s, args, out):
    if args.list:
        found = backup.list_backups(s, args.to)
        out.emit(found, "\n".join(
            f"{_when(b.created_at)}  {'auto  ' if b.automatic else 'manual'}  {'encrypted' if b.encrypted else 'plain    '}"
            f"  {_size(b.size):>10}  {b.path}" for b in found) or "no backups")
    elif args.verify:
        found = backup.verify_backup(s, args.verify, _passphrase(args))
        out.emit(found, f"{args.verify}: ok — {found['members']:,} members, {found['purchases']:,} purchases, "
                        f"{found['ledger']:,} ledger entries (schema {found['migrations'][-1]})")
    elif args.auto:
        info = backup.auto_backup(s, args.to, _passphrase(args))
        out.emit(info, f"backed up to {info.path} ({_size(info.size)})" if info else "a recent backup exists: none due")
    else:
        info = backup.back_up_now(s, args.to, _passphrase(args))
        out.emit(info, f"backed up to {info.path} ({_size(info.size)}{', encrypted' if info.encrypted else ''})")


def cmd_restore(s, args, out):
    r = backup.restore(s, args.file, _passphrase(args))
    text = [f"restored {args.file}: {r.counts['members']:,} members, {r.counts['purchases']:,} purchases",
            f"  the database as it was is kept in {r.kept_aside}"]
    if r.migrated:
        text.append(f"  upgraded: {', '.join(r.migrated)}")
    if r.problems:
        text.append(f"  check found {r.problems} problem(s): run `loyaltydesk check`")
    out.emit(r, "\n".join(text))


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
    preview = transfer.preview_import(s, args.file, _mapping(args.map), args.on_duplicate)
    result = preview if args.dry_run else transfer.confirm_import(s, preview)
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
    r = transfer.export(s, args.what, args.out)
    out.emit(r, f"{r.rows:,} {args.what} row(s) written to {r.file}")
