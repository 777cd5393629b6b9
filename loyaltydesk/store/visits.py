"""Members' visits: a purchase worth at least a tier's least amount of a visit (after refunds) is one.

Each member's visits in the qualifying window are kept in ``member_visits`` (m0018), one row per
member and least amount (``floor``), as m0009 keeps the window spend in the member's row: the
triggers keep the count exact through purchases and refunds, ``refresh`` counts it again where
it no longer holds, and ``check_database`` proves it (``store.invariants.visit_mismatches``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from loyaltydesk.domain.tiers import UpgradeBound

from .db import Database
from .rows import fetch_all

FAR_FUTURE = "9999-12-31T23:59:59Z"  # win_until when no visit is counted (as store.members.FAR_FUTURE)


class KeptVisits(NamedTuple):
    member_id: int
    floor: int
    win_from: str
    visits: int
    win_until: str


class MemberStanding(NamedTuple):
    """A member as a review judges them: spend and visits (one count per floor asked) in a window."""

    id: int
    card: str
    tier_id: int | None
    tier_since: str
    spend: int
    visits: tuple[int, ...]


def _marks(prefix: str, values: Sequence) -> tuple[str, dict]:
    return ", ".join(f":{prefix}{i}" for i in range(len(values))), {f"{prefix}{i}": v for i, v in enumerate(values)}


def count_between(db: Database, member_id: int, floors: Sequence[int], start: str, end: str) -> dict[int, int]:
    """One member's visits in [start, end) for each of ``floors``: one index-only walk of
    ``purchases_member_at`` over the member's purchases in the window."""
    if not floors:
        return {}
    sums = ", ".join(f"coalesce(SUM(gross - refunded >= :f{i}), 0)" for i in range(len(floors)))
    row = db.one(
        f"SELECT {sums} FROM purchases WHERE member_id = :member AND at >= :start AND at < :end",
        {"member": member_id, "start": start, "end": end, **{f"f{i}": f for i, f in enumerate(floors)}},
    )
    return dict(zip(floors, row or (0,) * len(floors)))


def kept(db: Database, ids: Sequence[int], floors: Sequence[int], start: str) -> dict[tuple[int, int], int]:
    """The kept visits of ``ids`` at ``floors`` that hold for a window starting at ``start``, by
    (member, floor); a pair that is missing or stale is left out (count it with ``count_between``)."""
    if not ids or not floors:
        return {}
    members, mp = _marks("m", ids)
    fl, fp = _marks("f", floors)
    return {(r[0], r[1]): r[2] for r in db.all(
        f"SELECT member_id, floor, visits FROM member_visits WHERE member_id IN ({members}) AND floor IN ({fl})"
        " AND win_from <= :start AND :start <= win_until",
        {"start": start, **mp, **fp})}


def refresh(db: Database, ids: Sequence[int], floors: Sequence[int], start: str) -> int:
    """Count the visits from ``start`` again for each of ``ids`` at each of ``floors`` whose kept
    figure is missing or does not hold for ``start``; returns how many were counted."""
    if not ids or not floors:
        return 0
    return sum(cursor.rowcount for cursor in _refresh(db, ids, floors, start))


def refresh_of(db: Database, member_id: int, floors: Sequence[int], start: str) -> None:
    """``refresh`` of one member, without the count (a purchase's: in a pipelined transaction nothing
    waits for it, ``PgDatabase.transaction``)."""
    if floors:
        _refresh(db, [member_id], floors, start)


def _refresh(db: Database, ids: Sequence[int], floors: Sequence[int], start: str) -> list:
    """The statements of ``refresh`` run, one per floor: their cursors."""
    members, mp = _marks("m", ids)
    cursors = []
    for floor in floors:
        cursors.append(db.execute(
            "INSERT INTO member_visits (member_id, floor, win_from, visits, win_until)"
            " SELECT m.id, :floor, :start,"
            "  (SELECT count(*) FROM purchases p WHERE p.member_id = m.id AND p.at >= :start"
            "   AND p.gross - p.refunded >= :floor),"
            "  coalesce((SELECT min(p.at) FROM purchases p WHERE p.member_id = m.id AND p.at >= :start"
            "   AND p.gross - p.refunded >= :floor), :far)"
            f" FROM members m WHERE m.id IN ({members})"
            " AND NOT EXISTS (SELECT 1 FROM member_visits v WHERE v.member_id = m.id AND v.floor = :floor"
            "   AND v.win_from <= :start AND :start <= v.win_until)"
            " ON CONFLICT (member_id, floor) DO UPDATE SET win_from = excluded.win_from, visits = excluded.visits,"
            " win_until = excluded.win_until",
            {"floor": floor, "start": start, "far": FAR_FUTURE, **mp},
        ))
    return cursors


