#!/usr/bin/env python3
"""Benchmark of LoyaltyDesk's spine: member look-ups, purchases and balances on a big club.

1. Fill: a club database made by the real migrations, bulk-filled through the store's connection
   with believable data that obeys the club's rules (tiers, checkout lines, ledger, lots, history).
2. Reopen it the way the app does (WAL, synchronous=FULL, checkpoints on a background thread).
3. Time each cashier operation through the services and, on the same targets in the same run,
   the bare sqlite3 floor of the same work; print a table (and JSON with --json).

    uv run python bench/bench_spine.py --members 20000 --purchases 200000 --check   # small, with check
    uv run python bench/bench_spine.py --reuse --json bench/out/full.json          # 1M members, 10M purchases

See bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import platform
import random
import shutil
import threading
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loyaltydesk import services  # noqa: E402
from loyaltydesk.domain.chain import link as chain_link  # noqa: E402
from loyaltydesk.domain.errors import LoyaltyError  # noqa: E402
from loyaltydesk.domain.ids import card_is_valid, luhn_check_digit, national_code_is_valid, new_checkout_key  # noqa: E402
from loyaltydesk.domain.jalali import add_months, month_length, to_iso, utc_now  # noqa: E402
from loyaltydesk.domain.settings import ClubSettings  # noqa: E402
from loyaltydesk.domain.text import normalize_text, search_key, to_persian_digits  # noqa: E402
from loyaltydesk.domain.tiers import Tier, rank, tier_for_spend, window_start  # noqa: E402
from loyaltydesk.services import checkout, owner_session, open_club  # noqa: E402
from loyaltydesk.services import members as member_service  # noqa: E402
from loyaltydesk.services.members import FAR_FUTURE  # noqa: E402
from loyaltydesk.store import club as club_store  # noqa: E402
from loyaltydesk.store import members as member_store  # noqa: E402
from loyaltydesk.store import keyslots, migrate, open_database  # noqa: E402
from loyaltydesk.store.db import Checkpointer, Database  # noqa: E402
from loyaltydesk.store.engine import connect as keyed_connect  # noqa: E402
from loyaltydesk.store.engine import sqlite3  # noqa: E402  (SQLCipher's: the app's one SQLite)
from loyaltydesk.store import purchases as purchase_store  # noqa: E402
from loyaltydesk.store import warm as warm_store  # noqa: E402
from loyaltydesk.services import daily  # noqa: E402

UTC = timezone.utc
FILL_ACTOR = "bench-fill"
FLOOR_ACTOR = "bench-floor"
SERVICE_USER = "bench"
TEHRAN_OFFSET = 3 * 3600 + 1800  # +03:30; Iran has kept no daylight saving time since 2022 (checked below)
OPEN_HOUR, CLOSE_HOUR = 9, 22  # the shop's hours, Tehran time
GROSS_MIN, GROSS_MAX, GROSS_STEP = 200_000, 20_000_000, 5_000  # rials
FILL_CHUNK = 100_000  # rows per executemany
COMMIT_EVERY = 500_000  # purchases per transaction during the fill

# name, threshold (rials), discount (basis points), multiplier (%), birthday bonus, colour
TIERS = (
    ("برنزی", 0, 0, 100, 0, "#cd7f32"),
    ("نقره‌ای", 50_000_000, 300, 125, 200, "#c0c0c0"),
    ("طلایی", 150_000_000, 500, 150, 500, "#d4af37"),
    ("الماسی", 400_000_000, 1000, 200, 1000, "#5ec8e5"),
)

# Names as cashiers type them: some with ZWNJ (نیم‌فاصله), some typed on an Arabic layout (ي ك),
# which normalize_text turns into Persian letters before storing.
MALE = (
    "محمد", "علی", "حسین", "رضا", "مهدی", "محمدرضا", "امیرحسین", "ابوالفضل", "علیرضا", "حسن",
    "مجید", "سعید", "حمید", "جواد", "مصطفی", "مرتضی", "يوسف", "كاظم", "اکبر", "بهروز",
    "داریوش", "کوروش", "پویا", "آرش", "سینا", "نیما", "میلاد", "عبدالله", "محمدعلی", "امير",
)
FEMALE = (
    "فاطمه", "زهرا", "مریم", "زینب", "معصومه", "سمیه", "نرگس", "مهسا", "سارا", "نازنین‌زهرا",
    "الهام", "لیلا", "شیرین", "پریسا", "نیلوفر", "آزاده", "هانیه", "كيميا", "یاسمن", "ریحانه",
    "فرشته", "مهتاب", "سپیده", "رویا", "پروانه", "طاهره", "شهلا", "ملیکا", "حدیث", "مريم",
)
LAST = (
    "محمدی", "حسینی", "احمدی", "رضایی", "موسوی", "کریمی", "جعفری", "کاظمی", "رحیمی", "هاشمی",
    "قاسمی", "صادقی", "حیدری", "ابراهیمی", "نوری", "مرادی", "اکبری", "عباسی", "سلطانی", "یوسفی",
    "رستمی", "شریفی", "نجفی", "امیری", "کامرانی", "توکلی", "فرهادی", "زارعی", "سلیمانی", "باقری",
    "طاهری", "میرزایی", "قربانی", "اسدی", "عبدالله‌زاده", "حسن‌زاده", "علی‌زاده", "قلی‌پور", "حسین‌پور", "رضازاده",
    "نیک‌نام", "خوش‌نویس", "شاه‌محمدی", "میرحسینی", "آقایی", "آل‌احمد", "تهرانی", "شیرازی", "اصفهانی", "تبریزی",
    "کرمانی", "یزدی", "بهرامی", "پورمحمدی", "فتحی", "ملکی", "نظری", "كريمي", "يوسفي", "صالحي",
)
MOBILE_PREFIXES = (
    "0910", "0911", "0912", "0913", "0914", "0915", "0916", "0917", "0918", "0919", "0990", "0991",
    "0992", "0993", "0901", "0902", "0903", "0905", "0930", "0933", "0935", "0936", "0937", "0938",
    "0939", "0920", "0921", "0922",
)


# --- time helpers --------------------------------------------------------------------------------

_DAY_PREFIX: dict[int, str] = {}


def iso(epoch: int) -> str:
    """loyaltydesk.domain.jalali.to_iso for an integer epoch, fast (the fill formats ~20M stamps)."""
    day, sod = divmod(epoch, 86400)
    prefix = _DAY_PREFIX.get(day)
    if prefix is None:
        prefix = _DAY_PREFIX[day] = time.strftime("%Y-%m-%dT", time.gmtime(day * 86400))
    h, rest = divmod(sod, 3600)
    m, s = divmod(rest, 60)
    return f"{prefix}{h:02d}:{m:02d}:{s:02d}Z"


class Expiry:
    """``add_months(moment, months)`` for integer epochs, cached per Tehran day (exact while the
    Tehran offset does not change, which ``verify`` checks against the real function)."""

    def __init__(self, months: int):
        self.months, self.cache = months, {}

    def __call__(self, epoch: int) -> int:
        local_day = (epoch + TEHRAN_OFFSET) // 86400
        delta = self.cache.get(local_day)
        if delta is None:
            noon = local_day * 86400 - TEHRAN_OFFSET + 12 * 3600
            delta = int(add_months(datetime.fromtimestamp(noon, UTC), self.months).timestamp()) - noon
            self.cache[local_day] = delta
        return epoch + delta

    def verify(self, epochs) -> None:
        for e in epochs:
            want = to_iso(add_months(datetime.fromtimestamp(e, UTC), self.months))
            assert iso(self(e)) == want, (iso(e), iso(self(e)), want)


def shop_hours(epoch: int) -> int:
    """Move a moment into the shop's opening hours of the same Tehran day."""
    local = epoch + TEHRAN_OFFSET
    day, sod = divmod(local, 86400)
    sod = OPEN_HOUR * 3600 + sod * (CLOSE_HOUR - OPEN_HOUR) // 24
    return day * 86400 + sod - TEHRAN_OFFSET


