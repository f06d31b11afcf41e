"""PDFium's reading of a page agrees with PyMuPDF's on where each character is, and fails a
damaged file with an error the batch knows how to report."""

from pathlib import Path

import pikepdf
import pymupdf
import pypdfium2 as pdfium
import pypdfium2.raw as fpdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.models import Box
from redactor.pdf.document import PDF_LIBRARY_ERRORS
from redactor.pdf.second_reader import (
    Glyph,
    PdfiumError,
    _address,
    _Centres,
    _covered,
    _covered_indexed,
    _text_object_address,
    read_pages,
)
from redactor.pdf.text import read_page_text

LINES = ["Officer Lucy Harper attended", "Tel 0161 496 0000, collar 2890"]


def _rotated_cropped(path: Path, rotation: int) -> Path:
    """Two lines, a word turned 90 degrees, and a line inside a Form XObject drawn at 60%
    (`show_pdf_page`), on a page with an offset CropBox and `rotation`."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for index, line in enumerate(LINES):
        page.insert_text((72, 100 + 16 * index), line, fontsize=11)
    page.insert_text((300, 400), "Rotated Words", fontsize=14, rotate=90)
    source = pymupdf.open()
    source.new_page(width=200, height=100).insert_text((10, 50), "Form Words", fontsize=12)
    page.show_pdf_page(pymupdf.Rect(100, 500, 220, 560), source, 0)
    page.set_cropbox(pymupdf.Rect(40, 30, 560, 800))
    page.set_rotation(rotation)
    doc.save(path)
    doc.close()
    return path


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_character_centres_match_pymupdf_on_rotated_cropped_pages(
    tmp_path: Path, rotation: int
) -> None:
    path = _rotated_cropped(tmp_path / "a.pdf", rotation)
    with pymupdf.open(path) as doc:
        text = read_page_text(doc[0])
    expected = sorted(
        (char, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        for char, box in zip(text.text, text.boxes, strict=True)
        if box is not None
    )
    (reading,) = list(read_pages(path))
    found = sorted(
        (g.text, (g.box.x0 + g.box.x1) / 2, (g.box.y0 + g.box.y1) / 2) for g in reading.glyphs
    )
    on_page = sum(len("".join(line.split())) for line in [*LINES, "Rotated Words", "Form Words"])
    assert len(found) == len(expected) == on_page
    for (char, x, y), (want, wx, wy) in zip(found, expected, strict=True):
        assert char == want
        assert abs(x - wx) <= 1 and abs(y - wy) <= 1, (char, (x, y), (wx, wy))


@pytest.mark.parametrize("rotation", [0, 90])
def test_the_page_text_reads_lines_and_words_in_drawing_order(
    tmp_path: Path, rotation: int
) -> None:
    (reading,) = list(read_pages(_rotated_cropped(tmp_path / "a.pdf", rotation)))
    assert reading.text.startswith("\n".join(LINES) + "\n")
    assert all(g.size == pytest.approx(11) for g in reading.glyphs[:10])
    assert reading.texts[0] == reading.text
    for text in reading.texts:  # PDFium's own order, when it differs, has every line too
        assert all(line in text.replace("\r\n", "\n") for line in LINES)


def test_font_size_is_the_size_on_the_page(tmp_path: Path) -> None:
    """A 10 pt font drawn at twice the scale is 20 pt for the gap and line rules."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.add_resource(font, pikepdf.Name.Font, pikepdf.Name.F1)
    page.contents_add(pdf.make_stream(b"q 2 0 0 2 0 0 cm BT /F1 10 Tf 36 350 Td (Big) Tj ET Q"))
    pdf.save(tmp_path / "big.pdf")
    (reading,) = list(read_pages(tmp_path / "big.pdf"))
    assert [(g.text, round(g.size, 3)) for g in reading.glyphs] == [
        ("B", 20),
        ("i", 20),
        ("g", 20),
    ]


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n" + b"\x00garbage" * 50, b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b""],
)
def test_a_file_pdfium_cannot_load_raises_an_error_the_batch_reports(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(PDF_LIBRARY_ERRORS) as caught:
        list(read_pages(path))
    assert isinstance(caught.value, PdfiumError)


@pytest.mark.parametrize("rotation", [0, 90])
def test_text_inside_a_box_is_the_same_found_by_x_order_or_glyph_by_glyph(
    tmp_path: Path, rotation: int
) -> None:
    """The sorted index `text_inside` searches agrees with a scan of every glyph (the path taken
    when a centre is not a finite number), on boxes around single glyphs, words and none."""
    (reading,) = list(read_pages(_rotated_cropped(tmp_path / "a.pdf", rotation)))
    boxes = [g.box for g in reading.glyphs]
    boxes += [Box(0, 0, 600, 900), Box(70, 85, 200, 120), Box(0, 0, 1, 1), Box(100, 400, 250, 600)]
    by_index = [reading.text_inside(box, 0.5) for box in boxes]
    reading.__dict__["_by_x"] = None  # the cached index, replaced by "scan every glyph"
    assert by_index == [reading.text_inside(box, 0.5) for box in boxes]
    assert by_index[-4].replace(" ", "") == "".join(g.text for g in reading.glyphs)
    assert all(by_index[: len(reading.glyphs)]), "each glyph's own box holds it"


def test_each_characters_text_object_is_the_one_pypdfium2_gives(tmp_path: Path) -> None:
    """The reader asks PDFium for a character's text object by address (`_text_object_address`);
    pypdfium2's own binding names the same object for every character, generated ones too."""
    path = _rotated_cropped(tmp_path / "a.pdf", 0)
    with pdfium.PdfDocument(path) as document:
        page = fpdf.FPDF_LoadPage(document.raw, 0)
        text_page = fpdf.FPDFText_LoadPage(page)
        try:
            count = fpdf.FPDFText_CountChars(text_page)
            ours = [_text_object_address(text_page, i) or 0 for i in range(count)]
            theirs = [_address(fpdf.FPDFText_GetTextObject(text_page, i)) for i in range(count)]
        finally:
            fpdf.FPDFText_ClosePage(text_page)
            fpdf.FPDF_ClosePage(page)
    assert count > 40 and ours == theirs
    assert all(ours[:5]) and 0 in ours, "real characters have an object, made-up spaces none"


# whole and half points, so that centres often lie exactly on a box's edge
_coordinate = st.integers(-10, 40).map(lambda n: n / 2)
_glyphs = st.lists(
    st.tuples(_coordinate, _coordinate, st.integers(0, 8), st.integers(0, 8)),
    max_size=80,
).map(
    lambda boxes: [
        Glyph(chr(65 + i % 26), x, y, x + w, y + h, 10.0) for i, (x, y, w, h) in enumerate(boxes)
    ]
)
_boxes = st.lists(
    st.tuples(_coordinate, _coordinate, _coordinate, _coordinate).map(
        lambda b: Box(min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3]))
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(glyphs=_glyphs, boxes=_boxes, data=st.data())
def test_the_centre_index_finds_exactly_the_characters_a_scan_finds(
    glyphs: list[Glyph], boxes: list[Box], data: st.DataObject
) -> None:
    """`_Centres.inside` (bisecting by x or by y, whichever holds fewer) against the plain test
    of every centre; `_covered_indexed` against `_covered`, the search it replaced, for the
    dark-box count with drawing orders (a glyph drawn before or after each box)."""
    index = _Centres.of_columns(
        [g.x0 for g in glyphs],
        [g.y0 for g in glyphs],
        [g.x1 for g in glyphs],
        [g.y1 for g in glyphs],
    )
    assert index is not None
    for box in boxes:
        expected = [
            i
            for i, g in enumerate(glyphs)
            if box.x0 <= (g.x0 + g.x1) / 2 <= box.x1 and box.y0 <= (g.y0 + g.y1) / 2 <= box.y1
        ]
        assert sorted(index.inside(box.x0, box.y0, box.x1, box.y1)) == expected
    orders = sorted(
        data.draw(st.lists(st.integers(-1, 30), min_size=len(glyphs), max_size=len(glyphs)))
    )
    numbered = [(data.draw(st.integers(0, 31)), box) for box in boxes]
    placed = list(zip(orders, glyphs, strict=True))
    assert _covered_indexed(index, orders, numbered) == _covered(placed, numbered)


def test_a_page_with_dark_boxes_counts_the_covered_characters_either_way(tmp_path: Path) -> None:
    """On a real page (boxes drawn over words, some before the text, one over nothing), the
    count through the index is the count of the old search, and it is not empty."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.draw_rect(pymupdf.Rect(70, 88, 200, 104), color=None, fill=(0, 0, 0))  # under the text
    for index, line in enumerate(LINES * 4):
        page.insert_text((72, 100 + 16 * index), line, fontsize=11)
    for rect in [(70, 88, 150, 104), (100, 120, 300, 136), (60, 150, 580, 200), (10, 10, 20, 20)]:
        page.draw_rect(pymupdf.Rect(rect), color=None, fill=(0.1, 0.1, 0.1))
    doc.save(tmp_path / "dark.pdf")
    doc.close()
    (reading,) = list(read_pages(tmp_path / "dark.pdf"))
    assert [count for _, count in reading.covered] and len(reading.covered) == 3
    # the same page read with the old search: every centre in range, drawn before the box
    index = reading._by_x
    assert index is not None
    reading.__dict__["_by_x"] = None
    assert all(
        count == len(reading.text_inside(box, 0).replace(" ", "")) for box, count in reading.covered
    )
