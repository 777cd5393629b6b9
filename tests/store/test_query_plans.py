"""The plans of the statements a person waits for: each one searches its index, never walks a whole
table or sorts what it reads.

The club database never has ANALYZE statistics (no ``sqlite_stat1``), so the planner chooses from
the schema alone and a plan seen on this empty club is the plan at a million members. Each case
calls the store function itself and checks every statement it sends, so a rewrite of its SQL that
loses the index fails here. The members page has its own table (tests/services/test_member_list.py)
and the automatic tasks theirs (tests/store/test_daily_store.py)."""

from __future__ import annotations

import pytest

from loyaltydesk.domain.ledger import Kind
from loyaltydesk.store import analytics, audit, documents, invariants, ledger, members, purchases, surveys, visits
from loyaltydesk.store.db import Database

A, B = "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"
FAR = "9999-12-31T23:59:59Z"


def plans_of(db, monkeypatch, call) -> list[list[str]]:
    """The plan (one line per step) of every statement ``call(db)`` sends through ``db``."""
    seen = []
    for name in ("execute", "one", "value", "all"):
        real = getattr(Database, name)

        def spy(self, sql, params=(), _real=real):
            seen.append((sql, params))
            return _real(self, sql, params)

        monkeypatch.setattr(Database, name, spy)
    call(db)
    monkeypatch.undo()
    return [[r[3] for r in db.conn.execute("EXPLAIN QUERY PLAN " + sql, params)] for sql, params in seen]


def walks(plan: list[str]) -> list[str]:
    """Steps that read a whole table or index (the FTS index's MATCH and a constant row are not)."""
    return [p for p in plan if p.startswith("SCAN ") and p != "SCAN CONSTANT ROW" and "VIRTUAL TABLE" not in p]


