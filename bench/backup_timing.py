"""How long backups and restores take on a realistic club: back up (plain and encrypted), verify,
restore, on a copy of a database that ``bench_spine.py`` filled.

    uv run python bench/bench_spine.py --members 20000 --purchases 200000 --db bench/small.sqlite3 --fill-only
    uv run python bench/backup_timing.py bench/small.sqlite3
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.services import backup  # noqa: E402


def main(argv=None) -> int:
    argv = argv or sys.argv[1:]
    source = Path(argv[0] if argv else "bench/small.sqlite3")
    work = Path(tempfile.mkdtemp(prefix="backup-timing-"))
    path = work / "club.sqlite3"
    shutil.copyfile(source, path)
    db = services.open_club(path)  # brings it to the current schema first (not timed)
    s = services.owner_session(db)
    counts = {t: db.value(f"SELECT count(*) FROM {t}") for t in ("members", "purchases", "ledger")}
    print(f"club: {counts['members']:,} members, {counts['purchases']:,} purchases, {counts['ledger']:,} ledger entries, "
          f"{path.stat().st_size / 1e6:,.1f} MB")

    def timed(label, fn):
        t = time.perf_counter()
        result = fn()
        print(f"  {label:<28} {time.perf_counter() - t:6.2f} s")
        return result

    plain = timed("back up (plain)", lambda: backup.back_up_now(s, work / "stick"))
    time.sleep(1.1)  # a second later: another file name
    sealed = timed("back up (encrypted)", lambda: backup.back_up_now(s, work / "stick", passphrase="a long passphrase"))
    timed("verify (plain)", lambda: backup.verify_backup(s, plain.path))
    timed("verify (encrypted)", lambda: backup.verify_backup(s, sealed.path, "a long passphrase"))
    r = timed("restore (encrypted)", lambda: backup.restore(s, sealed.path, "a long passphrase"))
    timed("(of which check_database)", lambda: services.check.check_database(s))
    print(f"  sizes: plain {plain.size / 1e6:,.1f} MB, encrypted {sealed.size / 1e6:,.1f} MB; "
          f"check after restore: {r.problems} problem(s) (check_database included in the restore time)")
    db.close()
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
