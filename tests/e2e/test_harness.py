"""The harness itself: the real program starts on a real X screen, a cashier signs in, a scan
opens a member, an amount and F9 register a purchase, and the command line reads the same club."""

from __future__ import annotations


def test_a_scan_an_amount_and_f9_register_a_purchase(desk):
    member = desk.members()[0]
    before = desk.member(member["card"])
    desk.start()
    desk.shot("sign-in")
    desk.sign_in("sara")
    desk.scan(member["card"])
    desk.type("۱۲۰۰۰۰")  # Persian digits, as a cashier on a Persian keyboard types them
    desk.key("F9")
    after = desk.wait_until(lambda: (m := desk.member(member["card"]))["points"] != before["points"] and m,
                            what="the purchase to be registered")
    desk.shot("registered")
    history = desk.cli("history", member["card"])
    newest = max(history["purchases"], key=lambda p: p["id"])
    assert newest["gross"] == 1_200_000  # 120,000 toman in rials
    assert after["points"] > before["points"]
