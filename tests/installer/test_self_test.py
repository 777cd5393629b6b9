"""Fast (no build): ``--self-test`` from source, and where ``--portable`` puts the data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from loyaltydesk.cli import common, main

ROOT = Path(__file__).resolve().parents[2]
OK = re.compile(r"^self-test ok: main window shown in (\d+) ms", re.M)


def run_module(*args, home: Path, timeout=300, cwd: Path = ROOT):
    env = dict(os.environ, LOYALTYDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", LOYALTYDESK_LANG="fa",
               PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "loyaltydesk", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd, timeout=timeout)


def test_self_test_from_source_creates_the_demo_club_and_shows_the_window(tmp_path):
    home = tmp_path / "home"
    done = run_module("--self-test", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert OK.search(done.stdout), done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert "font Vazirmatn" in done.stdout and "lang fa rtl" in done.stdout and "source" in done.stdout
    assert "translations loyaltydesk_fa.qm" in done.stdout
    assert (home / "demo.sqlite3").exists()
    assert not (home / "club.sqlite3").exists()  # the shop's real club is never touched by a self-test


def test_self_test_on_a_club_given_with_db(tmp_path):
    club = tmp_path / "elsewhere" / "shop.sqlite3"
    done = run_module("--db", str(club), "--self-test", home=tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    assert OK.search(done.stdout) and str(club) in done.stdout
    assert club.exists() and not (tmp_path / "home" / "demo.sqlite3").exists()


def test_self_test_says_when_it_fails(tmp_path):
    not_a_club = tmp_path / "broken.sqlite3"
    not_a_club.write_bytes(b"this is not a database" * 100)
    done = run_module("--db", str(not_a_club), "--self-test", home=tmp_path / "home")
    assert done.returncode == 1
    assert "self-test FAILED" in done.stderr and not OK.search(done.stdout)


@pytest.fixture
def program_in(tmp_path, monkeypatch):
    """Pretend the program runs from tmp_path/prog (as a USB stick's copy would)."""
    prog = tmp_path / "prog"
    prog.mkdir()
    monkeypatch.setattr(common, "program_dir", lambda: prog)
    monkeypatch.delenv("LOYALTYDESK_HOME", raising=False)
    yield prog
    common.set_portable(False)


def test_portable_option_keeps_the_data_beside_the_program(program_in, monkeypatch, capsys):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(program_in.parent / "home"))  # --portable wins over it
    assert main(["--portable", "--json", "init"]) == 0
    assert (program_in / "data" / "club.sqlite3").exists()
    assert str(program_in / "data" / "club.sqlite3") in capsys.readouterr().out
    assert main(["--json", "init"]) == 0  # the next run without it is not portable
    assert (program_in.parent / "home" / "club.sqlite3").exists()


def test_portable_txt_beside_the_program_does_the_same(program_in):
    from platformdirs import user_data_dir

    assert common.data_dir() == Path(user_data_dir("LoyaltyDesk", appauthor=False))
    (program_in / "portable.txt").write_text("data beside the program\n")
    assert common.data_dir() == program_in / "data"
    assert common.default_db() == program_in / "data" / "club.sqlite3"
    assert main(["init"]) == 0 and (program_in / "data" / "club.sqlite3").exists()


def test_loyaltydesk_home_beats_the_marker_but_not_the_option(program_in, monkeypatch):
    (program_in / "portable.txt").write_text("")
    monkeypatch.setenv("LOYALTYDESK_HOME", str(program_in.parent / "home"))
    assert common.data_dir() == program_in.parent / "home"
    common.set_portable(True)
    assert common.data_dir() == program_in / "data"


def test_the_program_folder_of_a_frozen_build_is_the_executables(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "LoyaltyDesk" / "LoyaltyDesk.exe"))
    assert common.program_dir() == (tmp_path / "LoyaltyDesk").resolve()
    monkeypatch.delattr(sys, "frozen")
    assert common.program_dir() == ROOT


def test_self_test_of_an_encrypted_club_signs_in_like_the_command_line(tmp_path):
    """A club with owners opens only with a password (its file is encrypted): the self-test signs
    in as every command does, --user with --password-file or LOYALTYDESK_PASSWORD, and says what
    it needs when it has nothing."""
    from loyaltydesk import services
    from tests.conftest import CLI_OWNER, CLI_PASSWORD, add_cli_owner
    from tests.raw import club_key

    club = tmp_path / "shop" / "club.sqlite3"
    db = services.open_club(club, key=club_key(club))
    add_cli_owner(db)
    services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD)
    db.close()
    done = run_module("--db", str(club), "--self-test", home=tmp_path / "home")
    assert done.returncode == 1 and not OK.search(done.stdout) and "Traceback" not in done.stderr
    assert f"self-test FAILED: the club {club} has users" in done.stderr
    assert "--user NAME with --password-file FILE or LOYALTYDESK_PASSWORD" in done.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-password\n", encoding="utf-8")
    done = run_module("--db", str(club), "--user", CLI_OWNER, "--password-file", str(wrong), "--self-test",
                      home=tmp_path / "home")
    assert done.returncode == 1 and "self-test FAILED: Wrong user name or password." in done.stderr
    assert "Traceback" not in done.stderr
    right = tmp_path / "password.txt"
    right.write_text(CLI_PASSWORD + "\n", encoding="utf-8")
    done = run_module("--db", str(club), "--user", CLI_OWNER, "--password-file", str(right), "--self-test",
                      home=tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    assert OK.search(done.stdout) and str(club) in done.stdout


@pytest.mark.pg
def test_self_test_on_a_club_on_the_shops_server(tmp_path, pg_url):
    """``--self-test --db postgresql://...``: the server's club opened as a till opens it, its owner
    signed in, the window shown; the URL is never made a file path, nothing is made beside it."""
    from tests.conftest import CLI_OWNER, CLI_PASSWORD, set_up_with_cli_owner

    set_up_with_cli_owner(pg_url)
    home = tmp_path / "home"
    (tmp_path / "pw").write_text(CLI_PASSWORD + "\n", encoding="utf-8")
    done = run_module("--db", pg_url, "--user", CLI_OWNER, "--password-file", str(tmp_path / "pw"), "--self-test",
                      home=home, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert OK.search(done.stdout) and "Traceback" not in done.stdout + done.stderr
    assert not (home / "demo.sqlite3").exists() and not list(tmp_path.glob("postgresql*"))
    # without the sign-in: a clear refusal naming what to give, no traceback
    done = run_module("--db", pg_url, "--self-test", home=home, cwd=tmp_path)
    assert done.returncode == 1 and "self-test FAILED" in done.stderr and "--user NAME" in done.stderr
    assert "Traceback" not in done.stderr
