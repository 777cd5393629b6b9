"""The command line: ``loyaltydesk [--db FILE] [--json] COMMAND ...``.

It calls the same services as the desktop app, signed in as a user of the club (``--user NAME``,
the password from ``--password-file FILE``, else ``LOYALTYDESK_PASSWORD``, else a prompt that does
not echo) and with that user's role: a cashier looks members up and registers purchases, the owner
does everything, and only the owner moves the clock (``--now``, ``--at``). Errors go to stderr with
a non-zero exit and a clear message, never a traceback. ``--json`` prints machine-readable output.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from loyaltydesk import __version__, services
from loyaltydesk.services.story import member_story
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Conflict, LoyaltyError, PermissionDenied
from loyaltydesk.domain.ids import format_card
from loyaltydesk.domain.jalali import utc_now
from loyaltydesk.domain.money import format_percent_bp
from loyaltydesk.domain.roles import Role
from loyaltydesk.domain.text import printable

from . import member_list as member_list_cli
from . import sms as sms_cli
from .common import (
    EXIT_ERROR, EXIT_INTERNAL, EXIT_OK, SIGN_IN_FIRST, Out, when, command_names, count, default_db, errors_log,
    moment, multiplier, open_server_club, password_of, percent, points_arg, rials, row_id, set_portable,
)
from .progress import bar

PLUGINS = (
    "printing",
    "backups",
    "import_export",
    "reports",
    "audit",
    "campaigns",
    "offers",
    "sms",
    "server",
)  # modules under loyaltydesk.cli with register(sub, commands): their commands join the parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="loyaltydesk",
        description="LoyaltyDesk: the customer club (باشگاه مشتریان) of a small Iranian shop.",
        epilog="Amounts are in rials; KEY is a card number or a mobile in any form and digit script.",
    )
    p.add_argument("--db", metavar="FILE", help="club database (default: the user's data folder)")
    p.add_argument("--demo", action="store_true", help="use the demo club (created on first use)")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    p.add_argument("--user", metavar="NAME", help="sign in as this user of the club (every command but init "
                                                  "needs it; the user's role decides what it may do)")
    p.add_argument("--password-file", metavar="FILE", help="the password is this file's first line (else the "
                                                           "environment variable LOYALTYDESK_PASSWORD, else it is "
                                                           "asked for)")
    p.add_argument("--now", type=moment, metavar="ISO", help="owner only: act as if the clock said this (ISO 8601); "
                                                             "the audit keeps the real time beside it")
    p.add_argument("--version", action="version", version=f"loyaltydesk {__version__}")
    p.add_argument("--portable", action="store_true", help="keep the data in data/ beside the program (a USB stick)")
    p.add_argument("--self-test", action="store_true", help="open the main window (the demo club unless --db), report, exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("init", help="create or upgrade the database; --owner makes a new club's owner",
                       description="Create the club database, or upgrade it (a club with users: as its owner). "
                                   "--owner NAME makes the first owner of a new club, the password read as for "
                                   "--user (asked twice at a prompt).")
    first = c.add_mutually_exclusive_group()
    first.add_argument("--owner", metavar="NAME", help="the first owner of a new club")
    first.add_argument("--demo", dest="fill_demo", action="store_true",
                       help="fill an empty club with demo data (users owner and sara, password demo1234)")
    c.add_argument("--members", type=count, default=300, help="demo members (default 300)")

    club = sub.add_parser("club", help="the club's settings").add_subparsers(dest="action", metavar="ACTION", required=True)
    club.add_parser("show", help="show the settings and tiers")
    s = club.add_parser("set", help="change settings")
    s.add_argument("--shop-name")
    s.add_argument("--display-unit", choices=["toman", "rial"])
    s.add_argument("--rials-per-point", type=count, help="net rials (at ×1) that earn one point")
    s.add_argument("--point-value", type=rials, metavar="RIALS", help="rials one point pays when redeemed")
    s.add_argument("--redeem-cap", type=percent, metavar="PERCENT", help="points pay at most this percent")
    s.add_argument("--expiry-months", type=count, metavar="N", help="earned points expire after N months (0 never)")
    s.add_argument("--window", choices=["rolling12", "jalali-year"], help="qualifying window for tiers")
    s.add_argument("--referral-bonus", type=count, metavar="POINTS")
    s.add_argument("--referred-bonus", type=count, metavar="POINTS",
                   help="points the referred member gets at their own first purchase (0 off)")
    s.add_argument("--signup-bonus", type=count, metavar="POINTS", help="points every new member gets at sign-up (0 off)")
    s.add_argument("--anniversary-bonus", type=count, metavar="POINTS",
                   help="points each year on the day a member joined (0 off)")
    s.add_argument("--thank-you", metavar="TEXT", help="the receipt's thank-you line")
    s.add_argument("--confirm-above", type=rials, metavar="RIALS",
                   help="the till asks the cashier to confirm a purchase above this")
    s.add_argument("--max-purchase", type=rials, metavar="RIALS",
                   help="the largest purchase any till or command registers (a scanned card as an amount is refused)")
    s.add_argument("--void-minutes", type=count, metavar="N",
                   help="the cashier who registered a sale may void it this many minutes after (0 never)")
    sms_cli.add_club_options(s)  # --sms-provider, --sms-api-key, ... (cli/sms.py)

    tier = sub.add_parser("tier", help="tiers").add_subparsers(dest="action", metavar="ACTION", required=True)
    tier.add_parser("list", help="list the tiers")
    for name, required in (("add", True), ("edit", False)):
        t = tier.add_parser(name, help=f"{name} a tier")
        t.add_argument("name")
        if name == "edit":
            t.add_argument("--name", dest="new_name", help="rename the tier")
        t.add_argument("--threshold", type=rials, metavar="RIALS", required=required)
        t.add_argument("--discount", type=percent, metavar="PERCENT", required=required)
        t.add_argument("--multiplier", type=multiplier, metavar="PERCENT", required=required,
                       help="points multiplier in percent: 100 = ×1, 150 = ×1.5")
        t.add_argument("--birthday-bonus", type=count, metavar="POINTS")
        t.add_argument("--color", metavar="#RRGGBB")
        t.add_argument("--qualify", choices=["spend", "visits", "either"],
                       help="what qualifies: window spend (the threshold), visits, or either (default spend)")
        t.add_argument("--visits", type=count, metavar="N", help="visits in the window that qualify")
        t.add_argument("--visit-minimum", type=rials, metavar="RIALS",
                       help="a purchase worth at least this much (after refunds) is a visit")

    coupon = sub.add_parser("coupon", help="coupons").add_subparsers(dest="action", metavar="ACTION", required=True)
    coupon.add_parser("list", help="list coupons")
    ca = coupon.add_parser("add", help="add a coupon")
    ca.add_argument("code")
    kind = ca.add_mutually_exclusive_group(required=True)
    kind.add_argument("--percent", type=percent)
    kind.add_argument("--amount", type=rials, metavar="RIALS")
    ca.add_argument("--max-uses", type=count)
    ca.add_argument("--reusable", action="store_true", help="a member may use it more than once")
    ca.add_argument("--from", dest="valid_from", type=moment, metavar="ISO")
    ca.add_argument("--to", dest="valid_to", type=moment, metavar="ISO")
    for name in ("enable", "disable"):
        coupon.add_parser(name, help=f"{name} a coupon").add_argument("code")

    member = sub.add_parser("member", help="members").add_subparsers(dest="action", metavar="ACTION", required=True)
    for name in ("add", "edit"):
        m = member.add_parser(name, help=f"{'sign up' if name == 'add' else 'edit'} a member")
        if name == "edit":
            m.add_argument("key")
        m.add_argument("--mobile", required=name == "add")
        m.add_argument("--first-name")
        m.add_argument("--last-name")
        m.add_argument("--birthday", metavar="JALALI", help="e.g. 1370/05/14")
        m.add_argument("--national-code")
        m.add_argument("--gender", choices=["f", "m"])
        m.add_argument("--referrer", metavar="KEY")
        m.add_argument("--sms-consent", choices=["yes", "no"])
        m.add_argument("--notes")
    member.add_parser("show", help="show a member and their story (spend, visits, segment, expiring points)").add_argument("key")
    member_list_cli.add_list_parser(member)
    f = member.add_parser("find", help="find members by card, mobile, its last digits or a name")
    f.add_argument("text")
    f.add_argument("--limit", type=count, default=20)
    member.add_parser("block", help="block a member").add_argument("key")
    member.add_parser("unblock", help="make a blocked member active again").add_argument("key")

    pu = sub.add_parser("purchase", help="register a purchase")
    pu.add_argument("key")
    pu.add_argument("--amount", type=rials, required=True, metavar="RIALS")
    pu.add_argument("--redeem", type=count, default=0, metavar="POINTS")
    pu.add_argument("--coupon", metavar="CODE")
    pu.add_argument("--reward", metavar="NAME", help="give a reward of the catalog for its points with the purchase")
    pu.add_argument("--at", type=moment, metavar="ISO", help="when it happened (a paper slip after an outage)")

    pq = sub.add_parser("quote", help="price a purchase without registering it")
    pq.add_argument("key")
    pq.add_argument("--amount", type=rials, required=True, metavar="RIALS")
    pq.add_argument("--redeem", type=count, default=0, metavar="POINTS")
    pq.add_argument("--coupon", metavar="CODE")
    pq.add_argument("--reward", metavar="NAME")

    v = sub.add_parser("void", help="void a sale this user registered minutes ago (as a whole refund)")
    v.add_argument("purchase_id", type=row_id)

    r = sub.add_parser("refund", help="refund a purchase, whole or in part")
    r.add_argument("purchase_id", type=row_id)
    r.add_argument("--amount", type=rials, metavar="RIALS", help="gross value returned (default: all that is left)")
    r.add_argument("--reason", default="")

    pts = sub.add_parser("points", help="points").add_subparsers(dest="action", metavar="ACTION", required=True)
    pa = pts.add_parser("adjust", help="add or remove points by hand")
    pa.add_argument("key")
    pa.add_argument("--points", type=points_arg, required=True)
    pa.add_argument("--reason", required=True)

    for name, text in (("expire", "expire points whose time has come"),
                       ("review-tiers", "the tier review (down one tier after 12 months; catch-up upgrades)"),
                       ("birthdays", "give this week's birthday bonuses"),
                       ("anniversaries", "give this week's membership-anniversary bonuses")):
        b = sub.add_parser(name, help=text)
        b.add_argument("--at", type=moment, metavar="ISO", help="as of this moment instead of now")
    check_p = sub.add_parser("check", help="check the database; exit 1 and list the problems if any")
    check_p.add_argument("--full", action="store_true",
                   help="walk the hash chains from their first rows (by default: on from the last check's proof)")
    sub.add_parser("overview", help="the club in a few lines (members, purchases, points, tiers)")
    h = sub.add_parser("history", help="a member's purchases, points ledger and tier history")
    h.add_argument("key")
    h.add_argument("--limit", type=count, default=50)
    for name in PLUGINS:
        importlib.import_module(f"loyaltydesk.cli.{name}").register(sub, COMMANDS)
    return p


def member_text(m, out: Out) -> str:
    lines = [
        f"{m.name or '(no name)'}  [{m.status}]",
        f"  card      {format_card(m.card)}",
        f"  mobile    {m.mobile}",
        f"  tier      {m.tier or '-'} (since {when(m.tier_since)})",
        f"  points    {m.points:,} (worth {out.money(m.points_value)})",
        f"  spend     {out.money(m.qualifying_spend)} in the qualifying window",
    ]
    if m.next_tier and m.to_next_tier is not None:
        lines.append(f"  next      {out.money(m.to_next_tier)} more reaches {m.next_tier}")
    if m.next_tier and m.to_next_visits is not None:
        lines.append(f"  next      {m.to_next_visits} more visit(s) reach {m.next_tier}")
    if m.to_keep_tier:
        lines.append(f"  keep      {out.money(m.to_keep_tier)} more keeps {m.tier} at the next review")
    lines.append(f"  joined    {m.joined_jalali}")
    if m.birthday:
        lines.append(f"  birthday  {m.birthday}" + ("  — happy birthday today!" if m.birthday_today else ""))
    if m.referrer_card:
        lines.append(f"  referred by {format_card(m.referrer_card)}")
    return "\n".join(lines)


def purchase_text(r, out: Out) -> str:
    c = r.lines
    lines = [
        f"purchase {r.purchase_id}  {when(r.at)}  card {format_card(r.card)}",
        f"  gross           {out.money(c.gross)}",
        f"  tier discount  -{out.money(c.tier_discount)}",
    ]
    if c.coupon_code:
        lines.append(f"  coupon {c.coupon_code:<8}-{out.money(c.coupon_discount)}")
    if c.points_redeemed:
        lines.append(f"  points ({c.points_redeemed:,})  -{out.money(c.redeem_value)}")
    lines += [
        f"  net payable     {out.money(c.net)}",
        f"  points earned   {c.points_earned:,}   balance {r.balance:,}",
    ]
    lines[-1:-1] = [f"  campaign {name:<14}+{points:,}" for name, points in c.campaigns]
    if r.referred_bonus:
        lines.append(f"  referral reward {r.referred_bonus:,} points")
    if r.upgraded:
        lines.append(f"  UPGRADE: {r.tier_before} -> {r.tier_after}")
    if r.reward:
        lines.append(f"  reward {r.reward} for {r.reward_points:,} points")
    if r.offer_issued:
        lines.append(f"  next-order offer {r.offer_issued}")
    return "\n".join(lines)


# --- commands --------------------------------------------------------------------------------

def _optional(args, **names) -> dict:
    """Options the user gave (not None), renamed to the service's parameter names."""
    return {target: getattr(args, src) for src, target in names.items() if getattr(args, src, None) is not None}


