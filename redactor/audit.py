"""The audit trail: an append-only JSON Lines file beside the log.

Every change redactor makes to a reviewed log (an id given to a hand-added row, a reviewer or a
time filled in, a decision read from an annotated PDF, a finding that disappeared on a re-scan)
is appended here as one line: who, when, which command, which row, and each field's old and new
value. Lines are only ever added, never rewritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redactor.log import encode_json, encode_value

AUDIT_NAME = "redaction-log.audit.jsonl"


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Change:
    row_id: str
    what: str  # e.g. "id assigned", "decided", "box moved", "removed from the CSV"
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (old, new)
    row: int = 0  # spreadsheet row number, when the change came from the CSV

    def describe(self) -> str:
        where = f"row {self.row} " if self.row else ""
        parts = ", ".join(f"{k}: {old!r} -> {new!r}" for k, (old, new) in self.fields.items())
        return f"{where}(id {self.row_id}): {self.what}" + (f" ({parts})" if parts else "")


def append(out_dir: Path, command: str, who: str, changes: list[Change], when: str = "") -> None:
    """Append one line per change, flushed to disk before the log itself is rewritten."""
    if not changes:
        return
    stamp = when or now()
    lines = _lines(stamp, who, command, changes)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / AUDIT_NAME).open("a", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def entry(stamp: str, who: str, command: str, change: Change) -> dict[str, Any]:
    """One change's line of the audit file, as a dict."""
    line: dict[str, Any] = {"at": stamp, "by": who, "command": command, "id": change.row_id}
    if change.row:
        line["row"] = change.row
    line["change"] = change.what
    if change.fields:
        line["fields"] = {k: {"old": o, "new": n} for k, (o, n) in change.fields.items()}
    return line


def _lines(stamp: str, who: str, command: str, changes: list[Change]) -> list[str]:
    """`encode_json(entry(...))` of each change, with the part every line shares encoded once
    and each value by `encode_value` (a run records a change for every row of a bundle)."""
    shared = encode_json({"at": stamp, "by": who, "command": command})[:-1]  # without its "}"
    lines = []
    for change in changes:
        fields = change.fields
        if not all(type(name) is str for name in fields):  # a key JSON would convert
            lines.append(encode_json(entry(stamp, who, command, change)))
            continue
        parts = [shared, ', "id": ', encode_value(change.row_id)]
        if change.row:
            parts += (', "row": ', encode_value(change.row))
        parts += (', "change": ', encode_value(change.what))
        if fields:
            parts.append(', "fields": {')
            parts.append(
                ", ".join(
                    f'{encode_value(name)}: {{"old": {encode_value(old)}, '
                    f'"new": {encode_value(new)}}}'
                    for name, (old, new) in fields.items()
                )
            )
            parts.append("}")
        parts.append("}")
        lines.append("".join(parts))
    return lines


def read(out_dir: Path) -> list[dict[str, Any]]:
    path = out_dir / AUDIT_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
