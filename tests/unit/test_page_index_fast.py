"""`PageIndex` squeezes a page text as the run-by-run form it replaced did.

`_PlainIndex` is that form (a regex match per word and per run of white space); the squeezed
text, its lower-case copy and the offset of every squeezed character must be the same, on real
pages and on texts made of every kind of white space Python knows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, fixture_id

from redactor.consistency import PageIndex, lowered
from redactor.pdf.text import read_page_text

_RUN = re.compile(r"\s+|\S+")
# every character str.isspace() accepts, and some that it does not but look like it
WHITE = [chr(c) for c in range(0x3000 + 1) if chr(c).isspace()] + ["\u200b", "\ufeff", "_"]


class _PlainIndex:
    def __init__(self, text: str) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        for match in _RUN.finditer(text):
            if match.group()[0].isspace():
                chars.append(" ")
                offsets.append(match.start())
            else:
                chars.append(match.group())
                offsets.extend(range(match.start(), match.end()))
        offsets.append(len(text))
        self.flat = "".join(chars)
        self.offsets = offsets
        self.lowered = lowered(self.flat)


def _same(text: str) -> None:
    fast, plain = PageIndex(text), _PlainIndex(text)
    assert fast.text == text
    assert (fast.flat, fast.lowered) == (plain.flat, plain.lowered)
    assert fast._offsets == plain.offsets
    for start in range(len(fast.flat)):  # and so every span maps back the same
        assert fast.span(start, start + 1) == (plain.offsets[start], plain.offsets[start] + 1)


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=fixture_id)
def test_fixture_pages_squeeze_as_before(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            _same(read_page_text(page).text)


def test_bundle_pages_squeeze_as_before(bundle_pdfs: list[Path]) -> None:
    for path in bundle_pdfs:
        with pymupdf.open(path) as doc:
            for page in doc:
                _same(read_page_text(page).text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(WHITE) | st.sampled_from(["a", "Lucy", "İ", "ß", "x."])))
@example(["  ", "a", "\n\n", "b", " "])
@example([])
@example(["\u2028"])
def test_made_up_texts_squeeze_as_before(parts: list[str]) -> None:
    _same("".join(parts))
