"""Reading the redaction log back: the CSV people may have edited (every problem reported with
its spreadsheet row number) and the JSON copy redactor wrote. The log's rows and how they are
written: `redactor/log.py`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from math import isfinite
from operator import itemgetter
from pathlib import Path
from typing import Any

from redactor.collector import collector_paused
from redactor.errors import LogError
from redactor.log import (
    BOX_COLUMNS,
    COLUMNS,
    CSV_NAME,
    DECISIONS,
    JSON_NAME,
    PROPOSED,
    READABLE_FORMATS,
    SOURCES,
    TEXT,
    TEXT_COLUMNS,
    FileRecord,
    LogRow,
    RedactionLog,
    unescape_cell,
)

_REQUIRED = ("id", "file", "page", *BOX_COLUMNS, "exemption")


def _row_from(values: dict[str, Any], where: str, problems: list[str]) -> LogRow | None:
    """A row from its cells, stripped (every column present; "" where the CSV had none)."""
    for name in TEXT_COLUMNS:
        values[name] = unescape_cell(values[name])
    given = [values[name] != "" for name in BOX_COLUMNS]
    if any(given) and not all(given):
        problems.append(f"{where}: give all four of x0, y0, x1, y1, or none (a text row)")
        return None
    try:
        values["page"] = int(values["page"] or 0)  # empty: every page (manual text rows)
        for name in BOX_COLUMNS:
            values[name] = float(values[name] or 0.0)
        values["score"] = float(values["score"] or 0.0)
    except ValueError as exc:
        problems.append(f"{where}: page, box and score must be numbers ({exc})")
        return None
    try:
        values["ocr_confidence"] = (
            float(values["ocr_confidence"]) if values["ocr_confidence"] else None
        )
    except ValueError as exc:
        problems.append(f"{where}: ocr_confidence must be a number or empty ({exc})")
        return None
    values["source"] = str(values["source"]).lower() or TEXT
    if values["source"] not in SOURCES:
        problems.append(f"{where}: source {values['source']!r} is not one of {', '.join(SOURCES)}")
        return None
    decision = str(values["decision"]).lower() or PROPOSED
    if decision not in DECISIONS:
        problems.append(
            f"{where}: decision {values['decision']!r} is not one of {', '.join(DECISIONS)}"
        )
        return None
    values["decision"] = decision
    row = LogRow(**values)
    problem = _shape_problem(row, all(given))
    if problem:
        problems.append(f"{where}: {problem}")
        return None
    return row


def _shape_problem(row: LogRow, has_box: bool) -> str:
    """A row is a box (page + box, text optional) or a text (no box, page optional)."""
    if not (
        isfinite(row.x0)
        and isfinite(row.y0)
        and isfinite(row.x1)
        and isfinite(row.y1)
        and isfinite(row.score)
        and (row.ocr_confidence is None or isfinite(row.ocr_confidence))
    ):  # "nan" and "inf" read as numbers, and NaN passes every comparison below
        return "box, score and ocr_confidence must be finite numbers (not nan or inf)"
    if row.page < 0 or (has_box and row.page == 0):
        return "page must be 1 or more"
    if has_box and (row.x1 <= row.x0 or row.y1 <= row.y0):
        return "box must have x1 > x0 and y1 > y0"
    if not row.file or not row.exemption:
        return "file and exemption must not be empty"
    if not has_box and not row.text:
        return "give a text, or a page and a box (x0, y0, x1, y1)"
    if has_box and row.file == "*":
        return "file '*' (every file) is only for text rows; name the file of a box"
    return ""


@collector_paused()  # a bundle's log: many rows, none freed by the collector
def read_csv_numbered(path: Path) -> list[tuple[int, LogRow]]:
    """Read an edited CSV with each row's spreadsheet row number; every problem is reported.

    Rows may have an empty id (added by hand); `redactor.review` gives them one.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise LogError(
            f"{path}: cannot read the log ({exc.strerror}). Run `redactor scan` first."
        ) from exc
    except UnicodeDecodeError as exc:
        raise LogError(
            f"{path}: not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8'."
        ) from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None) or []
    rows: list[tuple[int, LogRow]] = []
    problems: list[str] = []
    seen: set[str] = set()
    position = {name: index for index, name in enumerate(header)}  # a name twice: its last
    missing = ", ".join(c for c in _REQUIRED if c not in position)
    columns = [(name, position.get(name)) for name in COLUMNS]
    # every column there (as redactor writes it): a row's cells in one call, in COLUMNS order
    cells_of = _cells_getter(columns)
    for number, raw in _non_blank(reader, header, sorted(set(position.values()))):
        if missing:
            problems.append(f"row {number}: missing column(s) {missing}")
            continue
        row = None if cells_of is None else _row_quickly(cells_of(raw))
        if row is None:  # a problem, or one might be: the plain way says which
            values = {name: "" if at is None else raw[at].strip() for name, at in columns}
            row = _row_from(values, f"row {number}", problems)
            if row is None:
                continue
        if row.id and row.id in seen:
            problems.append(f"row {number}: id {row.id} appears more than once")
            continue
        seen.add(row.id)
        rows.append((number, row))
    if problems:
        raise LogError(
            f"{path}: the log has problems; nothing was burned.\n  " + "\n  ".join(problems)
        )
    return rows


