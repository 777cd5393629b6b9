"""Hash chains and seals: the pure part of records that cannot be quietly rewritten.

Every row of the audit log and of the points ledger carries ``chain``: SHA-256 over a fixed prefix
(the encoding's version and the table), the previous row's ``chain`` (``GENESIS`` for the first
row) and the row's own content in a canonical encoding. A row altered, deleted or slipped in
between breaks the chain at that place. Anyone who knows this encoding can compute a whole new
chain, so the chain alone proves only that the rows agree with each other: what anchors them is a
*seal*, the owner's Ed25519 signature over both chains' heads (the last row's id and ``chain``, and
the number of rows), made at each owner sign-in and at the daily close, its fingerprint printed on
paper. A history rewritten before a seal no longer contains the sealed heads.

The canonical encoding (version 1) writes each value with a type letter, so no two different rows
encode alike: ``n`` for NULL; ``i`` the decimal digits and ``;`` for an integer; ``s`` the UTF-8
length, ``:`` and the bytes for a text; ``b`` the same for a blob. A later version would get a
prefix of its own; version 1 stays as it is for the rows already written with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

VERSION = 1
GENESIS = bytes(32)  # the "previous row" of a table's first row
HASH_BYTES = 32

# The columns each chained table's content is, in this order (the row's id first).
LEDGER_FIELDS = ("id", "member_id", "at", "kind", "points", "expires_at", "lot_id", "purchase_id", "refund_id",
                 "reverses_id", "bonus_key", "reason", "actor")
AUDIT_FIELDS = ("id", "at", "actor", "role", "action", "entity", "entity_id", "before", "after", "recorded_at")
FIELDS = {"ledger": LEDGER_FIELDS, "audit_log": AUDIT_FIELDS}

_PREFIX = {table: b"loyaltydesk chain v1\x00" + table.encode("ascii") + b"\x00" for table in FIELDS}


def encode(values: Iterable[object]) -> bytes:
    """The canonical bytes of a row's values (version 1, described above)."""
    out = []
    for v in values:
        if v is None:
            out.append(b"n")
        elif isinstance(v, bool):
            raise TypeError("a chained value is never a bool")
        elif isinstance(v, int):
            out.append(b"i%d;" % v)
        elif isinstance(v, str):
            data = v.encode("utf-8")
            out.append(b"s%d:%s" % (len(data), data))
        elif isinstance(v, (bytes, bytearray, memoryview)):
            data = bytes(v)
            out.append(b"b%d:%s" % (len(data), data))
        else:
            raise TypeError(f"a chained value is NULL, an integer, a text or a blob, not {type(v).__name__}")
    return b"".join(out)


def link(table: str, previous: bytes | None, values: Iterable[object]) -> bytes:
    """The ``chain`` of a row of ``table`` with these values (in ``FIELDS[table]`` order) whose
    previous row's ``chain`` is ``previous`` (None or ``GENESIS``: the table's first row)."""
    return link_encoded(table, previous, encode(values))


def link_encoded(table: str, previous: bytes | None, encoded: bytes) -> bytes:
    """``link`` of a row whose values are already ``encode``d (``store.chain`` has SQLite encode
    them while it reads: the walk of a big table then hashes, and builds nothing, per row)."""
    return hashlib.sha256(_PREFIX[table] + (previous or GENESIS) + encoded).digest()


# --- walking a chain -----------------------------------------------------------------------------

@dataclass
class Walk:
    """What a walk of one table's chain found: where it breaks (at most ``MAX_BREAKS`` of them,
    ``broken`` counts them all), how many rows it holds, and, for each watched row id (a sealed
    head), its stored ``chain`` and its place (1 for the first row)."""

    breaks: list[tuple[str, int, int]] = field(default_factory=list)  # ("missing", first, last) / ("broken", id, id)
    broken: int = 0
    rows: int = 0
    last_id: int = 0
    last_chain: bytes | None = None  # the last row's stored chain
    seen: dict[int, tuple[bytes | None, int]] = field(default_factory=dict)


MAX_BREAKS = 50


