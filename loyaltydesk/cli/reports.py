"""Reports, surveys and follow-ups from the command line.

    loyaltydesk [--json] report NAME [--from DATE --to DATE] [--by month|season] [--xlsx FILE] [--pdf FILE]
    loyaltydesk report rebuild                     recompute the report figures from the purchases
    loyaltydesk survey add KEY --nps N [--csat ASPECT=N ...] [--comment TEXT] [--purchase ID]
    loyaltydesk survey aspects [NAME ...]
    loyaltydesk followup list [--all] [--source detractor|complaint|return]
    loyaltydesk followup show ID | contact ID [--note TEXT] | resolve ID --note TEXT
    loyaltydesk followup log complaint|return --category C --description TEXT [--member KEY] [--purchase ID] [--refund ID]

DATE is Jalali (1404/01/01, any digits) or ISO (2025-03-21); --to is inclusive.
"""

from __future__ import annotations

import argparse
import re
from datetime import timedelta
from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.domain.ids import CARD_LENGTH, format_card
from loyaltydesk.domain.jalali import (
    format_moment, from_iso, parse_jalali_date, parse_moment, start_of_jalali_day, this_year,
)
from loyaltydesk.domain.money import format_decimal, format_money, format_percent
from loyaltydesk.domain.report import Kind, Report
from loyaltydesk.domain.surveys import CATEGORIES
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.services import analytics, club, followup, seals
from loyaltydesk.services import surveys as survey_service

from .common import EXIT_OK, arg_type, count, row_id, when

CANNOT_WRITE = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot write {path}: {reason}.")
RANGE_EMPTY = QT_TRANSLATE_NOOP("LoyaltyError", "The period ends before it starts.")
CSAT_FORM = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r}: give stars as ASPECT=N, e.g. service=5.")


class CannotWrite(LoyaltyError):
    template = CANNOT_WRITE


def _day(text: str):
    """The start (UTC) of a Jalali date or an ISO date/date-time typed by a person."""
    raw = to_ascii_digits((text or "").strip())
    if re.fullmatch(r"1[2-5]\d\d\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{1,2}", raw):
        return start_of_jalali_day(parse_jalali_date(raw, "date"))
    return parse_moment(raw, "date")


day = arg_type(_day)


def _stars(text: str):
    aspect, sep, value = (text or "").partition("=")
    if not sep or not aspect.strip():
        raise argparse.ArgumentTypeError(CSAT_FORM.format(value=text))
    return aspect.strip(), value.strip()


def register(sub, commands) -> None:
    r = sub.add_parser("report", help="the owner's reports (RFM, value, retention, churn, cost, ...)",
                       description="Print a report; export it with --pdf / --xlsx. 'rebuild' recomputes "
                                   "the report figures from the purchases.")
    r.add_argument("name", choices=[*analytics.NAMES, "rebuild"], metavar="NAME",
                   help="one of: " + ", ".join(analytics.NAMES) + " (or rebuild)")
    r.add_argument("--from", dest="start", type=day, metavar="DATE", help="first day (default: this Jalali year)")
    r.add_argument("--to", dest="end", type=day, metavar="DATE", help="last day, inclusive")
    r.add_argument("--by", choices=["month", "season"], default="month", help="retention: by month or season")
    r.add_argument("--limit", type=count, help="rows of member lists (rfm: per segment; churn)")
    r.add_argument("--pdf", metavar="FILE", help="also write the report as an A4 PDF")
    r.add_argument("--xlsx", metavar="FILE", help="also write the report as an Excel workbook")
    commands["report"] = cmd_report

    s = sub.add_parser("survey", help="satisfaction surveys").add_subparsers(dest="action", metavar="ACTION",
                                                                             required=True)
    a = s.add_parser("add", help="record a member's answers (a detractor opens a follow-up)")
    a.add_argument("key", metavar="KEY", help="card number or mobile")
    a.add_argument("--nps", required=True, metavar="N", help="how likely to recommend us, 0-10")
    a.add_argument("--csat", type=_stars, action="append", default=[], metavar="ASPECT=N", help="stars 1-5 on an aspect")
    a.add_argument("--comment", default="")
    a.add_argument("--purchase", type=row_id, metavar="ID", help="the purchase the survey is about")
    asp = s.add_parser("aspects", help="show or set the aspects customers rate")
    asp.add_argument("names", nargs="*", metavar="NAME")
    commands["survey"] = cmd_survey

    f = sub.add_parser("followup", help="follow-ups of detractors, complaints and returns").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    fl = f.add_parser("list", help="open items first")
    fl.add_argument("--all", action="store_true", help="resolved items too")
    fl.add_argument("--source", choices=["detractor", "complaint", "return"])
    fs = f.add_parser("show", help="one item with its steps")
    fs.add_argument("id", type=row_id)
    fc = f.add_parser("contact", help="record that the customer was contacted")
    fc.add_argument("id", type=row_id)
    fc.add_argument("--note", default="")
    fr = f.add_parser("resolve", help="close an item with how it was resolved")
    fr.add_argument("id", type=row_id)
    fr.add_argument("--note", required=True, help="the resolution")
    fg = f.add_parser("log", help="log a complaint or a return")
    fg.add_argument("kind", choices=["complaint", "return"])
    fg.add_argument("--category", required=True, choices=list(CATEGORIES))
    fg.add_argument("--description", required=True)
    fg.add_argument("--member", metavar="KEY")
    fg.add_argument("--purchase", type=row_id, metavar="ID")
    fg.add_argument("--refund", type=row_id, metavar="ID")
    commands["followup"] = cmd_followup


# --- report --------------------------------------------------------------------------------------

