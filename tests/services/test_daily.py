"""The automatic tasks in slices: however a run is cut (a slice of one lot, of a few, a time budget
that stops after every entry, one slice for all), the ledger it leaves is the very same; a second
run writes nothing; a run cut off (a crash between slices, an error inside one) leaves a
consistent club, and the next run finishes the job with, again, the very same ledger.

Each club of the tables below is built once per engine (a file, or a database on PostgreSQL) and
every test runs on a copy of it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.raw import club_key

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.domain.jalali import parse_jalali_date, start_of_jalali_day
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import backup, daily, points
from loyaltydesk.services.session import Session, User
from tests.conftest import CLI_OWNER, CLI_PASSWORD, START, TEST_TIERS, Clock, add_cli_owner, copy_shared_club, \
    open_shared_club, place_of

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL: the module's clubs built once per engine, copied per test

ONE_RUN = (10**9, None)  # one slice for everything, no time budget: the reference
# (lots or members per slice, seconds of budget: 0 = the budget stops each slice after one entry)
SLICINGS = [(1, None), (2, None), (3, None), (7, None), (500, 0.0), ONE_RUN]


def new_club(db, clock) -> Session:
    """The ``club`` fixture's club (6-month expiry, the test tiers) in the new club ``db``."""
    owner = Session(db, User("owner", Role.OWNER), clock)
    services.club.update_settings(owner, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                  expiry_months=6, window="rolling12", referral_bonus=300)
    for name, threshold, discount, multiplier, bonus, color in TEST_TIERS:
        services.club.add_tier(owner, name, threshold, discount, multiplier, bonus, color)
    return owner


def ledger_state(db) -> tuple:
    """Everything expiry and bonuses write: every entry, every lot, every cached balance. (Card
    numbers are drawn at random: a referral bonus's reason, which names one, is compared without it.)"""
    return (
        [tuple(r) for r in db.all("SELECT id, member_id, at, kind, points, expires_at, lot_id, purchase_id, refund_id, "
                                  "reverses_id, bonus_key, CASE WHEN reason LIKE 'referral of %' THEN 'referral' "
                                  "ELSE reason END, actor FROM ledger ORDER BY id")],
        [tuple(r) for r in db.all("SELECT * FROM point_lots ORDER BY entry_id")],
        [tuple(r) for r in db.all("SELECT id, points FROM members ORDER BY id")],
    )


# --- expiry -------------------------------------------------------------------------------------------
# A club as data: (day from START, member, what, amount). "buy": a purchase of amount rials;
# "redeem": a 2,000,000-rial purchase that redeems amount points; "adjust": points by hand (+/-);
# "refund": the member's last purchase refunded in whole. Expiry runs on day ``EXPIRY_DAY``:
# lots earned before about day 67 (six months earlier) are due.
EXPIRY_DAY = 250
EXPIRY_CLUBS = {
    "nothing is due yet": [(200, "A", "buy", 5_000_000), (210, "B", "buy", 3_000_000)],
    "one member, lots of every age, some due": [
        (0, "A", "buy", 5_000_000), (20, "A", "buy", 2_000_000), (60, "A", "buy", 7_000_000),
        (100, "A", "buy", 1_000_000), (200, "A", "buy", 4_000_000)],
    "redemptions took the oldest lots first, in part": [
        (0, "A", "buy", 5_000_000), (10, "A", "buy", 5_000_000), (30, "A", "redeem", 700),
        (40, "B", "buy", 9_000_000), (50, "B", "redeem", 900), (55, "B", "redeem", 50)],
    "adjustments add lots that expire; a negative one takes from the oldest": [
        (0, "A", "adjust", 500), (5, "A", "buy", 2_000_000), (15, "A", "adjust", -120),
        (20, "B", "adjust", 80), (120, "B", "adjust", 40)],
    "a refunded purchase left nothing to expire; the referral bonus expires too": [
        (0, "A", "buy", 5_000_000), (1, "A", "refund", 0), (2, "C", "buy", 6_000_000),
        (3, "A", "buy", 1_000_000)],
    "many members, many lots, in no order": [
        (day, who, "buy", 1_000_000 + 370_000 * ((day * 7 + ord(who)) % 11))
        for day in range(0, 90, 3) for who in "ABCDEFG" if (day + ord(who)) % 4],
}


