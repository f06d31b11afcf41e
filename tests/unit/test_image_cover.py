"""Text painted first and then covered by an opaque image is hidden, and the burn removes it.

Whether an image comes after the text is read from the page's paint log. Each page here paints
vector paths (filled, stroked, lines and rectangles) before the text, between the text and the
image, and after, so an image's place in the paint order is never the same as its place among
the page's images or text blocks. Text painted on top of an image, and text under an image that
is not opaque (a soft mask, painted at low alpha) is seen, and kept; of text only partly under
an opaque image, the words wholly under it go (`test_partial_cover.py` for the characters).
Each clean file is read with PyMuPDF and, independently, with PDFium.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pypdfium2 as pdfium
import pytest
from pdfs import FIXTURE_PDFS

from redactor.pdf.burn import burn
from redactor.pdf.invisible import HALF_OPAQUE, _paint_log, invisible_text_rects, survey

ROOT = Path(__file__).resolve().parents[2]
SCANNED = sorted((ROOT / "fixtures" / "scanned" / "pdfs").glob("*.pdf"))

RED = (200, 30, 30)


def _solid(alpha: bool = False) -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), alpha)
    pix.set_rect(pix.irect, (*RED, 128) if alpha else RED)
    return pix


def _paths(page: pymupdf.Page, y: float) -> None:
    """Several paths near `y`, none under any text: filled, stroked, both, and lines."""
    page.draw_rect(pymupdf.Rect(420, y, 440, y + 10), fill=(0, 0, 1))
    page.draw_rect(pymupdf.Rect(450, y, 470, y + 10), color=(0, 1, 0))
    page.draw_rect(pymupdf.Rect(480, y, 500, y + 10), color=(0, 0, 0), fill=(1, 1, 0))
    page.draw_line((420, y + 14), (500, y + 14))
    page.draw_line((420, y + 16), (500, y + 20), color=(1, 0, 0), width=2)


def _covered_page(page: pymupdf.Page) -> tuple[list[str], list[str]]:
    """Opaque images painted over text, with paths everywhere in between; (hidden, visible)."""
    _paths(page, 20)
    page.insert_text((72, 60), "Visible Vera", fontsize=11)
    _paths(page, 40)
    page.insert_text((72, 100), "Hidden Hannah", fontsize=11)
    _paths(page, 60)
    page.draw_rect(pymupdf.Rect(72, 110, 200, 112), fill=(0, 0, 0))  # a rule under the text
    page.insert_text((72, 140), "Buried Boris", fontsize=11)
    page.insert_image(pymupdf.Rect(60, 85, 300, 105), pixmap=_solid())  # over Hannah
    _paths(page, 80)
    page.insert_image(pymupdf.Rect(60, 125, 300, 145), pixmap=_solid())  # over Boris
    page.insert_text((72, 180), "Partly Paula covered", fontsize=11)
    page.insert_image(pymupdf.Rect(60, 165, 110, 185), pixmap=_solid())  # over "Partly" only
    _paths(page, 100)
    page.insert_image(pymupdf.Rect(60, 205, 300, 225), pixmap=_solid())
    page.insert_text((72, 220), "Ontop Otto", fontsize=11)  # painted after the image: on top
    page.insert_text((72, 260), "Masked Mabel", fontsize=11)
    page.insert_image(pymupdf.Rect(60, 245, 300, 265), pixmap=_solid(alpha=True))  # soft mask
    _paths(page, 120)
    page.insert_text((72, 300), "Beside Bella", fontsize=11)
    page.insert_image(pymupdf.Rect(200, 285, 300, 305), pixmap=_solid())  # next to, not over
    page.insert_text((72, 340), "Deep Dora", fontsize=11)
    for y in (140, 160, 180):
        _paths(page, y)
    page.insert_image(pymupdf.Rect(60, 325, 300, 345), pixmap=_solid())  # over Dora, much later
    _paths(page, 200)
    page.insert_text((72, 380), "Closing Clara", fontsize=11)
    return (
        ["Hidden Hannah", "Buried Boris", "Deep Dora"],
        [
            "Visible Vera",
            "Paula covered",  # "Partly " under an image (removed), the rest beside it
            "Ontop Otto",
            "Masked Mabel",
            "Beside Bella",
            "Closing Clara",
        ],
    )


def _set_states(doc: pymupdf.Document, page: pymupdf.Page, states: str) -> None:
    """The page's graphics states (its /ExtGState resource) set to `states`."""
    kind, resources = doc.xref_get_key(page.xref, "Resources")
    if kind == "xref":
        doc.xref_set_key(int(resources.split()[0]), "ExtGState", states)
    else:
        doc.xref_set_key(page.xref, "Resources/ExtGState", states)


