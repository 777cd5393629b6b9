"""The club on PostgreSQL (issue 23): the store's SQL read once per engine, the schema made by the
same named steps, its guards and kept figures as PL/pgSQL triggers, the name search, the command
line's ``--db URL init``, a lost server."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.conftest import CLI_OWNER, CLI_PASSWORD

from loyaltydesk import services
from loyaltydesk.cli import main
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.store import members, migrations, migrations_pg, open_database
from loyaltydesk.store.pg import PgDatabase, ServerUnreachable, shown, translate

pytestmark = pytest.mark.pg


# --- the one translation (no server needed, but part of the PostgreSQL store) ------------------------

@pytest.mark.parametrize("sqlite, postgresql", [
    ("SELECT a FROM t WHERE id = ?", "SELECT a FROM t WHERE id = %s"),
    ("SELECT a FROM t WHERE x = :start AND y = :start::text", "SELECT a FROM t WHERE x = %(start)s AND y = %(start)s::text"),
    ("SELECT a FROM t WHERE x LIKE 'a%' AND n % 10 = 1", "SELECT a FROM t WHERE x LIKE 'a%%' AND n %% 10 = 1"),
    ("SELECT 'it''s ? :x' FROM t", "SELECT 'it''s ? :x' FROM t"),  # nothing inside a literal is a placeholder
    ("SELECT 1 FROM t WHERE a IS ? AND b IS NOT c AND d IS NOT NULL AND e IS NULL",
     "SELECT 1 FROM t WHERE a IS NOT DISTINCT FROM %s AND b IS DISTINCT FROM c AND d IS NOT NULL AND e IS NULL"),
    ("SELECT id FROM members NOT INDEXED WHERE a = 1", "SELECT id FROM members  WHERE a = 1"),
    ("SELECT id FROM members INDEXED BY members_list_name ORDER BY id", "SELECT id FROM members  ORDER BY id"),
    ("SELECT x FROM t LIMIT ?", "SELECT x FROM t LIMIT NULLIF(GREATEST(%s, -1), -1)"),
    ("SELECT x FROM t LIMIT 1 OFFSET ?", "SELECT x FROM t LIMIT 1 OFFSET GREATEST(%s, 0)"),
    ("SELECT n FROM (SELECT 1 AS n LIMIT -1) LIMIT -1", "SELECT n FROM (SELECT 1 AS n LIMIT ALL) AS _q1 LIMIT ALL"),
    ("SELECT ?1, ?2, ?1", "SELECT %(p1)s, %(p2)s, %(p1)s"),
    ("SELECT rowid, at FROM ledger WHERE at NOT GLOB ?", "SELECT id, at FROM ledger WHERE at !~ glob_regex(%s)"),
    ("SELECT n FROM (SELECT 1 AS n) WHERE n = 1", "SELECT n FROM (SELECT 1 AS n) AS _q1 WHERE n = 1"),
    ("SELECT n FROM (SELECT 1 AS n) AS f", "SELECT n FROM (SELECT 1 AS n) AS f"),
    ("SELECT id FROM members WHERE id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)",
     "SELECT id FROM members WHERE id IN (SELECT id FROM members WHERE to_tsvector('simple', search_name) "
     "@@ fts5_query(%s) ORDER BY id)"),
    # the cashier's search, the first few by id: the word prefixes kept in id order (m0023)
    ("SELECT id FROM members WHERE id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ? LIMIT ?) ORDER BY id",
     "SELECT id FROM members WHERE id IN (SELECT name_search(%s, %s)) ORDER BY id"),
    # SQLite's scalar max/min (two arguments or more) and julianday; the aggregates and literals stay
    ("UPDATE t SET s = max(0, s - ?), p = min(p, ?, 3)", "UPDATE t SET s = GREATEST(0, s - %s), p = LEAST(p, %s, 3)"),
    ("SELECT max(id), min(at) FROM t WHERE n = 'max(a,b)'", "SELECT max(id), min(at) FROM t WHERE n = 'max(a,b)'"),
    ("SELECT julianday(:now) - julianday(max(a, b)) FROM t",
     "SELECT (EXTRACT(EPOCH FROM CAST(%(now)s AS timestamptz)) / 86400.0 + 2440587.5) - "
     "(EXTRACT(EPOCH FROM CAST(GREATEST(a, b) AS timestamptz)) / 86400.0 + 2440587.5) FROM t"),
])
def test_the_store_sql_is_read_as_postgresql_reads_it(sqlite, postgresql):
    assert translate(sqlite).text == postgresql


@pytest.mark.parametrize("sql, table", [
    ("INSERT INTO members (card) VALUES (?)", "members"),
    ("insert into audit_log (at) values (?)", "audit_log"),
    ("INSERT INTO t (a) VALUES (1) RETURNING a", None),  # it says what it returns itself
    ("UPDATE members SET points = 1", None),
])
def test_an_insert_knows_its_table_for_lastrowid(sql, table):
    assert translate(sql).insert_into == table


def test_a_password_is_never_shown():
    assert shown("postgresql://till:s3cret@server:5432/club") == "postgresql://till:***@server:5432/club"
    assert shown("postgresql://till@server/club") == "postgresql://till@server/club"


# --- the schema ----------------------------------------------------------------------------------

def test_each_engine_has_the_same_named_steps_and_none_reads_the_servers_clock():
    assert migrations_pg.shipped() == migrations.shipped()
    texts = [v.lower() for k, v in vars(migrations_pg).items() if k.isupper() and isinstance(v, str)]
    assert len(texts) > 10
    assert not [t for t in texts if "now()" in t or "current_timestamp" in t or "localtimestamp" in t]


def test_an_empty_database_gets_the_whole_schema_once(pg_empty_url):
    db = open_database(pg_empty_url)
    try:
        assert migrations_pg.applied(db) == sorted(migrations.shipped())
        assert migrations_pg.migrate(db) == []  # a second time: nothing
        assert migrations_pg.schema_of(db) == migrations_pg.expected_schema(db)
        tables = {r[0] for r in db.all("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert {"members", "purchases", "ledger", "audit_log", "point_lots", "member_stats", "sms_outbox"} <= tables
    finally:
        db.close()


def test_the_command_line_inits_a_club_on_the_server_and_serves_it(pg_empty_url, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LOYALTYDESK_PASSWORD", CLI_PASSWORD)

    def run(*args):
        code = main(["--db", pg_empty_url, *args])
        out, err = capsys.readouterr()
        assert code in (0, None), err
        return out

    run("init", "--owner", CLI_OWNER)
    added = json.loads(run("--user", CLI_OWNER, "--json", "member", "add", "--mobile", "09121234567",
                           "--first-name", "علی", "--last-name", "رضایی"))
    run("--user", CLI_OWNER, "purchase", added["card"], "--amount", "12000000")
    found = json.loads(run("--user", CLI_OWNER, "--json", "member", "find", "ر"))  # one letter narrows nothing
    assert found == [] or all("card" in m for m in found)
    found = json.loads(run("--user", CLI_OWNER, "--json", "member", "find", "رض"))
    assert [m["card"] for m in found] == [added["card"]]
    assert "no problems found" in run("--user", CLI_OWNER, "check")


@pytest.fixture
def bought(pg_url, clock):
    db = open_database(pg_url)
    owner = services.owner_session(db, clock=clock)
    services.club.update_settings(owner, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                  expiry_months=6, window="rolling12")
    card = services.members.sign_up(owner, "09121234567", "کاوه", "عبدالله‌زاده").card
    services.checkout.register_purchase(owner, card, 20_000_000)
    yield owner, card
    db.close()


@pytest.mark.parametrize("sql, refusal", [
    ("UPDATE ledger SET points = 5", "append-only"),
    ("DELETE FROM ledger", "append-only"),
    ("TRUNCATE ledger CASCADE", "append-only"),
    ("UPDATE audit_log SET actor = 'x'", "audit log"),
    ("TRUNCATE audit_log", "audit log"),
])
def test_the_journals_refuse_every_edit(bought, sql, refusal):
    owner, _card = bought
    with pytest.raises(psycopg.IntegrityError, match=refusal):
        with owner.db.transaction():
            owner.db.execute(sql)
    assert owner.db.value("SELECT count(*) FROM ledger") == 1


def test_the_kept_figures_follow_purchases_and_refunds(bought):
    owner, card = bought
    db = owner.db
    member = db.one("SELECT id, points FROM members WHERE card = ?", (card,))
    assert member["points"] == 2_000
    assert db.one("SELECT visits, gross, spend FROM member_stats WHERE member_id = ?", (member["id"],)) == (1, 20_000_000, 20_000_000)
    purchase = db.value("SELECT id FROM purchases")
    services.checkout.refund(owner, purchase, 5_000_000)
    assert db.one("SELECT gross, refunded, spend FROM member_stats WHERE member_id = ?", (member["id"],)) == (
        20_000_000, 5_000_000, 15_000_000)
    assert db.value("SELECT count(*) FROM club_periods WHERE refunded = 5000000") == 3  # its month, season, year
    assert services.check.check_database(owner) == []


def test_check_reports_a_trigger_added_behind_the_apps_back(bought):
    owner, _card = bought
    owner.db._alive().execute("CREATE TRIGGER sneaky BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION refuse_edit('x')")
    found = [p.message for p in services.check.check_database(owner)]
    assert any("sneaky" in text for text in found), found


@pytest.mark.parametrize("key, expected", [
    ("عب", ["کاوه عبدالله‌زاده"]),  # two letters of the second word
    ("کا عب", ["کاوه عبدالله‌زاده"]),
    ("کاوه", ["کاوه عبدالله‌زاده"]),
    ("زاده", []),  # not the start of a word
])
def test_the_name_search_finds_two_letter_prefixes_of_words(bought, key, expected):
    owner, _card = bought
    assert [m.name for m in services.members.find_members(owner, key)] == expected


FIRST = ["علی", "علیرضا", "محمد", "محمدعلی", "محمود", "فاطمه", "زهرا", "زهره", "کاوه", "ملیکا", "مریم", "عبدالله",
         "Jean", "O'Brien", "سیدمحمد", "رضا"]
LAST = ["کریمی", "کرمانی", "محمدی", "رضایی", "عبدالله‌زاده", "علی‌پور", "ملکی", "Dupont", "Smith-Jones", "حسینی"]


def name_club(db, n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` members of random names (their search keys as the service makes them), straight into the table."""
    import random

    from loyaltydesk.domain.text import search_key

    rnd = random.Random(seed)
    rows, names = [], []
    for i in range(n):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        if rnd.random() < 0.1:
            first = f"{first} {rnd.choice(FIRST)}"
        mobile = f"0912{i:07d}"
        names.append((first, last))
        rows.append((f"6{i:011d}", mobile, mobile[::-1], first, last, search_key(f"{first} {last}"),
                     "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z"))
    with db.transaction():
        db.executemany("INSERT INTO members (card, mobile, mobile_rev, first_name, last_name, search_name, joined_at, "
                       "tier_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return names


def gin_answer(db, query: str, limit: int) -> list[int]:
    """The GIN index's answer (m0001's search, every match in id order): what name_search must give."""
    return [r[0] for r in db.all("SELECT id FROM members WHERE to_tsvector('simple', search_name) @@ fts5_query(?) "
                                 "ORDER BY id LIMIT NULLIF(GREATEST(?, -1), -1)", (query, limit))]


def test_the_cashiers_name_search_gives_the_words_indexs_answer_for_every_kind_of_key(pg_url):
    """name_search (m0023: word prefixes in id order) against the GIN index of the words: the same
    members in the same order for one word, two in either order, a word typed twice or inside
    another, whole words, Latin names with an apostrophe or a hyphen, and no limit."""
    from loyaltydesk.domain.text import search_key

    db = open_database(pg_url)
    try:
        names = name_club(db, 600)
        keys = {"محم", "مح", "عل", "علی", "زه", "کر", "مح محمد", "محمد مح", "علی کر", "کر علی", "علی کریمی",
                "عبدالله عب", "زاده", "جا", "jean", "je du", "o'b", "smith", "smith-jones", "jo", "سید", "ملی مل",
                "علی رض محم", "xyz", "علی zz"}
        for first, last in names[:40]:
            keys.add(f"{first[:3]} {last[:2]}")
            keys.add(f"{last[:4]} {first.split()[0]}")
        compared = found = 0
        for key in sorted(keys):
            query = members.fts_query(search_key(key))
            if not query:
                continue
            for limit in (20, 3, -1):
                got = [r[0] for r in db.all("SELECT name_search(?, ?)", (query, limit))]
                assert got == gin_answer(db, query, limit), (key, limit)
                compared += 1
                found += bool(got)
        assert compared > 150 and found > 100
    finally:
        db.close()


def test_the_word_prefixes_follow_a_members_name_and_check_proves_them(bought):
    owner, card = bought
    db = owner.db

    def prefixes(member_id):
        return sorted(r[0] for r in db.all("SELECT prefix FROM member_name_prefixes WHERE member_id = ?", (member_id,)))

    member_id = db.value("SELECT id FROM members WHERE card = ?", (card,))
    assert prefixes(member_id) == sorted(["کا", "کاو", "کاوه", "عب", "عبد", "عبدا", "عبدال", "عبدالل", "عبدالله",
                                          "عبداللهز", "عبداللهزا", "عبداللهزاد", "عبداللهزاده"])
    services.members.edit_member(owner, card, first_name="Nima", last_name="Karimi")
    assert prefixes(member_id) == sorted(["ni", "nim", "nima", "ka", "kar", "kari", "karim", "karimi"])
    assert [m.card for m in services.members.find_members(owner, "NI kar")] == [card]
    assert services.members.find_members(owner, "کاوه") == []
    assert services.check.check_database(owner) == []
    other = services.members.sign_up(owner, "09127654321", "نیما", "کریمی").card
    assert [m.card for m in services.members.find_members(owner, "نی کر")] == [other]
    with db.transaction():  # a row gone (only by hand: the app never deletes a member) takes its prefixes along
        db.execute("INSERT INTO members (card, mobile, mobile_rev, search_name, joined_at, tier_since) "
                   "VALUES ('600000000001', '09120000001', '10000000219', 'نیلوفر', 'x', 'x')")
        assert db.value("SELECT count(*) FROM member_name_prefixes WHERE prefix = 'نی'") == 2
        db.execute("DELETE FROM members WHERE card = '600000000001'")
    assert db.value("SELECT count(*) FROM member_name_prefixes WHERE prefix = 'نی'") == 1
    assert services.check.check_database(owner) == []


def test_a_look_up_by_name_walks_the_words_index(bought):
    owner, _card = bought
    db = owner.db
    with db.transaction():
        db.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in db.all(
            "EXPLAIN SELECT id FROM members WHERE id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)",
            ('"عب"*',)))
    assert "members_name_words" in plan


