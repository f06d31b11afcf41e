"""VehicleRegistrationRecognizer: GB plates by format; short forms only after a label.
MisreadVehicleRegistrationRecognizer: the same marks as OCR misreads them."""

from __future__ import annotations

import pytest

from redactor.detect.misread import OCR_ONLY
from redactor.detect.vehicle import (
    MisreadVehicleRegistrationRecognizer,
    VehicleRegistrationRecognizer,
)

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
        # a current mark whose area letters are also a rank
        ("Vauxhall Corsa, black\nDS71 CCA\nOwner", "DS71 CCA"),
        ("PC19 XYZ", "PC19 XYZ"),
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


MISREAD = MisreadVehicleRegistrationRecognizer()


def misread(text: str) -> list[tuple[str, str, bool]]:
    """(span, what it reads as, OCR text only) for each misread mark found."""
    results = MISREAD.analyze(text, ["VEHICLE_REGISTRATION"], nlp_artifacts=None)
    return [
        (
            text[r.start : r.end],
            r.analysis_explanation.pattern_name.split(" as ")[0],
            bool(r.recognition_metadata[OCR_ONLY]),
        )
        for r in sorted(results, key=lambda r: r.start)
    ]


@pytest.mark.parametrize(
    ("text", "span", "reading"),
    [
        ("DMi2 GUV", "DMi2 GUV", "DM12 GUV"),  # i for 1 (a real scan at 200 dpi)
        ("DMl2 GUV", "DMl2 GUV", "DM12 GUV"),
        ("DM|2 GUV", "DM|2 GUV", "DM12 GUV"),
        ("seen as VO71 RKI and", "VO71 RKI", "VO71 RKI"),  # J read as I (never issued)
        ("VO71 RKu", "VO71 RKu", "VO71 RKU"),  # lower case
        ("AB1Z CDE", "AB1Z CDE", "AB12 CDE"),  # Z for 2
        ("ABO2 CDE", "ABO2 CDE", "AB02 CDE"),  # O for 0
        ("YC19 XK0", "YC19 XK0", "YC19 XKO"),  # 0 for O in a letter place
        ("AB5S CDE", "AB5S CDE", "AB55 CDE"),
        ("LR6B WTF", "LR6B WTF", "LR68 WTF"),
        ("AB12CD8", "AB12CD8", "AB12 CDB"),
        ("P7 ABc", "P7 ABc", "P7 ABC"),  # prefix mark, one slip
        ("P7l ABC", "P7l ABC", "P71 ABC"),
        ("ABC l23D", "ABC l23D", "ABC 123D"),  # suffix mark, one slip
    ],
)
def test_misread_positive(text: str, span: str, reading: str) -> None:
    assert misread(text) == [(span, reading, True)]


def test_misread_after_a_label_stands_in_any_text() -> None:
    assert misread("VRM: DMi2 GUV") == [("DMi2 GUV", "DM12 GUV", False)]
    assert misread("registration DMi2 GUV") == [("DMi2 GUV", "DM12 GUV", False)]


@pytest.mark.parametrize(
    "text",
    [
        "DM12 GUV",  # a mark as it stands: the strict patterns find it
        "A123 BCD",
        "ABC 123D",
        "ASSISTS",  # no real digit
        "SOIL BOX",
        "SO12 cow",  # three slips
        "DMi2 Guv",
        "AB00 CDE",  # no 00 age identifier, however it is read
        "ABO0 CDE",
        "O123 ABC",  # O is never a year letter (and not a current mark with I for 1)
        "A023 BCD",  # no leading zero in an older mark's number
        "A1l3 BCo",  # two slips in an older mark
        "CAD 1235",  # an incident number: the year letter must be a real letter
        "LOG 1238",
        "FOI 2025",
        "Tel 0161",
        "B12 8HX",  # postcodes as they stand
        "LS6 2QT",
        "SW1A 1AA",
        "DCI l23A",  # a rank and a collar number
        "PC 7627HT",
        "4854RG",
        "Section 40(2)",
        "01.FOI.22.024312",
        "on 12 May 2025",
        "AB12 CDEF",
    ],
)
def test_misread_negative(text: str) -> None:
    assert misread(text) == []
