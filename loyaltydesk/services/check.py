"""``check_database``: every disagreement in the stored data, as a list of problems.

Like Beancount's validators it never raises and never writes; an empty list means the ledger,
the cached balances and lots, the refunds, the tiers and the references all agree.
"""

from __future__ import annotations

import threading
import time
from functools import cache, lru_cache
from itertools import groupby
from operator import attrgetter
from typing import Callable, NamedTuple, TypeVar

from loyaltydesk.domain import chain
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Problem, Rials
from loyaltydesk.domain.jalali import to_iso
from loyaltydesk.domain.ledger import remaining_after
from loyaltydesk.domain.roles import Action, Role
from loyaltydesk.domain.text import search_key
from loyaltydesk.domain.tiers import (Standing, rank, tier_for, tier_for_spend, upgrade_bounds, visit_floors,
                                      window_start)
from loyaltydesk.store import chain as chain_store
from loyaltydesk.store import invariants
from loyaltydesk.store import club as club_store
from loyaltydesk.store import imports as import_store
from loyaltydesk.store import offers as offer_store
from loyaltydesk.store import seals as seal_store
from loyaltydesk.store import visits as visit_store
from loyaltydesk.store.db import Database, StorageFault
from loyaltydesk.store.schema import differences, expected_schema, schema_of

from . import seals
from .progress import Cancelled, Progress, tick
from .session import Session

