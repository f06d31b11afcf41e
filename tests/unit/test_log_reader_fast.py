"""The CSV reader's quick way to a row gives the row the plain way gives.

`_row_quickly` (branch serial-log) makes a row from its cells without a dict, and gives up when
the row has, or might have, a problem; `_row_from` is the reader as it was, which then says what
the problem is. On any row both must give the same row, and the quick one must give up exactly
when the plain one finds a problem (else a bundle's log would always take the slow way).
"""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.log import COLUMNS
from redactor.log_read import _cells_getter, _non_blank, _row_from, _row_quickly

_BOX = ["x0", "y0", "x1", "y1"]


def _cell(name: str) -> st.SearchStrategy[str]:
    """Cells of each column: mostly good ones, written as a person or a spreadsheet might, and
    now and then a bad one."""
    text = st.sampled_from(["", "Lucy", " Lucy Harper ", "'=1+1", "'", "''x", "=a", 'é,\n"q"'])
    number = st.sampled_from(["", "0", "1", " 2 ", "10.5", "1e2", "-3", "nan", "inf", "x", "1,5"])
    choices: dict[str, st.SearchStrategy[str]] = {
        "id": st.sampled_from(["", "a1", "b2", "a1 "]) | st.text("0123456789abcdef", max_size=3),
        "page": st.sampled_from(["", "1", "2", " 3", "0", "-1", "x", "1.0"]),
        "score": number,
        "ocr_confidence": number,
        "decision": st.sampled_from(["", "accept", "Reject", "PROPOSED", " accept ", "maybe"]),
        "source": st.sampled_from(["", "text", "OCR", "Text ", "paper"]),
        "exemption": st.sampled_from(["s40(2)", "s31", "", " s30 "]),
        "file": st.sampled_from(["a.pdf", "*", "", "'+b.pdf", "b.pdf"]),
    }
    if name in _BOX:
        return st.sampled_from(["", "1", "5.5", "100", "0", "-1", "x", "nan"])
    return choices.get(name, text)


@st.composite
def logs(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from([list(COLUMNS), list(reversed(COLUMNS)), [*COLUMNS, "extra"]]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for number in range(draw(st.integers(1, 6))):
        good = draw(st.integers(0, 9)) < 8  # a well-formed box or text row, most of the time
        cells = {}
        for name in header:
            cells[name] = draw(_cell(name))
        if good:
            boxed = draw(st.booleans())
            left, top = draw(st.integers(0, 500)), draw(st.integers(0, 700))
            edges = [str(left), f"{top}.25", str(left + 10), str(top + 12)]
            cells.update(dict(zip(_BOX, edges if boxed else ["", "", "", ""], strict=True)))
            cells.update(page=draw(st.sampled_from(["1", "2"])) if boxed else cells["page"])
            cells.update(file=draw(st.sampled_from(["a.pdf", "b.pdf"])), exemption="s40(2)")
            cells.update(text=cells["text"] or "Lucy", decision="accept", source="text")
            cells.update(page="1" if boxed else "", score="0.85", ocr_confidence="")
            cells.update(id=draw(st.sampled_from([f"g{number}", f"g{number}", "", "g0"])))
        writer.writerow([cells[name] for name in header])
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(logs())
def test_a_row_quickly_is_the_row_from_its_cells(text: str) -> None:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    position = {name: index for index, name in enumerate(header)}
    columns = [(name, position.get(name)) for name in COLUMNS]
    cells_of = _cells_getter(columns)
    assert cells_of is not None
    for number, raw in _non_blank(reader, header, sorted(set(position.values()))):
        problems: list[str] = []
        values = {name: "" if at is None else raw[at].strip() for name, at in columns}
        plain = _row_from(values, f"row {number}", problems)
        quick = _row_quickly(cells_of(raw))
        if problems:
            assert quick is None
        else:  # by repr: a "nan" edge is read as NaN both ways (and passes the shape check)
            assert repr(quick) == repr(plain)  # NaN != NaN


def test_without_every_column_there_is_no_quick_way() -> None:
    assert _cells_getter([("id", 0), ("file", None)]) is None
