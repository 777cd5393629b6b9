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

This module is the page's controller, the only part that calls the services: ``CashierPage`` derives
from its view (``cashier_view.CashierView``: the widgets and their layout) and gives them their
behaviour. The member card is ``gui.member_card.MemberCard``, shared with the member dialog.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidgetItem, QMessageBox, QWidget

from loyaltydesk import services
from loyaltydesk.domain.errors import NotFound
from loyaltydesk.domain.ids import card_is_valid, new_checkout_key
from loyaltydesk.domain.jalali import utc_now
from loyaltydesk.domain.text import digits_only, to_ascii_digits
from loyaltydesk.services import offers as offer_service
from loyaltydesk.services import rewards as reward_service
from loyaltydesk.services.checkout import void_window
from loyaltydesk.services.story import member_story

from .. import confirm, i18n, printing_actions
from ..member_card import card_text, mobile_text
from ..ops import Runner
from .cashier_view import CashierView
from .till import ScanGuard

TYPE_AHEAD_MS = 150


class CashierPage(CashierView):
    """Search, member, checkout, sign-up. Emits ``purchased(result)`` after each registration and
    ``voided(result)`` after the cashier voids their last sale."""

    purchased = Signal(object)
    voided = Signal(object)
    print_receipt = Signal(object)  # a purchase id: a Python int (a Signal(int) is 32 bits)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
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
        self.kiosk = None

        self.search.textEdited.connect(self._typed)
        self.search.returnPressed.connect(self._enter)
        self.search.installEventFilter(self)  # Up and Down walk the matches
        self.new_button.clicked.connect(lambda: self.open_sign_up())
        self.results.itemActivated.connect(self._chosen)
        self.results.itemClicked.connect(self._chosen)
        self.use_max.clicked.connect(lambda: self.redeem.setValue(self.redeem.maximum()))
        self.reward.currentIndexChanged.connect(lambda _: self._reward_changed())
        self.give_reward.clicked.connect(self.give_reward_only)
        self.offers_box.applied.connect(self._apply_offer)
        self.register_button.clicked.connect(self.register)
        self.receipt_button.clicked.connect(self._print_receipt)
        self.card_button.clicked.connect(self._print_card)
        self.survey_button.clicked.connect(self.open_kiosk)
        self.void_button.clicked.connect(self.ask_void)
        self._void_timer = QTimer(self, singleShot=True)
        self._void_timer.timeout.connect(self._update_void)

        self.guard = ScanGuard(self)
        self.guard.watch(self.amount, self.redeem, self.coupon)
        self.guard.scanned.connect(self._scanned_into_checkout)
        for edit in (self.amount, self.coupon):
            edit.returnPressed.connect(self.register)
        self.amount.changed.connect(lambda _: self._requote())
        self.redeem.valueChanged.connect(lambda _: self._requote())
        self.coupon.textEdited.connect(lambda _: self._requote())

        self.sign_up_button.clicked.connect(self.sign_up)
        self.cancel_sign_up_button.clicked.connect(self.cancel_sign_up)
        for edit in (self.new_mobile, self.new_first, self.new_last):
            edit.returnPressed.connect(self.sign_up)

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
        """Typed or scanned: the digits shown in the language's script, as in every other field (a
        scanner types ASCII digits; the search reads any script), the cursor where it was."""
        shown = i18n.digits(text)
        if shown != text:
            cursor = self.search.cursorPosition()
            self.search.setText(shown)  # one character for one: the cursor stays put
            self.search.setCursorPosition(cursor)
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
            item = QListWidgetItem(f"{m.name or self.tr('(no name)')}   {mobile_text(m.mobile)}"
                                   f"   {m.tier or ''}")
            self.results.addItem(item)
        self.show_results_or_hint()
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
        self.show_results_or_hint()
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
                                         card_text(digits), member.name or self.tr("(no name)")))

        def failed(error) -> None:
            if isinstance(error, NotFound):
                text = i18n.arg(self.tr("Card %1 was scanned, and no member has it. It is not an amount: "
                                        "nothing was registered."), card_text(digits))
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
            self.lines.show_lines(p.lines, self.unit, self.reward.chosen_line())
            shown = [q for q in p.problems if q.field != "amount" or gross > 0]
            self.form.show_problems(shown)

        self.runner.call(lambda s: services.checkout.price_purchase(s, card, gross, redeem, coupon, reward), done,
                         lambda e: self.form.show_error(e))

    # -- offers and rewards --------------------------------------------------------------------
    def _load_offers(self, card: str) -> None:
        """The member's active offers, the catalog's rewards and the club's tiers, as soon as the
        member opens."""
        def job(s):
            return (offer_service.member_offers(s, card), reward_service.list_rewards(s, include_inactive=False),
                    services.club.list_tiers(s))

        def done(value) -> None:
            if self.member is None or self.member.card != card:
                return  # another member meanwhile
            offers, rewards, tiers = value
            self.panel.set_ladder(tiers)  # the next tier's visits, for the bar
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

    def _reward_changed(self) -> None:
        """A reward chosen (F3): on the bill at once, priced with the purchase, before F9."""
        self.lines.show_reward(self.reward.chosen_line())
        self._requote()
        self._update_give()

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
                     card_text(sale.card)),
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
        self.offers_box.hide()  # the sign-up takes the offers' place
        self.sign_up_box.show()
        if mobile:
            self.new_mobile.setText(mobile)
            self.new_first.setFocus()
        else:
            self.new_mobile.setFocus()

    def close_sign_up(self) -> None:
        self.sign_up_box.hide()
        self.offers_box.show()
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
        self.status.setText(i18n.arg(self.tr("Welcome to the club! Card %1 is ready."), card_text(member.card)))

