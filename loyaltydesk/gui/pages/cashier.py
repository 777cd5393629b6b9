"""The cashier page: find a member in two seconds, price the purchase live, register it with one key.

The search field keeps the focus. A USB scanner types the card number and Enter: the member opens
at once. A mobile in any form, its last digits or part of a name lists matches as you type; Up and
Down walk them and Enter opens the one chosen (nothing opens by itself). The checkout lines come
from the same service that will register the purchase, so what the cashier sees is what the member
pays. Every checkout screen has its own key, so a double Enter registers the purchase once.

Guard rails: a card scanned while the focus sits in the amount, the points or the coupon
(digits at scanner speed, or a value that is a card number) is never taken as an amount: it opens
that member, or is refused; a purchase above the owner's amount asks first, and Enter there
cancels; the cashier's last sale can be voided for a few minutes. After every action the focus goes
back to the search field, so that the next scan lands there; opening a member hands it to the amount.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.analytics import SEGMENT_TITLES
from loyaltydesk.domain.errors import NotFound
from loyaltydesk.domain.ids import card_is_valid, format_card, new_checkout_key
from loyaltydesk.domain.jalali import utc_now
from loyaltydesk.domain.text import digits_only, to_ascii_digits
from loyaltydesk.domain.tiers import DEFAULT_TIER_COLOR
from loyaltydesk.services import offers as offer_service
from loyaltydesk.services import rewards as reward_service
from loyaltydesk.services.checkout import void_window
from loyaltydesk.services.story import member_story

from .. import confirm, i18n, printing_actions
from ..models.report_table import report_text
from ..ops import Runner
from ..widgets import CodeLabel, MoneyEdit, PointsEdit, ProblemForm
from .till import ScanGuard, UpgradeBanner
from .till_offers import OffersBox, RewardPicker

TYPE_AHEAD_MS = 150
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
        self.story = QLabel()  # the member's story in two lines (services/story.py), read after they open
        self.story.setObjectName("memberStory")
        self.story_of: int | None = None  # the member the story is about
        for label in (self.progress, self.keep, self.notices, self.story):
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
        layout.addWidget(self.story)
        layout.addWidget(self.notices)
        layout.addStretch(1)
        self.show_member(None, "toman")

    def show_member(self, m, unit: str) -> None:
        if m is None or m.id != self.story_of:  # another member's story never stays beside this one
            self.story.clear()
            self.story_of = None
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
        color = QColor(m.tier_color or DEFAULT_TIER_COLOR)
        text = "#000000" if color.lightness() > 150 else "#ffffff"
        self.tier.setStyleSheet(f"background:{color.name()}; color:{text}; border-radius:6px; padding:3px 10px;")
        self.card.set_code(format_card(m.card))
        self.mobile.set_code(m.mobile)
        self.points.setText(i18n.arg(self.tr("%1 points, worth %2"), i18n.number(m.points), i18n.money(m.points_value, unit)))
        if m.next_tier and m.to_next_tier is not None and m.to_next_visits is not None:  # either, whichever first
            self.progress.setText(i18n.arg(self.tr("%1 more, or %2 more visits, reach %3."),
                                           i18n.money(m.to_next_tier, unit), i18n.number(m.to_next_visits), m.next_tier))
        elif m.next_tier and m.to_next_tier is not None:
            self.progress.setText(i18n.arg(self.tr("%1 more reaches %2."), i18n.money(m.to_next_tier, unit), m.next_tier))
        elif m.next_tier and m.to_next_visits is not None:
            self.progress.setText(i18n.arg(self.tr("%1 more visits reach %2."), i18n.number(m.to_next_visits), m.next_tier))
        else:
            self.progress.setText(self.tr("Top tier.") if m.tier and not m.next_tier else "")
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
            notices.append(i18n.arg(self.tr("Referred by card %1."), i18n.ltr(i18n.digits(format_card(m.referrer_card)))))
        self.notices.setText("\n".join(notices))


    def show_story(self, story, unit: str) -> None:
        """Two lines: what they spent over how many visits, the last one, their segment; the points
        that expire next and open follow-ups (the member dialog shows it all)."""
        self.story_of = story.member_id
        if story.visits:
            if story.days_since_visit:
                first = i18n.arg(self.tr("Spent %1 in %2 visit(s); last visit %3 days ago"),
                                 i18n.money(story.lifetime_spend, unit), i18n.number(story.visits),
                                 i18n.number(story.days_since_visit))
            else:
                first = i18n.arg(self.tr("Spent %1 in %2 visit(s); last visit today"),
                                 i18n.money(story.lifetime_spend, unit), i18n.number(story.visits))
            if story.segment:
                first = i18n.arg(self.tr("%1 · %2"), first, report_text(SEGMENT_TITLES[story.segment]))
        else:
            first = self.tr("First purchase ahead.")
        second = []
        if story.expiring_points:
            second.append(i18n.arg(self.tr("%1 points expire on %2"), i18n.number(story.expiring_points),
                                   i18n.digits(story.expiring_jalali)))
        if story.open_followups:
            second.append(i18n.arg(self.tr("%1 open follow-up(s)"), i18n.number(story.open_followups)))
        if story.offers:
            second.append(i18n.arg(self.tr("%1 active offer(s)"), i18n.number(len(story.offers))))
        # a separator that cannot be read as a digit (a middle dot looks like the Persian zero)
        self.story.setText("\n".join([first, self.tr(" · ").join(second)] if second else [first]))


class CheckoutLinesView(QGroupBox):
    """Gross, tier discount, coupon, points, net and points earned: the club's rules' order (docs/rules.md)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Checkout"))
        self.setObjectName("checkoutLines")
        grid = QGridLayout(self)
        self.values: dict[str, QLabel] = {}
        rows = [("gross", self.tr("Amount")), ("tier_discount", self.tr("Tier discount")),
                ("coupon_discount", self.tr("Coupon")), ("redeem_value", self.tr("Points redeemed")),
                ("net", self.tr("To pay")), ("points_earned", self.tr("Points earned")),
                ("campaign_points", self.tr("Of which campaigns"))]
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
        """The checkout being typed (``None``: nothing to price yet)."""
        self.setTitle(self.tr("Checkout"))
        self.setProperty("lastSale", False)
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
        self.values["campaign_points"].setText("\n".join(
            i18n.arg(self.tr("%1: +%2"), name, i18n.number(points)) for name, points in lines.campaigns) or "—")

    def show_last_sale(self, result, unit: str) -> None:
        """The lines of the purchase just registered, titled as such (never left unlabelled beside
        an empty amount, where they would read as the next customer's checkout)."""
        self.show_lines(result.lines, unit)
        self.setTitle(i18n.arg(self.tr("Last sale (purchase %1), registered"), i18n.digits(str(result.purchase_id))))
        self.setProperty("lastSale", True)

    def text_of(self, key: str) -> str:
        return self.values[key].text()


