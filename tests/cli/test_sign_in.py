"""The command line signs in and acts with that user's role.

The attacks of someone at the shop PC (a refund, a million points, the members' file, a backup, a
restore, a forged date) are repeated here and refused: without credentials, as a cashier, with a
wrong password. The password comes from a file, the environment or a prompt that does not echo;
the errors log keeps no value of a command line. A few run through the real program.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
from loyaltydesk.store import keyslots
from tests.raw import club_key, copy_club, raw_connect
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.cli import build_parser, main
from loyaltydesk.cli.common import EXIT_ERROR, EXIT_INTERNAL, command_names, when
from loyaltydesk.domain.jalali import from_iso
from loyaltydesk.services import backup
from tests.conftest import CLI_OWNER, CLI_PASSWORD, START, add_cli_owner, cli_env

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = str(Path(sys.executable).parent / "loyaltydesk")
CASHIER, CASHIER_PASSWORD = "sara", "cashier-pass"
FORMER, FORMER_PASSWORD = "reza", "former-pass"  # a cashier the owner deactivated
MOBILE = "09121234567"
WHEN = "2025-07-01T09:00:00Z"  # a month after the club's start (START)

SIGN_IN_FIRST = "loyaltydesk: error: Sign in first: loyaltydesk --user NAME"
BAD_SIGN_IN = "loyaltydesk: error: Wrong user name or password.\n"
MOVED_CLOCK = "loyaltydesk: error: Only the owner may act at another time (--now, --at).\n"


@pytest.fixture(scope="module")
def club_file(tmp_path_factory):
    """A club with its owner, a cashier, a deactivated cashier, a member, a purchase and a backup."""
    folder = tmp_path_factory.mktemp("sign-in")
    db = services.open_club(folder / "club.sqlite3", key=club_key(folder / "club.sqlite3"))
    add_cli_owner(db, lambda: START)
    owner = services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD, lambda: START)
    services.users.add_user(owner, CASHIER, CASHIER_PASSWORD, CASHIER_PASSWORD, "cashier")
    services.users.add_user(owner, FORMER, FORMER_PASSWORD, FORMER_PASSWORD, "cashier")
    services.users.edit_user(owner, FORMER, active=False)
    services.club.add_tier(owner, "برنزی", 0)
    member = services.members.sign_up(owner, MOBILE, "مریم", "رضایی")
    services.checkout.register_purchase(owner, member.card, 20_000_000)
    backup.back_up_now(owner, folder / "backups")
    db.close()
    return folder / "club.sqlite3"


@pytest.fixture
def cli(club_file, tmp_path, capsys, monkeypatch):
    """``loyaltydesk --db COPY [--user NAME] ARGS...`` in-process on a fresh copy of the club, the
    password (if any) in LOYALTYDESK_PASSWORD: (exit code, stdout, stderr). ``{tmp}`` and
    ``{backup}`` in an argument become this test's folder and the club's backup."""
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    db = tmp_path / "club.sqlite3"
    copy_club(club_file, db)
    saved = next((club_file.parent / "backups").iterdir())

    def run(*args, user=None, password=None):
        if password is None:
            monkeypatch.delenv("LOYALTYDESK_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("LOYALTYDESK_PASSWORD", password)
        argv = [str(a).format(tmp=tmp_path, backup=saved) for a in args]
        code = main(["--db", str(db), *(["--user", user] if user else []), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    run.db = db
    return run


def state(path: Path) -> dict:
    """Every row a command may write, without what a sign-in itself writes (its audit rows, the
    user's sign-in columns): equal states, nothing done."""
    con = raw_connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")]
        queries = {"users": "SELECT id, username, display_name, role, active FROM users",
                   "audit_log": "SELECT * FROM audit_log WHERE action NOT IN ('sign_in', 'sign_in_failed')"}
        return {t: sorted(map(repr, con.execute(queries.get(t, f'SELECT * FROM "{t}"')))) for t in tables}
    finally:
        con.close()


def sign_in_rows(path: Path) -> list[tuple]:
    con = raw_connect(path)
    try:
        return con.execute("SELECT actor, action FROM audit_log WHERE action LIKE 'sign_in%' ORDER BY id").fetchall()
    finally:
        con.close()


# --- the attacks of the shop PC -------------------------------------------------------------------

ATTACKS = [  # as typed at the shop PC, under the OS account the cashiers use
    ["refund", "1"],
    ["points", "adjust", MOBILE, "--points", "1000000", "--reason", "gift"],
    ["export", "members", "--out", "{tmp}/members.xlsx"],
    ["backup", "--to", "{tmp}/stick"],
    ["restore", "{backup}"],
    ["--now", WHEN, "points", "adjust", MOBILE, "--points", "5", "--reason", "back-dated"],
    ["member", "show", MOBILE],  # even a look-up names who looks
]


@pytest.mark.parametrize("args", ATTACKS, ids=" ".join)
@pytest.mark.parametrize("password", [None, CLI_PASSWORD], ids=["no password", "owner's password, no --user"])
def test_without_credentials_every_command_is_refused_and_says_how_to_sign_in(cli, club_file, tmp_path, args, password):
    before = state(cli.db)
    code, out, err = cli(*args, password=password)
    assert (code, out) == (EXIT_ERROR, "") and err.startswith(SIGN_IN_FIRST), err
    assert "--password-file FILE" in err and "LOYALTYDESK_PASSWORD" in err
    assert state(cli.db) == before and sign_in_rows(cli.db) == sign_in_rows(club_file)
    assert not (tmp_path / "members.xlsx").exists() and not (tmp_path / "stick").exists()


OWNER_ONLY = [  # (arguments, what the refusal says)
    (["refund", "1"], "A cashier may not refund"),
    (["points", "adjust", MOBILE, "--points", "1000000", "--reason", "gift"], "A cashier may not adjust points"),
    (["export", "members", "--out", "{tmp}/members.xlsx"], "A cashier may not export data"),
    (["backup", "--to", "{tmp}/stick"], "A cashier may not back up"),
    (["restore", "{backup}"], "A cashier may not restore"),
    (["check"], "A cashier may not check database"),
    (["club", "set", "--point-value", "100000"], "A cashier may not change rules"),
    (["tier", "add", "طلایی", "--threshold", "1", "--discount", "50", "--multiplier", "1000"],
     "A cashier may not change rules"),
    (["coupon", "add", "FREE", "--percent", "100"], "A cashier may not change rules"),
    (["report", "liability"], "A cashier may not read reports"),
    (["review-tiers"], "A cashier may not review tiers"),
    (["member", "block", MOBILE], "A cashier may not block member"),
    (["audit"], "A cashier may not read audit"),
    (["init"], "Only the owner may initialize a club that has users"),
]


@pytest.mark.parametrize("args, refusal", OWNER_ONLY, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_cashier_is_refused_what_is_the_owners_and_nothing_is_done(cli, tmp_path, args, refusal):
    before = state(cli.db)
    code, out, err = cli(*args, user=CASHIER, password=CASHIER_PASSWORD)
    assert (code, out) == (EXIT_ERROR, "") and err.startswith("loyaltydesk: error: ") and refusal in err, err
    assert state(cli.db) == before
    assert not (tmp_path / "members.xlsx").exists() and not (tmp_path / "stick").exists()
    assert sign_in_rows(cli.db)[-1] == (CASHIER, "sign_in")  # who tried is on record
    code, out, err = cli(*args, user=CLI_OWNER, password=CLI_PASSWORD)
    assert refusal not in err  # the owner is not refused (other reasons may stop a command)


LOOK_UPS = [  # what a cashier at the till does
    (["member", "show", MOBILE], "مریم رضایی"),
    (["member", "find", "مریم"], MOBILE),
    (["history", MOBILE], "purchases:"),
    (["overview"], "members   1"),
    (["quote", MOBILE, "--amount", "1000000"], "net"),
    (["club", "show"], "point value"),
    (["purchase", MOBILE, "--amount", "1000000"], "purchase 2"),
]


@pytest.mark.parametrize("args, shown", LOOK_UPS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_cashier_looks_up_and_registers_purchases(cli, args, shown):
    code, out, err = cli(*args, user=CASHIER, password=CASHIER_PASSWORD)
    assert code == 0 and shown in out, err


MOVED = [
    ["--now", WHEN, "member", "show", MOBILE],
    ["--now", WHEN, "purchase", MOBILE, "--amount", "1000000"],
    ["purchase", MOBILE, "--amount", "1000000", "--at", WHEN],
    ["expire", "--at", WHEN],
    ["birthdays", "--at", WHEN],
]


@pytest.mark.parametrize("args", MOVED, ids=" ".join)
def test_only_the_owner_moves_the_clock(cli, args):
    before = state(cli.db)
    assert cli(*args, user=CASHIER, password=CASHIER_PASSWORD) == (EXIT_ERROR, "", MOVED_CLOCK)
    assert state(cli.db) == before
    code, out, err = cli(*args, user=CLI_OWNER, password=CLI_PASSWORD)
    assert code == 0, err


def test_the_audit_keeps_the_real_time_beside_the_owners_moved_one(cli):
    started = datetime.now(timezone.utc).replace(microsecond=0)
    code, _, err = cli("--now", WHEN, "points", "adjust", MOBILE, "--points", "5", "--reason", "back-dated",
                       user=CLI_OWNER, password=CLI_PASSWORD)
    assert code == 0, err
    with raw_connect(cli.db) as con:
        rows = con.execute("SELECT action, actor, at, recorded_at FROM audit_log ORDER BY id DESC LIMIT 2").fetchall()
    (action, actor, at, recorded), signed = rows
    assert (action, actor, at) == ("adjust_points", CLI_OWNER, WHEN)
    assert started <= from_iso(recorded) <= datetime.now(timezone.utc) + timedelta(seconds=1)  # the real time
    assert signed[0] == "sign_in" and signed[2] == signed[3] and from_iso(signed[2]) >= started  # at the real time
    code, out, err = cli("points", "adjust", MOBILE, "--points", "-5", "--reason", "today", user=CLI_OWNER,
                         password=CLI_PASSWORD)
    code, out, err = cli("audit", "--entity", "member", "--limit", "2", user=CLI_OWNER, password=CLI_PASSWORD)
    today, moved = out.splitlines()
    assert "adjust_points" in today and "(recorded" not in today
    assert moved.startswith(when(WHEN)) and moved.endswith(f"(recorded {when(recorded)})"), out
    code, entries, err = cli("--json", "audit", "--entity", "member", "--limit", "2", user=CLI_OWNER,
                             password=CLI_PASSWORD)
    assert [(e["at"], e["recorded_at"]) for e in json.loads(entries)][1] == (WHEN, recorded)


@pytest.mark.parametrize("user, password", [
    (CLI_OWNER, "wrong password"),
    ("nobody", CLI_PASSWORD),  # no such user: the same answer as a wrong password
    (FORMER, FORMER_PASSWORD),  # deactivated
    (CASHIER, CLI_PASSWORD),  # another user's password
    (CLI_OWNER, ""),  # an empty LOYALTYDESK_PASSWORD is no password: no terminal to ask in
], ids=["wrong password", "unknown user", "deactivated", "another's password", "empty"])
def test_a_failed_sign_in_says_one_thing_does_nothing_and_is_audited(cli, tmp_path, user, password):
    before, tries = state(cli.db), len(sign_in_rows(cli.db))
    code, out, err = cli("refund", "1", user=user, password=password)
    assert (code, out) == (EXIT_ERROR, "")
    assert state(cli.db) == before
    if password:
        assert err == BAD_SIGN_IN
        # the club stayed locked: nothing written in it; a user with a key slot has the failure counted
        # in the key file, audited at the next right sign-in (tests/services/test_encryption.py)
        assert sign_in_rows(cli.db)[tries:] == []
        keys = keyslots.read(cli.db)
        assert (keys.failures[user].unaudited if user in keys.slots else 0) == (user in keys.slots) == (
            user in keys.failures)
    else:
        assert err.startswith("loyaltydesk: error: No password for owner, and no terminal to ask for it in")
        assert len(sign_in_rows(cli.db)) == tries


# --- where the password comes from ----------------------------------------------------------------

@pytest.mark.parametrize("file_bytes, env, expected", [
    (b"demo1234\n", None, 0),
    (b"demo1234", None, 0),
    ("\ufeffdemo1234\r\nthe second line is not read\n".encode(), None, 0),  # Notepad's UTF-8 with a BOM, CRLF
    (b"demo1234\n", "wrong password", 0),  # the file comes first
    (b" demo1234\n", None, BAD_SIGN_IN),  # spaces are part of a password
    (b"\n", CLI_PASSWORD, BAD_SIGN_IN),  # an empty first line is the password given
    (b"\xff\xfe\x00", None, "Cannot read the password file"),
    (None, CLI_PASSWORD, 0),
    (None, None, "No password for owner, and no terminal to ask for it in: give --password-file FILE"),
], ids=["file", "no newline", "BOM and CRLF", "file before env", "spaces kept", "empty line", "not UTF-8",
        "env", "none"])
def test_the_password_comes_from_the_file_else_the_environment(cli, tmp_path, file_bytes, env, expected):
    options = []
    if file_bytes is not None:
        (tmp_path / "pw").write_bytes(file_bytes)
        options = ["--password-file", tmp_path / "pw"]
    code, out, err = cli(*options, "member", "show", MOBILE, user=CLI_OWNER, password=env)
    if expected == 0:
        assert code == 0 and "مریم" in out, err
    else:
        assert code == EXIT_ERROR and err.startswith("loyaltydesk: error: ") and expected in err, err


def test_a_missing_password_file_is_named(cli, tmp_path):
    code, _, err = cli("--password-file", tmp_path / "nowhere.txt", "overview", user=CLI_OWNER, password=CLI_PASSWORD)
    assert code == EXIT_ERROR and f"Cannot read the password file {tmp_path / 'nowhere.txt'}: No such file" in err


# --- init, a club without an owner, the demo club, what needs no sign-in -----------------------------

def test_init_makes_a_new_clubs_owner_and_then_asks_for_the_owner(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LOYALTYDESK_PASSWORD", raising=False)
    db = str(tmp_path / "shop.sqlite3")
    (tmp_path / "pw").write_text("a long passphrase\n", encoding="utf-8")
    (tmp_path / "short").write_text("short\n", encoding="utf-8")
    steps = [  # (arguments, exit code, a line of stdout or stderr)
        (["--db", db, "init"], 0, "no owner yet: loyaltydesk init --owner NAME"),
        (["--db", db, "overview"], 1, SIGN_IN_FIRST),
        (["--db", db, "--user", "maryam", "overview"], 1, "This club has no owner yet: make one with loyaltydesk init"),
        (["--db", db, "--password-file", str(tmp_path / "short"), "init", "--owner", "maryam"], 1,
         "A password needs at least 8 characters"),
        (["--db", db, "--password-file", str(tmp_path / "pw"), "init", "--owner", "Maryam"], 0, "its owner: maryam"),
        (["--db", db, "init"], 1, SIGN_IN_FIRST),
        (["--db", db, "--password-file", str(tmp_path / "pw"), "--user", "maryam", "init"], 0, "club database ready"),
        (["--db", db, "--password-file", str(tmp_path / "pw"), "--user", "maryam", "init", "--owner", "x1"], 1,
         "This club already has an owner"),
        (["--db", db, "--password-file", str(tmp_path / "pw"), "init", "--demo"], 1, SIGN_IN_FIRST),
        (["--db", db, "--password-file", str(tmp_path / "pw"), "--user", "maryam", "overview"], 0, "members   0"),
    ]
    for argv, expected, line in steps:
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == expected and line in out + err, (argv, out, err)


def test_the_demo_club_keeps_its_documented_accounts(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    db = str(tmp_path / "demo.sqlite3")
    monkeypatch.delenv("LOYALTYDESK_PASSWORD", raising=False)
    assert main(["--db", db, "init", "--demo", "--members", "12"]) == 0
    assert "sign in as owner (the owner) or sara (a cashier), password demo1234" in capsys.readouterr().out
    monkeypatch.setenv("LOYALTYDESK_PASSWORD", services.demo.DEMO_PASSWORD)
    for user, args, code, said in (("sara", ["overview"], 0, "members   12"), ("sara", ["refund", "1"], 1, "A cashier may not"),
                                   ("owner", ["check"], 0, "no problems found"), (None, ["overview"], 1, SIGN_IN_FIRST)):
        assert main(["--db", db, *(["--user", user] if user else []), *args]) == code
        out, err = capsys.readouterr()
        assert said in out + err, (user, args, out, err)


def test_a_club_made_before_it_had_users_asks_for_its_owner_first(tmp_path, capsys, monkeypatch):
    path = tmp_path / "old.sqlite3"
    db = services.open_club(path, key=club_key(path))
    services.members.sign_up(services.owner_session(db), MOBILE, "مریم")
    db.close()
    monkeypatch.setenv("LOYALTYDESK_PASSWORD", CLI_PASSWORD)
    assert main(["--db", str(path), "--user", CLI_OWNER, "member", "show", MOBILE]) == EXIT_ERROR
    assert "This club has no owner yet" in capsys.readouterr().err
    assert main(["--db", str(path), "init", "--owner", CLI_OWNER]) == 0
    assert main(["--db", str(path), "--user", CLI_OWNER, "member", "show", MOBILE]) == 0
    assert "مریم" in capsys.readouterr().out


@pytest.mark.parametrize("argv, opens", [
    (["--version"], None),
    (["--help"], None),
    ([], "loyaltydesk.gui.app"),  # the desktop app has its own sign-in window
    (["--self-test"], "loyaltydesk.gui.self_test"),
    (["--demo"], "loyaltydesk.gui.app"),
])
def test_what_needs_no_sign_in(tmp_path, monkeypatch, capsys, argv, opens):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LOYALTYDESK_PASSWORD", raising=False)
    started = []
    if opens:
        import importlib

        monkeypatch.setattr(importlib.import_module(opens), "run", lambda *a, **k: started.append(opens) or 0)
        assert main(argv) == 0 and started == [opens]
    else:
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0 and "loyaltydesk" in capsys.readouterr().out


# --- the errors log keeps no values ---------------------------------------------------------------

@pytest.mark.parametrize("argv, names", [
    (["--db", "/home/maryam/club.sqlite3", "--user", "maryam", "--password-file", "/home/maryam/pw", "member", "add",
      "--mobile", MOBILE, "--first-name=مریم", "--national-code", "0499370899"],
     ["--db", "--user", "--password-file", "member", "add", "--mobile", "--first-name", "--national-code"]),
    (["--user", "sara", "points", "adjust", MOBILE, "--points", "-5", "--reason", "refund"],
     ["--user", "points", "adjust", "--points", "--reason"]),
    (["--now", WHEN, "purchase", "member", "--amount", "12,500,000"], ["--now", "purchase", "--amount"]),
    (["--json", "report", "rfm", "--from", "1404/01/01", "--xlsx", "/tmp/مریم.xlsx"],
     ["--json", "report", "--from", "--xlsx"]),
])
def test_the_errors_log_keeps_command_and_option_names_only(argv, names):
    assert command_names(build_parser(), argv) == names


def test_an_internal_error_logs_no_personal_data(cli, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services.members, "sign_up", broken)
    (tmp_path / "pw").write_text(CLI_PASSWORD, encoding="utf-8")
    code, out, err = cli("--password-file", tmp_path / "pw", "member", "add", "--mobile", "09351112233",
                         "--first-name", "کاوه", "--national-code", "0499370899", user=CLI_OWNER)
    assert code == EXIT_INTERNAL and "internal error: a bug" in err
    log = (tmp_path / "home" / "loyaltydesk-errors.log").read_text(encoding="utf-8")
    assert "['--db', '--user', '--password-file', 'member', 'add', '--mobile', '--first-name', '--national-code']" in log
    for value in ("09351112233", "9351112233", "کاوه", "0499370899", CLI_PASSWORD, str(tmp_path / "pw"), str(cli.db)):
        assert value not in log


# --- the real program: a terminal that does not echo, and `uv run loyaltydesk` ------------------------

def in_terminal(argv: list[str], env: dict, answers: list[str], timeout: float = 60) -> tuple[int, str]:
    """Run ``argv`` on a new pseudo-terminal and type each answer when a prompt (text ending in ": ")
    waits; returns (exit code, everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(argv[0], argv, env)
    shown, pending, deadline = b"", list(answers), time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # the child is gone (EIO)
                    break
                if not chunk:
                    break
                shown += chunk
            if pending and shown.endswith(b": "):
                time.sleep(0.1)  # getpass turns echo off right after its prompt
                os.write(fd, pending.pop(0).encode() + b"\n")
                shown += b"\x00"  # this prompt is answered
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.replace(b"\x00", b"").decode(errors="replace")


@pytest.mark.skipif(not Path(PROGRAM).exists(), reason="the console script is not installed")
def test_a_prompt_asks_for_the_password_without_echo(tmp_path):
    env = {"LOYALTYDESK_HOME": str(tmp_path / "home"), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "TERM": "dumb", "QT_QPA_PLATFORM": "offscreen"}
    db = str(tmp_path / "club.sqlite3")
    secret = "a long passphrase"
    code, shown = in_terminal([PROGRAM, "--db", db, "init", "--owner", "maryam"], env, [secret, secret + "!"])
    assert code == EXIT_ERROR and "New password for maryam: " in shown and "The two passwords differ." in shown, shown
    code, shown = in_terminal([PROGRAM, "--db", db, "init", "--owner", "maryam"], env, [secret, secret])
    assert code == 0 and "The same password again: " in shown and "its owner: maryam" in shown, shown
    assert secret not in shown  # typed, never shown
    code, shown = in_terminal([PROGRAM, "--db", db, "--user", "maryam", "overview"], env, [secret])
    assert code == 0 and "Password for maryam: " in shown and "members   0" in shown and secret not in shown, shown
    code, shown = in_terminal([PROGRAM, "--db", db, "--user", "maryam", "overview"], env, ["not it at all"])
    assert code == EXIT_ERROR and "Wrong user name or password." in shown and "not it at all" not in shown, shown


def uv_run(*args: str, env: dict) -> subprocess.CompletedProcess:
    """``uv run loyaltydesk ARGS`` as the README says (``--no-sync``: the environment as it is)."""
    uv = shutil.which("uv")
    command = [uv, "run", "--no-sync", "loyaltydesk"] if uv else [PROGRAM]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_the_real_program_refuses_and_allows_as_the_roles_say(club_file, tmp_path):
    db = tmp_path / "club.sqlite3"
    copy_club(club_file, db)
    env = cli_env(LOYALTYDESK_HOME=str(tmp_path / "home"))
    cases = [  # (user, password, arguments, exit code, said)
        (None, None, ["refund", "1"], 1, SIGN_IN_FIRST),
        (CASHIER, CASHIER_PASSWORD, ["refund", "1"], 1, "A cashier may not refund; ask the owner."),
        (CASHIER, CASHIER_PASSWORD, ["--now", WHEN, "member", "show", MOBILE], 1, MOVED_CLOCK.strip()),
        (CASHIER, "guess", ["member", "show", MOBILE], 1, BAD_SIGN_IN.strip()),
        (CASHIER, CASHIER_PASSWORD, ["member", "show", MOBILE], 0, "مریم رضایی"),
        (CLI_OWNER, CLI_PASSWORD, ["refund", "1", "--amount", "1000000"], 0, "refund 1 of purchase 1"),
    ]
    for user, password, args, code, said in cases:
        run_env = {k: v for k, v in env.items() if k != "LOYALTYDESK_PASSWORD"}
        if password:
            run_env["LOYALTYDESK_PASSWORD"] = password
        done = uv_run("--db", str(db), *(["--user", user] if user else []), *args, env=run_env)
        assert done.returncode == code and said in done.stdout + done.stderr, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