T = {
    "integrity": QT_TRANSLATE_NOOP("LoyaltyError", "SQLite integrity check: {detail}"),
    "foreign_key": QT_TRANSLATE_NOOP("LoyaltyError", "Row {rowid} of {table} points at a missing row of {parent}."),
    "search_index": QT_TRANSLATE_NOOP("LoyaltyError", "The member name search index disagrees with the members."),
    "balance": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Member {card}: cached balance {cached} but the ledger sums to {ledger}."
    ),
    "lot": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Member {member_id}: lot {lot} holds {stored} points but the ledger leaves {expected}."
    ),
    "lot_entry": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Lot {lot}: its member or expiry differs from the ledger entry that opened it."
    ),
    "lookup": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Member {card}: the stored {column} does not match the member's details; search would miss them."
    ),
    "moment": QT_TRANSLATE_NOOP("LoyaltyError", "{table} row {rowid}: {value!r} is not a stored UTC moment."),
    "refunded": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Purchase {purchase_id}: marked {cached} refunded but its refunds sum to {refunds}."
    ),
    "purchase_ledger": QT_TRANSLATE_NOOP(
        "LoyaltyError",
        "Purchase {purchase_id}: earned {earned} / redeemed {redeemed} in the ledger, {points_earned} / {points_redeemed} on the purchase.",
    ),
    "refund_ledger": QT_TRANSLATE_NOOP(
        "LoyaltyError",
        "Refund {refund_id}: reversed {reversed} / returned {returned} in the ledger, {points_reversed} / {points_returned} on the refund.",
    ),
    "tier_history": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Member {card}: in tier {tier} but the tier history last moved them to {history}."
    ),
    "window": QT_TRANSLATE_NOOP(
        "LoyaltyError",
        "Member {card}: the window spend kept since {since} is {stored} (first purchase {until}) but the purchases give {spend} (first {first}).",
    ),
    "visits": QT_TRANSLATE_NOOP(
        "LoyaltyError",
        "Member {card}: the visits of at least {floor} kept since {since} are {stored} (first {until}) but the purchases give {counted} (first {first}).",
    ),
    "tier_visits": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Member {card}: {visits} visits reach tier {deserved} but the member is in {tier}; run the tier review."
    ),
    "referrer_card": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Member {card}: the referrer's card kept in the row is {stored} but the referrer's card is {referrer}."
    ),
    "stats_member": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Member {member_id}: the report figures disagree with their purchases; run `loyaltydesk report rebuild`."
    ),
    "stats_period": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Period {period}: the report figures ({what}) disagree with the purchases; run `loyaltydesk report rebuild`."
    ),
    "followup": QT_TRANSLATE_NOOP("LoyaltyError", "Follow-up check ({what}) fails for {id}."),
    "offer_use": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Offer {code}: its use disagrees with the purchases (used by one that does not name it, or the reverse)."
    ),
    "reward_redemption": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Reward redemption {redemption_id}: its ledger entry is not a redemption of its points."
    ),
    "import": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Import {audit_id} of the change log wrote {audited} ({what}) but the club holds {held}."
    ),
    "tier_spend": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Member {card}: spend {spend} reaches tier {deserved} but the member is in {tier}; run the tier review."
    ),
    "audit_log_missing": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The audit log: rows {first} to {last} are missing (deleted from the file)."),
    "audit_log_broken": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The audit log: row {rowid} does not follow from the row before it (it was altered, or slipped "
        "in by hand)."),
    "audit_log_more": QT_TRANSLATE_NOOP("LoyaltyError", "The audit log: {count} more places where its chain breaks."),
    "ledger_missing": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The points ledger: entries {first} to {last} are missing (deleted from the file)."),
    "ledger_broken": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The points ledger: entry {rowid} does not follow from the entry before it (it was altered, or "
        "slipped in by hand)."),
    "ledger_more": QT_TRANSLATE_NOOP("LoyaltyError", "The points ledger: {count} more places where its chain breaks."),
    "unaudited_entry": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Ledger entry {entry_id} ({entry_kind}, {points} points, member {member_id}) has no audit row: nothing "
        "in LoyaltyDesk wrote it."),
    "unaudited_purchase": QT_TRANSLATE_NOOP("LoyaltyError", "Purchase {purchase_id} has no audit row."),
    "unaudited_entry_more": QT_TRANSLATE_NOOP("LoyaltyError", "{count} more ledger entries have no audit row."),
    "unaudited_purchase_more": QT_TRANSLATE_NOOP("LoyaltyError", "{count} more purchases have no audit row."),
    "unaudited_refund": QT_TRANSLATE_NOOP(
        "LoyaltyError", "Purchase {purchase_id}: {refunds} refunds but {audited} in the audit log."),
    "ledger_sum": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The members' balances add up to {balances} points but the ledger to {ledger}."),
    "lots_sum": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The open lots hold {lots} points but the members' positive balances add up to {balances}."),
    "schema": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club's schema is not the one this version of LoyaltyDesk made: {difference}."),
    "server_rights": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The server's user {role} may {right} on {table}, more than a till needs (given outside "
        "LoyaltyDesk): the server's administrator takes it back (REVOKE), then checks again."),
    "schema_unknown": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club's schema could not be compared: the server keeps no record of this version's schema "
        "for the tills' user, which may not make one. The server's administrator runs 'loyaltydesk server upgrade "
        "postgresql://ADMIN@HOST/DATABASE' once (it keeps it), then check again."),
    "seal_signature": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The seal of {at} ({fingerprint}) is not signed by the owner key it names: it was forged or "
        "edited."),
    "seal_audit_log": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The seal of {at} ({fingerprint}) sealed the audit log up to row {rowid} ({rows} rows); the "
        "file no longer holds that: the log before it was rewritten."),
    "seal_ledger": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The seal of {at} ({fingerprint}) sealed the points ledger up to entry {rowid} ({rows} "
        "entries); the file no longer holds that: the ledger before it was rewritten."),
    "proof_signature": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The check's proof of {at} ({fingerprint}) is not signed by the owner key it names: it was "
        "forged or edited."),
    "proof_audit_log": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The check of {at} ({fingerprint}) proved the audit log up to row {rowid} ({rows} rows); the "
        "file no longer holds that: rows before it were deleted or the log rewritten (walked again from its first row)."),
    "proof_ledger": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The check of {at} ({fingerprint}) proved the points ledger up to entry {rowid} ({rows} "
        "entries); the file no longer holds that: entries before it were deleted or the ledger rewritten (walked "
        "again from its first entry)."),
    "proof_purchases": QT_TRANSLATE_NOOP(
        "LoyaltyError", "The check of {at} ({fingerprint}) proved the purchases' audit rows up to purchase {rowid} "
        "({rows} purchases); the file no longer holds as many: purchases before it were deleted or slipped in "
        "(every purchase looked at again)."),
    "user_unsigned": QT_TRANSLATE_NOOP(
        "LoyaltyError", "User {username}: the role or the permission to sign in is not what an owner signed (changed "
        "in the file, or the user slipped in)."),
}


_T = TypeVar("_T")


def _p(kind: str, **params) -> Problem:
    return Problem(kind, T[kind], params)


class CheckResult(NamedTuple):
    """What a check found, and how far the hash chains were walked: ``walked_from`` the proof of an
    earlier check the walk went on from (None: from the first rows; a table whose rows before it no
    longer hold is walked from its first row all the same, and a problem says so), ``proof`` the
    proof this check signed (None: the chains were not whole, an audit row was missing, or no
    owner's key was unlocked to sign it)."""

    problems: list[Problem]
    walked_from: seal_store.Proof | None
    proof: seal_store.Proof | None


def fingerprint_of(seal: seal_store.Seal | seal_store.Proof) -> str:
    """A seal's or proof's fingerprint (``domain.chain.fingerprint``)."""
    return chain.fingerprint(seal.signature)


