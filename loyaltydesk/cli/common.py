"""What every command module shares: where the data lives, argument types parsed by the domain
rules, exit codes, the sign-in's password, what the errors log may keep of a command line, and the
``Out`` printer (text or ``--json``)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.domain.ids import parse_row_id
from loyaltydesk.domain.jalali import format_moment, from_iso, parse_moment
from loyaltydesk.domain.money import format_money, parse_amount, parse_int, parse_percent_bp
from loyaltydesk.domain.text import printable

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_C1 = re.compile("[\x7f-\x9f]")


PORTABLE_MARKER = "portable.txt"  # this file beside the program makes it portable
_portable = False  # set by ``--portable`` (see ``set_portable``)


def program_dir() -> Path:
    """The folder the program runs from: the executable's folder in a PyInstaller build, else the
    folder that holds the ``loyaltydesk`` package (the source tree or site-packages)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def set_portable(on: bool) -> None:
    global _portable
    _portable = bool(on)


def is_portable() -> bool:
    return _portable or (program_dir() / PORTABLE_MARKER).is_file()


def data_dir() -> Path:
    """Where the club (club.sqlite3, demo.sqlite3), its backups and the error log live.

    ``--portable`` puts them in ``data/`` beside the program (a USB stick); otherwise
    ``LOYALTYDESK_HOME`` if set (tests, a second club); otherwise a ``portable.txt`` beside the
    program does the same as ``--portable``; otherwise the user's data folder (platformdirs:
    ``%LOCALAPPDATA%\\LoyaltyDesk`` on Windows, ``~/.local/share/LoyaltyDesk`` on Linux), which the
    Windows installer never deletes.
    """
    if _portable:
        return program_dir() / "data"
    home = os.environ.get("LOYALTYDESK_HOME")
    if home:
        return Path(home)
    if is_portable():
        return program_dir() / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir("LoyaltyDesk", appauthor=False))


def default_db(demo: bool = False) -> Path:
    return data_dir() / ("demo.sqlite3" if demo else "club.sqlite3")


ERRORS_LOG = "loyaltydesk-errors.log"


def errors_log() -> Path:
    """The errors log: in the data folder, wherever the club itself is (``--db``)."""
    return data_dir() / ERRORS_LOG


# --- signing in -------------------------------------------------------------------------------

PASSWORD_ENV = "LOYALTYDESK_PASSWORD"
SIGN_IN_FIRST = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Sign in first: loyaltydesk --user NAME {command} ... (the password is read from "
                    "--password-file FILE, else from the environment variable LOYALTYDESK_PASSWORD, else asked for).")
NO_PASSWORD = QT_TRANSLATE_NOOP(
    "LoyaltyError", "No password for {username}, and no terminal to ask for it in: give --password-file FILE "
                    "(the password on its first line) or set the environment variable LOYALTYDESK_PASSWORD.")
CANNOT_READ_PASSWORD = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot read the password file {path}: {reason}.")


def password_of(args, username: str, *, new: bool = False) -> tuple[str, str]:
    """The password for ``username`` and its repeat: the first line of ``--password-file`` (UTF-8,
    a BOM allowed), else ``LOYALTYDESK_PASSWORD``, else typed at a prompt that does not echo, only
    when there is a terminal to type in. A ``new`` password (a new club's owner) is asked twice;
    from a file or the environment its repeat is itself. The caller's rules judge it."""
    if getattr(args, "password_file", None):
        try:
            text = Path(args.password_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise LoyaltyError(CANNOT_READ_PASSWORD, path=args.password_file,
                               reason=getattr(e, "strerror", None) or str(e)) from None
        line = text.split("\n", 1)[0].removesuffix("\r")
        return line, line
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV], os.environ[PASSWORD_ENV]
    if sys.stdin is None or not sys.stdin.isatty():
        raise LoyaltyError(NO_PASSWORD, username=username)
    try:
        password = getpass.getpass(f"{'New password' if new else 'Password'} for {username}: ")
        repeat = getpass.getpass("The same password again: ") if new else password
    except EOFError:
        raise LoyaltyError(NO_PASSWORD, username=username) from None
    return password, repeat


