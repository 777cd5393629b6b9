"""One member, opened from the members table: details, purchases, points, tiers, surveys.

Every change goes through its service (the role check lives there; the owner's buttons are
merely hidden from a cashier): details (``members.edit_member``; the mobile, national code and
referrer only for the owner), block/unblock (``members.set_status``), a refund
(``checkout.refund``) and a points adjustment (``points.adjust_points``). Each form shows all
its problems at once, beside their fields. ``changed`` tells the members table to read again.

No button is the dialog's default: Enter saves the form whose field has the focus (the details,
a refund, an adjustment), never blocks. A block, a refund of all that is left and an adjustment
that takes the balance below zero are asked first, with Cancel as the default answer.

This module is the dialog's controller, the only part that calls the services; its view (the head,
the story, the tabs and their forms) is ``member_dialog_view.MemberDialogView``, and the head is the
member card the cashier page shows too (``member_card.MemberCard``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QTableWidget, QTableWidgetItem, QWidget

from loyaltydesk import services
from loyaltydesk.domain.analytics import SEGMENT_TITLES
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.domain.roles import Action, may
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.services import audit_log
from loyaltydesk.services import surveys as survey_service
from loyaltydesk.services.members import MemberHistory
from loyaltydesk.services.story import member_story

from . import confirm, i18n
from .member_card import card_text
from .member_dialog_view import MemberDialogView, set_tone
from .models.report_table import report_text
from .ops import Runner
from .pages.tables import filling

HISTORY_ROWS = 200

KIND_NAMES = {
    "earn": QT_TRANSLATE_NOOP("MemberDialog", "Earned"),
    "redeem": QT_TRANSLATE_NOOP("MemberDialog", "Redeemed"),
    "expire": QT_TRANSLATE_NOOP("MemberDialog", "Expired"),
    "adjust": QT_TRANSLATE_NOOP("MemberDialog", "Adjusted"),
    "reverse": QT_TRANSLATE_NOOP("MemberDialog", "Reversed"),
    "bonus": QT_TRANSLATE_NOOP("MemberDialog", "Bonus"),
}
TIER_REASONS = {
    "signup": QT_TRANSLATE_NOOP("MemberDialog", "Sign-up"),
    "purchase": QT_TRANSLATE_NOOP("MemberDialog", "Purchase"),
    "refund": QT_TRANSLATE_NOOP("MemberDialog", "Refund"),
    "review": QT_TRANSLATE_NOOP("MemberDialog", "Review"),
}
# the reasons the program itself writes into the ledger (a person's reason is shown as typed)
LEDGER_REASONS = {
    "birthday": QT_TRANSLATE_NOOP("MemberDialog", "Birthday bonus"),
    "expired": QT_TRANSLATE_NOOP("MemberDialog", "Expired"),
    "referral purchase refunded": QT_TRANSLATE_NOOP("MemberDialog", "The referred purchase was refunded"),
    "void": QT_TRANSLATE_NOOP("MemberDialog", "Sale voided by the cashier"),  # services.checkout.VOID_REASON
}
REFERRAL_OF = "referral of "  # + the referred member's card (services.points.referral_bonus)
CAMPAIGN_OF = "campaign "  # + the campaign's name (services.campaigns.record)
CHANNELS = {
    "kiosk": QT_TRANSLATE_NOOP("MemberDialog", "Kiosk"),
    "counter": QT_TRANSLATE_NOOP("MemberDialog", "Counter"),
    "cli": QT_TRANSLATE_NOOP("MemberDialog", "Command line"),
}


def _fill(table: QTableWidget, rows: list[list[str]], data: list | None = None) -> None:
    with filling(table):  # a refill after a refund or an adjustment replaces every cell of a shown table
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if data is not None and c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, data[r])
                table.setItem(r, c, item)


class MemberDialog(MemberDialogView):
    """Opened on a member's card number; reads everything on the database thread."""

    changed = Signal()

    def __init__(self, runner: Runner, card: str, unit: str = "toman", parent: QWidget | None = None):
        role = runner.session.user.role if runner.session else None
        super().__init__(parent, is_owner=role is not None and may(role, Action.REFUND),
                         may_edit_identity=role is not None and may(role, Action.EDIT_IDENTITY),
                         may_block=role is not None and may(role, Action.BLOCK_MEMBER),
                         may_adjust=role is not None and may(role, Action.ADJUST_POINTS),
                         may_read_surveys=role is not None and may(role, Action.FOLLOW_UP))
        self.runner = runner
        self.card = card
        self.unit = unit
        self.member = None
        self.history: MemberHistory | None = None
        self.surveys: list | None = None
        self.names: dict[str, str] = {}  # login name → name shown
        self.purchase_rows: dict = {}  # purchase id → the purchase as the history lists it
        self.question = None  # the confirmation open, if any
        self.block_button.clicked.connect(self.toggle_block)
        self.save_button.clicked.connect(self.save_details)
        self.purchases.itemSelectionChanged.connect(self._purchase_chosen)
        self.refund_button.clicked.connect(self.refund)
        self.adjust_button.clicked.connect(self.adjust)
        self.close_buttons.rejected.connect(self.reject)
        self.first_name.setFocus()
        self.load()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter saves the form whose field has the focus (a button with the focus is clicked);
        anywhere else it does nothing. Esc closes, as in any dialog."""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        event.accept()
        focus = self.focusWidget()
        if isinstance(focus, QPushButton):
            if focus.isEnabled():
                focus.click()
        elif focus is not None and self.details.isAncestorOf(focus):
            self.save_details()
        elif focus is not None and self.refund_box.isAncestorOf(focus) and self.refund_button.isEnabled():
            self.refund()
        elif focus is not None and self.adjust_box.isAncestorOf(focus) and self.adjust_box.isVisible():
            self.adjust()

    # -- the story ---------------------------------------------------------------------------------
    def _show_story(self, story) -> None:
        self.story = story
        u, show = self.unit, self.story_labels
        show["spend"].setText(i18n.money(story.lifetime_spend, u))
        show["visits"].setText(i18n.number(story.visits))
        show["basket"].setText(i18n.money(story.average_basket, u) if story.visits else "—")
        if story.last_visit:
            show["last_visit"].setText(i18n.arg(self.tr("%1 (%2 days ago)"), i18n.digits(story.last_visit_jalali),
                                                i18n.number(story.days_since_visit)))
        else:
            show["last_visit"].setText(self.tr("Never bought"))
        show["segment"].setText(report_text(SEGMENT_TITLES[story.segment]) if story.segment else "—")
        if story.expiring_points:
            show["expiring"].setText(i18n.arg(self.tr("%1 points on %2"), i18n.number(story.expiring_points),
                                              i18n.digits(story.expiring_jalali)))
        else:
            show["expiring"].setText("—")
        lines = [i18n.arg(self.tr("#%1: %2"), i18n.number(f.id), f.description or f.category or f.source)
                 for f in story.followups]
        show["followups"].setText("\n".join([i18n.number(story.open_followups), *lines]) if story.open_followups
                                  else "—")
        show["offers"].setText(i18n.number(len(story.offers)) if story.offers else self.tr("None"))

    # -- reading ----------------------------------------------------------------------------------
    def load(self) -> None:
        card, surveys = self.card, self.may_read_surveys

        def job(s):
            history = services.members.history(s, card, HISTORY_ROWS)
            return (history, audit_log.display_names(s),
                    survey_service.member_surveys(s, card) if surveys else None,
                    member_story(s, history.member.id), services.club.list_tiers(s))

        self.runner.call(job, self._loaded, self._failed)

    def _loaded(self, value) -> None:
        self.history, self.names, self.surveys, story, tiers = value
        self._show_story(story)
        m = self.member = self.history.member
        self.setWindowTitle(i18n.arg(self.tr("Member: %1"), m.name or self.tr("(no name)")))
        self.head.set_ladder(tiers)
        self.head.show_member(m, self.unit)
        active = m.status == "active"
        set_tone(self.status, "success" if active else "danger")  # first: the text then measures its new frame
        self.status.setText(self.tr("Active") if active else self.tr("Blocked"))
        self.block_button.setText(self.tr("Block") if active else self.tr("Unblock"))
        self._show_details(m)
        self._show_purchases(self.history.purchases)
        self._show_ledger(self.history.ledger)
        self._show_tiers(self.history.tiers)
        if self.surveys is not None:
            self._show_surveys(self.surveys)

    def _failed(self, error) -> None:
        set_tone(self.message, "danger")
        self.message.setText(i18n.error_text(error))

    def _say(self, text: str) -> None:
        set_tone(self.message, "success")
        self.message.setText(text)

    def _show_details(self, m) -> None:
        self.first_name.setText(m.first_name)
        self.last_name.setText(m.last_name)
        self.mobile.setText(i18n.digits(m.mobile))  # Persian digits, as the birthday (what is saved is ASCII)
        self.birthday.setText(i18n.digits(m.birthday or ""))
        self.gender.setCurrentIndex(max(0, self.gender.findData(m.gender)))
        self.national_code.setText(i18n.digits(m.national_code or ""))
        self.referrer.setText(i18n.digits(m.referrer_card or ""))
        self.sms.setChecked(m.sms_consent)
        self.notes.setPlainText(m.notes)
        self.details_form.clear_problems()

    def _show_purchases(self, purchases) -> None:
        u = self.unit
        self.purchase_rows = {p.id: p for p in purchases}
        _fill(self.purchases, [[
            i18n.moment(p.at), i18n.money(p.lines.gross, u),
            i18n.money(p.lines.tier_discount + p.lines.coupon_discount, u), i18n.money(p.lines.net, u),
            self.earned_text(p), i18n.number(p.lines.points_redeemed),
            i18n.money(p.refunded, u) if p.refunded else "—",
        ] for p in purchases], [p.id for p in purchases])
        self._purchase_chosen()

    def earned_text(self, p) -> str:
        """The points a purchase earned, and of them what each campaign gave, by its name."""
        given = self.history.campaigns.get(p.id, ()) if self.history is not None else ()
        if not given:
            return i18n.number(p.lines.points_earned)
        return i18n.arg(self.tr("%1 (%2)"), i18n.number(p.lines.points_earned), self.tr(", ").join(
            i18n.arg(self.tr("%1: +%2"), name, i18n.number(points)) for name, points in given))

    def _show_ledger(self, entries) -> None:
        newest_first = list(reversed(entries))
        _fill(self.ledger, [[
            i18n.moment(e.at), self.tr(KIND_NAMES.get(e.kind, e.kind)),
            i18n.signed(e.points, plus=True),
            i18n.moment(e.expires_at) if e.expires_at else "—", self.reason_text(e.reason, e.kind),
            i18n.person(e.actor, self.names),
        ] for e in newest_first])

    def reason_text(self, reason: str | None, kind: str = "") -> str:
        """A reason the program wrote, in the reader's words; one a person typed, as typed."""
        if not reason:
            return ""
        if reason in LEDGER_REASONS:
            return self.tr(LEDGER_REASONS[reason])
        if kind == "bonus" and reason.startswith(CAMPAIGN_OF):  # services.campaigns.record: "campaign " + its name
            return i18n.arg(self.tr("Campaign %1"), reason[len(CAMPAIGN_OF):])
        if reason.startswith(REFERRAL_OF) and reason[len(REFERRAL_OF):].isdigit():
            card = reason[len(REFERRAL_OF):]
            return i18n.arg(self.tr("Referral of card %1"), card_text(card))
        return reason

    def _show_tiers(self, rows) -> None:
        _fill(self.tier_history, [[
            i18n.moment(t.at), t.from_tier or "—", t.to_tier or "—",
            self.tr(TIER_REASONS.get(t.reason, t.reason)), i18n.money(t.spend, self.unit),
        ] for t in reversed(rows)])

    def _show_surveys(self, surveys) -> None:
        _fill(self.survey_table, [[
            i18n.moment(s.at), i18n.number(s.nps),
            "، ".join(f"{aspect}: {i18n.number(stars)}★" for aspect, stars in s.stars.items()) if i18n.is_persian()
            else ", ".join(f"{aspect}: {stars}★" for aspect, stars in s.stars.items()),
            self.tr(CHANNELS.get(s.channel, s.channel)), s.comment,
        ] for s in surveys])

    # -- acting -----------------------------------------------------------------------------------
    def _changes(self) -> dict:
        """Only what differs from what is stored: a cashier's save never carries identity fields."""
        m = self.member
        now = {
            "first_name": self.first_name.text(), "last_name": self.last_name.text(),
            "birthday": self.birthday.text().strip() or None, "gender": self.gender.currentData(),
            "sms_consent": self.sms.isChecked(), "notes": self.notes.toPlainText(),
            "mobile": self.mobile.text().strip(), "national_code": self.national_code.text().strip() or None,
            "referrer": self.referrer.text().strip() or None,
        }
        before = {
            "first_name": m.first_name, "last_name": m.last_name, "birthday": m.birthday, "gender": m.gender,
            "sms_consent": m.sms_consent, "notes": m.notes, "mobile": m.mobile, "national_code": m.national_code,
            "referrer": m.referrer_card,
        }
        same = lambda k: (to_ascii_digits(now[k]) if isinstance(now[k], str) else now[k]) == before[k]  # noqa: E731
        return {k: v for k, v in now.items() if not same(k)}

    def save_details(self) -> None:
        if self.member is None:
            return
        changes, card = self._changes(), self.card
        if not changes:
            self._say(self.tr("Nothing to save."))
            return
        self.save_button.setEnabled(False)

        def done(member):
            self.save_button.setEnabled(True)
            self.card = member.card
            self._say(self.tr("Saved."))
            self.changed.emit()
            self.load()

        def failed(error):
            self.save_button.setEnabled(True)
            self.details_form.show_error(error)

        self.runner.call(lambda s: services.members.edit_member(s, card, **changes), done, failed)

    def toggle_block(self) -> None:
        """Unblock at once; a block is asked first (Cancel is the default answer)."""
        if self.member is None:
            return
        if self.member.status != "active":
            self._set_status("active")
            return
        self._ask(self.tr("Block the member"),
                  i18n.arg(self.tr("Block %1 (card %2)?\n\nA blocked member can neither buy with the club "
                                   "nor redeem points until unblocked."),
                           self.member.name or self.tr("(no name)"), card_text(self.member.card)),
                  self.tr("Block"), lambda: self._set_status("blocked"), self.block_button)

    def _set_status(self, target: str) -> None:
        card = self.card

        def done(member):
            self._say(self.tr("The member is blocked: no purchases or redemptions.") if target == "blocked"
                      else self.tr("The member is active again."))
            self.changed.emit()
            self.load()
            self.block_button.setFocus()

        self.runner.call(lambda s: services.members.set_status(s, card, target), done, self._failed)

    def _ask(self, title: str, text: str, action: str, go, back_to: QWidget) -> None:
        """A confirmation whose default is Cancel; focus returns to ``back_to`` when it is refused."""
        self.question = confirm.ask(self, title, text, action, go, back_to.setFocus)

    def _purchase_chosen(self) -> None:
        self.refund_button.setEnabled(self.chosen_purchase() is not None)
        self.refund_form.clear_problems()

    def chosen_purchase(self) -> int | None:
        """The selected purchase's id (by the selection: under RTL ``selectRow`` leaves no current cell)."""
        rows = {i.row() for i in self.purchases.selectedIndexes()}
        item = self.purchases.item(min(rows), 0) if rows else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def refund(self) -> None:
        """A part refunds at once; all that is left of the purchase (an empty amount, or the whole
        remainder typed) is asked first."""
        purchase_id = self.chosen_purchase()
        if purchase_id is None:
            return
        amount = self.refund_amount.rials() or None
        p = self.purchase_rows.get(purchase_id)
        left = p.lines.gross - p.refunded if p else None
        if left is not None and left > 0 and (amount is None or amount == left):
            self._ask(self.tr("Refund the whole purchase"),
                      i18n.arg(self.tr("Refund all %1 left of the purchase of %2?\n\nThe points it earned are "
                                       "taken back and the points it used are given back."),
                               i18n.money(left, self.unit), i18n.moment(p.at)),
                      self.tr("Refund all"), lambda: self._refund(purchase_id, amount), self.refund_amount)
            return
        self._refund(purchase_id, amount)

    def _refund(self, purchase_id: int, amount: int | None) -> None:
        reason = self.refund_reason.text().strip()

        def done(result):
            self.refund_amount.clear()
            self.refund_reason.clear()
            self.refund_form.clear_problems()
            self._say(i18n.arg(self.tr("Refunded %1: %2 paid back, %3 points taken back, %4 points returned."),
                               i18n.money(result.amount, self.unit), i18n.money(result.net_refunded, self.unit),
                               i18n.number(result.points_reversed), i18n.number(result.points_returned)))
            self.changed.emit()
            self.load()
            self.purchases.setFocus()

        def failed(error):
            self.refund_form.show_error(error)
            self.refund_amount.setFocus()

        self.runner.call(lambda s: services.checkout.refund(s, purchase_id, amount, reason), done, failed)

    def adjust(self) -> None:
        """Add or remove points; a removal that takes the balance below zero is asked first."""
        points = self.adjust_points.value()
        balance = self.member.points if self.member is not None else None
        if points < 0 and balance is not None and balance + points < 0 and self.adjust_reason.text().strip():
            self._ask(self.tr("Take the balance below zero"),
                      i18n.arg(self.tr("Remove %1 points from %2? The balance goes from %3 to %4 points, "
                                       "below zero: the member redeems nothing until it is positive again."),
                               i18n.number(-points), self.member.name or self.tr("(no name)"),
                               i18n.signed(balance), i18n.signed(balance + points)),
                      self.tr("Remove the points"), self._adjust, self.adjust_points)
            return
        self._adjust()

    def _adjust(self) -> None:
        card, points, reason = self.card, self.adjust_points.value(), self.adjust_reason.text()

        def done(balance):
            self.adjust_points.setValue(0)
            self.adjust_reason.clear()
            self.adjust_form.clear_problems()  # "a reason is needed" from the last try no longer holds
            self._say(i18n.arg(self.tr("Points adjusted; the balance is %1."), i18n.signed(balance)))
            self.changed.emit()
            self.load()
            self.adjust_points.setFocus()

        self.runner.call(lambda s: services.points.adjust_points(s, card, points, reason), done,
                         self.adjust_form.show_error)
