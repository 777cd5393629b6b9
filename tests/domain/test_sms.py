"""Text messages' rules (loyaltydesk.domain.sms): parts, templates, quiet hours, back-off, states."""

from datetime import datetime, timedelta, timezone

import pytest

from loyaltydesk.domain.sms import (
    BAD_TEMPLATE, EMPTY_TEMPLATE, TOO_MANY_PARTS, UNKNOWN_FIELD, Encoding, Outcome, SmsSettings, State, Values,
    body_problems, count_parts, is_quiet, mask, may_move, next_allowed, next_state, next_try, parse_quiet_hours,
    render, settings_problems, template_problems,
)

UTC = timezone.utc

# (text, encoding, units, parts): every count made by hand, letter by letter
PARTS = [
    ("", Encoding.GSM7, 0, 0),
    ("Hello", Encoding.GSM7, 5, 1),
    ("a" * 160, Encoding.GSM7, 160, 1),
    ("a" * 161, Encoding.GSM7, 161, 2),
    ("a" * 306, Encoding.GSM7, 306, 2),  # 2 × 153
    ("a" * 307, Encoding.GSM7, 307, 3),
    ("Price: 10€ {ok}", Encoding.GSM7, 18, 1),  # € { } count two each: 15 characters, 18 septets
    ("a" * 159 + "[", Encoding.GSM7, 161, 2),  # the bracket's two septets tip it into two parts
    ("café @ 5£", Encoding.GSM7, 9, 1),  # é @ £ are in the GSM-7 basic set
    ("سلام", Encoding.UCS2, 4, 1),
    ("سلام، خرید شما ثبت شد", Encoding.UCS2, 21, 1),  # 17 letters and the comma, 4 spaces
    ("می‌شود", Encoding.UCS2, 6, 1),  # the ZWNJ is a character
    ("۱۲۳", Encoding.UCS2, 3, 1),  # Persian digits are not GSM-7
    ("ب" * 70, Encoding.UCS2, 70, 1),
    ("ب" * 71, Encoding.UCS2, 71, 2),
    ("ب" * 134, Encoding.UCS2, 134, 2),  # 2 × 67
    ("ب" * 135, Encoding.UCS2, 135, 3),
    ("a" * 69 + "ç", Encoding.UCS2, 70, 1),  # ç is not GSM-7 (Ç is): the whole text goes UCS-2
    ("Hi 😀", Encoding.UCS2, 5, 1),  # the emoji is two UTF-16 units
]


@pytest.mark.parametrize("text, encoding, units, parts", PARTS)
def test_parts_are_counted_as_the_operator_bills_them(text, encoding, units, parts):
    got = count_parts(text)
    assert (got.encoding, got.units, got.parts) == (encoding, units, parts)
    assert got.left == (got.parts * got.per_part - units if parts else got.per_part)


def test_a_text_past_eight_parts_is_refused():
    assert body_problems("ب" * (8 * 67)) == []
    assert [p.template for p in body_problems("ب" * (8 * 67 + 1))] == [TOO_MANY_PARTS]
    assert [p.template for p in body_problems("  ")] == [EMPTY_TEMPLATE]


@pytest.mark.parametrize("template, problems", [
    ("{name} عزیز، {points} امتیاز گرفتید", []),
    ("{name} {points} {balance} {tier} {expiry} {shop} {offer}", []),
    ("{nam} عزیز", [UNKNOWN_FIELD]),
    ("{name.upper}", [UNKNOWN_FIELD]),
    ("{0} و {}", [UNKNOWN_FIELD, UNKNOWN_FIELD]),
    ("{name", [BAD_TEMPLATE]),
    ("name}", [BAD_TEMPLATE]),
    ("", [EMPTY_TEMPLATE]),
    ("{a} {b} {a}", [UNKNOWN_FIELD, UNKNOWN_FIELD]),  # each unknown field once
])
def test_templates_name_only_known_fields(template, problems):
    assert [p.template for p in template_problems(template)] == problems


