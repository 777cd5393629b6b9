"""The till's guard rails from the command line: the owner's amounts and minutes through
``club set``, the ceiling refused by ``purchase`` and ``quote``, and ``void`` of one's own sale."""

from __future__ import annotations

import pytest

from .test_cli import cli, shop  # noqa: F401 - the fixtures

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (the cli fixture's club_engine)

T0 = "2025-06-01T08:00:00Z"


@pytest.fixture
def member(shop):  # noqa: F811
    code, out, err = shop("--now", T0, "member", "add", "--mobile", "09121234567", json_out=True)
    assert code == 0, err
    return out["card"]


def test_club_set_the_tills_amounts_and_minutes(shop):  # noqa: F811
    code, out, err = shop("club", "set", "--confirm-above", "500,000,000", "--max-purchase", "20000000000",
                          "--void-minutes", "10", json_out=True)
    assert code == 0, err
    assert (out["settings"]["confirm_above"], out["settings"]["max_purchase"], out["settings"]["void_minutes"]) == \
        (500_000_000, 20_000_000_000, 10)
    code, text, err = shop("club", "show")
    assert "void within     10 minutes" in text and "max purchase    2,000,000,000 toman" in text
    code, _, err = shop("club", "set", "--void-minutes", "61")
    assert code == 1 and "0 (never) to 60 minutes" in err


@pytest.mark.parametrize("command", ["purchase", "quote"])
def test_a_card_number_as_an_amount_is_refused(shop, member, command):  # noqa: F811
    code, _, err = shop("--now", "2025-06-01T09:00:00Z", command, member, "--amount", "6077895190650")
    assert code == 1 and "ceiling" in err and "100,000,000,000 rials" in err and "Traceback" not in err
    code, history, _ = shop("history", member, json_out=True)
    assert history["purchases"] == []


def test_void_ones_own_sale_within_the_minutes_and_only_once(shop, member):  # noqa: F811
    code, sale, err = shop("--now", "2025-06-01T09:00:00Z", "purchase", member, "--amount", "10,000,000", json_out=True)
    assert code == 0, err
    code, voided, err = shop("--now", "2025-06-01T09:04:00Z", "void", sale["purchase_id"], json_out=True)
    assert code == 0, err
    assert (voided["points_reversed"], voided["balance"], voided["net_refunded"]) == (1_000, 0, 10_000_000)
    code, _, err = shop("--now", "2025-06-01T09:04:30Z", "void", sale["purchase_id"])
    assert code == 1 and "already been voided" in err
    code, again, err = shop("--now", "2025-06-01T09:10:00Z", "purchase", member, "--amount", "1,000,000", json_out=True)
    code, _, err = shop("--now", "2025-06-01T09:15:01Z", "void", again["purchase_id"])
    assert code == 1 and "no longer be voided" in err
    code, _, err = shop("void", "999")
    assert code == 1 and "no purchase 999" in err
    assert shop("check")[0] == 0
