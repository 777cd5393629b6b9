"""The template editor of the Messages page: a live count of characters and parts as the owner
types (hand-counted Persian and Latin texts), every problem beside the text with Save refused, the
fields inserted by their buttons, a preview with a real member (the first, or one picked by card or
mobile), and Save persisting through the service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from loyaltydesk import services
from loyaltydesk.domain.errors import Problem
from loyaltydesk.domain.sms import DEFAULT_TEMPLATES, TOO_MANY_PARTS, Occasion
from loyaltydesk.domain.text import to_persian_digits
from loyaltydesk.gui import i18n
from loyaltydesk.services import sms

from .conftest import owner_window, wait_idle
from .test_cashier import type_text  # qtbot.keyClicks trips on Persian

SEEN = "س"  # one Persian letter: one UTF-16 unit


def editor(qtbot, runner):
    window, page = owner_window(qtbot, runner, "messages")
    window.sms.stop(wait=5)
    dialog = page.edit_templates()
    wait_idle(qtbot, runner)
    return window, page, dialog


def choose(dialog, occasion: str) -> None:
    row = next(i for i in range(dialog.occasions.count()) if dialog.views[i].occasion == occasion)
    dialog.occasions.setCurrentRow(row)


def typed(qtbot, dialog, text: str) -> None:
    dialog.text.clear()
    type_text(dialog.text, text)


def count_shown(units: int, parts: int, per_part: int, left: int) -> str:
    return i18n.arg(QCoreApplication.translate("TemplateEditor",
                                               "Characters: %1   Parts: %2   (%3 to a part; %4 left in the last)"),
                    i18n.number(units), i18n.number(parts), i18n.number(per_part), i18n.number(left))


def persian(n: int) -> str:  # a number as a message writes it: Persian digits, grouped
    return to_persian_digits(f"{n:,}".replace(",", "٬"))


def first_member(runner):
    def job(s):
        mid = s.db.value("SELECT min(id) FROM members")
        return services.members.get_member_by_id(s, mid)
    return runner.call(job).result()


@pytest.mark.parametrize(("text", "units", "parts", "per_part", "left"), [
    (SEEN * 70, 70, 1, 70, 0),  # one Persian part holds 70
    (SEEN * 71, 71, 2, 67, 63),  # split: 67 a part, two parts hold 134
    (SEEN * 134, 134, 2, 67, 0),
    (SEEN * 135, 135, 3, 67, 66),
    ("a" * 160, 160, 1, 160, 0),  # Latin only: 160, then 153 a part
    ("a" * 161, 161, 2, 153, 145),
    ("a" * 159 + SEEN, 160, 3, 67, 41),  # one Persian letter makes the whole text UCS-2
])
def test_typing_counts_characters_and_parts_live(qtbot, runner, text, units, parts, per_part, left):
    _, _, dialog = editor(qtbot, runner)
    choose(dialog, "welcome")
    typed(qtbot, dialog, text)
    assert dialog.count.text() == count_shown(units, parts, per_part, left)
    assert dialog.problems == [] and dialog.save_button.isEnabled()


def test_the_count_follows_each_key_typed(qtbot, runner):
    _, _, dialog = editor(qtbot, runner)
    choose(dialog, "welcome")
    typed(qtbot, dialog, SEEN * 69)
    assert dialog.count.text() == count_shown(69, 1, 70, 1)
    type_text(dialog.text, SEEN)
    assert dialog.count.text() == count_shown(70, 1, 70, 0)
    type_text(dialog.text, SEEN)
    assert dialog.count.text() == count_shown(71, 2, 67, 63)


@pytest.mark.parametrize(("text", "fields"), [
    ("{name} عزیز {bogus}", ["bogus"]),
    ("{nam} {pionts} {shop}", ["nam", "pionts"]),  # every unknown field at once
])
def test_an_unknown_field_shows_its_problem_and_save_refuses(qtbot, runner, text, fields):
    _, _, dialog = editor(qtbot, runner)
    choose(dialog, "birthday")
    typed(qtbot, dialog, text)
    shown = dialog.problem_label.text().split("\n")
    assert len(shown) == len(fields) and dialog.problem_label.isVisibleTo(dialog)
    for line, name in zip(shown, fields):
        assert "{" + name + "}" in line.replace("\u2066", "").replace("\u2069", "")  # the isolates of a filled name
    assert not dialog.save_button.isEnabled() and dialog.preview.toPlainText() == ""
    dialog.save()  # even called directly: nothing goes to the service
    wait_idle(qtbot, runner)
    assert dialog.status.property("error") is True
    stored = runner.call(lambda s: sms.get_settings(s).template(Occasion.BIRTHDAY)).result()
    assert stored == DEFAULT_TEMPLATES[Occasion.BIRTHDAY]


def test_a_text_too_long_for_the_member_is_a_problem_and_save_refuses(qtbot, runner):
    _, _, dialog = editor(qtbot, runner)
    choose(dialog, "announce")
    typed(qtbot, dialog, SEEN * 537)  # 537 units: 9 parts of 67 (8 hold 536)
    assert dialog.count.text() == count_shown(537, 9, 67, 66)
    assert dialog.problem_label.text() == i18n.problem_text(Problem("body", TOO_MANY_PARTS, {"parts": 9, "maximum": 8}))
    dialog.save()
    wait_idle(qtbot, runner)
    assert runner.call(lambda s: sms.get_settings(s).templates).result() == ()


def test_an_empty_text_is_a_problem(qtbot, runner):
    _, _, dialog = editor(qtbot, runner)
    choose(dialog, "welcome")
    dialog.text.clear()
    assert dialog.problem_label.text() == QCoreApplication.translate("LoyaltyError", "The message is empty.")
    assert not dialog.save_button.isEnabled()


def test_the_preview_shows_a_real_member_and_their_balance(qtbot, runner):
    _, _, dialog = editor(qtbot, runner)
    member = first_member(runner)
    assert dialog.member is not None and dialog.member.member_id == member.id  # the first member by default
    choose(dialog, "welcome")
    typed(qtbot, dialog, "سلام ")
    qtbot.mouseClick(dialog.field_buttons["name"], Qt.MouseButton.LeftButton)
    type_text(dialog.text, "، مانده: ")
    dialog.insert_field("balance")
    assert dialog.text.toPlainText() == "سلام {name}، مانده: {balance}"
    expected = f"سلام {member.first_name}، مانده: {persian(member.points)}"
    assert dialog.preview.toPlainText() == expected
    assert i18n.number(member.points) in dialog.member_label.text()
    assert member.first_name in dialog.member_label.text()

    # another member, picked by mobile (typed in Persian digits) and by card
    other = runner.call(lambda s: services.members.get_member_by_id(
        s, s.db.value("SELECT max(id) FROM members WHERE first_name != ''"))).result()
    for key in (to_persian_digits(other.mobile), other.card):
        dialog.member_key.setText(key)
        dialog.pick_member()
        wait_idle(qtbot, runner)
        assert dialog.member.member_id == other.id
        assert dialog.preview.toPlainText() == f"سلام {other.first_name}، مانده: {persian(other.points)}"


def test_an_unknown_member_key_is_said_and_the_preview_stays(qtbot, runner):
    _, _, dialog = editor(qtbot, runner)
    before = dialog.preview.toPlainText()
    dialog.member_key.setText("09990000000")
    dialog.pick_member()
    wait_idle(qtbot, runner)
    assert dialog.status.property("error") is True and dialog.status.text()
    assert dialog.preview.toPlainText() == before != ""


def test_save_persists_through_the_service_and_the_default_comes_back(qtbot, runner):
    _, _, dialog = editor(qtbot, runner)
    last = runner.call(lambda s: services.members.get_member_by_id(s, s.db.value("SELECT max(id) FROM members"))).result()
    dialog.member_key.setText(last.card)
    dialog.pick_member()
    wait_idle(qtbot, runner)
    choose(dialog, "expiring")
    text = "{name} جان، {points} امتیاز تا {expiry} می‌ماند."
    typed(qtbot, dialog, text)
    assert dialog.save_button.isEnabled()
    dialog.save()
    wait_idle(qtbot, runner)
    views = {v.occasion: v for v in runner.call(sms.templates).result()}
    assert views["expiring"].template == text and not views["expiring"].default
    assert dialog.view().occasion == "expiring" and not dialog.save_button.isEnabled()  # reloaded: nothing new
    assert dialog.member.member_id == last.id  # the member picked stays for the preview
    audit = runner.call(lambda s: s.db.value(
        "SELECT count(*) FROM audit_log WHERE action = 'configure_sms'")).result()
    assert audit == 1
    dialog.put_back_default()
    wait_idle(qtbot, runner)
    views = {v.occasion: v for v in runner.call(sms.templates).result()}
    assert views["expiring"].default and views["expiring"].template == DEFAULT_TEMPLATES[Occasion.EXPIRING]
    assert dialog.text.toPlainText() == DEFAULT_TEMPLATES[Occasion.EXPIRING]


def test_a_draft_is_kept_when_another_occasion_is_chosen(qtbot, runner):
    _, _, dialog = editor(qtbot, runner)
    choose(dialog, "welcome")
    typed(qtbot, dialog, "خوش آمدید {name}")
    choose(dialog, "birthday")
    assert dialog.text.toPlainText() == DEFAULT_TEMPLATES[Occasion.BIRTHDAY]
    choose(dialog, "welcome")
    assert dialog.text.toPlainText() == "خوش آمدید {name}"


def test_a_closed_editor_forgets_its_drafts(qtbot, runner):
    window, page, dialog = editor(qtbot, runner)
    choose(dialog, "welcome")
    typed(qtbot, dialog, "پیش‌نویس {name}")
    dialog.reject()
    assert page.edit_templates() is dialog
    wait_idle(qtbot, runner)
    choose(dialog, "welcome")
    assert dialog.text.toPlainText() == DEFAULT_TEMPLATES[Occasion.WELCOME]


def test_an_empty_club_has_no_member_to_preview_and_a_cashier_may_not_ask(owner, cashier):
    from loyaltydesk.domain.errors import NotFound, PermissionDenied

    with pytest.raises(NotFound) as no_one:
        sms.preview_member(owner)
    assert no_one.value.template == sms.NO_MEMBERS
    with pytest.raises(PermissionDenied):
        sms.preview_member(cashier)
    with pytest.raises(PermissionDenied):
        sms.configure(cashier, templates={"welcome": "{name}"})
