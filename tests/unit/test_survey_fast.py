"""The OCR survey reads a page's paths with get_cdrawings(): the same filled rectangles, and so
the same survey (ink, stray ink, images, image dpi) and OCR plan, as the get_drawings() code it
replaced (`_reference_*`), on every page of the fixtures, the held-out sets and the scans at
every rotation, and on a page of every kind of path."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdfs import FIXTURE_PDFS, SCANNED_PDFS, fixture_id
from PIL import Image, ImageDraw

from redactor.ocr.triage import plan_page
from redactor.pdf import raster
from redactor.pdf.raster import SURVEY_DPI, PageSurvey, survey
from redactor.pdf.text import PageText, read_page_text

SCANNED = SCANNED_PDFS


def _reference_filled_rects(page: pymupdf.Page) -> list[pymupdf.Rect]:
    rects = []
    for path in page.get_drawings():
        if path.get("fill") is None:
            continue
        if all(item[0] in ("re", "qu") for item in path["items"]):
            rects.append(pymupdf.Rect(path["rect"]))
    return rects


def _reference_survey(page: pymupdf.Page, text: PageText) -> PageSurvey:
    """The survey as it was, with the paths read by get_drawings()."""
    images, image_dpi = raster._large_images(page)
    zoom = SURVEY_DPI / 72
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    total = img.width * img.height
    ink = raster._dark_pixels(img) / total
    draw = ImageDraw.Draw(img)
    to_pixels = page.rotation_matrix * pymupdf.Matrix(zoom, zoom)
    for x0, y0, x1, y1 in raster._pixel_boxes(to_pixels, raster.text_runs(text)):
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=255)
    for x0, y0, x1, y1 in raster._pixel_boxes(
        to_pixels, [(b.x0, b.y0, b.x1, b.y1) for b in images]
    ):
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=255)
    filled = [(r.x0, r.y0, r.x1, r.y1) for r in _reference_filled_rects(page)]
    for x0, y0, x1, y1 in raster._pixel_boxes(to_pixels, filled):
        draw.rectangle((x0, y0, x1, y1), fill=255)
    stray = raster._dark_pixels(img) / total
    return PageSurvey(text, abs(page.rect), ink, stray, images, image_dpi)


def _same(path: Path) -> int:
    """Compares every page at every rotation; returns how many filled rectangles were seen."""
    seen = 0
    with pymupdf.open(path) as doc:
        for page in doc:
            for rotation in (0, 90, 180, 270):
                page.set_rotation(rotation)
                rects = raster._filled_rects(page)
                assert rects == _reference_filled_rects(page)
                seen += len(rects)
                text = read_page_text(page)
                new, old = survey(page, text), _reference_survey(page, text)
                assert new == old
                assert repr(new) == repr(old)  # the very same numbers, not only equal ones
                assert plan_page(new) == plan_page(old)
    return seen


@pytest.mark.parametrize("path", FIXTURE_PDFS + SCANNED, ids=fixture_id)
def test_fixture_pages(path: Path) -> None:
    _same(path)


def test_every_kind_of_path(tmp_path: Path) -> None:
    """Filled, stroked and filled-and-stroked rectangles, a quad, lines, curves and mixed
    paths, dark and light: only the filled ones made of rectangles and quads are whitened."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=400)
    page.insert_text((30, 30), "Some text over a shaded box", fontsize=11)
    page.draw_rect(pymupdf.Rect(20, 20, 250, 40), color=None, fill=(0.2, 0.2, 0.2))
    page.draw_rect(pymupdf.Rect(20, 50, 250, 70), color=(0, 0, 0), fill=None, width=2)
    page.draw_rect(pymupdf.Rect(20, 80, 250, 100), color=(0, 0, 0), fill=(0.1, 0.1, 0.1))
    page.draw_quad(pymupdf.Rect(20, 110, 120, 150).quad, color=None, fill=(0, 0, 0))
    page.draw_line((20, 160), (300, 170), color=(0, 0, 0), width=3)
    page.draw_bezier((20, 180), (100, 250), (200, 150), (300, 200), color=(0, 0, 0), fill=(0, 0, 0))
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(20, 260, 120, 300))
    shape.draw_line((130, 260), (200, 300))
    shape.finish(color=(0, 0, 0), fill=(0, 0, 0))
    shape.draw_rect(pymupdf.Rect(220, 260, 320, 300))
    shape.draw_rect(pymupdf.Rect(220, 310, 320, 350))
    shape.finish(color=None, fill=(0.9, 0.9, 0.9))
    shape.commit()
    path = tmp_path / "paths.pdf"
    doc.save(path)
    doc.close()
    # whitened: the shaded, the filled-and-stroked and the two light rectangles (the quad is
    # drawn as lines), at four rotations
    assert _same(path) == 3 * 4
