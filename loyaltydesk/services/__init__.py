"""One function per thing a person does. Each is role-checked, runs in one transaction, and is
audited; each returns plain values. The GUI and the command line call only these."""

from . import campaigns, check, checkout, club, demo, members, points, users
from .session import Session, User, club_place_refused, fault_of, open_club, owner_session

__all__ = ["Session", "User", "club_place_refused", "fault_of", "open_club", "owner_session", "campaigns", "check", "checkout", "club", "demo", "members", "points", "users"]
