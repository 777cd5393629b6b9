"""Numbers typed on the command line for a purchase, refund or follow-up item: 0, -1, 2**63 or
10**30 get the same exit code and message as a number that names nothing, never a usage error
about the number's size or a traceback."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.cli import main
from loyaltydesk.cli.common import EXIT_ERROR
from loyaltydesk.services import surveys
from tests.conftest import add_cli_owner, copy_shared_club, open_shared_club, place_of

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL: the module's club built once per engine, copied per test

MISSING = 999_999
OUT_OF_RANGE = ["0", "-1", str(2**63), str(-(2**63) - 1), str(10**30), "۹۲۲۳۳۷۲۰۳۶۸۵۴۷۷۵۸۰۸"]

# arguments with ID where the number goes, and the message's template for that number
COMMANDS = [
    (["refund", "ID"], "There is no purchase {id}."),
    (["refund", "ID", "--amount", "1000"], "There is no purchase {id}."),
    (["receipt", "ID", "--out", "{tmp}/r.pdf"], "There is no purchase {id}."),
    (["followup", "show", "ID"], "There is no follow-up item {id}."),
    (["followup", "contact", "ID", "--note", "called"], "There is no follow-up item {id}."),
    (["followup", "resolve", "ID", "--note", "done"], "There is no follow-up item {id}."),
    (["followup", "log", "complaint", "--category", "service", "--description", "slow", "--purchase", "ID"],
     "There is no purchase {id}."),
    (["followup", "log", "return", "--category", "defective", "--description", "broken", "--refund", "ID"],
     "There is no refund {id}."),
    (["survey", "add", "09121234567", "--nps", "9", "--purchase", "ID"], "There is no purchase {id}."),
]


@pytest.fixture(scope="module")
def club_file(request, tmp_path_factory, shared_engine):
    """A club with a member, a purchase, a refund and a detractor's follow-up item (its file, or its
    database's URL)."""
    db = open_shared_club(request, shared_engine, tmp_path_factory.mktemp("club") / "club.sqlite3")
    s = services.owner_session(db)
    services.club.add_tier(s, "برنزی", 0)
    m = services.members.sign_up(s, "09121234567", "مریم", "رضایی")
    p = services.checkout.register_purchase(s, m.card, 20_000_000)
    services.checkout.refund(s, p.purchase_id, 1_000_000)
    surveys.add_survey(s, m.card, 3)
    add_cli_owner(db)
    place = place_of(db)
    db.close()
    return place


@pytest.fixture
def cli(request, club_file, tmp_path, capsys, monkeypatch, as_owner):
    """``loyaltydesk --db COPY --user owner ARGS...`` in-process on a fresh copy of the club: (exit code, stdout, stderr)."""
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    db = copy_shared_club(request, club_file, tmp_path / "club.sqlite3")  # a file with its key file, or a database

    def run(*args):
        code = main(["--db", str(db), *as_owner, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _args(args, number, tmp_path):
    return [number if a == "ID" else a.format(tmp=tmp_path) for a in args]


@pytest.mark.parametrize("number", OUT_OF_RANGE)
@pytest.mark.parametrize("args, template", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_an_id_out_of_range_reads_like_a_missing_one(cli, tmp_path, args, template, number):
    code, out, err = cli(*_args(args, str(MISSING), tmp_path))
    assert (code, out, err) == (EXIT_ERROR, "", f"loyaltydesk: error: {template.format(id=MISSING)}\n")
    code, out, err = cli(*_args(args, number, tmp_path))
    value = int(number.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    assert (code, out, err) == (EXIT_ERROR, "", f"loyaltydesk: error: {template.format(id=value)}\n")
    assert not (tmp_path / "r.pdf").exists()


# commands that take a card number or a mobile (KEY): a number that is neither reads the same, whatever its size
KEY_COMMANDS = [
    ["history", "ID"],
    ["member", "show", "ID"],
    ["purchase", "ID", "--amount", "1000"],
    ["points", "adjust", "ID", "--points", "5", "--reason", "x"],
    ["card", "ID", "--out", "{tmp}/c.pdf"],
]


@pytest.mark.parametrize("number", OUT_OF_RANGE)
@pytest.mark.parametrize("args", KEY_COMMANDS, ids=" ".join)
def test_a_huge_number_for_a_member_key_reads_like_any_wrong_key(cli, tmp_path, args, number):
    for key in (str(MISSING), number):
        code, out, err = cli(*_args(args, key, tmp_path))
        assert (code, out, err) == (
            EXIT_ERROR, "", f"loyaltydesk: error: {key!r} is neither a card number nor a mobile number.\n")


def test_a_json_caller_gets_the_same_error(cli):
    code, out, err = cli("--json", "refund", str(2**63))
    assert (code, out, err) == (EXIT_ERROR, "", f"loyaltydesk: error: There is no purchase {2**63}.\n")


@pytest.mark.parametrize("number", ["abc", "1.5", "", "12x"])
def test_what_is_not_a_number_is_a_usage_error(cli, number):
    with pytest.raises(SystemExit) as e:
        cli("refund", number)
    assert e.value.code == 2


def test_ids_in_range_still_work(cli, tmp_path):
    code, out, err = cli("receipt", "1", "--out", str(tmp_path / "r.pdf"))
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF"), err
    code, out, err = cli("followup", "show", "۱")
    assert code == 0 and out.startswith("#1"), err
