"""Every service entry answers hostile input with a correct result or a LoyaltyError, and an
error leaves nothing half-written: the whole database is as it was, and check stays clean."""

from __future__ import annotations

import csv
import hashlib

import pytest
from hypothesis import given, strategies as st

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.domain.ids import card_is_valid
from loyaltydesk.services import import_export

from tests.hostile import HOSTILE, hostile_text, huge_ints

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

TABLES = ("members", "purchases", "refunds", "ledger", "point_lots", "tier_history", "audit_log", "tiers", "coupons",
          "settings")


def fingerprint(db) -> str:
    """Every row of every table that a service writes: equal fingerprints, equal databases."""
    h = hashlib.sha256()
    order = "t::text" if db.engine == "postgresql" else "rowid"  # the server's tables have no rowid (point_lots no id)
    for table in TABLES:
        for row in db.all(f"SELECT * FROM {table} t ORDER BY {order}"):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def attempt(session, fn, *args, **kw):
    """Call a service; on a LoyaltyError the database must be exactly as before. Returns (result, error)."""
    before = fingerprint(session.db)
    try:
        return fn(*args, **kw), None
    except LoyaltyError as e:
        assert e.message
        assert fingerprint(session.db) == before, f"{fn.__name__} refused but wrote"
        assert not session.db.in_transaction
        return None, e


@pytest.fixture
def hostile_shop(shop):
    yield shop
    assert services.check.check_database(shop) == []


@HOSTILE
@given(mobile=hostile_text, first=hostile_text, last=hostile_text, birthday=hostile_text, code=hostile_text,
       gender=hostile_text, notes=hostile_text)
def test_sign_up(hostile_shop, mobile, first, last, birthday, code, gender, notes):
    m, _ = attempt(hostile_shop, services.members.sign_up, hostile_shop, mobile, first, last, birthday=birthday or None,
                   national_code=code or None, gender=gender or None, notes=notes)
    if m is not None:
        assert card_is_valid(m.card) and m.mobile.startswith("09") and len(m.mobile) == 11
        assert services.members.get_member(hostile_shop, m.card) == m


@HOSTILE
@given(key=st.one_of(hostile_text, st.just("09121234567")), first=hostile_text, birthday=hostile_text,
       mobile=hostile_text, referrer=hostile_text)
def test_edit_member(hostile_shop, key, first, birthday, mobile, referrer):
    attempt(hostile_shop, services.members.edit_member, hostile_shop, key, first_name=first, birthday=birthday or None)
    attempt(hostile_shop, services.members.edit_member, hostile_shop, "09121234567", mobile=mobile,
            referrer=referrer or None)
    attempt(hostile_shop, services.members.find_members, hostile_shop, key)


@HOSTILE
@given(key=st.one_of(hostile_text, st.sampled_from(["09121234567", "09351112233"])), gross=huge_ints,
       redeem=huge_ints, coupon=st.one_of(st.none(), hostile_text), checkout_key=st.one_of(st.none(), hostile_text))
def test_register_purchase(hostile_shop, cashier, key, gross, redeem, coupon, checkout_key):
    r, _ = attempt(hostile_shop, services.checkout.register_purchase, cashier, key, gross, redeem=redeem,
                   coupon=coupon, checkout_key=checkout_key)
    if r is not None:
        assert 0 < r.lines.gross == gross and 0 <= r.lines.net <= gross and r.lines.points_earned >= 0 and r.lines.points_redeemed == redeem
    attempt(hostile_shop, services.checkout.quote, cashier, key, gross, redeem, coupon)


@HOSTILE
@given(purchase_id=huge_ints, amount=st.one_of(st.none(), huge_ints), reason=hostile_text)
def test_refund(hostile_shop, purchase_id, amount, reason):
    r, _ = attempt(hostile_shop, services.checkout.refund, hostile_shop, purchase_id, amount, reason=reason)
    if r is not None:
        assert r.amount > 0 and r.net_refunded >= 0


@HOSTILE
@given(key=st.one_of(hostile_text, st.just("09190000001")), points=huge_ints, reason=hostile_text)
def test_adjust_points(hostile_shop, key, points, reason):
    before = hostile_shop.db.value("SELECT points FROM members WHERE mobile = '09190000001'")
    balance, _ = attempt(hostile_shop, services.points.adjust_points, hostile_shop, key, points, reason)
    if balance is not None and key == "09190000001":
        assert balance == before + points


@HOSTILE
@given(name=hostile_text, unit=hostile_text, rpp=huge_ints, value=huge_ints, cap=huge_ints, expiry=huge_ints,
       window=hostile_text, bonus=huge_ints, folder=hostile_text, daily=huge_ints)
def test_settings(hostile_shop, name, unit, rpp, value, cap, expiry, window, bonus, folder, daily):
    for changes in (dict(shop_name=name), dict(display_unit=unit), dict(rials_per_point=rpp, point_value=value),
                    dict(redeem_cap_bp=cap, expiry_months=expiry), dict(window=window, referral_bonus=bonus),
                    dict(backup_folder=folder, backup_keep_daily=daily)):
        s, _ = attempt(hostile_shop, services.club.update_settings, hostile_shop, **changes)
        if s is not None:
            assert services.club.get_settings(hostile_shop) == s


@HOSTILE
@given(name=hostile_text, threshold=huge_ints, discount=huge_ints, multiplier=huge_ints, bonus=huge_ints,
       color=hostile_text, existing=st.sampled_from(["برنزی", "نقره‌ای", "طلایی", "نقره اي", "x"]))
def test_tier_edits(hostile_shop, name, threshold, discount, multiplier, bonus, color, existing):
    attempt(hostile_shop, services.club.add_tier, hostile_shop, name, threshold, discount, multiplier, bonus, color)
    attempt(hostile_shop, services.club.edit_tier, hostile_shop, existing, threshold=threshold)
    attempt(hostile_shop, services.club.edit_tier, hostile_shop, existing, name=name, color=color)
    attempt(hostile_shop, services.club.add_coupon, hostile_shop, name, percent_bp=discount, amount=bonus,
            max_uses=multiplier)


@HOSTILE
@given(rows=st.lists(st.lists(hostile_text, min_size=0, max_size=7), min_size=1, max_size=8),
       on_duplicate=st.sampled_from(["skip", "merge"]))
def test_import_rows(hostile_shop, tmp_path_factory, rows, on_duplicate):
    path = tmp_path_factory.mktemp("imp") / "members.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["موبایل", "نام", "نام خانوادگی", "تاریخ تولد", "کد ملی", "جنسیت", "پیامک"])
        for r in rows:
            w.writerow([c.replace("\x00", "").replace("\r", "") for c in r])  # csv cannot hold NUL; CR ends a row
    before = fingerprint(hostile_shop.db)
    preview, error = attempt(hostile_shop, import_export.preview_import, hostile_shop, path, on_duplicate=on_duplicate)
    assert fingerprint(hostile_shop.db) == before  # a preview never writes
    if preview is None:
        return
    assert all(r.action in ("add", "merge", "skip", "error") for r in preview.rows)
    assert all(r.problems for r in preview.rows if r.action == "error")
    assert all(not r.problems for r in preview.rows if r.action != "error")
    done, _ = attempt(hostile_shop, import_export.confirm_import, hostile_shop, preview)
    assert done is not None and [(r.row, r.action) for r in done.rows] == [(r.row, r.action) for r in preview.rows]
