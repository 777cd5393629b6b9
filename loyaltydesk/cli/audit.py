"""The audit log from the command line (the owner's): who did what, when, from what to what.

    loyaltydesk audit [--limit N] [--entity KIND]

A row written by a command run at a moved time (the owner's ``--now``) shows, beside that time,
the real time it was written.
"""

from __future__ import annotations

from loyaltydesk.services import audit_log

from .common import count, when


def register(sub, commands) -> None:
    a = sub.add_parser("audit", help="the audit log, newest first: who did what, when (owner only)")
    a.add_argument("--limit", type=count, default=50, help="rows (default 50, at most 1000)")
    a.add_argument("--entity", metavar="KIND", help="one kind only: member, purchase, settings, tier, coupon, user, "
                                                    "database, ...")
    commands["audit"] = cmd_audit


def audit_line(entry: audit_log.AuditEntry) -> str:
    """One row: when, who, what; the real time it was written when the clock was moved."""
    line = f"{when(entry.at)}  {entry.actor_name:<14} {entry.action:<18} {entry.entity} {entry.entity_id or ''}".rstrip()
    if entry.recorded_at and entry.recorded_at != entry.at:
        line += f"  (recorded {when(entry.recorded_at)})"
    return line


def cmd_audit(s, args, out):
    entries = audit_log.recent(s, args.limit, args.entity)
    out.emit(entries, "\n".join(audit_line(e) for e in entries) or "no audit rows")
