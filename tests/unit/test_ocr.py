"""OCR: page triage, Tesseract's words mapped back to page space, log columns.

The page tests run the real Tesseract on real rendered PDFs: a digital page is rasterised, saved
as an image-only PDF (optionally turned or /Rotate'd), read back by OCR, and each word's box is
compared with where PyMuPDF finds the same word on the digital original.
"""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from redactor.log import ACCEPT, MANUAL, OCR, TEXT, LogRow, rows_to_csv
from redactor.log_read import read_csv_rows
from redactor.models import compose
from redactor.ocr import tesseract
from redactor.ocr.ink import Inked, grow_to_ink
from redactor.ocr.reader import PageReader
from redactor.ocr.triage import is_garbage
from redactor.pdf.text import PageText
from redactor.verify import verify_by_ocr

pytestmark = pytest.mark.skipif(not tesseract.available(), reason="tesseract is not installed")

LINES = [
    "From: Lucy Harper <lucy.harper@northshire.example.police.uk>",
    "Please call DS Harper on 0161 496 0321 about Warrant No. 183746.",
    "The van will be crewed by PC 1348EK Joseph Dixon and PC 3049 Wendy Scott.",
]


def _digital(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for index, line in enumerate(LINES):
        page.insert_text((60, 100 + 20 * index), line, fontsize=11, fontname="helv")
    doc.save(path)
    doc.close()
    return path


def _scan_of(digital: Path, dest: Path, *, turn: int = 0, rotate_page: int = 0) -> Path:
    """An image-only PDF of the digital page at 200 dpi; `turn`: the paper went in turned this
    many degrees anticlockwise; `rotate_page`: a /Rotate that shows the turned image upright."""
    with pymupdf.open(digital) as doc:
        pix = doc[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    image = Image.open(io.BytesIO(pix.tobytes("png")))
    if turn:
        image = image.rotate(turn, expand=True)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    out = pymupdf.open()
    page = out.new_page(width=image.width * 72 / 200, height=image.height * 72 / 200)
    page.insert_image(page.rect, stream=buffer.getvalue())
    if rotate_page:
        page.set_rotation(rotate_page)
    out.save(dest)
    out.close()
    return dest


def _where(text: PageText, word: str) -> pymupdf.Rect:
    start = text.text.index(word)
    boxes = text.segments(start, start + len(word))
    assert len(boxes) == 1
    b = boxes[0][0]
    return pymupdf.Rect(b.x0, b.y0, b.x1, b.y1)


def _expected(digital: Path, word: str, turn: int, rotate_page: int) -> pymupdf.Rect:
    """Where `word` is on the scan's unrotated page, from the digital page."""
    with pymupdf.open(digital) as doc:
        rect = doc[0].search_for(word)[0]
        width, height = doc[0].rect.width, doc[0].rect.height
    if turn == 90:  # anticlockwise: (x, y) -> (y, width - x)
        rect = pymupdf.Rect(rect.y0, width - rect.x1, rect.y1, width - rect.x0)
    elif turn == 180:
        rect = pymupdf.Rect(width - rect.x1, height - rect.y1, width - rect.x0, height - rect.y0)
    del rotate_page  # /Rotate changes the display, not the unrotated page space
    return rect


def _check_boxes(digital: Path, scanned: Path, turn: int = 0, rotate_page: int = 0) -> None:
    pages = PageReader(jobs=1).pages(scanned, scanned.name)
    text = pages[0]
    for word in ("lucy.harper@northshire.example.police.uk", "183746", "1348EK", "Dixon"):
        assert word in text.text, text.text
        got = _where(text, word)
        want = _expected(digital, word, turn, rotate_page)
        overlap = abs(got & want)
        assert overlap >= 0.85 * abs(want), (word, got, want)
        assert abs(got) <= 2.0 * abs(want), (word, got, want)  # covers it, not half the page
        assert text.ocr_confidence(0, len(text.text)) is not None


def test_scanned_page_words_land_where_the_digital_words_are(tmp_path: Path) -> None:
    digital = _digital(tmp_path / "digital.pdf")
    _check_boxes(digital, _scan_of(digital, tmp_path / "scan.pdf"))


@pytest.mark.slow
@pytest.mark.parametrize(("turn", "rotate_page"), [(90, 0), (180, 0), (90, 90)])
def test_sideways_upside_down_and_rotated_pages(
    tmp_path: Path, turn: int, rotate_page: int
) -> None:
    digital = _digital(tmp_path / "digital.pdf")
    scanned = _scan_of(digital, tmp_path / "scan.pdf", turn=turn, rotate_page=rotate_page)
    _check_boxes(digital, scanned, turn, rotate_page)


def test_digital_page_is_not_ocred(tmp_path: Path) -> None:
    digital = _digital(tmp_path / "digital.pdf")
    reader = PageReader(jobs=1)
    pages = reader.pages(digital, "digital.pdf")
    assert reader.ocr_pages("digital.pdf") == []
    assert pages[0].confidence == {}


def test_picture_of_text_on_a_digital_page_adds_its_words(tmp_path: Path) -> None:
    digital = _digital(tmp_path / "digital.pdf")
    with pymupdf.open(digital) as doc:
        pix = doc[0].get_pixmap(dpi=150, clip=pymupdf.Rect(50, 84, 560, 150))
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 60), "Below is a screenshot of the email we received.", fontsize=11)
    page.insert_image(pymupdf.Rect(50, 300, 560, 366), pixmap=pix)
    doc.save(tmp_path / "mixed.pdf")
    doc.close()
    reader = PageReader(jobs=1)
    text = reader.pages(tmp_path / "mixed.pdf", "mixed.pdf")[0]
    assert reader.ocr_pages("mixed.pdf") == [1]
    assert text.text.startswith("Below is a screenshot")
    got = _where(text, "183746")
    assert got.y0 >= 300 and got.y1 <= 366, got
    assert "screenshot" not in text.text[text.text.index("183746") :]  # digital text not doubled


