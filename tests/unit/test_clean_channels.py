"""The clean copy carries nothing but its pages: every side channel of the input is gone."""

from pathlib import Path
from typing import Any

import numpy
import pikepdf
import pymupdf
import pytest
from channel_pdfs import (
    CHANNELS,
    FIELD_KEPT,
    FIELD_NAME,
    VISIBLE_NAME,
    decompressed_bytes,
    encodings,
    every_channel_pdf,
)
from test_pdf_layer import marks_for

import redactor.pdf.burn
from redactor.pdf import content_filter
from redactor.pdf.burn import burn
from redactor.pdf.channels import channel_problems
from redactor.pdf.content_filter import Layers, filter_stream, nothing_to_filter
from redactor.pdf.invisible import scrub_finds_hidden_text
from redactor.pdf.redact import redact_areas


@pytest.fixture(scope="module")
def channels_in_and_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("channels")
    source = every_channel_pdf(folder / "in.pdf")
    marks = marks_for(source, VISIBLE_NAME) + marks_for(source, FIELD_NAME)
    burn(source, marks, folder / "clean.pdf")
    return source, folder / "clean.pdf"


def test_the_input_really_carries_every_channel(channels_in_and_out: tuple[Path, Path]) -> None:
    source, _ = channels_in_and_out
    data = decompressed_bytes(source)
    for channel, text in CHANNELS.items():
        assert any(e in data for e in encodings(text)), f"{channel} was not built into the input"
    with pikepdf.open(source) as pdf:
        assert len(channel_problems(pdf)) >= 10


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_no_channel_survives_in_the_clean_bytes(
    channels_in_and_out: tuple[Path, Path], channel: str
) -> None:
    _, clean = channels_in_and_out
    data = decompressed_bytes(clean)
    for encoded in encodings(CHANNELS[channel]):
        assert encoded not in data, f"{channel}: {encoded!r} is still in the clean file"


def test_redacted_text_and_field_value_are_gone(channels_in_and_out: tuple[Path, Path]) -> None:
    _, clean = channels_in_and_out
    data = decompressed_bytes(clean)
    for text in (VISIBLE_NAME, FIELD_NAME):
        assert not any(e in data for e in encodings(text))


def test_visible_content_and_unredacted_field_stay(channels_in_and_out: tuple[Path, Path]) -> None:
    _, clean = channels_in_and_out
    with pymupdf.open(clean) as doc:
        text = doc[0].get_text()
        assert "Report by Officer" in text and "today" in text
        assert "Visible closing line" in text
        assert FIELD_KEPT in text, "a field's visible value is flattened into the page"
        assert "Station:" in text and "Officer:" in text
        assert "s40(2)" in text
        assert not doc.is_form_pdf


def test_clean_file_structure_has_no_channels(channels_in_and_out: tuple[Path, Path]) -> None:
    _, clean = channels_in_and_out
    with pikepdf.open(clean) as pdf:
        assert channel_problems(pdf) == []
        assert "/AcroForm" not in pdf.Root and "/Annots" not in pdf.pages[0].obj
    assert clean.read_bytes().count(b"%%EOF") == 1


def _shared_image_pdf(path: Path) -> Path:
    """Two pages drawing one image XObject; page 1 also carries a name over it."""
    doc = pymupdf.open()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 50), False)
    pix.set_rect(pix.irect, (255, 0, 0))
    first = doc.new_page(width=595, height=842)
    xref = first.insert_image(pymupdf.Rect(72, 80, 472, 180), pixmap=pix)
    first.insert_text((80, 120), "Secret Person Name", fontsize=14, color=(1, 1, 1))
    doc.new_page(width=595, height=842).insert_image(pymupdf.Rect(72, 80, 472, 180), xref=xref)
    doc.save(path)
    doc.close()
    return path


def test_a_shared_image_loses_pixels_only_on_the_redacted_page(tmp_path: Path) -> None:
    pdf = _shared_image_pdf(tmp_path / "shared.pdf")
    marks = marks_for(pdf, "Person")
    burn(pdf, marks, tmp_path / "clean.pdf")
    box = marks[0].box
    centre = (int((box.x0 + box.x1) / 2), int((box.y0 + box.y1) / 2))
    with pymupdf.open(tmp_path / "clean.pdf") as doc:
        images = [doc[n].get_images()[0][0] for n in (0, 1)]
        assert images[0] != images[1], "the redacted page has its own copy of the image"
        redacted = pymupdf.Pixmap(doc, images[0])
        px, py = int((centre[0] - 72) / 2), int((centre[1] - 80) / 2)
        assert redacted.pixel(px, py)[:3] != (255, 0, 0), "pixels under the box are gone"
        assert pymupdf.Pixmap(doc, images[1]).pixel(px, py)[:3] == (255, 0, 0)
        assert doc[1].get_pixmap(dpi=72).pixel(*centre)[:3] == (255, 0, 0)


