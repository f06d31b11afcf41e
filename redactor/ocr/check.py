"""The release check for pages whose words came from OCR: read the clean page again, by OCR.

A scanned page has no text layer to search, so the only proof that a burned box really removed a
word is that OCR can no longer read it. Every accepted row read by OCR has its page OCRed again;
if the row's text (or that of any other accepted row on the page) can be read anywhere on that
page, the file fails verification. As in the other checks, the text of a box drawn by hand, or of
a town in an address, counts only where its box is (`consistency.by_box_only`): the same town
named elsewhere on the page ("taken to Harrowfield custody") is a place, not the home.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from redactor.consistency import MIN_SEARCH_LENGTH, PageIndex, by_box_only, search_key
from redactor.log import ACCEPT, OCR, LogRow
from redactor.models import Box
from redactor.ocr.reader import read_by_ocr
from redactor.ocr.tesseract import TesseractError
from redactor.pdf.text import PageText

NEAR = 2.0  # points: a second reading of the same word lands within this of the first


def _under(text: PageText, at: tuple[int, int], box: Box) -> bool:
    """Whether the text at offsets `at` was read where `box` is."""
    return any(
        found.x0 < box.x1 + NEAR
        and box.x0 - NEAR < found.x1
        and found.y0 < box.y1 + NEAR
        and box.y0 - NEAR < found.y1
        for found, _ in text.segments(*at)
    )


def readable_leaks(
    clean: Path, rel: str, rows: list[LogRow], skip: set[str]
) -> list[tuple[int, str, str]]:
    """(page, log id, problem) for every accepted text OCR can still read on a clean page whose
    rows came from OCR. `skip`: normalised texts a reviewer left visible elsewhere."""
    accepted: dict[int, list[LogRow]] = defaultdict(list)
    ocr_pages: set[int] = set()
    for row in rows:
        if row.decision != ACCEPT:
            continue
        accepted[row.page].append(row)
        if row.source == OCR:
            ocr_pages.add(row.page)
    try:
        reread = read_by_ocr(clean, rel, sorted(ocr_pages))
    except TesseractError as exc:  # no proof either way: the file is not released
        return [(0, "", f"its OCRed pages could not be checked: {exc}")]
    problems: list[tuple[int, str, str]] = []
    for number, text in sorted(reread.items()):
        index = PageIndex(text.text)
        for row in accepted[number]:
            norm = search_key(row.text)
            if len(norm) < MIN_SEARCH_LENGTH or norm in skip:
                continue
            found = index.occurrences(row.text, row.entity_type)
            if by_box_only(row):
                found = (at for at in found if _under(text, at, row.box))
            if next(found, None):
                problems.append(
                    (
                        number,
                        row.id,
                        f"redacted {row.entity_type} text can still be read by OCR on the page",
                    )
                )
    return problems
