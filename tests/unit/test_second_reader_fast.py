"""The second reader's fast paths read every page exactly as the plain reading they replaced.

The reference below is the reader as it was before its calls and its data were made cheaper:
one loop over the characters through pypdfium2's own bindings (their argument types), a glyph
tuple each, sorted into drawing order; the page's objects walked through the same bindings;
the page text, the text under a box and the covered counts found glyph by glyph. Both read the
digital fixtures, the scanned ones, the same pages with words burned out and dark boxes drawn
over live text, rotated and cropped pages, and damaged copies of all of them.
"""

from __future__ import annotations

import ctypes
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pypdfium2 as pdfium
import pypdfium2.raw as fpdf
import pytest
from pdfs import FIXTURE_PDFS, SCANNED_PDFS, fixture_id

from redactor.models import Box, compose
from redactor.pdf.second_reader import (
    DARK,
    IDENTITY,
    SPACE_GAP,
    Glyph,
    Matrix,
    PageReading,
    PdfiumError,
    _rectangle,
    read_pages,
)

ROOT = Path(__file__).resolve().parents[2]
SCANNED = SCANNED_PDFS
sys.path.insert(0, str(ROOT / "tests"))
from fuzz.test_fuzz_pdfs import mutate  # noqa: E402  (the fuzz harness's own damage)

# --- the reference: the reading as it was ---------------------------------------------------


def _old_drawing(page: Any) -> tuple[dict[int, int], dict[int, float], list[tuple[int, Any]]]:
    """Text object -> its number in drawing order and its font size on the page; the dark
    rectangles with their numbers (Form XObjects depth-first)."""
    order: dict[int, int] = {}
    sizes: dict[int, float] = {}
    boxes: list[tuple[int, Any]] = []
    count = 0

    def matrix_of(obj: Any) -> Matrix:
        m = fpdf.FS_MATRIX()
        if not fpdf.FPDFPageObj_GetMatrix(obj, m):
            return IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def add(obj: Any, parent: Matrix) -> None:
        nonlocal count
        number, count = count, count + 1
        kind = fpdf.FPDFPageObj_GetType(obj)
        address = ctypes.addressof(obj.contents)
        if kind == fpdf.FPDF_PAGEOBJ_TEXT:
            order[address] = number
            size = ctypes.c_float()
            if fpdf.FPDFTextObj_GetFontSize(obj, size):
                _, _, c, d, _, _ = compose(parent, matrix_of(obj))
                sizes[address] = size.value * math.hypot(c, d)
        elif kind == fpdf.FPDF_PAGEOBJ_PATH and _old_dark_fill(obj):
            for rect in _old_rectangles(obj, compose(parent, matrix_of(obj))):
                boxes.append((number, rect))
        elif kind == fpdf.FPDF_PAGEOBJ_FORM:
            matrix = compose(parent, matrix_of(obj))
            for index in range(fpdf.FPDFFormObj_CountObjects(obj)):
                child = fpdf.FPDFFormObj_GetObject(obj, index)
                if child:
                    add(child, matrix)

    for index in range(fpdf.FPDFPage_CountObjects(page)):
        obj = fpdf.FPDFPage_GetObject(page, index)
        if obj:
            add(obj, IDENTITY)
    return order, sizes, boxes


def _old_dark_fill(path: Any) -> bool:
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not fpdf.FPDFPath_GetDrawMode(path, mode, stroke) or mode.value == 0:
        return False  # FPDF_FILLMODE_NONE
    rgba = [ctypes.c_uint() for _ in range(4)]
    if not fpdf.FPDFPageObj_GetFillColor(path, *rgba):
        return False
    red, green, blue, alpha = (v.value for v in rgba)
    opacity = alpha / 255
    return max(red, green, blue) / 255 * opacity + (1 - opacity) <= DARK


def _old_rectangles(path: Any, matrix: Matrix) -> Iterator[tuple[float, float, float, float]]:
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


