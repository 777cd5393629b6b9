"""The cashier page: find a member in two seconds, price the purchase live, register it with one key.

The search field keeps the focus. A USB scanner types the card number and Enter: the member opens
at once. A mobile in any form, its last digits or part of a name lists matches as you type. The
checkout lines come from the same service that will register the purchase, so what the cashier
sees is what the member pays. Every checkout screen has its own key, so a double Enter registers
the purchase once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.ids import new_checkout_key
from loyaltydesk.domain.text import digits_only, to_ascii_digits

from .. import i18n, printing_actions
from ..ops import Runner
from ..widgets import CodeLabel, MoneyEdit, ProblemForm

TYPE_AHEAD_MS = 150
CARD_LENGTH = 12


class MemberPanel(QFrame):
    """Who the member is and where they stand: tier and its colour, points and their value, how far
    the next tier is and what keeps this one, and today's notices."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("memberPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        self.name.setObjectName("memberName")
        font = self.name.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.name.setFont(font)
        self.tier = QLabel()
        self.tier.setObjectName("tierBadge")
        self.card = CodeLabel()
        self.mobile = CodeLabel()
        self.points = QLabel()
        self.progress = QLabel()
        self.keep = QLabel()
        self.notices = QLabel()
        self.notices.setObjectName("notices")
        for label in (self.progress, self.keep, self.notices):
            label.setWordWrap(True)
        grid = QFormLayout()
        grid.addRow(self.tr("Card"), self.card)
        grid.addRow(self.tr("Mobile"), self.mobile)
        grid.addRow(self.tr("Points"), self.points)
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.tier)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.progress)
        layout.addWidget(self.keep)
        layout.addWidget(self.notices)
        layout.addStretch(1)
        self.show_member(None, "toman")

    def show_member(self, m, unit: str) -> None:
        if m is None:
            self.name.setText(self.tr("No member chosen"))
            for label in (self.tier, self.points, self.progress, self.keep, self.notices):
                label.clear()
            self.tier.setStyleSheet("")
            self.card.set_code("")
            self.mobile.set_code("")
            return
        self.name.setText(m.name or self.tr("(no name)"))
        self.tier.setText(m.tier or self.tr("No tier"))
        color = QColor(m.tier_color or "#9e9e9e")
        text = "#000000" if color.lightness() > 150 else "#ffffff"
        self.tier.setStyleSheet(f"background:{color.name()}; color:{text}; border-radius:6px; padding:3px 10px;")
        self.card.set_code(_grouped(m.card))
        self.mobile.set_code(m.mobile)
        self.points.setText(i18n.arg(self.tr("%1 points, worth %2"), i18n.number(m.points), i18n.money(m.points_value, unit)))
        if m.next_tier and m.to_next_tier is not None:
            self.progress.setText(i18n.arg(self.tr("%1 more reaches %2."), i18n.money(m.to_next_tier, unit), m.next_tier))
        else:
            self.progress.setText(self.tr("Top tier.") if m.tier else "")
        if m.tier and m.to_keep_tier:
            self.keep.setText(i18n.arg(self.tr("%1 more by the next review keeps %2."), i18n.money(m.to_keep_tier, unit), m.tier))
        elif m.tier:
            self.keep.setText(i18n.arg(self.tr("%1 is kept at the next review."), m.tier))
        else:
            self.keep.clear()
        notices = []
        if m.status != "active":
            notices.append(self.tr("Blocked: no purchases or redemptions."))
        if m.birthday_today:
            notices.append(self.tr("Happy birthday! Today is the member's birthday."))
        if m.referrer_card:
            notices.append(i18n.arg(self.tr("Referred by card %1."), i18n.ltr(i18n.digits(_grouped(m.referrer_card)))))
        self.notices.setText("\n".join(notices))


def _grouped(card: str) -> str:
    return " ".join(card[i:i + 4] for i in range(0, len(card), 4))


