"""Helpers shared by the installer tests: ``installer/build.py`` loaded as a module."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def build_script():
    spec = importlib.util.spec_from_file_location("loyaltydesk_build", ROOT / "installer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
