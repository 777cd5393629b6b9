"""Startup to a usable main window, on the demo club: from source and from the built program.

    uv run python bench/bench_startup.py                 # both (the built one if dist/ has it)
    uv run python bench/bench_startup.py --runs 9 --source-only
    uv run --group installer python bench/bench_startup.py --build   # (re)build dist/ first if stale

Each run is ``... --self-test`` in a fresh process against one temporary data folder whose demo
club the first (unmeasured) run creates. Figures, medians of ``--runs``:

- window: process start → the main window usable (the self-test's own figure, from the system's
  process start time, so the interpreter's imports and the bootloader count): the demo owner signed
  in (the key derivation of the sign-in included: the window's first page loads meanwhile, as it
  does while a person types), the window on the screen, its first page drawn with its first data,
  the club's settings read and the keyboard in the page (``gui.self_test.usable``). Not in it: the
  start's automatic tasks (expiry, birthdays, a due backup), which run a step at a time after it
  between the person's own jobs, and the self-test's own checks (every module imported);
- wall: the whole process as the bench sees it (start → exit, the self-test's checks included);
- cpu: the process's user + system CPU time (POSIX), which a busy machine inflates far less than
  the wall clock: on an idle machine the window time is close to it;
- CLI plugins: what building the argument parser costs from source (the modules it imports),
  part of every start, the desktop app's included.

Targets: the window from source < 1 s on an idle machine with the sources' .pyc written (the
sandbox's PYTHONDONTWRITEBYTECODE=1 recompiles every source at every start, ~+0.5 s: run it as
``env -u PYTHONDONTWRITEBYTECODE uv run python bench/bench_startup.py``), built < 2 s, build < 200 MB.
What the start may not load is kept by tests/gui/test_start_lean.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^self-test ok: main window shown in (\d+) ms.*?(?:; (\d+) ms after the process started)?;", re.M)
TARGETS = {"source": 1.0, "built": 2.0}


def load_build():
    import importlib.util

    spec = importlib.util.spec_from_file_location("loyaltydesk_build", ROOT / "installer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def one(cmd: list[str], home: Path) -> tuple[float, float | None, str, float]:
    env = dict(os.environ, LOYALTYDESK_HOME=str(home), LOYALTYDESK_LANG="fa")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          cwd=ROOT, timeout=600)
    wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    m = LINE.search(done.stdout)
    if done.returncode != 0 or not m:
        raise SystemExit(f"bench: {' '.join(cmd)} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    window = int(m.group(2)) / 1000 if m.group(2) else None
    return wall, window, m.group(0), cpu


def series(name: str, cmd: list[str], runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="loyaltydesk-bench-") as tmp:
        home = Path(tmp)
        wall, *_ = one(cmd, home)  # creates the demo club: not a start a shop sees every day
        print(f"{name:<7} first run (creates the demo club) {wall:.2f} s", flush=True)
        walls, windows, cpus = [], [], []
        for _ in range(runs):
            wall, window, line, cpu = one(cmd, home)
            walls.append(wall)
            cpus.append(cpu)
            if window is not None:
                windows.append(window)
    result = {"runs": runs, "wall_median_s": round(statistics.median(walls), 3), "wall_min_s": round(min(walls), 3),
              "window_median_s": round(statistics.median(windows), 3) if windows else None,
              "window_min_s": round(min(windows), 3) if windows else None,
              "cpu_median_s": round(statistics.median(cpus), 3), "last_line": line}
    target = TARGETS[name]
    shown = result["window_median_s"] if windows else result["wall_median_s"]
    print(f"{name:<7} window {fmt(result['window_median_s'])} (min {fmt(result['window_min_s'])})  "
          f"wall {fmt(result['wall_median_s'])} (min {fmt(result['wall_min_s'])})  "
          f"cpu {fmt(result['cpu_median_s'])}  median of {runs}  "
          f"target < {target} s: {'ok' if shown < target else 'OVER'}", flush=True)
    return result


def fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f} s"


def plugin_cost(runs: int) -> float:
    code = ("import time; t = time.perf_counter(); import loyaltydesk.cli as c; t1 = time.perf_counter(); "
            "c.build_parser(); print(time.perf_counter() - t1)")
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                                  check=True).stdout) for _ in range(runs)]
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--source-only", action="store_true")
    p.add_argument("--built-only", action="store_true")
    p.add_argument("--build", action="store_true", help="build dist/LoyaltyDesk first if it is stale")
    p.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    args = p.parse_args(argv)
    build = load_build()
    report: dict = {"cpus": os.cpu_count(), "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}
    print(f"bench: {args.runs} runs each; {report['cpus']} CPUs; load average {report['load']}")
    if not args.built_only:
        report["source"] = series("source", [sys.executable, "-m", "loyaltydesk", "--self-test"], args.runs)
        report["cli_plugins_s"] = round(plugin_cost(3), 3)
        print(f"        of which building the CLI parser (its plugins' imports): {report['cli_plugins_s']:.2f} s")
    if not args.source_only:
        if args.build and not build.is_fresh():
            subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), "--no-check"], check=True)
        if build.executable().exists():
            stamp = build.read_stamp() or {}
            if not build.is_fresh():
                print("built   note: dist/ is older than the sources (use --build)")
            report["built"] = series("built", [str(build.executable()), "--self-test"], args.runs)
            size = build.folder_size(build.APP_DIR)
            report["build_size_mb"] = round(size / 1e6, 1)
            report["build_seconds"] = stamp.get("build_seconds")
            print(f"built   size {size / 1e6:.1f} MB (target < 200 MB: {'ok' if size < 200e6 else 'OVER'}); "
                  f"build time {stamp.get('build_seconds', '?')} s")
        else:
            print("built   no dist/LoyaltyDesk: build it with `uv run --group installer python installer/build.py`")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
