"""The type checker over the inner layers (pyproject's ``[tool.mypy]``: domain/, store/, services/).

The store returns typed rows and the services typed views; mypy keeps every reader honest about
them (a field that is not there, a value that may be None), so it runs with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_domain_store_and_services_type_check():
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
