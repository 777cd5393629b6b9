"""The settings page's two dialogs: a tier (add or edit, with its colour) and a new coupon.

Each dialog sends its whole form to the service; every problem the service finds goes beside its
field at once. A percent that cannot even be read is reported together with the service's own
checks of the other fields, so the owner fixes the form in one go.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QColorDialog, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.errors import Problem, ValidationError
from loyaltydesk.domain.money import Unit, format_percent_bp, parse_percent_bp
from loyaltydesk.domain.tiers import DEFAULT_TIER_COLOR, MAX_VISITS, Qualify, Tier, validate_tier

from .. import i18n
from ..jalali_edit import JalaliDateEdit
from ..ops import Runner
from ..widgets import MoneyEdit, ProblemForm, color_icon


def percent_text(bp: int) -> str:
    """Basis points as a percent for an edit field: 250 → ``۲٫۵``."""
    return decimal_text(format_percent_bp(bp))


def decimal_text(text: str) -> str:
    return i18n.digits(text.replace(".", "٫")) if i18n.is_persian() else text


def money_value(edit: MoneyEdit, original: int) -> int:
    """What a money field says, in rials; the stored value when the field still shows it (a point
    worth 105 rials shown as 10 tomans stays 105 rials unless the owner types a new amount)."""
    unit = Unit(edit.unit).rials
    return original if edit.rials() == original // unit * unit else edit.rials()


def percent_edit() -> QLineEdit:
    """A percent typed in any digits (``۲٫۵``), read left to right like the amounts."""
    edit = QLineEdit()
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setMaximumWidth(160)
    return edit


class TierDialog(QDialog):
    """Add a tier, or edit one: name, threshold (display unit), what qualifies (spend, visits or
    either, with the number of visits and the least amount of a visit), discount, multiplier,
    birthday bonus and colour. ``saved`` holds the tier the service stored."""

    def __init__(self, runner: Runner, unit: str, tier: Tier | None = None, existing=(), parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tierDialog")
        self.runner = runner
        self.original = tier
        self.unit = unit
        self.existing = tuple(existing)
        self.saved: Tier | None = None
        self.color = tier.color if tier else DEFAULT_TIER_COLOR
        self.setWindowTitle(self.tr("Edit tier") if tier else self.tr("New tier"))
        self.form = form = ProblemForm()
        self.name = form.add(self.tr("Name"), "name", QLineEdit())
        self.name.setObjectName("tierName")
        self.threshold = form.add(i18n.arg(self.tr("Qualifying spend (%1)"), i18n.unit_name(unit)), "threshold",
                                  MoneyEdit(unit))
        self.threshold.setObjectName("tierThreshold")
        self.qualify = form.add(self.tr("Qualifies by"), "qualify", QComboBox())
        self.qualify.setObjectName("tierQualify")
        self.qualify.addItem(self.tr("Spend (the qualifying spend)"), Qualify.SPEND.value)
        self.qualify.addItem(self.tr("Visits"), Qualify.VISITS.value)
        self.qualify.addItem(self.tr("Spend or visits, whichever comes first"), Qualify.EITHER.value)
        self.visits = form.add(self.tr("Visits in the window"), "visits", QSpinBox())
        self.visits.setObjectName("tierVisits")
        self.visits.setRange(0, MAX_VISITS)
        self.visit_minimum = form.add(i18n.arg(self.tr("A visit is a purchase of at least (%1)"), i18n.unit_name(unit)),
                                      "visit_minimum", MoneyEdit(unit))
        self.visit_minimum.setObjectName("tierVisitMinimum")
        self.discount = form.add(self.tr("Discount (%)"), "discount", percent_edit())
        self.discount.setObjectName("tierDiscount")
        self.multiplier = form.add(self.tr("Points multiplier"), "multiplier", QDoubleSpinBox())
        self.multiplier.setObjectName("tierMultiplier")
        self.multiplier.setRange(0, 10)
        self.multiplier.setDecimals(2)
        self.multiplier.setSingleStep(0.05)
        self.multiplier.setPrefix("×")
        self.bonus = form.add(self.tr("Birthday bonus (points)"), "birthday_bonus", QSpinBox())
        self.bonus.setObjectName("tierBonus")
        self.bonus.setRange(0, 10_000_000)
        self.bonus.setGroupSeparatorShown(True)
        self.color_button = form.add(self.tr("Colour"), "color", QPushButton())
        self.color_button.setObjectName("tierColor")
        self.color_button.clicked.connect(self.choose_color)
        self.color_dialog: QColorDialog | None = None

        if tier:
            self.name.setText(tier.name)
            self.threshold.set_rials(tier.threshold)
            self.discount.setText(percent_text(tier.discount_bp))
            self.multiplier.setValue(tier.multiplier_pct / 100)
            self.bonus.setValue(tier.birthday_bonus)
            self.qualify.setCurrentIndex(max(0, self.qualify.findData(tier.qualify)))
            self.visits.setValue(tier.visits)
            self.visit_minimum.set_rials(tier.visit_minimum)
        else:
            self.discount.setText(percent_text(0))
            self.multiplier.setValue(1)
        self.set_color(self.color)
        self.qualify.currentIndexChanged.connect(self._qualify_changed)
        self._qualify_changed()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok.setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(form.general())
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _qualify_changed(self) -> None:
        """The number of visits and a visit's least amount only matter when visits qualify; the
        threshold still orders the tiers (with visits alone, it qualifies no one by itself)."""
        by_visits = self.qualify.currentData() != Qualify.SPEND.value
        self.visits.setEnabled(by_visits)
        self.visit_minimum.setEnabled(by_visits)

    # -- colour --------------------------------------------------------------------------------
    def choose_color(self) -> None:
        """Qt's colour dialog, opened without blocking; the choice lands in ``set_color``."""
        self.color_dialog = QColorDialog(QColor(self.color), self)
        self.color_dialog.setObjectName("tierColorDialog")
        self.color_dialog.colorSelected.connect(lambda c: self.set_color(c.name()))
        self.color_dialog.open()

    def set_color(self, color: str) -> None:
        """The button shows the colour itself (the tier's badge), never its code."""
        self.color = color
        self.color_button.setText(self.tr("Choose a colour…"))
        self.color_button.setIcon(color_icon(color, 18))

    # -- saving --------------------------------------------------------------------------------
    def values(self) -> tuple[dict, list]:
        """The form as the service's keyword arguments, and the problems of fields that cannot be read."""
        problems = []
        threshold = self.threshold.rials() if self.original is None else money_value(self.threshold,
                                                                                      self.original.threshold)
        visit_minimum = self.visit_minimum.rials() if self.original is None else money_value(
            self.visit_minimum, self.original.visit_minimum)
        values = dict(name=self.name.text(), threshold=threshold, multiplier_pct=round(self.multiplier.value() * 100),
                      birthday_bonus=self.bonus.value(), color=self.color, qualify=self.qualify.currentData(),
                      visits=self.visits.value(), visit_minimum=visit_minimum)
        try:
            values["discount_bp"] = parse_percent_bp(self.discount.text(), "discount")
        except ValidationError as e:
            problems += e.problems
        return values, problems

    def submit(self) -> None:
        values, problems = self.values()
        if problems:  # also what the service would say about the rest of the form
            probe = Tier(self.original.id if self.original else None, values["name"], values["threshold"], 0,
                         values["multiplier_pct"], values["birthday_bonus"], values["color"], values["qualify"],
                         values["visits"], values["visit_minimum"])
            others = [t for t in self.existing if self.original is None or t.id != self.original.id]
            self.show_problems(problems + [p for p in validate_tier(probe, others) if p.field != "discount"])
            return
        self.ok.setEnabled(False)
        if self.original is None:
            job = lambda s: services.club.add_tier(s, **values)  # noqa: E731
        else:
            name = self.original.name
            job = lambda s: services.club.edit_tier(s, name, **values)  # noqa: E731
        self.runner.call(job, self._done, self._failed)

    def _done(self, tier: Tier) -> None:
        self.saved = tier
        self.accept()

    def _failed(self, error) -> None:
        self.ok.setEnabled(True)
        if getattr(error, "problems", None):
            self.show_problems(error.problems)
        else:
            self.form.show_error(error)
            self.adjustSize()

    def show_problems(self, problems) -> None:
        """Beside their fields, with a threshold in the display unit as typed (not in rials)."""
        self.form.show_problems([
            replace(p, params={**p.params, "threshold": i18n.money(p.params["threshold"], self.unit)})
            if isinstance(p.params.get("threshold"), int) else p for p in problems])
        self.adjustSize()  # room for the problems shown under the fields


