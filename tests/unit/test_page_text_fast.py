"""`read_page_text` (a line at a time) gives what its character-by-character reference gives
(`_reference_layout`, the code it replaced): on every page of the fixtures, the held-out sets,
the scans and a generated bundle, at every rotation and cropped, and on random "rawdict"
extractions with every kind of whitespace, empty and multi-letter characters, several spans a
line, empty lines and blocks, and image blocks."""

from __future__ import annotations

import pickle
import re
import sys
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, SCANNED_PDFS, fixture_id

from redactor.pdf.text import TEXT_FLAGS, CharBox, PageText, layout_text, read_page_text

SCANNED = SCANNED_PDFS


def _reference_layout(number: int, raw: dict[str, Any]) -> PageText:
    """The replaced code, verbatim but for taking the extraction as an argument."""
    chars: list[str] = []
    boxes: list[CharBox | None] = []
    lines: list[int] = []
    line_no = 0

    def separator(sep: str) -> None:
        for ch in sep:
            chars.append(ch)
            boxes.append(None)
            lines.append(-1)

    first_block = True
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        block_started = False
        for line in block["lines"]:
            pending_space = False
            line_started = False
            for span in line["spans"]:
                for ch in span["chars"]:
                    c = ch["c"]
                    if not c or c.isspace():
                        pending_space = line_started
                        continue
                    if not line_started:
                        if not block_started:
                            if not first_block:
                                separator("\n\n")
                            first_block = False
                            block_started = True
                        else:
                            separator("\n")
                        line_started = True
                    elif pending_space:
                        separator(" ")
                    pending_space = False
                    chars.append(c)
                    bbox = ch["bbox"]
                    boxes.append((bbox[0], bbox[1], bbox[2], bbox[3]))
                    lines.append(line_no)
            line_no += 1
    return PageText(number=number, text="".join(chars), boxes=boxes, lines=lines)


def _reference(page: pymupdf.Page) -> PageText:
    return _reference_layout(page.number + 1, page.get_text("rawdict", flags=TEXT_FLAGS))


def _same(new: PageText, old: PageText) -> None:
    assert new == old
    # the same types too (PageText is pickled between passes): tuples of floats, None, ints
    assert pickle.dumps(new) == pickle.dumps(old)


def _all_pages(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            for rotation in (0, 90, 180, 270):
                page.set_rotation(rotation)
                _same(read_page_text(page), _reference(page))
            page.set_rotation(0)
            full = page.rect
            page.set_cropbox(pymupdf.Rect(full.x0 + 40, full.y0 + 90, full.x1 - 60, full.y1 - 200))
            _same(read_page_text(page), _reference(page))


@pytest.mark.parametrize("path", FIXTURE_PDFS + SCANNED, ids=fixture_id)
def test_fixture_pages(path: Path) -> None:
    _all_pages(path)


def test_generated_bundle_pages(bundle_pdfs: list[Path]) -> None:
    assert bundle_pdfs
    for path in bundle_pdfs:
        _all_pages(path)


def test_whitespace_ligatures_and_scripts(tmp_path: Path) -> None:
    """Text with every gap PyMuPDF can write: repeated spaces, tabs, no-break and wide spaces,
    leading and trailing blanks; ligatures expanded; right-to-left and wide scripts; a font
    change inside a word (two spans); text outside the MediaBox."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((20, 30), "  Lucy   Harper\tof\u00a0Leeds\u2003and \u3000 more  ", fontsize=10)
    page.insert_text((20, 50), "e\ufb01ciency o\ufb03ce \ufb02at", fontsize=10)
    page.insert_text((20, 70), "Hel", fontsize=10, fontname="helv")
    page.insert_text((20 + pymupdf.get_text_length("Hel", fontsize=10), 70), "lo", fontsize=12)
    page.insert_text(
        (20, 90), "\u0645\u0631\u062d\u0628\u0627 world", fontsize=10, fontname="china-s"
    )
    page.insert_text((20, 110), "\u4f60\u597d \u4e16\u754c", fontsize=10, fontname="china-s")
    page.insert_text((-50, 130), "outside inside", fontsize=10)
    page.insert_text((20, 150), "   ", fontsize=10)
    page.insert_htmlbox(
        pymupdf.Rect(20, 160, 380, 290), "<p>one two</p><p>three&nbsp;&nbsp;four</p>"
    )
    path = tmp_path / "gaps.pdf"
    doc.save(path)
    doc.close()
    _all_pages(path)


def test_split_agrees_with_isspace_on_every_code_point() -> None:
    """The fast path finds words with str.split() and re's \\S; the reference tested
    str.isspace() one character at a time."""
    word = re.compile(r"\S+")
    for point in range(sys.maxunicode + 1):
        ch = chr(point)
        space = ch.isspace()
        assert (word.fullmatch(ch) is None) == space
        assert (f"a{ch}b".split() == ["a", "b"]) == space


# One code point each, as MuPDF gives them (the fast path) ...
PLAIN = ["a", "B", "7", ".", " ", " ", " ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\u200b",
         "\ufffd", "\u0645", "\x00", "\x1c", "\u4f60"]  # fmt: skip
# ... and what the reference also took: empty, longer and non-text characters.
ODD = ["", "  ", "fi", " a", "a ", None]


@st.composite
def _raw_pages(draw: st.DrawFn) -> dict[str, Any]:
    counter = iter(range(10**6))
    texts = st.sampled_from(PLAIN + (ODD if draw(st.booleans()) else []))

    def char(c: str | None) -> dict[str, Any]:
        x = float(next(counter))
        return {
            "c": c,
            "bbox": (x, x + 0.5, x + 1.25, x + 2.0),
            "origin": (x, x),
            "synthetic": False,
        }

    def span() -> dict[str, Any]:
        return {"chars": [char(c) for c in draw(st.lists(texts, max_size=12))]}

    def line() -> dict[str, Any]:
        return {"spans": [span() for _ in range(draw(st.integers(0, 3)))]}

    blocks: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from([0, 0, 0, 1, None]))
        if kind == 1:
            blocks.append({"type": 1, "bbox": (0.0, 0.0, 1.0, 1.0)})
            continue
        block: dict[str, Any] = {"lines": [line() for _ in range(draw(st.integers(0, 4)))]}
        if kind == 0:
            block["type"] = 0
        blocks.append(block)
    return {"width": 100.0, "height": 100.0, "blocks": blocks}


@settings(max_examples=400, deadline=None)
@given(_raw_pages())
def test_random_extractions(raw: dict[str, Any]) -> None:
    _same(layout_text(3, raw), _reference_layout(3, raw))