def _cells_getter(columns: list[tuple[str, int | None]]) -> Callable[[list[str]], Any] | None:
    """A row's cells in COLUMNS order in one call, when the header has every column."""
    positions = [at for _, at in columns]
    if any(at is None for at in positions):
        return None
    return itemgetter(*positions)


def _non_blank(
    reader: Iterable[list[str]], header: list[str], read: list[int]
) -> Iterator[tuple[int, list[str]]]:
    """The rows that are not blank, numbered as in a spreadsheet and padded to the header's
    length (a short row's missing cells are empty); `read`: the cells read (a column named
    twice, its last), the only ones that make a row not blank."""
    cells = itemgetter(*read) if len(read) > 1 else (lambda raw: [raw[at] for at in read])
    width = len(header)
    number = 1  # the header is spreadsheet row 1
    for raw in reader:
        if not raw:
            continue  # a line with no cells at all (as csv.DictReader skips it, uncounted)
        number += 1
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        if "".join(cells(raw)).strip():  # some cell read is not white space
            yield number, raw


def _row_quickly(cells: tuple[str, ...]) -> LogRow | None:
    """What `_row_from` makes of a row's cells (all of them, in COLUMNS order) when the row has
    no problem, without a dict and a call per cell (most of the cost of reading a bundle's log
    was there); None when it has a problem, or might: `_row_from` then says which."""
    (row_id, file, page, x0, y0, x1, y1, text, entity_type, exemption, score, recogniser,
     reason, finding, decision, reviewer, decided_at, note, source,
     confidence) = map(str.strip, cells)  # fmt: skip
    boxed = x0 != "" and y0 != "" and x1 != "" and y1 != ""
    if not boxed and (x0 != "" or y0 != "" or x1 != "" or y1 != ""):
        return None  # part of a box
    escaped = unescape_cell
    try:
        row = LogRow(
            row_id,
            escaped(file) if file[:1] == "'" else file,
            int(page) if page else 0,
            float(x0) if x0 else 0.0,
            float(y0) if y0 else 0.0,
            float(x1) if x1 else 0.0,
            float(y1) if y1 else 0.0,
            escaped(text) if text[:1] == "'" else text,
            entity_type,
            exemption,
            float(score) if score else 0.0,
            escaped(recogniser) if recogniser[:1] == "'" else recogniser,
            escaped(reason) if reason[:1] == "'" else reason,
            finding,
            decision.lower() or PROPOSED,
            escaped(reviewer) if reviewer[:1] == "'" else reviewer,
            decided_at,
            escaped(note) if note[:1] == "'" else note,
            source.lower() or TEXT,
            float(confidence) if confidence else None,
        )
    except ValueError:
        return None  # not a number
    if row.source not in SOURCES or row.decision not in DECISIONS or _shape_problem(row, boxed):
        return None
    return row


def read_csv_rows(path: Path) -> list[LogRow]:
    return [row for _, row in read_csv_numbered(path)]


@collector_paused()  # a bundle's log: many rows, none freed by the collector
def read_json(
    out_dir: Path, row: Callable[[dict[str, Any]], Any] = lambda cells: cells
) -> dict[str, Any]:
    """The JSON copy as last written by redactor (the CSV may have been edited since); each row
    is passed through `row` as it is parsed (a large log's rows are many small dicts)."""
    json_path = out_dir / JSON_NAME

    def parsed(obj: dict[str, Any]) -> Any:
        return row(obj) if "entity_type" in obj and "id" in obj else obj

    try:
        payload: dict[str, Any] = json.loads(
            json_path.read_text(encoding="utf-8"), object_hook=parsed
        )
    except FileNotFoundError as exc:
        raise LogError(
            f"{json_path}: not found. Run `redactor scan IN_DIR -o {out_dir}` first."
        ) from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise LogError(f"{json_path}: cannot be read ({exc}). Re-run `redactor scan`.") from exc
    if payload.get("format") not in READABLE_FORMATS:
        raise LogError(f"{json_path}: not a redactor log (format {payload.get('format')!r}).")
    return payload


def read_log(out_dir: Path) -> RedactionLog:
    """The scan's file list from the JSON, the rows from the (possibly edited) CSV."""
    payload = read_json(out_dir, row=lambda cells: None)
    files = [
        FileRecord(**{**f, "warnings": tuple(f.get("warnings", ()))})
        for f in payload.get("files", [])
    ]
    rows = read_csv_rows(out_dir / CSV_NAME)
    return RedactionLog(input_dir=str(payload["input_dir"]), files=files, rows=rows)