class _Chains(NamedTuple):
    problems: list[Problem]
    heads: chain_store.Heads | None  # where both chains end, when they and every seal and proof are whole


def _owner_keys(db) -> Callable[[seal_store.Seal | seal_store.Proof], bytes | None]:
    """The public key a seal or proof names, when that key is its owner's (None: no such key)."""
    public = {k.id: k for k in seal_store.keys(db)}

    def of(signed: seal_store.Seal | seal_store.Proof) -> bytes | None:
        key = public.get(signed.key_id)
        return key.public_key if key is not None and key.user_id == signed.owner_id else None

    return of


def _anchor(db, full: bool) -> tuple[seal_store.Proof | None, list[seal_store.Proof]]:
    """The newest proof whose signature holds (None with ``full``), and those that do not."""
    key_of = _owner_keys(db)
    proofs = seal_store.proofs(db)  # the newest first
    forged = [p for p in proofs if not seals.proof_verifies(p, key_of(p))]
    return (None if full else next((p for p in proofs if p not in forged), None)), forged


def check_database(session: Session, progress: Progress = None, *, full: bool = False, sign: bool = True) -> list[Problem]:
    """Every problem found; [] when all is well (``run``'s problems)."""
    return run(session, progress, full=full, sign=sign).problems


def run(session: Session, progress: Progress = None, *, full: bool = False, sign: bool = True,
        trace: Callable[[str, str, float, float], None] | None = None) -> CheckResult:
    """Check the whole club. ``progress`` (``services.progress``) hears of each step and may stop
    the check between two (``Cancelled``: a check changes nothing).

    Two connections share the work, each on a thread of its own (SQLite lets go of Python's lock
    while it reads: two cores share the check): the other one walks both hash chains first; then
    each takes the largest piece of work left (``_pieces``) until none is left, so that both end
    about together: SQLite's ``quick_check`` of the pages, the fingerprint walks (each made once,
    by the first connection that needs it: ``invariants.Walks``) and the steps. The chains are
    walked on from the newest proof an owner's check signed, its heads still where it found them
    and as many rows up to them (``full``: from their first rows), and on a club file the audit
    rows are looked for only after its marks (``_audit_problems``); going on from a proof, the
    pages are checked table by table, each with its indexes, but for the hash-chained tables'
    (``_CHAINED``: the proof vouches for their rows): the freelist and that every page is used once
    only by a check from the first rows (``full``, or no proof yet). When both chains are whole and
    no audit row is missing, the owner who runs the check signs a new proof of
    them (the one write of a check; none on a read-only file, none when not ``sign``: a move, which
    counts every table's rows on both sides). When the pages are damaged only that is reported
    (the other steps read damaged pages: what they say then, or how they fail, is no finding).
    ``trace(step, connection, seconds, CPU seconds)`` hears of each piece's time (bench/bench_check.py)."""
    session.require(Action.CHECK_DATABASE)
    total = len(_STEPS) + 1
    tick(progress, 0, total)
    found: dict[int, list[Problem]] = {}
    anchor, forged = _anchor(session.db, full)
    audited: list[seal_store.Audited] = []  # how far the audit rows were proven, when they were

    def audit_step(s: Session, _k) -> list[Problem]:
        problems, mark = _audit_problems(s.db, anchor)
        if mark is not None:
            audited.append(mark)
        return problems

    steps = [(name, audit_step if name == "audit rows" else step) for name, step in _STEPS]
    queue = _pieces(session.db, steps, whole_pages=anchor is None)  # the largest first
    pages = {n for n, name, _step in queue if name.startswith("pages")}
    taking = threading.Lock()
    ticked: list[int] = []  # the steps this thread has told ``progress`` of (it alone tells)
    failed: list[Exception] = []  # what a piece raised (damaged pages, or a fault)
    walks = invariants.Walks()

    def timed(lane: str, name: str, work: Callable[[], _T]) -> _T:
        if trace is None:
            return work()
        wall, cpu = time.perf_counter(), time.thread_time()
        out = work()
        trace(name, lane, time.perf_counter() - wall, time.thread_time() - cpu)
        return out

    def take(lane: str, on: Session) -> None:
        """The largest piece left, one at a time, until none is left (or a piece failed)."""
        prints = invariants.Fingerprints(on.db, walks=walks)
        while True:
            with taking:
                if not queue or failed:
                    return
                # this thread tells the progress: it takes the steps before the pages (the whole
                # file's quick_check is minutes without a tick at a million members)
                at = next((i for i, piece in enumerate(queue) if not piece[1].startswith("pages")), 0) \
                    if lane == "this" else 0
                n, name, step = queue.pop(at)
            try:
                found[n] = timed(lane, name, lambda: step(on, prints))
            except Cancelled:
                raise
            except Exception as e:  # noqa: BLE001 - told at the end: damaged pages, or raised again
                failed.append(e)
                return
            if lane == "this" and n < len(steps):
                ticked.append(n)
                tick(progress, len(ticked), total)

    def beside_work(db: Database) -> _Chains:
        chains = timed("other", "hash chains", lambda: _chain_problems(db, anchor, forged))
        take("other", Session(db, session.user, session.clock, session.real_clock))
        return chains

    stop_reading = threading.Event()
    invariants.read_ahead(session.db, stop_reading)  # a cold file read ahead in large pieces
    try:
        with invariants.Beside(session.db, beside_work) as beside:
            take("this", session)
            try:
                chains = beside.result()
            except Exception as e:  # noqa: BLE001 - as a piece's
                failed.append(e)
    finally:
        stop_reading.set()
    damaged = [p for n in sorted(pages & set(found)) for p in found[n]]
    if failed and not damaged:  # a piece failed: damaged pages say why, or it is raised
        damaged = [_p("integrity", detail=d) for d in invariants.integrity(session.db)]
        if not damaged:
            raise failed[0]
    if damaged:  # damaged pages: restoring a backup is the answer
        return CheckResult(damaged, None, None)
    for _n in sorted(set(range(len(steps))) - set(ticked)):  # a tick for each step the other took
        ticked.append(_n)
        tick(progress, len(ticked), total)
    tick(progress, total, total)
    problems = [p for n in sorted(found) if n < len(steps) for p in found[n]]
    proof = None
    if (sign and chains.heads is not None and audited and session.user.role is Role.OWNER
            and session.user.id is not None):
        try:
            with session.db.transaction():
                proof = seals.prove(session.db, chains.heads, audited[0], to_iso((session.real_clock or session.clock)()),
                                    session.user.id)
        except StorageFault:  # a read-only file, a full disk: the check stands, unsigned
            proof = None
    return CheckResult(problems + chains.problems, anchor, proof)


