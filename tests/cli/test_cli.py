"""The command line: the same scenarios as the services, JSON contracts, errors without tracebacks."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from loyaltydesk.cli import main
from tests.conftest import CLI_OWNER, cli_env

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (the cli fixture's club_engine)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(request, tmp_path, capsys, monkeypatch, as_owner, club_engine):
    """Run ``loyaltydesk --db FILE --user owner ARGS...`` in-process; returns (exit code, stdout, stderr).
    In a module marked ``engines`` also ``--db URL``: a database of its own on the run's PostgreSQL."""
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    db = request.getfixturevalue("pg_url") if club_engine == "postgresql" else tmp_path / "club.sqlite3"

    def run(*args, json_out=False):
        code = main(["--db", str(db), *as_owner] + (["--json"] if json_out else []) + [str(a) for a in args])
        out, err = capsys.readouterr()
        return code, (json.loads(out) if json_out and out.strip() else out), err

    run.db = db
    return run


@pytest.fixture
def shop(cli):
    for args in (
        ["init", "--owner", CLI_OWNER],
        ["club", "set", "--rials-per-point", "10000", "--point-value", "100", "--redeem-cap", "50",
         "--expiry-months", "6", "--window", "rolling12", "--referral-bonus", "300"],
        ["tier", "add", "برنزی", "--threshold", "0", "--discount", "0", "--multiplier", "100", "--birthday-bonus", "100"],
        ["tier", "add", "نقره‌ای", "--threshold", "50,000,000", "--discount", "3", "--multiplier", "125"],
        ["tier", "add", "طلایی", "--threshold", "۱۵۰٬۰۰۰٬۰۰۰", "--discount", "5", "--multiplier", "150"],
    ):
        code, out, err = cli(*args)
        assert code == 0, err
    return cli


T0, T1, T6 = "2025-06-01T08:00:00Z", "2025-07-01T08:00:00Z", "2025-12-03T08:00:00Z"

# (arguments, exit code, expected subset of the JSON output)
SCENARIO = [
    (["--now", T0, "member", "add", "--mobile", "+98 912 123 4567", "--first-name", "علي", "--last-name", "رضايي"], 0,
     dict(mobile="09121234567", first_name="علی", last_name="رضایی", tier="برنزی", points=0, qualifying_spend=0, status="active")),
    (["member", "add", "--mobile", "09121234567"], 1, None),  # duplicate
    (["--now", T0, "purchase", "۰۹۱۲۱۲۳۴۵۶۷", "--amount", "40,000,000"], 0,
     dict(purchase_id=1, gross=40_000_000, tier_discount=0, net=40_000_000, points_earned=4_000, balance=4_000, tier_before="برنزی", tier_after="برنزی")),
    (["--now", T0, "purchase", "9121234567", "--amount", "20000000"], 0,
     dict(purchase_id=2, points_earned=2_000, tier_before="برنزی", tier_after="نقره‌ای", balance=6_000)),
    (["--now", T1, "purchase", "09121234567", "--amount", "10000000", "--redeem", "500"], 0,
     dict(tier_discount=300_000, coupon_discount=0, points_redeemed=500, redeem_value=50_000, net=9_650_000, points_earned=1_206, balance=6_706)),
    (["--now", T0, "purchase", "09121234567", "--amount", "1000000", "--redeem", "99999"], 1, None),
    # 50M of spend is left after refunding purchase 2: the member stays in نقره‌ای
    (["--now", T1, "refund", "2"], 0, dict(amount=20_000_000, net_refunded=20_000_000, points_reversed=2_000, tier_before="نقره‌ای", tier_after="نقره‌ای", balance=4_706)),
    (["--now", T1, "points", "adjust", "09121234567", "--points", "-6", "--reason", "اصلاح"], 0, dict(balance=4_700)),
    # purchase 1's lot expires six Jalali months later (1404/09/11): 4000 earned − 500 redeemed − 6 adjusted
    (["--now", T6, "expire"], 0, dict(entries=1, points=3_494)),
    (["--now", T6, "expire"], 0, dict(entries=0, points=0)),
    (["--now", T6, "member", "show", "09121234567"], 0, dict(points=1_206, tier="نقره‌ای", qualifying_spend=50_000_000)),
    (["check"], 0, dict(ok=True, problems=[])),
]


def test_cli_scenario(shop):
    for number, (args, code, expected) in enumerate(SCENARIO, start=1):
        got_code, out, err = shop(*args, json_out=True)
        assert got_code == code, f"step {number} {args}: {err}"
        if code:
            assert err.startswith("loyaltydesk: error: ") and "Traceback" not in err, err
        if expected:
            assert {k: out[k] for k in expected} == expected, f"step {number} {args}"


