"""A second, independent reading of a clean PDF's pages with PDFium (no MuPDF code).

PDFium is the PDF engine of Chrome (and of the viewers built on it): what it extracts is what
most recipients of a disclosure can select and copy. For each page: the characters PDFium can
extract, with their boxes in the project's coordinates (unrotated page, origin top-left of the
CropBox) and their font size, the page text rebuilt from them, and every character that a dark
filled rectangle drawn later sits on top of.

Drawing order comes from the page's objects: each character's text object, and where that
object comes in the page, Form XObjects depth-first. PDFium's own order (what Chrome copies) can
differ: it puts a line drawn letter by letter out of order back in reading order, and may order
the lines of a rotated page differently; that text is kept too (`copied`), and the release check
searches both.

The rectangles are found in the page's objects, Form XObjects included (their objects carry
matrices relative to the form; the form's own matrix places them on the page). A rectangle is a
filled sub-path drawn with `re` or as four corners joined by lines; it is dark when what it
shows on white paper is this dark or darker (a transparent fill shows nothing).

Only `pypdfium2.raw` (PDFium's C API) is used. Every document, page and text page is closed as
soon as it has been read; a file PDFium cannot load, or a page it cannot parse, raises
`PdfiumError` naming what failed.
"""

from __future__ import annotations

import ctypes
import math
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as fpdf

from redactor.models import Affine, Box, compose

PdfiumError = pdfium.PdfiumError

DARK = 0.25  # a fill this dark or darker hides black text
SPACE_GAP = 0.25  # a gap wider than this share of the font size is a space
CORNER = 0.01  # how far a path's point may be from its bounding box's corner