# What each piece of a check costs, per row of the table it reads most (CPU seconds, measured at a
# million members): the check's connections take the largest first, so that both end together.
_COST: dict[str, tuple[str, float]] = {
    "report figures": ("purchases", 2.8e-6), "walk: ledger": ("ledger", 2.3e-6), "foreign keys": ("ledger", 2.0e-6),
    "tiers": ("members", 0.5e-6), "walk: purchases": ("purchases", 1.2e-6), "walk: point_lots": ("point_lots", 0.6e-6),
    "lot entries": ("point_lots", 0.5e-6), "lots": ("ledger", 0.35e-6), "name search index": ("members", 3e-6),
    "look-up columns": ("members", 2.8e-6), "walk: members": ("members", 2e-6), "audit rows": ("purchases", 0.2e-6),
    "window spend": ("members", 0.5e-6), "referrers' cards": ("members", 0.8e-6), "moments": ("members", 0.3e-6),
}
_PAGE_COST = 0.25e-6  # quick_check of a table, per row and per b-tree (the table's and each index's)
# The hash-chained tables, whose rows up to a proof are the proof's: a check that goes on from one
# does not run quick_check on their pages (more than half the file at a million members). The
# ledger's are all read all the same by its fingerprint walk (each page's HMAC, and SQLite's check
# of every page it loads), the audit log's newest by the chains' walk and the others as far as
# counting them needs; the order of their keys and each page's free space: ``check --full``.
_CHAINED = frozenset({"audit_log", "ledger"})


def _pieces(db, steps, whole_pages: bool) -> list[tuple[int, str, Callable[[Session, invariants.Fingerprints], list[Problem]]]]:
    """Every piece of a check's work, the fingerprint walks first, then the largest first: the steps
    (numbered as ``steps``), the walks, and the pages' ``quick_check``: whole (``whole_pages``: the
    freelist and every page's use too; always on a server, whose pages are its own), or each table
    with its indexes but the hash-chained ones (``_CHAINED``)."""
    rows = invariants.table_rows(db, ("members", "purchases", "ledger", "point_lots"))
    pieces = [(n, name, step, rows[_COST[name][0]] * _COST[name][1] if name in _COST else 0.0)
              for n, (name, step) in enumerate(steps)]
    pieces += [(len(steps) + i, f"walk: {walk}", _walk(walk), rows[_COST[f"walk: {walk}"][0]] * _COST[f"walk: {walk}"][1]
                if f"walk: {walk}" in _COST else 0.0) for i, walk in enumerate(invariants.walk_names())]
    first = len(steps) + len(invariants.walk_names())
    if whole_pages or db.engine == "postgresql":
        pieces.append((first, "pages", _pages(None), float("inf")))  # the longest: first
    else:
        for i, (table, size) in enumerate(invariants.table_sizes(db)):
            if table not in _CHAINED:
                pieces.append((first + i, f"pages: {table}", _pages(table), size * _PAGE_COST))
    # the walks first (the steps that read them would wait for a walk the other connection makes),
    # then the largest first
    pieces.sort(key=lambda p: (not p[1].startswith("walk:"), -p[3]))
    return [(n, name, step) for n, name, step, _cost in pieces]


