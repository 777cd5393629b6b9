"""The one-folder build: made by one command, it starts offscreen against a fresh data folder,
opens its main window and exits cleanly; it stays under 225 MB (200 MB before the icon fonts:
qtawesome loads all its fonts, ~6 MB, so none can be left out; 210 MB before psycopg's binary
wheel, ~11 MB with its libpq, for a club on a PostgreSQL server).

The build (~1–2 minutes) runs once per session, and only when ``dist/LoyaltyDesk`` is not already
a build of exactly these sources (``installer/build.py`` stamps it with a hash of them). PyInstaller
comes from the ``installer`` dependency group: if the test's environment lacks it (CI runs
``uv run pytest``, i.e. the dev group), the build runs under ``uv run --group installer``, which adds
it to the project environment first. Set ``LOYALTYDESK_SKIP_BUILD=1`` to skip these tests.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loyaltydesk import __version__
from tests.conftest import CLI_OWNER, CLI_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 225 * 1000 * 1000
OK = re.compile(r"^self-test ok: main window shown in (\d+) ms.*\bfrozen\b", re.M)

pytestmark = pytest.mark.skipif(bool(os.environ.get("LOYALTYDESK_SKIP_BUILD")), reason="LOYALTYDESK_SKIP_BUILD is set")


@pytest.fixture(scope="module")
def built(build_script):
    """dist/LoyaltyDesk, fresh for these sources; held locked while the tests use it."""
    with build_script.lock():
        if not build_script.is_fresh():
            if importlib.util.find_spec("PyInstaller") is not None:
                cmd = [sys.executable, "installer/build.py", "--no-check"]
            elif shutil.which("uv"):
                cmd = ["uv", "run", "--group", "installer", "python", "installer/build.py", "--no-check"]
            else:
                pytest.skip("PyInstaller is not installed and uv is not there to add it")
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", timeout=1200)
            assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        # (not is_fresh() again: in a shared tree someone may have edited a file during the build)
        assert build_script.read_stamp() and build_script.executable().exists()
        yield build_script


def start(build_script, *args, home: Path, timeout=300):
    env = build_script.self_test_env(home)
    env["LOYALTYDESK_PASSWORD"] = CLI_PASSWORD  # the commands sign in (--user), as a shop's scripts do
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONPATH", None)  # nothing from the source tree may leak in
    started = time.perf_counter()
    done = subprocess.run([str(build_script.executable()), *args], env=env, cwd=home.parent, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout)
    return done, time.perf_counter() - started


def test_built_program_opens_its_main_window_on_a_fresh_data_folder(built, tmp_path):
    home = tmp_path / "fresh home"
    done, seconds = start(built, "--self-test", home=home)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert OK.search(done.stdout), output
    assert "Traceback" not in output and "FAILED" not in output
    assert "font Vazirmatn" in done.stdout and "lang fa rtl" in done.stdout
    assert "translations loyaltydesk_fa.qm" in done.stdout  # the Persian texts are shipped and loaded
    assert (home / "demo.sqlite3").exists()
    # a second start, on the club the first one made: what a shop sees every morning
    done, seconds = start(built, "--self-test", home=home)
    assert done.returncode == 0 and OK.search(done.stdout), done.stdout + done.stderr
    print(f"\nbuilt program: self-test {seconds:.2f} s wall; {done.stdout.strip()}")


def test_built_program_version_db_and_portable(built, tmp_path):
    home = tmp_path / "home"
    done, _ = start(built, "--version", home=home)
    assert done.returncode == 0 and done.stdout.strip() == f"loyaltydesk {__version__}"

    club = tmp_path / "club elsewhere.sqlite3"
    done, _ = start(built, "--db", str(club), "init", "--owner", CLI_OWNER, home=home)
    assert done.returncode == 0 and club.exists(), done.stdout + done.stderr
    done, _ = start(built, "--db", str(club), "overview", home=home)
    assert done.returncode == 1 and "--user" in done.stderr, done.stdout + done.stderr  # nobody acts unsigned
    done, _ = start(built, "--db", str(club), "--user", CLI_OWNER, "overview", home=home)
    assert done.returncode == 0 and "LoyaltyDesk" in done.stdout, done.stdout + done.stderr

    data = built.APP_DIR / "data"
    assert not data.exists()
    try:
        done, _ = start(built, "--portable", "init", "--owner", CLI_OWNER, home=home)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (data / "club.sqlite3").exists() and not (home / "club.sqlite3").exists()
    finally:
        shutil.rmtree(data, ignore_errors=True)


def test_built_program_keeps_an_encrypted_club(built, tmp_path):
    """The built program carries SQLCipher (sqlcipher3): it makes an encrypted club, reads it back,
    backs it up sealed to the owner, and its self-test opens it signed in; the file shows no mobile."""
    home = tmp_path / "home"
    club = tmp_path / "shop" / "club.sqlite3"
    mobile = "09121234567"
    for args in (("init", "--owner", CLI_OWNER), ("--user", CLI_OWNER, "member", "add", "--mobile", mobile,
                                                   "--first-name", "علی")):
        done, _ = start(built, "--db", str(club), *args, home=home)
        assert done.returncode == 0, done.stdout + done.stderr
    raw = b"".join(p.read_bytes() for p in club.parent.glob("club.sqlite3*") if p.is_file())
    assert b"SQLite format 3" not in club.read_bytes()[:16] and mobile[1:].encode() not in raw
    done, _ = start(built, "--db", str(club), "--user", CLI_OWNER, "--json", "member", "show", mobile, home=home)
    assert done.returncode == 0 and mobile in done.stdout, done.stdout + done.stderr
    done, _ = start(built, "--db", str(club), "--user", CLI_OWNER, "backup", "--to", str(tmp_path / "usb"), home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    (made,) = (tmp_path / "usb").iterdir()
    assert made.name.endswith("-manual.ldbox") and mobile[1:].encode() not in made.read_bytes()
    done, _ = start(built, "--db", str(club), "--user", CLI_OWNER, "backup", "--verify", str(made), home=home)
    assert done.returncode == 0 and "ok — 1 members" in done.stdout, done.stdout + done.stderr
    done, _ = start(built, "--db", str(club), "--self-test", home=home)
    assert done.returncode == 1 and "--user NAME" in done.stderr, done.stdout + done.stderr
    done, seconds = start(built, "--db", str(club), "--user", CLI_OWNER, "--self-test", home=home)
    assert done.returncode == 0 and OK.search(done.stdout) and str(club) in done.stdout, done.stdout + done.stderr
    print(f"\nbuilt program, encrypted club: self-test {seconds:.2f} s wall; {done.stdout.strip()}")


def test_build_is_small_enough_and_carries_its_files(built):
    stamp = built.read_stamp()
    size = built.folder_size(built.APP_DIR)
    print(f"\nbuild size {size / 1e6:.1f} MB; build time {stamp['build_seconds']} s")
    assert size < MAX_BYTES, f"{size / 1e6:.1f} MB"
    assert stamp["version"] == __version__
    internal = built.APP_DIR / "_internal"
    for shipped in ("loyaltydesk/shipped/resources/fonts/Vazirmatn-Regular.ttf",
                    "loyaltydesk/shipped/resources/fonts/OFL.txt", "loyaltydesk/shipped/resources/icons/loyaltydesk.png",
                    "loyaltydesk/shipped/resources/theme/base.qss", "loyaltydesk/shipped/translations/loyaltydesk_fa.qm",
                    "escpos/capabilities.json"):
        assert (internal / shipped).is_file(), shipped
    assert not list(internal.rglob("*.ts")), "the .ts (the translators' source) is not shipped"
    qt_parts = {p.name for p in (internal / "PySide6").glob("Qt*")}
    assert not {n for n in qt_parts if re.match(r"Qt(WebEngine|Quick|Qml|3D|Multimedia)", n)}, qt_parts
    qt_libs = " ".join(p.name for p in internal.rglob("*Qt6*"))
    assert "WebEngine" not in qt_libs and "Quick" not in qt_libs and "Qml" not in qt_libs
