"""The check's proofs of the hash chains (issue 21: ``check`` at a million members in under a
minute): a check that found both chains whole is signed by the owner who ran it, and the next check
walks only the rows written after that proof. What it still finds before the proof, and what only
``check --full`` finds there, each shown by an attack as someone at the shop PC would make it."""

from __future__ import annotations

import json

import pytest

from loyaltydesk import services
from loyaltydesk.cli.common import when
from loyaltydesk.domain.chain import link, proof_message
from loyaltydesk.services import check, users
from loyaltydesk.store import chain as chain_store
from loyaltydesk.store import seals as seal_store
from tests.conftest import CLI_OWNER, CLI_PASSWORD, add_cli_owner
from tests.services.test_tamper import (AUDIT_NO_UPDATE, alter_audit_row, delete_audit_rows, kinds, program,
                                        shell)

pytestmark = pytest.mark.engines

SARA, SARA_PASSWORD = "sara", "sara-pass-1"


@pytest.fixture
def owner(db, clock):
    """A club with its owner signed in (the key unlocked), a cashier and a few members and
    purchases: rows in both chains."""
    add_cli_owner(db, clock)
    owner = users.sign_in(db, CLI_OWNER, CLI_PASSWORD, clock)
    users.add_user(owner, SARA, SARA_PASSWORD, SARA_PASSWORD, "cashier")
    for n in range(3):
        member = services.members.sign_up(owner, f"0912000000{n}", "نیما", f"کریمی{n}")
        services.checkout.register_purchase(owner, member.card, 2_500_000 + n * 100_000)
    return owner


def more_rows(session, n: int = 2) -> None:
    for i in range(n):
        member = services.members.sign_up(session, f"0913000000{i}", "سارا", f"احمدی{i}")
        services.checkout.register_purchase(session, member.card, 1_800_000)


def test_the_owners_check_signs_a_proof_of_both_heads_and_the_next_walks_on_from_it(owner):
    first = check.run(owner)
    assert first.problems == [] and first.walked_from is None
    proof = first.proof
    assert proof is not None and proof.owner_id == owner.user.id
    assert proof.heads == chain_store.heads(owner.db)
    purchases = owner.db.one("SELECT max(id), count(*) FROM purchases")
    assert proof.audited == (purchases[0], purchases[1], proof.heads.audit_id, proof.heads.ledger_id)
    key = seal_store.key(owner.db, proof.key_id)
    assert services.seals.proof_verifies(proof, key.public_key)
    assert seal_store.proofs(owner.db) == [proof]

    more_rows(owner)
    second = check.run(owner)
    assert second.problems == [] and second.walked_from == proof
    assert second.proof.heads == chain_store.heads(owner.db) and second.proof.heads.audit_id > proof.heads.audit_id
    assert [p.id for p in seal_store.proofs(owner.db)] == [second.proof.id, proof.id]  # the newest first
    assert check.run(owner, full=True).walked_from is None


def test_a_check_that_may_not_write_signs_nothing(owner):
    assert check.run(owner, sign=False).proof is None
    assert seal_store.proofs(owner.db) == []


def test_a_row_altered_after_the_proof_is_found_at_its_place(owner):
    assert check.run(owner).proof is not None
    more_rows(owner)
    target = owner.db.value("SELECT max(id) FROM ledger")
    conn = shell(owner.db)
    if owner.db.engine == "sqlite":
        conn.execute("DROP TRIGGER ledger_no_update")
        conn.execute("UPDATE ledger SET points = points + 1000 WHERE id = ?", (target,))
        conn.execute("CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN\n"
                     "    SELECT RAISE(ABORT, 'the ledger cannot be edited');\nEND")
        conn.close()
        found = check.run(owner)
        assert found.walked_from is not None
        assert [p.params["rowid"] for p in found.problems if p.field == "ledger_broken"] == [target]
        assert found.proof is None  # a broken chain is proved by nobody
    else:
        conn.close()  # the program's role may not update the ledger on a server (test_pg.py): nothing to alter


@pytest.mark.sqlite_only  # the guard dropped: on a server the program's role may not
def test_a_row_deleted_before_the_proof_is_found_by_the_count_and_named_by_the_walk_from_the_start(owner):
    proof = check.run(owner).proof
    more_rows(owner)
    target = owner.db.value("SELECT id FROM audit_log WHERE action = 'add_user'")
    assert target < proof.heads.audit_id
    assert delete_audit_rows(owner.db, "id = ?", (target,)) == [target]
    found = check.run(owner)
    assert [(p.params["rowid"], p.params["rows"]) for p in found.problems if p.field == "proof_audit_log"] == [
        (proof.heads.audit_id, proof.heads.audit_rows)]
    assert [(p.params["first"], p.params["last"]) for p in found.problems if p.field == "audit_log_missing"] == [
        (target, target)]
    assert found.proof is None


