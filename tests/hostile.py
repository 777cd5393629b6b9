"""Hostile input for the property suites: digits of every script, bidi marks, emoji, SQL, formulas,
huge and negative numbers, dates that do not exist."""

from __future__ import annotations

from hypothesis import HealthCheck, settings, strategies as st

# Derandomized (the same examples every run: CI never flakes) and modest, so the suites stay fast.
HOSTILE = settings(max_examples=60, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

PIECES = (
    "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩", "0123456789", "０１２", "१२३", "𝟘𝟙𝟚", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "+98 912 123 4567",
    "0098", "612345678903", "\u200f", "\u200e", "\u202e", "\u2067", "\u200c", "\u200b", "\ufeff", "\u0640", "ي", "ك",
    "علی", "مریم", "😀", "👨‍👩‍👧", "🇮🇷", "'; DROP TABLE members; --", "\" OR 1=1 --", "%", "_", "*", "NULL", "\x00",
    "\n", "\t", "  ", "=1+1", "@SUM(A1)", "<script>", "\\", "/", "-", "--", ".", ",", "٫", "٬", "−", "∞", "NaN", "1e9",
    "-1", "-0", "99999999999999999999999", "1403/12/30", "1403/12/31", "1404/12/30", "1404/13/01", "0000/00/00",
    "1370/05/14", "2025-06-01T08:00", "2025-02-30", "\U0010ffff", "\ud7ff", "ـــ", "ۀ", "آ", "%s", "{0}", "{value}",
)

hostile_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=6).map("".join),
    st.text(max_size=30),
    st.sampled_from(PIECES),
)
huge_ints = st.one_of(
    st.integers(-(10**20), 10**20),
    st.integers(-5, 5),
    st.sampled_from([0, -1, 1, 2**31, 2**63 - 1, 2**63, -(2**63), 10**15, 10**15 + 1, 10**18, 10**19]),
)
