"""The progress/cancel protocol (services.progress): every long operation tells how far it is and
stops without harm at every step it may be stopped at (issue 21 part 3)."""

from __future__ import annotations

import hashlib

import pytest

from loyaltydesk import services
from loyaltydesk.services import import_export
from loyaltydesk.services.progress import Cancelled, Steps, scaled, tick

from tests.clubs import balances
from tests.import_export.test_import_export import write_csv

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL


def club_state(db) -> tuple:
    """Everything a cancelled operation must leave as it was."""
    tables = ("members", "purchases", "ledger", "audit_log", "refunds")
    return (balances(db),) + tuple(db.value(f"SELECT count(*) FROM {t}") for t in tables)


def files(folder) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


class StopAt:
    """A progress callback that answers False on its ``n``th call (and records every call)."""

    def __init__(self, n: int | None):
        self.n, self.calls = n, []

    def __call__(self, done: int, total: int) -> bool:
        self.calls.append((done, total))
        return self.n is None or len(self.calls) < self.n


def do_check(shop, tmp_path, progress):
    return services.check.check_database(shop, progress=progress)


def do_export(what, suffix):
    def run(shop, tmp_path, progress):
        (tmp_path / f"out{suffix}").write_bytes(b"an older export the owner kept")
        return import_export.export(shop, what, tmp_path / f"out{suffix}", progress=progress)
    return run


def do_preview(shop, tmp_path, progress):
    return import_export.preview_import(shop, write_csv(tmp_path / "in.csv"), progress=progress)


def do_import(shop, tmp_path, progress):
    preview = import_export.preview_import(shop, write_csv(tmp_path / "in.csv"))
    return import_export.confirm_import(shop, preview, progress=progress)


OPERATIONS = {"check": do_check, "export members xlsx": do_export("members", ".xlsx"),
              "export ledger csv": do_export("ledger", ".csv"), "import preview": do_preview,
              "import confirm": do_import}


def steps_of(name, shop, tmp_path) -> int:
    counter = StopAt(None)
    OPERATIONS[name](shop, tmp_path, counter)
    return len(counter.calls)


@pytest.mark.parametrize("name", OPERATIONS)
def test_progress_goes_forward_to_its_end(shop, tmp_path, name):
    counter = StopAt(None)
    OPERATIONS[name](shop, tmp_path, counter)
    assert len(counter.calls) >= 2
    totals = [t for _, t in counter.calls if t]
    assert totals, counter.calls
    last_done, last_total = counter.calls[-1]
    assert last_done == last_total  # it ends at the end
    done = [d for d, t in counter.calls if t]
    assert done == sorted(done)  # never backwards


@pytest.mark.parametrize("name", OPERATIONS)
def test_cancel_at_every_step_leaves_the_club_and_the_files_as_they_were(shop, tmp_path, name):
    n = steps_of(name, shop, tmp_path)
    for stop in range(1, n + 1):
        folder = tmp_path / f"stop{stop}"
        folder.mkdir()
        before, kept = club_state(shop.db), None
        with pytest.raises(Cancelled, match="Stopped: nothing was changed"):
            stopper = StopAt(stop)
            try:
                OPERATIONS[name](shop, folder, stopper)
            finally:
                kept = files(folder)
        assert club_state(shop.db) == before, (name, stop)
        # no half file: only what the test put there itself (an older export, the import's input)
        assert all(not f.startswith(".") and "partial" not in f for f in kept), kept
        if name.startswith("export"):
            out = next(folder.glob("out.*"))
            assert out.read_bytes() == b"an older export the owner kept"
    assert services.check.check_database(shop) == []


def test_no_progress_is_the_same_work(shop, tmp_path):
    assert services.check.check_database(shop) == services.check.check_database(shop, progress=StopAt(None)) == []


def test_the_protocol_pieces():
    seen = StopAt(None)
    steps = Steps(seen, 10, every=4)
    for _ in range(10):
        steps.step()
    steps.finish()
    assert seen.calls == [(0, 10), (4, 10), (8, 10), (10, 10)]
    part = StopAt(None)
    scaled(part, 400, 1000)(5, 10)
    scaled(part, 400, 1000)(0, 0)
    assert part.calls == [(700, 1000), (400, 1000)]
    assert scaled(None, 0, 1) is None
    tick(None, 1, 2)  # no callback: nothing to ask
    with pytest.raises(Cancelled):
        tick(lambda d, t: False, 1, 2)


