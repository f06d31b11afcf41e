"""The burn's faster forms against the forms they replaced, kept here as references.

- `invisible._invisible` tests a span's box on plain tuples (`_intersects`) instead of building
  a `pymupdf.Rect` per span: the same spans are found invisible.
- `burn._redact_page` writes the boxes and labels without a `pymupdf.Shape`
  (`document.add_content_on_top`): the page comes out the same, byte for byte.
"""

from __future__ import annotations

import gc
import itertools
import math
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from pdfs import FIXTURE_PDFS, SCANNED_PDFS
from test_clean_channels import _hidden_kinds_pdf, _image_kinds_pdf, _officer_page

import redactor.pdf.burn as burn_module
from redactor.models import Box, Mark
from redactor.pdf import line_art
from redactor.pdf.burn import _label_fit, _text_length
from redactor.pdf.invisible import (
    INVISIBLE_MODE,
    MIN_VISIBLE_SIZE,
    _intersects,
    _is_white,
    _PaintOrder,
    _span_rect,
    invisible_text_rects,
    survey,
)
from redactor.pdf.redact import redact_areas

SCANNED = SCANNED_PDFS


def _invisible_kinds_pdf(path: Path) -> Path:
    """One page with a span of every kind `_invisible` looks at, and visible ones beside."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 80), "Visible Victor", fontsize=11)
    page.insert_text((72, 100), "Tiny Tessa", fontsize=0.8)
    page.insert_text((72, 120), "Just legible Jo", fontsize=1.0)
    page.insert_text((-400, 140), "Offpage Olga", fontsize=11)
    page.insert_text((72, 900), "Below Bea", fontsize=11)
    page.insert_text((585, 160), "Edge Edna", fontsize=11)
    page.insert_text((72, 180), "White Walter", fontsize=11, color=(1, 1, 1))
    page.draw_rect(pymupdf.Rect(70, 190, 300, 210), fill=(0, 0, 0))
    page.insert_text((72, 205), "White on black Wendy", fontsize=11, color=(1, 1, 1))
    page.insert_text((72, 240), "Faded Fay", fontsize=11, fill_opacity=0)
    page.insert_text((72, 260), "Unpainted Una", fontsize=11, render_mode=3)
    page.insert_text((72, 300), "Under image Ursula", fontsize=11)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pix.set_rect(pix.irect, (200, 30, 30))
    page.insert_image(pymupdf.Rect(60, 280, 400, 320), pixmap=pix)
    page.insert_text((72, 360), "Over image Oscar", fontsize=11)
    page.insert_image(pymupdf.Rect(60, 330, 400, 350), pixmap=pix, overlay=False)
    page.insert_text((72, 400), "Sideways Sid", fontsize=11, rotate=90)
    doc.save(path)
    doc.close()
    return path


def _inputs(tmp_path: Path, bundle: list[Path]) -> list[Path]:
    return [
        *FIXTURE_PDFS,
        *SCANNED,
        *bundle,
        _invisible_kinds_pdf(tmp_path / "invisible.pdf"),
        _hidden_kinds_pdf(tmp_path / "hidden.pdf"),
        _image_kinds_pdf(tmp_path / "images.pdf"),
    ]


# --- the reference: `_invisible` as it was, a Rect per span -------------------------------


def _reference_invisible(span: dict[str, Any], page_rect: pymupdf.Rect, order: _PaintOrder) -> bool:
    rect = pymupdf.Rect(span["bbox"])
    if span["type"] == INVISIBLE_MODE or span.get("opacity", 1.0) <= 0.0:
        return True
    if rect.height < MIN_VISIBLE_SIZE:
        return True
    if not rect.intersects(page_rect):
        return True
    seqno = int(span["seqno"])
    if _is_white(tuple(span["color"])) and not order.painted_under(seqno, rect):
        return True
    return order.covered_by_image(seqno, (rect.x0, rect.y0, rect.x1, rect.y1))


def _reference_rects(page: pymupdf.Page, trace: list[dict[str, Any]]) -> list[pymupdf.Rect]:
    spans = [span for span in trace if span["chars"]]
    if not spans:
        return []
    order, page_rect = _PaintOrder(page, survey(page).paints_image), page.rect
    return [_span_rect(span) for span in spans if _reference_invisible(span, page_rect, order)]


def _edges() -> list[float]:
    inf_lo, inf_hi = float(pymupdf.FZ_MIN_INF_RECT), float(pymupdf.FZ_MAX_INF_RECT)
    return [inf_lo, -1.0, 0.0, 0.5, 1.0, 2.0, inf_hi, math.nan, math.inf, -math.inf]


def _boxes() -> Iterator[tuple[float, float, float, float]]:
    inf_lo, inf_hi = float(pymupdf.FZ_MIN_INF_RECT), float(pymupdf.FZ_MAX_INF_RECT)
    yield (inf_lo, inf_lo, inf_hi, inf_hi)  # the infinite rectangle
    yield (inf_lo, inf_lo, inf_hi, 5.0)
    yield from itertools.product([0.0, 1.0, math.nan], [0.0, 1.0], [1.0, 0.0, 2.0], [1.0, 2.0])
    rng = random.Random(7)
    edges = _edges()
    for _ in range(3000):
        yield tuple(rng.choice(edges) for _ in range(4))  # type: ignore[misc]


def test_intersects_is_rect_intersects() -> None:
    boxes = list(_boxes())
    rng = random.Random(11)
    for a in boxes:
        for b in [*rng.sample(boxes, 40), a]:
            assert _intersects(a, b) == pymupdf.Rect(a).intersects(pymupdf.Rect(b)), (a, b)


def test_invisible_spans_are_the_ones_a_rect_per_span_finds(
    tmp_path: Path, bundle_pdfs: list[Path]
) -> None:
    found = 0
    for path in _inputs(tmp_path, bundle_pdfs):
        with pymupdf.open(path) as doc:
            for page in doc:
                trace = page.get_texttrace()
                expected = _reference_rects(page, trace)
                got = invisible_text_rects(page, trace, survey(page))
                assert [tuple(r) for r in got] == [tuple(r) for r in expected], (path, page)
                found += len(got)
    assert found >= 7  # the invisible-kinds page alone has seven invisible spans


def test_the_invisible_kinds_page_is_read_as_intended(tmp_path: Path) -> None:
    """The page the comparison above leans on holds what its names say."""
    with pymupdf.open(_invisible_kinds_pdf(tmp_path / "kinds.pdf")) as doc:
        page = doc[0]
        trace = page.get_texttrace()
        rects = invisible_text_rects(page, trace, survey(page))
        around = [pymupdf.Rect(r.x0 - 1, r.y0 - 1, r.x1 + 1, r.y1 + 1) for r in rects]
        hidden = {page.get_textbox(r).strip() for r in around}
    for name in ("Tiny", "Offpage", "Below", "White Walter", "Faded", "Unpainted", "Under image"):
        assert any(name in text for text in hidden), name
    for name in ("Visible", "Just legible", "Wendy", "Over image", "Sideways", "Edge"):
        assert not any(name in text for text in hidden), name


# --- the reference: `_redact_page` as it was, through a Shape -----------------------------


def _reference_redact_page(page: pymupdf.Page, marks: list[Mark]) -> None:
    areas = [(m.box.x0, m.box.y0, m.box.x1, m.box.y1) for m in marks]
    borders = line_art.clear_of(page, areas)  # as burn does (tested in test_pdf_layer.py)
    redact_areas(
        page, areas, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED
    )
    line_art.restore(page, borders)
    shape = page.new_shape()
    m, colour = shape.ipctm, "0 0 0"
    paint = f"h\n{colour} RG {colour} rg B\nQ\n"
    for mark in marks:
        b = mark.box
        x, y = b.x0 * m.a + b.y1 * m.c + m.e, b.x0 * m.b + b.y1 * m.d + m.f
        width, height = abs(b.x1 - b.x0), abs(b.y1 - b.y0)
        shape.totalcont += f"\nq\n{x:.3f} {y:.3f} {width:.3f} {height:.3f} re\n{paint}"
    labels = []
    for mark in marks:
        if mark.box.width < mark.box.height:
            continue
        size = _label_fit(mark.exemption, mark)
        if not size:
            continue
        width = _text_length(mark.exemption, size)
        x = (mark.box.x0 + mark.box.x1 - width) / 2 + shape.x
        baseline = (mark.box.y0 + mark.box.y1) / 2 + size * 0.35
        y = shape.height - baseline - shape.y
        shown = mark.exemption.encode("cp1252", "replace").hex()
        labels.append(
            f"\nq\nBT\n1 0 0 1 {x:.2f} {y:.2f} Tm\n/helv {size:g} Tf 1 1 1 rg <{shown}> Tj\nET\nQ\n"
        )
    if labels:
        page.insert_font(fontname="helv")
        shape.text_cont += "".join(labels)
    shape.commit()


EXEMPTIONS = ["s40(2)", "s31(1)(a) law enforcement", "s40", "é s38 – health"]


def _page_marks(page: pymupdf.Page) -> list[Mark]:
    """A mark over every third word, with labels of several lengths (some do not fit)."""
    words = page.get_text("words")[::3]
    return [
        Mark(page.number + 1, Box(*w[:4]), EXEMPTIONS[n % len(EXEMPTIONS)], "PERSON", f"m{n}")
        for n, w in enumerate(words)
    ]


def _burned_pages(path: Path, redact: Any) -> bytes:
    with pymupdf.open(path) as doc:
        for page in doc:
            marks = _page_marks(page)
            rotation = page.rotation
            page.set_rotation(0)
            if marks:
                redact(page, marks)
            page.set_rotation(rotation)
        return bytes(doc.tobytes(garbage=4, deflate=True, no_new_id=True))


def test_boxes_and_labels_are_written_as_the_shape_wrote_them(
    tmp_path: Path, bundle_pdfs: list[Path]
) -> None:
    officers = []
    for n, (crop, rotation) in enumerate(
        itertools.product([None, (40, 30, 560, 800)], [0, 90, 180, 270])
    ):
        officers.append(tmp_path / f"officer{n}.pdf")
        _officer_page(officers[-1], crop, rotation)
    for path in [*FIXTURE_PDFS, *SCANNED, *bundle_pdfs[:3], *officers]:
        expected = _burned_pages(path, _reference_redact_page)
        assert _burned_pages(path, burn_module._redact_page) == expected, path.name


# --- the collector paused while pages are traced ------------------------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_while_tracing_and_as_it_was_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    _officer_page(tmp_path / "a.pdf", None)
    seen: list[bool] = []
    trace = pymupdf.Page.get_texttrace

    def traced(page: pymupdf.Page) -> list[dict[str, Any]]:
        seen.append(gc.isenabled())
        return trace(page)  # type: ignore[no-any-return]

    monkeypatch.setattr(pymupdf.Page, "get_texttrace", traced)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        burn_module.burn(tmp_path / "a.pdf", [], tmp_path / "clean.pdf")
        assert gc.isenabled() == enabled
    finally:
        gc.enable() if was else gc.disable()
    assert seen == [False]


def test_the_collector_comes_back_when_burning_fails(tmp_path: Path) -> None:
    _officer_page(tmp_path / "a.pdf", None)
    outside = Mark(5, Box(1, 1, 2, 2), "s40(2)", "PERSON", "x")
    assert gc.isenabled()
    with pytest.raises(ValueError, match="outside the document"):
        burn_module.burn(tmp_path / "a.pdf", [outside], tmp_path / "clean.pdf")
    mid_page = Mark(1, Box(1, 1, 2, 2), "s40(2)", "PERSON", "y")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(burn_module, "_redact_page", lambda *_: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            burn_module.burn(tmp_path / "a.pdf", [mid_page], tmp_path / "clean.pdf")
    assert gc.isenabled()
