"""`page_lines` and `reading_turn` give what their line-by-line references give
(`_page_lines_by_segments`, `_reading_turn_stepwise`, the code they replaced): on every fixture
page at every rotation and cropped, with ligatures and right-to-left text, empty, and on random
page texts, laid out as the digital and OCR readers lay them out or not (a line in two runs,
a separator with a box, a boxed space)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, fixture_id

from redactor.columns import (
    ANY_HEADER,
    HEADERS,
    _headers,
    _line_runs,
    _page_lines_by_segments,
    _reading_turn_stepwise,
    _run_text,
    find_in_tables,
    page_lines,
    reading_turn,
)
from redactor.pdf.text import CharBox, PageText, read_page_text

PDFS = FIXTURE_PDFS


def _same(page: PageText) -> None:
    assert reading_turn(page) == _reading_turn_stepwise(page)
    assert page_lines(page) == _page_lines_by_segments(page)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("path", PDFS, ids=fixture_id)
def test_fixture_pages(path: Path, rotation: int) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.set_rotation(rotation)
            _same(read_page_text(page))
            r = page.mediabox
            page.set_cropbox(pymupdf.Rect(r.x0 + 40, r.y0 + 90, r.x1 - 100, r.y1 - 200))
            _same(read_page_text(page))


def test_empty_and_blank_pages() -> None:
    _same(PageText(1, "", [], []))
    _same(PageText(1, "\n\n", [None, None], [-1, -1]))
    with pymupdf.open() as doc:
        page = doc.new_page()
        _same(read_page_text(page))
        assert page_lines(read_page_text(page)) == []


def test_rtl_and_ligatures() -> None:
    with pymupdf.open() as doc:
        page = doc.new_page()
        page.insert_text((72, 72), "\ufb01nal \ufb02at of\ufb03ce", fontsize=11)
        rtl = "Name: \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"
        page.insert_text((72, 100), rtl, fontsize=11)
        _same(read_page_text(page))


# Random pages: words of characters (some of them spaces or new lines with a box) on lines,
# with separators between them; boxes anywhere, of any orientation.
_coord = st.floats(-50, 700, allow_nan=False) | st.sampled_from([0.0, -0.0, 1.5])
_box = st.tuples(_coord, _coord, _coord, _coord)
_char = st.sampled_from("aZ9 \n,.'\u05e9")


@st.composite
def laid_out(draw: st.DrawFn) -> PageText:
    """A page as read_page_text or OCR builds it: separators unboxed at line -1."""
    chars: list[str] = []
    boxes: list[CharBox | None] = []
    lines: list[int] = []
    line = 0
    for _ in range(draw(st.integers(0, 6))):
        line += draw(st.integers(1, 3))
        if chars:
            for sep in draw(st.sampled_from(["\n", "\n\n", " ", ""])):
                chars.append(sep)
                boxes.append(None)
                lines.append(-1)
        for w in range(draw(st.integers(1, 4))):
            if w:
                chars.append(" ")
                boxes.append(None)
                lines.append(-1)
            for ch in draw(st.lists(_char, min_size=1, max_size=5)):
                chars.append(ch)
                boxes.append(draw(_box))
                lines.append(line)
    return PageText(1, "".join(chars), boxes, lines)


@st.composite
def anything(draw: st.DrawFn) -> PageText:
    """Any page: boxes and line numbers in any arrangement."""
    n = draw(st.integers(0, 30))
    text = "".join(draw(st.lists(_char, min_size=n, max_size=n)))
    boxes = draw(st.lists(st.none() | _box, min_size=n, max_size=n))
    lines = draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n))
    return PageText(1, text, boxes, lines)


@settings(max_examples=400, deadline=None)
@given(laid_out())
def test_laid_out_pages(page: PageText) -> None:
    _same(page)


@settings(max_examples=400, deadline=None)
@given(anything())
def test_any_page(page: PageText) -> None:
    _same(page)


def test_any_header_has_the_headers_flags() -> None:
    assert {p.flags for p in HEADERS.values()} == {ANY_HEADER.flags}


_header_words = st.sampled_from(
    "warrant collar shoulder name officer's full surname forenames first names (s) witness "
    "arresting officer in the case dob d.o.b. date of birth home address post code vrm vehicle "
    "reg registration mark index ni nino national insurance nhs pnc id no. number num. # : "
    "Name NAME Surname ADDRESS \u0130ndex \u0131d \u212a".split()
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_header_words, max_size=5), st.lists(st.sampled_from(["", " ", "  ", "\t", "\n"])))
def test_any_header_matches_where_a_header_does(words: list[str], gaps: list[str]) -> None:
    text = "".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words))
    for line in (text, text.strip()):
        expected = any(p.match(line) for p in HEADERS.values())
        assert (ANY_HEADER.match(line) is not None) is expected


def _any_line_a_header(page: PageText) -> bool:
    """`find_in_tables`' first test: some line, read without its boxes, is a header."""
    runs = _line_runs(page)
    return runs is None or any(ANY_HEADER.match(_run_text(page, s, e)) for s, e in runs)


def _check_header_test(page: PageText) -> None:
    lines = page_lines(page)
    assert [line.text for line in lines] == [line.text for line in _page_lines_by_segments(page)]
    if _headers(lines):
        assert _any_line_a_header(page)


@pytest.mark.parametrize("path", PDFS, ids=fixture_id)
def test_header_test_on_fixture_pages(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            _check_header_test(read_page_text(page))


@st.composite
def laid_out_headers(draw: st.DrawFn) -> PageText:
    """Pages as read_page_text lays them out, whose lines are header words (many headers)."""
    chars: list[str] = []
    boxes: list[CharBox | None] = []
    lines: list[int] = []
    for line in range(draw(st.integers(1, 5))):
        if chars:
            for sep in draw(st.sampled_from(["\n", "\n\n"])):
                chars.append(sep)
                boxes.append(None)
                lines.append(-1)
        for w, word in enumerate(draw(st.lists(_header_words, min_size=1, max_size=4))):
            if w:
                chars.append(" ")
                boxes.append(None)
                lines.append(-1)
            for ch in word:
                chars.append(ch)
                boxes.append(draw(_box))
                lines.append(line)
    return PageText(1, "".join(chars), boxes, lines)


@settings(max_examples=1500, deadline=None)
@given(laid_out_headers() | laid_out() | anything())
def test_header_test_never_skips_a_header(page: PageText) -> None:
    _check_header_test(page)


def test_header_test_finds_a_table() -> None:
    """A page with a header: the test passes it on, and the table value is found; without one
    no line is a header."""
    with pymupdf.open() as doc:
        page = doc.new_page()
        page.insert_text((72, 72), "Name", fontsize=11)
        page.insert_text((72, 90), "Annette Daly", fontsize=11)
        with_header = read_page_text(page)
        assert _any_line_a_header(with_header)
        assert [f.text for f in find_in_tables(with_header)] == ["Annette Daly"]
        other = doc.new_page()
        other.insert_text((72, 72), "Meeting notes", fontsize=11)
        other.insert_text((72, 90), "Annette Daly", fontsize=11)
        assert not _any_line_a_header(read_page_text(other))
        assert find_in_tables(read_page_text(other)) == []
