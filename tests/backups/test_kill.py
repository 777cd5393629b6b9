"""Crash safety: SIGKILL the writer at random moments; after each kill the database opens,
``check_database`` finds nothing wrong and every purchase and refund reported done is there.
CI runs a modest count; ``bench/kill_test.py`` runs hundreds."""

from __future__ import annotations

import sys

import pytest

from tests.backups import kill_harness

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 20


def test_killing_the_writer_at_random_moments_loses_nothing_reported(tmp_path):
    figures = kill_harness.run(tmp_path / "club.sqlite3", KILLS, seed=11, max_delay=0.25)
    assert figures.problems == []
    assert figures.kills == KILLS
    assert figures.purchases_checked == figures.purchases_reported > KILLS  # the workers did write
    assert figures.refunds_checked > 0
    # a purchase cut off before its report was pressed again with its key and exists exactly once
    assert figures.retried_submissions > 0
