"""Text only partly under an opaque image: the characters wholly under it go, the rest stays.

Each page is built with PyMuPDF (text, then an image over part of it, or the other way round)
and burned; the clean page is read again with PyMuPDF, character by character with their
origins, and its text independently with PDFium. Lines are set one font size apart, closer
than usual, so that a redaction over a whole character box would take the line below with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest
from test_image_cover import _pdfium_text, _pymupdf_text, _set_states, _solid

from redactor.pdf import invisible
from redactor.pdf.burn import burn
from redactor.pdf.invisible import covered_char_areas, remove_invisible_text, survey

SIZE = 11.0
LINE = "Report by Jane Smith"
ABOVE = "Filed at Leeds station today"
BELOW = "Checked by Sergeant Patel now"

Chars = list[tuple[str, tuple[float, float]]]


def _chars(path: Path) -> list[Chars]:
    """Every character each page paints with its origin (rounded to 1/100 pt), in paint order:
    from the text trace, which reports glyphs only (no space put in where a gap is wide)."""
    with pymupdf.open(path) as doc:
        return [
            [
                (chr(c[0]), (round(c[2][0], 2), round(c[2][1], 2)))
                for span in page.get_texttrace()
                for c in span["chars"]
            ]
            for page in doc
        ]


def _three_lines(page: pymupdf.Page, leading: float = SIZE, rotate: int = 0) -> None:
    """ABOVE, LINE and BELOW, `leading` apart (`rotate` 90: running up the page)."""
    for step, text in ((-1, ABOVE), (0, LINE), (1, BELOW)):
        at = (72, 100 + step * leading) if not rotate else (100 + step * leading, 500)
        page.insert_text(at, text, fontsize=SIZE, rotate=rotate)


def _line(page: pymupdf.Page) -> dict[str, Any]:
    trace = page.get_texttrace()
    return next(s for s in trace if "".join(chr(c[0]) for c in s["chars"]) == LINE)


def _cover(page: pymupdf.Page, part: str = "Jane Smith") -> pymupdf.Rect:
    """A rectangle over the boxes of `part` of LINE, 0.2 pt beyond them on every side: the
    space before it stays outside, and the lines above and below are not held whole. (Not on a
    glyph's edge: the image's rectangle, written to the file, is not as exact.)"""
    start = LINE.index(part)
    boxes = [pymupdf.Rect(c[3]) for c in _line(page)["chars"][start : start + len(part)]]
    union = boxes[0]
    for box in boxes[1:]:
        union |= box
    return pymupdf.Rect(union.x0 - 0.2, union.y0 - 0.2, union.x1 + 0.2, union.y1 + 0.2)


def _burned(tmp_path: Path, doc: pymupdf.Document) -> tuple[Path, Path]:
    source, clean = tmp_path / "in.pdf", tmp_path / "clean.pdf"
    doc.save(source)
    doc.close()
    burn(source, [], clean)
    return source, clean


def _kept_in_place(source: Path, clean: Path, gone: str) -> None:
    """The clean page holds the input's characters less the letters of `gone` (a part of LINE),
    each at its own origin, and the text of every line but `gone`, read by both readers."""
    before, after = _chars(source)[0], _chars(clean)[0]
    start = "".join(c for c, _ in before).index(LINE) + LINE.index(gone)
    removed = before[start : start + len(gone)]
    assert "".join(c for c, _ in removed) == gone
    expected = [c for c in before if c not in removed]
    assert after == expected
    kept = LINE[: LINE.index(gone)]
    for read in (_pymupdf_text, _pdfium_text):
        text = read(clean)
        for word in gone.split():
            if word not in ABOVE + BELOW:
                assert word not in text, (read.__name__, word)
        assert kept.strip() in text, read.__name__
        assert ABOVE in text and BELOW in text, read.__name__


def test_the_words_under_a_later_image_go_and_the_rest_stays_in_place(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    page.insert_image(_cover(page), pixmap=_solid())  # painted after the text
    source, clean = _burned(tmp_path, doc)
    with pymupdf.open(source) as doc:
        assert "Jane Smith" in doc[0].get_text()  # hidden under the image, but extractable
    _kept_in_place(source, clean, "Jane Smith")


def test_one_band_per_run_of_covered_characters(tmp_path: Path) -> None:
    """The covered letters of a line are one area, a thin band inside the run's own boxes."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    cover = _cover(page)
    page.insert_image(cover, pixmap=_solid())
    trace = page.get_texttrace()
    areas = covered_char_areas(page, trace, survey(page))
    assert len(areas) == 1
    (x0, y0, x1, y1) = areas[0]
    line = _line(page)
    j, h = line["chars"][LINE.index("J")][3], line["chars"][-1][3]
    assert j[0] < x0 < j[2] and h[0] < x1 < h[2]  # from inside "J" to inside "h"
    assert line["bbox"][1] < y0 < y1 < line["bbox"][3]
    assert y1 - y0 < (line["bbox"][3] - line["bbox"][1]) / 2
    assert remove_invisible_text(page, trace, survey(page)) == 1  # nothing missed: one area
    doc.close()


def test_a_glyph_the_image_only_partly_covers_stays(tmp_path: Path) -> None:
    """The image ends inside the "i" of "Smith": "Jane Sm" goes, "ith" stays where it was."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    i = _line(page)["chars"][LINE.index("ith")][3]
    cover = _cover(page)
    cover.x1 = (i[0] + i[2]) / 2
    page.insert_image(cover, pixmap=_solid())
    source, clean = _burned(tmp_path, doc)
    _kept_in_place(source, clean, "Jane Sm")
    assert "ith" in _pymupdf_text(clean) and "ith" in _pdfium_text(clean)


def test_text_painted_on_top_of_the_image_stays(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    cover = _cover(page)
    page.insert_image(cover, pixmap=_solid(), overlay=False)  # painted before the text
    source, clean = _burned(tmp_path, doc)
    assert _chars(clean) == _chars(source)


def _translucent(doc: pymupdf.Document, alpha: float) -> None:
    """A page with the three lines, then the image over "Jane Smith" at `alpha`."""
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    cover = _cover(page)
    page.insert_image(pymupdf.Rect(0, 0, 1, 1), pixmap=_solid())
    image = page.get_images()[0][7]
    _set_states(doc, page, f"<</Half <</Type/ExtGState/ca {alpha}>>>>")
    height = page.rect.height
    picture = (
        f"q /Half gs {cover.width:g} 0 0 {cover.height:g} {cover.x0:g} {height - cover.y1:g} cm "
        f"/{image} Do Q\n"
    )
    page.insert_font(fontname="helv")
    text = "".join(
        f"BT /helv {SIZE:g} Tf 72 {height - y:g} Td ({words}) Tj ET\n"
        for y, words in ((100 - SIZE, ABOVE), (100, LINE), (100 + SIZE, BELOW))
    )
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, (text + picture).encode())
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")


@pytest.mark.parametrize("alpha", [0.3, 0.49])
def test_text_under_a_translucent_image_stays(tmp_path: Path, alpha: float) -> None:
    doc = pymupdf.open()
    _translucent(doc, alpha)
    source, clean = _burned(tmp_path, doc)
    assert LINE in _pymupdf_text(source)
    assert _chars(clean) == _chars(source)


def test_the_same_page_at_half_opacity_loses_the_words(tmp_path: Path) -> None:
    """The page of the test above, with its image at 0.5: the words under it go."""
    doc = pymupdf.open()
    _translucent(doc, 0.5)
    source, clean = _burned(tmp_path, doc)
    _kept_in_place(source, clean, "Jane Smith")


def test_text_under_a_soft_masked_image_stays(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    page.insert_image(_cover(page), pixmap=_solid(alpha=True))
    source, clean = _burned(tmp_path, doc)
    assert _chars(clean) == _chars(source)


@pytest.mark.parametrize("leading", [SIZE, 1.4 * SIZE])
def test_a_span_wholly_under_an_image_goes_and_the_lines_beside_it_stay(
    tmp_path: Path, leading: float
) -> None:
    """The span goes by thin bands along its characters, not by its box, which reaches from the
    descender to the ascender: at a leading of one font size, that box would take glyphs of the
    next line with it."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page, leading=leading)
    x0, y0, x1, y1 = _line(page)["bbox"]
    page.insert_image(pymupdf.Rect(x0 - 0.5, y0 - 0.5, x1 + 0.5, y1 + 0.5), pixmap=_solid())
    assert covered_char_areas(page, page.get_texttrace(), survey(page)) == []
    source, clean = _burned(tmp_path, doc)
    _kept_in_place(source, clean, LINE)


def _white_line(leading: float) -> pymupdf.Document:
    """ABOVE and BELOW in black, LINE between them in white with nothing painted under it."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for step, text in ((-1, ABOVE), (0, LINE), (1, BELOW)):
        colour = (1.0, 1.0, 1.0) if text == LINE else (0.0, 0.0, 0.0)
        page.insert_text((72, 100 + step * leading), text, fontsize=SIZE, color=colour)
    return doc


@pytest.mark.parametrize("leading", [SIZE, 1.15 * SIZE, 1.4 * SIZE])
def test_white_text_between_close_lines_goes_and_they_stay(tmp_path: Path, leading: float) -> None:
    """Hidden white text between two visible lines set one font size apart: it goes, and every
    glyph of the lines above and below stays where it was (removed by its box, the hidden span
    took "Checked by Sergeant" of the line below with it)."""
    source, clean = _burned(tmp_path, _white_line(leading))
    _kept_in_place(source, clean, LINE)


def test_a_hidden_span_the_bands_miss_is_removed_with_its_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page is read again after the bands are applied: a hidden span still there (as if its
    font put MuPDF's glyph boxes elsewhere) is removed with its whole box. Here the bands are made
    to miss: an area in the page's corner, far from any glyph."""
    monkeypatch.setattr(invisible, "_span_areas", lambda *_: [(0.0, 0.0, 1.0, 1.0)])
    source, clean = _burned(tmp_path, _white_line(1.4 * SIZE))  # a whole box takes no neighbour
    _kept_in_place(source, clean, LINE)


def test_one_band_per_hidden_span(tmp_path: Path) -> None:
    """A hidden span on one line is one area, a thin band inside its characters' boxes, and the
    page read again finds nothing left to remove."""
    doc = _white_line(SIZE)
    page = doc[0]
    trace = page.get_texttrace()
    hidden = next(s for s in trace if "".join(chr(c[0]) for c in s["chars"]) == LINE)
    (area,) = invisible._span_areas(hidden)
    x0, y0, x1, y1 = hidden["bbox"]
    assert x0 < area[0] < area[2] < x1
    assert y0 < area[1] < area[3] < y1 and area[3] - area[1] < (y1 - y0) / 2
    assert remove_invisible_text(page, trace, survey(page)) == 1
    assert LINE not in page.get_text()
    doc.close()


