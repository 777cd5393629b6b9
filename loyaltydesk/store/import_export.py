"""What an export reads: members, purchases and the ledger as flat rows, oldest first."""

from __future__ import annotations

from .db import Database


def members(db: Database):
    return db.all(
        "SELECT m.card, m.mobile, m.first_name, m.last_name, m.birthday, m.gender, m.national_code, "
        "r.card AS referrer_card, m.sms_consent, m.notes, m.status, m.joined_at, t.name AS tier, m.tier_since, m.points "
        "FROM members m LEFT JOIN tiers t ON t.id = m.tier_id LEFT JOIN members r ON r.id = m.referrer_id ORDER BY m.id"
    )


def purchases(db: Database):
    return db.all(
        "SELECT p.id, p.at, m.card, m.mobile, t.name AS tier, p.gross, p.tier_discount, p.coupon_code, "
        "p.coupon_discount, p.points_redeemed, p.redeem_value, p.net, p.points_earned, p.refunded, p.actor "
        "FROM purchases p JOIN members m ON m.id = p.member_id LEFT JOIN tiers t ON t.id = p.tier_id ORDER BY p.id"
    )


def ledger(db: Database):
    return db.all(
        "SELECT l.id, l.at, m.card, l.kind, l.points, l.expires_at, l.purchase_id, l.refund_id, l.reverses_id, "
        "l.reason, l.actor FROM ledger l JOIN members m ON m.id = l.member_id ORDER BY l.id"
    )
