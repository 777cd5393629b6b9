"""Every service refuses what the role may not do; check finds every kind of tampering."""

from __future__ import annotations

from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import Conflict, PermissionDenied

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

# action -> may a cashier do it?
MATRIX = [
    ("find", lambda s, card: services.members.find_members(s, card), True),
    ("show", lambda s, card: services.members.get_member(s, card), True),
    ("sign up", lambda s, card: services.members.sign_up(s, "0935000000" + str(len(s.user.username))), True),
    ("edit", lambda s, card: services.members.edit_member(s, card, first_name="رضا"), True),
    ("edit mobile", lambda s, card: services.members.edit_member(s, card, mobile="0912000000" + str(len(s.user.username))), False),
    ("edit referrer", lambda s, card: services.members.edit_member(s, card, referrer=None), False),
    ("purchase", lambda s, card: services.checkout.register_purchase(s, card, 1_000_000), True),
    ("quote", lambda s, card: services.checkout.quote(s, card, 1_000_000), True),
    ("expire", lambda s, card: services.points.run_expiry(s), True),
    ("birthdays", lambda s, card: services.points.grant_birthday_bonuses(s), True),
    ("block", lambda s, card: services.members.set_status(s, card, "blocked"), False),
    ("refund", lambda s, card: services.checkout.refund(s, 1), False),
    ("adjust", lambda s, card: services.points.adjust_points(s, card, 10, "هدیه"), False),
    ("backdate", lambda s, card: services.checkout.register_purchase(s, card, 1_000_000, at=s.now() - timedelta(hours=1)), False),
    ("settings", lambda s, card: services.club.update_settings(s, point_value=200), False),
    ("add tier", lambda s, card: services.club.add_tier(s, "الماسی", 400_000_000), False),
    ("edit tier", lambda s, card: services.club.edit_tier(s, "برنزی", discount_bp=100), False),
    ("add coupon", lambda s, card: services.club.add_coupon(s, "YALDA", percent_bp=500), False),
    ("review", lambda s, card: services.points.review_tiers(s), False),
    ("check", lambda s, card: services.check.check_database(s), False),
    ("demo", lambda s, card: services.demo.fill_demo(s, member_count=1), False),  # owner: refused, club not empty
]


@pytest.fixture
def card(club, clock):
    card = services.members.sign_up(club, "09121234567", "علی", "رضایی").card
    clock.advance(days=1)
    services.checkout.register_purchase(club, card, 10_000_000)
    return card


@pytest.mark.parametrize("name, action, cashier_may", MATRIX, ids=[m[0] for m in MATRIX])
def test_role_matrix(club, cashier, card, name, action, cashier_may):
    audit_before = club.db.value("SELECT count(*) FROM audit_log")
    if cashier_may:
        action(cashier, card)
    else:
        with pytest.raises(PermissionDenied, match="cashier may not"):
            action(cashier, card)
        assert club.db.value("SELECT count(*) FROM audit_log") == audit_before  # nothing written
    if name == "demo":
        with pytest.raises(Conflict, match="not empty"):
            action(club, card)
    else:
        action(club, card)  # the owner may do everything


def test_sensitive_actions_are_audited_with_who_before_and_after(club, cashier, card):
    services.checkout.register_purchase(cashier, card, 2_000_000)
    services.points.adjust_points(club, card, -50, "اصلاح دستی")
    services.club.update_settings(club, redeem_cap_bp=3_000)
    rows = {r["action"]: r for r in club.db.all("SELECT * FROM audit_log")}
    assert rows["register_purchase"]["actor"] in ("owner", "sara")
    assert [r["actor"] for r in club.db.all("SELECT actor FROM audit_log WHERE action = 'register_purchase' ORDER BY id")] == ["owner", "sara"]
    assert '"change": -50' in rows["adjust_points"]["after"] and "اصلاح دستی" in rows["adjust_points"]["after"]
    assert rows["update_settings"]["before"] == '{"redeem_cap_bp": 5000}'
    assert rows["update_settings"]["after"] == '{"redeem_cap_bp": 3000}'


