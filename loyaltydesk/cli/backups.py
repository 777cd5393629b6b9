"""Backups and restore from the command line (they act as the owner, like every command).

    loyaltydesk backup [--to FOLDER] [--passphrase-file F] [--auto]
    loyaltydesk backup --list [--to FOLDER]          loyaltydesk backup --verify FILE [--passphrase-file F]
    loyaltydesk restore FILE [--passphrase-file F] [--check]

``restore`` writes the backup into the database this command opened (SQLite's backup API, under
its write lock), so nothing is pulled from under an open connection; the database as it was is
kept aside first, and the path of that copy is printed. It proves what it must in seconds (the
backup's pages and schema before, the ledger's sums after); the full ``check`` (a minute at a
million members) runs after it with ``--check``, else the command says to run it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.services import backup, check, sealed_box
from loyaltydesk.services.progress import Cancelled

from .common import EXIT_ERROR, EXIT_OK, password_of, when
from .progress import bar

CANNOT_READ_PASSPHRASE = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot read the passphrase file {path}: {reason}.")


def _passphrase(args, backup_file: str | None = None) -> str | None:
    """The passphrase file's text; for a backup sealed to the owners (``.ldbox``) without one, the
    password this command signed in with (an owner's password opens it)."""
    if not getattr(args, "passphrase_file", None):
        if backup_file and getattr(args, "user", None) and sealed_box.is_boxed(Path(backup_file)):
            return password_of(args, args.user)[0]
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
    b.add_argument("--passphrase-file", metavar="F", help="encrypt with the passphrase in this file (8+ characters); "
                   "without one an encrypted club's backup is sealed to its owners (.ldbox), opened by an owner's "
                   "password")
    mode = b.add_mutually_exclusive_group()
    mode.add_argument("--auto", action="store_true",
                      help="the automatic backup: only if the newest is a day old; prunes old automatic ones")
    mode.add_argument("--list", action="store_true", help="list the backups in the folder")
    mode.add_argument("--verify", metavar="FILE", help="check a backup without restoring it")

    r = sub.add_parser("restore", help="replace the club by a backup (checked first; the current one is kept aside)")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--passphrase-file", metavar="F", help="the passphrase of an encrypted backup (.ldbk); a backup "
                   "sealed to the owners (.ldbox) opens with the password you signed in with, or an owner's in this file")
    r.add_argument("--check", action="store_true",
                   help="run the full check after the restore (else: run `loyaltydesk check` later)")

    commands.update({"backup": cmd_backup, "restore": cmd_restore})


def cmd_backup(s, args, out):
    if args.list:
        found = backup.list_backups(s, args.to)
        out.emit(found, "\n".join(
            f"{when(b.created_at)}  {'auto  ' if b.automatic else 'manual'}  {_kind(b):<9}"
            f"  {_size(b.size):>10}  {b.path}" for b in found) or "no backups")
    elif args.verify:
        with bar(out, "verify") as progress:
            found = backup.verify_backup(s, args.verify, _passphrase(args, args.verify), progress=progress)
        out.emit(found, f"{args.verify}: ok — {found.members:,} members, {found.purchases:,} purchases, "
                        f"{found.ledger:,} ledger entries (schema {found.migrations[-1]})")
    elif args.auto:
        with bar(out, "backup") as progress:
            info = backup.auto_backup(s, args.to, _passphrase(args), progress=progress)
        out.emit(info, _made(info) if info else "a recent backup exists: none due")
    else:
        with bar(out, "backup") as progress:
            info = backup.back_up_now(s, args.to, _passphrase(args), progress=progress)
        out.emit(info, _made(info))


def _kind(info) -> str:
    return "encrypted" if info.encrypted else "gzip" if info.compressed else "plain"


def _made(info) -> str:
    """What a backup just made says: where, how big, and what reading it back found (a backup that
    does not read back is deleted, and the command fails saying so)."""
    return (f"backed up to {info.path} ({_size(info.size)}{', ' + _kind(info) if info.encrypted or info.compressed else ''})\n"
            f"  read back and verified: {info.members:,} members, {info.purchases:,} purchases")


def cmd_restore(s, args, out):
    with bar(out, "restore") as progress:
        r = backup.restore(s, args.file, _passphrase(args, args.file), progress=progress)
    text = [f"restored {args.file}: {r.counts.members:,} members, {r.counts.purchases:,} purchases",
            f"  the database as it was is kept in {r.kept_aside}"]
    if r.migrated:
        text.append(f"  upgraded: {', '.join(r.migrated)}")
    if r.problems:
        text.append(f"  the ledger's sums disagree ({r.problems} problem(s)): run `loyaltydesk check`")
    if args.check:  # the club is restored whatever happens now: Ctrl+C stops only the check
        try:
            with bar(out, "check") as progress:
                found = check.check_database(s, progress=progress, full=True)  # nothing of the file trusted
        except Cancelled:
            text.append("  the full check was stopped: run `loyaltydesk check`")
        else:
            r = replace(r, full_check_problems=len(found))
            text += [f"  full check: {len(found)} problem(s)" if found else "  full check: no problems found"]
            text += [f"    {p.message}" for p in found[:20]]
    else:
        text.append("  the full check was not run: run `loyaltydesk check` (or restore with --check)")
    out.emit(r, "\n".join(text))
    return EXIT_ERROR if r.problems or r.full_check_problems else EXIT_OK
