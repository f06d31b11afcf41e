"""The log's writer makes the bytes its plain form made.

The JSON rows are encoded without a dict per row and the CSV lines joined by hand where no cell
needs quoting (branch serial-log); the plain forms they replaced are kept here: `encode_json` of a
dict per row, and csv.writer over every row's cells. The CSV's batch size is made small so that rows
cross batch boundaries, and quoted rows fall between plain ones.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redactor import log
from redactor.log import (
    COLUMNS,
    JSON_NAME,
    FileRecord,
    LogRow,
    RedactionLog,
    _json_row,
    _row_cells,
    _values,
    encode_json,
    rows_to_csv,
    write_log,
)

# cells a spreadsheet quotes, escapes or mangles, and JSON escapes
_CHARACTERS = ["a", " ", "'", "=", "-", ",", '"', "\r", "\n", "\t", "é", "\\", "\x00", "\x1f"]
_CHARACTERS += ["\u2028", "\U0001f600", "/"]
_utf8_text = st.text(alphabet=st.sampled_from(_CHARACTERS), max_size=6)
_text = st.text(alphabet=st.sampled_from([*_CHARACTERS, "\ud800"]), max_size=6)  # not UTF-8
_number = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-(10**20), 10**20)
    | st.sampled_from([0.0, -0.0, 0, True, False, 1e-7, 1e22, 123.455])
)


@st.composite
def odd_rows(draw: st.DrawFn, text: st.SearchStrategy[str] = _text) -> LogRow:
    """Rows with any value the fields' types allow, and some they do not (ints in float fields,
    bools, None): the writer must make of each what the plain form made."""
    return LogRow(
        id=draw(text),
        file=draw(text),
        page=draw(st.integers(-2, 10**12) | st.sampled_from([True, False])),
        x0=draw(_number),
        y0=draw(_number),
        x1=draw(_number),
        y1=draw(_number),
        text=draw(text),
        entity_type=draw(text),
        exemption=draw(text),
        score=draw(_number),
        recogniser=draw(text),
        reason=draw(text),
        finding=draw(text),
        decision=draw(text),
        reviewer=draw(text),
        decided_at=draw(text),
        note=draw(text),
        source=draw(text),
        ocr_confidence=draw(st.none() | st.floats() | st.integers(0, 100)),
    )


_rows = st.lists(odd_rows() | st.builds(lambda: _plain_row()), max_size=9)
_utf8_rows = st.lists(odd_rows(_utf8_text) | st.builds(lambda: _plain_row()), max_size=9)


def _plain_row() -> LogRow:
    return LogRow("a1", "f.pdf", 1, 1.5, 2.25, 30.0, 40.125, "Lucy", "PERSON", "s40(2)", 0.85, "r")


def _plain_json_row(row: LogRow) -> str:
    return encode_json(dict(zip(COLUMNS, _values(row), strict=True)))


def _plain_csv(rows: list[LogRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row_cells(row) for row in rows)
    return "\ufeff" + buffer.getvalue()


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log, "_BATCH", 3)


@settings(max_examples=300, deadline=None)
@given(_rows)
def test_json_rows_are_those_of_the_plain_encoder(rows: list[LogRow]) -> None:
    assert [_json_row(r) for r in rows] == [_plain_json_row(r) for r in rows]


@settings(max_examples=300, deadline=None)
@given(_rows)
def test_csv_is_that_of_the_plain_writer(rows: list[LogRow]) -> None:
    assert rows_to_csv(rows) == _plain_csv(rows)


@settings(max_examples=50, deadline=None)
@given(rows=_utf8_rows)
def test_json_file_rows_are_those_of_the_plain_encoder(
    rows: list[LogRow], tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("log")
    files = [FileRecord("f.pdf", "ab" * 32, 3, "ok", warnings=("w",))]
    write_log(out, RedactionLog(input_dir="/in", files=files, rows=rows))
    text = (out / JSON_NAME).read_text(encoding="utf-8")
    head = text[: text.index(',\n "rows": [')]
    if rows:
        expected = ',\n "rows": [\n  ' + ",\n  ".join(map(_plain_json_row, rows)) + "\n ]\n}\n"
    else:
        expected = ',\n "rows": []\n}\n'
    assert text == head + expected


def test_a_batch_boundary_falls_between_quoted_and_plain_rows() -> None:
    plain = _plain_row()
    quoted = LogRow("b2", "f.pdf", 1, 1.0, 2.0, 3.0, 4.0, 'say "hi",\nbye', "X", "s31", 1, "r")
    for rows in ([plain] * 7, [quoted] * 4, [plain, quoted] * 4, [plain] * 3 + [quoted] + [plain]):
        assert rows_to_csv(rows) == _plain_csv(rows)
