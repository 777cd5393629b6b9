"""Taking turns between tills on one club (issue 23: several tills on a PostgreSQL server).

On SQLite every write transaction is ``BEGIN IMMEDIATE``: it holds the whole file from its first
statement, so whatever it reads stays true until it commits, and every function here does nothing.
On PostgreSQL several tills write at once (READ COMMITTED), so a write path that reads state and
writes from it first holds what it reads, until its transaction ends:

- a member's row (``members.lock``: ``SELECT ... FOR UPDATE``): their points, lots, spend, tier,
  visits and kept figures;
- a coupon's row (its uses against ``max_uses``), a campaign's totals row (its budget);
- an advisory lock for what has no row of its own: the hash chains of the ledger and the audit log
  (``chains``: each new row is chained to the newest one, so two tills appending at once would fork
  it), a checkout key (``checkout_key``: one purchase per key across tills) and each of the daily
  tasks (``task``: two tills starting the same morning run the day's bonuses once).

Every transaction takes them in one order, so no two wait for each other: a task, then members (in
id order), then a checkout key, a coupon, campaigns, then the chains (last: a ledger entry or the
audit row). A write path that writes another member's row (a referrer's bonus) locks that member
with its own before anything else."""

from __future__ import annotations

from collections.abc import Iterable

from .db import Database

# the first key of PostgreSQL's two-key advisory locks (the upgrade's one-key lock is migrations_pg.LOCK)
CHAINS = 0x4C43  # 'LC': the ledger's and the audit log's hash chains (one lock: their heads move together)
CHECKOUT_KEY = 0x4C4B  # 'LK': one checkout key (its hash)
TASK = 0x4C54  # 'LT': one of the daily tasks
# sign_up: the mobile, card and national code are free when looked at; sign_in: the wrong tries
# under names nobody has (one settings row)
TASKS = {"expiry": 1, "birthday": 2, "anniversary": 3, "review": 4, "window": 5, "visits": 6, "offers": 7,
         "sign_up": 8, "sign_in": 9}


def on_server(db: Database) -> bool:
    return db.engine == "postgresql"


def chains(db: Database) -> None:
    """Hold the hash chains' heads until the transaction ends (before reading a head to chain a new
    ledger entry or audit row to it)."""
    if on_server(db):
        db.execute("SELECT pg_advisory_xact_lock(?, 0)", (CHAINS,))


def checkout_key(db: Database, key: str) -> None:
    """Hold one checkout key: the same key from two tills at once is registered once, and the
    second reads the first's purchase."""
    if on_server(db):
        db.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (CHECKOUT_KEY, key))


def task(db: Database, name: str) -> None:
    """Hold one of the daily tasks (``TASKS``): a second till's slice of it waits, then finds done
    what the first did. ``sign_up``: two tills signing up one mobile at once make one member (the
    second is told it is taken)."""
    if on_server(db):
        db.execute("SELECT pg_advisory_xact_lock(?, ?)", (TASK, TASKS[name]))


def rows(db: Database, table: str, key: str, values: Iterable) -> bool:
    """Hold the rows of ``table`` whose ``key`` is one of ``values``, in that key's order (so that
    two transactions holding several take them in the same order). True when anything was locked
    now: what was read of those rows before is to be read again."""
    wanted = sorted(set(values))
    if not on_server(db) or not wanted:
        return False
    marks = ", ".join("?" for _ in wanted)
    db.execute(f"SELECT {key} FROM {table} WHERE {key} IN ({marks}) ORDER BY {key} FOR UPDATE", tuple(wanted))
    return True