def _walk(walk: str) -> Callable[[Session, invariants.Fingerprints], list[Problem]]:
    def made(_s: Session, prints: invariants.Fingerprints) -> list[Problem]:
        prints[walk]  # noqa: B018 - made now, for the steps that read it
        return []
    return made


def _pages(table: str | None) -> Callable[[Session, invariants.Fingerprints], list[Problem]]:
    return lambda s, _k: [_p("integrity", detail=d) for d in invariants.integrity(s.db, table)]


def quick_check(session: Session) -> list[Problem]:
    """What a restore proves before the club is used again, in seconds at a million members: the
    ledger's sums (the members' balances add up to the ledger, the lots to the positive balances).
    The file's pages and its schema were checked before it replaced the club; ``check_database``
    proves the rest, member by member, once the club is open."""
    session.require(Action.CHECK_DATABASE)
    t = invariants.ledger_totals(session.db)
    problems = []
    if t.balances != t.ledger:
        problems.append(_p("ledger_sum", balances=t.balances, ledger=t.ledger))
    if t.lots != t.positive_balances:
        problems.append(_p("lots_sum", lots=t.lots, balances=t.positive_balances))
    return problems


def check_beside(session: Session) -> Callable[[Callable[[], bool]], list[Problem]]:
    """``check_database`` as work for a thread of its own (the app's files thread, after a
    restore): ``run(cancelled)`` opens the club again on a connection of its own, as the same user,
    so the database thread (the cashier) is never kept waiting; ``cancelled()`` stops it between
    steps (``Cancelled``)."""
    session.require(Action.CHECK_DATABASE)
    path, key, user, clock = session.db.path, session.db.key, session.user, session.clock

    def run(cancelled: Callable[[], bool]) -> list[Problem]:
        db = Database(path, create=False, key=key)
        try:
            return check_database(Session(db, user, clock), progress=lambda _done, _total: not cancelled(), full=True)
        finally:
            db.close()

    return run


def _tier_steps(session: Session) -> list[Problem]:
    db = session.db
    tiers = club_store.tiers(db)
    names = {t.id: t.name for t in tiers}
    problems = [_p("tier_history", card=h.card, tier=names.get(h.tier_id), history=names.get(h.to_tier_id))
                for h in invariants.tier_history_mismatches(db)]
    return problems + _tier_spend_problems(session, tiers, names)


_STEPS: tuple[tuple[str, Callable[[Session, invariants.Fingerprints], list[Problem]]], ...] = (
    ("foreign keys", lambda s, k: [_p("foreign_key", table=f.table, rowid=f.rowid, parent=f.parent)
                                for f in invariants.foreign_key_violations(s.db, invariants.implied(k.sound("fk")))]),
    ("name search index", lambda s, k: [_p("search_index")] if invariants.search_index_broken(s.db) else []),
    ("balances", lambda s, k: [] if k.balances_agree() else [_p("balance", card=b.card, cached=b.cached, ledger=b.ledger)
                            for b in invariants.balance_mismatches(s.db)]),
    ("lots", lambda s, k: _lot_problems(s.db, k)),
    ("lot entries", lambda s, k: [_p("lot_entry", lot=lot) for lot in invariants.lot_entry_mismatches(s.db)]),
    ("look-up columns", lambda s, k: _lookup_problems(s.db)),
    ("moments", lambda s, k: [_p("moment", table=b.table, rowid=b.rowid, value=b.value)
                           for b in invariants.malformed_moments(s.db, k.sound("moment"))]),
    ("refunded", lambda s, k: [] if k.refunded_agree() else [_p("refunded", purchase_id=r.id, cached=r.refunded, refunds=r.refunds)
                            for r in invariants.refunded_mismatches(s.db)]),
    ("purchases' entries", lambda s, k: [] if k.purchase_entries_agree() else [_p("purchase_ledger", purchase_id=p.id, earned=p.earned, redeemed=p.redeemed,
                                         points_earned=p.points_earned, points_redeemed=p.points_redeemed)
                                      for p in invariants.purchase_ledger_mismatches(s.db)]),
    ("refunds' entries", lambda s, k: [] if k.refund_entries_agree() else [_p("refund_ledger", refund_id=r.id, reversed=r.reversed, returned=r.returned,
                                       points_reversed=r.points_reversed, points_returned=r.points_returned)
                                    for r in invariants.refund_ledger_mismatches(s.db)]),
    ("tiers", lambda s, k: _tier_steps(s)),
    ("window spend", lambda s, k: [_p("window", card=w.card, since=w.win_from, stored=w.win_spend, until=w.win_until,
                                   spend=w.spend, first=w.first) for w in invariants.window_mismatches(s.db)]),
    ("visits", lambda s, k: [_p("visits", card=v.card, floor=Rials(v.floor), since=v.win_from, stored=v.visits,
                             until=v.win_until, counted=v.counted, first=v.first)
                          for v in invariants.visit_mismatches(s.db)]),
    ("referrers' cards", lambda s, k: [_p("referrer_card", card=r.card, stored=r.referrer_card or "-",
                                       referrer=r.referrer or "-") for r in invariants.referrer_card_mismatches(s.db)]),
    ("report figures", lambda s, k: _stats_problems(s.db)),
    ("offer uses", lambda s, k: [_p("offer_use", code=code) for code in offer_store.offer_use_mismatches(s.db)]),
    ("reward redemptions", lambda s, k: [_p("reward_redemption", redemption_id=r)
                                      for r in offer_store.redemption_mismatches(s.db)]),
    ("imports", lambda s, k: [_p("import", audit_id=a, what=w, audited=x, held=h)
                           for a, w, x, h in import_store.import_mismatches(s.db)]),
    ("schema", lambda s, k: _schema_problems(s.db)),
    ("audit rows", lambda s, k: _audit_problems(s.db)[0]),  # ``run`` gives it the proof it goes on from
)
@cache
def _expected_schema() -> dict[str, str]:
    return expected_schema()


