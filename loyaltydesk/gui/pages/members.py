"""The members page: the whole club in one table that stays fast with a million members.

A filter bar (tier, status, joined between two Jalali dates, a search like the cashier's) and a
targeted list's filters (RFM segment, churn risk, days without a purchase, birthday month, SMS
consent, spend in a period; the owner's export of the list with mobiles) over a
``MemberTableModel``, which reads only the blocks of rows on screen. Sorting by a column header.
Enter or a double click opens the member in a ``MemberDialog``. From the search, Enter (or ↓)
filters at once and moves to the first row, so that a member is found and opened by keyboard alone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListWidget, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.analytics import SEGMENT_TITLES, SEGMENTS, month_key, prev_key
from loyaltydesk.domain.jalali import MONTH_WORDS, jalali_of, utc_now
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import member_list
from loyaltydesk.services.member_list import MemberFilters
from loyaltydesk.services.changes import Changes

from .. import i18n
from ..member_card import tier_color
from ..models.report_table import report_text
from ..widgets import MoneyEdit
from ..jalali_edit import JalaliDateEdit
from ..member_dialog import MemberDialog
from ..models.member_table import COLUMN, MemberTableModel
from ..ops import Runner
from ..progress import progress_call

FILTER_DELAY_MS = 250


class MembersPage(QWidget):
    """Filter bar, the table, and the member dialog."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("membersPage")
        self.runner = runner
        self.unit = "toman"
        self.dialog: MemberDialog | None = None

        self.search = QLineEdit()
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(self.tr("Card, mobile, its last digits, or a name"))
        self.search.setClearButtonEnabled(True)
        self.tier = QComboBox()
        self.tier.setObjectName("tierFilter")
        self.tier.addItem(self.tr("All tiers"), None)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("Active and blocked"), None)
        self.status.addItem(self.tr("Active"), "active")
        self.status.addItem(self.tr("Blocked"), "blocked")
        self.use_from = QCheckBox(self.tr("Joined from"))
        self.use_from.setObjectName("useFrom")
        self.joined_from = JalaliDateEdit()
        self.joined_from.setObjectName("joinedFrom")
        self.use_to = QCheckBox(self.tr("to"))
        self.use_to.setObjectName("useTo")
        self.joined_to = JalaliDateEdit()
        self.joined_to.setObjectName("joinedTo")
        today = QDate.currentDate()
        self.joined_to.setDate(today)
        self.joined_from.setDate(today.addYears(-1))
        self.joined_from.setEnabled(False)
        self.joined_to.setEnabled(False)
        self._targets()
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear_filters)

        self.count = QLabel()
        self.count.setObjectName("memberCount")
        self.problem = QLabel()
        self.problem.setObjectName("filterProblem")
        self.problem.setWordWrap(True)
        self.problem.setProperty("tone", "danger")
        self.problem.hide()

        self.model = MemberTableModel(runner, self)
        self.model.counted.connect(self._counted)
        self.model.failed.connect(self._failed)
        self.table = QTableView()
        self.table.setObjectName("memberTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # a million rows: never measure them
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN["name"], QHeaderView.ResizeMode.Stretch)
        for key, width in (("card", 150), ("mobile", 120), ("tier", 110), ("points", 90), ("status", 80),
                           ("joined", 100)):
            header.resizeSection(COLUMN[key], width)
        header.setSortIndicator(COLUMN["name"], Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_indicator)
        self.table.activated.connect(self._activated)

        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self._search_entered)
        self.search.installEventFilter(self)
        self._to_table = False  # move to the first row once the filtered list is counted
        for combo in (self.tier, self.status):
            combo.currentIndexChanged.connect(lambda _: self.apply_filters())
        for check, edit in ((self.use_from, self.joined_from), (self.use_to, self.joined_to)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _: self.apply_filters())
            edit.dateChanged.connect(lambda _, c=check: c.isChecked() and self._timer.start())

        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.tier)
        bar.addWidget(self.status)
        bar.addWidget(self.use_from)
        bar.addWidget(self.joined_from)
        bar.addWidget(self.use_to)
        bar.addWidget(self.joined_to)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(self.target_bar)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        counted = QHBoxLayout()
        counted.addWidget(self.count, 1)
        counted.addWidget(self.export_button)
        layout.addLayout(counted)
        self._tiers_loaded = False

    def _targets(self) -> None:
        """The second row: a targeted list's filters (issue 19). Segment, churn and spend read what
        members bought: the owner's (hidden for a cashier, as the services refuse them)."""
        self.segment = QComboBox()
        self.segment.setObjectName("segmentFilter")
        self.segment.addItem(self.tr("Any segment"), None)
        for key in SEGMENTS:
            self.segment.addItem(report_text(SEGMENT_TITLES[key]), key)
        self.churn = QCheckBox(self.tr("At churn risk"))
        self.churn.setObjectName("churnFilter")
        self.use_inactive = QCheckBox(self.tr("No purchase in"))
        self.use_inactive.setObjectName("useInactive")
        self.inactive_days = QSpinBox()
        self.inactive_days.setObjectName("inactiveDays")
        self.inactive_days.setRange(1, member_list.MAX_INACTIVE_DAYS)
        self.inactive_days.setValue(60)
        self.inactive_days.setSuffix(self.tr(" days"))
        self.inactive_days.setEnabled(False)
        self.birthday_month = QComboBox()
        self.birthday_month.setObjectName("birthdayMonthFilter")
        self.birthday_month.addItem(self.tr("Any birthday month"), None)
        for month, word in enumerate(MONTH_WORDS, start=1):
            self.birthday_month.addItem(QCoreApplication.translate("Words", word), month)
        self.consent = QCheckBox(self.tr("SMS consent"))
        self.consent.setObjectName("consentFilter")
        self.spend_period = QComboBox()
        self.spend_period.setObjectName("spendPeriod")
        self.spend_min = MoneyEdit(self.unit)
        self.spend_min.setObjectName("spendMin")
        self.spend_min.setPlaceholderText(self.tr("Spent at least"))
        self.spend_max = MoneyEdit(self.unit)
        self.spend_max.setObjectName("spendMax")
        self.spend_max.setPlaceholderText(self.tr("at most"))
        self._spend_periods()
        self.export_button = QPushButton(self.tr("Export the list…"))
        self.export_button.setObjectName("exportList")
        self.export_button.setToolTip(self.tr("Every member of the list with their mobile, to Excel or CSV"))
        self.export_button.clicked.connect(self.export_list)
        self.ask_save_path = self._ask_save_path  # a test puts its own function here
        self.exported: member_list.ListExport | None = None

        for combo in (self.segment, self.birthday_month, self.spend_period):
            combo.currentIndexChanged.connect(lambda _: self.apply_filters())
            # as wide as the row allows, not as the longest item: the row fits 1024 px in English too
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(9)
        for check in (self.churn, self.consent):
            check.toggled.connect(lambda _: self.apply_filters())
        self.use_inactive.toggled.connect(self.inactive_days.setEnabled)
        self.use_inactive.toggled.connect(lambda _: self.apply_filters())
        self.inactive_days.valueChanged.connect(lambda _: self.use_inactive.isChecked() and self._timer.start())
        for edit in (self.spend_min, self.spend_max):
            edit.textChanged.connect(lambda _: self._timer.start())
        self.owner_widgets = (self.segment, self.churn, self.spend_period, self.spend_min, self.spend_max,
                              self.export_button)
        bar = self.target_bar = QHBoxLayout()
        for w in (self.segment, self.churn, self.use_inactive, self.inactive_days, self.birthday_month,
                  self.consent, self.spend_period, self.spend_min, self.spend_max):
            bar.addWidget(w)
        bar.addStretch(1)

    def _spend_periods(self) -> None:
        """Spend "ever", or in one of the recent Jalali periods (the services' ``spend_period`` text)."""
        now = self.runner.clock() if self.runner.clock else utc_now()
        j = jalali_of(now)
        this = month_key(j.year, j.month)
        last = prev_key(this)
        back = this
        for _ in range(2):
            back = prev_key(back)
        year_back = this
        for _ in range(11):
            year_back = prev_key(year_back)

        def text(key: int) -> str:
            return f"{key // 100}/{key % 100:02d}"

        self.spend_period.addItem(self.tr("Spend ever"), None)
        for label, value in ((self.tr("Spend this month"), text(this)), (self.tr("Spend last month"), text(last)),
                             (self.tr("Spend in the last 3 months"), f"{text(back)}-{text(this)}"),
                             (self.tr("Spend in the last 12 months"), f"{text(year_back)}-{text(this)}"),
                             (self.tr("Spend this year"), str(j.year)),
                             (self.tr("Spend last year"), str(j.year - 1))):
            self.spend_period.addItem(label, value)

    # -- page protocol ------------------------------------------------------------------------------
    def set_unit(self, unit: str) -> None:
        self.unit = unit
        for edit in (self.spend_min, self.spend_max):
            rials = edit.rials()
            edit.unit = unit
            edit.set_rials(rials)

    shows = Changes.of("members", "purchases", "points", "tiers")

    def activate(self) -> None:
        """Shown: the keyboard goes to the search (Ctrl+2), unless it is walking the page list
        with the arrows."""
        if not isinstance(QApplication.focusWidget(), QListWidget):
            self.search.setFocus()
        session = self.runner.session
        for w in self.owner_widgets:
            w.setVisible(session is not None and session.user.role == Role.OWNER)

    def refresh(self, changes: Changes) -> None:
        """The tiers and the list read again (purchases move points and tiers; the member dialog's
        saves come here through the broadcast too)."""
        if changes.tiers or not self._tiers_loaded:
            self.runner.call(services.club.list_tiers, self._tiers)
        if self.model.listing is None:
            self.apply_filters()
        else:
            self.model.reload()

    def _tiers(self, tiers) -> None:
        chosen = self.tier.currentData()
        self.tier.blockSignals(True)
        self.tier.clear()
        self.tier.addItem(self.tr("All tiers"), None)
        for t in tiers:
            self.tier.addItem(t.name, t.id)
            self.tier.setItemData(self.tier.count() - 1, tier_color(t.color), Qt.ItemDataRole.DecorationRole)
        self.tier.setCurrentIndex(max(0, self.tier.findData(chosen)))
        self.tier.blockSignals(False)
        self._tiers_loaded = True

    # -- filtering ----------------------------------------------------------------------------------
    def filters(self) -> MemberFilters:
        return MemberFilters(
            tier_id=self.tier.currentData(), status=self.status.currentData(),
            joined_from=self.joined_from.jalali_text() if self.use_from.isChecked() else None,
            joined_to=self.joined_to.jalali_text() if self.use_to.isChecked() else None,
            text=self.search.text(),
            segment=self.segment.currentData(), churn_risk=self.churn.isChecked(),
            inactive_days=self.inactive_days.value() if self.use_inactive.isChecked() else None,
            birthday_month=self.birthday_month.currentData(), consent=self.consent.isChecked(),
            spend_period=self.spend_period.currentData(),
            spend_min=self.spend_min.rials() if self.spend_min.text().strip() else None,
            spend_max=self.spend_max.rials() if self.spend_max.text().strip() else None,
        )

    def apply_filters(self) -> None:
        self._timer.stop()
        self.model.set_filters(self.filters())

    def clear_filters(self) -> None:
        widgets = (self.search, self.tier, self.status, self.use_from, self.use_to, self.segment, self.churn,
                   self.use_inactive, self.birthday_month, self.consent, self.spend_period, self.spend_min,
                   self.spend_max)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        for combo in (self.tier, self.status, self.segment, self.birthday_month, self.spend_period):
            combo.setCurrentIndex(0)
        for check in (self.use_from, self.use_to, self.churn, self.use_inactive, self.consent):
            check.setChecked(False)
        self.spend_min.clear()
        self.spend_max.clear()
        self.joined_from.setEnabled(False)
        self.joined_to.setEnabled(False)
        self.inactive_days.setEnabled(False)
        for w in widgets:
            w.blockSignals(False)
        self.apply_filters()

    # -- the targeted list's export (the owner's; audited) ---------------------------------------------
    def _ask_save_path(self) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the list"), "members.xlsx",
                                              self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
        return path

    def export_list(self) -> None:
        """Every member the filters leave, with their mobile, to the file the owner chooses."""
        path = self.ask_save_path()
        if not path:
            return
        filters = self.filters()
        progress_call(self.runner, self, self.tr("Exporting the list…"),
                      lambda s, progress: member_list.export_list(s, filters, path, progress=progress),
                      self._exported, self._failed, self._export_stopped)

    def _export_stopped(self) -> None:
        self.exported = None
        self.problem.hide()
        self.count.setText(self.tr("The export was stopped: no file was written."))

    def _exported(self, result) -> None:
        self.exported = result
        self.problem.hide()
        self.count.setText(i18n.arg(self.tr("%1 member(s) written to %2"), i18n.number(result.rows), result.file))

    def _counted(self, total: int) -> None:
        self.problem.hide()
        self.count.setText(self.tr("%Ln member(s).", "", total))  # %Ln: the locale's digits and grouping
        if self._to_table:
            self._to_table = False
            self.go_to_table()

    # -- the keyboard -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.go_to_table()
            return True
        return super().eventFilter(watched, event)

    def _search_entered(self) -> None:
        """Enter in the search: filter now (not after the typing pause) and go to the first row."""
        if self._timer.isActive() or self.filters() != self.model.filters:
            self._to_table = True
            self.apply_filters()
        else:
            self.go_to_table()

    def go_to_table(self) -> None:
        """The first row becomes current and the table takes the keyboard (Enter opens it)."""
        if self.model.rowCount() == 0:
            return
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))  # (selectRow misses the column under RTL)
        self.table.setFocus()

    def _failed(self, error) -> None:
        self.problem.setText(i18n.error_text(error))
        self.problem.show()

    def _sort_indicator(self, column: int, order) -> None:
        """A column that cannot be sorted (status) keeps the arrow where the order really is."""
        if column != self.model.sort_column():
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(), self.model.sort_order())
            header.blockSignals(False)

    # -- opening a member -----------------------------------------------------------------------------
    def _activated(self, index) -> None:
        self.open_row(index.row())

    def open_row(self, row: int) -> MemberDialog | None:
        member = self.model.member_at(row)
        if member is None:  # its block is still on its way
            return None
        return self.open_member(member.card)

    def open_member(self, card: str) -> MemberDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = MemberDialog(self.runner, card, self.unit, self)
        self.dialog.open()
        return self.dialog
