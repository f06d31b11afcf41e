"""Text a reader cannot see but a copy or a search can: found by geometry and paint order.

Render modes 3 and 7 and hidden layers are filtered out of the content streams first
(`content_filter.py`); what is left here needs the page drawn to decide: text with no size or no
opacity, text outside the visible page (CropBox), white text with nothing painted under it, and
text an opaque image is later painted over. Each such span is removed with a redaction that
touches neither images nor line art and draws no box; of a span only partly under such an
image, the characters wholly under it are removed, and the rest stays where it was. Both are
removed by thin bands along their characters, so that nothing of a line set close above or
below goes with them; the page is then read again, and what the bands missed goes by its box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pymupdf

from redactor.pdf.redact import Area, redact_areas

MIN_VISIBLE_SIZE = 1.0  # points: a glyph shorter than this cannot be read on screen or paper
NEAR_WHITE = 0.95
INVISIBLE_MODE = 3
PAINTED_UNDER = ("fill-path", "fill-image", "fill-imgmask", "fill-shade")


def _is_white(colour: tuple[float, ...]) -> bool:
    if len(colour) == 4:  # CMYK
        return all(c <= 1 - NEAR_WHITE for c in colour)
    return bool(colour) and all(c >= NEAR_WHITE for c in colour)


# An image painted at less than half opacity is taken to hide nothing: MuPDF's own text
# extraction (`get_image_info`) leaves such an image out as a watermark or an effect
HALF_OPAQUE = 0.5


Box = tuple[float, float, float, float]  # x0, y0, x1, y1
_EVERYWHERE: Box = (-1e30, -1e30, 1e30, 1e30)


def _meet(a: Box, b: Box) -> Box:
    """The rectangle two rectangles share (x0 >= x1 or y0 >= y1 when they share none)."""
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _plain(rect: Any) -> Box:
    return (float(rect.x0), float(rect.y0), float(rect.x1), float(rect.y1))


class _PaintLog(pymupdf.JM_new_bbox_device_Device):  # type: ignore[misc]
    """`Page.get_bboxlog`'s device, which also notes where in its log each opaque image is:
    one painted with no mask (soft mask or stencil) at least half opaque. The image's place is
    its index in the log, the numbering of the text trace's "seqno".

    It also follows the clip: each image's `painted` rectangle is its rectangle cut to the
    bounding box of every clip in force (a clip path, clip text, an image mask), so that a
    cropped picture (drawn whole, clipped to its frame) paints only inside its frame. The
    bounding box of a clip holds all of it, so what an image paints is never taken smaller than
    it is. A soft mask is not narrowed to anything: it stays where it was (its pop is counted)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, Box]] = []
        super().__init__(self.log, False)
        self.opaque: set[int] = set()
        self.painted: dict[int, Box] = {}
        self._clips = [_EVERYWHERE]
        self.use_virtual_clip_path()
        self.use_virtual_clip_stroke_path()
        self.use_virtual_clip_text()
        self.use_virtual_clip_stroke_text()
        self.use_virtual_clip_image_mask()
        self.use_virtual_begin_mask()
        self.use_virtual_pop_clip()

    def _push(self, rect: Any) -> None:
        self._clips.append(_meet(self._clips[-1], _plain(rect)))

    def clip_path(self, ctx: Any, path: Any, even_odd: Any, ctm: Any, scissor: Any) -> None:
        self._push(pymupdf.mupdf.ll_fz_bound_path(path, None, ctm))

    def clip_stroke_path(self, ctx: Any, path: Any, stroke: Any, ctm: Any, scissor: Any) -> None:
        self._push(pymupdf.mupdf.ll_fz_bound_path(path, stroke, ctm))

    def clip_text(self, ctx: Any, text: Any, ctm: Any, scissor: Any) -> None:
        self._push(pymupdf.mupdf.ll_fz_bound_text(text, None, ctm))

    def clip_stroke_text(self, ctx: Any, text: Any, stroke: Any, ctm: Any, scissor: Any) -> None:
        self._push(pymupdf.mupdf.ll_fz_bound_text(text, stroke, ctm))

    def clip_image_mask(self, ctx: Any, image: Any, ctm: Any, scissor: Any) -> None:
        self._push(pymupdf.mupdf.ll_fz_transform_rect(pymupdf.mupdf.fz_unit_rect, ctm))

    def begin_mask(self, ctx: Any, *_: Any) -> None:
        self._clips.append(self._clips[-1])  # popped with pop_clip, like a clip

    def pop_clip(self, ctx: Any) -> None:
        if len(self._clips) > 1:
            self._clips.pop()

    def fill_image(self, ctx: Any, image: Any, ctm: Any, alpha: float, params: Any) -> None:
        pymupdf.jm_bbox_fill_image(self, ctx, image, ctm, alpha, params)
        index = len(self.log) - 1
        painted = _meet(self.log[index][1], self._clips[-1])
        self.painted[index] = painted
        paints = painted[0] < painted[2] and painted[1] < painted[3]
        if image.mask is None and alpha >= HALF_OPAQUE and paints:
            self.opaque.add(index)


