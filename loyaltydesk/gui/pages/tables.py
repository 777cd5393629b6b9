"""Small pieces the owner's pages share: a read-only table, its cells, a status line."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from .. import i18n


def jalali_day(iso: str | None) -> str:
    """The Jalali date (Tehran) of a stored moment: ``۱۴۰۵/۰۱/۰۱``."""
    return i18n.moment(iso).split(" ")[0] if iso else "—"


def message(label: QLabel, text: str, error: bool = False) -> None:
    """A status line: green for what was done, red for what was refused."""
    label.setText(text)
    label.setProperty("error", error)
    label.setStyleSheet("color:#c62828;" if error else "color:#2e7d32;")


def read_only_table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    return table


def cell(text: str, ltr: bool = False) -> QTableWidgetItem:
    """A table cell; ``ltr`` keeps a code, a user name or a path left to right in a Persian row."""
    return QTableWidgetItem(i18n.ltr(text) if ltr else text)


def selected_row(table: QTableWidget) -> int:
    """The selected row, or -1 (the current cell may lag behind a selection made from code)."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1