def _box_is_drawn_at(page: pymupdf.Page, point: pymupdf.Point) -> bool:
    shown = point * page.rotation_matrix
    return page.get_pixmap(dpi=72).pixel(int(shown.x), int(shown.y))[:3] == (0, 0, 0)


def _officer_page(path: Path, crop: tuple[int, int, int, int] | None, rotation: int = 0) -> None:
    """One line of text on an A4 page, optionally cropped and rotated."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), "Officer Lucy Harper attended", fontsize=11)
    if crop:
        page.set_cropbox(pymupdf.Rect(*crop))
    page.set_rotation(rotation)
    doc.save(path)
    doc.close()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("crop", [None, (40, 30, 560, 800)])
def test_boxes_land_on_the_text_on_rotated_and_cropped_pages(
    tmp_path: Path, rotation: int, crop: tuple[int, int, int, int] | None
) -> None:
    _officer_page(tmp_path / "a.pdf", crop, rotation)
    marks = marks_for(tmp_path / "a.pdf", "Lucy Harper")
    burn(tmp_path / "a.pdf", marks, tmp_path / "clean.pdf")
    box = marks[0].box
    with pymupdf.open(tmp_path / "clean.pdf") as out:
        page = out[0]
        text = page.get_text()
        assert "Lucy" not in text and "Harper" not in text
        assert "Officer" in text and "attended" in text
        # near the box's left end (its centre carries the white exemption label)
        assert _box_is_drawn_at(page, pymupdf.Point(box.x0 + 3, (box.y0 + box.y1) / 2))
        assert not _box_is_drawn_at(page, pymupdf.Point(box.x0 - 20, box.y0 - 20))


def _areas_page(path: Path) -> Path:
    """Text over an image, rules and a drawn squiggle: every kind of content a box removes."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 100), False)
    pix.set_rect(pix.irect, (255, 0, 0))
    page.insert_image(pymupdf.Rect(72, 80, 472, 280), pixmap=pix)
    for y in (100, 140, 180, 220):
        page.insert_text((80, y), "Lucy Harper met Sam Jones at noon", fontsize=12)
    shape = page.new_shape()
    for y in (300, 320, 340):  # table rules: one touched by a box, one running between boxes
        shape.draw_line((72, y), (520, y))
    shape.draw_bezier((300, 400), (320, 380), (340, 420), (360, 400))  # a signature
    shape.finish(color=(0, 0, 1), width=1)
    shape.commit()
    page.insert_text((300, 405), "Signed", fontsize=10)
    doc.save(path)
    doc.close()
    return path


AREAS = [
    (78, 88, 160, 104),  # a name over the image
    (240, 128, 300, 144),
    (78, 208, 160, 224),
    (100, 295, 150, 305),  # touches a rule
    (200, 322, 260, 338),  # between two rules, touching neither
    (305, 385, 330, 410),  # part of the signature
]


@pytest.mark.parametrize(
    ("images", "graphics"),
    [
        (pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED),
        (pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE),
    ],
)
def test_redacting_all_areas_at_once_is_what_the_public_calls_do(
    tmp_path: Path, images: int, graphics: int
) -> None:
    """`redact_areas` (one annotation, a quad per area) leaves the page exactly as one
    `add_redact_annot` per area and `apply_redactions` do: text, page pixels, image pixels."""
    source = _areas_page(tmp_path / "in.pdf")
    results = []
    for fast in (False, True):
        with pymupdf.open(source) as doc:
            page = doc[0]
            if fast:
                redact_areas(page, AREAS, images, graphics)
            else:
                for area in AREAS:
                    page.add_redact_annot(pymupdf.Rect(area), fill=False, cross_out=False)
                page.apply_redactions(
                    images=images, graphics=graphics, text=pymupdf.PDF_REDACT_TEXT_REMOVE
                )
            assert list(page.annots()) == []
            image = pymupdf.Pixmap(doc, page.get_images()[0][0])
            results.append(
                (
                    page.get_text("rawdict"),
                    page.get_pixmap(dpi=72).samples,
                    image.samples,
                    [tuple(d["rect"]) for d in page.get_drawings()],
                )
            )
    assert results[0] == results[1]
    text = " ".join(
        ch["c"]
        for block in results[1][0]["blocks"]
        for line in block.get("lines", [])
        for span in line["spans"]
        for ch in span["chars"]
    )
    assert text.replace(" ", "").count("LucyHarper") == 2, "two of the four names are boxed"
    if images == pymupdf.PDF_REDACT_IMAGE_PIXELS:
        # the rule and the signature a box touches go; the two rules a box sits between stay
        assert results[1][3] == [(72.0, 320.0, 520.0, 340.0)]


