"""No error lost, and the first start on a new machine (defects 11 and 12), on the real
program from outside.

Before the fix: ``loyaltydesk --db NEW`` on a machine whose data folder did not exist stopped with
"internal error: No such file or directory: …/LoyaltyDesk/loyaltydesk-errors.log" and no window;
signing out and in again left the old window's handlers on the runner ("QLabel already deleted" on
every job after it, in the terminal only); there was no Ctrl+N and no F10 to do it by keyboard.
"""

from __future__ import annotations

import json
from tests.raw import raw_connect
import subprocess

from .desk import FIRST_RUN_TITLE, MAIN_TITLE, SIGN_IN_TITLE, program

ERRORS_LOG = "loyaltydesk-errors.log"
NOTICE = r"^LoyaltyDesk$"  # the calm notice and the start failure's box carry the program's name


def fresh_machine(tmp_path):
    """A user whose HOME is empty: no ~/.local/share/LoyaltyDesk, no LOYALTYDESK_HOME."""
    home = tmp_path / "new-user"
    home.mkdir()
    env = {"HOME": str(home), "XDG_DATA_HOME": None, "LOYALTYDESK_HOME": None, "XDG_CONFIG_HOME": str(home / ".config")}
    return home, home / ".local" / "share" / "LoyaltyDesk", env


def test_the_first_start_with_db_on_a_new_machine_reaches_the_first_run_and_makes_the_club(make_desk, tmp_path):
    desk = make_desk(club=False)
    home, data, env = fresh_machine(tmp_path)
    club = tmp_path / "shop" / "club.sqlite3"
    assert not data.exists() and not club.parent.exists()
    desk.start("--db", str(club), demo=False, env=env, wait_title=FIRST_RUN_TITLE)
    assert desk.alive()
    assert "internal error" not in desk.program_output()
    assert data.is_dir()  # the data folder (for the errors log) was made
    desk.shot("first-run")

    # the shop's name, toman, no logo, then the owner: a person typing, Persian and Latin
    desk.type("عطاری نیک")
    desk.key("Tab", "Tab", "Tab")  # the unit, the logo button, then the owner's name
    desk.type("نیکو")
    desk.key("Tab")
    desk.type("niko")
    desk.key("Tab")
    desk.type("secret12")
    desk.key("Tab")
    desk.type("secret12")
    desk.key("Return")
    desk.wait_window(MAIN_TITLE, timeout=20)
    desk.shot("main-window")
    done = subprocess.run([program(), "--db", str(club), "--user", "niko", "--json", "club", "show"], capture_output=True,
                          text=True, timeout=60,  # signed in as the owner the first run made
                          env={k: v for k, v in {**desk.env, **env, "LOYALTYDESK_PASSWORD": "secret12"}.items()
                               if v is not None and k != "DISPLAY"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["settings"]["shop_name"] == "عطاری نیک"
    log = data / ERRORS_LOG
    assert not log.exists() or not log.read_text(encoding="utf-8")


def test_a_club_that_cannot_be_opened_is_said_calmly_and_logged_with_its_traceback(make_desk, tmp_path):
    desk = make_desk(club=False)
    desk.expect_errors = True
    broken = desk.home / "broken.sqlite3"
    broken.write_bytes(b"this is not a database, it is a letter\n" * 200)
    desk.start("--db", str(broken), demo=False, wait_title=NOTICE)
    desk.shot("cannot-open")
    log = desk.errors_log()
    assert "Traceback (most recent call last)" in log and "not a database" in log
    assert "Traceback" not in desk.program_output()  # in the log, not only on a terminal nobody has
    desk.key("Return")
    desk.wait_until(lambda: not desk.alive(), what="the program to end after the message")


def test_an_unexpected_error_in_the_real_program_goes_to_the_errors_log(desk):
    """A member's row edited by another tool (a date that is no date): opening that member is a
    bug-like failure. Its traceback is in the errors log (the real program's log handler is
    attached), the cashier reads one calm sentence, and the till goes on with the next customer."""
    desk.expect_errors = True
    broken, good = desk.members()[:2]
    with raw_connect(desk.db) as db:
        db.execute("UPDATE members SET joined_at = 'yesterday-ish' WHERE card = ?", (broken["card"],))
    db.close()
    before = len(desk.cli("history", good["card"])["purchases"])
    desk.start()
    desk.sign_in("sara")
    desk.scan(broken["card"])
    desk.wait_until(lambda: "yesterday-" in desk.errors_log(), timeout=20,
                    what="the failure in the errors log")
    desk.shot("unexpected-error")
    log = desk.errors_log()
    assert "Traceback (most recent call last)" in log and "Invalid isoformat string" in log
    assert "Traceback" not in desk.program_output()
    desk.key("Escape")
    desk.scan(good["card"])  # the next customer
    desk.type("50000")
    desk.key("F9")
    desk.wait_until(lambda: len(desk.cli("history", good["card"])["purchases"]) == before + 1,
                    what="the next customer's purchase")
    desk.shot("next-customer")


def test_signing_out_and_in_by_keyboard_leaves_no_error(desk):
    desk.start()
    desk.sign_in("owner")
    desk.key("ctrl+2", settle=1.0)
    desk.key("ctrl+1", settle=0.5)
    desk.key("F10", "Up", "Up", "Return")  # the Club menu from its end: Quit, then Sign out
    desk.wait_window(SIGN_IN_TITLE)
    desk.shot("signed-out")
    desk.sign_in("sara")
    member = desk.members()[0]
    desk.scan(member["card"])  # every job now says busy and not busy: nothing of the old window hears it
    desk.key("ctrl+2", settle=1.0)
    desk.key("ctrl+1", settle=0.5)
    desk.key("F10", "Up", "Up", "Return")
    desk.wait_window(SIGN_IN_TITLE)
    desk.sign_in("owner")
    for n in range(1, 7):
        desk.key(f"ctrl+{n}", settle=0.8)
    desk.shot("signed-in-again")
    assert desk.errors_log() == ""
    output = desk.program_output()
    assert "Traceback" not in output and "already deleted" not in output, output[-3000:]
