"""UkPhoneRecognizer: UK formats with extensions found; references, dates, 101 left alone."""

from __future__ import annotations

import pytest

from redactor.detect.phone import UkPhoneRecognizer

RECOGNISER = UkPhoneRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["PHONE_NUMBER"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("020 7946 0123", "020 7946 0123"),
        ("Tel: (0161) 496 0000", "(0161) 496 0000"),
        ("+44 (0)20 7946 0123", "+44 (0)20 7946 0123"),
        ("+44 20 7946 0123", "+44 20 7946 0123"),
        ("Mobile: 07700 900123", "07700 900123"),
        ("07700900123", "07700900123"),
        ("0113 496 0000", "0113 496 0000"),
        ("01632 960123", "01632 960123"),
        ("0121-496-0999", "0121-496-0999"),
        ("+447700900123", "+447700900123"),
        ("0044 20 7946 0123", "0044 20 7946 0123"),
        ("020 7946 0123 ext 7341", "020 7946 0123 ext 7341"),
        ("020 7946 0123 ext. 7341", "020 7946 0123 ext. 7341"),
        ("07700 900123 x7341", "07700 900123 x7341"),
        ("0161 496 0000 Ext: 22", "0161 496 0000 Ext: 22"),
        ("Tel: ext 7341", "ext 7341"),
        ("Tel:0161 496 0000 | Ref 2216/2025", "0161 496 0000"),
        ("call 0161 496 0000.", "0161 496 0000"),
        # wrapped where a space was, in prose
        ("please call me on 01632 960\n417 if you need", "01632 960\n417"),
        ("Mobile 07700\n900 123", "07700\n900 123"),
        ("or on +44 (0)1632\n960 417.", "+44 (0)1632\n960 417"),
        ("ring 0161 496\n0000 and ask", "0161 496\n0000"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Call 101 to report",
        "In an emergency dial 999",
        "FOI reference 2216/2025",
        "Log 01.FOI.22.024312",
        "Date: 01/02/2025",
        "Date: 01-02-2025",
        "Date: 01.02.2025",
        "at 12:30 on 3 March",
        "Crime ref 0123456",
        "04001 234567",
        "12345678901",
        "PNC ID 12/345678A",
        "NHS number 943 476 5919",
        "Paragraph 0.1.2.3.4.5.6.7.8.9",
        "Invoice 0161496000012",
        "there were 0161\n496 people",  # too few digits for a number
        "in 2019 there were 12\n345 calls",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


def test_drama_numbers_are_found_although_not_valid() -> None:
    # Ofcom's drama ranges are not "valid" to libphonenumber but look exactly like real ones.
    assert found("07700 900000 and 01632 960999") == ["07700 900000", "01632 960999"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a whole number ends the line: the next line's digits are not taken
        ("Tel: 0800 123456\n7 March 2025", ["0800 123456"]),
        ("Tel: 01632 960961\n07700 900961", ["01632 960961", "07700 900961"]),
        ("Direct dial: 0113 496 0000\n0113 496 0001", ["0113 496 0000", "0113 496 0001"]),
    ],
)
def test_numbers_on_consecutive_lines_stay_apart(text: str, expected: list[str]) -> None:
    assert found(text) == expected
