"""ShortNameRecognizer: "J.HUNT" anywhere, "cc: A. Morgan" in a copy line, "known as 'Dazza'"."""

from __future__ import annotations

import pytest

from redactor.detect.short_forms import NICKNAME, ShortNameRecognizer

RECOGNISER = ShortNameRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["PERSON"], nlp_artifacts=None)
    return sorted({text[r.start : r.end] for r in results})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an operator or an officer as a command-and-control log prints them
        ("22:44:10 OP09 J.HUNT THRIVE: threat high", ["J.HUNT"]),
        ("22:41:07 OP14 P.BROWN-DOUGLAS INITIAL CALL. RP states", ["P.BROWN-DOUGLAS"]),
        ("23:15:27 OP22 V.NƏSIRLI PS 9253", ["V.NƏSIRLI"]),
        ("Updated by J.P.O'NEILL", ["J.P.O'NEILL"]),
        ("Signed J.Hunt, ward manager", ["J.Hunt"]),
        ("Entry closed (K.MIECHOWICZ).", ["K.MIECHOWICZ"]),
        # copy and distribution lines
        ("cc: A. Musazadə; personnel file", ["A. Musazadə"]),
        ("Copies to: J. Hunt, K. RANTALA", ["J. Hunt", "K. RANTALA"]),
        ("Distribution: all sergeants; T. Okafor", ["T. Okafor"]),
        # nicknames and aliases in quotes
        ("I know him, he goes by 'Shaz' round the shops", ["Shaz"]),
        ("Known as / aliases | 'Dazza'; has also given", ["Dazza"]),
        ("aliases:\n'Macca'", ["Macca"]),
        ("Known as /\naliases\n\n'Dazza'; has also given", ["Dazza"]),  # the next table cell
        ("also known as “Big Mo” locally", ["Big Mo"]),
        ('Ferenc LAKATOS, known locally as "Nozza", is supplying', ["Nozza"]),
        # a signature line: initial, surname, then a job title
        ("Many thanks\nRita\n\nR. Sharpe | Disclosure Officer | Information", ["R. Sharpe"]),
        ("J. Hunt, Ward Manager", ["J. Hunt"]),
    ],
)
def test_positive(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A. Background",  # a numbered heading is not a copy line
        "see attachment A.PDF and notes.DOCX",
        "E.ON supply; H.M.P.BELMARSH; U.K.; D.O.B. 12/03/1987",
        "e.g. the Act, i.e. No.Three, St.Albans, version 1.2, s.40(2)",
        "logged by A.POLICE and J.NOTES",  # not name words
        "j.hunt@redmoor.example.police.uk",  # an address is the email recogniser's
        "known as 'the Cut'",  # lower case: a place, not a nickname
        "The area is known as Pellbury North",  # no quotes
        "A. Background, Scope and Method",  # a section heading
        "B. Hunt",  # no job title after it: could be a list item
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("cue", ["aka", "a.ka", "ak.a", "a.k.a.", "AKA", "known as", "alias"])
def test_every_form_of_a_cue_meets_the_prefilter(cue: str) -> None:
    """Each way the nickname pattern's cue can be written is one its page check lets through:
    a form the check missed would skip a page the pattern matches."""
    text = f"he is {cue} 'Dazza' now"
    assert RECOGNISER.NEEDS[NICKNAME].met(text), cue
    assert found(text) == ["Dazza"], cue
