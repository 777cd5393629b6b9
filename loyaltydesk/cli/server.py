"""The club on a PostgreSQL server from the command line (issue 23):

    loyaltydesk [--db FILE] --user OWNER move-to postgresql://USER@HOST/DATABASE
    loyaltydesk --db postgresql://... --user OWNER move-to FILE.sqlite3
    loyaltydesk server init postgresql://ADMIN@HOST/DATABASE --app-role NAME [--password-stdin]
    loyaltydesk server upgrade postgresql://ADMIN@HOST/DATABASE

``move-to`` is the owner's, signed in as for every command (services/move.py). ``server`` is the
server administrator's: it opens no club and signs in to none (the club has no users yet at
``init``); the administrator's own PostgreSQL sign-in guards it (services/server.py).
"""

from __future__ import annotations

import getpass
import sys

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .common import EXIT_OK, password_of
from .progress import bar

NO_ROLE_PASSWORD = QT_TRANSLATE_NOOP(
    "LoyaltyError", "No password for the role {role}, and no terminal to ask for it in: give it on standard input "
    "with --password-stdin.")


def register(sub, commands) -> None:
    m = sub.add_parser("move-to", help="copy the club to an empty PostgreSQL database, or from the server to a new "
                                       "club file, and prove the copy (owner)",
                       description="Copy the club into an empty PostgreSQL database (--db is the club file), or from "
                                   "the server (--db postgresql://...) into a new encrypted club file. Every row is "
                                   "copied and proven (counts, balances, tiers, the ledger's sums, the check on both "
                                   "sides); any difference leaves nothing behind. The club itself is not changed.")
    m.add_argument("target", metavar="TARGET", help="postgresql://USER@HOST:PORT/DATABASE, or FILE.sqlite3")

    s = sub.add_parser("server", help="set up or upgrade the club's PostgreSQL server (its administrator)")
    actions = s.add_subparsers(dest="action", metavar="ACTION", required=True)
    i = actions.add_parser("init", help="prepare an empty database: the schema and a role for the tills",
                           description="Make the club's schema in the empty database of the URL (as its administrator) "
                                       "and a LOGIN role for the program with only the rights it needs; prints the "
                                       "URL the tills use (never the password).")
    i.add_argument("url", metavar="ADMIN_URL", help="postgresql://ADMIN@HOST:PORT/DATABASE (an empty database)")
    i.add_argument("--app-role", required=True, metavar="NAME", help="the program's role, e.g. loyaltydesk_till")
    i.add_argument("--password-stdin", action="store_true",
                   help="read the role's password from standard input's first line (else it is asked twice)")
    u = actions.add_parser("upgrade", help="run a new version's migrations on the server (as its administrator)")
    u.add_argument("url", metavar="ADMIN_URL")

    cmd_server.clubless = True  # type: ignore[attr-defined]  # run() opens no club for it
    commands.update({"move-to": cmd_move_to, "server": cmd_server})


def cmd_move_to(s, args, out):
    from loyaltydesk.services import move  # psycopg: loaded only when a club moves

    to_server = args.target.startswith(("postgresql://", "postgres://"))
    with bar(out, "move") as progress:
        if to_server:
            r = move.move_to_server(s, args.target, progress=progress)
        else:
            r = move.move_to_file(s, args.target, password_of(args, s.user.username)[0], progress=progress)
    lines = [f"moved {r.source} -> {r.target}",
             f"  {r.tables} tables, {r.rows:,} rows, {r.members:,} members, {r.points:,} points on the ledger",
             "  proven: every table's rows, every member's points, window spend and tier, the ledger's and the "
             "purchases' sums; check clean on both sides"]
    if to_server:
        lines.append(f"  {r.sequences} id sequences set after the largest id copied")
        lines.append("  the club file is unchanged: point the tills at the server now (--db URL, or the app's settings)")
    elif r.without_key:
        lines.append(f"  users without a key to the new file yet: {', '.join(r.without_key)} — each signs in once "
                     "after the owner opened the club in the app on that computer, or gets a new password from the owner")
    out.emit(r, "\n".join(lines))
    return EXIT_OK


def _role_password(args) -> tuple[str, str | None]:
    if args.password_stdin:
        line = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
        return line, None
    if sys.stdin is None or not sys.stdin.isatty():
        raise LoyaltyError(NO_ROLE_PASSWORD, role=args.app_role)
    try:
        return (getpass.getpass(f"Password for the role {args.app_role}: "),
                getpass.getpass("The same password again: "))
    except EOFError:
        raise LoyaltyError(NO_ROLE_PASSWORD, role=args.app_role) from None


def cmd_server(args, out):
    from loyaltydesk.services import server  # psycopg: loaded only for a server's set-up

    if args.action == "init":
        password, repeat = _role_password(args)
        r = server.init_server(args.url, args.app_role, password, repeat)
        out.emit(r, "\n".join([
            f"the club's schema is made ({len(r.migrations)} steps) and the role {r.role} may use it",
            f"  {r.role} reads every table, writes the club's, only adds to {', '.join(r.journals)}; makes no table",
            f"the tills use:  {r.url}",
            "  (its password is not printed: each till asks for it once and keeps it in the system's keyring)",
            "a new version's steps are run by you: loyaltydesk server upgrade ADMIN_URL"]))
    else:
        r = server.upgrade_server(args.url)
        out.emit(r, "\n".join([
            f"upgraded: {', '.join(r.migrations)}" if r.migrations else "the server's schema is up to date",
            f"  rights granted again to: {', '.join(r.roles_granted) or 'no role'}"]))
    return EXIT_OK
