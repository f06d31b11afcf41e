"""Re-read a clean PDF and prove that nothing accepted for redaction can still be extracted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from redactor import release_check
from redactor.consistency import (
    MIN_SEARCH_LENGTH,
    PageIndex,
    search_key,
    searched_texts,
)
from redactor.log import ACCEPT, REJECT, LogRow
from redactor.ocr.check import readable_leaks
from redactor.pdf.inspect import CleanPdf, open_clean
from redactor.text_search import Occurrences

# Characters inside a box are searched with the box shrunk by this much, so a neighbour whose
# outline merely touches the edge is not mistaken for a survivor.
EDGE_TOLERANCE = 0.5


@dataclass(frozen=True)
class VerifyProblem:
    file: str
    page: int
    log_id: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.file} page {self.page}" if self.page else self.file
        ident = f" [log id {self.log_id}]" if self.log_id else ""
        return f"{where}{ident}: {self.problem}"


def _left_in_box(pdf: CleanPdf, row: LogRow, labels: set[str]) -> str:
    inside = pdf.text_inside(row.page, row.box, EDGE_TOLERANCE)
    for label in labels:
        inside = inside.replace(label, "")
    return "".join(inside.split())


def verify_file(clean_path: Path, rel: str, rows: list[LogRow]) -> list[VerifyProblem]:
    """Every check of one clean file: PyMuPDF's reading, the independent one, and OCR again on
    the pages whose redactions were found by OCR."""
    return (
        verify_with_pymupdf(clean_path, rel, rows)
        + verify_independently(clean_path, rel, rows)
        + verify_by_ocr(clean_path, rel, rows)
    )


def verify_by_ocr(clean_path: Path, rel: str, rows: list[LogRow]) -> list[VerifyProblem]:
    """Scanned pages: what OCR can still read there (`redactor.ocr.check`)."""
    rejected_texts = {search_key(r.text) for r in rows if r.decision == REJECT}
    return [
        VerifyProblem(rel, page, log_id, problem)
        for page, log_id, problem in readable_leaks(clean_path, rel, rows, rejected_texts)
    ]


def verify_independently(clean_path: Path, rel: str, rows: list[LogRow]) -> list[VerifyProblem]:
    """pikepdf and PDFium only: every object, every channel, every page (`release_check`)."""
    return [
        VerifyProblem(rel, leak.page, leak.log_id, leak.problem)
        for leak in release_check.check(clean_path, rows)
    ]


def verify_with_pymupdf(clean_path: Path, rel: str, rows: list[LogRow]) -> list[VerifyProblem]:
    """Every accepted row of this file: nothing under its box, its text nowhere on its page.

    A row without a box (a text row added by hand) means every occurrence: its text must be
    nowhere in the file (on its page, when it names one).
    """
    accepted = [r for r in rows if r.decision == ACCEPT and r.has_box]
    everywhere = [r for r in rows if r.decision == ACCEPT and not r.has_box]
    searched = searched_texts(rows)  # what each row is looked for as, beyond its box
    rejected_texts = {search_key(r.text) for r in rows if r.decision == REJECT}
    labels = {r.exemption for r in accepted}
    problems: list[VerifyProblem] = []
    with open_clean(clean_path) as pdf:
        problems.extend(VerifyProblem(rel, 0, "", p) for p in pdf.structure_problems())
        by_page: dict[int, list[LogRow]] = defaultdict(list)
        for row in accepted:
            by_page[row.page].append(row)
        # every accepted text of the file, looked for in one pass over each page's text
        texts = list(
            dict.fromkeys(
                (text, row.entity_type) for row in accepted for text in searched.get(row.id, ())
            )
        )
        search, number = Occurrences(texts), {text: i for i, text in enumerate(texts)}
        for page, page_rows in sorted(by_page.items()):
            if page > pdf.page_count:
                problems.append(VerifyProblem(rel, page, "", "page missing from the clean PDF"))
                continue
            found = search.found(pdf.page_text(page))
            for row in page_rows:
                left = _left_in_box(pdf, row, labels)
                if left:
                    problems.append(
                        VerifyProblem(
                            rel, page, row.id, f"text still under the box ({len(left)} characters)"
                        )
                    )
                # what the row is looked for as beyond its box (none: a hand-drawn box, whose
                # other occurrences are the reviewer's call; a piece of a wrapped finding)
                for text in searched.get(row.id, ()):
                    norm = search_key(text)
                    if len(norm) < MIN_SEARCH_LENGTH or norm in rejected_texts:
                        continue
                    if number[(text, row.entity_type)] in found:
                        problems.append(
                            VerifyProblem(
                                rel,
                                page,
                                row.id,
                                f"redacted {row.entity_type} text can still be extracted "
                                "from the page",
                            )
                        )
                        break
        problems.extend(_left_anywhere(pdf, rel, everywhere))
    return problems


def _left_anywhere(pdf: CleanPdf, rel: str, rows: list[LogRow]) -> list[VerifyProblem]:
    problems = []
    for row in rows:
        pages = [row.page] if row.page else range(1, pdf.page_count + 1)
        for page in pages:
            if page <= pdf.page_count and next(
                PageIndex(pdf.page_text(page)).occurrences(row.text, row.entity_type), None
            ):
                problems.append(
                    VerifyProblem(
                        rel, page, row.id, "text marked for redaction everywhere is still there"
                    )
                )
    return problems
