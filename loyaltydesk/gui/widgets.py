"""Small widgets every page uses: an amount field that groups thousands as you type, a form that
shows every problem beside its field at once, and a read-only value that stays left to right."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QFormLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QTabWidget, QWidget,
)

from loyaltydesk.domain.money import Unit
from loyaltydesk.domain.text import to_ascii_digits

from . import i18n, theme


def typed_digits(text: str) -> str:
    """The ASCII digits of what was typed, in any digit script, whatever is between them (a grouped
    amount ``۶۰۷٬۷۸۹`` → ``607789``)."""
    return "".join(ch for ch in to_ascii_digits(text) if ch.isdigit())


class MoneyEdit(QLineEdit):
    """An amount in the display unit. Any digit script may be typed; it shows ``۱٬۲۵۰٬۰۰۰`` as you
    type and ``rials()`` gives the int rials (0 when empty).

    ``changed`` carries a Python int (``Signal(object)``): a ``Signal(int)`` is a C++ int of 32 bits,
    and 214,748,365 toman (gold, a phone, an appliance) already passes it."""

    changed = Signal(object)

    def __init__(self, unit: str = "toman", parent: QWidget | None = None):
        super().__init__(parent)
        self.unit = unit
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(24)
        self.textEdited.connect(self._regroup)

    def _regroup(self, text: str) -> None:
        cursor = self.cursorPosition()
        digits_after = sum(ch.isdigit() for ch in to_ascii_digits(text[cursor:]))
        plain = typed_digits(text).lstrip("0")[:15]
        shown = i18n.number(int(plain)) if plain else ""
        self.setText(shown)
        # put the cursor back before the same number of digits
        position, seen = len(shown), 0
        while position > 0 and seen < digits_after:
            position -= 1
            if to_ascii_digits(shown[position]).isdigit():
                seen += 1
        self.setCursorPosition(position)
        self.changed.emit(self.rials())

    def units(self) -> int:
        plain = typed_digits(self.text())
        return int(plain) if plain else 0

    def rials(self) -> int:
        return self.units() * Unit(self.unit).rials

    def set_rials(self, rials: int) -> None:
        units = rials // Unit(self.unit).rials
        self.setText(i18n.number(units) if units else "")


class PointsEdit(MoneyEdit):
    """A whole number of points, grouped as you type, between 0 and ``maximum()``: what a
    ``QSpinBox`` does, in Python ints. A spin box holds 32 bits, and a balance can pass 2**31 points
    (a club that gives a point per rial, years of sales); ``setMaximum(2**31)`` would raise.
    Up and Down step by one."""

    valueChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("rial", parent)  # one "unit" is one point
        self._minimum, self._maximum = 0, 0
        self.changed.connect(self._edited)

    def value(self) -> int:
        return self.units()

    def maximum(self) -> int:
        return self._maximum

    def minimum(self) -> int:
        return self._minimum

    def setRange(self, minimum: int, maximum: int) -> None:  # noqa: N802 - QSpinBox's names
        self._minimum, self._maximum = minimum, max(minimum, maximum)
        self.setValue(self.value())

    def setMaximum(self, maximum: int) -> None:  # noqa: N802
        self.setRange(min(self._minimum, maximum), maximum)

    def setValue(self, value: int) -> None:  # noqa: N802
        value = min(max(int(value), self._minimum), self._maximum)
        text = i18n.number(value) if value else ""
        if text != self.text():
            self.setText(text)
            if not self.signalsBlocked():
                self.valueChanged.emit(value)

    def _edited(self, _rials) -> None:
        value = self.value()
        if value > self._maximum:  # typed past the most: the most, as a spin box does
            self.setValue(self._maximum)
        else:
            self.valueChanged.emit(value)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        step = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(event.key())
        if step is None:
            super().keyPressEvent(event)
        else:
            self.setValue(self.value() + step)


class HintLine(QLabel):
    """A line of the ``hint`` role that is sometimes empty (what the till just did): with no text it
    keeps its height but shows no tinted box (``[empty="true"]`` in base.qss), so a page at rest has
    no empty coloured band."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setProperty("role", "hint")
        self._mark()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._mark()

    def clear(self) -> None:
        super().clear()
        self._mark()

    def _mark(self) -> None:
        empty = not self.text()
        if self.property("empty") != empty:
            self.setProperty("empty", empty)
            theme.repolish(self)


