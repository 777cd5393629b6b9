"""The owner's editor of the text messages' templates, opened from the Messages page: the occasions
and their texts, an editor with a live count of characters and parts (``domain.sms.count_parts``:
70 to a Persian part, 67 when split; 160/153 for Latin only), the fields as buttons that insert
``{name}`` and the like, every problem of the text beside it at once, and a preview filled with a
real member (a card or a mobile typed, the first member by default). Save goes through
``services.sms.configure`` (the owner's, audited there).

Counting, checking and filling are the domain's pure functions, run as the owner types; only the
list, the member and the save go to the database thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QVBoxLayout, QWidget,
)

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, NotFound, Problem
from loyaltydesk.domain.sms import FIELDS, TOO_MANY_PARTS, body_problems, count_parts, render, template_problems
from loyaltydesk.services import sms

from .. import i18n
from .messages import KINDS, OCCASIONS, _t
from ..widgets import text_edit
from .tables import message

FIELD_HELP = {
    "name": QT_TRANSLATE_NOOP("SmsTemplates", "The member's first name"),
    "points": QT_TRANSLATE_NOOP("SmsTemplates", "The points earned (a purchase, a birthday bonus) or expiring"),
    "balance": QT_TRANSLATE_NOOP("SmsTemplates", "The member's points balance"),
    "tier": QT_TRANSLATE_NOOP("SmsTemplates", "The member's tier"),
    "expiry": QT_TRANSLATE_NOOP("SmsTemplates", "The date the points expire (Jalali)"),
    "shop": QT_TRANSLATE_NOOP("SmsTemplates", "The shop's name"),
    "offer": QT_TRANSLATE_NOOP("SmsTemplates", "The offer or coupon code of a campaign"),
}


def _tt(text: str) -> str:
    return QCoreApplication.translate("SmsTemplates", text)


class TemplateEditor(QDialog):
    def __init__(self, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("smsTemplates")
        self.setWindowTitle(self.tr("Text message templates"))
        self.runner = runner
        self.views: list = []  # services.sms.TemplateView, as stored
        self.drafts: dict[str, str] = {}  # occasion -> the text being edited (kept when another is chosen)
        self.member = None  # services.sms.PreviewMember
        self.problems: list[Problem] = []

        self.occasions = QListWidget()
        self.occasions.setObjectName("occasionList")
        self.occasions.currentRowChanged.connect(self._chosen)
        self.kind = QLabel()
        self.kind.setObjectName("templateKind")

        self.text = text_edit()  # paragraphs start on the right, even one that starts with {name}
        self.text.setObjectName("templateText")
        self.text.textChanged.connect(self.update_live)
        self.count = QLabel()
        self.count.setObjectName("templateCount")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("templateProblems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setProperty("tone", "danger")

        fields_box = QGroupBox(self.tr("Fields (click to insert)"))
        grid = QGridLayout(fields_box)
        self.field_buttons: dict[str, QPushButton] = {}
        for i, name in enumerate(FIELDS):
            button = QPushButton("{" + name + "}")
            button.setObjectName(f"field_{name}")
            button.setToolTip(_tt(FIELD_HELP[name]))
            button.clicked.connect(lambda _=False, n=name: self.insert_field(n))
            grid.addWidget(button, i // 4, i % 4)
            self.field_buttons[name] = button

        # the preview with a real member
        preview_box = QGroupBox(self.tr("Preview with a member"))
        self.member_key = QLineEdit()
        self.member_key.setObjectName("previewKey")
        self.member_key.setPlaceholderText(self.tr("Card or mobile (empty: the first member)"))
        self.member_key.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.member_key.returnPressed.connect(self.pick_member)
        pick = QPushButton(self.tr("Show"))
        pick.setObjectName("pickMember")
        pick.clicked.connect(self.pick_member)
        self.member_label = QLabel()
        self.member_label.setObjectName("previewMember")
        self.member_label.setWordWrap(True)
        self.preview = text_edit()
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(110)
        self.preview_count = QLabel()
        self.preview_count.setObjectName("previewCount")
        picker = QHBoxLayout()
        picker.addWidget(self.member_key, 1)
        picker.addWidget(pick)
        pbox = QVBoxLayout(preview_box)
        pbox.addLayout(picker)
        pbox.addWidget(self.member_label)
        pbox.addWidget(self.preview)
        pbox.addWidget(self.preview_count)

        self.save_button = QPushButton(self.tr("Save this text"))
        self.save_button.setObjectName("saveTemplate")
        self.save_button.clicked.connect(self.save)
        self.default_button = QPushButton(self.tr("Put back the built-in text"))
        self.default_button.setObjectName("defaultTemplate")
        self.default_button.clicked.connect(self.put_back_default)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        self.status = QLabel()
        self.status.setObjectName("templateStatus")
        self.status.setWordWrap(True)

        editor = QVBoxLayout()
        editor.addWidget(self.kind)
        self.text.setMinimumHeight(90)
        editor.addWidget(self.text, 1)
        editor.addWidget(self.count)
        editor.addWidget(self.problem_label)
        editor.addWidget(fields_box)
        editor.addWidget(preview_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.default_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        editor.addLayout(buttons)
        editor.addWidget(self.status)
        row = QHBoxLayout(self)
        row.addWidget(self.occasions)
        row.addLayout(editor, 1)
        self.occasions.setMaximumWidth(200)
        self.resize(860, 680)
        self.update_live()

    # -- loading ---------------------------------------------------------------------------------
    def load(self) -> None:
        """The occasions' texts and the member for the preview: the one shown (after a save), else
        the first (both on the database thread)."""
        card = self.member.card if self.member is not None else ""

        def job(s):
            views = sms.templates(s)
            member = None
            for key in dict.fromkeys((card, "")):
                try:
                    member = sms.preview_member(s, key)
                    break
                except NotFound:
                    continue
            return views, member

        self.runner.call(job, self._loaded, self._failed)

    def _loaded(self, value) -> None:
        views, member = value
        self.member = member
        self._show_member()
        chosen = self.occasion()
        self.views = list(views)
        self.occasions.blockSignals(True)
        self.occasions.clear()
        for v in self.views:
            item = QListWidgetItem(_t(OCCASIONS.get(v.occasion, v.occasion)))
            item.setData(Qt.ItemDataRole.UserRole, v.occasion)
            self.occasions.addItem(item)
        self.occasions.blockSignals(False)
        row = next((i for i, v in enumerate(self.views) if v.occasion == chosen), 0)
        self.occasions.setCurrentRow(row)
        self._chosen(row)

    def _failed(self, error: BaseException) -> None:
        message(self.status, i18n.error_text(error), error=True)

    def occasion(self) -> str | None:
        row = self.occasions.currentRow()
        return self.views[row].occasion if 0 <= row < len(self.views) else None

    def view(self):
        row = self.occasions.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _chosen(self, _row: int) -> None:
        v = self.view()
        if v is None:
            return
        kind = _t(KINDS.get(v.kind, v.kind))
        self.kind.setText(i18n.arg(self.tr("Kind: %1 (the built-in text)") if v.default else self.tr("Kind: %1"), kind))
        self.text.blockSignals(True)
        self.text.setPlainText(self.drafts.get(v.occasion, v.template))
        self.text.blockSignals(False)
        self.update_live()

    # -- live ------------------------------------------------------------------------------------
    def insert_field(self, name: str) -> None:
        self.text.insertPlainText("{" + name + "}")
        self.text.setFocus()

    def update_live(self) -> None:
        """Count, check and preview what is typed now (pure domain functions, no database)."""
        text = self.text.toPlainText()
        occasion = self.occasion()
        if occasion is not None:
            self.drafts[occasion] = text
        parts = count_parts(text)
        self.count.setText(i18n.arg(self.tr("Characters: %1   Parts: %2   (%3 to a part; %4 left in the last)"),
                                    i18n.number(parts.units), i18n.number(parts.parts), i18n.number(parts.per_part),
                                    i18n.number(parts.left)))
        problems = template_problems(text)
        filled = ""
        if not problems and self.member is not None:
            filled = render(text, self.member.values)
            problems += [p for p in body_problems(filled) if p.template == TOO_MANY_PARTS]  # this member's text too long
        self.problems = problems
        self.problem_label.setText("\n".join(i18n.problem_text(p) for p in problems))
        self.problem_label.setVisible(bool(problems))
        self._fit_problems()
        self.preview.setPlainText(filled)
        if filled:
            shown = count_parts(filled)
            self.preview_count.setText(i18n.arg(self.tr("This member's text: %1 characters, %2 part(s)"),
                                                i18n.number(shown.units), i18n.number(shown.parts)))
        else:
            self.preview_count.setText("")
        view = self.view()
        self.save_button.setEnabled(view is not None and not problems and text != view.template)
        self.default_button.setEnabled(view is not None and not view.default)

    def _fit_problems(self) -> None:
        """As tall as its wrapped lines: a nested layout would cut a long problem otherwise."""
        self.problem_label.setMinimumHeight(self.problem_label.heightForWidth(max(self.problem_label.width(), 200)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_problems()

    # -- the member ------------------------------------------------------------------------------
    def pick_member(self) -> None:
        key = self.member_key.text()

        def done(member):
            self.member = member
            self._show_member()
            self.update_live()

        self.runner.call(lambda s: sms.preview_member(s, key), done, self._failed)

    def _show_member(self) -> None:
        m = self.member
        if m is None:
            self.member_label.setText(self.tr("No member to preview with."))
            return
        self.status.clear()
        self.member_label.setText(i18n.arg(self.tr("%1 — card %2 — balance: %3 points"), m.name or m.mobile,
                                           i18n.ltr(m.card), i18n.number(m.balance)))

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> None:
        occasion, text = self.occasion(), self.text.toPlainText()
        if occasion is None:
            return
        self.update_live()
        if self.problems:  # every problem is shown beside the text; the service would refuse most of them too
            message(self.status, self.tr("The text has problems: it is not saved."), error=True)
            return
        self._store(occasion, text, self.tr("The text is saved."))

    def put_back_default(self) -> None:
        occasion = self.occasion()
        if occasion is not None:
            self.drafts.pop(occasion, None)
            self._store(occasion, "", self.tr("The built-in text is back."))

    def _store(self, occasion: str, text: str, said: str) -> None:
        def done(_):
            self.drafts.pop(occasion, None)
            message(self.status, said)
            self.load()

        self.runner.call(lambda s: sms.configure(s, templates={occasion: text}), done, self._failed)
