"""The PDF layer on real files: geometry, burning, the review copy, verification."""

from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pdfs import image_pdf, text_pdf

from redactor.log import ACCEPT, REJECT, LogRow, stable_id
from redactor.models import Box, Mark
from redactor.pdf.annotate import REVIEW_STAMP, pdf_string, write_review_copy
from redactor.pdf.burn import burn
from redactor.pdf.marks import read_redact_marks
from redactor.pdf.text import read_page_text
from redactor.verify import verify_file, verify_independently, verify_with_pymupdf


def marks_for(path: Path, needle: str, page: int = 1) -> list[Mark]:
    with pymupdf.open(path) as doc:
        text = read_page_text(doc[page - 1])
    start = text.text.index(needle)
    return [
        Mark(page, box, "s40(2)", "PERSON", f"id{n}")
        for n, (box, _) in enumerate(text.segments(start, start + len(needle)))
    ]


def rows_from(marks: list[Mark], text: str, decision: str = ACCEPT) -> list[LogRow]:
    return [
        LogRow(
            id=stable_id("f.pdf", m.page, m.box, text, m.entity_type),
            file="f.pdf",
            page=m.page,
            x0=m.box.x0,
            y0=m.box.y0,
            x1=m.box.x1,
            y1=m.box.y1,
            text=text,
            entity_type=m.entity_type,
            exemption=m.exemption,
            score=1.0,
            recogniser="test",
            decision=decision,
        )
        for m in marks
    ]


def test_page_text_joins_words_lines_and_blocks(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["From:   Lucy  Harper", "Sent: 3 May 2025"]])
    with pymupdf.open(pdf) as doc:
        text = read_page_text(doc[0])
    assert text.text == "From: Lucy Harper\nSent: 3 May 2025"


def test_a_finding_across_two_lines_gives_one_box_per_line(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["Report by Lucy", "Harper of the unit"]])
    with pymupdf.open(pdf) as doc:
        text = read_page_text(doc[0])
    start = text.text.index("Lucy")
    segments = text.segments(start, start + len("Lucy\nHarper"))
    assert [t for _, t in segments] == ["Lucy", "Harper"]
    assert segments[0][0].y1 <= segments[1][0].y0 + 1


def test_burn_removes_only_the_target_text(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["Contact:LucyHarper,thanks Tel:07700900123."]])
    marks = marks_for(pdf, "LucyHarper") + marks_for(pdf, "07700900123")
    burn(pdf, marks, tmp_path / "clean.pdf")
    with pymupdf.open(tmp_path / "clean.pdf") as doc:
        text = doc[0].get_text()
        assert "Lucy" not in text and "Harper" not in text and "0770" not in text
        assert "Contact:" in text and ",thanks" in text and "Tel:" in text
        assert "s40(2)" in text, "the exemption code is drawn on the box"


def test_burn_clears_metadata_and_rewrites_in_one_revision(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["Name: Lucy Harper"]])
    # make the input carry an incremental update and XMP metadata
    with pymupdf.open(pdf) as doc:
        doc.set_xml_metadata("<x:xmpmeta xmlns:x='adobe:ns:meta/'>Lucy Harper</x:xmpmeta>")
        doc.saveIncr()
    assert pdf.read_bytes().count(b"%%EOF") == 2
    burn(pdf, marks_for(pdf, "Lucy Harper"), tmp_path / "clean.pdf")
    data = (tmp_path / "clean.pdf").read_bytes()
    assert data.count(b"%%EOF") == 1
    with pymupdf.open(tmp_path / "clean.pdf") as doc:
        assert not any(v for k, v in doc.metadata.items() if k not in ("format", "encryption"))
        assert not doc.get_xml_metadata()
        assert doc[0].first_annot is None


def test_burn_removes_image_pixels_under_the_box(tmp_path: Path) -> None:
    pdf = image_pdf(tmp_path / "img.pdf")
    marks = marks_for(pdf, "Person")
    burn(pdf, marks, tmp_path / "clean.pdf")
    with pymupdf.open(tmp_path / "clean.pdf") as doc:
        page = doc[0]
        assert "Person" not in page.get_text()
        xref = page.get_images()[0][0]
        image = pymupdf.Pixmap(doc, xref)
        # the image is 200x50 px over 400x100 pt: map the box centre into pixel space
        box = marks[0].box
        px = int(((box.x0 + box.x1) / 2 - 72) / 2)
        py = int(((box.y0 + box.y1) / 2 - 80) / 2)
        assert image.pixel(px, py)[:3] != (255, 0, 0), "pixels under the box were blanked"
        assert image.pixel(2, 2)[:3] == (255, 0, 0), "pixels elsewhere are kept"


