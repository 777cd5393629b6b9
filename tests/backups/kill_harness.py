"""The kill test: a worker process writes purchases, refunds, expiries, adjustments and sign-ups
through the services and prints a line after each one returns; the parent SIGKILLs it at a random
moment, then opens the database, runs ``check_database`` and looks for every purchase and refund
that was reported done. Used by ``tests/backups/test_kill.py`` (a few dozen kills) and
``bench/kill_test.py`` (hundreds).

Protocol (one line each, flushed): ``ready``; ``S key card gross redeem`` before a purchase is
submitted; ``P purchase_id member_id gross key`` after it returned; ``R refund_id purchase_id
amount``; ``E entries``; ``A member_id``; ``M member_id``; ``X key`` for a retry refused. A purchase submitted but not reported
when the worker died is submitted again, with the same checkout key, by the next worker (the
cashier pressing again after the crash): it must exist exactly once afterwards.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services.session import owner_session

ROOT = Path(__file__).resolve().parents[2]
BASE = datetime(2025, 6, 1, 8, 0, tzinfo=timezone.utc)
SIM_SECONDS_PER_SECOND = 5 * 86_400  # five simulated days per real second: lots (1 month) do expire
TIERS = (("برنزی", 0, 0, 100, 100), ("نقره‌ای", 20_000_000, 300, 125, 200), ("طلایی", 80_000_000, 500, 150, 500))


def sim_clock(t0: float):
    """Simulated time shared by the parent and every worker: monotonic across processes."""
    return lambda: BASE + timedelta(seconds=(time.time() - t0) * SIM_SECONDS_PER_SECOND)


def set_up(path: Path, clock, members: int = 25) -> None:
    db = services.open_club(path)
    s = owner_session(db, clock=clock)
    services.club.update_settings(s, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                  expiry_months=1, window="rolling12", referral_bonus=50)
    for name, threshold, discount, multiplier, bonus in TIERS:
        services.club.add_tier(s, name, threshold, discount, multiplier, bonus)
    cards = []
    for i in range(members):
        m = services.members.sign_up(s, f"0912{i:07d}", "مشتری", str(i),
                                     referrer=cards[-1] if cards and i % 4 == 0 else None)
        cards.append(m.card)
    db.close()


# --- the worker ---------------------------------------------------------------------------------

def worker(path: str, seed: int, t0: float, retry: list | None) -> None:
    rng = random.Random(seed)
    db = services.open_club(path, background_checkpoint=rng.random() < 0.5)
    s = owner_session(db, username=f"w{seed}", clock=sim_clock(t0))

    def say(*parts):
        sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
        sys.stdout.flush()

    def purchase(card, gross, redeem, key):
        say("S", key, card, gross, redeem)
        r = services.checkout.register_purchase(s, card, gross, redeem=redeem, checkout_key=key)
        say("P", r.purchase_id, r.member_id, r.lines.gross, key)

    say("ready")
    if retry:
        try:
            purchase(*retry)
        except LoyaltyError:  # it never went through, and now it would not (its points expired...)
            say("X", retry[3])
    cards = [r[0] for r in db.all("SELECT card FROM members")]
    n = 0
    while True:
        n += 1
        roll = rng.random()
        try:
            if roll < 0.62:
                card = rng.choice(cards)
                balance = db.value("SELECT points FROM members WHERE card = ?", (card,))
                gross = rng.choice([5, 12, 30, 75, 200, 900]) * 10_000 + rng.randrange(100) * 1_000
                redeem = rng.randrange(balance // 3) if balance > 30 and rng.random() < 0.3 else 0
                purchase(card, gross, redeem, f"w{seed}-{n}")
            elif roll < 0.80:
                row = db.one("SELECT id, gross - refunded FROM purchases WHERE refunded < gross "
                             "ORDER BY random() LIMIT 1")
                if row:
                    amount = row[1] if rng.random() < 0.4 else max(1, row[1] // rng.choice([2, 3, 10]))
                    r = services.checkout.refund(s, row[0], amount, reason="kill test")
                    say("R", r.refund_id, r.purchase_id, r.amount)
            elif roll < 0.90:
                say("E", services.points.run_expiry(s).entries)
            elif roll < 0.95:
                card = rng.choice(cards)
                services.points.adjust_points(s, card, rng.choice([-40, -5, 7, 300]), "kill test")
                say("A", card)
            else:
                m = services.members.sign_up(s, f"0935{rng.randrange(10**7):07d}", "تازه", str(n))
                cards.append(m.card)
                say("M", m.id)
        except LoyaltyError:  # a redemption over the cap, a duplicate mobile...: refused whole
            pass


# --- the parent ---------------------------------------------------------------------------------

@dataclass
class Figures:
    kills: int = 0
    purchases_reported: int = 0
    purchases_checked: int = 0  # reported purchases found intact after the kills (all of them, cumulatively)
    refunds_checked: int = 0
    operations_reported: int = 0
    retried_submissions: int = 0  # purchases cut off before their report, pressed again with their key
    committed_unreported: int = 0  # the kill fell after COMMIT and before the report
    problems: list = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


class _Reader(threading.Thread):
    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.lines, self.ready = stream, [], threading.Event()

    def run(self):
        for line in self.stream:
            if not line.endswith("\n"):
                break  # cut off by the kill: not a report
            self.lines.append(line.split())
            if line == "ready\n":
                self.ready.set()
        self.ready.set()


def run(path: Path, kills: int, seed: int = 7, max_delay: float = 0.4, progress=None) -> Figures:
    """Set up a club at ``path`` and kill ``kills`` workers; returns the figures (problems must be [])."""
    rng = random.Random(seed)
    t0 = time.time()
    clock = sim_clock(t0)
    set_up(path, clock)
    figures = Figures()
    purchases: dict[int, tuple] = {}  # id -> (member_id, gross, key)
    refunds: dict[int, tuple] = {}  # id -> (purchase_id, amount)
    retry = None
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for k in range(kills):
        cmd = [sys.executable, "-m", "tests.backups.kill_harness", "worker", str(path), str(seed * 1000 + k), repr(t0),
               json.dumps(retry)]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        reader = _Reader(proc.stdout)
        reader.start()
        reader.ready.wait(30)
        time.sleep(rng.uniform(0, max_delay))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(10)
        err = proc.stderr.read()
        proc.stderr.close()
        if proc.returncode != -signal.SIGKILL or "Traceback" in err:
            figures.problems.append(f"kill {k}: worker ended {proc.returncode} before the kill: {err[-800:]}")
        figures.kills += 1
        submitted = None
        for parts in reader.lines:
            tag = parts[0]
            if tag == "S":
                submitted = (parts[1], parts[2], int(parts[3]), int(parts[4]))  # key, card, gross, redeem
            elif tag == "P":
                purchases[int(parts[1])] = (int(parts[2]), int(parts[3]), parts[4])
                figures.purchases_reported += 1
                if retry and parts[4] == retry[3]:
                    figures.retried_submissions += 1
                submitted = None
            elif tag == "X":
                submitted = None
            elif tag == "R":
                refunds[int(parts[1])] = (int(parts[2]), int(parts[3]))
            if tag != "ready":
                figures.operations_reported += tag != "S"
        retry = [submitted[1], submitted[2], submitted[3], submitted[0]] if submitted else None
        figures.problems += _verify(path, clock, purchases, refunds, figures, retry)
        if progress:
            progress(k + 1, figures)
    figures.seconds = round(time.perf_counter() - started, 1)
    return figures


def _verify(path: Path, clock, purchases, refunds, figures: Figures, pending) -> list[str]:
    problems = []
    db = services.open_club(path)  # opens after the kill: WAL recovery, then the migrations (none)
    try:
        s = owner_session(db, username="verify", clock=clock)
        problems += [f"check: {p.message}" for p in services.check.check_database(s)]
        stored = {r[0]: (r[1], r[2], r[3]) for r in db.all("SELECT id, member_id, gross, checkout_key FROM purchases")}
        for pid, expected in purchases.items():
            if stored.get(pid) != expected:
                problems.append(f"purchase {pid} reported done as {expected} but stored as {stored.get(pid)}")
        figures.purchases_checked = len(purchases)
        rows = {r[0]: (r[1], r[2]) for r in db.all("SELECT id, purchase_id, amount FROM refunds")}
        for rid, expected in refunds.items():
            if rows.get(rid) != expected:
                problems.append(f"refund {rid} reported done as {expected} but stored as {rows.get(rid)}")
        figures.refunds_checked = len(refunds)
        keys = [r[2] for r in stored.values() if r[2]]
        if len(keys) != len(set(keys)):
            problems.append("a checkout key was registered twice")
        if pending and pending[3] in keys:  # killed after COMMIT, before the report: the retry must find it
            figures.committed_unreported += 1
        strays = [pid for pid in stored if pid not in purchases and stored[pid][2] != (pending and pending[3])]
        if strays:
            problems.append(f"purchases {strays} are stored but were never reported nor pending")
    finally:
        db.close()
    return problems


if __name__ == "__main__":
    if sys.argv[1] == "worker":
        worker(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5]))
