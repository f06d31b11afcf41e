"""`PageText.segments` and `ocr_confidence` give what the plain character-by-character forms gave.

`_plain_segments` and `_plain_confidence` are the code they replaced; they are compared on every
range of real pages (fixtures, held-out sets, a generated bundle, OCR'd scans) and on made-up
pages that break the usual layout (a boxed separator, a line character without a box, ties and
signed zeros between boxes).
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pdfs import FIXTURE_PDFS, fixture_id

from redactor.models import Box
from redactor.ocr import tesseract
from redactor.ocr.reader import PageReader
from redactor.pdf.text import CharBox, PageText, read_page_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _plain_segments(page: PageText, start: int, end: int) -> list[tuple[Box, str]]:
    per_line: dict[int, list[float]] = {}
    texts: dict[int, list[str]] = {}
    for index in range(max(start, 0), min(end, len(page.text))):
        box = page.boxes[index]
        line = page.lines[index]
        if box is None:
            if line == -1 and page.text[index] == " ":
                for prev in reversed(texts):
                    texts[prev].append(" ")
                    break
            continue
        acc = per_line.get(line)
        if acc is None:
            per_line[line] = list(box)
            texts[line] = [page.text[index]]
        else:
            acc[0] = min(acc[0], box[0])
            acc[1] = min(acc[1], box[1])
            acc[2] = max(acc[2], box[2])
            acc[3] = max(acc[3], box[3])
            texts[line].append(page.text[index])
    return [(Box(*per_line[line]), "".join(texts[line]).strip()) for line in per_line]


def _plain_confidence(page: PageText, start: int, end: int) -> float | None:
    found = [page.confidence[i] for i in range(start, end) if i in page.confidence]
    return min(found) if found else None


def _exact(segments: list[tuple[Box, str]]) -> list[tuple[object, ...]]:
    """Values with their types and signs (0.0 and -0.0 compare equal, the log may not)."""
    return [
        (tuple((type(v), repr(v)) for v in (b.x0, b.y0, b.x1, b.y1)), text) for b, text in segments
    ]


def _check_page(page: PageText) -> None:
    """Short ranges from every offset, long ones (across lines and blocks) from every 7th."""
    n = len(page.text)
    for start in range(-2, n + 2):
        for length in (1, 3, 9) if start % 7 else (1, 3, 9, 27, 81):
            end = start + length
            assert _exact(page.segments(start, end)) == _exact(_plain_segments(page, start, end))
            assert page.ocr_confidence(start, end) == _plain_confidence(page, start, end)


def _pages(path: Path) -> list[PageText]:
    with pymupdf.open(path) as doc:
        return [read_page_text(page) for page in doc]


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=fixture_id)
def test_every_range_of_the_fixture_pages(path: Path) -> None:
    for page in _pages(path):
        _check_page(page)


def test_every_range_of_generated_bundle_pages(bundle_pdfs: list[Path]) -> None:
    for page in _pages(bundle_pdfs[0])[:6]:  # every range: a few pages are plenty
        _check_page(page)


@pytest.mark.skipif(not tesseract.available(), reason="tesseract is not installed")
@pytest.mark.parametrize(
    "path", [FIXTURES / "scanned" / "pdfs" / "neighbourhood-bulletin.pdf"], ids=fixture_id
)
def test_every_range_of_ocr_pages(path: Path) -> None:
    pages = PageReader(jobs=1).pages(path, path.name)
    assert any(page.confidence for page in pages)
    for page in pages:
        _check_page(page)


_EDGES = st.sampled_from([0.0, -0.0, 1.0, 1, 2.5, -3.25, 7.0, 7])


@st.composite
def _odd_pages(draw: st.DrawFn) -> PageText:
    """Pages of a few lines with spaces and line breaks between, and now and then what the
    readers never make: a character with no box, a separator with one, a boxed space."""
    text: list[str] = []
    boxes: list[CharBox | None] = []
    lines: list[int] = []
    confidence: dict[int, float] = {}
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["char", "char", "char", "space", "break", "odd"]))
        if kind in ("space", "break"):
            text.append(" " if kind == "space" else "\n")
            boxes.append(None)
            lines.append(-1)
            continue
        box = tuple(draw(_EDGES) for _ in range(4))
        line = draw(st.integers(0, 2)) if kind == "char" else draw(st.sampled_from([-1, 0, 1]))
        text.append(draw(st.sampled_from(["a", "Z", " ", "é"])))
        boxes.append(None if kind == "odd" and draw(st.booleans()) else box)  # type: ignore[arg-type]
        lines.append(line)
        if draw(st.booleans()):
            confidence[len(text) - 1] = draw(st.floats(0, 100))
    return PageText(1, "".join(text), boxes, lines, confidence)


@settings(max_examples=1000, deadline=None)
@given(_odd_pages(), st.integers(-3, 14), st.integers(-3, 14))
@example(PageText(1, "a\nb", [(1, 1, 2, 2), None, (3, 0, 4, 2)], [0, -1, 0]), 0, 3)
@example(PageText(1, "a b", [(1, 1, 2, 2), (9, 9, 9, 9), (3, 0, 4, 2)], [0, -1, 0]), 0, 3)
@example(PageText(1, "a b", [(1, 1, 2, 2), None, None], [0, -1, 0]), 0, 3)
def test_made_up_pages_give_the_plain_results(page: PageText, start: int, end: int) -> None:
    assert _exact(page.segments(start, end)) == _exact(_plain_segments(page, start, end))
    assert page.ocr_confidence(start, end) == _plain_confidence(page, start, end)


def test_a_one_line_finding_with_spaces_is_one_segment() -> None:
    page = PageText(
        3,
        "Lucy Harper\nMoran",
        [(1.0, 5.0, 2.0, 9.0)] * 4
        + [None]
        + [(3.0, 4.0, 8.0, 9.5)] * 6
        + [None]
        + [(1, 2, 3, 4)] * 5,
        [0] * 4 + [-1] + [0] * 6 + [-1] + [1] * 5,
    )
    assert page.segments(0, 11) == [(Box(1.0, 4.0, 8.0, 9.5), "Lucy Harper")]
    assert page.segments(5, 17) == [(Box(3.0, 4.0, 8.0, 9.5), "Harper"), (Box(1, 2, 3, 4), "Moran")]
