"""PostcodeRecognizer: full UK postcodes by the Royal Mail format; organisations' left alone."""

from __future__ import annotations

import pytest

from redactor.detect.postcode import PostcodeRecognizer

RECOGNISER = PostcodeRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["POSTCODE"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LS6 2QT", "LS6 2QT"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("ls6 2qt", "ls6 2qt"),
        ("LS62QT", "LS62QT"),
        ("22 Mill Lane, Leeds LS6 2QT", "LS6 2QT"),
        ("Postcode: LS21 1AB.", "LS21 1AB"),
        ("Mr John Smith\n22 Mill Lane\nLeeds\nLS6 2QT", "LS6 2QT"),
        # a home address under a letterhead is still a home address
        ("foi@example.police.uk\n\nMr John Smith\n22 Station Road\nLeeds\nLS6 2QT", "LS6 2QT"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "LS6",  # district only
        "SW1A",
        "Ls6 2qT",  # mixed case
        "QS6 2QT",  # Q never starts a postcode
        "LS6 2QC",  # C is never an inward letter
        "AB12 CDE",  # a number plate
        "4854RG",
        "PC 7627HT",
        "2216/2025",
        "01.FOI.22.024312",
        "Section 40(2)",
        "Article 6(1)(f)",
        "s.23(3)",
        "LFR/2",
        "14 March 2025 at 10:14",
        # organisation addresses: letterhead blocks and "write to us at"
        "Northshire Police\n\nInformation Management Unit\nForce Headquarters, Ledgerwood Road"
        "\n\nNorthtown NS1 4QP",
        "Write to us at: FOI Unit, PO Box 9, Wakefield WF1 3QP",
        "Example Constabulary Headquarters\n1 Police Way\nLeeds\nLS1 1AA",
        "Leeds District Police Station\nMillgarth Street\nLeeds LS2 7HX",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
