"""CollarNumberRecognizer: the number next to a rank (with borough letters), not the rank.
MisreadCollarNumberRecognizer: the same numbers as OCR misreads them."""

from __future__ import annotations

import pytest
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.collar import CollarNumberRecognizer, MisreadCollarNumberRecognizer
from redactor.detect.misread import OCR_ONLY, with_ocr_read

RECOGNISER = CollarNumberRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["COLLAR_NUMBER"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PC 1234", "1234"),
        ("DS 4471 Lucy Harper", "4471"),
        ("PC 7627HT", "7627HT"),
        ("Sgt 1234", "1234"),
        ("PCSO 5678", "5678"),
        ("PC1234", "1234"),
        ("PC1234 ABC Lane", "1234"),  # four digits: not a plate
        ("PC 71 CCA", "71"),  # spaced after the rank: a collar number
        ("A/Sgt 123", "123"),
        ("Police Constable 2231", "2231"),
        ("Detective Constable 8812 took the call", "8812"),
        ("collar number 4321", "4321"),
        ("Shoulder No. 4321", "4321"),
        ("(DC 552)", "552"),
        # table rows read cell by cell: rank alone on a line, number alone on the next
        ("PC\n9722", "9722"),
        ("Bronze - ground\nPS\n7781NW\nTeresa Potts", "7781NW"),
        ("Role\nDC \n 1439 \nName", "1439"),
        ("Inspector\n4471\n", "4471"),
        ("Sgt.\n123", "123"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "pc 1234",
        "UPC 1234",
        "the PC was there",
        "PS 2",
        "DC 12.5 volts",
        "PC 12:30",
        "Section 40 and 1234",
        "PC/1234",
        "FOI 2216/2025",
        # not a rank alone on its line followed by a number alone on the next
        "PC\n\n9722",  # a blank line starts a new block
        "pc\n9722",
        "the PC\n9722",
        "PC\n9722 apples were seized",
        "PC\n2024-01-01",
        "PC\n15/03/2025",
        "Rank\n9722",
        # a number plate whose first letters read as a rank
        "Vauxhall Corsa DS71 CCA",
        "PC19 XYZ",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


MISREAD = MisreadCollarNumberRecognizer()


def misread(text: str) -> list[tuple[str, str]]:
    """(span, what it reads as) for each misread collar number found; all are OCR text only."""
    results = MISREAD.analyze(text, ["COLLAR_NUMBER"], nlp_artifacts=None)
    assert all(r.recognition_metadata[OCR_ONLY] for r in results)
    return [
        (text[r.start : r.end], r.analysis_explanation.pattern_name.split(" as ")[0])
        for r in sorted(results, key=lambda r: r.start)
    ]


@pytest.mark.parametrize(
    ("text", "span", "reading"),
    [
        ("PS 8682SxX Jay Bishop", "8682SxX", "8682SXX"),  # X read twice (a real scan)
        ("PC 47l6", "47l6", "4716"),
        ("PC 1O23 Amir Khan", "1O23", "1023"),
        ("Dc 1244 Damien Atkinson", "1244", "1244"),  # the rank in the wrong case
        ("DS 44S1", "44S1", "4451"),
        ("PC 7627Ht", "7627Ht", "7627HT"),
        ("collar number 43Z1", "43Z1", "4321"),
        ("Sgt 12O3.", "12O3", "1203"),
        ("PC\n97l2\nName", "97l2", "9712"),  # a table row read cell by cell
    ],
)
def test_misread_positive(text: str, span: str, reading: str) -> None:
    assert misread(text) == [(span, reading)]


@pytest.mark.parametrize(
    "text",
    [
        "PC 1234",  # as it stands: the strict patterns find it
        "PC 7627HT",
        "PC Smith",
        "pc 1234",  # not a rank
        "the PC was there",
        "PS 12th May",  # an ordinal
        "PC 21st",
        "PC 4O",  # one real digit
        "PC lO",
        "PC 1234abc",  # three slips
        "PC 1lO4x",
        "DC 12.5 volts",
        "PS 2024-01",
        "UPC 12S4",
        "Section 4O and 1234",
    ],
)
def test_misread_negative(text: str) -> None:
    assert misread(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The officers were PC\n4033 Joanna Davidson and", ["4033"]),
        ("DS\n4471 Lucy Harper", ["4471"]),
    ],
)
def test_rank_at_a_line_end_then_number_and_name(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text", ["bought a new PC\n2024 Annual Report", "the PC\n2024 was replaced", "pc\n4033 Joanna"]
)
def test_a_number_on_the_next_line_needs_a_name_after_it(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        (None, ["47l6"]),  # not told which characters OCR read: every reading, for the detector
        (range(0, 7), ["47l6"]),  # OCR read the page
        (range(0, 3), []),  # OCR read only "PC ": the reading cannot stand, so is not returned
        ((), []),  # a digital page
    ],
)
def test_misread_readings_that_cannot_stand_are_not_returned(
    read: range | tuple[int, ...] | None, expected: list[str]
) -> None:
    """A reading that cannot stand is dropped by the recogniser itself: left to the detector, it
    would first take part in Presidio's removal of contained results of its type."""
    text = "PC 47l6"
    artifacts = NlpArtifacts([], [], [], [], None, "en")
    if read is not None:
        with_ocr_read(artifacts, read)
    results = MisreadCollarNumberRecognizer().analyze(text, ["COLLAR_NUMBER"], artifacts)
    assert [text[r.start : r.end] for r in results] == expected