def test_member_json_contracts(shop):
    code, added, _ = shop("member", "add", "--mobile", "09121234567", "--first-name", "مریم", "--last-name", "کریمی",
                          "--birthday", "1370/05/14", "--national-code", "0499370899", json_out=True)
    assert code == 0
    keys = {"card", "mobile", "first_name", "last_name", "tier", "points", "qualifying_spend", "status"}
    assert keys <= set(added)
    _, shown, _ = shop("member", "show", added["card"], json_out=True)
    assert {k: shown[k] for k in added} == added  # show adds the member's story (issue 19)
    assert {k: shown[k] for k in ("lifetime_spend", "visits", "last_visit", "segment", "expiring_points",
                                  "expiring_at", "offers")} == {
        "lifetime_spend": 0, "visits": 0, "last_visit": None, "segment": None, "expiring_points": 0,
        "expiring_at": None, "offers": []}
    _, found, _ = shop("member", "find", "کریم", json_out=True)
    assert found == [added]
    _, bought, _ = shop("purchase", added["card"], "--amount", "1000000", json_out=True)
    assert {"purchase_id", "gross", "tier_discount", "coupon_discount", "points_redeemed", "redeem_value", "net",
            "points_earned", "tier_before", "tier_after", "balance"} <= set(bought)


# The JSON of commands that print typed rows: the keys, in order, are the rows' own (the store's
# columns as they were printed when these were dicts, new ones last), so scripts reading them keep working.
ROW_KEYS = {
    "purchases": ["id", "member_id", "at", "recorded_at", "actor", "tier_id", "gross", "tier_discount", "coupon_code",
                  "coupon_discount", "points_redeemed", "redeem_value", "net", "points_earned", "refunded",
                  "campaign_points"],
    "ledger": ["id", "member_id", "at", "kind", "points", "expires_at", "lot_id", "purchase_id", "refund_id",
               "reverses_id", "bonus_key", "reason", "actor"],
    "tiers": ["id", "at", "reason", "spend", "purchase_id", "from_tier", "to_tier"],
    "coupon": ["code", "percent_bp", "amount", "max_uses", "once_per_member", "valid_from", "valid_to", "active",
               "created_at"],
}


def test_typed_rows_print_as_the_json_they_always_were(shop):
    shop("--now", T0, "member", "add", "--mobile", "09121234567")
    shop("--now", T0, "coupon", "add", "NOWRUZ", "--percent", "10")
    shop("--now", T0, "purchase", "09121234567", "--amount", "60,000,000", "--coupon", "nowruz")
    code, history, _ = shop("history", "09121234567", json_out=True)
    assert code == 0 and list(history) == ["member", "purchases", "ledger", "tiers"]
    for part in ("purchases", "ledger", "tiers"):
        assert [list(row) for row in history[part]] == [ROW_KEYS[part]] * len(history[part]), part
    assert history["purchases"][0]["coupon_code"] == "NOWRUZ" and history["ledger"][0]["kind"] == "earn"
    assert [t["to_tier"] for t in history["tiers"]] == ["برنزی", "نقره‌ای"]
    _, [coupon], _ = shop("coupon", "list", json_out=True)
    assert list(coupon) == ROW_KEYS["coupon"] and (coupon["active"], coupon["once_per_member"]) == (1, 1)
    _, added, _ = shop("coupon", "add", "YALDA", "--amount", "100000", "--reusable", json_out=True)
    assert list(added) == [k for k in ROW_KEYS["coupon"] if k != "active"] and added["once_per_member"] == 0
    _, overview, _ = shop("overview", json_out=True)
    assert overview == {"members": 1, "purchases": 1, "points": overview["points"], "tiers": 3} and overview["points"] > 0


@pytest.mark.sqlite_only  # the services' messages, the same on both engines: SQLite only (cheap)
@pytest.mark.parametrize("args, message", [
    (["member", "show", "09350000000"], "No member has the card or mobile"),
    (["member", "show", "hello"], "neither a card number nor a mobile"),
    (["member", "add", "--mobile", "12345"], "not an Iranian mobile number"),
    (["member", "add", "--mobile", "09121234567", "--birthday", "1404/12/30"], "does not exist"),
    (["refund", "77"], "There is no purchase 77"),
    (["tier", "add", "برنزی", "--threshold", "0", "--discount", "0", "--multiplier", "100"], "already a tier named"),
    (["tier", "edit", "مسی", "--discount", "1"], "There is no tier named"),
    (["club", "set", "--rials-per-point", "0"], "at least 1"),
    (["points", "adjust", "09121234567", "--points", "5", "--reason", " "], None),
])
def test_errors_are_clear_and_never_a_traceback(shop, args, message):
    code, out, err = shop(*args)
    assert code == 1 and out == ""
    assert "Traceback" not in err and err.startswith("loyaltydesk: error: ")
    if message:
        assert message in err


@pytest.mark.sqlite_only  # argparse refuses before any club is opened
@pytest.mark.parametrize("args", [["purchase", "09121234567", "--amount", "-5"], ["purchase", "x", "--amount", "12abc"],
                                  ["tier", "add", "x", "--threshold", "0", "--discount", "101", "--multiplier", "100"],
                                  ["nonsense"]])
