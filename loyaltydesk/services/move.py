"""Moving a club (issue 23): from its SQLite file to an empty PostgreSQL database (several tills),
and back from the server to a new encrypted club file. The owner does it, signed in as always.

Either way the target's schema is made by its engine's migrations, then every table's rows are
copied in key order, in batches, ids kept (the server's id sequences set after the largest id),
the stored kept figures copied as they are (the target's triggers that would derive them again are
off meanwhile, ``store/move.py``), and the copy is proven before it counts: the rows of every table,
every member's points, window spend and tier, the ledger's and the purchases' sums the same on both
sides, and ``check`` clean on both. Any difference refuses the move with the problem named, and
nothing of it is left: on the server the whole move is one transaction (PostgreSQL's schema changes
are transactional too), rolled back; a new club file is deleted with its key file.

Back to a file: the new file is encrypted with a new club key, and only the owner who moves it gets a
key slot (their password is given for it; the others' passwords are not known here: only their hashes
are). The other users sign in once the owner has opened the club in the desktop app on that computer
(a user without a slot gets one at a sign-in into an open club), or the owner gives them a new
password (Users page). ``MoveResult.without_key`` names them.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from loyaltydesk.domain import passwords
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, Problem, ValidationError
from loyaltydesk.domain.roles import Action
from loyaltydesk.store import club as club_store
from loyaltydesk.store import keyslots, open_database
from loyaltydesk.store import move as move_store
from loyaltydesk.store.server_url import is_url, shown

from . import club_keys
from .check import check_database
from .progress import Progress, Steps, scaled
from .session import Session

NOT_A_FILE_CLUB = QT_TRANSLATE_NOOP(
    "LoyaltyError", "This club is on a PostgreSQL server already: move it to a file (move-to FILE.sqlite3), or "
    "open the club file to move it to a server.")
NOT_A_SERVER_CLUB = QT_TRANSLATE_NOOP(
    "LoyaltyError", "A club file is moved to a PostgreSQL server (move-to postgresql://...), not to another file: "
    "to copy it, make a backup.")
TARGET_NOT_EMPTY = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The database {target} is not empty (it holds {found}): a club is moved only into an empty "
    "database. Make a new one (CREATE DATABASE, or 'loyaltydesk server init'), then move again. Nothing was written.")
TARGET_EXISTS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{target} exists already: a club is moved only into a new file. Choose another name. Nothing was "
    "written.")
TARGET_NOT_SQLITE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The club file's name ends in .sqlite3 (not {target}).")
SOURCE_PROBLEMS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The club has {count} problem(s) before the move (the first: {first}): run 'loyaltydesk check' "
    "and put them right first. Nothing was moved.")
TABLES_DIFFER = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The table {table} differs between the two schemas ({detail}): both must be of the same "
    "version of LoyaltyDesk. Nothing was moved.")
COUNT_DIFFERS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The table {table} has {source} rows in the club and {target} in the copy. Nothing was moved.")
FIGURES_DIFFER = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The copy's {what} differ from the club's. Nothing was moved.")
TARGET_PROBLEMS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The check of the copy found a problem: {detail}. Nothing was moved.")
WRONG_PASSWORD = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The password is not {username}'s: the new club file's key is wrapped by the owner's password. "
    "Nothing was written.")


@dataclass(frozen=True)
class MoveResult:
    source: str
    target: str  # a server's URL without its password
    tables: int
    rows: int
    counts: dict[str, int]
    members: int
    points: int  # the ledger's sum, the same on both sides
    sequences: int  # identity sequences set (to the server)
    checked: bool  # ``check`` clean on both sides
    without_key: tuple[str, ...] = ()  # back to a file: the active users who have no key slot yet

    def as_dict(self) -> dict:
        return asdict(self)


def _p(kind: str, template: str, **params) -> Problem:
    return Problem(kind, template, params)


def _refuse(*problems: Problem) -> ValidationError:
    return ValidationError(problems)


def _compare_tables(source: dict[str, move_store.Table], target: dict[str, move_store.Table]) -> list[Problem]:
    problems = []
    for name in sorted(set(source) | set(target)):
        if name not in target:
            problems.append(_p("tables", TABLES_DIFFER, table=name, detail="only in the club"))
        elif name not in source:
            problems.append(_p("tables", TABLES_DIFFER, table=name, detail="only in the copy"))
        elif source[name].columns != target[name].columns:
            problems.append(_p("tables", TABLES_DIFFER, table=name, detail="its columns"))
    return problems


def _same_figures(target, order, before) -> None:
    """The copy's figures (counts, members' digest, ledger sums) are the source's, or nothing is kept."""
    problems = _compare(before, move_store.figures(target, order))
    if problems:
        raise _refuse(*problems)


def _compare(source: move_store.Figures, target: move_store.Figures) -> list[Problem]:
    problems = [_p("count", COUNT_DIFFERS, table=t, source=n, target=target.counts.get(t))
                for t, n in source.counts.items() if target.counts.get(t) != n]
    if source.members != target.members:
        problems.append(_p("members", FIGURES_DIFFER, what="members' points, window spend or tiers"))
    if source.ledger != target.ledger:
        problems.append(_p("ledger", FIGURES_DIFFER, what="ledger sums"))
    if source.purchases != target.purchases:
        problems.append(_p("purchases", FIGURES_DIFFER, what="purchase sums"))
    return problems


def _checked(session: Session, progress: Progress, problem: str, known: list[str] | None = None) -> list[str]:
    """``check`` on one side: clean, or (``known``: a club moved as it is) exactly the source's findings."""
    found = check_database(session, progress=progress, full=True, sign=False)  # every row; the sides' rows counted
    said = [p.message for p in found]
    if problem == "source":
        if found and known is None:
            raise _refuse(_p("source", SOURCE_PROBLEMS, count=len(found), first=found[0].message))
        return said
    if said != (known or []):
        new = [m for m in said if m not in (known or [])] or said
        raise _refuse(*[_p("target", TARGET_PROBLEMS, detail=m) for m in new[:20]])
    return said


def _result(session: Session, target: str, order, figures: move_store.Figures, sequences: int,
            without_key: tuple[str, ...] = ()) -> MoveResult:
    return MoveResult(source=shown(str(session.db.path)), target=target, tables=len(order),
                      rows=sum(figures.counts.values()), counts=figures.counts,
                      members=figures.counts.get("members", 0), points=figures.ledger[1], sequences=sequences,
                      checked=True, without_key=without_key)


def move_to_server(session: Session, url: str, progress: Progress = None, *, as_it_is: bool = False) -> MoveResult:
    """Copy this club (a SQLite file) into the empty PostgreSQL database at ``url`` and prove it
    (the module's text). The file stays as it was: the tills are pointed at the server after.
    ``as_it_is`` (benchmarks' filled clubs, which have no audit rows): a club whose ``check`` finds
    problems is moved too, and the copy's check must find exactly the same."""
    session.require(Action.EXPORT_DATA)
    source = session.db
    if move_store.is_server(source):
        raise LoyaltyError(NOT_A_FILE_CLUB)
    from loyaltydesk.store.migrations_pg import migrate as migrate_pg

    known = _checked(session, scaled(progress, 0, 150), "source", [] if as_it_is else None)
    src_tables = move_store.tables_of(source)
    before = move_store.figures(source, list(src_tables.values()))
    target = open_database(url, upgrade=False)
    try:
        found = move_store.server_objects(target)
        if found:
            raise _refuse(_p("target", TARGET_NOT_EMPTY, target=shown(url), found=", ".join(found[:5])))
        with target.transaction():  # all of it, or nothing: rolled back on any problem
            migrate_pg(target, clock=session.clock)  # type: ignore[arg-type]
            dst_tables = move_store.tables_of(target)
            problems = _compare_tables(src_tables, dst_tables)
            if problems:
                raise _refuse(*problems)
            order = move_store.in_order(dst_tables)
            late = move_store.deferred(order)
            steps = Steps(scaled(progress, 150, 800), max(1, sum(before.counts.values())), every=move_store.BATCH)
            move_store.triggers_off_pg(target, order)
            move_store.empty_tables(target, order)
            put_off = move_store.put_off_pg(target)  # indexes built and references checked once, at the end
            held = []
            for table in order:
                held += move_store.copy_into_pg(target, src_tables[table.name]._replace(references=table.references),
                                                move_store.rows(source, src_tables[table.name]),
                                                late.get(table.name, ()), steps.step)
            move_store.write_later(target, held)
            move_store.make_again_pg(target, put_off)
            move_store.rebuild_name_search(target)
            sequences = move_store.set_sequences(target, order)
            move_store.triggers_off_pg(target, order, on=True)
            move_store.analyze_pg(target, order)
            steps.finish()
            _same_figures(target, order, before)
            moved = Session(target, session.user, session.clock, session.real_clock)
            _checked(moved, scaled(progress, 800, 1000), "target", known)
            result = _result(session, shown(url), order, before, sequences)
            moved.audit("move_in", "club", None, None, {"from": "file", "rows": result.rows})
    finally:
        target.close()
    with session.act(Action.EXPORT_DATA):
        session.audit("move_out", "club", None, None, {"to": shown(url), "rows": result.rows})
    return result


