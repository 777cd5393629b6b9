"""How fast is the members page on a club of a million members?

1. The service (``services.member_list``): for each filter and each sort, ``prepare`` (the count)
   and a block of 100 rows at the top, at 50 % and at 99 % of the list. Median of ``--repeat``.
2. The model (``gui.models.member_table``) in an offscreen ``QTableView`` on the database thread
   of a real ``Runner``: the scroll bar jumps from top to bottom in ``--jumps`` steps; for each
   jump, the time until the rows on screen are filled, the time of each block read, and the
   longest the GUI thread went without handling events (a 5 ms timer measures the gaps).

The database: ``bench/bench.sqlite3`` (bench_spine.py's fill) is never opened; it is copied to
``bench/members.sqlite3`` (if that does not exist yet) and the migrations run on the copy.

    uv run python bench/bench_members_page.py                 # the copy of the 1M-member fill
    uv run python bench/bench_members_page.py --db bench/small.sqlite3 --copy-from ''
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.services import member_list  # noqa: E402
from loyaltydesk.services.member_list import MemberFilters  # noqa: E402

HERE = Path(__file__).resolve().parent


def prepare_copy(db: Path, source: Path | None) -> None:
    if db.exists() or source is None:
        return
    need = source.stat().st_size * 2.2  # the copy, and the copy set aside before migrating
    free = shutil.disk_usage(db.parent).free
    if free < need:
        sys.exit(f"not enough disk for a copy of {source}: {free / 1e9:.1f} GB free, {need / 1e9:.1f} GB needed")
    print(f"copying {source} -> {db} …", flush=True)
    shutil.copyfile(source, db)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def timed(fn, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), value


def filter_cases(session) -> dict[str, MemberFilters]:
    tiers = services.club.list_tiers(session)
    second = tiers[1].id if len(tiers) > 1 else tiers[0].id
    newest = session.db.value("SELECT max(joined_at) FROM members")
    from loyaltydesk.domain.jalali import from_iso, jalali_ymd

    y, m, _ = jalali_ymd(from_iso(newest))
    month = f"{y:04d}/{m:02d}"
    return {
        "none": MemberFilters(),
        f"tier {tiers[1].name if len(tiers) > 1 else tiers[0].name}": MemberFilters(tier_id=second),
        "blocked": MemberFilters(status="blocked"),
        f"joined in {month}": MemberFilters(joined_from=f"{month}/01", joined_to=f"{month}/29"),
        "tier 1 + active + joined ≥ 6 months ago": MemberFilters(
            tier_id=tiers[0].id, status="active", joined_from=f"{y - 1:04d}/{m:02d}/01"),
        "text 'محمد رض'": MemberFilters(text="محمد رض"),
        "text 'محم' (1 in 7)": MemberFilters(text="محم"),
        "text '1234' (last digits)": MemberFilters(text="1234"),
    }


def bench_service(db_path: Path, repeat: int, sorts, out: list) -> None:
    db = services.open_club(db_path)
    session = services.owner_session(db, "bench")
    print(f"\n== service: {db.value('SELECT count(*) FROM members'):,} members; median of {repeat} ==")
    print(f"{'filter':40} {'sort':7} {'rows':>9} {'count ms':>9} {'top ms':>8} {'50% ms':>8} {'99% ms':>8}")
    worst = 0.0
    for label, filters in filter_cases(session).items():
        for sort in sorts:
            t_prep, listing = timed(lambda: member_list.prepare(session, filters, sort), repeat)
            cells = []
            for frac in (0.0, 0.5, 0.99):
                offset = int(listing.total * frac)
                t, rows = timed(lambda: member_list.page(session, listing, offset, 100), repeat)
                assert len(rows) == min(100, listing.total - offset)
                cells.append(t)
            worst = max(worst, t_prep, *cells)
            print(f"{label:40} {sort:7} {listing.total:9,} {ms(t_prep)} {ms(cells[0])} {ms(cells[1])} {ms(cells[2])}",
                  flush=True)
            out.append({"filter": label, "sort": sort, "rows": listing.total, "count_ms": t_prep * 1000,
                        "top_ms": cells[0] * 1000, "mid_ms": cells[1] * 1000, "p99_ms": cells[2] * 1000})
    print(f"worst of the table: {worst * 1000:.0f} ms")
    db.close()


def _pyside_emit_workaround() -> None:
    """PySide6 6.12.0: every ``SignalInstance.emit()`` returns ``True`` without a reference of its
    own, so each emit costs ``True`` one reference, and after a few thousand blocks the process
    dies with "Fatal Python error: bool_dealloc" (reproduced with a bare QObject, no LoyaltyDesk
    code). Until the app deals with it (pin another PySide6, or the same trick at start-up), the
    benchmark makes True, False and None practically immortal, as Python 3.12 does."""
    import ctypes

    for obj in (True, False, None):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


def bench_model(db_path: Path, jumps: int, sort: str, out: dict) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QTableView

    from loyaltydesk.gui.app import make_app
    from loyaltydesk.gui.models.member_table import COLUMN, MemberTableModel
    from loyaltydesk.gui.ops import Runner

    _pyside_emit_workaround()
    app = QApplication.instance() or QApplication([])
    make_app()
    runner = Runner(db_path)
    runner.sign_in(runner.call_db(lambda db: services.owner_session(db, "bench")).result())
    model = MemberTableModel(runner)
    block_times: list[float] = []
    model.block_loaded.connect(lambda block, seconds: block_times.append(seconds))
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setDefaultSectionSize(28)
    view.resize(1100, 700)
    view.show()

    # the GUI thread's pulse: the longest gap between two 5 ms ticks is the longest stall
    gaps, clock = [], QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick():
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e9)
        last[0] = now

    pulse = QTimer(interval=5)
    pulse.timeout.connect(tick)
    pulse.start()

    def wait(condition, timeout=60.0):
        end = time.perf_counter() + timeout
        while not condition():
            app.processEvents()
            if time.perf_counter() > end:
                raise TimeoutError("the model did not settle")
            time.sleep(0.001)

    t = time.perf_counter()
    model.sort(COLUMN[sort])
    model.reload()
    wait(lambda: model.listing is not None and runner.idle)
    first_count = time.perf_counter() - t
    view.viewport().repaint()
    wait(lambda: runner.idle and not model.loading())
    print(f"\n== model in an offscreen QTableView: {model.rowCount():,} rows, sort {sort} ==")
    print(f"first count + order: {first_count * 1000:.0f} ms")
    gaps.clear()
    idle_end = time.perf_counter() + 2.0  # the machine's own noise: the same pulse with nothing to do
    while time.perf_counter() < idle_end:
        app.processEvents()
        time.sleep(0.001)
    baseline = max(gaps) if gaps else 0.0
    print(f"longest gap with the table idle (the machine's own noise): {baseline * 1000:.0f} ms")
    bar = view.verticalScrollBar()
    fills = []
    gaps.clear()
    for i in range(jumps + 1):
        value = round(bar.maximum() * i / jumps)
        t = time.perf_counter()
        bar.setValue(value)
        view.viewport().repaint()
        top = view.rowAt(0)
        bottom = view.rowAt(view.viewport().height() - 1)
        bottom = bottom if bottom >= 0 else model.rowCount() - 1
        wait(lambda: model.is_loaded(top) and model.is_loaded(bottom) and not model.loading())
        fills.append(time.perf_counter() - t)
        view.viewport().repaint()
    pulse.stop()
    stall = max(gaps) if gaps else 0.0
    print(f"{jumps} jumps top to bottom: rows on screen filled in median {statistics.median(fills) * 1000:.0f} ms,"
          f" max {max(fills) * 1000:.0f} ms")
    print(f"blocks read: {len(block_times)}; per block (asked → shown) median {statistics.median(block_times) * 1000:.0f}"
          f" ms, max {max(block_times) * 1000:.0f} ms")
    print(f"longest GUI stall (gap between 5 ms ticks): {stall * 1000:.0f} ms")
    out.update({"rows": model.rowCount(), "sort": sort, "jumps": jumps, "first_count_ms": first_count * 1000,
                "fill_median_ms": statistics.median(fills) * 1000, "fill_max_ms": max(fills) * 1000,
                "blocks": len(block_times), "block_median_ms": statistics.median(block_times) * 1000,
                "block_max_ms": max(block_times) * 1000, "gui_stall_max_ms": stall * 1000,
                "idle_gap_max_ms": baseline * 1000})
    view.close()
    runner.close()
    for obj in (pulse, view, model):  # Qt objects go before the interpreter does
        obj.deleteLater()
    app.processEvents()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(HERE / "members.sqlite3"))
    parser.add_argument("--copy-from", default=str(HERE / "bench.sqlite3"), help="'' to use --db as it is")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sorts", default=",".join(member_list.SORTS))
    parser.add_argument("--jumps", type=int, default=20)
    parser.add_argument("--model-sort", default="name")
    parser.add_argument("--skip-service", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    db = Path(args.db)
    prepare_copy(db, Path(args.copy_from) if args.copy_from else None)
    t = time.perf_counter()
    services.open_club(db).close()  # migrations (m0006's indexes) on the copy, timed apart
    print(f"open + migrate: {time.perf_counter() - t:.1f} s")
    results: dict = {"service": [], "model": {}}
    if not args.skip_service:
        bench_service(db, args.repeat, args.sorts.split(","), results["service"])
    bench_model(db, args.jumps, args.model_sort, results["model"])
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    sys.stdout.flush()
    # PySide6 may trip over a refcount while the interpreter tears its last Qt objects down
    # ("bool_dealloc"), after every figure is out: leave without that teardown.
    os._exit(0)


if __name__ == "__main__":
    main()