def _old_read(page: Any, text_page: Any, number: int) -> tuple[list[Glyph], Any, str]:
    """The glyphs in drawing order, the covered boxes and PDFium's own text, one call after
    another for each character."""
    crop = fpdf.FS_RECTF()
    if not fpdf.FPDF_GetPageBoundingBox(page, crop):
        raise PdfiumError(f"page {number}: PDFium cannot tell its crop box")
    left, top = crop.left, crop.top
    order, sizes, dark = _old_drawing(page)
    placed: list[tuple[int, Glyph]] = []
    copied: list[str] = []
    rect = fpdf.FS_RECTF()
    for index in range(fpdf.FPDFText_CountChars(text_page)):
        code = fpdf.FPDFText_GetUnicode(text_page, index)
        char = chr(code) if code <= sys.maxunicode else "\ufffd"
        copied.append(char)
        if not char.strip():
            continue
        obj = fpdf.FPDFText_GetTextObject(text_page, index)
        key = ctypes.addressof(obj.contents) if obj else 0
        if not key and fpdf.FPDFText_IsGenerated(text_page, index):
            continue
        if not fpdf.FPDFText_GetLooseCharBox(text_page, index, rect):
            raise PdfiumError(f"page {number}: PDFium cannot place character {index + 1}")
        size = sizes.get(key) or fpdf.FPDFText_GetFontSize(text_page, index)
        glyph = Glyph(
            char, rect.left - left, top - rect.top, rect.right - left, top - rect.bottom, size
        )
        placed.append((order.get(key, -1), glyph))
    placed.sort(key=lambda item: item[0])
    boxes = [(n, Box(r[0] - left, top - r[3], r[2] - left, top - r[1])) for n, r in dark]
    return [g for _, g in placed], _old_covered(placed, boxes), "".join(copied)


def _old_covered(placed: list[tuple[int, Glyph]], boxes: list[tuple[int, Box]]) -> Any:
    found = []
    for number, box in boxes:
        under = sum(
            1
            for order, g in placed
            if order < number
            and box.x0 <= (g.x0 + g.x1) / 2 <= box.x1
            and box.y0 <= (g.y0 + g.y1) / 2 <= box.y1
        )
        if under:
            found.append((box, under))
    return found


def _old_text(glyphs: list[Glyph]) -> str:
    out: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None:
            if not abs(glyph.y1 - previous.y1) < previous.size / 2:
                out.append("\n")
            elif glyph.x0 - previous.x1 > SPACE_GAP * previous.size:
                out.append(" ")
        out.append(glyph.text)
        previous = glyph
    return "".join(out)


def _old_inside(glyphs: list[Glyph], box: Box, tolerance: float) -> str:
    x0, y0 = box.x0 + tolerance, box.y0 + tolerance
    x1, y1 = box.x1 - tolerance, box.y1 - tolerance
    return "".join(
        g.text for g in glyphs if x0 <= (g.x0 + g.x1) / 2 <= x1 and y0 <= (g.y0 + g.y1) / 2 <= y1
    )


def _old_pages(path: Path) -> list[tuple[list[Glyph], Any, str]]:
    found = []
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
                    found.append(_old_read(page, text_page, index + 1))
                finally:
                    fpdf.FPDFText_ClosePage(text_page)
            finally:
                fpdf.FPDF_ClosePage(page)
    return found


# --- the comparison -------------------------------------------------------------------------


def _probes(glyphs: list[Glyph], rng: random.Random) -> list[Box]:
    """Boxes around single glyphs, around runs of them, over the whole page, and anywhere."""
    boxes = [g.box for g in glyphs[::29]]
    for _ in range(8):
        if glyphs:
            a, b = rng.choice(glyphs), rng.choice(glyphs)
            boxes.append(Box(min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1)))
        x, y = rng.uniform(-50, 600), rng.uniform(-50, 850)
        boxes.append(Box(x, y, x + rng.uniform(0, 300), y + rng.uniform(0, 40)))
    return [*boxes, Box(-1e4, -1e4, 1e4, 1e4)]


def _outcome(read: Any) -> tuple[str, Any]:
    try:
        return "read", read()
    except PdfiumError as error:
        return "error", str(error)


def assert_reads_as_before(path: Path) -> bool:
    """Whether the file could be read (else both raised the same error)."""
    old = _outcome(lambda: _old_pages(path))
    new = _outcome(lambda: list(read_pages(path)))
    assert old[0] == new[0], (old, new)
    if old[0] == "error":
        assert old[1] == new[1]
        return False
    assert len(old[1]) == len(new[1])
    rng = random.Random(str(path))
    for number, ((glyphs, covered, copied), reading) in enumerate(
        zip(old[1], new[1], strict=True), start=1
    ):
        assert isinstance(reading, PageReading) and reading.number == number
        assert reading.glyphs == glyphs
        assert reading.covered == covered
        assert reading.copied == copied
        assert reading.text == _old_text(glyphs)
        squashed = "".join(copied.split()) == "".join(reading.text.split())
        assert reading.texts == ([reading.text] if squashed else [reading.text, copied])
        for box in _probes(glyphs, rng):
            for tolerance in (0.0, 0.5):
                assert reading.text_inside(box, tolerance) == _old_inside(glyphs, box, tolerance)
    return True