def _paint_log(page: pymupdf.Page) -> _PaintLog:
    """The page's paint log, as `get_bboxlog` reads it (unrotated), with its opaque images."""
    rotation = page.rotation
    if rotation:
        page.set_rotation(0)
    device = _PaintLog()
    try:
        mupdf = pymupdf.mupdf
        mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
        mupdf.fz_close_device(device)
    finally:
        if rotation:
            page.set_rotation(rotation)
    return device


def opaque_images(page: pymupdf.Page) -> list[tuple[int, Box]]:
    """Each opaque image the page paints (no mask, at least half opaque), in paint order: its
    place in the paint log (the numbering of the text trace's "seqno") and the rectangle it
    paints, cut to its clip (`_PaintLog`), in the unrotated page's space."""
    device = _paint_log(page)
    return [(index, device.painted[index]) for index in sorted(device.opaque)]


class _PaintOrder:
    """What the page paints, in order (the paint log, `_paint_log`). Only what the tests below
    look at is turned into rectangles: paint that can lie under text, and opaque images. Each
    image is known by its own place in the log, the numbering the text trace's "seqno" uses:
    not by its place among the page's images or text blocks (`get_image_info`'s "number"),
    which drifts from it as soon as anything else is painted first.
    The log itself is read only when a test needs it: for white text, or when the page paints
    an image (`paints_image`, from the page's survey; None: not known)."""

    def __init__(self, page: pymupdf.Page, paints_image: bool | None = None) -> None:
        self._page = page
        self._paints_image = paints_image
        self._log: tuple[list[tuple[int, pymupdf.Rect]], list[tuple[int, pymupdf.Rect]]] | None
        self._log = None
        self._opaque_boxes: list[tuple[int, Box]] | None = None

    def _read(self) -> tuple[list[tuple[int, pymupdf.Rect]], list[tuple[int, pymupdf.Rect]]]:
        if self._log is None:
            device = _paint_log(self._page)
            log = device.log
            painted = device.painted  # an image: where its clip lets it paint
            under = [
                (index, pymupdf.Rect(painted.get(index, rect)))
                for index, (kind, rect) in enumerate(log)
                if kind in PAINTED_UNDER
            ]
            opaque = [(index, pymupdf.Rect(painted[index])) for index in sorted(device.opaque)]
            self._log = (under, opaque)
        return self._log

    def painted_under(self, seqno: int, rect: pymupdf.Rect) -> bool:
        under, _ = self._read()
        return any(index < seqno and area.intersects(rect) for index, area in under)

    def covered_by_image(self, seqno: int, box: Box) -> bool:
        """Whether opaque images painted after the span `seqno` cover all of its `box`: one of
        them, or several together."""
        if image_free(self._paints_image):
            return False  # no image in the log: nothing to be covered by
        rect = pymupdf.Rect(box)
        _, opaque = self._read()
        if any(index > seqno and area.contains(rect) for index, area in opaque):
            return True
        over = self._images_over(seqno, box)
        return len(over) > 1 and _held_together(box, over)

    def _images_over(self, seqno: int, box: Box) -> list[Box]:
        """The opaque images painted after `seqno` that meet `box`, as plain rectangles."""
        if self._opaque_boxes is None:
            _, opaque = self._read()
            self._opaque_boxes = [(i, (a.x0, a.y0, a.x1, a.y1)) for i, a in opaque]
        return [a for i, a in self._opaque_boxes if i > seqno and _intersects(a, box)]

    def covered_chars(self, span: Span) -> list[int]:
        """The places in the span of its characters whose box lies wholly inside one opaque
        image painted after it (`_contains`), or inside several together (`_held_together`):
        for a span not wholly covered. Read only when the
        page paints an image; then each image is first tested against the span's box."""
        if image_free(self._paints_image):
            return []
        box: Box = tuple(map(float, span["bbox"]))  # type: ignore[assignment]
        over = self._images_over(int(span["seqno"]), box)
        if not over:
            return []
        return [
            place
            for place, char in enumerate(span["chars"])
            if any(_contains(area, char[3]) for area in over)
            or (len(over) > 1 and _held_together(char[3], over))
        ]