@pytest.mark.sqlite_only  # a club file's backup and restore (a server's: tests/backups/test_pg_backup.py)
def test_a_cancelled_restore_replaces_nothing_and_a_finished_one_reports_to_its_end(shop, tmp_path):
    from loyaltydesk.services import backup

    made = backup.back_up_now(shop, tmp_path / "backups")
    services.members.sign_up(shop, "09129990000", "تازه", "عضو")  # after the backup
    before = club_state(shop.db)
    for stop in (1, 2):  # before the backup is read; after it was checked, before replacing
        with pytest.raises(Cancelled):
            backup.restore(shop, made.path, progress=StopAt(stop))
        assert club_state(shop.db) == before
        assert services.members.get_member(shop, "09129990000").first_name == "تازه"
    seen = StopAt(None)
    verified = backup.verify_backup(shop, made.path, progress=seen)
    assert seen.calls == [(0, 1), (1, 1)] and verified.members == 3
    seen = StopAt(None)
    result = backup.restore(shop, made.path, progress=seen)
    assert result.counts.members == 3 and seen.calls[-1][0] == seen.calls[-1][1]
    # once the club was replaced the check after it cannot be stopped half-way: the answer is not asked
    made = backup.back_up_now(shop, tmp_path / "backups2")
    late = StopAt(3)
    backup.restore(shop, made.path, progress=late)
    assert len(late.calls) > 3


# --- backups: the bar follows the copy, and Cancel at any point leaves no file (issue 21 part 3) ---

def _backups():
    from loyaltydesk.services import backup

    return {
        "by hand (plain)": lambda s, folder, p: backup.back_up_now(s, folder, progress=p),
        "by hand (encrypted)": lambda s, folder, p: backup.back_up_now(s, folder, passphrase="a long passphrase",
                                                                        progress=p),
        "automatic (gzip)": lambda s, folder, p: backup.auto_backup(s, folder, progress=p),
    }


def club_data(db) -> tuple:
    """What a backup must never change (its audit rows aside: one for the backup, one for its end)."""
    tables = ("members", "purchases", "ledger", "refunds", "point_lots")
    return (balances(db),) + tuple(db.value(f"SELECT count(*) FROM {t}") for t in tables)


@pytest.mark.sqlite_only  # a club file's backups (a server's: tests/backups/test_pg_backup.py)
@pytest.mark.parametrize("kind", list(_backups()))
def test_a_backup_reports_its_copy_and_stops_at_every_point_leaving_no_file(shop, tmp_path, kind):
    from pathlib import Path

    make = _backups()[kind]
    beside = Path(shop.db.path).resolve().parent
    seen = StopAt(None)
    made = make(shop, tmp_path / "backups" / "whole", seen)
    assert Path(made.path).is_file() and made.verified
    done = [d for d, t in seen.calls]
    assert len(seen.calls) >= 3 and done == sorted(done) and seen.calls[-1] == (1000, 1000), seen.calls
    around = {p.name for p in beside.iterdir()}
    for stop in range(1, len(seen.calls)):  # the last call is the end: nothing left to stop
        folder = tmp_path / "backups" / f"stop{stop}"
        before, audited = club_data(shop.db), shop.db.value("SELECT count(*) FROM audit_log")
        with pytest.raises(Cancelled, match="Stopped: nothing was changed"):
            make(shop, folder, StopAt(stop))
        assert club_data(shop.db) == before, (kind, stop)
        assert not folder.exists() or files(folder) == {}, (kind, stop)  # neither the backup nor a .partial
        assert {p.name for p in beside.iterdir()} == around, (kind, stop)  # no working copy beside the club
        actions = [r[0] for r in shop.db.all("SELECT action FROM audit_log WHERE id > (SELECT max(id) FROM audit_log) - 2")]
        assert shop.db.value("SELECT count(*) FROM audit_log") == audited + 2
        assert actions[1].endswith("_failed"), actions
    assert services.check.check_database(shop) == []
