"""A second, independent reading of a clean PDF's pages with pdfminer.six (no MuPDF code).

For each page: the characters pdfminer can extract, in drawing order, with their boxes in the
project's coordinates (unrotated page, origin top-left of the CropBox), the page text rebuilt from
them, and every character that a dark filled rectangle drawn later sits on top of.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTPage, LTRect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import MATRIX_IDENTITY

from redactor.models import Box

DARK = 0.25  # a fill this dark or darker hides black text
SPACE_GAP = 0.25  # a gap wider than this share of the font size is a space


@dataclass(frozen=True)
class Glyph:
    text: str
    box: Box
    size: float


@dataclass
class PageReading:
    number: int
    glyphs: list[Glyph] = field(default_factory=list)
    # (the dark box, how many characters drawn before it lie under it)
    covered: list[tuple[Box, int]] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        """The characters joined in drawing order: a space for a gap, a newline for a new line
        (read once the page is complete; computed once)."""
        out: list[str] = []
        previous: Glyph | None = None
        for glyph in self.glyphs:
            if previous is not None:
                same_line = abs(glyph.box.y1 - previous.box.y1) < previous.size / 2
                if not same_line:
                    out.append("\n")
                elif glyph.box.x0 - previous.box.x1 > SPACE_GAP * previous.size:
                    out.append(" ")
            out.append(glyph.text)
            previous = glyph
        return "".join(out)

    @cached_property
    def squashed(self) -> str:
        """The text without any white space (spaced-out or kerned words run together)."""
        return "".join(self.text.split())

    @cached_property
    def squashed_lower(self) -> str:
        return self.squashed.lower()

    def text_inside(self, box: Box, tolerance: float) -> str:
        x0, y0 = box.x0 + tolerance, box.y0 + tolerance
        x1, y1 = box.x1 - tolerance, box.y1 - tolerance
        return "".join(
            g.text
            for g in self.glyphs
            if x0 <= (g.box.x0 + g.box.x1) / 2 <= x1 and y0 <= (g.box.y0 + g.box.y1) / 2 <= y1
        )


class _UnrotatedInterpreter(PDFPageInterpreter):
    """Page content in PDF user space: pdfminer would otherwise apply /Rotate and the MediaBox."""

    def process_page(self, page: PDFPage) -> None:
        self.device.begin_page(page, MATRIX_IDENTITY)
        self.render_contents(page.resources, page.contents, ctm=MATRIX_IDENTITY)
        self.device.end_page(page)


def _is_dark(colour: Any) -> bool:
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not colour:
        return False
    values = [float(c) for c in colour if isinstance(c, int | float)]
    if len(values) == 1:
        return values[0] <= DARK
    if len(values) == 3:
        return max(values) <= DARK
    if len(values) == 4:  # CMYK: what is left of each channel after the black
        c, m, y, k = values
        return max((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)) <= DARK
    return False


def _is_box(item: Any) -> bool:
    """A rectangle, however it was drawn (`re`, or four corners joined by lines, then closed)."""
    if isinstance(item, LTRect):
        return True
    if not isinstance(item, LTCurve) or not item.pts:
        return False
    x0, y0, x1, y1 = item.bbox
    return all(
        min(abs(x - x0), abs(x - x1)) < 0.01 and min(abs(y - y0), abs(y - y1)) < 0.01
        for x, y in item.pts
    )


def _in_order(container: LTContainer[Any]) -> Iterator[Any]:
    for item in container:
        if isinstance(item, LTContainer) and not isinstance(item, LTChar):
            yield from _in_order(item)
        else:
            yield item


def _read(layout: LTPage, number: int, crop: tuple[float, float, float, float]) -> PageReading:
    left, top = crop[0], crop[3]

    def to_box(x0: float, y0: float, x1: float, y1: float) -> Box:
        return Box(x0 - left, top - y1, x1 - left, top - y0)

    reading = PageReading(number)
    for item in _in_order(layout):
        if isinstance(item, LTChar):
            if item.get_text().strip():
                reading.glyphs.append(Glyph(item.get_text(), to_box(*item.bbox), item.size))
        elif _is_box(item) and item.fill and _is_dark(item.non_stroking_color):
            box = to_box(*item.bbox)
            under = sum(
                1
                for g in reading.glyphs
                if box.x0 <= (g.box.x0 + g.box.x1) / 2 <= box.x1
                and box.y0 <= (g.box.y0 + g.box.y1) / 2 <= box.y1
            )
            if under:
                reading.covered.append((box, under))
    return reading


def read_pages(path: Path) -> Iterator[PageReading]:
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = _UnrotatedInterpreter(manager, device)
    with path.open("rb") as handle:
        for number, page in enumerate(PDFPage.get_pages(handle), start=1):
            interpreter.process_page(page)
            layout = device.get_result()
            yield _read(layout, number, tuple(page.cropbox))  # type: ignore[arg-type]