def test_redact_areas_refuses_a_rotated_page(tmp_path: Path) -> None:
    with pymupdf.open(_areas_page(tmp_path / "in.pdf")) as doc:
        doc[0].set_rotation(90)
        with pytest.raises(ValueError, match="Rotate 0"):
            redact_areas(doc[0], AREAS, 0, 0)


HIDDEN_KINDS = {
    "clip only": b"BT /F1 12 Tf 7 Tr 72 700 Td (Clip Cressida) Tj ET",
    "inherited clip": b"7 Tr /Fm0 Do",  # the form's text is drawn as a clip it does not set
    "no outlines": b"BT /F2 12 Tf 72 700 Td (Glyphless Gwendolyn) Tj ET",
    "no alpha": b"/GS0 gs BT /F1 12 Tf 72 700 Td (Ghost Gideon) Tj ET",
    "plain": b"BT /F1 12 Tf 72 700 Td (Plain Percival) Tj ET",
}


def _hidden_kinds_pdf(path: Path) -> Path:
    """A page per kind of hidden text scrub looks for, and one plain page."""
    with pikepdf.new() as pdf:
        helvetica = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
        glyphless = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name("/GlyphLessFont"),
            )
        )
        form = pdf.make_stream(
            b"BT /F1 12 Tf 72 700 Td (Inherited Imogen) Tj ET",
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Form,
            BBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica)),
        )
        for content in HIDDEN_KINDS.values():
            resources = pikepdf.Dictionary(
                Font=pikepdf.Dictionary(F1=helvetica, F2=glyphless),
                XObject=pikepdf.Dictionary(Fm0=form),
                ExtGState=pikepdf.Dictionary(GS0=pikepdf.Dictionary(ca=0)),
            )
            page = pikepdf.Page(
                pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842])
            )
            page.obj.Resources = resources
            page.obj.Contents = pdf.make_stream(content)
            pdf.pages.append(page)
        pdf.save(path)
    return path


def test_scrub_is_asked_to_search_for_hidden_text_wherever_it_could_find_some(
    tmp_path: Path,
) -> None:
    path = _hidden_kinds_pdf(tmp_path / "hidden.pdf")
    with pymupdf.open(path) as doc:
        found = [scrub_finds_hidden_text(page, page.get_texttrace()) for page in doc]
    assert dict(zip(HIDDEN_KINDS, found, strict=True)) == {
        "clip only": True,
        "inherited clip": True,
        "no outlines": True,
        "no alpha": True,
        "plain": False,
    }


def _inputs_for_hidden_text(tmp_path: Path) -> list[Path]:
    plain = tmp_path / "plain.pdf"
    with pikepdf.open(_hidden_kinds_pdf(tmp_path / "all.pdf")) as pdf:
        del pdf.pages[:-1]
        pdf.save(plain)
    fixtures = sorted((Path(__file__).parents[2] / "fixtures" / "pdfs").glob("*.pdf"))
    return [*fixtures, every_channel_pdf(tmp_path / "channels.pdf"), plain, tmp_path / "all.pdf"]


@pytest.mark.parametrize(
    ("owner", "shortcut", "without_it"),
    [
        # scrub's search for hidden text, made to run on every page
        (redactor.pdf.burn, "scrub_finds_hidden_text", True),
        # the content filter, made to parse every stream
        (content_filter, "nothing_to_filter", False),
    ],
)
def test_each_shortcut_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, owner: Any, shortcut: str, without_it: bool
) -> None:
    """Each input burned as is and with the shortcut turned off: the same bytes."""
    for source in _inputs_for_hidden_text(tmp_path):
        burn(source, [], tmp_path / "shortcut.pdf")
        with monkeypatch.context() as patch:
            patch.setattr(owner, shortcut, lambda *_: without_it)
            burn(source, [], tmp_path / "full.pdf")
        fast = (tmp_path / "shortcut.pdf").read_bytes()
        assert fast == (tmp_path / "full.pdf").read_bytes(), source.name


