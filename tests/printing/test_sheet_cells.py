"""A CSV cell written by its column's own converter (``sheets._csv_cell``, the kind decided once per
column) is the cell ``sheets._csv_value`` writes, for every kind and any value a column may hold:
hostile text (formula starts, control characters, bidi marks) included."""

from __future__ import annotations

from hypothesis import given, strategies as st

from loyaltydesk.domain.report import Kind
from loyaltydesk.printing import sheets
from tests.hostile import hostile_text

VALUES = st.one_of(st.none(), st.just(""), hostile_text, st.integers(-10**15, 10**15),
                   st.sampled_from(["=1+1", "+98912", "-5", "@x", "\tx", "\rx", "۱۲۳", "2026-03-01T08:00:00Z"]))
NUMBERS = st.one_of(st.none(), st.just(""), st.integers(-10**15, 10**15), st.integers(0, 10**6).map(str))


@given(st.sampled_from([Kind.TEXT, Kind.CODE, Kind.DATE]), VALUES)
def test_a_text_cell_is_the_same_written_either_way(kind, value):
    assert sheets._csv_cell(kind, "toman")(value) == sheets._csv_value(value, kind, "toman")


@given(st.sampled_from(list(Kind)), NUMBERS, st.sampled_from(["rial", "toman"]))
def test_a_number_cell_of_any_kind_is_the_same_written_either_way(kind, value, unit):
    assert sheets._csv_cell(kind, unit)(value) == sheets._csv_value(value, kind, unit)
