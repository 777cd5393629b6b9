"""Offers addressed to members and the reward catalog from the command line.

    loyaltydesk offer rules
    loyaltydesk offer rule set welcome|birthday|winback|next-order [--off] [--percent P | --amount RIALS]
                [--min-purchase RIALS] [--days N] [--above RIALS] [--inactive-days N]
    loyaltydesk offer list KEY [--all]          a member's offers (--all: used and expired too)
    loyaltydesk offer issue                     the daily run's birthday and win-back offers, now
    loyaltydesk offer report [--from DATE --to DATE]
    loyaltydesk reward add NAME --points N [--stock N]
    loyaltydesk reward edit NAME [--name NEW] [--points N] [--stock N | --unlimited] [--off | --on]
    loyaltydesk reward list
    loyaltydesk reward give KEY NAME            a reward without a purchase (with one: purchase --reward)
"""

from __future__ import annotations

from loyaltydesk.domain.ids import format_card
from loyaltydesk.domain.money import format_percent_bp
from loyaltydesk.services import offers, rewards

from .common import EXIT_OK, count, percent, rials
from .reports import _period, day, report_text

RULE_NAMES = ("welcome", "birthday", "winback", "next-order")


def register(sub, commands) -> None:
    o = sub.add_parser("offer", help="offers addressed to members: rules, a member's offers, the report").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    o.add_parser("rules", help="the offer rules")
    rule = o.add_parser("rule", help="change an offer rule").add_subparsers(dest="rule_action", metavar="ACTION",
                                                                          required=True)
    rs = rule.add_parser("set", help="turn a rule on with its terms (or off with --off)")
    rs.add_argument("rule", choices=RULE_NAMES)
    rs.add_argument("--off", action="store_true", help="turn the rule off (offers issued stay valid)")
    kind = rs.add_mutually_exclusive_group()
    kind.add_argument("--percent", type=percent, metavar="P", help="percent off what is left after the tier discount")
    kind.add_argument("--amount", type=rials, metavar="RIALS", help="a fixed amount off")
    rs.add_argument("--min-purchase", type=rials, metavar="RIALS", help="the least purchase it may be used on")
    rs.add_argument("--days", type=count, metavar="N", help="days an offer is valid after it is issued")
    rs.add_argument("--above", type=rials, metavar="RIALS", help="next-order: a purchase above this earns one")
    rs.add_argument("--inactive-days", type=count, metavar="N",
                    help="winback: at least this many days since the last visit (and longer than usual)")
    ol = o.add_parser("list", help="a member's offers")
    ol.add_argument("key", metavar="KEY", help="card number or mobile")
    ol.add_argument("--all", action="store_true", help="used and expired offers too")
    o.add_parser("issue", help="issue the birthday and win-back offers due now (the daily run does it too)")
    orp = o.add_parser("report", help="did it work: per rule, against the same period before")
    orp.add_argument("--from", dest="start", type=day, metavar="DATE", help="first day (default: this Jalali month)")
    orp.add_argument("--to", dest="end", type=day, metavar="DATE", help="last day, inclusive")
    commands["offer"] = cmd_offer

    r = sub.add_parser("reward", help="the reward catalog").add_subparsers(dest="action", metavar="ACTION",
                                                                          required=True)
    ra = r.add_parser("add", help="add a reward")
    ra.add_argument("name")
    ra.add_argument("--points", type=count, required=True, metavar="N", help="its price in points")
    ra.add_argument("--stock", type=count, metavar="N", help="how many there are (default: unlimited)")
    re_ = r.add_parser("edit", help="change a reward")
    re_.add_argument("name")
    re_.add_argument("--name", dest="new_name", metavar="NEW")
    re_.add_argument("--points", type=count, metavar="N")
    stock = re_.add_mutually_exclusive_group()
    stock.add_argument("--stock", type=count, metavar="N")
    stock.add_argument("--unlimited", action="store_true", help="no stock limit")
    on = re_.add_mutually_exclusive_group()
    on.add_argument("--off", action="store_true", help="no longer offered")
    on.add_argument("--on", action="store_true", help="offered again")
    r.add_parser("list", help="the rewards")
    rg = r.add_parser("give", help="give a member a reward for points, without a purchase")
    rg.add_argument("key", metavar="KEY")
    rg.add_argument("name")
    commands["reward"] = cmd_reward


