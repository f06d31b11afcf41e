"""Presidio's NhsRecognizer (UK_NHS): ten digits whose modulus-11 check digit is right."""

from __future__ import annotations

import pytest
from presidio_analyzer.predefined_recognizers import NhsRecognizer

RECOGNISER = NhsRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["UK_NHS"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 4*10+8*9+5*8+7*7+7*6+7*5+3*4+4*3+5*2 = 312; 11 - 312 % 11 = 7: the check digit
        ("485 777 3457", "485 777 3457"),
        ("4857773457", "4857773457"),
        ("485-777-3457", "485-777-3457"),
        ("NHS number: 943 476 5919", "943 476 5919"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "485 777 3456",  # check digit should be 7
        "4857773456",
        "485-777-3458",
        "943 476 5918",
        "0113 496 0123",  # a phone number
        "2216/2025",
        "01.FOI.22.024312",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
