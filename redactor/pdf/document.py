"""Opening input PDFs safely: every way a file can be unusable becomes a named InputFileError,
and every way it can be usable but risky becomes an InputWarning recorded with the file."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pymupdf

from redactor.errors import (
    DamagedPdfError,
    EncryptedPdfError,
    InputFileError,
    InputWarning,
    NoPagesError,
    NotPdfError,
)
from redactor.models import Finding
from redactor.pdf.prior import find_prior_redactions
from redactor.pdf.second_reader import PdfiumError
from redactor.pdf.text import PageText, read_page_text

PDF_MAGIC = b"%PDF-"
# Acrobat accepts the header anywhere in the first kilobyte; so do we.
HEADER_WINDOW = 1024
# What MuPDF raises on bad data: its own error classes, and RuntimeError/ValueError from PyMuPDF.
# What MuPDF, pikepdf (qpdf) and PDFium raise on a PDF they cannot handle: inside
# `mupdf_errors` (and the release check) these fail one file by name, never the batch.
PDF_LIBRARY_ERRORS: tuple[type[Exception], ...] = (
    pymupdf.mupdf.FzErrorBase,
    pikepdf.PdfError,
    PdfiumError,
    RuntimeError,
    ValueError,
)

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def pymupdf_bugs(where: str) -> Iterator[None]:
    """PyMuPDF's own code raises AttributeError on some damaged files (a font resource it cannot
    read: "'NoneType' object has no attribute 'm_internal'"). Inside this block such an error,
    raised from within PyMuPDF and nowhere else, is a library error (RuntimeError), so the file
    fails by name and the batch goes on; an AttributeError from our code stays a bug."""
    try:
        yield
    except AttributeError as exc:
        innermost = exc.__traceback__
        while innermost is not None and innermost.tb_next is not None:
            innermost = innermost.tb_next
        source = innermost.tb_frame.f_code.co_filename if innermost is not None else ""
        if Path(source).parent.name != "pymupdf":
            raise
        raise RuntimeError(f"{where}: PyMuPDF failed on the file's data ({exc})") from exc


def add_content_on_top(page: pymupdf.Page, content: str) -> None:
    """What `Shape.commit()` (overlay) does with a shape's content: the page's graphics state
    balanced (`wrap_contents`), then the content added on top as a new, deflated stream. The
    burn's boxes and labels and the review copy's stamp are written so; a Shape itself is not
    made, as making one reads the page's boxes and matrix several times over."""
    page.wrap_contents()
    xref = pymupdf.TOOLS._insert_contents(page, b" ", True)
    page.parent.update_stream(xref, content.encode())


@contextmanager
def mupdf_errors(
    error: type[InputFileError], label: str, problem: str, advice: str
) -> Iterator[None]:
    """Turn a MuPDF failure inside the block into `error` naming the file, so the batch goes on."""
    try:
        yield
    except PDF_LIBRARY_ERRORS as exc:
        raise error(label, f"{problem} ({exc})", advice) from exc


def _check_header(path: Path, label: str) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_WINDOW)
    except OSError as exc:
        raise InputFileError(
            label, f"cannot be read ({exc.strerror})", "Check the file's permissions."
        ) from exc
    if not head:
        raise NotPdfError(
            label, "is empty (0 bytes)", "Copy the document again from its source, then re-run."
        )
    if PDF_MAGIC not in head:
        raise NotPdfError(
            label,
            "is not a PDF (no %PDF- header)",
            "Convert it to PDF (or remove it from the folder), then re-run.",
        )


@contextmanager
def open_input(
    path: Path, label: str, warnings: list[InputWarning] | None = None
) -> Iterator[pymupdf.Document]:
    """Open an input PDF read-only; raise InputFileError naming `label` when it is unusable.

    Risks that do not stop processing (owner password, signature, XFA, repaired damage) are
    appended to `warnings` when a list is given."""
    _check_header(path, label)
    with mupdf_errors(
        DamagedPdfError,
        label,
        "cannot be opened as a PDF, even after trying to repair it",
        "The file is damaged: ask for a fresh copy or re-export it, then re-run.",
    ):
        doc = pymupdf.open(path, filetype="pdf")
    try:
        with mupdf_errors(
            DamagedPdfError,
            label,
            "cannot be read",
            "The file is damaged: ask for a fresh copy or re-export it, then re-run.",
        ):
            found = _check_usable(doc, label)
        if warnings is not None:
            warnings.extend(found)
        yield doc
    finally:
        doc.close()


