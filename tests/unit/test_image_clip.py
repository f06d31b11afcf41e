"""An image drawn whole but clipped (a cropped picture): it hides only what lies inside its clip.

Each page has two lines of text and then an opaque image over both, drawn inside a clip that
lets it paint over the second line only, as a word processor writes a picture cropped to its
frame. The first line is visible on the page and must stay in the clean copy; the second is
hidden under the picture and must go. Pages are built with PyMuPDF, burned, and read again with
PyMuPDF and, independently, with PDFium.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from test_image_cover import RED, _pdfium_text, _pymupdf_text, _solid

from redactor.pdf.burn import burn
from redactor.pdf.invisible import _paint_log, invisible_text_rects, survey

HEIGHT = 842.0
SHOWN = "Visible beside the crop"
HIDDEN = "Hidden under the picture"
IMAGE = pymupdf.Rect(60, 80, 460, 130)  # over both lines
FRAME = pymupdf.Rect(60, 108, 460, 130)  # what the clip lets the image paint: the second line


def _pdf_rect(rect: pymupdf.Rect) -> str:
    """`rect` (top-down page coordinates) as the operands of `re` in PDF space."""
    return f"{rect.x0:g} {HEIGHT - rect.y1:g} {rect.width:g} {rect.height:g}"


def _rect_clip(frame: pymupdf.Rect) -> str:
    return f"{_pdf_rect(frame)} re W n"


def _path_clip(frame: pymupdf.Rect) -> str:
    """The same frame as a closed path of four lines, clipped with the even-odd rule."""
    x0, x1 = frame.x0, frame.x1
    y0, y1 = HEIGHT - frame.y1, HEIGHT - frame.y0
    return f"{x0:g} {y0:g} m {x1:g} {y0:g} l {x1:g} {y1:g} l {x0:g} {y1:g} l h W* n"


def _page(path: Path, clip: Callable[[pymupdf.Rect], str] | None, frame: pymupdf.Rect) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=HEIGHT)
    page.insert_text((72, 100), SHOWN, fontsize=11)
    page.insert_text((72, 122), HIDDEN, fontsize=11)
    page.insert_image(IMAGE, pixmap=_solid())
    if clip is not None:
        xref = next(x for x in page.get_contents() if b" Do" in doc.xref_stream(x))
        body = doc.xref_stream(xref)
        doc.update_stream(xref, f"q {clip(frame)}\n".encode() + body + b"\nQ\n")
    doc.save(path)
    doc.close()
    return path


@pytest.mark.parametrize("clip", [_rect_clip, _path_clip])
def test_text_outside_a_cropped_pictures_frame_stays(
    tmp_path: Path, clip: Callable[[pymupdf.Rect], str]
) -> None:
    source = _page(tmp_path / "in.pdf", clip, FRAME)
    with pymupdf.open(source) as doc:  # the page is what it says: the picture paints its frame
        pixmap = doc[0].get_pixmap(dpi=72)
        assert pixmap.pixel(300, 90) == (255, 255, 255)  # above the frame: white paper
        assert pixmap.pixel(300, 120) == RED  # inside it: the picture
    clean = tmp_path / "clean.pdf"
    burn(source, [], clean)
    for read in (_pymupdf_text, _pdfium_text):
        text = " ".join(read(clean).split())
        assert SHOWN in text, read.__name__
        assert HIDDEN not in text and "picture" not in text, read.__name__


def test_without_the_clip_both_lines_are_hidden_and_go(tmp_path: Path) -> None:
    """The same page with the picture uncropped: it covers both lines, and both go."""
    source = _page(tmp_path / "in.pdf", None, FRAME)
    clean = tmp_path / "clean.pdf"
    burn(source, [], clean)
    for read in (_pymupdf_text, _pdfium_text):
        text = read(clean)
        assert "Visible" not in text and "Hidden" not in text, read.__name__


def test_a_clip_that_leaves_the_picture_nothing_hides_nothing(tmp_path: Path) -> None:
    """Clipped to a frame away from both lines, the picture paints over neither: both stay, and
    the paint log has no opaque image."""
    source = _page(tmp_path / "in.pdf", _rect_clip, pymupdf.Rect(470, 80, 500, 130))
    with pymupdf.open(source) as doc:
        page = doc[0]
        device = _paint_log(page)
        assert "fill-image" in [kind for kind, _ in device.log]
        assert device.opaque == set()
        assert invisible_text_rects(page, page.get_texttrace(), survey(page)) == []
    clean = tmp_path / "clean.pdf"
    burn(source, [], clean)
    for read in (_pymupdf_text, _pdfium_text):
        text = " ".join(read(clean).split())
        assert SHOWN in text and HIDDEN in text, read.__name__


def test_the_paint_log_cuts_an_image_to_its_clip_and_pops_it(tmp_path: Path) -> None:
    """The opaque image's painted rectangle is its own cut to the clip; after the clip's `Q`,
    an image drawn again paints its whole rectangle."""
    source = _page(tmp_path / "in.pdf", _rect_clip, FRAME)
    with pymupdf.open(source) as doc:
        page = doc[0]
        page.insert_image(pymupdf.Rect(300, 300, 340, 340), pixmap=_solid())  # after the Q
        device = _paint_log(page)
        images = [index for index, (kind, _) in enumerate(device.log) if kind == "fill-image"]
        assert len(images) == 2 and device.opaque == set(images)
        cut, whole = (pymupdf.Rect(device.painted[index]) for index in images)
        assert pymupdf.Rect(device.log[images[0]][1]) == IMAGE
        assert abs(cut.y0 - FRAME.y0) < 0.01 and abs(cut.y1 - FRAME.y1) < 0.01
        assert abs(cut.x0 - FRAME.x0) < 0.01 and abs(cut.x1 - FRAME.x1) < 0.01
        assert whole == pymupdf.Rect(device.log[images[1]][1])
