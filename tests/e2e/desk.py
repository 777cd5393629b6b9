"""The real program on a real X server, driven as a shop drives it.

``Desk`` starts the ``loyaltydesk`` console script (the program the README starts) on an Xvfb
screen with openbox as the window manager, and touches it only through X: ``xdotool`` types and
clicks through XTEST, exactly as a USB scanner, a keyboard and a mouse do. What happened is read
back through the command line's ``--json`` on the same database, never from the program's insides.
Screenshots go to the test's folder and, when ``LOYALTYDESK_SCREENSHOTS=DIR`` is set, into DIR.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

# The Persian keys of the test keyboard: digits (Persian and Arabic-Indic), letters (and the Arabic
# ي ك a keyboard with the Arabic layout types), ZWNJ, the Persian comma, thousands and decimal signs.
PERSIAN_KEYS = ("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩" "آاأإبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةءئؤ" "\u200c،٬٫؟")
FIRST_PERSIAN_KEYCODE = 176  # keycodes 176-255 carry multimedia keys nobody presses here
SCANNER_DELAY_MS = 5  # a USB scanner types a key every few milliseconds
PERSON_DELAY_MS = 40  # a person types much slower than that
TOOLS = ("Xvfb", "openbox", "xdotool", "xprop", "xmodmap", "import")


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


def program() -> str:
    """The ``loyaltydesk`` console script of this environment (what ``uv run loyaltydesk`` runs)."""
    here = Path(sys.executable).parent / ("loyaltydesk.exe" if os.name == "nt" else "loyaltydesk")
    return str(here) if here.exists() else (shutil.which("loyaltydesk") or "loyaltydesk")


class Screen:
    """One Xvfb display of a given size with openbox on it."""

    def __init__(self, width: int, height: int, workdir: Path):
        self.width, self.height = width, height
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp",
             "-noreset"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        number = b""
        deadline = time.monotonic() + 15
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            chunk = os.read(read, 16)
            if not chunk:
                break
            number += chunk
        os.close(read)
        if not number.strip():
            self.xvfb.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = ":" + number.decode().strip()
        self.env = {**os.environ, "DISPLAY": self.display}
        self.env.pop("QT_QPA_PLATFORM", None)  # the suite runs offscreen; the program must not
        config = workdir / f"openbox-rc-{self.display[1:]}.xml"
        config.write_text(OPENBOX_RC, encoding="utf-8")
        self.wm = subprocess.Popen(["openbox", "--config-file", str(config)], env=self.env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.persian_keyboard()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # openbox is up when the root names its check window
            done = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=self.env,
                                  capture_output=True, text=True)
            if "window id" in done.stdout:
                break
            time.sleep(0.05)

    def persian_keyboard(self) -> None:
        """Give the keyboard Persian keys, as a shop PC with the Persian layout has. Without them
        xdotool maps each Persian letter onto a spare key just before pressing it, and the program
        may read that press with the old map: the first ۱ of ۱۲۰٬۰۰۰ was lost that way."""
        lines = [f"keycode {FIRST_PERSIAN_KEYCODE + i} = U{ord(ch):04X}" for i, ch in enumerate(PERSIAN_KEYS)]
        subprocess.run(["xmodmap", "-"], input="\n".join(lines), text=True, env=self.env, check=True,
                       capture_output=True)

    def close(self) -> None:
        for p in (self.wm, self.xvfb):
            p.terminate()
        for p in (self.wm, self.xvfb):
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()


class Desk:
    """The program on one screen with its own data folder (``LOYALTYDESK_HOME``)."""

    def __init__(self, screen: Screen, home: Path, shots: Path, name: str, lang: str = "fa"):
        self.screen = screen
        self.home = home
        self.shots = shots
        self.name = name
        self.lang = lang
        self.expect_errors = False
        self.process: subprocess.Popen | None = None
        self.club_url: str | None = None  # a club on a PostgreSQL server: ``--db URL`` to the program and its command line
        self.output = home.parent / f"{name}-program.log"
        self._shot_number = 0
        home.mkdir(parents=True, exist_ok=True)

    # -- the program --------------------------------------------------------------------------
    @property
    def env(self) -> dict:
        return {**self.screen.env, "LOYALTYDESK_HOME": str(self.home), "LOYALTYDESK_LANG": self.lang}

    @property
    def db(self) -> Path:
        return self.home / "demo.sqlite3"

    def start(self, *args: str, demo: bool = True, env: dict | None = None, wait_title: str | None = None,
              timeout: float = 30) -> None:
        """Start ``loyaltydesk [--demo] ARGS`` and wait until it shows a window (``wait_title``: a
        regex its title must match; by default any window of the program)."""
        server = ["--db", self.club_url] if self.club_url and "--db" not in args else []
        argv = [program(), *(["--demo"] if demo else []), *server, *args]
        environment = {**self.env, **(env or {})}
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
        with open(self.output, "ab") as log:
            self.process = subprocess.Popen(argv, env=environment, stdout=log, stderr=log, start_new_session=True)
        self.wait_window(wait_title or ".", timeout=timeout)

    def sign_in(self, user: str = "sara", password: str = "demo1234", timeout: float = 20) -> str:
        """Type the user and password into the sign-in window and wait for the main window."""
        self.focus(SIGN_IN_TITLE)
        self.key("shift+Tab")  # the demo puts the cursor in the password; the user field is before it
        self.key("ctrl+a")
        self.type(user)
        self.key("Tab")
        self.key("ctrl+a")
        self.type(password)
        self.key("Return")
        wid = self.wait_window(MAIN_TITLE, timeout=timeout)
        time.sleep(0.5)  # the first page gets the keyboard once shown
        return wid

    def stop(self) -> int | None:
        """Close the program (its process group: nothing stays behind for the next test)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        code, self.process = self.process.returncode, None
        return code

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def program_output(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace") if self.output.exists() else ""

    def errors_log(self) -> str:
        log = self.home / "loyaltydesk-errors.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    # -- X input ------------------------------------------------------------------------------
    def xdotool(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["xdotool", *args], env=self.screen.env, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def scan(self, code: str, settle: float = 0.6) -> None:
        """A USB scanner: the card's digits at 5 ms a key, then Enter."""
        self.xdotool("type", "--delay", str(SCANNER_DELAY_MS), code)
        time.sleep(SCANNER_DELAY_MS / 1000)
        self.xdotool("key", "Return")
        time.sleep(settle)

    def type(self, text: str, delay: int = PERSON_DELAY_MS, settle: float = 0.2) -> None:
        """A person typing (Persian letters and digits too)."""
        self.xdotool("type", "--delay", str(delay), text)
        time.sleep(settle)

    def key(self, *keys: str, settle: float = 0.3) -> None:
        """Keys pressed one after another: ``F9``, ``Escape``, ``Return``, ``Down``, ``ctrl+2``."""
        for k in keys:
            self.xdotool("key", k)
            time.sleep(settle)

    def click(self, x: int, y: int, button: int = 1, settle: float = 0.4) -> None:
        """A click at (x, y) of the active window's inside (its top-left corner is 0, 0)."""
        # relative to the window itself: under a reparenting window manager the position
        # getwindowgeometry reports counts the frame twice (clicks landed ~19 px low)
        self.xdotool("mousemove", "--window", self.active_window(), "--sync", str(x), str(y))
        self.xdotool("click", str(button))
        time.sleep(settle)

    # -- windows ------------------------------------------------------------------------------
    def windows(self) -> list[tuple[str, str]]:
        """The program's visible windows: (id, title)."""
        if self.process is None:
            return []
        ids = self.xdotool("search", "--onlyvisible", "--pid", str(self.process.pid), "--name", ".",
                           check=False).split()
        found = []
        for wid in ids:
            title = self.xdotool("getwindowname", wid, check=False).strip()
            if title:
                found.append((wid, title))
        return found

    def wait_window(self, title: str, timeout: float = 10) -> str:
        """Wait for a visible window of the program whose title matches the regex ``title``."""
        pattern = re.compile(title)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"the program ended ({self.process.returncode}) while waiting for "
                                     f"{title!r}:\n{self.program_output()[-3000:]}\n{self.errors_log()[-3000:]}")
            for wid, name in self.windows():
                if pattern.search(name):
                    return wid
            time.sleep(0.1)
        raise AssertionError(f"no window titled {title!r}; shown: {self.windows()}")

    def wait_gone(self, title: str, timeout: float = 10) -> None:
        pattern = re.compile(title)
        self.wait_until(lambda: not any(pattern.search(n) for _, n in self.windows()), timeout,
                        f"the window {title!r} to close")

    def active_window(self) -> str:
        return self.xdotool("getactivewindow").strip()

    def active_title(self) -> str:
        return self.xdotool("getactivewindow", "getwindowname", check=False).strip()

    def focus(self, title: str) -> str:
        """Bring the window whose title matches to the front (as a click on it would)."""
        wid = self.wait_window(title)
        self.xdotool("windowactivate", "--sync", wid, check=False)
        time.sleep(0.2)
        return wid

    def geometry(self, wid: str) -> tuple[int, int, int, int]:
        """x, y, width, height of a window on the screen (its inside, without the frame)."""
        out = self.xdotool("getwindowgeometry", "--shell", wid)
        values = dict(line.split("=", 1) for line in out.split() if "=" in line)
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])

    def wait_until(self, predicate, timeout: float = 10, what: str = "the condition", every: float = 0.2):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = predicate()
            if last:
                return last
            time.sleep(every)
        raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {last!r})")

    # -- looking ------------------------------------------------------------------------------
    def shot(self, name: str) -> Path:
        """A screenshot of the whole screen, kept with the test and in $LOYALTYDESK_SCREENSHOTS."""
        self._shot_number += 1
        file = f"{self.name}-{self._shot_number:02d}-{name}.png"
        path = self.shots / file
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(path)], env=self.screen.env, check=True,
                       capture_output=True, timeout=60)
        keep = os.environ.get("LOYALTYDESK_SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(keep) / file)
        return path

    # -- the command line on the same database ------------------------------------------------
    def run_cli(self, *args: str, check: bool = True, user: str = "owner",
                password: str = "demo1234") -> subprocess.CompletedProcess:
        """``loyaltydesk --demo --user USER ARGS`` (``--db URL`` for a club on a server) on this desk's
        database, signed in with one of the demo club's documented accounts (the owner by default)."""
        env = {k: v for k, v in self.env.items() if k != "DISPLAY"}
        env["LOYALTYDESK_PASSWORD"] = password
        club = ["--db", self.club_url] if self.club_url else ["--demo"]
        done = subprocess.run([program(), *club, "--user", user, *args], env=env, capture_output=True, text=True,
                              timeout=120)
        if check and done.returncode != 0:
            raise AssertionError(f"loyaltydesk {' '.join(args)} -> {done.returncode}\n{done.stderr}")
        return done

    def cli(self, *args: str):
        """``loyaltydesk --demo --user owner --json ARGS`` on this desk's database, parsed."""
        return json.loads(self.run_cli("--json", *args).stdout)

    def member(self, key: str) -> dict:
        return self.cli("member", "show", key)

    def exported(self, what: str) -> list[list[str]]:
        """The rows of ``loyaltydesk export WHAT`` (members, purchases, ledger) as CSV cells, without
        the header: one program run for what a command per member would read."""
        out = self.home.parent / f"{self.name}-{what}.csv"
        self.run_cli("export", what, "--out", str(out))
        with open(out, encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f))[1:]

    def members(self, *, active: bool = True) -> list[dict]:
        """The club's members as the export writes them (card, mobile, names, status, tier,
        points), oldest first: cards and mobiles to scan and type."""
        found = [dict(zip(MEMBER_COLUMNS, r)) for r in self.exported("members")]
        return [m for m in found if not active or m["status"] == "active"]


MEMBER_COLUMNS = ("card", "mobile", "first_name", "last_name", "birthday", "gender", "national_code", "referrer",
                  "sms_consent", "notes", "status", "joined", "tier", "tier_since", "points")
SIGN_IN_TITLE = r"^(ورود به|Sign in to) LoyaltyDesk$"
FIRST_RUN_TITLE = r"^(به LoyaltyDesk خوش آمدید|Welcome to LoyaltyDesk)$"  # before a shop has a name
MAIN_TITLE = r" — LoyaltyDesk$"  # "<shop> — LoyaltyDesk"

# openbox: new windows (dialogs) get the keyboard when they open, as on a real desktop.
OPENBOX_RC = """<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <focus><focusNew>yes</focusNew><followMouse>no</followMouse></focus>
  <placement><policy>Smart</policy><center>yes</center></placement>
  <desktops><number>1</number></desktops>
</openbox_config>
"""
