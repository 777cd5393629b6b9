"""The owner's offers page: the four offer rules (each on or off with its terms), the reward
catalog (list, add, edit), and "did it work": per rule, this month against the month's length
before it. Every form sends all its fields to the service; every problem goes beside its field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox,
    QTableView, QVBoxLayout, QWidget,
)

from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.money import parse_int, parse_percent_bp
from loyaltydesk.domain.offers import MAX_DAYS, MAX_REWARD_POINTS, MAX_STOCK, RULES
from loyaltydesk.services import offers as offer_service
from loyaltydesk.services import rewards as reward_service
from loyaltydesk.services.changes import Changes

from .. import i18n
from ..models.report_table import ReportTableModel, format_value, report_text
from ..ops import Runner
from ..widgets import MoneyEdit, ProblemForm, WholeTabs
from .club_dialogs import percent_edit, percent_text
from .tables import cell, filling, message, read_only_table, selected_row


class OffersPage(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("offersPage")
        self.runner = runner
        self.unit = "toman"
        self.rules: list = []
        self.rewards: list = []
        self.tabs = WholeTabs()
        self.tabs.setObjectName("offersTabs")
        self.tabs.addTab(self._rules_tab(), self.tr("Offer rules"))
        self.tabs.addTab(self._rewards_tab(), self.tr("Rewards"))
        self.tabs.addTab(self._report_tab(), self.tr("Did it work"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # -- the rules ------------------------------------------------------------------------------
    def _rules_tab(self) -> QWidget:
        tab = QWidget()
        self.rules_table = read_only_table([self.tr("Rule"), self.tr("On"), self.tr("Discount"),
                                            self.tr("Minimum purchase"), self.tr("Days valid"), self.tr("Trigger")],
                                           "offerRules")
        self.rules_table.itemSelectionChanged.connect(self._rule_chosen)
        self.rule_form = form = ProblemForm()
        self.rule_name = form.add(self.tr("Rule"), "rule", QComboBox())
        self.rule_name.setObjectName("ruleName")
        for name in RULES:
            self.rule_name.addItem(self.rule_title(name), name)
        self.rule_name.currentIndexChanged.connect(lambda _: self._fill_rule())
        self.rule_active = form.add(self.tr("Issue offers"), "active", QCheckBox(self.tr("On")))
        self.rule_active.setObjectName("ruleActive")
        self.rule_percent = form.add(self.tr("Percent off"), "percent", percent_edit())
        self.rule_percent.setObjectName("rulePercent")
        self.rule_amount = form.add(self.tr("Or an amount off"), "amount", MoneyEdit(self.unit))
        self.rule_amount.setObjectName("ruleAmount")
        self.rule_min = form.add(self.tr("Minimum purchase"), "min_purchase", MoneyEdit(self.unit))
        self.rule_min.setObjectName("ruleMinimum")
        self.rule_days = form.add(self.tr("Days valid"), "days", QSpinBox())
        self.rule_days.setObjectName("ruleDays")
        self.rule_days.setRange(0, MAX_DAYS)
        self.rule_above = form.add(self.tr("Next order: after a purchase above"), "above", MoneyEdit(self.unit))
        self.rule_above.setObjectName("ruleAbove")
        self.rule_inactive = form.add(self.tr("Win-back: days without a visit"), "inactive_days", QSpinBox())
        self.rule_inactive.setObjectName("ruleInactiveDays")
        self.rule_inactive.setRange(0, MAX_DAYS)
        self.save_rule = QPushButton(self.tr("Save rule"))
        self.save_rule.setObjectName("saveRule")
        self.save_rule.clicked.connect(self.submit_rule)
        self.rules_status = QLabel()
        note = QLabel(self.tr("Welcome offers are issued at sign-up and next-order offers with the purchase "
                              "(its receipt prints the code); birthday and win-back offers by the daily run. "
                              "A member gets one offer per occasion; a refund does not give a used one back."))
        note.setWordWrap(True)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.rules_table, 1)
        layout.addLayout(form)
        layout.addWidget(form.general())
        layout.addWidget(self.save_rule, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.rules_status)
        layout.addWidget(note)
        return tab

    def rule_title(self, name: str) -> str:
        return {"welcome": self.tr("Welcome"), "birthday": self.tr("Birthday"), "winback": self.tr("Win-back"),
                "next_order": self.tr("Next order")}[name]

    def _show_rules(self, rules) -> None:
        self.rules = list(rules)
        with filling(self.rules_table) as t:
            t.setRowCount(len(self.rules))
            for i, r in enumerate(self.rules):
                off = i18n.percent(r.percent_bp) if r.percent_bp else (i18n.money(r.amount, self.unit) if r.amount else "—")
                trigger = ""
                if r.rule == "next_order":
                    trigger = i18n.arg(self.tr("a purchase above %1"), i18n.money(r.above, self.unit))
                elif r.rule == "winback":
                    trigger = i18n.arg(self.tr("%1 days away"), i18n.number(r.inactive_days))
                for c, text in enumerate((self.rule_title(r.rule), self.tr("on") if r.active else self.tr("off"), off,
                                          i18n.money(r.min_purchase, self.unit), i18n.number(r.days), trigger)):
                    t.setItem(i, c, cell(text))
        self._fill_rule()

    def _rule_chosen(self) -> None:
        row = selected_row(self.rules_table)
        if 0 <= row < len(self.rules):
            self.rule_name.setCurrentIndex(row)

    def _fill_rule(self) -> None:
        name = self.rule_name.currentData()
        r = next((r for r in self.rules if r.rule == name), None)
        if r is None:
            return
        self.rule_form.clear_problems()
        self.rule_active.setChecked(r.active)
        self.rule_percent.setText(percent_text(r.percent_bp) if r.percent_bp else "")
        self.rule_amount.set_rials(r.amount) if r.amount else self.rule_amount.clear()
        self.rule_min.set_rials(r.min_purchase) if r.min_purchase else self.rule_min.clear()
        self.rule_days.setValue(r.days)
        self.rule_above.set_rials(r.above) if r.above else self.rule_above.clear()
        self.rule_inactive.setValue(r.inactive_days)
        self.rule_above.setEnabled(name == "next_order")
        self.rule_inactive.setEnabled(name == "winback")

    def submit_rule(self) -> None:
        name = self.rule_name.currentData()
        problems, percent_bp = [], 0
        if self.rule_percent.text().strip():
            try:
                percent_bp = parse_percent_bp(self.rule_percent.text(), "percent")
            except ValidationError as e:
                problems += e.problems
        if problems:
            self.rule_form.show_problems(problems)
            return
        values = dict(active=self.rule_active.isChecked(), percent_bp=percent_bp, amount=self.rule_amount.rials(),
                      min_purchase=self.rule_min.rials(), days=self.rule_days.value(), above=self.rule_above.rials(),
                      inactive_days=self.rule_inactive.value())

        def done(_rule) -> None:
            self.rule_form.clear_problems()
            message(self.rules_status, self.tr("Rule saved."))
            self.reload()

        def failed(error) -> None:
            self.rule_form.show_error(error)
            message(self.rules_status, self.tr("Not saved: see the problems beside the fields."), error=True)

        self.runner.call(lambda s: offer_service.set_offer_rule(s, name, **values), done, failed)

    # -- the rewards ----------------------------------------------------------------------------
    def _rewards_tab(self) -> QWidget:
        tab = QWidget()
        self.rewards_table = read_only_table([self.tr("Reward"), self.tr("Points"), self.tr("Stock"), self.tr("Offered")],
                                             "rewards", self.tr("No rewards yet: fill in the form below and add one."))
        self.rewards_table.itemSelectionChanged.connect(self._reward_chosen)
        self.reward_form = form = ProblemForm()
        self.reward_name = form.add(self.tr("Name"), "name", QLineEdit())
        self.reward_name.setObjectName("rewardName")
        self.reward_points = form.add(self.tr("Points"), "points", QLineEdit())
        self.reward_points.setObjectName("rewardPoints")
        self.reward_stock = form.add(self.tr("Stock"), "stock", QLineEdit())
        self.reward_stock.setObjectName("rewardStock")
        self.reward_stock.setPlaceholderText(self.tr("empty: unlimited"))
        self.reward_active = form.add(self.tr("Offered"), "active", QCheckBox(self.tr("Offered at the till")))
        self.reward_active.setObjectName("rewardActive")
        self.reward_active.setChecked(True)
        self.add_reward_button = QPushButton(self.tr("Add reward"))
        self.add_reward_button.setObjectName("addReward")
        self.add_reward_button.clicked.connect(lambda: self.submit_reward(edit=False))
        self.edit_reward_button = QPushButton(self.tr("Save changes"))
        self.edit_reward_button.setObjectName("editReward")
        self.edit_reward_button.setEnabled(False)
        self.edit_reward_button.clicked.connect(lambda: self.submit_reward(edit=True))
        self.rewards_status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_reward_button)
        buttons.addWidget(self.edit_reward_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.rewards_table, 1)
        layout.addLayout(form)
        layout.addWidget(form.general())
        layout.addLayout(buttons)
        layout.addWidget(self.rewards_status)
        return tab

    def _show_rewards(self, rewards) -> None:
        self.rewards = list(rewards)
        with filling(self.rewards_table) as t:
            t.setRowCount(len(self.rewards))
            for i, r in enumerate(self.rewards):
                stock = self.tr("unlimited") if r.stock is None else i18n.number(r.stock)
                for c, text in enumerate((r.name, i18n.number(r.points), stock,
                                          self.tr("yes") if r.active else self.tr("no"))):
                    t.setItem(i, c, cell(text))

    def _reward_chosen(self) -> None:
        row = selected_row(self.rewards_table)
        self.edit_reward_button.setEnabled(0 <= row < len(self.rewards))
        if 0 <= row < len(self.rewards):
            r = self.rewards[row]
            self.reward_form.clear_problems()
            self.reward_name.setText(r.name)
            self.reward_points.setText(i18n.digits(str(r.points)))
            self.reward_stock.setText("" if r.stock is None else i18n.digits(str(r.stock)))
            self.reward_active.setChecked(r.active)

    def reward_values(self) -> tuple[dict, list]:
        problems, points, stock = [], 0, None
        try:
            points = parse_int(self.reward_points.text(), "points", 1, MAX_REWARD_POINTS)
        except ValidationError as e:
            problems += e.problems
        if self.reward_stock.text().strip():
            try:
                stock = parse_int(self.reward_stock.text(), "stock", 0, MAX_STOCK)
            except ValidationError as e:
                problems += e.problems
        return dict(name=self.reward_name.text(), points=points, stock=stock), problems

    def submit_reward(self, edit: bool) -> None:
        values, problems = self.reward_values()
        if problems:  # a number that cannot be read, shown with the name's own check
            problems = _name_problems(values["name"]) + problems
            self.reward_form.show_problems(problems)
            message(self.rewards_status, self.tr("Not saved: see the problems beside the fields."), error=True)
            return
        active = self.reward_active.isChecked()
        row = selected_row(self.rewards_table)
        if edit and 0 <= row < len(self.rewards):
            old = self.rewards[row].name
            job = lambda s: reward_service.edit_reward(  # noqa: E731
                s, old, new_name=values["name"], points=values["points"], stock=values["stock"], active=active)
        else:
            job = lambda s: reward_service.add_reward(s, **values)  # noqa: E731

        def done(_reward) -> None:
            self.reward_form.clear_problems()
            message(self.rewards_status, self.tr("Reward saved."))
            self.reload()

        def failed(error) -> None:
            self.reward_form.show_error(error)
            message(self.rewards_status, self.tr("Not saved: see the problems beside the fields."), error=True)

        self.runner.call(job, done, failed)

    # -- did it work ----------------------------------------------------------------------------
    def _report_tab(self) -> QWidget:
        tab = QWidget()
        self.report_period = QLabel()
        self.report_figures = QLabel()
        self.report_figures.setWordWrap(True)
        self.report_view = QTableView()
        self.report_view.setObjectName("offerReport")
        self.report_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report_view.verticalHeader().hide()
        self.report_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.report_model: ReportTableModel | None = None
        layout = QVBoxLayout(tab)
        layout.addWidget(self.report_period)
        layout.addWidget(self.report_figures)
        layout.addWidget(self.report_view, 1)
        return tab

    def _show_report(self, report) -> None:
        first, _, last = report.period.partition(" تا ")
        self.report_period.setText(i18n.arg(self.tr("This month so far: %1 to %2, against as many days before it."),
                                            i18n.digits(first), i18n.digits(last)))
        self.report_figures.setText("   ".join(f"{report_text(label)}: {format_value(value, kind, self.unit)}"
                                               for label, value, kind in report.summary))
        self.report_model = ReportTableModel(report.tables[0], self.unit, self)
        self.report_view.setModel(self.report_model)

    # -- the page -------------------------------------------------------------------------------
    def set_unit(self, unit: str) -> None:
        self.unit = unit
        for edit in (self.rule_amount, self.rule_min, self.rule_above):
            edit.unit = unit

    shows = Changes.of("offers", "purchases", "tiers")

    def activate(self) -> None:
        """Shown (what it shows is read by ``refresh``)."""

    def refresh(self, changes: Changes) -> None:
        self.reload()

    def reload(self) -> None:
        def job(s):
            return offer_service.offer_rules(s), reward_service.list_rewards(s), offer_service.offer_report(s)

        def done(value) -> None:
            rules, rewards, report = value
            self._show_rules(rules)
            self._show_rewards(rewards)
            self._show_report(report)

        self.runner.call(job, done, lambda e: message(self.rules_status, i18n.error_text(e), error=True))


def _name_problems(name: str) -> list:
    from loyaltydesk.domain.offers import reward_problems

    return [p for p in reward_problems(name.strip(), 1, None) if p.field == "name"]
