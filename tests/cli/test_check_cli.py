"""``loyaltydesk check`` tells the owner plainly when the records were last sealed, by whom, the
seal's fingerprint (the one printed on reports) and what has been written since."""

from __future__ import annotations

import json

import pytest

from loyaltydesk.cli import main
from tests.conftest import CLI_OWNER

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL (club_engine: --db FILE or --db URL)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_names_the_last_seal_and_what_was_written_after_it(request, tmp_path, capsys, as_owner, monkeypatch,
                                                                 club_engine):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    db = ["--db", request.getfixturevalue("pg_url") if club_engine == "postgresql" else str(tmp_path / "club.sqlite3")]
    assert run(capsys, *db, "init", "--owner", CLI_OWNER)[0] == 0
    # the owner's sign-in seals the records; the member and the purchase come after that seal
    code, out, _ = run(capsys, *db, *as_owner, "--json", "member", "add", "--mobile", "09121234567",
                       "--first-name", "علی", "--last-name", "رضایی")
    assert code == 0
    card = json.loads(out)["card"]
    code, out, _ = run(capsys, *db, *as_owner, "--json", "check")
    assert code == 0
    found = json.loads(out)
    assert found["ok"] is True and found["seal"]["owner"] == CLI_OWNER
    assert found["seal"]["reason"] == "sign_in"
    fingerprint = found["seal"]["fingerprint"]
    assert len(fingerprint.replace("-", "")) >= 16

    code, out, _ = run(capsys, *db, *as_owner, "points", "adjust", card, "--points", "250", "--reason", "هدیه")
    assert code == 0, out
    # the next owner's sign-in (this check's) seals what the adjustment wrote, and says so
    code, out, _ = run(capsys, *db, *as_owner, "check")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "no problems found", out
    assert lines[1].startswith("last seal: ") and f"by {CLI_OWNER}, fingerprint " in lines[1]
    assert lines[1].split("fingerprint ")[1] != fingerprint  # a new seal over the new rows
    assert lines[2].startswith("  it sealed: ") and "ledger adjust (+250 points)" in lines[2], out
    assert lines[3] == "  written since: nothing"
