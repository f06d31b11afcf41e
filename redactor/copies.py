"""Which marks each review copy was given, so an edited copy can be read back reliably.

`OUT/review-copies.json` records, per input file, the log ids drawn into
`OUT/annotated/<file>` and the copy's SHA-256 as written (and as last imported). `import` uses
the ids to tell a deleted mark from a row added since; `scan` uses the hashes to refuse to
overwrite a copy someone edited and has not imported yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from redactor.errors import LogError
from redactor.fsutil import write_text_atomic
from redactor.log import LogRow
from redactor.pdf.document import sha256_of

COPIES_NAME = "review-copies.json"
ANNOTATED_DIR = "annotated"


@dataclass
class Copy:
    ids: list[str]
    sha256: str
    imported_sha256: list[str] = field(default_factory=list)


def load(out_dir: Path) -> dict[str, Copy]:
    path = out_dir / COPIES_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {rel: Copy(**entry) for rel, entry in data.items()}
    except (OSError, ValueError, TypeError) as exc:
        raise LogError(
            f"{path}: cannot be read ({exc}); delete it and re-run `redactor scan`."
        ) from None


def save(out_dir: Path, copies: dict[str, Copy]) -> None:
    data = {rel: vars(copy) for rel, copy in sorted(copies.items())}
    write_text_atomic(out_dir / COPIES_NAME, json.dumps(data, indent=1) + "\n")


def record_written(out_dir: Path, rows: list[LogRow], files: list[str]) -> None:
    """After scan: the ids drawn into each review copy and the copy's hash."""
    copies = load(out_dir)
    for rel in files:
        path = out_dir / ANNOTATED_DIR / rel
        if path.is_file():
            ids = [r.id for r in rows if r.file == rel and r.has_box]
            copies[rel] = Copy(ids=ids, sha256=sha256_of(path))
    save(out_dir, copies)


def edited_copies(out_dir: Path) -> list[str]:
    """Review copies changed since redactor wrote them and not imported since."""
    edited = []
    for rel, copy in load(out_dir).items():
        path = out_dir / ANNOTATED_DIR / rel
        if path.is_file():
            digest = sha256_of(path)
            if digest != copy.sha256 and digest not in copy.imported_sha256:
                edited.append(rel)
    return edited