NO_SERVER_PASSWORD = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The club's server asks for the password of its user {user}, and there is no terminal to ask for "
                    "it in: set the environment variable PGPASSWORD (or keep the password on this PC from the app's "
                    "sign-in).")


def open_server_club(open_club, url: str):
    """``open_club(url)`` for a club on a server, the server's password found as
    ``services.server_login`` says (the URL's own, the OS keyring, libpq's ``PGPASSWORD`` or
    pgpass file); when the server still asks for it, typed at a prompt that does not echo (once
    more after a wrong one), only when there is a terminal to type in."""
    from loyaltydesk.services import server_login

    url = server_login.resolved(url)
    for _ in range(3):
        try:
            return open_club(url)
        except LoyaltyError as e:
            if not server_login.needs_password(e):
                raise
            user = server_login.place_of(url).user
            if sys.stdin is None or not sys.stdin.isatty():
                raise LoyaltyError(NO_SERVER_PASSWORD, user=user) from None
            if server_login.password_in(url) is not None:
                print(f"loyaltydesk: {printable(e.message)}", file=sys.stderr)
            try:
                typed = getpass.getpass(f"Server password for {server_login.key_of(url)}: ")
            except EOFError:
                raise LoyaltyError(NO_SERVER_PASSWORD, user=user) from None
            url = server_login.with_password(url, typed)
    return open_club(url)


def command_names(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """The command words and option names of ``argv``, none of its values: what the errors log
    keeps of a command line (a mobile, a name, a password file's path stay out of it)."""
    names, level = [], parser
    for token in argv:
        option = token.split("=", 1)[0]
        if option.startswith("-") and option in level._option_string_actions:
            names.append(option)
            continue
        commands = next((a.choices for a in level._actions if isinstance(a, argparse._SubParsersAction)), {})
        if token in commands:
            names.append(token)
            level = commands[token]
    return names


# --- argument types: parse with the domain rules, report with argparse ---------------------------

def arg_type(parse):
    def convert(text):
        try:
            return parse(text)
        except LoyaltyError as e:
            raise argparse.ArgumentTypeError(e.message) from None

    convert.__name__ = parse.__name__
    return convert


rials = arg_type(lambda t: parse_amount(t, "rial"))
percent = arg_type(lambda t: parse_percent_bp(t, "percent"))
multiplier = arg_type(lambda t: parse_percent_bp(t, "multiplier", maximum=1000) // 100)
points_arg = arg_type(lambda t: parse_int(t, "points", minimum=-(10**9), maximum=10**9))
count = arg_type(lambda t: parse_int(t, "count", minimum=0, maximum=10**9))
moment = arg_type(parse_moment)
# a purchase, refund or follow-up number: any whole number passes here, so that 0, -1 or 10**30 get
# the service's own "there is no purchase …" like any other number that names nothing
row_id = arg_type(parse_row_id)


# --- output ----------------------------------------------------------------------------------

class Out:
    def __init__(self, as_json: bool, unit: str = "toman"):
        self.as_json, self.unit = as_json, unit

    def money(self, rials: int | None) -> str:
        return "-" if rials is None else format_money(rials, self.unit, persian=False)

    def emit(self, data, text: str | None = None) -> None:
        # nothing stored reaches the terminal as a control character (ESC, CSI...): a name saved
        # before texts were cleaned, or read from a file (JSON escapes C0 itself; DEL and C1 here)
        if self.as_json:
            print(_C1.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(_plain(data), ensure_ascii=False, indent=2)))
        elif text is not None:
            print(printable(text))


def _plain(data):
    """Plain JSON values: a value that says how (``as_dict``) as it says, else a dataclass or a typed
    row (a NamedTuple) as an object of its fields."""
    if hasattr(data, "as_dict") and not isinstance(data, type):
        return _plain(data.as_dict())
    if is_dataclass(data) and not isinstance(data, type):
        return {k: _plain(v) for k, v in asdict(data).items()}
    if isinstance(data, tuple) and hasattr(data, "_asdict"):
        return {k: _plain(v) for k, v in data._asdict().items()}
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(v) for v in data]
    return data


def when(iso: str | None) -> str:
    return format_moment(from_iso(iso)) if iso else "-"


