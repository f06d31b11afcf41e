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
import operator
import struct
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, repeat
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


class Columns(NamedTuple):
    """A page's characters, one list per field of `Glyph`, each in drawing order: the checks
    read a page column by column, and a thousand glyph tuples cost more to make than a few
    lists."""

    text: list[str]
    x0: list[float]
    y0: list[float]
    x1: list[float]
    y1: list[float]
    size: list[float]

    def reordered(self, order: list[int]) -> Columns:
        """The characters in the order `order` lists their places."""
        text, x0, y0, x1, y1, size = self
        return Columns(
            [text[i] for i in order],
            [x0[i] for i in order],
            [y0[i] for i in order],
            [x1[i] for i in order],
            [y1[i] for i in order],
            [size[i] for i in order],
        )


@dataclass
class PageReading:
    number: int
    columns: Columns = field(default_factory=lambda: Columns([], [], [], [], [], []))
    # (the dark box, how many characters drawn before it lie under it)
    covered: list[tuple[Box, int]] = field(default_factory=list)
    copied: str = ""  # the page text in PDFium's own order, as Chrome copies it

    @cached_property
    def glyphs(self) -> list[Glyph]:
        """The characters in drawing order, one tuple each."""
        return [Glyph(*values) for values in zip(*self.columns, strict=True)]

    @cached_property
    def text(self) -> str:
        """The characters joined in drawing order: a space for a gap, a newline for a new line
        (read once the page is complete; computed once)."""
        chars, x0s, _, x1s, y1s, sizes = self.columns
        if not chars:
            return ""
        # each character after the first, with the one before it (zip stops at the last: it has
        # no next): a newline when it is not on the same line, else a space for a wide gap
        gaps = [
            "\n"
            if not abs(y1 - last_y1) < last_size / 2
            else " "
            if x0 - last_x1 > SPACE_GAP * last_size
            else ""
            for x0, y1, last_x1, last_y1, last_size in zip(
                x0s[1:], y1s[1:], x1s, y1s, sizes, strict=False
            )
        ]
        return chars[0] + "".join(chain.from_iterable(zip(gaps, chars[1:], strict=True)))

    @property
    def texts(self) -> list[str]:
        """Every order the page's text can be read in: the drawing order, and PDFium's order
        when it differs (a line drawn out of order, the lines of a rotated page)."""
        if "".join(self.copied.split()) == "".join(self.text.split()):
            return [self.text]
        return [self.text, self.copied]

    @cached_property
    def _by_x(self) -> _Centres | None:
        """Each glyph's centre, sorted by x and by y (None when a centre is not a finite
        number: such a page is searched glyph by glyph)."""
        _, x0s, y0s, x1s, y1s, _ = self.columns
        return _Centres.of_columns(x0s, y0s, x1s, y1s)

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
        chars = self.columns.text
        return "".join(chars[i] for i in sorted(index.inside(x0, y0, x1, y1)))


class _Centres:
    """The glyphs' centres sorted by x and, separately, by y: the glyphs whose centre lies in a
    box are found by bisecting whichever of the two orders holds fewer candidates (a box one
    line high and a column wide has few glyphs at its height and many below and above it), then
    testing the other coordinate. Exactly the glyphs with x0 <= x <= x1 and y0 <= y <= y1."""

    def __init__(self, xs: list[float], ys: list[float]) -> None:
        self.centre_x, self.centre_y = xs, ys  # by the glyph's place in the page's list
        self.by_x = sorted(range(len(xs)), key=xs.__getitem__)  # glyphs in order of x
        self.by_y = sorted(range(len(ys)), key=ys.__getitem__)
        self.xs = [xs[i] for i in self.by_x]  # the x of each, in that order
        self.ys = [ys[i] for i in self.by_y]

    @classmethod
    def of_columns(
        cls, x0s: list[float], y0s: list[float], x1s: list[float], y1s: list[float]
    ) -> _Centres | None:
        xs = [(x0 + x1) / 2 for x0, x1 in zip(x0s, x1s, strict=True)]
        ys = [(y0 + y1) / 2 for y0, y1 in zip(y0s, y1s, strict=True)]
        if not (all(map(math.isfinite, xs)) and all(map(math.isfinite, ys))):
            return None
        return cls(xs, ys)

    def inside(self, x0: float, y0: float, x1: float, y1: float) -> list[int]:
        """The glyphs (their places in the page's list) whose centre is in the box, unordered."""
        first_x, last_x = bisect_left(self.xs, x0), bisect_right(self.xs, x1)
        first_y, last_y = bisect_left(self.ys, y0), bisect_right(self.ys, y1)
        if last_x - first_x <= last_y - first_y:
            ys = self.centre_y
            return [i for i in self.by_x[first_x:last_x] if y0 <= ys[i] <= y1]
        xs = self.centre_x
        return [i for i in self.by_y[first_y:last_y] if x0 <= xs[i] <= x1]


