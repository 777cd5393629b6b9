"""Upgrades: the database of each released schema, opened by this version, keeps every row and
balance, passes check, and the file as it was is kept aside."""

from __future__ import annotations

import json
import shutil
from tests.raw import club_key, raw_connect
from datetime import datetime
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.store import migrations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASED = sorted(p.stem for p in FIXTURES.glob("schema-*.sqlite3"))


@pytest.mark.parametrize("name", RELEASED)
def test_upgrading_a_released_database_keeps_every_row_and_balance(tmp_path, name):
    facts = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    path = tmp_path / "club.sqlite3"
    shutil.copyfile(FIXTURES / f"{name}.sqlite3", path)
    db = services.open_club(path, key=club_key(path))  # runs every later migration
    try:
        assert migrations.applied(db) == migrations.shipped()
        assert migrations.applied(db)[: len(facts["schema"])] == facts["schema"]
        now = datetime.fromisoformat(facts["now"])
        owner = services.owner_session(db, clock=lambda: now)
        assert services.check.check_database(owner) == []
        stored = {r["card"]: {"points": r["points"], "tier_id": r["tier_id"], "status": r["status"]}
                  for r in db.all("SELECT card, points, tier_id, status FROM members")}
        assert stored == facts["members"]
        assert db.value("SELECT count(*) FROM purchases") == facts["purchases"]
        assert db.value("SELECT count(*) FROM ledger") == facts["ledger"]
        assert db.value("SELECT COALESCE(SUM(net), 0) FROM purchases") == facts["net_sales"]
        # the upgraded club works: a purchase with a checkout key, sent twice
        card = next(iter(facts["members"]))
        first = services.checkout.register_purchase(owner, card, 1_000_000, checkout_key="after-upgrade")
        assert services.checkout.register_purchase(owner, card, 1_000_000, checkout_key="after-upgrade") == first
        assert services.check.check_database(owner) == []
    finally:
        db.close()
    todo = migrations.shipped()[len(facts["schema"]):]
    aside = list(tmp_path.glob(f"club.before-{todo[0] if todo else 'record-move'}-*.sqlite3"))
    assert len(aside) == 1
    old = raw_connect(aside[0])
    assert migrations.recorded(old) == facts["schema"]
    assert old.execute("SELECT count(*) FROM purchases").fetchone()[0] == facts["purchases"]
    old.close()


@pytest.mark.parametrize("name", RELEASED)
def test_a_shipped_fixture_is_never_rewritten(name):
    facts = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    assert facts["schema"] == migrations.shipped()[: int(name.split("-")[1])] and len(facts["members"]) == 60
