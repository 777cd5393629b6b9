"""The role matrix: every Action of domain/roles.py, called through its service as a cashier.
What a cashier may not do is refused by the service itself (not by a hidden button) and writes
nothing; what a cashier may do is not refused; the owner may do everything. A new Action without a
row here fails ``test_every_action_has_a_row``: add the service call that needs it.
(tests/services/test_roles_and_check.py covers the spine's calls in more depth.)

And the audit log: who, when, what, before and after of every sensitive action; it refuses
UPDATE and DELETE, and no code of the package edits it."""

from __future__ import annotations

import re
from loyaltydesk.store.engine import sqlite3
from datetime import timedelta

import psycopg
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError, PermissionDenied
from loyaltydesk.domain.roles import Action, Role, may
from loyaltydesk.services import analytics, audit_log, backup, documents, followup, sms, surveys, import_export, users

from .test_hostile_services import fingerprint

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

PACKAGE = Path(__file__).resolve().parents[2] / "loyaltydesk"

# Action -> calls (session, context) that need it. Each call may be refused for another reason
# (a missing file, a full club): only PermissionDenied is about the role.
CALLS = {
    Action.FIND_MEMBER: [lambda s, c: services.members.find_members(s, c.card),
                         lambda s, c: services.members.history(s, c.card)],
    Action.SIGN_UP: [lambda s, c: services.members.sign_up(s, c.fresh_mobile())],
    Action.EDIT_MEMBER: [lambda s, c: services.members.edit_member(s, c.card, notes="x")],
    Action.EDIT_IDENTITY: [lambda s, c: services.members.edit_member(s, c.card, mobile=c.fresh_mobile())],
    Action.BLOCK_MEMBER: [lambda s, c: services.members.set_status(s, c.other, "blocked")],
    Action.PURCHASE: [lambda s, c: services.checkout.register_purchase(s, c.card, 1_000_000),
                      lambda s, c: services.checkout.quote(s, c.card, 1_000_000)],
    Action.BACKDATE_PURCHASE: [lambda s, c: services.checkout.register_purchase(
        s, c.card, 1_000_000, at=s.now() - timedelta(minutes=5))],
    Action.REFUND: [lambda s, c: services.checkout.refund(s, 1, 1_000)],
    Action.VOID_PURCHASE: [lambda s, c: services.checkout.void_purchase(s, 1)],
    Action.ADJUST_POINTS: [lambda s, c: services.points.adjust_points(s, c.card, 5, "هدیه")],
    Action.RUN_EXPIRY: [lambda s, c: services.points.run_expiry(s)],
    Action.REVIEW_TIERS: [lambda s, c: services.points.review_tiers(s)],
    Action.AUTO_REVIEW: [lambda s, c: services.points.review_slice(s, services.points.ReviewRun(s.now_iso(), scheduled=True))],
    Action.GRANT_BONUSES: [lambda s, c: services.points.grant_birthday_bonuses(s)],
    Action.CHANGE_RULES: [lambda s, c: services.club.update_settings(s, backup_keep_daily=9),
                          lambda s, c: services.club.add_tier(s, "الماسی", 900_000_000),
                          lambda s, c: services.club.edit_tier(s, "برنزی", birthday_bonus=1),
                          lambda s, c: services.club.add_coupon(s, "YALDA", amount=1_000),
                          lambda s, c: surveys.set_aspects(s, ["service", "price"]),
                          lambda s, c: users.set_logo(s, None)],
    Action.MANAGE_USERS: [lambda s, c: users.list_users(s),
                          lambda s, c: users.add_user(s, "reza", "a long password", "a long password")],
    Action.CHECK_DATABASE: [lambda s, c: services.check.check_database(s)],
    Action.READ_AUDIT: [lambda s, c: audit_log.recent(s)],
    Action.FILL_DEMO: [lambda s, c: services.demo.fill_demo(s, member_count=1)],
    Action.ANSWER_SURVEY: [lambda s, c: surveys.add_survey(s, c.card, 9)],
    Action.LOG_COMPLAINT: [lambda s, c: followup.log_complaint(s, "complaint", "service", "late", c.card)],
    Action.FOLLOW_UP: [lambda s, c: followup.list_items(s), lambda s, c: followup.counts(s)],
    Action.READ_REPORTS: [lambda s, c: analytics.report(s, "nps"), lambda s, c: analytics.report(s, "liability")],
    Action.BACK_UP: [lambda s, c: backup.back_up_now(s, c.tmp / "stick"),
                     lambda s, c: backup.list_backups(s, c.tmp / "stick"),
                     lambda s, c: backup.verify_backup(s, c.backup)],
    Action.AUTO_BACKUP: [lambda s, c: backup.auto_backup(s, c.tmp / "auto")],
    Action.RESTORE: [lambda s, c: backup.restore(s, c.backup)],
    Action.IMPORT_MEMBERS: [lambda s, c: import_export.preview_import(s, c.csv),
                            lambda s, c: import_export.confirm_import(s, import_export.preview_import(c.owner, c.csv))],
    Action.EXPORT_DATA: [lambda s, c: import_export.export(s, "members", c.tmp / "members.xlsx"),
                         lambda s, c: import_export.export_table(s, "ledger")],
    Action.PRINT_CARDS: [lambda s, c: documents.card_data(s, c.card),
                         lambda s, c: documents.cards_batch(s, everyone=True)],
    Action.SEND_MESSAGES: [lambda s, c: sms.send_due(s), lambda s, c: sms.warn_expiring(s)],
    Action.MANAGE_MESSAGES: [lambda s, c: sms.configure(s, quiet_hours="22-8"), lambda s, c: sms.outbox(s),
                             lambda s, c: sms.queue_test(s, "09121234567")],
}


