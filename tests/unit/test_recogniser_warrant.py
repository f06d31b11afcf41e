"""WarrantNumberRecognizer: the number after a warrant label, never the label."""

from __future__ import annotations

import pytest

from redactor.detect.warrant import WarrantNumberRecognizer

RECOGNISER = WarrantNumberRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["WARRANT_NUMBER"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Warrant No. 183746", "183746"),
        ("Warrant number: 0412345", "0412345"),
        ("warrant no:183746", "183746"),
        ("WARRANT NO 183746", "183746"),
        ("Warrant # 183746", "183746"),
        ("Warrant card no 12A4567", "12A4567"),
        ("Warrant No. AB1234", "AB1234"),
        ("Warrant No, 895617", "895617"),  # "No." as OCR often reads it
        ("Warrant No.\n183746", "183746"),
        ("DS Lucy Harper, warrant number 5512, attended", "5512"),
        ("Please confirm her warrant\nnumber 790852 by Friday", "790852"),  # wrapped label
        ("his warrant card\nno. 412345", "412345"),
        ("Warrant number: 204-581; issued 2019", "204-581"),
        ("warrant no 204 581", "204 581"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "183746",
        "Warrant No. 12",
        "Search Warrant No. 45/2023",
        "warrant number 1234/22",
        "the warrant 2024 review",
        "Warrant No. 12345678901",
        "warrants were executed at 183746 addresses",
        "Ref No. 183746",
        "warrant number 204 581 12",
        "Warrant No. 20-4581",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
