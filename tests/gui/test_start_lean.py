"""The start stays lean: up to a usable main window (bench/bench_startup.py measures it), the app
loads none of the libraries that only some later action needs, builds only its first page and
draws its icons from one icon font. A subprocess walks the real way in (the command line's parser,
the application, a club opened, its owner's session, the window shown until ``self_test.usable``)
and lists what it loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

START = """
import json, pathlib, sys, tempfile
import loyaltydesk.cli
loyaltydesk.cli.build_parser()  # the desktop app starts through the command line's parser
from loyaltydesk import services
from loyaltydesk.gui import self_test
from loyaltydesk.gui.app import Launcher, make_app

app = make_app()
launcher = Launcher(pathlib.Path(tempfile.mkdtemp()) / "club.sqlite3")
assert launcher.prepare()[0]  # a new club: opened as its owner to be, as the self-test does
session = launcher.runner.call_db(lambda db: services.owner_session(db, "owner")).result()
launcher.warm_up()
window = launcher.open_window(session)
window.show()
assert self_test._wait_until(app, lambda: self_test.usable(window), 60)
fonts = [f for f in __import__("PySide6.QtGui", fromlist=["QFontDatabase"]).QFontDatabase.families()
         if "icons" in f.lower() or "awesome" in f.lower() or "codicon" in f.lower() or "phosphor" in f.lower()]
print(json.dumps({"modules": sorted(sys.modules), "built": sorted(window.pages.built), "pages": list(window.pages),
                  "fonts": fonts}))
self_test._wait_until(app, lambda: launcher.runner.idle, 60)
window.hide()
launcher.close()
"""

# what only some later action needs: printing, reports, spreadsheets, the SMS provider's SDK, a
# server club, the icon library's own loading (all its fonts, and qtpy)
NOT_AT_START = ["reportlab", "openpyxl", "escpos", "qrcode", "uharfbuzz", "python_calamine", "psycopg", "kavenegar",
                "requests", "qtawesome", "qtpy", "PySide6.QtPdf", "PySide6.QtPrintSupport", "PySide6.QtCharts",
                "matplotlib", "tqdm"]


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    done = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "LOYALTYDESK_HOME": str(home),
                               "LOYALTYDESK_LANG": "fa"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("library", NOT_AT_START)
def test_the_start_never_loads(started, library):
    loaded = [m for m in started["modules"] if m == library or m.startswith(library + ".")]
    assert loaded == [], f"{library} is loaded before the window is usable: import it where it is used"


def test_the_window_opens_with_its_first_page_only(started):
    assert started["pages"][0] == "home" and len(started["pages"]) > 5
    assert started["built"] == ["home"]


def test_the_icons_come_from_one_font(started):
    assert len(started["fonts"]) == 1 and "Material Design Icons" in started["fonts"][0]
