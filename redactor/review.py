"""The reviewed log: check every row against the scan and the inputs, then say what to burn.

Officers edit `redaction-log.csv` by hand. Besides changing `decision`, `exemption` and `note`,
they add rows of their own:

- a box row: `file`, `page`, `x0`..`y1`, `exemption`, `decision` (no text needed);
- a text row: `file`, `text`, `exemption`, `decision`, no box: every occurrence of the text in
  that file (`file` = `*`: in every file), on every page or on the `page` given.

Nothing is burned until every row can be honoured; each problem names its spreadsheet row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from redactor import audit
from redactor.audit import Change
from redactor.collector import collector_paused
from redactor.consistency import PageIndex
from redactor.errors import InputFileError, LogError
from redactor.log import (
    CSV_NAME,
    MANUAL,
    PROPOSED,
    FileRecord,
    LogRow,
    RedactionLog,
    stable_id,
    write_log,
)
from redactor.log_read import read_csv_numbered, read_json
from redactor.models import Box
from redactor.pdf.document import sha256_of
from redactor.pdf.marks import PageView, read_pages
from redactor.rules import Rules

EVERY_FILE = "*"
# A box may overhang the page by this much (glyph outlines at the edge) before it is refused.
PAGE_TOLERANCE = 1.0
# Fields an officer may change; a change is recorded in the audit file.
_REVIEW_FIELDS = (
    "page",
    "x0",
    "y0",
    "x1",
    "y1",
    "text",
    "exemption",
    "decision",
    "reviewer",
    "decided_at",
    "note",
)
_COMPARED = ("id", "file", "recogniser", *_REVIEW_FIELDS)
_review_values = attrgetter(*_REVIEW_FIELDS)


@dataclass(frozen=True)
class Occurrence:
    page: int
    box: Box
    text: str
    index: int  # which occurrence on the page, so one found across two lines shares an id


@dataclass
class Reviewed:
    log: RedactionLog
    numbers: dict[str, int]  # row id -> spreadsheet row number
    changes: list[Change] = field(default_factory=list)
    # text row id -> file -> where its text occurs
    occurrences: dict[str, dict[str, list[Occurrence]]] = field(default_factory=dict)


def manual_id(row: LogRow) -> str:
    """A stable id for a hand-added row: the same row content always gets the same id."""
    return "m-" + stable_id(row.file, row.page, row.box, row.text, row.entity_type)[:10]


def is_manual(row: LogRow) -> bool:
    return row.recogniser == MANUAL or row.id.startswith("m-")


def assign_ids(numbered: list[tuple[int, LogRow]], problems: list[str]) -> list[Change]:
    changes: list[Change] = []
    taken = {row.id: number for number, row in numbered if row.id}
    for index, (number, row) in enumerate(numbered):
        if row.id:
            continue
        new_id = manual_id(row)
        if new_id in taken:
            problems.append(f"row {number}: the same redaction as row {taken[new_id]}")
            continue
        taken[new_id] = number
        fields: dict[str, tuple[Any, Any]] = {"id": ("", new_id)}
        updated = replace(row, id=new_id)
        if not row.recogniser:
            updated = replace(updated, recogniser=MANUAL)
            fields["recogniser"] = ("", MANUAL)
        numbered[index] = (number, updated)
        changes.append(Change(new_id, "id given to a row added by hand", fields, number))
    return changes


def _check_row(row: LogRow, where: str, rules: Rules, pages: dict[str, int]) -> list[str]:
    problems = []
    exemption = rules.exemptions.get(row.exemption)
    if exemption is None:
        problems.append(f"{where}: unknown exemption {row.exemption!r}")
    elif not exemption.usable_on_box:
        problems.append(
            f"{where}: {row.exemption} is neither-confirm-nor-deny, not an exemption for a box"
        )
    if row.file == EVERY_FILE:
        return problems
    if row.file not in pages:
        problems.append(f"{where}: file {row.file!r} was not scanned")
    elif row.page > pages[row.file]:
        problems.append(f"{where}: page {row.page} is beyond the last page ({pages[row.file]})")
    return problems


def _off_page(box: Box | LogRow, bounds: Box) -> bool:
    """Whether a box (or a row's: its edges, without making a Box of them) is off the page."""
    t = PAGE_TOLERANCE
    return (
        box.x0 < bounds.x0 - t
        or box.y0 < bounds.y0 - t
        or box.x1 > bounds.x1 + t
        or box.y1 > bounds.y1 + t
    )


def find_text(views: list[PageView], row: LogRow) -> list[Occurrence]:
    """Every occurrence of a text row's text, by the case rule the scan's consistency pass uses."""
    found: list[Occurrence] = []
    for view in views:
        if row.page and view.text.number != row.page:
            continue
        index = PageIndex(view.text.text)
        for number, (start, end) in enumerate(index.occurrences(row.text, row.entity_type)):
            for box, text in view.text.segments(start, end):
                found.append(Occurrence(view.text.number, box.rounded(2), text, number))
    return found


def _open_input(
    input_dir: Path, rel: str, record: FileRecord, with_text: bool
) -> list[PageView] | str:
    """One input's pages (with their text only when a text row needs it), or why it cannot be
    used: a missing or changed file is a problem for the rows that refer to it."""
    path = input_dir / rel
    if not path.is_file():
        return f"the input {path} is gone; restore it or re-run `redactor scan`"
    if sha256_of(path) != record.sha256:
        return (
            "the input changed since it was scanned; re-run `redactor scan` on the same "
            "output folder (decisions, notes and rows added by hand are kept)"
        )
    try:
        return read_pages(path, rel, with_text)
    except InputFileError as exc:
        return str(exc)


def _check_against_inputs(
    reviewed: Reviewed, input_dir: Path, records: dict[str, FileRecord], bad: set[str]
) -> list[str]:
    """Rows already found wrong (`bad` ids) are not checked again. The inputs are opened one at
    a time, and read as text only when a text row needs it: a large bundle is never held whole."""
    rows = [r for r in reviewed.log.rows if r.id not in bad]
    everywhere = [r for r in rows if r.file == EVERY_FILE]

    def where(row: LogRow) -> str:
        return f"row {reviewed.numbers[row.id]} (id {row.id})"

    by_file: dict[str, list[LogRow]] = defaultdict(list)
    for row in rows:
        if row.file in records:
            by_file[row.file].append(row)
    found: dict[str, dict[str, list[Occurrence]]] = {}
    broken: set[str] = set()
    problems: list[tuple[int, str]] = []  # (spreadsheet row, message): listed in row order
    for rel in sorted(set(records) if everywhere else set(by_file)):
        file_rows = by_file.get(rel, [])
        text_rows = [r for r in file_rows if not r.has_box] + everywhere
        views = _open_input(input_dir, rel, records[rel], with_text=bool(text_rows))
        if isinstance(views, str):
            broken.add(rel)
            if file_rows:
                numbers = [reviewed.numbers[r.id] for r in file_rows]
                listed = ", ".join(str(n) for n in numbers)
                problems.append((numbers[0], f"row(s) {listed} ({rel}): {views}"))
            continue
        for row in file_rows:
            if row.has_box and row.page <= len(views):
                b = views[row.page - 1].bounds
                if _off_page(row, b):
                    problems.append(
                        (
                            reviewed.numbers[row.id],
                            f"{where(row)}: the box is off the page (page {row.page} "
                            f"is {b.width:.0f} x {b.height:.0f} points)",
                        )
                    )
        for row in text_rows:
            hits = find_text(views, row)
            if hits:
                found.setdefault(row.id, {})[rel] = hits
    for row in rows:
        if row.has_box or not (row.file in records or row.file == EVERY_FILE):
            continue
        reviewed.occurrences[row.id] = found.get(row.id, {})
        if not reviewed.occurrences[row.id] and row.file not in broken:
            scope = "any file" if row.file == EVERY_FILE else row.file
            on_page = f" page {row.page} of" if row.page else ""
            problems.append(
                (
                    reviewed.numbers[row.id],
                    f"{where(row)}: the text {row.text!r} occurs nowhere in{on_page} {scope}",
                )
            )
    return [message for _, message in sorted(problems, key=lambda p: p[0])]


def _removed_rows(previous: list[dict[str, Any]], ids: set[str]) -> tuple[list[str], list[Change]]:
    """Rows redactor wrote that are gone from the CSV: a proposal must be rejected, not deleted."""
    problems, changes = [], []
    for old in previous:
        if old.get("id") in ids:
            continue
        if old.get("recogniser") == MANUAL or str(old.get("id", "")).startswith("m-"):
            changes.append(Change(str(old["id"]), "row added by hand removed from the CSV"))
            continue
        problems.append(
            f"id {old.get('id')} ({old.get('file')} page {old.get('page')}) is missing from the "
            "CSV: put the row back and set its decision to reject, so the log records why"
        )
    return problems, changes


def _edits(previous: list[dict[str, Any]], reviewed: Reviewed) -> list[Change]:
    """What the officer changed in the CSV since redactor last wrote the log."""
    before = {str(r.get("id")): r for r in previous}
    changes = []
    for row in reviewed.log.rows:
        number = reviewed.numbers[row.id]
        old = before.get(row.id)
        if old is None:
            if not any(c.row_id == row.id for c in reviewed.changes):
                changes.append(Change(row.id, "row added in the CSV", {}, number))
            continue
        new = _review_values(row)
        if tuple(map(old.get, _REVIEW_FIELDS)) == new:
            continue  # unchanged (equal values are never `_differs`); most rows of a log
        fields = {
            name: (old.get(name), value)
            for name, value in zip(_REVIEW_FIELDS, new, strict=True)
            if _differs(old.get(name), value)
        }
        if fields:
            changes.append(Change(row.id, "edited in the CSV", fields, number))
    return changes


def _differs(old: Any, new: Any) -> bool:
    if isinstance(new, float):
        return not isinstance(old, int | float) or abs(float(old) - new) > 0.005
    return bool(old != new)


def _compared(cells: dict[str, Any]) -> dict[str, Any]:
    """Of a row redactor wrote, what the checks compare with the CSV (None where it has none)."""
    return dict(zip(_COMPARED, map(cells.get, _COMPARED), strict=True))


@collector_paused()  # a bundle's log: many rows, none freed by the collector
def validate(out_dir: Path, rules: Rules) -> Reviewed:
    """Read the edited log and check every row; LogError (nothing burned) listing all problems."""
    # of the rows redactor wrote, only what the checks below compare with the CSV
    payload = read_json(out_dir, row=_compared)
    records = {
        f["file"]: FileRecord(**f) for f in payload.get("files", []) if f.get("status") == "ok"
    }
    numbered = read_csv_numbered(out_dir / CSV_NAME)
    problems: list[str] = []
    id_changes = assign_ids(numbered, problems)
    rows = [row for _, row in numbered]
    log = RedactionLog(
        input_dir=str(payload["input_dir"]),
        files=[FileRecord(**f) for f in payload.get("files", [])],
        rows=rows,
    )
    reviewed = Reviewed(log, {row.id: number for number, row in numbered}, list(id_changes))
    pages = {rel: record.pages for rel, record in records.items()}
    bad: set[str] = set()
    for number, row in numbered:
        found = _check_row(row, f"row {number} (id {row.id or '-'})", rules, pages)
        if found:
            bad.add(row.id)
            problems.extend(found)
    previous = list(payload.get("rows", []))
    removed, removed_changes = _removed_rows(previous, {r.id for r in rows})
    problems.extend(removed)
    problems.extend(_check_against_inputs(reviewed, Path(log.input_dir), records, bad))
    if problems:
        raise LogError(
            f"{out_dir / CSV_NAME}: the log has problems; nothing was burned:\n  "
            + "\n  ".join(problems)
        )
    reviewed.changes.extend(removed_changes)
    reviewed.changes.extend(_edits(previous, reviewed))
    return reviewed


@collector_paused()  # a bundle's log: many rows, none freed by the collector
def record_decisions(reviewed: Reviewed, reviewer: str, when: str) -> None:
    """Rows decided in the CSV without a reviewer or a time get them (and an audit line)."""
    rows = reviewed.log.rows
    for index, row in enumerate(rows):
        if row.decision == PROPOSED or (row.reviewer and row.decided_at):
            continue
        filled = replace(row, reviewer=row.reviewer or reviewer, decided_at=row.decided_at or when)
        fields = {
            name: (getattr(row, name), getattr(filled, name))
            for name in ("reviewer", "decided_at")
            if getattr(row, name) != getattr(filled, name)
        }
        rows[index] = filled
        reviewed.changes.append(
            Change(row.id, f"decision {row.decision} recorded", fields, reviewed.numbers[row.id])
        )


def rows_by_file(reviewed: Reviewed, files: Iterable[str]) -> dict[str, list[LogRow]]:
    """What to burn and check in each of `files`: its box rows, and each text row's
    occurrences as boxes; the text rows themselves are kept (without a box) so the release
    check searches every page for their text. One pass over the log for all the files."""
    result: dict[str, list[LogRow]] = {rel: [] for rel in files}
    for row in reviewed.log.rows:
        targets = result if row.file == EVERY_FILE else [row.file] if row.file in result else []
        for rel in targets:
            _add_row(result[rel], reviewed, row, rel)
    return result


def _add_row(result: list[LogRow], reviewed: Reviewed, row: LogRow, rel: str) -> None:
    if row.has_box:
        result.append(row)
        return
    result.append(replace(row, file=rel))
    for occ in reviewed.occurrences.get(row.id, {}).get(rel, []):
        result.append(
            replace(
                row,
                id=f"{row.id}.{occ.page}.{occ.index}",
                file=rel,
                page=occ.page,
                x0=occ.box.x0,
                y0=occ.box.y0,
                x1=occ.box.x1,
                y1=occ.box.y1,
                text=occ.text,
                finding=f"{row.id}.{occ.page}.{occ.index}",
            )
        )


@collector_paused()  # a bundle's log: many rows, none freed by the collector
def commit(out_dir: Path, reviewed: Reviewed, command: str, who: str, when: str) -> None:
    """Record every change in the audit file, then rewrite the log; nothing changed: no write."""
    if not reviewed.changes:
        return
    audit.append(out_dir, command, who, reviewed.changes, when)
    write_log(out_dir, reviewed.log)
