"""HeaderNameRecognizer: names in From:/To:/Cc: headers and labelled form fields."""

from __future__ import annotations

import pytest

from redactor.detect.header_name import HeaderNameRecognizer

RECOGNISER = HeaderNameRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["PERSON"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From: Lucy Harper <lucy.harper@example.police.uk>", ["Lucy Harper"]),
        ("From: Harper, Lucy", ["Harper, Lucy"]),
        ('From: "Harper, Lucy" <l.harper@example.police.uk>', ["Harper, Lucy"]),
        ("To: Khan, Amir; Harper, Lucy", ["Khan, Amir", "Harper, Lucy"]),
        ("Cc: FOI Team; Lucy Harper, Amir Khan", ["Lucy Harper", "Amir Khan"]),
        ("Cc: Amir Khan (DS)", ["Amir Khan"]),
        ("Officer in case: DC 2231 Sam Wood", ["Sam Wood"]),
        ("Name: John SMITH", ["John SMITH"]),
        ("Subject: Update\nTo: Sam Wood\nSent: Monday", ["Sam Wood"]),
        ("  Prepared by: Insp Ruth Ellis", ["Ruth Ellis"]),
        ("Present: Lucy Harper (Chair), DCI Tom Reed", ["Lucy Harper", "Tom Reed"]),
    ],
)
def test_positive(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "From: Freedom of Information",
        "To: All Staff",
        "From: lucy.harper@example.police.uk",
        "Subject: Lucy Harper",
        "Sent: 12 March 2025 10:14",
        "To: FOI Team <foi@example.police.uk>",
        "I went from: Leeds",
        "Name:",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
