"""Failed redactions already in an input: dark boxes and marks drawn over text that is still there.

Someone "redacted" the document before it reached us by drawing a black rectangle, a black
highlight or a square annotation over the text, pasting a black picture over it, or left
Acrobat's /Redact marks unapplied. The page
looks redacted, yet the text under the mark can be copied. Each such mark becomes a
PRIOR_REDACTION finding over the characters it hides, so a real redaction is proposed for them.

A dark box hides a character when the box is painted after it (a later content-stream command),
or when the character itself is dark and painted on top of it (black on black). White text on a
dark banner is visible, and is left alone.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import pymupdf

from redactor.models import Finding
from redactor.pdf.invisible import opaque_images
from redactor.pdf.text import PageText

ENTITY_TYPE = "PRIOR_REDACTION"
RECOGNISER = "PriorRedaction"
# Relative luminance (0 black .. 1 white) at or below which a fill hides text.
DARK = 0.25
# A fill at least this opaque hides what is under it.
OPAQUE = 0.9
# Points: a drawing inside an annotation's rectangle (grown by this) is that annotation's look.
ANNOT_SLACK = 2.0
_SLACK = (-ANNOT_SLACK, -ANNOT_SLACK, ANNOT_SLACK, ANNOT_SLACK)
MIN_SIDE = 2.0  # points: thinner fills are rules and underlines, not boxes


# Annotations are painted after all of the page content.
ANNOTATION_LAYER = 1 << 30


@dataclass(frozen=True)
class Cover:
    """A mark that hides text: where it is, what it is, and the exemption it names (if any)."""

    rect: pymupdf.Rect
    kind: str  # for the log's reason column
    seqno: int  # content-stream order (ANNOTATION_LAYER for annotations)
    exemption: str = ""


def _luminance(colour: Iterable[float] | None) -> float | None:
    values = list(colour or [])
    if len(values) == 3:
        r, g, b = values
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    if len(values) == 1:
        return values[0]
    if len(values) == 4:  # CMYK, roughly
        c, m, y, k = values
        r, g, b = (1 - min(1.0, v + k) for v in (c, m, y))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    return None


def _is_dark(colour: Iterable[float] | None) -> bool:
    lum = _luminance(colour)
    return lum is not None and lum <= DARK


def _quad_rects(annot: pymupdf.Annot) -> list[pymupdf.Rect]:
    """The highlighted areas (QuadPoints), or the annotation's rectangle if it has none."""
    points = annot.vertices or []
    quads = [pymupdf.Quad(*points[i : i + 4]).rect for i in range(0, len(points) - 3, 4)]
    return quads or [annot.rect]


def _annotation_covers(page: pymupdf.Page, exemption_codes: Collection[str]) -> list[Cover]:
    covers: list[Cover] = []
    doc = page.parent
    for annot in page.annots() or []:
        kind = annot.type[0]
        colours = annot.colors or {}
        opaque = annot.opacity < 0 or annot.opacity >= OPAQUE
        if kind == pymupdf.PDF_ANNOT_REDACT:
            overlay = doc.xref_get_key(annot.xref, "OverlayText")
            text = overlay[1].strip() if overlay[0] == "string" else ""
            code = text if text in exemption_codes else ""
            label = f" (overlay text {text!r})" if text else ""
            covers.append(
                Cover(annot.rect, f"an unapplied /Redact mark{label}", ANNOTATION_LAYER, code)
            )
        elif kind == pymupdf.PDF_ANNOT_HIGHLIGHT and opaque and _is_dark(colours.get("stroke")):
            for rect in _quad_rects(annot):
                covers.append(Cover(rect, "a dark highlight annotation", ANNOTATION_LAYER))
        elif kind == pymupdf.PDF_ANNOT_SQUARE and opaque and _is_dark(colours.get("fill")):
            covers.append(Cover(annot.rect, "a dark filled square annotation", ANNOTATION_LAYER))
    return covers


def _drawn_covers(page: pymupdf.Page, annotations: list[Cover]) -> list[Cover]:
    covers: list[Cover] = []
    for path in page.get_drawings():
        fill = path.get("fill")
        if fill is None or not _is_dark(fill):
            continue
        if (path.get("fill_opacity") or 1.0) < OPAQUE:
            continue
        rect = pymupdf.Rect(path["rect"])
        if rect.width < MIN_SIDE or rect.height < MIN_SIDE:
            continue
        if any(rect in a.rect + _SLACK for a in annotations):
            continue  # the appearance of an annotation already reported
        covers.append(Cover(rect, "a dark filled box drawn over the text", int(path["seqno"])))
    return covers


