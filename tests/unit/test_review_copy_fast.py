"""The review copy written through MuPDF's own functions is the file PyMuPDF's public calls made.

`_PlainMarks` is the writer as it was (three PyMuPDF calls a mark), `_shape_stamp` the stamp as
it was (a Shape); the review copy must come out the same byte for byte, but for the /ID MuPDF
draws at random on every save.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest
from pdfs import FIXTURE_PDFS, SCANNED_PDFS, fixture_id

from redactor.models import Box, Mark
from redactor.pdf import annotate
from redactor.pdf.annotate import _appearance, _number, _to_pdf_space, pdf_string

# the trailer's last entry: two strings, hex or literal (any bytes, brackets escaped)
_ID = re.compile(rb"/ID\[.*?\]>>\s*startxref", re.DOTALL)


class _PlainMarks:
    """The reference: each mark's objects made with `get_new_xref`, `update_object` and
    `update_stream`, one call at a time."""

    def __init__(self, doc: pymupdf.Document) -> None:
        self.doc = doc
        self.resources = doc.get_new_xref()
        doc.update_object(
            self.resources,
            "<</Font <</Helv <</Type/Font/Subtype/Type1/BaseFont/Helvetica"
            "/Encoding/WinAnsiEncoding>>>>"
            f"/ExtGState <</Fill <</ca {annotate.MARK_OPACITY}>>>>>>",
        )

    def _annotation(self, page: pymupdf.Page, to_pdf: pymupdf.Matrix, mark: Mark) -> int:
        doc, pdf_str = self.doc, pdf_string
        r = pymupdf.Rect(mark.box.x0, mark.box.y0, mark.box.x1, mark.box.y1) * to_pdf
        rect = " ".join(_number(v) for v in (r.x0, r.y0, r.x1, r.y1))
        ap = doc.get_new_xref()
        doc.update_object(
            ap,
            f"<</Type/XObject/Subtype/Form/BBox[{rect}]/Matrix[1 0 0 1 0 0]"
            f"/Resources {self.resources} 0 R>>",
        )
        label = f"{mark.entity_type} {mark.exemption}"
        doc.update_stream(ap, _appearance(r.x0, r.y0, r.x1, r.y1, label), compress=0)
        annot = doc.get_new_xref()
        doc.update_object(
            annot,
            f"<</Type/Annot/Subtype/Redact/P {page.xref} 0 R/F 4/Rect[{rect}]/IC[0 0 0]"
            f"/OverlayText{pdf_str(mark.exemption)}/DA(1 1 1 rg /Helv 6 Tf)/Q 0"
            f"/AP<</N {ap} 0 R>>/NM{pdf_str(mark.log_id)}"
            f"/Contents{pdf_str(f'{mark.entity_type} - {mark.exemption} - log id {mark.log_id}')}"
            f"/T(redactor)/Subj{pdf_str(label)}/C[.85 0 0]>>",
        )
        return int(annot)

    def add(self, page: pymupdf.Page, marks: list[Mark]) -> None:
        if not marks:
            return
        to_pdf = _to_pdf_space(page)
        refs = " ".join(f"{self._annotation(page, to_pdf, m)} 0 R" for m in marks)
        kind, value = self.doc.xref_get_key(page.xref, "Annots")
        if kind == "null":
            self.doc.xref_set_key(page.xref, "Annots", f"[{refs}]")
        elif kind == "array":
            self.doc.xref_set_key(page.xref, "Annots", f"{value.rstrip()[:-1]} {refs}]")
        elif kind == "xref":
            target = int(value.split()[0])
            existing = self.doc.xref_object(target, compressed=True).strip()
            if not (existing.startswith("[") and existing.endswith("]")):
                raise ValueError(f"page {page.number + 1}: its /Annots is not an array")
            self.doc.update_object(target, f"{existing[:-1]} {refs}]")
        else:
            raise ValueError(f"page {page.number + 1}: its /Annots is not an array")


def _shape_stamp(page: pymupdf.Page) -> None:
    """The reference: the stamp written with a Shape, as it was."""
    rect = page.rect
    shape = page.new_shape()
    for y in (rect.y0 + 12, rect.y1 - 5):
        shape.insert_text(
            pymupdf.Point(rect.x0 + 10, y),
            annotate.REVIEW_STAMP,
            fontsize=9.0,
            fontname="helv",
            color=annotate.STAMP_RED,
        )
    shape.commit(overlay=True)


_KINDS = [
    ("PERSON", "s40(2)"),
    ("EMAIL_ADDRESS", "s40(2)"),
    ("PHONE", "s31(1)(a)"),
    ("ADDRESS", "s40(2) \\ (a)"),  # a backslash and brackets to escape
    ("PERSON", "s38 – Zoë"),  # not ASCII: PyMuPDF's own string form
]


def _marks(path: Path, every: int = 2) -> list[Mark]:
    """Boxes over every other word of every page (some pages none), with labels of every kind."""
    marks: list[Mark] = []
    with pymupdf.open(path) as doc:
        for page in doc:
            if page.number % 3 == 2:
                continue  # a page without marks
            for i, word in enumerate(page.get_text("words")[::every]):
                kind, exemption = _KINDS[i % len(_KINDS)]
                box = Box(word[0], word[1], word[2], word[3])
                marks.append(Mark(page.number + 1, box, exemption, kind, f"id{page.number}-{i}"))
    return marks


def _both(monkeypatch: pytest.MonkeyPatch, src: Path, marks: list[Mark], tmp: Path) -> None:
    annotate.write_review_copy(src, marks, tmp / "fast.pdf")
    with monkeypatch.context() as patch:
        patch.setattr(annotate, "_Marks", _PlainMarks)
        patch.setattr(annotate, "_stamp", _shape_stamp)
        annotate.write_review_copy(src, marks, tmp / "plain.pdf")
    fast, plain = (
        _ID.sub(b">>startxref", (tmp / name).read_bytes()) for name in ("fast.pdf", "plain.pdf")
    )
    assert fast == plain


@pytest.mark.parametrize("path", FIXTURE_PDFS + SCANNED_PDFS, ids=fixture_id)
def test_review_copies_of_the_fixtures_are_those_of_the_plain_writer(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marks = _marks(path) if path not in SCANNED_PDFS else _scanned_marks(path)
    assert marks
    _both(monkeypatch, path, marks, tmp_path)


def _scanned_marks(path: Path) -> list[Mark]:
    """A scan has no words to cover: boxes laid over each page on a grid."""
    with pymupdf.open(path) as doc:
        return [
            Mark(n + 1, Box(40 + 90 * i, 60 + 70 * i, 120 + 90 * i, 75 + 70 * i), e, k, f"s{n}-{i}")
            for n in range(doc.page_count)
            for i, (k, e) in enumerate(_KINDS)
        ]


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("existing", ["none", "array", "indirect array"])
def test_rotated_cropped_and_annotated_pages_are_those_of_the_plain_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rotation: int, existing: str
) -> None:
    doc = pymupdf.open()
    for number in range(3):
        page = doc.new_page(width=595 + 40 * number, height=842)
        page.insert_text((72, 100), f"Officer Lucy Harper (page {number + 1})", fontsize=11)
        page.insert_text((72, 130), "Tel 0161 496 0000, café owner Zoë", fontsize=11)
        page.set_cropbox(pymupdf.Rect(40, 30, 560, 800))
        if existing != "none":
            page.add_text_annot((300, 300), "a reviewer's note")
        page.set_rotation(rotation)
    first = doc[1].get_contents()[0]  # a "q" never undone: the stamp is wrapped to come after
    doc.update_stream(first, b"q 0.5 0 0 0.5 0 0 cm\n" + doc.xref_stream(first))
    if existing == "indirect array":
        for page in doc:
            xref = doc.get_new_xref()
            doc.update_object(xref, doc.xref_get_key(page.xref, "Annots")[1])
            doc.xref_set_key(page.xref, "Annots", f"{xref} 0 R")
    doc.save(tmp_path / "in.pdf")
    doc.close()
    marks = _marks(tmp_path / "in.pdf", every=1)
    assert len({m.page for m in marks}) == 2
    _both(monkeypatch, tmp_path / "in.pdf", marks, tmp_path)


def test_a_bundle_page_is_that_of_the_plain_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundle_pdfs: list[Path]
) -> None:
    """A generated email chain: many marks a page, as in a real bundle."""
    src = bundle_pdfs[0]
    _both(monkeypatch, src, _marks(src), tmp_path)


@pytest.mark.parametrize("font", ["symb", "china-s", "tiro", "embedded"])
def test_a_page_whose_helv_is_another_font_is_stamped_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, font: str
) -> None:
    """The stamp uses the page's own font named /helv when there is one: a symbol font (its
    glyphs), a CJK font (two bytes a character), an embedded font (two bytes a glyph) or another
    simple font code the text otherwise."""
    doc = pymupdf.open()
    for number in range(2):
        page = doc.new_page()
        page.insert_text((72, 100), "Officer Lucy Harper", fontsize=11, fontname="tiro")
        if number == 0:
            if font == "embedded":
                xref = page.insert_font(fontname="F9", fontbuffer=pymupdf.Font("tiro").buffer)
            else:
                xref = page.insert_font(fontname=font)
            kind, resources = doc.xref_get_key(page.xref, "Resources")
            assert kind == "xref"
            target = int(resources.split()[0])
            assert doc.xref_get_key(target, "Font/helv")[0] == "null"
            doc.xref_set_key(target, "Font/helv", f"{xref} 0 R")
    doc.save(tmp_path / "in.pdf")
    doc.close()
    _both(monkeypatch, tmp_path / "in.pdf", _marks(tmp_path / "in.pdf"), tmp_path)
