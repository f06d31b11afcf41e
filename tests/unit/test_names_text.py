"""Name helpers that work on the page text: line-end continuation and the text the model reads."""

from __future__ import annotations

import pytest

from redactor.detect.names import name_spans
from redactor.detect.person import text_for_ner


def spans(text: str) -> list[str]:
    """The names found in the first line of `text` (a name may run on to the next line)."""
    first_line_end = text.index("\n") if "\n" in text else len(text)
    return [text[s:e] for s, e in name_spans(text, 0, first_line_end)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my friend Douglas\nNewton, who lived", ["Douglas\nNewton"]),
        ("give his name as Gavin\nWOODS and say", ["Gavin\nWOODS"]),
        ("Hi Lucy,\nThanks for this", ["Lucy"]),  # a comma ends the name
        ("Lucy Harper\nNorthtown Response", ["Lucy Harper"]),  # two words: a whole name
        ("spoke to Lucy\nthe next day", ["Lucy"]),
        ("spoke to Lucy\nDetective Sergeant", ["Lucy"]),
        ("Faizan\nE\nL\nN", ["Faizan"]),  # one letter on the next line: a code, not a surname
        ("Faizan\nJ. Smith", ["Faizan"]),  # an initial starts another name
    ],
)
def test_a_one_word_name_at_a_line_end_continues(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aaron LLOYD was seen", "Aaron Lloyd was seen"),
        ("JULIE MORAN, CCTV and the NCA", "Julie Moran, CCTV and the NCA"),
        ("WITNESS STATEMENT", "Witness Statement"),
        ("the CCTV was off", "the CCTV was off"),
        ("O'BRIEN Sean", "O'Brien Sean"),
        ("Stephen O'DONOHOE, D'SOUZA Ana", "Stephen O'Donohoe, D'Souza Ana"),
        ("Amir BROWN-DOUGLAS", "Amir Brown-Douglas"),
        ("Musaffa ERGÜL and ÖZTÜRK Çağla", "Musaffa Ergül and Öztürk Çağla"),
        ("JULIE MORAN'S car", "Julie Moran's car"),
    ],
)
def test_text_for_ner_keeps_offsets(text: str, expected: str) -> None:
    assert text_for_ner(text) == expected
    assert len(text_for_ner(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the next line begins a longer run of capitals: the next cell of a table row
        ("review by Sgt Mansiz\nPort Elsham MIT", ["Mansiz"]),
        # after a rank one word is a surname; the next cell is not a known name
        ("DCI Oloyede\nAgreed", ["Oloyede"]),
        ("Insp Knight\nOngoing", ["Knight"]),
        # a unit's acronym on the next line
        ("Insp Debra Knight, Elsham\nNPT; Ms", ["Debra Knight"]),
        # a known first name ends the line: an unknown surname may follow
        ("I know as Yaman\nBilaal, who lives", ["Yaman\nBilaal"]),
        ("PC Julie\nMoran said", ["Julie\nMoran"]),
    ],
)
def test_continuation_needs_a_name_on_one_side(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my partner Jun Deng. I", ["Jun Deng"]),  # Jun: a given name, no date near
        ("Officer: DC Sun Li", ["Sun Li"]),
        ("Sent: 17 Jun 2025 Lucy", ["Lucy"]),  # a month beside a number
        ("Mon, 17 Mar", []),
    ],
)
def test_calendar_words_are_names_only_away_from_numbers(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in name_spans(text, 0, len(text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one nominal, Ayoka\nOLOWOKEERE, recently", ["Ayoka\nOLOWOKEERE"]),  # SURNAME style
        ("DCI Oloyede\nAGREED", ["Oloyede"]),  # after a rank: the next cell
        ("Saltmere\nCID officers", ["Saltmere"]),  # an acronym is a unit
    ],
)
def test_a_surname_in_capitals_continues_a_forename(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rank, a collar number and the surname: the next line is another cell
        ("PC 5304 Watkins\nSafe", ["Watkins"]),
        ("PC 5664 Parker\nStore 3", ["Parker"]),
        # a place with its number is not a surname either
        ("spoke to Lucy\nRoom 12 later", ["Lucy"]),
        # a known first name after the rank and number may still go on
        ("PC 4471 Lucy\nHarper said", ["Lucy\nHarper"]),
    ],
)
def test_no_surname_from_the_next_cell(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vince van den Berg attended", ["Vince van den Berg"]),
        ("Alexandre das Neves (Council)", ["Alexandre das Neves"]),
        ("Maria dos Santos said", ["Maria dos Santos"]),
        # streets whose last word is also a surname, where they are streets
        ("near the shops on Walker Lane.", []),
        ("Walker Lane compound", []),
        ("Walker Lane said so", ["Walker Lane"]),
    ],
)
def test_particles_and_streets(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in name_spans(text, 0, len(text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A. Morgan", ["A. Morgan"]),  # the initial "A." is not the article "A"
        ("Kind regards A. Morgan", ["A. Morgan"]),
        ("DS 4471 J. Hunt", ["J. Hunt"]),
        ("Lucy Harper", ["Lucy Harper"]),
        ("PART A. Whitfield", ["A. Whitfield"]),  # (only ever asked inside a name's match)
        ("A.B. Morgan", ["Morgan"]),  # two initials run together: only the surname is sure
    ],
)
def test_an_initial_before_the_name_is_part_of_it(text: str, expected: list[str]) -> None:
    assert spans(text) == expected
