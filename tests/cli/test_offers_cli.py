"""The offers and rewards scenario tables of ``tests/services/test_offers.py`` through the command
line: each step a command with ``--now`` and ``--json``, a refusal an exit 1 with its message on
stderr and no traceback; ``check`` passes after every step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from loyaltydesk.domain.jalali import to_iso
from tests.conftest import START
from tests.services.test_offers import MOBILES, SCENARIOS, check_step

from .test_cli import cli, shop  # noqa: F401 - the fixtures

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (the cli fixture's club_engine)

class Refused(Exception):
    pass


class CliRunner:
    def __init__(self, run):
        self.run, self.now, self.cards = run, START, {}

    def call(self, *args):
        code, out, err = self.run("--now", to_iso(self.now), *args, json_out=True)
        if code != 0:
            assert code == 1 and "Traceback" not in err, err
            raise Refused(err)
        return out

    def offer_code(self, who: str, rule: str) -> str:
        found = self.call("offer", "list", self.cards[who], "--all")["offers"]
        return next(o["code"] for o in found if o["rule"] == rule)

    def do(self, action: str, a: dict):
        if action == "rule":
            args = ["offer", "rule", "set", a["rule"].replace("_", "-")]
            if a.get("off"):
                args.append("--off")
            if "percent" in a:
                args += ["--percent", a["percent"]]
            if "amount" in a:
                args += ["--amount", f"{a['amount']:,}"]
            for key in ("min_purchase", "days", "above", "inactive_days"):
                if key in a:
                    args += ["--" + key.replace("_", "-"), a[key]]
            return self.call(*args)
        if action == "signup":
            args = ["member", "add", "--mobile", MOBILES[a["who"]]]
            if a.get("birthday"):
                args += ["--birthday", a["birthday"]]
            out = self.call(*args)
            self.cards[a["who"]] = out["card"]
            return out
        if action == "offers":
            return [(o["rule"], o["active"]) for o in self.call("offer", "list", self.cards[a["who"]])["offers"]]
        if action == "buy":
            args = ["purchase", self.cards[a["who"]], "--amount", a["amount"]]
            if "offer" in a:
                args += ["--coupon", self.offer_code(a.get("owner", a["who"]), a["offer"]).lower()]
            if "reward" in a:
                args += ["--reward", a["reward"]]
            return self.call(*args)
        if action == "advance":
            self.now += timedelta(days=a["days"])
            return None
        if action == "issue":
            return self.call("offer", "issue")["issued"]
        if action == "refund":
            return self.call("refund", a["purchase"])
        if action == "reward_add":
            args = ["reward", "add", a["name"], "--points", a["points"]]
            if a.get("stock") is not None:
                args += ["--stock", a["stock"]]
            return self.call(*args)
        if action == "give":
            return self.call("reward", "give", self.cards[a["who"]], a["reward"])
        if action == "report":
            rows = self.call("offer", "report")["tables"][0]["rows"]
            return {r["rule"]: (r["issued"], r["used"], r["sales"], r["discount"]) for r in rows}
        if action == "purchases":
            return len(self.call("history", self.cards[a["who"]])["purchases"])
        raise AssertionError(action)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_offer_scenarios_through_the_command_line(shop, name):  # noqa: F811
    runner = CliRunner(shop)
    for action, args, expected in SCENARIOS[name]:
        if action == "reward_add" and isinstance(expected, str) and args.get("stock", 0) < 0:
            continue  # a negative stock is refused by the command line's parser (tested below)
        check_step(runner, action, args, expected, refused=Refused)
    assert shop("check")[0] == 0


def test_rules_list_and_refusals_on_the_command_line(shop):  # noqa: F811
    code, text, err = shop("offer", "rule", "set", "next-order", "--percent", "5")
    assert code == 1 and "above 0" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as usage:  # argparse: a usage error, exit 2
        shop("offer", "rule", "set", "winback", "--percent", "10", "--amount", "1000")
    assert usage.value.code == 2
    code, text, err = shop("offer", "rule", "set", "welcome", "--percent", "10", "--days", "14")
    assert code == 0, err
    code, text, err = shop("offer", "rules")
    assert "welcome     on   10% off, min 0 toman, 14 days" in text
    assert "winback     off" in text
    with pytest.raises(SystemExit) as usage:
        shop("reward", "add", "x", "--points", "10", "--stock", "-1")
    assert usage.value.code == 2
    code, out, err = shop("reward", "add", "لیوان", "--points", "300", "--stock", "5", json_out=True)
    assert code == 0 and out == {"id": 1, "name": "لیوان", "points": 300, "stock": 5, "active": True}
    code, out, err = shop("reward", "edit", "لیوان", "--unlimited", "--off", json_out=True)
    assert (out["stock"], out["active"]) == (None, False)
    code, text, err = shop("reward", "list")
    assert "لیوان" in text and "unlimited  (off)" in text
    code, text, err = shop("offer", "list", "09120000000")
    assert code == 1 and "Traceback" not in err