def image_free(paints_image: bool | None) -> bool:
    """Whether the page's survey says it paints no image (False when not known): then its paint
    log holds no "fill-image" entry, since the log's device notes one for each image MuPDF
    paints, as the survey's device does."""
    return paints_image is False


def _contains(area: Box, box: Box) -> bool:
    """Whether `box` lies inside `area`, edges included: also a box of no width (a glyph with
    no advance, such as a combining accent), which has a place on the page all the same."""
    return area[0] <= box[0] and area[1] <= box[1] and box[2] <= area[2] and box[3] <= area[3]


def _minus(box: Box, area: Box) -> list[Box]:
    """What is left of `box` outside `area`: up to four rectangles (none of no size)."""
    x0, y0, x1, y1 = box
    a0, b0, a1, b1 = area
    if a0 >= x1 or a1 <= x0 or b0 >= y1 or b1 <= y0:
        return [box]
    left: list[Box] = []
    if x0 < a0:
        left.append((x0, y0, a0, y1))
    if a1 < x1:
        left.append((a1, y0, x1, y1))
    mid0, mid1 = max(x0, a0), min(x1, a1)
    if y0 < b0:
        left.append((mid0, y0, mid1, b0))
    if b1 < y1:
        left.append((mid0, b1, mid1, y1))
    return left


# Where two images meet, the rectangles written to the file may leave a seam a few millionths
# of a point wide between them: what is left of a glyph's box thinner than this shows nothing.
SLIVER = 0.01


def _held_together(box: Box, areas: list[Box]) -> bool:
    """Whether `areas` together cover all of `box`, though perhaps none of them alone: a glyph
    under two images that meet over it (a seam thinner than `SLIVER` counted as covered). A box
    of no size is never held this way (it has no area to cover; `_contains` decides for it)."""
    if box[0] >= box[2] or box[1] >= box[3]:
        return False
    pieces = [box]
    for area in areas:
        pieces = [
            piece
            for rest in pieces
            for piece in _minus(rest, area)
            if piece[2] - piece[0] >= SLIVER and piece[3] - piece[1] >= SLIVER
        ]
        if not pieces:
            return True
    return False


def _is_empty_or_infinite(box: Box) -> bool:
    """`Rect.is_empty or Rect.is_infinite`, on a plain tuple."""
    x0, y0, x1, y1 = box
    if x0 >= x1 or y0 >= y1:
        return True
    return bool(x0 == y0 == pymupdf.FZ_MIN_INF_RECT and x1 == y1 == pymupdf.FZ_MAX_INF_RECT)


def _intersects(a: Box, b: Box) -> bool:
    """`Rect(a).intersects(b)`, the same comparisons on plain tuples: a page has hundreds of
    spans, and building a Rect for each cost more than all the tests made with it."""
    return (
        not _is_empty_or_infinite(a)
        and not _is_empty_or_infinite(b)
        and a[0] < b[2]
        and b[0] < a[2]
        and a[1] < b[3]
        and b[1] < a[3]
    )


def _invisible(span: dict[str, Any], page_box: Box, order: _PaintOrder) -> bool:
    box: Box = tuple(map(float, span["bbox"]))  # type: ignore[assignment]  # as Rect stores it
    if span["type"] == INVISIBLE_MODE or span.get("opacity", 1.0) <= 0.0:
        return True
    if max(0, box[3] - box[1]) < MIN_VISIBLE_SIZE:  # Rect.height
        return True
    if not _intersects(box, page_box):
        return True
    seqno = int(span["seqno"])
    if _is_white(tuple(span["color"])) and not order.painted_under(seqno, pymupdf.Rect(box)):
        return True
    return order.covered_by_image(seqno, box)


def _span_rect(span: dict[str, Any]) -> pymupdf.Rect:
    rect = pymupdf.Rect(span["bbox"])
    if rect.is_empty:  # zero-size glyphs: a hair-thin rectangle at the text origin
        x, y = span["chars"][0][2] if span["chars"] else (rect.x0, rect.y0)
        rect = pymupdf.Rect(x, y - 0.2, max(rect.x1, x + 0.2), y)
    return rect


Span = dict[str, Any]  # one span of `Page.get_texttrace()`


def invisible_text_rects(
    page: pymupdf.Page, trace: list[Span] | None = None, survey: Survey | None = None
) -> list[pymupdf.Rect]:
    """Where the page's invisible spans are; `trace` is the page's text trace and `survey` its
    survey when the caller has read them already."""
    return [_span_rect(span) for span in _invisible_text(page, trace, survey)[0]]


