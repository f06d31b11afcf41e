"""validate's per-row steps made cheaper (branch serial-log) against the forms they replaced."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.log import LogRow
from redactor.models import Box
from redactor.review import _COMPARED, _compared, _off_page

_keys = st.sampled_from([*_COMPARED, "entity_type", "score", "other"])
_cells = st.dictionaries(_keys, st.none() | st.integers() | st.text(max_size=3), max_size=8)


@settings(deadline=None)  # a loaded machine must not fail it
@given(_cells)
def test_compared_cells_are_those_of_the_dict_comprehension(cells: dict[str, Any]) -> None:
    expected = {k: cells.get(k) for k in _COMPARED}
    assert _compared(cells) == expected
    assert list(_compared(cells)) == list(expected)  # same keys, same order


_edge = st.floats(-5, 700, allow_nan=False) | st.sampled_from([float("nan"), -1.0, 0.0, 1.0])


@settings(deadline=None)  # a loaded machine must not fail it
@given(st.tuples(_edge, _edge, _edge, _edge), st.tuples(_edge, _edge, _edge, _edge))
def test_a_rows_edges_are_off_the_page_as_its_box_is(
    edges: tuple[float, float, float, float], page: tuple[float, float, float, float]
) -> None:
    row = LogRow("a", "f.pdf", 1, *edges, "t", "PERSON", "s40(2)", 0.9, "r")
    assert _off_page(row, Box(*page)) == _off_page(row.box, Box(*page))
