"""The SMS providers: what the sender asks of one (send, status, "what happened to my local id",
balance), and Kavenegar through its SDK (``kavenegar`` on PyPI).

The SDK (1.1.2) posts with ``requests.post`` to ``'https://' + host + '/v1/' + key + ...`` and
has no timeout, so a hung server would hang the sender for ever, and no way to name another
address. ``KavenegarClient`` keeps the SDK's own request code (its URL, its form, its reading of
the answer and its exceptions) and runs it with a transport of ours in place of the ``requests``
module it looks up: the same URL moved to the configured base address, posted with a connect and
a read timeout through a session that trusts the system's certificates (``SSL_CERT_FILE`` /
``REQUESTS_CA_BUNDLE`` as requests reads them). Nothing of the SDK is copied.

The API key is part of every URL: no message, exception or log line of this module carries it
(``_masked``); ``repr`` of a client says only the provider.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import ssl

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.domain.sms import Outcome

CONNECT_TIMEOUT = 5.0  # seconds to reach the provider
READ_TIMEOUT = 20.0  # seconds for its answer once connected

PROVIDER_FAULT = QT_TRANSLATE_NOOP("LoyaltyError", "The SMS provider could not be reached or answered with an error: {detail}")


@dataclass(frozen=True)
class Outgoing:
    local_id: str
    mobile: str
    body: str


@dataclass(frozen=True)
class Answer:
    """The provider's word on one message: its id there (None when it has none) and the outcome."""

    local_id: str | None
    provider_id: str | None
    outcome: Outcome
    detail: str = ""


class ProviderError(LoyaltyError):
    """A call failed as a whole. ``outcome`` says what that means for its messages: RETRY (the
    network, a timeout, a server error: whether a send went through is unknown), REJECTED (the
    provider refuses these messages for good: an invalid number), NO_CREDIT; ``pause`` names a fault
    of the account (no credit, a wrong key or line) that stops all sending until the owner acts."""

    template = PROVIDER_FAULT

    def __init__(self, outcome: Outcome, code: int | None, detail: str, pause: str = ""):
        self.outcome, self.code, self.pause = outcome, code, pause
        super().__init__(detail=detail)


class Provider(Protocol):
    name: str
    chunk: int  # receptors one send call takes
    window: timedelta  # how long after sending a delivery report can be asked for

    def send(self, sender: str, messages: list[Outgoing]) -> list[Answer]:
        """Send messages that share one body, in one call; an answer per message, in order."""
        ...

    def status(self, provider_ids: list[str]) -> list[Answer]: ...

    def lookup(self, local_ids: list[str]) -> list[Answer]:
        """What the provider knows of our local ids (NOT_FOUND: it never took that message)."""
        ...

    def balance(self) -> int:
        """The account's credit, in rials."""
        ...


# --- Kavenegar ------------------------------------------------------------------------------------

KAVENEGAR_HOST = "https://api.kavenegar.com"

# a message's status (sms/send, sms/status, sms/statuslocalmessageid), kavenegar.com/rest.html
KAVENEGAR_STATUS = {
    1: Outcome.ACCEPTED,  # in the send queue
    2: Outcome.ACCEPTED,  # scheduled
    4: Outcome.ACCEPTED,  # handed to the operator
    5: Outcome.ACCEPTED,  # handed to the operator
    6: Outcome.UNDELIVERED,  # failed to send
    10: Outcome.DELIVERED,
    11: Outcome.UNDELIVERED,  # not delivered
    13: Outcome.UNDELIVERED,  # cancelled by the sender
    14: Outcome.UNDELIVERED,  # the receiver blocks this line
    100: Outcome.NOT_FOUND,  # no such message id
}

# a call's return status (return.status): what it means for the messages of the call
ACCOUNT_FAULTS = {401: "account", 403: "account", 412: "account", 416: "account", 418: "no_credit"}
REJECTIONS = {411, 413, 422}  # an invalid receptor, an empty or too long text, bad characters
SEND_CHUNK = 200  # receptors in one sms/send call
STATUS_CHUNK = 500  # message ids in one sms/status call

_STATUS_IN_SDK_ERROR = re.compile(r"APIException\[(\d+)\]\s*(.*)", re.S)


def trust_context() -> ssl.SSLContext:
    """The certificates an https:// provider is checked against: the system's own (Windows' store,
    /etc/ssl...), and the files named by ``SSL_CERT_FILE`` and ``REQUESTS_CA_BUNDLE`` (a shop
    behind a company proxy); requests adds its own bundle (certifi) beside them. Never one pinned
    bundle only."""
    import ssl  # (only with a provider: not at the app's start)

    context = ssl.create_default_context()
    for name in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        path = os.environ.get(name)
        if path and os.path.isfile(path):
            context.load_verify_locations(cafile=path)
    return context


def __getattr__(name: str):
    """The Kavenegar client (``Kavenegar``, ``KavenegarClient``) lives in ``sms_kavenegar``: its SDK and
    requests load only when a provider is made, never at the app's start."""
    if name in ("Kavenegar", "KavenegarClient"):
        from . import sms_kavenegar

        return getattr(sms_kavenegar, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def provider_for(name: str, api_key: str, base_url: str = "",
                 timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)) -> Provider:
    """The provider the owner chose (room for sms.ir, IPPanel/Faraz, Melipayamak beside it)."""
    if name == "kavenegar":
        from .sms_kavenegar import Kavenegar

        return Kavenegar(api_key, base_url, timeout)
    raise ValueError(f"unknown SMS provider: {name!r}")
