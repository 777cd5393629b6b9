"""Language, direction, font, and how values and errors read on screen.

The Persian UI is the default: our ``loyaltydesk_fa.qm`` and Qt's own ``qtbase_fa.qm`` are loaded,
the layout runs right to left, digits are Persian with ٬ separators and dates Jalali. The English
UI (``LOYALTYDESK_LANG=en`` or the setting) uses the source strings: nothing is hard-coded.
"""

from __future__ import annotations

import os
import re
import string
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from loyaltydesk import resources
from loyaltydesk.domain.errors import LoyaltyError, Rials
from loyaltydesk.domain.jalali import format_moment, from_iso
from loyaltydesk.domain.money import Unit, format_decimal, format_percent, group_thousands, money_number
from loyaltydesk.domain.text import to_ascii_digits, to_persian_digits

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
TRANSLATIONS = resources.shipped("translations")
FONT_FAMILY = "Vazirmatn"


def language() -> str:
    """'fa' or 'en': the environment wins (tests, screenshots), then the saved setting."""
    lang = os.environ.get("LOYALTYDESK_LANG") or QSettings("LoyaltyDesk", "LoyaltyDesk").value("language", "fa")
    return "en" if str(lang).lower().startswith("en") else "fa"


_installed: list[QTranslator] = []