def test_a_kerned_neighbour_overlapping_a_covered_letter_stays(tmp_path: Path) -> None:
    """ "AB" then "C" moved back by 0.3 em, over the end of "B": an image over all of "B" but
    not all of "C" takes "B" only, though "C"'s box overlaps "B"'s."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="helv")
    content = f"BT /helv 20 Tf 72 {842 - 100} Td [(AB) 300 (CD)] TJ ET\n"
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, content.encode())
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    chars = [c for s in page.get_texttrace() for c in s["chars"]]
    b, c = chars[1][3], chars[2][3]
    assert c[0] < b[2]  # the boxes overlap
    page.insert_image(pymupdf.Rect(b[0], b[1] - 1, b[2], b[3] + 1), pixmap=_solid())
    source, clean = _burned(tmp_path, doc)
    before, after = _chars(source)[0], _chars(clean)[0]
    assert [ch for ch, _ in before] == list("ABCD")
    assert after == [before[0], before[2], before[3]]


def test_a_rotated_page_loses_only_the_covered_words(tmp_path: Path) -> None:
    """/Rotate 90, the lines running up the unrotated page (across it as shown), where the burn
    works: the covered words go, the rest stays in place."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page, rotate=90)
    assert {s["dir"] for s in page.get_texttrace()} == {(0.0, -1.0)}
    page.insert_image(_cover(page), pixmap=_solid())
    page.set_rotation(90)
    source, clean = _burned(tmp_path, doc)
    with pymupdf.open(clean) as out:
        assert out[0].rotation == 90
    _kept_in_place(source, clean, "Jane Smith")


def test_characters_the_bands_miss_are_removed_with_their_boxes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page is read again after the bands are applied: a covered character still there (as
    if its font put MuPDF's glyph box elsewhere) is removed with its whole box. Here the band is
    made to miss: an area in the page's corner, far from any glyph."""
    monkeypatch.setattr(invisible, "_run_areas", lambda *_: [(0.0, 0.0, 1.0, 1.0)])
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page, leading=1.4 * SIZE)  # a whole box takes no glyph of the next line
    page.insert_image(_cover(page), pixmap=_solid())
    source, clean = _burned(tmp_path, doc)
    _kept_in_place(source, clean, "Jane Smith")


def _two_images(page: pymupdf.Page, cover: pymupdf.Rect, seam_in: str, gap: float = 0.0) -> None:
    """Two opaque images side by side over `cover`, meeting (or `gap` apart) at the middle of
    the glyph `seam_in` of LINE, so that neither holds that glyph whole."""
    box = pymupdf.Rect(_line(page)["chars"][LINE.index(seam_in)][3])
    seam = (box.x0 + box.x1) / 2
    page.insert_image(
        pymupdf.Rect(cover.x0, cover.y0, seam - gap / 2, cover.y1),
        pixmap=_solid(),
        keep_proportion=False,
    )
    page.insert_image(
        pymupdf.Rect(seam + gap / 2, cover.y0, cover.x1, cover.y1),
        pixmap=_solid(),
        keep_proportion=False,
    )


def test_a_glyph_two_images_hold_only_together_goes(tmp_path: Path) -> None:
    """Two images meet over the "S" of "Jane Smith": each of its glyphs is held by one image or
    by both together, and all of them go; the rest of the line stays in place."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    _two_images(page, _cover(page), "S")
    source, clean = _burned(tmp_path, doc)
    _kept_in_place(source, clean, "Jane Smith")


def test_a_span_two_images_hold_only_together_goes_whole(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    x0, y0, x1, y1 = _line(page)["bbox"]
    _two_images(page, pymupdf.Rect(x0 - 0.5, y0 - 0.5, x1 + 0.5, y1 + 0.5), "b")
    trace = page.get_texttrace()
    assert covered_char_areas(page, trace, survey(page)) == []  # hidden whole, not in part
    source, clean = _burned(tmp_path, doc)
    _kept_in_place(source, clean, LINE)


def test_a_glyph_showing_between_two_images_stays(tmp_path: Path) -> None:
    """A gap of one point between the images, over the middle of the "S": that glyph shows
    through and stays; the glyphs either side, each under one image, go."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _three_lines(page)
    _two_images(page, _cover(page), "S", gap=1.0)
    source, clean = _burned(tmp_path, doc)
    before, after = _chars(source)[0], _chars(clean)[0]
    start = "".join(c for c, _ in before).index(LINE) + LINE.index("Jane Smith")
    under = before[start : start + len("Jane Smith")]
    showing = under[len("Jane ")]
    assert showing[0] == "S"
    assert after == [c for c in before if c not in under or c == showing]
