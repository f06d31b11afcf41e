"""The review copy: unapplied /Redact annotations over the proposals, stamped on every page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from redactor.fsutil import atomic_output
from redactor.models import Mark
from redactor.pdf.document import add_content_on_top, pymupdf_bugs

REVIEW_STAMP = "REVIEW COPY - NOT FOR RELEASE - proposed redactions are NOT applied"
STAMP_RED = (0.85, 0.0, 0.0)
MARK_OPACITY = 0.35
STAMP_FONT = "helv"
STAMP_SIZE = 9.0


def _stamp(page: pymupdf.Page) -> None:
    """Write the warning into the page content itself (an annotation could be hidden or deleted).

    The content stream `Shape.insert_text` (twice) and `Shape.commit` write, made without the
    Shape: it would read the page's boxes five times, and find the font twice, to make the same
    two lines (`tests/unit/test_review_copy_fast.py` compares the files)."""
    rect = page.rect
    with pymupdf_bugs(f"page {page.number + 1}: stamping the review copy"):
        operand = _stamp_operand(page)
    height, corner = page.mediabox.y1, page.cropbox.tl  # Shape's frame: height, x, y
    colour = pymupdf.ColorCode(STAMP_RED, "c") + pymupdf.ColorCode(STAMP_RED, "f")
    lines = [
        f"\nq\nBT\n1 0 0 1 {_format_g((x + corner.x, height - y - corner.y))} Tm\n"
        f"/{STAMP_FONT} {_format_g(STAMP_SIZE)} Tf {colour}{operand}TJ\nET\nQ\n"
        for x, y in ((rect.x0 + 10, rect.y0 + 12), (rect.x0 + 10, rect.y1 - 5))
    ]
    add_content_on_top(page, "".join(lines))


def _stamp_operand(page: pymupdf.Page) -> str:
    """The stamp as `Shape.insert_text` codes it for the page's font of that name (the page's
    own, when it has one, else Helvetica added to its resources)."""
    xref = page.insert_font(fontname=STAMP_FONT)
    info = pymupdf.CheckFontInfo(page.parent, xref)[1]
    simple, name = info["simple"], info["name"]
    glyphs = None if simple and name not in ("Symbol", "ZapfDingbats") else info["glyphs"]
    return str(pymupdf.getTJstr(REVIEW_STAMP, glyphs, simple, info["ordering"]))


def _format_g(value: float | tuple[float, ...]) -> str:
    """Numbers as PyMuPDF writes them in content streams."""
    return str(pymupdf._format_g(value))


def _pdf_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_string(text: str) -> str:
    """What `pymupdf.get_pdf_str` makes (a PDF string literal), without its loop over every
    character when the text is printable ASCII: 13 us a call, four calls a mark."""
    if text.isascii() and text.isprintable():
        return f"({_pdf_literal(text)})"
    return str(pymupdf.get_pdf_str(text))


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _to_pdf_space(page: pymupdf.Page) -> pymupdf.Matrix:
    """Page coordinates (the log's, unrotated) to the page's PDF user space: the map MuPDF uses
    for an annotation's /Rect, taken at /Rotate 0 as `Page.add_redact_annot` takes it."""
    rotation = page.rotation
    if rotation:
        page.set_rotation(0)
    try:
        return ~page.transformation_matrix
    finally:
        if rotation:
            page.set_rotation(rotation)


def _appearance(x0: float, y0: float, x1: float, y1: float, label: str) -> bytes:
    """A translucent dark box with a red outline and the entity/exemption label.

    PyMuPDF's default appearance for /Redact is an outline only; a reviewer needs to see at a
    glance what each box is for, while the text underneath stays readable.
    """
    w, h = x1 - x0, y1 - y0
    size = max(2.5, min(4.5, h * 0.3))
    stream = (
        f"q /Fill gs 0.1 0.1 0.1 rg {x0:.2f} {y0:.2f} {w:.2f} {h:.2f} re f "
        f"Q q 0.85 0 0 RG 0.8 w {x0:.2f} {y0:.2f} {w:.2f} {h:.2f} re S "
        f"BT 0.85 0 0 rg /Helv {size:.1f} Tf {x0 + 0.8:.2f} {y1 - size:.2f} Td "
        f"({_pdf_literal(label)}) Tj ET Q"
    )
    return stream.encode("latin-1", "replace")


class _Marks:
    """Writes /Redact annotations as PDF objects: the dictionary `Page.add_redact_annot`,
    `Annot.set_info` and `Annot.set_colors` would make, with its /NM the log id and its
    appearance ours. PyMuPDF's own calls cost a listing of every annotation's name on the page
    per new annotation, and regenerate the appearance of every earlier one on the page (so all
    but the last lost ours). `tests/unit/test_pdf_layer.py` checks both give the same marks.

    A page's objects are made through MuPDF's own functions (`pymupdf.mupdf`), as
    `Document.get_new_xref`, `update_object` and `update_stream` make them, without their
    checks and conversions on every call (three quarters of the time of a mark): the numbers are
    taken in the same order and every dictionary is read from one buffer, so the file is the
    same byte for byte (`tests/unit/test_review_copy_fast.py`)."""

    def __init__(self, doc: pymupdf.Document) -> None:
        self.doc = doc
        # the public calls once: they refuse a closed or encrypted document as before
        self.resources = doc.get_new_xref()
        doc.update_object(
            self.resources,
            "<</Font <</Helv <</Type/Font/Subtype/Type1/BaseFont/Helvetica"
            "/Encoding/WinAnsiEncoding>>>>"
            f"/ExtGState <</Fill <</ca {MARK_OPACITY}>>>>>>",
        )

    def _objects(
        self, page_ref: str, to_pdf: pymupdf.Matrix, mark: Mark, ap: int
    ) -> tuple[str, bytes]:
        """The source of a mark's dictionaries (appearance, then annotation); its appearance."""
        pdf_str = pdf_string
        # what `Rect * Matrix` does, without the copy of the Rect it makes first
        r = pymupdf.Rect(mark.box.x0, mark.box.y0, mark.box.x1, mark.box.y1).transform(to_pdf)
        rect = " ".join(_number(v) for v in (r.x0, r.y0, r.x1, r.y1))
        label = f"{mark.entity_type} {mark.exemption}"
        source = (
            f"<</Type/XObject/Subtype/Form/BBox[{rect}]/Matrix[1 0 0 1 0 0]"
            f"/Resources {self.resources} 0 R>> "
            f"<</Type/Annot/Subtype/Redact/P {page_ref}/F 4/Rect[{rect}]/IC[0 0 0]"
            f"/OverlayText{pdf_str(mark.exemption)}/DA(1 1 1 rg /Helv 6 Tf)/Q 0"
            f"/AP<</N {ap} 0 R>>/NM{pdf_str(mark.log_id)}"
            f"/Contents{pdf_str(f'{mark.entity_type} - {mark.exemption} - log id {mark.log_id}')}"
            f"/T(redactor)/Subj{pdf_str(label)}/C[.85 0 0]>> "
        )
        return source, _appearance(r.x0, r.y0, r.x1, r.y1, label)

    def _write(self, page: pymupdf.Page, marks: list[Mark]) -> list[int]:
        """Make each mark's appearance and annotation objects; the annotations' numbers."""
        pdf = mupdf.pdf_document_from_fz_document(self.doc.this)
        numbers = [mupdf.pdf_create_object(pdf) for _ in range(2 * len(marks))]
        aps, annots = numbers[::2], numbers[1::2]
        to_pdf = _to_pdf_space(page)
        page_ref = f"{page.xref} 0 R"
        made = [
            self._objects(page_ref, to_pdf, mark, ap) for mark, ap in zip(marks, aps, strict=True)
        ]
        source = "".join(text for text, _ in made).encode("utf-8")
        stream = mupdf.fz_open_buffer(mupdf.fz_new_buffer_from_copied_data(source))
        lexbuf = mupdf.PdfLexbuf(mupdf.PDF_LEXBUF_SMALL)
        for number in numbers:
            obj = mupdf.pdf_parse_stm_obj(pdf, stream, lexbuf)
            if not mupdf.pdf_is_dict(obj):
                raise ValueError(f"page {page.number + 1}: a review mark did not read back")
            mupdf.pdf_update_object(pdf, number, obj)
        # stored as they are: deflating a stream of 150 bytes costs 60 us (zlib's set-up),
        # more than writing the rest of the mark, and saves 40 bytes
        for ap, (_, content) in zip(aps, made, strict=True):
            buffer = mupdf.fz_new_buffer_from_copied_data(content)
            mupdf.pdf_update_stream(pdf, mupdf.pdf_new_indirect(pdf, ap, 0), buffer, 0)
        return annots

    def add(self, page: pymupdf.Page, marks: list[Mark]) -> None:
        """Append an annotation per mark to the page's /Annots, after any already there."""
        if not marks:
            return
        refs = " ".join(f"{annot} 0 R" for annot in self._write(page, marks))
        kind, value = self.doc.xref_get_key(page.xref, "Annots")
        if kind == "null":
            self.doc.xref_set_key(page.xref, "Annots", f"[{refs}]")
        elif kind == "array":
            self.doc.xref_set_key(page.xref, "Annots", f"{value.rstrip()[:-1]} {refs}]")
        elif kind == "xref":  # an array of its own: extended in place
            target = int(value.split()[0])
            existing = self.doc.xref_object(target, compressed=True).strip()
            if not (existing.startswith("[") and existing.endswith("]")):
                raise ValueError(f"page {page.number + 1}: its /Annots is not an array")
            self.doc.update_object(target, f"{existing[:-1]} {refs}]")
        else:
            raise ValueError(f"page {page.number + 1}: its /Annots is not an array")


def write_review_copy(source: Path, marks: Iterable[Mark], dest: Path) -> None:
    by_page: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_page[mark.page].append(mark)
    with pymupdf.open(source) as doc:
        writer = _Marks(doc)
        for page in doc:
            _stamp(page)
            writer.add(page, by_page.get(page.number + 1, []))
        meta = dict(doc.metadata or {})
        meta["title"] = f"REVIEW COPY - NOT FOR RELEASE - {meta.get('title') or source.name}"
        doc.set_metadata({k: v for k, v in meta.items() if k != "encryption" and v is not None})
        with atomic_output(dest) as tmp:
            # not deflate=True: it compresses every stream left plain (the marks' appearances,
            # the stamps), at 60 us each, for 4% of the file's size
            doc.save(tmp, garbage=3)