def _written_page(doc: pymupdf.Document) -> tuple[list[str], list[str]]:
    """A page whose content is written by hand: paths, text, images and alpha in a set order."""
    page = doc.new_page(width=595, height=842)
    page.insert_image(pymupdf.Rect(0, 0, 1, 1), pixmap=_solid())
    page.insert_font(fontname="helv")
    image = page.get_images()[0][7]
    faint, firm = "<</Type/ExtGState/ca 0.3/CA 0.3>>", "<</Type/ExtGState/ca 1/CA 1>>"
    _set_states(doc, page, f"<</Faint {faint} /Firm {firm}>>")

    def text(y: float, words: str) -> str:
        return f"BT /helv 11 Tf 72 {842 - y} Td ({words}) Tj ET\n"

    def picture(y: float, gs: str = "") -> str:  # 240 x 20 over the text at baseline y
        state = f"/{gs} gs " if gs else ""
        return f"q {state}240 0 0 20 60 {842 - y - 5} cm /{image} Do Q\n"

    paths = "".join(
        f"q 0 0 1 rg {420 + 10 * i} {700 - 12 * i} 8 8 re f Q q 1 0 0 RG 2 w "
        f"{420 + 10 * i} 600 m {430 + 10 * i} 620 l S Q q 0 g 0 1 0 RG "
        f"{420 + 10 * i} 500 8 8 re B Q\n"
        for i in range(6)
    )
    content = "".join(
        [
            paths,
            text(100, "Written Wilma"),
            paths,
            text(140, "Faint Fiona"),
            paths,
            picture(100),
            paths,
            picture(140, "Faint"),
            text(180, "Firm Freya"),
            paths,
            paths,
            picture(180, "Firm"),
            picture(220),
            text(220, "Above Abel"),
            paths,
        ]
    )
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, content.encode())
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")  # the placeholder drawing goes
    return ["Written Wilma", "Firm Freya"], ["Faint Fiona", "Above Abel"]


def _build(path: Path) -> tuple[list[str], list[str]]:
    doc = pymupdf.open()
    hidden, visible = _covered_page(doc.new_page(width=595, height=842))
    more_hidden, more_visible = _written_page(doc)
    doc.save(path)
    doc.close()
    return hidden + more_hidden, visible + more_visible


def _pymupdf_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return " ".join(page.get_text() for page in doc)


def _pdfium_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str], list[str]]:
    folder = tmp_path_factory.mktemp("image-cover")
    source = folder / "in.pdf"
    hidden, visible = _build(source)
    burn(source, [], folder / "clean.pdf")
    return source, folder / "clean.pdf", hidden, visible


def test_the_input_holds_every_name_and_each_page_paints_paths_first(
    built: tuple[Path, Path, list[str], list[str]],
) -> None:
    source, _, hidden, visible = built
    for read in (_pymupdf_text, _pdfium_text):
        text = read(source)
        for name in hidden + visible:
            assert name in text, (read.__name__, name)
    with pymupdf.open(source) as doc:
        for page in doc:
            log = [kind for kind, _ in page.get_bboxlog()]
            first = log.index("fill-image")
            assert {"fill-path", "stroke-path"} <= set(log[:first]), page.number
            # an image's place in the log is not its place among the page's images
            places = [i for i, kind in enumerate(log) if kind == "fill-image"]
            numbers = [info["number"] for info in page.get_image_info()]
            assert places[: len(numbers)] != numbers, page.number


@pytest.mark.parametrize("read", [_pymupdf_text, _pdfium_text])
def test_text_under_an_opaque_image_is_gone_and_the_rest_stays(
    built: tuple[Path, Path, list[str], list[str]], read: object
) -> None:
    _, clean, hidden, visible = built
    text = read(clean)  # type: ignore[operator]
    for name in hidden:
        assert name not in text, name
        for word in name.split():
            assert word not in text, word
    for name in visible:
        assert name in text, name
    # of a span only partly under an image, what is under it goes, what is outside it stays
    assert "Partly" not in text
    assert "Paula covered" in text


