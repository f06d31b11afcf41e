"""The OCR survey whitens text by runs of letters: the same pixels as letter by letter."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageDraw

from redactor.pdf.raster import SURVEY_DPI, _pixel_boxes, survey, text_runs
from redactor.pdf.text import read_page_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pdfs"


def _whitened(page: pymupdf.Page, boxes: list[tuple[float, float, float, float]]) -> bytes:
    """The survey image of the page with `boxes` whitened as the survey whitens text."""
    zoom = SURVEY_DPI / 72
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    draw = ImageDraw.Draw(img)
    for x0, y0, x1, y1 in _pixel_boxes(page.rotation_matrix * pymupdf.Matrix(zoom, zoom), boxes):
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=255)
    return img.tobytes()


@pytest.mark.parametrize("rotation", [0, 90, 270])
@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.pdf")))
def test_runs_whiten_the_pixels_letters_did(name: str, rotation: int) -> None:
    with pymupdf.open(FIXTURES / name) as doc:
        for page in doc:
            page.set_rotation(rotation)
            text = read_page_text(page)
            letters = sum(b is not None for b in text.boxes)
            assert len(text_runs(text)) < letters / 2  # far fewer rectangles to draw
            letter_boxes = [b for b in text.boxes if b is not None]  # the reference
            assert _whitened(page, text_runs(text)) == _whitened(page, letter_boxes)


def test_runs_keep_lines_and_heights_apart() -> None:
    with pymupdf.open() as doc:
        page = doc.new_page()
        page.insert_text((72, 72), "Lucy", fontsize=11)
        touching = 72 + pymupdf.get_text_length("Lucy", fontsize=11)
        page.insert_text((touching, 72), "x", fontsize=6)  # touching but shorter: its own run
        page.insert_text((72, 90), "Harper", fontsize=11)  # the next line
        runs = text_runs(read_page_text(page))
        stray = survey(page).stray_ink
    assert len(runs) == 3
    assert stray == 0.0  # every letter whitened: no ink away from the text
