"""The independent release check (pikepdf + pdfminer) catches tampered clean files on its own."""

from pathlib import Path

import pikepdf
import pymupdf
import pytest
from pdfs import text_pdf
from test_pdf_layer import marks_for, rows_from

from redactor.log import LogRow
from redactor.pdf.burn import burn
from redactor.verify import verify_file, verify_independently

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
    assert any("can be extracted (pdfminer)" in t for t in texts)
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
