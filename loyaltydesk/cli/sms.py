"""Text messages from the command line.

    loyaltydesk club set --sms-provider kavenegar --sms-api-key KEY --sms-sender LINE
                         [--sms-base-url URL] [--sms-quiet-hours 21-9] [--sms-after-purchase on|off]
    loyaltydesk sms run                     send what is due now, poll delivery, then exit (the app's sender, once)
    loyaltydesk sms send-test MOBILE        a test message, sent now
    loyaltydesk [--json] sms outbox [--state S] [--limit N]
    loyaltydesk sms retry ID                send a failed message again (lifts a credit pause)
    loyaltydesk sms cancel ID               a queued message is not sent
    loyaltydesk sms balance                 the provider account's credit
    loyaltydesk sms template [OCCASION [--text TEXT | --default]]   the texts, their parts; change one
    loyaltydesk sms announce CAMPAIGN --text TEXT [--offer CODE] [--tier NAME] [--dry-run]

``sms run`` exits 1 when sending is paused (no credit, a refused key): a script sees it.
"""

from __future__ import annotations

from loyaltydesk.domain.jalali import format_moment, from_iso
from loyaltydesk.domain.sms import Occasion, State, mask
from loyaltydesk.domain.text import printable
from loyaltydesk.services import sms

from loyaltydesk.services import club

from .common import EXIT_ERROR, EXIT_OK, count, rials, row_id

ON_OFF = {"on": True, "off": False}


def register(sub, commands) -> None:
    p = sub.add_parser("sms", help="text messages: run the sender, the outbox, retry, cancel, a test send")
    a = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a.add_parser("run", help="send what is due now and poll delivery, then exit (what the app's sender does)")
    t = a.add_parser("send-test", help="send a test message to a mobile now")
    t.add_argument("mobile")
    o = a.add_parser("outbox", help="the messages, newest first")
    o.add_argument("--state", choices=[s.value for s in State])
    o.add_argument("--limit", type=count, default=50)
    a.add_parser("retry", help="send a failed or expired message again; lifts a pause of sending").add_argument(
        "id", type=row_id)
    a.add_parser("cancel", help="a queued message will not be sent").add_argument("id", type=row_id)
    a.add_parser("balance", help="the SMS account's credit (asks the provider)")
    tp = a.add_parser("template", help="show the texts (with a sample member and their parts), or change one",
                      description="Fields: {name} {points} {balance} {tier} {expiry} (a Jalali date) {shop} {offer}.")
    tp.add_argument("occasion", nargs="?", choices=[o.value for o in Occasion])
    what = tp.add_mutually_exclusive_group()
    what.add_argument("--text", help="the new text (fields in braces)")
    what.add_argument("--default", action="store_true", help="put back the built-in text")
    an = a.add_parser("announce", help="a campaign's message to every consenting member (or one tier); "
                                       "--dry-run: how many, parts, cost")
    an.add_argument("campaign", help="the campaign's name (each member gets its message once)")
    an.add_argument("--text", required=True, help="the text (fields in braces, e.g. {name} and {offer})")
    an.add_argument("--offer", default="", help="what {offer} says (an offer or a coupon code)")
    an.add_argument("--tier", metavar="NAME", help="only the members of this tier")
    an.add_argument("--dry-run", action="store_true", help="count, queue nothing")
    commands["sms"] = cmd_sms


def add_club_options(s) -> None:
    """The messages' options of ``club set`` (cli/__init__.py)."""
    s.add_argument("--sms-provider", choices=["kavenegar", "none"], help="the SMS provider (none: no messages)")
    s.add_argument("--sms-api-key", metavar="KEY", help="the provider's API key (kept in the club; shown masked)")
    s.add_argument("--sms-sender", metavar="LINE", help="the sending line (a number)")
    s.add_argument("--sms-base-url", metavar="URL", help="the provider's address before /v1/ (default "
                                                         "https://api.kavenegar.com; http:// only for 127.0.0.1)")
    s.add_argument("--sms-quiet-hours", metavar="FROM-TO", help="no promotional messages between these hours, "
                                                                "Tehran time (default 21-9)")
    s.add_argument("--sms-after-purchase", choices=["on", "off"], help="text the points and balance after a purchase")
    s.add_argument("--sms-part-price", type=rials, metavar="RIALS", help="what one message part costs (for a "
                                                                          "campaign's estimate)")


