"""Scanning again into a folder that holds a reviewed log keeps the review work.

Rows are matched by their stable id. A row found again keeps everything the reviewers gave it
(decision, reviewer, time, note, exemption, a moved box); rows added by hand are kept; new
findings come in as `proposed`. A finding no longer found is reported and written to the audit
file: kept when someone decided it, dropped when it was still only proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from redactor import audit, copies
from redactor.audit import Change
from redactor.errors import LogError
from redactor.log import CSV_NAME, PROPOSED, LogRow, RedactionLog
from redactor.log_read import read_csv_numbered
from redactor.review import assign_ids, is_manual


@dataclass
class Previous:
    rows: list[LogRow]
    assigned: list[Change]  # ids given to rows added by hand without one


@dataclass
class Rescan:
    kept: int = 0  # rows found again, with their review state
    new: int = 0  # findings not in the previous log: proposed
    manual: int = 0  # rows added by hand, kept
    assigned: list[Change] = field(default_factory=list)  # ids given to rows added by hand
    disappeared: list[LogRow] = field(default_factory=list)  # decided, no longer found: kept
    dropped: list[LogRow] = field(default_factory=list)  # proposed, no longer found: removed
    redraw: set[str] = field(default_factory=set)  # files whose review copy must show old rows

    @property
    def changes(self) -> list[Change]:
        return (
            self.assigned
            + [
                Change(row.id, f"no longer found by the scan; kept ({row.decision})", {})
                for row in self.disappeared
            ]
            + [
                Change(row.id, "no longer found by the scan; proposal removed", {})
                for row in self.dropped
            ]
        )


def load_previous(out_dir: Path) -> Previous | None:
    """The reviewed rows of an earlier scan into `out_dir`, or None for a fresh folder."""
    csv_path = out_dir / CSV_NAME
    if not csv_path.exists():
        return None
    edited = copies.edited_copies(out_dir)
    if edited:
        listed = ", ".join(str(out_dir / copies.ANNOTATED_DIR / rel) for rel in edited)
        raise LogError(
            f"review copies were edited since the scan and not imported: {listed}. Run "
            "`redactor import` on them first (or delete them to discard those edits); "
            "a new scan would overwrite them."
        )
    problems: list[str] = []
    try:
        numbered = read_csv_numbered(csv_path)
        assigned = assign_ids(numbered, problems)
        if problems:
            raise LogError(f"{csv_path}:\n  " + "\n  ".join(problems))
    except LogError as exc:
        raise LogError(
            f"{exc}\nThe existing log must be readable to keep its decisions: fix those rows, "
            "or scan into a new output folder."
        ) from None
    return Previous([row for _, row in numbered], assigned)


def merge(earlier: Previous | None, log: RedactionLog) -> Rescan:
    """Carry the previous log's review state into the freshly scanned `log` (in place)."""
    result = Rescan()
    if earlier is None:
        return result
    previous = earlier.rows
    result.assigned = earlier.assigned
    before = {row.id: row for row in previous if row.id}
    scanned = {row.id: row for row in log.rows}
    merged: list[LogRow] = []
    for row in log.rows:
        old = before.get(row.id)
        if old is None:
            result.new += 1
            merged.append(row)
            continue
        result.kept += 1
        merged.append(old)
        if old.box != row.box:
            result.redraw.add(row.file)
    for old in previous:
        if old.id in scanned:
            continue
        if is_manual(old) or not old.id:
            result.manual += 1
        elif old.decision == PROPOSED:
            result.dropped.append(old)
            continue
        else:
            result.disappeared.append(old)
        merged.append(old)
        if old.has_box:
            result.redraw.add(old.file)
    ok = {f.file for f in log.files if f.status == "ok"}
    result.redraw &= ok
    merged.sort(key=lambda r: (r.file, r.page, r.y0, r.x0, r.id))
    log.rows[:] = merged
    return result


def record(out_dir: Path, log: RedactionLog, result: Rescan, who: str) -> None:
    """After the log is written: the audit lines and the review copies' registry."""
    audit.append(out_dir, "scan", who, result.changes)
    copies.record_written(out_dir, log.rows, [f.file for f in log.files if f.status == "ok"])
