"""``loyaltydesk report / survey / followup`` on the hand-computed club."""

from __future__ import annotations

import json

import pytest

from loyaltydesk.cli import main
from loyaltydesk.services import analytics
from tests.conftest import add_cli_owner, place_of

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (the hand club's db fixture; --db FILE or --db URL)

NOW = "2025-06-01T08:00:00Z"  # START


@pytest.fixture
def cli(hand_club, tmp_path, capsys, monkeypatch, as_owner):
    owner, cards = hand_club
    add_cli_owner(owner.db, owner.clock)
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))

    def run(*args, json_out=False):
        code = main(["--db", str(place_of(owner.db)), *as_owner, "--now", NOW] + (["--json"] if json_out else []) + [str(a) for a in args])
        out, err = capsys.readouterr()
        return code, (json.loads(out) if json_out and out.strip() else out), err

    run.cards = cards
    return run


def test_report_nps_json_has_the_figures(cli):
    code, data, err = cli("report", "nps", "--from", "1404/01/01", "--to", "۱۴۰۴/۱۲/۲۹", json_out=True)
    assert code == 0, err
    assert {k: data[k] for k in ("nps", "promoters", "passives", "detractors", "responses")} == {
        "nps": 40.0, "promoters": 3, "passives": 1, "detractors": 1, "responses": 5}
    assert data["name"] == "nps" and data["tables"][0]["rows"][1]["month"] == "1404/02"


@pytest.mark.parametrize("args, expected", [
    (("cost", "--from", "1404/01/01", "--to", "1404/01/31"), {"cost_percent": 400, "sales": 7_000_000}),
    (("cost", "--from", "2025-03-21", "--to", "2025-04-20"), {"cost_percent": 400, "sales": 7_000_000}),  # ISO: Farvardin 1404
    (("liability",), {"outstanding_points": 7_160, "liability": 716_000}),
    (("retention", "--from", "1403/01/01", "--to", "1403/12/30", "--by", "season"), {"buyers": 5, "came_back": 3}),
    (("rfm",), {"buyers": 5}),
    (("churn",), {"members_at_risk": 1}),
    (("value", "--from", "1404/01/01"), {"buyers_ever": 5, "spend_in_the_period": 14_000_000}),
    (("csat", "--from", "1404/01/01"), {"answers": 5}),
    (("tiers", "--from", "1403/01/01", "--to", "1403/12/30"), {"moved_up": 1}),
    (("growth", "--from", "1404/02/01", "--to", "1404/03/31"), {"new_members": 2}),
])
def test_every_report_from_the_command_line(cli, args, expected):
    code, data, err = cli("report", *args, json_out=True)
    assert code == 0, err
    assert {k: data[k] for k in expected} == expected


def test_report_text(cli):
    code, out, _ = cli("report", "cost", "--from", "1404/01/01", "--to", "1404/03/31")
    assert code == 0
    assert "Cost of the club" in out and "1404/01" in out and "4%" in out and "28,000 toman" in out


def test_exports(cli, tmp_path):
    pdf, xlsx = tmp_path / "out" / "rfm.pdf", tmp_path / "out" / "rfm.xlsx"
    code, out, err = cli("report", "rfm", "--pdf", pdf, "--xlsx", xlsx)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes().startswith(b"PK")
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    assert sum(ws.max_row for ws in book.worksheets) > 5


def test_a_printed_report_carries_the_records_seal(cli, hand_club, tmp_path):
    """The paper anchors the records: the report carries the fingerprint of the seal its own
    sign-in made (``check`` lists the same seals), in a line of its own."""
    import subprocess

    from loyaltydesk.services import seals

    pdf = tmp_path / "rfm.pdf"
    assert cli("report", "rfm", "--pdf", pdf)[0] == 0
    owner, _ = hand_club
    fingerprint = seals.latest_fingerprint(owner.db)
    assert fingerprint
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert fingerprint in text


def test_bad_dates_and_names_are_refused(cli):
    with pytest.raises(SystemExit) as e:
        cli("report", "cost", "--from", "1404/13/01")
    assert e.value.code == 2
    code, _, err = cli("report", "cost", "--from", "1404/02/01", "--to", "1404/01/01")
    assert code == 1 and "ends before it starts" in err
    with pytest.raises(SystemExit):
        cli("report", "profit")


def test_survey_and_followup_round_trip(cli):
    code, data, err = cli("survey", "add", cli.cards["F"], "--nps", "۵", "--csat", "service=2", "--comment", "دیر شد",
                          json_out=True)
    assert code == 0, err
    assert (data["zone"], data["stars"]) == ("detractor", {"service": 2})
    item = data["followup_id"]
    code, items, _ = cli("followup", "list", json_out=True)
    assert [i["status"] for i in items] == ["open", "open"]  # D's detractor answer and this one
    code, out, _ = cli("followup", "contact", item, "--note", "تماس گرفتم")
    assert code == 0 and "contacted" in out
    with pytest.raises(SystemExit):  # --note is required
        cli("followup", "resolve", item)
    code, data, _ = cli("followup", "resolve", item, "--note", "عذرخواهی و کوپن", json_out=True)
    assert data["status"] == "resolved" and [s["status"] for s in data["steps"]] == ["open", "contacted", "resolved"]
    code, _, err = cli("followup", "resolve", item, "--note", "again")
    assert code == 1 and "resolved" in err
    code, data, _ = cli("followup", "log", "return", "--category", "defective", "--description", "خراب",
                        "--purchase", 12, json_out=True)
    assert (data["source"], data["purchase_id"], data["card"]) == ("return", 12, cli.cards["A"])
    with pytest.raises(SystemExit):
        cli("survey", "add", cli.cards["A"], "--nps", "9", "--csat", "service")


def test_rebuild_and_check(cli, hand_club):
    owner, _ = hand_club
    owner.db.execute("UPDATE club_periods SET gross = 0")
    code, out, _ = cli("check")
    assert code == 1 and "report rebuild" in out
    code, out, _ = cli("report", "rebuild")
    assert code == 0 and "rebuilt" in out
    code, out, _ = cli("check")
    assert code == 0, out


def test_every_report_name_is_a_command(cli):
    for name in analytics.NAMES:
        code, _, err = cli("report", name)
        assert code == 0, (name, err)