def covered_char_areas(
    page: pymupdf.Page, trace: list[Span] | None = None, survey: Survey | None = None
) -> list[Area]:
    """The areas to redact for the characters of visible spans that lie wholly under an opaque
    image painted after them (`_run_areas`); arguments as `invisible_text_rects`."""
    return _invisible_text(page, trace, survey)[1]


def _hidden_text(
    page: pymupdf.Page, trace: list[Span] | None, survey: Survey | None
) -> tuple[list[Span], list[tuple[Span, list[int]]]]:
    """The invisible spans, and each other span with the places of its characters that lie
    wholly under later opaque images (`_PaintOrder.covered_chars`), where it has any."""
    spans = [span for span in (page.get_texttrace() if trace is None else trace) if span["chars"]]
    if not spans:
        return [], []
    paints_image = None if survey is None else survey.paints_image
    order, rect = _PaintOrder(page, paints_image), page.rect
    page_box = (rect.x0, rect.y0, rect.x1, rect.y1)
    hidden, partly = [], []
    for span in spans:
        if _invisible(span, page_box, order):
            hidden.append(span)
        elif not image_free(paints_image):
            covered = order.covered_chars(span)
            if covered:
                partly.append((span, covered))
    return hidden, partly


def _invisible_text(
    page: pymupdf.Page, trace: list[Span] | None, survey: Survey | None
) -> tuple[list[Span], list[Area]]:
    """The invisible spans, and the areas of the covered characters of the others."""
    hidden, partly = _hidden_text(page, trace, survey)
    return hidden, [area for span, covered in partly for area in _run_areas(span, covered)]


def _span_areas(span: Span) -> list[Area]:
    """Areas that make MuPDF remove the whole span and nothing beside it: the thin bands of
    `_run_areas` over all its characters. The span's own box reaches from the font's descender to
    its ascender, so on lines set closer than about 1.15 times the font size it would take glyphs
    of the visible line below (or above) with it. A span of glyphs with no size keeps the
    hair-thin rectangle at its origin (`_span_rect`)."""
    rect = pymupdf.Rect(span["bbox"])
    if rect.is_empty:
        small = _span_rect(span)
        return [(small.x0, small.y0, small.x1, small.y1)]
    return _run_areas(span, list(range(len(span["chars"]))))


def _runs(places: list[int]) -> list[list[int]]:
    """`places` (ascending) cut into runs of consecutive places."""
    runs: list[list[int]] = []
    for place in places:
        if runs and runs[-1][-1] == place - 1:
            runs[-1].append(place)
        else:
            runs.append([place])
    return runs


AXIS_ALIGNED = 1e-3  # a writing direction this close to a page axis is taken to lie along it
BAND = 0.1  # half the thickness of a run's area, as a share of its characters' height


def _run_areas(span: Span, covered: list[int]) -> list[Area]:
    """Areas that make MuPDF remove exactly the `covered` characters of the span.

    MuPDF's redaction removes a glyph when its box (the advance, from the font's descender to
    its ascender), shrunk by a tenth of its width and height, meets the area at all, edges
    included (`pdf_redact_text_filter`). An area the size of the characters' own boxes can
    therefore take a neighbour: a glyph of no width beside the run, a kerned one overlapping it,
    or one on the line below, whose box reaches up to the ascender. So each run of consecutive
    covered characters along a page axis is one thin band along the middle of the line, from
    the centre of its first character to the centre of its last: it meets every box of the run
    at its middle and stops half a character short of either neighbour. Text set at another
    angle gets such a band per character (there MuPDF tests the box's bounding rectangle, which
    may take a neighbour with it)."""
    chars = span["chars"]
    dx, dy = span["dir"]
    along_x = abs(abs(dx) - 1) < AXIS_ALIGNED
    along_y = abs(abs(dy) - 1) < AXIS_ALIGNED
    areas: list[Area] = []
    for run in _runs(covered) if along_x or along_y else [[place] for place in covered]:
        boxes = [chars[place][3] for place in run]
        xs = [(b[0] + b[2]) / 2 for b in boxes]
        ys = [(b[1] + b[3]) / 2 for b in boxes]
        if along_x:
            half = BAND * min(b[3] - b[1] for b in boxes)
            areas.append((min(xs), min(ys) - half, max(xs), max(ys) + half))
        elif along_y:
            half = BAND * min(b[2] - b[0] for b in boxes)
            areas.append((min(xs) - half, min(ys), max(xs) + half, max(ys)))
        else:
            half = BAND * min(boxes[0][2] - boxes[0][0], boxes[0][3] - boxes[0][1])
            areas.append((xs[0] - half, ys[0] - half, xs[0] + half, ys[0] + half))
    return areas