# (what, call, indexes its plans must name, plan steps allowed besides searches)
HOT = [
    # the cashier: find, open, preview, register, refund, history, receipt
    ("find by card", lambda db: members.by_card(db, "612345678903"), ["(card=?)"], ()),
    ("find by mobile", lambda db: members.by_mobile(db, "09121234567"), ["(mobile=?)"], ()),
    ("find by last digits", lambda db: members.by_mobile_suffix(db, "4567"), ["members_mobile_rev"], ()),
    ("find by name", lambda db: members.by_name(db, "عل رض"), ["members_fts", "INTEGER PRIMARY KEY"], ()),
    ("member by id", lambda db: members.get(db, 1), ["INTEGER PRIMARY KEY"], ()),
    ("member view figures", lambda db: members.figures(db, [1, 2, 3], A, FAR, B),
     ["purchases_member_at", "point_lots_member"], ()),
    ("balance", lambda db: ledger.balance(db, 1), ["INTEGER PRIMARY KEY"], ()),
    ("any lot due (every member view)", lambda db: members.any_points_due(db, B), ["point_lots_expiry"], ()),
    ("open lots", lambda db: ledger.open_lots(db, 1), ["point_lots_member"], ()),
    # a purchase's own reads (insert_first, spend_and_balance, ledger.append): their SQL as sent
    ("first purchase?", lambda db: db.value(purchases.FIRST, (1,)), ["purchases_member_at"], ()),
    ("window spend", lambda db: purchases.spend_between(db, 1, A, B), ["purchases_member_at"], ()),
    ("window spend and balance", lambda db: db.one(purchases.SPEND_AND_BALANCE, (1, A, B)),
     ["purchases_member_at", "INTEGER PRIMARY KEY"], ()),
    ("balance and the ledger's head", lambda db: db.one(ledger.BALANCE_AND_HEAD, (1,)), ["INTEGER PRIMARY KEY"], ()),
    ("checkout sent twice", lambda db: purchases.by_checkout_key(db, "20250601T080000-ab12"),
     ["purchases_checkout_key"], ()),
    ("coupon uses", lambda db: purchases.coupon_uses(db, "NOWRUZ"), ["purchases_coupon"], ()),
    ("coupon uses by a member", lambda db: purchases.coupon_uses(db, "NOWRUZ", 1), ["purchases_coupon"], ()),
    ("upgrade of a purchase", lambda db: purchases.upgrade_of(db, 1), ["tier_history_member"], ()),
    ("referral bonus given?", lambda db: ledger.has_bonus(db, 1, "referral:2"), ["ledger_bonus_key"], ()),
    ("referral bonus of a purchase", lambda db: ledger.bonus_of_purchase(db, 1), ["ledger_purchase"], ()),
    ("earn entry of a purchase", lambda db: ledger.purchase_entry(db, 1, Kind.EARN), ["ledger_purchase"], ()),
    ("expired from a lot", lambda db: ledger.expired_from_lot(db, 1), ["ledger_lot"], ()),
    ("referred member's reward of a purchase", lambda db: ledger.referred_bonus_of_purchase(db, 1), ["ledger_purchase"], ()),
    # tiers by visits (m0018): a member's visits counted in their window, or read where kept
    ("visits in the window", lambda db: visits.count_between(db, 1, [1, 1_000_000], A, B), ["purchases_member_at"], ()),
    ("kept visits of a list", lambda db: visits.kept(db, [1, 2, 3], [1_000_000], A), ["member_visits", "PRIMARY KEY"], ()),
    ("kept visits counted again", lambda db: visits.refresh(db, [1, 2], [1_000_000], A),
     ["purchases_member_at", "SEARCH v USING PRIMARY KEY", "INTEGER PRIMARY KEY"], ()),
    ("kept visits gone stale", lambda db: visits.stale(db, A, [1_000_000], 100), ["member_visits_until"], ()),
    # one Tehran day's joiners in id order (a few thousand at most in a big club): sorted as read
    ("anniversaries of a day", lambda db: ledger.joined_between_due(db, A, B, "anniversary:1404", 0, 100),
     ["joined", "ledger_bonus_key"], ("USE TEMP B-TREE FOR ORDER BY",)),
    ("purchase by id", lambda db: purchases.get(db, 1), ["INTEGER PRIMARY KEY"], ()),
    ("refunds of a purchase", lambda db: purchases.refunds_of(db, 1), ["refunds_purchase"], ()),
    # ties of one moment are put in id order as they come: the walk still stops at the limit
    # (SQLCipher's SQLite 3.5x names that sort "LAST TERM", the older ones "RIGHT PART")
    ("history: purchases", lambda db: purchases.for_member(db, 1, 50), ["purchases_member_at"],
     ("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY")),
    ("history: ledger", lambda db: ledger.entries(db, 1, 50), ["ledger_member"], ()),
    ("history: tiers", lambda db: members.tier_history(db, 1), ["tier_history_member"], ()),
    ("receipt: balance after", lambda db: documents.balance_after_purchase(db, 1, 1, A),
     ["ledger_purchase", "ledger_member"], ()),
    ("receipt: upgrade", lambda db: documents.upgrade_of_purchase(db, 1), ["tier_history_member"], ()),
    ("survey of a purchase", lambda db: surveys.survey_of_purchase(db, 1), ["surveys_purchase"], ()),
    # the owner's pages
    ("audit log of one kind", lambda db: audit.recent(db, 200, "tier"), ["audit_log_entity"], ()),
    ("audit log of one entity", lambda db: audit.recent(db, 200, "member", 7), ["audit_log_entity"], ()),
    ("follow-ups", lambda db: surveys.list_followups(db, ["open", "contacted"], None, 200),
     ["followups_status"], ()),
    ("follow-ups of one source", lambda db: surveys.list_followups(db, ["open", "contacted"], "return", 200),
     ["followups_status"], ()),
    ("a follow-up's trail", lambda db: surveys.steps_of(db, 1), ["followup_steps_item"], ()),
    ("a member's surveys", lambda db: surveys.surveys_of_member(db, 1), ["surveys_member"], ()),
    ("cards since a day", lambda db: documents.members_for_cards(db, since=A), ["members_list_joined"], ()),
    ("cards of a tier", lambda db: documents.members_for_cards(db, tier_id=1), ["members_list_status"], ()),
    ("cards of a tier since a day", lambda db: documents.members_for_cards(db, since=A, tier_id=1),
     ["members_list_status"], ()),
    ("report: points expiring", lambda db: analytics.points_expiring(db, A, B), ["point_lots_expiry"], ()),
    ("report: members joined", lambda db: analytics.members_joined(db, A, B), ["members_joined"], ()),
    ("report: members before", lambda db: analytics.members_before(db, A), ["members_joined"], ()),
    ("report: churn totals", lambda db: analytics.churn_totals(db, B, 2, 2.0, 30.0), ["member_stats_recency"], ()),
    ("report: regular buyers", lambda db: analytics.regular_buyers(db, 2), ["member_stats_visits"], ()),
    ("report: club periods", lambda db: analytics.club_periods(db, [140401, 14041, 1404]), ["INTEGER PRIMARY KEY"], ()),
    ("report: NPS by month", lambda db: analytics.nps_by_month(db, [140401, 140402]), ["surveys_at"], ()),
    ("report: NPS scores", lambda db: analytics.nps_scores(db, A, B), ["surveys_at"], ()),
    # grouping the period's own rows is the report's work; reading outside the period is not
    ("report: CSAT by month", lambda db: analytics.csat_by_month(db, [140401, 140402]), ["survey_answers_at"],
     ("USE TEMP B-TREE FOR GROUP BY",)),
    ("report: tier moves", lambda db: analytics.tier_moves(db, A, B), ["tier_history_at"],
     ("USE TEMP B-TREE FOR GROUP BY",)),
    # min() and max() in one SELECT walk the whole index: each is one probe of an end of it
    ("first and last purchase", lambda db: analytics.months_with_purchases(db), ["purchases_at"], ()),
]


