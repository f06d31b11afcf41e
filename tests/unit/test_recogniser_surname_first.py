"""SurnameFirstRecognizer: 'SURNAME, Forename' anywhere, 'Surname, Forename' starting a line."""

from __future__ import annotations

import pytest

from redactor.detect.surname_first import SurnameFirstRecognizer

RECOGNISER = SurnameFirstRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["PERSON"], nlp_artifacts=None)
    return sorted({text[r.start : r.end] for r in results})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Detained: MORAN, Julie", ["MORAN, Julie"]),
        ("the suspect MORAN, Julie Anne was seen", ["MORAN, Julie Anne"]),
        ("O'BRIEN, Sean (witness)", ["O'BRIEN, Sean"]),
        ("SMITH-JONES, Amir", ["SMITH-JONES, Amir"]),
        ("Moran, Julie", ["Moran, Julie"]),
        ("- Swift, Arthur (duty solicitor)", ["Swift, Arthur"]),
        ("1. Okafor, Grace\n2. Hughes, Tom", ["Hughes, Tom", "Okafor, Grace"]),
        ("Attendees:\nKhan, Amir; Harper, Lucy", ["Khan, Amir"]),
        # names in other alphabets than plain ASCII
        ("Arrested: ARSLAN, Esentürk", ["ARSLAN, Esentürk"]),
        ("Froń, Sylwia", ["Froń, Sylwia"]),
        ("- Mazilescu, Gheorghiță (witness)", ["Mazilescu, Gheorghiță"]),
        ("Detained: ÖZTÜRK, Çağla", ["ÖZTÜRK, Çağla"]),
        ("21:52 Najeeb, Aasim\nCaller reports a man shouting", ["Najeeb, Aasim"]),
        ("09.15 Froń, Sylwia", ["Froń, Sylwia"]),
        # a chat export's sender line: the time the message was sent after the name
        ("Tarhan, Nurkan 09:16\nMorning all.", ["Tarhan, Nurkan"]),
        ("Bilgin, Savak  14:20", ["Bilgin, Savak"]),
        ("Okafor, Grace 9.05am", ["Okafor, Grace"]),
        # after a rank and collar number, in running text
        ("nobody updated you after PCSO 5036 Kalvėnas, Žemyna visited", ["Kalvėnas, Žemyna"]),
        ("Distribution\nDCI Stănescu, Francisc - Public Protection Unit", ["Stănescu, Francisc"]),
    ],
)
def test_positive(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We met in Northtown, Eastgate and Millbrook.",  # mixed case inside a sentence
        "NORTHSHIRE POLICE, Operational Support",  # force name, then a unit
        "OFFICIAL-SENSITIVE, Handle with care",
        "KENT, Maidstone",  # a county is not a surname
        "Force Headquarters, Ledgerwood Road",
        "However, Police said",
        "MORAN,",
        "Leeds, Bradford 10:00 kick-off",  # a time, but not at the end of the line
        "Kraków, Gdańsk and Łódź were visited",  # places in a sentence
        "21:52 Grade, confirmed by the supervisor",  # a log entry's words, not a name
        "22:01 However, Control said",
        "Officer in the case: DC 1773 Pandey, Kelderby CID.",  # a rank, a surname, a unit
        "Insp Smith, Ashbury and Leeds",  # without a number, only where an entry ends
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Defendant: ARSLAN, ESENTÜRK   Date of birth", ["ARSLAN, ESENTÜRK"]),
        ("Detained person\nOJUKWU, CHIAMAKA\nDate of birth", ["OJUKWU, CHIAMAKA"]),
        ("the driver, SMITH, JOHN, was stopped", ["SMITH, JOHN"]),  # both known names
        # a narrow cell wraps after the comma
        ("22:48 Fisher,\nStephanie\nReviewed by", ["Fisher,\nStephanie"]),
        ("10:14\nKar,\nYashvi\nAgree.", ["Kar,\nYashvi"]),
        ("21:58 Mazilescu,\nGheorghiță\nGrade confirmed.", ["Mazilescu,\nGheorghiță"]),
    ],
)
def test_capitals_and_wrapped_cells(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "LONDON, ENGLAND AND WALES are",
        "THE REPORT, OFFICIAL AND FINAL",
        "in MARCH, APRIL figures",
        "REVIEW, ACTIONS and more",  # capitals in running text with no known name
        "and Northtown,\nEastgate are",  # a wrapped place list inside a sentence
        "Police,\nConstabulary",
    ],
)
def test_capitals_and_wraps_that_are_not_names(text: str) -> None:
    assert found(text) == []
