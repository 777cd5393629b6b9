"""The members table as a Qt model that never holds the whole club.

``rowCount`` is the number of members the filters leave; the rows themselves come in blocks of
``BLOCK`` read on the database thread (``services.member_list.page``) when the view first asks
for one of their cells. Until a block arrives its cells show a placeholder; then ``dataChanged``
repaints them. At most ``KEEP_BLOCKS`` blocks are kept (least recently used go first).

A scroll bar dragged from top to bottom asks for many blocks it passes by. Only one block is
read at a time, and the next one read is the one the view asked for last: after a jump, the rows
on screen come first and the ones scrolled past are forgotten. A new filter or sort bumps the
generation; answers for an older one are dropped.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.services import member_list
from loyaltydesk.services.member_list import MemberFilters

from .. import i18n, theme
from ..member_card import card_text, mobile_text, tier_color
from ..ops import Runner

BLOCK = 100
KEEP_BLOCKS = 60
WANTED = 6  # blocks asked for and not read yet: only the latest few still matter
ROW_ROLE = Qt.ItemDataRole.UserRole

# column key, header (translated when shown), service sort or None
COLUMNS = (
    ("name", QT_TRANSLATE_NOOP("MemberTableModel", "Name"), "name"),
    ("card", QT_TRANSLATE_NOOP("MemberTableModel", "Card"), "card"),
    ("mobile", QT_TRANSLATE_NOOP("MemberTableModel", "Mobile"), "mobile"),
    ("tier", QT_TRANSLATE_NOOP("MemberTableModel", "Tier"), "tier"),
    ("points", QT_TRANSLATE_NOOP("MemberTableModel", "Points"), "points"),
    ("status", QT_TRANSLATE_NOOP("MemberTableModel", "Status"), None),
    ("joined", QT_TRANSLATE_NOOP("MemberTableModel", "Joined"), "joined"),
)
COLUMN = {key: i for i, (key, _, _) in enumerate(COLUMNS)}


class MemberTableModel(QAbstractTableModel):
    """Rows of ``services.member_list`` for a ``QTableView``. ``counted(total)`` after each new
    filter or sort, ``failed(error)`` when the filters are refused (every problem at once)."""

    counted = Signal(int)
    failed = Signal(object)
    block_loaded = Signal(int, float)  # block number, seconds from asking to showing

    def __init__(self, runner: Runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.filters = MemberFilters()
        self.sort_key, self.descending = "name", False
        self.listing: member_list.MemberList | None = None
        self.generation = 0
        self._blocks: OrderedDict[int, list] = OrderedDict()
        self._wanted: OrderedDict[int, float] = OrderedDict()  # block -> when first asked
        self._reading: int | None = None
        self._preparing = False
        self._again = False
        self.reads = 0  # blocks read since the last reset (tests and the benchmark look)

    # -- what to list ---------------------------------------------------------------------------
    def set_filters(self, filters: MemberFilters) -> None:
        self.filters = filters
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:  # Qt's name
        key = COLUMNS[column][2] if 0 <= column < len(COLUMNS) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self.listing is not None:
            return
        self.sort_key, self.descending = key, descending
        if self.listing is not None or self._preparing:  # before the first list: only remember it
            self.reload()

    def sort_column(self) -> int:
        return next(i for i, (_, _, sort) in enumerate(COLUMNS) if sort == self.sort_key)

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder

    def reload(self) -> None:
        """Count and order again (new filters, a new sort, or members changed). Rows already on
        screen stay until the new count arrives, so that the table does not flash empty."""
        if self._preparing:
            self._again = True  # one more when this one is back: the latest choice wins
            return
        self._preparing = True
        self.generation += 1
        generation, filters, sort, descending = self.generation, self.filters, self.sort_key, self.descending
        self.runner.call(lambda s: member_list.prepare(s, filters, sort, descending),
                         lambda listing: self._prepared(generation, listing),
                         lambda error: self._prepare_failed(generation, error))

    def _prepared(self, generation: int, listing) -> None:
        self._preparing = False
        if self._again:
            self._again = False
            self.reload()
            return
        self.beginResetModel()
        self.listing = listing
        self._blocks.clear()
        self._wanted.clear()
        self.reads = 0
        self.endResetModel()
        self.counted.emit(listing.total)

    def _prepare_failed(self, generation: int, error) -> None:
        self._preparing = False
        if self._again:
            self._again = False
            self.reload()
            return
        self.failed.emit(error)

    # -- reading blocks ---------------------------------------------------------------------------
    def _row(self, row: int):
        block, at = divmod(row, BLOCK)
        rows = self._blocks.get(block)
        if rows is None:
            self._want(block)
            return None
        self._blocks.move_to_end(block)
        return rows[at] if at < len(rows) else None

    def _want(self, block: int) -> None:
        if block in self._wanted:
            self._wanted.move_to_end(block)
        else:
            self._wanted[block] = time.perf_counter()
            while len(self._wanted) > WANTED:
                self._wanted.popitem(last=False)
        self._read_next()

    def _read_next(self) -> None:
        if self._reading is not None or not self._wanted or self.listing is None:
            return
        block, asked = self._wanted.popitem(last=True)  # the latest asked: the rows on screen now
        listing, generation = self.listing, self.generation
        self._reading = block  # noted before the call: its answer may never come before this line
        try:
            self.runner.call(lambda s: member_list.page(s, listing, block * BLOCK, BLOCK),
                             lambda rows: self._arrived(generation, block, asked, rows),
                             lambda error: self._read_failed(generation, block, error))
        except RuntimeError:  # the app is closing: the runner takes no more work
            self._reading = None
            self._wanted.clear()

    def _arrived(self, generation: int, block: int, asked: float, rows: list) -> None:
        self._reading = None
        if generation == self.generation and self.listing is not None:
            self._blocks[block] = rows
            while len(self._blocks) > KEEP_BLOCKS:
                self._blocks.popitem(last=False)
            self.reads += 1
            first = block * BLOCK
            last = min(first + BLOCK, self.rowCount()) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            self.block_loaded.emit(block, time.perf_counter() - asked)
        self._read_next()

    def _read_failed(self, generation: int, block: int, error) -> None:
        self._reading = None
        if generation == self.generation:
            self.failed.emit(error)
        self._read_next()

    def loading(self) -> bool:
        return self._preparing or self._reading is not None or bool(self._wanted)

    def is_loaded(self, row: int) -> bool:
        return row // BLOCK in self._blocks

    def member_at(self, row: int):
        """The ``MemberRow`` shown at ``row``, or None while its block is on its way."""
        rows = self._blocks.get(row // BLOCK)
        return rows[row % BLOCK] if rows is not None and row % BLOCK < len(rows) else None

    # -- Qt's model interface ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() or self.listing is None else self.listing.total

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return i18n.number(section + 1)
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.listing is None or index.row() >= self.listing.total:
            return None
        m = self._row(index.row())
        key = COLUMNS[index.column()][0]
        if m is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return "…" if key == "name" else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return theme.tone_color("muted")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(m, key)
        if role == ROW_ROLE:
            return m
        if role == Qt.ItemDataRole.DecorationRole and key == "tier" and m.tier:
            return tier_color(m.tier_color)  # the view draws a swatch of the tier's colour (member_card's, as everywhere)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status" and m.status != "active":
            return theme.tone_color("danger")
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("points", "joined", "card", "mobile"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key == "name":
            return m.name
        return None

    def _text(self, m, key: str) -> str:
        if key == "name":
            return m.name or self.tr("(no name)")
        if key == "card":  # as every page writes them (member_card)
            return card_text(m.card)
        if key == "mobile":
            return mobile_text(m.mobile)
        if key == "tier":
            return m.tier or self.tr("No tier")
        if key == "points":
            return i18n.number(m.points)
        if key == "status":
            return self.tr("Active") if m.status == "active" else self.tr("Blocked")
        return i18n.digits(m.joined_jalali)