def _missed_areas(page: pymupdf.Page, survey: Survey | None) -> list[Area]:
    """What the thin bands missed (a font whose own box, which MuPDF tests, lies elsewhere than
    the text trace's), read from the page again: each span still invisible, as its whole box
    (`_span_rect`), and each run of characters still wholly under a later opaque image, as the
    run's whole box."""
    hidden, partly = _hidden_text(page, None, survey)
    areas: list[Area] = []
    for span in hidden:
        whole = _span_rect(span)
        areas.append((whole.x0, whole.y0, whole.x1, whole.y1))
    for span, covered in partly:
        for run in _runs(covered):
            boxes = [span["chars"][place][3] for place in run]
            areas.append(
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
            )
    return areas


def _redact_text(page: pymupdf.Page, areas: list[Area]) -> None:
    redact_areas(page, areas, pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE)


def remove_invisible_text(
    page: pymupdf.Page, trace: list[Span] | None = None, survey: Survey | None = None
) -> int:
    """Remove every invisible span from the page, and the characters of the other spans that lie
    wholly under a later opaque image, each with thin bands along its characters (`_run_areas`);
    the number of areas removed. Where anything was removed, the page is read again, and what is
    still invisible or covered is removed with its whole box (`_missed_areas`)."""
    hidden, areas = _invisible_text(page, trace, survey)
    areas = [area for span in hidden for area in _span_areas(span)] + areas
    if not areas:
        return 0
    _redact_text(page, areas)
    missed = _missed_areas(page, survey)
    _redact_text(page, missed)
    return len(areas) + len(missed)


# What `Document.scrub(hidden_text=True)` removes, besides what is removed above: text in
# Tesseract's GlyphLessFont (no outlines: unseen in any render mode), with an alpha of 0, or
# neither filled nor stroked (clip-only text, render mode 7, also when a form inherits it).
GLYPHLESS_FONT = "GlyphLessFont"
NO_ALPHA = 0.01  # MuPDF's text extraction reports alpha in 1/255: below 0.01 it may say 0
_PAINTED = (0, 1)  # text trace span types: filled, stroked (3: not painted at all)


class _Survey(pymupdf.mupdf.FzDevice2):  # type: ignore[misc]
    """A device that notes only whether the page draws text as a clip (render modes 4-7: the
    one kind of text the text trace does not report) and whether it paints an image (each
    call of `fill_image`, the call the paint log notes as "fill-image")."""

    def __init__(self) -> None:
        super().__init__()
        self.found = False
        self.image = False
        self.use_virtual_clip_text()
        self.use_virtual_clip_stroke_text()
        self.use_virtual_fill_image()

    def clip_text(self, *_: object) -> None:
        self.found = True

    def clip_stroke_text(self, *_: object) -> None:
        self.found = True

    def fill_image(self, *_: object) -> None:
        self.image = True


@dataclass(frozen=True)
class Survey:
    """What one run of the page through `_Survey` found."""

    clip_text: bool
    paints_image: bool


def survey(page: pymupdf.Page) -> Survey:
    """Whether the page draws clip text and whether it paints an image, in one run of its
    content (the page as it is now: read it before anything on the page is removed)."""
    mupdf = pymupdf.mupdf
    device = _Survey()
    mupdf.fz_run_page(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
    mupdf.fz_close_device(device)
    return Survey(device.found, device.image)


def _draws_clip_text(page: pymupdf.Page) -> bool:
    return survey(page).clip_text


def scrub_finds_hidden_text(
    page: pymupdf.Page, trace: list[Span], found: Survey | None = None
) -> bool:
    """Whether scrub's search for hidden text could find a span on this page (its text trace
    `trace`, read before anything on the page was removed). False only when every span is
    filled or stroked, with an alpha, in another font, and no text is a clip: then the search,
    which builds a text page of every page (most of what scrub costs), has nothing to find.
    True is a "maybe": scrub then searches as before. `found`: the page's survey, when the
    caller has made it already."""
    for span in trace:
        if span["type"] not in _PAINTED or span.get("opacity", 1.0) < NO_ALPHA:
            return True
        if str(span.get("font", "")).split("+")[-1] == GLYPHLESS_FONT:
            return True
    return found.clip_text if found is not None else _draws_clip_text(page)