def stale(db: Database, start: str, floors: Sequence[int], limit: int) -> list[int]:
    """The members of up to ``limit`` kept rows at ``floors`` that no longer hold for ``start``
    because a counted visit has left the window (``member_visits_until``, oldest first); a member
    kept at two floors may come twice."""
    if not floors:
        return []
    fl, fp = _marks("f", floors)
    return [r[0] for r in db.all(
        f"SELECT member_id FROM member_visits WHERE win_until < :start AND floor IN ({fl}) ORDER BY win_until"
        " LIMIT :limit", {"start": start, "limit": limit, **fp})]


def standing_by_member(db: Database, start: str, end: str, floors: Sequence[int], after_id: int = 0,
                       limit: int = -1) -> Iterator[MemberStanding]:
    """The active members after ``after_id``, in id order, ``limit`` of them (-1: all), with their
    spend and their visits at each of ``floors`` in [start, end): one walk of the members and of
    ``purchases_member_at``, as ``purchases.spend_by_member`` (the review's reading)."""
    sums = "".join(f", coalesce(SUM(p.gross - p.refunded >= :f{i}), 0)" for i in range(len(floors)))
    n = len(floors)
    rows = db.execute(
        f"SELECT m.id, m.card, m.tier_id, m.tier_since, coalesce(SUM(p.gross - p.refunded), 0){sums}"
        " FROM members m NOT INDEXED LEFT JOIN purchases p ON p.member_id = m.id AND p.at >= :start AND p.at < :end"
        " WHERE m.status = 'active' AND m.id > :after GROUP BY m.id ORDER BY m.id LIMIT :limit",
        {"start": start, "end": end, "after": after_id, "limit": limit, **{f"f{i}": f for i, f in enumerate(floors)}},
    )
    for r in rows:
        yield MemberStanding(r[0], r[1], r[2], r[3], r[4], tuple(r[5:5 + n]))


def standing_now(db: Database, start: str, floors: Sequence[int],
                 bounds: Mapping[int | None, UpgradeBound] | None = None) -> Iterator[MemberStanding]:
    """The active members, in id order, with their spend and their visits at each of ``floors``
    from ``start`` on (a window that ends now): the figures kept for them (``members.win_spend``,
    ``member_visits``) where those hold for ``start``, and only where not a probe of
    ``purchases_member_at``. What the check judges the tiers by (its window and visits steps prove
    the kept figures). ``bounds`` (``domain.tiers.upgrade_bounds``): only the members whose
    standing reaches the bound of their tier (of None for a tier that is none) come out."""
    # a kept figure that is no integer (written past the program) is not used: its step names it
    whole = (lambda c: "") if db.engine == "postgresql" else (lambda c: f" AND typeof({c}) = 'integer'")
    visits = [f"coalesce((SELECT v.visits FROM member_visits v WHERE v.member_id = m.id AND v.floor = :f{i}"
              f"  AND v.win_from <= :start AND :start <= v.win_until{whole('v.visits')}),"
              " (SELECT count(*) FROM purchases p WHERE p.member_id = m.id AND p.at >= :start"
              f"  AND p.gross - p.refunded >= :f{i})) AS v{i}" for i in range(len(floors))]
    params: dict[str, object] = {"start": start, **{f"f{i}": f for i, f in enumerate(floors)}}
    where = ""
    if bounds is not None:
        def reaches(bound: UpgradeBound, n: int) -> str:
            params[f"s{n}"] = bound.spend
            ors = ([f"spend >= :s{n}"] if bound.spend is not None else []) + [
                f"v{floors.index(floor)} >= {int(count)}" for floor, count in bound.visits.items() if floor in floors]
            return "(" + " OR ".join(ors) + ")" if ors else "0 = 1"
        known = [(tier_id, b) for tier_id, b in bounds.items() if tier_id is not None]
        whens = "".join(f" WHEN {int(tier_id)} THEN {reaches(b, n)}" for n, (tier_id, b) in enumerate(known))
        other = reaches(bounds.get(None, UpgradeBound(None, {})), len(known))
        where = f" WHERE CASE tier_id{whens} ELSE {other} END" if whens else f" WHERE {other}"
    rows = db.execute(
        "SELECT * FROM (SELECT m.id, m.card, m.tier_id, m.tier_since,"
        f" CASE WHEN m.win_from <= :start AND :start <= m.win_until{whole('m.win_spend')} THEN m.win_spend ELSE"
        "  (SELECT coalesce(SUM(p.gross - p.refunded), 0) FROM purchases p WHERE p.member_id = m.id AND p.at >= :start)"
        f" END AS spend{''.join(', ' + v for v in visits)}"
        " FROM members m NOT INDEXED WHERE m.status = 'active' LIMIT -1) AS s"  # the members in id order, no sort
        f"{where} ORDER BY id", params)  # (the few that come out sorted)
    n = len(floors)
    for r in rows:
        yield MemberStanding(r[0], r[1], r[2], r[3], r[4], tuple(r[5:5 + n]))


def all_kept(db: Database) -> list[KeptVisits]:
    return fetch_all(db, KeptVisits, "SELECT member_id, floor, win_from, visits, win_until FROM member_visits"
                                     " ORDER BY member_id, floor")