class Context:
    def __init__(self, owner, tmp: Path):
        self.owner, self.tmp = owner, tmp
        self.card = services.members.sign_up(owner, "09121234567", "علی", "رضایی").card
        self.other = services.members.sign_up(owner, "09351112233", "مریم").card
        owner.clock.advance(hours=1)
        services.checkout.register_purchase(owner, self.card, 10_000_000)
        self._backup: str | None = None
        self.csv = tmp / "members.csv"
        self.csv.write_text("موبایل,نام\n09190000001,کاوه\n", encoding="utf-8-sig")
        self._n = 0

    @property
    def backup(self) -> str:
        """A backup of the club, made (by the owner) when a call first needs one. A server's club
        has no owner's backup key here (no owner signed in): its backup takes a passphrase."""
        if self._backup is None:
            phrase = "a long passphrase" if self.owner.db.engine == "postgresql" else None
            self._backup = backup.back_up_now(self.owner, self.tmp / "backups", phrase).path
        return self._backup

    def fresh_mobile(self) -> str:
        self._n += 1
        return f"0936{self._n:07d}"


@pytest.fixture
def ctx(club, tmp_path):
    return Context(club, tmp_path)


def test_every_action_has_a_row():
    assert set(CALLS) == set(Action), f"add a row for {set(Action) - set(CALLS)}"


ROWS = [(a, i) for a in Action for i in range(len(CALLS.get(a, ())))]


@pytest.mark.sqlite_only  # the role is checked by the service before the store is touched (session.require);
# each action's work on PostgreSQL is its own module's (49 clubs on the server would add over a minute)
@pytest.mark.parametrize("action, i", ROWS, ids=[f"{a.value}-{i}" for a, i in ROWS])
def test_the_service_enforces_the_role(ctx, cashier, action, i):
    call = CALLS[action][i]
    if action in (Action.BACK_UP, Action.RESTORE):
        assert ctx.backup  # made before the calls (and the fingerprint): only the calls' own writes count
    if may(Role.CASHIER, action):
        try:
            call(cashier, ctx)
        except PermissionDenied as e:  # pragma: no cover - the failure message
            pytest.fail(f"a cashier may {action.value} but was refused: {e.message}")
        except LoyaltyError:
            pass  # refused for another reason (nothing to expire, the club not empty...): not the role
    else:
        before = fingerprint(ctx.owner.db)
        with pytest.raises(PermissionDenied, match="cashier may not"):
            call(cashier, ctx)
        assert fingerprint(ctx.owner.db) == before  # refused before anything was written
        assert not (ctx.tmp / "stick").exists() and not (ctx.tmp / "members.xlsx").exists()
    try:
        call(ctx.owner, ctx)
    except PermissionDenied as e:  # pragma: no cover
        pytest.fail(f"the owner was refused {action.value}: {e.message}")
    except LoyaltyError:
        pass


# --- the audit log ------------------------------------------------------------------------------------

