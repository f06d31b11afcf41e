"""The bundle's place names: the model's lone "names" among them are neither proposed nor spread."""

from __future__ import annotations

import pytest

from redactor.consistency import Propagator, Source, collect
from redactor.detect.places import Places, in_an_address, place_words
from redactor.models import Finding


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("arrested and taken to Pellbury custody.", {"pellbury"}),
        ("Station: Pellbury Police Station, Quarry Lane, Pellbury RX2 7HD", {"pellbury"}),
        ("Unit\nPellbury CID\nTelephone", {"pellbury"}),
        ("School\nPellbury Academy (Year 10)", {"pellbury"}),
        ("Flat 4\n106 Wyndcliffe Terrace\nHollinsby RX8 0NZ", {"hollinsby"}),
        ("140 Sorrelby Way\nSaltcotes\nDrevington\nRX18 0GS\nMobile", {"saltcotes", "drevington"}),
        ("Beat / sector\nPellbury North (PN3)", {"pellbury", "north"}),
        ("AREA: PELLBURY NPT", {"pellbury"}),
        ("found burnt out at Caddon Bridge the same morning", {"caddon", "bridge"}),
        ("the girls meet at the Caddon Bridge skate park", {"caddon", "bridge"}),
    ],
)
def test_the_page_says_it_is_a_place(text: str, words: set[str]) -> None:
    assert place_words(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "Kerry Ann Bright\nThornvale Road\nTV3 8QP",  # a known first name: the addressee's line
        "I spoke to Sarah Green about it",  # no place preposition before her
        "we met at Maria Hill's flat",  # a known first name, and a possessive
        "Pellbury said he would call back",  # no place word around it
        "Kind regards, Tom Pellbury",
    ],
)
def test_no_evidence_of_a_place(text: str) -> None:
    assert place_words(text) <= {"thornvale", "road"}
    assert "pellbury" not in place_words(text) and "sarah" not in place_words(text)


def _finding(text: str, page: str, recogniser: str = "SpacyPersonRecognizer") -> Finding:
    start = page.index(text)
    return Finding(start, start + len(text), "PERSON", 0.6, recogniser, text)


CUSTODY = "He was taken to Pellbury custody. Pellbury was quiet. Lena Okafor was released."


def test_a_lone_model_name_that_is_a_place_is_neither_proposed_nor_spread() -> None:
    found = [_finding("Pellbury", CUSTODY), _finding("Lena Okafor", CUSTODY)]
    places = Places(place_words(CUSTODY), [[found]])
    assert places.only_places(found[0]) and not places.only_places(found[1])
    sources: dict[tuple[str, str], Source] = {}
    collect(sources, "a.pdf", [found], places)
    assert ("Pellbury", "PERSON") not in sources and ("Lena Okafor", "PERSON") in sources
    proposed = Propagator(sources.values(), places).page(CUSTODY, found)
    assert [f.text for f in proposed] == ["Lena Okafor"]
    # without the bundle's places, as before: "Pellbury" proposed and spread
    before = Propagator(sources_without_places(found)).page(CUSTODY, found)
    assert [f.text for f in before].count("Pellbury") == 2


def sources_without_places(found: list[Finding]) -> list[Source]:
    sources: dict[tuple[str, str], Source] = {}
    collect(sources, "a.pdf", [found])
    return list(sources.values())


@pytest.mark.parametrize(
    ("person", "recogniser"),
    [
        ("Pellbury", "TitledNameRecognizer"),  # "Mr Pellbury": a person cue elsewhere
        ("Tom Pellbury", "SpacyPersonRecognizer"),  # a several-word name holding the word
    ],
)
def test_a_word_the_bundle_uses_in_a_name_is_no_place(person: str, recogniser: str) -> None:
    page = f"{CUSTODY} Later {person} called."
    at = page.index(person, page.index("Later"))
    named = Finding(at, at + len(person), "PERSON", 0.8, recogniser, person)
    found = [_finding("Pellbury", page), named]
    places = Places(place_words(page), [[found]])
    assert not places.only_places(found[0])


def test_only_the_models_names_are_dropped() -> None:
    header = _finding("Pellbury", CUSTODY, "HeaderNameRecognizer")
    places = Places({"pellbury"}, [[[]]])
    assert places.only_places(header)  # the words are places ...
    # ... but the propagator drops only the model's findings
    kept = Propagator([], places).page(CUSTODY, [header])
    assert [f.text for f in kept] == ["Pellbury"]


ADDRESS = "Address\n15 Larchfield Drive\nHollins Green\nHarrowfield\nHF18 4GJ\nTelephone"


def test_a_town_line_the_model_took_for_a_name_stays_as_part_of_the_address() -> None:
    found = [_finding("Hollins Green", ADDRESS)]
    places = Places(place_words(ADDRESS), [[found]])
    assert places.only_places(found[0])
    proposed = Propagator([], places).page(ADDRESS, found)
    assert [(f.entity_type, f.text) for f in proposed] == [("ADDRESS", "Hollins Green")]


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        (ADDRESS, "Hollins Green", True),
        (ADDRESS, "Harrowfield", True),
        ("Quarry Lane, Pellbury RX2 7HD", "Pellbury", True),
        ("taken to Pellbury custody\nRX2 7HD", "Pellbury", False),  # not a line of its own
        ("Pellbury\nSeen at 14:00\nRX2 7HD", "Pellbury", False),  # a line between
    ],
)
def test_in_an_address(text: str, place: str, expected: bool) -> None:
    start = text.index(place)
    assert in_an_address(text, start, start + len(place)) is expected
