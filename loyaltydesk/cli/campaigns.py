"""Campaigns from the command line (the owner).

    loyaltydesk campaign add NAME --from JALALI --to JALALI [--weekdays sat,sun,...] [--hours 10-14]
        [--tiers NAME,...] [--segment SEGMENT] [--birthday-month M] [--joined-from JALALI --joined-to JALALI]
        (--multiplier PERCENT | --bonus POINTS [--min-purchase RIALS | --nth-visit N | --spend-target RIALS])
        [--per-member-limit N] [--budget POINTS] [--stacking add|best]
    loyaltydesk campaign edit NAME [the same options: what is given changes, the rest stays]
    loyaltydesk campaign list | end NAME | report NAME
    loyaltydesk campaign stacking [add|best]      the club's stacking for campaigns that do not say

--multiplier is a percent of the purchase's points: 200 is double points. Dates are inclusive.
"""

from __future__ import annotations

from dataclasses import fields, replace

from loyaltydesk.domain.money import parse_int
from loyaltydesk.services import campaigns as service

from .common import arg_type, count, rials

whole = arg_type(lambda t: parse_int(t, "number", minimum=-(10**12), maximum=10**12))

OPTIONS = (  # (option, form field, type, help)
    ("--from", "start", str, "first day, Jalali (1404/09/30)"),
    ("--to", "end", str, "last day, Jalali, inclusive"),
    ("--weekdays", "weekdays", str, "only on these days: sat,sun,mon,tue,wed,thu,fri"),
    ("--hours", "hours", str, "only between these Tehran hours: 10-14, or 22-2 across midnight"),
    ("--tiers", "tiers", str, "only for members of these tiers (names, comma-separated)"),
    ("--segment", "segment", str, "only for members of this RFM segment (champions, loyal, at_risk, ...)"),
    ("--birthday-month", "birthday_month", count, "only for members born in this Jalali month (1-12)"),
    ("--joined-from", "joined_from", str, "only for members who joined on or after this Jalali day"),
    ("--joined-to", "joined_to", str, "... and on or before this one"),
    ("--multiplier", "multiplier", whole, "percent of the purchase's points (200 = double points)"),
    ("--bonus", "bonus", whole, "a fixed bonus in points"),
    ("--min-purchase", "min_purchase", rials, "a purchase must be at least this much (rials)"),
    ("--nth-visit", "nth_visit", whole, "the bonus on the member's Nth purchase in the campaign"),
    ("--spend-target", "spend_target", rials, "the bonus on reaching this spend in the campaign (rials)"),
    ("--per-member-limit", "per_member_limit", whole, "at most this many purchases per member"),
    ("--budget", "budget", whole, "at most this many points in all; then it stops"),
    ("--stacking", "stacking", str, "add (with other campaigns) or best (only the largest); default: the club's"),
)


def register(sub, commands) -> None:
    c = sub.add_parser("campaign", help="campaigns: bonus points by date, day, hour and target").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    for action, text in (("add", "add a campaign"), ("edit", "change a campaign (what it gave stays)")):
        a = c.add_parser(action, help=text)
        a.add_argument("name", metavar="NAME")
        for option, dest, kind, help_text in OPTIONS:
            a.add_argument(option, dest=dest, type=kind, help=help_text,
                           required=action == "add" and dest in ("start", "end"))
    c.add_parser("list", help="every campaign with its state and what it has given")
    e = c.add_parser("end", help="end a campaign now")
    e.add_argument("name", metavar="NAME")
    r = c.add_parser("report", help="did it work: reach, uses, sales and cost against the period before")
    r.add_argument("name", metavar="NAME")
    st = c.add_parser("stacking", help="show or set the club's stacking (add | best)")
    st.add_argument("value", nargs="?", choices=["add", "best"])
    commands["campaign"] = cmd_campaign


def _form(args, base: service.CampaignForm | None = None) -> service.CampaignForm:
    given = {f.name: getattr(args, f.name) for f in fields(service.CampaignForm)
             if f.name != "name" and getattr(args, f.name, None) is not None}
    if base is None:
        return service.CampaignForm(name=args.name, **given)
    if given.get("multiplier"):  # a new effect replaces the old one whole
        given = {"bonus": 0, "nth_visit": None, "spend_target": None, **given}
    elif given.get("bonus"):
        given = {"multiplier": 0, **given}
    return replace(base, **given)


def _line(v: service.CampaignView, out) -> str:
    f = v.form
    effect = f"x{f.multiplier}%" if f.multiplier else f"+{f.bonus:,} points"
    if f.nth_visit:
        effect += f" on visit {f.nth_visit}"
    if f.spend_target:
        effect += f" on reaching {out.money(f.spend_target)}"
    when = f"{f.start} - {f.end}" + (f" {f.weekdays}" if f.weekdays else "") + (f" {f.hours}h" if f.hours else "")
    budget = f" budget {v.points:,}/{f.budget:,}" if f.budget is not None else f" given {v.points:,}"
    return f"{f.name:<20} {v.state:<9} {when:<32} {effect}{budget}, {v.uses:,} uses, {v.members:,} members"


def cmd_campaign(s, args, out):
    if args.action == "add":
        service.add_campaign(s, _form(args))
        v = service.get_campaign(s, args.name)
        out.emit(v, "added  " + _line(v, out))
    elif args.action == "edit":
        before = service.get_campaign(s, args.name)
        service.edit_campaign(s, args.name, _form(args, before.form))
        v = service.get_campaign(s, args.name)
        out.emit(v, "changed " + _line(v, out))
    elif args.action == "list":
        views = service.list_campaigns(s)
        out.emit(views, "\n".join(_line(v, out) for v in views) or "no campaigns")
    elif args.action == "end":
        service.end_campaign(s, args.name)
        v = service.get_campaign(s, args.name)
        out.emit(v, "ended  " + _line(v, out))
    elif args.action == "report":
        r = service.report(s, args.name)
        out.emit(r, "\n".join([
            f"campaign {r.name} [{r.state}]  {r.start} - {r.end} ({r.days} days)",
            f"  members reached   {r.members_reached:,} (given points), {r.members_counted:,} counted",
            f"  uses              {r.uses:,}",
            f"  points cost       {r.points:,} (worth {out.money(r.points_value)})",
            f"  sales during      {out.money(r.sales)} in {r.purchases:,} purchases by {r.buyers:,} members",
            f"  sales before      {out.money(r.sales_before)} in {r.purchases_before:,} purchases by "
            f"{r.buyers_before:,} members (the same {r.days} days before)",
            f"  change            {out.money(r.sales_change)}",
        ]))
    else:
        if args.value:
            service.set_club_stacking(s, args.value)
        value = service.club_stacking(s)
        out.emit({"stacking": value}, f"campaign stacking: {value}")

