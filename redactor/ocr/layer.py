"""The invisible OCR text layer of a clean copy (`--ocr-layer`): searchable, never redacted.

The words are those scan's OCR read on the page, read again the same way from the input. Dropped:
every word whose band touches an accepted box on its page, and every word that is, contains or
(from five characters) is part of a word of any accepted text of the file. What is left was
visible on the clean page anyway; the release checks still judge the result.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from redactor.log import ACCEPT, LogRow
from redactor.models import Box, LayerWord
from redactor.ocr.pagetext import OcrPiece, band_box
from redactor.ocr.reader import words_scan_added
from redactor.ocr.tesseract import OcrWord

TOUCH_MARGIN = 1.0  # points around a word's band that must be clear of every accepted box
MIN_CONTAINED = 3  # an accepted word this long inside an OCR word drops it
MIN_PART = 5  # an OCR word this long inside an accepted word is dropped
_PUNCTUATION = "\"'()[]{}<>,.;:!?*“”‘’«»"


def _bare(text: str) -> str:
    return text.strip(_PUNCTUATION).casefold()


def redacted_words(rows: list[LogRow]) -> set[str]:
    """Every word of every accepted text of the file, bare and case-folded."""
    return {
        word
        for row in rows
        if row.decision == ACCEPT
        for word in map(_bare, row.text.split())
        if word
    }


def is_redacted_word(text: str, redacted: set[str]) -> bool:
    word = _bare(text)
    if not word:
        return False
    return any(
        word == r
        or (len(r) >= MIN_CONTAINED and r in word)
        or (len(word) >= MIN_PART and word in r)
        for r in redacted
    )


def _touches(band: Box, boxes: list[Box]) -> bool:
    grown = Box(
        band.x0 - TOUCH_MARGIN,
        band.y0 - TOUCH_MARGIN,
        band.x1 + TOUCH_MARGIN,
        band.y1 + TOUCH_MARGIN,
    )
    return any(
        grown.x0 < b.x1 and b.x0 < grown.x1 and grown.y0 < b.y1 and b.y0 < grown.y1 for b in boxes
    )


def _layer_word(piece: OcrPiece, word: OcrWord) -> LayerWord:
    (x0, _, x1, _), (top, bottom) = word.box, word.band
    return LayerWord(
        word.text, piece.to_page(x0, top), piece.to_page(x1, top), piece.to_page(x0, bottom)
    )


def layer_words(
    source: Path, rel: str, pages: list[int], rows: list[LogRow]
) -> dict[int, list[LayerWord]]:
    """The layer for each of `pages` (those scan read by OCR) of one input file."""
    redacted = redacted_words(rows)
    boxes: dict[int, list[Box]] = defaultdict(list)
    for row in rows:
        if row.decision == ACCEPT and row.has_box:
            boxes[row.page].append(row.box)
    layer: dict[int, list[LayerWord]] = {}
    for number, words in words_scan_added(source, rel, pages).items():
        layer[number] = [
            _layer_word(piece, word)
            for piece, word in words
            if not is_redacted_word(word.text, redacted)
            and not _touches(Box(*band_box(word, piece)), boxes[number])
        ]
    return layer
