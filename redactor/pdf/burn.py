"""The clean copy: redactions applied so the content under each box is gone, then a full rewrite.

Stages, in order:
1. `content_filter` (pikepdf): hidden-layer content, render-mode 3/7 text and marked-content
   replacement text are cut out of every content stream.
2. PyMuPDF: annotations are dropped; form fields are baked into the page content (so a box over a
   field's value removes it like any other text); invisible text is removed (`invisible`); then
   each accepted box is applied as a real redaction: text (glyphs deleted from the content
   stream), image pixels (blanked in a copy of the image for this page, so a page sharing the
   image keeps its own) and line art (any vector path the box touches, except the straight
   strokes of a table that no box lies under: `line_art`).
3. With `--ocr-layer`, the OCR words left after redaction (`ocr.layer`) are written as invisible
   text (render mode 3), after the scrub, which would remove them.
4. `channels` (pikepdf): the catalog and pages are reduced to an allow-list of keys, document
   info and every other side channel go, and the file is written as one fresh revision: never
   incrementally, where the old page content would survive.
"""

from __future__ import annotations

import functools
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import pikepdf
import pymupdf

from redactor.collector import collector_paused
from redactor.models import LayerWord, Mark
from redactor.pdf import line_art
from redactor.pdf.channels import strip_channels
from redactor.pdf.content_filter import strip_hidden_content
from redactor.pdf.document import add_content_on_top, pymupdf_bugs
from redactor.pdf.invisible import remove_invisible_text, scrub_finds_hidden_text, survey
from redactor.pdf.redact import redact_areas

BOX_FILL = (0, 0, 0)
LABEL_COLOUR = (1, 1, 1)
MAX_LABEL_SIZE = 6.0
MIN_LABEL_SIZE = 2.0
LABEL_FONT = "helv"
LABEL_RAISE = 0.35  # baseline below the box's centre, as a share of the size: text centred
LAYER_FONT = "helv"
LAYER_FILL = 0.9  # share of a word's band its invisible glyphs are given, centred


def _label_size(mark: Mark) -> float:
    return max(MIN_LABEL_SIZE, min(MAX_LABEL_SIZE, mark.box.height * 0.6))


@functools.lru_cache(maxsize=4096)
def _text_length(text: str, size: float) -> float:
    """The label's width at `size`: a bundle has a handful of labels and sizes, and thousands
    of boxes."""
    return float(pymupdf.get_text_length(text, LABEL_FONT, size))


def _label_fit(label: str, mark: Mark) -> float:
    """The label's font size: as large as the box allows, down to MIN_LABEL_SIZE (0: no room)."""
    size = _label_size(mark)
    while _text_length(label, size) > mark.box.width - 1:
        size -= 0.5
        if size < MIN_LABEL_SIZE:
            return 0.0
    return size


def _redact_page(page: pymupdf.Page, marks: list[Mark]) -> None:
    """Apply the marks as redactions, then paint every box and its label as one content stream.

    PyMuPDF would paint each box and its label separately, looking the label's font up on the
    page each time; here the font (Helvetica, not embedded) is added to the page once and each
    label is a line of text operators after the boxes, in the one stream a Shape would commit.
    """
    areas = [(m.box.x0, m.box.y0, m.box.x1, m.box.y1) for m in marks]
    borders = line_art.clear_of(page, areas)  # cell borders and rules no box lies under
    redact_areas(
        page, areas, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED
    )
    line_art.restore(page, borders)
    # what Shape.draw_rect and Shape.finish(fill=BOX_FILL, color=BOX_FILL) write for each box
    # (its bottom-left corner in PDF space, its size, filled and stroked), without their work
    # per call: a page has twenty boxes
    m, colour = ~page.transformation_matrix, " ".join(f"{c:g}" for c in BOX_FILL)
    paint = f"h\n{colour} RG {colour} rg B\nQ\n"
    boxes = []
    for mark in marks:
        b = mark.box
        x, y = b.x0 * m.a + b.y1 * m.c + m.e, b.x0 * m.b + b.y1 * m.d + m.f
        width, height = abs(b.x1 - b.x0), abs(b.y1 - b.y0)
        boxes.append(f"\nq\n{x:.3f} {y:.3f} {width:.3f} {height:.3f} re\n{paint}")
    labels = _labels(page, marks)
    if labels:
        with pymupdf_bugs(f"page {page.number + 1}: adding the labels' font"):
            page.insert_font(fontname=LABEL_FONT)  # Helvetica, WinAnsi: a resource, not a file
    add_content_on_top(page, "".join(boxes) + "".join(labels))


def _labels(page: pymupdf.Page, marks: list[Mark]) -> list[str]:
    """Each box's label as a line of text operators, placed as a Shape on the page would place
    it (`Shape.x`, `Shape.y`: the CropBox's top left corner; `Shape.height`: the MediaBox's
    bottom)."""
    crop = page.cropbox
    left, top, bottom = crop.x0, crop.y0, page.mediabox.y1
    labels = []
    for mark in marks:
        # a box around a vertical run of text (a page scanned sideways) has no room for a label
        # across it: a label broken over several lines would read as leftover text
        if mark.box.width < mark.box.height:
            continue
        size = _label_fit(mark.exemption, mark)
        if not size:
            continue
        width = _text_length(mark.exemption, size)
        x = (mark.box.x0 + mark.box.x1 - width) / 2 + left
        baseline = (mark.box.y0 + mark.box.y1) / 2 + size * LABEL_RAISE
        y = bottom - baseline - top  # PDF space: y upwards from the bottom
        shown = mark.exemption.encode("cp1252", "replace").hex()
        labels.append(
            f"\nq\nBT\n1 0 0 1 {x:.2f} {y:.2f} Tm\n/{LABEL_FONT} {size:g} Tf "
            f"{LABEL_COLOUR[0]:g} {LABEL_COLOUR[1]:g} {LABEL_COLOUR[2]:g} rg <{shown}> Tj\nET\nQ\n"
        )
    return labels


