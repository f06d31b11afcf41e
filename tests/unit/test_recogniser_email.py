"""EmailAddressRecognizer: table of positives (with the exact finding) and negatives.
MisreadEmailRecognizer: addresses OCR split with a space.
WrappedEmailRecognizer: addresses broken by a line end."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from presidio_analyzer import EntityRecognizer

from redactor.detect.email import (
    _WRAP,
    EmailAddressRecognizer,
    MisreadEmailRecognizer,
    WrappedEmailRecognizer,
    lines_with_at,
)
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


def wrapped(text: str) -> list[str]:
    results = WrappedEmailRecognizer().analyze(text, ["EMAIL_ADDRESS"], None)
    return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From: Lucy <lucy.harper@north\nshire.police.uk>", "lucy.harper@north\nshire.police.uk"),
        ("james.davis\n@force.police.uk", "james.davis\n@force.police.uk"),
        ("James.Davis@\nNorthshire.Police.uk", "James.Davis@\nNorthshire.Police.uk"),
        ("foi@force.police\n.uk today", "foi@force.police\n.uk"),  # a whole address, continued
        ("write to a.b@force.police.\nuk today", "a.b@force.police.\nuk"),
        ("mailto:sam_wood+foi@exam\nple.co.uk", "sam_wood+foi@exam\nple.co.uk"),
    ],
)
def test_wrapped_positive(text: str, expected: str) -> None:
    assert wrapped(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Email me at\na@b.uk",  # the second line's address is whole
        "contact a@b.uk.\nKind regards",  # a sentence ended with the address
        "contact a@b.uk\nfor details",
        "a@b.com\nand c@d.com",
        "see @handle\nnow",
        "word\nwords@",
        "lucy.harper@north shire.police.uk",  # a space, not a line end (OCR: misread)
        "Lucy Harper\nlucy.harper@force.police.uk",
    ],
)
def test_wrapped_negative(text: str) -> None:
    assert wrapped(text) == []


@given(st.text(alphabet=st.sampled_from("ab.@\n -<>uk"), max_size=40))
def test_wrapped_search_near_the_ats_finds_what_a_whole_scan_finds(text: str) -> None:
    whole = [
        (m.start() + span[0], m.start() + span[1] + 1)
        for m in _WRAP.finditer(text, overlapped=True)
        if (span := WrappedEmailRecognizer.joined(m["left"], m["right"])) is not None
    ]
    results = WrappedEmailRecognizer().analyze(text, ["EMAIL_ADDRESS"], None)
    expected = EntityRecognizer.remove_duplicates(
        [WrappedEmailRecognizer()._result(start, end) for start, end in whole]
    )
    assert sorted((r.start, r.end) for r in results) == sorted((r.start, r.end) for r in expected)


@pytest.mark.parametrize(
    ("text", "around", "parts"),
    [
        ("a\nb@c\nd", 0, ["b@c"]),
        ("a\nb@c\nd", 1, ["a\nb@c\nd"]),
        ("x\ny\na\nb@c\nd\ne", 1, ["a\nb@c\nd"]),
        ("a@b\nc\nd@e", 0, ["a@b", "d@e"]),
        ("a@b\nc\nd@e", 1, ["a@b\nc\nd@e"]),  # overlapping parts merged
        ("a@b\nc\nd\ne\nf@g", 1, ["a@b\nc", "e\nf@g"]),
        ("\n\n@", 1, ["\n@"]),
        ("no at\nhere", 1, []),
    ],
)
def test_lines_with_at(text: str, around: int, parts: list[str]) -> None:
    assert [text[start:end] for start, end in lines_with_at(text, around)] == parts