def install(app: QApplication, lang: str | None = None) -> str:
    """Load the font, translators and direction for ``lang``; returns the language used."""
    lang = lang or language()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    for path in (resources.FONT_REGULAR, resources.FONT_MEDIUM, resources.FONT_BOLD):
        QFontDatabase.addApplicationFont(str(path))
    font = QFont(FONT_FAMILY, 10)
    app.setFont(font)
    if lang == "fa":
        QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
        ours = QTranslator(app)
        if ours.load(str(TRANSLATIONS / "loyaltydesk_fa.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
        qt = QTranslator(app)
        if qt.load("qtbase_fa", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return lang


def uninstall(app: QApplication) -> None:
    """Back to the source strings, left to right (tests: what one test installs, the next doesn't get)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def is_persian() -> bool:
    return QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def ltr(text: str) -> str:
    """Keep card numbers, mobiles and Latin text left to right inside a right-to-left line."""
    return f"{LRI}{text}{PDI}"


def digits(text: str) -> str:
    """Persian digits in the Persian UI, Latin ones in the English UI (whatever ``text`` had)."""
    return to_persian_digits(text) if is_persian() else to_ascii_digits(str(text))


def number(n: int) -> str:
    sign = "-" if n < 0 else ""
    return sign + (to_persian_digits(group_thousands(abs(n), "٬")) if is_persian() else group_thousands(abs(n)))


def signed(n: int, plus: bool = False) -> str:
    """A number with its sign where a reader expects it, at the left of the digits even in a
    right-to-left line (``-۱٬۹۱۹``, not ``۱٬۹۱۹-``); ``plus`` writes ``+`` on a gain."""
    text = ("+" if plus and n > 0 else "") + number(n)
    return ltr(text) if text[:1] in "+-" and is_persian() else text


def unit_name(unit: str) -> str:
    if Unit(unit) is Unit.TOMAN:
        return QCoreApplication.translate("Money", "toman")
    return QCoreApplication.translate("Money", "rial")


_display_unit = "toman"


def set_display_unit(unit: str) -> None:
    """The club's display unit, for amounts filled into messages (``Rials`` parameters)."""
    global _display_unit
    _display_unit = Unit(unit).value


def display_unit() -> str:
    return _display_unit


def money(rials: int | None, unit: str, whole: bool = False) -> str:
    """Rials shown in the display unit: ``۱۲٬۵۰۰ تومان``. An odd rial of a toman shop shows after
    the one decimal sign (``۱۲٫۵ تومان``, as on the receipt); ``whole`` rounds to a whole unit
    (reports: an average of ``۲۵٬۱۹۴٬۳۳۷٫۸`` reads ``۲۵٬۱۹۴٬۳۳۸ تومان``)."""
    if rials is None:
        return "—"
    return f"{money_number(rials, unit, is_persian(), whole)} {unit_name(unit)}"


def decimal(value: float | None, places: int = 2) -> str:
    """A fraction with at most ``places`` decimals: ``۳٫۶۷`` (the Persian decimal sign), ``3.67``."""
    return "—" if value is None else format_decimal(value, is_persian(), places)


def percent(bp: int | None) -> str:
    """Basis points as a percent: ``۱۲٫۳۴٪``, ``12.34%``."""
    return "—" if bp is None else format_percent(bp, is_persian())


def moment(value: str | datetime | None) -> str:
    """An ISO UTC moment as a Jalali date and Tehran time."""
    if not value:
        return "—"
    return digits(format_moment(from_iso(value) if isinstance(value, str) else value))


def error_text(error: BaseException) -> str:
    """The message a person reads: every problem of a form, each translated and filled in
    (amounts in the club's display unit, grouped)."""
    problems = getattr(error, "problems", None)
    if problems:
        return "\n".join(problem_text(p) for p in problems)
    if isinstance(error, LoyaltyError):
        return _fill(error.template, error.params)
    return QCoreApplication.translate(
        "LoyaltyError", "Something went wrong and was written to the error log. Nothing was half-saved; please try again.")


def problem_text(problem) -> str:
    return _fill(problem.template, problem.params)


class _Quoting(string.Formatter):
    """``{value!r}`` of an isolated text quotes it as typed: ``'۰۹۱۲'``, not ``'\\u2068۰۹۱۲\\u2069'``."""

    def convert_field(self, value, conversion):
        if conversion == "r" and isinstance(value, str):
            return f"'{value}'"
        return super().convert_field(value, conversion)


_FORMATTER = _Quoting()


def _fill(template: str, params: dict) -> str:
    text = QCoreApplication.translate("LoyaltyError", template)
    # each filled-in text is isolated, so that a Latin value cannot turn a Persian line around; a
    # value with Latin letters or a path (a file name, 'sqlite3') is kept left to right with its
    # own digits, where a number or a mobile gets Persian digits like the rest of the line
    words = {k: _isolated(QCoreApplication.translate('Words', v)) if isinstance(v, str)
             else f"{FSI}{money(v, _display_unit)}{PDI}" if isinstance(v, Rials) else v
             for k, v in params.items()}
    try:
        filled = _FORMATTER.format(text, **words)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        filled = template.format(**params)
    if not is_persian():
        return filled
    return "".join(part if part.startswith(LRI) else digits(part) for part in _LATIN_SPANS.split(filled))


_LATIN = re.compile(r"[A-Za-z/\\]")
_LATIN_SPANS = re.compile(f"({LRI}[^{PDI}]*{PDI})")
_DATE_OR_NUMBER = re.compile(r"[\d۰-۹٬,./:\s-]+")  # a Jalali date (1404/12/30), a time, an amount


def _isolated(value: str) -> str:
    """A path or Latin text left to right with its own digits; a date or a number (even with its
    slashes: 1404/12/30 is no path) gets the line's Persian digits."""
    latin = _LATIN.search(value) and not _DATE_OR_NUMBER.fullmatch(value)
    return f"{LRI}{value}{PDI}" if latin else f"{FSI}{value}{PDI}"


def person(login: str, names: dict[str, str]) -> str:
    """A user as the shop knows them (the ledger, the change log): their display name from
    ``names``; the command line (which acts as the owner, as ``cli``) by that name; else the
    login, left to right."""
    if names.get(login):
        return names[login]
    if login == "cli":
        return QCoreApplication.translate("Words", "the command line")
    return ltr(login)


def _right_to_left(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff" for ch in text)


def arg(text: str, *values) -> str:
    """Fill Qt-style ``%1``, ``%2``… in a translated string (PySide's ``tr`` returns a plain str).
    Translators may reorder the numbered places; ``%Ln`` (plurals) is left to Qt.

    In the English UI a Persian value (a tier or a member's name) is isolated (FSI…PDI): otherwise
    the bidi rules carry the punctuation after it along with it ("نقره‌ای is kept." ended with
    its full stop on the wrong side)."""
    english = not is_persian()
    for i in range(len(values), 0, -1):  # %10 before %1
        value = str(values[i - 1])
        if english and _right_to_left(value):
            value = f"{FSI}{value}{PDI}"
        text = text.replace(f"%{i}", value)
    return text
