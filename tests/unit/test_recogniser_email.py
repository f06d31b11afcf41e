"""EmailAddressRecognizer: table of positives (with the exact finding) and negatives.
MisreadEmailRecognizer: addresses OCR split with a space."""

from __future__ import annotations

import pytest

from redactor.detect.email import EmailAddressRecognizer, MisreadEmailRecognizer
from redactor.detect.misread import OCR_ONLY

RECOGNISER = EmailAddressRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["EMAIL_ADDRESS"], nlp_artifacts=None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lucy.harper@example.police.uk", "lucy.harper@example.police.uk"),
        ("Email: amir.khan@met.pnn.police.uk", "amir.khan@met.pnn.police.uk"),
        ("mailto:lucy.harper@example.police.uk", "lucy.harper@example.police.uk"),
        ("From: Lucy <lucy.harper@example.police.uk>", "lucy.harper@example.police.uk"),
        ("write to j.o'neil@example.gov.uk.", "j.o'neil@example.gov.uk"),
        ("(sam_wood+foi@example.co.uk)", "sam_wood+foi@example.co.uk"),
        ("FIRST.LAST@EXAMPLE.POLICE.UK", "FIRST.LAST@EXAMPLE.POLICE.UK"),
    ],
)
def test_positive(text: str, expected: str) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "user@localhost",
        "name@domain.c0m",
        "jo..smith@example.uk",
        "@example.police.uk",
        "lucy.harper@",
        "see example.police.uk for details",
        "FOI 2216/2025",
        "the @ sign",
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


def test_two_addresses_in_a_line() -> None:
    assert found("a.b@x.police.uk; c.d@y.police.uk") == ["a.b@x.police.uk", "c.d@y.police.uk"]


MISREAD = MisreadEmailRecognizer()


def misread(text: str) -> list[tuple[str, str]]:
    """(span, address it reads as) for each split address found; all are OCR text only."""
    results = MISREAD.analyze(text, ["EMAIL_ADDRESS"], nlp_artifacts=None)
    assert all(r.recognition_metadata[OCR_ONLY] for r in results)
    return [
        (text[r.start : r.end], r.analysis_explanation.pattern_name.split(" as ")[0])
        for r in sorted(results, key=lambda r: r.start)
    ]


@pytest.mark.parametrize(
    ("text", "span", "address"),
    [
        # split after a dot: the address starts a line or follows a bracket, quote or colon
        (
            "Nathan Fisher (nathan. fisher@force.example.police.uk)",
            "nathan. fisher@force.example.police.uk",
            "nathan.fisher@force.example.police.uk",
        ),
        ("ricky. harvey@x.police.uk", "ricky. harvey@x.police.uk", "ricky.harvey@x.police.uk"),
        (
            "Email: ricky. harvey@x.police.uk.",
            "ricky. harvey@x.police.uk",
            "ricky.harvey@x.police.uk",
        ),
        ("To: Lucy <lucy. h@x.police.uk>", "lucy. h@x.police.uk", "lucy.h@x.police.uk"),
        # a space before a dot, or beside the "@": never a sentence
        ("Email: james .davis@x.police.uk", "james .davis@x.police.uk", "james.davis@x.police.uk"),
        (
            "write to james .davis@x.police.uk",
            "james .davis@x.police.uk",
            "james.davis@x.police.uk",
        ),
        ("contact foi @x.police.uk.", "foi @x.police.uk", "foi@x.police.uk"),
        ("lucy.harper@ x.police.uk", "lucy.harper@ x.police.uk", "lucy.harper@x.police.uk"),
        ("lucy.harper@x. police.uk", "lucy.harper@x. police.uk", "lucy.harper@x.police.uk"),
        # the dot read as a space, inside the angle brackets of a header
        (
            "To: Jill Harris <jill harris@x.police.uk>",
            "jill harris@x.police.uk",
            "jillharris@x.police.uk",
        ),
    ],
)
def test_misread_positive(text: str, span: str, address: str) -> None:
    assert misread(text) == [(span, address)]


@pytest.mark.parametrize(
    "text",
    [
        "lucy.harper@x.police.uk",  # whole: the strict pattern finds it
        "please write to me. fisher@x.police.uk",  # a sentence ended after "me."
        "a.b@x.police.uk c.d@y.police.uk",
        "sent to a.b@x.police.uk. Then it was",  # an address already ends at the dot
        "see section 3 .1 of the Act",
        "Mr. Smith and Dr. Jones",
        "the @ sign",
        "lucy.harper@ localhost",
        "contact jill harris@x.police.uk",  # a bare space outside "<...>"
        "(see harris@x.police.uk)",
        "<jill harris@x.police.uk",
    ],
)
def test_misread_negative(text: str) -> None:
    assert misread(text) == []
