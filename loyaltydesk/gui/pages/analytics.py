"""The owner's reports: pick a report and a Jalali period, read its figures, tables and chart,
export it to PDF (print preview) or Excel.

Each report is computed by ``services.analytics`` on the database thread; the page shows a
"working" line meanwhile and keeps answering. A newer request wins: an older result that arrives
late is dropped. RFM and churn are snapshots as of today, so the period does not apply to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSpinBox, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, Problem, ValidationError
from loyaltydesk.domain.jalali import TEHRAN, UTC, Period, jalali_of, last_month, season_period, this_month, this_year
from loyaltydesk.domain.money import Unit
from loyaltydesk.domain.report import Kind, Report
from loyaltydesk.domain.tiers import DEFAULT_TIER_COLOR
from loyaltydesk.services import analytics

from .. import i18n, printing_actions, theme
from ..charts import LINE, Chart, Series
from ..jalali_edit import JalaliDateEdit
from ..models.report_table import ReportTableModel, decimal, format_value, percent, report_text
from ..ops import Runner
from ..widgets import show_error

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
SNAPSHOTS = ("rfm", "churn")  # about every buyer as of now, whatever the period
SEGMENT_COLORS = {  # the palette's colour (gui/theme.py) of each RFM segment's bar
    "champions": "success", "loyal": "chart5", "potential": "accent", "new": "chart1",
    "at_risk": "warning", "hibernating": "disabled", "lost": "danger",
}
RANGE_EMPTY = QT_TRANSLATE_NOOP("LoyaltyError", "The period ends before it starts.")
CANNOT_WRITE = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot write {path}: {reason}.")
RERUN_DELAY_MS = 300
RLM = "\u200f"


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

class FigureBox(QFrame):
    """One summary figure: a small title over a big value."""

    def __init__(self, title: str, value: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("figure")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title)
        self.title.setProperty("tone", "muted")
        self.title.setWordWrap(True)
        self.value = QLabel(value)
        self.value.setObjectName("figureValue")
        font = self.value.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.value.setFont(font)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.addWidget(self.title)
        column.addWidget(self.value)


class AnalyticsPage(QWidget):
    """Report picker, period, figures, chart and tables; PDF and Excel export."""

    shown = Signal(object)  # the Report now on screen

    FIGURES_PER_ROW = 6  # at most

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("analyticsPage")
        self.runner = runner
        self.unit = "toman"
        self.report: Report | None = None
        self.tier_colors: dict[str, str] = {}
        self.models: list[ReportTableModel] = []
        self.figure_boxes: list[FigureBox] = []
        self.running = False
        self._seq = 0
        self._loaded = False
        # where the Excel file goes; a test puts its own function here
        self.ask_save_path = self._ask_save_path

        self.picker = QComboBox()
        self.picker.setObjectName("reportPicker")
        for name in analytics.NAMES:
            self.picker.addItem(report_text(TITLES[name]), name)
        self.period = PeriodChooser()
        self.by_season = QCheckBox(self.tr("By season"))
        self.by_season.setObjectName("bySeason")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refreshReport")
        self.pdf_button = QPushButton(self.tr("PDF…"))
        self.pdf_button.setObjectName("exportPdf")
        self.excel_button = QPushButton(self.tr("Excel…"))
        self.excel_button.setObjectName("exportExcel")
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.title = QLabel()
        self.title.setObjectName("reportTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        self.period_label = QLabel()
        self.period_label.setObjectName("reportPeriod")
        self.period_label.setProperty("tone", "muted")

        self.figures = QGridLayout()
        self.figures.setSpacing(8)
        self.chart_caption = QLabel()
        self.chart_caption.setObjectName("chartCaption")
        self.chart = Chart()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTables")

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Report")))
        bar.addWidget(self.picker)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period)
        bar.addWidget(self.by_season)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.excel_button)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.period_label, 1)
        chart_box = QWidget()
        chart_column = QVBoxLayout(chart_box)
        chart_column.setContentsMargins(0, 0, 0, 0)
        chart_column.addWidget(self.chart_caption)
        chart_column.addWidget(self.chart, 1)
        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.addWidget(chart_box)
        self.body.addWidget(self.tabs)
        self.body.setStretchFactor(0, 1)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([320, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addLayout(heading)
        layout.addLayout(self.figures)
        layout.addWidget(self.body, 1)

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
        """Shown: the keyboard goes to the report picker (↑/↓ choose a report), and the chosen
        report is computed the first time (afterwards, Refresh recomputes)."""
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self._loaded:
            self._loaded = True
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

    def _message(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        theme.set_tone(self.status, "danger" if error else "muted")

    def _set_exports(self) -> None:
        ready = self.report is not None and not self.running
        self.pdf_button.setEnabled(ready)
        self.excel_button.setEnabled(ready)
        self.body.setEnabled(not self.running)

    # -- showing -------------------------------------------------------------------------------------
    def show_report(self, report: Report) -> None:
        self.report = report
        self.title.setText(report_text(report.title))
        if report.name in SNAPSHOTS:
            self.period_label.setText(i18n.arg(self.tr("As of %1"), i18n.digits(report.period)))
        else:
            self.period_label.setText(i18n.arg(self.tr("Period: %1"), self._period_words(report.period)))
        self._show_figures(report)
        self._show_tables(report)
        self._show_chart(report)
        self._set_exports()
        self.shown.emit(report)

    def _period_words(self, period: str) -> str:
        """A report's period ("A تا B", as the service writes it for the Persian PDF) in the UI's
        language: "1405/01/01 to 1405/09/12" in English."""
        first, between, last = period.partition(" تا ")
        if between:
            return i18n.arg(self.tr("%1 to %2"), i18n.digits(first), i18n.digits(last))
        return i18n.digits(period)

    def _show_figures(self, report: Report) -> None:
        for box in self.figure_boxes:
            self.figures.removeWidget(box)
            box.hide()  # at once: deleteLater waits for the event loop
            box.deleteLater()
        self.figure_boxes = []
        rows = -(-len(report.summary) // self.FIGURES_PER_ROW)
        per_row = -(-len(report.summary) // max(1, rows))  # 7 figures: 4 + 3, not 6 + 1
        for i, (label, value, kind) in enumerate(report.summary):
            box = FigureBox(report_text(label), format_value(value, kind, self.unit))
            self.figures.addWidget(box, i // per_row, i % per_row)
            box.show()
            self.figure_boxes.append(box)
        self.layout().activate()

    def _show_tables(self, report: Report) -> None:
        current = self.tabs.currentIndex()
        while self.tabs.count():
            view = self.tabs.widget(0)
            self.tabs.removeTab(0)
            view.hide()
            view.deleteLater()
        self.models = []
        for table in report.tables:
            model = ReportTableModel(table, self.unit, self)
            view = QTableView()
            view.setObjectName(f"reportTable_{len(self.models)}")
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.models.append(model)
            self.tabs.addTab(view, i18n.arg(self.tr("%1 (%2)"), report_text(table.title), i18n.number(len(table.rows))))
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)

    def _show_chart(self, report: Report) -> None:
        index, label_key, value_keys, kind = analytics.CHARTS[report.name]
        table = report.tables[index]
        keys = [c.key for c in table.columns]
        label_col = keys.index(label_key)
        labels = [format_value(row[label_col], table.columns[label_col].kind, self.unit) for row in table.rows]
        series, value_kind = [], Kind.INT
        for key in value_keys:
            column = table.columns[keys.index(key)]
            value_kind = Kind(column.kind)
            values = tuple(self._plot_value(row[keys.index(key)], value_kind) for row in table.rows)
            series.append(Series(report_text(column.title), values))  # in the theme's n-th colour
        colors = None
        if report.name == "tiers":
            colors = [theme.tier_color(self.tier_colors.get(row[label_col], DEFAULT_TIER_COLOR)) for row in table.rows]
        elif report.name == "rfm":
            by_title = {rules.SEGMENT_TITLES[s]: c for s, c in SEGMENT_COLORS.items()}
            colors = [theme.color(by_title.get(row[label_col], "chart1")) for row in table.rows]
        caption = " · ".join(s.title for s in series)
        if value_kind is Kind.MONEY:
            caption = i18n.arg(self.tr("%1 (%2)"), caption, i18n.unit_name(self.unit))
        caption = i18n.arg(self.tr("%1, by %2"), caption, report_text(table.columns[label_col].title))
        # a caption that starts with Latin (NPS, CSAT) would otherwise be laid out left to right
        self.chart_caption.setText(RLM + caption if i18n.is_persian() else caption)
        self.chart.set_chart(kind, labels, series, lambda v, k=value_kind: self._axis_text(v, k), colors,
                             self.tr("No data for this period."))
        self.chart.setToolTip(report_text(table.title))
        if kind == LINE:
            self.chart.setAccessibleName(self.tr("Line chart"))
        else:
            self.chart.setAccessibleName(self.tr("Bar chart"))

    def _plot_value(self, value, kind: Kind):
        if value is None:
            return None
        if kind is Kind.PERCENT_BP:
            return value / 100
        if kind is Kind.MONEY:
            return value / Unit(self.unit).rials
        return float(value)

    @staticmethod
    def _axis_text(value: float, kind: Kind) -> str:
        if kind is Kind.PERCENT_BP:
            return percent(round(value * 100))
        if kind is Kind.DECIMAL or (kind in (Kind.INT, Kind.POINTS) and value != int(value)):
            return decimal(value)
        return i18n.number(int(round(value)))

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
