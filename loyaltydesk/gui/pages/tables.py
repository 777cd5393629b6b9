"""Small pieces the owner's pages share: a read-only table, its cells, a status line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPalette, QTextDocumentFragment
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from .. import i18n, theme


def jalali_day(iso: str | None) -> str:
    """The Jalali date (Tehran) of a stored moment: ``۱۴۰۵/۰۱/۰۱``."""
    return i18n.moment(iso).split(" ")[0] if iso else "—"


def message(label: QLabel, text: str, error: bool = False) -> None:
    """A status line: green for what was done, red for what was refused."""
    label.setText(text)
    label.setProperty("error", error)
    theme.set_tone(label, "danger" if error else "success")


class NotedTable(QTableWidget):
    """A table that, while it has no rows, says why in its middle (``empty_text``: what would be
    listed and how to add one) instead of standing as an empty white pane. Drawn in the palette's
    placeholder colour, so in either theme."""

    empty_text = ""

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.rowCount() or not self.empty_text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        room = self.viewport().rect().adjusted(16, 16, -16, -16)
        painter.drawText(room, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text)
        painter.end()


def say_when_empty(table: QTableWidget, text: str) -> None:
    """What ``table`` (a ``read_only_table``) says while it has no rows."""
    assert isinstance(table, NotedTable)
    table.empty_text = text
    table.viewport().update()


def fit_to_rows(table: QTableWidget, least: int = 4) -> None:
    """``table`` no taller than its rows (room for ``least`` at least): a short list (the shop's
    few users) leaves the page's own background below it, not an empty white pane."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    rows += max(0, least - table.rowCount()) * table.verticalHeader().defaultSectionSize()
    table.setMaximumHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()
                           + table.horizontalScrollBar().sizeHint().height())


def read_only_table(headers: list[str], name: str, empty: str = "") -> QTableWidget:
    """A table to read and choose a row from; ``empty``: what it says while it has no rows."""
    table = NotedTable(0, len(headers))
    table.empty_text = empty
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # nothing to edit in a cell: Tab goes on to the next field (a refund's amount)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    copy = QAction(table)
    copy.setShortcut(QKeySequence.StandardKey.Copy)
    copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    copy.triggered.connect(lambda: QApplication.clipboard().setText(
        row_text(table, selected_row(table) if selected_row(table) >= 0 else table.currentRow())))
    table.addAction(copy)
    return table


BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"))


def row_text(table: QTableWidget, row: int) -> str:
    """A row as a person reads it, cells apart by tabs (Ctrl+C: a line of the log or the ledger
    pasted into a message); a rich-text cell (a colour swatch) as its plain text."""
    if row < 0:
        return ""
    cells = []
    for c in range(table.columnCount()):
        widget = table.cellWidget(row, c)
        if isinstance(widget, QLabel):
            text = QTextDocumentFragment.fromHtml(widget.text()).toPlainText()
        else:
            item = table.item(row, c)
            text = item.text() if item is not None else ""
        cells.append(text.translate(BIDI_CONTROLS).replace("\n", " | "))
    return "\t".join(cells)


@contextmanager
def filling(table: QTableWidget) -> Iterator[QTableWidget]:
    """Fill or refill a table's cells with its columns measured once, at the end, not per cell.

    A column sized to its contents is measured again, every row of it, each time a cell of a
    shown table is replaced (Qt lays the changed cell out at once, which runs the resize it has just
    posted): refilling the 300 rows of the audit log took 17 s, a freeze for whoever pressed
    "Refresh". Filling blank rows is cheap only by luck of Qt's pending layout, so every refill goes
    through here: selection, current cell and scrolling stay as they were.
    """
    header = table.horizontalHeader()
    measured = [c for c in range(header.count())
                if header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents]
    for c in measured:
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
    try:
        yield table
    finally:
        for c in measured:  # measured once, before anything reads a width (row heights included)
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)


def cell(text: str, ltr: bool = False) -> QTableWidgetItem:
    """A table cell; ``ltr`` keeps a code, a user name or a path left to right in a Persian row."""
    return QTableWidgetItem(i18n.ltr(text) if ltr else text)


def selected_row(table: QTableWidget) -> int:
    """The selected row, or -1 (the current cell may lag behind a selection made from code)."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1