INIT_OWNER_ONLY = QT_TRANSLATE_NOOP("LoyaltyError", "Only the owner may initialize a club that has users.")
NO_OWNER_YET = QT_TRANSLATE_NOOP("LoyaltyError", "This club has no owner yet: make one with "
                                                 "loyaltydesk init --owner NAME (or the app's first run).")
MOVED_CLOCK = QT_TRANSLATE_NOOP("LoyaltyError", "Only the owner may act at another time (--now, --at).")
NEW_CLUB = "(new club)"  # who the audit names for a restore into a club nobody owns yet (never a user name)


def cmd_init(s, args, out, db, clock):
    """``init``: make or upgrade the club; on a club nobody owns yet (``s`` None) make its owner
    (``--owner``) or the demo club with its documented accounts (``--demo``)."""
    if args.fill_demo:  # a club in use (signed in: it has an owner) is refused by the service
        counts = services.demo.make_demo_club(db, clock, member_count=args.members)
        out.emit({"database": db.path, **counts}, f"demo club created in {db.path}: " + ", ".join(
            f"{v} {k}" for k, v in counts.items()) + f"\n  sign in as {services.demo.DEMO_OWNER} (the owner) or "
            f"{services.demo.DEMO_CASHIER} (a cashier), password {services.demo.DEMO_PASSWORD}")
    elif args.owner and s is not None:
        raise Conflict(services.users.ALREADY_SET_UP)
    elif args.owner:
        password, repeat = password_of(args, args.owner, new=True)
        settings = services.club.club_settings_of(db)
        owner = services.users.set_up_club(db, shop_name=settings.shop_name, display_unit=settings.display_unit,
                                           username=args.owner, password=password, repeat=repeat)
        out.emit({"database": db.path, "owner": owner.user.username},
                 f"club database ready: {db.path}\n  its owner: {owner.user.username}")
    elif s is None:
        out.emit({"database": db.path, "owner": None}, f"club database ready: {db.path}\n  no owner yet: "
                 "loyaltydesk init --owner NAME makes one (or the app's first run)")
    else:
        out.emit({"database": db.path}, f"club database ready: {db.path}")


