"""The sender's kill test: a worker process runs rounds of ``sms.send_due`` against a local server
speaking Kavenegar's API (in the parent process, recording every message it takes); the parent
SIGKILLs the worker at random moments while a batch is sent, starts another, and so on; a last
worker finishes the outbox. Then no message may have been taken twice (by local id, or by
receptor and text) and none may be lost: every queued message was taken once and is recorded as
sent (or delivered) under the message id the server gave it.

The server is slow (a few ms to tens of ms an answer) and now and then takes a send and answers
500 (the answer lost on the way), so kills land before the call, during it, after the server took
the batch and before the club recorded it, and inside the club's own transactions. The worker's
clock runs 60 times faster than the wall's, so the back-off's minutes pass in seconds. Used by
``tests/sms/test_kill.py`` (a few dozen kills) and ``bench/sms_kill_test.py`` (a hundred or more).
"""

from __future__ import annotations

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
from loyaltydesk.domain.sms import Occasion, Values
from loyaltydesk.services import sms
from loyaltydesk.services.session import owner_session
from loyaltydesk.services.sms_provider import Kavenegar
from loyaltydesk.store import sms as sms_store

from .kavenegar_server import API_KEY, FakeKavenegar, start_fake

ROOT = Path(__file__).resolve().parents[2]
BASE = datetime(2025, 6, 1, 8, 0, tzinfo=timezone.utc)  # 11:30 in Tehran: no quiet hours for a while
SPEED = 60  # simulated seconds per real second
CHUNK = 7  # receptors per send in the test (the provider's 200 would send the batch in one call)


def sim_clock(t0: float):
    return lambda: BASE + timedelta(seconds=(time.time() - t0) * SPEED)


def set_up(path: Path, base_url: str, clock, messages: int) -> None:
    """A club whose outbox holds ``messages`` welcomes: most of their own text, some sharing one."""
    db = services.open_club(path)
    s = owner_session(db, clock=clock)
    sms.configure(s, provider="kavenegar", api_key=API_KEY, sender="10004346", base_url=base_url, welcome=False)
    with db.transaction():
        for n in range(messages):
            shared = n % 3 == 0  # a third share one text: sent in chunks
            sms.queue(db, clock(), Occasion.WELCOME, f"kill:{n}", mobile=f"0912{n:07d}",
                      values=Values(name="همه" if shared else f"مشتری {n}", shop="کشتن"))
    db.close()


def worker(path: str, t0: float) -> None:
    db = services.open_club(path)
    s = owner_session(db, username="sender", clock=sim_clock(t0))
    settings = sms.get_settings(s)
    provider = Kavenegar(settings.api_key, settings.base_url, timeout=(2.0, 2.0))
    provider.chunk = CHUNK
    print("ready", flush=True)
    while True:
        r = sms.send_due(s, provider, limit=20)
        print("R", r.sent, r.found, r.retry, flush=True)
        left = sms_store.counts(db)
        if not left.get("queued") and not left.get("sending"):
            print("done", flush=True)
            return
        time.sleep(0.01)


@dataclass
class Figures:
    messages: int = 0
    kills: int = 0
    sends: int = 0  # send calls the server answered or took
    taken: int = 0  # messages the server took
    found_after_crash: int = 0  # left 'sending' (a kill, a lost answer), found by local id: not sent again
    lost_answers: int = 0  # sends the server took and answered 500
    problems: list = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


class _Reader(threading.Thread):
    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.lines, self.ready, self.done = stream, [], threading.Event(), threading.Event()

    def run(self):
        for line in self.stream:
            if not line.endswith("\n"):
                break
            self.lines.append(line.split())
            if line == "ready\n":
                self.ready.set()
            if line == "done\n":
                self.done.set()
        self.ready.set()
        self.done.set()


def _start(path: Path, t0: float):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "tests.sms.kill_sender", "worker", str(path), repr(t0)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reader = _Reader(proc.stdout)
    reader.start()
    return proc, reader


def run(path: Path, kills: int, messages: int = 300, seed: int = 7, max_delay: float = 0.6,
        progress=None) -> Figures:
    rng = random.Random(seed)
    fake = start_fake()
    fake.jitter, fake.lose_answer, fake.rng = 0.03, 0.03, random.Random(seed + 1)
    fake.credit = 10**12
    t0 = time.time()
    figures = Figures(messages=messages)
    started = time.perf_counter()
    try:
        set_up(path, fake.base_url, sim_clock(t0), messages)
        for k in range(kills):
            proc, reader = _start(path, t0)
            reader.ready.wait(30)
            time.sleep(rng.uniform(0, max_delay))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            reader.join(10)
            err = proc.stderr.read()
            proc.stderr.close()
            if proc.returncode != -signal.SIGKILL and not reader.done.is_set() or "Traceback" in err:
                figures.problems.append(f"kill {k}: the worker ended {proc.returncode}: {err[-800:]}")
            figures.kills += 1
            if progress:
                progress(k + 1, figures, fake)
        proc, reader = _start(path, t0)  # the last one, left to finish
        if not reader.done.wait(300):
            proc.send_signal(signal.SIGKILL)
            figures.problems.append("the last worker did not finish the outbox in 300 s")
        proc.wait()
        reader.join(10)
        err = proc.stderr.read()
        proc.stderr.close()
        if proc.returncode != 0:
            figures.problems.append(f"the last worker ended {proc.returncode}: {err[-800:]}")
        figures.problems += verify(path, fake, figures)
    finally:
        fake.server.stop()
    figures.seconds = round(time.perf_counter() - started, 1)
    return figures


def verify(path: Path, fake: FakeKavenegar, figures: Figures) -> list[str]:
    problems = []
    figures.sends = sum(1 for c in fake.calls if c[0] == "send")
    figures.taken, figures.lost_answers, figures.found_after_crash = len(fake.sent), fake.lost, fake.found
    twice = fake.twice()
    if twice:
        problems.append(f"{len(twice)} messages taken twice, e.g. {twice[:3]}")
    db = services.open_club(path)
    try:
        rows = {r[0]: (r[1], r[2], r[3], r[4]) for r in db.all(
            "SELECT local_id, mobile, body, state, provider_id FROM sms_outbox")}
    finally:
        db.close()
    if len(rows) != figures.messages:
        problems.append(f"{len(rows)} messages in the outbox, {figures.messages} queued")
    taken = {t.localid: t for t in fake.sent}
    for local_id, (mobile, body, state, provider_id) in rows.items():
        t = taken.get(local_id)
        if t is None:
            problems.append(f"message {local_id} ({state}) was never taken: lost")
        elif (t.receptor, t.message, str(t.messageid)) != (mobile, body, provider_id) or state not in ("sent",
                                                                                                       "delivered"):
            problems.append(f"message {local_id}: stored {(mobile, state, provider_id)}, taken as "
                            f"{(t.receptor, t.messageid)}")
    strays = set(taken) - set(rows)
    if strays:
        problems.append(f"the server took {len(strays)} messages the club never queued")
    return problems


if __name__ == "__main__":
    if sys.argv[1] == "worker":
        worker(sys.argv[2], float(sys.argv[3]))
