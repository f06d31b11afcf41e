"""Page text with the geometry of every character, so a finding maps back to exact boxes.

The page text is built the way the detectors expect: words separated by single spaces, lines by
"\\n" and text blocks by "\\n\\n". Separator characters have no box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
        found = [self.confidence[i] for i in range(start, end) if i in self.confidence]
        return min(found) if found else None

    def segments(self, start: int, end: int) -> list[tuple[Box, str]]:
        """One (box, text) per text line covered by text[start:end]; a finding may span lines."""
        per_line: dict[int, list[float]] = {}
        texts: dict[int, list[str]] = {}
        for index in range(max(start, 0), min(end, len(self.text))):
            box = self.boxes[index]
            line = self.lines[index]
            if box is None:
                if line == -1 and self.text[index] == " ":
                    for prev in reversed(texts):  # a space inside a line belongs to it
                        texts[prev].append(" ")
                        break
                continue
            acc = per_line.get(line)
            if acc is None:
                per_line[line] = list(box)
                texts[line] = [self.text[index]]
            else:
                acc[0] = min(acc[0], box[0])
                acc[1] = min(acc[1], box[1])
                acc[2] = max(acc[2], box[2])
                acc[3] = max(acc[3], box[3])
                texts[line].append(self.text[index])
        return [(Box(*per_line[line]), "".join(texts[line]).strip()) for line in per_line]


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
