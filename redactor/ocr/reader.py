"""Read every page of a PDF as text, by OCR where the text layer falls short.

Pages are surveyed one by one (text layer, ink, pictures); those that need OCR are rendered and
handed to a pool of Tesseract processes, one page per core. The reader remembers which pages of
each file it read by OCR; scan's second pass reads the pages as the first pass left them
(`scan.spool_pages`), so Tesseract never runs twice on a page.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.errors import InputFileError
from redactor.models import compose
from redactor.ocr import tesseract
from redactor.ocr.pagetext import OcrPiece, new_words, ocr_page_text
from redactor.ocr.triage import Plan, plan_page
from redactor.pdf.document import open_input
from redactor.pdf.raster import PageSurvey, Render, render, survey
from redactor.pdf.text import PageText, read_page_text

log = logging.getLogger(__name__)

MIN_DPI = 200  # pictures below this are rendered larger: Tesseract reads small text badly
MAX_DPI = 300
VECTOR_DPI = 300  # a page whose ink is vector art, not a picture


OcrResult = tuple[Plan, list[OcrPiece]]  # what OCR made of one page


def workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def ocr_dpi(page: PageSurvey) -> float:
    if page.image_dpi <= 0:
        return VECTOR_DPI
    return min(max(page.image_dpi, MIN_DPI), MAX_DPI)


@dataclass
class _Pending:
    survey: PageSurvey
    plan: Plan
    jobs: list[tuple[Render, Future[tuple[list[tesseract.OcrWord], tesseract.Affine]]]]


class PageReader:
    """Pages of input files as PageText, OCR included; remembers OCR results per file."""

    def __init__(self, jobs: int = 0) -> None:
        self._jobs = jobs or workers()
        self._ocr_pages: dict[str, set[int]] = {}  # pages read by OCR, by file

    def ocr_pages(self, rel: str) -> list[int]:
        return sorted(self._ocr_pages.get(rel, ()))

    def pages(self, path: Path, rel: str) -> list[PageText]:
        """Every page of one file, with OCR words where the text layer falls short."""
        with open_input(path, rel) as doc:
            return self.read_batch(doc, rel, [read_page_text(page) for page in doc])

    def read_batch(self, doc: Any, rel: str, texts: list[PageText]) -> list[PageText]:
        """Pass 1, a batch of pages at a time: each page's text layer (`texts`, read from
        `doc`), with OCR words where it falls short; which pages were OCRed is remembered."""
        surveys = [survey(doc[text.number - 1], text) for text in texts]
        known = self._run_ocr(doc, surveys, rel)
        self._ocr_pages.setdefault(rel, set()).update(known)
        return [_page_text(text, known.get(text.number)) for text in texts]

    def _run_ocr(self, doc: Any, surveys: list[PageSurvey], rel: str) -> dict[int, OcrResult]:
        plans = [(s, plan_page(s)) for s in surveys]
        needed = [(s, p) for s, p in plans if p.needed]
        if needed and not tesseract.available():
            raise InputFileError(
                rel,
                f"page {needed[0][0].text.number} needs OCR ({needed[0][1].reason}) but "
                "Tesseract is not installed",
                "Install the Debian packages tesseract-ocr, tesseract-ocr-eng and "
                "tesseract-ocr-osd, then re-run.",
            )
        pending: list[_Pending] = []
        with ThreadPoolExecutor(max_workers=self._jobs) as pool:
            for page_survey, plan in needed:
                page = doc[page_survey.text.number - 1]
                renders = [render(page, ocr_dpi(page_survey), region) for region in plan.regions]
                pending.append(
                    _Pending(
                        page_survey,
                        plan,
                        [(r, pool.submit(tesseract.read_words, r.png, r.dpi)) for r in renders],
                    )
                )
            results: dict[int, OcrResult] = {}
            for item in pending:
                number = item.survey.text.number
                try:
                    pieces = [_piece(r, f.result()) for r, f in item.jobs]
                except tesseract.TesseractError as exc:
                    raise InputFileError(
                        rel,
                        f"page {number} could not be read by OCR ({exc})",
                        "Check the Tesseract installation (`tesseract --version`), then re-run.",
                    ) from exc
                if item.plan.replace and item.survey.text.text.strip():
                    log.warning(
                        "%s page %d: %s; its words were read by OCR instead",
                        rel,
                        number,
                        item.plan.reason,
                    )
                results[number] = (item.plan, pieces)
        return results


def words_scan_added(
    path: Path, rel: str, numbers: list[int], jobs: int = 0
) -> dict[int, list[tuple[OcrPiece, tesseract.OcrWord]]]:
    """The OCR words scan added to these pages, read again the same way (same survey, plan and
    renders): for an OCR text layer on the clean copy."""
    if not numbers:
        return {}
    with open_input(path, rel) as doc:
        surveys = [survey(doc[number - 1]) for number in numbers]
        known = PageReader(jobs)._run_ocr(doc, surveys, rel)
    return {
        item.text.number: list(new_words(pieces, None if plan.replace else item.text))
        for item in surveys
        for plan, pieces in [known.get(item.text.number, (Plan(), []))]
    }


def read_by_ocr(path: Path, rel: str, numbers: list[int], jobs: int = 0) -> dict[int, PageText]:
    """Whole pages read by OCR alone, whatever their text layer holds: for the release check."""
    if not numbers:
        return {}
    if not tesseract.available():
        raise tesseract.TesseractError(
            "Tesseract is not installed: install the Debian packages tesseract-ocr, "
            "tesseract-ocr-eng and tesseract-ocr-osd, then re-run"
        )
    with open_input(path, rel) as doc, ThreadPoolExecutor(max_workers=jobs or workers()) as pool:
        futures = {}
        for number in numbers:
            page = doc[number - 1]
            shot = render(page, ocr_dpi(survey(page)))
            futures[number] = (shot, pool.submit(tesseract.read_words, shot.png, shot.dpi))
        return {
            number: ocr_page_text(number, [_piece(shot, future.result())], None)
            for number, (shot, future) in futures.items()
        }


def _piece(render: Render, read: tuple[list[tesseract.OcrWord], tesseract.Affine]) -> OcrPiece:
    words, to_render = read
    return OcrPiece(words, compose(render.to_page, to_render))


def _page_text(text: PageText, ocr: tuple[Plan, list[OcrPiece]] | None) -> PageText:
    if ocr is None:
        return text
    plan, pieces = ocr
    return ocr_page_text(text.number, pieces, None if plan.replace else text)