class CashierPage(QWidget):
    """Search, member, checkout, sign-up. Emits ``purchased(result)`` after each registration and
    ``voided(result)`` after the cashier voids their last sale."""

    purchased = Signal(object)
    voided = Signal(object)
    print_receipt = Signal(object)  # a purchase id: a Python int (a Signal(int) is 32 bits)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cashierPage")
        self.runner = runner
        self.unit = "toman"
        self.member = None
        self.matches: list = []
        self.last_result = None  # the sale on screen (its lines, its receipt), until Esc or another member
        self.last_sale = None  # this cashier's last sale, which they may void for a few minutes
        self.void_until: datetime | None = None
        self.settings = None  # the club's settings as of the last registration
        self.checkout_key = new_checkout_key()
        self._search_seq = 0
        self._matches_for: str | None = None  # the search text the listed matches belong to
        self._quote_seq = 0
        self._registering = False
        self._voiding = False
        self.confirm_box: QMessageBox | None = None

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Scan a card, or type a mobile, its last digits or a name"))
        self.search.setClearButtonEnabled(True)
        font = self.search.font()
        font.setPointSize(font.pointSize() + 4)
        self.search.setFont(font)
        self.search.textEdited.connect(self._typed)
        self.search.returnPressed.connect(self._enter)
        self.search.installEventFilter(self)  # Up and Down walk the matches
        self.new_button = QPushButton(self.tr("New member (F2)"))
        self.new_button.clicked.connect(lambda: self.open_sign_up())
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # chosen from the search field (Up, Down) or by a click
        self.results.itemActivated.connect(self._chosen)
        self.results.itemClicked.connect(self._chosen)
        self.status = QLabel()
        self.status.setObjectName("cashierStatus")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().height())  # the page does not jump when it empties

        self.panel = MemberPanel()

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
        self.use_max.clicked.connect(lambda: self.redeem.setValue(self.redeem.maximum()))
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
        self.reward.currentIndexChanged.connect(lambda _: self._requote())
        self.reward.currentIndexChanged.connect(lambda _: self._update_give())
        self.give_reward = QPushButton(self.tr("Give without a purchase"))
        self.give_reward.setObjectName("giveReward")
        self.give_reward.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.give_reward.setAutoDefault(False)
        self.give_reward.clicked.connect(self.give_reward_only)
        row.addWidget(self.reward, 1)
        row.addWidget(self.give_reward)
        self.form.add(self.tr("Reward (F3)"), "reward", reward_row)
        self.offers_box = OffersBox()
        self.offers_box.applied.connect(self._apply_offer)
        self.lines = CheckoutLinesView()
        self.register_button = QPushButton(self.tr("Register purchase (F9)"))
        self.register_button.setObjectName("register")
        self.register_button.setDefault(False)
        self.register_button.clicked.connect(self.register)
        self.receipt_button = QPushButton(self.tr("Print receipt (F4)"))
        self.receipt_button.setObjectName("printReceipt")
        self.receipt_button.setEnabled(False)
        self.receipt_button.clicked.connect(self._print_receipt)
        self.card_button = QPushButton(self.tr("Print member card"))
        self.card_button.setObjectName("printCard")
        self.card_button.setEnabled(False)
        self.card_button.clicked.connect(self._print_card)
        # the customer answers the satisfaction survey on the kiosk
        self.kiosk = None
        self.survey_button = QPushButton(self.tr("Survey on the kiosk (F8)"))
        self.survey_button.setObjectName("openKiosk")
        self.survey_button.setEnabled(False)
        self.survey_button.clicked.connect(self.open_kiosk)
        self.void_button = QPushButton(self.tr("Void last sale (F6)"))
        self.void_button.setObjectName("voidSale")
        self.void_button.setEnabled(False)
        self.void_button.clicked.connect(self.ask_void)
        self._void_timer = QTimer(self, singleShot=True)
        self._void_timer.timeout.connect(self._update_void)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(self.banner.fontMetrics().height())  # the page does not jump when it empties
        self.upgrade_banner = UpgradeBanner()
        for button in (self.register_button, self.receipt_button, self.card_button, self.survey_button,
                       self.void_button, self.new_button):
            button.setAutoDefault(False)

        self.guard = ScanGuard(self)
        self.guard.watch(self.amount, self.redeem, self.coupon)
        self.guard.scanned.connect(self._scanned_into_checkout)
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
        cancel.clicked.connect(self.cancel_sign_up)
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
        after = QGridLayout()  # two by two: the page fits a 1024×600 screen
        after.addWidget(self.receipt_button, 0, 0)
        after.addWidget(self.void_button, 0, 1)
        after.addWidget(self.card_button, 1, 0)
        after.addWidget(self.survey_button, 1, 1)
        checkout.addLayout(after)
        checkout.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        middle = QVBoxLayout()  # the upgrade above the member, where the page has room even at 1024×600
        middle.addWidget(self.upgrade_banner)
        middle.addWidget(self.panel, 1)
        middle.addWidget(self.offers_box)
        body.addLayout(middle, 4)
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
        QShortcut(QKeySequence("F2"), self, lambda: self.open_sign_up())
        QShortcut(QKeySequence("F4"), self, self._print_receipt)
        QShortcut(QKeySequence("F6"), self, self.ask_void)
        QShortcut(QKeySequence("F8"), self, self.open_kiosk)
        QShortcut(QKeySequence("F7"), self, lambda: self.offers_box.apply_next(self.coupon.text()))
        QShortcut(QKeySequence("F3"), self, self._choose_reward)
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

    def back_to_search(self, *_args) -> None:
        """The focus back in the search field, after every action: the next scan lands there."""
        if not self.sign_up_box.isVisible():
            self.search.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Up and Down in the search field walk the matches (Enter opens the one chosen)."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and self.results.count():
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
            if step is not None:
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    # -- finding -------------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        self._type_timer.start()

    def _enter(self) -> None:
        """Enter in the search field: the match chosen (Up, Down) when the list is the one for this
        text; otherwise (a scan, or Enter before the list came) look it up and open a single match."""
        self._type_timer.stop()
        text = self.search.text().strip()
        if not text:
            return
        row = self.results.currentRow()
        if self.matches and self._matches_for == text and 0 <= row < len(self.matches):
            self._search_seq += 1  # a type-ahead still on its way must not replace the list chosen from
            self.open_card(self.matches[row].card)
            return
        self._find(open_single=True)

    def _find(self, open_single: bool = False) -> None:
        """The type-ahead list (light rows). Only Enter (``open_single``) opens a single match or
        offers a sign-up for an unknown mobile: a pause after typing a full mobile opens nothing,
        so the cashier's habitual Enter still lands in the search field."""
        text = self.search.text().strip()
        self._search_seq += 1
        seq = self._search_seq
        if not text:
            self._show_matches([], text)
            return

        def job(s):
            found = services.members.find_brief(s, text, 20)
            single = open_single and len(found) == 1
            return found, services.members.get_member(s, found[0].card) if single else None

        def done(value):
            if seq != self._search_seq:
                return  # a newer search is on its way
            found, member = value
            self._show_matches(found, text, open_single)
            if member is not None:
                self.open_member(member)

        self.runner.call(job, done, self._search_failed)

    def _search_failed(self, error) -> None:
        self.status.setText(i18n.error_text(error))

    def _show_matches(self, found, text: str, entered: bool = False) -> None:
        self.matches = list(found)
        self._matches_for = text
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
            if entered and len(mobile) >= 10:
                self.open_sign_up(mobile=text)
        else:
            self.status.clear()

    def _chosen(self, item: QListWidgetItem) -> None:
        row = self.results.row(item)
        if 0 <= row < len(self.matches):
            self.open_card(self.matches[row].card)

    def open_card(self, card: str) -> None:
        self.runner.call(lambda s: services.members.get_member(s, card), self.open_member, self._search_failed)

    def _clear_checkout(self) -> None:
        """Everything of the checkout and of the last sale on screen: amount, points, coupon, lines,
        problems, banners, the receipt button. (This cashier's last sale stays voidable.)"""
        self._quote_timer.stop()
        self._quote_seq += 1  # a preview still on its way belongs to the checkout just cleared
        self.checkout_key = new_checkout_key()
        self.amount.clear()
        self.coupon.clear()
        self.redeem.blockSignals(True)  # emptied, not edited: no preview of an empty checkout on its way
        self.redeem.setRange(0, 0)
        self.redeem.blockSignals(False)
        self.use_max.setText(self.tr("Use most"))
        self.reward.blockSignals(True)
        self.reward.setCurrentIndex(0)
        self.reward.blockSignals(False)
        self._update_give()
        self.form.clear_problems()
        self.lines.show_lines(None, self.unit)
        self.banner.clear()
        self.upgrade_banner.clear()
        self.last_result = None
        self.receipt_button.setEnabled(False)

    def open_member(self, member) -> None:
        """Show ``member`` and start a fresh checkout for them; the amount takes the keyboard (a
        card scanned there opens that card instead: ``ScanGuard``)."""
        self.member = member
        self.panel.show_member(member, self.unit)
        self._tell_story(member)
        self._clear_checkout()
        self._set_checkout_enabled(member.status == "active")
        self.card_button.setEnabled(True)
        self.survey_button.setEnabled(True)
        self.close_sign_up()
        self._load_offers(member.card)
        self.status.setText(self.tr("Member opened. Type the amount and press Enter."))
        if member.status == "active":
            self.amount.setFocus()
        else:
            self.back_to_search()

    def _tell_story(self, member) -> None:
        """The member's story under the panel, read on the database thread (indexed reads only)."""
        member_id = member.id

        def done(story) -> None:
            if self.member is not None and self.member.id == member_id:
                self.panel.show_story(story, self.unit)

        self.runner.call(lambda s: member_story(s, member_id), done, lambda _error: None)

    def reset(self) -> None:
        """Escape: the whole checkout cleared, back to an empty search for the next customer."""
        self.member = None
        self.matches = []
        self._matches_for = None
        self._type_timer.stop()
        self._search_seq += 1
        self.results.clear()
        self.panel.show_member(None, self.unit)
        self.offers_box.show_offers([], self.unit)
        self._clear_checkout()
        self.close_sign_up()
        self._set_checkout_enabled(False)
        self.card_button.setEnabled(False)
        self.survey_button.setEnabled(False)
        self.status.clear()
        self.search.clear()
        self.back_to_search()

    def _scanned_into_checkout(self, field, digits: str) -> None:
        """A code scanned into the amount, the points or the coupon: never an amount. A card opens
        its member (the next customer, with a fresh checkout); anything else is refused. Nothing
        is registered either way."""
        if field is self.redeem:
            self.redeem.setValue(0)
        else:
            field.clear()
        self._quote_timer.stop()
        self._quote_seq += 1
        self.search.clear()
        if not card_is_valid(digits):
            self.form.show_problems([], [self.tr("That was typed at a scanner's speed: it is not taken as an amount, "
                                                 "and nothing was registered. Type the amount by hand.")])
            self.back_to_search()
            return

        def opened(member) -> None:
            self.open_member(member)
            self.status.setText(i18n.arg(self.tr("Card %1 was scanned: %2 is open. Nothing was registered."),
                                         i18n.ltr(i18n.digits(format_card(digits))), member.name or self.tr("(no name)")))

        def failed(error) -> None:
            if isinstance(error, NotFound):
                text = i18n.arg(self.tr("Card %1 was scanned, and no member has it. It is not an amount: "
                                        "nothing was registered."), i18n.ltr(i18n.digits(format_card(digits))))
            else:
                text = i18n.error_text(error)
            self.form.show_problems([], [text])
            self.status.setText(text)
            self.back_to_search()

        self.runner.call(lambda s: services.members.get_member(s, digits), opened, failed)

    def _set_checkout_enabled(self, on: bool) -> None:
        for w in (self.amount, self.redeem, self.use_max, self.coupon, self.reward, self.register_button):
            w.setEnabled(on)
        self._update_give()

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
        reward = self.reward.chosen()

        def done(p):
            if seq != self._quote_seq or self.member is None:
                return
            self.redeem.blockSignals(True)
            self.redeem.setMaximum(max(p.max_redeem, self.redeem.value()))
            self.redeem.blockSignals(False)
            self.use_max.setText(i18n.arg(self.tr("Use most (%1)"), i18n.number(p.max_redeem)))
            self.lines.show_lines(p.lines, self.unit)
            shown = [q for q in p.problems if q.field != "amount" or gross > 0]
            self.form.show_problems(shown)

        self.runner.call(lambda s: services.checkout.price_purchase(s, card, gross, redeem, coupon, reward), done,
                         lambda e: self.form.show_error(e))

    # -- offers and rewards --------------------------------------------------------------------
    def _load_offers(self, card: str) -> None:
        """The member's active offers and the catalog's rewards, as soon as the member opens."""
        def job(s):
            return offer_service.member_offers(s, card), reward_service.list_rewards(s, include_inactive=False)

        def done(value) -> None:
            if self.member is None or self.member.card != card:
                return  # another member meanwhile
            offers, rewards = value
            self.offers_box.show_offers(offers, self.unit)
            chosen = self.reward.chosen()
            self.reward.show_rewards(rewards)
            if chosen is not None and (i := self.reward.findData(chosen)) > 0:
                self.reward.setCurrentIndex(i)
            self._update_give()

        self.runner.call(job, done, self._search_failed)

    def _apply_offer(self, code: str) -> None:
        """An offer chosen (F7, or Enter / a double click on it): into the coupon, priced at once."""
        if self.member is None or not self.coupon.isEnabled():
            return
        self.coupon.setText(code)
        self._requote()
        self.amount.setFocus()

    def _update_give(self) -> None:
        self.give_reward.setEnabled(self.reward.isEnabled() and self.reward.chosen() is not None)

    def give_reward_only(self) -> None:
        """The chosen reward given for its points, with no purchase (a customer who came for it)."""
        if self.member is None or not self.give_reward.isEnabled():
            return
        card, name = self.member.card, self.reward.chosen()
        assert name is not None  # the button is enabled only with a reward chosen

        def job(s):
            return reward_service.redeem_reward(s, card, name), services.members.get_member(s, card)

        def done(value) -> None:
            given, member = value
            if self.member is None or self.member.card != card:
                return
            self.member = member
            self.panel.show_member(member, self.unit)
            self._clear_checkout()
            self.banner.setText(i18n.arg(self.tr("Reward given without a purchase: %1 for %2 points; balance %3."),
                                         given.reward, i18n.number(given.points), i18n.number(given.balance)))
            self._load_offers(card)
            self.back_to_search()

        self.runner.call(job, done, self.form.show_error)

    def _choose_reward(self) -> None:
        if self.member is not None and self.reward.isEnabled():
            self.reward.setFocus()
            self.reward.showPopup()

    # -- registering ---------------------------------------------------------------------------
    def register(self) -> None:
        """Register the purchase on screen (F9 or Enter in the amount). A second press while the
        first is being written, or after it, registers nothing more: the checkout key is the same.

        The club's settings are read first: an amount above the ceiling is refused here, in the
        shop's unit; one above the owner's confirmation amount asks, and Enter there cancels."""
        if self.member is None or self._registering or not self.register_button.isEnabled():
            return
        self._quote_timer.stop()
        card, gross, redeem = self.member.card, self.amount.rials(), self.redeem.value()
        coupon, key = self.coupon.text().strip() or None, self.checkout_key
        reward = self.reward.chosen()
        self._registering = True
        self.register_button.setEnabled(False)
        name = self.member.name

        def checked(settings) -> None:
            self.settings = settings
            if self.member is None or self.member.card != card:  # Esc or another member meanwhile
                self._registering = False
                return
            if gross > settings.max_purchase:
                self._register_failed(None, i18n.arg(
                    self.tr("%1 is more than the largest purchase the club allows (%2): check the amount. "
                            "Nothing was registered."), i18n.money(gross, self.unit), i18n.money(settings.max_purchase, self.unit)))
                return
            if gross > settings.confirm_above:
                self._confirm_large(gross, settings.confirm_above, name, lambda: submit())
                return
            submit()

        def submit() -> None:
            def job(s):
                result = services.checkout.register_purchase(s, card, gross, redeem, coupon, checkout_key=key,
                                                             reward=reward)
                return result, services.members.get_member(s, card)

            self.runner.call(job, self._registered, self._register_failed)

        self.runner.call(services.club.get_settings, checked, self._register_failed)

    def _confirm_large(self, gross: int, above: int, name: str, go) -> None:
        """Ask before a purchase above the owner's amount; Enter there cancels (``confirm.ask``)."""
        def answered(yes: bool) -> None:
            self.confirm_box = None
            if yes:
                go()
                return
            self._registering = False
            self.register_button.setEnabled(self.member is not None and self.member.status == "active")
            self.status.setText(self.tr("Not registered: the amount is still there to correct."))
            self.back_to_search()

        self.confirm_box = confirm.ask(
            self, self.tr("A large purchase"),
            i18n.arg(self.tr("<p>Register a purchase of</p><p style='font-size:20pt'><b>%1</b></p>"
                             "<p>for %2? It is more than %3, the amount above which the till asks.</p>"),
                     i18n.money(gross, self.unit), name or self.tr("(no name)"), i18n.money(above, self.unit)),
            self.tr("Register this amount"), lambda: answered(True), lambda: answered(False),
            keep=self.tr("Cancel, fix the amount"), name="confirmLarge")

    def _registered(self, value) -> None:
        result, member = value
        self._registering = False
        tier_color = member.tier_color
        self.member = member
        self.panel.show_member(member, self.unit)
        self._tell_story(member)
        self._clear_checkout()
        self.last_result = result
        self.lines.show_last_sale(result, self.unit)
        self.banner.setText(i18n.arg(self.tr("Registered: %1 paid, %2 points earned; balance %3."),
                                     i18n.money(result.lines.net, self.unit), i18n.number(result.lines.points_earned),
                                     i18n.number(result.balance)))
        if result.referred_bonus:  # the member's own referral reward, in the balance too
            self.banner.setText(self.banner.text() + " " + i18n.arg(
                self.tr("With a referral reward of %1 points."), i18n.number(result.referred_bonus)))
        if result.reward:
            self.banner.setText(self.banner.text() + " " + i18n.arg(
                self.tr("Reward given: %1 for %2 points."), result.reward, i18n.number(result.reward_points)))
        if result.offer_issued:
            self.banner.setText(self.banner.text() + " " + i18n.arg(
                self.tr("Next-order offer %1 is on the receipt."), i18n.ltr(result.offer_issued)))
        if getattr(result, "sms_queued", False):  # the points and balance go to the member's mobile
            self.banner.setText(self.banner.text() + " " + self.tr("A text message to the member is queued."))
        self._load_offers(member.card)
        self.banner.setProperty("upgraded", result.upgraded)
        if result.upgraded:
            self.upgrade_banner.announce(result.tier_after, tier_color, member.name)
        self.receipt_button.setEnabled(True)
        self.register_button.setEnabled(member.status == "active")
        self.last_sale = result
        settings = self.settings
        self.void_until = void_window(settings, result.at, self._now()) if settings is not None else None
        self._update_void()
        self.status.setText(self.tr("Registered. Scan or find the next customer."))
        self.purchased.emit(result)
        self.search.clear()
        self.back_to_search()

    def _register_failed(self, error, text: str | None = None) -> None:
        self._registering = False
        self.register_button.setEnabled(self.member is not None and self.member.status == "active")
        if text is not None:
            self.form.show_problems([], [text])
        else:
            self.form.show_error(error)

    # -- void -----------------------------------------------------------------------
    def _now(self) -> datetime:
        return (self.runner.clock or utc_now)()

    def _update_void(self) -> None:
        """The void button is enabled while this cashier's last sale may still be voided; it goes
        grey by itself when the minutes are up (the service refuses after that anyway)."""
        self._void_timer.stop()
        left = (self.void_until - self._now()).total_seconds() if self.void_until and self.last_sale else -1
        allowed = left > 0 and not self._voiding
        self.void_button.setEnabled(allowed)
        if allowed:
            self.void_button.setToolTip(i18n.arg(self.tr("Purchase %1 of %2: it can be voided until %3."),
                                                 i18n.digits(str(self.last_sale.purchase_id)),
                                                 i18n.money(self.last_sale.lines.gross, self.unit),
                                                 i18n.moment(self.void_until)))
            self._void_timer.start(int(min(left, 3600) * 1000) + 50)
        else:
            self.void_button.setToolTip("")

    def ask_void(self) -> None:
        """Void this cashier's last sale, after a question whose default answer is no."""
        self._update_void()
        sale = self.last_sale
        if sale is None or not self.void_button.isEnabled():
            return
        def answered(yes: bool) -> None:
            self.confirm_box = None
            if yes:
                self._void(sale)
            else:
                self.back_to_search()

        self.confirm_box = confirm.ask(
            self, self.tr("Void the last sale"),
            i18n.arg(self.tr("Void purchase %1 of %2 (card %3)? Its points are taken back and any points "
                             "it used are given back, as if it had not been made."),
                     i18n.digits(str(sale.purchase_id)), i18n.money(sale.lines.gross, self.unit),
                     i18n.ltr(i18n.digits(format_card(sale.card)))),
            self.tr("Void this sale"), lambda: answered(True), lambda: answered(False),
            keep=self.tr("Keep it"), name="confirmVoid")

    def _void(self, sale) -> None:
        self._voiding = True
        self._update_void()

        def job(s):
            result = services.checkout.void_purchase(s, sale.purchase_id)
            return result, services.members.get_member(s, sale.card)

        def done(value) -> None:
            result, member = value
            self._voiding = False
            self.last_sale = None
            self.void_until = None
            self._update_void()
            if self.member is not None and self.member.card == member.card:
                self.member = member
                self.panel.show_member(member, self.unit)
                self._load_offers(member.card)  # a next-order offer the sale earned is withdrawn
            if self.last_result is not None and self.last_result.purchase_id == sale.purchase_id:
                self._clear_checkout()
            self.banner.setText(i18n.arg(self.tr("Purchase %1 voided: %2 to pay back; the member's balance is %3."),
                                         i18n.digits(str(sale.purchase_id)), i18n.money(result.net_refunded, self.unit),
                                         i18n.number(result.balance)))
            self.status.clear()
            self.voided.emit(result)
            self.back_to_search()

        def failed(error) -> None:
            self._voiding = False
            self.last_sale = None  # the service said no (the minutes are up): the button goes grey
            self._update_void()
            self.banner.setText(i18n.error_text(error))
            self.back_to_search()

        self.runner.call(job, done, failed)

    # -- printing ------------------------------------------------------------------------------
    def _print_receipt(self) -> None:
        """The last sale's receipt in the print preview; closing it gives the search field the
        focus (it stayed on the print button, and the next customer's scan went nowhere)."""
        if self.last_result is not None and self.receipt_button.isEnabled():
            self.print_receipt.emit(self.last_result.purchase_id)
            printing_actions.receipt(self.runner, self, self.last_result.purchase_id, closed=self.back_to_search)
            self.back_to_search()

    def _print_card(self) -> None:
        if self.member is not None:
            printing_actions.member_card(self.runner, self, self.member.card, closed=self.back_to_search)
            self.back_to_search()

    # -- satisfaction survey ---------------------------------------------------------
    def open_kiosk(self) -> None:
        """Hand the kiosk to the member on screen, tied to their purchase just registered."""
        if self.member is None:
            return
        from ..kiosk import open_kiosk

        last = self.last_result
        purchase_id = last.purchase_id if last is not None and last.card == self.member.card else None
        self.kiosk = open_kiosk(self.runner, self.member.card, purchase_id, self.member.name, self.kiosk, self)
        self.back_to_search()

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

    def cancel_sign_up(self) -> None:
        self.close_sign_up()
        self.back_to_search()

    def sign_up(self) -> None:
        mobile, first, last = self.new_mobile.text(), self.new_first.text(), self.new_last.text()
        self.runner.call(lambda s: services.members.sign_up(s, mobile, first, last), self._signed_up,
                         self.sign_up_form.show_error)

    def _signed_up(self, member) -> None:
        self.close_sign_up()
        self._show_matches([], "")
        self.open_member(member)
        self.status.setText(i18n.arg(self.tr("Welcome to the club! Card %1 is ready."), i18n.ltr(i18n.digits(format_card(member.card)))))

