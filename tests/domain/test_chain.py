"""The hash chains' canonical encoding and links, pinned by tables: a stored chain is only as
good as the promise that the same row always gives the same bytes."""

from __future__ import annotations

import hashlib

import pytest

from loyaltydesk.domain.chain import (
    AUDIT_FIELDS, GENESIS, LEDGER_FIELDS, assignment_message, encode, fingerprint, link, seal_message,
)


@pytest.mark.parametrize("values, encoded", [
    ((), b""),
    ((None,), b"n"),
    ((0, -5, 12345678901234), b"i0;i-5;i12345678901234;"),
    (("",), b"s0:"),
    (("abc",), b"s3:abc"),
    (("علی",), b"s6:" + "علی".encode()),
    ((b"\x00\xff",), b"b2:\x00\xff"),
    ((1, None, "x"), b"i1;ns1:x"),
])
def test_the_encoding_of_each_kind_of_value(values, encoded):
    assert encode(values) == encoded


@pytest.mark.parametrize("one, other", [
    (("ab", "c"), ("a", "bc")),      # where one text ends is part of it
    ((1,), ("1",)),                  # an integer is not its digits as text
    ((None,), ("",)),                # NULL is not an empty text
    ((b"x",), ("x",)),               # a blob is not a text
    ((12, 3), (1, 23)),
])
def test_different_rows_never_encode_alike(one, other):
    assert encode(one) != encode(other)


@pytest.mark.parametrize("value", [True, 1.5, [1]])
def test_only_what_sqlite_stores_is_encoded(value):
    with pytest.raises(TypeError):
        encode((value,))


def test_a_link_is_sha256_of_the_prefix_the_previous_chain_and_the_content():
    row = (1, 7, "2025-06-01T08:00:00Z", "earn", 120, None, None, 3, None, None, None, "", "sara")
    assert len(row) == len(LEDGER_FIELDS)
    expected = hashlib.sha256(b"loyaltydesk chain v1\x00ledger\x00" + GENESIS + encode(row)).digest()
    assert link("ledger", None, row) == link("ledger", GENESIS, row) == expected
    # pinned: a change to the encoding would break every chain already written
    assert expected.hex()[:16] == hashlib.sha256(
        b"loyaltydesk chain v1\x00ledger\x00" + bytes(32)
        + b"i1;i7;s20:2025-06-01T08:00:00Zs4:earni120;nni3;nnns0:s4:sara").hexdigest()[:16]


@pytest.mark.parametrize("change", [
    lambda r: (r[0], r[1], r[2], r[3], r[4] + 1, *r[5:]),   # the points
    lambda r: (r[0] + 1, *r[1:]),                            # the id: a row moved
    lambda r: (*r[:-1], "owner"),                            # who wrote it
])
def test_any_change_of_content_or_previous_row_changes_the_link(change):
    row = (1, 7, "2025-06-01T08:00:00Z", "adjust", 50_000, None, None, None, None, None, None, "gift", "sara")
    assert link("ledger", None, change(row)) != link("ledger", None, row)
    assert link("ledger", b"\x01" * 32, row) != link("ledger", None, row)


def test_the_tables_are_told_apart():
    row = (1,) + (None,) * (len(AUDIT_FIELDS) - 1)
    assert link("audit_log", None, row) != link("ledger", None, row)


def test_what_the_owner_signs_and_the_fingerprint():
    assert seal_message("t", "sign_in", 1, 5, b"a" * 32, 5, 0, None, 0) != seal_message(
        "t", "sign_in", 1, 5, b"a" * 32, 4, 0, None, 0)
    assert assignment_message("sara", "cashier", 1, 2) != assignment_message("sara", "owner", 1, 2)
    assert assignment_message("sara", "cashier", 1, 2) != assignment_message("sara", "cashier", 0, 2)
    assert assignment_message("sara", "cashier", True, 2) == assignment_message("sara", "cashier", 1, 2)
    printed = fingerprint(b"signature")
    assert len(printed) == 24 and printed.count("-") == 4
    assert printed.replace("-", "") == hashlib.sha256(b"signature").hexdigest()[:20]


@pytest.mark.parametrize("table, row", [
    ("ledger", (1, 7, "2025-06-01T08:00:00Z", "earn", 120, None, None, 3, None, None, None, "", "sara")),
    ("audit_log", (9, "t", "علی", "owner", "x", "member", "3", '{"a": 1}', None, "t")),
    ("audit_log", (2, None, b"\x00", -1, "", "", "", "", "", "")),
])
@pytest.mark.parametrize("previous", [None, b"\x07" * 32])
def test_the_migration_chains_existing_rows_with_this_very_encoding(table, row, previous):
    from loyaltydesk.store.migrations import _chain_v1

    assert _chain_v1(table, previous, row) == link(table, previous, row)