def test_sensitive_actions_record_who_when_what_before_and_after(ctx, cashier, clock):
    db, owner = ctx.owner.db, ctx.owner
    start = db.value("SELECT max(id) FROM audit_log")
    services.members.edit_member(owner, ctx.card, mobile="09129999999")
    services.members.set_status(owner, ctx.other, "blocked")
    services.checkout.register_purchase(cashier, ctx.card, 2_000_000, checkout_key="k1")
    services.checkout.refund(owner, 1, 1_000_000, reason="مرجوعی")
    services.points.adjust_points(owner, ctx.card, -10, "اصلاح")
    import_export.export(owner, "members", ctx.tmp / "m.csv")
    import_export.confirm_import(owner, import_export.preview_import(owner, ctx.csv))
    phrase = "a long passphrase" if db.engine == "postgresql" else None  # a server's club: no owner's key here
    info = backup.back_up_now(owner, ctx.tmp / "b", phrase)
    backup.restore(owner, info.path, phrase)
    rows = db.all("SELECT * FROM audit_log WHERE id > ? ORDER BY id", (start,))
    by_action = {}
    for r in rows:
        by_action.setdefault(r["action"], r)
    when = owner.now_iso()
    expect = {  # action: (actor, role, entity, has before)
        "edit_member": ("owner", "owner", "member", True),
        "set_status": ("owner", "owner", "member", True),
        "register_purchase": ("sara", "cashier", "purchase", False),
        "refund": ("owner", "owner", "purchase", True),
        "adjust_points": ("owner", "owner", "member", True),
        "export": ("owner", "owner", "members", False),
        "import_members": ("owner", "owner", "members", False),
        "back_up": ("owner", "owner", "database", False),
        "restore": ("owner", "owner", "database", True),
    }
    for action, (actor, role, entity, has_before) in expect.items():
        r = by_action[action]
        assert (r["actor"], r["role"], r["entity"], r["at"]) == (actor, role, entity, when), action
        assert r["after"] and (r["before"] is not None) == has_before, action
    assert '"mobile": "09121234567"' in by_action["edit_member"]["before"]
    assert '"mobile": "09129999999"' in by_action["edit_member"]["after"]
    assert '"reason": "اصلاح"' in by_action["adjust_points"]["after"]
    assert '"rows": 2' in by_action["export"]["after"] and '"add": 1' in by_action["import_members"]["after"]
    assert "kept_aside" in by_action["restore"]["before"]


def server_upsert(sql: str) -> str:
    """SQLite's INSERT OR REPLACE as PostgreSQL writes it (it has no REPLACE): an upsert of the same
    row, which the no-update trigger refuses as well."""
    if " OR REPLACE " not in sql:
        return sql
    return sql.replace(" OR REPLACE ", " ") + " ON CONFLICT (id) DO UPDATE SET actor = EXCLUDED.actor"


@pytest.mark.parametrize("sql", [
    "UPDATE audit_log SET actor = 'someone else'",
    "UPDATE audit_log SET after = NULL WHERE id = 1",
    "DELETE FROM audit_log",
    "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    "INSERT OR REPLACE INTO audit_log SELECT * FROM audit_log WHERE id = 1",
    "INSERT OR REPLACE INTO audit_log (id, at, actor, role, action, entity) VALUES (1, 'x', 'mallory', 'owner', 'x', 'x')",
    "INSERT INTO audit_log (id, at, actor, role, action, entity) VALUES (1, 'x', 'm', 'owner', 'x', 'x') ON CONFLICT (id) DO UPDATE SET actor = 'm'",
])
def test_the_audit_log_refuses_edits(ctx, sql):
    db = ctx.owner.db
    before = [tuple(r) for r in db.all("SELECT * FROM audit_log")]
    assert before
    with pytest.raises((sqlite3.DatabaseError, psycopg.Error), match="audit log cannot be edited"):
        db.execute(server_upsert(sql) if db.engine == "postgresql" else sql)
    assert [tuple(r) for r in db.all("SELECT * FROM audit_log")] == before


def test_no_code_of_the_package_edits_the_audit_log():
    pattern = re.compile(r"(UPDATE|DELETE\s+FROM|REPLACE\s+INTO|DROP\s+(TABLE|TRIGGER))\s+audit_log", re.I)
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "migrations.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_ledger_refuses_a_replace_too(ctx):
    db = ctx.owner.db
    before = [tuple(r) for r in db.all("SELECT * FROM ledger")]
    sql = ("INSERT OR REPLACE INTO ledger (id, member_id, at, kind, points, actor) "
           "VALUES (1, 1, '2025-06-01T09:00:00Z', 'earn', 999999, 'mallory')")
    with pytest.raises((sqlite3.DatabaseError, psycopg.Error), match="never replaced|never updated"):
        db.execute(server_upsert(sql) if db.engine == "postgresql" else sql)
    assert [tuple(r) for r in db.all("SELECT * FROM ledger")] == before