def test_bad_arguments_are_usage_errors(shop, capsys, args):
    with pytest.raises(SystemExit) as caught:
        shop(*args)
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.sqlite_only  # breaks the club file behind the program's back (raw SQLite)
def test_check_exits_1_and_lists_problems(shop):
    shop("member", "add", "--mobile", "09121234567")
    shop("purchase", "09121234567", "--amount", "10000000")
    from tests.raw import raw_connect

    conn = raw_connect(shop.db)
    conn.execute("UPDATE members SET points = 5")
    conn.commit()
    conn.close()
    code, out, _ = shop("check", json_out=True)
    assert code == 1 and out["ok"] is False
    assert any("cached balance 5 but the ledger sums to 1000" in p["message"] for p in out["problems"])


def test_review_tiers_from_the_command_line(shop):
    shop("--now", T0, "member", "add", "--mobile", "09121234567")
    shop("--now", T0, "purchase", "09121234567", "--amount", "160000000")
    code, out, _ = shop("review-tiers", "--at", "2026-07-15T08:00:00Z", json_out=True)
    assert code == 0 and out["moves"][0][1:] == ["طلایی", "نقره‌ای"]
    code, text, _ = shop("history", "09121234567")
    assert "purchase  برنزی -> طلایی" in text and "review    طلایی -> نقره‌ای" in text


@pytest.mark.sqlite_only  # 12 s on PostgreSQL; the demo's data is the engine's in tests/services
def test_demo_club_is_believable_and_consistent(cli):
    code, out, err = cli("init", "--demo", "--members", "120", json_out=True)
    assert code == 0, err
    assert out["members"] == 120 and out["purchases"] > 300 and out["refunds"] > 0 and out["redemptions"] > 0
    _, tiers, _ = cli("tier", "list", json_out=True)
    assert [t["name"] for t in tiers] == ["برنزی", "نقره‌ای", "طلایی", "الماسی"]
    checked = cli("check", json_out=True)[1]
    assert (checked["ok"], checked["problems"]) == (True, [])
    code, _, err = cli("init", "--demo")
    assert code == 1 and "not empty" in err


def test_readme_walkthrough_gives_the_figures_it_shows(tmp_path, capsys, monkeypatch):
    """Every `uv run loyaltydesk ...` line of the README's walkthrough runs (its `export` sets the
    password they sign in with), and the table's figures hold."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LOYALTYDESK_PASSWORD", raising=False)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Run a club from the command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [shlex.split(c.split("#")[0]) for c in block.replace("\\\n", " ").splitlines() if c.strip()]
    results = []
    for argv in commands:
        if argv[0] == "export":
            monkeypatch.setenv(*argv[1].split("=", 1))
            continue
        assert argv[:2] == ["uv", "run"] and argv[2] == "loyaltydesk"
        code = main(["--json"] + argv[3:])
        out = capsys.readouterr().out
        assert code == 0, argv
        results.append((argv, json.loads(out)))
    second = [r for a, r in results if a[-2:] == ["--redeem", "500"]][0]
    rows = dict(re.findall(r"^\| ([a-z ]+?)(?: \(\d+\))? \| ([−\d,]+) \|", text, re.M))
    as_int = lambda s: int(s.replace(",", "").replace("−", "-"))
    assert second["gross"] == as_int(rows["gross"])
    assert -second["tier_discount"] == as_int(rows["tier discount"])
    assert -second["redeem_value"] == as_int(rows["points redeemed"])
    assert second["net"] == as_int(rows["net payable"])
    assert second["points_earned"] == as_int(rows["points earned"])


def test_python_dash_m_and_version(tmp_path, capsys, monkeypatch):
    with pytest.raises(SystemExit) as version:
        main(["--version"])
    assert version.value.code == 0 and capsys.readouterr().out.startswith("loyaltydesk ")
    for name, value in cli_env(LOYALTYDESK_HOME=str(tmp_path)).items():
        monkeypatch.setenv(name, value)
    assert main(["--db", str(tmp_path / "c.sqlite3"), "init", "--owner", CLI_OWNER]) == 0  # only init makes a club
    # one process of its own (a second of start-up each): python -m runs the program, signs in,
    # and refuses a bad argument in words, without a traceback
    env = cli_env(LOYALTYDESK_HOME=str(tmp_path), PATH="/usr/bin:/bin")
    done = subprocess.run([sys.executable, "-m", "loyaltydesk", "--db", str(tmp_path / "c.sqlite3"), "--user", CLI_OWNER,
                           "member", "show", "0912"], capture_output=True, text=True, env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "neither a card number nor a mobile" in done.stderr


def test_every_command_has_help(capsys):
    from loyaltydesk.cli import build_parser

    parser = build_parser()
    subs = parser._subparsers._group_actions[0].choices
    for name, sub in subs.items():
        assert sub.format_help().strip(), name
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "purchase" in capsys.readouterr().out
