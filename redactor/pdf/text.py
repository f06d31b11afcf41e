"""Page text with the geometry of every character, so a finding maps back to exact boxes.

The page text is built the way the detectors expect: words separated by single spaces, lines by
"\\n" and text blocks by "\\n\\n". Separator characters have no box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress

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


def read_page_text(page: pymupdf.Page) -> PageText:
    raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    chars: list[str] = []
    boxes: list[CharBox | None] = []
    lines: list[int] = []
    line_no = 0

    def separator(sep: str) -> None:
        for ch in sep:
            chars.append(ch)
            boxes.append(None)
            lines.append(-1)

    first_block = True
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        block_started = False
        for line in block["lines"]:
            pending_space = False
            line_started = False
            for span in line["spans"]:
                for ch in span["chars"]:
                    c = ch["c"]
                    if not c or c.isspace():
                        pending_space = line_started
                        continue
                    if not line_started:
                        if not block_started:
                            if not first_block:
                                separator("\n\n")
                            first_block = False
                            block_started = True
                        else:
                            separator("\n")
                        line_started = True
                    elif pending_space:
                        separator(" ")
                    pending_space = False
                    chars.append(c)
                    bbox = ch["bbox"]
                    boxes.append((bbox[0], bbox[1], bbox[2], bbox[3]))
                    lines.append(line_no)
            line_no += 1
    return PageText(number=page.number + 1, text="".join(chars), boxes=boxes, lines=lines)
