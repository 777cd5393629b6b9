"""Every word right (defect 8): plurals with the locale's digits, amounts in the shop's
unit in messages, Persian month names, a readable change log and ledger, translated roles, no
colour codes on screen, and an English UI whose Persian names keep their punctuation in place.
Also: no dialog of the app has a destructive default button (defects 3 and 7)."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import re
import tokenize
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QLineEdit, QPushButton, QWidget

import loyaltydesk
import loyaltydesk.gui
from loyaltydesk import services
from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.jalali import parse_jalali_date
from loyaltydesk.domain.settings import ClubSettings, validate_settings
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui import i18n
from loyaltydesk.gui.ops import Runner

from .conftest import owner_window, sign_in, wait_idle

PACKAGE = Path(loyaltydesk.__file__).parent
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")
ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def texts_on_screen(widget: QWidget) -> list[str]:
    """What a person can read: labels, buttons, line edits and table cells that are shown."""
    out = []
    for w in [widget, *widget.findChildren(QWidget)]:
        if not w.isVisibleTo(widget.window()):
            continue
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            out.append(w.text())
        model = getattr(w, "model", None)
        if callable(model) and hasattr(w, "horizontalHeader") and model() is not None:
            m = model()
            out += [str(m.index(r, c).data() or "") for r in range(min(m.rowCount(), 300))
                    for c in range(m.columnCount())]
    return out


# --- %Ln everywhere ---------------------------------------------------------------------------------

def source_strings():
    for path in sorted(PACKAGE.rglob("*.py")):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            if token.type == tokenize.STRING:
                yield path.relative_to(PACKAGE.parent), token.start[0], token.string


def test_no_source_string_uses_a_plural_without_the_locales_digits():
    """``%n`` writes Latin digits into a Persian line ("1 عضو پیدا شد"); ``%Ln`` writes the locale's."""
    bare = [f"{path}:{line}: {text}" for path, line, text in source_strings()
            if re.search(r"(?<!L)%n\b", text) and "``%n``" not in text and "%n`" not in text]
    assert not bare, "use %Ln, not %n:\n" + "\n".join(bare)


def test_a_plural_count_reads_in_persian_digits(qtbot, runner):
    window, page = owner_window(qtbot, runner, "members")
    card = runner.call(lambda s: s.db.value("SELECT card FROM members ORDER BY id LIMIT 1")).result()
    page.search.setText(card)
    page.apply_filters()
    qtbot.waitUntil(lambda: runner.idle and page.count.text() and "۱ " in page.count.text(), timeout=10_000)
    assert not set("0123456789") & set(page.count.text())
    assert page.tr("%Ln member(s).", "", 1234) == "۱٬۲۳۴ عضو."


def test_a_capped_search_says_it_shows_the_first_matches(qtbot, runner):
    window, cashier = owner_window(qtbot, runner, "cashier", "sara")
    runner.call(lambda s: [services.members.sign_up(s, f"0935{i:07d}", "کوروش", f"آزمون{i}")
                           for i in range(25)]).result()  # more than the 20 the search returns
    cashier.search.setText("کوروش")
    cashier._find()
    wait_idle(qtbot, runner)
    assert len(cashier.matches) == 20
    text = cashier.status.text()
    assert "۲۰" in text and "اول" in text and "پیدا شد" not in text  # "the first 20", not "20 found"


# --- amounts, units and months in messages ------------------------------------------------------------

@pytest.fixture
def toman(app):
    i18n.set_display_unit("toman")
    yield
    i18n.set_display_unit("toman")


def test_the_refund_error_gives_the_amount_grouped_in_the_shops_unit(qtbot, runner, toman):
    sign_in(runner, "owner")
    purchase_id, gross = runner.call(lambda s: s.db.one(
        "SELECT id, gross FROM purchases WHERE refunded = 0 AND gross % 10 = 0 ORDER BY id DESC LIMIT 1")).result()
    with pytest.raises(ValidationError) as caught:
        runner.call(lambda s: services.checkout.refund(s, purchase_id, gross * 2)).result()
    text = i18n.error_text(caught.value)
    assert i18n.money(gross, "toman") in text and "تومان" in text
    assert "ریال" not in text and "rial" not in text and not set("0123456789") & set(text)
    assert str(gross) not in to_ascii_digits(text).replace("٬", "")  # never the raw rials
    i18n.set_display_unit("rial")
    assert i18n.money(gross, "rial") in i18n.error_text(caught.value)


def test_the_earn_settings_error_names_the_unit_of_its_field(app, toman):
    [problem] = [p for p in validate_settings(ClubSettings(rials_per_point=0)) if p.field == "rials_per_point"]
    text = i18n.problem_text(problem)
    assert "تومان" in text and "ریال" not in text
    [problem] = [p for p in validate_settings(ClubSettings(rials_per_point=0, display_unit="rial"))
                 if p.field == "rials_per_point"]
    i18n.set_display_unit("rial")
    assert "ریال" in i18n.problem_text(problem)