def test_burn_removes_line_art_under_the_box(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["Signed: Lucy Harper"]])
    with pymupdf.open(pdf) as doc:
        shape = doc[0].new_shape()
        shape.draw_bezier((120, 96), (130, 80), (140, 110), (150, 96))  # a drawn "signature"
        shape.finish(color=(0, 0, 1))
        shape.commit()
        doc.saveIncr()
    burn(pdf, marks_for(pdf, "Lucy Harper"), tmp_path / "clean.pdf")
    with pymupdf.open(tmp_path / "clean.pdf") as doc:
        blue = [d for d in doc[0].get_drawings() if d.get("color") == (0.0, 0.0, 1.0)]
    assert blue == []


def _table_pdf(path: Path, rotation: int) -> Path:
    """A form row: a label cell and a value cell (one stroked rectangle each) holding a name, an
    underline under the name, a rule below the table, and a cell whose border runs through the
    name."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((55, 104), "Name", fontsize=11, fontname="helv")
    page.insert_text((205, 104), "Lucy Harper", fontsize=11, fontname="helv")
    page.insert_text((205, 164), "Sam Jones", fontsize=11, fontname="helv")
    page.draw_rect(pymupdf.Rect(50, 90, 200, 110), color=(0, 0, 0), width=0.6)
    page.draw_rect(
        pymupdf.Rect(200, 90, 545, 110), color=(0.2, 0.2, 0.6), width=0.6, dashes="[3] 0"
    )
    page.draw_line((205, 107), (265, 107), color=(1, 0, 0), width=0.5)  # underlines the name
    page.draw_line((50, 130), (545, 130), color=(0, 0.5, 0), width=1)  # a rule, touched by none
    page.draw_rect(pymupdf.Rect(220, 150, 545, 170), color=(0.5, 0, 0.5), width=0.6)  # cuts "Sam"
    page.set_rotation(rotation)
    doc.save(path)
    doc.close()
    return path


def _strokes(path: Path) -> dict[tuple[float, ...], tuple[float, ...]]:
    with pymupdf.open(path) as doc:
        return {
            tuple(round(c, 2) for c in d["color"]): tuple(round(v, 1) for v in d["rect"])
            for d in doc[0].get_drawings()
            if d.get("color") and d.get("fill") is None
        }


@pytest.mark.parametrize("rotation", [0, 90])
def test_burn_keeps_table_borders_no_box_lies_under(tmp_path: Path, rotation: int) -> None:
    """A box inside a cell meets the cell's rectangle only as a bounding box: the border stays.
    A stroke that runs under a box (an underline, a cell edge through a name) goes whole."""
    pdf = _table_pdf(tmp_path / "a.pdf", rotation)
    marks = marks_for(pdf, "Lucy Harper") + [
        replace(m, log_id=f"s{n}") for n, m in enumerate(marks_for(pdf, "Sam Jones"))
    ]
    burn(pdf, marks, tmp_path / "clean.pdf")
    before, after = _strokes(pdf), _strokes(tmp_path / "clean.pdf")
    black, blue, red, green, purple = (
        (0.0, 0.0, 0.0),
        (0.2, 0.2, 0.6),
        (1.0, 0.0, 0.0),
        (0.0, 0.5, 0.0),
        (0.5, 0.0, 0.5),
    )
    assert {black, blue, red, green, purple} <= set(before)
    assert after[black] == before[black] and after[blue] == before[blue]  # the cells, in place
    assert after[green] == before[green]
    assert red not in after and purple not in after  # they ran under a box
    with pymupdf.open(tmp_path / "clean.pdf") as doc:
        dashed = [
            tuple(round(v, 1) for v in d["rect"])
            for d in doc[0].get_drawings()
            if d.get("dashes") not in (None, "[] 0")
        ]
        assert dashed == [before[blue]]  # drawn again as it was, dashes too
        text = doc[0].get_text()
    assert "Lucy Harper" not in text and "Sam Jones" not in text and "Name" in text
    rows = rows_from(marks[:1], "Lucy Harper") + rows_from(marks[1:], "Sam Jones")
    assert verify_file(tmp_path / "clean.pdf", "f.pdf", rows) == []


def test_review_copy_keeps_text_and_carries_native_marks(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["From: Lucy Harper"], ["Page two"]])
    marks = marks_for(pdf, "Lucy Harper")
    write_review_copy(pdf, marks, tmp_path / "review.pdf")
    with pymupdf.open(tmp_path / "review.pdf") as doc:
        assert "Lucy Harper" in doc[0].get_text()
        for page in doc:
            assert REVIEW_STAMP in page.get_text(), "every page is stamped as a review copy"
        first = doc[0]
        annots = list(first.annots())
        assert [a.type[1] for a in annots] == ["Redact"]
        assert annots[0].info["id"] == "id0"
        assert "s40(2)" in annots[0].info["content"]
        assert "REVIEW COPY" in doc.metadata["title"]


def test_verify_passes_a_real_redaction(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["From: Lucy Harper, Tel 0161 496 0000"]])
    marks = marks_for(pdf, "Lucy Harper")
    burn(pdf, marks, tmp_path / "clean.pdf")
    assert verify_file(tmp_path / "clean.pdf", "f.pdf", rows_from(marks, "Lucy Harper")) == []


def test_verify_catches_a_black_box_drawn_over_live_text(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["From: Lucy Harper"]])
    marks = marks_for(pdf, "Lucy Harper")
    with pymupdf.open(pdf) as doc:  # the classic failed redaction: a rectangle on top
        box = marks[0].box
        doc[0].draw_rect(pymupdf.Rect(box.x0, box.y0, box.x1, box.y1), fill=(0, 0, 0))
        doc.set_metadata({})
        doc.save(tmp_path / "fake.pdf", garbage=4)
    problems = verify_file(tmp_path / "fake.pdf", "f.pdf", rows_from(marks, "Lucy Harper"))
    assert any("still under the box" in p.problem for p in problems)
    assert any("can still be extracted" in p.problem for p in problems)


def test_verify_catches_the_same_text_left_elsewhere_on_the_page(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["From: Lucy Harper", "Regards, Lucy Harper"]])
    marks = marks_for(pdf, "Lucy Harper")  # the first occurrence only
    burn(pdf, marks, tmp_path / "clean.pdf")
    rows = rows_from(marks, "Lucy Harper")
    problems = verify_with_pymupdf(tmp_path / "clean.pdf", "f.pdf", rows)
    assert [p.problem for p in problems] == [
        "redacted PERSON text can still be extracted from the page"
    ]
    independent = verify_independently(tmp_path / "clean.pdf", "f.pdf", rows)
    assert "redacted PERSON text can be extracted (pdfium)" in [p.problem for p in independent]
    # ... unless a reviewer rejected that other occurrence
    rejected = rows_from(marks_for(pdf, "Regards, Lucy Harper"), "Lucy Harper", REJECT)
    rows = rows_from(marks, "Lucy Harper") + rejected
    assert verify_file(tmp_path / "clean.pdf", "f.pdf", rows) == []


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_boxes_land_on_rotated_pages(tmp_path: Path, rotation: int) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["Officer Lucy Harper attended"]])
    with pymupdf.open(pdf) as doc:
        doc[0].set_rotation(rotation)
        doc.saveIncr()
    marks = marks_for(pdf, "Lucy Harper")
    burn(pdf, marks, tmp_path / "clean.pdf")
    with pymupdf.open(tmp_path / "clean.pdf") as doc:
        text = doc[0].get_text()
    assert "Lucy" not in text and "Harper" not in text
    assert "Officer" in text and "attended" in text


def test_box_geometry_is_reported_in_page_points(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", [["Lucy"]])
    box = marks_for(pdf, "Lucy")[0].box
    assert isinstance(box, Box)
    assert 71 <= box.x0 <= 73 and box.y1 <= 105 and box.y0 >= 85


def _pymupdf_review_mark(page: pymupdf.Page, mark: Mark) -> None:
    """A review mark made with PyMuPDF's public calls: what `write_review_copy` writes directly."""
    annot = page.add_redact_annot(
        pymupdf.Rect(mark.box.x0, mark.box.y0, mark.box.x1, mark.box.y1),
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
    annot.set_colors(stroke=(0.85, 0.0, 0.0))
    page.parent.xref_set_key(annot.xref, "NM", pymupdf.get_pdf_str(mark.log_id))


def _marks_as_read(path: Path) -> list[tuple[object, ...]]:
    keys = ("Type", "Subtype", "F", "IC", "OverlayText", "DA", "Q", "NM", "T", "Subj", "C")
    found = []
    with pymupdf.open(path) as doc:
        for page in doc:
            for annot in page.annots():
                found.append(
                    (
                        page.number,
                        tuple(round(v, 2) for v in annot.rect),
                        annot.info["content"],
                        tuple(doc.xref_get_key(annot.xref, key) for key in keys),
                        doc.xref_get_key(annot.xref, "P")[1] == f"{page.xref} 0 R",
                    )
                )
    return found


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("existing", ["none", "array", "indirect array"])
def test_review_marks_are_those_pymupdf_makes(tmp_path: Path, rotation: int, existing: str) -> None:
    """`write_review_copy` writes each /Redact annotation as a PDF object; PyMuPDF's own calls
    give the same annotations (same place on rotated and cropped pages, same entries), and an
    annotation the input already had stays."""
    doc = pymupdf.open()
    for number in range(2):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"Officer Lucy Harper (page {number + 1})", fontsize=11)
        page.insert_text((72, 130), "Tel 0161 496 0000, café owner Zoë", fontsize=11)
        page.set_cropbox(pymupdf.Rect(40, 30, 560, 800))
        if existing != "none":
            page.add_text_annot((300, 300), "a reviewer's note")
        page.set_rotation(rotation)
    if existing == "indirect array":
        for page in doc:
            annots = doc.xref_get_key(page.xref, "Annots")[1]
            xref = doc.get_new_xref()
            doc.update_object(xref, annots)
            doc.xref_set_key(page.xref, "Annots", f"{xref} 0 R")
    doc.save(tmp_path / "in.pdf")
    doc.close()
    marks = [
        Mark(n, b, exemption, kind, f"id{n}-{i}")
        for n in (1, 2)
        for i, (needle, kind, exemption) in enumerate(
            [
                ("Lucy Harper", "PERSON", "s40(2)"),
                ("0161 496 0000", "PHONE", "s40(2)"),
                ("Zoë", "PERSON", "s31(1)(a)"),
            ]
        )
        for b in marks_boxes(tmp_path / "in.pdf", needle, n)
    ]
    write_review_copy(tmp_path / "in.pdf", marks, tmp_path / "fast.pdf")
    with pymupdf.open(tmp_path / "in.pdf") as doc:
        for page in doc:
            for mark in marks:
                if mark.page == page.number + 1:
                    _pymupdf_review_mark(page, mark)
        doc.save(tmp_path / "slow.pdf")
    fast, slow = _marks_as_read(tmp_path / "fast.pdf"), _marks_as_read(tmp_path / "slow.pdf")
    assert fast == slow
    assert len(fast) == len(marks) + (2 if existing != "none" else 0)
    by_id = {m.name: m for m in read_redact_marks(tmp_path / "fast.pdf", "fast.pdf")}
    for mark in marks:
        read = by_id[mark.log_id]
        assert read.page == mark.page and read.overlay == mark.exemption
        got, want = read.outline, mark.box
        assert all(
            abs(a - b) < 0.01
            for a, b in zip(
                (got.x0, got.y0, got.x1, got.y1), (want.x0, want.y0, want.x1, want.y1), strict=True
            )
        )
    with pymupdf.open(tmp_path / "fast.pdf") as doc:  # every mark keeps its own appearance
        for page in doc:
            for annot in page.annots(types=[pymupdf.PDF_ANNOT_REDACT]):
                ap = int(doc.xref_get_key(annot.xref, "AP/N")[1].split()[0])
                assert b"/Fill gs" in doc.xref_stream(ap)
                label = annot.info["subject"].replace("(", "\\(").replace(")", "\\)")
                assert f"({label}) Tj".encode("latin-1") in doc.xref_stream(ap)


