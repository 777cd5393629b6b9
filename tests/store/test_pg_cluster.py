"""The tests' throwaway PostgreSQL cluster (tests/pg.py): it runs, not as root, and every test has
a database of its own."""

from __future__ import annotations

import os

import psycopg
import pytest

pytestmark = pytest.mark.pg


def test_the_cluster_runs_as_a_user_other_than_root(pg_cluster):
    assert (pg_cluster.data / "postmaster.pid").is_file()
    owner = os.stat(pg_cluster.data).st_uid
    assert owner != 0 or os.geteuid() != 0
    with psycopg.connect(pg_cluster.url()) as conn:
        assert conn.execute("SHOW server_encoding").fetchone()[0] == "UTF8"
        assert conn.execute("SHOW lc_collate").fetchone()[0] == "C"
    with psycopg.connect(pg_cluster.tcp_url()) as conn:  # and over loopback, as another till reaches it
        assert conn.execute("SELECT 1 + 1").fetchone()[0] == 2


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_has_an_empty_database_of_its_own(pg_empty_url, round_):
    with psycopg.connect(pg_empty_url) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        assert tables == 0  # what the other round made is not here
        conn.execute("CREATE TABLE left_behind (x int)")
        conn.commit()
