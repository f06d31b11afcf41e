"""Names that prose introduces without a label, with surname particles, and initials for them,
in a generated two-page note scanned with the real pipeline and spaCy model: each name is boxed,
each place, road, unit and make beside them is left alone."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from pdfs import text_pdf

from redactor.log import LogRow
from redactor.models import Box
from redactor.options import Options
from redactor.pdf.inspect import find_text
from redactor.scan import scan

PAGES = [
    [
        "Present: Rutendo Moyo (Ashbury Borough Council), Pieter van der Linde (Fernleigh",
        "Police), Ciarán Mac Giolla (Brackenfold Housing)",
        "ACTION: RM to contact the landowner about the lighting.",
        "ACTION: PL and CMG to visit the flats by 30 June.",
        "The lights are out near the shops on Walker Lane.",
        "Log closed by Tendai Mhlanga (Force Control Room).",
        "A review prepared by Oyelaran Quist of our Performance Unit found no fault.",
        "I rang that night and spoke with Niamh in the control room.",
        "The victim was walking along Station Road, Ashbury, when a man took her bag.",
        "A Carrera mountain bike was seized. Notice issued by Ferhat Yildirimoglu on 1 May.",
        "Neighbourhood Inspector, Ashbury and Kelsworth",
    ],
    [
        "Owner",
        "PL",
        "In van der Linde's view the lighting is the council's.",
        "ACTION: RM to report back at the next meeting.",
    ],
]
NAMES = [
    (1, "Rutendo Moyo"), (1, "Pieter van der Linde"), (1, "Ciarán Mac Giolla"), (1, "RM"),
    (1, "PL"), (1, "CMG"), (1, "Tendai Mhlanga"), (1, "Oyelaran Quist"), (1, "Niamh"),
    (1, "Ferhat Yildirimoglu"), (2, "PL"), (2, "van der Linde"), (2, "RM"),
]  # fmt: skip
NOT_NAMES = [
    (1, "Ashbury"), (1, "Walker Lane"), (1, "Force Control Room"), (1, "Performance Unit"),
    (1, "Station Road"), (1, "Carrera"), (1, "Kelsworth"), (1, "ACTION"),
]  # fmt: skip


def _targets(pdf: Path, page: int, text: str) -> list[Box]:
    """Where `text` is on the page; initials ("RM") only as words of their own, not the "rm"
    of "form" that a case-insensitive search also finds."""
    if not (text.isupper() and len(text) <= 3):
        return find_text(pdf, page, text)
    with pymupdf.open(pdf) as doc:
        words = doc[page - 1].get_text("words")
    return [Box(*w[:4]) for w in words if w[4].strip(".,;:()") == text]


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
    pdf = text_pdf(folder / "note.pdf", PAGES)
    report = scan(folder, tmp_path_factory.mktemp("out"), Options(show_progress=False))
    assert not report.failures
    return pdf, report.log.rows


@pytest.mark.parametrize(("page", "text"), NAMES)
def test_each_name_is_boxed(scanned: tuple[Path, list[LogRow]], page: int, text: str) -> None:
    pdf, rows = scanned
    targets = _targets(pdf, page, text)
    assert targets, f"test setup: {text!r} is not on page {page}"
    boxes = [row.box for row in rows if row.page == page and row.entity_type == "PERSON"]
    for target in targets:
        assert _covered(target, boxes), (text, [(r.page, r.text, r.recogniser) for r in rows])


@pytest.mark.parametrize(("page", "text"), NOT_NAMES)
def test_places_units_and_makes_are_not_boxed(
    scanned: tuple[Path, list[LogRow]], page: int, text: str
) -> None:
    pdf, rows = scanned
    targets = find_text(pdf, page, text)
    assert targets, f"test setup: {text!r} is not on page {page}"
    hits = [
        (r.text, r.recogniser)
        for r in rows
        if r.page == page
        for t in targets
        if _overlaps(t, r.box)
    ]
    assert not hits, (text, hits)


def test_initials_are_checked_under_their_box_only(scanned: tuple[Path, list[LogRow]]) -> None:
    from redactor.consistency import INITIALS, by_box_only

    _, rows = scanned
    initials = [row for row in rows if row.recogniser == INITIALS]
    assert {row.text for row in initials} == {"RM", "PL", "CMG"}
    assert all(by_box_only(row) for row in initials)