def test_unreadable_text_layer_is_replaced_by_ocr(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    digital = _digital(tmp_path / "digital.pdf")
    scanned = _scan_of(digital, tmp_path / "scan.pdf")
    with pymupdf.open(scanned) as doc:  # a broken "OCR layer": invisible glyph soup
        for index in range(6):
            doc[0].insert_text((60, 100 + 12 * index), "\ue001\ue002\ue003 " * 12, render_mode=3)
        doc.save(tmp_path / "garbled.pdf")
    text = PageReader(jobs=1).pages(tmp_path / "garbled.pdf", "garbled.pdf")[0]
    assert "183746" in text.text and "\ue001" not in text.text
    assert "unreadable" in caplog.text


@pytest.mark.parametrize(
    "text",
    [
        "\ufffd\ufffd\ufffd \ufffd\ufffd to you",
        "\x03\x11\x05\x07 \x08\x09\x0b",
        " ".join(["Wkh", "txlfn", "eurzq", "ira", "mxpsv", "ryhu", "wkh", "odcb", "grj"] * 3),
        " ".join(["#$%&", "!*+=", "~^`|"] * 6),
    ],
)
def test_garbage_text(text: str) -> None:
    assert is_garbage(text)


@pytest.mark.parametrize(
    "text",
    [
        " ".join(LINES),
        "Name: Lucy HARPER Collar No. 1348EK Tel: 0161 496 0321 Warrant No. 183746 "
        "Team: Bronze Location: Northtown Date: 14/03/2025 Time: 06:30 Status: confirmed",
        "OFFICIAL",
    ],
)
def test_real_text_is_not_garbage(text: str) -> None:
    assert not is_garbage(text)


def test_turning_back_maps_upright_pixels_to_the_original() -> None:
    width, height = 100, 50
    # a point at (10, 5) of the original, seen in each upright image
    seen = {90: (height - 5, 10), 180: (width - 10, height - 5), 270: (5, width - 10)}
    for turn, (x, y) in seen.items():
        a, b, c, d, e, f = compose(tesseract.IDENTITY, tesseract._from_upright(turn, width, height))
        assert (a * x + c * y + e, b * x + d * y + f) == pytest.approx((10, 5)), turn


def test_log_round_trips_source_and_confidence(tmp_path: Path) -> None:
    rows = [
        LogRow("a1", "f.pdf", 1, 1, 2, 3, 4, "Lucy", "PERSON", "s40(2)", 0.9, "r"),
        LogRow(
            "a2",
            "f.pdf",
            1,
            1,
            2,
            3,
            4,
            "Lucy",
            "PERSON",
            "s40(2)",
            0.9,
            "r",
            source=OCR,
            ocr_confidence=91.5,
        ),
    ]
    csv_text = rows_to_csv(rows)
    assert csv_text.splitlines()[0].endswith("source,ocr_confidence")
    target = tmp_path / "log.csv"
    target.write_text(csv_text, encoding="utf-8")
    back = read_csv_rows(target)
    assert [(r.source, r.ocr_confidence) for r in back] == [(TEXT, None), (OCR, 91.5)]


def test_a_table_row_read_as_one_line_is_split_at_its_cells() -> None:
    from redactor.ocr.pagetext import OcrPiece, ocr_page_text
    from redactor.ocr.tesseract import OcrWord

    def word(text: str, x0: float, x1: float) -> OcrWord:
        return OcrWord(text, (x0, 100, x1, 120), (96.0, 124.0), 95.0, 1, 1)

    # prose spacing (a third of the line height) keeps words together; a wide gap is a new cell
    words = [word("ALLEN", 0, 60), word("Gillian", 70, 140), word("07/06/1981", 240, 340)]
    page = ocr_page_text(1, [OcrPiece(words, (1, 0, 0, 1, 0, 0))], None)
    assert page.text == "ALLEN Gillian\n07/06/1981"
    assert len({page.lines[0], page.lines[6], page.lines[-1]}) == 2


@pytest.mark.parametrize("font", ["helv", "tiro", "cour"])
def test_a_name_before_punctuation_is_covered_to_its_last_letter(tmp_path: Path, font: str) -> None:
    """Inside a word ("Katy,", "(Max)") each letter's share of the width follows its advance
    width, so the box of the name alone still reaches the end of its last letter."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 100), "Hi Katy, and (Max) and Tom.", fontsize=11, fontname=font)
    doc.save(tmp_path / "digital.pdf")
    doc.close()
    scanned = _scan_of(tmp_path / "digital.pdf", tmp_path / "scan.pdf")
    text = PageReader(jobs=1).pages(scanned, scanned.name)[0]
    for name in ("Katy", "Max", "Tom"):
        got = _where(text, name)
        want = _expected(tmp_path / "digital.pdf", name, 0, 0)
        assert got.x0 <= want.x0 + 0.5 and got.x1 >= want.x1 - 0.5, (font, name, got, want)


def test_ocr_release_check_looks_for_a_town_or_a_hand_drawn_box_only_under_its_box(
    tmp_path: Path,
) -> None:
    """A town in an address (and the text of a box drawn by hand) is a place elsewhere on the
    page: the OCR check looks for it only where its box is, and still finds it there."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines = [
        "Address",
        "15 Larchfield Drive",
        "Harrowfield",
        "HF18 4GJ",
        "Lucy Harper was taken to Harrowfield custody suite by Northtown officers.",
        "Harper was released at 14:20; Northtown officers drove her home.",
    ]
    for index, line in enumerate(lines):
        page.insert_text((60, 100 + 20 * index), line, fontsize=11, fontname="helv")
    doc.save(tmp_path / "digital.pdf")
    doc.close()
    scanned = _scan_of(tmp_path / "digital.pdf", tmp_path / "scan.pdf")
    text = PageReader(jobs=1).pages(scanned, "scan.pdf")[0]

    def row(word: str, entity_type: str, recogniser: str = "r") -> LogRow:
        b = _where(text, word)
        return LogRow(
            f"id-{word}", "scan.pdf", 1, b.x0, b.y0, b.x1, b.y1, word, entity_type, "s40(2)",
            0.9, recogniser, decision=ACCEPT, source=OCR, ocr_confidence=90.0,
        )  # fmt: skip

    rows = [row("Harrowfield", "ADDRESS"), row("Northtown", "LOCATION", MANUAL)]
    name = row("Harper", "PERSON")  # "Lucy Harper"; "Harper was released" is left unburned
    assert {p.log_id for p in verify_by_ocr(scanned, "scan.pdf", rows)} == {
        "id-Harrowfield",
        "id-Northtown",
    }  # nothing burned: both still read under their boxes
    burned = tmp_path / "burned.pdf"
    with pymupdf.open(scanned) as doc:
        for r in (*rows, name):
            doc[0].draw_rect(pymupdf.Rect(r.x0, r.y0, r.x1, r.y1), color=(0, 0, 0), fill=(0, 0, 0))
        doc.save(burned)
    assert verify_by_ocr(burned, "scan.pdf", rows) == []  # the other occurrences are places
    # a name is personal data wherever it is: an occurrence left on the page is a leak
    problems = verify_by_ocr(burned, "scan.pdf", [*rows, name])
    assert [p.log_id for p in problems] == ["id-Harper"]


