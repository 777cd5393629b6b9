"""Targeted lists and the member's story on the command line (issue 19).

    loyaltydesk member list [--segment S] [--churn-risk] [--tier T] [--status active|blocked]
        [--inactive-days N] [--birthday-month M] [--consent]
        [--spend-from RIALS] [--spend-to RIALS] [--period 1404 | 1404/03 | 1404/01-1404/06]
        [--limit N] [--out FILE.xlsx|FILE.csv]

Without ``--out`` it prints how many members the filters leave and the first ``--limit`` of them
(as the members page shows them); ``--out`` writes all of them with their mobiles (the owner's,
audited). ``member show`` adds the member's story (services/story.py).

These are parts of the ``member`` command of cli/__init__.py (``add_list_parser``, ``cmd_list``,
``story_text``), not a plugin of their own: ``member`` is one command.
"""

from __future__ import annotations

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, NotFound
from loyaltydesk.domain.ids import format_card
from loyaltydesk.domain.jalali import parse_month
from loyaltydesk.services import club, member_list
from loyaltydesk.services.member_list import MemberFilters

from .common import EXIT_OK, arg_type, count, rials

NO_SUCH_TIER = QT_TRANSLATE_NOOP("LoyaltyError", "The club has no tier named {name!r}.")

birthday_month = arg_type(lambda t: parse_month(t, "birthday_month"))


def add_list_parser(member) -> None:
    """``member list`` under the ``member`` command's actions."""
    p = member.add_parser("list", help="a targeted list: members by segment, churn risk, last visit, tier, "
                                       "birthday month, spend, SMS consent",
                          description="Count the members the filters leave and show the first of them; "
                                      "--out writes them all with their mobiles (owner only, audited).")
    p.add_argument("--segment", choices=rules.SEGMENTS, help="an RFM segment, as the rfm report scores them")
    p.add_argument("--churn-risk", action="store_true", help="only members at churn risk (the churn report's rule)")
    p.add_argument("--tier", metavar="NAME", help="only this tier")
    p.add_argument("--status", choices=list(member_list.STATUSES))
    p.add_argument("--inactive-days", type=count, metavar="N",
                   help="no purchase in the last N days (today counts); never bought: joined N or more days ago")
    p.add_argument("--birthday-month", type=birthday_month, metavar="M", help="born in Jalali month M (1-12 or a name)")
    p.add_argument("--consent", action="store_true", help="only members who agreed to SMS")
    p.add_argument("--spend-from", type=rials, metavar="RIALS", help="spent at least this (in --period, else ever)")
    p.add_argument("--spend-to", type=rials, metavar="RIALS", help="spent at most this (in --period, else ever)")
    p.add_argument("--period", metavar="JALALI", help="the spend's Jalali months: 1404, 1404/03 or 1404/01-1404/06 "
                                                      "(alone: members who bought in it)")
    p.add_argument("--limit", type=count, default=20, help="members printed (default 20; --out writes all)")
    p.add_argument("--out", metavar="FILE", help="write the whole list with mobiles to FILE.xlsx or FILE.csv")


def filters_of(s, args) -> MemberFilters:
    tier_id = None
    if args.tier:
        found = [t.id for t in club.list_tiers(s) if t.name == args.tier.strip()]
        if not found:
            raise NotFound(NO_SUCH_TIER, name=args.tier)
        tier_id = found[0]
    return MemberFilters(tier_id=tier_id, status=args.status, segment=args.segment, churn_risk=args.churn_risk,
                         inactive_days=args.inactive_days, birthday_month=args.birthday_month, consent=args.consent,
                         spend_period=args.period, spend_min=args.spend_from, spend_max=args.spend_to)


def cmd_list(s, args, out):
    filters = filters_of(s, args)
    if args.out:
        result = member_list.export_list(s, filters, args.out)
        out.emit(result, f"{result.rows:,} member(s) written to {result.file}")
        return EXIT_OK
    total = member_list.count_members(s, filters)
    rows = []
    if total and args.limit:
        listing = member_list.prepare(s, filters, "name")
        rows = member_list.page(s, listing, 0, min(args.limit, member_list.MAX_PAGE))
    lines = [f"{total:,} member(s)"]
    lines += [f"{format_card(m.card)}  {m.mobile}  {m.name:<28} {m.tier or '-':<10} {m.points:>8,} pts  {m.status}"
              for m in rows]
    if total > len(rows):
        lines.append(f"… {total - len(rows):,} more (--limit N, or --out FILE for all)")
    out.emit({"count": total, "filters": filters.as_dict(), "members": rows}, "\n".join(lines))
    return EXIT_OK


SEGMENT_WORDS = {k: v.lower() for k, v in rules.SEGMENT_TITLES.items()}


def story_text(story, out) -> str:
    """The story's lines under ``member show``'s."""
    if story.visits:
        lines = [f"  spent     {out.money(story.lifetime_spend)} in {story.visits:,} visit(s), "
                 f"{out.money(story.average_basket)} a basket",
                 f"  last      {story.last_visit_jalali} ({story.days_since_visit} day(s) ago)",
                 f"  segment   {SEGMENT_WORDS.get(story.segment or '', '-')}"]
    else:
        lines = ["  spent     nothing yet"]
    if story.expiring_points:
        lines.append(f"  expiring  {story.expiring_points:,} points on {story.expiring_jalali}")
    if story.open_followups:
        lines.append(f"  follow-up {story.open_followups} open")
        lines += [f"    #{f.id} {f.source} {f.status}: {f.description[:50]}" for f in story.followups]
    if story.offers:
        lines.append(f"  offers    {len(story.offers)}")
    return "\n".join(lines)