def test_a_template_is_filled_with_persian_digits_and_a_jalali_expiry():
    values = Values(name="مریم", points=1250, balance=30000, tier="طلایی",
                    expiry=datetime(2026, 3, 20, 21, 0, tzinfo=UTC), shop="کتاب‌فروشی", offer="NOWRUZ5")
    text = render("{name}: {points} / {balance} ({tier}) تا {expiry} — {shop} {offer}", values)
    # 2026-03-20 21:00 UTC is 00:30 on the 21st in Tehran: 1405/01/01
    assert text == "مریم: ۱٬۲۵۰ / ۳۰٬۰۰۰ (طلایی) تا ۱۴۰۵/۰۱/۰۱ — کتاب‌فروشی NOWRUZ5"
    with pytest.raises(ValueError):
        render("{nope}", values)


@pytest.mark.parametrize("text, quiet", [
    ("21-9", (21, 9)), (" 22 - 7 ", (22, 7)), ("0-6", (0, 6)), ("9-9", None), ("24-6", None), ("a-b", None),
    ("21", None), ("-1-9", None),
])
def test_quiet_hours_parse(text, quiet):
    assert parse_quiet_hours(text) == quiet


TEHRAN_QUIET = [  # (UTC moment, quiet 21-9?, next allowed in UTC): Tehran is UTC+3:30 (no DST since 1402)
    (datetime(2026, 6, 1, 5, 29, tzinfo=UTC), True, datetime(2026, 6, 1, 5, 30, tzinfo=UTC)),  # 08:59 Tehran
    (datetime(2026, 6, 1, 5, 30, tzinfo=UTC), False, None),  # 09:00 Tehran
    (datetime(2026, 6, 1, 17, 29, tzinfo=UTC), False, None),  # 20:59
    (datetime(2026, 6, 1, 17, 30, tzinfo=UTC), True, datetime(2026, 6, 2, 5, 30, tzinfo=UTC)),  # 21:00 -> 09:00 next day
    (datetime(2026, 6, 1, 20, 29, tzinfo=UTC), True, datetime(2026, 6, 2, 5, 30, tzinfo=UTC)),  # 23:59 Tehran
    (datetime(2026, 6, 1, 20, 30, tzinfo=UTC), True, datetime(2026, 6, 2, 5, 30, tzinfo=UTC)),  # 00:00 Tehran, June 2
    (datetime(2026, 6, 1, 22, 0, tzinfo=UTC), True, datetime(2026, 6, 2, 5, 30, tzinfo=UTC)),  # 01:30 Tehran
]


@pytest.mark.parametrize("moment, quiet, allowed", TEHRAN_QUIET)
def test_quiet_hours_cross_tehran_midnight(moment, quiet, allowed):
    assert is_quiet(moment, (21, 9)) is quiet
    assert next_allowed(moment, (21, 9)) == (allowed if quiet else moment)


def test_quiet_hours_within_one_day():
    noon_tehran = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)
    assert is_quiet(noon_tehran, (12, 14)) and not is_quiet(noon_tehran, (13, 14))
    assert next_allowed(noon_tehran, (12, 14)) == datetime(2026, 6, 1, 10, 30, tzinfo=UTC)


NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("attempts, wait", [
    (1, timedelta(minutes=1)), (2, timedelta(minutes=5)), (3, timedelta(minutes=30)), (4, timedelta(hours=2)),
    (9, timedelta(hours=2)),
])
def test_back_off_grows_then_stays_at_two_hours(attempts, wait):
    assert next_try(attempts, NOW, NOW + timedelta(days=1)) == NOW + wait


def test_back_off_stops_at_the_expiry():
    assert next_try(4, NOW, NOW + timedelta(hours=2)) is None
    assert next_try(3, NOW, NOW + timedelta(hours=2)) == NOW + timedelta(minutes=30)


