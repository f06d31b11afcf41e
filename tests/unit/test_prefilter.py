"""The cheap checks before slow patterns (detect/prefilter.py) and the patterns rewritten for
speed find exactly what the patterns did before: the case folding the checks rely on, each
prefiltered recogniser with and without its checks, and each rewritten regex against its old
form, on texts built from the words the patterns look for (in any case, with the characters
whose case folding is unusual)."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from presidio_analyzer import PatternRecognizer, RecognizerResult

from redactor.detect import collar, email, titled_name, warrant
from redactor.detect.birth_date import BirthDateRecognizer
from redactor.detect.misread import DIGIT_LIKE, OCR_ONLY
from redactor.detect.prefilter import Needs, PrefilteredPatternRecognizer, folded, has_any
from redactor.detect.short_forms import ShortNameRecognizer
from redactor.detect.titled_name import TitledNameRecognizer
from redactor.detect.warrant import WarrantNumberRecognizer

PREFILTERED: list[PrefilteredPatternRecognizer] = [
    WarrantNumberRecognizer(),
    BirthDateRecognizer(),
    TitledNameRecognizer(),
    ShortNameRecognizer(),
]

_EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def _needed_words() -> set[str]:
    return {
        word
        for recogniser in PREFILTERED
        for needs in recogniser.NEEDS.values()
        for word in needs.folded
    }


def test_every_character_a_pattern_takes_for_a_letter_folds_to_it() -> None:
    """Whatever the `regex` module matches case-insensitively for a character of a needed word
    (the Kelvin sign for k, the long s for s, the Turkish i's for i) folds to that character, so
    a word a pattern matches in any case is in `folded(text)`."""
    characters = {ch for word in _needed_words() for ch in word}
    assert characters >= set("warntdobhi")
    for ch in sorted(characters):
        for match in regex.finditer(f"(?i:{regex.escape(ch)})", _EVERY_CHARACTER):
            assert folded(match.group()) == ch, (ch, hex(ord(match.group())))


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("WARRANT No. 1", ("warrant",), True),
        ("Warrant", ("warrant",), True),
        ("warr ant", ("warrant",), False),
        ("D.O.B. 12/03/87", ("d.o.b",), True),
        ("\u0130NTERVIEW", ("interview",), True),  # dotted capital I
        ("\u0131nterview", ("interview",), True),  # dotless i
        ("\u017fincerely", ("sincerely",), True),  # long s
        ("Bir th", ("birth",), False),
    ],
)
def test_has_any(text: str, words: tuple[str, ...], expected: bool) -> None:
    assert has_any(text, words) is expected
    # what the check stands for: a word matched case-insensitively is found (the check may
    # say yes where no pattern matches, as for the dotless i: the pattern then runs for nothing)
    if any(regex.search(f"(?i:{regex.escape(w)})", text) for w in words):
        assert has_any(text, words)


def test_needs() -> None:
    assert Needs().met("anything")
    assert Needs(exact=("wrote:",)).met("Ann wrote:")
    assert not Needs(exact=("wrote:",)).met("Ann WROTE:")
    assert Needs(folded=("wrote",)).met("Ann WROTE:")
    assert not Needs(exact=(" (",), folded=("x",)).met("(a)")


# Words the patterns look for, in pieces to join: labels, keywords, sign-offs, names, numbers,
# separators, and characters whose case folding is unusual.
_FRAGMENTS = [
    "Warrant", "warrant", "WARRANT", "wArrant", "warr", "ant", "card", "Card", "No.", "no,",
    "Nr", "number", "#", "id", "ID", ":", ".", "-", ",", " ", " ", " ", "  ", "\n", "\n",
    "\t", "/", "183746", "204-581", "204 581", "0412345", "12A4567", "AB12345", "2024", "19",
    "7", "ABC", "DOB", "dob", "D.O.B.", "d.o.b", "Date of birth", "date of\nbirth", "birth",
    "Birth date", "born", "Born on", "12/03/1987", "12.03.87", "12th March 1987", "March 12,",
    "1987", "12-MAR-1987", "1987-03-12", "(DOB)", "[dob]", "Kind regards", "Yours sincerely",
    "faithfully", "Thanks", "thank you", "Cheers", "Best", "best wishes", "Speak soon",
    "take care", "Signed", "signature", "Lucy", "Harper", "HARPER", "Amir Khan", "Mr", "Ms",
    "DS", "PC", "Dear", "Hi", "my", "her", "partner", "neighbour", "Sister", "(sister)",
    "(witness)", "the victim", "one nominal", "known as", "now know to be", "identified as",
    "gave her name as", "calling himself", "solicitor", "Solicitor", "interpreter",
    "statement of", "Account given by", "notes from", "wrote:", "On Mon, 17 Mar 2025,",
    "<a@b.uk>", "\u0130", "\u0131", "\u017f", "\u212a", "ß", "é", "Ō", "'", "’",
    "J.", "HUNT", "J.HUNT", "A. Morgan", "cc:", "Copies to:", "Distribution:", "aka", "a.ka",
    "ak.a", "a.k.a.", "aliases", "goes by", "'Dazza'", "“Big Mo”", "Dazza", "\u2018",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join)


def _key(result: RecognizerResult) -> tuple[object, ...]:
    how = result.analysis_explanation.pattern_name if result.analysis_explanation else None
    return (result.start, result.end, result.entity_type, result.score, how)


def _results(results: list[RecognizerResult]) -> list[tuple[object, ...]]:
    return sorted(_key(r) for r in results)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_prefiltered_recognisers_find_what_every_pattern_finds(text: str) -> None:
    for recogniser in PREFILTERED:
        entities = recogniser.supported_entities
        checked = PrefilteredPatternRecognizer.analyze(recogniser, text, entities)
        everything = PatternRecognizer.analyze(recogniser, text, entities)
        assert _results(checked) == _results(everything), recogniser.name


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_every_match_holds_a_needed_word(text: str) -> None:
    """Stronger than the test above: each pattern's own matches, one pattern at a time."""
    for recogniser in PREFILTERED:
        for pattern in recogniser.patterns:
            needs = recogniser.NEEDS.get(pattern.name)
            if needs is None:
                continue
            compiled = regex.compile(pattern.regex, recogniser.global_regex_flags)
            if compiled.search(text):
                assert needs.met(text), (recogniser.name, pattern.name)


def test_prefiltered_patterns_still_match() -> None:
    """The checks do not stop the patterns: one text each that they find."""
    cases = {
        "WarrantNumberRecognizer": "his warrant\nnumber 790852",
        "BirthDateRecognizer": "D.O.B. 12.03.87",
    }
    for recogniser in PREFILTERED[:2]:
        found = recogniser.analyze(cases[recogniser.name], recogniser.supported_entities)
        assert found, recogniser.name
    titled = TitledNameRecognizer()
    for text in [
        "Kind regards,\nLucy Harper",
        "Yours sincerely\n\nHannah Reid",
        "Thanks, Ash",
        "one nominal, Xiuying JIN, recently",
        "a man I now know to be Yatan KAR",
        "via interpreter Anghel Dinu",
        "Statement of Daamin MOURIB",
        "On Mon, 17 Mar 2025 at 08:47, Ivo Lapins <i@x.uk> wrote:",
        "Ewa Nowak (sister)",
        "my partner Jun Deng",
    ]:
        assert titled.analyze(text, ["PERSON"]), text


# The rewritten patterns against their old forms.
_OLD_WARRANT = (
    warrant._LABEL + r"(?<![\w/])(?=(?:[A-Z]*\d){4})" + warrant._NUMBER,
    warrant._LABEL + r"(?<![\w/])\d{3}[ \-]\d{3}(?![\w/]|[ .\-]\d)",
)
_OLD_COLLAR = regex.compile(
    rf"(?:(?<![\w/])(?P<rank>(?i:{collar._ABBREV}))\.?[ ]?|(?<=\b(?i:{collar._WORDS})[ ])"
    rf"|{collar._LABEL}|{collar._RANK_LINE})(?P<num>{DIGIT_LIKE}{{2,6}}?)"
    r"(?P<tail>[A-Za-z]{0,3})(?![\w/]|[.:,\-]\d)",
    regex.MULTILINE,
)
_OLD_EMAIL = regex.compile(rf"(?<![\w.%+'\-@])(?P<left>{email._PIECE})[ ](?P<right>{email._PIECE})")

_COLLAR_FRAGMENTS = [
    "PC", "Pc", "pc", "PCSO", "DS", "Ds", "DI", "Sgt", "A/Sgt", "Det Sgt", "Constable",
    "police constable", "Inspector", "collar", "shoulder", "No", "number", "num", ".", ":",
    " ", " ", "\n", "\t", "1234", "47l6", "8682SxX", "OO", "12th", "7627HT", "2024", "S5",
    "Bob", "x", "/", "-", "1", "\u212a", "\u0130", "Ō",
]  # fmt: skip
_EMAIL_FRAGMENTS = [
    "james", ".", "davis", "@", "force", "police", "uk", " ", " ", "\n", "<", ">", "(", ")",
    ":", "'", "-", "_", "%", "+", "foi", "nathan.", "fisher@example.police.uk", "a@b.uk",
    "é", "Email", "me.",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(text=_TEXTS)
def test_warrant_patterns_match_as_before(text: str) -> None:
    for old, pattern in zip(_OLD_WARRANT, WarrantNumberRecognizer.PATTERNS, strict=True):
        flags = regex.DOTALL | regex.MULTILINE
        before = [m.span() for m in regex.finditer(old, text, flags)]
        now = [m.span() for m in regex.finditer(pattern.regex, text, flags)]
        assert now == before


@pytest.mark.parametrize(
    "text",
    [
        "Warrant No. 183746",
        "warrant number: 0412345",
        "Warrant card no 12A4567",
        "his warrant\nnumber 790852",
        "Warrant No: 204-581",
        "warrant number 204 581",
        "the warrant 2024 review",
        "Warrant No. 12/3456",
        "warrant #AB12345X",
        "warrantNo 123456",
    ],
)
def test_warrant_table(text: str) -> None:
    flags = regex.DOTALL | regex.MULTILINE
    for old, pattern in zip(_OLD_WARRANT, WarrantNumberRecognizer.PATTERNS, strict=True):
        before = [m.span() for m in regex.finditer(old, text, flags)]
        assert [m.span() for m in regex.finditer(pattern.regex, text, flags)] == before


def _collar_matches(compiled: regex.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [
        (m.span(), m["rank"], m["num"], m["tail"]) for m in compiled.finditer(text, overlapped=True)
    ]


@settings(max_examples=600, deadline=None)
@given(text=st.lists(st.sampled_from(_COLLAR_FRAGMENTS), max_size=20).map("".join))
def test_misread_collar_candidates_as_before(text: str) -> None:
    (now,) = collar.MisreadCollarNumberRecognizer.CANDIDATES
    assert _collar_matches(now, text) == _collar_matches(_OLD_COLLAR, text)


@pytest.mark.parametrize(
    "text",
    ["PC 47l6 Amy", "PS 8682SxX", "Dc 1244", "Constable 12O4", "collar no: 4S12",
     "PC\n9722", "PS\n7781NW", "PS 12th", "Inspector OO", "A/Sgt l234"],
)  # fmt: skip
def test_misread_collar_table(text: str) -> None:
    (now,) = collar.MisreadCollarNumberRecognizer.CANDIDATES
    assert _collar_matches(now, text) == _collar_matches(_OLD_COLLAR, text)
    assert _collar_matches(now, text)


def _email_pairs(text: str) -> list[tuple[object, ...]]:
    """The old candidates that can join into an address: those with an "@" in the pair (a
    pair without one never reads as an address)."""
    return [
        (m.span(), m["left"], m["right"])
        for m in _OLD_EMAIL.finditer(text, overlapped=True)
        if "@" in m.group()
    ]


def _email_pairs_now(text: str) -> list[tuple[object, ...]]:
    recogniser = email.MisreadEmailRecognizer()
    (now,) = recogniser.CANDIDATES
    return [
        (m.span(), m["left"], m["right"])
        for start, end in recogniser.parts(text)
        for m in now.finditer(text, start, end, overlapped=True)
    ]


class _OldMisreadEmail(email.MisreadEmailRecognizer):
    """The recogniser as it was: the old candidates, over the whole text."""

    CANDIDATES = (_OLD_EMAIL,)

    def parts(self, text: str) -> tuple[tuple[int, int], ...]:
        return ((0, len(text)),)


class _OldMisreadCollar(collar.MisreadCollarNumberRecognizer):
    CANDIDATES = (_OLD_COLLAR,)


def _misread_results(recogniser: PatternRecognizer | object, text: str) -> list[object]:
    results = recogniser.analyze(text, [])  # type: ignore[attr-defined]
    # the metadata less the recogniser's identifier (its class and address)
    return sorted(
        (*_key(r), r.recognition_metadata[OCR_ONLY], r.analysis_explanation.textual_explanation)
        for r in results
    )


@settings(max_examples=600, deadline=None)
@given(text=st.lists(st.sampled_from(_EMAIL_FRAGMENTS), max_size=25).map("".join))
def test_misread_email_candidates_as_before(text: str) -> None:
    assert _email_pairs_now(text) == _email_pairs(text)
    old = _misread_results(_OldMisreadEmail(), text)
    assert _misread_results(email.MisreadEmailRecognizer(), text) == old


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_COLLAR_FRAGMENTS), max_size=20).map("".join))
def test_misread_collar_results_as_before(text: str) -> None:
    old = _misread_results(_OldMisreadCollar(), text)
    assert _misread_results(collar.MisreadCollarNumberRecognizer(), text) == old


