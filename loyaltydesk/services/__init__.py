"""One function per thing a person does. Each is role-checked, runs in one transaction, and is
audited; each returns plain values. The GUI and the command line call only these.

The modules named in ``__all__`` are reached as ``services.checkout`` and so on, each imported the
first time it is asked for (PEP 562): the app's start loads only those its first window uses."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .session import Session, User, club_place_refused, fault_of, open_club, owner_session

if TYPE_CHECKING:
    from . import campaigns, check, checkout, club, demo, members, points, users  # noqa: F401

MODULES = ("campaigns", "check", "checkout", "club", "demo", "members", "points", "users")

__all__ = ["Session", "User", "club_place_refused", "fault_of", "open_club", "owner_session", *MODULES]


def __getattr__(name: str):
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
