"""The owner's follow-up list: detractors' surveys, complaints and returns, open items first.

Choose an item to read its story (who did what, when, with which note), mark the customer as
contacted with a note, or resolve it with a resolution. Complaints and returns are logged here
too, for a member (card or mobile) and a purchase when there is one. Everything goes through
``services.followup`` on the database thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSpinBox, QSplitter, QVBoxLayout, QWidget,
)

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.domain.surveys import CATEGORIES
from loyaltydesk.services import audit_log, followup
from loyaltydesk.services.changes import Changes

from .. import i18n, theme
from ..models.report_table import report_text
from ..ops import Runner
from ..widgets import ProblemForm, text_edit
from .tables import cell, message, read_only_table, selected_row

SOURCES = {
    "detractor": QT_TRANSLATE_NOOP("FollowUpPage", "Detractor"),
    "complaint": QT_TRANSLATE_NOOP("FollowUpPage", "Complaint"),
    "return": QT_TRANSLATE_NOOP("FollowUpPage", "Return"),
}
STATUSES = {
    "open": QT_TRANSLATE_NOOP("FollowUpPage", "Open"),
    "contacted": QT_TRANSLATE_NOOP("FollowUpPage", "Contacted"),
    "resolved": QT_TRANSLATE_NOOP("FollowUpPage", "Resolved"),
}
STATUS_TONES = {"open": "danger", "contacted": "warning", "resolved": "success"}  # gui/theme.py
COLUMNS = ("id", "source", "status", "member", "card", "opened", "score", "comment", "updated")


def _t(text: str) -> str:
    return QCoreApplication.translate("FollowUpPage", text)


def _day(iso: str | None) -> str:
    return i18n.moment(iso) if iso else "—"


class FollowUpPage(QWidget):
    """The list, the chosen item's story and actions, and the complaint / return form."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("followUpPage")
        self.runner = runner
        self.items: list = []
        self.item = None  # the chosen FollowUp, with its steps
        self.names: dict[str, str] = {}  # login -> the name the shop knows the user by
        self._want_id: int | None = None
        self._select_next: int | None = None  # the item just saved, chosen when the list is read again

        self.counts = QLabel()
        self.counts.setObjectName("followUpCounts")
        self.source = QComboBox()
        self.source.setObjectName("sourceFilter")
        self.source.addItem(self.tr("All kinds"), None)
        for key, text in SOURCES.items():
            self.source.addItem(_t(text), key)
        self.show_resolved = QCheckBox(self.tr("Show resolved"))
        self.show_resolved.setObjectName("showResolved")
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        self.log_button = QPushButton(self.tr("Log a complaint or return…"))
        self.log_button.setObjectName("logComplaint")
        self.log_button.clicked.connect(self.open_log)
        self.status = QLabel()
        self.status.setObjectName("followUpStatus")
        self.status.setWordWrap(True)

        self.table = read_only_table([
            self.tr("#"), self.tr("Kind"), self.tr("Status"), self.tr("Member"), self.tr("Card"), self.tr("Opened"),
            self.tr("Score / category"), self.tr("Comment"), self.tr("Last change"),
        ], "followUpTable")
        self.table.itemSelectionChanged.connect(self._selected)

        # the chosen item
        self.detail = QGroupBox(self.tr("Item"))
        self.detail.setObjectName("followUpDetail")
        self.summary = QLabel()
        self.summary.setObjectName("itemSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.steps = read_only_table([self.tr("When"), self.tr("Who"), self.tr("Status"), self.tr("Note")],
                                     "followUpSteps", self.tr("The chosen item's steps appear here: opened, "
                                                              "contacted, resolved, each with its note."))
        self.action_form = ProblemForm()
        self.note = self.action_form.add(self.tr("Note or resolution"), "note", text_edit())
        self.note.setObjectName("note")
        self.note.setMaximumHeight(90)
        self.contact_button = QPushButton(self.tr("Contacted"))
        self.contact_button.setObjectName("contact")
        self.contact_button.clicked.connect(self.contact)
        self.resolve_button = QPushButton(self.tr("Resolve"))
        self.resolve_button.setObjectName("resolve")
        self.resolve_button.clicked.connect(self.resolve)
        actions = QHBoxLayout()
        actions.addWidget(self.contact_button)
        actions.addWidget(self.resolve_button)
        actions.addStretch(1)
        detail_column = QVBoxLayout(self.detail)
        detail_column.addWidget(self.summary)
        detail_column.addWidget(self.steps, 1)
        detail_column.addLayout(self.action_form)
        detail_column.addWidget(self.action_form.general())
        detail_column.addLayout(actions)

        # logging a complaint or a return
        self.log_box = QGroupBox(self.tr("Log a complaint or return"))
        self.log_box.setObjectName("logBox")
        self.log_form = ProblemForm(self.log_box)
        self.log_kind = self.log_form.add(self.tr("Kind"), "kind", QComboBox())
        self.log_kind.setObjectName("logKind")
        for key in ("complaint", "return"):
            self.log_kind.addItem(_t(SOURCES[key]), key)
        self.log_category = self.log_form.add(self.tr("Category"), "category", QComboBox())
        self.log_category.setObjectName("logCategory")
        for key, text in CATEGORIES.items():
            self.log_category.addItem(report_text(text), key)
        self.log_member = self.log_form.add(self.tr("Member (card or mobile)"), "member", QLineEdit())
        self.log_member.setObjectName("logMember")
        self.log_member.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.log_purchase = self.log_form.add(self.tr("Purchase number"), "purchase", QSpinBox())
        self.log_purchase.setObjectName("logPurchase")
        self.log_purchase.setRange(0, 2_000_000_000)
        self.log_purchase.setSpecialValueText(self.tr("None"))
        self.log_description = self.log_form.add(self.tr("What happened"), "description", text_edit())
        self.log_description.setObjectName("logDescription")
        self.log_description.setMaximumHeight(80)
        save = QPushButton(self.tr("Log it"))
        save.setObjectName("saveComplaint")
        save.clicked.connect(self.log)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.close_log)
        log_buttons = QHBoxLayout()
        log_buttons.addWidget(save)
        log_buttons.addWidget(cancel)
        log_buttons.addStretch(1)
        self.log_form.addRow(self.log_form.general())
        self.log_form.addRow(log_buttons)
        self.log_box.hide()

        bar = QHBoxLayout()
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.source)
        bar.addWidget(self.show_resolved)
        bar.addWidget(refresh)
        bar.addWidget(self.log_button)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(self.log_box)
        side_column.addWidget(self.detail, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

        self.source.currentIndexChanged.connect(lambda _: self.reload())
        self.show_resolved.toggled.connect(lambda _: self.reload())
        self.show_item(None)

    # -- page protocol ---------------------------------------------------------------------------
    def activate(self) -> None:
        """Shown: the list takes the keyboard (↑/↓ walk the items); ``refresh`` reads it."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    shows = Changes.of("followups", "surveys")

    def refresh(self, changes: Changes) -> None:
        select, self._select_next = self._select_next, None
        self.reload(select=select)

    def set_unit(self, unit: str) -> None:
        """(No amounts on this page.)"""

    # -- the list --------------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        """Read the list (open items first) and the counts; keep (or move to) the chosen item."""
        self._want_id = select if select is not None else (self.item.id if self.item else None)
        resolved, source = self.show_resolved.isChecked(), self.source.currentData()

        def job(s):
            return followup.list_items(s, include_resolved=resolved, source=source), followup.counts(s)

        self.runner.call(job, self._listed, lambda e: message(self.status, i18n.error_text(e), error=True))

    def _listed(self, value) -> None:
        items, counts = value
        self.counts.setText(i18n.arg(self.tr("Open: %1   Contacted: %2   Resolved: %3"),
                                     i18n.number(counts.get("open", 0)), i18n.number(counts.get("contacted", 0)),
                                     i18n.number(counts.get("resolved", 0))))
        self.items = list(items)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for item in self.items:
            self._add_row(item)
        row = next((i for i, it in enumerate(self.items) if it.id == self._want_id), -1)
        if row >= 0:
            self.table.setCurrentCell(row, 0)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)
        if row >= 0:
            self.open_item(self.items[row].id)
        elif self.item is None or self.item.status != "resolved":
            self.show_item(None)  # (an item just resolved stays on show, though it left the list)

    def _add_row(self, item) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        if item.source == "detractor":
            score = i18n.arg(self.tr("Score %1"), i18n.digits(str(item.nps))) if item.nps is not None else "—"
        else:
            score = report_text(CATEGORIES.get(item.category, item.category or "—"))
        values = (i18n.number(item.id), _t(SOURCES.get(item.source, item.source)), _t(STATUSES[item.status]),
                  item.name or "—", i18n.digits(item.card) if item.card else "—", _day(item.opened_at), score,
                  _short(item.description), _day(item.updated_at))
        for c, text in enumerate(values):
            it = cell(text, ltr=COLUMNS[c] == "card" and bool(item.card))
            if COLUMNS[c] == "status":
                it.setForeground(theme.tone_color(STATUS_TONES[item.status]))
            if COLUMNS[c] == "comment":
                it.setToolTip(item.description)
            self.table.setItem(r, c, it)

    def _selected(self) -> None:
        row = selected_row(self.table)
        if 0 <= row < len(self.items):
            self.open_item(self.items[row].id)

    def row_of(self, item_id: int) -> int:
        return next((i for i, it in enumerate(self.items) if it.id == item_id), -1)

    def select_item(self, item_id: int) -> None:
        row = self.row_of(item_id)
        if row >= 0:
            self.table.setCurrentCell(row, 0)

    # -- one item ------------------------------------------------------------------------------------
    def open_item(self, item_id: int) -> None:
        def shown(value) -> None:
            item, self.names = value
            self.show_item(item)

        self.runner.call(lambda s: (followup.get_item(s, item_id), audit_log.display_names(s)), shown,
                         lambda e: message(self.status, i18n.error_text(e), error=True))

    def show_item(self, item) -> None:
        self.item = item
        self.action_form.clear_problems()
        on = item is not None and item.status != "resolved"
        for w in (self.note, self.contact_button, self.resolve_button):
            w.setEnabled(on)
        self.steps.setRowCount(0)
        if item is None:
            self.detail.setTitle(self.tr("Item"))
            self.summary.setText(self.tr("Choose an item of the list to see its story and act on it."))
            return
        self.detail.setTitle(i18n.arg(self.tr("Item %1: %2"), i18n.number(item.id), _t(SOURCES[item.source])))
        lines = []
        if item.member_id:
            lines.append(i18n.arg(self.tr("Member: %1, card %2, mobile %3"), item.name or "—",
                                  i18n.ltr(i18n.digits(item.card or "")), i18n.ltr(i18n.digits(item.mobile or ""))))
        if item.nps is not None:
            lines.append(i18n.arg(self.tr("Recommendation score: %1 of 10"), i18n.digits(str(item.nps))))
        if item.category:
            lines.append(i18n.arg(self.tr("Category: %1"), report_text(CATEGORIES.get(item.category, item.category))))
        if item.purchase_id:
            lines.append(i18n.arg(self.tr("Purchase number %1"), i18n.number(item.purchase_id)))
        lines.append(i18n.arg(self.tr("Comment: %1"), item.description or "—"))
        lines.append(i18n.arg(self.tr("Status: %1"), _t(STATUSES[item.status])))
        if item.status == "resolved":
            lines.append(i18n.arg(self.tr("Resolved by %1 on %2: %3"), i18n.person(item.resolved_by or "", self.names),
                                  _day(item.resolved_at), item.resolution or ""))
        self.summary.setText("\n".join(lines))
        for step in item.steps:  # the first one is the opening
            r = self.steps.rowCount()
            self.steps.insertRow(r)
            for c, (text, ltr) in enumerate(((_day(step.at), False), (i18n.person(step.actor, self.names), False),
                                            (_t(STATUSES.get(step.status, step.status)), False),
                                            (step.note or "—", False))):
                self.steps.setItem(r, c, cell(text, ltr=ltr))

    def contact(self) -> None:
        """The customer was contacted: the note says what was said or agreed."""
        self._move(followup.contact, self.tr("Marked as contacted."))

    def resolve(self) -> None:
        """Close the item: the note is the resolution (required)."""
        self._move(followup.resolve_item, self.tr("Resolved."))

    def _move(self, action, done_text: str) -> None:
        if self.item is None:
            return
        item_id, note = self.item.id, self.note.toPlainText()

        def done(item):
            self.note.clear()
            message(self.status, done_text)
            self._select_next = item.id  # the broadcast's refresh reads the list and moves to it
            self.show_item(item)

        self.runner.call(lambda s: action(s, item_id, note), done, self.action_form.show_error)

    # -- logging a complaint or return -------------------------------------------------------------
    def open_log(self) -> None:
        self.log_box.show()
        self.log_description.setFocus()

    def close_log(self) -> None:
        self.log_box.hide()
        self.log_form.clear_problems()
        self.log_member.clear()
        self.log_purchase.setValue(0)
        self.log_description.clear()

    def log(self) -> None:
        kind, category = self.log_kind.currentData(), self.log_category.currentData()
        key = self.log_member.text().strip() or None
        purchase = self.log_purchase.value() or None
        description = self.log_description.toPlainText()

        def done(item):
            self.close_log()
            message(self.status, i18n.arg(self.tr("Logged as item %1."), i18n.number(item.id)))
            self._select_next = item.id  # the broadcast's refresh reads the list and moves to it

        self.runner.call(lambda s: followup.log_complaint(s, kind, category, description, key, purchase), done,
                         self.log_form.show_error)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
