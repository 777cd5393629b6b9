"""How the GUI's pages learn what changed (issue 22), read from the sources: no ``hasattr`` page
protocol, only the main window hears the runner's broadcast (and hands each ``Page`` its share), and
being shown reads nothing (``activate`` puts the keyboard somewhere; reading is ``refresh``'s).
What the broadcast refreshes is tested live in test_home_and_changes.py; the style in one place in
test_theme.py (test_no_inline_style_or_colour_code_outside_the_theme)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from loyaltydesk.gui import main_window
from loyaltydesk.gui.pages import PAGES

GUI = Path(main_window.__file__).parent
PAGES_DIR = GUI / "pages"
# what reads or refreshes: a job for the runner, or a page's own reading
READS = {"call", "call_db", "submit", "refresh", "reload", "run", "load_settings", "load", "read"}


def sources(folder: Path = GUI) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def hits(pattern: str, folder: Path = GUI) -> list[str]:
    found = re.compile(pattern)
    return [f"{p.relative_to(GUI)}:{n}: {line.strip()}" for p in sources(folder)
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if found.search(line)]


def test_no_hasattr_in_the_gui():
    """A page is a ``pages.Page`` (a Protocol): nothing asks a widget whether it has a method."""
    assert hits(r"\bhasattr\(") == []


def test_only_the_main_window_hears_the_broadcast():
    """The runner's ``changes`` reach the pages through the main window alone (``MainWindow.changed``
    passes each page the flags it shows): no page wires a refresh of its own to it."""
    heard = hits(r"\.changes\.connect\(")
    assert [h for h in heard if not h.startswith("main_window.py:")] == []
    assert len(heard) == 1


def activate_reads(path: Path) -> list[str]:
    """The calls in each ``activate`` method of ``path`` whose name reads or refreshes."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and node.name == "activate":
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                    if name in READS:
                        found.append(f"{path.name}:{call.lineno}: {name}()")
    return found


def test_being_shown_reads_nothing():
    assert [hit for p in sources(PAGES_DIR) for hit in activate_reads(p)] == []


def test_the_check_sees_a_reading_activate(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("class P:\n    def activate(self):\n        self.runner.call(job, self.show)\n", encoding="utf-8")
    assert activate_reads(page) == ["page.py:3: call()"]


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.name)
def test_each_page_says_what_it_shows_and_refreshes_on_it(spec):
    """Every page's class (its module, built lazily) declares ``shows`` and a ``refresh(changes)``."""
    tree = ast.parse(Path(spec.build.__code__.co_filename).read_text(encoding="utf-8"))
    imported = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == spec.build.__name__)
    module = next(n for n in ast.walk(imported) if isinstance(n, ast.ImportFrom))
    name = module.names[0].name
    cls = getattr(__import__(f"loyaltydesk.gui.pages.{module.module}", fromlist=[name]), name)
    assert "shows" in dir(cls) and callable(cls.refresh), spec.name
    assert list(cls.refresh.__code__.co_varnames[:2]) == ["self", "changes"], spec.name
