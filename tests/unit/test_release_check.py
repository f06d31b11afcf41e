"""The independent release check (pikepdf + PDFium) catches tampered clean files on its own."""

import dataclasses
from pathlib import Path

import pikepdf
import pymupdf
import pytest
from pdfs import text_pdf
from test_pdf_layer import marks_for, rows_from

from redactor.log import ACCEPT, LogRow
from redactor.models import Finding
from redactor.pdf.burn import burn
from redactor.pdf.text import read_page_text
from redactor.rules import load_rules
from redactor.scan import marks_for as marks_for_rows
from redactor.scan import rows_for_page
from redactor.verify import verify_file, verify_independently

RULES = Path(__file__).resolve().parents[2] / "rules"

NAME = "Lucy Harper"
LINES = [[f"From: {NAME}, Tel 0161 496 0000", "Regards, the unit"], ["Second page"]]


@pytest.fixture
def clean(tmp_path: Path) -> tuple[Path, list[LogRow]]:
    source = text_pdf(tmp_path / "in.pdf", LINES)
    marks = marks_for(source, NAME)
    burn(source, marks, tmp_path / "clean.pdf")
    return tmp_path / "clean.pdf", rows_from(marks, NAME)


def _tamper_with_pikepdf(path: Path, out: Path, change: str) -> Path:
    with pikepdf.open(path) as pdf:
        page = pdf.pages[1]
        if change == "stream":  # text left in a content stream, kerned apart
            font = pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
            page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
            stream = b"BT /F1 9 Tf 72 40 Td [(Lu) -20 (cy Har) -15 (per)] TJ ET"
            page.contents_add(pdf.make_stream(stream))
        elif change == "annotation":
            note = pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Text,
                Rect=[300, 300, 320, 320],
                Contents=pikepdf.String(f"Call {NAME}"),
            )
            page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(note)]))
        elif change == "metadata":
            pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(Author=NAME))
        elif change == "xmp":
            xmp = f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{NAME}</x:xmpmeta>".encode("utf-16")
            pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata)
        elif change == "attachment":
            spec = pikepdf.AttachedFileSpec(pdf, f"statement of {NAME}".encode(), filename="s.txt")
            pdf.attachments["s.txt"] = spec
        elif change == "hex utf-16 title":
            hex_title = "FEFF" + NAME.encode("utf-16-be").hex()
            pdf.trailer.Info = pdf.make_indirect(
                pikepdf.Dictionary(Title=pikepdf.String(bytes.fromhex(hex_title)))
            )
        pdf.save(out, fix_metadata_version=False)
    return out


TAMPERING = ["stream", "annotation", "metadata", "xmp", "attachment", "hex utf-16 title"]


@pytest.mark.parametrize("change", TAMPERING)
def test_independent_check_catches_tampering(
    clean: tuple[Path, list[LogRow]], tmp_path: Path, change: str
) -> None:
    path, rows = clean
    assert verify_independently(path, "f.pdf", rows) == []
    tampered = _tamper_with_pikepdf(path, tmp_path / "tampered.pdf", change)
    problems = verify_independently(tampered, "f.pdf", rows)
    assert problems, f"{change} was not caught"
    for problem in problems:
        assert NAME not in str(problem) and "Harper" not in str(problem), "no personal data"
        assert str(problem).startswith("f.pdf")


def test_stream_leak_names_page_entity_and_log_id(
    clean: tuple[Path, list[LogRow]], tmp_path: Path
) -> None:
    path, rows = clean
    tampered = _tamper_with_pikepdf(path, tmp_path / "tampered.pdf", "stream")
    problems = verify_independently(tampered, "f.pdf", rows)
    assert any(
        p.page == 2 and p.log_id == rows[0].id and "PERSON" in p.problem for p in problems
    ), problems


def test_black_box_over_live_text_is_caught_without_pymupdf(tmp_path: Path) -> None:
    source = text_pdf(tmp_path / "in.pdf", LINES)
    marks = marks_for(source, NAME)
    with pymupdf.open(source) as doc:
        box = marks[0].box
        doc[0].draw_rect(pymupdf.Rect(box.x0, box.y0, box.x1, box.y1), fill=(0, 0, 0))
        doc.save(tmp_path / "fake.pdf", garbage=4)
    problems = verify_independently(tmp_path / "fake.pdf", "f.pdf", rows_from(marks, NAME))
    texts = [p.problem for p in problems]
    assert any("dark box" in t and "live text" in t for t in texts), texts
    assert any("can be extracted (pdfium)" in t for t in texts)
    assert any("under the box" in t for t in texts)


