"""The member dialog's view: its head (the shared ``MemberCard``), the story, the tabs and their
forms, each widget named; no behaviour, no service.

``MemberDialog`` (gui/member_dialog.py) is the controller: it derives from this view, connects it and
is the only part that calls the services. What a person may do decides what is shown (the owner's
forms are hidden from a cashier): the flags are given to the view. Styling by objectName and the
``role``/``tone`` properties only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from . import confirm, i18n, theme
from .translating import Translated
from .member_card import MemberCard
from .pages.tables import read_only_table
from .widgets import MoneyEdit, ProblemForm, WholeTabs

MAX_ADJUST = 1_000_000  # what the spin box offers; the service has its own limit


def set_tone(label: QLabel, tone: str | None) -> None:
    """A message's tone (``success``, ``danger`` or none): the theme colours it."""
    theme.set_tone(label, tone)
    label.updateGeometry()  # a border or padding of the new tone changes its size


class MemberDialogView(Translated, QDialog):
    """The dialog's widgets and layout, for a person who may (or may not) refund, edit who owns
    the points, block, adjust points and read surveys."""

    def __init__(self, parent: QWidget | None = None, *, is_owner: bool = False, may_edit_identity: bool = False,
                 may_block: bool = False, may_adjust: bool = False, may_read_surveys: bool = False):
        super().__init__(parent)
        self.setObjectName("memberDialog")
        self.is_owner = is_owner
        self.may_edit_identity = may_edit_identity
        self.may_block = may_block
        self.may_adjust = may_adjust
        self.may_read_surveys = may_read_surveys
        self.unit = "toman"
        self.setWindowTitle(self.tr("Member"))
        self.resize(900, 640)

        # the head: the member card (who, tier, card, points, the bar to the next tier), status, block
        self.head = MemberCard(compact=True)
        self.name = self.head.name
        self.tier = self.head.tier
        self.card_label = self.head.card
        self.points = self.head.points
        self.status = QLabel()
        self.status.setObjectName("memberStatus")
        self.block_button = QPushButton()
        self.block_button.setObjectName("blockButton")
        self.block_button.setVisible(self.may_block)
        self.head.add_fact(self.tr("Status"), self.status)
        self.head.add_beside_name(self.block_button)
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)

        self.tabs = WholeTabs()
        self.tabs.setObjectName("memberTabs")
        self.tabs.addTab(self._details_tab(), self.tr("Details"))
        self.tabs.addTab(self._purchases_tab(), self.tr("Purchases"))
        self.tabs.addTab(self._points_tab(), self.tr("Points"))
        self.tabs.addTab(self._tiers_tab(), self.tr("Tier history"))
        if self.may_read_surveys:
            self.tabs.addTab(self._surveys_tab(), self.tr("Surveys"))

        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self._story_box())
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.close_buttons)
        confirm.no_default_buttons(self)  # Enter goes to keyPressEvent, never to "Block"

    # -- tabs -----------------------------------------------------------------------------------
    def _details_tab(self) -> QWidget:
        tab = self.details = QWidget()
        self.details_form = form = ProblemForm()
        self.first_name = form.add(self.tr("First name"), "first_name", QLineEdit())
        self.first_name.setObjectName("firstName")
        self.last_name = form.add(self.tr("Last name"), "last_name", QLineEdit())
        self.last_name.setObjectName("lastName")
        self.mobile = form.add(self.tr("Mobile"), "mobile", QLineEdit())
        self.mobile.setObjectName("mobile")
        self.birthday = form.add(self.tr("Birthday (Jalali)"), "birthday", QLineEdit())
        self.birthday.setObjectName("birthday")
        self.birthday.setPlaceholderText(i18n.digits("1370/05/14"))
        self.gender = form.add(self.tr("Gender"), "gender", QComboBox())
        self.gender.setObjectName("gender")
        self.gender.addItem(self.tr("Not given"), None)
        self.gender.addItem(self.tr("Female"), "f")
        self.gender.addItem(self.tr("Male"), "m")
        self.national_code = form.add(self.tr("National code"), "national_code", QLineEdit())
        self.national_code.setObjectName("nationalCode")
        self.referrer = form.add(self.tr("Referred by (card or mobile)"), "referrer", QLineEdit())
        self.referrer.setObjectName("referrer")
        self.sms = form.add(self.tr("SMS"), "sms_consent", QCheckBox(self.tr("Agrees to receive SMS")))
        self.sms.setObjectName("smsConsent")
        self.notes = form.add(self.tr("Notes"), "notes", QPlainTextEdit())
        self.notes.setObjectName("notes")
        self.notes.setMaximumHeight(80)
        for edit in (self.mobile, self.birthday, self.national_code, self.referrer):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        for edit in (self.mobile, self.national_code, self.referrer):
            edit.setReadOnly(not self.may_edit_identity)
            if not self.may_edit_identity:
                edit.setToolTip(self.tr("Only the owner changes who owns the points."))
        self.save_button = QPushButton(self.tr("Save details"))
        self.save_button.setObjectName("saveDetails")
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addWidget(form.general())
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addStretch(1)
        return tab

    def _purchases_tab(self) -> QWidget:
        tab = QWidget()
        self.purchases = read_only_table(headers=[
            self.tr("Date"), self.tr("Amount"), self.tr("Discounts"), self.tr("Paid"),
            self.tr("Points earned"), self.tr("Points redeemed"), self.tr("Refunded")], name="purchases")
        layout = QVBoxLayout(tab)
        layout.addWidget(self.purchases, 1)
        self.refund_box = QGroupBox(self.tr("Refund the chosen purchase"))
        self.refund_box.setObjectName("refundBox")
        self.refund_form = ProblemForm(self.refund_box)
        self.refund_amount = self.refund_form.add(self.tr("Amount returned"), "amount", MoneyEdit(self.unit))
        self.refund_amount.setObjectName("refundAmount")
        self.refund_amount.setPlaceholderText(self.tr("Empty: all that is left"))
        self.refund_reason = self.refund_form.add(self.tr("Reason"), "reason", QLineEdit())
        self.refund_reason.setObjectName("refundReason")
        self.refund_button = QPushButton(self.tr("Refund"))
        self.refund_button.setObjectName("refundButton")
        self.refund_button.setEnabled(False)
        self.refund_form.addRow(self.refund_form.general())
        self.refund_form.addRow(self.refund_button)
        self.refund_box.setVisible(self.is_owner)
        layout.addWidget(self.refund_box)
        return tab

    def _points_tab(self) -> QWidget:
        tab = QWidget()
        self.ledger = read_only_table(headers=[self.tr("Date"), self.tr("Kind"), self.tr("Points"), self.tr("Expires"),
                                         self.tr("Reason"), self.tr("By")], name="ledger")
        layout = QVBoxLayout(tab)
        layout.addWidget(self.ledger, 1)
        self.adjust_box = QGroupBox(self.tr("Adjust points"))
        self.adjust_box.setObjectName("adjustBox")
        self.adjust_form = ProblemForm(self.adjust_box)
        self.adjust_points = self.adjust_form.add(self.tr("Points (+ adds, − removes)"), "points", QSpinBox())
        self.adjust_points.setObjectName("adjustPoints")
        self.adjust_points.setRange(-MAX_ADJUST, MAX_ADJUST)
        self.adjust_points.setGroupSeparatorShown(True)
        self.adjust_reason = self.adjust_form.add(self.tr("Reason"), "reason", QLineEdit())
        self.adjust_reason.setObjectName("adjustReason")
        self.adjust_button = QPushButton(self.tr("Adjust"))
        self.adjust_button.setObjectName("adjustButton")
        self.adjust_form.addRow(self.adjust_form.general())
        self.adjust_form.addRow(self.adjust_button)
        self.adjust_box.setVisible(self.may_adjust)
        layout.addWidget(self.adjust_box)
        return tab

    def _tiers_tab(self) -> QWidget:
        tab = QWidget()
        self.tier_history = read_only_table(headers=[self.tr("Date"), self.tr("From"), self.tr("To"),
                                                   self.tr("Why"), self.tr("Spend then")], name="tierHistory")
        QVBoxLayout(tab).addWidget(self.tier_history)
        return tab

    def _surveys_tab(self) -> QWidget:
        tab = QWidget()
        self.survey_table = read_only_table(headers=[self.tr("Date"), self.tr("Recommend (0-10)"), self.tr("Stars"),
                                               self.tr("Where"), self.tr("Comment")], name="surveys")
        QVBoxLayout(tab).addWidget(self.survey_table)
        return tab

    def _story_box(self) -> QGroupBox:
        """The member's whole story (services/story.py): spend, visits, basket, last visit,
        segment, the points that expire next, open follow-ups, active offers."""
        box = QGroupBox(self.tr("The member's story"))
        box.setObjectName("storyBox")
        self.story_labels: dict[str, QLabel] = {}
        grid = QGridLayout(box)
        fields = (("spend", self.tr("Lifetime spend")), ("visits", self.tr("Visits")),
                  ("basket", self.tr("Average basket")), ("last_visit", self.tr("Last visit")),
                  ("segment", self.tr("Segment")), ("expiring", self.tr("Expiring next")),
                  ("followups", self.tr("Open follow-ups")), ("offers", self.tr("Active offers")))
        for i, (key, title) in enumerate(fields):
            value = QLabel()
            value.setObjectName(f"story_{key}")
            value.setWordWrap(True)
            self.story_labels[key] = value
            title_label = QLabel(title)
            title_label.setProperty("role", "fieldLabel")
            grid.addWidget(title_label, i // 3, (i % 3) * 2)  # three to a row: long values wrap, never overlap
            grid.addWidget(value, i // 3, (i % 3) * 2 + 1)
        self.story = None
        return box
