"""MuPDF's redaction, called once per page with every area to redact on it.

`Page.add_redact_annot` and `Page.apply_redactions` do per annotation what costs more than the
redaction itself on a page with twenty boxes: each new annotation gets a name unique on the page
(found by listing the name of every annotation already there), an appearance stream and a Python
object, and MuPDF tests every character against every annotation. Here the page gets one
/Redact annotation whose QuadPoints are all the areas (MuPDF redacts under each quad of a
QuadPoints annotation, not under its /Rect), and `pdf_redact_page` applies it with the same
options `apply_redactions` passes. The annotation is gone once applied.
`tests/unit/test_clean_channels.py` checks that the result is the one the public calls give: the
same text, the same pixels of the page and of its images, line art between the areas kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import pymupdf

Area = tuple[float, float, float, float]  # x0, y0, x1, y1: page coordinates at /Rotate 0


def redact_areas(page: pymupdf.Page, areas: Sequence[Area], images: int, graphics: int) -> None:
    """Remove the text under every area; images (`PDF_REDACT_IMAGE_*`) and line art
    (`PDF_REDACT_LINE_ART_*`) as the options say. No box is drawn. The page must be at
    /Rotate 0 (as `Page.add_redact_annot` makes it while it adds an annotation)."""
    if not areas:
        return
    if page.rotation:
        raise ValueError("redact_areas needs the page at /Rotate 0")
    mupdf = pymupdf.mupdf
    pdf_page = page._pdf_page()
    annot = mupdf.pdf_create_annot(pdf_page, mupdf.PDF_ANNOT_REDACT)
    for x0, y0, x1, y1 in areas:
        mupdf.pdf_add_annot_quad_point(annot, mupdf.fz_quad_from_rect(mupdf.FzRect(x0, y0, x1, y1)))
    options = mupdf.PdfRedactOptions()
    options.black_boxes = 0
    options.text = pymupdf.PDF_REDACT_TEXT_REMOVE
    options.image_method = images
    options.line_art = graphics
    if not mupdf.pdf_redact_page(pdf_page.doc(), pdf_page, options):
        raise ValueError("MuPDF could not apply the redactions")
