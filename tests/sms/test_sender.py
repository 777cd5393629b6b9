"""The outbox and the sender against a real local HTTP server speaking Kavenegar's API: success, an
invalid number, no credit, a server error, a timeout, a hung server, delivery reports, consent and
quiet hours, crash recovery by local id."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import psycopg
import pytest

from loyaltydesk import services
from loyaltydesk.domain.sms import Occasion, Values
from loyaltydesk.services import sms
from loyaltydesk.store.engine import sqlite3
from loyaltydesk.services.sms_provider import Kavenegar, ProviderError
from loyaltydesk.store import sms as sms_store

from .kavenegar_server import API_KEY, FakeKavenegar, start_fake

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

UTC = timezone.utc


@pytest.fixture
def fake():
    server = start_fake()
    yield server
    server.server.clear()
    server.server.stop()


@pytest.fixture
def texting(club, fake):
    """The test club with Kavenegar set to the local server, receipts after purchases on."""
    sms.configure(club, provider="kavenegar", api_key=API_KEY, sender="10004346", base_url=fake.base_url,
                  after_purchase=True)
    return club


def provider(fake: FakeKavenegar, timeout=(1.0, 1.0)) -> Kavenegar:
    return Kavenegar(API_KEY, fake.base_url, timeout)


def states(session) -> list[tuple[str, str]]:
    return [(m.template, m.state) for m in reversed(sms.outbox(session))]


def sign(session, mobile, consent=True, **kw):
    return services.members.sign_up(session, mobile, "مریم", "حسینی", sms_consent=consent, **kw)


def test_a_purchase_is_texted_once_with_its_points_and_balance(texting, fake, clock):
    m = sign(texting, "09121234567")
    first = services.checkout.register_purchase(texting, m.card, 10_000_000, checkout_key="k1")
    again = services.checkout.register_purchase(texting, m.card, 10_000_000, checkout_key="k1")  # a double Enter
    assert first.sms_queued and again == first
    got = sms.send_due(texting, provider(fake))
    assert (got.sent, got.failed) == (2, 0)  # the welcome and the receipt
    bodies = [t.message for t in fake.sent]
    assert bodies[1] == "مریم عزیز، ۱٬۰۰۰ امتیاز گرفتید. مانده: ۱٬۰۰۰\nفروشگاه من"
    assert [t.receptor for t in fake.sent] == ["09121234567"] * 2 and {t.sender for t in fake.sent} == {"10004346"}
    assert sms.send_due(texting, provider(fake)).sent == 0  # nothing twice
    clock.advance(minutes=11)
    assert sms.send_due(texting, provider(fake)).delivered == 2
    assert states(texting) == [("welcome", "delivered"), ("purchase", "delivered")]
    events = [e.event for e in sms_store.events(texting.db, 2)]
    assert events == ["queued", "sending", "sent", "delivered"]


def test_nothing_is_queued_without_a_provider_or_consent(club, fake):
    m = sign(club, "09121234567")
    services.checkout.register_purchase(club, m.card, 10_000_000)
    assert sms_store.counts(club.db) == {}  # no provider set: nothing queued
    sms.configure(club, provider="kavenegar", api_key=API_KEY, base_url=fake.base_url, after_purchase=True)
    other = sign(club, "09351112233", consent=False)
    services.checkout.register_purchase(club, other.card, 10_000_000)
    assert sms_store.counts(club.db) == {}  # no consent, and receipts only to those who agreed
    sms.configure(club, transactional_to_all=True)
    services.checkout.register_purchase(club, other.card, 10_000_000)
    assert [i.template for i in sms.outbox(club)] == ["purchase"]


def test_an_invalid_number_fails_alone_and_the_rest_of_its_batch_goes(texting, fake):
    for mobile in ("09121234567", "09351112233", "09190000001"):
        sign(texting, mobile)
    fake.invalid.add("09351112233")
    got = sms.send_due(texting, provider(fake))  # three welcomes, each its own text (each names the member)
    assert (got.sent, got.failed) == (2, 1)
    failed = sms.outbox(texting, "failed")
    assert [i.mobile for i in failed] == ["09351112233"] and "411" in failed[0].error
    assert sorted(t.receptor for t in fake.sent) == ["09121234567", "09190000001"]


def test_one_bad_number_in_a_shared_text_is_sent_one_by_one(texting, fake, clock):
    ids = []
    with texting.db.transaction() as db:
        for n, mobile in enumerate(("09121234567", "09351112233", "09190000001")):
            ids.append(sms.queue(db, clock(), Occasion.TEST, f"same:{n}", mobile=mobile, values=Values(shop="x")))
    fake.invalid.add("09351112233")
    got = sms.send_due(texting, provider(fake))
    assert (got.sent, got.failed) == (2, 1)
    sends = [c for c in fake.calls if c[0] == "send"]
    assert sends[0][1]["receptor"] == "09121234567,09351112233,09190000001"  # one call for one text, refused
    assert len(sends) == 4 and not fake.twice()


def test_no_credit_pauses_sending_and_tells_the_owner_until_a_retry(texting, fake, clock):
    fake.credit = 0
    sign(texting, "09121234567")
    got = sms.send_due(texting, provider(fake))
    assert got.paused == "no_credit" and got.sent == 0 and "418" in got.error
    settings = sms.get_settings(texting)
    assert settings.paused == "no_credit" and "out of credit" in sms.pause_message(settings)
    assert states(texting) == [("welcome", "queued")]
    fake.credit = 10_000_000
    calls = len(fake.calls)
    assert sms.send_due(texting, provider(fake)).sent == 0 and len(fake.calls) == calls  # paused: not even asked
    sms.retry(texting, 1)  # the owner charged the account
    assert sms.get_settings(texting).paused == ""
    assert sms.send_due(texting, provider(fake)).sent == 1


def test_a_server_error_backs_off_and_looks_up_before_sending_again(texting, fake, clock):
    sign(texting, "09121234567")
    fake.fail_sends = 1
    got = sms.send_due(texting, provider(fake))
    assert got.retry == 1 and got.sent == 0
    [item] = sms.outbox(texting)
    assert item.state == "sending" and item.attempts == 1  # whether it went is unknown: look it up first
    assert sms.send_due(texting, provider(fake)).sent == 0  # not due before its back-off (1 min)
    clock.advance(minutes=1)
    got = sms.send_due(texting, provider(fake))
    assert got.sent == 1 and got.found == 0
    assert [c[0] for c in fake.calls] == ["send", "statuslocalmessageid", "send"]


def test_a_broken_answer_html_page_is_a_retry(texting, fake):
    sign(texting, "09121234567")
    fake.broken = True
    got = sms.send_due(texting, provider(fake))
    assert got.retry == 1 and got.sent == 0 and got.error.startswith("The SMS provider could not be reached")
    assert "JSONDecodeError" in got.error and API_KEY not in got.error


def test_a_hung_server_times_out_and_nothing_is_sent_twice(texting, fake, clock):
    sign(texting, "09121234567")
    fake.hang = 1.5  # longer than the read timeout: the server takes the message, the answer comes too late
    started = time.monotonic()
    got = sms.send_due(texting, provider(fake, timeout=(1.0, 0.5)))
    assert time.monotonic() - started < 1.4 and got.retry == 1 and "Timeout" in got.error
    assert API_KEY not in got.error
    time.sleep(1.2)  # the server finishes taking it
    fake.hang = 0
    clock.advance(minutes=1)
    got = sms.send_due(texting, provider(fake))
    assert (got.found, got.sent) == (1, 1)  # found by its local id: recorded as sent, not sent again
    assert len(fake.sent) == 1 and not fake.twice()


def test_a_server_that_is_down_for_an_hour_loses_nothing(texting, fake, clock):
    for mobile in ("09121234567", "09351112233"):
        sign(texting, mobile)
    fake.broken = True
    for _ in range(6):  # an hour of rounds every ten minutes
        sms.send_due(texting, provider(fake))
        clock.advance(minutes=10)
    assert {i.state for i in sms.outbox(texting)} == {"sending"}
    fake.broken = False
    clock.advance(hours=2)
    got = sms.send_due(texting, provider(fake))
    assert got.sent == 2 and len(fake.sent) == 2 and not fake.twice()


def test_a_message_not_sent_before_it_expires_expires(texting, fake, clock):
    sign(texting, "09121234567")
    clock.advance(days=2)
    got = sms.send_due(texting, provider(fake))
    assert got.expired == 1 and fake.sent == []
    assert states(texting) == [("welcome", "expired")]


def test_undelivered_reports_fail_the_message(texting, fake, clock):
    sign(texting, "09121234567")
    fake.deliver = False
    sms.send_due(texting, provider(fake))
    fake.sent[0].status = 11  # not delivered
    clock.advance(minutes=10)
    assert sms.send_due(texting, provider(fake)).failed == 1
    assert states(texting) == [("welcome", "failed")]


def test_delivery_is_polled_only_within_the_providers_window(texting, fake, clock):
    sign(texting, "09121234567")
    fake.deliver = False
    sms.send_due(texting, provider(fake))
    clock.advance(hours=49)
    calls = len(fake.calls)
    sms.send_due(texting, provider(fake))
    assert len(fake.calls) == calls and states(texting) == [("welcome", "sent")]


def test_promotional_messages_wait_for_the_end_of_the_quiet_hours(texting, fake, clock):
    m = sign(texting, "09121234567")
    late = datetime(2025, 6, 1, 18, 0, tzinfo=UTC)  # 21:30 Tehran
    with texting.db.transaction() as db:
        row = services.members.resolve(db, m.card)
        sms.queue(db, late, Occasion.ANNOUNCE, "announce:yalda:1", member=row,
                  values=Values(name="مریم", offer="یلدا ۲۰٪", shop="x"))
    item = sms.outbox(texting)[0]
    assert item.template == "announce" and item.next_attempt == "2025-06-02T05:30:00Z"  # 09:00 Tehran next day
    clock.now = datetime(2025, 6, 1, 21, 0, tzinfo=UTC)  # 00:30 Tehran: past midnight, still quiet
    sms.send_due(texting, provider(fake))
    assert [t.message[:4] for t in fake.sent] == ["مریم"]  # the welcome (transactional) only
    clock.now = datetime(2025, 6, 2, 5, 30, tzinfo=UTC)
    assert sms.send_due(texting, provider(fake)).sent == 1


def test_opting_out_cancels_waiting_promotional_messages(texting, fake, clock):
    m = sign(texting, "09121234567")
    with texting.db.transaction() as db:
        row = services.members.resolve(db, m.card)
        sms.queue(db, clock(), Occasion.ANNOUNCE, "announce:a:1", member=row, values=Values(offer="x"))
    services.members.edit_member(texting, m.card, sms_consent=False)
    assert states(texting) == [("welcome", "queued"), ("announce", "cancelled")]
    with texting.db.transaction() as db:
        row = services.members.resolve(db, m.card)
        assert sms.queue(db, clock(), Occasion.ANNOUNCE, "announce:b:1", member=row, values=Values(offer="x")) is None


def test_cancel_and_retry_refuse_the_wrong_states(texting, fake):
    sign(texting, "09121234567")
    sms.cancel(texting, 1)
    with pytest.raises(services.members.Conflict):
        sms.cancel(texting, 1)
    with pytest.raises(services.members.Conflict):
        sms.retry(texting, 1)
    with pytest.raises(services.members.NotFound):
        sms.retry(texting, 99)


def test_the_api_key_stays_out_of_the_audit_and_errors(texting, fake):
    rows = texting.db.all("SELECT before, after FROM audit_log WHERE action = 'configure_sms'")
    assert rows and all(API_KEY not in (r[0] or "") + (r[1] or "") for r in rows)
    assert API_KEY[-4:] in rows[0][1]
    assert API_KEY not in repr(sms.get_settings(texting)) and API_KEY not in repr(provider(fake).client)
    wrong = Kavenegar("WRONGKEY1234", fake.base_url)
    with pytest.raises(ProviderError) as e:
        wrong.balance()
    assert e.value.code == 403 and "WRONGKEY1234" not in str(e.value)


def test_balance_and_a_test_send(texting, fake):
    assert sms.balance(texting, provider(fake)) == 10_000_000
    message_id = sms.queue_test(texting, "۰۹۱۲ ۱۲۳ ۴۵۶۷")
    sms.send_due(texting, provider(fake))
    assert fake.sent[-1].receptor == "09121234567" and fake.sent[-1].message == "پیامک آزمایشی فروشگاه من"
    assert sms_store.message(texting.db, message_id).state == "sent"


def test_the_trail_is_append_only(texting, fake):
    sign(texting, "09121234567")
    replace = ("INSERT INTO sms_events (id, message_id, at, event) VALUES (1, 1, 'x', 'sent') "
               "ON CONFLICT (id) DO UPDATE SET at = excluded.at, event = excluded.event"
               if texting.db.engine == "postgresql" else  # SQLite's INSERT OR REPLACE is a delete and an insert
               "INSERT OR REPLACE INTO sms_events (id, message_id, at, event) VALUES (1, 1, 'x', 'sent')")
    for sql in ("UPDATE sms_events SET detail = 'x'", "DELETE FROM sms_events", replace):
        with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError), match="append-only"):
            texting.db.execute(sql)


def test_a_10000_member_announcement_goes_in_chunks_of_200_once_each(texting, fake, clock):
    with texting.db.transaction() as db:
        db.conn.executemany(
            "INSERT INTO members (card, mobile, mobile_rev, first_name, sms_consent, joined_at, tier_since) "
            "VALUES (?, ?, ?, '', ?, ?, ?)",
            [(f"6{n:09d}", f"0912{n:07d}", f"0912{n:07d}"[::-1], int(n % 10 != 0), clock.now.isoformat(),
              clock.now.isoformat()) for n in range(10_000)])
    sms.configure(texting, part_price=2_500)
    text = "نوروز مبارک! {offer}\n{shop}"
    dry = sms.announce(texting, "nowruz", text, offer="۲۰٪ تخفیف تا ۱۵ فروردین", dry_run=True)
    assert (dry.recipients, dry.queued, dry.parts, dry.cost) == (9_000, 0, 9_000, 9_000 * 2_500)  # one in ten said no
    assert sms_store.counts(texting.db) == {}  # a dry run queues nothing
    done = sms.announce(texting, "nowruz", text, offer="۲۰٪ تخفیف تا ۱۵ فروردین")
    again = sms.announce(texting, "nowruz", text, offer="۲۰٪ تخفیف تا ۱۵ فروردین")  # run twice: queued once
    assert (done.recipients, done.queued, again.queued) == (9_000, 9_000, 0)
    assert sms_store.counts(texting.db) == {"queued": 9_000}
    fake.credit = 10**12
    total = 0
    for _ in range(10):  # not a test of timeouts: a loaded machine (tests on every core) may take a second to answer
        total += sms.send_due(texting, provider(fake, timeout=(5.0, 10.0))).sent
    sends = [c for c in fake.calls if c[0] == "send"]
    assert total == 9_000 and len(fake.sent) == 9_000 and not fake.twice()
    assert len(sends) == 45 and {len(c[1]["receptor"].split(",")) for c in sends} == {200}
    assert {t.message for t in fake.sent} == {"نوروز مبارک! ۲۰٪ تخفیف تا ۱۵ فروردین\nفروشگاه من"}


def test_an_announcement_to_a_list_or_a_tier_only_to_who_agreed(texting, fake, clock):
    yes = [sign(texting, f"0912000000{n}").card for n in range(3)]
    no = sign(texting, "09350000000", consent=False)
    ids = [services.members.get_member(texting, card).id for card in yes[:2]] + [no.id]
    a = sms.announce(texting, "list-1", "{name}: {offer}", offer="X", member_ids=ids)
    assert (a.recipients, a.queued) == (2, 2)
    silver = services.club.get_tier(texting, "نقره‌ای").id
    assert sms.announce(texting, "silver", "{offer}", offer="Y", tier_id=silver, dry_run=True).recipients == 0
    with pytest.raises(services.members.ValidationError) as e:
        sms.announce(texting, "bad name!", "{nope}")
    assert {p.field for p in e.value.problems} == {"template", "campaign"}


def test_two_senders_at_once_send_a_message_once(texting, fake, clock, tmp_path):
    """The app's sender and a scheduled `sms run` (or two tills) in the same minute: the second
    finds the message 'sending' under the first one's lease and leaves it alone."""
    import threading

    sign(texting, "09121234567")
    fake.hang = 1.0
    other_db = services.open_club(texting.db.path, create=False)
    other = services.Session(other_db, texting.user, clock)
    first = threading.Thread(target=lambda: sms.send_due(other, provider(fake, timeout=(2.0, 3.0))))
    first.start()
    time.sleep(0.4)  # the first is waiting for the server's answer
    got = sms.send_due(texting, provider(fake, timeout=(2.0, 3.0)))
    first.join()
    other_db.close()
    assert got.sent == 0 and len(fake.sent) == 1
    assert states(texting) == [("welcome", "sent")]  # recorded by the first
    clock.advance(minutes=11)  # the next poll: delivered, and nothing went again
    fake.hang = 0
    sms.send_due(texting, provider(fake))
    assert len(fake.sent) == 1 and states(texting) == [("welcome", "delivered")]
