"""Campaigns from the command line: the season of tests/services/test_campaigns.py, step by step, through
``campaign add|edit|list|end|report``, ``purchase``, ``quote`` and ``refund`` (their JSON)."""

from __future__ import annotations

import pytest

from loyaltydesk.domain.jalali import to_iso
from tests.services.test_campaigns import CAMPAIGNS, SEASON, tehran

from .test_cli import cli, shop  # noqa: F401 - the fixtures

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (the cli fixture's club_engine)

OPTION = {"start": "--from", "end": "--to"}


def options(spec: dict) -> list[str]:
    out = []
    for key, value in spec.items():
        if key != "name":
            out += [OPTION.get(key, "--" + key.replace("_", "-")), str(value)]
    return out


def now(jday: str, hm: str = "09:00") -> list[str]:
    return ["--now", to_iso(tehran(jday, hm))]


@pytest.fixture
def season(shop):  # noqa: F811
    cards = {}
    for who, mobile in (("A", "09121111111"), ("B", "09122222222")):
        code, out, err = shop(*now("1404/08/01"), "member", "add", "--mobile", mobile, json_out=True)
        assert code == 0, err
        cards[who] = out["card"]
    for spec in CAMPAIGNS:
        code, out, err = shop(*now("1404/08/01"), "campaign", "add", spec["name"], *options(spec), json_out=True)
        assert code == 0, err
        assert out["state"] == "upcoming" and out["name"] == spec["name"]
    return cards


def test_a_season_of_campaigns_from_the_command_line(shop, season):  # noqa: F811
    purchases = []
    for number, (action, args, expected) in enumerate(SEASON, start=1):
        at = now(args["day"], args.get("time", "09:00"))
        if action == "buy":
            code, quote, err = shop(*at, "quote", season[args["who"]], "--amount", args["amount"], json_out=True)
            assert code == 0, err
            code, out, err = shop(*at, "purchase", season[args["who"]], "--amount", args["amount"], json_out=True)
            assert code == 0, err
            assert (quote["points_earned"], quote["campaign_points"], quote["campaigns"]) == \
                (out["points_earned"], out["campaign_points"], out["campaigns"])
            purchases.append(out["purchase_id"])
            out["campaigns"] = [(c["name"], c["points"]) for c in out["campaigns"]]
        elif action == "refund":
            code, out, err = shop(*at, "refund", purchases[args["purchase"] - 1], "--amount", args["amount"],
                                  json_out=True)
        elif action == "edit":
            code, out, err = shop(*at, "campaign", "edit", args["name"], *options(args["changes"]), json_out=True)
            assert code == 0, err
            continue
        else:
            code, listed, err = shop(*at, "campaign", "list", json_out=True)
            out = {c["name"]: (c["points"], c["uses"]) for c in listed}
        assert code == 0, err
        assert {k: out[k] for k in expected} == expected, f"step {number}: {action} {args}"
    code, report, err = shop(*now("1405/01/20"), "campaign", "report", "Nowruz", json_out=True)
    assert code == 0, err
    assert (report["state"], report["days"], report["points"], report["uses"], report["members_reached"]) == \
        ("ended", 13, 300, 3, 2)
    assert (report["purchases"], report["sales"], report["purchases_before"], report["sales_before"]) == \
        (4, 9_000_000, 0, 0)
    assert shop("check")[0] == 0


def test_the_command_line_refuses_with_every_problem_and_ends(shop, season):  # noqa: F811
    code, _, err = shop("campaign", "add", "Bad", "--from", "1405/02/10", "--to", "1405/02/01", "--multiplier", "2000",
                        "--budget", "-5", "--hours", "25-3", "--weekdays", "sat,xyz", "--segment", "vip")
    assert code == 1 and "Traceback" not in err
    for words in ("ends", "at most 1000%", "budget cannot be below zero", "range of hours", "'xyz'", "'vip'"):
        assert words in err, words
    code, _, err = shop("campaign", "add", "Bad", "--from", "1405/02/01", "--to", "1405/02/01")
    assert code == 1 and "one effect" in err
    code, listed, _ = shop("campaign", "list", json_out=True)
    assert sorted(c["name"] for c in listed) == sorted(c["name"] for c in CAMPAIGNS)  # nothing half-saved
    code, text, err = shop(*now("1404/09/15"), "campaign", "end", "Third visit")
    assert code == 0 and "ended" in text, err
    code, _, err = shop(*now("1404/09/16"), "campaign", "end", "Third visit")
    assert code == 1 and "already ended" in err
    code, text, err = shop(*now("1404/09/16"), "campaign", "list")
    assert code == 0 and "Third visit" in text and "ended" in text
    code, out, err = shop("campaign", "stacking", "best", json_out=True)
    assert code == 0 and out == {"stacking": "best"}
    code, text, err = shop(*now("1404/09/30", "20:00"), "purchase", season["A"], "--amount", "2000000")
    assert code == 0 and "campaign Yalda" in text, err
