"""Text messages from the command line against a local server speaking Kavenegar's API: ``club set
--sms-...``, ``member add|edit --sms-consent``, ``sms run|send-test|outbox|retry|cancel|balance``."""

from __future__ import annotations

import pytest

from tests.sms.kavenegar_server import API_KEY, start_fake

from .test_cli import cli, shop  # noqa: F401 - the fixtures

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (the cli fixture's club_engine)


@pytest.fixture
def fake():
    server = start_fake()
    yield server
    server.server.stop()


@pytest.fixture
def texting(shop, fake):  # noqa: F811
    code, out, err = shop("club", "set", "--sms-provider", "kavenegar", "--sms-api-key", API_KEY,
                          "--sms-sender", "10004346", "--sms-base-url", fake.base_url, "--sms-after-purchase", "on",
                          json_out=True)
    assert code == 0, err
    assert out["sms"]["sms_api_key"] == "…" + API_KEY[-4:] and out["sms"]["sms_after_purchase"] is True
    return shop


def test_club_set_refuses_bad_sms_settings_all_at_once_and_saves_nothing(shop):  # noqa: F811
    code, _, err = shop("club", "set", "--sms-provider", "kavenegar", "--sms-base-url", "http://example.com",
                        "--sms-quiet-hours", "9-9", "--sms-sender", "1x", "--void-minutes", "7")
    assert code == 1 and "Traceback" not in err
    assert "http:// only for 127.0.0.1" in err and "Quiet hours" in err and "sending line" in err
    code, out, _ = shop("club", "show", json_out=True)
    assert out["sms"]["sms_provider"] == "" and out["settings"]["void_minutes"] == 5  # neither saved


def test_the_key_is_never_shown_whole(texting):
    code, text, _ = texting("club", "show")
    assert API_KEY not in text and "key …" + API_KEY[-4:] in text and "messages        kavenegar" in text
    code, audit, _ = texting("audit", "--entity", "settings", json_out=True)
    assert audit and API_KEY not in str(audit)


def test_a_purchase_is_texted_by_sms_run_and_shown_in_the_outbox(texting, fake):
    assert texting("member", "add", "--mobile", "09121234567", "--first-name", "علی", "--sms-consent", "yes")[0] == 0
    code, sale, err = texting("purchase", "09121234567", "--amount", "10,000,000", json_out=True)
    assert code == 0 and sale["sms_queued"] is True
    code, result, err = texting("sms", "run", json_out=True)
    assert code == 0 and result["sent"] == 2, err
    code, items, _ = texting("sms", "outbox", "--state", "sent", json_out=True)
    assert [(i["mobile"], i["kind"], i["state"], i["attempts"], i["parts"]) for i in items] == [
        ("09121234567", "transactional", "sent", 1, 1), ("09121234567", "transactional", "sent", 1, 1)]
    assert items[0]["body"].startswith("علی عزیز، ۱٬۰۰۰ امتیاز گرفتید") and {"id", "body"} <= set(items[0])
    code, text, _ = texting("sms", "run")
    assert code == 0 and text.strip() == "nothing was due" and len(fake.sent) == 2


def test_opt_out_from_the_command_line(texting):
    texting("member", "add", "--mobile", "09121234567", "--sms-consent", "yes")
    code, m, _ = texting("member", "edit", "09121234567", "--sms-consent", "no", json_out=True)
    assert code == 0 and m["sms_consent"] is False
    texting("purchase", "09121234567", "--amount", "10,000,000")
    code, items, _ = texting("sms", "outbox", json_out=True)
    assert [i["template"] for i in items] == ["welcome"]  # queued while they agreed; no receipt after the opt-out


def test_no_credit_pauses_run_until_retry(texting, fake):
    fake.credit = 0
    texting("member", "add", "--mobile", "09121234567", "--sms-consent", "yes")
    code, text, _ = texting("sms", "run")
    assert code == 1 and "out of credit" in text
    code, text, _ = texting("club", "show")
    assert "PAUSED" in text
    fake.credit = 10**9
    code, out, err = texting("sms", "retry", "1", json_out=True)
    assert code == 0 and out["state"] == "queued"
    assert texting("sms", "run", json_out=True)[1]["sent"] == 1


def test_send_test_cancel_and_balance(texting, fake):
    code, out, err = texting("sms", "send-test", "0912 123 4567", json_out=True)
    assert code == 0 and out["state"] == "sent", err
    assert fake.sent[-1].receptor == "09121234567"
    code, _, err = texting("sms", "send-test", "12345")
    assert code == 1 and "not a mobile number" in err
    code, out, _ = texting("sms", "balance", json_out=True)
    assert out == {"balance": 10_000_000 - 1_000}
    fake.broken = True
    texting("member", "add", "--mobile", "09351112233", "--sms-consent", "yes")
    code, _, err = texting("sms", "cancel", "2")
    assert code == 0
    code, _, err = texting("sms", "cancel", "2")
    assert code == 1 and "only a queued message can be cancelled" in err
    code, _, err = texting("sms", "retry", "99")
    assert code == 1 and "no message 99" in err


def test_templates_are_shown_with_their_parts_and_changed(texting):
    code, views, _ = texting("sms", "template", json_out=True)
    assert code == 0 and {v["occasion"] for v in views} >= {"purchase", "welcome", "birthday", "expiring", "apology"}
    assert all(v["default"] and v["parts"] == 1 for v in views)
    code, _, err = texting("sms", "template", "welcome", "--text", "سلام {firstname}")
    assert code == 1 and "unknown field {firstname}" in err
    long = "{name} " + "ب" * 140
    code, [view], err = texting("sms", "template", "welcome", "--text", long, json_out=True)
    assert code == 0 and not view["default"] and view["parts"] == 3 and view["characters"] == 4 + 1 + 140
    texting("member", "add", "--mobile", "09121234567", "--first-name", "علی", "--sms-consent", "yes")
    code, items, _ = texting("sms", "outbox", json_out=True)
    assert items[0]["body"] == "علی " + "ب" * 140 and items[0]["parts"] == 3
    code, [view], _ = texting("sms", "template", "welcome", "--default", json_out=True)
    assert view["default"] and view["template"].startswith("{name} عزیز")


def test_announce_a_campaign_with_a_dry_run_first(texting, fake):
    for n, consent in enumerate(("yes", "yes", "no")):
        texting("member", "add", "--mobile", f"0912000000{n}", "--first-name", "علی", "--sms-consent", consent)
    assert texting("club", "set", "--sms-part-price", "2,500")[0] == 0
    code, dry, err = texting("sms", "announce", "yalda", "--text", "{name} عزیز، {offer}", "--offer", "۲۰٪",
                             "--dry-run", json_out=True)
    assert code == 0 and (dry["recipients"], dry["queued"], dry["parts"], dry["cost"]) == (2, 0, 2, 5_000), err
    code, text, _ = texting("sms", "announce", "yalda", "--text", "{name} عزیز، {offer}", "--offer", "۲۰٪")
    assert code == 0 and text.startswith("2 members receive it (2 newly queued); 2 parts; cost")
    code, _, err = texting("sms", "announce", "yalda", "--text", "{nope}", "--tier", "طلایی")
    assert code == 1 and "unknown field {nope}" in err
    code, _, err = texting("sms", "announce", "x", "--text", "{offer}", "--tier", "الماسی")
    assert code == 1 and "no tier named" in err
