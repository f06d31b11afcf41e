"""BirthDateRecognizer: a date only when its own line calls it a date of birth."""

from __future__ import annotations

import pytest

from redactor.detect.birth_date import BirthDateRecognizer

RECOGNISER = BirthDateRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["DATE_OF_BIRTH"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB: 12/03/1987", "12/03/1987"),
        ("D.O.B. 12.03.87", "12.03.87"),
        ("DOB 12-03-1987", "12-03-1987"),
        ("Date of birth 12 March 1987", "12 March 1987"),
        ("Date of Birth: 12th March 1987", "12th March 1987"),
        ("born on 12th March 1987 in Leeds", "12th March 1987"),
        ("Mr Smith, born 12/03/1987, was arrested on 14/03/2025", "12/03/1987"),
        ("Jordan ELLIS (DOB: March 12, 1987)", "March 12, 1987"),
        ("dob 12 Mar 1987", "12 Mar 1987"),
        ("12/03/1987 (DOB)", "12/03/1987"),
        ("Ellis, 12 March 1987 (date of birth), attended", "12 March 1987"),
        ("Date of birth\n12/03/1987", "12/03/1987"),
        ("Date of birth of the suspect: 3rd of May 1990", "3rd of May 1990"),
        ("Date of birth: 12/03/1987, arrested on 15/03/2025", "12/03/1987"),
        ("Birthdate: 1 January 2001", "1 January 2001"),
        ("DOB: 12-MAR-1987", "12-MAR-1987"),
        ("D.O.B. 12/Mar/87 (from PNC)", "12/Mar/87"),
        ("Born 1985-02-01 in Leeds", "1985-02-01"),
        # running text wrapped at a line end, inside or after the keyword
        ("the person searched and their date of birth,\n07/11/1999. I have", "07/11/1999"),
        ("the driver's date of\nbirth as 15/12/1974. Both", "15/12/1974"),
        ("the driver's date of birth as\n15/12/1974. Both", "15/12/1974"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "14 April 2025",
        "Sent: 14 March 2025 10:14",
        "The incident happened on 12/03/2025.",
        "on 15/03",
        "Incident date 15/03/2025 DOB unknown",
        "Date of birth: unknown. Arrested 15/03/2025",
        "Date of birth\n\nThe request was received on 12/03/2025",
        "DOB: 32/13/1987",  # not a date
        "DOB: 1987",  # a year alone
        "2216/2025",
        "01.FOI.22.024312",
        "1480/23",
        "Section 40(2)",
        "Article 6(1)(f)",
        "s.23(3)",
        "born in Leeds",
        "Date of birth\nnot given\nSent: 14 March 2025",  # two line breaks away
        "He was born\nin Leeds. Arrested 12/03/2025",  # a full stop in between
        "Sent: 2025-03-14 09:12",  # ISO dates are found only after a keyword too
        "DOB: 1987-13-01",  # no 13th month
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []
