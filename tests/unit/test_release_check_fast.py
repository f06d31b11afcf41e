"""The release check's cheaper object scan and searches find what the plain ones found.

References kept here: the content-stream scan as it was (one Python test per operand), the hex
search as it was (one automaton over every needle's hex forms, built up front) and the
white-space rule as it was (`re.sub(r"\\s+", " ", ...)`).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, fixture_id
from test_second_reader_fast import _burned

from redactor.consistency import one_space
from redactor.pdf.objects import _content_strings, _decode, _page_streams, _strings_of, text_chunks
from redactor.release_check import Needle, _HexSearch
from redactor.text_search import Substrings

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from fuzz.test_fuzz_pdfs import mutate  # noqa: E402

# --- the content-stream scan ----------------------------------------------------------------


def _old_collect(obj: Any, found: list[str]) -> None:
    if not isinstance(obj, pikepdf.Object):
        return
    if isinstance(obj, pikepdf.String):
        found.extend(_decode(bytes(obj)))
        found.append(str(obj))
    elif isinstance(obj, pikepdf.Name):
        found.append(str(obj)[1:])
    elif isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
        values = obj.values() if isinstance(obj, pikepdf.Dictionary) else obj
        for value in values:
            if not (isinstance(value, pikepdf.Dictionary | pikepdf.Array) and value.is_indirect):
                _old_collect(value, found)


def _old_content_strings(stream: pikepdf.Stream) -> list[str] | None:
    try:
        instructions = pikepdf.parse_content_stream(stream)
    except (pikepdf.PdfError, TypeError):
        return None
    found: list[str] = []
    for item in instructions:
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            continue
        for operand in item.operands:
            if not isinstance(operand, pikepdf.Object):
                continue
            if isinstance(operand, pikepdf.Array):
                pieces = [bytes(p) for p in operand if isinstance(p, pikepdf.String)]
                found.extend(_decode(b"".join(pieces)))
            _old_collect(operand, found)
    return found


def assert_scans_as_before(path: Path) -> int:
    """Every stream a content stream (or not) scanned alike, every object's strings alike;
    how many content streams could be parsed."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError:
        return 0
    parsed = 0
    with pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                old = _old_content_strings(obj)
                assert _content_strings(obj) == old
                parsed += old is not None
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.String):
                old_strings: list[str] = []
                _old_collect(obj, old_strings)
                assert _strings_of(obj) == old_strings
        _page_streams(pdf)
    return parsed


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=fixture_id)
def test_each_fixture_and_its_burned_copy_scan_as_before(tmp_path: Path, path: Path) -> None:
    assert assert_scans_as_before(path)
    assert assert_scans_as_before(_burned(path, tmp_path / "burned.pdf"))


@pytest.mark.parametrize("seed", range(4))
def test_damaged_fixtures_scan_as_before(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    data = rng.choice(FIXTURE_PDFS).read_bytes()
    for attempt in range(8):
        mutations: list[tuple[object, ...]] = [
            ("flip", rng.random(), rng.randint(1, 255)) for _ in range(rng.randint(1, 4))
        ]
        if attempt % 2:
            mutations.append(("insert", rng.random(), rng.randbytes(rng.randint(1, 64))))
        damaged = tmp_path / f"damaged-{attempt}.pdf"
        damaged.write_bytes(mutate(data, mutations))
        assert_scans_as_before(damaged)


def test_every_kind_of_operand_scans_as_before() -> None:
    """Inline images (skipped), kerned and nested arrays, dictionaries of marked content,
    null, booleans, reals, hex and UTF-16 strings, names, operands of any operator."""
    pdf = pikepdf.new()
    content = (
        b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI (Lucy) Tj [(Har) -250 (per) 1.5] TJ "
        b"null true 2.25 /Tag <</MCID 3 /ActualText (Secret) /Alt [(in) [(nested) 4]]>> BDC "
        b"<feff004c007500630079> Tj <4c756379> Tj (x\\)y\\051) 1 2 3 re /Name#20Two Do "
        b"[] TJ [1 2] TJ 0 0 m (stray) l"
    )
    stream = pdf.make_stream(content)
    old = _old_content_strings(stream)
    assert old is not None and "Secret" in old and "nested" in old
    assert _content_strings(stream) == old
    chunks = [c for c in text_chunks(pdf)]
    assert chunks  # the scan of a whole file goes through the same parts


# --- the hex search --------------------------------------------------------------------------

_texts = st.text(alphabet="0123456789abcdefABCDEF xyzŁó\u00e9\n<>", max_size=120)
_needle_texts = st.text(alphabet="abcDEF Łóé1209\u4e2d", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(needles=st.lists(_needle_texts, max_size=6), texts=st.lists(_texts, max_size=4))
def test_the_hex_search_finds_what_the_automaton_over_every_form_finds(
    needles: list[str], texts: list[str]
) -> None:
    forms = [Needle(text, "PERSON", str(i)).hex_forms for i, text in enumerate(needles)]
    old, new = Substrings(forms), _HexSearch(forms)
    spelt = [form for item in forms for form in item]  # each needle spelt in hex
    for text in texts:
        haystacks = [text, *(text + form[: len(form) - len(text) % 3] + text for form in spelt)]
        for haystack in haystacks:
            assert new.found(haystack.lower()) == old.found(haystack.lower())


def test_the_hex_search_builds_its_automaton_only_for_a_long_enough_run() -> None:
    forms = [Needle("Lucy Harper", "PERSON", "1").hex_forms]
    search = _HexSearch(forms)
    assert search.found("cmap 0003 0020 begincodespacerange") == set()
    assert search._search is None
    assert search.found(f"junk {'4c7563792048617270' + '6572'} junk") == {0}
    assert search._search is not None


# --- the white-space rule --------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")


def test_every_white_space_character_is_one_for_both_rules() -> None:
    """Every character, doubled, between letters: a run for both rules or for neither."""
    text = "a".join(chr(code) * 2 for code in range(sys.maxunicode + 1))
    assert one_space(text) == _WHITESPACE.sub(" ", text)
    assert one_space(" " + text + "\n") == _WHITESPACE.sub(" ", " " + text + "\n")


_spacey = st.text(alphabet=st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\u200b"))


@settings(max_examples=500, deadline=None)
@given(text=_spacey)
def test_white_space_runs_read_as_one_space_as_before(text: str) -> None:
    assert one_space(text) == _WHITESPACE.sub(" ", text)