def test_a_date_error_in_persian_names_the_persian_month(app):
    with pytest.raises(ValidationError) as caught:
        parse_jalali_date("1404/12/30", "birthday")
    text = i18n.error_text(caught.value)
    assert "اسفند" in text and "Esfand" not in text and "۲۹" in text
    assert "۱۴۰۴/۱۲/۳۰" in text  # the date typed, in Persian digits too (a date's slashes are no path)
    assert "Esfand" in caught.value.problems[0].message  # the command line still says it in English


# --- the change log and the ledger ----------------------------------------------------------------------

def test_the_change_log_reads_in_persian_with_jalali_times_and_names(qtbot, runner, shot):
    sign_in(runner, "owner")
    card = runner.call(lambda s: s.db.value("SELECT card FROM members ORDER BY id LIMIT 1")).result()
    purchase_id = runner.call(lambda s: s.db.value(
        "SELECT id FROM purchases WHERE refunded = 0 ORDER BY id DESC LIMIT 1")).result()
    tier = runner.call(services.club.list_tiers).result()[-1]

    def changes(s):
        services.members.set_status(s, card, "blocked")
        services.checkout.refund(s, purchase_id, None, "کالای معیوب")
        services.club.edit_tier(s, tier.name, color="#d4af37")
        services.users.edit_user(s, "sara", role="owner")
        services.club.update_settings(s, expiry_months=6)

    runner.call(changes).result()
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.audit)
    page.audit.reload()
    wait_idle(qtbot, runner)
    table = page.audit.table
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    widgets = [table.cellWidget(r, 4).text() for r in range(table.rowCount()) if table.cellWidget(r, 4)]
    words = "\n".join("\n".join(row) for row in cells) + "\n" + "\n".join(widgets)
    for english in ("status", "net_refunded", "refunded", "blocked", "active", "cashier", "owner", "tier_after",
                    "points_reversed", "expiry_months", "rolling12", "sara"):
        assert not re.search(rf"(?<![\w#]){english}(?!\w)", words), english
    assert not ISO_MOMENT.search(words) and not HEX_COLOUR.search(re.sub(r"<[^>]*>", "", words))
    assert "مسدود" in words and "مرجوع" in words and "مریم رضایی" in words and "سارا احمدی" in words
    assert "صندوق‌دار" in words and "مدیر" in words
    when = cells[0][0]
    assert when.startswith("۱۴۰") and not set("0123456789") & set(when)  # Jalali, Persian digits
    assert re.search(r"color:#d4af37", "".join(widgets))  # the colour shown as a swatch, not as text
    window.resize(1366, 768)
    shot(window, "change-log")


def test_roles_read_in_persian_on_the_users_page(qtbot, runner):
    window, page = owner_window(qtbot, runner, "users")
    roles = {page.table.item(r, 2).text() for r in range(page.table.rowCount())}
    assert roles == {"مدیر", "صندوق‌دار"}


# --- no colour codes on screen -------------------------------------------------------------------------

def test_tiers_show_their_colour_never_its_code(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.tiers)
    wait_idle(qtbot, runner)
    shown = texts_on_screen(page.tiers) + [w.text() for w in page.tiers.table.findChildren(QLabel)]
    assert not [t for t in shown if HEX_COLOUR.search(t)]
    page.tiers.table.setCurrentCell(0, 0)
    dialog = page.tiers.edit_selected()
    assert not [t for t in texts_on_screen(dialog) if HEX_COLOUR.search(t)]
    swatch = dialog.color_button.icon().pixmap(18, 18).toImage()  # the button shows the colour itself
    assert swatch.pixelColor(9, 9) == QColor(dialog.color)
    shot(dialog, "tier-dialog-swatch")
    dialog.reject()


# --- the English UI --------------------------------------------------------------------------------------

@pytest.fixture
def english(qapp, monkeypatch):
    monkeypatch.setenv("LOYALTYDESK_LANG", "en")
    i18n.install(qapp)
    yield
    i18n.uninstall(qapp)


def test_in_english_a_persian_name_keeps_the_full_stop_at_the_end(english):
    text = i18n.arg("%1 is kept at the next review.", "نقره\u200cای")
    assert text == "\u2068نقره\u200cای\u2069 is kept at the next review."  # isolated: the "." stays at the right end
    assert i18n.arg("Card %1.", "1234") == "Card 1234."  # Latin values as they were
    assert i18n.digits("۱۴۰۵/۰۹/۱۲") == "1405/09/12"  # "As of" a date in Latin digits