def build_expiry_club(db, script) -> Session:
    clock = Clock()
    owner = new_club(db, clock)
    cards = {}
    for who in sorted({w for _, w, _, _ in script}):
        referrer = cards.get("A") if who == "C" else None
        cards[who] = services.members.sign_up(owner, f"0912000{ord(who):04d}", referrer=referrer).card
    last_purchase = {}
    for day, who, what, amount in sorted(script, key=lambda s: s[0]):
        clock.now = START + timedelta(days=day, hours=1)
        if what == "buy":
            last_purchase[who] = services.checkout.register_purchase(owner, cards[who], amount).purchase_id
        elif what == "redeem":
            last_purchase[who] = services.checkout.register_purchase(owner, cards[who], 2_000_000, redeem=amount).purchase_id
        elif what == "adjust":
            services.points.adjust_points(owner, cards[who], amount, "by hand")
        elif what == "refund":
            services.checkout.refund(owner, last_purchase[who], reason="returned")
    clock.now = START + timedelta(days=EXPIRY_DAY, hours=9)
    return owner


class Built:
    """A club of a table, built and closed: where it is (a file or a URL) and its clock's moment."""

    def __init__(self, place, now):
        self.place, self.now = place, now

    def copy(self, request, dest) -> Session:
        """The owner's session on a copy of it of the test's own (``dest``: the copy's file)."""
        place = copy_shared_club(request, self.place, dest)
        db = services.open_club(place) if isinstance(place, str) else services.open_club(place, key=club_key(place))
        return Session(db, User("owner", Role.OWNER), Clock(self.now))


def built_clubs(request, factory, engine, clubs: dict, build) -> dict[str, Built]:
    """Each club of ``clubs`` (``build(db, spec)`` on a new club) on ``engine``, once for the module."""
    out = {}
    for i, (name, spec) in enumerate(clubs.items()):
        owner = build(open_shared_club(request, engine, factory.mktemp("built") / f"club-{i}.sqlite3"), spec)
        out[name] = Built(place_of(owner.db), owner.clock.now)
        owner.db.close()
    return out


def one_run_references(request, factory, built: dict[str, Built], batch) -> dict:
    """Each built club before and after ``batch`` in one slice (on a copy), and its result:
    ``{name: (before, after, result)}``, for all slicings."""
    out = {}
    for i, (name, club) in enumerate(built.items()):
        owner = club.copy(request, factory.mktemp("ref") / f"club-{i}.sqlite3")
        before = ledger_state(owner.db)
        result = batch(owner, *ONE_RUN)
        out[name] = before, ledger_state(owner.db), result
        owner.db.close()
    return out


@pytest.fixture(scope="module")
def expiry_clubs(request, tmp_path_factory, shared_engine) -> dict[str, Built]:
    return built_clubs(request, tmp_path_factory, shared_engine, EXPIRY_CLUBS, build_expiry_club)


@pytest.fixture(scope="module")
def expiry_reference(request, tmp_path_factory, expiry_clubs):
    """Each club after one expiry run in one slice."""
    return one_run_references(request, tmp_path_factory, expiry_clubs, points.run_expiry)


def copies_of(request, tmp_path, clubs: dict[str, Built]):
    """A fixture's body: a copy of the test's own of a built club, by name (the owner's session on
    it), each closed at the test's end."""
    opened = []
    yield lambda name: opened.append(clubs[name].copy(request, tmp_path / "club.sqlite3")) or opened[-1]
    for owner in opened:
        owner.db.close()


@pytest.fixture
def expiry_club(request, tmp_path, expiry_clubs):
    """A copy of the test's own of a club of EXPIRY_CLUBS, by name: the owner's session on it."""
    yield from copies_of(request, tmp_path, expiry_clubs)


