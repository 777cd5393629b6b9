"""Small bar and line charts drawn with QPainter (PySide6 Essentials has no QtCharts).

The chart follows the layout direction: under right to left the first category is on the right
and the value axis on the right, as a Persian reader expects. It knows nothing about reports: it
gets category labels, one or more series of numbers (``None`` leaves a gap) and a function that
writes an axis value (Persian digits, a percent sign, money in the display unit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import theme

BAR, LINE = "bar", "line"


@dataclass(frozen=True)
class Series:
    """A line or a row of bars; without a colour of its own it takes the theme's colour for its
    place among the chart's series (``theme.Palette.chart1`` …)."""

    title: str
    values: tuple[float | None, ...]
    color: QColor | str | None = None


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis values covering [low, high] (and 0), about ``count`` of them."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 1e-9:
        high = low + 1.0
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    n = int(round((last - first) / step))
    return [first + i * step for i in range(n + 1)]


class Chart(QWidget):
    """A bar or line chart of categories. ``set_chart`` replaces what it shows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chart")
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.kind = BAR
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.bar_colors: list[QColor | str] | None = None
        self.axis_text: Callable[[float], str] = lambda v: f"{v:g}"
        self.empty_text = ""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(640, 280)

    def set_chart(self, kind: str, labels: list[str], series: list[Series], axis_text: Callable[[float], str],
                  bar_colors: list[QColor | str] | None = None, empty_text: str = "") -> None:
        """``bar_colors`` colours each category's bar (tiers in their own colours; one series only)."""
        self.kind = kind
        self.labels = list(labels)
        self.series = list(series)
        self.bar_colors = list(bar_colors) if bar_colors else None
        self.axis_text = axis_text
        self.empty_text = empty_text
        self.update()

    def clear(self, empty_text: str = "") -> None:
        self.set_chart(self.kind, [], [], self.axis_text, None, empty_text)

    def has_data(self) -> bool:
        return bool(self.labels) and any(v is not None for s in self.series for v in s.values)

    def rtl(self) -> bool:
        return self.layoutDirection() == Qt.LayoutDirection.RightToLeft

    # -- geometry (also what the tests look at) ----------------------------------------------------
    def ticks(self) -> list[float]:
        values = [v for s in self.series for v in s.values if v is not None]
        # a little headroom, so that the value over the tallest bar stays inside
        return nice_ticks(min(values, default=0.0) * 1.08, max(values, default=0.0) * 1.08)

    def plot_rect(self) -> QRectF:
        fm = QFontMetrics(self.font())
        axis_w = max((fm.horizontalAdvance(self.axis_text(t)) for t in self.ticks()), default=0) + 12
        top = 10 + (fm.height() + 8 if len(self.series) > 1 else 0)
        bottom = fm.height() + 12
        left, right = (10, axis_w) if self.rtl() else (axis_w, 10)
        return QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))

    def slot_center(self, index: int) -> float:
        """The x of category ``index``: from the right under right to left, else from the left."""
        plot = self.plot_rect()
        slot = plot.width() / max(1, len(self.labels))
        offset = (index + 0.5) * slot
        return plot.right() - offset if self.rtl() else plot.left() + offset

    def y_of(self, value: float) -> float:
        plot, ticks = self.plot_rect(), self.ticks()
        low, high = ticks[0], ticks[-1]
        return plot.bottom() - (value - low) / (high - low) * plot.height()

    # -- painting ------------------------------------------------------------------------------------
    def series_color(self, k: int) -> QColor:
        """The colour of series ``k``: its own, else the theme's for its place."""
        own = self.series[k].color
        if own is not None and own != "":
            return QColor(own)
        colors = theme.current().chart_series()
        return colors[k % len(colors)]

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pal = theme.current()
        self.ink, self.muted, self.grid, self.axis = (QColor(pal.text), QColor(pal.muted), QColor(pal.border),
                                                      QColor(pal.border_strong))
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(pal.surface))
        if not self.has_data():
            painter.setPen(self.muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        plot = self.plot_rect()
        self._axis(painter, plot)
        if self.kind == LINE:
            self._lines(painter, plot)
        else:
            self._bars(painter, plot)
        self._labels(painter, plot)
        if len(self.series) > 1:
            self._legend(painter)
        painter.end()

    def _axis(self, painter: QPainter, plot: QRectF) -> None:
        fm = QFontMetrics(self.font())
        for t in self.ticks():
            y = self.y_of(t)
            painter.setPen(QPen(self.axis if t == 0 else self.grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            text = self.axis_text(t)
            w = fm.horizontalAdvance(text) + 4
            box = (QRectF(plot.right() + 6, y - fm.height() / 2, w, fm.height()) if self.rtl()
                   else QRectF(plot.left() - 6 - w, y - fm.height() / 2, w, fm.height()))
            painter.setPen(self.muted)
            side = Qt.AlignmentFlag.AlignLeft if self.rtl() else Qt.AlignmentFlag.AlignRight
            align = Qt.AlignmentFlag.AlignVCenter | side
            painter.drawText(box, align, text)

    def _bars(self, painter: QPainter, plot: QRectF) -> None:
        fm = QFontMetrics(self.font())
        slot = plot.width() / len(self.labels)
        group = slot * 0.7
        bar_w = group / len(self.series)
        zero = self.y_of(0.0)
        for i in range(len(self.labels)):
            center = self.slot_center(i)
            for k, s in enumerate(self.series):
                value = s.values[i] if i < len(s.values) else None
                if value is None:
                    continue
                # the series of a group also run in reading order
                offset = -group / 2 + k * bar_w
                x = center - offset - bar_w if self.rtl() else center + offset
                y = self.y_of(value)
                rect = QRectF(x, min(y, zero), bar_w - 2, max(1.0, abs(zero - y)))
                color = QColor(self.bar_colors[i]) if self.bar_colors and len(self.series) == 1 else self.series_color(k)
                painter.fillRect(rect, color)
                painter.setPen(QPen(color.darker(130), 1))
                painter.drawRect(rect)
                text = self.axis_text(value)
                if len(self.series) == 1 and fm.horizontalAdvance(text) < slot - 2:
                    painter.setPen(self.ink)
                    above = QRectF(center - slot / 2, rect.top() - fm.height() - 2, slot, fm.height())
                    below = QRectF(center - slot / 2, rect.bottom() + 2, slot, fm.height())
                    painter.drawText(above if value >= 0 else below, Qt.AlignmentFlag.AlignCenter, text)

    def _lines(self, painter: QPainter, plot: QRectF) -> None:
        fm = QFontMetrics(self.font())
        slot = plot.width() / len(self.labels)
        for k, s in enumerate(self.series):
            color = self.series_color(k)
            path, drawing = QPainterPath(), False
            points = []
            for i, value in enumerate(s.values[:len(self.labels)]):
                if value is None:
                    drawing = False
                    continue
                p = QPointF(self.slot_center(i), self.y_of(value))
                points.append((p, value))
                if drawing:
                    path.lineTo(p)
                else:
                    path.moveTo(p)
                    drawing = True
            painter.setPen(QPen(color, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(QColor(theme.current().surface))
            for p, value in points:
                painter.drawEllipse(p, 4, 4)
                text = self.axis_text(value)
                if len(self.series) == 1 and fm.horizontalAdvance(text) < slot - 2:
                    painter.setPen(self.ink)
                    painter.drawText(QRectF(p.x() - slot / 2, p.y() - fm.height() - 6, slot, fm.height()),
                                     Qt.AlignmentFlag.AlignCenter, text)
                    painter.setPen(QPen(color, 2.5))

    def _labels(self, painter: QPainter, plot: QRectF) -> None:
        fm = QFontMetrics(self.font())
        slot = plot.width() / len(self.labels)
        widest = max(fm.horizontalAdvance(t) for t in self.labels) + 8
        step = max(1, math.ceil(widest / slot))  # skip labels rather than overlap them
        painter.setPen(self.ink)
        for i in range(0, len(self.labels), step):
            center = self.slot_center(i)
            width = slot * step
            text = fm.elidedText(self.labels[i], Qt.TextElideMode.ElideRight, int(width))
            painter.drawText(QRectF(center - width / 2, plot.bottom() + 4, width, fm.height()),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

    def _legend(self, painter: QPainter) -> None:
        fm = QFontMetrics(self.font())
        x = self.width() - 10 if self.rtl() else 10
        for k, s in enumerate(self.series):
            w = fm.horizontalAdvance(s.title)
            swatch = QRectF(x - 12 if self.rtl() else x, 12, 12, fm.height() - 4)
            painter.fillRect(swatch, self.series_color(k))
            painter.setPen(self.ink)
            text_box = QRectF(x - 18 - w, 8, w, fm.height()) if self.rtl() else QRectF(x + 18, 8, w, fm.height())
            painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter, s.title)
            x = x - 18 - w - 20 if self.rtl() else x + 18 + w + 20