def walk(table: str, rows: Iterable[tuple[int, tuple | bytes, bytes | None]], watch=frozenset(),
         values_of=None, start: tuple[int, bytes | None, int] = (0, None, 0)) -> Walk:
    """Check each row's ``chain`` against the row before it. ``rows`` are (id, values, stored
    chain) in id order; ``values`` may be the row's ``encode``d bytes instead, and then a row whose
    chain does not follow is judged again from its values, ``values_of(id)`` (so that the encoding
    done elsewhere can never report a sound row: only ``encode`` decides). A value no chained row
    holds (a real number) breaks the chain there. A gap in the ids is rows deleted ("missing", first, last): the row after
    it, which no longer follows, is not reported again. A row whose chain does not follow from the
    row before it is "broken": altered, or slipped in. The walk goes on from each row's stored
    chain, so one altered row is reported once. ``start`` (id, stored chain, rows up to it) is the
    row the walk goes on from, when the rows before it were proven already (``rows`` the ones after
    it); its place counts on from there."""
    out = Walk(rows=start[2], last_id=start[0])
    previous: bytes | None = start[1]

    def report(kind: str, first: int, last: int) -> None:
        out.broken += 1
        if len(out.breaks) < MAX_BREAKS:
            out.breaks.append((kind, first, last))

    for row_id, values, stored in rows:
        out.rows += 1
        gap = row_id != out.last_id + 1
        if gap:
            report("missing", out.last_id + 1, row_id - 1)
        elif isinstance(values, bytes):
            if stored != link_encoded(table, previous, values) and (
                    stored is None or not _follows(table, previous, stored, values_of(row_id))):
                report("broken", row_id, row_id)
        elif not _follows(table, previous, stored, values):
            report("broken", row_id, row_id)
        if row_id in watch:
            out.seen[row_id] = (stored, out.rows)
        previous, out.last_id = stored, row_id
    out.last_chain = previous
    return out


def _follows(table: str, previous: bytes | None, stored: bytes | None, values) -> bool:
    try:
        return values is not None and stored == link(table, previous, values)
    except TypeError:  # a value no LoyaltyDesk row holds: slipped in by hand
        return False


# --- seals and signed role assignments: what the owner's key signs ------------------------------

def seal_message(at: str, reason: str, owner_id: int, audit_id: int, audit_chain: bytes | None, audit_rows: int,
                 ledger_id: int, ledger_chain: bytes | None, ledger_rows: int) -> bytes:
    """The bytes a seal's signature covers."""
    return b"loyaltydesk seal v1\x00" + encode((at, reason, owner_id, audit_id, audit_chain, audit_rows,
                                                ledger_id, ledger_chain, ledger_rows))


def proof_message(at: str, owner_id: int, audit_id: int, audit_chain: bytes | None, audit_rows: int, ledger_id: int,
                  ledger_chain: bytes | None, ledger_rows: int, purchase_id: int, purchase_rows: int, audit_mark: int,
                  ledger_mark: int) -> bytes:
    """The bytes a check's proof covers: both chains' heads as a seal's, and how far the audit rows
    were proven ("every purchase up to ``purchase_id``, ``purchase_rows`` of them, has its audit
    row; a later one's is after the audit row ``audit_mark``; every ledger entry up to
    ``ledger_mark`` is accounted for")."""
    return b"loyaltydesk proof v1\x00" + encode((at, owner_id, audit_id, audit_chain, audit_rows, ledger_id, ledger_chain,
                                                 ledger_rows, purchase_id, purchase_rows, audit_mark, ledger_mark))


def assignment_message(username: str, role: str, active: int, key_id: int) -> bytes:
    """The bytes an owner signs for a user's role assignment: who, which role, whether they may sign
    in, and the key that signs (so that a signature cannot be moved to another key)."""
    return b"loyaltydesk role v1\x00" + encode((username, role, int(active), key_id))


def fingerprint(signature: bytes) -> str:
    """A seal's fingerprint, short enough to print and read aloud: the first 10 bytes of SHA-256 of
    its signature, in five groups of four hex digits (``3f2a-91c0-...``)."""
    digits = hashlib.sha256(signature).hexdigest()[:20]
    return "-".join(digits[i:i + 4] for i in range(0, 20, 4))
