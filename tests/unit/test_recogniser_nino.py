"""NationalInsuranceRecognizer: HMRC's prefix and suffix rules, with or without spaces."""

from __future__ import annotations

import pytest

from redactor.detect.nino import NationalInsuranceRecognizer

RECOGNISER = NationalInsuranceRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["UK_NINO"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AB 12 34 56 C", "AB 12 34 56 C"),
        ("JG103759A", "JG103759A"),
        ("AB123456C", "AB123456C"),
        ("NI number: JG 10 37 59 A.", "JG 10 37 59 A"),
        ("NI No. AB 123456 D", "AB 123456 D"),
        ("(NINO ZY 98 76 54 B)", "ZY 98 76 54 B"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "QQ 12 34 56 C",  # Q is never a prefix letter
        "DA123456A",  # nor D first
        "AO123456A",  # nor O second
        "BG123456A",  # administrative prefixes that are not issued
        "GB123456A",
        "NK123456A",
        "KN123456A",
        "TN123456A",
        "NT123456A",
        "ZZ123456A",
        "AB123456E",  # the suffix is A-D
        "AB 12 3456 C",  # pairs spaced unevenly
        "ab 12 34 56 c",  # lower case: prose, not a printed number
        "on 12 34 56 a",
        "AB1234567C",
        "2216/2025",
        "01.FOI.22.024312",
        "0113 496 0123",
        "PC 7627HT",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
