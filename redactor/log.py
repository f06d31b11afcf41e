"""The redaction log: one row per box. Written by `scan`, edited by people, read by `apply`.

The CSV is the copy people edit (UTF-8 with a byte-order mark so Excel shows accents; cells that
a spreadsheet would run as a formula are written with a leading apostrophe, removed on reading).
The JSON carries the same rows plus the scan's file list, for programs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

from redactor.collector import collector_paused
from redactor.fsutil import open_text_atomic
from redactor.models import Box

CSV_NAME = "redaction-log.csv"
JSON_NAME = "redaction-log.json"
# /2 added FileRecord.warnings; /1 logs are still read (with no warnings).
LOG_FORMAT = "redactor-log/2"
READABLE_FORMATS = ("redactor-log/1", LOG_FORMAT)

PROPOSED = "proposed"
ACCEPT = "accept"
REJECT = "reject"
DECISIONS = (PROPOSED, ACCEPT, REJECT)
MANUAL = "manual"  # the recogniser of rows people add (in the CSV or in a review PDF)
TEXT = "text"
OCR = "ocr"
SOURCES = (TEXT, OCR)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = ("file", "text", "reason", "reviewer", "note", "recogniser")


@dataclass(frozen=True, slots=True)
class LogRow:
    id: str
    file: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    entity_type: str
    exemption: str
    score: float
    recogniser: str
    reason: str = ""
    finding: str = ""  # id shared by the boxes of one finding (a name broken across lines)
    decision: str = PROPOSED
    reviewer: str = ""
    decided_at: str = ""
    note: str = ""
    source: str = TEXT  # where the text came from: the PDF's text layer or OCR
    ocr_confidence: float | None = None  # Tesseract's lowest word confidence (0-100), OCR only

    @property
    def box(self) -> Box:
        return Box(self.x0, self.y0, self.x1, self.y1)

    @property
    def has_box(self) -> bool:
        """False for a manual text row: every occurrence of `text` (page 0 = on every page)."""
        return (self.x0, self.y0, self.x1, self.y1) != (0.0, 0.0, 0.0, 0.0)

    def decided(self, decision: str, reviewer: str, when: str) -> LogRow:
        # what dataclasses.replace does, a field list at a time (replace costs 25 us a row,
        # and `run` decides every row of a bundle)
        values = list(_values(self))
        values[_DECISION : _DECIDED_AT + 1] = (decision, reviewer, when)
        return LogRow(*values)


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(LogRow))
_values = attrgetter(*COLUMNS)  # a row's fields as a tuple, in COLUMNS order
_DECISION, _DECIDED_AT = COLUMNS.index("decision"), COLUMNS.index("decided_at")
assert COLUMNS[_DECISION : _DECIDED_AT + 1] == ("decision", "reviewer", "decided_at")


@dataclass(frozen=True)
class FileRecord:
    """One input file as the scan saw it."""

    file: str
    sha256: str
    pages: int
    status: str  # "ok" or "failed"
    error: str = ""
    # Processed, but a person must know: owner password, signature, XFA, repair, name clash,
    # failed redactions in the input (one line each, "file: what and what to do [kind]").
    warnings: tuple[str, ...] = ()
    ocr_pages: list[int] = field(default_factory=list)  # pages whose words were read by OCR

    def warned(self, *warnings: object) -> FileRecord:
        return replace(self, warnings=(*self.warnings, *(str(w) for w in warnings)))


@dataclass
class RedactionLog:
    input_dir: str
    files: list[FileRecord] = field(default_factory=list)
    rows: list[LogRow] = field(default_factory=list)


# What json.dumps(..., ensure_ascii=False) makes, without building an encoder for every call.
encode_json = json.JSONEncoder(ensure_ascii=False).encode


def stable_id(file: str, page: int, box: Box, text: str, entity_type: str) -> str:
    """Same input, same id: derived only from where the box is and what it covers.

    Each edge is written to one decimal place, which rounds it as `round(v, 1)` does (both
    take the exact value to the nearest tenth, ties to even): the text of the old
    `box.rounded(1)` then formatted, without a Box and four calls to round per id."""
    where = f"{box.x0:.1f},{box.y0:.1f},{box.x1:.1f},{box.y1:.1f}"
    key = f"{file}\x00{page}\x00{where}\x00{entity_type}\x00{text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _escape_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def unescape_cell(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


BOX_COLUMNS = ("x0", "y0", "x1", "y1")


def _number(value: object, spec: str) -> str:
    return format(value, spec) if isinstance(value, float) else str(value)


def _row_cells(row: LogRow) -> list[str]:
    """A row's CSV cells, in COLUMNS order (a field added to LogRow goes here too:
    `test_csv_cells_are_those_of_the_plain_writer` fails until it does). A manual text row has
    no page (every page) and no box; text cells a spreadsheet would run as a formula are
    escaped."""
    boxed = row.has_box
    confidence = row.ocr_confidence
    return [
        str(row.id),
        _escape_cell(str(row.file)),
        str(row.page) if row.page else "",
        _number(row.x0, ".2f") if boxed else "",
        _number(row.y0, ".2f") if boxed else "",
        _number(row.x1, ".2f") if boxed else "",
        _number(row.y1, ".2f") if boxed else "",
        _escape_cell(str(row.text)),
        str(row.entity_type),
        str(row.exemption),
        _number(row.score, ".3f"),
        _escape_cell(str(row.recogniser)),
        _escape_cell(str(row.reason)),
        str(row.finding),
        str(row.decision),
        _escape_cell(str(row.reviewer)),
        str(row.decided_at),
        _escape_cell(str(row.note)),
        str(row.source),
        "" if confidence is None else f"{confidence:.1f}",
    ]


# CSV lines are written a batch at a time: a bundle's log has tens of thousands of rows.
_BATCH = 2048
_SEPARATORS = len(COLUMNS) - 1


def _csv_lines(rows: Iterable[LogRow]) -> Iterator[str | list[str]]:
    """Each row as the CSV line csv.writer would write, without its line end, when none of its
    cells needs quoting (no comma, double quote, CR or LF: most rows); else its cells."""
    for row in rows:
        cells = _row_cells(row)
        line = ",".join(cells)
        if (
            line.count(",") == _SEPARATORS
            and '"' not in line
            and "\r" not in line
            and "\n" not in line
        ):
            yield line
        else:
            yield cells


def _write_csv(handle: IO[str], rows: Iterable[LogRow]) -> None:
    """What csv.writer(handle, lineterminator="\\r\\n") writes of the header and the rows'
    cells; csv.writer itself only for rows with a cell to quote (its per-character scan of
    every cell was half the cost of the CSV)."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    plain: list[str] = []
    for line in _csv_lines(rows):
        if isinstance(line, str):
            plain.append(line)
            if len(plain) < _BATCH:
                continue
        if plain:
            handle.write("\r\n".join(plain) + "\r\n")
            plain.clear()
        if not isinstance(line, str):
            writer.writerow(line)
    if plain:
        handle.write("\r\n".join(plain) + "\r\n")


