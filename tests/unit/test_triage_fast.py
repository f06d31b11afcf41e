"""`is_garbage`, `reads_as_text` and `plan_page` (counting per distinct character and per word in
C) decide what their character-by-character references decide (`_reference_*`, the code they
replaced): on the text of every fixture, held-out and scanned page, cut at every length, and on
random texts of letters, words, whitespace, control, private-use, unassigned and surrogate
characters."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, SCANNED_PDFS, fixture_id

from redactor.models import Box
from redactor.ocr import triage
from redactor.ocr.triage import Plan, is_garbage, plan_page, reads_as_text
from redactor.pdf.raster import PageSurvey
from redactor.pdf.text import PageText, read_page_text

SCANNED = SCANNED_PDFS


def _reference_bad_char(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Co", "Cn", "Cs") or (category == "Cc" and not ch.isspace())


def _reference_common_share(tokens: list[str]) -> float:
    return sum(1 for t in tokens if t.strip(".,;:!?()\"'").casefold() in triage._COMMON) / len(
        tokens
    )


def _reference_is_garbage(text: str) -> bool:
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return False
    if sum(_reference_bad_char(ch) for ch in visible) / len(visible) > triage.BAD_CHAR_SHARE:
        return True
    tokens = text.split()
    if len(tokens) < triage.MIN_TOKENS:
        return False
    wordlike = sum(1 for t in tokens if triage._WORDLIKE.match(t)) / len(tokens)
    common = _reference_common_share(tokens)
    return wordlike < triage.MIN_WORD_SHARE or (common < triage.MIN_COMMON_SHARE and wordlike < 0.8)


def _reference_reads_as_text(text: str) -> bool:
    if _reference_is_garbage(text):
        return False
    tokens = text.split()
    return (
        len(tokens) < triage.MIN_TOKENS
        or _reference_common_share(tokens) >= triage.MIN_READ_COMMON_SHARE
    )


def _reference_plan_page(survey: PageSurvey) -> Plan:
    text = survey.text.text
    visible = sum(1 for ch in text if not ch.isspace())
    if _reference_is_garbage(text):
        return Plan([None], replace=True, reason="its text layer is unreadable")
    if visible < triage.MIN_TEXT_CHARS:
        if survey.images or survey.ink > triage.BLANK_INK:
            return Plan([None], replace=True, reason="it has no text layer")
        return Plan()
    if survey.stray_ink > triage.THIN_INK:
        return Plan([None], replace=False, reason="its text layer is thin for its ink")
    if survey.images:
        return Plan(list(survey.images), replace=False, reason="it has pictures")
    return Plan()


def _same(text: str) -> None:
    assert is_garbage(text) == _reference_is_garbage(text)
    assert reads_as_text(text) == _reference_reads_as_text(text)
    # the shares themselves, not only the decisions they lead to
    tokens = text.split()
    if tokens:
        assert triage._common_share(tokens) == _reference_common_share(tokens)
    for ink, stray, images in [
        (0.0, 0.0, []),
        (0.001, 0.0, []),
        (0.05, 0.02, []),
        (0.0, 0.0, [Box(10, 10, 200, 200)]),
    ]:
        survey = PageSurvey(PageText(1, text, [], []), 1000.0, ink, stray, images, 0.0)
        assert plan_page(survey) == _reference_plan_page(survey)


def _page_texts(path: Path) -> list[str]:
    with pymupdf.open(path) as doc:
        return [read_page_text(page).text for page in doc]


@pytest.mark.parametrize("path", FIXTURE_PDFS + SCANNED, ids=fixture_id)
def test_fixture_page_texts(path: Path) -> None:
    for text in _page_texts(path):
        for cut in sorted({*range(0, min(len(text), 400), 7), len(text)}):
            _same(text[:cut])  # every decision boundary a page's worth of words crosses
        # the same words with glyph soup mixed in, so the character shares tip over
        _same(text.replace("e", "\ufffd"))
        _same(text.replace("a", "\ue001").replace("o", "\x07"))


TEXTS = st.text(
    st.one_of(
        st.characters(),  # any code point, surrogates and unassigned included
        st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\u00a0\u2003\u3000\u200b\ufffd\ue000\x00\x07"),
        st.sampled_from(list("aeioutrsnlAEIOUTRSNL0123456789.,;:!?()\"'£%-/")),
    ),
    max_size=200,
)
WORDS = st.lists(
    st.one_of(
        st.sampled_from(sorted(triage._COMMON)),
        st.sampled_from(["The", "AND,", "(Dear", "police.", "Wkh", "txlfn", "#$%", "123", "£4.50"]),
        st.text(st.characters(), min_size=1, max_size=6),
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(TEXTS, WORDS))
def test_random_texts(text: str) -> None:
    _same(text)
