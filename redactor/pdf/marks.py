"""Reading what a reviewer left in a PDF: redaction marks, page sizes and page text.

Used to check a reviewed log against its input (is the box on the page, where does a text occur)
and to read back a review copy edited in Adobe Acrobat or any other PDF editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from redactor.models import Box
from redactor.pdf.document import open_input
from redactor.pdf.text import PageText, read_page_text


@dataclass(frozen=True)
class PageView:
    text: PageText
    bounds: Box  # the page in log coordinates: unrotated, origin at the CropBox's top-left


@dataclass(frozen=True)
class RedactMark:
    """One /Redact annotation: its boxes (one per marked line when the editor gives QuadPoints)."""

    page: int  # 1-based
    boxes: tuple[Box, ...]
    name: str  # /NM: the log id for marks redactor wrote; the editor's own id (or "") otherwise
    overlay: str  # /OverlayText: the label shown once applied (redactor writes the exemption)

    @property
    def outline(self) -> Box:
        return Box(
            min(b.x0 for b in self.boxes),
            min(b.y0 for b in self.boxes),
            max(b.x1 for b in self.boxes),
            max(b.y1 for b in self.boxes),
        )


def read_pages(path: Path, label: str, with_text: bool = True) -> list[PageView]:
    """Every page's bounds, and its text with geometry unless `with_text` is False (the text is
    then empty); InputFileError if the file is unusable."""
    with open_input(path, label) as doc:
        views = []
        for page in doc:
            crop = page.cropbox
            text = read_page_text(page) if with_text else PageText(page.number + 1, "", [], [])
            views.append(PageView(text, Box(0.0, 0.0, crop.width, crop.height)))
        return views


def _boxes(annot: pymupdf.Annot) -> tuple[Box, ...]:
    points = annot.vertices or []
    if len(points) >= 4 and len(points) % 4 == 0:
        boxes = []
        for i in range(0, len(points), 4):
            xs = [p[0] for p in points[i : i + 4]]
            ys = [p[1] for p in points[i : i + 4]]
            if max(xs) > min(xs) and max(ys) > min(ys):
                boxes.append(Box(min(xs), min(ys), max(xs), max(ys)))
        if boxes:
            return tuple(boxes)
    r = annot.rect
    return (Box(r.x0, r.y0, r.x1, r.y1),)


def read_redact_marks(path: Path, label: str) -> list[RedactMark]:
    """Every unapplied /Redact annotation in the file, page by page."""
    marks: list[RedactMark] = []
    with open_input(path, label) as doc:
        for page in doc:
            for annot in page.annots(types=[pymupdf.PDF_ANNOT_REDACT]):
                overlay = doc.xref_get_key(annot.xref, "OverlayText")
                marks.append(
                    RedactMark(
                        page=page.number + 1,
                        boxes=_boxes(annot),
                        name=str(annot.info.get("id") or ""),
                        overlay=overlay[1] if overlay[0] == "string" else "",
                    )
                )
    return marks