def _schema_problems(db) -> list[Problem]:
    """Every table, index, trigger and view that is not exactly this version's, by name: an extra
    trigger (one that makes a cashier owner), a guard dropped, disabled or re-made otherwise; on a
    server also any right on the club's tables beyond what the tills' user was given."""
    if db.engine == "postgresql":  # the server's catalog against a new club's, made and rolled back
        from loyaltydesk.store import migrations_pg

        from loyaltydesk.store import server_setup

        rights = [_p("server_rights", role=role, table=table, right=right)
                  for role, table, right in server_setup.rights_beyond(db)]
        expected = migrations_pg.schema_to_compare(db)
        if expected is None:  # a till's role, on a server whose administrator has not kept it (yet)
            return [_p("schema_unknown")] + rights
        return [_p("schema", difference=d) for d in differences(migrations_pg.schema_of(db), expected)] + rights
    return [_p("schema", difference=d) for d in differences(schema_of(db.conn), _expected_schema())]


LISTED = 1000  # rows of one kind named one by one; the rest counted (a file full of them is read, not kept)


def _first(rows, limit: int = LISTED) -> tuple[list, int]:
    """The first ``limit`` of ``rows`` (streamed) and how many more there are."""
    first: list = []
    more = 0
    for row in rows:
        if len(first) < limit:
            first.append(row)
        else:
            more += 1
    return first, more


def _audit_problems(db, anchor: seal_store.Proof | None = None) -> tuple[list[Problem], seal_store.Audited | None]:
    """An audit row for every ledger entry, purchase and refund (an import's one row covers the
    id ranges it names); and, when none is missing, how far that is proven (``audit_mark``, read
    first: what is written meanwhile is read too, but proven only by the next check). On a club
    file, after a proof (``anchor``) whose purchases are still as many up to its last one, only the
    purchases and entries after it are looked at (the audit rows after its mark): the rows before
    it were proven, and a row deleted or slipped in before it changes the count or breaks a chain
    (``check --full`` looks at every row). A server gives its ids out of commit order (several
    tills): there every row is looked at."""
    imported: dict[str, list[tuple[int, int]]] = {"purchases": [], "ledger": []}
    for _id, _action, after in import_store.imports(db):
        for table in imported:
            ids = after.get(f"{table}_ids")
            if ids:
                imported[table].append((ids[0], ids[1]))
    mark = invariants.audit_mark(db)
    problems: list[Problem] = []
    since = anchor.audited if anchor is not None and db.engine == "sqlite" else None
    if anchor is not None and since is not None and since.purchase_id:
        rows, after = chain_store.counts(db, "purchases", since.purchase_id)
        if rows - after != since.purchase_rows:
            problems.append(_p("proof_purchases", at=anchor.at, fingerprint=chain.fingerprint(anchor.signature),
                               rowid=since.purchase_id, rows=since.purchase_rows))
            since = None
    entries, more_entries = _first(invariants.unaudited_entries(db, imported["ledger"],
                                                                since.ledger_mark if since else 0))
    problems += [_p("unaudited_entry", entry_id=e.id, entry_kind=e.kind, points=e.points, member_id=e.member_id)
                 for e in entries]
    if more_entries:
        problems.append(_p("unaudited_entry_more", count=more_entries))
    purchases, more_purchases = _first(invariants.unaudited_purchases(
        db, imported["purchases"], since.purchase_id if since else 0, since.audit_mark if since else 0))
    problems += [_p("unaudited_purchase", purchase_id=p) for p in purchases]
    if more_purchases:
        problems.append(_p("unaudited_purchase_more", count=more_purchases))
    problems += [_p("unaudited_refund", purchase_id=r.purchase_id, refunds=r.refunds, audited=r.audited)
                 for r in invariants.refund_audit_mismatches(db)]
    whole = not problems
    return problems, (seal_store.Audited(mark.purchase_id, mark.purchase_rows, mark.audit_id, mark.ledger_id)
                      if whole else None)