class CheckoutLinesView(QGroupBox):
    """Gross, tier discount, coupon, points, net and points earned: DOMAIN.md's order."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Checkout"))
        self.setObjectName("checkoutLines")
        grid = QGridLayout(self)
        self.values: dict[str, QLabel] = {}
        rows = [("gross", self.tr("Amount")), ("tier_discount", self.tr("Tier discount")),
                ("coupon_discount", self.tr("Coupon")), ("redeem_value", self.tr("Points redeemed")),
                ("net", self.tr("To pay")), ("points_earned", self.tr("Points earned"))]
        for i, (key, title) in enumerate(rows):
            label, value = QLabel(title), QLabel("—")
            value.setAlignment(Qt.AlignmentFlag.AlignLeft if i18n.is_persian() else Qt.AlignmentFlag.AlignRight)
            value.setObjectName(f"line_{key}")
            if key == "net":
                font = value.font()
                font.setBold(True)
                font.setPointSize(font.pointSize() + 4)
                value.setFont(font)
            grid.addWidget(label, i, 0)
            grid.addWidget(value, i, 1)
            self.values[key] = value

    def show_lines(self, lines, unit: str) -> None:
        if lines is None:
            for v in self.values.values():
                v.setText("—")
            return
        self.values["gross"].setText(i18n.money(lines.gross, unit))
        self.values["tier_discount"].setText(i18n.money(-lines.tier_discount, unit) if lines.tier_discount else "—")
        self.values["coupon_discount"].setText(i18n.money(-lines.coupon_discount, unit) if lines.coupon_discount else "—")
        self.values["redeem_value"].setText(
            i18n.arg(self.tr("%1 points = %2"), i18n.number(lines.points_redeemed), i18n.money(-lines.redeem_value, unit))
            if lines.points_redeemed else "—")
        self.values["net"].setText(i18n.money(lines.net, unit))
        self.values["points_earned"].setText(i18n.number(lines.points_earned))

    def text_of(self, key: str) -> str:
        return self.values[key].text()


class CashierPage(QWidget):
    """Search, member, checkout, sign-up. Emits ``purchased(result)`` after each registration."""

    purchased = Signal(object)
    print_receipt = Signal(int)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cashierPage")
        self.runner = runner
        self.unit = "toman"
        self.member = None
        self.matches: list = []
        self.last_result = None
        self.checkout_key = new_checkout_key()
        self._search_seq = 0
        self._quote_seq = 0
        self._registering = False

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Scan a card, or type a mobile, its last digits or a name"))
        self.search.setClearButtonEnabled(True)
        font = self.search.font()
        font.setPointSize(font.pointSize() + 4)
        self.search.setFont(font)
        self.search.textEdited.connect(self._typed)
        self.search.returnPressed.connect(self._enter)
        self.new_button = QPushButton(self.tr("New member (F2)"))
        self.new_button.clicked.connect(self.open_sign_up)
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.itemActivated.connect(self._chosen)
        self.results.itemClicked.connect(self._chosen)
        self.status = QLabel()
        self.status.setObjectName("cashierStatus")
        self.status.setWordWrap(True)

        self.panel = MemberPanel()

        # the checkout form
        self.form = ProblemForm()
        self.amount = self.form.add(self.tr("Amount"), "amount", MoneyEdit(self.unit))
        self.amount.setObjectName("amount")
        redeem_row = QWidget()
        row = QHBoxLayout(redeem_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.redeem = QSpinBox()
        self.redeem.setObjectName("redeem")
        self.redeem.setRange(0, 0)
        self.redeem.setGroupSeparatorShown(True)
        self.use_max = QPushButton(self.tr("Use most"))
        self.use_max.clicked.connect(lambda: self.redeem.setValue(self.redeem.maximum()))
        row.addWidget(self.redeem, 1)
        row.addWidget(self.use_max)
        self.form.add(self.tr("Redeem points"), "redeem", redeem_row)
        self.coupon = self.form.add(self.tr("Coupon"), "coupon", QLineEdit())
        self.coupon.setObjectName("coupon")
        self.coupon.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.lines = CheckoutLinesView()
        self.register_button = QPushButton(self.tr("Register purchase (F9)"))
        self.register_button.setObjectName("register")
        self.register_button.setDefault(False)
        self.register_button.clicked.connect(self.register)
        self.receipt_button = QPushButton(self.tr("Print receipt"))
        self.receipt_button.setObjectName("printReceipt")
        self.receipt_button.setEnabled(False)
        self.receipt_button.clicked.connect(self._print_receipt)
        self.card_button = QPushButton(self.tr("Print member card"))
        self.card_button.setObjectName("printCard")
        self.card_button.setEnabled(False)
        self.card_button.clicked.connect(self._print_card)
        # issue 6: the customer answers the satisfaction survey on the kiosk
        self.kiosk = None
        self.survey_button = QPushButton(self.tr("Survey (kiosk)"))
        self.survey_button.setObjectName("openKiosk")
        self.survey_button.setEnabled(False)
        self.survey_button.clicked.connect(self.open_kiosk)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)

        for edit in (self.amount, self.coupon):
            edit.returnPressed.connect(self.register)
        self.amount.changed.connect(lambda _: self._requote())
        self.redeem.valueChanged.connect(lambda _: self._requote())
        self.coupon.textEdited.connect(lambda _: self._requote())

        # sign-up without leaving the page
        self.sign_up_box = QGroupBox(self.tr("New member"))
        self.sign_up_box.setObjectName("signUpBox")
        self.sign_up_form = ProblemForm(self.sign_up_box)
        self.new_mobile = self.sign_up_form.add(self.tr("Mobile"), "mobile", QLineEdit())
        self.new_mobile.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.new_first = self.sign_up_form.add(self.tr("First name"), "first_name", QLineEdit())
        self.new_last = self.sign_up_form.add(self.tr("Last name"), "last_name", QLineEdit())
        sign_up_button = QPushButton(self.tr("Sign up"))
        sign_up_button.setObjectName("signUp")
        sign_up_button.clicked.connect(self.sign_up)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.close_sign_up)
        buttons = QHBoxLayout()
        buttons.addWidget(sign_up_button)
        buttons.addWidget(cancel)
        self.sign_up_form.addRow(self.sign_up_form.general())
        self.sign_up_form.addRow(buttons)
        for edit in (self.new_mobile, self.new_first, self.new_last):
            edit.returnPressed.connect(self.sign_up)
        self.sign_up_box.hide()

        # layout: search on top; matches | member | checkout
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        left = QVBoxLayout()
        left.addWidget(self.results, 1)
        left.addWidget(self.sign_up_box)
        checkout = QVBoxLayout()
        checkout.addLayout(self.form)
        checkout.addWidget(self.form.general())
        checkout.addWidget(self.lines)
        checkout.addWidget(self.register_button)
        checkout.addWidget(self.banner)
        checkout.addWidget(self.receipt_button)
        checkout.addWidget(self.card_button)
        checkout.addWidget(self.survey_button)
        checkout.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.panel, 4)
        body.addLayout(checkout, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(body, 1)

        self._type_timer = QTimer(self, singleShot=True, interval=TYPE_AHEAD_MS)
        self._type_timer.timeout.connect(self._find)
        self._quote_timer = QTimer(self, singleShot=True, interval=TYPE_AHEAD_MS)
        self._quote_timer.timeout.connect(self._quote)
        QShortcut(QKeySequence("F9"), self, self.register)
        QShortcut(QKeySequence("F2"), self, self.open_sign_up)
        QShortcut(QKeySequence("Escape"), self, self.reset)
        self._set_checkout_enabled(False)

    # -- settings ------------------------------------------------------------------------------
    def set_unit(self, unit: str) -> None:
        self.unit = unit
        self.amount.unit = unit
        self.form.labelForField(self.amount).setText(i18n.arg(self.tr("Amount (%1)"), i18n.unit_name(unit)))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.search.setFocus()

    # -- finding -------------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        self._type_timer.start()

    def _enter(self) -> None:
        """Enter in the search field: a scanned card opens at once; otherwise the chosen match."""
        self._type_timer.stop()
        text = self.search.text().strip()
        if not text:
            return
        if self.matches and (len(self.matches) == 1 or self.results.currentRow() >= 0):
            self.open_card(self.matches[max(self.results.currentRow(), 0)].card)
            return
        self._find(open_single=True)

    def _find(self, open_single: bool = False) -> None:
        """The type-ahead list (light rows); a full card or mobile opens its member in the same trip."""
        text = self.search.text().strip()
        self._search_seq += 1
        seq = self._search_seq
        if not text:
            self._show_matches([], text)
            return

        def job(s):
            found = services.members.find_brief(s, text, 20)
            single = len(found) == 1 and (open_single or _is_key(text, found[0]))
            return found, services.members.get_member(s, found[0].card) if single else None

        def done(value):
            if seq != self._search_seq:
                return  # a newer search is on its way
            found, member = value
            self._show_matches(found, text)
            if member is not None:
                self.open_member(member)

        self.runner.call(job, done, self._search_failed)

    def _search_failed(self, error) -> None:
        self.status.setText(i18n.error_text(error))

    def _show_matches(self, found, text: str) -> None:
        self.matches = list(found)
        self.results.clear()
        for m in found:
            item = QListWidgetItem(f"{m.name or self.tr('(no name)')}   {i18n.ltr(i18n.digits(m.mobile))}"
                                   f"   {m.tier or ''}")
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
            self.status.setText(self.tr("%Ln member(s) found.", "", len(found)) if len(found) < 20 else self.tr("The first %Ln matches: type more to narrow them down.", "", len(found)))  # 20: the search's limit, not a count
        elif text:
            mobile = digits_only(to_ascii_digits(text))
            self.status.setText(self.tr("No member found. Press F2 to sign up a new member."))
            if len(mobile) >= 10:
                self.open_sign_up(mobile=text)
        else:
            self.status.clear()

    def _chosen(self, item: QListWidgetItem) -> None:
        row = self.results.row(item)
        if 0 <= row < len(self.matches):
            self.open_card(self.matches[row].card)

    def open_card(self, card: str) -> None:
        self.runner.call(lambda s: services.members.get_member(s, card), self.open_member, self._search_failed)

    def open_member(self, member) -> None:
        """Show ``member`` and start a fresh checkout for them."""
        self.member = member
        self.panel.show_member(member, self.unit)
        self.checkout_key = new_checkout_key()
        self.amount.clear()
        self.coupon.clear()
        self.redeem.setRange(0, 0)
        self.form.clear_problems()
        self.lines.show_lines(None, self.unit)
        self.banner.clear()
        self.receipt_button.setEnabled(False)
        self._set_checkout_enabled(member.status == "active")
        self.card_button.setEnabled(True)
        self.survey_button.setEnabled(True)
        self.close_sign_up()
        self.status.setText(self.tr("Member opened. Type the amount and press Enter."))
        self.amount.setFocus()

    def reset(self) -> None:
        """Escape: back to an empty search for the next customer."""
        self.member = None
        self.matches = []
        self.results.clear()
        self.panel.show_member(None, self.unit)
        self.amount.clear()
        self.coupon.clear()
        self.redeem.setRange(0, 0)
        self.lines.show_lines(None, self.unit)
        self.form.clear_problems()
        self.close_sign_up()
        self._set_checkout_enabled(False)
        self.card_button.setEnabled(False)
        self.survey_button.setEnabled(False)
        self.search.clear()
        self.search.setFocus()

    def _set_checkout_enabled(self, on: bool) -> None:
        for w in (self.amount, self.redeem, self.use_max, self.coupon, self.register_button):
            w.setEnabled(on)

    # -- pricing -------------------------------------------------------------------------------
    def _requote(self) -> None:
        if self.member is not None:
            self._quote_timer.start()

    def _quote(self) -> None:
        if self.member is None:
            return
        self._quote_seq += 1
        seq = self._quote_seq
        card, gross, redeem, coupon = self.member.card, self.amount.rials(), self.redeem.value(), self.coupon.text().strip() or None

        def done(p):
            if seq != self._quote_seq:
                return
            self.redeem.blockSignals(True)
            self.redeem.setMaximum(max(p.max_redeem, self.redeem.value()))
            self.redeem.blockSignals(False)
            self.use_max.setText(i18n.arg(self.tr("Use most (%1)"), i18n.number(p.max_redeem)))
            self.lines.show_lines(p.lines, self.unit)
            shown = [q for q in p.problems if q.field != "amount" or gross > 0]
            self.form.show_problems(shown)

        self.runner.call(lambda s: services.cashier.preview(s, card, gross, redeem, coupon), done,
                         lambda e: self.form.show_error(e))

    # -- registering ---------------------------------------------------------------------------
    def register(self) -> None:
        """Register the purchase on screen (F9 or Enter in the amount). A second press while the
        first is being written, or after it, registers nothing more: the checkout key is the same."""
        if self.member is None or self._registering:
            return
        self._quote_timer.stop()
        card, gross, redeem = self.member.card, self.amount.rials(), self.redeem.value()
        coupon, key = self.coupon.text().strip() or None, self.checkout_key
        self._registering = True
        self.register_button.setEnabled(False)

        def job(s):
            result = services.checkout.register_purchase(s, card, gross, redeem, coupon, checkout_key=key)
            return result, services.members.get_member(s, card)

        self.runner.call(job, self._registered, self._register_failed)

    def _registered(self, value) -> None:
        result, member = value
        self._registering = False
        self.last_result = result
        self.member = member
        self.panel.show_member(member, self.unit)
        self.lines.show_lines(result, self.unit)
        text = i18n.arg(self.tr("Registered: %1 paid, %2 points earned; balance %3."), 
            i18n.money(result.net, self.unit), i18n.number(result.points_earned), i18n.number(result.balance))
        if result.upgraded:
            text += "\n" + i18n.arg(self.tr("Congratulations! The member moved up to %1."), result.tier_after)
        self.banner.setText(text)
        self.banner.setProperty("upgraded", result.upgraded)
        self.receipt_button.setEnabled(True)
        self.amount.clear()
        self.coupon.clear()
        self.redeem.setRange(0, 0)
        self.register_button.setEnabled(True)
        self.checkout_key = new_checkout_key()
        self.purchased.emit(result)
        self.search.clear()
        self.search.setFocus()

    def _register_failed(self, error) -> None:
        self._registering = False
        self.register_button.setEnabled(self.member is not None and self.member.status == "active")
        self.form.show_error(error)

    # -- printing ------------------------------------------------------------------------------
    def _print_receipt(self) -> None:
        if self.last_result is not None:
            self.print_receipt.emit(self.last_result.purchase_id)
            printing_actions.receipt(self.runner, self, self.last_result.purchase_id)

    def _print_card(self) -> None:
        if self.member is not None:
            printing_actions.member_card(self.runner, self, self.member.card)

    # -- satisfaction survey (issue 6) ---------------------------------------------------------
    def open_kiosk(self) -> None:
        """Hand the kiosk to the member on screen, tied to their purchase just registered."""
        if self.member is None:
            return
        from ..kiosk import open_kiosk

        last = self.last_result
        purchase_id = last.purchase_id if last is not None and last.card == self.member.card else None
        self.kiosk = open_kiosk(self.runner, self.member.card, purchase_id, self.member.name, self.kiosk, self)

    # -- sign-up -------------------------------------------------------------------------------
    def open_sign_up(self, mobile: str = "") -> None:
        self.sign_up_box.show()
        if mobile:
            self.new_mobile.setText(mobile)
            self.new_first.setFocus()
        else:
            self.new_mobile.setFocus()

    def close_sign_up(self) -> None:
        self.sign_up_box.hide()
        self.sign_up_form.clear_problems()
        for edit in (self.new_mobile, self.new_first, self.new_last):
            edit.clear()

    def sign_up(self) -> None:
        mobile, first, last = self.new_mobile.text(), self.new_first.text(), self.new_last.text()
        self.runner.call(lambda s: services.members.sign_up(s, mobile, first, last), self._signed_up,
                         self.sign_up_form.show_error)

    def _signed_up(self, member) -> None:
        self.close_sign_up()
        self._show_matches([], "")
        self.open_member(member)
        self.status.setText(i18n.arg(self.tr("Welcome to the club! Card %1 is ready."), i18n.ltr(i18n.digits(_grouped(member.card)))))


def _is_key(text: str, member) -> bool:
    """The text is the member's full card number or mobile (a scan or a typed number)."""
    plain = digits_only(to_ascii_digits(text))
    return plain == member.card or (len(plain) >= 10 and member.mobile.endswith(plain[-10:]))
