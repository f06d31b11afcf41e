"""Atomic output: a file appears complete under its final name, or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_output(dest: Path) -> Iterator[Path]:
    """Yield a temporary path beside `dest`; on success it replaces `dest` in one step."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(dest: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_output(dest) as tmp:
        tmp.write_text(text, encoding=encoding, newline="")


def remove_stale_partials(folder: Path) -> list[Path]:
    """Delete temporary files left by a run that was killed mid-write (never complete files)."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.rglob(".*.partial"):
        if path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def open_text_atomic(dest: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text file to write bit by bit; it appears under `dest` only once complete."""
    with atomic_output(dest) as tmp, tmp.open("w", encoding=encoding, newline="") as handle:
        yield handle