Matrix = Affine
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Glyph(NamedTuple):
    """One character: a tuple of plain values, since a page has about a thousand, made in the
    hot loop (`box` makes the project's Box of it)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float

    @property
    def box(self) -> Box:
        return Box(self.x0, self.y0, self.x1, self.y1)


@dataclass
class PageReading:
    number: int
    glyphs: list[Glyph] = field(default_factory=list)  # in drawing order
    # (the dark box, how many characters drawn before it lie under it)
    covered: list[tuple[Box, int]] = field(default_factory=list)
    copied: str = ""  # the page text in PDFium's own order, as Chrome copies it

    @cached_property
    def text(self) -> str:
        """The characters joined in drawing order: a space for a gap, a newline for a new line
        (read once the page is complete; computed once)."""
        out: list[str] = []
        previous: Glyph | None = None
        for glyph in self.glyphs:
            if previous is not None:
                same_line = abs(glyph.y1 - previous.y1) < previous.size / 2
                if not same_line:
                    out.append("\n")
                elif glyph.x0 - previous.x1 > SPACE_GAP * previous.size:
                    out.append(" ")
            out.append(glyph.text)
            previous = glyph
        return "".join(out)

    @property
    def texts(self) -> list[str]:
        """Every order the page's text can be read in: the drawing order, and PDFium's order
        when it differs (a line drawn out of order, the lines of a rotated page)."""
        if "".join(self.copied.split()) == "".join(self.text.split()):
            return [self.text]
        return [self.text, self.copied]

    @cached_property
    def _by_x(self) -> tuple[list[float], list[tuple[float, int]]] | None:
        """Each glyph's centre x, sorted, with its centre y and its place in `glyphs` (None when
        a centre is not a finite number: such a page is searched glyph by glyph)."""
        centres = sorted(
            ((g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2, i) for i, g in enumerate(self.glyphs)
        )
        if not all(math.isfinite(x) and math.isfinite(y) for x, y, _ in centres):
            return None
        return [x for x, _, _ in centres], [(y, i) for _, y, i in centres]

    def text_inside(self, box: Box, tolerance: float) -> str:
        """The characters whose centre lies inside the box shrunk by `tolerance`, in drawing
        order."""
        x0, y0 = box.x0 + tolerance, box.y0 + tolerance
        x1, y1 = box.x1 - tolerance, box.y1 - tolerance
        index = self._by_x
        if index is None:
            return "".join(
                g.text
                for g in self.glyphs
                if x0 <= (g.x0 + g.x1) / 2 <= x1 and y0 <= (g.y0 + g.y1) / 2 <= y1
            )
        xs, rest = index
        inside = sorted(
            i for y, i in rest[bisect_left(xs, x0) : bisect_right(xs, x1)] if y0 <= y <= y1
        )
        return "".join(self.glyphs[i].text for i in inside)


def _matrix(obj: Any) -> Matrix:
    m = fpdf.FS_MATRIX()
    if not fpdf.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _is_dark(red: int, green: int, blue: int, alpha: int) -> bool:
    """Dark as seen on white paper: a fill with opacity `alpha` lets the page show through."""
    opacity = alpha / 255
    shown = max(red, green, blue) / 255 * opacity + (1 - opacity)
    return shown <= DARK


def _dark_fill(path: Any) -> bool:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not fpdf.FPDFPath_GetDrawMode(path, fill_mode, stroke):
        return False
    if fill_mode.value == fpdf.FPDF_FILLMODE_NONE:
        return False
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if not fpdf.FPDFPageObj_GetFillColor(path, red, green, blue, alpha):
        return False  # a pattern or shading fill: no single colour to judge
    return _is_dark(red.value, green.value, blue.value, alpha.value)


def _rectangles(path: Any, matrix: Matrix) -> Iterator[tuple[float, float, float, float]]:
    """The rectangles a filled path covers on the page: each sub-path drawn with `re`, or as
    four corners joined by straight lines (closed or not)."""
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    curved: set[int] = set()
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(fpdf.FPDFPath_CountSegments(path)):
        segment = fpdf.FPDFPath_GetPathSegment(path, index)
        if not segment:
            continue
        kind = fpdf.FPDFPathSegment_GetType(segment)
        if kind == fpdf.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([])
        if kind not in (fpdf.FPDF_SEGMENT_MOVETO, fpdf.FPDF_SEGMENT_LINETO):
            curved.add(len(subpaths) - 1)
        elif fpdf.FPDFPathSegment_GetPoint(segment, x, y):
            subpaths[-1].append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
    for index, points in enumerate(subpaths):
        rect = None if index in curved else _rectangle(points)
        if rect is not None:
            yield rect


def _rectangle(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """The points' bounding box, when every point is on one of its corners and every corner
    is reached (a triangle is not a box)."""
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    if x1 - x0 < CORNER or y1 - y0 < CORNER:
        return None
    corners = set()
    for x, y in points:
        near_x = 0 if abs(x - x0) < CORNER else 1 if abs(x - x1) < CORNER else None
        near_y = 0 if abs(y - y0) < CORNER else 1 if abs(y - y1) < CORNER else None
        if near_x is None or near_y is None:
            return None
        corners.add((near_x, near_y))
    return (x0, y0, x1, y1) if len(corners) == 4 else None


@dataclass
class _Drawing:
    """What a page draws, numbered in drawing order (Form XObjects depth-first)."""

    order: dict[int, int] = field(default_factory=dict)  # text object -> its number
    sizes: dict[int, float] = field(default_factory=dict)  # text object -> font size on page
    # dark rectangles in PDF user space
    boxes: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)
    count: int = 0

    def add(self, obj: Any, parent: Matrix) -> None:
        number = self.count
        self.count += 1
        kind = fpdf.FPDFPageObj_GetType(obj)
        if kind == fpdf.FPDF_PAGEOBJ_TEXT:
            key = _address(obj)
            self.order[key] = number
            size = ctypes.c_float()
            if fpdf.FPDFTextObj_GetFontSize(obj, size):
                _, _, c, d, _, _ = compose(parent, _matrix(obj))
                self.sizes[key] = size.value * math.hypot(c, d)
        elif kind == fpdf.FPDF_PAGEOBJ_PATH and _dark_fill(obj):
            for rect in _rectangles(obj, compose(parent, _matrix(obj))):
                self.boxes.append((number, rect))
        elif kind == fpdf.FPDF_PAGEOBJ_FORM:
            matrix = compose(parent, _matrix(obj))
            for index in range(fpdf.FPDFFormObj_CountObjects(obj)):
                child = fpdf.FPDFFormObj_GetObject(obj, index)
                if child:
                    self.add(child, matrix)


def _as_address(function: Any, *argtypes: Any) -> Any:
    """`function` of PDFium's C API, returning the object it finds as its address (an int, None for
    none) rather than as a ctypes pointer: the same C function, called through a prototype of
    our own (C calling convention: pypdfium2 loads PDFium with ctypes.CDLL), so nothing is
    changed for other users of pypdfium2."""
    pointer = ctypes.cast(function, ctypes.c_void_p).value
    if not pointer:
        raise PdfiumError("PDFium's library is not loaded")
    return ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(pointer)


# one call per character of every page
_text_object_address = _as_address(fpdf.FPDFText_GetTextObject, fpdf.FPDF_TEXTPAGE, ctypes.c_int)


def _address(obj: Any) -> int:
    """The address of a PDFium object (0 for none): the same object always has the same one."""
    return ctypes.addressof(obj.contents) if obj else 0


def _drawing(page: Any) -> _Drawing:
    drawing = _Drawing()
    for index in range(fpdf.FPDFPage_CountObjects(page)):
        obj = fpdf.FPDFPage_GetObject(page, index)
        if obj:
            drawing.add(obj, IDENTITY)
    return drawing


def _read(page: Any, text_page: Any, number: int) -> PageReading:
    crop = fpdf.FS_RECTF()
    if not fpdf.FPDF_GetPageBoundingBox(page, crop):
        raise PdfiumError(f"page {number}: PDFium cannot tell its crop box")
    left, top = crop.left, crop.top

    def to_box(x0: float, y0: float, x1: float, y1: float) -> Box:
        return Box(x0 - left, top - y1, x1 - left, top - y0)

    drawing = _drawing(page)
    order, sizes = drawing.order, drawing.sizes
    placed: list[tuple[int, Glyph]] = []  # with its text object's number in the drawing order
    copied: list[str] = []
    rect = fpdf.FS_RECTF()
    # the per-character calls, looked up once: a page has about a thousand characters
    get_unicode, get_object = fpdf.FPDFText_GetUnicode, _text_object_address
    is_generated, get_box = fpdf.FPDFText_IsGenerated, fpdf.FPDFText_GetLooseCharBox
    get_size = fpdf.FPDFText_GetFontSize
    for index in range(fpdf.FPDFText_CountChars(text_page)):
        code = get_unicode(text_page, index)
        char = chr(code) if code <= sys.maxunicode else "\ufffd"
        copied.append(char)
        if not char.strip():
            continue
        key = get_object(text_page, index) or 0
        if not key and is_generated(text_page, index):
            continue  # a space or line break PDFium made up; real characters have an object
        if not get_box(text_page, index, rect):
            raise PdfiumError(f"page {number}: PDFium cannot place character {index + 1}")
        size = sizes.get(key) or get_size(text_page, index)
        x0, y0, x1, y1 = rect.left - left, top - rect.top, rect.right - left, top - rect.bottom
        placed.append((order.get(key, -1), Glyph(char, x0, y0, x1, y1, size)))
    placed.sort(key=lambda item: item[0])  # stable: one object's characters keep their order
    boxes = [(number, to_box(*r)) for number, r in drawing.boxes]
    return PageReading(
        number, [glyph for _, glyph in placed], _covered(placed, boxes), "".join(copied)
    )


def _covered(
    placed: list[tuple[int, Glyph]], boxes: list[tuple[int, Box]]
) -> list[tuple[Box, int]]:
    """Each box with the number of characters drawn before it whose centre it covers."""
    if not boxes or not placed:
        return []
    centres = sorted(((g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2, order) for order, g in placed)
    xs = [centre[0] for centre in centres]
    found: list[tuple[Box, int]] = []
    for number, box in boxes:
        first, last = bisect_left(xs, box.x0), bisect_right(xs, box.x1)
        under = sum(
            1 for _, y, order in centres[first:last] if order < number and box.y0 <= y <= box.y1
        )
        if under:
            found.append((box, under))
    return found


def read_pages(path: Path) -> Generator[PageReading, None, None]:
    """Every page of `path`, read by PDFium; each page is closed before the next is loaded."""
    with pdfium.PdfDocument(path) as document:
        for index in range(fpdf.FPDF_GetPageCount(document.raw)):
            page = fpdf.FPDF_LoadPage(document.raw, index)
            if not page:
                raise PdfiumError(f"page {index + 1} cannot be loaded by PDFium")
            try:
                text_page = fpdf.FPDFText_LoadPage(page)
                if not text_page:
                    raise PdfiumError(f"page {index + 1}: PDFium cannot read its text")
                try:
                    reading = _read(page, text_page, index + 1)
                finally:
                    fpdf.FPDFText_ClosePage(text_page)
            finally:
                fpdf.FPDF_ClosePage(page)
            yield reading
