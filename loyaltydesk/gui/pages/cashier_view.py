"""The cashier page's view: its widgets, named, and their layout; no behaviour, no service.

``CashierPage`` (gui/pages/cashier.py) is the controller: it derives from this view, connects the
widgets and is the only part that calls the services. Three columns under the search field: the
matches and the member's offers (or the sign-up), the member card (the upgrade banner above it), and the
checkout (the form, the bill in one column of values beside their labels, one primary button,
the after-sale actions). Styling by objectName and the ``role``/``tone`` properties only, in
``resources/theme/till.qss``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from .. import i18n, theme
from ..member_card import MemberCard
from ..translating import Translated
from ..widgets import HintLine, MoneyEdit, PointsEdit, ProblemForm
from .till import UpgradeBanner
from .till_offers import OffersBox, RewardPicker

# the bill's lines in the club's rules' order (docs/rules.md); the reward given with it last
LINE_KEYS = ("gross", "tier_discount", "coupon_discount", "redeem_value", "net", "points_earned",
             "campaign_points", "reward")
OPTIONAL_LINES = ("campaign_points", "reward")  # shown only when they say something
NORMAL_POINTS = 10  # i18n's font size; ``app.fit_to_screen`` makes it smaller on a small screen


def is_compact() -> bool:
    """The small screen's look (1024×600): the theme's till rules use their smaller sizes."""
    return QApplication.font().pointSizeF() < NORMAL_POINTS


def polish(*widgets: QWidget) -> None:
    """A dynamic property changed: the theme's rules apply again."""
    for w in widgets:
        theme.repolish(w)
        w.updateGeometry()