class WholeTabs(QTabWidget):
    """Tabs whose titles are never cut: each tab is as wide as its title (the selected one's bold
    included) and, where the row has no room for them all, it scrolls by its arrows (whatever the
    platform's style would do: elide, or leave the last tabs out of reach)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        bar = self.tabBar()
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setUsesScrollButtons(True)
        bar.setExpanding(False)


def text_edit() -> QPlainTextEdit:
    """A multi-line field whose paragraphs start on the right in the Persian UI."""
    edit = QPlainTextEdit()
    if i18n.is_persian():  # (a plain text field starts Persian paragraphs on the left otherwise)
        option = edit.document().defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.document().setDefaultTextOption(option)
    return edit


class CodeLabel(QLabel):
    """A card number or mobile: left to right even in a right-to-left page."""

    def set_code(self, text: str) -> None:
        self.setText(i18n.ltr(i18n.digits(text)) if text else "—")


class Badge(QLabel):
    """Words on a colour in a rounded box framed a shade darker, in the ink that reads on the colour
    (``theme.on_color``): the one painter of a tier's badge (``member_card.TierBadge``), a colour's
    swatch (``ColorBadge``) and the upgrade banner (``pages.till.UpgradeBanner``). The colour is data
    (a tier's, a chosen one), never a style sheet's. A kind says its corner (``RADIUS``; None: a
    pill, half its height), its frame's width (``FRAME``) and whether its words are bold; the words
    keep the label's alignment, margins and word wrap."""

    RADIUS: float | None = 6
    FRAME = 1.0
    BOLD = False

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._color = theme.tier_color(None)

    def color(self) -> QColor:
        return QColor(self._color)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        inset = self.FRAME / 2
        box = QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)
        radius = box.height() / 2 if self.RADIUS is None else self.RADIUS
        painter.setPen(QPen(self._color.darker(130), self.FRAME))
        painter.setBrush(self._color)
        painter.drawRoundedRect(box, radius, radius)
        painter.setPen(theme.on_color(self._color))
        font = self.font()
        font.setBold(font.bold() or self.BOLD)
        painter.setFont(font)
        flags = int(self.alignment()) | (int(Qt.TextFlag.TextWordWrap) if self.wordWrap() else 0)
        painter.drawText(self.contentsRect(), flags, self.text())
        painter.end()


class ColorBadge(Badge):
    """A name on a colour: a tier's badge, a colour's swatch, in bold: no style sheet, and never
    the colour's code."""

    BOLD = True

    def __init__(self, text: str = "", color: QColor | str | None = None, parent: QWidget | None = None):
        super().__init__(text, parent)
        if color is not None:
            self.set_color(color)

    def set_color(self, color: QColor | str | None) -> None:
        """The colour (a QColor, a tier's ``color`` field; empty or None: the palette's first tier colour)."""
        self._color = QColor(color) if isinstance(color, QColor) else theme.tier_color(color)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(hint.width() + 20, max(hint.height() + 6, 22))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint() if self.text() else QSize(22, 22)


def color_icon(color: QColor | str, size: int = 16) -> QIcon:
    """A filled square of ``color`` for a button or a menu (the colour a person chooses)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(color)
    painter.setPen(QPen(fill.darker(140), 1))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)


FIELD_CHARS = 36  # a form's field at most this many average characters wide


def field_width(widget: QWidget) -> int:
    """The widest a form's field grows (``FIELD_CHARS`` of its font): a form on a wide page keeps
    its fields near their labels instead of stretching them across the page."""
    return widget.fontMetrics().averageCharWidth() * FIELD_CHARS


class ProblemForm(QFormLayout):
    """A form layout whose fields each get a red line under them for their problem. Its fields grow
    with the page up to ``field_width``, no further."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._errors: dict[str, QLabel] = {}
        self._general = QLabel()
        self._general.setObjectName("formError")
        self._general.setWordWrap(True)
        self._general.hide()

    def add(self, label: str, field: str, widget: QWidget) -> QWidget:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)  # in the danger colour (resources/theme/base.qss: QLabel#fieldError)
        error.hide()
        widget.setMaximumWidth(min(widget.maximumWidth(), field_width(widget)))
        self.addRow(label, widget)
        self.addRow("", error)
        self._errors[field] = error
        return widget

    def general(self) -> QLabel:
        """Problems that belong to no one field (put this label where the form wants it)."""
        return self._general

    def clear_problems(self) -> None:
        for label in (*self._errors.values(), self._general):
            label.clear()
            label.hide()

    def show_error(self, error: BaseException) -> None:
        """Every problem beside its field at once; the rest above the buttons."""
        problems = getattr(error, "problems", None) or ()
        self.show_problems(problems, [] if problems else [i18n.error_text(error)])

    def show_problems(self, problems, loose: list[str] | None = None) -> None:
        self.clear_problems()
        loose = list(loose or [])
        for p in problems:
            label = self._errors.get(p.field)
            if label is None:
                loose.append(i18n.problem_text(p))
            else:
                label.setText("\n".join(filter(None, [label.text(), i18n.problem_text(p)])))
                label.show()
        if loose:
            self._general.setText("\n".join(loose))
            self._general.show()

    def problems_shown(self) -> dict[str, str]:
        shown = {field: label.text() for field, label in self._errors.items() if label.text()}
        if self._general.text():
            shown[""] = self._general.text()
        return shown


def show_error(parent: QWidget, error: BaseException) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("LoyaltyDesk", "LoyaltyDesk"),
                      i18n.error_text(error), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()
    return box
