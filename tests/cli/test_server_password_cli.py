"""The command line on a server club that asks for its password (issue 23, part 4): PGPASSWORD
(libpq's own), the OS keyring (a keyring backend of the test's own), a prompt that does not echo
at a terminal, and without any of them a clear refusal; the password never in the output."""

from __future__ import annotations

import getpass
import json
import sys

import keyring
import pytest

from loyaltydesk.cli import main
from loyaltydesk.services import server_login
from tests.conftest import CLI_OWNER, CLI_PASSWORD
from tests.services.test_server_login import MemoryKeyring

pytestmark = pytest.mark.pg


@pytest.fixture
def server_club(pg_password_url, pg_password_role, monkeypatch, capsys):
    """A new club on the server, made by ``init --owner`` with PGPASSWORD; then PGPASSWORD unset."""
    monkeypatch.setenv("PGPASSWORD", pg_password_role[1])
    monkeypatch.setenv("LOYALTYDESK_PASSWORD", CLI_PASSWORD)
    assert main(["--db", pg_password_url, "init", "--owner", CLI_OWNER]) == 0
    monkeypatch.delenv("PGPASSWORD")
    capsys.readouterr()
    return pg_password_url


def overview(url, capsys) -> tuple[int, str, str]:
    code = main(["--db", url, "--json", "--user", CLI_OWNER, "overview"])
    out, err = capsys.readouterr()
    return code, out, err


def test_pgpassword_opens_the_club(server_club, pg_password_role, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", pg_password_role[1])
    code, out, _ = overview(server_club, capsys)
    assert code == 0 and json.loads(out)["members"] == 0


def test_without_a_password_and_no_terminal_it_says_how(server_club, pg_password_role, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    code, out, err = overview(server_club, capsys)
    assert code == 1 and out == ""
    assert "PGPASSWORD" in err and pg_password_role[0] in err and "Traceback" not in err


def test_a_kept_password_opens_the_club(server_club, pg_password_role, capsys):
    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        assert server_login.keep_password(server_club, pg_password_role[1])
        code, out, _ = overview(server_club, capsys)
    finally:
        keyring.set_keyring(before)
    assert code == 0 and json.loads(out)["members"] == 0


def test_at_a_terminal_it_asks_again_after_a_wrong_one(server_club, pg_password_role, monkeypatch, capsys):
    typed = iter(["wrong", pg_password_role[1]])
    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or next(typed))
    code, out, err = overview(server_club, capsys)
    assert code == 0 and json.loads(out)["members"] == 0
    assert asked == [f"Server password for {server_login.key_of(server_club)}: "] * 2
    assert "refused the user" in err and pg_password_role[1] not in out + err
