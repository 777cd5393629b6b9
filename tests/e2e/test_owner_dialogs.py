"""The owner's member dialog from outside (defects 3, 7 and 8): the real program on a real
X screen, driven by keys as an owner at the counter drives it; every outcome read back through
``loyaltydesk --json`` on the same club.

Each case failed on the program before the fix: Enter in the mobile field blocked the member
("Block" was the dialog's default button) and threw the edit away; a refund of the whole purchase,
and an adjustment that took the balance below zero, went through without a word; the change log
showed English field names and UTC ISO times, the ledger "birthday" and login names.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.engines  # the demo club in a file, and on a PostgreSQL server (--db URL)

MEMBER = r"^(عضو|Member): "
ASK_REFUND = r"^(مرجوع کردن کل خرید|Refund the whole purchase)$"
ASK_BELOW_ZERO = r"^(منفی شدن مانده|Take the balance below zero)$"


@pytest.fixture
def desk(engine_desk):
    return engine_desk


def newest_purchase(desk, card) -> dict:
    return max(desk.cli("history", card)["purchases"], key=lambda p: p["id"])


def open_member(desk, card: str) -> None:
    """As the owner: Ctrl+2 (Members, its search); the card, Enter (the first row), Enter (open it)."""
    desk.key("ctrl+2")
    desk.type(card, delay=20)
    desk.key("Return")  # filters at once and moves to the first row
    desk.key("Return")  # opens it
    desk.wait_window(MEMBER)
    time.sleep(0.8)  # its purchases and ledger are read on the database thread


def refundable(desk) -> dict:
    """A member whose newest purchase has nothing refunded yet."""
    for m in desk.members()[:60]:
        history = desk.cli("history", m["card"])["purchases"]
        if history and newest_purchase(desk, m["card"])["refunded"] == 0:
            return m
    raise AssertionError("no member with a purchase to refund in the demo club")


def test_enter_in_the_mobile_field_saves_the_edit_and_never_blocks(desk):
    member = desk.members()[3]
    new_mobile = "0935" + member["card"][-7:]
    desk.start()
    desk.sign_in("owner")
    open_member(desk, member["card"])
    desk.shot("member-opened")
    desk.key("Tab", "Tab")  # first name (the focus when it opens) → last name → mobile
    desk.key("ctrl+a")
    desk.type(new_mobile, delay=20)
    desk.key("Return")
    after = desk.wait_until(lambda: (m := desk.member(member["card"]))["mobile"] == new_mobile and m,
                            what="the edit to be saved by Enter")
    desk.shot("saved-by-enter")
    assert after["status"] == "active"  # before the fix: "blocked", and the edit lost
    assert not any(title.startswith(("مسدود", "Block")) for _, title in desk.windows())
    desk.key("Return")  # Enter again with nothing changed: still nothing destructive
    time.sleep(0.8)
    assert desk.member(member["card"])["status"] == "active"


def test_a_whole_refund_is_asked_and_enter_or_escape_on_the_question_cancels_it(desk):
    member = refundable(desk)
    card = member["card"]
    before = newest_purchase(desk, card)
    desk.start()
    desk.sign_in("owner")
    open_member(desk, card)
    desk.key("ctrl+Tab")  # the Purchases tab; its table has the keyboard
    desk.key("Down", "Up")  # the newest purchase chosen
    desk.key("Tab")  # the amount to refund: empty means all that is left
    desk.key("Return")
    desk.wait_window(ASK_REFUND)
    desk.shot("refund-asked")
    desk.key("Return")  # the question's default is Cancel
    desk.wait_gone(ASK_REFUND)
    desk.key("Return")  # asked again: Esc cancels too
    desk.wait_window(ASK_REFUND)
    desk.key("Escape")
    desk.wait_gone(ASK_REFUND)
    time.sleep(0.5)
    assert newest_purchase(desk, card) == before  # before the fix: refunded in full at the first Enter
    assert desk.windows() and any(title for _, title in desk.windows() if title.startswith(("عضو", "Member")))

    desk.key("Return")
    desk.wait_window(ASK_REFUND)
    desk.key("Tab", "Return")  # a deliberate Tab to "Refund all", then Enter
    refunded = desk.wait_until(lambda: (p := newest_purchase(desk, card))["refunded"] and p,
                               what="the refund once confirmed")
    assert refunded["refunded"] == before["gross"]
    desk.shot("refunded")


def test_an_adjustment_below_zero_is_asked_first(desk):
    member = next(m for m in desk.members() if 0 < int(m["points"]) < 900_000)
    card, points = member["card"], int(member["points"])
    desk.start()
    desk.sign_in("owner")
    open_member(desk, card)
    desk.key("ctrl+Tab", "ctrl+Tab")  # the Points tab; its ledger has the keyboard
    desk.key("Tab")  # the points to add or remove
    desk.key("ctrl+a")
    desk.key("minus")
    desk.type(str(points + 100), delay=20)
    desk.key("Tab")
    desk.type("اصلاح خطای ثبت")  # the reason, typed in Persian
    desk.key("Return")
    desk.wait_window(ASK_BELOW_ZERO)
    desk.shot("below-zero-asked")
    desk.key("Escape")
    desk.wait_gone(ASK_BELOW_ZERO)
    time.sleep(0.5)
    assert desk.member(card)["points"] == points  # before the fix: -100 at once

    desk.key("Return")  # the focus came back to the form: Enter asks again
    desk.wait_window(ASK_BELOW_ZERO)
    desk.key("Tab", "Return")  # the owner means it
    desk.wait_until(lambda: desk.member(card)["points"] == -100, what="the adjustment once confirmed")
    time.sleep(0.8)
    desk.shot("ledger-after-adjustment")


def clipboard(desk) -> str:
    """What the program put on the X clipboard (read by another X client, as a paste would)."""
    env = {k: v for k, v in desk.screen.env.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run([sys.executable, "-c", READ_CLIPBOARD], env=env, capture_output=True, text=True,
                          timeout=60)
    return done.stdout


READ_CLIPBOARD = ("import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication(sys.argv)\n"
                  "sys.stdout.write(app.clipboard().text())")


def copied_rows(desk, count: int, until=None) -> list[str]:
    """Ctrl+C on each of the first ``count`` rows of the table that has the keyboard (or until a
    row satisfies ``until``): the rows as a person reads them."""
    desk.key("ctrl+Home")
    rows = []
    for _ in range(count):
        desk.key("ctrl+c", settle=0.2)
        rows.append(clipboard(desk))
        if until is not None and until(rows[-1]):
            break
        desk.key("Down", settle=0.2)
    return rows


def test_the_change_log_reads_in_persian_with_jalali_times_and_names(desk):
    """Persian labels and values, Jalali Tehran times, names, a swatch (and a screenshot to look at)."""
    member = refundable(desk)
    card = member["card"]
    purchase = newest_purchase(desk, card)
    desk.run_cli("member", "block", card)
    desk.run_cli("member", "unblock", card)
    desk.run_cli("refund", str(purchase["id"]), "--amount", str(purchase["gross"] // 2 // 10 * 10))
    desk.run_cli("tier", "edit", desk.cli("tier", "list")[-1]["name"], "--color", "#d4af37")
    desk.start()
    desk.sign_in("owner")
    desk.key("ctrl+3")  # Club settings
    desk.key("Tab", "ctrl+shift+Tab")  # into its tabs; the last one: Changes
    time.sleep(1.5)
    desk.shot("change-log")
    for _ in range(6):  # Tab on to the log (past the filter and Refresh): Ctrl+C there copies a row
        desk.key("Tab", "ctrl+Home", "ctrl+c")
        if "\t" in clipboard(desk):
            break
    rows = copied_rows(desk, 16)  # each command's own sign-in is a row too
    text = "\n".join(rows)
    assert "وضعیت: مسدود ← فعال" in text and "وضعیت: فعال ← مسدود" in text, text  # status: blocked → active
    assert "پس داده‌شده" in text and "مریم رضایی (مدیر)\tوارد شد" in text and "رنگ: ■ ← ■" in text, text
    for english in ("status", "net_refunded", "blocked", "active", "cli", "owner", "#d4af37", "tier_after"):
        assert english not in text, english
    assert not re.search(r"\d{4}-\d\d-\d\dT", text)  # no UTC ISO moments
    assert re.search(r"۱۴۰[۰-۹]/[۰-۹]{2}/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}", rows[0])  # a Jalali time, Persian digits


def test_the_ledger_reads_reasons_and_names_in_persian(desk):
    """A member's points ledger: "هدیهٔ تولد", not "birthday"; people by name, not by login."""
    # the member whose birthday gift is nearest the top of the ledger (newest first, the 50 that
    # ``history`` shows): one export of the whole ledger, not a program run per member
    rows = desk.exported("ledger")  # id, at, card, kind, points, expires, purchase, refund, reverses, reason, by
    ledgers: dict[str, list[list[str]]] = {}
    for row in sorted(rows, key=lambda r: int(r[0]), reverse=True):
        ledgers.setdefault(row[2], []).append(row)

    def birthday_index(card):
        entries = ledgers.get(card, [])[:50]
        return next((i for i, e in enumerate(entries) if e[9] == "birthday"), None)

    found = [(i, m["card"]) for m in desk.members()[:120] if (i := birthday_index(m["card"])) is not None]
    index, card = min(found)
    desk.start()
    desk.sign_in("owner")
    open_member(desk, card)
    desk.key("ctrl+Tab", "ctrl+Tab")  # the Points tab; its ledger has the keyboard
    time.sleep(0.5)
    desk.shot("ledger")
    rows = copied_rows(desk, index + 1)
    birthday = rows[index].split("\t") + [""] * 6  # (a row not copied reads as empty cells)
    assert birthday[4] == "هدیهٔ تولد", rows  # before the fix: "birthday"
    assert birthday[5] in {"مریم رضایی", "سارا احمدی", "خط فرمان"}, rows[index]  # before: "owner"
    assert not {"owner", "sara", "cli"} & {(r.split("\t") + [""] * 6)[5] for r in rows}