def configure_from(session, args) -> None:
    """``club set``'s messages' options, when any was given, as one change of the settings."""
    changes: dict = {}
    if args.sms_provider is not None:
        changes["provider"] = "" if args.sms_provider == "none" else args.sms_provider
    for option, name in (("sms_api_key", "api_key"), ("sms_sender", "sender"), ("sms_base_url", "base_url"),
                         ("sms_quiet_hours", "quiet_hours")):
        if getattr(args, option, None) is not None:
            changes[name] = getattr(args, option).strip()
    if args.sms_after_purchase is not None:
        changes["after_purchase"] = ON_OFF[args.sms_after_purchase]
    if args.sms_part_price is not None:
        changes["part_price"] = args.sms_part_price
    if changes:
        sms.configure(session, **changes)


def settings_shown(session) -> dict:
    return sms.get_settings(session).masked()


def settings_line(session) -> str:
    st = sms.get_settings(session)
    if not st.provider:
        return "messages        off (no SMS provider)"
    line = (f"messages        {st.provider}, line {st.sender or '-'}, key {mask(st.api_key) or '-'}, "
            f"quiet {st.quiet_hours}, after purchase {'on' if st.after_purchase else 'off'}")
    note = sms.pause_message(st)
    return line + (f"\n                PAUSED: {note}" if note else "")


def _when(iso: str | None) -> str:
    return format_moment(from_iso(iso)) if iso else "-"


def outbox_text(items) -> str:
    if not items:
        return "no messages"
    rows = []
    for i in items:
        body = printable(i.body.replace("\n", " / "))
        rows.append(f"{i.id:>6}  {i.state:<9} {i.kind[:5]:<5} {i.mobile:<12} {i.parts}p  try {i.attempts}  "
                    f"{_when(i.created_at)}  {body[:60]}" + (f"  [{i.error}]" if i.error else ""))
    return "\n".join(rows)


def round_text(r: sms.Round) -> str:
    parts = [f"{n} {name}" for name, n in (("sent", r.sent), ("delivered", r.delivered), ("failed", r.failed),
                                            ("expired", r.expired), ("found already sent", r.found),
                                            ("waiting for the quiet hours to end", r.waiting),
                                            ("to try again", r.retry)) if n]
    text = ", ".join(parts) or "nothing was due"
    if r.error:
        text += f"\nthe provider: {r.error}"
    return text


def cmd_sms(s, args, out):
    if args.action == "run":
        result = sms.send_due(s)
        note = sms.pause_message(sms.get_settings(s))
        out.emit(result, round_text(result) + (f"\n{note}" if note else ""))
        return EXIT_ERROR if note else EXIT_OK
    if args.action == "send-test":
        message_id = sms.queue_test(s, args.mobile)
        result = sms.send_due(s)
        [item] = [i for i in sms.outbox(s, limit=500) if i.id == message_id] or [None]
        state = item.state if item else "?"
        out.emit({"id": message_id, "state": state, "round": result.as_dict()},
                 f"test message {message_id}: {state}\n{round_text(result)}")
        return EXIT_OK if state in ("sent", "delivered") else EXIT_ERROR
    if args.action == "outbox":
        items = sms.outbox(s, args.state, args.limit)
        out.emit(items, outbox_text(items))
    elif args.action == "retry":
        item = sms.retry(s, args.id)
        out.emit(item, f"message {item.id} queued again; sending resumes")
    elif args.action == "cancel":
        item = sms.cancel(s, args.id)
        out.emit(item, f"message {item.id} cancelled")
    elif args.action == "template":
        if args.occasion and (args.text is not None or args.default):
            sms.configure(s, templates={args.occasion: "" if args.default else args.text})
        views = [v for v in sms.templates(s) if not args.occasion or v.occasion == args.occasion]
        out.emit(views, "\n\n".join(
            f"{v.occasion} ({v.kind}{'' if v.default else ', changed'}): {v.characters} characters, {v.parts} part(s)\n"
            f"  {printable(v.template)}\n  e.g. {printable(v.sample)}" for v in views))
    elif args.action == "announce":
        tier_id = club.get_tier(s, args.tier).id if args.tier else None
        a = sms.announce(s, args.campaign, args.text, offer=args.offer, tier_id=tier_id, dry_run=args.dry_run)
        cost = out.money(a.cost) if a.cost is not None else "unknown (set --sms-part-price)"
        verb = "would receive it" if a.dry_run else f"receive it ({a.queued} newly queued)"
        out.emit(a, f"{a.recipients} members {verb}; {a.parts} parts; cost {cost}")
    elif args.action == "balance":
        credit = sms.balance(s)
        out.emit({"balance": credit}, f"credit: {out.money(credit)}")
    return EXIT_OK
