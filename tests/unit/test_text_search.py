"""The one-pass searches of the release check find exactly what one search per text finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.consistency import PageIndex
from redactor.text_search import Occurrences, Substrings

# Pieces that exercise every rule: case, word boundaries ("Lucyanne", "@", "."), runs of white
# space (line breaks inside a name), digits, a letter whose lower case is longer ("İ").
WORDS = [
    "Lucy",
    "lucy",
    "LUCY",
    "Harper",
    "harper",
    "Lucyanne",
    "Lee",
    "Will",
    "will",
    "0161",
    "496",
    "a@b.uk",
    "x",
    "İ",
    "Moran",
]
GAPS = [" ", "  ", "\n", "\n\n", "\t", "", ".", ",", "@", "-", "_"]
NEEDLES = [
    "Lucy",
    "Lucy Harper",
    "lucy harper",
    "LUCY",
    "Lee Lee",
    "Will",
    "0161 496",
    "a@b.uk",
    "Moran",
    "İ Lucy",
    "Harper.",
    "x",
]
TYPES = ["PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "ADDRESS"]

texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=14).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)
items = st.lists(
    st.tuples(st.sampled_from(NEEDLES), st.sampled_from(TYPES)), min_size=1, max_size=6
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=texts, wanted=items)
def test_occurrences_agree_with_a_search_per_text(text: str, wanted: list[tuple[str, str]]) -> None:
    index = PageIndex(text)
    expected = {
        i for i, (needle, kind) in enumerate(wanted) if next(index.occurrences(needle, kind), None)
    }
    assert Occurrences(wanted).found(text) == expected


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=texts, keys=st.lists(st.lists(st.sampled_from([*NEEDLES, ""]), max_size=3)))
def test_substrings_agree_with_in(text: str, keys: list[list[str]]) -> None:
    expected = {i for i, item in enumerate(keys) if any(k and k in text for k in item)}
    assert Substrings(keys).found(text) == expected


def test_nothing_to_look_for_finds_nothing() -> None:
    assert Occurrences([]).found("Lucy Harper") == set()
    assert Substrings([[], [""]]).found("Lucy Harper") == set()


def test_a_name_across_a_line_break_and_inside_a_longer_word() -> None:
    search = Occurrences([("Lucy Harper", "PERSON"), ("Lucy", "PERSON"), ("Will", "PERSON")])
    assert search.found("to Lucy\nHarper, and Lucyanne") == {0, 1}
    assert search.found("Lucyanne will") == set()