@pytest.mark.parametrize(
    "text",
    [
        "james .davis@force.police.uk",
        "foi @northshire.police.uk",
        "(nathan. fisher@example.police.uk)",
        "<jill harris@example.police.uk>",
        "write to me. fisher@example.police.uk",
        "a@b.uk. Then c@d.uk x\ny @z.uk",
        "no address here at all",
    ],
)
def test_misread_email_table(text: str) -> None:
    assert _email_pairs_now(text) == _email_pairs(text)


def _alternatives(source: str) -> list[str]:
    """The words of the first (?i:a|b|c) or (?:a|b|c) group of a pattern's source, as text."""
    group = regex.search(r"\(\?i?:((?:[^()]|\([^()]*\))*)\)", source)
    assert group is not None, source
    pieces, depth, current = [], 0, ""
    for ch in group.group(1):  # split at the group's own "|", not a nested group's
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    words = []
    for word in pieces:
        word = regex.sub(r"\(\?i?:[^)]*\)\??|\[[^\]]*\]|\\.|[?()]", " ", word).strip()
        words.append(" ".join(word.split()))
    return words


@pytest.mark.parametrize(
    ("source", "needs"),
    [
        (titled_name._RELATIVE, titled_name._RELATIVE_WORDS),
        (titled_name._ROLE.split("[ ]+", 1)[1], titled_name._ROLE_WORDS),
        (titled_name._HELPER, titled_name._HELPER_WORDS),
        (titled_name._MATERIAL, titled_name._MATERIAL_WORDS),
        (titled_name._NAMED_AS, titled_name._NAMED_AS_WORDS),
    ],
)
def test_every_introducing_word_of_a_pattern_meets_its_needs(source: str, needs: Needs) -> None:
    """A word added to a pattern's alternation but not to its needs would let the prefilter
    skip a page the pattern matches: each alternative, in any case, meets the needs."""
    for word in _alternatives(source):
        assert word, source
        for form in (word, word.upper(), word.capitalize()):
            if form != word and not source.startswith("(?i:"):
                continue  # a lower-case-only alternation
            assert needs.met(f"x {form} y"), (word, form)
