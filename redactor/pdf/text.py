"""Page text with the geometry of every character, so a finding maps back to exact boxes.

The page text is built the way the detectors expect: words separated by single spaces, lines by
"\\n" and text blocks by "\\n\\n". Separator characters have no box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import itemgetter
from typing import Any, cast

import pymupdf

from redactor.models import Box

# Whitespace kept so word gaps are real characters; ligatures expanded so "ﬁ" reads as "fi";
# characters outside the MediaBox dropped (they are invisible and are removed on burning).
TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

CharBox = tuple[float, float, float, float]


@dataclass
class PageText:
    """The text of one page and, per character, its box and its line number (-1: separator).

    Characters read by OCR (`redactor/ocr/`) also carry Tesseract's word confidence (0-100);
    `confidence` is empty for a page read only from its text layer.
    """

    number: int  # 1-based
    text: str
    boxes: list[CharBox | None]
    lines: list[int]
    confidence: dict[int, float] = field(default_factory=dict)  # char index -> OCR confidence

    def ocr_confidence(self, start: int, end: int) -> float | None:
        """The lowest OCR confidence in text[start:end]; None when no character came from OCR."""
        if not self.confidence:  # a page read from its text layer only: nothing to look up
            return None
        found = [self.confidence[i] for i in range(start, end) if i in self.confidence]
        return min(found) if found else None

    def line_of(self, start: int, end: int) -> int:
        """The text line of the first character of text[start:end] that has one (-1: none)."""
        return next((line for line in self.lines[start:end] if line >= 0), -1)

    def segments(self, start: int, end: int) -> list[tuple[Box, str]]:
        """One (box, text) per text line covered by text[start:end]; a finding may span lines.

        A line's box is the smallest and largest of its characters' edges, taken once over the
        line (min/max per character cost two thirds of the time of pass 2's log rows): the
        same values as folding them in character by character, ties and all."""
        lo, hi = max(start, 0), min(end, len(self.text))
        if lo >= hi:  # nothing covered (and no slice: a negative end counts from the end)
            return []
        if (one := self._one_line(lo, hi)) is not None:
            return [one]
        per_line: dict[int, list[CharBox]] = {}
        texts: dict[int, list[str]] = {}
        for char, box, line in zip(
            self.text[lo:hi], self.boxes[lo:hi], self.lines[lo:hi], strict=True
        ):
            if box is None:
                if line == -1 and char == " " and texts:  # a space inside a line belongs to it
                    texts[next(reversed(texts))].append(" ")
                continue
            found = per_line.get(line)
            if found is None:
                per_line[line] = [box]
                texts[line] = [char]
            else:
                found.append(box)
                texts[line].append(char)
        segments: list[tuple[Box, str]] = []
        for line, found in per_line.items():
            x0, y0, x1, y1 = zip(*found, strict=True)
            edges = Box(min(x0), min(y0), max(x1), max(y1))
            segments.append((edges, "".join(texts[line]).strip()))
        return segments

    def _one_line(self, lo: int, hi: int) -> tuple[Box, str] | None:
        """`segments` for the common case, in passes at C speed: text[lo:hi] starts on a line's
        character and holds only that line's characters (each with a box) and spaces between
        them (separators, no box). None when it is anything else."""
        lines, boxes, piece = self.lines[lo:hi], self.boxes[lo:hi], self.text[lo:hi]
        line = lines[0]
        if line == -1:
            return None
        spaces = lines.count(-1)
        if lines.count(line) + spaces != len(lines):
            return None
        own = list(compress(boxes, map(line.__eq__, lines)))
        if None in own:
            return None
        if spaces:
            is_space = list(map((-1).__eq__, lines))
            if list(compress(boxes, is_space)).count(None) != spaces:
                return None
            if "".join(compress(piece, is_space)) != " " * spaces:
                return None
        x0, y0, x1, y1 = zip(*own, strict=True)
        return Box(min(x0), min(y0), max(x1), max(y1)), piece.strip()


_CHAR = itemgetter("c")
_BBOX = itemgetter("bbox")
_CHARS = itemgetter("chars")
# A run of characters that are not whitespace. For str patterns, re's \S is exactly
# "not str.isspace()", as str.split() splits on str.isspace() (all three are
# Py_UNICODE_ISSPACE; a test checks every code point).
_WORD = re.compile(r"\S+")

LineWords = tuple[str, list[CharBox | None], list[int]]


def read_page_text(page: pymupdf.Page) -> PageText:
    """The page's text layer as the detectors read it (see the module docstring)."""
    return layout_text(page.number + 1, page.get_text("rawdict", flags=TEXT_FLAGS))


def layout_text(number: int, raw: dict[str, Any]) -> PageText:
    """Page `number`'s text from PyMuPDF's "rawdict" extraction: text blocks in order, each
    line's words (runs of characters that are neither empty nor whitespace) joined by single
    spaces, lines by "\\n", blocks by "\\n\\n"; a line or block without a word adds nothing,
    though every text line takes a line number.

    The work is done a line at a time, in C where it can be: a page holds thousands of
    characters, and every page is read twice a run (scan, and verify of the clean copy)."""
    parts: list[str] = []
    boxes: list[CharBox | None] = []
    lines: list[int] = []
    line_no = -1
    first_block = True
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        block_started = False
        for line in block["lines"]:
            line_no += 1
            words = _line_words(_line_chars(line["spans"]), line_no)
            if words is None:
                continue
            if block_started:
                parts.append("\n")
                boxes.append(None)
                lines.append(-1)
            elif not first_block:
                parts.append("\n\n")
                boxes += (None, None)
                lines += (-1, -1)
            first_block = False
            block_started = True
            parts.append(words[0])
            boxes += words[1]
            lines += words[2]
    return PageText(number=number, text="".join(parts), boxes=boxes, lines=lines)


def _line_chars(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters of a line, across its spans (most lines have one span)."""
    if len(spans) == 1:
        return cast(list[dict[str, Any]], spans[0]["chars"])
    return list(chain.from_iterable(map(_CHARS, spans)))


def _line_words(chars: list[dict[str, Any]], line_no: int) -> LineWords | None:
    """A line's words joined by single spaces, with the boxes and line numbers of its
    characters (None and -1 for the spaces); None when the line has no word."""
    texts = list(map(_CHAR, chars))
    try:
        joined = "".join(texts)
    except TypeError:  # not all text: walked one by one
        return _line_words_stepwise(chars, line_no)
    if len(joined) != len(texts) or "" in texts:  # not one code point each
        return _line_words_stepwise(chars, line_no)
    words = joined.split()
    if not words:
        return None
    text = " ".join(words)
    bboxes: list[CharBox | None] = list(map(_BBOX, chars))
    if text != joined:  # leading, trailing, repeated or other whitespace
        return text, *_gapped(joined, bboxes, line_no)
    numbers = [line_no] * len(bboxes)
    at = -1
    for _ in range(len(words) - 1):  # each " " in the line is a gap between two words
        at = joined.index(" ", at + 1)
        bboxes[at] = None
        numbers[at] = -1
    return text, bboxes, numbers


def _gapped(
    joined: str, bboxes: list[CharBox | None], line_no: int
) -> tuple[list[CharBox | None], list[int]]:
    """The boxes and line numbers of the words in `joined` (one character per box), with one
    separator (None, -1) between words."""
    boxes: list[CharBox | None] = []
    numbers: list[int] = []
    for match in _WORD.finditer(joined):
        start, end = match.span()
        if boxes:
            boxes.append(None)
            numbers.append(-1)
        boxes += bboxes[start:end]
        numbers += [line_no] * (end - start)
    return boxes, numbers


def _line_words_stepwise(chars: list[dict[str, Any]], line_no: int) -> LineWords | None:
    """_line_words one character at a time, for characters that are not one code point each
    (MuPDF gives one): an empty or non-text "c" is a gap, a longer one a single letter."""
    parts: list[str] = []
    boxes: list[CharBox | None] = []
    numbers: list[int] = []
    pending_space = False
    for ch in chars:
        c = ch["c"]
        if not c or c.isspace():
            pending_space = bool(parts)
            continue
        if pending_space:
            parts.append(" ")
            boxes.append(None)
            numbers.append(-1)
        pending_space = False
        parts.append(c)
        boxes.append(_BBOX(ch))
        numbers.append(line_no)
    return ("".join(parts), boxes, numbers) if parts else None