def _period(s, args):
    if args.start is None and args.end is None:
        return None
    start = args.start or this_year(s.now()).start
    end = args.end + timedelta(days=1) if args.end is not None else s.now() + timedelta(seconds=1)
    if end <= start:
        raise LoyaltyError(RANGE_EMPTY)
    return analytics.period_between(start, end)


def _cell(value, kind: Kind, out) -> str:
    if value is None:
        return "-"
    if kind is Kind.MONEY:  # whole units, as the page and the PDF show them
        return format_money(value, out.unit, persian=False, whole=True)
    if kind in (Kind.INT, Kind.POINTS):
        return f"{value:,}"
    if kind is Kind.PERCENT_BP:
        return format_percent(value, persian=False)
    if kind is Kind.DECIMAL:
        return format_decimal(value, persian=False)
    if kind is Kind.MOMENT:
        return format_moment(from_iso(value))
    if kind is Kind.CODE:
        return format_card(value) if len(str(value)) == CARD_LENGTH else str(value)
    return str(value)


def report_text(rep: Report, out) -> str:
    lines = [f"{rep.title} — {rep.period}", ""]
    width = max((len(label) for label, _v, _k in rep.summary), default=0)
    lines += [f"  {label:<{width}}  {_cell(value, kind, out)}" for label, value, kind in rep.summary]
    for t in rep.tables:
        lines += ["", t.title + ":"]
        if not t.rows:
            lines.append("  (none)")
            continue
        cells = [[_cell(v, c.kind, out) for v, c in zip(row, t.columns)] for row in t.rows]
        widths = [max(len(c.title), *(len(r[i]) for r in cells)) for i, c in enumerate(t.columns)]
        right = [c.kind not in (Kind.TEXT, Kind.CODE, Kind.MOMENT) for c in t.columns]
        fmt = lambda row: "  " + "  ".join(  # noqa: E731
            (v.rjust(w) if r else v.ljust(w)) for v, w, r in zip(row, widths, right)).rstrip()
        lines.append(fmt([c.title for c in t.columns]))
        lines += [fmt(r) for r in cells]
    return "\n".join(lines)


def _write(path: str, write) -> None:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target)
    except OSError as e:
        raise CannotWrite(path=path, reason=e.strerror or str(e)) from None


def cmd_report(s, args, out):
    if args.name == "rebuild":
        counts = analytics.rebuild(s)
        out.emit(counts, "report figures rebuilt: " + ", ".join(f"{v:,} {k}" for k, v in counts._asdict().items()))
        return EXIT_OK
    options = {}
    if args.name == "retention":
        options["by"] = args.by
    if args.limit is not None and args.name in ("rfm", "churn"):
        options["limit"] = args.limit
    rep = analytics.report(s, args.name, _period(s, args), **options)
    written = []
    if args.pdf:
        from loyaltydesk.printing.report import report_pdf  # imported when asked: reportlab is heavy

        data = report_pdf(rep, shop_name=club.get_settings(s).shop_name, unit=out.unit,
                          seal=seals.latest_fingerprint(s.db))  # the paper anchors the records' seal
        _write(args.pdf, lambda p: p.write_bytes(data))
        written.append(args.pdf)
    if args.xlsx:
        from loyaltydesk.printing.sheets import write_report

        _write(args.xlsx, lambda p: write_report(rep, p, unit=out.unit))
        written.append(args.xlsx)
    text = report_text(rep, out) + "".join(f"\nwritten: {w}" for w in written)
    out.emit({**analytics.figures(rep), **rep.as_dict(), "written": written}, text)
    return EXIT_OK


# --- surveys and follow-ups ---------------------------------------------------------------------

def cmd_survey(s, args, out):
    if args.action == "aspects":
        names = survey_service.set_aspects(s, args.names) if args.names else survey_service.aspects(s)
        out.emit({"aspects": list(names)}, "aspects: " + ", ".join(names))
        return EXIT_OK
    r = survey_service.add_survey(s, args.key, args.nps, dict(args.csat), args.comment, purchase_id=args.purchase,
                                  channel="cli")
    text = f"survey {r.survey_id} of card {format_card(r.card)}: NPS {r.nps} ({r.zone})"
    if r.stars:
        text += "  " + ", ".join(f"{k} {v}★" for k, v in r.stars.items())
    if r.followup_id:
        text += f"\n  follow-up {r.followup_id} opened for the owner"
    out.emit(r, text)
    return EXIT_OK


def _item_line(i) -> str:
    who = f"{format_card(i.card)} {i.name}" if i.card else "-"
    what = f"NPS {i.nps}" if i.source == "detractor" else i.category
    return f"#{i.id:<5} {i.status:<9} {i.source:<9} {what:<12} {when(i.opened_at)}  {who}  {i.description[:40]}"


def cmd_followup(s, args, out):
    if args.action == "list":
        items = followup.list_items(s, include_resolved=args.all, source=args.source)
        out.emit(items, "\n".join(_item_line(i) for i in items) or "nothing to follow up")
        return EXIT_OK
    if args.action == "log":
        item = followup.log_complaint(s, args.kind, args.category, args.description, key=args.member,
                                      purchase_id=args.purchase, refund_id=args.refund)
    elif args.action == "contact":
        item = followup.contact(s, args.id, args.note)
    elif args.action == "resolve":
        item = followup.resolve_item(s, args.id, args.note)
    else:
        item = followup.get_item(s, args.id)
    steps = [f"  {when(st.at)}  {st.status:<9} {st.actor:<10} {st.note}" for st in item.steps]
    out.emit(item, "\n".join([_item_line(item), *steps]))
    return EXIT_OK