class _Scratch:
    """Buffers PDFium writes its answers into, made once per page, and pointers into them
    (`byref`: the calls take ctypes objects, see `_c_function`)."""

    def __init__(self) -> None:
        self.floats = ctypes.create_string_buffer(_FLOATS.size)
        self.ints = ctypes.create_string_buffer(_UINTS.size)
        size = ctypes.sizeof(ctypes.c_uint)
        self.int_places = tuple(ctypes.byref(self.ints, k * size) for k in range(4))
        size = ctypes.sizeof(ctypes.c_float)
        self.point_places = (ctypes.byref(self.floats, 0), ctypes.byref(self.floats, size))

    def matrix(self, obj: _Address) -> Matrix:
        if not _obj_matrix(obj, self.floats):
            return IDENTITY
        return _MATRIX.unpack_from(self.floats)  # type: ignore[return-value]

    def font_size(self, obj: _Address) -> float | None:
        if not _text_obj_font_size(obj, self.floats):
            return None
        return float(_FLOAT.unpack_from(self.floats)[0])

    def dark_fill(self, path: _Address) -> bool:
        first, second, third, fourth = self.int_places
        if not _path_draw_mode(path, first, second):
            return False
        if _INT_VALUE.unpack_from(self.ints)[0] == fpdf.FPDF_FILLMODE_NONE:
            return False
        if not _obj_fill_color(path, first, second, third, fourth):
            return False  # a pattern or shading fill: no single colour to judge
        return _is_dark(*_UINTS.unpack_from(self.ints))

    def rectangles(
        self, path: _Address, matrix: Matrix
    ) -> Iterator[tuple[float, float, float, float]]:
        """The rectangles a filled path covers on the page: each sub-path drawn with `re`, or
        as four corners joined by straight lines (closed or not)."""
        a, b, c, d, e, f = matrix
        subpaths: list[list[tuple[float, float]]] = []
        curved: set[int] = set()
        x_at, y_at = self.point_places
        for index in range(_path_count_segments(path)):
            segment = _path_segment(path, index)
            if not segment:
                continue
            kind = _segment_type(segment)
            if kind == fpdf.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([])
            if kind not in (fpdf.FPDF_SEGMENT_MOVETO, fpdf.FPDF_SEGMENT_LINETO):
                curved.add(len(subpaths) - 1)
            elif _segment_point(segment, x_at, y_at):
                x, y = _POINT.unpack_from(self.floats)
                subpaths[-1].append((a * x + c * y + e, b * x + d * y + f))
        for index, points in enumerate(subpaths):
            rect = None if index in curved else _rectangle(points)
            if rect is not None:
                yield rect


def _is_dark(red: int, green: int, blue: int, alpha: int) -> bool:
    """Dark as seen on white paper: a fill with opacity `alpha` lets the page show through."""
    opacity = alpha / 255
    shown = max(red, green, blue) / 255 * opacity + (1 - opacity)
    return shown <= DARK


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

    scratch: _Scratch = field(default_factory=lambda: _Scratch())

    def add(self, obj: _Address, parent: Matrix) -> None:
        number = self.count
        self.count += 1
        kind = _obj_type(obj)
        scratch = self.scratch
        if kind == fpdf.FPDF_PAGEOBJ_TEXT:
            address = obj.value or 0  # not 0: only objects PDFium found are added
            self.order[address] = number
            size = scratch.font_size(obj)
            if size is not None:
                _, _, c, d, _, _ = compose(parent, scratch.matrix(obj))
                self.sizes[address] = size * math.hypot(c, d)
        elif kind == fpdf.FPDF_PAGEOBJ_PATH and scratch.dark_fill(obj):
            for rect in scratch.rectangles(obj, compose(parent, scratch.matrix(obj))):
                self.boxes.append((number, rect))
        elif kind == fpdf.FPDF_PAGEOBJ_FORM:
            matrix = compose(parent, scratch.matrix(obj))
            for index in range(_form_count_objects(obj)):
                child = _form_object(obj, ctypes.c_ulong(index))
                if child:
                    self.add(child, matrix)