def test_box_over_text_drawn_before_it_is_not_a_false_alarm(
    clean: tuple[Path, list[LogRow]],
) -> None:
    path, rows = clean  # the burned box carries its exemption code drawn on top, in white
    assert verify_file(path, "f.pdf", rows) == []


def test_invisible_text_is_judged_by_what_it_says(tmp_path: Path) -> None:
    source = text_pdf(tmp_path / "in.pdf", LINES)
    marks = marks_for(source, NAME)
    burn(source, marks, tmp_path / "clean.pdf")
    rows = rows_from(marks, NAME)
    with pymupdf.open(tmp_path / "clean.pdf") as doc:  # an OCR-style layer added after burning
        doc[1].insert_text((72, 200), "Second page words", fontsize=11, render_mode=3)
        doc.save(tmp_path / "ocr-ok.pdf", garbage=4)
        doc[1].insert_text((72, 220), f"Contact {NAME}", fontsize=11, render_mode=3)
        doc.save(tmp_path / "ocr-leak.pdf", garbage=4)
    assert verify_independently(tmp_path / "ocr-ok.pdf", "f.pdf", rows) == []
    leaks = verify_independently(tmp_path / "ocr-leak.pdf", "f.pdf", rows)
    assert any(p.page == 2 and "can be extracted" in p.problem for p in leaks), leaks


@pytest.mark.parametrize("rotation", [90, 270])
def test_independent_check_reads_rotated_cropped_pages(tmp_path: Path, rotation: int) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 100), f"Officer {NAME} attended", fontsize=11)
    page.set_cropbox(pymupdf.Rect(40, 30, 560, 800))
    page.set_rotation(rotation)
    doc.save(tmp_path / "a.pdf")
    doc.close()
    marks = marks_for(tmp_path / "a.pdf", NAME)
    rows = rows_from(marks, NAME)
    burn(tmp_path / "a.pdf", marks, tmp_path / "clean.pdf")
    assert verify_file(tmp_path / "clean.pdf", "f.pdf", rows) == []
    # the unredacted input fails: its characters sit under the (unburned) box
    problems = verify_independently(tmp_path / "a.pdf", "f.pdf", rows)
    assert any("under the box" in p.problem for p in problems), problems


def test_a_kerning_gap_with_the_same_digits_is_not_a_leak(tmp_path: Path) -> None:
    """MuPDF leaves a TJ gap where a word was removed; its number may equal a redacted collar
    number ("-2890" after removing "2890"): operators' numbers are not text."""
    source = text_pdf(tmp_path / "in.pdf", [["Collar 2890 on duty", "Morning team"]])
    marks = marks_for(source, "2890")
    burn(source, marks, tmp_path / "clean.pdf")
    rows = rows_from(marks, "2890")
    with pikepdf.open(tmp_path / "clean.pdf", allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F9=font))
        page.contents_add(pdf.make_stream(b"BT /F9 9 Tf 72 40 Td [(Morning ) -2890 (,)] TJ ET"))
        pdf.save(tmp_path / "clean.pdf")
    assert verify_independently(tmp_path / "clean.pdf", "f.pdf", rows) == []
    # the same digits shown as text are still caught
    with pikepdf.open(tmp_path / "clean.pdf", allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_add(pdf.make_stream(b"BT /F9 9 Tf 72 20 Td (PC 2890) Tj ET"))
        pdf.save(tmp_path / "clean.pdf")
    assert verify_independently(tmp_path / "clean.pdf", "f.pdf", rows)


# "Second page" (10 characters) sits at x 72-130 on baseline 742 of page 2 (PDF space); every
# box below covers x 70-170, y 735-755 there, and is drawn after the text.


def _form(matrix: list[float], **entries: pikepdf.Object) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 100, 100],
        Matrix=matrix,
        **entries,
    )


