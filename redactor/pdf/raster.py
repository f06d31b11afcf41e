"""Pages as pixels: what OCR needs from a PDF, and the measurements that decide when it is needed.

Every render records the affine map from its pixels back to the unrotated page space, origin at
the top-left of the CropBox (the space `text.py` uses), so OCR word boxes land where digital text
boxes would. Renders are capped at MAX_PIXELS: a poster-sized page is rendered at a lower dpi
rather than at a pixel size that would exhaust memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf
from PIL import Image, ImageDraw

from redactor.models import Affine, Box
from redactor.pdf.text import PageText, read_page_text

MAX_PIXELS = 12_000_000  # about A3 at 300 dpi, or A4 at 420 dpi
SURVEY_DPI = 24
DARK = 160  # grey level below which a survey pixel counts as ink
# An image counts as a possible picture of text when it covers this share of the page and is at
# least this big in each direction (points): a screenshot, a scanned signature block.
IMAGE_MIN_SHARE = 0.04
IMAGE_MIN_SIDE = 60.0


@dataclass(frozen=True)
class Render:
    """A greyscale PNG of a page or part of it, and how its pixels map to page points."""

    png: bytes
    dpi: int
    to_page: Affine  # (a, b, c, d, e, f): x' = a*x + c*y + e, y' = b*x + d*y + f


@dataclass(frozen=True)
class PageSurvey:
    """What a page holds, measured cheaply: its text layer, ink, and pictures."""

    text: PageText
    area: float  # points squared
    ink: float  # share of the page that is dark
    stray_ink: float  # share of the page that is dark away from text, pictures and filled boxes
    images: list[Box]  # large image placements (unrotated page space)
    image_dpi: float  # resolution of the largest image (0 when there is none)


def _capped_dpi(width_pt: float, height_pt: float, dpi: float) -> float:
    pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if pixels > MAX_PIXELS:
        dpi *= (MAX_PIXELS / pixels) ** 0.5
    return dpi


def render(page: pymupdf.Page, dpi: float, clip: Box | None = None) -> Render:
    """Render the page as displayed (its /Rotate applied), or the part of it under `clip`."""
    area = page.rect if clip is None else _display_rect(page, clip) & page.rect
    dpi = _capped_dpi(area.width, area.height, dpi)
    zoom = dpi / 72
    pix = page.get_pixmap(
        matrix=pymupdf.Matrix(zoom, zoom), clip=area, colorspace=pymupdf.csGRAY, alpha=False
    )
    # pixel -> displayed page -> unrotated page
    to_display = pymupdf.Matrix(1 / zoom, 0, 0, 1 / zoom, pix.x / zoom, pix.y / zoom)
    m = to_display * page.derotation_matrix
    return Render(pix.tobytes("png"), round(dpi), (m.a, m.b, m.c, m.d, m.e, m.f))


def _display_rect(page: pymupdf.Page, box: Box) -> pymupdf.Rect:
    return pymupdf.Rect(box.x0, box.y0, box.x1, box.y1) * page.rotation_matrix


def _large_images(page: pymupdf.Page) -> tuple[list[Box], float]:
    page_area = abs(page.rect)
    unrotated = pymupdf.Rect(0, 0, page.cropbox.width, page.cropbox.height)
    boxes: list[Box] = []
    best_dpi, best_area = 0.0, 0.0
    for info in page.get_image_info():
        placed = pymupdf.Rect(info["bbox"])
        rect = placed & unrotated
        if rect.is_empty or min(rect.width, rect.height) < IMAGE_MIN_SIDE:
            continue
        if abs(rect) < IMAGE_MIN_SHARE * page_area:
            continue
        boxes.append(Box(rect.x0, rect.y0, rect.x1, rect.y1))
        if abs(rect) > best_area:
            best_area = abs(rect)
            # pixels along the image's longer side over the placement's longer side
            best_dpi = 72 * max(info["width"], info["height"]) / max(placed.width, placed.height)
    return boxes, best_dpi


def _filled_rects(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Filled rectangles (letterhead bars, shaded cells): dark, but not text.

    The paths as get_cdrawings() gives them: get_drawings() is get_cdrawings() plus Point,
    Rect and Quad objects for every item, and None for the keys a path lacks ("fill" on a
    stroke), which .get() gives too."""
    rects = []
    for path in page.get_cdrawings():
        if path.get("fill") is None:
            continue
        if all(item[0] in ("re", "qu") for item in path["items"]):
            rects.append(pymupdf.Rect(path["rect"]))
    return rects


def _dark_pixels(img: Image.Image) -> int:
    return sum(img.histogram()[:DARK])


def _pixel_boxes(
    m: pymupdf.Matrix, boxes: list[tuple[float, float, float, float]]
) -> list[tuple[float, float, float, float]]:
    """Boxes through an affine map that keeps them axis-aligned (a page rotation and a zoom),
    in plain arithmetic: a page holds thousands of character boxes."""
    out = []
    for x0, y0, x1, y1 in boxes:
        ax, bx = m.a * x0 + m.c * y0 + m.e, m.a * x1 + m.c * y1 + m.e
        ay, by = m.b * x0 + m.d * y0 + m.f, m.b * x1 + m.d * y1 + m.f
        out.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return out


RUN_GAP = 1.0  # points: under a survey pixel (3 pt), so a run's box whitens what its letters' did


def text_runs(text: PageText) -> list[tuple[float, float, float, float]]:
    """The character boxes of a page joined into runs: letters in a row on one line, of the same
    height, that touch or overlap (most words). Each run's box is the union of its letters', so
    whitening runs at survey resolution whitens what whitening each letter did, in a fraction
    of the calls (a page holds thousands of letters)."""
    runs: list[tuple[float, float, float, float]] = []
    line = -2
    x0 = y0 = x1 = y1 = 0.0
    for box, number in zip(text.boxes, text.lines, strict=True):
        if box is None:
            continue
        bx0, by0, bx1, by1 = box
        if number == line and by0 == y0 and by1 == y1 and x0 <= bx0 <= x1 + RUN_GAP and bx1 >= x1:
            x1 = bx1
            continue
        if line != -2:
            runs.append((x0, y0, x1, y1))
        line, x0, y0, x1, y1 = number, bx0, by0, bx1, by1
    if line != -2:
        runs.append((x0, y0, x1, y1))
    return runs


def survey(page: pymupdf.Page, text: PageText | None = None) -> PageSurvey:
    """What is on the page; `text` is its text layer when the caller has read it already."""
    text = text if text is not None else read_page_text(page)
    images, image_dpi = _large_images(page)
    zoom = SURVEY_DPI / 72
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    total = img.width * img.height
    ink = _dark_pixels(img) / total
    draw = ImageDraw.Draw(img)
    # unrotated page -> survey pixels, computed once (PyMuPDF builds the matrix on each access)
    to_pixels = page.rotation_matrix * pymupdf.Matrix(zoom, zoom)
    for x0, y0, x1, y1 in _pixel_boxes(to_pixels, text_runs(text)):
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=255)
    for x0, y0, x1, y1 in _pixel_boxes(to_pixels, [(b.x0, b.y0, b.x1, b.y1) for b in images]):
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=255)
    filled = [(r.x0, r.y0, r.x1, r.y1) for r in _filled_rects(page)]
    for x0, y0, x1, y1 in _pixel_boxes(to_pixels, filled):
        draw.rectangle((x0, y0, x1, y1), fill=255)
    stray = _dark_pixels(img) / total
    return PageSurvey(text, abs(page.rect), ink, stray, images, image_dpi)