@pytest.mark.parametrize("call, indexes, allowed", [c[1:] for c in HOT], ids=[c[0] for c in HOT])
def test_a_persons_statements_search_their_index(club, monkeypatch, call, indexes, allowed):
    plans = plans_of(club.db, monkeypatch, call)
    assert plans, "no statement seen"
    text = " / ".join(" / ".join(p) for p in plans)
    for index in indexes:
        assert index in text, plans
    for plan in plans:
        extra = [p for p in plan if p not in allowed]
        assert not walks(extra), plans
        assert not [p for p in extra if "TEMP B-TREE" in p], plans


# Whole-club batches (the tier review, check): reading everything is their job, but each table once,
# in an order that needs no sort, and no subquery that reads a table again for every row.
BATCHES = [
    ("every member's window spend (a slice of the tier review)", lambda db: list(purchases.spend_by_member(db, A, B, 0, 2000)),
     ["SEARCH m USING INTEGER PRIMARY KEY (rowid>?)", "purchases_member_at (member_id=? AND at>? AND at<?)"], ["TEMP B-TREE"]),
    ("every member's spend and visits (a slice of the tier review)",
     lambda db: list(visits.standing_by_member(db, A, B, [1, 1_000_000], 0, 2000)),
     ["SEARCH m USING INTEGER PRIMARY KEY (rowid>?)", "purchases_member_at (member_id=? AND at>? AND at<?)"], ["TEMP B-TREE"]),
    # the lots: every lot and every positive entry once, each probing the other by its key
    ("every lot against its entry", lambda db: invariants.lot_mismatches(db),
     ["SCAN p", "SEARCH l USING INTEGER PRIMARY KEY", "SCAN l", "SEARCH p USING INTEGER PRIMARY KEY"], ["TEMP B-TREE"]),
    # the ledger of the members who consumed points, already in (member, id) order: replayed as it comes
    ("the consumers' ledger", lambda db: list(invariants.consumers_ledger(db)),
     ["SEARCH l USING INDEX ledger_member (member_id=?)"], ["TEMP B-TREE"]),
    # the refunds' entries summed in one pass over the ledger (grouping only those), then joined
    # members by tier: one walk of a covering index (m0020 dropped the index of its own that every
    # purchase moved)
    ("report: members by tier", lambda db: analytics.members_by_tier(db),
     ["SCAN members USING COVERING INDEX members_list_points"], ["CORRELATED"]),
    ("refunds against the ledger", lambda db: invariants.refund_ledger_mismatches(db),
     ["MATERIALIZE", "SCAN ledger", "SCAN r"], ["TEMP B-TREE FOR ORDER BY"]),
]