@pytest.mark.parametrize("limit, budget", SLICINGS)
@pytest.mark.parametrize("name", list(EXPIRY_CLUBS))
def test_sliced_expiry_leaves_the_same_ledger_as_one_run(expiry_club, expiry_reference, name, limit, budget):
    before, after, expected = expiry_reference[name]
    owner = expiry_club(name)
    assert ledger_state(owner.db) == before  # the same club to start from
    run = points.ExpiryRun(owner.now_iso())
    while not run.done:
        points.expire_slice(owner, run, limit, budget)
        assert services.check.check_database(owner) == []  # consistent after every slice
    assert run.result() == expected
    assert ledger_state(owner.db) == after
    if expected.entries:
        most = limit if budget is None else 1
        assert run.slices >= -(-expected.entries // most)
        audits = owner.db.all("SELECT after FROM audit_log WHERE action = 'run_expiry'")
        assert len(audits) == 1 and f'"entries": {expected.entries},' in audits[0][0]  # one row for the whole run
    # idempotent: nothing more to expire, nothing written
    assert points.run_expiry(owner, limit, budget) == points.BatchResult()
    assert ledger_state(owner.db) == after


def test_the_reference_runs_expire_something(expiry_reference):
    """The table means something: the clubs with due lots write expire entries, the first writes none."""
    results = {name: r for name, (_, _, r) in expiry_reference.items()}
    assert results["nothing is due yet"].entries == 0
    assert all(r.entries > 0 for name, r in results.items() if name != "nothing is due yet")
    assert results["many members, many lots, in no order"].members == 7


@pytest.mark.parametrize("stop_after", [1, 2, 5])
def test_an_expiry_cut_off_between_slices_is_finished_by_the_next_run(expiry_club, expiry_reference, stop_after):
    name = "many members, many lots, in no order"
    _, after, expected = expiry_reference[name]
    owner = expiry_club(name)
    run = points.ExpiryRun(owner.now_iso())
    for _ in range(stop_after):  # ... and then the program is killed
        points.expire_slice(owner, run, 3, None)
    assert not run.done and services.check.check_database(owner) == []
    owner.clock.advance(minutes=1)  # the next start
    rest = points.run_expiry(owner, 4)
    assert rest.entries == expected.entries - 3 * stop_after
    ledger, lots, balances = ledger_state(owner.db)
    want_ledger, want_lots, want_balances = after
    assert (lots, balances) == (want_lots, want_balances)
    # the same entries in the same order; only the time of the ones the second run wrote differs
    assert [r[:2] + r[3:] for r in ledger] == [r[:2] + r[3:] for r in want_ledger]


def test_an_error_inside_a_slice_leaves_none_of_it(expiry_club, expiry_reference, monkeypatch):
    name = "many members, many lots, in no order"
    _, after, expected = expiry_reference[name]
    owner = expiry_club(name)
    real, calls = points.ledger_store.append, []

    def failing(*args, **kw):
        calls.append(1)
        if len(calls) == 9:  # the third lot of the third slice
            raise OSError("disk gone")
        return real(*args, **kw)

    monkeypatch.setattr(points.ledger_store, "append", failing)
    run = points.ExpiryRun(owner.now_iso())
    with pytest.raises(OSError):
        while not run.done:
            points.expire_slice(owner, run, 4, None)
    assert owner.db.value("SELECT count(*) FROM ledger WHERE kind = 'expire'") == 4 + 4  # two whole slices
    assert services.check.check_database(owner) == []
    monkeypatch.setattr(points.ledger_store, "append", real)
    assert points.run_expiry(owner, 5).entries == expected.entries - 8
    assert ledger_state(owner.db) == after


# --- birthday bonuses ---------------------------------------------------------------------------------
# A club as data: today (Jalali), and members as (birthday, spend that sets their tier, status).
# Tiers: برنزی bonus 100 (or 0 when the club says so), نقره‌ای (50M) 200, طلایی (150M) 500.
BIRTHDAY_CLUBS = {
    "a week of birthdays, some not due, some blocked": ("1404/05/20", False, [
        ("1370/05/20", 0, "active"), ("1370/05/14", 60_000_000, "active"), ("1370/05/13", 0, "active"),
        ("1370/05/21", 0, "active"), ("1371/05/18", 0, "blocked"), (None, 0, "active"),
        ("1380/05/17", 200_000_000, "active"), ("1365/05/19", 0, "active"), ("1390/05/20", 60_000_000, "active")]),
    "across Nowruz, in the year of each birthday": ("1405/01/02", False, [
        ("1370/12/28", 0, "active"), ("1370/12/29", 0, "active"), ("1360/01/01", 60_000_000, "active"),
        ("1361/01/02", 0, "active"), ("1362/12/25", 0, "active"), ("1363/01/03", 0, "active")]),
    "Esfand 30 on Esfand 29 of a common year": ("1404/12/29", False, [
        ("1375/12/30", 0, "active"), ("1376/12/29", 0, "active"), ("1377/12/23", 0, "active")]),
    "the bottom tier has no bonus": ("1404/05/20", True, [
        ("1370/05/20", 0, "active"), ("1370/05/19", 60_000_000, "active"), ("1370/05/18", 0, "active"),
        ("1370/05/17", 0, "active")]),
    "forty members over ten days": ("1404/05/20", False, [
        (f"13{60 + i % 30}/05/{11 + i % 10:02d}", (i % 3) * 60_000_000, "blocked" if i % 9 == 4 else "active")
        for i in range(40)]),
}


def jalali_moment(text: str, hour: int = 8):
    return start_of_jalali_day(parse_jalali_date(text)) + timedelta(hours=hour)


def build_birthday_club(db, today, no_bottom_bonus, members) -> Session:
    clock = Clock(jalali_moment(today) - timedelta(days=400))
    owner = new_club(db, clock)
    if no_bottom_bonus:
        services.club.edit_tier(owner, TEST_TIERS[0][0], birthday_bonus=0)
    for i, (birthday, spend, status) in enumerate(members):
        card = services.members.sign_up(owner, f"0913{i:07d}", birthday=birthday).card
        if spend:
            services.checkout.register_purchase(owner, card, spend)
        if status != "active":
            services.members.set_status(owner, card, status)
    clock.now = jalali_moment(today) - timedelta(days=3)  # an earlier run this week gave some already
    points.grant_birthday_bonuses(owner)
    clock.now = jalali_moment(today)
    return owner


@pytest.fixture(scope="module")
def birthday_clubs(request, tmp_path_factory, shared_engine) -> dict[str, Built]:
    return built_clubs(request, tmp_path_factory, shared_engine, BIRTHDAY_CLUBS,
                       lambda db, spec: build_birthday_club(db, *spec))


@pytest.fixture(scope="module")
def birthday_reference(request, tmp_path_factory, birthday_clubs):
    """Each club after one birthday run in one slice."""
    return one_run_references(request, tmp_path_factory, birthday_clubs, points.grant_birthday_bonuses)


@pytest.fixture
def birthday_club(request, tmp_path, birthday_clubs):
    """A copy of the test's own of a club of BIRTHDAY_CLUBS, by name: the owner's session on it."""
    yield from copies_of(request, tmp_path, birthday_clubs)


@pytest.mark.parametrize("limit, budget", SLICINGS)
@pytest.mark.parametrize("name", list(BIRTHDAY_CLUBS))
def test_sliced_birthday_bonuses_leave_the_same_ledger_as_one_run(birthday_club, birthday_reference, name, limit,
                                                                   budget):
    before, after, expected = birthday_reference[name]
    owner = birthday_club(name)
    assert ledger_state(owner.db) == before
    run = points.birthday_run(owner)
    while not run.done:
        points.birthday_slice(owner, run, limit, budget)
    assert run.result() == expected
    assert ledger_state(owner.db) == after
    assert services.check.check_database(owner) == []
    assert points.grant_birthday_bonuses(owner, limit, budget).entries == 0  # idempotent
    assert ledger_state(owner.db) == after


def test_the_birthday_table_grants_what_the_rules_say(birthday_reference):
    granted = {name: r.entries for name, (_, _, r) in birthday_reference.items()}
    # today 05/20 looks back to 05/14: 05/20 (B), 05/19 (B), 05/20 (S); the run three days earlier
    # (05/11-05/17) gave 05/13, 05/14 and 05/17 theirs; 05/18 is blocked; 05/21 is not yet
    assert granted["a week of birthdays, some not due, some blocked"] == 3
    assert granted["Esfand 30 on Esfand 29 of a common year"] == 2  # 12/30 and 12/29 today; 12/23 was earlier
    # 12/29 (key 1404), 01/01 and 01/02 (key 1405); 12/25 and 12/28 were given by the run on 12/28
    assert granted["across Nowruz, in the year of each birthday"] == 3
    assert granted["the bottom tier has no bonus"] == 1  # only the silver member
    assert granted["forty members over ten days"] > 10


def test_a_birthday_run_cut_off_is_finished_by_the_next(birthday_club, birthday_reference):
    name = "forty members over ten days"
    _, after, expected = birthday_reference[name]
    owner = birthday_club(name)
    run = points.birthday_run(owner)
    points.birthday_slice(owner, run, 3, None)
    points.birthday_slice(owner, run, 3, None)  # ... killed here
    # up to 3 each (on a server a slice ends after the first day that wrote: its members' locks)
    assert 2 <= run.entries <= 6 and (owner.db.engine == "postgresql" or run.entries == 6)
    assert services.check.check_database(owner) == []
    assert points.grant_birthday_bonuses(owner, 2).entries == expected.entries - run.entries
    assert ledger_state(owner.db) == after


# --- the whole daily run ------------------------------------------------------------------------------

def with_owner_key(owner: Session) -> Session:
    """On a server, the owner signed in (their backup key kept in the club: a server's backup is
    sealed to it, never plain); a file's club as it is (backed up compressed: nobody signed in)."""
    if owner.db.engine != "postgresql":
        return owner
    add_cli_owner(owner.db, owner.clock)
    return services.users.sign_in(owner.db, CLI_OWNER, CLI_PASSWORD, owner.clock)


def test_a_daily_run_backs_up_expires_and_grants_then_finds_nothing_due(tmp_path, expiry_club):
    owner = with_owner_key(expiry_club("one member, lots of every age, some due"))
    services.members.sign_up(owner, "09130000001", birthday="1370/03/01")
    owner.clock.now = jalali_moment("1405/03/03")  # a year on: every lot is due, a birthday this week
    made, expired, birthdays = daily.run_all(owner, at_start=True, folder=tmp_path / "backups", limit=2)
    # the purchase of day 200 already wrote off the lots of days 0 and 20: three lots are left
    assert made is not None and made.automatic and expired.entries == 3 and birthdays.entries == 1
    assert services.check.check_database(owner) == []
    state = ledger_state(owner.db)
    owner.clock.advance(minutes=10)
    again = daily.run_all(owner, at_start=True, folder=tmp_path / "backups", limit=2)
    assert again == (None, points.BatchResult(), points.BatchResult())  # within the hour: no backup either
    assert ledger_state(owner.db) == state


def test_the_steps_leave_the_backup_copy_to_the_caller(tmp_path, expiry_club):
    owner = with_owner_key(expiry_club("many members, many lots, in no order"))
    run = daily.begin(owner, at_start=True, folder=tmp_path / "backups", limit=4, budget=None)
    stages, plans, made = [], [], []
    while not run.done:
        stages.append(run.stage)
        daily.step(owner, run)
        plan, beside = run.take_copy(), run.take_beside()
        plans += [plan] if plan is not None else []
        made += [beside] if beside is not None else []
    assert stages[0] == "backup" and stages.count("expiry") == run.expiry.slices == -(-run.expiry.entries // 4)
    assert run.take_copy() is None and run.take_beside() is None  # handed out once
    if owner.db.engine == "postgresql":  # no file to copy: the server's dump, for a thread of its own
        assert plans == [] and len(made) == 1
        assert not (tmp_path / "backups").exists() or list((tmp_path / "backups").iterdir()) == []  # not made yet
        info = made[0](lambda: False)  # as the files thread runs it (a connection of its own)
        assert [p.name for p in (tmp_path / "backups").iterdir()] == [Path(info.path).name]
        assert backup.verify_backup(owner, info.path, CLI_PASSWORD).members == 7
    else:
        assert len(plans) == 1 and made == []
        assert list((tmp_path / "backups").iterdir()) == []  # nothing copied on the database thread
        info = backup.make_copy(plans[0])  # on any thread: it opens its own connection
        assert backup.verify_backup(owner, info.path).ledger == owner.db.value("SELECT count(*) FROM ledger")
    assert owner.db.value("SELECT count(*) FROM audit_log WHERE action = 'auto_backup'") == 1


def test_the_slices_need_the_permissions_of_the_tasks(tmp_path, expiry_club):
    owner = with_owner_key(expiry_club("nothing is due yet"))
    cashier = Session(owner.db, User("sara", Role.CASHIER), owner.clock)
    made, expired, birthdays = daily.run_all(cashier, at_start=True, folder=tmp_path / "b")
    assert made is not None and expired.entries == 0 and birthdays.entries == 0


def test_a_backup_that_cannot_be_made_does_not_stop_the_points_tasks(tmp_path, expiry_club):
    owner = expiry_club("many members, many lots, in no order")
    (tmp_path / "not a folder").write_text("a file in the way")
    run = daily.begin(owner, at_start=True, folder=tmp_path / "not a folder" / "backups", limit=50)
    while not run.done:
        daily.step(owner, run)
    assert run.backup_error is not None and "not a folder" in run.backup_error.message
    assert run.take_copy() is None and run.expiry.entries > 0
    with pytest.raises(LoyaltyError):
        daily.run_all(owner, at_start=True, folder=tmp_path / "not a folder" / "backups")