def cmd_club(s, args, out):
    if args.action == "set":
        changes = _optional(args, shop_name="shop_name", display_unit="display_unit", rials_per_point="rials_per_point",
                            point_value="point_value", redeem_cap="redeem_cap_bp", expiry_months="expiry_months",
                            window="window", referral_bonus="referral_bonus", referred_bonus="referred_bonus",
                            signup_bonus="signup_bonus", anniversary_bonus="anniversary_bonus", thank_you="thank_you",
                            confirm_above="confirm_above", max_purchase="max_purchase", void_minutes="void_minutes")
        with s.db.transaction():  # the rules and the messages' settings: both or neither
            services.club.update_settings(s, **changes)
            sms_cli.configure_from(s, args)
    st = services.club.get_settings(s)
    tiers = services.club.list_tiers(s)
    out.emit({"settings": st.as_dict(), "tiers": tiers, "sms": sms_cli.settings_shown(s)}, "\n".join([
        f"shop            {st.shop_name}",
        f"display unit    {st.display_unit}",
        f"earning         1 point per {st.rials_per_point:,} rials net (×1)",
        f"point value     {st.point_value:,} rials",
        f"redeem cap      {format_percent_bp(st.redeem_cap_bp)}% of what is left after coupon",
        f"expiry          {st.expiry_months or 'never'}{' months' if st.expiry_months else ''}",
        f"window          {st.window}",
        f"referral bonus  {st.referral_bonus} points",
        f"referred bonus  {st.referred_bonus} points (the referred member, at their first purchase)",
        f"sign-up bonus   {st.signup_bonus} points",
        f"anniversary     {st.anniversary_bonus} points (each year on the day a member joined)",
        f"confirm above   {out.money(st.confirm_above)} (the till asks first)",
        f"max purchase    {out.money(st.max_purchase)}",
        f"void within     {st.void_minutes or 'never'}{' minutes' if st.void_minutes else ''}",
        sms_cli.settings_line(s),
        "", tiers_text(tiers, out),
    ]))


