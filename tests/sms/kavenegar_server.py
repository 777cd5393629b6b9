"""A real local HTTP server that speaks Kavenegar's REST API (kavenegar.com/rest.html) as far as
the club uses it: ``sms/send.json`` (receptor and localid comma-separated, one message),
``sms/status.json``, ``sms/statuslocalmessageid.json``, ``account/info.json``; answers shaped
``{"return": {"status", "message"}, "entries": ...}``, the HTTP status equal to ``return.status``.

It records every message it takes (``sent``), never drops a duplicate itself: a test that finds
the same local id or the same receptor and text twice in ``sent`` has caught the club sending twice.
Its faults are switched on by the test: ``credit`` (418), ``invalid`` numbers (411), ``broken``
(HTTP 500 with an HTML page), ``hang`` (the answer comes after ``hang`` seconds), ``fail_sends``
(the next N sends answer 500 and take nothing).
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

API_KEY = "4F6A2B7C8D9E0F1A2B3C4D5E6F708192"
ROUTE = re.compile(r"^/v1/(?P<key>[^/]+)/(?P<action>sms|account)/(?P<method>\w+)\.json$")

SENT, DELIVERED = 1, 10


@dataclass
class Taken:
    messageid: int
    localid: str
    receptor: str
    message: str
    sender: str
    status: int = SENT


@dataclass
class FakeKavenegar:
    server: HTTPServer
    credit: int = 10_000_000  # rials
    price: int = 1_000  # rials a part... a message here
    invalid: set = field(default_factory=set)  # receptors answered 411
    broken: bool = False
    hang: float = 0.0
    fail_sends: int = 0
    deliver: bool = True  # a status asked after the send says delivered
    jitter: float = 0.0  # each answer waits up to this many seconds (the kill test)
    lose_answer: float = 0.0  # the share of sends taken and then answered 500 (the answer lost on its way)
    rng: random.Random = field(default_factory=random.Random)
    lost: int = 0
    found: int = 0  # local ids asked for and found taken (the club's look-up before a resend)
    sent: list = field(default_factory=list)
    calls: list = field(default_factory=list)  # (method, params)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def answer(self, status: int, entries, message: str = "") -> Response:
        body = {"return": {"status": status, "message": message or ("تایید شد" if status == 200 else "خطا")},
                "entries": entries}
        return Response(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")

    def handle(self, request: Request) -> Response:
        m = ROUTE.match(request.path)
        params = {k: v[0] for k, v in parse_qs(request.get_data(as_text=True)).items()}
        with self.lock:
            self.calls.append((m["method"] if m else request.path, params))
        if self.hang:
            time.sleep(self.hang)
        if self.jitter:
            time.sleep(self.rng.uniform(0, self.jitter))
        if self.broken:
            return Response("<html><body>502 Bad Gateway</body></html>", status=500, content_type="text/html")
        if m is None:
            return self.answer(404, None)
        if m["key"] != API_KEY:
            return self.answer(403, None, "کلید نامعتبر")
        method = m["method"]
        with self.lock:
            if method == "send":
                return self._send(params)
            if method == "status":
                return self._status(params)
            if method == "statuslocalmessageid":
                return self._local(params)
            if method == "info":
                return self.answer(200, {"remaincredit": self.credit, "expiredate": 1893456000, "type": "Master"})
        return self.answer(404, None)

    def _send(self, params: dict) -> Response:
        if self.fail_sends:
            self.fail_sends -= 1
            return Response("Internal Server Error", status=500)
        receptors = params.get("receptor", "").split(",")
        localids = params.get("localid", "").split(",") if params.get("localid") else [""] * len(receptors)
        if any(r in self.invalid for r in receptors):
            return self.answer(411, None, "گیرنده نامعتبر است")
        if self.credit < self.price * len(receptors):
            return self.answer(418, None, "اعتبار حساب شما کافی نیست")
        entries = []
        for receptor, localid in zip(receptors, localids):
            self.credit -= self.price
            taken = Taken(len(self.sent) + 1_000_001, localid, receptor, params.get("message", ""),
                          params.get("sender", ""))
            self.sent.append(taken)
            entries.append({"messageid": taken.messageid, "message": taken.message, "status": 1,
                            "statustext": "در صف ارسال", "sender": taken.sender, "receptor": receptor,
                            "date": int(time.time()), "cost": self.price})
        if self.lose_answer and self.rng.random() < self.lose_answer:
            self.lost += 1
            return Response("Internal Server Error", status=500)
        return self.answer(200, entries)

    def _by_id(self) -> dict:
        return {t.messageid: t for t in self.sent}

    def _status(self, params: dict) -> Response:
        known, entries = self._by_id(), []
        for text in params.get("messageid", "").split(","):
            taken = known.get(int(text)) if text.isdigit() else None
            if taken is None:
                entries.append({"messageid": int(text) if text.isdigit() else 0, "status": 100,
                                "statustext": "شناسه پیامک نامعتبر است"})
                continue
            if self.deliver:
                taken.status = DELIVERED
            entries.append({"messageid": taken.messageid, "status": taken.status,
                            "statustext": "رسیده به گیرنده" if taken.status == DELIVERED else "در صف ارسال"})
        return self.answer(200, entries)

    def _local(self, params: dict) -> Response:
        entries = []
        for localid in params.get("localid", "").split(","):
            taken = next((t for t in self.sent if t.localid == localid), None)
            if taken is None:
                entries.append({"messageid": 0, "localid": localid, "status": 100, "statustext": "نامعتبر"})
            else:
                self.found += 1
                entries.append({"messageid": taken.messageid, "localid": localid, "status": taken.status,
                                "statustext": "در صف ارسال"})
        return self.answer(200, entries)

    def twice(self) -> list:
        """Messages taken more than once (by local id, or by receptor and text)."""
        by_local, by_text, again = set(), set(), []
        for t in self.sent:
            if t.localid in by_local or (t.receptor, t.message) in by_text:
                again.append(t)
            by_local.add(t.localid)
            by_text.add((t.receptor, t.message))
        return again


def start_fake() -> FakeKavenegar:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    fake = FakeKavenegar(server)
    server.expect_request(re.compile(r".*")).respond_with_handler(fake.handle)
    server.start()
    return fake