@pytest.mark.parametrize("call, steps, forbidden", [c[1:] for c in BATCHES], ids=[c[0] for c in BATCHES])
def test_a_batch_reads_each_table_once_and_sorts_nothing_big(club, monkeypatch, call, steps, forbidden):
    [plan] = plans_of(club.db, monkeypatch, call)
    for step in steps:
        assert any(step in p for p in plan), plan
    assert not [p for p in plan if p.startswith("CORRELATED") or any(f in p for f in forbidden)], plan


@pytest.mark.pg
def test_the_member_views_probe_of_lots_due_searches_its_index_on_postgresql_as_prepared(pg_url, monkeypatch):
    """On PostgreSQL a statement run a few times is prepared and may be planned once for every value:
    the probe of lots due had the date in it, and its generic plan was a scan of every lot that
    stops at the first one due (every lot read when none is: ~1 s at 10M, on every member view).
    Its statements are planned here as the server plans a prepared one."""
    from loyaltydesk.store import open_database
    from loyaltydesk.store.pg import translate

    def quote(value) -> str:  # a literal (a utility statement such as EXPLAIN EXECUTE takes no parameters)
        return "'" + value.replace("'", "''") + "'" if isinstance(value, str) else str(int(value))

    db = open_database(pg_url)
    try:
        seen = []
        real = type(db).execute

        def spy(self, sql, params=()):
            seen.append((sql, tuple(params)))
            return real(self, sql, params)

        monkeypatch.setattr(type(db), "execute", spy)
        assert members.any_points_due(db, B) is False
        monkeypatch.undo()
        assert seen
        raw = db._alive()
        raw.execute("SET plan_cache_mode = force_generic_plan")
        for n, (sql, params) in enumerate(seen):
            text = translate(sql).text
            for i in range(len(params)):
                text = text.replace("%s", f"${i + 1}", 1)
            types = ", ".join("text" if isinstance(p, str) else "bigint" for p in params)
            raw.execute(f"PREPARE probe{n}{f'({types})' if params else ''} AS {text}".encode())
            args = f"({', '.join(quote(p) for p in params)})" if params else ""
            plan = " / ".join(r[0] for r in raw.execute(f"EXPLAIN EXECUTE probe{n}{args}".encode()))
            assert "point_lots_expiry" in plan and "Seq Scan" not in plan, plan
    finally:
        db.close()