def _c_function(function: Any, restype: Any) -> Any:
    """`function` of PDFium's C API called through a prototype of our own without argument
    types: the same C function (C calling convention: pypdfium2 loads PDFium with ctypes.CDLL),
    without the conversion of each argument that costs more than the call (most calls are made
    once per character or per path segment), and nothing changed for other users of pypdfium2.
    Without argument types ctypes passes a Python int as a C int, so every argument is an int
    only where the C parameter is an int (a character's or object's index); a pointer is a
    ctypes object: a handle (c_void_p, `_Address`), a buffer or a `byref` into one."""
    pointer = ctypes.cast(function, ctypes.c_void_p).value
    if not pointer:
        raise PdfiumError("PDFium's library is not loaded")
    return ctypes.CFUNCTYPE(restype)(pointer)


class _Address(ctypes.c_void_p):
    """A PDFium object's handle as a prototype returning this type gives it: ctypes turns a
    c_void_p result into an int but leaves a subclass as it is, a ctypes object the next call
    takes (`.value` is the address: the same object always has the same one)."""


_INT = ctypes.c_int
# one call per character of every page: each takes the text page and the character's index
_text_object_address = _c_function(fpdf.FPDFText_GetTextObject, ctypes.c_void_p)  # an int
_char_unicode = _c_function(fpdf.FPDFText_GetUnicode, ctypes.c_uint)
_char_generated = _c_function(fpdf.FPDFText_IsGenerated, _INT)
_char_loose_box = _c_function(fpdf.FPDFText_GetLooseCharBox, _INT)
_char_font_size = _c_function(fpdf.FPDFText_GetFontSize, ctypes.c_double)
# FS_RECTF: four C floats, left, top, right, bottom
_RECT = struct.Struct("=4f")
# a page's objects (Form XObjects' too): one call or a few per object, one per path segment
_page_object = _c_function(fpdf.FPDFPage_GetObject, _Address)  # (page, index)
_form_count_objects = _c_function(fpdf.FPDFFormObj_CountObjects, _INT)
_form_object = _c_function(fpdf.FPDFFormObj_GetObject, _Address)  # (form, c_ulong index)
_obj_type = _c_function(fpdf.FPDFPageObj_GetType, _INT)
_obj_matrix = _c_function(fpdf.FPDFPageObj_GetMatrix, _INT)
_obj_fill_color = _c_function(fpdf.FPDFPageObj_GetFillColor, _INT)
_text_obj_font_size = _c_function(fpdf.FPDFTextObj_GetFontSize, _INT)
_path_draw_mode = _c_function(fpdf.FPDFPath_GetDrawMode, _INT)
_path_count_segments = _c_function(fpdf.FPDFPath_CountSegments, _INT)
_path_segment = _c_function(fpdf.FPDFPath_GetPathSegment, _Address)  # (path, index)
_segment_type = _c_function(fpdf.FPDFPathSegment_GetType, _INT)
_segment_point = _c_function(fpdf.FPDFPathSegment_GetPoint, _INT)
# what they write: FS_MATRIX (six C floats a-f), a float, a point, ints, four colour values
_MATRIX = struct.Struct("=6f")
_FLOAT = struct.Struct("=f")
_POINT = struct.Struct("=2f")
_FLOATS = _MATRIX  # the largest of the float answers
_INT_VALUE = struct.Struct("=i")
_UINTS = struct.Struct("=4I")


def _address(obj: Any) -> int:
    """The address of a PDFium object (0 for none): the same object always has the same one."""
    return ctypes.addressof(obj.contents) if obj else 0


def _drawing(page: Any) -> _Drawing:
    drawing = _Drawing()
    handle = ctypes.c_void_p(ctypes.cast(page, ctypes.c_void_p).value)
    for index in range(fpdf.FPDFPage_CountObjects(page)):
        obj = _page_object(handle, index)
        if obj:
            drawing.add(obj, IDENTITY)
    return drawing


def _read(page: Any, text_page: Any, number: int, slots: _BoxSlots) -> PageReading:
    crop = fpdf.FS_RECTF()
    if not fpdf.FPDF_GetPageBoundingBox(page, crop):
        raise PdfiumError(f"page {number}: PDFium cannot tell its crop box")
    drawing = _drawing(page)
    handle = ctypes.c_void_p(ctypes.cast(text_page, ctypes.c_void_p).value)
    chars = _characters(handle, fpdf.FPDFText_CountChars(text_page))
    shown = [index for index, char in enumerate(chars) if not char.isspace()]
    indices, keys = _drawn(handle, shown)
    columns = _columns(handle, slots, number, crop, chars, indices, keys, drawing.sizes)
    orders = [drawing.order.get(key, -1) for key in keys]  # each one's text object's number
    if not all(map(operator.le, orders, orders[1:])):  # PDFium's order is not drawing order
        by_order = sorted(range(len(orders)), key=orders.__getitem__)  # stable: one object's
        columns = columns.reordered(by_order)  # characters keep their order
        orders = [orders[i] for i in by_order]
    reading = PageReading(number, columns, [], "".join(chars))
    boxes = [(n, _to_box(crop, *r)) for n, r in drawing.boxes]
    if not boxes:
        return reading
    centres = reading._by_x
    if centres is None:  # a centre that is not a finite number: the plain search
        reading.covered = _covered(list(zip(orders, reading.glyphs, strict=True)), boxes)
    else:
        reading.covered = _covered_indexed(centres, orders, boxes)
    return reading


