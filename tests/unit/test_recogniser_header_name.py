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
        ("Witness: Tracy Davies. She confirmed the time.", ["Tracy Davies"]),
        ("Suspect: Daniel MORTON (DOB withheld)", ["Daniel MORTON"]),
        ("Gold: Ch Supt Danielle Arnold", ["Danielle Arnold"]),
        ("Silver: Insp Amanda Baker (Bronze: PS Jay Bishop)", ["Amanda Baker"]),
        ("Bronze Commander: Sgt 4412 Kieran Walsh", ["Kieran Walsh"]),
        ("Loggist: Malcolm Sutton", ["Malcolm Sutton"]),
        ("Authorising officer: Supt Olivia Jackson", ["Olivia Jackson"]),
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
        "Suspect: Unknown male",
        "Victim: Anonymous",
        "Gold: Strategic",
        "Silver: to be confirmed",
        "The Silver: Insp",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apologies: DS Carlota Simões; Taimur, Jalaal", ["Carlota Simões", "Taimur, Jalaal"]),
        ("Interpreter: Anghel Dinu", ["Anghel Dinu"]),
        ("Reported by: Bao Hoang (store detective)", ["Bao Hoang"]),
        ("Defendant: ARSLAN, ESENTÜRK", ["ARSLAN, ESENTÜRK"]),
        # the piece after a name is an affiliation, unless it is a person too
        ("Printed by: Ewa Nowak, Force Control Room, 17/03/2025", ["Ewa Nowak"]),
        ("Reviewing lawyer: Daghfal Jameel, CPS Direct", ["Daghfal Jameel"]),
        (
            "Attendees: Insp Debra Knight, Elsham NPT; Ms Ruth Ellis",
            ["Debra Knight", "Ruth Ellis"],
        ),
        ("To: Lucy Harper, Amir Khan", ["Lucy Harper", "Amir Khan"]),
        ("To: Lucy Harper, DC Zilmil Oommen", ["Lucy Harper", "Zilmil Oommen"]),
        (
            "Applicant: Kellie O'DEVANNEY, date of birth 19 October 1971, National Insurance"
            " number LC 81 57 08 B.",
            ["Kellie O'DEVANNEY"],
        ),
    ],
)
def test_more_labels_and_affiliations(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cc: Port Elsham NPT",  # a unit named after its place and acronym
        "Cc: Harbour CID; Saltmere IAG",
        "Reviewing lawyer: CPS",
    ],
)
def test_units_are_not_names(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list ending its line with ";" or "," goes on on the next line
        (
            "Attendees: Ann Lee; Stacey Wilson;\nRaheem Zarar, Analyst",
            ["Ann Lee", "Stacey Wilson", "Raheem Zarar"],
        ),
        ("Cc: Lucy Harper,\nAmir Khan", ["Lucy Harper", "Amir Khan"]),
        ("Minutes: Raheem Zarar.", ["Raheem Zarar"]),
    ],
)
def test_a_list_continued_on_the_next_line(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("To: Lucy Harper;\nSubject: Amir Khan", ["Lucy Harper"]),  # a label of its own
        ("To: Lucy Harper\nAmir Khan said", ["Lucy Harper"]),  # no ";" or "," at the line end
    ],
)
def test_the_next_line_is_not_taken_otherwise(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_a_list_of_names_with_their_organisations_in_brackets() -> None:
    text = (
        "Present: Stefania Zimmer (Fernleigh Police), Alexandre das Neves (Ashbury Borough "
        "Council), Nathaniel Nunne\n(Brackenfold Housing), Kaskazi Kipkemei (Youth Justice "
        "Service)\nSent apologies: Jamie Halpin (Probation Service)\n1. Cooper Street underpass"
    )
    assert found(text) == [
        "Stefania Zimmer", "Alexandre das Neves", "Nathaniel Nunne", "Kaskazi Kipkemei",
        "Jamie Halpin",
    ]  # fmt: skip


def test_panel_members() -> None:
    assert found("Panel: Jacqueline Corless (Legally Qualified Chair), Phillip Reid") == [
        "Jacqueline Corless",
        "Phillip Reid",
    ]


DISTRIBUTION = """K. Woodward
Distribution
Supt M. Parker-Hewitt - Head of Operations
ADEKITAN OLOYEDE - Mental Health Trust liaison (external)
Head of Crime - for information
Force Control Room - for action
Thornvale Safeguarding Board - partner
OFFICIAL SENSITIVE - PERSONAL
Tomasz Nowak - tasking"""


def test_names_in_a_distribution_list() -> None:
    assert found(DISTRIBUTION) == ["M. Parker-Hewitt", "ADEKITAN OLOYEDE", "Tomasz Nowak"]


def test_name_dash_role_lines_need_the_lists_heading() -> None:
    assert found(DISTRIBUTION.replace("Distribution", "Summary")) == []