@pytest.fixture(scope="module")
def pg_filled(pg_cluster, pg_template):
    """A club's schema on the server with 20,000 members, 100,000 purchases and their ledger entries,
    analysed: planned with statistics, as a shop's server plans (an empty table's plans are anything)."""
    import psycopg

    name = pg_cluster.new_database(pg_template)
    with psycopg.connect(pg_cluster.url(name), autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # the rows only: no trigger keeps figures here
        conn.execute("INSERT INTO members (card, mobile, mobile_rev, joined_at, tier_since, referrer_id)"
                     " SELECT '7' || lpad(n::text, 11, '0'), '09' || lpad(n::text, 9, '0'), reverse('09' || lpad(n::text, 9, '0')),"
                     " '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', NULLIF(n / 7, 0)"
                     " FROM generate_series(1, 20000) AS n")
        conn.execute("INSERT INTO purchases (member_id, at, recorded_at, actor, gross, tier_discount, net, points_earned)"
                     " SELECT 1 + n % 20000, to_char(timestamp '2025-01-01' + n * interval '5 minutes',"
                     " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '2025-01-01T00:00:00Z', 'fill', 100000, 0, 100000, 10"
                     " FROM generate_series(1, 100000) AS n")
        conn.execute("INSERT INTO ledger (member_id, at, kind, points, purchase_id, actor)"
                     " SELECT member_id, at, 'earn', points_earned, id, 'fill' FROM purchases")
        conn.execute("ANALYZE")
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.mark.pg
@pytest.mark.parametrize("sql, params, indexes", [
    (purchases.FIRST, (1,), ["purchases_member_at"]),
    (purchases.SPEND_AND_BALANCE, (1, A, B), ["purchases_member_at", "members_pkey"]),
    (ledger.BALANCE_AND_HEAD, (1,), ["members_pkey", "ledger_pkey"]),
    (members.LOCK_BY.format(column="card"), ("700000000015", "700000000015"), ["members_list_card", "members_pkey"]),
], ids=["first purchase?", "window spend and balance", "balance and the ledger's head", "member and referrer held"])
def test_a_purchases_own_reads_search_their_indexes_on_postgresql_as_prepared(pg_filled, sql, params, indexes):
    """The statements a purchase sends on PostgreSQL (insert_first, spend_and_balance, ledger.append,
    members.lock_by), planned as the server plans them once prepared (psycopg prepares a statement
    run five times): each searches its indexes whatever the values."""
    from loyaltydesk.store import open_database
    from loyaltydesk.store.pg import translate

    db = open_database(pg_filled)
    try:
        text = translate(sql).text
        for i in range(len(params)):
            text = text.replace(f"%(p{i + 1})s", f"${i + 1}").replace("%s", f"${i + 1}", 1)
        types = ", ".join("text" if isinstance(p, str) else "bigint" for p in params)
        raw = db._alive()
        raw.execute("SET plan_cache_mode = force_generic_plan")
        raw.execute(f"PREPARE probe({types}) AS {text}".encode())
        args = ", ".join("'" + p + "'" if isinstance(p, str) else str(p) for p in params)
        plan = " / ".join(r[0] for r in raw.execute(f"EXPLAIN EXECUTE probe({args})".encode()))
        for index in indexes:
            assert index in plan, plan
        assert "Seq Scan" not in plan, plan
    finally:
        db.close()


@pytest.mark.pg
@pytest.mark.parametrize("typed", ["محم", "زه", "علی کر", "کریمی عل", "عبدالله کرمانی", "مح محمد"])
def test_the_cashiers_name_search_on_postgresql_merges_the_word_prefixes_in_id_order(pg_url, typed):
    """On PostgreSQL the cashier's search by name (the first 20 by id) reads each typed word's range of
    the prefixes' key (m0023), in id order, stopped at the 20th: no walk of the members testing
    each row's words, no gathering of every match from the GIN index. The statement name_search
    runs is planned inside it: auto_explain hands its plan back as a message."""
    from loyaltydesk.domain.text import search_key
    from loyaltydesk.store import open_database
    from tests.store.test_pg import name_club

    db = open_database(pg_url)
    try:
        name_club(db, 5000)
        raw = db._alive()
        raw.execute("ANALYZE")
        plans: list[str] = []
        raw.add_notice_handler(lambda d: plans.append(d.message_primary or ""))
        for setting in ("LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0",
                        "SET auto_explain.log_nested_statements = on", "SET client_min_messages = log"):
            raw.execute(setting)
        found = members.by_name(db, search_key(typed))
        raw.execute("SET client_min_messages = notice")
        assert found
        inner = "\n".join(p for p in plans if "FROM member_name_prefixes" in p)
        assert "member_name_prefixes_pkey" in inner, plans
        assert "Sort" not in inner, inner  # read in id order, never sorted
        text = "\n".join(plans)  # the members' rows of the ids found (20 sorted): by key
        for walk in ("Seq Scan", "Bitmap Heap Scan", "members_name_words", "Filter"):
            assert walk not in text, text
    finally:
        db.close()
