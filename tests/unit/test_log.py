import csv
import io
import json
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.errors import LogError
from redactor.log import (
    COLUMNS,
    CSV_NAME,
    LOG_FORMAT,
    FileRecord,
    LogRow,
    RedactionLog,
    rows_to_csv,
    stable_id,
    write_log,
)
from redactor.log_read import _REQUIRED, _row_from, read_csv_numbered, read_csv_rows, read_log
from redactor.models import Box


def row(text: str = "Lucy Harper", **changes: object) -> LogRow:
    box = Box(10.0, 20.0, 60.5, 32.25)
    values: dict[str, object] = dict(
        id=stable_id("a/b.pdf", 1, box, text, "PERSON"),
        file="a/b.pdf",
        page=1,
        x0=box.x0,
        y0=box.y0,
        x1=box.x1,
        y1=box.y1,
        text=text,
        entity_type="PERSON",
        exemption="s40(2)",
        score=0.85,
        recogniser="SpacyRecognizer",
        reason="spaCy NER",
    )
    values.update(changes)
    return LogRow(**values)  # type: ignore[arg-type]


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    rows = [row(), row("+44 (0)20 7946 0123", entity_type="PHONE_NUMBER"), row("=cmd|calc")]
    files = [FileRecord("a/b.pdf", "ab" * 32, 2, "ok")]
    write_log(tmp_path, RedactionLog(input_dir="/in", files=files, rows=rows))
    back = read_log(tmp_path)
    assert back.rows == rows
    assert back.files == files
    assert back.input_dir == "/in"


def test_csv_is_excel_safe(tmp_path: Path) -> None:
    write_log(tmp_path, RedactionLog(input_dir="/in", rows=[row("+44 20 7946 0123"), row("=1+1")]))
    raw = (tmp_path / CSV_NAME).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel reads accents"
    text = raw.decode("utf-8-sig")
    assert ",'+44 20 7946 0123," in text
    assert ",'=1+1," in text