def tiers_text(tiers, out: Out) -> str:
    if not tiers:
        return "no tiers yet: add one with `loyaltydesk tier add NAME --threshold 0 --discount 0 --multiplier 100`"
    rows = [f"{'tier':<12} {'threshold':>22} {'discount':>9} {'multiplier':>10} {'birthday':>9}  qualifies by"]
    for t in tiers:
        rows.append(f"{t.name:<12} {out.money(t.threshold):>22} {format_percent_bp(t.discount_bp) + '%':>9} "
                    f"{t.multiplier_pct / 100:>9.2f}× {t.birthday_bonus:>9}  {qualify_text(t, out)}")
    return "\n".join(rows)


def qualify_text(t, out: Out) -> str:
    """What qualifies for a tier, in a few words: spend, N visits of at least X, or either."""
    visits = f"{t.visits} visits of {out.money(t.visit_floor)} or more"
    return {"spend": "spend", "visits": visits, "either": f"spend or {visits}"}.get(t.qualify, t.qualify)


def cmd_tier(s, args, out):
    fields = _optional(args, threshold="threshold", discount="discount_bp", multiplier="multiplier_pct",
                       birthday_bonus="birthday_bonus", color="color", qualify="qualify", visits="visits",
                       visit_minimum="visit_minimum")
    if args.action == "add":
        tier = services.club.add_tier(s, args.name, **fields)
        out.emit(tier, f"tier {tier.name} added")
    elif args.action == "edit":
        if args.new_name:
            fields["name"] = args.new_name
        tier = services.club.edit_tier(s, args.name, **fields)
        out.emit(tier, f"tier {tier.name} changed")
    else:
        tiers = services.club.list_tiers(s)
        out.emit(list(tiers), tiers_text(tiers, out))