def _burned(source: Path, out: Path) -> Path:
    """`source` with every fourth word redacted away (black fill) and a dark box drawn over
    every seventh word left live, on every page: pages like a clean file's, and a failed one's."""
    with pymupdf.open(source) as doc:
        for page in doc:
            words = page.get_text("words")
            for word in words[::4]:
                page.add_redact_annot(pymupdf.Rect(word[:4]), fill=(0, 0, 0))
            page.apply_redactions()
            for word in words[2::7]:
                page.draw_rect(pymupdf.Rect(word[:4]), color=None, fill=(0.1, 0.1, 0.1))
        doc.save(out)
    return out


def _rotated_cropped(path: Path, rotation: int) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "Officer Lucy Harper attended", fontsize=11)
    page.insert_text((300, 400), "Rotated Words", fontsize=14, rotate=90)
    page.draw_rect(pymupdf.Rect(70, 88, 160, 104), color=None, fill=(0, 0, 0))
    source = pymupdf.open()
    source.new_page(width=200, height=100).insert_text((10, 50), "Form Words", fontsize=12)
    page.show_pdf_page(pymupdf.Rect(100, 500, 220, 560), source, 0)
    page.draw_rect(pymupdf.Rect(100, 500, 160, 560), color=None, fill=(0, 0, 0))
    page.set_cropbox(pymupdf.Rect(40, 30, 560, 800))
    page.set_rotation(rotation)
    doc.save(path)
    doc.close()
    return path


@pytest.mark.parametrize("path", FIXTURE_PDFS + SCANNED, ids=fixture_id)
def test_each_fixture_reads_as_before(path: Path) -> None:
    assert_reads_as_before(path)


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=fixture_id)
def test_each_fixture_with_words_burned_and_boxes_drawn_reads_as_before(
    tmp_path: Path, path: Path
) -> None:
    burned = _burned(path, tmp_path / "burned.pdf")
    assert_reads_as_before(burned)
    assert any(reading.covered for reading in read_pages(burned)), "boxes over live text"


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_cropped_pages_with_forms_read_as_before(tmp_path: Path, rotation: int) -> None:
    assert_reads_as_before(_rotated_cropped(tmp_path / "r.pdf", rotation))


def test_a_line_drawn_letter_by_letter_out_of_order_reads_as_before(tmp_path: Path) -> None:
    """Characters whose text objects PDFium lists out of drawing order: the reordering."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for index, char in sorted(enumerate("Harper Lucy"), key=lambda item: -item[0]):
        page.insert_text((72 + 7 * index, 100), char, fontsize=11)
    page.draw_rect(pymupdf.Rect(70, 88, 110, 104), color=None, fill=(0, 0, 0))
    page.insert_text((72, 130), "after the box", fontsize=11)
    doc.save(tmp_path / "letters.pdf")
    doc.close()
    assert_reads_as_before(tmp_path / "letters.pdf")


@pytest.mark.parametrize("seed", range(4))
def test_damaged_fixtures_read_as_before(tmp_path: Path, seed: int) -> None:
    """Every outcome the same, whether a reading or PdfiumError (its message too)."""
    rng = random.Random(seed)
    source = _burned(rng.choice(FIXTURE_PDFS), tmp_path / "burned.pdf")
    data = source.read_bytes()
    read = 0
    for attempt in range(6):
        mutations: list[tuple[object, ...]] = [
            ("flip", rng.random(), rng.randint(1, 255)) for _ in range(rng.randint(1, 3))
        ]
        if attempt % 3 == 1:
            mutations.append(("insert", rng.random(), rng.randbytes(rng.randint(1, 64))))
        if attempt % 3 == 2:
            mutations.append(("truncate", rng.uniform(0.6, 1)))
        damaged = tmp_path / f"damaged-{attempt}.pdf"
        damaged.write_bytes(mutate(data, mutations))
        read += assert_reads_as_before(damaged)
    assert read, "some damaged copies can still be read"
