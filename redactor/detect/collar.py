"""Collar / shoulder numbers printed next to a rank: "PC 1234", "DS 4471", "PC 7627HT".

The finding is the number (with any Met borough letters), not the rank, so "PC" stays
readable and the box is no wider than the number.

Read by OCR, the number may come out misread (`misread.py`): "PC 47l6", "PS 8682SxX" (a letter
read twice), "Dc 1244". MisreadCollarNumberRecognizer takes the number after a rank (its first
letter a capital) or a label when at least two of its digits are real digits, with at most two
slips (a letter among the digits, a lower-case or third borough letter, a rank in the wrong
case); never an ordinal ("PS 12th"). OCR text only.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.misread import DIGIT_LIKE, MisreadRecognizer, Reading, as_digits

# Ranks that carry a collar number, as abbreviations (case-sensitive: "pc" is not a rank)
# and spelled out. Longer alternatives first so "PCSO" is not read as "PC".
RANK_ABBREVIATIONS = (
    "PCSO", "TDC", "DCI", "DSU", "PC", "DC", "PS", "DS", "SC", "SPC", "DI", "TDS",
    "Sgt", "SGT", "Insp", "INSP", "Det Sgt", "Det Con", "A/Sgt", "A/PS", "A/DS", "A/Insp",
)  # fmt: skip
RANK_WORDS = (
    "Police Constable", "Detective Constable", "Special Constable", "Constable",
    "Police Sergeant", "Detective Sergeant", "Sergeant", "Inspector",
)  # fmt: skip

_ABBREV = "|".join(regex.escape(r) for r in sorted(RANK_ABBREVIATIONS, key=len, reverse=True))
_WORDS = "|".join(regex.escape(r) for r in sorted(RANK_WORDS, key=len, reverse=True))
_RANK = rf"(?<=(?<![\w/])(?:{_ABBREV})\.?[ ]|\b(?i:{_WORDS})[ ])"
# The rank glued to the number ("PC1234"), but not a number plate whose letters read as a
# rank ("DS71 CCA", "PC19 XYZ": two letters, two digits, a space and three letters).
_RANK_GLUED = rf"(?<=(?<![\w/])(?:{_ABBREV})\.?)"
_NOT_A_PLATE = r"(?!(?<=\D\d\d)[ ][A-Z]{3}(?![\w]))"
_LABEL = r"(?<=\b(?i:collar|shoulder)[ ](?i:no|number|num)\b\.?[ ]?:?[ ]?)"
# A table row read cell by cell: the rank alone on its line and the number alone on the
# next ("PC\n9722", "PS\n7781NW"). One line break only: a blank line is a new block.
_RANK_LINE = rf"(?<=^[ \t]*(?:(?:{_ABBREV})\.?|(?i:{_WORDS}))[ \t]*\n[ \t]*)"
_LINE_END = r"(?=[ \t]*(?:\n|$))"
# Prose wrapped after the rank: "...were PC" / "4033 Joanna Davidson of the team": the number
# starts the next line and a capitalised word (the name) follows it.
_RANK_AT_LINE_END = rf"(?<=(?<![\w/])(?:{_ABBREV})\.?[ \t]*\n[ \t]*)"
_NAME_FOLLOWS = r"(?=[ ]+\p{Lu}\p{Ll})"
# ...and not a year starting the line ("a new PC" / "2024 Annual Report")
_NOT_A_YEAR = r"(?!(?:19|20)\d\d(?!\d))"
# 2-6 digits with up to two capital letters (borough code) glued on.
_NUMBER = r"\d{2,6}[A-Z]{0,2}(?![\w/]|[.:,\-]\d)"


class CollarNumberRecognizer(PatternRecognizer):
    """A shoulder number straight after a rank or a "collar number" label."""

    PATTERNS = (
        Pattern("collar number after rank", _RANK + _NUMBER, 0.8),
        Pattern("collar number glued to a rank", _RANK_GLUED + _NUMBER + _NOT_A_PLATE, 0.8),
        Pattern("collar number after label", _LABEL + _NUMBER, 0.85),
        Pattern("collar number on the line after a rank", _RANK_LINE + _NUMBER + _LINE_END, 0.8),
        Pattern(
            "collar number and name after a rank at a line end",
            _RANK_AT_LINE_END + _NOT_A_YEAR + _NUMBER + _NAME_FOLLOWS,
            0.75,
        ),
    )
    CONTEXT = ("collar", "shoulder", "officer", "constable", "sergeant")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="COLLAR_NUMBER",
            name="CollarNumberRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )


_ORDINAL = regex.compile(r"(?i:st|nd|rd|th)")
_RANKS = frozenset(RANK_ABBREVIATIONS)
MAX_SLIPS = 2


class MisreadCollarNumberRecognizer(MisreadRecognizer):
    """A collar number after a rank or label, as OCR misreads it; OCR text only."""

    ENTITY = "COLLAR_NUMBER"
    SCORE = 0.7
    CANDIDATES = (
        regex.compile(
            rf"(?:(?<![\w/])(?P<rank>(?i:{_ABBREV}))\.?[ ]?"
            # the number starts right here after the look-behinds: checked before them
            rf"|(?={DIGIT_LIKE}{{2}})(?:(?<=\b(?i:{_WORDS})[ ])|{_LABEL}|{_RANK_LINE}))"
            rf"(?P<num>{DIGIT_LIKE}{{2,6}}?)(?P<tail>[A-Za-z]{{0,3}})"
            r"(?![\w/]|[.:,\-]\d)",
            regex.MULTILINE,
        ),
    )
    CONTEXT = CollarNumberRecognizer.CONTEXT

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__("MisreadCollarNumberRecognizer", supported_language)

    def read(self, match: regex.Match[str], text: str) -> Reading | None:
        number = as_digits(match["num"])
        tail = match["tail"]
        rank = match["rank"]
        if number is None or _ORDINAL.fullmatch(tail) or (rank and not rank[0].isupper()):
            return None
        digits, slips = number
        if len(digits) - slips < 2:
            return None  # too few real digits to be a number at all
        slips += sum(ch.islower() for ch in tail) + max(0, len(tail) - 2)
        slips += bool(rank) and rank not in _RANKS
        if not 1 <= slips <= MAX_SLIPS:
            return None
        return Reading(match.start("num"), match.end(), digits + tail.upper())