def _glyphs(*spans: tuple[int, int]) -> Image.Image:
    """A white strip with a black bar for each (x0, x1): glyphs of one text line, rows 20-40."""
    image = Image.new("L", (400, 60), 255)
    for x0, x1 in spans:
        image.paste(0, (x0, 20, x1, 40))
    return image


def test_a_word_box_tesseract_cut_short_is_grown_over_its_ink() -> None:
    """Tesseract read "4015" but boxed only "401" (a real scan): the box must cover the "5"."""
    image = _glyphs((10, 20), (25, 35), (40, 45), (52, 62), (100, 140), (141, 150))
    words = [
        Inked((10, 20, 46, 40), 1, 28.0),  # "4015" boxed short: the bar at 52-62 left out
        Inked((100, 20, 141, 40), 1, 28.0),  # the next word, its last bar also left out
        Inked((10, 45, 50, 58), 2, 28.0),  # a word on the next line: no ink to its right
    ]
    grown = grow_to_ink(words, image)
    assert grown[0] == (10, 20, 62, 40)  # over the "5", not as far as the next word
    assert grown[1] == (100, 20, 150, 40)
    assert grown[2] == (10, 45, 50, 58)


def test_ink_past_a_word_space_or_a_speck_is_left_alone() -> None:
    image = _glyphs((10, 40), (60, 90))  # a gap of 20 pixels: a word space at size 28
    image.putpixel((45, 30), 0)  # one dark speck of noise
    [box] = grow_to_ink([Inked((10, 20, 40, 40), 1, 28.0)], image)
    assert box == (10, 20, 40, 40)
