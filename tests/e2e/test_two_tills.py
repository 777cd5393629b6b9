"""Two tills, one club on a PostgreSQL server (issue 23, "Done when"): the real program twice, two
processes on two X screens (two shop PCs), each pointed at the same server club with ``--db URL``
(over TCP, as another computer reaches it), each a cashier serving customers at the same time:
a scanned card, an amount typed, F9; some customers at both tills at once. Then the command line,
run from each till's own data folder, reads the members, their balances and a report back: both
agree with each other and with what the tills did, and ``check`` is clean (no lost update)."""

from __future__ import annotations

import json
import subprocess
import threading
from urllib.parse import urlsplit

import pytest

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.domain.text import to_persian_digits

from .desk import program

pytestmark = pytest.mark.pg


def server_cli(desk, url: str, *args: str, user: str = "owner") -> subprocess.CompletedProcess:
    """``loyaltydesk --db URL --user USER ARGS`` from this till's data folder."""
    env = {k: v for k, v in desk.env.items() if k != "DISPLAY"}
    env["LOYALTYDESK_PASSWORD"] = "demo1234"
    done = subprocess.run([program(), "--db", url, "--user", user, *args], env=env, capture_output=True, text=True,
                          timeout=180)
    if done.returncode != 0:
        raise AssertionError(f"loyaltydesk {' '.join(args)} -> {done.returncode}\n{done.stderr}")
    return done


def read(desk, url: str, *args: str):
    return json.loads(server_cli(desk, url, "--json", *args).stdout)


def purchase_count(desk, url: str) -> int:
    return read(desk, url, "overview")["purchases"]


def serve(desk, url: str, cashier: str, customers: list[tuple[str, int]], before: dict, failures: list[str]) -> None:
    """The cashier at this till: for each customer the card scanned, the amount in toman typed, F9;
    the next customer once the command line sees the sale (a cashier looks at the screen)."""
    mine = {card: len([p for p in h["purchases"] if p["actor"] == cashier]) for card, h in before.items()}
    try:
        for card, toman in customers:
            desk.scan(card, settle=1.0)
            desk.type(to_persian_digits(str(toman)))
            desk.key("F9", settle=0.5)
            mine[card] += 1
            desk.wait_until(lambda: len([p for p in read(desk, url, "history", card, "--limit", "500")["purchases"]
                                         if p["actor"] == cashier]) == mine[card],
                            timeout=60, what=f"{cashier}'s sale of {toman} toman to {card}", every=0.5)
    except Exception as e:  # noqa: BLE001 - reported by the test's thread below
        desk.shot("failure-" + cashier)
        failures.append(f"{desk.name}: {e!r}")


def test_two_tills_serve_customers_at_once_and_the_club_agrees(make_desk, pg_cluster, pg_url):
    name = urlsplit(pg_url).path.lstrip("/")
    url = pg_cluster.tcp_url(name)  # the server as the shop's other PCs reach it
    till_a = make_desk(size=(1366, 768), club=False, name="till-a")
    till_b = make_desk(size=(1280, 800), club=False, name="till-b")  # another screen: another PC
    subprocess.run([program(), "--db", url, "init", "--demo", "--members", "12"], check=True, capture_output=True,
                   timeout=300, env={k: v for k, v in till_a.env.items() if k != "DISPLAY"})
    db = services.open_club(url)  # the second till's cashier, as the owner's Users page adds one
    try:
        owner = services.users.sign_in(db, "owner", "demo1234")  # a role is signed with the owner's key
        services.users.add_user(owner, "reza", "demo1234", "demo1234", Role.CASHIER.value, "رضا کریمی")
    finally:
        db.close()
    members = [m for m in read(till_a, url, "member", "list", "--limit", "40")["members"] if m["status"] == "active"]
    both, only_a, only_b = members[:2], members[2], members[3]
    cards = {m["card"] for m in (*both, only_a, only_b)}
    before = {card: read(till_a, url, "history", card, "--limit", "500") for card in cards}  # the member, their purchases
    bought = {card: len(before[card]["purchases"]) for card in cards}
    total = purchase_count(till_a, url)

    plan_a = [(both[0]["card"], 25_000), (only_a["card"], 40_000), (both[1]["card"], 12_500), (both[0]["card"], 8_000)]
    plan_b = [(both[0]["card"], 31_000), (both[1]["card"], 19_000), (only_b["card"], 55_000), (both[0]["card"], 6_000)]
    for till, cashier in ((till_a, "sara"), (till_b, "reza")):
        till.start("--db", url)  # --demo: the sign-in offers the demo's documented accounts
        till.sign_in(cashier)
    till_a.shot("till-a-signed-in")
    till_b.shot("till-b-signed-in")

    failures: list[str] = []
    threads = [threading.Thread(target=serve, args=(t, url, c, p, before, failures))
               for t, c, p in ((till_a, "sara", plan_a), (till_b, "reza", plan_b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert not failures, failures
    expected = total + len(plan_a) + len(plan_b)
    till_a.shot("till-a-served")
    till_b.shot("till-b-served")
    for till in (till_a, till_b):
        assert till.alive()

    # what the tills did, read back from each till's PC: the same, and as the tills rang it up
    seen = []
    for till in (till_a, till_b):
        history = {card: read(till, url, "history", card, "--limit", "500") for card in sorted(cards)}
        report = read(till, url, "report", "value")
        overview = read(till, url, "overview")
        seen.append((history, report, overview))
        assert server_cli(till, url, "check").returncode == 0  # every invariant holds (exit 1 lists problems)
    assert seen[0] == seen[1], "the two tills read the club differently"
    history, report, overview = seen[0]
    assert report["tables"] and overview["members"] == 12
    assert overview["purchases"] == expected
    rung = {card: [] for card in cards}
    for card, toman in plan_a + plan_b:
        rung[card].append(toman * 10)
    for card in cards:
        new = sorted(history[card]["purchases"], key=lambda p: p["id"])[bought[card]:]
        assert sorted(p["gross"] for p in new) == sorted(rung[card]), card
        assert sorted(p["actor"] for p in new) == sorted(
            c for c, plan in (("sara", plan_a), ("reza", plan_b)) for k, _ in plan if k == card)
        earned = sum(p["points_earned"] + p["campaign_points"] - p["points_redeemed"] for p in new)
        assert history[card]["member"]["points"] == before[card]["member"]["points"] + earned, card  # no lost update
    assert sum(len(history[c]["purchases"]) - bought[c] for c in cards) == len(plan_a) + len(plan_b)