def marks_boxes(path: Path, needle: str, page: int) -> list[Box]:
    return [m.box for m in marks_for(path, needle, page)]


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)) | st.text(max_size=8))
def test_pdf_strings_are_those_pymupdf_makes(text: str) -> None:
    assert pdf_string(text) == pymupdf.get_pdf_str(text)


def test_review_marks_carry_their_label_in_their_appearance(tmp_path: Path) -> None:
    """The marks' appearance streams are stored without deflating (cheaper for 150 bytes); the
    review copy still opens with each mark's label drawn in its appearance."""
    src = text_pdf(tmp_path / "in.pdf", [["Contact Lucy Harper today"]])
    with pymupdf.open(src) as doc:
        box = doc[0].search_for("Lucy Harper")[0]
    mark = Mark(1, Box(box.x0, box.y0, box.x1, box.y1), "s40(2)", "PERSON", "abc123")
    write_review_copy(src, [mark], tmp_path / "review.pdf")
    with pymupdf.open(tmp_path / "review.pdf") as doc:
        annot = doc[0].first_annot
        assert annot is not None and doc.xref_get_key(annot.xref, "NM") == ("string", "abc123")
        ap = int(doc.xref_get_key(annot.xref, "AP/N")[1].split()[0])
        assert b"(PERSON s40\\(2\\)) Tj" in doc.xref_stream(ap)
