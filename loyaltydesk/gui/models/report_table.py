"""One ``Table`` of a ``Report`` (domain/report.py) as a read-only Qt model.

Each column is formatted by its ``Kind``: counts with Persian digits and ٬, money in the club's
display unit, basis points as percents, moments as Jalali Tehran time, card numbers and mobiles
left to right. Titles and text cells that are report source strings (segment names, aspects) are
translated in the ``"Report"`` context; names and tier names pass through unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from loyaltydesk.domain.ids import card_is_valid, format_card
from loyaltydesk.domain.report import Kind, Table, text_value

from .. import i18n

NUMERIC = {Kind.INT, Kind.MONEY, Kind.POINTS, Kind.PERCENT_BP, Kind.DECIMAL}


def report_text(text: str) -> str:
    """A report's English source string in the UI language."""
    return QCoreApplication.translate("Report", text) if text else text


def percent(bp: int) -> str:
    """Basis points as a percent: 1234 → ``۱۲٫۳۴٪`` (``12.34%`` in English)."""
    return i18n.percent(int(bp))


def decimal(value: float) -> str:
    return i18n.decimal(value)


def code(value) -> str:
    text = str(value)
    if card_is_valid(text):
        text = format_card(text)
    return i18n.ltr(i18n.digits(text))


def format_value(value, kind: Kind | str, unit: str) -> str:
    """How a report value reads on screen (the same for a summary figure and a table cell)."""
    if value is None or value == "":
        return "—"
    kind = Kind(kind)
    if kind in (Kind.INT, Kind.POINTS):
        return i18n.number(int(value))
    if kind is Kind.MONEY:  # whole tomans: a report's averages are no place for a rial
        return i18n.money(int(value), unit, whole=True)
    if kind is Kind.PERCENT_BP:
        return percent(value)
    if kind is Kind.DECIMAL:
        return decimal(value)
    if kind is Kind.MOMENT:
        return i18n.moment(value)
    if kind is Kind.DATE:
        return i18n.digits(str(value))
    if kind is Kind.CODE:
        return code(value)
    # segment names and the like translated, "1404 S3" as "پاییز ۱۴۰۴": printing.report does the same
    return i18n.digits(text_value(value, report_text))


class ReportTableModel(QAbstractTableModel):
    """Rows of one report table; ``UserRole`` gives the raw value of a cell."""

    def __init__(self, table: Table, unit: str, parent=None):
        super().__init__(parent)
        self.table = table
        self.unit = unit

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.table.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return report_text(self.table.columns[section].title)
        return i18n.number(section + 1)

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.table.columns[index.column()]
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value, column.kind, self.unit)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if Kind(column.kind) in NUMERIC:
                return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        return None

    def text(self, row: int, column: int) -> str:
        return self.data(self.index(row, column))