def _terms(r, out) -> str:
    off = format_percent_bp(r.percent_bp) + "%" if r.percent_bp else out.money(r.amount) if r.amount else "-"
    return f"{off} off, min {out.money(r.min_purchase)}"


def _rule_line(r, out) -> str:
    extra = ""
    if r.rule == "next_order":
        extra = f", after a purchase above {out.money(r.above)}"
    elif r.rule == "winback":
        extra = f", after {r.inactive_days} days away"
    return f"{r.rule.replace('_', '-'):<11} {'on ' if r.active else 'off'}  {_terms(r, out)}, {r.days} days{extra}"


def _offer_line(v, out) -> str:
    state = "active" if v.active else ("used" if v.used_at else "withdrawn" if v.withdrawn_at else "expired")
    return f"{v.code}  {v.rule.replace('_', '-'):<11} {_terms(v, out)}  until {v.until}  {state}"


def cmd_offer(s, args, out):
    if args.action == "rules":
        found = offers.offer_rules(s)
        out.emit({"rules": found}, "\n".join(_rule_line(r, out) for r in found))
    elif args.action == "rule":
        changes: dict = {"active": not args.off}
        if args.percent is not None:
            changes.update(percent_bp=args.percent, amount=0)
        if args.amount is not None:
            changes.update(amount=args.amount, percent_bp=0)
        for name, target in (("min_purchase", "min_purchase"), ("days", "days"), ("above", "above"),
                             ("inactive_days", "inactive_days")):
            if getattr(args, name) is not None:
                changes[target] = getattr(args, name)
        r = offers.set_offer_rule(s, args.rule, **changes)
        out.emit(r, _rule_line(r, out))
    elif args.action == "list":
        found = offers.member_offers(s, args.key, include_past=args.all)
        out.emit({"key": args.key, "offers": found}, "\n".join(_offer_line(v, out) for v in found) or "no offers")
    elif args.action == "issue":
        issued = offers.issue_offers(s)
        out.emit({"issued": issued}, ", ".join(f"{n} {k}" for k, n in issued.items()) + " offer(s) issued")
    else:
        rep = offers.offer_report(s, _period(s, args))
        out.emit(rep, report_text(rep, out))
    return EXIT_OK


def _reward_line(r) -> str:
    stock = "unlimited" if r.stock is None else f"{r.stock:,} left"
    return f"{r.name:<24} {r.points:>8,} pts  {stock}{'' if r.active else '  (off)'}"


def cmd_reward(s, args, out):
    if args.action == "add":
        r = rewards.add_reward(s, args.name, args.points, args.stock)
        out.emit(r, "added: " + _reward_line(r))
    elif args.action == "edit":
        changes: dict = {}
        if args.new_name is not None:
            changes["new_name"] = args.new_name
        if args.points is not None:
            changes["points"] = args.points
        if args.stock is not None or args.unlimited:
            changes["stock"] = None if args.unlimited else args.stock
        if args.off or args.on:
            changes["active"] = args.on
        r = rewards.edit_reward(s, args.name, **changes)
        out.emit(r, _reward_line(r))
    elif args.action == "list":
        found = rewards.list_rewards(s)
        out.emit({"rewards": found}, "\n".join(_reward_line(r) for r in found) or "no rewards")
    else:
        g = rewards.redeem_reward(s, args.key, args.name)
        out.emit(g, f"{g.reward} given to {format_card(g.card)} for {g.points:,} points; balance {g.balance:,}")
    return EXIT_OK

