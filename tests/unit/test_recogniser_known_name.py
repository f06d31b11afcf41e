"""KnownNameRecognizer: names the model missed, from the lists derived from names-dataset."""

from __future__ import annotations

import pytest

from redactor.detect.known_name import KnownNameRecognizer
from redactor.detect.name_lists import has_known_name
from redactor.detect.resolve import web_hosts


def found(text: str) -> list[str]:
    return [text[r.start : r.end] for r in KnownNameRecognizer().analyze(text, ["PERSON"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("her neighbour Laban Sinha, who", ["Laban Sinha"]),
        ("22:48 Fisher, Stephanie", ["Fisher, Stephanie"]),
        ("Insp Alexandrina Georgescu raised it", ["Alexandrina Georgescu"]),
        ("Jo Smith said", ["Jo Smith"]),
        ("DAVID JONES attended", ["DAVID JONES"]),
    ],
)
def test_known_first_name_and_surname(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Crown Court",  # neither a frequent first name
        "at Park Road",
        "Whiskey Victor 21",
        "Bernard Weatherill House",  # a building
        "c/o PO BOX 481",
        "PO Box 77",
        "Mon Tue Wed Thu Fri",
        "Operation Laban Sinha",  # an operation's code name
        "smith jones, then Smith Jones",  # both words are written in lower case on the page
        "see lucy.harper@example.police.uk",
    ],
)
def test_not_names(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("name", "known"),
    [("Ubaadah Talha", True), ("Saltmere CID", False), ("Wexley IAG", False), ("Victor", True)],
)
def test_has_known_name_ignores_acronyms(name: str, known: bool) -> None:
    assert has_known_name(name) is known


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        ("see https://www.mi5.gov.uk/threat-levels today", ["https://www.mi5.gov.uk"]),
        ("www.gchq.gov.uk/topics", ["www.gchq.gov.uk"]),
        ("online at ico.org.uk/make-a-complaint/.", ["ico.org.uk"]),
        ("email lucy.harper@example.police.uk now", []),
        ("Mr. Smith.Jones and version 1.2.3", []),
    ],
)
def test_web_hosts(text: str, hosts: list[str]) -> None:
    assert [text[s:e] for s, e in web_hosts(text)] == hosts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PNC print for MORRISON Ruth (associate)", ["MORRISON Ruth"]),
        ("checks on WANG Fang were", ["WANG Fang"]),
    ],
)
def test_surname_in_capitals_first(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text", ["the CCTV Footage and PNC Print", "see ANPR Standards", "MIT Port Elsham"]
)
def test_capitals_then_a_word_that_is_not_a_first_name(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I spoke with\nAilbhe Mac Connallta. She", ["Ailbhe Mac Connallta"]),
        ("a tenant, Livia da Rocha, aged 71", ["Livia da Rocha"]),
        ("and Mary Ó Briain left", ["Mary Ó Briain"]),
    ],
)
def test_surnames_with_a_prefix(text: str, expected: list[str]) -> None:
    assert found(text) == expected