def rows_to_csv(rows: Iterable[LogRow]) -> str:
    """The CSV copy as one string, with its byte-order mark (for tests and small logs)."""
    buffer = io.StringIO()
    _write_csv(buffer, rows)
    return "\ufeff" + buffer.getvalue()


_encode_text = json.encoder.encode_basestring  # what encode_json does with a str (C)
# A row's JSON object with %s for each value, keys in COLUMNS order: what encode_json makes of
# a dict of the row's fields once each value is encoded as encode_json would encode it.
_JSON_ROW = "{" + ", ".join(f"{_encode_text(name)}: %s" for name in COLUMNS) + "}"


def encode_value(v: Any) -> str:
    """One value as `encode_json` writes it inside an object or a list: strings, finite floats
    and ints (not bools) by the C functions the encoder itself calls, anything else by it."""
    if type(v) is str:
        return _encode_text(v)
    if (type(v) is float or type(v) is int) and v - v == 0:
        return repr(v)
    return "null" if v is None else encode_json(v)


def _json_row(row: LogRow) -> str:
    """`encode_json(dict(zip(COLUMNS, _values(row))))`, without the dict and the encoder's set-up
    for each row."""
    return _JSON_ROW % tuple(map(encode_value, _values(row)))


def _write_json(handle: IO[str], log: RedactionLog) -> None:
    """The JSON copy: the file list indented, then one row per line, written a row at a time (a
    large bundle's log as one string, with a dict per row, was the largest thing a run ever
    held; and an indented row takes Python's slow encoder, a compact one its C encoder)."""
    head = {
        "format": LOG_FORMAT,
        "input_dir": log.input_dir,
        "files": [asdict(f) for f in log.files],
    }
    text = json.dumps(head, indent=1, ensure_ascii=False)
    handle.write(text[: text.rindex("\n}")])  # everything but the closing brace
    if not log.rows:
        handle.write(',\n "rows": []\n}\n')
        return
    handle.write(',\n "rows": [')
    for index, row in enumerate(log.rows):
        handle.write(("\n  " if index == 0 else ",\n  ") + _json_row(row))
    handle.write("\n ]\n}\n")


@collector_paused()  # a bundle's log: many rows, none freed by the collector
def write_log(out_dir: Path, log: RedactionLog) -> None:
    """Write both copies atomically; JSON first so a crash never leaves a newer CSV orphaned."""
    with open_text_atomic(out_dir / JSON_NAME) as handle:
        _write_json(handle, log)
    with open_text_atomic(out_dir / CSV_NAME, encoding="utf-8-sig") as handle:  # BOM: for Excel
        _write_csv(handle, log.rows)
