"""A witness-statement page with every member-of-the-public type and the usual look-alikes,
built with PyMuPDF, scanned with the real pipeline and spaCy model: each item is boxed with its
type, each look-alike is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfs import text_pdf

from redactor.log import LogRow
from redactor.models import Box
from redactor.options import Options
from redactor.pdf.inspect import find_text
from redactor.scan import scan

PUBLIC_TYPES = {
    "DATE_OF_BIRTH", "ADDRESS", "POSTCODE", "VEHICLE_REGISTRATION", "UK_NINO", "UK_NHS", "PNC_ID",
}  # fmt: skip

STATEMENT = [
    "WITNESS STATEMENT",
    "Statement of: Jordan ELLIS",
    "Date of birth: 14/07/1985",
    "Address: Flat 3, 22 Mill Lane, Headingley, Leeds LS6 2QT",
    "NI number: AB 12 34 56 C     NHS number: 485 777 3457",
    "PNC ID: 98/1234567L",
    "On 14 March 2025 at 22:10 I was outside 41 Kirkstall Road, Leeds.",
    "A blue car, registration YC19 XKD, drove off. The driver (DOB 3rd May 1990) lives at",
    "Rose Cottage",
    "7 Elm Grove",
    "Otley",
    "LS21 1AB",
    "Ref: 2216/2025, 01.FOI.22.024312, log 1480/23. Section 40(2), Article 6(1)(f), s.23(3).",
    "Write to us at: West Yorkshire Police, PO Box 9, Wakefield WF1 3QP. Call 101.",
    "Sent: 14 March 2025. Officers patrol Leeds city centre. Form LFR/2.",
    "PC 7627HT, collar number 4854RG, Warrant No. 183746, Tel 0113 496 0123.",
]
ITEMS = [
    ("DATE_OF_BIRTH", "14/07/1985"),
    ("ADDRESS", "Flat 3, 22 Mill Lane, Headingley, Leeds"),
    ("POSTCODE", "LS6 2QT"),
    ("UK_NINO", "AB 12 34 56 C"),
    ("UK_NHS", "485 777 3457"),
    ("PNC_ID", "98/1234567L"),
    ("ADDRESS", "41 Kirkstall Road, Leeds"),
    ("VEHICLE_REGISTRATION", "YC19 XKD"),
    ("DATE_OF_BIRTH", "3rd May 1990"),
    ("ADDRESS", "Rose Cottage"),
    ("ADDRESS", "7 Elm Grove"),
    ("ADDRESS", "Otley"),
    ("POSTCODE", "LS21 1AB"),
]
NEGATIVES = [
    "14 March 2025", "22:10", "2216/2025", "01.FOI.22.024312", "1480/23", "Section 40(2)",
    "Article 6(1)(f)", "s.23(3)", "West Yorkshire Police", "PO Box 9", "Wakefield", "WF1 3QP",
    "101", "Leeds city centre", "LFR/2", "7627HT", "4854RG", "183746", "0113 496 0123",
]  # fmt: skip


def _covered(target: Box, boxes: list[Box]) -> bool:
    covered = 0.0
    for box in boxes:
        w = min(target.x1, box.x1) - max(target.x0, box.x0)
        h = min(target.y1, box.y1) - max(target.y0, box.y0)
        if w > 0 and h > 0:
            covered += w * h
    return covered >= 0.9 * target.width * target.height


def _overlaps(target: Box, box: Box) -> bool:
    return (
        min(target.x1, box.x1) > max(target.x0, box.x0) + 0.5
        and min(target.y1, box.y1) > max(target.y0, box.y0) + 0.5
    )


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[LogRow]]:
    folder = tmp_path_factory.mktemp("in")
    pdf = text_pdf(folder / "statement.pdf", [STATEMENT])
    report = scan(folder, tmp_path_factory.mktemp("out"), Options(show_progress=False))
    assert not report.failures
    return pdf, report.log.rows


@pytest.mark.parametrize(("entity_type", "text"), ITEMS)
def test_each_item_is_boxed_with_its_type(
    scanned: tuple[Path, list[LogRow]], entity_type: str, text: str
) -> None:
    pdf, rows = scanned
    [target] = find_text(pdf, 1, text)
    boxes = [row.box for row in rows if row.entity_type == entity_type]
    assert _covered(target, boxes), (text, [(r.entity_type, r.text) for r in rows])


@pytest.mark.parametrize("text", NEGATIVES)
def test_look_alikes_are_not_boxed_as_public_data(
    scanned: tuple[Path, list[LogRow]], text: str
) -> None:
    pdf, rows = scanned
    targets = find_text(pdf, 1, text)
    assert targets, f"test setup: {text!r} is not on the page"
    public = [row for row in rows if row.entity_type in PUBLIC_TYPES]
    hits = [(r.entity_type, r.text) for r in public for t in targets if _overlaps(t, r.box)]
    assert not hits, (text, hits)
