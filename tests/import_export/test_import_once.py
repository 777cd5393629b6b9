"""Import once (issue 21 part 5): the confirm writes the preview's work; the file is read and the
rows judged once. A file or club that changed between preview and confirm is noticed."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services import import_export
from loyaltydesk.services.progress import Cancelled

from tests.clubs import balances
from tests.import_export.test_import_export import EXPECTED, outcome, write_csv, write_xlsx

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL


def snapshot(db) -> tuple:
    return (balances(db), db.value("SELECT count(*) FROM audit_log"), db.value("SELECT count(*) FROM members"),
            db.value("SELECT count(*) FROM purchases"), db.value("SELECT count(*) FROM ledger"))


def test_the_confirm_writes_the_previews_work_without_reading_the_file_again(shop, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "members.xlsx")
    preview = import_export.preview_import(shop, path)
    reads = []
    monkeypatch.setattr(import_export, "read_sheet", lambda *a, **k: reads.append(a))
    done = import_export.confirm_import(shop, preview)
    assert reads == []
    assert done.done and outcome(done) == EXPECTED and done.counts == preview.counts
    assert services.members.get_member(shop, "09123334455").first_name == "سارا"
    assert services.check.check_database(shop) == []


def test_the_preview_writes_nothing_and_its_dict_has_no_work(shop, tmp_path):
    path = write_xlsx(tmp_path / "members.xlsx")
    before = snapshot(shop.db)
    preview = import_export.preview_import(shop, path)
    assert snapshot(shop.db) == before
    assert "work" not in preview.as_dict() and preview.as_dict()["counts"] == preview.counts


# what happens in the club between the preview and the confirm -> what the confirm does
CHANGES = [
    # nothing: the preview's work is written
    ("nothing", None, None),
    # a member signed up with a mobile the file adds (row 2): that row would now be skipped -> refused
    ("signed up with a mobile in the file", lambda s: services.members.sign_up(s, "09123334455", "سارا", "دیگر"),
     "rows 2"),
    # a member signed up with another mobile: judged again, every row the same -> written (new ids)
    ("signed up with another mobile", lambda s: services.members.sign_up(s, "09350000099", "نیما", "نو"), None),
    # a purchase meanwhile (ids of purchases move on): judged again, the same -> written
    ("a purchase", lambda s: services.checkout.register_purchase(s, s.cards[1], 1_000_000), None),
]


@pytest.mark.parametrize("what, change, refused_rows", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_club_changed_since_the_preview_is_noticed(shop, tmp_path, what, change, refused_rows):
    path = write_csv(tmp_path / "members.csv")
    preview = import_export.preview_import(shop, path)
    if change is not None:
        change(shop)
    before = snapshot(shop.db)
    if refused_rows:
        with pytest.raises(LoyaltyError, match=f"club changed since the preview.*{refused_rows}"):
            import_export.confirm_import(shop, preview)
        assert snapshot(shop.db) == before  # nothing written
        again = import_export.preview_import(shop, path)  # previewed again: the row is now a skip
        assert outcome(again)[2] == "skip"
        import_export.confirm_import(shop, again)
    else:
        done = import_export.confirm_import(shop, preview)
        assert outcome(done) == EXPECTED
        assert len(balances(shop.db)) == len(before[0]) + 4
    assert services.check.check_database(shop) == []


def test_a_file_changed_after_the_preview_is_refused_even_when_the_club_did_not(shop, tmp_path):
    path = write_csv(tmp_path / "members.csv")
    preview = import_export.preview_import(shop, path)
    write_csv(path, rows=[["1", "کسی دیگر", "09129999999", "", "", "", ""]])
    before = snapshot(shop.db)
    with pytest.raises(LoyaltyError, match="changed since the preview"):
        import_export.confirm_import(shop, preview)
    assert snapshot(shop.db) == before


@pytest.mark.parametrize("stop_at", [0, 1, 2, 3])
def test_a_cancelled_confirm_writes_nothing(shop, tmp_path, monkeypatch, stop_at):
    monkeypatch.setattr(import_export, "CHUNK", 1)  # a step per row written
    path = write_csv(tmp_path / "members.csv")
    preview = import_export.preview_import(shop, path)
    before = snapshot(shop.db)
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return len(calls) <= stop_at

    with pytest.raises(Cancelled):
        import_export.confirm_import(shop, preview, progress=progress)
    assert snapshot(shop.db) == before
    import_export.confirm_import(shop, preview)  # the preview is still good afterwards
    assert services.check.check_database(shop) == []


def test_a_cancelled_preview_stops_and_writes_nothing(shop, tmp_path):
    path = write_csv(tmp_path / "members.csv", rows=[[i, "نام", f"0912{i:07d}", "", "", "", ""] for i in range(3000)])
    before = snapshot(shop.db)
    seen = []
    with pytest.raises(Cancelled):
        import_export.preview_import(shop, path, progress=lambda d, t: seen.append((d, t)) or len(seen) < 3)
    assert snapshot(shop.db) == before and len(seen) == 3
