"""The owner's text messages: the outbox with its states and a filter, retry and cancel, the
delivery rate, the provider's balance, a test send, and the SMS settings (provider, API key, line,
address, quiet hours, the receipt after a purchase).

The outbox is read on the database thread (``services.sms``); the balance asks the provider over
the network, so it runs on the runner's files thread (``call_aside``), never the database thread
the cashier needs. A test send or a retry is queued here and sent by the app's sender thread
(``gui/sms_sender.py``), woken through ``send_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.domain.sms import State, mask
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.services import sms
from loyaltydesk.services.changes import Changes

from .. import i18n, theme
from ..ops import Runner
from ..widgets import ProblemForm
from .tables import cell, message, read_only_table, selected_row

STATES = {
    "queued": QT_TRANSLATE_NOOP("MessagesPage", "Queued"),
    "sending": QT_TRANSLATE_NOOP("MessagesPage", "Sending"),
    "sent": QT_TRANSLATE_NOOP("MessagesPage", "Sent"),
    "delivered": QT_TRANSLATE_NOOP("MessagesPage", "Delivered"),
    "failed": QT_TRANSLATE_NOOP("MessagesPage", "Failed"),
    "expired": QT_TRANSLATE_NOOP("MessagesPage", "Expired"),
    "cancelled": QT_TRANSLATE_NOOP("MessagesPage", "Cancelled"),
}
STATE_TONES = {"failed": "danger", "expired": "muted", "delivered": "success", "sending": "warning"}  # gui/theme.py
OCCASIONS = {
    "purchase": QT_TRANSLATE_NOOP("MessagesPage", "Purchase"),
    "welcome": QT_TRANSLATE_NOOP("MessagesPage", "Welcome"),
    "birthday": QT_TRANSLATE_NOOP("MessagesPage", "Birthday"),
    "expiring": QT_TRANSLATE_NOOP("MessagesPage", "Points expiring"),
    "apology": QT_TRANSLATE_NOOP("MessagesPage", "Apology"),
    "test": QT_TRANSLATE_NOOP("MessagesPage", "Test"),
    "announce": QT_TRANSLATE_NOOP("MessagesPage", "Announcement"),
}
KINDS = {
    "transactional": QT_TRANSLATE_NOOP("MessagesPage", "Transactional"),
    "promotional": QT_TRANSLATE_NOOP("MessagesPage", "Promotional"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("MessagesPage", text)


class MessagesPage(QWidget):
    send_requested = Signal()  # a message was queued or re-queued: the sender may run a round now

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messagesPage")
        self.runner = runner
        self.items: list = []

        self.pause = QLabel()
        self.pause.setObjectName("smsPaused")
        self.pause.setWordWrap(True)
        self.pause.setProperty("role", "hint")
        self.pause.setProperty("tone", "danger")
        self.pause.hide()
        self.counts = QLabel()
        self.counts.setObjectName("smsCounts")
        self.state = QComboBox()
        self.state.setObjectName("stateFilter")
        self.state.addItem(self.tr("All states"), None)
        for key, text in STATES.items():
            self.state.addItem(_t(text), key)
        self.state.currentIndexChanged.connect(lambda _: self.reload())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        self.retry_button = QPushButton(self.tr("Send again"))
        self.retry_button.setObjectName("retry")
        self.retry_button.clicked.connect(self.retry)
        self.cancel_button = QPushButton(self.tr("Cancel message"))
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel()
        self.status.setObjectName("messagesStatus")
        self.status.setWordWrap(True)
        self.table = read_only_table([
            self.tr("#"), self.tr("Queued at"), self.tr("Mobile"), self.tr("Occasion"), self.tr("Kind"), self.tr("State"),
            self.tr("Tries"), self.tr("Parts"), self.tr("Text"), self.tr("Error"),
        ], "outboxTable", self.tr("No text messages to show."))
        self.table.itemSelectionChanged.connect(self._selected)

        self.balance_button = QPushButton(self.tr("Ask the balance"))
        self.balance_button.setObjectName("balance")
        self.balance_button.clicked.connect(self.ask_balance)
        self.balance = QLabel()
        self.balance.setObjectName("smsBalance")
        self.test_mobile = QLineEdit()
        self.test_mobile.setObjectName("testMobile")
        self.test_mobile.setPlaceholderText(self.tr("Mobile for a test message"))
        self.test_button = QPushButton(self.tr("Send a test message"))
        self.test_button.setObjectName("sendTest")
        self.test_button.clicked.connect(self.send_test)

        # the settings
        self.settings_box = QGroupBox(self.tr("SMS settings"))
        self.form = ProblemForm()
        self.provider = self.form.add(self.tr("Provider"), "sms_provider", QComboBox())
        self.provider.setObjectName("smsProvider")
        self.provider.addItem(self.tr("None (no messages)"), "")
        self.provider.addItem(self.tr("Kavenegar"), "kavenegar")
        self.api_key = self.form.add(self.tr("API key"), "sms_api_key", QLineEdit())
        self.api_key.setObjectName("smsApiKey")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_line = self.form.add(self.tr("Sending line"), "sms_sender", QLineEdit())
        self.sender_line.setObjectName("smsSender")
        self.base_url = self.form.add(self.tr("Provider address (optional)"), "sms_base_url", QLineEdit())
        self.base_url.setObjectName("smsBaseUrl")
        self.base_url.setPlaceholderText("https://api.kavenegar.com")
        self.quiet = self.form.add(self.tr("Quiet hours (Tehran)"), "sms_quiet_hours", QLineEdit())
        self.quiet.setObjectName("smsQuietHours")
        self.after_purchase = self.form.add(self.tr("After a purchase"), "sms_after_purchase",
                                            QCheckBox(self.tr("Text the points and balance")))
        self.after_purchase.setObjectName("smsAfterPurchase")
        for widget in (self.api_key, self.sender_line, self.base_url, self.quiet):
            widget.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.templates_button = QPushButton(self.tr("Edit the message texts…"))
        self.templates_button.setObjectName("editTemplates")
        self.templates_button.clicked.connect(self.edit_templates)
        self.template_editor = None
        save = QPushButton(self.tr("Save SMS settings"))
        save.setObjectName("saveSms")
        save.clicked.connect(self.save_settings)
        box = QVBoxLayout(self.settings_box)
        box.addLayout(self.form)
        box.addWidget(self.form.general())
        saving = QHBoxLayout()
        saving.addWidget(save)
        saving.addWidget(self.templates_button)
        saving.addStretch(1)
        box.addLayout(saving)

        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.state)
        top.addWidget(refresh)
        actions = QHBoxLayout()
        actions.addWidget(self.retry_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.test_mobile)
        actions.addWidget(self.test_button)
        actions.addWidget(self.balance_button)
        actions.addWidget(self.balance)
        column = QVBoxLayout(self)
        column.addWidget(self.pause)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addLayout(actions)
        column.addWidget(self.status)
        column.addWidget(self.settings_box)
        self._selected()

    # -- page protocol ---------------------------------------------------------------------------
    shows = Changes.of("messages", "settings")

    def activate(self) -> None:
        """Shown (what it shows is read by ``refresh``)."""

    def refresh(self, changes: Changes) -> None:
        if changes.messages:
            self.reload()
        if changes.settings:
            self.load_settings()

    def set_unit(self, unit: str) -> None:
        """(No amounts on this page.)"""

    # -- the outbox ------------------------------------------------------------------------------
    def reload(self) -> None:
        state = self.state.currentData()

        def job(s):
            return sms.outbox(s, state, 500), sms.state_counts(s), sms.pause_message(sms.get_settings(s))

        self.runner.call(job, self._listed, lambda e: message(self.status, i18n.error_text(e), error=True))

    def _listed(self, value) -> None:
        items, counts, paused = value
        self.pause.setVisible(bool(paused))
        self.pause.setText(QCoreApplication.translate("LoyaltyError", paused) if paused else "")
        sent = sum(counts.get(k, 0) for k in ("sent", "delivered", "failed"))
        rate = counts.get("delivered", 0) * 10_000 // sent if sent else 0
        self.counts.setText(i18n.arg(
            self.tr("Queued: %1   Sent: %2   Delivered: %3   Failed: %4   Delivered of those sent: %5"),
            i18n.number(counts.get("queued", 0) + counts.get("sending", 0)), i18n.number(counts.get("sent", 0)),
            i18n.number(counts.get("delivered", 0)), i18n.number(counts.get("failed", 0)), i18n.percent(rate)))
        chosen = self.chosen()
        self.items = list(items)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for item in self.items:
            r = self.table.rowCount()
            self.table.insertRow(r)
            texts = [i18n.number(item.id), i18n.moment(item.created_at), item.mobile,
                     _t(OCCASIONS.get(item.template, item.template)), _t(KINDS.get(item.kind, item.kind)),
                     _t(STATES.get(item.state, item.state)), i18n.number(item.attempts), i18n.number(item.parts),
                     item.body.replace("\n", " / "), item.error]
            for c, text in enumerate(texts):
                it = cell(text, ltr=c == 2)
                if c == 5 and item.state in STATE_TONES:
                    it.setForeground(theme.tone_color(STATE_TONES[item.state]))
                self.table.setItem(r, c, it)
        row = next((i for i, it in enumerate(self.items) if chosen and it.id == chosen.id), -1)
        if row >= 0:
            self.table.setCurrentCell(row, 0)
        self.table.blockSignals(False)
        self._selected()

    def chosen(self):
        row = selected_row(self.table)
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selected(self) -> None:
        item = self.chosen()
        self.retry_button.setEnabled(item is not None and item.state in (State.FAILED.value, State.EXPIRED.value))
        self.cancel_button.setEnabled(item is not None and item.state == State.QUEUED.value)

    def retry(self) -> None:
        item = self.chosen()
        if item is None:
            return

        def done(_):
            message(self.status, i18n.arg(self.tr("Message %1 is queued again."), i18n.number(item.id)))
            self.reload()
            self.send_requested.emit()

        self.runner.call(lambda s: sms.retry(s, item.id), done,
                         lambda e: message(self.status, i18n.error_text(e), error=True))

    def cancel(self) -> None:
        item = self.chosen()
        if item is None:
            return

        def done(_):
            message(self.status, i18n.arg(self.tr("Message %1 is cancelled."), i18n.number(item.id)))
            self.reload()

        self.runner.call(lambda s: sms.cancel(s, item.id), done,
                         lambda e: message(self.status, i18n.error_text(e), error=True))

    def send_test(self) -> None:
        mobile = self.test_mobile.text()

        def done(message_id):
            message(self.status, i18n.arg(self.tr("Test message %1 is queued; it goes out in a moment."),
                                          i18n.number(message_id)))
            self.reload()
            self.send_requested.emit()

        self.runner.call(lambda s: sms.queue_test(s, mobile), done,
                         lambda e: message(self.status, i18n.error_text(e), error=True))

    def ask_balance(self) -> None:
        """The provider's answer may take seconds: asked on the files thread, never the database's."""
        self.balance_button.setEnabled(False)
        self.balance.setText(self.tr("Asking…"))

        def failed(e):
            self.balance_button.setEnabled(True)
            self.balance.setText("")
            message(self.status, i18n.error_text(e), error=True)

        def answered(credit):
            self.balance_button.setEnabled(True)
            self.balance.setText(i18n.arg(self.tr("Credit: %1"), i18n.money(credit, i18n.display_unit())))

        def ask(provider):
            self.runner.call_aside(lambda _cancelled: provider.balance(), answered, failed)

        self.runner.call(sms.owners_provider, ask, failed)

    # -- the templates ---------------------------------------------------------------------------
    def edit_templates(self):
        """The template editor (gui/pages/sms_templates.py), one per page, loaded afresh each time."""
        from .sms_templates import TemplateEditor  # it borrows this page's names of occasions and kinds

        if self.template_editor is None:
            self.template_editor = TemplateEditor(self.runner, self)
        elif not self.template_editor.isVisible():
            self.template_editor.drafts.clear()  # what was not saved went with the closed editor
        self.template_editor.load()
        self.template_editor.show()
        self.template_editor.raise_()
        return self.template_editor

    # -- the settings ----------------------------------------------------------------------------
    def load_settings(self) -> None:
        self.runner.call(sms.get_settings, self._settings_loaded)

    def _settings_loaded(self, st) -> None:
        self.provider.setCurrentIndex(max(0, self.provider.findData(st.provider)))
        self.api_key.clear()
        self.api_key.setPlaceholderText(i18n.arg(self.tr("kept: %1 (type to change)"), mask(st.api_key))
                                        if st.api_key else "")
        self.sender_line.setText(st.sender)
        self.base_url.setText(st.base_url)
        self.quiet.setText(i18n.digits(st.quiet_hours))  # (the UI's digits, as in every field)
        self.after_purchase.setChecked(st.after_purchase)

    def save_settings(self) -> None:
        changes = dict(provider=self.provider.currentData(), sender=self.sender_line.text().strip(),
                       base_url=self.base_url.text().strip(), quiet_hours=to_ascii_digits(self.quiet.text().strip()),
                       after_purchase=self.after_purchase.isChecked())
        if self.api_key.text().strip():
            changes["api_key"] = self.api_key.text().strip()
        self.form.clear_problems()

        def done(st):
            self._settings_loaded(st)
            message(self.status, self.tr("The SMS settings are saved."))
            self.reload()

        self.runner.call(lambda s: sms.configure(s, **changes), done, self.form.show_error)
