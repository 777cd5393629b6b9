"""What every command module shares: where the data lives, argument types parsed by the domain
rules, exit codes, and the ``Out`` printer (text or ``--json``)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path

from loyaltydesk.domain.errors import LoyaltyError
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
    if is_dataclass(data):
        return {k: _plain(v) for k, v in asdict(data).items()}
    if hasattr(data, "as_dict"):
        return _plain(data.as_dict())
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(v) for v in data]
    return data


def when(iso: str | None) -> str:
    return format_moment(from_iso(iso)) if iso else "-"