def _check_usable(doc: pymupdf.Document, label: str) -> list[InputWarning]:
    if doc.needs_pass:
        raise EncryptedPdfError(
            label,
            "is encrypted with a password",
            "Open it with the password and save an unprotected copy, then re-run.",
        )
    if doc.is_encrypted:
        raise EncryptedPdfError(
            label,
            "is encrypted",
            "Save an unencrypted copy (e.g. Print to PDF) and re-run on that.",
        )
    if doc.page_count == 0:
        raise NoPagesError(
            label,
            "has no pages",
            "Check the source document; an empty PDF has nothing to disclose.",
        )
    warnings: list[InputWarning] = []
    if (doc.metadata or {}).get("encryption"):
        warnings.append(
            InputWarning(
                "owner-password",
                label,
                "is encrypted with an owner password only (it opens without one); it was "
                "processed, and the clean copy is not encrypted: check that the owner agrees",
            )
        )
    if doc.get_sigflags() > 0 or _catalog_has(doc, "Perms"):
        warnings.append(
            InputWarning(
                "signed",
                label,
                "is digitally signed; redacting it invalidates the signature, so the clean "
                "copy is unsigned: if a signed copy is needed, have it re-signed after release",
            )
        )
    if _catalog_has(doc, "AcroForm/XFA"):
        if _catalog_has(doc, "NeedsRendering") or not any(_has_content(page) for page in doc):
            raise NoPagesError(
                label,
                "is a dynamic XFA form: its content is in the form, not on the pages",
                "Open it in Adobe Reader/Acrobat and print it to a new PDF, then re-run on that.",
            )
        warnings.append(
            InputWarning(
                "xfa",
                label,
                "contains an XFA form; an XFA-aware viewer may show form content that is not "
                "on the pages that were scanned: print it to a new PDF and re-run if in doubt",
            )
        )
    if doc.is_repaired:
        warnings.append(
            InputWarning(
                "repaired",
                label,
                f"was damaged or truncated and had to be repaired; {doc.page_count} page(s) "
                "were recovered: compare that with the original, and ask for a fresh copy if "
                "pages or text are missing",
            )
        )
    return warnings


def _catalog_has(doc: pymupdf.Document, key: str) -> bool:
    kind, value = doc.xref_get_key(doc.pdf_catalog(), key)
    return kind != "null" and value not in ("false", "null")


def _has_content(page: pymupdf.Page) -> bool:
    return bool(page.get_text().strip() or page.get_images() or page.get_drawings())


@dataclass
class InputPages:
    """The pages of an open input, read one at a time (a huge file is never held at once)."""

    doc: pymupdf.Document
    label: str
    prior_codes: Collection[str] | None
    warnings: list[InputWarning] | None

    @property
    def count(self) -> int:
        return int(self.doc.page_count)

    def __iter__(self) -> Iterator[tuple[PageText, list[Finding]]]:
        return self.between(0, self.count)

    def between(self, first: int, last: int) -> Iterator[tuple[PageText, list[Finding]]]:
        """Pages first..last-1 (0-based): each page's text and, when `prior_codes` is given,
        the failed redactions on it."""
        for number in range(first, min(last, self.doc.page_count)):
            with mupdf_errors(
                DamagedPdfError,
                self.label,
                f"page {number + 1} cannot be read",
                "The file is damaged: ask for a fresh copy or re-export it, then re-run.",
            ):
                page = self.doc.load_page(number)
                text = read_page_text(page)
                prior = (
                    find_prior_redactions(page, text, self.prior_codes)
                    if self.prior_codes is not None
                    else []
                )
            if prior and self.warnings is not None:
                self.warnings.append(_prior_warning(self.label, number + 1, prior))
            yield text, prior


def _prior_warning(label: str, page: int, prior: list[Finding]) -> InputWarning:
    return InputWarning(
        "prior-redaction",
        label,
        f"page {page}: {len(prior)} area(s) of text are covered by a box, picture, highlight or "
        "redaction mark but are still in the file (a failed redaction); each is proposed "
        "as PRIOR_REDACTION in the log: check them",
    )


@contextmanager
def open_pages(
    path: Path,
    label: str,
    warnings: list[InputWarning] | None = None,
    prior_codes: Collection[str] | None = None,
) -> Iterator[InputPages]:
    """Open an input for reading page by page; see open_input for the errors and warnings."""
    with open_input(path, label, warnings) as doc:
        yield InputPages(doc, label, prior_codes, warnings)
