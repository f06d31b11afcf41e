"""OCR words as a PageText: the same record the digital path produces, so detection, consistency
and the log work unchanged.

Tesseract gives one box per word; each character gets a share of its word's width in proportion to
its advance width in a common font (`redactor/pdf/glyphs.py`: a comma is narrower than a "y").
Boxes are grown, because a box that is too tight leaves the edges of letters readable: to the
height of the word's line with a margin (`tesseract.parse_hocr`), and a quarter of the word's
mean character width on each side (so a finding that starts inside a word, "Tel:07700...", also
covers the uncertain boundary).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from redactor.models import Affine
from redactor.ocr.tesseract import OcrWord
from redactor.pdf.glyphs import advance
from redactor.pdf.text import CharBox, PageText

CHAR_MARGIN = 0.25  # of the word's mean character width, left and right
# A word mostly covered by digital text is already in the text layer.
DIGITAL_OVERLAP = 0.3
# Tesseract reads a table row as one line. A gap wider than this many line heights is between two
# cells: it starts a new line, as in a digital table (words in prose are under 0.8 apart).
CELL_GAP = 1.0


@dataclass(frozen=True)
class OcrPiece:
    """The words read from one render, and how that render's pixels map to page points."""

    words: list[OcrWord]
    affine: Affine

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.affine
        return a * x + c * y + e, b * x + d * y + f


def _page_box(piece: OcrPiece, x0: float, y0: float, x1: float, y1: float) -> CharBox:
    corners = [piece.to_page(x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs = [c[0] for c in corners]
    ys = [c[1] for c in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def _cuts(text: str, x0: float, x1: float) -> list[float]:
    """Where each character of a word from x0 to x1 starts and ends (len(text) + 1 rising
    positions), sharing the width out by the characters' advance widths."""
    widths = [advance(ch) for ch in text]
    scale = (x1 - x0) / sum(widths)
    cuts = [x0]
    for width in widths:
        cuts.append(cuts[-1] + width * scale)
    cuts[-1] = x1
    return cuts


def char_boxes(word: OcrWord, piece: OcrPiece) -> list[CharBox]:
    x0, _, x1, _ = word.box
    top, bottom = word.band
    cuts = _cuts(word.text, x0, x1)
    margin = CHAR_MARGIN * (x1 - x0) / len(word.text)
    return [
        _page_box(piece, left - margin, top, right + margin, bottom)
        for left, right in pairwise(cuts)
    ]


def _overlap(a: CharBox, b: CharBox) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _digital_lines(page: PageText) -> list[CharBox]:
    lines: dict[int, list[float]] = {}
    for box, line in zip(page.boxes, page.lines, strict=True):
        if box is None:
            continue
        acc = lines.setdefault(line, list(box))
        acc[0], acc[1] = min(acc[0], box[0]), min(acc[1], box[1])
        acc[2], acc[3] = max(acc[2], box[2]), max(acc[3], box[3])
    return [(a[0], a[1], a[2], a[3]) for a in lines.values()]


class _Builder:
    def __init__(self, base: PageText | None) -> None:
        self.chars: list[str] = list(base.text) if base else []
        self.boxes: list[CharBox | None] = list(base.boxes) if base else []
        self.lines: list[int] = list(base.lines) if base else []
        self.confidence: dict[int, float] = {}
        self.next_line = max(self.lines, default=-1) + 1

    def separator(self, sep: str) -> None:
        if not self.chars:
            return
        for ch in sep:
            self.chars.append(ch)
            self.boxes.append(None)
            self.lines.append(-1)

    def word(self, word: OcrWord, boxes: list[CharBox], line: int) -> None:
        for ch, box in zip(word.text, boxes, strict=True):
            self.confidence[len(self.chars)] = round(word.conf, 1)
            self.chars.append(ch)
            self.boxes.append(box)
            self.lines.append(line)


def new_words(pieces: list[OcrPiece], base: PageText | None) -> Iterator[tuple[OcrPiece, OcrWord]]:
    """Each OCR word with its render, in reading order; with `base`, only the words its digital
    text layer lacks."""
    digital = _digital_lines(base) if base else []
    for piece in pieces:
        for word in piece.words:
            whole = _page_box(piece, *word.box)
            area = (whole[2] - whole[0]) * (whole[3] - whole[1])
            if digital and sum(_overlap(whole, d) for d in digital) > DIGITAL_OVERLAP * area:
                continue
            yield piece, word


def band_box(word: OcrWord, piece: OcrPiece) -> CharBox:
    """The word's box on the page, as tall as its line's band (ascenders and descenders)."""
    return _page_box(piece, word.box[0], word.band[0], word.box[2], word.band[1])


def _cell_gap(before: OcrWord, word: OcrWord) -> bool:
    """Whether two words of one OCR line are in different cells of a table row."""
    return word.box[0] - before.box[2] > CELL_GAP * (word.band[1] - word.band[0])


def ocr_page_text(number: int, pieces: list[OcrPiece], base: PageText | None) -> PageText:
    """The page's text from OCR pieces; with `base`, the digital text plus the words it lacks."""
    out = _Builder(base)
    last_piece: OcrPiece | None = None
    last: OcrWord | None = None
    for piece, word in new_words(pieces, base):
        if piece is not last_piece:
            last_piece, last = piece, None
        if last is None or word.block != last.block:
            out.separator("\n\n")
            out.next_line += 1
        elif word.line != last.line or _cell_gap(last, word):
            out.separator("\n")
            out.next_line += 1
        else:
            out.separator(" ")
        last = word
        out.word(word, char_boxes(word, piece), out.next_line)
    return PageText(number, "".join(out.chars), out.boxes, out.lines, out.confidence)
