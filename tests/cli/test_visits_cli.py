"""Tiers by visits and the member bonuses from the command line: ``tier add|edit --qualify --visits
--visit-minimum``, ``club set --signup-bonus --anniversary-bonus --referred-bonus``, the listings and
``--json``, and the same scenarios as tests/services/test_visits.py through ``purchase``,
``refund``, ``review-tiers`` and ``anniversaries``."""

from __future__ import annotations

import pytest

from .test_cli import cli, shop  # noqa: F401 - the fixtures

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (the cli fixture's club_engine)

B, S, G = "برنزی", "نقره‌ای", "طلایی"
T0 = "2025-06-01T08:00:00Z"


def test_tier_add_and_edit_take_how_a_tier_qualifies_and_the_listings_show_it(shop):  # noqa: F811
    code, tier, err = shop("tier", "add", "الماسی", "--threshold", "400,000,000", "--discount", "8", "--multiplier", "200",
                           "--qualify", "either", "--visits", "24", "--visit-minimum", "2,000,000", json_out=True)
    assert code == 0, err
    assert (tier["qualify"], tier["visits"], tier["visit_minimum"]) == ("either", 24, 2_000_000)
    code, tier, err = shop("tier", "edit", S, "--qualify", "visits", "--visits", "6", "--visit-minimum", "500000",
                           json_out=True)
    assert code == 0, err
    assert (tier["threshold"], tier["qualify"], tier["visits"], tier["visit_minimum"]) == (50_000_000, "visits", 6, 500_000)
    code, tiers, _ = shop("tier", "list", json_out=True)
    assert [(t["name"], t["qualify"], t["visits"]) for t in tiers] == [
        (B, "spend", 0), (S, "visits", 6), (G, "spend", 0), ("الماسی", "either", 24)]
    code, text, _ = shop("tier", "list")
    assert "6 visits of 50,000 toman or more" in text and "spend or 24 visits of 200,000 toman or more" in text
    code, shown, _ = shop("club", "show", json_out=True)
    assert shown["tiers"][1]["qualify"] == "visits"


@pytest.mark.sqlite_only  # the rules' refusals, the same on both engines
@pytest.mark.parametrize("args, messages", [
    (["--qualify", "visits"], ["between 1 and 10000 visits"]),
    (["--qualify", "either", "--visits", "0", "--color", "gold"], ["between 1 and 10000 visits", "is not a colour"]),
])
def test_a_tier_by_visits_with_problems_is_refused_with_every_one(shop, args, messages):  # noqa: F811
    code, _, err = shop("tier", "add", "الماسی", "--threshold", "400000000", "--discount", "0", "--multiplier", "100", *args)
    assert code != 0 and "Traceback" not in err
    assert all(m in err for m in messages), err
    code, tiers, _ = shop("tier", "list", json_out=True)
    assert len(tiers) == 3


@pytest.mark.sqlite_only  # argparse refuses before any club is opened
@pytest.mark.parametrize("args", [["--qualify", "monthly"], ["--visit-minimum", "-5"], ["--visits", "many"]])
def test_the_options_refuse_what_they_cannot_take(shop, args):  # noqa: F811
    with pytest.raises(SystemExit) as e:
        shop("tier", "edit", S, *args)
    assert e.value.code == 2


def test_club_set_the_bonuses_and_show_them(shop):  # noqa: F811
    code, out, err = shop("club", "set", "--signup-bonus", "50", "--anniversary-bonus", "70", "--referred-bonus", "200",
                          json_out=True)
    assert code == 0, err
    st = out["settings"]
    assert (st["signup_bonus"], st["anniversary_bonus"], st["referred_bonus"], st["referral_bonus"]) == (50, 70, 200, 300)
    code, text, _ = shop("club", "show")
    assert "sign-up bonus   50 points" in text and "anniversary     70 points" in text
    assert "referred bonus  200 points" in text


# (arguments, expected subset of the JSON output); CARD is the member's card, PURCHASE the purchase numbered
VISITS = [
    (["tier", "edit", S, "--qualify", "visits", "--visits", "3", "--visit-minimum", "1,000,000"], dict(qualify="visits")),
    (["--now", T0, "purchase", "CARD", "--amount", "60,000,000"], dict(tier_after=B, upgraded=False)),
    (["--now", "2025-06-02T08:00:00Z", "purchase", "CARD", "--amount", "1,000,000"], dict(tier_after=B)),
    (["--now", "2025-06-03T08:00:00Z", "purchase", "CARD", "--amount", "1,500,000"],
     dict(tier_before=B, tier_after=S, upgraded=True, tier_discount=0)),
    (["--now", "2025-06-04T08:00:00Z", "refund", "PURCHASE3", "--amount", "600,000"], dict(tier_before=S, tier_after=B)),
    (["--now", "2025-06-05T08:00:00Z", "purchase", "CARD", "--amount", "1,000,000"], dict(tier_after=S, upgraded=True)),
    (["--now", "2025-06-06T08:00:00Z", "purchase", "CARD", "--amount", "1,000,000"], dict(tier_discount=30_000)),
    (["--now", "2026-07-01T08:00:00Z", "review-tiers"], dict(members=1)),
    (["member", "show", "CARD"], dict(tier=B)),
    (["check"], None),
]


def test_visits_scenario_through_the_command_line(shop):  # noqa: F811
    code, member, err = shop("--now", T0, "member", "add", "--mobile", "09121234567", json_out=True)
    assert code == 0, err
    purchases = []
    for number, (args, expected) in enumerate(VISITS, start=1):
        args = [member["card"] if a == "CARD" else purchases[int(a[8:]) - 1] if a.startswith("PURCHASE") else a
                for a in args]
        code, out, err = shop(*args, json_out=expected is not None)
        assert code == 0, f"step {number}: {err}"
        if "purchase" in args:
            purchases.append(out["purchase_id"])
        if expected:
            assert {k: out[k] for k in expected} == expected, f"step {number}"


def test_the_bonuses_through_the_command_line(shop):  # noqa: F811
    assert shop("club", "set", "--signup-bonus", "50", "--anniversary-bonus", "70", "--referred-bonus", "200")[0] == 0
    code, a, err = shop("--now", "2024-06-01T08:00:00Z", "member", "add", "--mobile", "09121111111", json_out=True)
    assert code == 0, err
    assert a["points"] == 50
    code, b, err = shop("--now", "2025-06-01T08:00:00Z", "member", "add", "--mobile", "09122222222",
                        "--referrer", a["card"], json_out=True)
    assert code == 0 and b["points"] == 50
    code, bought, err = shop("--now", "2025-06-02T08:00:00Z", "purchase", b["card"], "--amount", "1,000,000", json_out=True)
    assert code == 0, err
    assert (bought["referrer_bonus"], bought["referred_bonus"], bought["balance"]) == (300, 200, 350)
    code, text, _ = shop("--now", "2025-06-02T09:00:00Z", "purchase", b["card"], "--amount", "1,000,000")
    assert "referral reward" not in text
    # a joined 1403/03/11; its anniversary is 1404/03/11 (2025-06-01): within the week of 2025-06-03
    code, run, err = shop("anniversaries", "--at", "2025-06-03T08:00:00Z", json_out=True)
    assert code == 0, err
    assert (run["entries"], run["points"]) == (1, 70)
    code, run, _ = shop("anniversaries", "--at", "2025-06-04T08:00:00Z", json_out=True)
    assert run["entries"] == 0  # once a year
    code, shown, _ = shop("--now", "2025-06-04T08:00:00Z", "member", "show", a["card"], json_out=True)
    assert shown["points"] == 300 + 70  # the sign-up bonus of 1403 expired after its 6 months, as any lot
    assert shop("check")[0] == 0
