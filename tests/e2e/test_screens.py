"""The screens a shop has (defect 6), on the real program from outside.

Before the fix the main window was a fixed 1200×760: on a 1366×768 screen its status bar fell
below the screen's edge, and on 1024×600 a window manager could not fit it at all; the About text
lived only in the status bar; the kiosk's minimum was 1408×809, so on an 800×600 customer display
its score buttons were cut off.

The owner's pass opens every page with Ctrl+1… on 1366×768 and 1024×600, in Persian and English,
and saves a screenshot of each (``LOYALTYDESK_SCREENSHOTS=DIR`` keeps them); the errors log stays
empty throughout (the ``make_desk`` fixture checks it).
"""

from __future__ import annotations

import hashlib
import subprocess
import time

import pytest
from PIL import Image

from loyaltydesk.gui import theme

from .desk import MAIN_TITLE

OWNER_PAGES = ("cashier", "members", "settings", "users", "analytics", "followup")  # Ctrl+1 … Ctrl+6
SETTINGS_TABS = 7  # shop, earning, tiers, coupons, backups, import/export, changes: Ctrl+Tab walks them
KIOSK = r"^(Customer survey|نظرسنجی مشتری)$"
ABOUT = r"^(About LoyaltyDesk|دربارهٔ LoyaltyDesk)$"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


# the kiosk's 0-10 buttons (detractor, passive, promoter) and its Send button, in the light theme's colours
ZONE_COLOURS = {_rgb(theme.LIGHT.danger), _rgb(theme.LIGHT.star), _rgb(theme.LIGHT.success)}
SUBMIT_BLUE = _rgb(theme.LIGHT.accent)


def window_state(desk, wid: str) -> str:
    done = subprocess.run(["xprop", "-id", wid, "_NET_WM_STATE"], env=desk.screen.env, capture_output=True,
                          text=True, timeout=30)
    return done.stdout


def frame_top(desk, wid: str) -> int:
    done = subprocess.run(["xprop", "-id", wid, "_NET_FRAME_EXTENTS"], env=desk.screen.env, capture_output=True,
                          text=True, timeout=30)
    values = done.stdout.split("=")[-1].split(",")
    return int(values[2]) if len(values) == 4 else 0


def assert_fills_the_screen(desk, wid: str) -> None:
    """Maximized, and the window with its title bar inside the screen: its bottom edge (the status
    bar) is on the screen."""
    x, y, width, height = desk.geometry(wid)
    screen_w, screen_h = desk.screen.width, desk.screen.height
    assert "MAXIMIZED_VERT" in window_state(desk, wid) and "MAXIMIZED_HORZ" in window_state(desk, wid)
    assert width == screen_w, (x, y, width, height)
    assert height + frame_top(desk, wid) == screen_h, (x, y, width, height)


def screen_hash(path) -> str:
    return hashlib.sha1(Image.open(path).convert("RGB").tobytes()).hexdigest()


@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_main_window_opens_maximized_with_its_status_bar_on_the_screen(make_desk, size):
    desk = make_desk(size=size)
    desk.start()
    desk.sign_in("sara")
    wid = desk.wait_window(MAIN_TITLE)
    time.sleep(0.5)
    assert_fills_the_screen(desk, wid)
    desk.shot("maximized")
    desk.key("F10", "Right", "Down", "Return")  # Help ▸ About (right to left, the next menu is on the left)
    desk.wait_window(ABOUT)
    desk.shot("about")
    desk.key("Escape")
    desk.wait_gone(ABOUT)


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_owners_pass_over_every_page(make_desk, size, lang):
    desk = make_desk(size=size, lang=lang)
    desk.start()
    desk.sign_in("owner")
    wid = desk.wait_window(MAIN_TITLE)
    assert_fills_the_screen(desk, wid)
    seen = {}
    for n, page in enumerate(OWNER_PAGES, 1):
        desk.key(f"ctrl+{n}", settle=1.5)
        shot = desk.shot(page)
        seen[page] = screen_hash(shot)
        if page == "settings":  # its tabs: Tab into the page (its tab bar), then Ctrl+Tab
            desk.key("Tab")
            for tab in range(1, SETTINGS_TABS):
                desk.key("ctrl+Tab", settle=1.0)
                seen[f"settings-{tab}"] = screen_hash(desk.shot(f"settings-tab{tab}"))
    assert len(set(seen.values())) == len(seen), "a page or tab looked the same as another: Ctrl+N did not move"
    assert desk.errors_log() == ""
    assert "Traceback" not in desk.program_output()


def zone_runs(path, row: int) -> int:
    """How many separate runs of the score buttons' colours cross this row of the picture."""
    image = Image.open(path).convert("RGB")
    runs, inside = 0, False
    for x in range(image.width):
        r, g, b = image.getpixel((x, row))
        coloured = any(abs(r - c[0]) < 20 and abs(g - c[1]) < 20 and abs(b - c[2]) < 20 for c in ZONE_COLOURS)
        if coloured and not inside:
            runs += 1
        inside = coloured
    return runs


def score_row(path) -> int | None:
    """A row of the picture that crosses all eleven score buttons, if there is one."""
    image = Image.open(path)
    return next((y for y in range(0, image.height, 2) if zone_runs(path, y) == 11), None)


def test_the_kiosk_shows_all_its_buttons_on_an_800x600_display(make_desk):
    desk = make_desk(size=(800, 600))
    member = desk.members()[0]
    desk.start()
    desk.sign_in("sara")
    desk.scan(member["card"])
    desk.key("F8")  # the cashier hands the kiosk to the member on screen
    wid = desk.wait_window(KIOSK)
    time.sleep(1.0)
    x, y, width, height = desk.geometry(wid)
    assert width <= 800 and height + frame_top(desk, wid) <= 600, (x, y, width, height)
    assert x >= 0 and y >= 0
    question = desk.shot("kiosk-question")
    row = score_row(question)
    assert row is not None, "the eleven score buttons are not all on the screen"
    image = Image.open(question).convert("RGB")
    # touch a score: the middle of the first coloured run on that row (0 on the right, 10 on the left)
    xs = [px for px in range(image.width)
          if any(all(abs(a - b) < 20 for a, b in zip(image.getpixel((px, row)), c)) for c in ZONE_COLOURS)]
    desk.xdotool("mousemove", "--sync", str(xs[0] + 10), str(row))
    desk.xdotool("click", "1")
    time.sleep(1.0)
    details = desk.shot("kiosk-details")
    blue = sum(1 for p in Image.open(details).convert("RGB").get_flattened_data()
               if all(abs(a - b) < 12 for a, b in zip(p, SUBMIT_BLUE)))
    assert blue > 2000, "the Send button is not on the screen"