LATER = NOW + timedelta(hours=6)
GONE = NOW - timedelta(minutes=1)
STATES = [  # (state, outcome, attempts, expires, next state, next try)
    (State.SENDING, Outcome.ACCEPTED, 1, LATER, State.SENT, None),
    (State.SENDING, Outcome.DELIVERED, 1, LATER, State.DELIVERED, None),
    (State.SENT, Outcome.DELIVERED, 1, LATER, State.DELIVERED, None),
    (State.SENT, Outcome.UNDELIVERED, 1, LATER, State.FAILED, None),
    (State.SENT, Outcome.ACCEPTED, 1, LATER, State.SENT, None),  # still at the operator
    (State.SENDING, Outcome.REJECTED, 1, LATER, State.FAILED, None),  # 411: an invalid number
    (State.SENDING, Outcome.NO_CREDIT, 1, LATER, State.QUEUED, NOW),
    (State.SENDING, Outcome.NOT_FOUND, 2, LATER, State.QUEUED, NOW),  # never arrived: send it now
    (State.SENDING, Outcome.NOT_FOUND, 2, GONE, State.EXPIRED, None),
    (State.SENDING, Outcome.RETRY, 2, LATER, State.SENDING, NOW + timedelta(minutes=5)),  # unknown: look it up then
    (State.SENDING, Outcome.RETRY, 4, GONE, State.SENDING, NOW + timedelta(hours=2)),  # looked up even past expiry
    (State.SENDING, Outcome.RETRY, 9, NOW - timedelta(hours=49), State.FAILED, None),  # past the provider's window
    (State.QUEUED, Outcome.RETRY, 1, LATER, State.QUEUED, NOW + timedelta(minutes=1)),  # the connection was refused
    (State.QUEUED, Outcome.RETRY, 4, NOW + timedelta(hours=1), State.EXPIRED, None),
]


@pytest.mark.parametrize("state, outcome, attempts, expires, after, at", STATES)
def test_the_next_state_of_a_message(state, outcome, attempts, expires, after, at):
    assert next_state(state, outcome, attempts, NOW, expires) == (after, at)
    assert after is state or may_move(state, after)


def test_final_states_never_move_and_failed_only_back_to_the_queue():
    assert not may_move(State.DELIVERED, State.QUEUED) and not may_move(State.CANCELLED, State.QUEUED)
    assert may_move(State.FAILED, State.QUEUED) and not may_move(State.FAILED, State.SENT)
    assert may_move(State.QUEUED, State.CANCELLED) and not may_move(State.SENT, State.CANCELLED)


@pytest.mark.parametrize("changes, fields", [
    ({}, []),
    ({"provider": "kavenegar", "api_key": "6A6F-abc_def=", "sender": "10004346"}, []),
    ({"provider": "smsir"}, ["sms_provider"]),
    ({"api_key": "key with spaces"}, ["sms_api_key"]),
    ({"sender": "10a"}, ["sms_sender"]),
    ({"base_url": "https://api.kavenegar.com"}, []),
    ({"base_url": "http://127.0.0.1:8080"}, []),
    ({"base_url": "http://api.kavenegar.com"}, ["sms_base_url"]),  # plain http only to this computer
    ({"base_url": "https://api.kavenegar.com/v1/"}, ["sms_base_url"]),
    ({"base_url": "ftp://x"}, ["sms_base_url"]),
    ({"quiet_hours": "9-9"}, ["sms_quiet_hours"]),
    ({"expiring_days": 91}, ["sms_expiring_days"]),
    ({"templates": (("purchase", "{nme}"),)}, ["sms_template_purchase"]),
    ({"provider": "x", "sender": "1", "quiet_hours": ""}, ["sms_provider", "sms_sender", "sms_quiet_hours"]),
])
def test_sms_settings_report_every_problem_at_once(changes, fields):
    assert [p.field for p in settings_problems(SmsSettings(**changes))] == fields


def test_the_api_key_is_masked_and_settings_round_trip():
    s = SmsSettings(provider="kavenegar", api_key="4F6A2B7C8D9E0F11", templates=(("welcome", "سلام {name}"),))
    assert s.masked()["sms_api_key"] == "…0F11" and "4F6A2B7C" not in repr(s.masked())
    assert mask("short") == "…" and mask("") == ""
    assert SmsSettings.from_stored(s.as_stored()) == s and "4F6A2B7C" not in repr(s)