def cmd_coupon(s, args, out):
    if args.action == "add":
        c = services.club.add_coupon(s, args.code, percent_bp=args.percent or 0, amount=args.amount or 0,
                                     max_uses=args.max_uses, once_per_member=not args.reusable,
                                     valid_from=args.valid_from, valid_to=args.valid_to)
        # the fields given, as before typed coupons (a coupon just added is active)
        out.emit({k: v for k, v in c._asdict().items() if k != "active"}, f"coupon {c.code} added")
    elif args.action in ("enable", "disable"):
        services.club.set_coupon_active(s, args.code, args.action == "enable")
        out.emit({"code": args.code.upper(), "active": args.action == "enable"}, f"coupon {args.code.upper()} {args.action}d")
    else:
        cs = services.club.list_coupons(s)
        out.emit(cs, "\n".join(
            f"{c.code:<12} {(format_percent_bp(c.percent_bp) + '%') if c.percent_bp else out.money(c.amount):>18}"
            f"  uses≤{c.max_uses or '∞'}  {'active' if c.active else 'disabled'}" for c in cs) or "no coupons")


def cmd_member(s, args, out):
    if args.action in ("add", "edit"):
        fields = _optional(args, mobile="mobile", first_name="first_name", last_name="last_name", birthday="birthday",
                           national_code="national_code", gender="gender", referrer="referrer", notes="notes")
        if args.sms_consent:
            fields["sms_consent"] = args.sms_consent == "yes"
        if args.action == "add":
            m = services.members.sign_up(s, fields.pop("mobile"), **fields)
        else:
            m = services.members.edit_member(s, args.key, **fields)
        out.emit(m, member_text(m, out))
    elif args.action == "show":
        m = services.members.get_member(s, args.key)
        story = member_story(s, m.id)
        out.emit({**m.as_dict(), **{k: v for k, v in story.as_dict().items() if k != "member_id"}},
                 member_text(m, out) + "\n" + member_list_cli.story_text(story, out))
    elif args.action == "list":
        return member_list_cli.cmd_list(s, args, out)
    elif args.action == "find":
        found = services.members.find_members(s, args.text, args.limit)
        out.emit(found, "\n".join(
            f"{format_card(m.card)}  {m.mobile}  {m.name:<28} {m.tier or '-':<10} {m.points:>8,} pts  {m.status}"
            for m in found) or "no member found")
    else:
        m = services.members.set_status(s, args.key, "blocked" if args.action == "block" else "active")
        out.emit(m, member_text(m, out))


