"""The warm-up of the cashier's hot b-trees (store/warm.py): every entry of each b-tree read once,
through that b-tree only, in slices that leave no transaction open, whatever the values (NULLs,
long runs of one value); the page cache sized to the club and the computer; the app's daily run at
start ends with it (services/daily.py)."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.services import daily
from loyaltydesk.store import warm

pytestmark = pytest.mark.engines


def entries_of(db, hot: warm.Hot) -> int:
    """The entries the warm-up reads of ``hot``: all of it, or its hot part."""
    where = [hot.where] if hot.where else []
    params = ()
    if hot.start:
        start = db.value(hot.start)
        if start is None:
            return 0
        where.append(f"{hot.column} >= ?")
        params = (start,)
    return db.value(f"SELECT count(*) FROM {hot.table}{' WHERE ' + ' AND '.join(where) if where else ''}", params)


@pytest.fixture
def busy(shop, clock):
    """The test shop with a few dozen members who bought a few times each (repeated visits, spends and
    balances: many entries share a value)."""
    for n in range(40):
        card = services.members.sign_up(shop, f"0912{n:07d}", "عضو", str(n)).card
        for k in range(n % 4):
            clock.advance(minutes=5)
            services.checkout.register_purchase(shop, card, 1_000_000 * (1 + n % 3), redeem=10 if k == 2 else 0)
    return shop


@pytest.mark.sqlite_only  # the page cache is SQLite's (on the server the warm-up reads nothing: below)
def test_a_new_club_has_every_hot_btree(db):
    run = warm.WarmRun()
    while not run.done:
        warm.warm_slice(db, run)
    assert run.skipped == []


@pytest.mark.sqlite_only
@pytest.mark.parametrize("step, seconds", [(3, 0), (3, None), (1, 0), (4_000, 0.05)])
def test_every_entry_is_read_once(busy, monkeypatch, step, seconds):
    db = busy.db
    monkeypatch.setattr(warm, "STEP", step)
    run, slices = warm.WarmRun(), 0
    while not run.done:
        warm.warm_slice(db, run, seconds)
        slices += 1
        assert not db.in_transaction
    assert run.entries == sum(entries_of(db, h) for h in warm.HOT)
    assert run.entries > 300
    if seconds == 0:  # one range a slice (a range: a step's entries and the rest of its last value's)
        assert slices >= len(warm.HOT) + 20


@pytest.mark.sqlite_only
@pytest.mark.parametrize("values", [
    [None, None, None] + [5] * 20 + list(range(10)),  # NULLs first, a run of one value longer than a step
    [7] * 30,
    [],
    ["b", "a", None, "c", "a"],
    ["", "", "2025-06-01T09:00:00Z", "", " ", "-", "!"],  # texts that sort before "-Inf" (a window never opened)
    [-5, 0, "", "x", b"\x00", 2.5],  # every type SQLite sorts: numbers, texts, blobs
])
def test_nulls_and_runs_of_one_value(db, monkeypatch, values):
    monkeypatch.setattr(warm, "STEP", 4)
    db.execute("CREATE TABLE hot_test (id INTEGER PRIMARY KEY, v)")
    db.execute("CREATE INDEX hot_test_v ON hot_test(v)")
    for v in values:
        db.execute("INSERT INTO hot_test (v) VALUES (?)", (v,))
    trees = (warm.Hot("hot_test", "hot_test_v", "v"), warm.Hot("hot_test", None, "id"))
    run = warm.WarmRun(trees=trees)
    while not run.done:
        warm.warm_slice(db, run, 0)
    assert run.entries == 2 * len(values)


@pytest.mark.sqlite_only  # SQLite's query plans
def test_each_btree_is_walked_by_itself(db, monkeypatch):
    """A covering walk of the b-tree named (its pages only), by a range of its first column."""
    plans: list[str] = []
    real = type(db).value

    def spy(self, sql, params=()):
        if "hot" not in sql and "sqlite_master" not in sql and not sql.startswith("PRAGMA"):
            plans.append(" / ".join(r[3] for r in self.all("EXPLAIN QUERY PLAN " + sql, params)))
        return real(self, sql, params)

    monkeypatch.setattr(type(db), "value", spy)
    for hot in warm.HOT:
        plans.clear()
        run = warm.WarmRun(trees=(hot,))
        while not run.done:
            warm.warm_slice(db, run)
        assert plans
        for plan in plans:
            if hot.btree:
                assert f"COVERING INDEX {hot.btree}" in plan, plan
            else:
                assert plan in (f"SCAN {hot.table}", f"SEARCH {hot.table}") or plan.startswith(
                    (f"SEARCH {hot.table} USING INTEGER PRIMARY KEY", f"SEARCH {hot.table} USING PRIMARY KEY")), plan


@pytest.mark.parametrize("members, purchases, memory, expected", [
    (0, 0, 8 * 2**30, warm.FLOOR_BYTES),  # a new club: the floor
    (1_000, 10_000, 8 * 2**30, warm.FLOOR_BYTES + 1_000 * warm.PER_MEMBER + 10_000 * warm.PER_PURCHASE),
    (1_000_000, 10_000_000, 16 * 2**30, warm.FLOOR_BYTES + 1_000_000 * warm.PER_MEMBER + 10_000_000 * warm.PER_PURCHASE),
    (1_000_000, 10_000_000, 4 * 2**30, 2**30),  # a quarter of a small computer's memory at most
    (1_000_000, 10_000_000, None, 2**30),  # memory unknown: 1 GiB at most
    (1_000_000, 10_000_000, 128 * 2**20, warm.FLOOR_BYTES),  # never below the floor
])
def test_cache_size_for_the_club_and_the_computer(members, purchases, memory, expected):
    assert warm.cache_bytes(members, purchases, memory) == expected


def test_physical_memory_is_read():
    memory = warm.physical_memory()
    assert memory is None or memory > 2**26


def test_the_daily_run_at_start_ends_with_the_warm_up(busy, engine, monkeypatch):
    db = busy.db
    monkeypatch.setattr(warm, "PER_PURCHASE", 2**20)  # a club "big" enough for more than the floor
    run = daily.begin(busy, at_start=True, with_backup=False, warm=True)
    stages = []
    while not run.done:
        stages.append(run.stage)
        daily.step(busy, run)
    assert stages[-1] == "warm" and "review" in stages
    if engine == "sqlite":
        members, purchases = warm.club_size(db)
        assert warm.cache_size(db) == warm.cache_bytes(members, purchases, warm.physical_memory()) // 1024 * 1024
        assert run.warm.entries == sum(entries_of(db, h) for h in warm.HOT)
    else:  # the server keeps its own buffers: nothing read, nothing set
        assert run.warm.entries == 0
    assert not db.in_transaction


def test_a_run_without_the_warm_up_reads_nothing_more(busy):
    run = daily.begin(busy, at_start=True, with_backup=False)
    while not run.done:
        assert run.stage != "warm"
        daily.step(busy, run)
    assert run.warm is None


@pytest.mark.sqlite_only
@pytest.mark.parametrize("start, expected", [("SELECT 15", 6), ("SELECT 0", 20), ("SELECT 21", 0),
                                             ("SELECT NULL", 0), ("SELECT max(v) - 1 FROM hot_test", 2)])
def test_only_the_hot_part_from_its_start(db, monkeypatch, start, expected):
    monkeypatch.setattr(warm, "STEP", 2)
    db.execute("CREATE TABLE hot_test (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
    db.execute("CREATE INDEX hot_test_v ON hot_test(v)")
    for v in range(1, 21):
        db.execute("INSERT INTO hot_test (v) VALUES (?)", (v,))
    run = warm.WarmRun(trees=(warm.Hot("hot_test", "hot_test_v", "v", start=start),))
    while not run.done:
        warm.warm_slice(db, run, 0)
    assert run.entries == expected


@pytest.mark.sqlite_only
def test_this_and_last_months_figures_are_the_hot_part(db):
    """Month keys are Jalali YYYYMM: the month before Farvardin is the last Esfand."""
    hot = next(h for h in warm.HOT if h.table == "member_periods")
    for period, expected in ((140509, 140508), (140501, 140412), (140412, 140411)):
        db.execute("DELETE FROM member_periods")
        db.execute("INSERT INTO member_periods (period, member_id, visits, gross, refunded) VALUES (?, 1, 1, 1, 0)",
                   (period,))
        assert db.value(hot.start) == expected


@pytest.mark.sqlite_only  # SQLite's page cache and data_version (the server has neither)
def test_another_connections_commit_empties_the_cache_and_calls_for_the_warm_up_again(busy):
    """SQLite resets a connection's page cache when another connection has committed (the WAL's
    header moved): ``data_version`` says so, and ``daily.begin_warm`` reads the hot b-trees again
    then, and only then."""
    from tests.raw import club_key, raw_connect

    db = busy.db
    run = daily.begin(busy, at_start=True, with_backup=False, warm=True)
    while not run.done:
        daily.step(busy, run)
    version = run.warm.version
    assert version == warm.data_version(db)
    again = daily.begin_warm(busy, version)
    assert again.done and again.warm.entries == 0  # nobody else wrote: nothing to read again
    busy.db.execute("BEGIN IMMEDIATE")  # its own commit: the cache is still whole
    busy.db.execute("UPDATE settings SET value = value WHERE key = (SELECT min(key) FROM settings)")
    busy.db.execute("COMMIT")
    assert daily.begin_warm(busy, version).done
    other = raw_connect(db.path, club_key(db.path))  # another connection (the SMS sender's, a command)
    other.execute("UPDATE settings SET value = value WHERE key = (SELECT min(key) FROM settings)")
    other.commit()
    other.close()
    again = daily.begin_warm(busy, version)
    assert again.stage == "warm"
    while not again.done:
        daily.step(busy, again)
    assert again.warm.entries == run.warm.entries and again.warm.version != version
    assert daily.begin_warm(busy, again.warm.version).done


def test_a_warm_up_run_alone_never_done_before(busy, engine):
    run = daily.begin_warm(busy, None)
    assert run.stage == "warm"
    while not run.done:
        daily.step(busy, run)
    if engine == "sqlite":
        assert run.warm.entries == sum(entries_of(busy.db, h) for h in warm.HOT)
        assert run.warm.version == warm.data_version(busy.db)
    else:  # the server keeps its own buffers: nothing read, no version
        assert run.warm.entries == 0 and run.warm.version is None


@pytest.mark.sqlite_only
@pytest.mark.parametrize("rowid_table", [True, False])
def test_a_value_many_entries_share_is_read_a_step_at_a_time(db, monkeypatch, rowid_table):
    """A month's figures (one period, every buyer), a number of visits most members have: walked by
    the inner key, never as one range of them all."""
    monkeypatch.setattr(warm, "STEP", 7)
    if rowid_table:
        db.execute("CREATE TABLE hot_test (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
        db.execute("CREATE INDEX hot_test_v ON hot_test(v)")
        hot = warm.Hot("hot_test", "hot_test_v", "v")
    else:
        db.execute("CREATE TABLE hot_test (v INTEGER NOT NULL, k INTEGER NOT NULL, PRIMARY KEY (v, k)) WITHOUT ROWID")
        hot = warm.Hot("hot_test", None, "v", inner="k")
    values = [1] * 3 + [2] * 200 + [3] + [4] * 30 + list(range(5, 40))
    for k, v in enumerate(values):
        db.execute("INSERT INTO hot_test (v, " + ("id" if rowid_table else "k") + ") VALUES (?, ?)", (v, k + 1))
    ranges = []
    real = warm._next_range
    monkeypatch.setattr(warm, "_next_range", lambda d, h, r: ranges.append(real(d, h, r)) or ranges[-1])
    run = warm.WarmRun(trees=(hot,))
    while not run.done:
        warm.warm_slice(db, run, 0)
    assert run.entries == sum(ranges) == len(values)
    assert max(ranges) <= 7 + 1 and len(ranges) >= len(values) // 8


@pytest.mark.sqlite_only
def test_the_step_follows_the_disk(busy, monkeypatch):
    """A range that took long halves the next one; a quick one doubles it (within bounds)."""
    db = busy.db
    run = warm.WarmRun()
    clock = iter([0.0, 0.0, 1.0, 1.0, 1.0, 2.0] + [2.0] * 10_000)
    monkeypatch.setattr(warm.time, "perf_counter", lambda: next(clock))
    warm.warm_slice(db, run, 0.05)  # slice starts at 0; a range 0 → 1 s: far over a quarter of 50 ms
    assert run.step == warm.STEP // 2
    run2 = warm.WarmRun()
    monkeypatch.setattr(warm.time, "perf_counter", lambda: 0.0)  # every range instant: doubled each time
    for _ in range(3):
        warm.warm_slice(db, run2, 0.05)
    assert warm.STEP < run2.step <= warm.STEP_MAX
