"""Names the spaCy model missed, recognised from lists of known first names and surnames.

"her neighbour Laban Sinha, who", "22:48 Fisher, Stephanie", "PNC print for WANG Fang": two or
three capitalised words on one line whose first word is a known first name and whose last word
is a known surname (or, with a comma or with the surname in capitals, the other way round).
The lists are derived from the names-dataset package by
`tools/derive_known_names.py` (names among the most frequent in at least one country) and
shipped gzipped with redactor (`name_lists.py`); nothing is fetched at run time. Words that are
never names, that the page also writes in lower case, street names and operation names are not
taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from redactor.detect.name_lists import known_names
from redactor.detect.names import (
    NON_NAME_WORDS,
    is_operation_name,
    is_street_name,
    is_title_or_rank,
)
from redactor.detect.person import (
    LOWER_WORD,
    NOT_A_PERSON_NAMES,
    is_plausible_person,
    written_in_lowercase,
)

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_WORD = r"\p{Lu}(?:\p{Ll}+|\p{Lu}+)(?:['’\-]\p{Lu}?\p{L}+)?"
_EDGE = r"(?<![\p{L}\d'’\-@./])"
_AFTER = r"(?![\p{L}\d'’\-@]|\.\w)"
# What may open a surname of two words: a lower-case particle ("da Rocha", "van den Berg")
# or an Irish or Scottish prefix ("Mac Connallta", "Ó Reachtabhra", "Ní Bhriain").
_PREFIX = (
    r"(?:de|da|das|do|dos|des|del|della|di|du|van|von|der|den|le|la|ter|ten"
    r"|Mac|Mc|Mhic|Nic|Ní|Ó|Ua|Uí)"
)
_PREFIX_WORD = regex.compile(rf"{_PREFIX}")
# a run of capitalised words on one line; names are looked for inside it
_RUN = regex.compile(rf"{_EDGE}{_WORD}(?:[ ](?:{_PREFIX}[ ]){{0,2}}{_WORD})*{_AFTER}")
_SURNAME_FIRST = regex.compile(rf"{_EDGE}({_WORD}),[ ]({_WORD})(?:[ ]{_WORD})?{_AFTER}")
_WORD_SPAN = regex.compile(r"\S+")
# "MORRISON Ruth", "WANG Fang": the surname in capitals first, no comma (registers, PNC prints)
_CAPS_SURNAME_FIRST = regex.compile(
    rf"{_EDGE}(\p{{Lu}}[\p{{Lu}}\p{{M}}'’\-]*\p{{Lu}})"
    rf"[ ](\p{{Lu}}\p{{Ll}}[\p{{L}}\p{{M}}'’\-]*){_AFTER}"
)
# (pattern, how the log explains it): surname in group 1, first name in group 2
_SURNAME_FIRST_FORMS = (
    (_CAPS_SURNAME_FIRST, "SURNAME first name"),
    (_SURNAME_FIRST, "surname, first name"),
)


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of a run, a prefix joined to the word after it: "Livia", "da Rocha"."""
    units: list[tuple[int, int]] = []
    opened: int | None = None
    for match in _WORD_SPAN.finditer(text, start, end):
        if _PREFIX_WORD.fullmatch(match.group()) and match.end() < end:
            opened = match.start() if opened is None else opened
            continue
        units.append((match.start() if opened is None else opened, match.end()))
        opened = None
    return units


def _usable(word: str) -> bool:
    if word.isupper() and len(word) <= 2:
        return False  # "PO Box", "DI": abbreviations, not names
    low = word.casefold()
    return (
        low not in NON_NAME_WORDS and low not in NOT_A_PERSON_NAMES and not is_title_or_rank(word)
    )


class KnownNameRecognizer(EntityRecognizer):
    """A known first name followed by a known surname, or 'Surname, First'."""

    NAME = "KnownNameRecognizer"
    SCORE = 0.6

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["PERSON"], name=self.NAME, supported_language=supported_language
        )

    def load(self) -> None:
        known_names()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        first, last = known_names()
        lowercase = set(LOWER_WORD.findall(text))
        results = []
        for run in _RUN.finditer(text):
            if not is_plausible_person(run.group()):
                continue  # "Bernard Weatherill House": a building, an office, a force
            words = _units(text, run.start(), run.end())
            i = 0
            while i < len(words) - 1:
                for size in (3, 2):  # "First Middle Last" before "First Last"
                    if i + size > len(words):
                        continue
                    start, end = words[i][0], words[i + size - 1][1]
                    family = text[words[i + size - 1][0] : end]
                    if (
                        text[words[i][0] : words[i][1]].casefold() in first
                        and (family.casefold() in last or " " in family)
                        and self._plausible(text, start, end, lowercase)
                    ):
                        results.append(self._result(start, end, "first name + surname"))
                        i += size - 1
                        break
                i += 1
        for pattern, how in _SURNAME_FIRST_FORMS:
            for match in pattern.finditer(text):
                family, given = match.group(1), match.group(2)
                start, end = match.span()
                known = given.casefold() in first and family.casefold() in last
                taken = any(r.start == start and r.end == end for r in results)
                if known and not taken and self._plausible(text, start, end, lowercase):
                    results.append(self._result(start, end, how))
        return results

    @staticmethod
    def _plausible(text: str, start: int, end: int, lowercase: set[str]) -> bool:
        name = text[start:end]
        words = [w for w in name.replace(",", " ").split() if not _PREFIX_WORD.fullmatch(w)]
        if not all(_usable(w) for w in words):
            return False
        if written_in_lowercase(name, lowercase) or is_operation_name(text, start):
            return False
        return not is_street_name(text, start, end)

    def _result(self, start: int, end: int, how: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.NAME, original_score=self.SCORE, textual_explanation=f"known {how}"
        )
        return RecognizerResult(
            entity_type="PERSON",
            start=start,
            end=end,
            score=self.SCORE,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
