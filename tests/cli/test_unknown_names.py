"""Wrong tries under a user name nobody has are counted, and slowed down and refused exactly like a
real name's: guessing names costs as much as guessing passwords, and neither the answers nor the
waits tell which names exist. Tried on a club at rest (locked: the command line), an open one (the
app between two sign-ins) and a plain one (made before encryption), then with the real program."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.domain.passwords import FREE_TRIES
from loyaltydesk.domain.roles import Role
from loyaltydesk.services.users import SignInRefused
from loyaltydesk.store import keyslots
from tests.conftest import CLI_OWNER, CLI_PASSWORD, add_cli_owner, copy_shared_club
from tests.raw import club_key, copy_club

pytestmark = pytest.mark.engines  # a club without a key file and the real program: on a server's club too

PROGRAM = str(Path(sys.executable).parent / "loyaltydesk")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASHIER, CASHIER_PASSWORD = "sara", "cashier-pass-1"
NOBODY = "nobody"

# (seconds after the start, what the try sends): every wrong try, then a right password during a wait
TRIES = [(0, "wrong"), (0, "wrong"), (0, "wrong"), (1, "wrong"), (3, "wrong"), (3, "right"), (8, "wrong"),
         (8, "right"), (400, "wrong")]


class Clock:
    def __init__(self, start):
        self.start, self.at = start, start

    def __call__(self):
        return self.at


@pytest.fixture
def club(request, tmp_path, clock, new_club_file, club_engine):
    """A club with its owner and a cashier (closed): its file, or its database's URL on the server."""
    if club_engine == "postgresql":
        place = request.getfixturevalue("pg_url")
        db = services.open_club(place)
    else:
        place = new_club_file(tmp_path / "club.sqlite3")
        db = services.open_club(place, key=club_key(place))
    add_cli_owner(db, clock)
    owner = services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD, clock)
    services.users.add_user(owner, CASHIER, CASHIER_PASSWORD, CASHIER_PASSWORD, Role.CASHIER.value)
    db.close()
    return place


def outcomes(open_db, username: str, password: str, clock) -> list[tuple[str, int]]:
    """What each try of ``TRIES`` under ``username`` gets: ("wait", seconds), ("refused", the wait
    it starts), or ("in", 0)."""
    start = clock()
    found = []
    for seconds, what in TRIES:
        c = Clock(start + timedelta(seconds=seconds))
        db = open_db()
        try:
            services.users.sign_in(db, username, password if what == "right" else "not-the-password", c)
            found.append(("in", 0))
        except SignInRefused as e:
            found.append(("wait" if "Too many wrong tries" in e.message else "refused", e.wait_seconds))
        finally:
            db.close()
    return found


def expected() -> list[tuple[str, int]]:
    return [("refused", 0), ("refused", 0), ("refused", 2), ("wait", 1), ("refused", 4), ("wait", 4),
            ("refused", 8), ("wait", 8), ("refused", 16)]


@pytest.mark.sqlite_only  # the key file's counters and the encrypted club's two states (a server's club: below)
@pytest.mark.parametrize("how", ["at rest", "open"])
def test_a_name_nobody_has_is_counted_and_slowed_like_a_real_one(club, tmp_path, clock, how):
    assert FREE_TRIES == 3  # the table above counts on it
    results = {}
    for name, password in ((CASHIER, CASHIER_PASSWORD), (NOBODY, "whatever-it-is")):
        path = copy_club(club, tmp_path / f"{name}.sqlite3")
        if how == "at rest":  # the command line: the club opens locked, a right password unlocks it
            open_db = lambda path=path: services.open_club(path, create=False)  # noqa: E731
        else:  # the app between two sign-ins: the club is open, the sign-in dialog asks
            open_db = lambda path=path: services.open_club(path, create=False, key=club_key(path))  # noqa: E731
        results[name] = outcomes(open_db, name, password, clock)
    # the right password during a wait is refused before it is looked at: a real name and a name
    # nobody has get the same answers at the same moments
    assert results[CASHIER] == expected() and results[NOBODY] == expected()
    keys = (tmp_path / f"{NOBODY}.sqlite3.keys").read_text(encoding="utf-8") if how == "at rest" else ""
    assert NOBODY not in keys  # counted under a digest: what was typed as a name is not kept
    # the owner's next sign-in finds them in the audit: how many, never the name typed
    path = tmp_path / f"{NOBODY}.sqlite3"
    db = services.open_club(path, create=False)
    later = Clock(clock() + timedelta(hours=1))
    services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD, later)
    rows = db.all("SELECT actor, entity_id, after FROM audit_log WHERE action = 'sign_in_failed' ORDER BY id")
    assert all(NOBODY not in (r["after"] or "") for r in rows)
    wrong = len([t for t in TRIES if t[1] == "wrong"]) - 1  # one wrong try came during a wait: refused unseen
    if how == "at rest":
        assert [json.loads(r["after"]) for r in rows] == [{"unknown_names": wrong}]
    else:  # the open club audits each try as it comes
        assert len(rows) == wrong and all(r["entity_id"] is None for r in rows)
    db.close()


