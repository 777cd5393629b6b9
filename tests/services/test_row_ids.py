"""A row id no row can have (0, negative, beyond SQLite's 64-bit INTEGER) is answered exactly like
an id that does not exist: the same error with the same message, nothing written, no OverflowError."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services import documents, followup, member_list, surveys
from loyaltydesk.services.member_list import MemberFilters

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

MISSING = 999_999  # in range, but no row has it
OUT_OF_RANGE = [0, -1, -(2**63), -(2**63) - 1, 2**63 - 1 + 1, 2**64, 10**30]

# name → call(session, member, id): every service entry point that takes a row id from a person
# (a number typed at the counter or on the command line) or from a file
ENTRY_POINTS = {
    "members.get_member_by_id": lambda s, m, i: services.members.get_member_by_id(s, i),
    "checkout.refund": lambda s, m, i: services.checkout.refund(s, i),
    "checkout.refund (part)": lambda s, m, i: services.checkout.refund(s, i, 1_000, reason="x"),
    "documents.receipt_data": lambda s, m, i: documents.receipt_data(s, i),
    "followup.get_item": lambda s, m, i: followup.get_item(s, i),
    "followup.contact": lambda s, m, i: followup.contact(s, i, "called"),
    "followup.resolve_item": lambda s, m, i: followup.resolve_item(s, i, "sorted out"),
    "followup.log_complaint purchase": lambda s, m, i: followup.log_complaint(
        s, "complaint", "service", "slow", purchase_id=i),
    "followup.log_complaint refund": lambda s, m, i: followup.log_complaint(
        s, "return", "defective", "broken", refund_id=i),
    "followup.log_complaint member and purchase": lambda s, m, i: followup.log_complaint(
        s, "complaint", "service", "slow", key=m.card, purchase_id=i),
    "surveys.add_survey purchase": lambda s, m, i: surveys.add_survey(s, m.card, 9, purchase_id=i),
    "surveys.get_survey": lambda s, m, i: surveys.get_survey(s, i),
}


@pytest.fixture
def shop(club, clock):
    """One member with a purchase, a partial refund and a detractor's survey (a follow-up item)."""
    m = services.members.sign_up(club, "09121234567", "مریم", "رضایی")
    clock.advance(minutes=5)
    p = services.checkout.register_purchase(club, m.card, 20_000_000)
    services.checkout.refund(club, p.purchase_id, 1_000_000)
    surveys.add_survey(club, m.card, 3, comment="دیر شد")
    club.member = m
    return club


def dump(db) -> list[str]:
    """The schema and every row of every table, in order (SQLCipher's connection has no iterdump)."""
    schema = [tuple(r) for r in db.conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")]
    tables = [name for kind, name, sql in schema if kind == "table" and not (sql or "").startswith("CREATE VIRTUAL")]
    return [repr(s) for s in schema] + [f"{t}: {tuple(row)!r}" for t in tables
                                        for row in db.conn.execute(f'SELECT * FROM "{t}"')]


def outcome(session, call, row_id):
    """(error class, template, params without the id's own value) of a refused call."""
    with pytest.raises(LoyaltyError) as caught:
        call(session, session.member, row_id)
    e = caught.value
    problems = getattr(e, "problems", None)
    if problems:
        return type(e), tuple((p.field, p.template, _masked(p.params, row_id)) for p in problems)
    return type(e), e.template, _masked(e.params, row_id)


def _masked(params: dict, row_id) -> dict:
    return {k: ("<id>" if v in (row_id, str(row_id)) else v) for k, v in params.items()}


@pytest.mark.sqlite_only  # ``dump`` reads SQLite's own schema; the refusal comes before any SQL
@pytest.mark.parametrize("row_id", OUT_OF_RANGE)
@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_an_id_out_of_range_reads_like_a_missing_one(shop, name, row_id):
    call = ENTRY_POINTS[name]
    before = dump(shop.db)
    missing = outcome(shop, call, MISSING)
    got = outcome(shop, call, row_id)
    assert got == missing
    assert dump(shop.db) == before  # refused whole: nothing written, no audit line
    assert not shop.db.in_transaction


@pytest.mark.parametrize("row_id", OUT_OF_RANGE)
def test_the_message_names_the_id_as_typed(shop, row_id):
    with pytest.raises(LoyaltyError) as e:
        services.checkout.refund(shop, row_id)
    assert e.value.message == f"There is no purchase {row_id}."
    with pytest.raises(LoyaltyError) as e:
        surveys.get_survey(shop, row_id)
    assert e.value.message == f"There is no survey {row_id}."


@pytest.mark.parametrize("row_id", [*OUT_OF_RANGE, MISSING])
def test_a_tier_filter_no_tier_has_lists_nobody(shop, row_id):
    for sort in ("name", "tier"):
        listing = member_list.prepare(shop, MemberFilters(tier_id=row_id), sort)
        assert listing.total == 0
        assert member_list.page(shop, listing, 0, 50) == []
    named = MemberFilters(tier_id=row_id, text="مریم")
    assert member_list.prepare(shop, named, "tier").total == 0


def test_ids_in_range_still_find_their_rows(shop):
    m = shop.member
    assert services.members.get_member_by_id(shop, m.id).card == m.card
    assert documents.receipt_data(shop, 1).purchase_id == 1
    [item] = followup.list_items(shop)
    assert followup.get_item(shop, item.id).survey_id == item.survey_id
    assert surveys.get_survey(shop, item.survey_id).nps == 3
    assert followup.log_complaint(shop, "return", "defective", "broken", refund_id=1).purchase_id == 1
