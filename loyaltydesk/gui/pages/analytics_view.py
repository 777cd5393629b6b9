"""The reports page's view: layout and showing only (no runner, no service call).

``AnalyticsView`` lays out the picker, the period, the figures, the chart and the tables, and
shows a ``Report`` given to it; its controller (``analytics.AnalyticsPage``) fills the picker,
computes the reports on the database thread and exports them.
"""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.money import Unit
from loyaltydesk.domain.report import Kind, Report

from .. import i18n, theme
from ..charts import LINE, Chart, Series
from ..member_card import tier_color
from ..models.report_table import ReportTableModel, decimal, format_value, percent, report_text
from ..translating import Translated
from ..widgets import WholeTabs

SNAPSHOTS = ("rfm", "churn")  # about every buyer as of now, whatever the period
SEGMENT_COLORS = {  # the palette's colour (gui/theme.py) of each RFM segment's bar
    "champions": "success", "loyal": "chart5", "potential": "accent", "new": "chart1",
    "at_risk": "warning", "hibernating": "disabled", "lost": "danger",
}
RLM = "\u200f"


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


class AnalyticsView(Translated, QWidget):
    """Layout and showing only: the report picker, the period, the figures, the chart and the
    tables of a ``Report`` given to ``show_report``; the controller fills the picker and computes."""

    shown = Signal(object)  # the Report now on screen

    FIGURES_PER_ROW = 6  # at most

    def __init__(self, charts: dict, period: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("analyticsPage")
        self.charts = charts  # per report: (table index, label column, value columns, bar or line)
        self.unit = "toman"
        self.report: Report | None = None
        self.tier_colors: dict[str, str] = {}
        self.models: list[ReportTableModel] = []
        self.figure_boxes: list[FigureBox] = []
        self.running = False

        self.picker = QComboBox()
        self.picker.setObjectName("reportPicker")
        self.period = period  # the period chooser (its controller's)
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
        self.tabs = WholeTabs()
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
            header.setStretchLastSection(True)  # the table fills its tab: no empty pane beside it
            self.models.append(model)
            self.tabs.addTab(view, i18n.arg(self.tr("%1 (%2)"), report_text(table.title), i18n.number(len(table.rows))))
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)

    def _show_chart(self, report: Report) -> None:
        index, label_key, value_keys, kind = self.charts[report.name]
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
            colors = [tier_color(self.tier_colors.get(row[label_col])) for row in table.rows]
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
