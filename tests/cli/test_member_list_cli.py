"""``member list`` (a targeted list: count, the first rows, the owner's audited export), ``member
show`` with the member's story, and ``report cashiers`` on the command line, over the hand-made
club of tests/services/test_targeted_lists.py (its answers worked out there)."""

from __future__ import annotations

import csv
import json

import pytest

from loyaltydesk import services
from loyaltydesk.cli import main
from tests.conftest import CLI_OWNER, CLI_PASSWORD, START, Clock, add_cli_owner, copy_shared_club, open_shared_club, \
    place_of
from tests.services.test_targeted_lists import NOW, build, mobile

AT = ["--now", NOW.strftime("%Y-%m-%dT%H:%M:%SZ")]
CASHIER, CASHIER_PASSWORD = "sara", "cashier-pass"

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL: the module's club built once per engine, copied per test


@pytest.fixture(scope="module")
def club_file(request, tmp_path_factory, shared_engine):
    folder = tmp_path_factory.mktemp("list-cli")
    db = open_shared_club(request, shared_engine, folder / "club.sqlite3")
    add_cli_owner(db, lambda: START)
    owner = build(db, Clock(START), CLI_OWNER)
    services.users.add_user(owner, CASHIER, CASHIER_PASSWORD, CASHIER_PASSWORD, "cashier")
    place = place_of(db)
    db.close()
    return place


@pytest.fixture
def cli(request, club_file, tmp_path, capsys, monkeypatch):
    """(exit code, stdout — parsed when --json —, stderr) of ``loyaltydesk --db COPY --user U ARGS``."""
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    db = copy_shared_club(request, club_file, tmp_path / "club.sqlite3")  # a file with its key file, or a database

    def run(*args, user=CLI_OWNER, json_out=True):
        monkeypatch.setenv("LOYALTYDESK_PASSWORD", CLI_PASSWORD if user == CLI_OWNER else CASHIER_PASSWORD)
        clock = AT if user == CLI_OWNER else []
        code = main(["--db", str(db), "--user", user, *clock, *(["--json"] if json_out else []),
                     *[str(a) for a in args]])
        out, err = capsys.readouterr()
        return code, (json.loads(out) if json_out and code == 0 else out), err

    run.db = db
    return run


LISTS = [
    (["--consent"], "AI"),
    (["--birthday-month", "مرداد"], "AI"),
    (["--birthday-month", "5", "--consent"], "AI"),
    (["--inactive-days", "30"], "ABDFGJ"),
    (["--inactive-days", "31"], "ABFJ"),
    (["--segment", "new"], "EI"),
    (["--segment", "at_risk", "--consent"], "A"),
    (["--churn-risk"], "A"),
    (["--spend-from", "2,000,000", "--spend-to", "3,000,000"], "DE"),
    (["--period", "1404/05-1404/06"], "DEI"),
    (["--period", "۱۴۰۴/۰۳", "--spend-from", "1"], "A"),
    (["--status", "blocked", "--inactive-days", "30"], "B"),
    (["--tier", "برنزی", "--segment", "new"], "EI"),
]


@pytest.mark.parametrize("args, letters", LISTS, ids=[" ".join(a) for a, _ in LISTS])
def test_member_list_counts_and_lists(cli, args, letters):
    code, out, err = cli("member", "list", *args)
    assert code == 0, err
    assert out["count"] == len(letters)
    assert sorted(m["mobile"] for m in out["members"]) == sorted(mobile(x) for x in letters)


def test_member_list_text_says_the_count_and_what_is_left(cli):
    code, out, _ = cli("member", "list", "--inactive-days", "30", "--limit", "2", json_out=False)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "6 member(s)" and len(lines) == 4 and lines[-1].startswith("… 4 more")


BAD = [
    (["--tier", "طلای ناب"], "The club has no tier named 'طلای ناب'."),
    (["--period", "1404/13"], "is not a Jalali period"),
    (["--spend-from", "5", "--spend-to", "4"], "The least spend 5 is above the most 4."),
]


@pytest.mark.parametrize("args, message", BAD, ids=[a[0] for a, _ in BAD])
def test_bad_lists_are_refused_with_a_message(cli, args, message):
    code, _, err = cli("member", "list", *args)
    assert code == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize("args, message", [(["--segment", "vip"], "invalid choice: 'vip'"),
                                           (["--birthday-month", "13"], "is not a Jalali month"),
                                           (["--inactive-days", "-2"], "--inactive-days")])
def test_bad_options_are_refused_by_the_parser(cli, capsys, args, message):
    with pytest.raises(SystemExit) as e:
        cli("member", "list", *args)
    assert e.value.code == 2 and message in capsys.readouterr().err


def test_the_owner_exports_a_list_with_mobiles_audited(cli, tmp_path):
    target = tmp_path / "call.csv"
    code, out, err = cli("member", "list", "--inactive-days", "30", "--spend-to", "0", "--out", target)
    assert code == 0, err
    assert out["rows"] == 4 and out["filters"] == {"inactive_days": 30, "spend_max": 0}
    with open(target, encoding="utf-8-sig") as f:
        assert sorted(r["Mobile"] for r in csv.DictReader(f)) == sorted(mobile(x) for x in "BFGJ")
    code, audit, _ = cli("audit", "--limit", "10")
    exports = [a for a in audit if a["entity"] == "member_list"]
    assert code == 0 and len(exports) == 1 and exports[0]["action"] == "export"
    assert exports[0]["after"]["rows"] == 4


def test_a_cashier_counts_but_does_not_export(cli, tmp_path):
    code, out, err = cli("member", "list", "--consent", user=CASHIER)
    assert code == 0 and out["count"] == 2
    code, _, err = cli("member", "list", "--consent", "--out", tmp_path / "x.csv", user=CASHIER)
    assert code == 1 and "cashier may not export data" in err
    assert not (tmp_path / "x.csv").exists()
    code, _, err = cli("member", "list", "--segment", "new", user=CASHIER)
    assert code == 1 and "cashier may not read reports" in err


def test_member_show_tells_the_story(cli):
    code, out, err = cli("member", "show", mobile("A"))
    assert code == 0, err
    assert {k: out[k] for k in ("lifetime_spend", "visits", "last_visit_jalali", "segment", "expiring_points",
                                "expiring_jalali", "offers", "open_followups")} == {
        "lifetime_spend": 30_000_000, "visits": 3, "last_visit_jalali": "1404/03/31", "segment": "at_risk",
        "expiring_points": 1_000, "expiring_jalali": "1404/09/11", "offers": [], "open_followups": 1}
    assert out["last_visit"].startswith("2025-06-21T") and out["expiring_at"].startswith("2025-12-02T")
    code, text, _ = cli("member", "show", mobile("A"), json_out=False)
    assert "in 3 visit(s)" in text and "segment   at risk" in text and "1,000 points on 1404/09/11" in text


def test_member_show_of_a_member_who_never_bought(cli):
    code, out, _ = cli("member", "show", mobile("B"))
    assert code == 0
    assert (out["lifetime_spend"], out["visits"], out["last_visit"], out["segment"], out["expiring_at"]) == (
        0, 0, None, None, None)


def test_report_cashiers(cli):
    code, out, err = cli("report", "cashiers", "--from", "1404/01/01", "--to", "1404/12/29")
    assert code == 0, err
    assert out["purchases"] == 7 and out["sign_ups"] == 10 and out["refunds"] == 1
    assert [r["cashier"] for r in out["tables"][0]["rows"]] == [CLI_OWNER]
