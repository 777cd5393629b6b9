"""The plain shape of anything shown as a table: a report, an export, a list.

Services build ``Report`` values; the printing module turns one into an A4 PDF, the sheets writer
into xlsx/csv, the GUI into a table and chart, ``--json`` into a dict. Nobody downstream knows
which report it is: each column says what kind of value it holds, and so how to format it.

Titles and column titles are English source strings marked for translation (``QT_TRANSLATE_NOOP``
with the context ``"Report"``); whoever shows them translates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from .errors import QT_TRANSLATE_NOOP


class Kind(str, Enum):
    TEXT = "text"          # str: names and tier names as they are; report source strings (segment
                           # names, aspects, tier-move reasons) and season keys read through text_value
    INT = "int"            # a count: thousands separators, Persian digits on screen
    MONEY = "money"        # int rials: shown in the club's display unit
    POINTS = "points"      # int points
    PERCENT_BP = "percent_bp"  # int basis points: 1234 → ۱۲٫۳۴٪
    DECIMAL = "decimal"    # float shown with 1-2 decimals (visits per year, average score)
    MOMENT = "moment"      # ISO UTC 'YYYY-MM-DDTHH:MM:SSZ', shown Jalali Tehran
    DATE = "date"          # Jalali 'YYYY/MM/DD'
    CODE = "code"          # card numbers, mobiles: left to right inside RTL text


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]

    def as_dicts(self) -> list[dict]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row)) for row in self.rows]


@dataclass(frozen=True)
class Report:
    name: str                       # 'rfm', 'nps', 'members' ...
    title: str
    period: str = ""                # already formatted, e.g. "۱۴۰۴/۰۱/۰۱ تا ۱۴۰۴/۰۳/۳۱"
    summary: tuple[tuple[str, object, Kind], ...] = ()   # (label, value, kind) figures above the tables
    tables: tuple[Table, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "period": self.period,
            "summary": {label: value for label, value, _ in self.summary},
            "tables": [{"title": t.title, "rows": t.as_dicts()} for t in self.tables],
        }


SEASON_TITLES = (QT_TRANSLATE_NOOP("Report", "Spring"), QT_TRANSLATE_NOOP("Report", "Summer"),
                 QT_TRANSLATE_NOOP("Report", "Autumn"), QT_TRANSLATE_NOOP("Report", "Winter"))
_SEASON_KEY = re.compile(r"(\d{4}) S([1-4])")  # domain.analytics.key_label of a season: "1404 S3"


def _as_is(text: str) -> str:
    return text


def text_value(value, translate=_as_is) -> str:
    """A ``Kind.TEXT`` value in the reader's words, the same on screen and on paper.

    ``translate`` is the caller's translation of a report source string (Qt's, context
    ``"Report"``): segment names, aspects, categories and tier-move reasons come out in the UI
    language; names and tier names have no translation and stay as they are. A season key
    (``1404 S3``) reads as its season and year. Digits are left to the caller (Persian digits in
    the Persian UI and in the PDF)."""
    text = str(value)
    season = _SEASON_KEY.fullmatch(text)
    if season:
        return f"{translate(SEASON_TITLES[int(season.group(2)) - 1])} {season.group(1)}"
    return translate(text) if text else text