@pytest.mark.sqlite_only  # the guards dropped, as above
def test_a_history_rewritten_before_the_proof_is_found_by_the_proofs_head(owner):
    """The attacker knows the encoding: one row's content changed and every chain after it computed
    again, so the chain agrees with itself; the proof's head is no longer in it."""
    assert check.run(owner).proof is not None
    target = owner.db.value("SELECT id FROM audit_log WHERE action = 'add_user'")
    conn = shell(owner.db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'sara' WHERE id = ?", (target,))
    rows = conn.execute("SELECT id, at, actor, role, action, entity, entity_id, before, after, recorded_at "
                        "FROM audit_log WHERE id >= ? ORDER BY id", (target,)).fetchall()
    previous = conn.execute("SELECT chain FROM audit_log WHERE id = ?", (target - 1,)).fetchone()[0]
    for row in rows:
        previous = link("audit_log", previous, tuple(row))
        conn.execute("UPDATE audit_log SET chain = ? WHERE id = ?", (previous, row[0]))
    conn.execute(AUDIT_NO_UPDATE)
    conn.close()
    # the chain agrees with itself from its first row, and the owner's sign-in seal came before the
    # row: only the proof's head tells
    assert kinds(check.check_database(owner)) == ["proof_audit_log"]


@pytest.mark.sqlite_only  # the guard dropped, as above
def test_a_row_edited_in_place_before_the_proof_is_left_to_the_full_check(owner):
    """What the walk on from a proof does not read: a row before it edited in place, its chain left
    as it was. The rows are counted and the heads found, so nothing was added or deleted; that one
    row's content is proven only by the full walk (``check --full``, and after every restore)."""
    assert check.run(owner).proof is not None
    target = owner.db.value("SELECT id FROM audit_log WHERE action = 'add_user'")
    alter_audit_row(owner.db, target)
    assert check.check_database(owner) == []
    full = check.run(owner, full=True)
    assert [(p.field, p.params) for p in full.problems] == [("audit_log_broken", {"rowid": target})]
    assert full.proof is None


@pytest.mark.sqlite_only  # the guard dropped, as above
@pytest.mark.parametrize("edit", ["audit_id = audit_id + 1", "ledger_rows = 1", "owner_id = owner_id + 1",
                                  "purchase_id = purchase_id + 5", "ledger_mark = ledger_mark + 5"])
def test_an_edited_proof_does_not_verify_and_the_walk_starts_from_the_first_rows(owner, edit):
    proof = check.run(owner).proof
    conn = shell(owner.db)
    conn.execute("DROP TRIGGER chain_proofs_no_update")
    conn.execute(f"UPDATE chain_proofs SET {edit} WHERE id = ?", (proof.id,))
    conn.close()
    found = check.run(owner, sign=False)
    assert [p.field for p in found.problems if p.field.startswith("proof_")] == ["proof_signature"]
    assert found.walked_from is None


def test_a_proof_signed_by_a_key_the_attacker_made_does_not_verify(owner, clock):
    """A proof slipped in with a head far ahead, signed by a key of the attacker's own that names the
    owner: the signature is checked against the owner key it names (in the file), so it fails."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    proof = check.run(owner).proof
    heads = proof.heads._replace(audit_id=proof.heads.audit_id + 50, audit_rows=proof.heads.audit_rows + 50)
    forged = Ed25519PrivateKey.generate().sign(proof_message(proof.at, proof.owner_id, *heads, *proof.audited))
    conn = shell(owner.db)
    conn.execute("INSERT INTO chain_proofs (at, owner_id, key_id, audit_id, audit_chain, audit_rows, ledger_id, "
                 "ledger_chain, ledger_rows, purchase_id, purchase_rows, audit_mark, ledger_mark, signature) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (proof.at, proof.owner_id, proof.key_id, *heads, *proof.audited, forged))
    conn.close()
    found = check.run(owner, sign=False)
    assert [p.field for p in found.problems] == ["proof_signature"]
    assert found.walked_from == proof  # the newest proof that holds


@pytest.mark.sqlite_only  # the command line on a server's club: tests/cli/test_check_cli.py
def test_the_command_line_says_how_far_the_chains_were_walked_and_full_walks_them_all(owner, db):
    env = {"LOYALTYDESK_PASSWORD": CLI_PASSWORD}
    first = program("--db", str(db.path), "--user", CLI_OWNER, "--json", "check", **env)
    assert first.returncode == 0, first.stderr
    body = json.loads(first.stdout)
    assert body["ok"] and body["walked_from"] is None and body["proof"]["audit_id"] > 0
    again = program("--db", str(db.path), "--user", CLI_OWNER, "check", **env)
    assert again.returncode == 0, again.stderr
    assert f"walked on from the check of {when(body['proof']['at'])}" in again.stdout
    assert "proof signed: " in again.stdout
    full = json.loads(program("--db", str(db.path), "--user", CLI_OWNER, "--json", "check", "--full", **env).stdout)
    assert full["ok"] and full["walked_from"] is None


# --- the audit rows on from the proof (a club file) --------------------------------------------------

@pytest.mark.sqlite_only  # the guard dropped: on a server the program's role may not
def test_a_purchase_after_the_proof_without_its_audit_row_is_found_looking_at_the_new_rows_only(owner):
    proof = check.run(owner).proof
    more_rows(owner)
    target = owner.db.value("SELECT max(id) FROM purchases")
    assert target > proof.audited.purchase_id
    assert len(delete_audit_rows(owner.db, "entity = 'purchase' AND CAST(entity_id AS INTEGER) = ?", (target,))) == 1
    found = check.run(owner)
    assert found.walked_from == proof
    assert [p.params["purchase_id"] for p in found.problems if p.field == "unaudited_purchase"] == [target]
    assert found.proof is None


def test_an_entry_after_the_proof_that_nothing_accounts_for_is_found(owner):
    assert check.run(owner).proof is not None
    member = owner.db.value("SELECT id FROM members ORDER BY id LIMIT 1")
    conn = shell(owner.db)
    last_id, last_chain = conn.execute("SELECT id, chain FROM ledger ORDER BY id DESC LIMIT 1").fetchone()
    values = (last_id + 1, member, "2025-06-01T10:00:00Z", "adjust", 5_000, None, None, None, None, None, None, "gift",
              "owner")
    conn.execute("INSERT INTO ledger (id, member_id, at, kind, points, expires_at, lot_id, purchase_id, refund_id, "
                 "reverses_id, bonus_key, reason, actor, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (*values, link("ledger", last_chain, values)))
    conn.close()
    found = check.run(owner)
    assert [p.params["entry_id"] for p in found.problems if p.field == "unaudited_entry"] == [last_id + 1]
    assert found.proof is None


def test_a_purchase_slipped_in_before_the_proofs_last_is_found(owner, db):
    """On a club file by the count of the purchases up to the proof's last (then every purchase is
    looked at); on a server, whose ids come out of commit order, every purchase is looked at anyway."""
    proof = check.run(owner).proof
    conn = shell(owner.db)
    if db.engine == "sqlite":
        columns = [r[1] for r in conn.execute("PRAGMA table_info(purchases)")]
    else:
        columns = [r[0] for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = "
                                              "'purchases' AND table_schema = current_schema() ORDER BY ordinal_position")]
    rest = ", ".join(c for c in columns if c != "id")
    conn.execute(f"INSERT INTO purchases (id, {rest}) SELECT 0, {rest} FROM purchases WHERE id = ?",
                 (proof.audited.purchase_id,))
    conn.close()
    found = check.run(owner)
    counted = [(p.params["rowid"], p.params["rows"]) for p in found.problems if p.field == "proof_purchases"]
    assert counted == ([(proof.audited.purchase_id, proof.audited.purchase_rows)] if db.engine == "sqlite" else [])
    assert 0 in [p.params["purchase_id"] for p in found.problems if p.field == "unaudited_purchase"]
    assert found.proof is None


def test_the_pages_are_checked_whole_from_the_first_rows_and_table_by_table_on_from_a_proof(owner):
    """The first check (and every ``--full``) runs SQLite's quick_check of the whole file (the
    freelist, every page used once); going on from a proof, each table's pages with its indexes',
    as pieces both connections share, but the hash-chained tables' (the audit log's, the ledger's:
    the proof vouches for their rows, and the walks read them)."""
    def pieces(**kw) -> set[str]:
        seen: list[str] = []
        check.run(owner, trace=lambda name, _lane, _wall, _cpu: seen.append(name), **kw)
        return {name for name in seen if name.startswith(("pages", "walk"))}

    first = pieces()
    walks = {"walk: ledger", "walk: purchases", "walk: point_lots", "walk: members", "walk: refunds", "walk: rewards"}
    assert first == {"pages"} | walks
    on = pieces()
    if owner.db.engine == "postgresql":  # the server's pages are its own: nothing to check piece by piece
        assert on == first
        return
    tables = {r[0] for r in owner.db.all("SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0")}
    assert on == {f"pages: {t}" for t in (tables | {"sqlite_schema"}) - {"audit_log", "ledger"}} | walks
    assert pieces(full=True) == first