def test_the_spans_found_hidden_are_the_covered_ones(
    built: tuple[Path, Path, list[str], list[str]],
) -> None:
    source, _, hidden, visible = built
    found = set()
    with pymupdf.open(source) as doc:
        for page in doc:
            trace = page.get_texttrace()
            for rect in invisible_text_rects(page, trace, survey(page)):
                grown = pymupdf.Rect(rect.x0 - 1, rect.y0 - 1, rect.x1 + 1, rect.y1 + 1)
                found.add(page.get_textbox(grown).strip())
    assert found == set(hidden)
    assert not found & set(visible)


def test_a_page_whose_image_is_painted_first_keeps_its_text(tmp_path: Path) -> None:
    """Text on top of a page-size image (a scan with its OCR text painted after it, visibly)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _paths(page, 20)
    page.insert_image(page.rect, pixmap=_solid())
    _paths(page, 40)
    page.insert_text((72, 100), "Scanned Selma", fontsize=11)
    page.insert_text((72, 140), "Scanned Sonia", fontsize=11)
    doc.save(tmp_path / "in.pdf")
    doc.close()
    burn(tmp_path / "in.pdf", [], tmp_path / "clean.pdf")
    for read in (_pymupdf_text, _pdfium_text):
        text = read(tmp_path / "clean.pdf")
        assert "Scanned Selma" in text
        assert "Scanned Sonia" in text


def _alpha_pdf(path: Path) -> Path:
    """One image painted at each of a range of opacities, a soft-masked one, and a rotated page."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(pymupdf.Rect(0, 0, 1, 1), pixmap=_solid())
    image = page.get_images()[0][7]
    alphas = [0.0, 0.3, 0.49, 0.5, 0.51, 0.9, 1.0]
    states = "".join(f"/A{i} <</Type/ExtGState/ca {a}>> " for i, a in enumerate(alphas))
    _set_states(doc, page, f"<<{states}>>")
    content = "".join(
        f"q 1 0 0 rg 10 {700 - 30 * i} 30 10 re f /A{i} gs 50 0 0 20 60 {700 - 30 * i} cm "
        f"/{image} Do Q\n"
        for i in range(len(alphas))
    )
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, content.encode())
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    page.insert_image(pymupdf.Rect(60, 100, 120, 120), pixmap=_solid(alpha=True))
    rotated = doc.new_page(width=595, height=842)
    rotated.draw_rect(pymupdf.Rect(10, 10, 50, 50), fill=(0, 0, 1))
    rotated.insert_image(pymupdf.Rect(60, 100, 300, 120), pixmap=_solid())
    rotated.set_rotation(90)
    doc.save(path)
    doc.close()
    return path


def test_the_paint_log_is_the_bbox_log_and_its_opaque_images_are_mupdfs(tmp_path: Path) -> None:
    """The paint log is `get_bboxlog`'s, entry for entry; its opaque images are the ones MuPDF's
    own text extraction reports without a mask (`get_image_info`), by rectangle and in order."""
    _build(tmp_path / "cover.pdf")
    inputs = [*FIXTURE_PDFS, *SCANNED, tmp_path / "cover.pdf", _alpha_pdf(tmp_path / "alpha.pdf")]
    opaque_seen = 0
    for path in inputs:
        with pymupdf.open(path) as doc:
            for page in doc:
                device = _paint_log(page)
                assert device.log == page.get_bboxlog(), (path.name, page.number)
                ours = [device.log[index][1] for index in sorted(device.opaque)]
                theirs = [
                    tuple(info["bbox"]) for info in page.get_image_info() if not info["has-mask"]
                ]
                assert ours == theirs, (path.name, page.number)
                assert all(device.log[index][0] == "fill-image" for index in device.opaque)
                opaque_seen += len(ours)
    assert opaque_seen >= 20
    with pymupdf.open(tmp_path / "alpha.pdf") as doc:
        device = _paint_log(doc[0])
        images = [index for index, (kind, _) in enumerate(device.log) if kind == "fill-image"]
        # 0, 0.3, 0.49 hide nothing; 0.5, 0.51, 0.9, 1 do; the soft-masked image does not
        assert [index in device.opaque for index in images] == [False] * 3 + [True] * 4 + [False]
        assert HALF_OPAQUE == 0.5
        assert doc[1].rotation == 90
