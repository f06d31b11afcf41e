import json
from dataclasses import asdict
from pathlib import Path

import pytest

from redactor.errors import LogError
from redactor.log import (
    CSV_NAME,
    LOG_FORMAT,
    FileRecord,
    LogRow,
    RedactionLog,
    read_csv_rows,
    read_log,
    stable_id,
    write_log,
)
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


@pytest.mark.parametrize("rows", [[], [row()], [row("Zoë Ó'Brien"), row("\"quoted\"\nline")]])
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