def test_a_lost_server_is_said_clearly_and_the_till_reconnects(bought, pg_url):
    owner, card = bought
    pid = owner.db.value("SELECT pg_backend_pid()")
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(LoyaltyError) as lost:
        services.checkout.register_purchase(owner, card, 1_000_000)
    assert isinstance(lost.value, ServerUnreachable) and "NOT registered" in lost.value.message
    assert owner.db.value("SELECT count(*) FROM purchases") == 1  # nothing of it was saved
    services.checkout.register_purchase(owner, card, 1_000_000)  # the next one reconnects by itself
    assert owner.db.value("SELECT count(*) FROM purchases") == 2


def test_an_unreachable_server_is_a_clear_error(pg_cluster):
    with pytest.raises(ServerUnreachable):
        PgDatabase(f"postgresql://nobody@127.0.0.1:{pg_cluster.port + 1 if pg_cluster.port < 65535 else 1}/none",
                   connect_timeout=2)


@pytest.mark.parametrize("sql, params", [
    ("SELECT julianday(?) - julianday(?)", ("2025-06-02T08:00:00Z", "2025-06-01T20:00:00Z")),
    ("SELECT julianday(?)", ("2025-06-01T08:00:00Z",)),
    ("SELECT max(1, ?, 3) + min(?, 2)", (7, -1)),
])
def test_the_translated_functions_give_sqlites_values(pg_url, sql, params):
    import sqlite3

    expected = sqlite3.connect(":memory:").execute(sql, params).fetchone()[0]
    db = PgDatabase(pg_url)
    try:
        assert db.value(sql, params) == pytest.approx(expected, abs=1e-9)
    finally:
        db.close()
