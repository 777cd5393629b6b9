"""Write a club file again with the program's page format (``store.cipher.NEW``: HMAC-SHA256), as
a club made today is: for a bench fill made by an earlier version (SHA-512 pages).

    LOYALTYDESK_PASSWORD=... uv run python bench/rewrite_pages.py CLUB [--user NAME]

The same key (the key file opens it as before); every table's rows counted on both sides; the
earlier file kept beside it as CLUB.sha512 until the counts agree.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from loyaltydesk.domain import passwords
from loyaltydesk.store import cipher, crypt, keyslots
from loyaltydesk.store.engine import connect, hmac_of


def club_key(path: Path, user: str, password: str | None) -> bytes:
    header = keyslots.read(path)
    if header is None:
        raise SystemExit(f"{path}: no key file beside it")
    if header.setup is not None:
        return header.setup
    slot = header.slots[user]
    derived = passwords.derive(password or "", slot.salt, (slot.n, slot.r, slot.p))
    key = keyslots.open_slot(slot, user, derived[1])
    if key is None:
        raise SystemExit(f"{user}'s password does not open {path}")
    return key


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("club", type=Path)
    parser.add_argument("--user", default="boss")
    args = parser.parse_args()
    key = club_key(args.club, args.user, os.environ.get("LOYALTYDESK_PASSWORD"))
    conn = connect(args.club, key)
    print("pages written with", hmac_of(conn), flush=True)
    if hmac_of(conn) == cipher.NEW:
        return
    start = time.perf_counter()
    new = args.club.with_name(args.club.name + ".rewriting")
    crypt.export(conn, new, key, cipher.NEW)
    before = crypt.counts(conn)
    conn.close()
    again = connect(new, key)
    after = crypt.counts(again)
    again.close()
    assert before == after, "the rows differ"
    args.club.replace(args.club.with_name(args.club.name + ".sha512"))
    new.replace(args.club)
    print(f"written again with {cipher.NEW} in {time.perf_counter() - start:.0f} s; "
          f"{sum(after.values()):,} rows in {len(after)} tables", flush=True)


if __name__ == "__main__":
    main()
