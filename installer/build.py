"""Build the one-folder LoyaltyDesk: ``dist/LoyaltyDesk/`` (and on Windows, on request, the setup).

    uv run --group installer python installer/build.py            # build, then self-test it
    uv run --group installer python installer/build.py --clean    # from scratch (no PyInstaller cache)
    uv run --group installer python installer/build.py --no-check # build only
    uv run --group installer python installer/build.py --setup    # Windows: also run Inno Setup (ISCC)

It draws the icon if it is missing, refuses a .qm that is not its .ts compiled (run
``tools/translations.py release``), runs PyInstaller on ``installer/loyaltydesk.spec``, writes ``dist/LoyaltyDesk.build.json``
(version, size, build time and a hash of the sources, so a test can tell a fresh build from a stale
one), and starts the built program with ``--self-test`` against a fresh, temporary data folder
(offscreen where there is no display). Exit status 0 only if all of that worked.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "loyaltydesk.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
APP_DIR = DIST / "LoyaltyDesk"
STAMP = DIST / "LoyaltyDesk.build.json"
WINDOWS = sys.platform == "win32"
SOURCE_GLOBS = ("loyaltydesk/**/*", "resources/**/*", "translations/*.qm", "installer/loyaltydesk.spec",
                "pyproject.toml")


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def executable(console: bool = True) -> Path:
    """The built program; on Windows the console one (``loyaltydesk-cli.exe``) prints, the
    windowed one (``LoyaltyDesk.exe``) is what the shop starts."""
    if WINDOWS:
        return APP_DIR / ("loyaltydesk-cli.exe" if console else "LoyaltyDesk.exe")
    return APP_DIR / "LoyaltyDesk"


def source_hash() -> str:
    """A hash of everything the build is made from (the package, the spec, pyproject.toml)."""
    h = hashlib.sha256()
    files = sorted({p for g in SOURCE_GLOBS for p in ROOT.glob(g)
                    if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")})
    for p in files:
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def read_stamp() -> dict | None:
    try:
        return json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_fresh() -> bool:
    """True if dist/LoyaltyDesk was built by this script from exactly the current sources."""
    stamp = read_stamp()
    return bool(stamp) and stamp.get("sources") == source_hash() and executable().exists()


@contextlib.contextmanager
def lock():
    """One build (or test of the build) at a time in this tree: several people run the tests."""
    if os.environ.get("LOYALTYDESK_BUILD_LOCKED"):  # the caller holds it
        yield
        return
    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / ".build.lock", "a+") as f:
        try:
            import fcntl
        except ImportError:  # Windows: one person per tree anyway
            yield
            return
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            os.environ["LOYALTYDESK_BUILD_LOCKED"] = "1"
            yield
        finally:
            os.environ.pop("LOYALTYDESK_BUILD_LOCKED", None)
            fcntl.flock(f, fcntl.LOCK_UN)


def _translations_tool():
    spec = importlib.util.spec_from_file_location("loyaltydesk_translations_tool", ROOT / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ensure_icon() -> None:
    if not (ROOT / "resources" / "icons" / "loyaltydesk.png").exists() or not (INSTALLER / "loyaltydesk.ico").exists():
        subprocess.run([sys.executable, str(INSTALLER / "make_icon.py")], check=True)


def refuse_stale_translations() -> None:
    """The build ships the committed .qm: it must be the .ts compiled."""
    stale = _translations_tool().stale()
    if stale:
        raise SystemExit("build: " + "; ".join(str(qm.relative_to(ROOT)) for qm in stale)
                         + " is not the .ts compiled: run `uv run python tools/translations.py release` first")


def build(clean: bool = False) -> dict:
    ensure_icon()
    refuse_stale_translations()
    sources = source_hash()  # before building: a file edited meanwhile makes the stamp stale
    STAMP.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(WORK)]
    if clean:
        cmd.append("--clean")
    print("build:", " ".join(cmd), flush=True)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    info = {
        "version": version(),
        "platform": sys.platform,
        "sources": sources,
        "build_seconds": round(seconds, 1),
        "size_bytes": folder_size(APP_DIR),
        "files": sum(1 for p in APP_DIR.rglob("*") if p.is_file()),
        "executable": str(executable().relative_to(ROOT)),
    }
    STAMP.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"build: {APP_DIR.relative_to(ROOT)}  version {info['version']}  {info['size_bytes'] / 1e6:.1f} MB "
          f"in {info['files']} files  built in {seconds:.0f} s", flush=True)
    return info


def self_test_env(home: Path) -> dict:
    env = dict(os.environ, LOYALTYDESK_HOME=str(home))
    if not WINDOWS and sys.platform != "darwin" and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def check() -> bool:
    """Start the built program against a fresh data folder: it must open its main window."""
    with tempfile.TemporaryDirectory(prefix="loyaltydesk-check-") as home:
        for args in (["--version"], ["--self-test"]):
            r = subprocess.run([str(executable()), *args], env=self_test_env(Path(home)),
                               capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
            out = (r.stdout + r.stderr).strip()
            said = [line for line in r.stdout.splitlines() if line.strip()]
            print(f"check: {executable().name} {' '.join(args)} -> exit {r.returncode}: {said[-1] if said else ''}")
            if r.returncode != 0 or "Traceback" in out:
                print(out, file=sys.stderr)
                return False
    return True


def setup() -> Path:
    """Windows: compile installer/loyaltydesk.iss with Inno Setup 6 into dist/."""
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    for guess in (Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe",
                  Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6" / "ISCC.exe"):
        if not iscc and guess.exists():
            iscc = str(guess)
    if not iscc:
        raise SystemExit("build: Inno Setup's ISCC.exe was not found (see installer/README.md)")
    cmd = [iscc, f"/DAppVersion={version()}", f"/DSourceDir={APP_DIR}", f"/O{DIST}", str(INSTALLER / "loyaltydesk.iss")]
    print("build:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=INSTALLER)
    return DIST / f"LoyaltyDesk-{version()}-setup.exe"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Build dist/LoyaltyDesk (PyInstaller, one folder).")
    p.add_argument("--clean", action="store_true", help="drop PyInstaller's cache and build from scratch")
    p.add_argument("--no-check", dest="check", action="store_false", help="do not self-test the result")
    p.add_argument("--setup", action="store_true", help="Windows: also build the Inno Setup installer")
    p.add_argument("--if-stale", action="store_true", help="do nothing if dist/ is fresh for these sources")
    args = p.parse_args(argv)
    with lock():
        if args.if_stale and is_fresh():
            print(f"build: {APP_DIR.relative_to(ROOT)} is up to date")
        else:
            build(clean=args.clean)
        if args.check and not check():
            print("build: the built program failed its self-test", file=sys.stderr)
            return 1
    if args.setup:
        print(f"build: setup program {setup()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