def cmd_purchase(s, args, out):
    r = services.checkout.register_purchase(s, args.key, args.amount, redeem=args.redeem, coupon=args.coupon, at=args.at,
                                            reward=args.reward)
    out.emit(r.as_dict(), purchase_text(r, out))


def cmd_quote(s, args, out):
    q = services.checkout.quote(s, args.key, args.amount, redeem=args.redeem, coupon=args.coupon, reward=args.reward)
    record = {**asdict(q), "campaigns": [{"name": n, "points": p} for n, p in q.campaigns]}
    out.emit(record, "\n".join(f"  {k:<16}{out.money(v) if isinstance(v, int) and 'points' not in k else v}"
                               for k, v in asdict(q).items() if k != "campaigns")
             + "".join(f"\n  campaign {n:<7}+{p:,}" for n, p in q.campaigns))


def cmd_refund(s, args, out):
    r = services.checkout.refund(s, args.purchase_id, args.amount, reason=args.reason)
    text = (f"refund {r.refund_id} of purchase {r.purchase_id}: {out.money(r.amount)} returned goods, "
            f"{out.money(r.net_refunded)} paid back; points -{r.points_reversed} +{r.points_returned}; "
            f"balance {r.balance:,}")
    if r.tier_before != r.tier_after:
        text += f"\n  tier {r.tier_before} -> {r.tier_after}"
    out.emit(r, text)


def cmd_void(s, args, out):
    r = services.checkout.void_purchase(s, args.purchase_id)
    text = (f"purchase {r.purchase_id} voided: {out.money(r.net_refunded)} paid back; "
            f"points -{r.points_reversed} +{r.points_returned}; balance {r.balance:,}")
    if r.tier_before != r.tier_after:
        text += f"\n  tier {r.tier_before} -> {r.tier_after}"
    out.emit(r, text)


def cmd_points(s, args, out):
    balance = services.points.adjust_points(s, args.key, args.points, args.reason)
    out.emit({"key": args.key, "change": args.points, "balance": balance}, f"points {args.points:+,}; balance {balance:,}")


def cmd_batch(s, args, out):
    fn = {"expire": services.points.run_expiry, "review-tiers": services.points.review_tiers,
          "birthdays": services.points.grant_birthday_bonuses,
          "anniversaries": services.points.grant_anniversary_bonuses}[args.command]
    r = fn(s)
    if args.command == "review-tiers":
        text = "\n".join([f"{len(r.moves)} member(s) moved"] + [f"  {format_card(c)}  {a} -> {b}" for c, a, b in r.moves])
    else:
        text = f"{r.entries} entr{'y' if r.entries == 1 else 'ies'}, {r.points:,} points, {r.members} member(s)"
    out.emit(r, text)


def cmd_check(s, args, out):
    with bar(out, "check") as progress:
        result = services.check.run(s, progress=progress, full=args.full)
    problems = result.problems
    seal = services.check.seal_summary(s)
    lines = [p.message for p in problems] or ["no problems found"]
    lines += _seal_lines(seal) + _proof_lines(result)
    out.emit({"ok": not problems, "problems": [{"kind": p.field, "message": p.message} for p in problems],
              "seal": seal, "walked_from": _proof_json(result.walked_from), "proof": _proof_json(result.proof)},
             "\n".join(lines))
    return EXIT_ERROR if problems else EXIT_OK


def _proof_json(proof) -> dict | None:
    if proof is None:
        return None
    h = proof.heads
    return {"at": proof.at, "fingerprint": services.check.fingerprint_of(proof), "audit_id": h.audit_id,
            "audit_rows": h.audit_rows, "ledger_id": h.ledger_id, "ledger_rows": h.ledger_rows}


def _proof_lines(result) -> list[str]:
    """How far the hash chains were walked, and the proof this check signed."""
    lines = []
    if result.walked_from is None:
        lines.append("hash chains walked from their first rows")
    else:
        h = result.walked_from.heads
        lines.append(f"hash chains walked on from the check of {when(result.walked_from.at)} (audit row {h.audit_id:,}, "
                     f"ledger entry {h.ledger_id:,}: the rows before it counted, its heads found as proven; "
                     "'check --full' walks every row)")
    if result.proof is not None:
        lines.append(f"proof signed: {services.check.fingerprint_of(result.proof)}")
    return lines


