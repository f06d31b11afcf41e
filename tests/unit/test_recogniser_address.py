"""AddressRecognizer: the street part of home addresses, one finding per line; organisations'
addresses and place names in running text are left alone."""

from __future__ import annotations

import pytest

from redactor.detect.address import AddressRecognizer, addressees

RECOGNISER = AddressRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["ADDRESS"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22 Mill Lane", ["22 Mill Lane"]),
        ("He lives at 22 Mill Lane, Leeds LS6 2QT with his mother.", ["22 Mill Lane, Leeds"]),
        (
            "Flat 3, 22 Mill Lane, Headingley, Leeds LS6 2QT",
            ["Flat 3, 22 Mill Lane, Headingley, Leeds"],
        ),
        ("Rose Cottage, Mill Lane, Otley", ["Rose Cottage, Mill Lane, Otley"]),
        ("Address: 14 Elm Grove, Leeds", ["14 Elm Grove, Leeds"]),
        ("Home address: Rose Cottage, Leeds LS6 2QT", ["Rose Cottage, Leeds"]),
        ("Address: Mill Lane, Otley", ["Mill Lane, Otley"]),
        ("22 Station Road, Leeds", ["22 Station Road, Leeds"]),
        ("7a St John's Road", ["7a St John's Road"]),
        ("12 MILL LANE\nLEEDS\nLS6 2QT", ["12 MILL LANE", "LEEDS"]),
        # a block over several lines: one finding per line, the postcode left to its recogniser
        (
            "Mr John Smith\n22 Mill Lane\nHeadingley\nLeeds\nLS6 2QT\n\n14 April 2025",
            ["22 Mill Lane", "Headingley", "Leeds"],
        ),
        ("Flat 3\n22 Mill Lane\nLeeds LS6 2QT", ["Flat 3", "22 Mill Lane", "Leeds"]),
        ("Rose Cottage\n7 Elm Grove\nOtley\nLS21 1AB", ["Rose Cottage", "7 Elm Grove", "Otley"]),
        ("Flat 7\nJones Station\nNew Amy\nLS6 2QT", ["Flat 7", "Jones Station", "New Amy"]),
        ("Mill Lane\nOtley\nLS21 1AB", ["Mill Lane", "Otley"]),
        (
            "Mr Gabriel Koziatek\nFlat 14, Pemberton House\n37 Tolley Gardens\n"
            "Abbotsford Vale\nTV2 6GH",
            ["Flat 14, Pemberton House", "37 Tolley Gardens", "Abbotsford Vale"],
        ),
        # a form's label between the street and its postcode is no town
        (
            "Home address\n66 Larchmere Drive, Brindlecote\nPostcode\nTV14 3TJ",
            ["66 Larchmere Drive, Brindlecote"],
        ),
        # a form label above does not make a home an organisation's
        ("Occupation: Police officer\nAddress: 22 Mill Lane, Leeds", ["22 Mill Lane, Leeds"]),
        # a label ending the line above introduces a person's address, even after a sentence
        # naming a court
        (
            "Bailed to appear at Northtown Magistrates' Court. Address for bail:\n"
            "18 Wheatcroft Gardens, Upper Wexcombe, Harrowfield HF1 9DP (home of his sister)",
            ["18 Wheatcroft Gardens, Upper Wexcombe, Harrowfield"],
        ),
        ("She told officers she lives at\n4 Elm Grove, Otley", ["4 Elm Grove, Otley"]),
        # a heading under an address is not a town (no postcode closes the block)
        ("22 Mill Lane\nSummary\nThe meeting", ["22 Mill Lane"]),
    ],
)
def test_positive(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officers patrol Leeds city centre on Friday nights.",
        "We walked down Mill Lane towards the park.",  # a street without a house
        "on 3 March Street lighting was discussed",
        "Example Constabulary Headquarters\n1 Police Way\nLeeds\nLS1 1AA",
        "Northshire Police\n\nInformation Management Unit\nForce Headquarters, Ledgerwood Road"
        "\n\nNorthtown NS1 4QP",
        "Write to us at: FOI Unit, PO Box 9, Wakefield WF1 3QP",
        "Leeds District Police Station\n12 Park Road\nLeeds LS1 2AB",
        "Freedom of Information Unit, 2 Civic Court, Leeds LS1 1UR",
        "Leeds City Council, 5 Calverley Street, Leeds",
        "PO Box 9\nWakefield\nWF1 3QP",
        "Please write to us at the following address:\nFOI Unit\n2 Mill Lane\nLeeds LS1 1UR",
        "2216/2025",
        "01.FOI.22.024312",
        "Section 40(2) of the Act",
        "Article 6(1)(f)",
        "s.23(3)",
        "Sent: 14 March 2025 10:14",
        "West Yorkshire Police",
        "Call 101 or 0113 496 0123",
        "PC 7627HT and DS 4471",
        "Warrant No. 183746",
        # a collar number and a surname that is also a street type
        "Can you confirm that DC 2260 Amelia Dale is available?",
        "PC 41 Tom Hill",
        "Collar No. 123 Jack Lane",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chief Constable Aleks Stwora\n\nCliona Arianne Curnane\n70 Meadow Rise\nDunmere\n"
            "TV2 8ET\n\nOur reference",
            ["Cliona Arianne Curnane"],
        ),
        (
            "Ms Kellie O'Devanney\n65 Brackwith Lane\nNether Quillby\nRX13 3FL",
            ["Kellie O'Devanney"],
        ),
        ("Home address\n66 Larchmere Drive, Brindlecote\nTV14 3TJ", []),  # a label
        ("Caverstock Legal LLP\n12 High Street\nKelderby\nTV1 2AB", []),  # a firm
        ("Thornvale Constabulary\nOrmsby House, 4 Canal Street, Kelderby TV1 4HQ", []),
        ("Cliona Curnane\n70 Meadow Rise\nDunmere", []),  # no postcode closes the block
    ],
)
def test_the_name_line_above_a_home_address(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in addressees(text)] == expected
