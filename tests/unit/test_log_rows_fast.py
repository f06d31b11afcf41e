"""Pass 2's log rows and their ids are those the plain forms made.

`_plain_stable_id` rounds a Box and formats it, `_plain_rows` builds each row from a rounded Box,
as the code did before; ids and rows must be the same, on any box and on the rows of real pages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, fixture_id

from redactor.log import OCR, TEXT, LogRow, stable_id
from redactor.models import Box, Finding
from redactor.pdf.text import PageText, read_page_text
from redactor.rules import Rules, load_rules
from redactor.scan import rows_for_page


def _plain_stable_id(file: str, page: int, box: Box, text: str, entity_type: str) -> str:
    r = box.rounded(1)
    where = f"{r.x0:.1f},{r.y0:.1f},{r.x1:.1f},{r.y1:.1f}"
    key = f"{file}\x00{page}\x00{where}\x00{entity_type}\x00{text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _plain_rows(rel: str, page: PageText, findings: list[Finding], rules: Rules) -> list[LogRow]:
    rows: list[LogRow] = []
    for finding in findings:
        segments = page.segments(finding.start, finding.end)
        if not segments:
            continue
        exemption = finding.exemption or rules.exemption_for(finding.entity_type)
        ids = [
            _plain_stable_id(rel, page.number, box, text, finding.entity_type)
            for box, text in segments
        ]
        ocr_confidence = page.ocr_confidence(finding.start, finding.end)
        for (box, text), row_id in zip(segments, ids, strict=True):
            b = box.rounded(2)
            rows.append(
                LogRow(
                    id=row_id,
                    file=rel,
                    page=page.number,
                    x0=b.x0,
                    y0=b.y0,
                    x1=b.x1,
                    y1=b.y1,
                    text=text,
                    entity_type=finding.entity_type,
                    exemption=exemption,
                    score=round(finding.score, 3),
                    recogniser=finding.recogniser,
                    reason=finding.explanation,
                    finding=ids[0],
                    source=TEXT if ocr_confidence is None else OCR,
                    ocr_confidence=ocr_confidence,
                )
            )
    return rows


_EDGE = (
    st.floats(allow_nan=False)
    | st.integers(-20000, 20000).map(lambda n: n / 100)  # ties at the second decimal
    | st.integers(-200000, 200000).map(lambda n: n / 1000)
    | st.integers(-(10**6), 10**6)
)


@given(st.tuples(_EDGE, _EDGE, _EDGE, _EDGE), st.text(max_size=12))
@example((0.05, 0.15, 0.25, -0.05), "Lucy")
@example((-0.0, 0.0, -0.04, 2.675), "")
@example((1e300, float("inf"), -float("inf"), 123456789.05), "x")
def test_ids_are_those_of_the_rounded_box(edges: tuple[float, ...], text: str) -> None:
    box = Box(*edges)
    assert stable_id("a/b.pdf", 3, box, text, "PERSON") == _plain_stable_id(
        "a/b.pdf", 3, box, text, "PERSON"
    )


def _findings(page: PageText) -> list[Finding]:
    """A finding over every word and every run of three words, across lines too."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", page.text)]
    spans = words + [(a[0], c[1]) for a, _, c in zip(words, words[1:], words[2:], strict=False)]
    return [
        Finding(
            s, e, "PERSON" if i % 2 else "PHONE_NUMBER", 0.8567, "test", page.text[s:e], "why", x
        )
        for x in ("", "s31(1)(a)")
        for i, (s, e) in enumerate(spans)
    ]


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=fixture_id)
def test_rows_of_the_fixture_pages_are_those_of_the_plain_form(path: Path) -> None:
    rules = replace(load_rules(None), min_box_width=0)  # the plain form did not widen boxes
    with pymupdf.open(path) as doc:
        for pdf_page in doc:
            page = read_page_text(pdf_page)
            findings = _findings(page)
            assert rows_for_page("f.pdf", page, findings, rules) == _plain_rows(
                "f.pdf", page, findings, rules
            )