def _seal_lines(seal) -> list[str]:
    """What changed since the records were last sealed, plainly, for the owner."""
    if seal is None:
        return ["the records were never sealed (an owner's sign-in seals them)"]

    def written(w) -> str:
        parts = [f"{n:,} {action}" for action, n in w.audit]
        parts += [f"{n:,} ledger {kind} ({points:+,} points)" for kind, n, points in w.ledger]
        return ", ".join(parts) or "nothing"

    return [f"last seal: {when(seal.at)} at {seal.reason.replace('_', ' ')} by {seal.owner or '?'}, "
            f"fingerprint {seal.fingerprint}",
            f"  it sealed: {written(seal.sealed)}",
            f"  written since: {written(seal.since)}"]


def cmd_history(s, args, out):
    h = services.members.history(s, args.key, args.limit)
    if out.as_json:
        out.emit(h)
        return
    m = h.member
    lines = [f"{m.name} — card {format_card(m.card)} — {m.points:,} points", "", "purchases:"]
    lines += [f"  #{p.id:<6} {when(p.at)}  gross {out.money(p.lines.gross):>20}  net {out.money(p.lines.net):>20}"
              f"  +{p.lines.points_earned} -{p.lines.points_redeemed}" + (f"  refunded {out.money(p.refunded)}" if p.refunded else "")
              for p in h.purchases] or ["  none"]
    lines += ["", "points ledger:"]
    lines += [f"  {when(e.at)}  {e.kind:<8} {e.points:>+8,}  {e.reason}" for e in h.ledger] or ["  none"]
    lines += ["", "tiers:"]
    lines += [f"  {when(t.at)}  {t.reason:<9} {t.from_tier or '-'} -> {t.to_tier or '-'}" for t in h.tiers]
    print(printable("\n".join(lines)))


def cmd_overview(s, args, out):
    o = services.members.overview(s)
    st = services.club.get_settings(s)
    out.emit(o, "\n".join([
        f"LoyaltyDesk {__version__} — {st.shop_name}",
        f"database  {s.db.path}",
        f"members   {o.members:,}   purchases {o.purchases:,}   points outstanding {o.points:,}",
        "", tiers_text(services.club.list_tiers(s), out), "",
        "Try:  loyaltydesk member find رضا      loyaltydesk member show 0912...      loyaltydesk --help",
    ]))


