"""The clean copy: redactions applied so the content under each box is gone, then a full rewrite.

What is removed under a box: text (glyphs deleted from the content stream), image pixels (blanked in
the image itself) and line art (any vector path the box touches). The document is then scrubbed of
metadata and side channels and saved as one freshly written revision: never incrementally, where the
old page content would survive in the file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pymupdf

from redactor.models import Mark

BOX_FILL = (0, 0, 0)
LABEL_COLOUR = (1, 1, 1)
MAX_LABEL_SIZE = 6.0


def _label_size(mark: Mark) -> float:
    return max(2.0, min(MAX_LABEL_SIZE, mark.box.height * 0.6))


def _redact_page(page: pymupdf.Page, marks: list[Mark]) -> None:
    for mark in marks:
        rect = pymupdf.Rect(mark.box.x0, mark.box.y0, mark.box.x1, mark.box.y1)
        # a box around a vertical run of text (a page scanned sideways) has no room for a label
        # across it: a label broken over several lines would read as leftover text
        label = mark.exemption if mark.box.width >= mark.box.height else None
        page.add_redact_annot(
            rect,
            text=label,
            fontname="helv",
            fontsize=_label_size(mark),
            align=pymupdf.TEXT_ALIGN_CENTER,
            fill=BOX_FILL,
            text_color=LABEL_COLOUR,
            cross_out=False,
        )
    page.apply_redactions(
        images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
        graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
        text=pymupdf.PDF_REDACT_TEXT_REMOVE,
    )


def _scrub(doc: pymupdf.Document) -> None:
    doc.scrub(
        attached_files=True,
        clean_pages=True,
        embedded_files=True,
        hidden_text=True,
        javascript=True,
        metadata=True,
        redactions=False,  # already applied above, with pixel- and line-art removal
        remove_links=True,
        reset_fields=False,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )
    doc.set_metadata({})
    doc.del_xml_metadata()
    if doc.get_toc():
        doc.set_toc([])


def burn(source: Path, marks: Iterable[Mark], dest: Path) -> None:
    """Write `dest`: `source` with every mark burned in. `dest` must be a temporary path."""
    by_page: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_page[mark.page].append(mark)
    with pymupdf.open(source) as doc:
        for number, page_marks in sorted(by_page.items()):
            if not 1 <= number <= doc.page_count:
                raise ValueError(f"page {number} is outside the document (1-{doc.page_count})")
            _redact_page(doc[number - 1], page_marks)
        _scrub(doc)
        doc.save(
            dest,
            garbage=4,
            deflate=True,
            clean=True,
            incremental=False,
            encryption=pymupdf.PDF_ENCRYPT_NONE,
        )