def test_in_english_the_as_of_date_of_a_report_has_latin_digits(qtbot, english, demo_path, gui_clock):
    runner = Runner(demo_path, gui_clock)
    try:
        window, page = owner_window(qtbot, runner, "analytics")
        page.choose("rfm")
        page.run()
        wait_idle(qtbot, runner)
        label = page.period_label.text()
        assert label.startswith("As of ") and re.search(r"\d{4}/\d\d/\d\d", label), label
        assert not PERSIAN_DIGITS & set(label)
    finally:
        runner.close()


# --- no destructive default button anywhere ----------------------------------------------------------------

DESTRUCTIVE = re.compile(r"block|refund|adjust|remove|delete|restore|deactivate|disable|import|void|quit",
                         re.IGNORECASE)


def dialog_classes() -> list[type]:
    for info in pkgutil.walk_packages(loyaltydesk.gui.__path__, "loyaltydesk.gui."):
        importlib.import_module(info.name)
    found, todo = [], [QDialog]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("loyaltydesk.gui") and not sub.__name__.startswith("_"):
                found.append(sub)
    return found


def build(cls, runner, parent):
    """Each dialog as the app opens it (a blank PDF for the print preview)."""
    name = cls.__name__
    if name == "MemberDialog":
        card = runner.call(lambda s: s.db.value("SELECT card FROM members ORDER BY id LIMIT 1")).result()
        return cls(runner, card, "toman", parent)
    if name == "TierDialog":
        return cls(runner, "toman", runner.call(services.club.list_tiers).result()[0], parent=parent)
    if name == "CouponDialog":
        from loyaltydesk.domain.jalali import jalali_of
        return cls(runner, "toman", jalali_of(runner.clock()).date(), parent)
    if name == "ResetPasswordDialog":
        return cls(runner, "sara", parent)
    if name == "ProgressDialog":
        return cls("x", parent)
    if name == "PrintPreviewDialog":
        from loyaltydesk.printing import report
        pdf = getattr(report, "blank_pdf", None)
        from reportlab.pdfgen import canvas
        out = io.BytesIO()
        c = canvas.Canvas(out)
        c.showPage()
        c.save()
        return cls(pdf() if callable(pdf) else out.getvalue(), "x", "x.pdf", parent)
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    return cls(runner, parent=parent) if "runner" in params else cls(parent=parent)


def defaults_of(dialog: QDialog) -> list[str]:
    return [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault() and b.isVisible()]


def test_no_dialog_of_the_app_has_a_destructive_default_button(qtbot, runner, monkeypatch):
    monkeypatch.setenv("LOYALTYDESK_LANG", "en")
    i18n.install(QApplication.instance())  # the button texts in English, to compare against words
    sign_in(runner, "owner")
    holder = QWidget()
    qtbot.addWidget(holder)
    classes = dialog_classes()
    assert {"MemberDialog", "TierDialog", "CouponDialog", "AddUserDialog", "ImportDialog", "ExportDialog"} <= {
        c.__name__ for c in classes}
    found = {}
    for cls in classes:
        dialog = build(cls, runner, holder)
        dialog.show()
        wait_idle(qtbot, runner)
        QApplication.processEvents()
        found[cls.__name__] = defaults_of(dialog)
        for edit in dialog.findChildren(QLineEdit):  # Enter in a field, while nothing is filled in
            if edit.isVisible() and edit.isEnabled():
                edit.setFocus()
                found[cls.__name__] += defaults_of(dialog)
        dialog.close()
        wait_idle(qtbot, runner)
    bad = {name: texts for name, texts in found.items() if any(DESTRUCTIVE.search(t) for t in texts)}
    assert not bad, f"destructive default buttons: {bad}"
    assert found["MemberDialog"] == []  # no default at all: Enter saves the form with the focus



def test_a_signed_number_keeps_its_sign_at_the_left_in_persian(app):
    assert i18n.signed(-1919) == "\u2066-۱٬۹۱۹\u2069"  # isolated left to right: "-۱٬۹۱۹", not "۱٬۹۱۹-"
    assert i18n.signed(389, plus=True) == "\u2066+۳۸۹\u2069" and i18n.signed(389) == "۳۸۹"


def test_ctrl_c_copies_a_row_of_the_log_as_a_person_reads_it(qtbot, runner):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.audit)
    page.audit.reload()
    wait_idle(qtbot, runner)
    table = page.audit.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    QApplication.clipboard().clear()
    for action in table.actions():
        if action.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Copy)):
            action.trigger()
    copied = QApplication.clipboard().text()
    cells = copied.split("\t")
    assert len(cells) == table.columnCount() and cells[0].startswith("۱۴۰")
    assert not set("\u2066\u2067\u2068\u2069") & set(copied)  # no bidi controls in what is pasted
