"""``invariants.unaudited_purchases``: the purchases no audit row registers, in id order, the same
whether the ids fit the bitmap of the purchases' ids or (an id slipped in far beyond them, or below
zero) take SQL's ``EXCEPT``; imported ranges left out."""

from __future__ import annotations

import pytest

from loyaltydesk.store import invariants
from tests.services.test_tamper import AUDIT_NO_DELETE, shell

pytestmark = pytest.mark.sqlite_only  # the guard dropped: the program's role on a server may not


def slip_in(conn, purchase_id: int, like: int) -> None:
    columns = [r[1] for r in conn.execute("PRAGMA table_info(purchases)")]
    rest = ", ".join(c for c in columns if c != "id")
    conn.execute(f"INSERT INTO purchases (id, {rest}) SELECT ?, {rest} FROM purchases WHERE id = ?", (purchase_id, like))


@pytest.mark.parametrize("slipped", [None, 2**40, -5], ids=["bitmap", "far-beyond", "below-zero"])
def test_the_purchases_no_audit_row_registers_in_id_order(shop, slipped):
    ids = [r[0] for r in shop.db.all("SELECT id FROM purchases ORDER BY id")]
    assert len(ids) >= 3
    gone = [ids[0], ids[-1]]
    conn = shell(shop.db)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE entity = 'purchase' AND CAST(entity_id AS INTEGER) IN (?, ?)", gone)
    conn.execute(AUDIT_NO_DELETE)
    if slipped is not None:
        slip_in(conn, slipped, ids[1])
    conn.close()
    expected = sorted(gone + ([slipped] if slipped is not None else []))
    assert list(invariants.unaudited_purchases(shop.db, [])) == expected
    assert list(invariants.unaudited_purchases(shop.db, [(ids[-1], ids[-1])])) == [n for n in expected if n != ids[-1]]
