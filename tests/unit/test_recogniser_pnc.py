"""PncIdRecognizer: PNC IDs whose check letter is right; unverifiable ones only after a label."""

from __future__ import annotations

import pytest

from redactor.detect.pnc import PncIdRecognizer, check_letter, is_valid_pnc_id

RECOGNISER = PncIdRecognizer()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNISER.analyze(text, ["PNC_ID"], nlp_artifacts=None)
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("year", "serial", "letter"),
    [
        # 981234567 % 23 == 11 -> "L", the twelfth letter of ZABCDEFGHJKLMNPQRTUVWXY
        ("98", "1234567", "L"),
        ("12", "345678", "U"),  # 120345678 % 23 == 18
        ("00", "0", "Z"),  # remainder 0 is Z
        ("00", "1", "A"),
        ("00", "22", "Y"),
        ("2012", "345678", "U"),  # the century is ignored
    ],
)
def test_check_letter(year: str, serial: str, letter: str) -> None:
    assert check_letter(year, serial) == letter


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("98/1234567L", True),
        ("98/1234567A", False),
        ("12/345678U", True),
        ("12/0345678U", True),  # zero padding printed
        ("2012/345678U", True),
        ("12/12345678U", False),  # serial longer than seven digits
        ("123/45678U", False),
    ],
)
def test_is_valid(text: str, valid: bool) -> None:
    assert is_valid_pnc_id(text) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("98/1234567L", ("98/1234567L", 0.9)),
        ("PNC ID 12/345678U was checked", ("12/345678U", 0.9)),
        ("1998/1234567L", ("1998/1234567L", 0.9)),
        # a PNC label accepts a letter it cannot verify, with a lower score
        ("PNC ID: 98/1234567A", ("98/1234567A", 0.6)),
        ("PNCID 07/12B", ("07/12B", 0.6)),
        ("PNC: 07/1234C", ("07/1234C", 0.6)),
    ],
)
def test_positive(text: str, expected: tuple[str, float]) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "98/1234567A",  # wrong check letter, no label
        "12/345678A",
        "07/12U",  # short serial without a label
        "2216/2025",
        "1480/23",
        "01.FOI.22.024312",
        "15/03/2025",
        "Section 40(2)",
        "s.23(3)",
        "LFR/2",
        "PC 7627HT",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
