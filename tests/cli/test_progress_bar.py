"""The command line's progress bar: on a terminal only, never in --json output or when stderr is
not a terminal (issue 21 part 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from tests.cli.test_sign_in import PROGRAM, in_terminal
from tests.conftest import CLI_OWNER, add_cli_owner, cli_env
from tests.raw import club_key

pytestmark = pytest.mark.skipif(not Path(PROGRAM).exists(), reason="the console script is not installed")

BAR = "%|"  # tqdm's "NN%|████|"


@pytest.fixture
def club_file(tmp_path, new_club_file):
    path = new_club_file(tmp_path / "club.sqlite3")
    db = services.open_club(path, key=club_key(path))
    owner = services.Session(db, services.User("owner", Role.OWNER))
    services.members.sign_up(owner, "09121234567", "علی", "رضایی")
    add_cli_owner(db)
    db.close()
    return str(path)


COMMANDS = [
    ("check",),
    ("export", "members", "--out", "OUT/m.csv"),
    ("backup", "--to", "OUT/backups"),
]


def argv(club_file, tmp_path, command, *extra) -> list[str]:
    return [PROGRAM, "--db", club_file, *extra, "--user", CLI_OWNER,
            *[c.replace("OUT", str(tmp_path)) for c in command]]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_terminal_sees_a_bar(club_file, tmp_path, command):
    env = cli_env(TERM="xterm", COLUMNS="80", LOYALTYDESK_HOME=str(tmp_path / "home"))
    code, shown = in_terminal(argv(club_file, tmp_path, command), env, [])
    assert code == 0, shown
    assert BAR in shown and command[0] in shown, shown


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_json_on_a_terminal_has_no_bar(club_file, tmp_path, command):
    env = cli_env(TERM="xterm", COLUMNS="80", LOYALTYDESK_HOME=str(tmp_path / "home"))
    code, shown = in_terminal(argv(club_file, tmp_path, command, "--json"), env, [])
    assert code == 0, shown
    assert BAR not in shown
    json.loads(shown[shown.index("{"):])  # nothing but the JSON


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_stderr_not_a_terminal_has_no_bar(club_file, tmp_path, command):
    done = subprocess.run(argv(club_file, tmp_path, command), capture_output=True,
                          env=cli_env(LOYALTYDESK_HOME=str(tmp_path / "home")), timeout=120)
    assert done.returncode == 0, done.stderr
    assert BAR not in done.stderr.decode() and BAR not in done.stdout.decode()
    assert done.stderr.decode() == ""


def test_the_bar_is_not_wanted_without_a_terminal(capsys):
    from loyaltydesk.cli.common import Out
    from loyaltydesk.cli.progress import bar, wanted

    assert not wanted(Out(False)) and not wanted(Out(True))  # pytest captures stderr: not a terminal
    with bar(Out(False), "check") as progress:
        assert progress is None
    assert sys.stderr.isatty() is False and os.environ is not None