class CheckoutLinesView(QGroupBox):
    """Gross, tier discount, coupon, points, net and points earned, and the reward given with the
    purchase: the values in one column right beside their labels, the amount to pay the largest."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Checkout"))
        self.setObjectName("checkoutLines")
        self.setProperty("lastSale", False)
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(2, 1)  # the room left over goes beyond the values, not between label and value
        self.values: dict[str, QLabel] = {}
        self.titles: dict[str, QLabel] = {}
        titles = {"gross": self.tr("Amount"), "tier_discount": self.tr("Tier discount"),
                  "coupon_discount": self.tr("Coupon"), "redeem_value": self.tr("Points redeemed"),
                  "net": self.tr("To pay"), "points_earned": self.tr("Points earned"),
                  "campaign_points": self.tr("Of which campaigns"), "reward": self.tr("Reward")}
        self.setProperty("compact", is_compact())
        for i, key in enumerate(LINE_KEYS):
            label, value = QLabel(titles[key]), QLabel("—")
            label.setObjectName(f"title_{key}")
            label.setProperty("role", "lineTitle")
            value.setObjectName(f"line_{key}")
            value.setProperty("role", "lineValue")
            # every value starts at the same edge, the one beside its title: one column, however
            # long each is (absolute: a value of digits only, or a dash, would otherwise take the
            # side of its own script)
            value.setAlignment(Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
                               | (Qt.AlignmentFlag.AlignRight if i18n.is_persian() else Qt.AlignmentFlag.AlignLeft))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            if key == "net":
                label.setProperty("total", True)
                value.setProperty("total", True)
                font = value.font()  # the amount to pay stands out in any theme
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 1.3)
                value.setFont(font)
            grid.addWidget(label, i, 0, Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, i, 1)
            self.values[key] = value
            self.titles[key] = label
        self._show_optional()

    def show_lines(self, lines, unit: str, reward: tuple[str, int] | None = None) -> None:
        """The checkout being typed (``None``: nothing to price yet); ``reward`` (name, points) the
        reward chosen to go with it."""
        self.setTitle(self.tr("Checkout"))
        self.setProperty("lastSale", False)
        polish(self)
        self.show_reward(reward)
        if lines is None:
            for key, v in self.values.items():
                if key != "reward":
                    v.setText("—")
            self._show_optional()
            return
        self.values["gross"].setText(i18n.money(lines.gross, unit))
        self.values["tier_discount"].setText(i18n.money(-lines.tier_discount, unit) if lines.tier_discount else "—")
        self.values["coupon_discount"].setText(i18n.money(-lines.coupon_discount, unit) if lines.coupon_discount else "—")
        self.values["redeem_value"].setText(
            i18n.arg(self.tr("%1 points = %2"), i18n.number(lines.points_redeemed), i18n.money(-lines.redeem_value, unit))
            if lines.points_redeemed else "—")
        self.values["net"].setText(i18n.money(lines.net, unit))
        self.values["points_earned"].setText(i18n.number(lines.points_earned))
        self.values["campaign_points"].setText("\n".join(
            i18n.arg(self.tr("%1: +%2"), name, i18n.number(points)) for name, points in lines.campaigns) or "—")
        self._show_optional()

    def show_reward(self, reward: tuple[str, int] | None) -> None:
        """The reward on the bill as soon as it is chosen (F3), before the purchase is registered."""
        self.values["reward"].setText(
            i18n.arg(self.tr("%1 for %2 points"), reward[0], i18n.number(reward[1])) if reward else "—")
        self._show_optional()

    def _show_optional(self) -> None:
        """The campaigns' and the reward's lines only when they hold something (the bill stays short)."""
        for key in OPTIONAL_LINES:
            shown = self.values[key].text() != "—"
            self.values[key].setVisible(shown)
            self.titles[key].setVisible(shown)

    def show_last_sale(self, result, unit: str) -> None:
        """The lines of the purchase just registered, titled as such (never left unlabelled beside
        an empty amount, where they would read as the next customer's checkout)."""
        self.show_lines(result.lines, unit, (result.reward, result.reward_points) if result.reward else None)
        self.setTitle(i18n.arg(self.tr("Last sale (purchase %1), registered"), i18n.digits(str(result.purchase_id))))
        self.setProperty("lastSale", True)
        polish(self)

    def text_of(self, key: str) -> str:
        return self.values[key].text()


class CashierView(Translated, QWidget):
    """The cashier page's widgets and layout. Every widget that tests, shortcuts and the theme
    reach has its objectName; the controller connects them."""

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.status.text():  # styled by now: an empty status line keeps the theme's height (no jump on Esc)
            self.status.setMinimumHeight(max(self.status.minimumHeight(), self.status.sizeHint().height()))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cashierPage")
        self.setProperty("compact", is_compact())  # the theme's smaller sizes on a small screen
        self.unit = "toman"

        # the search: a scan, a mobile, its last digits or a name
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setProperty("role", "search")
        self.search.setPlaceholderText(self.tr("Scan a card, or type a mobile, its last digits or a name"))
        self.search.setClearButtonEnabled(True)
        font = self.search.font()
        font.setPointSize(font.pointSize() + 4)
        self.search.setFont(font)
        self.new_button = QPushButton(self.tr("New member (F2)"))
        self.new_button.setObjectName("newMember")
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # chosen from the search field (Up, Down) or by a click
        # while nothing is listed, what the list is for (no empty white pane)
        self.results_hint = QLabel(self.tr("Members found appear here as you type.\n"
                                           "Up and Down choose one, Enter opens it; F2 signs up a new member."))
        self.results_hint.setObjectName("resultsHint")
        self.results_hint.setProperty("role", "hint")
        self.results_hint.setWordWrap(True)
        self.results_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.matches_area = QStackedWidget()
        self.matches_area.setObjectName("matchesArea")
        self.matches_area.addWidget(self.results_hint)
        self.matches_area.addWidget(self.results)
        self.status = HintLine()  # (empty: no tinted band under the search)
        self.status.setObjectName("cashierStatus")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().height())  # the page does not jump when it empties

        self.panel = MemberCard()

        # the checkout form
        self.form = ProblemForm()
        self.amount = self.form.add(self.tr("Amount"), "amount", MoneyEdit(self.unit))
        self.amount.setObjectName("amount")
        redeem_row = QWidget()
        row = QHBoxLayout(redeem_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.redeem = PointsEdit()  # a balance can pass 2**31 points: no QSpinBox
        self.redeem.setObjectName("redeem")
        self.redeem.setRange(0, 0)
        self.use_max = QPushButton(self.tr("Use most"))
        self.use_max.setObjectName("useMost")
        self.use_max.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes amount, points, coupon
        row.addWidget(self.redeem, 1)
        row.addWidget(self.use_max)
        self.form.add(self.tr("Redeem points"), "redeem", redeem_row)
        self.coupon = self.form.add(self.tr("Coupon"), "coupon", QLineEdit())
        self.coupon.setObjectName("coupon")
        self.coupon.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # the member's offers (F7 applies one into the coupon) and a reward of the catalog (F3)
        reward_row = QWidget()
        row = QHBoxLayout(reward_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.reward = RewardPicker()
        self.give_reward = QPushButton(self.tr("Give without a purchase"))
        self.give_reward.setObjectName("giveReward")
        self.give_reward.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.reward, 1)
        row.addWidget(self.give_reward)
        self.form.add(self.tr("Reward (F3)"), "reward", reward_row)
        self.offers_box = OffersBox()
        self.lines = CheckoutLinesView()

        # one primary action; the others after the sale
        self.register_button = QPushButton(self.tr("Register purchase (F9)"))
        self.register_button.setObjectName("register")
        self.register_button.setProperty("role", "primary")
        self.receipt_button = QPushButton(self.tr("Print receipt (F4)"))
        self.receipt_button.setObjectName("printReceipt")
        self.card_button = QPushButton(self.tr("Print member card"))
        self.card_button.setObjectName("printCard")
        self.survey_button = QPushButton(self.tr("Survey on the kiosk (F8)"))  # the customer answers on the kiosk
        self.survey_button.setObjectName("openKiosk")
        self.void_button = QPushButton(self.tr("Void last sale (F6)"))
        self.void_button.setObjectName("voidSale")
        for button in (self.receipt_button, self.card_button, self.survey_button, self.void_button):
            button.setProperty("role", "secondary")
            button.setEnabled(False)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(self.banner.fontMetrics().height())  # the page does not jump when it empties
        self.upgrade_banner = UpgradeBanner()
        for button in (self.register_button, self.receipt_button, self.card_button, self.survey_button,
                       self.void_button, self.new_button, self.give_reward, self.use_max):
            button.setAutoDefault(False)
            button.setDefault(False)

        # sign-up without leaving the page
        self.sign_up_box = QGroupBox(self.tr("New member"))
        self.sign_up_box.setObjectName("signUpBox")
        self.sign_up_form = ProblemForm(self.sign_up_box)
        self.new_mobile = self.sign_up_form.add(self.tr("Mobile"), "mobile", QLineEdit())
        self.new_mobile.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.new_first = self.sign_up_form.add(self.tr("First name"), "first_name", QLineEdit())
        self.new_last = self.sign_up_form.add(self.tr("Last name"), "last_name", QLineEdit())
        self.sign_up_button = QPushButton(self.tr("Sign up"))
        self.sign_up_button.setObjectName("signUp")
        self.cancel_sign_up_button = QPushButton(self.tr("Cancel"))
        self.cancel_sign_up_button.setObjectName("cancelSignUp")
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_up_button)
        buttons.addWidget(self.cancel_sign_up_button)
        self.sign_up_form.addRow(self.sign_up_form.general())
        self.sign_up_form.addRow(buttons)
        self.sign_up_box.hide()

        self._lay_out()

    def show_results_or_hint(self) -> None:
        """The list when it holds matches; otherwise the hint in its place."""
        self.matches_area.setCurrentWidget(self.results if self.results.count() else self.results_hint)

    def _lay_out(self) -> None:
        """Search on top; matches | member | checkout."""
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        left = QVBoxLayout()  # the matches, the member's offers below them, or the sign-up in their place
        left.addWidget(self.matches_area, 1)
        left.addWidget(self.offers_box)
        left.addWidget(self.sign_up_box)
        checkout = QVBoxLayout()
        checkout.addLayout(self.form)
        checkout.addWidget(self.form.general())
        checkout.addWidget(self.lines)
        checkout.addWidget(self.register_button)
        checkout.addWidget(self.banner)
        after = QGridLayout()  # two by two: the page fits a 1024×600 screen
        after.addWidget(self.receipt_button, 0, 0)
        after.addWidget(self.void_button, 0, 1)
        after.addWidget(self.card_button, 1, 0)
        after.addWidget(self.survey_button, 1, 1)
        checkout.addLayout(after)
        checkout.addStretch(1)
        middle = QVBoxLayout()  # the upgrade above the member, where the page has room even at 1024×600
        middle.addWidget(self.upgrade_banner)
        middle.addWidget(self.panel, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(middle, 4)
        body.addLayout(checkout, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(body, 1)
