"""The layers' import direction: domain ← store ← services ← (gui, cli). Walks every import with ast."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "loyaltydesk"

# For each layer: module prefixes it may never import.
FORBIDDEN = {
    "domain": ("loyaltydesk.store", "loyaltydesk.services", "loyaltydesk.gui", "loyaltydesk.cli",
               "loyaltydesk.printing", "sqlite3", "sqlite_utils", "PySide6"),
    "store": ("loyaltydesk.services", "loyaltydesk.gui", "loyaltydesk.cli", "loyaltydesk.printing", "PySide6"),
    "services": ("loyaltydesk.gui", "loyaltydesk.cli", "sqlite3", "sqlite_utils", "PySide6"),
    "printing": ("loyaltydesk.store", "loyaltydesk.gui", "loyaltydesk.cli", "sqlite3", "sqlite_utils"),
    "gui": ("loyaltydesk.store", "sqlite3", "sqlite_utils"),
    "cli": ("loyaltydesk.store", "sqlite3", "sqlite_utils", "loyaltydesk.gui.pages"),
}


def layer_of(path: Path, root: Path = PACKAGE) -> str | None:
    rel = path.relative_to(root)
    layer = rel.parts[0] if len(rel.parts) > 1 else rel.stem
    return layer if layer in FORBIDDEN else None


def imports_of(path: Path, root: Path = PACKAGE) -> list[str]:
    """Absolute names of every module imported by ``path`` (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("loyaltydesk",) + path.relative_to(root).parent.parts)
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.append(module)
            names += [f"{module}.{a.name}" for a in node.names]
    return names


def all_modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if layer_of(p))


def violations(path: Path, root: Path = PACKAGE) -> list[str]:
    forbidden = FORBIDDEN[layer_of(path, root)]
    return [name for name in imports_of(path, root) if any(name == f or name.startswith(f + ".") for f in forbidden)]


@pytest.mark.parametrize("path", all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_imports_point_inwards(path):
    assert violations(path) == [], f"{path.relative_to(PACKAGE)} breaks the layering"


def test_the_walk_sees_every_layer():
    assert {"domain", "store", "services", "cli"} <= {layer_of(p) for p in all_modules()}


@pytest.mark.parametrize(
    "relpath, source, caught",
    [
        ("gui/pages/cashier.py", "from ...store import members\n", ["loyaltydesk.store", "loyaltydesk.store.members"]),
        ("gui/app.py", "import sqlite3\n", ["sqlite3"]),
        ("cli.py", "from loyaltydesk.store.db import Database\n", ["loyaltydesk.store.db", "loyaltydesk.store.db.Database"]),
        ("domain/x.py", "from PySide6.QtCore import QDate\n", ["PySide6.QtCore", "PySide6.QtCore.QDate"]),
        ("services/x.py", "def f():\n    import sqlite_utils\n", ["sqlite_utils"]),
        ("gui/app.py", "from loyaltydesk import services\n", []),
        ("store/x.py", "from loyaltydesk.domain import ledger\n", []),
    ],
)
def test_a_violation_is_caught(tmp_path, relpath, source, caught):
    fake = tmp_path / "loyaltydesk" / relpath
    fake.parent.mkdir(parents=True)
    fake.write_text(source)
    assert violations(fake, tmp_path / "loyaltydesk") == caught


def test_a_till_on_a_file_never_loads_psycopg():
    """psycopg (and libpq) load only when a club on a PostgreSQL server is opened: the desktop app,
    the command line and a file club's opening never pay for them at start."""
    code = ("import sys, tempfile, pathlib\n"
            "import loyaltydesk.cli, loyaltydesk.gui.app, loyaltydesk.gui.main_window\n"
            "from loyaltydesk.store import open_database\n"
            "db = open_database(pathlib.Path(tempfile.mkdtemp()) / 'club.sqlite3')\n"
            "db.close()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'psycopg'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
