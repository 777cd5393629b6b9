"""Kavenegar through its SDK (``kavenegar`` on PyPI), as ``sms_provider`` describes it: imported only
when a provider is made (``sms_provider.provider_for``), so that neither the SDK nor requests loads
at the app's start."""

from __future__ import annotations

import types
from datetime import timedelta
from urllib.parse import urlsplit

import kavenegar
import requests

from .sms_provider import (
    ACCOUNT_FAULTS, CONNECT_TIMEOUT, KAVENEGAR_HOST, KAVENEGAR_STATUS, READ_TIMEOUT, REJECTIONS, SEND_CHUNK,
    _STATUS_IN_SDK_ERROR, Answer, Outcome, Outgoing, ProviderError, trust_context,
)


class _SystemTrust(requests.adapters.HTTPAdapter):
    """requests' adapter checking https:// against ``trust_context`` (the documented way: the pool
    key's ``ssl_context``)."""

    def __init__(self) -> None:
        self.context = trust_context()
        super().__init__()

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host, pool = super().build_connection_pool_key_attributes(request, verify, cert)
        if verify is not False and host.get("scheme") == "https":
            pool["ssl_context"] = self.context
        return host, pool


class _Transport:
    """What the SDK's ``_request`` finds under the name ``requests``: ``post`` moved to our address,
    with timeouts, through our session; ``exceptions`` as requests has them."""

    exceptions = requests.exceptions

    def __init__(self, base_url: str, timeout: tuple[float, float]):
        self.base, self.timeout, self.session = base_url.rstrip("/"), timeout, requests.Session()
        self.session.mount("https://", _SystemTrust())

    def post(self, url: str, headers=None, auth=None, data=None):
        path = url[len("https://"):].split("/", 1)[1]  # after the SDK's host: v1/KEY/sms/send.json
        return self.session.post(f"{self.base}/{path}", headers=headers, auth=auth, data=data, timeout=self.timeout)


class KavenegarClient(kavenegar.KavenegarAPI):
    """The SDK's client with a base address (``https://api.kavenegar.com`` by default; ``http://`` only
    to 127.0.0.1) and a connect and a read timeout."""

    def __init__(self, apikey: str, base_url: str = "", timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)):
        super().__init__(apikey)
        base = base_url or KAVENEGAR_HOST
        parts = urlsplit(base)
        if not (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname == "127.0.0.1")):
            raise ValueError("the provider's address is https:// (http:// only for 127.0.0.1)")
        self.host = parts.netloc
        self.transport = _Transport(base, timeout)
        sdk_request = kavenegar.KavenegarAPI._request
        scope = dict(sdk_request.__globals__, requests=self.transport)
        run = types.FunctionType(sdk_request.__code__, scope, sdk_request.__name__, sdk_request.__defaults__,
                                 sdk_request.__closure__)
        self._request = types.MethodType(run, self)

    def __repr__(self) -> str:
        return f"KavenegarClient(host={self.host!r})"

    __str__ = __repr__


class Kavenegar:
    name = "kavenegar"
    chunk = SEND_CHUNK
    window = timedelta(hours=48)

    def __init__(self, api_key: str, base_url: str = "",
                 timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)):
        self._key = api_key
        self.client = KavenegarClient(api_key, base_url, timeout)

    def __repr__(self) -> str:
        return f"Kavenegar(host={self.client.host!r})"

    def _masked(self, text: str) -> str:
        return text.replace(self._key, "***") if self._key else text

    def _call(self, method, params=None):
        try:
            return method(params) if params is not None else method()
        except kavenegar.APIException as e:
            raw = e.args[0] if e.args else b""
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            m = _STATUS_IN_SDK_ERROR.search(text)
            code = int(m[1]) if m else None
            detail = self._masked(f"{code} {m[2].strip()}" if m else text)
            if code in ACCOUNT_FAULTS:
                pause = ACCOUNT_FAULTS[code]
                raise ProviderError(Outcome.NO_CREDIT if pause == "no_credit" else Outcome.RETRY, code, detail,
                                    pause) from None
            if code in REJECTIONS:
                raise ProviderError(Outcome.REJECTED, code, detail) from None
            raise ProviderError(Outcome.RETRY, code, detail) from None
        except kavenegar.HTTPException as e:  # the network, a timeout, an answer that is not JSON (a 502 page)
            cause = e.args[0] if e.args else e
            kind = type(cause).__name__
            raise ProviderError(Outcome.RETRY, None, self._masked(f"{kind}: {cause}")[:300]) from None
        except (KeyError, TypeError) as e:  # JSON without return.status
            raise ProviderError(Outcome.RETRY, None, f"unexpected answer ({type(e).__name__})") from None

    @staticmethod
    def _answer(entry: dict, local_id: str | None = None) -> Answer:
        status = int(entry.get("status", 0) or 0)
        outcome = KAVENEGAR_STATUS.get(status, Outcome.ACCEPTED)
        message_id = entry.get("messageid")
        provider_id = str(message_id) if message_id not in (None, "", 0, "0") else None
        if provider_id is None and outcome is not Outcome.NOT_FOUND:
            outcome = Outcome.NOT_FOUND
        return Answer(str(entry.get("localid") or local_id or "") or None, provider_id, outcome,
                      str(entry.get("statustext", "")))

    def send(self, sender: str, messages: list[Outgoing]) -> list[Answer]:
        assert messages and len(messages) <= self.chunk and len({m.body for m in messages}) == 1
        params = {"receptor": ",".join(m.mobile for m in messages), "message": messages[0].body,
                  "localid": ",".join(m.local_id for m in messages)}
        if sender:
            params["sender"] = sender
        entries = self._call(self.client.sms_send, params)
        if not isinstance(entries, list) or len(entries) != len(messages):
            raise ProviderError(Outcome.RETRY, None, "the send's answer does not list every message")
        return [self._answer(entry, m.local_id) for entry, m in zip(entries, messages)]

    def status(self, provider_ids: list[str]) -> list[Answer]:
        entries = self._call(self.client.sms_status, {"messageid": ",".join(provider_ids)})
        return [self._answer(entry) for entry in entries or []]

    def lookup(self, local_ids: list[str]) -> list[Answer]:
        entries = self._call(self.client.sms_statuslocalmessageid, {"localid": ",".join(local_ids)})
        found = {str(e.get("localid")): self._answer(e) for e in entries or []}
        return [found.get(local_id) or Answer(local_id, None, Outcome.NOT_FOUND) for local_id in local_ids]

    def balance(self) -> int:
        entries = self._call(self.client.account_info)
        return int(entries.get("remaincredit", 0))
