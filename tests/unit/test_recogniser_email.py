"""EmailAddressRecognizer: table of positives (with the exact finding) and negatives."""

from __future__ import annotations

import pytest

from redactor.detect.email import EmailAddressRecognizer

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
