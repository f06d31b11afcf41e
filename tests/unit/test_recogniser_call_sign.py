"""drop_call_signs: radio call signs made of phonetic-alphabet words are not names."""

from __future__ import annotations

import pytest

from redactor.detect.call_sign import call_signs, drop_call_signs
from redactor.models import Finding


def person(text: str, word: str) -> Finding:
    start = text.index(word)
    return Finding(start, start + len(word), "PERSON", 0.6, "test", word)


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("Nearest unit Whiskey Victor 21, at the park", "Whiskey Victor 21"),
        ("call sign Tango Lima 12, on Thursday", "Tango Lima 12"),
        ("assigned to Oscar Romeo Delta", "Oscar Romeo Delta"),
        ("India Juliet Kilo Lima attended", "India Juliet Kilo Lima"),
    ],
)
def test_call_signs_are_found(text: str, sign: str) -> None:
    assert sign in [text[s:e] for s, e in call_signs(text)]


@pytest.mark.parametrize(
    "text",
    [
        "I met Victor Romeo yesterday",  # two alphabet words with no number: a name can be
        "Victor 21 was the unit",  # one word and a number
        "Juliet Smith and Oscar Wilde",
        "Victorian houses in Limassol",  # inside longer words
    ],
)
def test_other_text_has_no_call_sign(text: str) -> None:
    assert call_signs(text) == []


def test_only_person_findings_inside_a_call_sign_are_dropped() -> None:
    text = "Whiskey Victor 21 took Victor Okafor to PC 4471"
    inside = person(text, "Victor")
    named = Finding(23, 36, "PERSON", 0.85, "test", "Victor Okafor")
    collar = Finding(43, 47, "COLLAR_NUMBER", 0.8, "test", "4471")
    assert drop_call_signs(text, [inside, named, collar]) == [named, collar]