def _remove_club_file(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), keyslots.path_of(path)):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def move_to_file(session: Session, path: str | Path, password: str, progress: Progress = None, *,
                 as_it_is: bool = False) -> MoveResult:
    """Copy this club (on a PostgreSQL server) into a new encrypted club file at ``path`` and prove
    it; ``password`` is the signed-in owner's, which wraps the new file's key (the module's text)."""
    session.require(Action.EXPORT_DATA)
    source = session.db
    if not move_store.is_server(source):
        raise LoyaltyError(NOT_A_SERVER_CLUB)
    path = Path(path)
    problems = []
    if is_url(str(path)) or path.suffix != ".sqlite3":
        problems.append(_p("target", TARGET_NOT_SQLITE, target=str(path)))
    elif path.exists() or keyslots.path_of(path).exists():
        problems.append(_p("target", TARGET_EXISTS, target=str(path)))
    row = club_store.user_by_name(source, session.user.username)
    secret = passwords.secret_of(password, row.password_hash if row is not None else None)
    if secret is None:
        problems.append(_p("password", WRONG_PASSWORD, username=session.user.username))
    if problems:
        raise _refuse(*problems)
    assert secret is not None
    known = _checked(session, scaled(progress, 0, 150), "source", [] if as_it_is else None)
    src_tables = move_store.tables_of(source)
    made = False
    try:
        target = open_database(path, create=True)
        made = True
        try:
            with source.transaction(), target.transaction():  # the server's rows as of one moment
                source.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                before = move_store.figures(source, list(src_tables.values()))
                target.execute("PRAGMA defer_foreign_keys = ON")  # the references are checked at COMMIT
                dst_tables = move_store.tables_of(target)
                problems = _compare_tables(src_tables, dst_tables)
                if problems:
                    raise _refuse(*problems)
                order = move_store.in_order(dst_tables)
                steps = Steps(scaled(progress, 150, 800), max(1, sum(before.counts.values())), every=move_store.BATCH)
                triggers = move_store.sqlite_triggers(target)
                move_store.drop_sqlite_triggers(target, triggers)
                move_store.empty_tables(target, order)
                for table in order:
                    move_store.copy_into_sqlite(target, dst_tables[table.name],
                                                move_store.rows(source, dst_tables[table.name]), steps.step)
                move_store.rebuild_name_search(target)
                move_store.make_sqlite_triggers(target, triggers)
                steps.finish()
                _same_figures(target, order, before)
            moved = Session(target, session.user, session.clock, session.real_clock)
            _checked(moved, scaled(progress, 800, 1000), "target", known)
            with moved.act(Action.EXPORT_DATA):
                moved.audit("move_in", "club", None, None, {"from": "server", "rows": sum(before.counts.values())})
            club_keys.put_slot(target, session.user.username, secret, owner_made=True)  # ends the set-up key
            without = tuple(u.username for u in club_store.users(target)
                            if u.active and u.username != session.user.username)
        finally:
            target.close()
    except BaseException:
        if made:
            _remove_club_file(path)
        raise
    result = _result(session, str(path), order, before, 0, without)
    with session.act(Action.EXPORT_DATA):
        session.audit("move_out", "club", None, None, {"to": os.path.basename(path), "rows": result.rows})
    return result