TAMPERING = [
    ("cached balance", "UPDATE members SET points = points + 7", "balance"),
    ("lot remaining", "UPDATE point_lots SET remaining = remaining - 1", "lot"),
    # the set-based lots (issue 21): a point moved between two lots keeps every sum; a lot no
    # positive entry opens; a lot gone; an entry pointing at no member
    ("lot points moved between lots",
     "UPDATE point_lots SET remaining = remaining + 1 WHERE entry_id = (SELECT min(entry_id) FROM point_lots WHERE remaining > 0);"
     "UPDATE point_lots SET remaining = remaining - 1 WHERE entry_id = (SELECT max(entry_id) FROM point_lots WHERE remaining > 0)",
     "lot"),
    ("lot of a negative entry", "INSERT INTO point_lots (entry_id, member_id, expires_at, remaining) "
                                "SELECT id, member_id, expires_at, 0 FROM ledger WHERE points < 0 LIMIT 1", "lot"),
    ("lot row gone", "DELETE FROM point_lots WHERE entry_id = (SELECT max(entry_id) FROM point_lots)", "lot"),
    # a lot's member is its entry's: a lot of no member is named as one that disagrees with its entry
    ("lot of no member", "PRAGMA foreign_keys = OFF; UPDATE point_lots SET member_id = 999; PRAGMA foreign_keys = ON",
     "lot_entry"),
    # a lot's entry is proven by fingerprints keyed by it: an id alike modulo both primes is counted
    ("lot of an entry beyond the primes", "PRAGMA foreign_keys = OFF; UPDATE point_lots SET entry_id = entry_id + "
                                          "4611685975477714963 WHERE entry_id = (SELECT max(entry_id) FROM point_lots); "
                                          "PRAGMA foreign_keys = ON", "foreign_key"),
    # references to the purchases and members, however they break
    ("entry of a purchase beyond the last", "PRAGMA foreign_keys = OFF; INSERT INTO ledger (member_id, at, kind, points, "
                                            "purchase_id, actor) VALUES (1, '2025-06-01T08:00:00Z', 'earn', 1, 99999, 'x'); "
                                            "PRAGMA foreign_keys = ON", "foreign_key"),
    ("purchase deleted under its entries", "PRAGMA foreign_keys = OFF; DELETE FROM purchases WHERE id = 1; "
                                           "PRAGMA foreign_keys = ON", "foreign_key"),
    ("entry of a purchase named by text", "PRAGMA foreign_keys = OFF; INSERT INTO ledger (member_id, at, kind, points, "
                                          "purchase_id, actor) VALUES (1, '2025-06-01T08:00:00Z', 'earn', 1, 'one', 'x'); "
                                          "PRAGMA foreign_keys = ON", "foreign_key"),
    # text where the program keeps a number: named, never a failed check
    ("text in a kept window spend", "UPDATE members SET win_spend = 'abc' WHERE id = 1", "window"),
    ("text in a purchase's member", "PRAGMA foreign_keys = OFF; UPDATE purchases SET member_id = 'x' WHERE id = 1; "
                                    "PRAGMA foreign_keys = ON", "foreign_key"),
    ("tier of no tier after an entry to none", "INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, "
                                               "spend, actor) SELECT 1, '2025-06-01T08:00:00Z', tier_id, NULL, 'review', 0, 'x' "
                                               "FROM members WHERE id = 1; PRAGMA foreign_keys = OFF; "
                                               "UPDATE members SET tier_id = -1 WHERE id = 1; PRAGMA foreign_keys = ON",
     "tier_history"),
    ("refunded cache", "UPDATE purchases SET refunded = 1000 WHERE id = 1", "refunded"),
    ("earned points on the purchase", "UPDATE purchases SET points_earned = points_earned + 1, net = net WHERE id = 2", "purchase_ledger"),
    ("tier without history", "UPDATE members SET tier_id = (SELECT id FROM tiers WHERE name = 'طلایی')", "tier_history"),
    ("tier kept after an entry to no tier", "INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, spend, actor) "
                                            "SELECT 1, '2025-06-01T08:00:00Z', tier_id, NULL, 'review', 0, 'x' FROM members WHERE id = 1",
     "tier_history"),
    ("tier below spend", "INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, spend, actor) "
                         "SELECT 1, '2025-06-01T08:00:00Z', tier_id, (SELECT id FROM tiers WHERE threshold = 0), 'review', 0, 'x' FROM members WHERE id = 1; "
                         "UPDATE members SET tier_id = (SELECT id FROM tiers WHERE threshold = 0) WHERE id = 1", "tier_spend"),
    # the tiers are judged by the window spend kept in the row where it holds, by the purchases where not
    ("tier below spend, no window kept", "INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, spend, actor) "
                                         "SELECT 1, '2025-06-01T08:00:00Z', tier_id, (SELECT id FROM tiers WHERE threshold = 0), 'review', 0, 'x' FROM members WHERE id = 1; "
                                         "UPDATE members SET tier_id = (SELECT id FROM tiers WHERE threshold = 0), win_from = '', "
                                         "win_spend = 0, win_until = '' WHERE id = 1", "tier_spend"),
    ("orphan purchase", "PRAGMA foreign_keys = OFF; INSERT INTO purchases (member_id, at, recorded_at, actor, gross, tier_discount, net, points_earned) "
                        "VALUES (999, 'x', 'x', 'x', 10, 0, 10, 0); PRAGMA foreign_keys = ON", "foreign_key"),
    ("lot expiry", "UPDATE point_lots SET expires_at = NULL", "lot_entry"),
    ("points a refund took back", "UPDATE refunds SET points_reversed = points_reversed + 1", "refund_ledger"),
    ("points a refund gave back", "UPDATE refunds SET points_returned = points_returned + 1", "refund_ledger"),
    ("mobile suffix column", "UPDATE members SET mobile_rev = '0'", "lookup"),
    ("name search column", "UPDATE members SET search_name = 'x'", "lookup"),
    ("birthday column", "UPDATE members SET birthday = '1370/05/14', birthday_md = '01/01'", "lookup"),
    ("malformed moment", "UPDATE purchases SET at = '999-12-31T10:00:00Z' WHERE id = 1", "moment"),
    ("search index", "INSERT INTO members_fts(members_fts, rowid, search_name) VALUES ('delete', 1, (SELECT search_name FROM members WHERE id = 1))", "search_index"),
]


