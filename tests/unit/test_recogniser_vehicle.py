"""VehicleRegistrationRecognizer: GB plates by format; short forms only after a label."""

from __future__ import annotations

import pytest

from redactor.detect.vehicle import VehicleRegistrationRecognizer

RECOGNISER = VehicleRegistrationRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["VEHICLE_REGISTRATION"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AB12 CDE", "AB12 CDE"),
        ("AB12CDE", "AB12CDE"),
        ("YC19 XKD", "YC19 XKD"),
        ("a silver van, VRM: LR68 WTF, was seen", "LR68 WTF"),
        ("A123 BCD", "A123 BCD"),
        ("P7 ABC", "P7 ABC"),
        ("ABC 123D", "ABC 123D"),
        ("Vehicle registration: ABC 123", "ABC 123"),
        ("VRM 1 XYZ", "1 XYZ"),
        ("reg no. KX 1", "KX 1"),
        ("index 123 ABC", "123 ABC"),
        ("number plate: JB 7", "JB 7"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "ABC 123",  # dateless: only after a label
        "1 XYZ",
        "4854RG",  # collar numbers with borough letters
        "PC 7627HT",
        "collar 4854RG",
        "DCI 123A",  # a rank and a number
        "LS6 2QT",  # postcodes
        "SW1A 1AA",
        "DN55 1PT",
        "01.FOI.22.024312",
        "2216/2025",
        "1480/23",
        "LFR/2",
        "AB12 CDEF",
        "ZZ12 ABC",  # Z never starts a current mark
        "AB00 CDE",  # no 00 age identifier
        "THE FOI ACT",
        "Section 40(2)",
        "Article 6(1)(f)",
        "s.23(3)",
        "14/03/2025 22:10",
        "call 101",
        "0113 496 0123",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
