"""The owner's reports: pick a report and a Jalali period, read its figures, tables and chart,
export it to PDF (print preview) or Excel. The controller: the only part of the page that calls
services; the layout and the showing are ``analytics_view``'s.

Each report is computed by ``services.analytics`` on the database thread; the page shows a
"working" line meanwhile and keeps answering. A newer request wins: an older result that arrives
late is dropped. RFM and churn are snapshots as of today, so the period does not apply to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QSpinBox, QWidget

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, Problem, ValidationError
from loyaltydesk.domain.jalali import TEHRAN, UTC, Period, jalali_of, last_month, season_period, this_month, this_year
from loyaltydesk.services import analytics
from loyaltydesk.services.changes import Changes

from .. import i18n, printing_actions
from ..jalali_edit import JalaliDateEdit
from ..models.report_table import report_text
from ..ops import Runner
from ..widgets import show_error
from .analytics_view import SNAPSHOTS, AnalyticsView, FigureBox  # noqa: F401 - (FigureBox: the page's, as before)

# The picker's names: the very titles the reports carry (already translated in "Report").
TITLES = {
    "rfm": QT_TRANSLATE_NOOP("Report", "RFM segments"),
    "value": QT_TRANSLATE_NOOP("Report", "Customer value"),
    "retention": QT_TRANSLATE_NOOP("Report", "Retention"),
    "churn": QT_TRANSLATE_NOOP("Report", "Churn risk"),
    "cost": QT_TRANSLATE_NOOP("Report", "Cost of the club"),
    "liability": QT_TRANSLATE_NOOP("Report", "Points liability"),
    "nps": QT_TRANSLATE_NOOP("Report", "Net promoter score"),
    "csat": QT_TRANSLATE_NOOP("Report", "Customer satisfaction (CSAT)"),
    "tiers": QT_TRANSLATE_NOOP("Report", "Tiers"),
    "growth": QT_TRANSLATE_NOOP("Report", "Club growth"),
    "cashiers": QT_TRANSLATE_NOOP("Report", "Sales by cashier"),
}
RANGE_EMPTY = QT_TRANSLATE_NOOP("LoyaltyError", "The period ends before it starts.")
CANNOT_WRITE = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot write {path}: {reason}.")
RERUN_DELAY_MS = 300


class CannotWrite(LoyaltyError):
    template = CANNOT_WRITE


# --- the period ---------------------------------------------------------------------------------

THIS_MONTH, LAST_MONTH, THIS_YEAR, SEASON, CUSTOM = "this_month", "last_month", "this_year", "season", "custom"

@dataclass(frozen=True)
class PeriodChoice:
    """What the chooser says, as plain values; ``period(now)`` turns it into UTC bounds (on the
    database thread, with the session's clock). ``first``/``last`` are the chosen days (inclusive)."""

    kind: str = THIS_YEAR
    year: int = 0
    season: int = 1
    first: date | None = None
    last: date | None = None

    def period(self, now: datetime) -> Period:
        if self.kind == THIS_MONTH:
            return this_month(now)
        if self.kind == LAST_MONTH:
            return last_month(now)
        if self.kind == SEASON:
            return season_period(self.year or jalali_of(now).year, self.season)
        if self.kind == CUSTOM and self.first and self.last:
            if self.last < self.first:
                raise ValidationError([Problem("period", RANGE_EMPTY)])
            return analytics.period_between(_start_of(self.first), _start_of(self.last + timedelta(days=1)))
        return this_year(now)


def _start_of(day: date) -> datetime:
    """00:00 Tehran time of a day, as a UTC moment."""
    return datetime(day.year, day.month, day.day, tzinfo=TEHRAN).astimezone(UTC)


class PeriodChooser(QWidget):
    """This month, last month, this year, a season of a Jalali year, or two Jalali dates."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setObjectName("periodKind")
        for key, text in ((THIS_MONTH, self.tr("This month")), (LAST_MONTH, self.tr("Last month")),
                          (THIS_YEAR, self.tr("This year")), (SEASON, self.tr("A season")),
                          (CUSTOM, self.tr("Between two dates"))):
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(self.kind.findData(THIS_YEAR))
        self.season = QComboBox()
        self.season.setObjectName("season")
        for n, text in enumerate((self.tr("Spring"), self.tr("Summer"), self.tr("Autumn"), self.tr("Winter")), 1):
            self.season.addItem(text, n)
        self.year = QSpinBox()
        self.year.setObjectName("seasonYear")
        self.year.setRange(1350, 1500)
        self.year.setValue(1404)
        self.first = JalaliDateEdit()
        self.first.setObjectName("periodFrom")
        self.last = JalaliDateEdit()
        self.last.setObjectName("periodTo")
        self.to_label = QLabel(self.tr("to"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.kind, self.season, self.year, self.first, self.to_label, self.last):
            row.addWidget(w)
        self._today_set = False
        self._show_parts()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.season.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.year.valueChanged.connect(lambda _: self.changed.emit())
        self.first.dateChanged.connect(lambda _: self.changed.emit())
        self.last.dateChanged.connect(lambda _: self.changed.emit())

    def _kind_changed(self, _=None) -> None:
        self._show_parts()
        self.changed.emit()

    def _show_parts(self) -> None:
        kind = self.kind.currentData()
        for w in (self.season, self.year):
            w.setVisible(kind == SEASON)
        for w in (self.first, self.to_label, self.last):
            w.setVisible(kind == CUSTOM)

    def set_today(self, now: datetime) -> None:
        """Once: the season's year, and the custom range from the first of this month to today."""
        if self._today_set:
            return
        self._today_set = True
        j = jalali_of(now)
        for w in (self.year, self.first, self.last):
            w.blockSignals(True)
        self.year.setValue(j.year)
        self.first.set_jalali(j.year, j.month, 1)
        self.last.set_jalali(j.year, j.month, j.day)
        for w in (self.year, self.first, self.last):
            w.blockSignals(False)

    def choose(self, kind: str, year: int = 0, season: int = 1, first: tuple | None = None,
               last: tuple | None = None) -> None:
        """Set the chooser from code (Jalali (y, m, d) tuples for a custom range)."""
        self.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        if year:
            self.year.setValue(year)
        self.season.setCurrentIndex(self.season.findData(season))
        if first:
            self.first.set_jalali(*first)
        if last:
            self.last.set_jalali(*last)
        self.blockSignals(False)
        self.changed.emit()

    def choice(self) -> PeriodChoice:
        return PeriodChoice(self.kind.currentData(), self.year.value(), self.season.currentData(),
                            self.first.date().toPython(), self.last.date().toPython())


# --- the page ------------------------------------------------------------------------------------

class AnalyticsPage(AnalyticsView):
    """The controller (a ``pages.Page``): fills the picker, computes the chosen report on the
    database thread, exports it to PDF and Excel."""

    shows = Changes.of("purchases", "members", "points", "surveys", "tiers", "settings")

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(analytics.CHARTS, PeriodChooser(), parent)
        self.runner = runner
        self._seq = 0
        # where the Excel file goes; a test puts its own function here
        self.ask_save_path = self._ask_save_path
        for name in analytics.NAMES:
            self.picker.addItem(report_text(TITLES[name]), name)
        self._rerun = QTimer(self, singleShot=True, interval=RERUN_DELAY_MS)
        self._rerun.timeout.connect(self.run)
        self.picker.currentIndexChanged.connect(lambda _: self._picked())
        self.period.changed.connect(self._rerun.start)
        self.by_season.toggled.connect(lambda _: self.run())
        self.refresh_button.clicked.connect(self.run)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.excel_button.clicked.connect(self.export_excel)
        self._picked(run=False)
        self._set_exports()

    # -- page protocol ---------------------------------------------------------------------------
    def set_unit(self, unit: str) -> None:
        self.unit = unit
        if self.report is not None:
            self.show_report(self.report)

    def activate(self) -> None:
        """Shown: the keyboard goes to the report picker (↑/↓ choose a report)."""
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self, changes: Changes) -> None:
        """The chosen report computed again: the first time the page is shown, and when what it
        counts changed (on screen at once, else when next shown)."""
        self.run()

    # -- choosing ---------------------------------------------------------------------------------
    def name(self) -> str:
        return self.picker.currentData()

    def choose(self, name: str) -> None:
        self.picker.setCurrentIndex(self.picker.findData(name))

    def _picked(self, run: bool = True) -> None:
        name = self.name()
        snapshot = name in SNAPSHOTS
        self.period.setEnabled(not snapshot)
        self.period.setToolTip(self.tr("A snapshot as of today: the period does not apply.") if snapshot else "")
        self.by_season.setVisible(name == "retention")
        if run:
            self.run()

    # -- computing -----------------------------------------------------------------------------------
    def run(self) -> None:
        """Compute the chosen report for the chosen period on the database thread."""
        self._rerun.stop()
        self._seq += 1
        seq, name, choice = self._seq, self.name(), self.period.choice()
        options = {"by": rules.SEASON} if name == "retention" and self.by_season.isChecked() else {}

        def job(s):
            from loyaltydesk.services import club

            report = analytics.report(s, name, choice.period(s.now()), **options)
            colors = {t.name: t.color for t in club.list_tiers(s)} if name == "tiers" else {}
            return report, colors, s.now()

        def done(value):
            if seq != self._seq:
                return  # the owner has asked for another report meanwhile
            report, colors, now = value
            self.running = False
            self.period.set_today(now)
            self.tier_colors = colors
            self.status.clear()
            self.show_report(report)

        def failed(error):
            if seq != self._seq:
                return
            self.running = False
            self._message(i18n.error_text(error), error=True)
            self._set_exports()

        self.running = True
        self._message(self.tr("Working… the report is being prepared."))
        self._set_exports()
        self.runner.call(job, done, failed)

    # -- exporting -----------------------------------------------------------------------------------
    def export_pdf(self) -> None:
        """The report as an A4 PDF (printing.report), made on the database thread, in the preview."""
        report, unit = self.report, self.unit
        if report is None:
            return

        def job(s):
            from loyaltydesk.printing.report import report_pdf
            from loyaltydesk.services import documents, seals

            # the screen's own translation: the PDF names segments, seasons and titles as the page does
            return report_pdf(report, shop_name=documents.shop_name(s), unit=unit, translate=report_text,
                              seal=seals.latest_fingerprint(s.db))  # the paper anchors the records' seal

        def done(pdf):
            self.status.clear()
            printing_actions.show_pdf(self, pdf, report_text(report.title), f"{report.name}.pdf")

        self._message(self.tr("Working… the PDF is being made."))
        self.runner.call(job, done, lambda e: (self.status.clear(), show_error(self, e)))

    def _ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report as Excel"), suggested,
                                              self.tr("Excel workbook (*.xlsx)"))
        return path

    def export_excel(self) -> None:
        """The report as an Excel workbook (printing.sheets), written on the database thread."""
        report, unit = self.report, self.unit
        if report is None:
            return
        path = self.ask_save_path(str(Path.home() / f"{report.name}.xlsx"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"

        def job(s):
            from loyaltydesk.printing.sheets import write_report

            try:
                write_report(report, Path(path), unit=unit)
            except OSError as e:
                raise CannotWrite(path=path, reason=e.strerror or str(e)) from None
            return path

        def done(written):
            self._message(i18n.arg(self.tr("Saved: %1"), i18n.ltr(written)))

        self.runner.call(job, done, lambda e: self._message(i18n.error_text(e), error=True))