@pytest.mark.sqlite_only  # SQLite's own tampering (PRAGMA, FTS5); the server's: SERVER_TAMPERING below
@pytest.mark.parametrize("name, sql, kind", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_check_finds_tampering(club, card, name, sql, kind):
    services.checkout.register_purchase(club, card, 60_000_000, redeem=100)  # purchase 2: upgrade to نقره‌ای
    services.checkout.refund(club, 2, 10_000_000)
    assert services.check.check_database(club) == []
    club.db.conn.executescript(sql)
    kinds = {p.field for p in services.check.check_database(club)}
    assert kind in kinds, kinds


# The same and more on a server, by an insider with the database owner's role (the administrator's
# login: every table is theirs): a reference is broken by dropping its constraint and adding it
# back unchecked (NOT VALID), a guard is disabled or dropped around an edit, or its function
# emptied; a right the tills' user was never given, or the owner's own role, is handed to it.
NO_UPDATE = "ALTER TABLE {t} DISABLE TRIGGER {t}_no_update; {sql}; ALTER TABLE {t} ENABLE TRIGGER {t}_no_update"
NO_DELETE = "ALTER TABLE {t} DISABLE TRIGGER {t}_no_delete; {sql}; ALTER TABLE {t} ENABLE TRIGGER {t}_no_delete"
UNCHECKED = ("ALTER TABLE {t} DROP CONSTRAINT {t}_member_id_fkey; {sql}; "
             "ALTER TABLE {t} ADD CONSTRAINT {t}_member_id_fkey FOREIGN KEY (member_id) REFERENCES members(id) NOT VALID")
SERVER_TAMPERING = [t for t in TAMPERING if not t[1].startswith(("PRAGMA", "INSERT INTO members_fts"))
                    and "PRAGMA" not in t[1] and not t[0].startswith("text in")] + [  # a server keeps its types
    ("lot of no member", UNCHECKED.format(t="point_lots", sql="UPDATE point_lots SET member_id = 999"), "foreign_key"),
    ("orphan purchase", UNCHECKED.format(
        t="purchases", sql="INSERT INTO purchases (member_id, at, recorded_at, actor, gross, tier_discount, net, "
                           "points_earned) VALUES (999, 'x', 'x', 'x', 10, 0, 10, 0)"), "foreign_key"),
    ("reference left unchecked", UNCHECKED.format(t="point_lots", sql="SELECT 1"), "schema"),
    ("search index", "DELETE FROM member_name_prefixes WHERE member_id = 1", "search_index"),
    ("ledger guard disabled", "ALTER TABLE ledger DISABLE TRIGGER ledger_no_update", "schema"),
    ("audit guard dropped", "DROP TRIGGER audit_log_no_delete ON audit_log", "schema"),
    ("guards' function emptied", "CREATE OR REPLACE FUNCTION refuse_edit() RETURNS trigger LANGUAGE plpgsql AS "
                                 "$$ BEGIN RETURN NULL; END $$", "schema"),
    ("ledger row updated", NO_UPDATE.format(
        t="ledger", sql="UPDATE ledger SET points = points + 100 WHERE id = (SELECT min(id) FROM ledger)"), "ledger_broken"),
    ("ledger row deleted", NO_DELETE.format(
        t="ledger", sql="DELETE FROM ledger WHERE id = (SELECT min(l.id) FROM ledger l WHERE l.id < (SELECT max(id) "
                        "FROM ledger) AND NOT EXISTS (SELECT 1 FROM ledger r WHERE l.id IN (r.reverses_id, r.lot_id)) "
                        "AND NOT EXISTS (SELECT 1 FROM point_lots p WHERE p.entry_id = l.id))"),
     "ledger_missing"),
    ("audit row deleted", NO_DELETE.format(
        t="audit_log", sql="DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log WHERE action = "
                           "'register_purchase')"),
     "audit_log_missing"),
    ("audit row updated", NO_UPDATE.format(
        t="audit_log", sql="UPDATE audit_log SET actor = 'sara' WHERE id = (SELECT min(id) FROM audit_log)"),
     "audit_log_broken"),
    ("till may edit the ledger", "GRANT UPDATE, DELETE ON ledger TO {till}", "server_rights"),
    ("till may empty a table", "GRANT TRUNCATE ON purchases TO {till}", "server_rights"),
    ("till holds the owner's role", "GRANT {owner} TO {till}", "server_rights"),
]


@pytest.mark.postgresql_only  # the server's own guards, references and rights
@pytest.mark.parametrize("name, sql, kind", SERVER_TAMPERING, ids=[t[0] for t in SERVER_TAMPERING])
def test_check_finds_tampering_on_the_server(club, card, name, sql, kind):
    import uuid

    from loyaltydesk.store import server_setup

    services.checkout.register_purchase(club, card, 60_000_000, redeem=100)  # purchase 2: upgrade to نقره‌ای
    services.checkout.refund(club, 2, 10_000_000)
    till = "till_" + uuid.uuid4().hex[:12]  # the tills' user, as `server init` makes it
    server_setup.make_role(club.db, till, "till-pass-1")
    server_setup.grant(club.db, till)
    assert services.check.check_database(club) == []
    raw = club.db._alive()
    raw.execute(sql.format(till=till, owner=club.db.value("SELECT current_user")).encode())
    problems = services.check.check_database(club)
    kinds = {p.field for p in problems}
    assert kind in kinds, [p.message for p in problems]
