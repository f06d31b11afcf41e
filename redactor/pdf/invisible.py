"""Text a reader cannot see but a copy or a search can: found by geometry and paint order.

Render modes 3 and 7 and hidden layers are filtered out of the content streams first
(`content_filter.py`); what is left here needs the page drawn to decide: text with no size or no
opacity, text outside the visible page (CropBox), white text with nothing painted under it, and
text an opaque image is later painted over. Each such span is removed with a redaction that
touches neither images nor line art and draws no box.
"""

from __future__ import annotations

from typing import Any

import pymupdf

MIN_VISIBLE_SIZE = 1.0  # points: a glyph shorter than this cannot be read on screen or paper
NEAR_WHITE = 0.95
INVISIBLE_MODE = 3
PAINTED_UNDER = ("fill-path", "fill-image", "fill-imgmask", "fill-shade")


def _is_white(colour: tuple[float, ...]) -> bool:
    if len(colour) == 4:  # CMYK
        return all(c <= 1 - NEAR_WHITE for c in colour)
    return bool(colour) and all(c >= NEAR_WHITE for c in colour)


class _PaintOrder:
    def __init__(self, page: pymupdf.Page) -> None:
        self.log = [(kind, pymupdf.Rect(rect)) for kind, rect in page.get_bboxlog()]
        self.opaque = {
            info["number"]
            for info in page.get_image_info()
            if not info.get("has-mask") and info.get("number") is not None
        }

    def painted_under(self, seqno: int, rect: pymupdf.Rect) -> bool:
        return any(
            kind in PAINTED_UNDER and area.intersects(rect) for kind, area in self.log[:seqno]
        )

    def covered_by_image(self, seqno: int, rect: pymupdf.Rect) -> bool:
        return any(
            kind == "fill-image" and index in self.opaque and area.contains(rect)
            for index, (kind, area) in enumerate(self.log)
            if index > seqno
        )


def _invisible(span: dict[str, Any], page_rect: pymupdf.Rect, order: _PaintOrder) -> bool:
    rect = pymupdf.Rect(span["bbox"])
    if span["type"] == INVISIBLE_MODE or span.get("opacity", 1.0) <= 0.0:
        return True
    if rect.height < MIN_VISIBLE_SIZE:
        return True
    if not rect.intersects(page_rect):
        return True
    seqno = int(span["seqno"])
    if _is_white(tuple(span["color"])) and not order.painted_under(seqno, rect):
        return True
    return order.covered_by_image(seqno, rect)


def _span_rect(span: dict[str, Any]) -> pymupdf.Rect:
    rect = pymupdf.Rect(span["bbox"])
    if rect.is_empty:  # zero-size glyphs: a hair-thin rectangle at the text origin
        x, y = span["chars"][0][2] if span["chars"] else (rect.x0, rect.y0)
        rect = pymupdf.Rect(x, y - 0.2, max(rect.x1, x + 0.2), y)
    return rect


def invisible_text_rects(page: pymupdf.Page) -> list[pymupdf.Rect]:
    order = _PaintOrder(page)
    return [
        _span_rect(span)
        for span in page.get_texttrace()
        if span["chars"] and _invisible(span, page.rect, order)
    ]


def remove_invisible_text(page: pymupdf.Page) -> int:
    """Remove every invisible span from the page; the number of spans removed."""
    rects = invisible_text_rects(page)
    for rect in rects:
        page.add_redact_annot(rect, fill=False, cross_out=False)
    if rects:
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_NONE,
            graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
            text=pymupdf.PDF_REDACT_TEXT_REMOVE,
        )
    return len(rects)
