"""The wheel carries the top-level resources/ and translations/ (the .qm) inside the package, and
a wheel installed into a fresh environment outside the tree starts in Persian (its self-test);
``resources.shipped()`` finds the files inside the package first, else at the project root.

The install takes a few seconds from uv's cache. ``LOYALTYDESK_SKIP_BUILD=1`` skips it, as the
one-folder build's tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from loyaltydesk import resources

ROOT = Path(__file__).resolve().parents[2]
OK = re.compile(r"^self-test ok: main window shown in (\d+) ms", re.M)


def test_a_checkout_finds_the_shipped_files_at_the_project_root():
    assert resources.shipped("resources") == ROOT / "resources"
    assert resources.shipped("translations", "loyaltydesk_fa.qm") == ROOT / "translations" / "loyaltydesk_fa.qm"
    assert resources.FONT_REGULAR == ROOT / "resources" / "fonts" / "Vazirmatn-Regular.ttf"
    assert resources.FONT_REGULAR.is_file() and resources.path("icons", "loyaltydesk.png").is_file()
    assert not (ROOT / "loyaltydesk" / resources.INSIDE).exists()  # only a wheel or a build has it
    with pytest.raises(ValueError):
        resources.shipped("fonts")


def test_a_package_that_carries_them_is_looked_in_first(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "loyaltydesk"
    (package / resources.INSIDE / "resources").mkdir(parents=True)
    monkeypatch.setattr(resources, "HERE", package)
    assert resources.path("theme", "base.qss") == package / "shipped" / "resources" / "theme" / "base.qss"
    assert resources.shipped("translations", "x.qm") == package / "shipped" / "translations" / "x.qm"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if not shutil.which("uv"):
        pytest.skip("uv builds the wheel")
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(["uv", "build", "--wheel", "--out-dir", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("loyaltydesk-*.whl")
    return built


def test_the_wheel_carries_every_shipped_file_and_no_ts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"loyaltydesk/{resources.INSIDE}/{p.relative_to(ROOT).as_posix()}"
                for folder in ("resources", "translations") for p in (ROOT / folder).rglob("*")
                if p.is_file() and p.suffix != ".ts" and "__pycache__" not in p.parts}
    assert expected and expected <= names, sorted(expected - names)
    assert not [n for n in names if n.endswith(".ts")]


@pytest.mark.skipif(bool(os.environ.get("LOYALTYDESK_SKIP_BUILD")), reason="LOYALTYDESK_SKIP_BUILD is set")
def test_an_installed_wheel_starts_in_persian_outside_the_tree(wheel, tmp_path):
    venv = tmp_path / "venv"
    scripts = venv / ("Scripts" if sys.platform == "win32" else "bin")
    for cmd in (["uv", "venv", "-q", "--python", sys.executable, str(venv)],
                ["uv", "pip", "install", "-q", "--python", str(scripts / "python"), str(wheel)]):
        done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(LOYALTYDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", LOYALTYDESK_LANG="fa")
    done = subprocess.run([str(scripts / "loyaltydesk"), "--self-test"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0 and OK.search(done.stdout), done.stdout + done.stderr
    assert "translations loyaltydesk_fa.qm" in done.stdout and "lang fa rtl" in done.stdout, done.stdout
    found = subprocess.run([str(scripts / "python"), "-c",
                            "from loyaltydesk import resources; print(resources.shipped('translations'))"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(found).is_relative_to(venv) and Path(found, "loyaltydesk_fa.qm").is_file(), found
