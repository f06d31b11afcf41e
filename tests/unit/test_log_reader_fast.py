"""The CSV reader's rows made a column at a time are those made one row at a time.

`_rows_together` (branch serial-log) converts a whole log's cells column by column and gives up
when any row has, or might have, a problem; `_rows_one_by_one` is the reader as it was, which then
lists every problem. On any log both must give the same rows, and the fast one must give up
exactly when the plain one finds a problem (else a bundle's log would always take the slow way).
"""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.log import COLUMNS, _non_blank, _rows_one_by_one, _rows_together

_BOX = ["x0", "y0", "x1", "y1"]


def _cell(name: str) -> st.SearchStrategy[str]:
    """Cells of each column: mostly good ones, written as a person or a spreadsheet might, and
    now and then a bad one."""
    text = st.sampled_from(["", "Lucy", " Lucy Harper ", "'=1+1", "'", "''x", "=a", "é,\n\"q\""])
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


@settings(max_examples=400)
@given(logs())
def test_rows_together_are_the_rows_one_by_one(text: str) -> None:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    position = {name: index for index, name in enumerate(header)}
    columns = [(name, position.get(name)) for name in COLUMNS]
    kept = _non_blank(reader, header, sorted(set(position.values())))
    problems: list[str] = []
    plain = _rows_one_by_one(kept, columns, problems)
    together = _rows_together(kept, columns)
    if problems or not kept:
        assert together is None
    else:  # by repr: a "nan" edge is read as NaN both ways (and passes the shape check), and
        assert repr(together) == repr(plain)  # NaN != NaN