def _chain_problems(db, anchor: seal_store.Proof | None, forged: list[seal_store.Proof]) -> _Chains:
    """Both hash chains walked row by row (streamed), on from the proof ``anchor`` (None: from the
    first rows): where a row is missing, altered or slipped in; then every seal and proof: signed
    by the owner key it names (``forged``: the proofs that are not), its heads still where it found
    them (the same row with the same chain, as many rows up to it); and every user's signed role."""
    problems = []
    key_of = _owner_keys(db)
    sealed = seal_store.seals(db)
    problems += [_p("seal_signature", at=s.at, fingerprint=chain.fingerprint(s.signature))
                 for s in sealed if not seals.seal_verifies(db, s, key_of(s))]
    problems += [_p("proof_signature", at=p.at, fingerprint=chain.fingerprint(p.signature)) for p in forged]
    heads = {"audit_log": [(s, *s.heads[0:3]) for s in sealed if s.heads.audit_id],
             "ledger": [(s, *s.heads[3:6]) for s in sealed if s.heads.ledger_id]}
    ends: list = []
    for n, table in enumerate(chain_store.CHAINED):
        start: tuple[int, bytes | None, int] = (0, None, 0)
        if anchor is not None and anchor.heads[n * 3]:
            h = anchor.heads
            start = (h.audit_id, h.audit_chain, h.audit_rows) if table == "audit_log" else (
                h.ledger_id, h.ledger_chain, h.ledger_rows)
            there, stored = chain_store.stored_chain(db, table, start[0])
            rows, after = chain_store.counts(db, table, start[0])
            if not there or stored != start[1] or rows - after != start[2]:
                problems.append(_p(f"proof_{table}", at=anchor.at, fingerprint=chain.fingerprint(anchor.signature),
                                   rowid=start[0], rows=start[2]))
                start = (0, None, 0)  # walked from the first row: the walk says where
        proven = [h for h in heads[table] if h[1] <= start[0]]  # sealed heads the proof walked through
        for s, rowid, head, _rows in proven:  # the proof counted the rows up to them: still there as sealed?
            if chain_store.stored_chain(db, table, rowid) != (True, head):
                problems.append(_p(f"seal_{table}", at=s.at, fingerprint=chain.fingerprint(s.signature), rowid=rowid,
                                   rows=_rows))
        walked = chain.walk(table, chain_store.encoded_rows(db, table, start[0]),
                            {h[1] for h in heads[table] if h[1] > start[0]},
                            lambda row_id, table=table: chain_store.values_of(db, table, row_id), start=start)
        for s, rowid, head, rows in heads[table]:
            if rowid > start[0] and walked.seen.get(rowid) != (head, rows):
                problems.append(_p(f"seal_{table}", at=s.at, fingerprint=chain.fingerprint(s.signature), rowid=rowid,
                                   rows=rows))
        for kind, first, last in walked.breaks:
            problems.append(_p(f"{table}_{kind}", first=first, last=last) if kind == "missing"
                            else _p(f"{table}_{kind}", rowid=first))
        if walked.broken > len(walked.breaks):
            problems.append(_p(f"{table}_more", count=walked.broken - len(walked.breaks)))
        ends += [walked.last_id, walked.last_chain, walked.rows]
    whole = not problems
    problems += [_p("user_unsigned", username=u) for u in seals.unsigned_users(db)]
    return _Chains(problems, chain_store.Heads(*ends) if whole else None)


