"""Crash safety of the sender: SIGKILL it at random moments while a batch is sent to a local server
speaking Kavenegar's API; restarted each time, then left to finish. Nothing is sent twice, nothing
is lost. CI runs a few dozen kills; ``bench/sms_kill_test.py`` runs a hundred or more."""

from __future__ import annotations

import sys

import pytest

from tests.sms import kill_sender

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 25


def test_killing_the_sender_at_random_moments_sends_nothing_twice_and_loses_nothing(tmp_path):
    figures = kill_sender.run(tmp_path / "club.sqlite3", KILLS, messages=200, seed=20, max_delay=0.5)
    assert figures.problems == []
    assert figures.kills == KILLS and figures.taken == figures.messages == 200
    assert figures.sends > KILLS  # the workers did send between the kills
    # answers lost after the server took a batch (and kills after the call) were found, not sent again
    assert figures.found_after_crash >= figures.lost_answers > 0
