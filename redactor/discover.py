"""Which files in the input folder are processed, and which are reported as unusable."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from redactor.errors import InputWarning

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


def case_collisions(items: list[InputFile]) -> dict[str, InputWarning]:
    """Inputs whose relative paths differ only by letter case ("a/X.pdf", "A/x.pdf").

    They are distinct here, but their outputs would overwrite each other on Windows and macOS,
    whose file systems ignore case, when the output folder is copied or opened there."""
    groups: dict[str, list[str]] = defaultdict(list)
    for item in items:
        groups[item.rel.casefold()].append(item.rel)
    warnings: dict[str, InputWarning] = {}
    for rels in groups.values():
        if len(rels) < 2:
            continue
        for rel in rels:
            others = ", ".join(r for r in rels if r != rel)
            warnings[rel] = InputWarning(
                "name-case",
                rel,
                f"differs only by letter case from {others}; their outputs are kept apart here "
                "but overwrite each other on Windows and macOS: rename one and re-run",
            )
    return warnings
