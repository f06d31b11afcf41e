"""The review copy: unapplied /Redact annotations over the proposals, stamped on every page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pymupdf

from redactor.fsutil import atomic_output
from redactor.models import Mark

REVIEW_STAMP = "REVIEW COPY - NOT FOR RELEASE - proposed redactions are NOT applied"
STAMP_RED = (0.85, 0.0, 0.0)
MARK_OPACITY = 0.35


def _stamp(page: pymupdf.Page) -> None:
    """Write the warning into the page content itself (an annotation could be hidden or deleted)."""
    rect = page.rect
    size = 9.0
    for y in (rect.y0 + 12, rect.y1 - 5):
        page.insert_text(
            pymupdf.Point(rect.x0 + 10, y),
            REVIEW_STAMP,
            fontsize=size,
            fontname="helv",
            color=STAMP_RED,
            overlay=True,
        )


def _pdf_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _appearance(annot: pymupdf.Annot, label: str) -> None:
    """A translucent dark box with a red outline and the entity/exemption label.

    PyMuPDF's default appearance for /Redact is an outline only; a reviewer needs to see at a
    glance what each box is for, while the text underneath stays readable.
    """
    doc = annot.parent.parent
    ap_ref = doc.xref_get_key(annot.xref, "AP/N")
    if ap_ref[0] != "xref":
        return
    ap_xref = int(ap_ref[1].split()[0])
    bbox = doc.xref_get_key(ap_xref, "BBox")[1].strip("[] ").split()
    x0, y0, x1, y1 = (float(v) for v in bbox)
    w, h = x1 - x0, y1 - y0
    size = max(2.5, min(4.5, h * 0.3))
    stream = (
        f"q /Fill gs 0.1 0.1 0.1 rg {x0:.2f} {y0:.2f} {w:.2f} {h:.2f} re f "
        f"Q q 0.85 0 0 RG 0.8 w {x0:.2f} {y0:.2f} {w:.2f} {h:.2f} re S "
        f"BT 0.85 0 0 rg /Helv {size:.1f} Tf {x0 + 0.8:.2f} {y1 - size:.2f} Td "
        f"({_pdf_literal(label)}) Tj ET Q"
    )
    doc.update_stream(ap_xref, stream.encode("latin-1", "replace"))
    doc.xref_set_key(
        ap_xref,
        "Resources",
        "<</Font <</Helv <</Type/Font/Subtype/Type1/BaseFont/Helvetica"
        "/Encoding/WinAnsiEncoding>>>>"
        f"/ExtGState <</Fill <</ca {MARK_OPACITY}>>>>>>",
    )


def _add_mark(page: pymupdf.Page, mark: Mark) -> None:
    rect = pymupdf.Rect(mark.box.x0, mark.box.y0, mark.box.x1, mark.box.y1)
    annot = page.add_redact_annot(
        rect,
        text=mark.exemption,
        fontsize=6,
        fill=(0, 0, 0),
        text_color=(1, 1, 1),
        cross_out=False,
    )
    annot.set_info(
        title="redactor",
        subject=f"{mark.entity_type} {mark.exemption}",
        content=f"{mark.entity_type} - {mark.exemption} - log id {mark.log_id}",
    )
    annot.set_colors(stroke=STAMP_RED)
    _appearance(annot, f"{mark.entity_type} {mark.exemption}")
    # /NM carries the log id so a review tool (or `redactor import`) can match marks to rows.
    page.parent.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(mark.log_id))


def write_review_copy(source: Path, marks: Iterable[Mark], dest: Path) -> None:
    by_page: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_page[mark.page].append(mark)
    with pymupdf.open(source) as doc:
        for page in doc:
            _stamp(page)
            for mark in by_page.get(page.number + 1, []):
                _add_mark(page, mark)
        meta = dict(doc.metadata or {})
        meta["title"] = f"REVIEW COPY - NOT FOR RELEASE - {meta.get('title') or source.name}"
        doc.set_metadata({k: v for k, v in meta.items() if k != "encryption" and v is not None})
        with atomic_output(dest) as tmp:
            doc.save(tmp, garbage=3, deflate=True)
