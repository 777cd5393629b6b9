"""Fixtures for the tests from outside: X screens, a demo club per test, the program on them.

These tests need Xvfb, openbox, xdotool and ImageMagick's ``import`` (``.ci/run`` installs them).
Where they are missing the tests are skipped, except when ``LOYALTYDESK_E2E_REQUIRED=1`` (CI):
there a missing tool fails the run, since a skipped end-to-end test proves nothing.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.raw import copy_club

from .desk import Desk, Screen, missing_tools, program

REQUIRED = os.environ.get("LOYALTYDESK_E2E_REQUIRED") == "1"


def pytest_collection_modifyitems(config, items):
    missing = missing_tools()
    if not missing or REQUIRED:  # required: the screens fixture fails each test instead
        return
    skip = pytest.mark.skip(reason=f"end-to-end tests need {', '.join(missing)}")
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's outcome on the test, so a desk can take a picture of a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def screens(tmp_path_factory):
    """X screens by size, started on first use and kept for the session."""
    missing = missing_tools()
    if missing:
        pytest.fail(f"end-to-end tests need {', '.join(missing)} (LOYALTYDESK_E2E_REQUIRED=1)")
    started: dict[tuple[int, int], Screen] = {}
    workdir = tmp_path_factory.mktemp("screens")

    def screen(width: int, height: int) -> Screen:
        if (width, height) not in started:
            started[(width, height)] = Screen(width, height, workdir)
        return started[(width, height)]

    yield screen
    for s in started.values():
        s.close()


@pytest.fixture(scope="session")
def demo_club(tmp_path_factory):
    """The demo club as the program makes it (``loyaltydesk --demo init --demo``), built once."""
    home = tmp_path_factory.mktemp("demo-home")
    env = {**os.environ, "LOYALTYDESK_HOME": str(home)}
    env.pop("DISPLAY", None)
    subprocess.run([program(), "--demo", "init", "--demo"], env=env, check=True, capture_output=True, timeout=300)
    return home / "demo.sqlite3"


@pytest.fixture(scope="session")
def pg_demo_club(pg_cluster, tmp_path_factory) -> str:
    """The demo club made by the program on the run's PostgreSQL server (``loyaltydesk --db URL init
    --demo``), built once: the name of the database each test's own copy is made from."""
    name = pg_cluster.new_database()
    home = tmp_path_factory.mktemp("pg-demo-home")
    env = {**os.environ, "LOYALTYDESK_HOME": str(home)}
    env.pop("DISPLAY", None)
    subprocess.run([program(), "--db", pg_cluster.url(name), "init", "--demo"], env=env, check=True,
                   capture_output=True, timeout=600)
    return name


@pytest.fixture
def make_desk(screens, demo_club, tmp_path, request):
    """``make_desk(size=(w, h), lang="fa", club=True)``: a desk on a screen of that size, with a copy
    of the demo club (``club=False``: an empty data folder). Each desk is stopped after the test,
    and its errors log must be empty unless the test set ``desk.expect_errors = True``."""
    made: list[Desk] = []
    shots = tmp_path / "shots"

    def make(size=(1366, 768), lang="fa", club=True, name=None) -> Desk:
        label = name or f"{request.node.name}-{size[0]}x{size[1]}-{lang}"
        label = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in label)[:90]
        home = tmp_path / f"home{len(made)}"
        home.mkdir()
        if club:
            copy_club(demo_club, home / "demo.sqlite3")
        desk = Desk(screens(*size), home, shots, label, lang)
        desk.expect_errors = False
        made.append(desk)
        return desk

    yield make
    failed = getattr(request.node, "report_call", None)
    problems = []
    for desk in made:
        if failed is not None and failed.failed and desk.alive():
            print(f"the screen at the failure: {desk.shot('failure')}")
        desk.stop()
        log = desk.errors_log()
        if log and not desk.expect_errors:
            problems.append(f"{desk.name}: the errors log is not empty:\n{log[-4000:]}")
    if problems:
        pytest.fail("\n".join(problems))


@pytest.fixture
def desk(make_desk) -> Desk:
    """The program's desk on a 1366×768 screen, Persian, with a fresh copy of the demo club."""
    return make_desk()


@pytest.fixture
def engine_desk(request, make_desk, club_engine):
    """The program's desk on a 1366×768 screen, Persian, with a fresh copy of the demo club: the
    file in its data folder, or a database of its own on the run's server (``--db URL``)."""
    desk = make_desk()
    if club_engine == "sqlite":
        yield desk
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = cluster.new_database(request.getfixturevalue("pg_demo_club"))
    desk.club_url = cluster.url(name)
    yield desk
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed and desk.alive():
        print(f"the screen at the failure: {desk.shot('failure')}")
    desk.stop()  # (make_desk checks its errors log after) before its database goes
    cluster.drop_database(name)