class _BoxSlots:
    """Where PDFium writes the boxes of a page's characters, one FS_RECTF (four C floats: left,
    top, right, bottom) each, kept for the next page of the document: the slots' addresses
    (ctypes `byref` objects, dearer to make than the call they are passed to) are made once."""

    def __init__(self) -> None:
        self._rects = (ctypes.c_float * 0)()
        self._places: list[Any] = []

    def places(self, count: int) -> list[Any]:
        """The first `count` slots, made room for when the page has more characters."""
        if count > len(self._places):
            size = max(count, 2 * len(self._places))
            self._rects = (ctypes.c_float * (4 * size))()
            self._places = [ctypes.byref(self._rects, _RECT.size * k) for k in range(size)]
        return self._places[:count]

    def read(self, count: int) -> tuple[float, ...]:
        """What PDFium wrote into the first `count` slots, four floats each."""
        return struct.unpack_from(f"={4 * count}f", self._rects)


def _to_box(crop: Any, x0: float, y0: float, x1: float, y1: float) -> Box:
    left, top = crop.left, crop.top
    return Box(x0 - left, top - y1, x1 - left, top - y0)


def _characters(handle: ctypes.c_void_p, count: int) -> list[str]:
    """Each character's text, in PDFium's order (one call per character)."""
    codes = map(_char_unicode, repeat(handle, count), range(count))
    return [chr(code) if code <= sys.maxunicode else "\ufffd" for code in codes]


def _drawn(handle: ctypes.c_void_p, shown: list[int]) -> tuple[list[int], list[int]]:
    """The characters (of those not white space) that are drawn, with their text object's
    address: a character without an object that PDFium says it generated (a space or line
    break it made up) is left out; any other keeps 0 for its object."""
    objects = list(map(_text_object_address, repeat(handle, len(shown)), shown))
    if all(objects):
        return shown, objects
    indices: list[int] = []
    keys: list[int] = []
    for index, key in zip(shown, objects, strict=True):
        if not key and _char_generated(handle, index):
            continue
        indices.append(index)
        keys.append(key or 0)
    return indices, keys


def _columns(
    handle: ctypes.c_void_p,
    slots: _BoxSlots,
    number: int,
    crop: Any,
    chars: list[str],
    indices: list[int],
    keys: list[int],
    sizes: dict[int, float],
) -> Columns:
    """The drawn characters, in PDFium's order: each one's loose box on the page (in the
    project's coordinates) and its font size (its text object's, else PDFium's size for the
    character)."""
    count = len(indices)
    placed = list(map(_char_loose_box, repeat(handle, count), indices, slots.places(count)))
    if not all(placed):
        index = indices[placed.index(0)]
        raise PdfiumError(f"page {number}: PDFium cannot place character {index + 1}")
    floats = slots.read(count)  # left, top, right, bottom of each
    left, top = crop.left, crop.top
    sizes_get = sizes.get
    return Columns(
        [chars[index] for index in indices],
        [r_left - left for r_left in floats[0::4]],
        [top - r_top for r_top in floats[1::4]],
        [r_right - left for r_right in floats[2::4]],
        [top - r_bottom for r_bottom in floats[3::4]],
        [
            sizes_get(key) or _char_font_size(handle, index)
            for index, key in zip(indices, keys, strict=True)
        ],
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


def _covered_indexed(
    index: _Centres, orders: list[int], boxes: list[tuple[int, Box]]
) -> list[tuple[Box, int]]:
    """What `_covered` finds, found through the page's index of centres: each box with the
    number of characters drawn before it whose centre it covers (`orders`: each glyph's place in
    the drawing order)."""
    found: list[tuple[Box, int]] = []
    for number, box in boxes:
        inside = index.inside(box.x0, box.y0, box.x1, box.y1)
        under = sum(1 for i in inside if orders[i] < number)
        if under:
            found.append((box, under))
    return found


def read_pages(path: Path) -> Generator[PageReading, None, None]:
    """Every page of `path`, read by PDFium; each page is closed before the next is loaded."""
    slots = _BoxSlots()
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
                    reading = _read(page, text_page, index + 1, slots)
                finally:
                    fpdf.FPDFText_ClosePage(text_page)
            finally:
                fpdf.FPDF_ClosePage(page)
            yield reading
