"""TitledNameRecognizer: names after ranks, titles, greetings and sign-offs (name only)."""

from __future__ import annotations

import pytest

from redactor.detect.titled_name import TitledNameRecognizer

RECOGNISER = TitledNameRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["PERSON"], nlp_artifacts=None)
    return sorted({text[r.start : r.end] for r in results})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DS Lucy Harper", ["Lucy Harper"]),
        ("PC Amir Khan attended", ["Amir Khan"]),
        ("PC 1234 Amir Khan attended", ["Amir Khan"]),
        ("PC 7627HT Smith", ["Smith"]),
        ("Mr Patel was spoken to", ["Patel"]),
        ("Dear Ms Okafor,", ["Okafor"]),
        ("Mr SMITH was arrested", ["SMITH"]),
        ("spoke to Insp. Jones on Monday", ["Jones"]),
        ("Ch Supt Amir Khan", ["Amir Khan"]),
        ("Detective Sergeant Lucy Harper Head of Unit", ["Lucy Harper"]),
        ("A/Sgt Bob Jones", ["Bob Jones"]),
        ("Dr J. Smith.", ["J. Smith"]),
        ("Mrs O'Brien-Jones", ["O'Brien-Jones"]),
        ("Hi Lucy,", ["Lucy"]),
        ("Hello Amir!", ["Amir"]),
        ("Dear Lucy\nThank you", ["Lucy"]),
        ("Kind regards,\nLucy Harper\nDetective Sergeant", ["Lucy Harper"]),
        ("Many thanks\nSam Wood", ["Sam Wood"]),
        ("my neighbour, Mr\nDaniel PRICE, came out", ["Daniel PRICE"]),
        ("treated by Dr\nClark at the centre", ["Clark"]),
        ("Yours sincerely\n\nHannah Okonkwo-Reid\nRights Officer", ["Hannah Okonkwo-Reid"]),
        ("Many thanks\n\nJo\nDisclosure Officer", ["Jo"]),
        ("Sorry, can't make it. Speak soon,\nBex", ["Bex"]),
        ("Take care\nKez", ["Kez"]),
        ("Thanks, Ash", ["Ash"]),
        ("all sorted now.\nRegards, Kez\n", ["Kez"]),
        ("Best,\nSam", ["Sam"]),
        ("Cheers, Mo.", ["Mo"]),
    ],
)
def test_positive(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dear Sir/Madam,",
        "Dear Sir or Madam,",
        "Dear Requester,",
        "Hello all,",
        "Hi Team,",
        "the PC was there",
        "Mr and Mrs",
        "Kind regards,\nFreedom of Information Unit",
        "Kind regards,\nThe FOI Team",
        "Yours faithfully\n\nFreedom of Information Unit",
        "Regards\n\nOFFICIAL",
        "Thank you\nSent from my iPhone",
        "Thanks, Team",
        "Regards, FOI Unit",
        "we will do our best\nto reply",
        "Thanks, will do",
        "I did my best.\nTo be sure",
        "Thanks for your request.",
        "Dear Colleagues,",
        "Dr. visits on Monday",
        "DS lucy harper",
        "Neighbourhood Inspector\nNorthtown NPT",  # a rank ending a line is a job title
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


def test_finding_excludes_rank_and_title() -> None:
    text = "Statement of DS 4471 Lucy Harper"
    [result] = [r for r in RECOGNISER.analyze(text, ["PERSON"], None)]
    assert text[: result.start].endswith("DS 4471 ")