def test_ids_are_stable_and_distinct() -> None:
    box = Box(1, 2, 3, 4)
    assert stable_id("f.pdf", 1, box, "x", "PERSON") == stable_id("f.pdf", 1, box, "x", "PERSON")
    assert stable_id("f.pdf", 1, box, "x", "PERSON") != stable_id("f.pdf", 2, box, "x", "PERSON")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("decision", "maybe", "row 2: decision 'maybe' is not one of"),
        ("page", "two", "row 2: page, box and score must be numbers"),
        ("x1", "1", "row 2: box must have x1 > x0"),
        ("page", "0", "row 2: page must be 1 or more"),
        ("exemption", "", "row 2: file and exemption must not be empty"),
        ("x0", "nan", "row 2: box, score and ocr_confidence must be finite numbers"),
        ("y1", "inf", "row 2: box, score and ocr_confidence must be finite numbers"),
        ("score", "-inf", "row 2: box, score and ocr_confidence must be finite numbers"),
        ("ocr_confidence", "NaN", "row 2: box, score and ocr_confidence must be finite numbers"),
    ],
)
def test_bad_rows_are_reported_with_row_number(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    write_log(tmp_path, RedactionLog(input_dir="/in", rows=[row()]))
    path = tmp_path / CSV_NAME
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = value
    path.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(LogError) as info:
        read_csv_rows(path)
    assert message in str(info.value)


def test_decisions_are_case_insensitive(tmp_path: Path) -> None:
    write_log(tmp_path, RedactionLog(input_dir="/in", rows=[row()]))
    path = tmp_path / CSV_NAME
    path.write_text(path.read_text(encoding="utf-8-sig").replace("proposed", " Accept "), "utf-8")
    assert read_csv_rows(path)[0].decision == "accept"


def test_missing_log_says_run_scan(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="redactor scan"):
        read_log(tmp_path)


@pytest.mark.parametrize("rows", [[], [row()], [row("Zoë Ó'Brien"), row('"quoted"\nline')]])
@pytest.mark.parametrize("files", [[], [FileRecord("a/b.pdf", "ab" * 32, 2, "ok")]])
def test_json_written_row_by_row_reads_back_as_the_same_log(
    tmp_path: Path, rows: list[LogRow], files: list[FileRecord]
) -> None:
    write_log(tmp_path, RedactionLog(input_dir="/in/ü", files=files, rows=rows))
    text = (tmp_path / "redaction-log.json").read_text(encoding="utf-8")
    expected = {
        "format": LOG_FORMAT,
        "input_dir": "/in/ü",
        "files": [asdict(f) for f in files],
        "rows": [asdict(r) for r in rows],
    }
    assert json.loads(text) == json.loads(json.dumps(expected))  # tuples read back as lists
    # one row per line, so a diff of two logs shows the rows that changed
    lines = text.splitlines()
    for r in rows:
        assert sum(1 for line in lines if f'"id": "{r.id}"' in line and r.exemption in line) == 1


# The log's writer and reader were made faster (a bundle's log has tens of thousands of rows);
# these compare them with the straightforward forms they replaced, which are kept here.

_cell_text = st.text(alphabet=st.sampled_from("ab '=+-@\t\r\n\",;é"), max_size=6)


def _reference_cells(r: LogRow) -> dict[str, str]:
    cells: dict[str, str] = {}
    for name in COLUMNS:
        value = getattr(r, name)
        if (
            (name == "page" and not r.page)
            or (name in ("x0", "y0", "x1", "y1") and not r.has_box)
            or value is None
        ):
            text = ""
        elif name == "ocr_confidence":
            text = f"{value:.1f}"
        elif isinstance(value, float):
            text = f"{value:.2f}" if name != "score" else f"{value:.3f}"
        else:
            text = str(value)
        if name in ("file", "text", "reason", "reviewer", "note", "recogniser"):
            text = "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
        cells[name] = text
    return cells


@st.composite
def log_rows(draw: st.DrawFn) -> LogRow:
    boxed = draw(st.booleans())
    coordinate = st.floats(0, 900, allow_nan=False)
    x0, y0 = (draw(coordinate), draw(coordinate)) if boxed else (0.0, 0.0)
    x1, y1 = (x0 + draw(st.floats(0.01, 50)), y0 + draw(st.floats(0.01, 50))) if boxed else (0, 0)
    return LogRow(
        id=draw(st.text("0123456789abcdef", max_size=12)),
        file=draw(_cell_text),
        page=draw(st.integers(0, 40)),
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        text=draw(_cell_text),
        entity_type=draw(st.sampled_from(["PERSON", "EMAIL_ADDRESS"])),
        exemption=draw(st.sampled_from(["s40(2)", "s31"])),
        score=draw(st.floats(0, 1)),
        recogniser=draw(_cell_text),
        reason=draw(_cell_text),
        finding=draw(_cell_text),
        decision=draw(st.sampled_from(["proposed", "accept", "reject"])),
        reviewer=draw(_cell_text),
        decided_at=draw(_cell_text),
        note=draw(_cell_text),
        source=draw(st.sampled_from(["text", "ocr"])),
        ocr_confidence=draw(st.none() | st.floats(0, 100)),
    )


@given(st.lists(log_rows(), max_size=4))
def test_csv_cells_are_those_of_the_plain_writer(rows: list[LogRow]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(_reference_cells(r))
    assert rows_to_csv(rows) == "\ufeff" + buffer.getvalue()


@given(log_rows(), st.sampled_from(["accept", "reject"]), _cell_text, _cell_text)
def test_decided_is_replace(r: LogRow, decision: str, reviewer: str, when: str) -> None:
    assert r.decided(decision, reviewer, when) == replace(
        r, decision=decision, reviewer=reviewer, decided_at=when
    )


def _parse_row(cells: dict[str, str], where: str, problems: list[str]) -> LogRow | None:
    """How the reader parsed one csv.DictReader row before it read cells by position."""
    missing = [c for c in _REQUIRED if c not in cells]
    if missing:
        problems.append(f"{where}: missing column(s) {', '.join(missing)}")
        return None
    return _row_from({name: (cells.get(name) or "").strip() for name in COLUMNS}, where, problems)


def _reference_read(text: str) -> list[tuple[int, dict[str, str]]]:
    """What the reader saw through csv.DictReader: numbered rows, blank ones skipped."""
    found = []
    for number, cells in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        if not any((v or "").strip() for v in cells.values() if isinstance(v, str)):
            continue
        found.append((number, {k: v or "" for k, v in cells.items() if k is not None}))
    return found


@settings(max_examples=200)
@given(
    lines=st.lists(
        st.lists(st.sampled_from(["", " ", "x", "1", "a,b", '"q"']), max_size=len(COLUMNS) + 2),
        max_size=6,
    ),
    data=st.data(),
)
def test_csv_rows_are_read_as_the_plain_reader_read_them(
    lines: list[list[str]], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Blank lines, rows of blank cells, short rows and cells beyond the header: the same rows,
    the same spreadsheet numbers and the same problems as csv.DictReader gave."""
    header = data.draw(
        st.sampled_from(
            [
                list(COLUMNS),
                list(COLUMNS)[:-3],  # no source, ocr_confidence...
                [c for c in COLUMNS if c != "exemption"],  # a required column missing
                [*COLUMNS, "id"],  # a column twice
                list(reversed(COLUMNS)),
            ]
        )
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    valid = row()
    for cells in lines:
        if data.draw(st.booleans()):  # a well-formed row, sometimes short or with extras
            cells = _reference_cells(replace(valid, id=f"{len(buffer.getvalue()):x}"))
            cells = list(cells.values())[: data.draw(st.integers(8, len(COLUMNS)))]
        if data.draw(st.booleans()):
            buffer.write("\r\n")  # a line with no cells at all
        writer.writerow(cells)
    text = buffer.getvalue()
    path = tmp_path_factory.mktemp("csv") / CSV_NAME
    path.write_text(text, encoding="utf-8")
    expected_problems: list[str] = []
    expected = []
    seen: set[str] = set()
    for number, cells in _reference_read(text):
        parsed = _parse_row(cells, f"row {number}", expected_problems)
        if parsed is None:
            continue
        if parsed.id and parsed.id in seen:
            expected_problems.append(f"row {number}: id {parsed.id} appears more than once")
            continue
        seen.add(parsed.id)
        expected.append((number, parsed))
    if expected_problems:
        with pytest.raises(LogError) as error:
            read_csv_numbered(path)
        assert str(error.value).endswith("\n  ".join(expected_problems))
    else:
        assert read_csv_numbered(path) == expected


def test_cells_beyond_the_header_do_not_make_a_blank_row_a_row(tmp_path: Path) -> None:
    write_log(tmp_path, RedactionLog(input_dir="in", rows=[row()]))
    path = tmp_path / CSV_NAME
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text + "," * len(COLUMNS) + "stray\r\n", encoding="utf-8-sig")
    assert [r for _, r in read_csv_numbered(path)] == [row()]