def _without_hidden_content(source: Path) -> bytes:
    with pikepdf.open(source) as pdf:
        strip_hidden_content(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _flatten_fields_drop_annotations(doc: pymupdf.Document) -> None:
    """Form fields become page content where they are visible; other annotations go."""
    if doc.is_form_pdf:
        doc.bake(annots=False, widgets=True)
    for page in doc:
        doc.xref_set_key(page.xref, "Annots", "null")


def _scrub(doc: pymupdf.Document, hidden_text: bool) -> None:
    doc.scrub(
        attached_files=True,
        clean_pages=True,
        embedded_files=True,
        hidden_text=hidden_text,  # False only where it would find nothing (`invisible`)
        javascript=True,
        metadata=True,
        redactions=False,  # already applied, with pixel- and line-art removal
        remove_links=True,
        reset_fields=False,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )


def _write_layer(page: pymupdf.Page, words: list[LayerWord]) -> None:
    """Invisible words, each filling its band: along its reading direction (sideways text stays
    sideways) and scaled to the width OCR measured, so a search highlights the word on the image."""
    font = pymupdf.Font(LAYER_FONT)
    ascent, descent = font.ascender, font.descender
    shape = page.new_shape()
    for word in words:
        top_left = pymupdf.Point(word.top_left)
        along = pymupdf.Point(word.top_right) - top_left
        down = pymupdf.Point(word.bottom_left) - top_left
        width, height = abs(along), abs(down)
        if width <= 0 or height <= 0:
            continue
        size = LAYER_FILL * height / (ascent - descent)
        natural = font.text_length(word.text, fontsize=size)
        if natural <= 0:
            continue
        u, d = along / width, down / height
        origin = top_left + d * ((1 - LAYER_FILL) / 2 * height + ascent * size)
        # morph works in PDF space (y up): hence the signs of b and c
        scale = width / natural
        matrix = pymupdf.Matrix(scale * u.x, -scale * u.y, -d.x, d.y, 0, 0)
        with pymupdf_bugs(f"page {page.number + 1}: writing the OCR text layer"):
            shape.insert_text(
                origin,
                word.text,
                fontsize=size,
                fontname=LAYER_FONT,
                render_mode=3,
                morph=(origin, matrix),
            )
    shape.commit()


def _redact_pages(doc: pymupdf.Document, by_page: dict[int, list[Mark]]) -> bool:
    """Invisible text removed and the marks burned, page by page; whether scrub's search for
    hidden text could find anything (`scrub_finds_hidden_text` on some page)."""
    hidden_text = False
    for page in doc:
        # MuPDF misplaces a redaction's fill on a rotated page whose CropBox is offset from
        # the MediaBox; with /Rotate 0 our unrotated coordinates are the page's own.
        rotation = page.rotation
        page.set_rotation(0)
        trace, found = page.get_texttrace(), survey(page)
        hidden_text = hidden_text or scrub_finds_hidden_text(page, trace, found)
        remove_invisible_text(page, trace, found)
        if page.number + 1 in by_page:
            _redact_page(page, by_page[page.number + 1])
        page.set_rotation(rotation)
    return hidden_text


def _redacted(
    data: bytes, by_page: dict[int, list[Mark]], layer: Mapping[int, list[LayerWord]]
) -> bytes:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for number in by_page:
            if not 1 <= number <= doc.page_count:
                raise ValueError(f"page {number} is outside the document (1-{doc.page_count})")
        _flatten_fields_drop_annotations(doc)
        with collector_paused():
            hidden_text = _redact_pages(doc, by_page)
        _scrub(doc, hidden_text)
        for number, words in layer.items():
            page = doc[number - 1]
            rotation = page.rotation
            page.set_rotation(0)
            _write_layer(page, words)
            page.set_rotation(rotation)
        return bytes(doc.tobytes(garbage=4, deflate=True, clean=True))


def burn(
    source: Path,
    marks: Iterable[Mark],
    dest: Path,
    layer: Mapping[int, list[LayerWord]] | None = None,
) -> None:
    """Write `dest`: `source` with every mark burned in, and the OCR text layer `layer` (words
    per page) when given. `dest` must be a temporary path."""
    by_page: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_page[mark.page].append(mark)
    data = _redacted(_without_hidden_content(source), by_page, layer or {})
    with pikepdf.open(io.BytesIO(data)) as pdf:
        strip_channels(pdf)
        pdf.remove_unreferenced_resources()
        if "/ID" in pdf.trailer:
            del pdf.trailer["/ID"]  # MuPDF's random one, and the input's: both made afresh below
        pdf.save(
            dest,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            linearize=False,
            fix_metadata_version=False,
            # the trailer /ID from the content, not random: the same log gives the same bytes
            deterministic_id=True,
        )
