"""Which files in the input folder are processed, and which are reported as unusable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Files an operating system leaves in folders; nobody expects them to be disclosed.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


@dataclass(frozen=True)
class InputFile:
    rel: str  # path relative to the input folder, with forward slashes
    path: Path

    @property
    def is_pdf_name(self) -> bool:
        return self.path.suffix.lower() == ".pdf"


def discover(in_dir: Path, exclude: Path | None = None) -> list[InputFile]:
    """Every regular file under in_dir (recursively, sorted), except hidden and system files."""
    found: list[InputFile] = []
    excluded = exclude.resolve() if exclude is not None else None
    for path in sorted(in_dir.rglob("*")):
        rel_parts = path.relative_to(in_dir).parts
        if any(part.startswith(".") for part in rel_parts):
            continue
        if excluded is not None and (
            path.resolve() == excluded or excluded in path.resolve().parents
        ):
            continue
        if not path.is_file() or path.name.lower() in SYSTEM_FILES:
            continue
        found.append(InputFile(rel="/".join(rel_parts), path=path))
    return found