def test_a_club_without_a_key_file_counts_names_nobody_has_too(request, club_engine, tmp_path, clock):
    """A plain club (made before encryption) or a server's: the counters are the club's settings,
    under a digest of the name, and each wrong try is audited as it comes, never with the name."""
    if club_engine == "postgresql":
        place = request.getfixturevalue("pg_url")
    else:
        place = tmp_path / "club.sqlite3"
        shutil.copyfile(FIXTURES / "schema-0012.sqlite3", place)
    db = services.open_club(place, create=False)
    add_cli_owner(db, clock)  # a club made before encryption, or on a server, with its owner
    db.close()
    if club_engine == "sqlite":
        assert keyslots.read(place) is None
    found = outcomes(lambda: services.open_club(place, create=False), NOBODY, "x-password", clock)
    assert found == expected()
    db = services.open_club(place, create=False)
    try:
        if club_engine == "sqlite":
            assert keyslots.read(place) is None and db.key is None  # still plain: nobody signed in
        stored = services.users.club_store.settings(db)[services.users.UNKNOWN_FAILURES]
        assert NOBODY not in str(stored) and [f["count"] for f in stored.values()] == [6]
        rows = db.all("SELECT entity_id, after FROM audit_log WHERE action = 'sign_in_failed' ORDER BY id")
        assert len(rows) == 6 and all(r["entity_id"] is None and NOBODY not in (r["after"] or "") for r in rows)
    finally:
        db.close()


@pytest.mark.sqlite_only  # the key file's size
def test_many_names_keep_the_key_file_small(club, clock):
    from loyaltydesk.services import club_keys

    header = keyslots.read(club)
    failures = dict(header.failures)
    for n in range(club_keys.MAX_UNKNOWN + 50):
        failures, _ = club_keys.counted(failures, club_keys.unknown_name(f"name{n}"), clock())
    assert len(failures) == club_keys.MAX_UNKNOWN


def _program(club: Path | str, user: str, password_file: Path, home: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "LOYALTYDESK_HOME": str(home)}
    return subprocess.run([PROGRAM, "--db", str(club), "--user", user, "--password-file", str(password_file),
                           "overview"], capture_output=True, text=True, env=env, timeout=120)


def test_the_real_program_refuses_and_slows_a_name_nobody_has_as_a_real_one(request, club, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-password\n", encoding="utf-8")
    said = {}
    for name in (CASHIER, NOBODY):
        (tmp_path / name).mkdir()
        path = copy_shared_club(request, club, tmp_path / name / "club.sqlite3")
        lines = []
        for _ in range(FREE_TRIES + 3):  # the waits double: 2, 4, 8 s; a try during one is refused at once
            done = _program(path, name, wrong, tmp_path / name / "home")
            assert done.returncode == 1 and "Traceback" not in done.stderr
            lines.append(done.stderr.strip())
            if "Too many wrong tries" in done.stderr:
                break
        said[name] = lines
        assert lines[:FREE_TRIES] == ["loyaltydesk: error: Wrong user name or password."] * FREE_TRIES
        assert "Too many wrong tries: wait" in lines[-1]
        if isinstance(path, str):  # a server's club: counted in its settings (a name nobody has) or its user's row
            db = services.open_club(path, create=False)
            try:
                counts = ([f["count"] for f in services.users.club_store.settings(db)[services.users.UNKNOWN_FAILURES].values()]
                          if name == NOBODY else [db.value("SELECT failed_count FROM users WHERE username = ?", (name,))])
            finally:
                db.close()
        else:
            counts = [f.count for f in keyslots.read(path).failures.values()]
        assert sum(counts) >= FREE_TRIES
    if not isinstance(path, str):
        assert NOBODY not in (tmp_path / NOBODY / "club.sqlite3.keys").read_text(encoding="utf-8")