def test_hidden_text_of_every_kind_is_gone_from_the_clean_copy(tmp_path: Path) -> None:
    burn(_hidden_kinds_pdf(tmp_path / "hidden.pdf"), [], tmp_path / "clean.pdf")
    with pymupdf.open(tmp_path / "clean.pdf") as doc:
        texts = [page.get_text("rawdict", flags=pymupdf.TEXT_COLLECT_STYLES) for page in doc]
        words = [
            "".join(
                ch["c"]
                for block in text["blocks"]
                for line in block.get("lines", [])
                for span in line["spans"]
                for ch in span["chars"]
            )
            for text in texts
        ]
    assert words[:4] == ["", "", "", ""]
    assert words[4] == "Plain Percival"


def test_content_without_marked_content_or_render_modes_is_not_parsed(tmp_path: Path) -> None:
    """The filter's shortcut: only content with `BDC` or `Tr` in it (or hidden layers in the
    file) can need filtering; the hidden-kinds pages and the fixtures say so, and agree with
    a full parse of every page."""
    inputs = _inputs_for_hidden_text(tmp_path)
    shortcut = 0
    for source in inputs:
        with pikepdf.open(source) as pdf:
            layers = Layers(pdf)
            for page in pdf.pages:
                resources = page.obj.get("/Resources", pikepdf.Dictionary())
                if nothing_to_filter(page, layers):
                    shortcut += 1
                    with pytest.MonkeyPatch.context() as patch:
                        patch.setattr(content_filter, "nothing_to_filter", lambda *_: False)
                        assert filter_stream(page, layers, resources) is None, source.name
    assert shortcut >= 15, "most fixture pages take the shortcut"
    with pikepdf.open(_hidden_kinds_pdf(tmp_path / "hidden.pdf")) as pdf:
        layers = Layers(pdf)
        assert [nothing_to_filter(page, layers) for page in pdf.pages] == [
            False,  # 7 Tr
            False,  # 7 Tr, then the form
            True,
            True,
            True,
        ]


@pytest.mark.parametrize("crop", [None, (40, 30, 560, 800)])
def test_boxes_are_drawn_as_shape_draw_rect_draws_them(
    tmp_path: Path, crop: tuple[int, int, int, int] | None
) -> None:
    """The boxes burn writes as content are the ones `Shape.draw_rect` + `finish` paint."""
    _officer_page(tmp_path / "a.pdf", crop)
    marks = marks_for(tmp_path / "a.pdf", "Lucy Harper") + marks_for(tmp_path / "a.pdf", "Officer")
    renders = []
    for ours in (True, False):
        with pymupdf.open(tmp_path / "a.pdf") as doc:
            page = doc[0]
            if ours:
                redactor.pdf.burn._redact_page(page, marks)
            else:
                redact_areas(page, [(m.box.x0, m.box.y0, m.box.x1, m.box.y1) for m in marks], 0, 0)
                shape = page.new_shape()
                for m in marks:
                    shape.draw_rect(pymupdf.Rect(m.box.x0, m.box.y0, m.box.x1, m.box.y1))
                    shape.finish(fill=(0, 0, 0), color=(0, 0, 0))
                shape.commit()
            renders.append(page.get_pixmap(dpi=144, annots=False))
    ours, theirs = (
        numpy.frombuffer(r.samples, dtype=numpy.uint8).reshape(r.height, r.width, r.n)
        for r in renders
    )
    differ = (ours != theirs).any(axis=2)
    # the only pixels that differ are the labels' (white on the box in ours): black in theirs,
    # and inside a box
    assert (theirs[differ] == 0).all()
    inside = numpy.zeros_like(differ)
    for m in marks:
        rows, columns = (
            slice(int(m.box.y0 * 2), int(m.box.y1 * 2) + 1),
            slice(int(m.box.x0 * 2), int(m.box.x1 * 2) + 1),
        )
        inside[rows, columns] = True
    assert differ.any(), "the labels are drawn"
    assert not (differ & ~inside).any()
    assert differ.sum() < 0.3 * inside.sum()
