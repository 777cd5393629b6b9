"""The desktop app's start: the quick integrity check names a damaged club in Persian."""

from __future__ import annotations

from tests.raw import copy_club, raw_connect

import pytest

from loyaltydesk import services
from loyaltydesk.gui import i18n
from loyaltydesk.gui.app import Launcher


def test_a_damaged_club_is_named_in_persian_at_start(qtbot, app, demo_path, tmp_path):
    path = tmp_path / "damaged" / "club.sqlite3"
    path.parent.mkdir()
    copy_club(demo_path, path)
    con = raw_connect(path)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'purchases'").fetchone()[0]
    size = int(con.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher says it as text
    con.close()
    data = bytearray(path.read_bytes())  # garbage over a data page, as a failing disk leaves it
    data[(root - 1) * size + 8:root * size] = bytes((13 * k + 5) % 256 for k in range(size - 8))
    path.write_bytes(bytes(data))
    launcher = Launcher(path)
    try:
        with pytest.raises(Exception) as caught:
            # an encrypted club is checked once a sign-in has opened it: the door, then the sign-in
            launcher.door()
            launcher.runner.call_db(lambda db: services.users.sign_in(db, "owner", "demo1234")).result()
    finally:
        launcher.close()
    fault = services.fault_of(caught.value, path)
    text = i18n.error_text(fault)
    assert "آسیب دیده" in text and "loyaltydesk restore" in text, text
