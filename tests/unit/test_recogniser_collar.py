"""CollarNumberRecognizer: the number next to a rank (with borough letters), not the rank."""

from __future__ import annotations

import pytest

from redactor.detect.collar import CollarNumberRecognizer

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
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
