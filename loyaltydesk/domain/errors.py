"""The one root exception and its few children.

Every message is an English *template* with named parameters. The GUI translates the template
through Qt (the templates are marked with ``QT_TRANSLATE_NOOP`` so that ``pyside6-lupdate``
collects them) and then fills the parameters; the command line prints the English text.
Validation collects every problem of a form at once (Beancount's validators return lists).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation without importing Qt (the domain stays Qt-free)."""
    return text


class Rials(int):
    """An amount of money filled into a message: the GUI shows it in the shop's display unit,
    grouped (``۱۲٬۵۰۰ تومان``); plain text (the command line) says ``125,000 rials``. Templates
    therefore never name a unit next to a ``Rials`` value."""

    def __format__(self, spec: str) -> str:
        return format(int(self), spec) if spec else f"{int(self):,} rials"

    def __str__(self) -> str:
        return format(self, "")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of a form (or with the data, for ``check``)."""

    field: str
    template: str
    params: dict = dataclasses.field(default_factory=dict)  # (``field`` is a field's name here)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)

    def __str__(self) -> str:
        return self.message


class LoyaltyError(Exception):
    """Root of every error a person may see. ``template`` and ``params`` make the message."""

    template = "Something went wrong."

    def __init__(self, template: str | None = None, **params):
        self.template = template or self.template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)


class ValidationError(LoyaltyError):
    """Bad input: carries every problem found, not only the first."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("{details}", details="; ".join(p.message for p in self.problems))


class NotFound(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "Not found.")


class PermissionDenied(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "Your role may not do this.")


class Conflict(LoyaltyError):
    """The action clashes with what is stored (a duplicate mobile, a used coupon...)."""


class DuplicateMember(Conflict):
    """A sign-up with a mobile that already belongs to a member; ``existing`` names that member."""

    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "Mobile {mobile} already belongs to member {name} (card {card})."
    )

    def __init__(self, existing, **params):
        self.existing = existing
        super().__init__(**params)


class RuleViolation(LoyaltyError):
    """The club's rules refuse the action (a redemption beyond the cap, a blocked member...)."""


def require_valid(problems) -> None:
    """Raise one ValidationError carrying all ``problems`` if there are any."""
    problems = [p for p in problems if p is not None]
    if problems:
        raise ValidationError(problems)
