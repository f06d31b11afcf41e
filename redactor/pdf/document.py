"""Opening input PDFs safely: every way a file can be unusable becomes a named InputFileError."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf

from redactor.errors import InputFileError

PDF_MAGIC = b"%PDF-"
# Acrobat accepts the header anywhere in the first kilobyte; so do we.
HEADER_WINDOW = 1024

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_header(path: Path, label: str) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_WINDOW)
    except OSError as exc:
        raise InputFileError(
            label, f"cannot be read ({exc.strerror})", "Check the file's permissions."
        ) from exc
    if not head:
        raise InputFileError(
            label, "is empty (0 bytes)", "Copy the document again from its source, then re-run."
        )
    if PDF_MAGIC not in head:
        raise InputFileError(
            label,
            "is not a PDF (no %PDF- header)",
            "Convert it to PDF (or remove it from the folder), then re-run.",
        )


@contextmanager
def open_input(path: Path, label: str) -> Iterator[pymupdf.Document]:
    """Open an input PDF read-only; raise InputFileError naming `label` when it is unusable."""
    _check_header(path, label)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises plain RuntimeError/FileDataError variants
        raise InputFileError(
            label,
            f"cannot be opened as a PDF ({exc})",
            "The file is damaged: ask for a fresh copy or re-export it, then re-run.",
        ) from exc
    try:
        _check_usable(doc, label)
        yield doc
    finally:
        doc.close()


def _check_usable(doc: pymupdf.Document, label: str) -> None:
    if doc.needs_pass:
        raise InputFileError(
            label,
            "is encrypted with a password",
            "Open it with the password and save an unprotected copy, then re-run.",
        )
    if doc.is_encrypted:
        raise InputFileError(
            label,
            "is encrypted",
            "Save an unencrypted copy (e.g. Print to PDF) and re-run on that.",
        )
    if doc.page_count == 0:
        raise InputFileError(
            label,
            "has no pages",
            "Check the source document; an empty PDF has nothing to disclose.",
        )
    if doc.is_repaired:
        # MuPDF rebuilt a broken cross-reference table. Pages may be missing, so refuse rather
        # than silently disclose a partial document.
        raise InputFileError(
            label,
            "is damaged or truncated (its structure had to be rebuilt)",
            "Ask for a fresh copy or re-export it from the source, then re-run.",
        )