# Pixels across the longer side of a picture when it is rendered to see whether it is dark.
PICTURE_SAMPLE = 64


def _looks_dark(page: pymupdf.Page, rect: pymupdf.Rect) -> bool:
    """Whether the page, rendered where `rect` is (unrotated space), is dark on average: the
    picture there as it shows, with whatever is painted on top of it."""
    zoom = min(1.0, PICTURE_SAMPLE / max(rect.width, rect.height))
    pix = page.get_pixmap(
        matrix=pymupdf.Matrix(zoom, zoom),
        clip=rect * page.rotation_matrix,
        colorspace=pymupdf.csGRAY,
        alpha=False,
    )
    samples = pix.samples
    return bool(samples) and sum(samples) <= DARK * 255 * len(samples)


def _picture_covers(page: pymupdf.Page) -> list[Cover]:
    """Dark opaque pictures (a black image pasted over the text). Only a page whose resources
    name an image is run through the paint log (`opaque_images`): an inline image (`BI`) on a
    page without any other is not looked at."""
    if not page.get_images():
        return []
    covers: list[Cover] = []
    for seqno, box in opaque_images(page):
        rect = pymupdf.Rect(box) & pymupdf.Rect(0, 0, page.cropbox.width, page.cropbox.height)
        if rect.is_empty or rect.width < MIN_SIDE or rect.height < MIN_SIDE:
            continue
        if _looks_dark(page, rect):
            covers.append(Cover(rect, "a dark picture pasted over the text", seqno))
    return covers


SpanOrder = list[tuple[pymupdf.Rect, int, bool]]


def _span_order(page: pymupdf.Page) -> SpanOrder:
    """Per text span: its box, its content-stream order, whether its colour is dark."""
    spans: SpanOrder = []
    for span in page.get_texttrace():
        colour: Any = span.get("color")
        spans.append((pymupdf.Rect(span["bbox"]), int(span["seqno"]), _is_dark(colour)))
    return spans


def _hidden(cover: Cover, point: pymupdf.Point, spans: SpanOrder) -> bool:
    containing = [(seqno, dark) for rect, seqno, dark in spans if point in rect]
    if not containing:
        return True  # no trace for the character: assume the worst
    seqno, dark = max(containing)
    return seqno < cover.seqno or dark


def _runs(indices: list[int], page: PageText) -> list[tuple[int, int]]:
    """Contiguous runs of character offsets; separators (no box) between them do not break one."""
    runs: list[tuple[int, int]] = []
    for index in indices:
        if runs:
            start, end = runs[-1]
            between = range(end, index)
            if all(page.boxes[i] is None for i in between):
                runs[-1] = (start, index + 1)
                continue
        runs.append((index, index + 1))
    return runs


def find_prior_redactions(
    page: pymupdf.Page, text: PageText, exemption_codes: Collection[str]
) -> list[Finding]:
    """One PRIOR_REDACTION finding per run of live characters hidden under a mark on `page`."""
    annotations = _annotation_covers(page, exemption_codes)
    covers = annotations + _drawn_covers(page, annotations) + _picture_covers(page)
    if not covers or not text.text:
        return []
    spans = _span_order(page) if len(covers) > len(annotations) else []
    findings: list[Finding] = []
    claimed: set[int] = set()
    for cover in covers:
        inside: list[int] = []
        for index, box in enumerate(text.boxes):
            if box is None or index in claimed:
                continue
            centre = pymupdf.Point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            if centre not in cover.rect:
                continue
            if cover.seqno < ANNOTATION_LAYER and not _hidden(cover, centre, spans):
                continue
            inside.append(index)
        claimed.update(inside)
        for start, end in _runs(inside, text):
            findings.append(
                Finding(
                    start=start,
                    end=end,
                    entity_type=ENTITY_TYPE,
                    score=1.0,
                    recogniser=RECOGNISER,
                    text=text.text[start:end],
                    explanation=f"{cover.kind}; the text under it was still in the file",
                    exemption=cover.exemption,
                )
            )
    findings.sort(key=lambda f: f.start)
    return findings