class CouponDialog(QDialog):
    """A new coupon: its code, a percent or an amount off, how often it may be used, and when."""

    def __init__(self, runner: Runner, unit: str, today, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("couponDialog")
        self.runner = runner
        self.saved = None  # the coupon the service stored
        self.setWindowTitle(self.tr("New coupon"))
        self.form = form = ProblemForm()
        self.code = form.add(self.tr("Code"), "code", QLineEdit())
        self.code.setObjectName("couponCode")
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

        kind = QWidget()
        row = QHBoxLayout(kind)
        row.setContentsMargins(0, 0, 0, 0)
        self.by_percent = QRadioButton(self.tr("Percent off"))
        self.by_percent.setObjectName("couponByPercent")
        self.by_amount = QRadioButton(i18n.arg(self.tr("Amount off (%1)"), i18n.unit_name(unit)))
        self.by_amount.setObjectName("couponByAmount")
        group = QButtonGroup(self)
        group.addButton(self.by_percent)
        group.addButton(self.by_amount)
        row.addWidget(self.by_percent)
        row.addWidget(self.by_amount)
        row.addStretch(1)
        form.add(self.tr("Discount"), "kind", kind)
        self.percent = form.add(self.tr("Percent"), "percent", percent_edit())
        self.percent.setObjectName("couponPercent")
        self.amount = form.add(i18n.arg(self.tr("Amount (%1)"), i18n.unit_name(unit)), "amount", MoneyEdit(unit))
        self.amount.setObjectName("couponAmount")
        self.max_uses = form.add(self.tr("Uses in all"), "max_uses", QSpinBox())
        self.max_uses.setObjectName("couponMaxUses")
        self.max_uses.setRange(0, 1_000_000)
        self.max_uses.setSpecialValueText(self.tr("No limit"))
        self.reusable = form.add(self.tr("Per member"), "once_per_member",
                                 QCheckBox(self.tr("A member may use it more than once")))
        self.reusable.setObjectName("couponReusable")

        self.has_from = QCheckBox(self.tr("From"))
        self.valid_from = JalaliDateEdit()
        self.valid_from.setObjectName("couponFrom")
        self.has_to = QCheckBox(self.tr("Until (inclusive)"))
        self.valid_to = JalaliDateEdit()
        self.valid_to.setObjectName("couponTo")
        for box, edit in ((self.has_from, self.valid_from), (self.has_to, self.valid_to)):
            edit.set_day(today)
            edit.setEnabled(False)
            box.toggled.connect(edit.setEnabled)
        dates = QWidget()
        drow = QHBoxLayout(dates)
        drow.setContentsMargins(0, 0, 0, 0)
        for w in (self.has_from, self.valid_from, self.has_to, self.valid_to):
            drow.addWidget(w)
        drow.addStretch(1)
        form.add(self.tr("Valid"), "valid_to", dates)

        self.by_percent.toggled.connect(self._kind_changed)
        self.by_percent.setChecked(True)
        self._kind_changed()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok.setText(self.tr("Add coupon"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        note = QLabel(self.tr("A coupon cannot be edited once made (receipts name it); disable it instead."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(form.general())
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _kind_changed(self, *_) -> None:
        percent = self.by_percent.isChecked()
        self.percent.setEnabled(percent)
        self.amount.setEnabled(not percent)

    def values(self) -> tuple[dict, list]:
        problems, percent_bp, amount = [], 0, 0
        if self.by_percent.isChecked():
            try:
                percent_bp = parse_percent_bp(self.percent.text(), "percent")
            except ValidationError as e:
                problems += e.problems
        else:
            amount = self.amount.rials()
        values = dict(code=self.code.text(), percent_bp=percent_bp, amount=amount,
                      max_uses=self.max_uses.value() or None, once_per_member=not self.reusable.isChecked(),
                      valid_from=self.valid_from.start_utc() if self.has_from.isChecked() else None,
                      valid_to=self.valid_to.end_utc() if self.has_to.isChecked() else None)
        return values, problems

    def submit(self) -> None:
        values, problems = self.values()
        if problems:  # a percent that cannot be read, shown with the other checks of the form
            self.form.show_problems(problems + _coupon_problems(values))
            self.adjustSize()  # room for the problems shown under the fields
            return
        self.ok.setEnabled(False)
        self.runner.call(lambda s: services.club.add_coupon(s, **values), self._done, self._failed)

    def _done(self, coupon: dict) -> None:
        self.saved = coupon
        self.accept()

    def _failed(self, error) -> None:
        self.ok.setEnabled(True)
        problems = getattr(error, "problems", None)
        if problems and self.by_amount.isChecked():  # "a percent or an amount" belongs beside the amount
            self.form.show_problems([replace(p, field="amount") if p.field == "percent" else p for p in problems])
            self.adjustSize()  # room for the problems shown under the fields
        else:
            self.form.show_error(error)
            self.adjustSize()  # room for the problems shown under the fields


def _coupon_problems(values: dict) -> list:
    """The coupon checks that need no database (the service repeats them): shown beside a percent
    that could not be read, so every problem of the form appears at once."""
    problems = []
    code = values["code"].strip().upper()
    if not (2 <= len(code) <= 32 and code.replace("-", "").isalnum()):
        problems.append(Problem("code", services.club.COUPON_CODE))
    if values["max_uses"] is not None and values["max_uses"] < 1:
        problems.append(Problem("max_uses", services.club.COUPON_MAX_USES))
    if values["valid_from"] and values["valid_to"] and values["valid_to"] <= values["valid_from"]:
        problems.append(Problem("valid_to", services.club.COUPON_DATES))
    return problems
