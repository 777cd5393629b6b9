"""``loyaltydesk --self-test``: does this copy of the program start? (Above all the built one.)

It walks the real way in, without a person: the application (font, translations, direction),
the club opened on the database thread (a fresh demo club is created on first use), a sign-in
(meanwhile the GUI thread loads what the window's first page needs, ``Launcher.warm_up``, as it
does while a person types the password), then the real main window, shown and waited for until it
is usable (``usable``: on the screen, its first page drawn with its first data, the club's
settings read, the keyboard in the page; the start's automatic tasks may still be running, a
step at a time, and are waited for after the figure is taken). Then it checks
what a PyInstaller build most often loses (the Vazirmatn font, our ``.qm``, the icon, modules
imported only later, the libraries' data files), prints one line and exits:

    self-test ok: main window shown in 412 ms (app 95, club 38, sign-in 61, window 218);
    1480 ms after the process started; ...

exit 0, or ``self-test FAILED: ...`` with the details and exit 1. Without ``--db`` it uses the demo
club (``demo.sqlite3`` in the data folder), so it never writes into a shop's real club; with
``--db FILE`` it opens that club and signs in as the command line does (``--user NAME``, the password
from ``--password-file FILE``, else ``LOYALTYDESK_PASSWORD``, else a prompt): an encrypted club opens
only with a user's password. A club nobody owns yet is opened as its (future) owner.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QFontDatabase

import loyaltydesk
from loyaltydesk import resources, services
from loyaltydesk.services import server_login

from . import i18n
from .app import Launcher, make_app

TIMEOUT_S = 60.0


class SelfTestFailed(Exception):
    pass


NEEDS_USER = ("the club {path} has users, and an encrypted club opens only with one's password: "
              "sign in as the command line does, --user NAME with --password-file FILE or LOYALTYDESK_PASSWORD "
              "(loyaltydesk --db {path} --user NAME --password-file FILE --self-test)")


def since_process_start() -> float | None:
    """Seconds since this process was started (the interpreter's own imports included), where the
    system tells it: Linux (/proc) and Windows (GetProcessTimes). None elsewhere."""
    try:
        if sys.platform.startswith("linux"):
            import os

            with open("/proc/self/stat", encoding="ascii") as f:
                start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
            with open("/proc/uptime", encoding="ascii") as f:
                uptime = float(f.read().split()[0])
            return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            k32 = ctypes.windll.kernel32
            k32.GetCurrentProcess.restype = wintypes.HANDLE
            created, exited, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
            k32.GetProcessTimes(k32.GetCurrentProcess(), *(ctypes.byref(t) for t in (created, exited, kernel, user)))
            k32.GetSystemTimePreciseAsFileTime(ctypes.byref(now))
            ticks = lambda t: (t.dwHighDateTime << 32) | t.dwLowDateTime  # 100 ns
            return (ticks(now) - ticks(created)) / 1e7
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    return None


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _wait_until(app, condition, timeout_s: float) -> bool:
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if condition():
            return True
        time.sleep(0.002)
    return False


def usable(window) -> bool:
    """The main window as a person can use it: shown on the screen, its first page's first data
    and the club's settings arrived (``MainWindow.ready``), the keyboard in that page (the window's
    focus widget: where keys go once the desktop makes the window active, which a test desktop or a
    console-started process may not do)."""
    handle = window.windowHandle()
    focus = window.focusWidget()
    page = window.stack.currentWidget()
    return (window.isVisible() and handle is not None and handle.isExposed() and window.ready
            and focus is not None and (focus is page or page.isAncestorOf(focus)))


def _check_shipped_files(lang: str) -> list[str]:
    """What the build must carry and the app must have found; returns the notes to print."""
    notes = []
    if i18n.FONT_FAMILY not in QFontDatabase.families():
        raise SelfTestFailed(f"the {i18n.FONT_FAMILY} font was not loaded from {resources.FONT_REGULAR}")
    notes.append(f"font {i18n.FONT_FAMILY}")
    qm = i18n.TRANSLATIONS / f"loyaltydesk_{lang}.qm"
    if lang == "fa":
        loaded = [Path(t.filePath()).name for t in i18n._installed]
        if qm.exists() and qm.name not in loaded:
            raise SelfTestFailed(f"{qm} is shipped but did not load")
        notes.append("translations " + (", ".join(loaded) if loaded else "none shipped"))
    notes.append(f"lang {lang} {'rtl' if i18n.is_persian() else 'ltr'}")
    if not resources.path("icons", "loyaltydesk.png").exists():
        raise SelfTestFailed("the icon resources/icons/loyaltydesk.png is missing")
    return notes


def _check_libraries() -> int:
    """Import every module of the program (a frozen build holds only what was collected) and use
    the third-party data files the build must carry. Returns the number of modules imported."""
    names = [m.name for m in pkgutil.walk_packages(loyaltydesk.__path__, "loyaltydesk.")
             if ".tests" not in m.name and not m.name.endswith("__main__")]
    for name in names:
        importlib.import_module(name)
    import escpos.capabilities  # reads its capabilities.json when imported
    import jdatetime
    import qrcode
    import uharfbuzz as hb

    if not escpos.capabilities.get_profile("default"):
        raise SelfTestFailed("escpos has no capabilities")
    jdatetime.date.today().strftime("%Y/%m/%d")
    qrcode.make("6037-0000-0000-0001")
    font = hb.Font(hb.Face(resources.FONT_REGULAR.read_bytes()))
    buf = hb.Buffer()
    buf.add_str("باشگاه مشتریان")
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    if not buf.glyph_infos or any(g.codepoint == 0 for g in buf.glyph_infos):
        raise SelfTestFailed("uharfbuzz could not shape Persian with Vazirmatn")
    return len(names)


def run(db_path: Path | str, *, demo: bool, timeout_s: float = TIMEOUT_S, user: str | None = None,
        password: str | None = None, log_file: Path | None = None) -> int:
    """The self-test of the club at ``db_path`` (a file, or a ``postgresql://`` URL of a club on the
    shop's server: its password as a till finds it, the keyring's, else ``PGPASSWORD``); ``user`` and
    ``password`` sign in (a club with users that is not the demo club needs them). ``log_file``:
    the errors log (else beside the club file)."""
    start = time.perf_counter()
    on_server = isinstance(db_path, str) and server_login.is_url(db_path)
    db_path = db_path if on_server else Path(db_path)
    launcher = None
    window = None
    try:
        if isinstance(db_path, Path):
            db_path.parent.mkdir(parents=True, exist_ok=True)
        app = make_app()
        lang = i18n.language()
        t_app = time.perf_counter()

        created = demo and isinstance(db_path, Path) and not db_path.exists()
        if log_file is None and isinstance(db_path, Path):
            log_file = db_path.parent / "loyaltydesk-errors.log"
        launcher = Launcher(db_path, demo=demo, log_file=log_file)
        needs_setup = launcher.prepare()[0]  # a fresh demo club is filled here
        t_club = time.perf_counter()

        runner = launcher.runner
        clock = [runner.clock] if runner.clock else []
        if user is not None and not needs_setup:  # the real sign-in, as the command line's
            signing_in = runner.call_db(lambda db: services.users.sign_in(db, user, password or "", *clock))
        elif demo and not needs_setup:  # the demo club's documented owner, password and all
            signing_in = runner.call_db(lambda db: services.users.sign_in(
                db, services.demo.DEMO_OWNER, services.demo.DEMO_PASSWORD, *clock))
        elif needs_setup:  # a club nobody owns yet: its owner to be, as ``init`` acts
            signing_in = runner.call_db(lambda db: services.owner_session(db, "self-test"))
        else:
            raise SelfTestFailed(NEEDS_USER.format(path=launcher.db_path))
        launcher.warm_up()  # while the key derivation runs, as the sign-in dialog does while one types
        session = signing_in.result()
        t_sign = time.perf_counter()

        window = launcher.open_window(session)
        window.show()
        shown = _wait_until(app, lambda: usable(window), timeout_s)
        app.processEvents()  # the first page drawn with its data
        t_window = time.perf_counter()
        since_start = since_process_start()
        if not shown:
            raise SelfTestFailed(f"the main window was not usable within {timeout_s:.0f} s")
        if not window.pages:
            raise SelfTestFailed("the main window has no pages")
        if not _wait_until(app, lambda: runner.idle, timeout_s):  # the automatic tasks of the start
            raise SelfTestFailed(f"the start's automatic tasks did not finish within {timeout_s:.0f} s")

        notes = _check_shipped_files(lang)
        t0 = time.perf_counter()
        modules = _check_libraries()
        t_libs = time.perf_counter()

        frozen = "frozen" if getattr(sys, "frozen", False) else "source"
        print(f"self-test ok: main window shown in {_ms(t_window - start)} ms "
              f"(app {_ms(t_app - start)}, club {_ms(t_club - t_app)}{' incl. demo creation' if created else ''}, "
              f"sign-in {_ms(t_sign - t_club)}, window {_ms(t_window - t_sign)}); "
              + (f"{_ms(since_start)} ms after the process started; " if since_start is not None else "") +
              f"{len(window.pages)} pages; {'; '.join(notes)}; {modules} modules and libraries ok in {_ms(t_libs - t0)} ms; "
              f"{frozen} {loyaltydesk.__version__}; club {launcher.db_path}", flush=True)
        return 0
    except Exception as e:
        said = getattr(e, "message", None)  # a LoyaltyError (a wrong password, a locked club) says itself
        if said is None and not isinstance(e, SelfTestFailed):
            traceback.print_exc(file=sys.stderr)
        print(f"self-test FAILED: {said or e}", file=sys.stderr, flush=True)
        return 1
    finally:
        if window is not None:
            window.hide()
            window.deleteLater()
        if launcher is not None:
            launcher.close()
        QCoreApplication.processEvents()