COMMANDS = {
    "init": cmd_init, "club": cmd_club, "tier": cmd_tier, "coupon": cmd_coupon, "member": cmd_member,
    "purchase": cmd_purchase, "quote": cmd_quote, "refund": cmd_refund, "void": cmd_void, "points": cmd_points,
    "expire": cmd_batch, "review-tiers": cmd_batch, "birthdays": cmd_batch, "anniversaries": cmd_batch, "check": cmd_check,
    "history": cmd_history, "overview": cmd_overview,
}


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        return run(args) or EXIT_OK
    except LoyaltyError as e:
        problems = getattr(e, "problems", None)
        for line in ([p.message for p in problems] if problems else [e.message]):
            print(f"loyaltydesk: error: {printable(line)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and cut short: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # never a traceback on the screen: log it, say where
        fault = services.fault_of(e, getattr(args, "db", None))  # the disk or the file failed (full, read-only, damaged...): say which
        if fault is not None:
            print(f"loyaltydesk: error: {printable(fault.message)}", file=sys.stderr)
            return EXIT_ERROR
        log = errors_log()
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as f:
                # the command and its option names, never their values (mobiles, names, paths)
                f.write(f"--- {datetime.now().isoformat()} {command_names(parser, argv)!r}\n{traceback.format_exc()}\n")
            where = f"; details in {log}"
        except OSError:
            where = ""
        print(f"loyaltydesk: internal error: {sys.exc_info()[1]!s}{where}", file=sys.stderr)
        return EXIT_INTERNAL


def run(args) -> int | None:
    set_portable(getattr(args, "portable", False))
    if getattr(args, "self_test", False):  # the built program checks itself (installer/README.md)
        from loyaltydesk.gui.self_test import run as self_test

        # a club with users signs in as every command does (--user, --password-file, LOYALTYDESK_PASSWORD)
        # a club on the shop's server (several tills): its URL as given, never made a Path
        club = (args.db if services.session.is_server_url(args.db) else Path(args.db)) if args.db else default_db(demo=True)
        return self_test(club, demo=args.demo or not args.db,
                         log_file=errors_log() if isinstance(club, str) else None,
                         user=args.user, password=password_of(args, args.user)[0] if args.user else None)
    demo = args.demo
    # a club on a PostgreSQL server (several tills): its postgresql:// URL as given, never a Path
    path = args.db if args.db and services.session.is_server_url(args.db) else Path(args.db) if args.db else default_db(demo)
    if args.command is None:  # no command: the desktop app
        from loyaltydesk.gui.app import run as run_app

        if isinstance(path, Path) and not services.club_place_refused(path):  # a share or a synced folder: the app says so, makes nothing
            path.parent.mkdir(parents=True, exist_ok=True)
        # the errors log lives in the data folder even when the club is elsewhere (--db): on a
        # new machine that folder does not exist yet, and the app makes it (gui.errors.attach_log);
        # without --db, the shop's server this till was pointed at (first run, settings), if any
        return run_app(path, demo=demo, log_file=errors_log(), follow_settings=not args.db and not demo)
    if getattr(COMMANDS.get(args.command), "clubless", False):  # opens no club (loyaltydesk server ...: cli/server.py)
        return COMMANDS[args.command](args, Out(args.json))
    if not args.user and args.command not in ("init", "restore"):  # nothing is opened for a stranger
        raise LoyaltyError(SIGN_IN_FIRST, command=args.command)
    at = getattr(args, "at", None) if args.command in ("expire", "review-tiers", "birthdays", "anniversaries") else None
    now = at or args.now
    clock = (lambda: now) if now else utc_now
    fresh = not isinstance(path, str) and not path.exists()
    # only `init`, `restore` (a backup brought to a new computer) and the demo club's first use make
    # a club; every other command opens an existing one (a typo in --db makes no folder and no empty club). A quick integrity check first
    # (before the sign-in writes its row: a damaged club is not written), except for `restore` (the
    # way out of a damaged club, which therefore opens it without upgrading it either)
    # (a server's database that holds no club yet is made one first, as a new file is)
    def open_club(path):
        new = fresh
        if args.command == "restore" and isinstance(path, str):
            from loyaltydesk.services.server import holds_no_club

            new = holds_no_club(path)
        return services.open_club(path, create=args.command in ("init", "restore") or (demo and fresh),
                                  check=args.command != "restore", upgrade=args.command != "restore" or new)

    # a server club's password: the keyring, PGPASSWORD, else asked at a terminal (cli/common.py)
    db = open_server_club(open_club, path) if isinstance(path, str) else open_club(path)
    try:
        if demo and fresh and args.command != "init":
            print(f"creating the demo club in {path} ...", file=sys.stderr)
            services.demo.make_demo_club(db)  # at the real time: nobody has signed in yet
        s = signed_in(db, args)
        if args.now or getattr(args, "at", None):
            if s is not None and s.user.role is not Role.OWNER:  # refused before anything is done
                raise PermissionDenied(MOVED_CLOCK)
            if s is not None:
                s = s.moved_to(clock)
        out = Out(args.json, services.club.club_settings_of(db).display_unit)
        if args.command == "init":
            return cmd_init(s, args, out, db, clock)
        return COMMANDS[args.command](s, args, out)
    finally:
        db.close()


def signed_in(db, args):
    """The session the command acts in: the user's own, signed in with their password (the real
    clock: a moved one would forge the sign-in's audit row and shorten the wait after wrong tries).
    A club nobody owns yet (new, or made before it had users) has no one to sign in: ``init``
    makes its owner (None here) and ``restore`` brings a backup's club, users and all; any other
    command is refused."""
    if services.users.needs_setup(db):
        if args.command == "init":
            return None
        if args.command == "restore":
            return services.owner_session(db, NEW_CLUB)
        raise LoyaltyError(NO_OWNER_YET)
    if not args.user:
        raise LoyaltyError(SIGN_IN_FIRST, command=args.command)
    s = services.users.sign_in(db, args.user, password_of(args, args.user)[0])
    if args.command == "init" and s.user.role is not Role.OWNER:
        raise PermissionDenied(INIT_OWNER_ONLY)
    return s


if __name__ == "__main__":
    raise SystemExit(main())