def _lot_problems(db, prints: invariants.Fingerprints) -> list[Problem]:
    """Every stored lot against the ledger: a replay of the ledger (``domain.ledger``) for the
    members who consumed points, one member at a time; the others' lots each hold their entry's
    points, proven by fingerprints (set-based, exact, when those disagree)."""
    problems: list[Problem] = []
    for member_id, group in groupby(invariants.consumers_ledger(db), key=attrgetter("member_id")):
        rows = list(group)
        _balance, left = remaining_after((r.entry_id, r.points, r.lot_id) for r in rows)
        problems += [_p("lot", member_id=member_id, lot=r.entry_id, stored=r.stored, expected=left[r.entry_id])
                     for r in rows if r.points > 0 and r.stored != left[r.entry_id]]
        for r in rows:
            if r.points > 0:
                prints.consumed(r.entry_id, r.points, r.stored)
    if prints.lots_agree():
        return problems
    return [_p("lot", member_id=m.member_id, lot=m.entry_id, stored=m.stored, expected=m.expected)
            for m in invariants.lot_mismatches(db)] + problems


@lru_cache(maxsize=1 << 16)
def _name_key(first_name: str, last_name: str) -> str:
    return search_key(f"{first_name} {last_name}")  # names repeat: a club of a million has far fewer


def _lookup_problems(db) -> list[Problem]:
    """The columns that searches use must be what the member's details give."""
    problems = []
    for m in invariants.member_search_columns(db):
        if m.mobile_rev != m.mobile[::-1]:
            problems.append(_p("lookup", card=m.card, column="mobile_rev"))
        if m.search_name != _name_key(m.first_name, m.last_name):
            problems.append(_p("lookup", card=m.card, column="search_name"))
        if m.birthday_md != (m.birthday[5:] if m.birthday else None):
            problems.append(_p("lookup", card=m.card, column="birthday_md"))
    return problems


def _tier_spend_problems(session: Session, tiers, names) -> list[Problem]:
    settings = club_store.club_settings(session.db)
    start = to_iso(window_start(settings.window, session.now()))
    problems = []
    floors = visit_floors(tiers)
    # the kept figures (the window steps prove them) of the members who may deserve a tier above theirs
    for m in visit_store.standing_now(session.db, start, floors, upgrade_bounds(tiers)):
        deserved = tier_for(tiers, Standing(m.spend, dict(zip(floors, m.visits))))
        if deserved and rank(tiers, deserved.id) > rank(tiers, m.tier_id):
            by_spend = tier_for_spend(tiers, m.spend)
            if by_spend is not None and by_spend.id == deserved.id:
                problems.append(_p("tier_spend", card=m.card, spend=m.spend, deserved=deserved.name,
                                   tier=names.get(m.tier_id)))
            else:
                problems.append(_p("tier_visits", card=m.card, visits=m.visits[floors.index(deserved.visit_floor)],
                                   deserved=deserved.name, tier=names.get(m.tier_id)))
    return problems


def _stats_problems(db) -> list[Problem]:
    """The report aggregates must equal a recomputation from the purchases; every detractor has a
    follow-up and every follow-up's status is its trail's last step."""
    problems = []
    for m in invariants.stats_mismatches(db):
        if m.kind == "member":
            problems.append(_p("stats_member", member_id=m.key))
        else:
            problems.append(_p("stats_period", period=m.key, what=m.kind))
    problems += [_p("followup", what=m.kind, id=m.key) for m in invariants.followup_mismatches(db)]
    return problems



# --- what was written since the last seal ------------------------------------------------------------

class Written(NamedTuple):
    """The audit rows (by action) and ledger entries (by kind, with their points) of one stretch."""

    audit: list[tuple[str, int]]
    ledger: list[tuple[str, int, int]]


class SealSummary(NamedTuple):
    """The newest seal and what the file holds after it, for the owner to read plainly: ``since``
    is what was written after it; ``sealed`` what it sealed since the seal before it."""

    at: str
    reason: str  # 'sign_in' or 'daily_close'
    owner: str | None
    fingerprint: str
    since: Written
    sealed: Written


def seal_summary(session: Session) -> SealSummary | None:
    """What changed since the last seal (None when the club was never sealed)."""
    session.require(Action.CHECK_DATABASE)
    db = session.db
    every = seal_store.seals(db)
    if not every:
        return None
    last = every[-1]
    before = every[-2] if len(every) > 1 else None
    owner = next((a.username for a in seal_store.assignments(db) if a.id == last.owner_id), None)
    return SealSummary(
        last.at, last.reason, owner, chain.fingerprint(last.signature),
        Written(chain_store.audit_after(db, last.heads.audit_id), chain_store.ledger_after(db, last.heads.ledger_id)),
        Written(chain_store.audit_after(db, before.heads.audit_id if before else 0, last.heads.audit_id),
                chain_store.ledger_after(db, before.heads.ledger_id if before else 0, last.heads.ledger_id)))