DARK_BOXES = {
    "re": b"0 0 0 rg 70 735 100 20 re f",
    "four lines": b"0 0 0 rg 70 735 m 170 735 l 170 755 l 70 755 l h f",
    "four lines, not closed": b"0.1 0.1 0.1 rg 70 735 m 70 755 l 170 755 l 170 735 l f",
    "cmyk black": b"0 0 0 1 k 70 735 100 20 re f",
    "dark grey": b"0.2 g 70 735 100 20 re f",
    "nearly opaque": b"/Gs80 gs 0 g 70 735 100 20 re f",
    "second of two boxes in one path": b"0 g 300 300 10 10 re 70 735 100 20 re f",
    "in a form xobject": b"1 0 0 1 70 735 cm /Fx1 Do",
    "in a form xobject in a form xobject": b"1 0 0 1 70 735 cm /Fx2 Do",
}
NOT_HIDING = {
    "light grey": b"0.8 g 70 735 100 20 re f",
    "cmyk grey": b"0 0 0 0.5 k 70 735 100 20 re f",
    "transparent": b"/Gs0 gs 0 g 70 735 100 20 re f",
    "half transparent": b"/Gs50 gs 0 g 70 735 100 20 re f",
    "stroked, not filled": b"0 G 70 735 100 20 re S",
    "a triangle": b"0 g 70 735 m 170 735 l 170 755 l h f",
    "a curve": b"0 g 70 735 m 170 735 l 170 755 l 70 755 c h f",
    "form xobject elsewhere": b"1 0 0 1 300 300 cm /Fx1 Do",
}


def _draw_over_second_page(path: Path, out: Path, stream: bytes) -> Path:
    with pikepdf.open(path) as pdf:
        page = pdf.pages[1]
        # 50 x 10 in the form, doubled by its /Matrix, moved by the page's `cm`
        inner = pdf.make_stream(b"0 0 0 rg 0 0 50 10 re f", _form([2, 0, 0, 2, 0, 0]))
        outer = pdf.make_stream(  # its /Matrix undoes its own `cm`: the same place again
            b"q 1 0 0 1 -5 -5 cm /Fx1 Do Q",
            _form(
                [1, 0, 0, 1, 5, 5],
                Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx1=inner)),
            ),
        )
        page.add_resource(inner, pikepdf.Name.XObject, pikepdf.Name.Fx1)
        page.add_resource(outer, pikepdf.Name.XObject, pikepdf.Name.Fx2)
        for name, alpha in (("Gs0", 0), ("Gs50", 0.5), ("Gs80", 0.8)):
            state = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=alpha)
            page.add_resource(state, pikepdf.Name.ExtGState, pikepdf.Name("/" + name))
        page.contents_add(pdf.make_stream(b"q " + stream + b" Q"))
        pdf.save(out)
    return out


@pytest.mark.parametrize("kind", DARK_BOXES)
def test_a_dark_box_over_live_text_is_caught_however_drawn(
    clean: tuple[Path, list[LogRow]], tmp_path: Path, kind: str
) -> None:
    path, rows = clean
    fake = _draw_over_second_page(path, tmp_path / "fake.pdf", DARK_BOXES[kind])
    problems = verify_independently(fake, "f.pdf", rows)
    # in the project's coordinates (origin top-left): y 842-755 .. 842-735
    assert [(p.page, p.problem) for p in problems] == [
        (2, "a dark box at (70, 87, 170, 107) is drawn over 10 character(s) of live text")
    ]


@pytest.mark.parametrize("kind", NOT_HIDING)
def test_a_box_that_hides_nothing_is_not_a_false_alarm(
    clean: tuple[Path, list[LogRow]], tmp_path: Path, kind: str
) -> None:
    path, rows = clean
    drawn = _draw_over_second_page(path, tmp_path / "drawn.pdf", NOT_HIDING[kind])
    assert verify_independently(drawn, "f.pdf", rows) == []


def test_a_name_drawn_letter_by_letter_out_of_order_is_read(
    clean: tuple[Path, list[LogRow]], tmp_path: Path
) -> None:
    """PDFium reads a line back in reading order, as Chrome copies it: drawing the letters
    right to left, one text object each, does not hide the name."""
    path, rows = clean
    xs = [72, 78.1, 83.6, 88.6, 100, 108, 114.1, 119.6, 125.7, 131.8, 137.3]
    letters = b"".join(
        b"BT /Fh 11 Tf %.1f 40 Td (%s) Tj ET " % (x, letter.encode())
        for x, letter in reversed(list(zip(xs, NAME.replace(" ", ""), strict=False)))
    )
    with pikepdf.open(path) as pdf:
        font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
        pdf.pages[1].add_resource(font, pikepdf.Name.Font, pikepdf.Name.Fh)
        pdf.pages[1].contents_add(pdf.make_stream(letters))
        pdf.save(tmp_path / "scrambled.pdf")
    problems = verify_independently(tmp_path / "scrambled.pdf", "f.pdf", rows)
    assert [(p.page, p.problem) for p in problems] == [
        (2, "redacted PERSON text can be extracted (pdfium)")
    ]