# --- the fill ------------------------------------------------------------------------------------

def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", keyslots.SUFFIX):
        p = Path(str(path) + suffix)
        if p.exists():
            p.unlink()


def file_size(path: Path) -> int:
    return sum(Path(str(path) + s).stat().st_size for s in ("", "-wal") if Path(str(path) + s).exists())


def national_code(payload: int) -> str:
    head = str(payload).zfill(9)
    total = sum(int(head[i]) * (10 - i) for i in range(9)) % 11
    return head + str(total if total < 2 else 11 - total)


def club_key(path: Path) -> bytes | None:
    """The bench club's key: a club nobody owns keeps it as its set-up key (None: a plain club)."""
    header = keyslots.read(path)
    return None if header is None else header.setup


def fill(path: Path, n_members: int, n_purchases: int, seed: int, plain: bool = False) -> dict:
    """Create the club at ``path`` (encrypted as the app makes it; ``plain``: unencrypted, for the
    comparison) and fill it; returns timings and counts."""
    rnd = random.Random(seed)
    remove_db(path)
    t_start = time.perf_counter()
    phases = {}

    if plain:  # a club made before encryption: the same schema, by the real migrations, no key
        db = Database(path)
        migrate(db)
    else:
        db = open_database(path)  # schema by the real migrations
    conn = db.conn
    conn.execute("PRAGMA synchronous = OFF")  # fill only; the benchmark reopens with the app's settings
    conn.execute("PRAGMA cache_size = -4000000")  # 4 GB, fill only
    now_dt = utc_now().replace(microsecond=0)
    now = int(now_dt.timestamp())

    with db.transaction():
        club_store.put_settings(db, ClubSettings().as_dict())
        tier_ids = [club_store.insert_tier(db, Tier(None, *t)) for t in TIERS]
    tiers = club_store.tiers(db)
    assert [t.name for t in tiers] == [normalize_text(t[0]) for t in TIERS]
    settings = ClubSettings.from_dict(club_store.settings(db))
    thresholds = [t.threshold for t in tiers]
    discount_bp = [t.discount_bp for t in tiers]
    multiplier = [t.multiplier_pct for t in tiers]
    point_divisor = settings.rials_per_point * 100

    # -- members ---------------------------------------------------------------------------------
    t0 = time.perf_counter()
    joined_lo = int(add_months(now_dt, -24).timestamp())
    joined = sorted(shop_hours(rnd.randint(joined_lo, now - 86400)) for _ in range(n_members))
    joined = [min(j, now - 3600) for j in joined]
    payloads = rnd.sample(range(10**10), n_members)
    mobiles = rnd.sample(range(len(MOBILE_PREFIXES) * 10**7), n_members)
    codes = iter(rnd.sample(range(10**9), n_members // 5 + 1))
    first_pool = [(normalize_text(n), "m") for n in MALE] + [(normalize_text(n), "f") for n in FEMALE]
    last_pool = [normalize_text(n) for n in LAST]
    first_weights = [1 / (i % 30 + 4) for i in range(len(first_pool))]  # popular names are common
    last_weights = [1 / (i + 6) for i in range(len(last_pool))]
    key_cache: dict[tuple[str, str], str] = {}
    birthday_days = {(y, m): month_length(y, m) for y in range(1335, 1388) for m in range(1, 13)}
    base_tier = tier_ids[0]

    member_sql = (
        "INSERT INTO members (id, card, mobile, mobile_rev, first_name, last_name, search_name, birthday, "
        "birthday_md, gender, national_code, referrer_id, sms_consent, status, joined_at, tier_id, tier_since, points) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
    )
    history_sql = (
        "INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, purchase_id, spend, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    )
    status = [None] * (n_members + 1)
    rows, history = [], []
    conn.execute("BEGIN IMMEDIATE")
    for i in range(n_members):
        mid = i + 1
        payload = "6" + str(payloads[i]).zfill(10)
        card = payload + luhn_check_digit(payload)
        prefix, rest = divmod(mobiles[i], 10**7)
        mobile = MOBILE_PREFIXES[prefix] + str(rest).zfill(7)
        first, gender = rnd.choices(first_pool, first_weights)[0]
        last = rnd.choices(last_pool, last_weights)[0]
        skey = key_cache.get((first, last))
        if skey is None:
            skey = key_cache[(first, last)] = search_key(first + " " + last)
        birthday = birthday_md = None
        if rnd.random() < 0.6:
            y, m = rnd.randint(1340, 1387), rnd.randint(1, 12)
            d = rnd.randint(1, birthday_days[(y, m)])
            birthday, birthday_md = f"{y}/{m:02d}/{d:02d}", f"{m:02d}/{d:02d}"
        code = None
        if rnd.random() < 0.2:
            code = national_code(next(codes, 0))
            if not national_code_is_valid(code):
                code = None
        referrer = rnd.randint(1, mid - 1) if mid > 1 and rnd.random() < 0.05 else None
        st = "blocked" if rnd.random() < 0.002 else "active"
        status[mid] = st
        at = iso(joined[i])
        rows.append((mid, card, mobile, mobile[::-1], first, last, skey, birthday, birthday_md, gender, code,
                     referrer, int(rnd.random() < 0.7), st, at, base_tier, at))
        history.append((mid, at, None, base_tier, "signup", None, 0, FILL_ACTOR))
        if len(rows) >= FILL_CHUNK:
            conn.executemany(member_sql, rows)
            conn.executemany(history_sql, history)
            rows, history = [], []
    conn.executemany(member_sql, rows)
    conn.executemany(history_sql, history)
    conn.execute("COMMIT")
    assert card_is_valid(card)
    del payloads, mobiles, rows, history
    phases["members_s"] = round(time.perf_counter() - t0, 1)
    print(f"  members: {n_members:,} in {phases['members_s']} s", flush=True)

    # -- purchases: who buys when ------------------------------------------------------------------
    t0 = time.perf_counter()
    window_lo = int((add_months(now_dt, -12) + timedelta(days=1)).timestamp())  # nothing due to expire yet
    span = now - window_lo
    starts = [0] * (n_members + 1)
    weights = []
    for mid in range(1, n_members + 1):
        lo = max(joined[mid - 1], window_lo)
        starts[mid] = lo
        active = (now - lo) / span
        if rnd.random() < 0.15:  # signed up, never came back
            weights.append(0.0)
        else:  # skewed: a few regulars buy every week, most a few times a year
            weights.append(min(rnd.lognormvariate(0, 1.0), 25.0) * active)
    multiplier_key = n_members + 1
    keys = []
    append = keys.append
    rand = rnd.random
    for mid in rnd.choices(range(1, n_members + 1), weights=weights, k=n_purchases):
        lo = starts[mid]
        t = shop_hours(lo + int(rand() * (now - lo)))
        if t < lo:
            t = lo
        elif t > now:
            t = now
        append(t * multiplier_key + mid)
    del weights, starts, joined
    keys.sort()  # purchase ids in time order, as in a real shop
    phases["plan_s"] = round(time.perf_counter() - t0, 1)
    print(f"  purchase plan: {n_purchases:,} in {phases['plan_s']} s", flush=True)

    # -- purchases, ledger, lots, upgrades -----------------------------------------------------------
    t0 = time.perf_counter()
    expiry = Expiry(settings.expiry_months)
    expiry.verify([keys[i] // multiplier_key for i in range(0, len(keys), max(1, len(keys) // 500))])
    purchase_sql = (
        "INSERT INTO purchases (id, member_id, at, recorded_at, actor, tier_id, gross, tier_discount, net, "
        "points_earned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    ledger_sql = (
        "INSERT INTO ledger (id, member_id, at, kind, points, expires_at, purchase_id, actor) "
        "VALUES (?, ?, ?, 'earn', ?, ?, ?, ?)"
    )
    lot_sql = "INSERT INTO point_lots (entry_id, member_id, expires_at, remaining) VALUES (?, ?, ?, ?)"
    spend = [0] * (n_members + 1)
    tier = [0] * (n_members + 1)
    points = [0] * (n_members + 1)
    since = [None] * (n_members + 1)
    top = len(tiers) - 1
    log_lo, log_hi = math.log(GROSS_MIN), math.log(GROSS_MAX)
    uniform, exp = rnd.uniform, math.exp
    p_rows, l_rows, lot_rows, h_rows = [], [], [], []
    upgrades = 0
    conn.execute("BEGIN IMMEDIATE")
    for pid, key in enumerate(keys, 1):
        t, mid = divmod(key, multiplier_key)
        gross = max(GROSS_MIN, int(exp(uniform(log_lo, log_hi))) // GROSS_STEP * GROSS_STEP)
        ti = tier[mid]
        disc = gross * discount_bp[ti] // 10_000
        net = gross - disc
        earned = net * multiplier[ti] // point_divisor
        at = iso(t)
        expires = iso(expiry(t))
        p_rows.append((pid, mid, at, at, FILL_ACTOR, tier_ids[ti], gross, disc, net, earned))
        l_rows.append((pid, mid, at, earned, expires, pid, FILL_ACTOR))
        lot_rows.append((pid, mid, expires, earned))
        points[mid] += earned
        s = spend[mid] = spend[mid] + gross
        if ti < top and s >= thresholds[ti + 1]:  # up at once; this purchase was priced at the old tier
            nt = ti + 1
            while nt < top and s >= thresholds[nt + 1]:
                nt += 1
            h_rows.append((mid, at, tier_ids[ti], tier_ids[nt], "purchase", pid, s, FILL_ACTOR))
            tier[mid], since[mid] = nt, at
            upgrades += 1
        if len(p_rows) >= FILL_CHUNK:
            conn.executemany(purchase_sql, p_rows)
            conn.executemany(ledger_sql, l_rows)
            conn.executemany(lot_sql, lot_rows)
            conn.executemany(history_sql, h_rows)
            p_rows, l_rows, lot_rows, h_rows = [], [], [], []
            if pid % COMMIT_EVERY == 0:
                conn.execute("COMMIT")
                el = time.perf_counter() - t0
                print(f"  purchases: {pid:,} in {el:.0f} s ({pid / el:,.0f}/s)", flush=True)
                conn.execute("BEGIN IMMEDIATE")
    conn.executemany(purchase_sql, p_rows)
    conn.executemany(ledger_sql, l_rows)
    conn.executemany(lot_sql, lot_rows)
    conn.executemany(history_sql, h_rows)
    conn.execute("COMMIT")
    assert min((r[3] for r in lot_rows), default=1) > 0
    del keys, p_rows, l_rows, lot_rows, h_rows
    phases["purchases_s"] = round(time.perf_counter() - t0, 1)
    print(f"  purchases: {n_purchases:,} in {phases['purchases_s']} s", flush=True)

    # -- cached balances and tiers: members.points = SUM(ledger.points) --------------------------------
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    batch = []
    for mid in range(1, n_members + 1):
        if points[mid] or since[mid]:
            if since[mid]:
                batch.append((points[mid], tier_ids[tier[mid]], since[mid], mid))
            else:
                batch.append((points[mid], base_tier, None, mid))
        if len(batch) >= FILL_CHUNK:
            conn.executemany(
                "UPDATE members SET points = ?, tier_id = ?, tier_since = COALESCE(?, tier_since) WHERE id = ?", batch)
            batch = []
    conn.executemany("UPDATE members SET points = ?, tier_id = ?, tier_since = COALESCE(?, tier_since) WHERE id = ?",
                     batch)
    conn.execute("COMMIT")
    phases["balances_s"] = round(time.perf_counter() - t0, 1)

    t0 = time.perf_counter()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    phases["checkpoint_s"] = round(time.perf_counter() - t0, 1)
    tier_counts = [0] * len(tiers)
    for mid in range(1, n_members + 1):
        tier_counts[tier[mid]] += 1
    db.close()
    elapsed = time.perf_counter() - t_start
    size = file_size(path)
    info = {
        "members": n_members, "purchases": n_purchases, "seed": seed, "fill_s": round(elapsed, 1),
        "phases": phases, "file_bytes": size, "upgrades": upgrades,
        "members_by_tier": {t.name: c for t, c in zip(tiers, tier_counts)},
        "filled_at": iso(now),
    }
    print(f"fill: {elapsed:,.1f} s, file {size / 2**20:,.1f} MiB; members by tier "
          + ", ".join(f"{k} {v:,}" for k, v in info["members_by_tier"].items()), flush=True)
    return info


def filled_with(path: Path, n_members: int, n_purchases: int) -> bool:
    """True when ``path`` holds a fill of exactly these counts (later benchmark rows are allowed)."""
    if not path.exists():
        return False
    conn = keyed_connect(path, club_key(path))
    try:
        members = conn.execute("SELECT count(*) FROM members").fetchone()[0]
        actors = dict(conn.execute("SELECT id, actor FROM purchases WHERE id IN (?, ?)",
                                   (n_purchases, n_purchases + 1)).fetchall())
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return (members == n_members and actors.get(n_purchases) == FILL_ACTOR
            and actors.get(n_purchases + 1) != FILL_ACTOR)


# --- measuring -----------------------------------------------------------------------------------

def percentile(values, q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def disk_floor(folder: Path, n: int = 1000) -> dict:
    """The floor under every floor: one 8 KiB write and ``fdatasync`` in the club's folder, ``n``
    times (what a commit with synchronous=FULL waits for at least once), p50/p99/max in µs. A
    purchase target below this disk's own p99 cannot be met by any code on this machine."""
    probe = folder / ".fsync-probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT, 0o600)
    times = []
    try:
        block = os.urandom(8192)
        for i in range(n):
            os.pwrite(fd, block, (i % 64) * 8192)
            a = time.perf_counter_ns()
            os.fdatasync(fd)
            times.append(time.perf_counter_ns() - a)
    finally:
        os.close(fd)
        probe.unlink(missing_ok=True)
    return {"samples": n, "p50_us": round(percentile(times, 0.5) / 1000, 1),
            "p99_us": round(percentile(times, 0.99) / 1000, 1), "max_us": round(max(times) / 1000, 1)}


def disk_line(d: dict) -> str:
    return (f"the disk alone (8 KiB write + fdatasync beside the club, {d['samples']}×): "
            f"p50 {d['p50_us']:,.0f} µs, p99 {d['p99_us']:,.0f} µs, max {d['max_us']:,.0f} µs")


def connect_floor(path: Path) -> sqlite3.Connection:
    """A bare connection with the app's pragmas (and, like the app's, no checkpoint on commit), keyed
    as the app's is: the floor pays the same encryption."""
    conn = keyed_connect(path, club_key(path), isolation_level=None, check_same_thread=False)
    for pragma in ("busy_timeout = 5000", "foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL",
                   "cache_size = -65536", "temp_store = MEMORY", "wal_autocheckpoint = 0"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


class counting:
    """Count the SQL statements a connection runs (FTS5's own internal statements excluded)."""

    def __init__(self, conn):
        self.conn, self.count = conn, [0]

    def _trace(self, sql):
        if not sql.startswith("--"):
            self.count[0] += 1

    def __enter__(self):
        self.conn.set_trace_callback(self._trace)
        return self.count

    def __exit__(self, *exc):
        self.conn.set_trace_callback(None)


def floor_purchase_rows(pq, member_id: int, gross: int, tiers: dict, settings: ClubSettings, at: str,
                        expires: str | None) -> tuple[int, int, int]:
    """The rows one purchase writes, in bare SQL on the floor's connection (``pq``: its execute):
    the purchase (its triggers keep the statistics and the window spend, as for the service's), the
    ledger entry and its lot, chained, the balance, the member moved up when the window spend
    reaches a higher tier (with its history row), and the audit row, chained: the same rows as
    ``register_purchase`` without a redemption, in one transaction. Returns (purchase id, ledger
    id, points earned). ``tiers``: the club's, by id."""
    pq("BEGIN IMMEDIATE")
    tier = tiers[pq("SELECT tier_id FROM members WHERE id = ?", (member_id,)).fetchone()[0]]
    disc = gross * tier.discount_bp // 10_000
    net = gross - disc
    earned = net * tier.multiplier_pct // (settings.rials_per_point * 100)
    pid = pq("INSERT INTO purchases (member_id, at, recorded_at, actor, tier_id, gross, tier_discount, net, "
             "points_earned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
             (member_id, at, at, FLOOR_ACTOR, tier.id, gross, disc, net, earned)).lastrowid
    last = pq("SELECT id, chain FROM ledger ORDER BY id DESC LIMIT 1").fetchone() or (0, None)
    entry = (last[0] + 1, member_id, at, "earn", earned, expires, None, pid, None, None, None, "", FLOOR_ACTOR)
    pq("INSERT INTO ledger (id, member_id, at, kind, points, expires_at, lot_id, purchase_id, refund_id, reverses_id, "
       "bonus_key, reason, actor, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
       (*entry, chain_link("ledger", last[1], entry)))
    if earned > 0:
        pq("INSERT INTO point_lots (entry_id, member_id, expires_at, remaining) VALUES (?, ?, ?, ?)",
           (entry[0], member_id, expires, earned))
    pq("UPDATE members SET points = points + ? WHERE id = ?", (earned, member_id))
    spend = pq("SELECT win_spend FROM members WHERE id = ?", (member_id,)).fetchone()[0]
    ladder = list(tiers.values())
    deserved = tier_for_spend(ladder, spend)
    if deserved is not None and rank(ladder, deserved.id) > rank(ladder, tier.id):
        pq("UPDATE members SET tier_id = ?, tier_since = ? WHERE id = ?", (deserved.id, at, member_id))
        pq("INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, purchase_id, spend, actor) "
           "VALUES (?, ?, ?, ?, 'purchase', ?, ?, ?)", (member_id, at, tier.id, deserved.id, pid, spend, FLOOR_ACTOR))
    last = pq("SELECT id, chain FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() or (0, None)
    after = json.dumps({"purchase_id": pid, "member_id": member_id, "at": at, "gross": gross, "tier_discount": disc,
                        "net": net, "points_earned": earned, "tier_before": tier.name,
                        "tier_after": deserved.name if deserved is not None and deserved.id != tier.id else tier.name},
                       ensure_ascii=False)
    row = (last[0] + 1, at, FLOOR_ACTOR, "owner", "register_purchase", "purchase", str(pid), None, after, at)
    pq("INSERT INTO audit_log (id, at, actor, role, action, entity, entity_id, before, after, recorded_at, chain) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*row, chain_link("audit_log", last[1], row)))
    pq("COMMIT")
    return pid, entry[0], earned


def measure(name, items, warm, service, floor, same, settle=None):
    """Time ``service`` and ``floor`` on each item, alternating which goes first.

    ``items``/``warm`` are (service argument, floor argument) pairs; ``same`` says whether the two
    answers agree; ``settle(side)``, when given, runs untimed before each timed call ("service" or
    "floor"). Returns timings in ns and the items whose answers differ."""
    for s, f in warm:
        service(s)
        floor(f)
    gc.collect()
    ts, tf, differ = [], [], []
    clock = time.perf_counter_ns
    for i, (s, f) in enumerate(items):
        calls = (("service", service, s, ts), ("floor", floor, f, tf))
        answers = {}
        for side, fn, arg, times in (calls if i & 1 else calls[::-1]):
            if settle is not None:
                settle(side)
            a = clock()
            answers[side] = fn(arg)
            times.append(clock() - a)
        if not same(answers["service"], answers["floor"]):
            differ.append(s)
    return ts, tf, differ


def written_back(path, within: float = 2.0) -> bool:
    """Wait (untimed) until the WAL of the club at ``path`` is written back whole by the background
    checkpointer that serves it: the WAL-index header's mxFrame (byte 16) equal to its nBackfill
    (byte 96), as https://www.sqlite.org/walformat.html lays them out. False after ``within`` s."""
    end = time.monotonic() + within
    while True:
        try:
            with open(f"{path}-shm", "rb") as f:
                head = f.read(100)
        except FileNotFoundError:
            return True
        if len(head) < 100 or head[16:20] == head[96:100]:
            return True
        if time.monotonic() > end:
            return False
        time.sleep(0.0005)


def rchar() -> int | None:
    """Bytes this thread has read through read()/pread() (Linux; None elsewhere): the thread's own,
    not the background checkpointer's (it reads the WAL back in the same process)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/io") as f:
            for line in f:
                if line.startswith("rchar:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def os_reads(items, service, floor) -> dict | None:
    """Pages each side read from the file system per call (what its page cache did not hold: the
    OS cache or the disk), over a few more calls, untimed: quantiles of 4 KiB pages."""
    if rchar() is None:
        return None
    sides: dict[str, list[float]] = {"service": [], "floor": []}
    for s, f in items:
        for side, fn, arg in (("service", service, s), ("floor", floor, f)):
            r0 = rchar()
            fn(arg)
            sides[side].append((rchar() - r0) / 4096)
    out = {}
    for side, pages in sides.items():
        pages.sort()
        if pages:
            out[side] = {"median": pages[len(pages) // 2], "p90": pages[int(len(pages) * 0.9)], "max": pages[-1],
                         "calls": len(pages)}
    return out


def summary(name, ts, tf, differ, target_us):
    ms, ps = percentile(ts, 0.5) / 1000, percentile(ts, 0.99) / 1000
    mf, pf = percentile(tf, 0.5) / 1000, percentile(tf, 0.99) / 1000
    return {
        "operation": name, "samples": len(ts),
        "service_median_us": round(ms, 1), "service_p99_us": round(ps, 1),
        "floor_median_us": round(mf, 1), "floor_p99_us": round(pf, 1),
        "ratio_medians": round(ms / mf, 1) if mf else None,
        "service_max_us": round(max(ts) / 1000, 1), "floor_max_us": round(max(tf) / 1000, 1),
        "target_p99_us": target_us, "meets_target": ps < target_us,
        "answers_differ": len(differ), "differ_examples": [str(d) for d in differ[:5]],
    }


def mobile_form(mobile: str, k: int) -> str:
    """A mobile as people type it: +98…, 0098…, Persian digits, spaces, 10 digits, 98…"""
    rest = mobile[1:]
    return (
        "+98" + rest,
        "0098" + rest,
        to_persian_digits(mobile),
        f"{mobile[:4]} {mobile[4:7]} {mobile[7:]}",
        f"+98 {rest[:3]} {rest[3:6]} {rest[6:]}",
        rest,
        "98" + rest,
    )[k % 7]


def arabic_layout(text: str) -> str:
    """The same text typed on an Arabic keyboard layout (ي ك instead of ی ک)."""
    return text.replace("ی", "ي").replace("ک", "ك")


def ids_of(views) -> list[int]:
    return [v.id for v in views]


def read_whole(path: Path) -> None:
    """Read the database file once, so that the OS holds all of it in its page cache."""
    buf = bytearray(64 << 20)
    with open(path, "rb", buffering=0) as f:
        while f.readinto(buf):
            pass


# What a look-up reads: the members table and the indexes of card, mobile, mobile suffix and names
# (~340 MB at 1M members, against ~5 GB for the whole file). Each statement reads one of them whole.
LOOKUP_BTREES = (
    "SELECT sum(length(card) + length(mobile) + length(notes)) FROM members NOT INDEXED",
    "SELECT count(card) FROM members WHERE card > ''",
    "SELECT count(mobile) FROM members WHERE mobile > ''",
    "SELECT count(mobile_rev) FROM members WHERE mobile_rev > ''",
    "SELECT sum(length(block)) FROM members_fts_data",
)


def read_lookup_btrees(conn) -> None:
    """Read what the look-ups read once, so that the OS holds it in its page cache (as on a shop's
    PC, where the members are looked up all day; the issue's floors are for a file in memory)."""
    for sql in LOOKUP_BTREES:
        conn.execute(sql).fetchall()


class BareReader:
    """The floor's bare connection as ``store.warm`` reads through it (``value``, ``all``)."""

    engine = "sqlite"

    def __init__(self, conn):
        self.conn = conn

    def value(self, sql, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def all(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()

    def execute(self, sql, params=()):
        return self.conn.execute(sql, params)


def rss_mib() -> float:
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        return float("nan")


def app_warm_up(session, floor=None) -> dict:
    """The app's warm-up after its start (``services.daily``'s last stage at start): the hot
    b-trees read into the cashier's connection's page cache in slices of the app's length, timed.
    With ``floor``, the same reads into the floor's connection (same cache size) afterwards."""
    rss0 = rss_mib()
    run, slices, longest, t0 = warm_store.WarmRun(), 0, 0.0, time.perf_counter()
    while not run.done:
        t = time.perf_counter()
        daily.warm_up(session, run, daily.SLICE_SECONDS)
        slices += 1
        longest = max(longest, time.perf_counter() - t)
    out = {"s": round(time.perf_counter() - t0, 2), "slices": slices, "longest_slice_ms": round(longest * 1000, 1),
           "entries": run.entries, "cache_bytes": warm_store.cache_size(session.db),
           "rss_added_mib": round(rss_mib() - rss0, 1)}
    if floor is not None:
        bare = BareReader(floor)
        warm_store.set_cache(bare, out["cache_bytes"])
        t0, run = time.perf_counter(), warm_store.WarmRun()
        warm_store.warm_slice(bare, run, None)
        out["floor_s"] = round(time.perf_counter() - t0, 2)
    print(f"app warm-up: {out['s']} s in {slices} slices (longest {out['longest_slice_ms']} ms), "
          f"{run.entries:,} entries, page cache {out['cache_bytes'] / 2**20:,.0f} MiB, RSS +{out['rss_added_mib']} MiB"
          + (f"; floor warmed alike in {out['floor_s']} s" if floor is not None else ""), flush=True)
    return out


class SqliteSide:
    """The engine a bench runs on: here the club file and its bare ``sqlite3`` floor. (``bench_spine_pg.py``
    has PostgreSQL's: the same rows, the same operations, the floor's statements in its SQL.)"""

    engine = "sqlite"
    # p99 targets in µs (from the issue): look-ups 1 ms, names 5 ms, a purchase 5 ms with synchronous=FULL
    targets = {"a": 1000, "b": 1000, "c": 1000, "d": 5000, "e": 5000, "f": 1000}
    # the floor's name search: FTS5's index joined to the members
    name_sql = ("SELECT m.* FROM members_fts JOIN members m ON m.id = members_fts.rowid "
                "WHERE members_fts MATCH ? LIMIT 20")

    def __init__(self, path: Path, cache_mib: int | None = None):
        self.path, self.cache_mib = path, cache_mib

    def open(self):
        """The service's database (the app's real settings) and the floor's connection."""
        db = open_club(self.path, background_checkpoint=True)
        self.floor = connect_floor(self.path)
        if self.cache_mib is not None:  # both connections alike
            for conn in (db.conn, self.floor):
                conn.execute(f"PRAGMA cache_size = {-self.cache_mib * 1024}")
        return db

    def about(self, db) -> dict:
        return {"cache_size": db.conn.execute("PRAGMA cache_size").fetchone()[0]}

    def settle(self) -> dict:
        """The WAL written back (not the app's PASSIVE checkpoint: all of it, now)."""
        # RESTART, not TRUNCATE: the app's checkpointer never truncates, so its WAL keeps its size and a
        # commit's fdatasync overwrites blocks already there; after TRUNCATE every commit until the WAL
        # wraps extends the file, and its fdatasync writes the file's size too (an ext4 journal commit:
        # measured here p50 570 µs / p99 4.5 ms extending, 160 µs / 0.7 ms overwriting, 80 KiB a commit)
        busy, wal_pages, done_pages = self.floor.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        return {"busy": busy, "wal_pages": wal_pages, "checkpointed": done_pages}

    def read_whole(self) -> None:
        read_whole(self.path)

    def read_lookups(self) -> None:
        read_lookup_btrees(self.floor)

    def counting(self, db):
        return counting(db.conn)


def bench(path: Path, samples: int, seed: int, check: bool, warm_file: bool = False,
          n_fill_purchases: int = 1, cold_lookups: bool = False, ops: str = "abcdef",
          cache_mib: int | None = None, app_warm: bool = True, floor_warm: bool = False,
          floor_file: Path | None = None, side=None, settle_each: bool = False) -> dict:
    rnd = random.Random(seed + 1)
    side = side or SqliteSide(path, cache_mib)
    db = side.open()
    session = owner_session(db, SERVICE_USER)
    floor = side.floor
    # The purchases' floor writes to a copy of the club when given (--floor-file, SQLite): a commit by
    # another connection empties the app's page cache (SQLite resets a WAL reader's cache when the WAL's
    # header changed), so a floor writing to the app's own file between its purchases throws away what
    # the app's warm-up read, which nothing does in the shop (the cashier's connection is the one writer).
    pfloor = connect_floor(floor_file) if floor_file is not None and side.engine == "sqlite" else floor
    # ... with a background checkpointer of its own, as the app's file has (else its WAL only grows)
    floor_checkpointer = None
    if pfloor is not floor:
        floor_checkpointer = Checkpointer(str(floor_file), key=club_key(floor_file))
        floor_checkpointer.start()
    out: dict = {"rows": [], "engine": side.engine, **side.about(db)}

    # What the app does when it starts: expire what is due (nothing, right after a fill).
    t0 = time.perf_counter()
    expired = services.points.run_expiry(session)
    out["startup_expiry"] = {"s": round(time.perf_counter() - t0, 3), **expired.as_dict()}
    print(f"startup expiry: {out['startup_expiry']['s']} s, {expired.entries} lots expired", flush=True)
    # ... and sum again the window spend of members whose figure does not hold (m0009): every member
    # once after the upgrade, then each day those whose first counted purchase has left the window.
    t0 = time.perf_counter()
    windows = member_service.refresh_windows(session)
    out["startup_windows"] = {"s": round(time.perf_counter() - t0, 3), "members": windows.members,
                              "slices": windows.slices}
    print(f"startup window spend: {out['startup_windows']['s']} s, {windows.members} members summed", flush=True)
    out["lots_due_after_startup"] = floor.execute(
        "SELECT count(*) FROM point_lots WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ?",
        (to_iso(utc_now()),)).fetchone()[0]
    # ... and, as its last stage at start, reads the cashier's hot b-trees into the page cache
    if app_warm and side.engine == "sqlite":  # (the server keeps its own buffers)
        out["app_warm_up"] = app_warm_up(session, pfloor if floor_warm else None)
        out["cache_size"] = db.conn.execute("PRAGMA cache_size").fetchone()[0]

    n_members = floor.execute("SELECT max(id) FROM members").fetchone()[0]
    warm_n = max(20, min(200, samples // 10))
    columns = "id, card, mobile, first_name, last_name, tier_id, points, status"

    def members(k, active_only=False, by_visits=False):
        """k distinct members, drawn uniformly, or (by_visits) as often as they came to buy."""
        picked, seen = [], set()
        while len(picked) < k:
            if by_visits:
                pid = rnd.randint(1, n_fill_purchases)  # ids 1..N are the fill's, in time order
                mid = floor.execute("SELECT member_id FROM purchases WHERE id = ?", (pid,)).fetchone()[0]
            else:
                mid = rnd.randint(1, n_members)
            if mid in seen:
                continue
            seen.add(mid)
            row = floor.execute(f"SELECT {columns} FROM members WHERE id = ?", (mid,)).fetchone()
            if row and (not active_only or row[7] == "active"):
                picked.append(row)
        return picked

    def split(pairs):
        return pairs[warm_n:], pairs[:warm_n]

    fq = floor.execute
    tiers = {t.id: t for t in club_store.tiers(db)}
    settings = ClubSettings.from_dict(club_store.settings(db))
    target_of = dict(side.targets)

    def before_op(lookup: bool = False):
        # Start each operation from a settled file, as in a shop, where purchases come minutes apart
        # and the background checkpointer has long finished: write the WAL back now, untimed. (The
        # purchase rows register thousands of purchases in a minute; measured right after them, a
        # look-up waits behind that write-back: p99 ~5 ms, up to 0.2 s once.)
        t0 = time.perf_counter()
        settled = side.settle()
        out.setdefault("settle", []).append({"s": round(time.perf_counter() - t0, 2), **settled})
        if warm_file:
            t0 = time.perf_counter()
            side.read_whole()
            out.setdefault("warm_reads_s", []).append(round(time.perf_counter() - t0, 1))
        if lookup and not cold_lookups:
            t0 = time.perf_counter()
            side.read_lookups()
            out.setdefault("lookup_reads_s", []).append(round(time.perf_counter() - t0, 2))

    def run(label, letter, pairs, service, floor_fn, same, rows_only=None):
        if letter not in ops:
            return
        items, warm = split(pairs)
        print(f"measuring {label} ...", flush=True)
        before_op(lookup=True)
        with side.counting(db) as statements:
            for s, _f in warm[:20]:
                service(s)
        ts, tf, differ = measure(label, items, warm, service, floor_fn, same)
        row = summary(label, ts, tf, differ, target_of[letter])
        row["sql_per_call"] = round(statements[0] / len(warm[:20]), 1)
        if rows_only is not None:  # diagnostic: the look-up through the store, without building the views
            tr, n_rows = [], 0
            for s, _f in items:
                a = time.perf_counter_ns()
                rows = rows_only(s)
                tr.append(time.perf_counter_ns() - a)
                n_rows += len(rows)
            row["rows_only_median_us"] = round(percentile(tr, 0.5) / 1000, 1)
            row["rows_per_call"] = round(n_rows / len(items), 1)
        out["rows"].append(row)
        if differ:
            print(f"  !! {len(differ)} of {len(items)} answers differ from the floor, e.g. {differ[:3]}", flush=True)

    one_id = lambda rs, rf: ids_of(rs) == [r[0] for r in rf]  # noqa: E731

    if set(ops) & set("abcd"):  # the look-ups
        # a. card
        pairs = [(r[1], r[1]) for r in members(samples + warm_n)]
        find_rows = lambda s: member_service.find_rows(db, s)  # noqa: E731
        run("a. find by card", "a", pairs, lambda s: member_service.find_members(session, s),
            lambda f: fq("SELECT * FROM members WHERE card = ?", (f,)).fetchall(), one_id, find_rows)

        # b. mobile, in the forms people type
        pairs = [(mobile_form(r[2], i), r[2]) for i, r in enumerate(members(samples + warm_n))]
        run("b. find by mobile (+98…, 0098…, ۰۹…, spaced, 98…)", "b", pairs,
            lambda s: member_service.find_members(session, s),
            lambda f: fq("SELECT * FROM members WHERE mobile = ?", (f,)).fetchall(), one_id, find_rows)
        # the same, per form, to show which forms are found
        forms = {}
        for s, f in pairs:
            kind = ("+98", "0098", "persian", "spaced 09", "+98 spaced", "9xxxxxxxxx", "98")[
                [mobile_form(f, k) for k in range(7)].index(s)]
            found = ids_of(member_service.find_members(session, s))
            forms.setdefault(kind, [0, 0])
            forms[kind][0] += 1
            forms[kind][1] += bool(found)
        out["mobile_forms_found"] = {k: f"{v[1]}/{v[0]}" for k, v in forms.items()}
        print("  found by form: " + ", ".join(f"{k} {v}" for k, v in out["mobile_forms_found"].items()), flush=True)

        # c. last four digits of a mobile
        def suffix_bounds(digits):
            rev = digits[::-1]
            return rev, rev[:-1] + chr(ord(rev[-1]) + 1)

        pairs = [(r[2][-4:], suffix_bounds(r[2][-4:])) for r in members(samples + warm_n)]
        run("c. find by last 4 digits of mobile", "c", pairs, lambda s: member_service.find_members(session, s),
            lambda f: fq("SELECT * FROM members WHERE mobile_rev >= ? AND mobile_rev < ? ORDER BY mobile_rev LIMIT 20",
                         f).fetchall(), one_id, find_rows)
        run("c2. type-ahead list by last 4 digits (find_brief)", "c", pairs, lambda s: member_service.find_brief(session, s),
            lambda f: fq("SELECT * FROM members WHERE mobile_rev >= ? AND mobile_rev < ? ORDER BY mobile_rev LIMIT 20",
                         f).fetchall(), one_id, find_rows)

        # d. name fragments
        fts_sql = side.name_sql

        def name_pairs(texts):
            return [(t, member_store.fts_query(search_key(t))) for t in texts]

        name_floor = lambda f: fq(fts_sql, (f,)).fetchall()  # noqa: E731
        name_service = lambda s: member_service.find_members(session, s)  # noqa: E731
        run("d1. find by name 'محم'", "d", name_pairs(["محم"] * (samples + warm_n)), name_service, name_floor, one_id, find_rows)
        texts = []
        for r in members(samples + warm_n):
            t = r[3][: rnd.randint(2, 4)]
            texts.append(arabic_layout(t) if rnd.random() < 0.2 else t)
        run("d2. find by first-name prefix (2-4 letters)", "d", name_pairs(texts), name_service, name_floor, one_id, find_rows)
        run("d2b. type-ahead list by first-name prefix (find_brief)", "d", name_pairs(texts),
            lambda s: member_service.find_brief(session, s), name_floor, one_id, find_rows)
        texts = []
        for r in members(samples + warm_n):
            t = f"{r[3]} {r[4][: rnd.randint(2, 4)]}"
            texts.append(arabic_layout(t) if rnd.random() < 0.2 else t)
        run("d3. find by 'first last-prefix'", "d", name_pairs(texts), name_service, name_floor, one_id, find_rows)

    # e. register one purchase (service) / INSERT purchase + INSERT ledger + UPDATE points (floor)
    expiry = Expiry(settings.expiry_months)
    log_lo, log_hi = math.log(GROSS_MIN), math.log(GROSS_MAX)

    def service_purchase(s):
        card, gross, redeem = s
        try:
            # as the cashier page calls it: each checkout screen has its key (a double Enter registers once)
            return checkout.register_purchase(session, card, gross, redeem=redeem, checkout_key=new_checkout_key())
        except LoyaltyError as e:
            return e

    def purchases_op(label, rows, at_till=False):
        floor_done = []  # (purchase id, ledger id, member id, points, expires) to make whole afterwards
        pairs = []
        for r in rows:
            gross = max(GROSS_MIN, int(math.exp(rnd.uniform(log_lo, log_hi))) // GROSS_STEP * GROSS_STEP)
            pairs.append(((r[1], gross, r[0]), (r[0], gross)))

        def floor_purchase(f):
            member_id, gross, _tier_id = f
            now = int(time.time())
            at, expires = iso(now), iso(expiry(now))
            pid, lid, earned = floor_purchase_rows(pfloor.execute, member_id, gross, tiers, settings, at, expires)
            if floor_checkpointer is not None:  # written back after each commit, as the app's file is
                floor_checkpointer.written()
            floor_done.append((pid, lid, member_id, earned, expires))
            return pid

        # Redemption decided just before each pair, from the current balance and the cap (untimed).
        redeemed = [0]

        def prepared(pairs_in):
            for (card, gross, mid), (fmid, fgross) in pairs_in:
                pts, tier_id = fq("SELECT points, tier_id FROM members WHERE id = ?", (mid,)).fetchone()
                redeem = 0
                if pts > 0 and rnd.random() < 0.25:
                    left = gross - gross * tiers[tier_id].discount_bp // 10_000
                    cap_points = left * settings.redeem_cap_bp // 10_000 // settings.point_value
                    redeem = min(pts, cap_points, rnd.randint(50, 1_000))
                    redeemed[0] += redeem > 0
                if at_till:  # what the cashier page does first: the member opened, the checkout previewed
                    member_service.get_member(session, card)
                    services.checkout.price_purchase(session, card, gross, redeem)
                yield (card, gross, redeem), (fmid, fgross, tier_id)

        items, warm = split(pairs)
        # the members' window spend made to hold, as the daily run keeps it (untimed; the startup's
        # run summed every member already: this finds none stale unless the window moved since)
        start = to_iso(window_start(settings.window, session.now()))
        with db.transaction():
            ids = [r[0] for r in rows]
            for i in range(0, len(ids), 500):
                member_store.refresh_window(db, ids[i:i + 500], start)
        print(f"measuring {label} ...", flush=True)
        if floor_file is None:
            before_op()
        else:  # each file settled by its own connection (another's checkpoint would empty the app's cache)
            for conn in (db.conn, pfloor):
                conn.execute("PRAGMA wal_checkpoint(RESTART)")
        counted = list(prepared(warm[:20]))  # the till's look-up and preview are not the purchase's statements
        with side.counting(db) as statements:
            for s, _f in counted:
                service_purchase(s)
        redeemed[0] = 0
        def settled(side):  # --settle-each: before each purchase, both files' WALs written back by their
            for club in {db.path, floor_file or db.path}:  # background checkpointers (a shop's purchases come
                written_back(club)  # minutes apart: the write-back after a commit ends long before the next)
            (db.conn if side == "service" else pfloor).execute("PRAGMA wal_checkpoint(PASSIVE)")  # what is left

        ts, tf, differ = measure(label, prepared(items), prepared(warm[20:]), service_purchase, floor_purchase,
                                 lambda rs, rf: isinstance(rs, checkout.PurchaseResult) and rf > 0,
                                 settled if settle_each else None)
        row = summary(label, ts, tf, differ, target_of["e"])
        row["sql_per_call"] = round(statements[0] / 20, 1)
        row["os_reads"] = os_reads(prepared(warm[20:]), service_purchase, floor_purchase)
        row["with_redemption"] = redeemed[0]
        out["rows"].append(row)
        if differ:
            print(f"  !! {len(differ)} purchases refused, e.g. {differ[:3]}", flush=True)
        make_whole_where_written(session, floor_file, floor_done)

    if "e" in ops:
        purchases_op("e. register one purchase", members(samples + warm_n, active_only=True))
        purchases_op("e2. register one purchase, members drawn by visits",
                     members(samples + warm_n, active_only=True, by_visits=True))
        purchases_op("e3. register one purchase at the till (opened, previewed)",
                     members(samples + warm_n, active_only=True, by_visits=True), at_till=True)

    # f. one member's balance
    pairs = [(r[1], r[0]) for r in members(samples + warm_n)] if "f" in ops else []
    run("f. one member's balance", "f", pairs, lambda s: member_service.get_member(session, s).points,
        lambda f: fq("SELECT points FROM members WHERE id = ?", (f,)).fetchone()[0], lambda rs, rf: rs == rf)

    if check:
        t0 = time.perf_counter()
        problems = services.check.check_database(session)
        out["check_after"] = {"s": round(time.perf_counter() - t0, 1), "problems": len(problems),
                              "examples": [str(p) for p in problems[:5]]}
        print(f"check after the benchmark: {len(problems)} problems ({out['check_after']['s']} s)", flush=True)
        for p in problems[:5]:
            print("   ", p, flush=True)
    floor.close()
    if pfloor is not floor:
        floor_checkpointer.stop()
        pfloor.close()
    db.close()
    return out


def make_whole_where_written(session, floor_file: Path | None, done) -> None:
    """``make_floor_purchases_whole`` on the file the floor wrote to: the club (``session``'s) or
    its copy (``--floor-file``)."""
    if floor_file is None:
        make_floor_purchases_whole(session, done)
        return
    other = open_club(floor_file, create=False)
    try:
        make_floor_purchases_whole(owner_session(other, SERVICE_USER), done)
    finally:
        other.close()


def copy_for_floor(db: Path, floor_file: Path, members: int, purchases: int) -> None:
    """Make ``floor_file`` a copy of the fill at ``db`` (with its key file) unless it is one already."""
    if filled_with(floor_file, members, purchases):
        return
    print(f"copying {db} to {floor_file} for the purchases' floor ...", flush=True)
    for suffix in ("", ".keys"):
        if Path(f"{db}{suffix}").exists():
            shutil.copyfile(f"{db}{suffix}", f"{floor_file}{suffix}")
    os.sync()


def make_floor_purchases_whole(session, done) -> None:
    """Give the floor's purchases the tier moves the rules ask for that it did not make (untimed; it
    moves members itself since session 8, ``floor_purchase_rows``), so that the database stays
    consistent for --reuse and --check."""
    db = session.db
    with db.transaction():
        settings = ClubSettings.from_dict(club_store.settings(db))
        tiers = club_store.tiers(db)
        start = to_iso(window_start(settings.window, session.now()))
        last_purchase = {member_id: pid for pid, _lid, member_id, _e, _x in done}
        for member_id, pid in last_purchase.items():
            row = member_store.get(db, member_id)
            spend = purchase_store.spend_between(db, member_id, start, FAR_FUTURE)
            deserved = tier_for_spend(tiers, spend)
            if deserved and rank(tiers, deserved.id) > rank(tiers, row.tier_id):
                at = purchase_store.get(db, pid).at
                member_store.set_tier(db, member_id, deserved.id, at)
                member_store.add_tier_history(db, member_id, at, row.tier_id, deserved.id, "purchase", spend,
                                              FLOOR_ACTOR, pid)


# --- report --------------------------------------------------------------------------------------

def table(rows) -> str:
    head = ("operation", "svc med µs", "svc p99 µs", "floor med µs", "floor p99 µs", "ratio", "target p99", "ok")
    lines = [head]
    for r in rows:
        lines.append((
            r["operation"], f"{r['service_median_us']:,.0f}", f"{r['service_p99_us']:,.0f}",
            f"{r['floor_median_us']:,.1f}", f"{r['floor_p99_us']:,.1f}", f"{r['ratio_medians']:,.1f}×",
            f"< {r['target_p99_us'] / 1000:g} ms", "yes" if r["meets_target"] else "NO",
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        out.append(" | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def details(rows) -> str:
    """Where the service time goes: SQL statements per call, and the store look-up alone."""
    lines = [("operation", "SQL/call", "rows/call", "find_rows med µs", "answers ≠ floor")]
    for r in rows:
        lines.append((r["operation"], f"{r.get('sql_per_call', '')}", f"{r.get('rows_per_call', '')}",
                      f"{r.get('rows_only_median_us', '')}", f"{r['answers_differ']}"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for n, line in enumerate(lines):
        out.append(" | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--purchases", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "bench.sqlite3")
    parser.add_argument("--reuse", action="store_true", help="skip the fill if --db already holds these counts")
    parser.add_argument("--samples", type=int, default=2000, help="measured targets per operation")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--seed", type=int, default=1404)
    parser.add_argument("--warm", action="store_true",
                        help="read the whole file before each operation, so that the OS cache holds all of it")
    parser.add_argument("--cold-lookups", action="store_true",
                        help="do not read the members table and its look-up indexes before each look-up row "
                             "(the OS cache as found: pages evicted to disk cost ~0.1-1 ms each)")
    parser.add_argument("--fill-only", action="store_true", help="fill (or reuse) and stop")
    parser.add_argument("--plain", action="store_true",
                        help="fill an unencrypted club (as made before encryption), to compare")
    parser.add_argument("--ops", default="abcdef",
                        help="which rows to measure, by letter (e.g. 'e' for the purchases only)")
    parser.add_argument("--cache-mib", type=int,
                        help="page cache of both connections in MiB (default: the app's)")
    parser.add_argument("--no-app-warm", action="store_true",
                        help="skip the app's warm-up of its page cache (store/warm.py), as before it existed")
    parser.add_argument("--floor-warm", action="store_true",
                        help="warm the floor's page cache the same way (the same reads, the same size)")
    parser.add_argument("--floor-file", type=Path,
                        help="the purchases' floor writes to this copy of --db (made now when it is not a copy "
                             "of the same fill), so that its commits do not empty the app's page cache")
    parser.add_argument("--settle-each", action="store_true",
                        help="before each purchase, wait (untimed) until both files' background checkpointers have "
                             "written their WALs back, then write back what is left (PASSIVE, each side on its own "
                             "connection), as when purchases come minutes apart and the checkpointer has long finished")
    parser.add_argument("--check", action="store_true",
                        help="run services.check.check_database after the benchmark (slow at full scale)")
    args = parser.parse_args(argv)

    digest = hashlib.sha256()
    for f in sorted((ROOT / "loyaltydesk").rglob("*.py")):
        digest.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    report = {
        "code_sha256": digest.hexdigest()[:16],  # of loyaltydesk/**/*.py: which code these numbers are for
        "started_at": iso(int(time.time())),
        "machine": {"python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version,
                    "platform": platform.platform(), "cpus": os.cpu_count()},
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    if args.reuse and filled_with(args.db, args.members, args.purchases):
        print(f"reusing {args.db} ({file_size(args.db) / 2**20:,.1f} MiB)", flush=True)
        report["fill"] = {"reused": True, "file_bytes": file_size(args.db)}
    else:
        print(f"filling {args.db}: {args.members:,} members, {args.purchases:,} purchases", flush=True)
        report["fill"] = fill(args.db, args.members, args.purchases, args.seed, args.plain)
    report["encrypted"] = club_key(args.db) is not None
    if not args.fill_only:
        gc.collect()
        gc.freeze()
        report["loadavg_before"] = os.getloadavg()
        if args.floor_file is not None:
            copy_for_floor(args.db, args.floor_file, args.members, args.purchases)
        report["floor_file"] = str(args.floor_file) if args.floor_file else None
        result = bench(args.db, args.samples, args.seed, args.check, args.warm, args.purchases, args.cold_lookups,
                       args.ops, args.cache_mib, not args.no_app_warm, args.floor_warm, args.floor_file,
                       settle_each=args.settle_each)
        report["loadavg_after"] = os.getloadavg()
        report.update(result)
        report["disk"] = disk_floor(args.db.parent)
        report["file_bytes_after"] = file_size(args.db)
        print()
        print(f"{'ENCRYPTED (SQLCipher)' if report['encrypted'] else 'PLAIN'} club; "
              f"{args.members:,} members, {args.purchases:,} purchases, {args.samples} samples per operation; "
              f"SQLite {sqlite3.sqlite_version}, WAL, synchronous=FULL; {'file pre-read' if args.warm else 'look-up tables pre-read' if not args.cold_lookups else 'OS cache as found'}; "
              f"code {report['code_sha256']}")
        print(table(result["rows"]))
        print()
        print(details(result["rows"]))
        for r in result["rows"]:
            reads = r.get("os_reads")
            if reads:
                print(f"pages read from the file system per call, {r['operation'][:2].strip('. ')}: " + "; ".join(
                    f"{side} median {q['median']:.0f}, p90 {q['p90']:.0f}, max {q['max']:.0f}" for side, q in reads.items()))
        print(disk_line(report["disk"]))
        print(f"load average before/after: {report['loadavg_before'][0]:.2f} / {report['loadavg_after'][0]:.2f} "
              f"on {os.cpu_count()} CPUs; startup expiry {result['startup_expiry']['s']} s")
    write_json(args.json, report)
    return 0


def write_json(path: Path | None, report: dict) -> None:
    """The report as JSON at ``path`` (its folder made), when one is given."""
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
        print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
