"""The address recogniser's cheap check (`may_hold_street`) never skips a line where its street
pattern matches: on lines built from street types (in any case, abbreviated, dotted, followed by
letters, digits, accents and apostrophes) and on every fixture page, the addresses found are
the same with the check and without it."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, fixture_id

from redactor.detect import address
from redactor.detect.address import (
    HOUSE_WORDS,
    STREET_ABBREVIATIONS,
    STREET_LINE,
    STREET_TYPES,
    find_addresses,
    may_hold_street,
    organisation_postcode,
)
from redactor.pdf.text import read_page_text

PDFS = FIXTURE_PDFS

_types = st.sampled_from(STREET_TYPES + STREET_ABBREVIATIONS + HOUSE_WORDS)
_word = st.one_of(
    _types,
    _types.map(str.upper),
    _types.map(str.lower),
    st.sampled_from(["Mill", "St", "St.", "John's", "Flat", "3", "22", "22A", "LS6 2QT", "Leeds"]),
    st.sampled_from(["Police", "No", "DC", "on", "March", "Address:", "Old-Town", "O’Neil"]),
    st.text(alphabet="aZé9'’-./,", min_size=1, max_size=4),
)
_glue = st.sampled_from([" ", " ", " ", ", ", "", ".", "\t", "-", "é", "9", "’", "'"])


@st.composite
def street_lines(draw: st.DrawFn) -> str:
    words = draw(st.lists(_word, min_size=1, max_size=8))
    return "".join(w + draw(_glue) for w in words)


@settings(max_examples=3000, deadline=None)
@given(street_lines())
def test_no_street_on_a_line_the_check_skips(line: str) -> None:
    if not may_hold_street(line):
        assert STREET_LINE.search(line) is None
        assert list(STREET_LINE.finditer(line)) == []


def _without_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(address, "may_hold_street", lambda line: True)
    address.address_blocks.cache_clear()


@settings(max_examples=300, deadline=None)
@given(st.lists(street_lines(), min_size=1, max_size=6))
def test_blocks_the_same_without_the_check(lines: list[str]) -> None:
    text = "\n".join(lines)
    address.address_blocks.cache_clear()
    with_check = find_addresses(text)
    with pytest.MonkeyPatch.context() as mp:
        _without_check(mp)
        assert find_addresses(text) == with_check
    address.address_blocks.cache_clear()


@pytest.mark.parametrize("path", PDFS, ids=fixture_id)
def test_fixture_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pymupdf.open(path) as doc:
        texts = [read_page_text(page).text for page in doc]
    address.address_blocks.cache_clear()
    found = [find_addresses(text) for text in texts]
    owners = [[organisation_postcode(t, i) for i in range(0, len(t), 97)] for t in texts]
    _without_check(monkeypatch)
    assert [find_addresses(text) for text in texts] == found
    assert [[organisation_postcode(t, i) for i in range(0, len(t), 97)] for t in texts] == owners
    address.address_blocks.cache_clear()


@pytest.mark.parametrize(
    ("line", "street"),
    [
        ("22 Mill Lane", True),
        ("4 Albert St.", True),
        ("4 Albert St, Leeds", True),
        ("10 HIGH STREET, OTLEY", True),
        ("Flat 3, 22 St John's Road", True),
        ("Rose Cottage, Mill Rd", True),
        ("22 Mill Lanes", False),  # not a street type
        ("22 Mill Lane9", False),
        ("22 Mill Lané", False),
        ("22 Mill lane", False),
        ("22 Mill-Lane", False),
        ("no letters 12 34", False),
        ("", False),
    ],
)
def test_table(line: str, street: bool) -> None:
    assert (STREET_LINE.search(line) is not None) is street
    if street:
        assert may_hold_street(line)
