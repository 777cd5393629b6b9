"""The occasions that queue a message, each in the transaction of what caused it, each once: a
purchase, a sign-up, a birthday bonus, points about to expire, a detractor's follow-up."""

from __future__ import annotations

from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain.jalali import add_months, format_jalali, jalali_of
from loyaltydesk.services import daily, sms, surveys
from loyaltydesk.store import sms as sms_store

from .kavenegar_server import API_KEY, start_fake

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL


@pytest.fixture
def fake():
    server = start_fake()
    yield server
    server.server.stop()


@pytest.fixture
def texting(club, fake):
    sms.configure(club, provider="kavenegar", api_key=API_KEY, sender="10004346", base_url=fake.base_url)
    return club


def bodies(session, occasion):
    return [i.body for i in reversed(sms.outbox(session)) if i.template == occasion]


def test_a_purchase_is_texted_only_when_the_owner_turned_it_on(texting, clock):
    m = services.members.sign_up(texting, "09121234567", "علی", sms_consent=True)
    first = services.checkout.register_purchase(texting, m.card, 10_000_000)
    assert not first.sms_queued and bodies(texting, "purchase") == []
    sms.configure(texting, after_purchase=True)
    second = services.checkout.register_purchase(texting, m.card, 20_000_000)
    assert second.sms_queued and second.as_dict()["sms_queued"] is True
    assert bodies(texting, "purchase") == ["علی عزیز، ۲٬۰۰۰ امتیاز گرفتید. مانده: ۳٬۰۰۰\nفروشگاه من"]


def test_a_refused_purchase_queues_nothing(texting):
    sms.configure(texting, after_purchase=True)
    m = services.members.sign_up(texting, "09121234567", "علی", sms_consent=True)
    with pytest.raises(services.checkout.rules.CheckoutRefused):
        services.checkout.register_purchase(texting, m.card, 10_000_000, redeem=10**6)
    assert bodies(texting, "purchase") == []  # rolled back with the purchase


def test_a_welcome_at_sign_up(texting):
    services.members.sign_up(texting, "09121234567", "علی", sms_consent=True)
    services.members.sign_up(texting, "09351112233", "مریم")  # no consent
    assert bodies(texting, "welcome") == ["علی عزیز، به باشگاه مشتریان فروشگاه من خوش آمدید."]
    sms.configure(texting, welcome=False)
    services.members.sign_up(texting, "09190000001", "کاوه", sms_consent=True)
    assert len(bodies(texting, "welcome")) == 1


def test_a_birthday_wish_with_its_bonus_once_a_year(texting, clock):
    # the clock's day is 1404/03/11 in Tehran; the bronze tier's bonus is 100 points
    services.members.sign_up(texting, "09121234567", "علی", birthday="1370/03/11", sms_consent=True)
    services.members.sign_up(texting, "09351112233", "مریم", birthday="1370/03/11")  # no consent: the bonus alone
    services.points.grant_birthday_bonuses(texting)
    services.points.grant_birthday_bonuses(texting)
    assert bodies(texting, "birthday") == ["علی عزیز، تولدتان مبارک! ۱۰۰ امتیاز هدیه گرفتید.\nفروشگاه من"]
    [item] = [i for i in sms.outbox(texting) if i.template == "birthday"]
    assert item.kind == "promotional"
    assert sms_store.message(texting.db, item.id).dedupe_key == "birthday:1404:1"


def test_points_about_to_expire_are_warned_once_by_the_daily_run(texting, clock):
    m = services.members.sign_up(texting, "09121234567", "علی", sms_consent=True)
    bought = clock()
    services.checkout.register_purchase(texting, m.card, 10_000_000)
    daily.run_all(texting, at_start=True, with_backup=False)
    assert bodies(texting, "expiring") == []  # six months away: not yet
    clock.now = add_months(bought, 6) - timedelta(days=3)
    daily.run_all(texting, at_start=False, with_backup=False)
    daily.run_all(texting, at_start=False, with_backup=False)
    expiry = format_jalali(jalali_of(add_months(bought, 6)).date(), persian=True)
    assert bodies(texting, "expiring") == [f"علی عزیز، ۱٬۰۰۰ امتیاز شما {expiry} منقضی می‌شود.\nفروشگاه من"]


def test_a_detractor_gets_an_apology_when_the_follow_up_opens(texting):
    m = services.members.sign_up(texting, "09121234567", "علی", sms_consent=True)
    surveys.add_survey(texting, m.card, 9)  # a promoter: no follow-up, no apology
    assert bodies(texting, "apology") == []
    result = surveys.add_survey(texting, m.card, 3)
    assert result.followup_id is not None
    assert bodies(texting, "apology") == [
        "علی عزیز، پوزش می‌خواهیم؛ به‌زودی با شما تماس می‌گیریم.\nفروشگاه من"]


def test_templates_are_the_owners_and_unknown_fields_are_refused(texting):
    with pytest.raises(services.members.ValidationError) as e:
        sms.configure(texting, templates={"welcome": "سلام {firstname}"})
    assert [p.field for p in e.value.problems] == ["sms_template_welcome"]
    sms.configure(texting, templates={"welcome": "{name} جان، خوش آمدی ({tier})"})
    services.members.sign_up(texting, "09121234567", "علی", sms_consent=True)
    assert bodies(texting, "welcome") == ["علی جان، خوش آمدی (برنزی)"]
    sms.configure(texting, templates={"welcome": ""})  # back to the default
    assert sms.get_settings(texting).template(sms.Occasion.WELCOME).startswith("{name} عزیز")


def test_expiry_warnings_go_in_slices_each_member_once(texting, clock):
    bought = clock()
    cards = [services.members.sign_up(texting, f"0912000000{n}", f"م{n}", sms_consent=True).card for n in range(3)]
    for card in cards:
        services.checkout.register_purchase(texting, card, 10_000_000)
    clock.now = add_months(bought, 6) - timedelta(days=2)
    run = sms.ExpiringRun(texting.now_iso())
    slices = 0
    while not run.done:
        sms.expiring_slice(texting, run, limit=1)
        slices += 1
    assert (run.queued, slices) == (3, 4)  # one member a slice, then one that finds none left
    assert sms.warn_expiring(texting) == 0  # each once
    assert len(bodies(texting, "expiring")) == 3