def _wrapped(
    tmp_path: Path,
    lines: list[str],
    first: str,
    last: str,
    entity_type: str = "PHONE_NUMBER",
    burned: slice = slice(None),
) -> tuple[Path, list[LogRow]]:
    """A finding from `first` to `last` over a line end, burned (the rows in `burned`); its
    rows as the scan writes them."""
    source = text_pdf(tmp_path / "wrapped.pdf", [lines])
    with pymupdf.open(source) as doc:
        page = read_page_text(doc[0])
    start = page.text.index(first)
    end = page.text.index(last, start + len(first)) + len(last)
    found = Finding(start, end, entity_type, 1.0, "test", page.text[start:end], "", "s40(2)")
    rows = [
        dataclasses.replace(row, decision=ACCEPT)
        for row in rows_for_page("f.pdf", page, [found], load_rules(RULES))
    ]
    assert [row.text for row in rows] == [first, last]
    assert len({row.finding for row in rows}) == 1
    burn(source, marks_for_rows(rows[burned]), tmp_path / "clean.pdf")
    return tmp_path / "clean.pdf", rows


def _wrapped_number(tmp_path: Path, third_line: str) -> tuple[Path, list[LogRow]]:
    """A number prose wrapped over a line end, burned."""
    lines = ["please call me on 01632 960", "417 during office hours", third_line]
    return _wrapped(tmp_path, lines, "01632 960", "417")


def test_a_short_piece_of_a_wrapped_number_is_looked_for_only_under_its_box(
    tmp_path: Path,
) -> None:
    clean, rows = _wrapped_number(tmp_path, "or come to Room 417 at the front office")
    assert verify_file(clean, "f.pdf", rows) == []  # "Room 417" is not the number


def test_a_copy_of_a_wrapped_number_elsewhere_is_caught(tmp_path: Path) -> None:
    clean, rows = _wrapped_number(tmp_path, "or text 01632 960 417 after six")
    problems = verify_file(clean, "f.pdf", rows)
    assert any("can still be extracted from the page" in str(p) for p in problems)
    assert any("(pdfium)" in str(p) for p in problems)


def test_a_long_piece_of_a_wrapped_number_inside_other_visible_text_is_not_a_leak(
    tmp_path: Path,
) -> None:
    """The number is looked for whole: "01632 960" is also the start of the switchboard."""
    lines = ["please call me on 01632 960", "417 during office hours", "switchboard 01632 960000"]
    clean, rows = _wrapped(tmp_path, lines, "01632 960", "417")
    assert verify_file(clean, "f.pdf", rows) == []


def _wrapped_email(tmp_path: Path, third_line: str, burned: slice = slice(None)) -> list[str]:
    lines = ["From: Lucy Harper <lucy.harper@north", "shire.police.uk>", third_line]
    clean, rows = _wrapped(
        tmp_path, lines, "lucy.harper@north", "shire.police.uk", "EMAIL_ADDRESS", burned
    )
    return [p.problem for p in verify_file(clean, "f.pdf", rows)]


def test_a_wrapped_address_beside_the_force_mailbox_is_released(tmp_path: Path) -> None:
    """Its second piece is inside foi@northshire.police.uk, left visible: not the address."""
    assert _wrapped_email(tmp_path, "Requests to foi@northshire.police.uk please") == []


def test_a_copy_of_a_wrapped_address_elsewhere_is_caught(tmp_path: Path) -> None:
    problems = _wrapped_email(tmp_path, "or lucy.harper@northshire.police.uk for now")
    assert "redacted EMAIL_ADDRESS text can still be extracted from the page" in problems
    assert "redacted EMAIL_ADDRESS text can be extracted (pdfium)" in problems


def test_a_piece_left_unburned_is_caught_under_its_box(tmp_path: Path) -> None:
    """Each piece is still checked where it is: the second line's box was never burned."""
    problems = _wrapped_email(tmp_path, "Thanks", burned=slice(0, 1))
    assert any(p.startswith("text still under the box") for p in problems)
    assert any("pdfium" in p or "under" in p for p in problems)
