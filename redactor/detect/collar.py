"""Collar / shoulder numbers printed next to a rank: "PC 1234", "DS 4471", "PC 7627HT".

The finding is the number (with any Met borough letters), not the rank, so "PC" stays
readable and the box is no wider than the number.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

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
_RANK = rf"(?<=(?<![\w/])(?:{_ABBREV})\.?[ ]?|\b(?i:{_WORDS})[ ])"
_LABEL = r"(?<=\b(?i:collar|shoulder)[ ](?i:no|number|num)\b\.?[ ]?:?[ ]?)"
# A table row read cell by cell: the rank alone on its line and the number alone on the
# next ("PC\n9722", "PS\n7781NW"). One line break only: a blank line is a new block.
_RANK_LINE = rf"(?<=^[ \t]*(?:(?:{_ABBREV})\.?|(?i:{_WORDS}))[ \t]*\n[ \t]*)"
_LINE_END = r"(?=[ \t]*(?:\n|$))"
# 2-6 digits with up to two capital letters (borough code) glued on.
_NUMBER = r"\d{2,6}[A-Z]{0,2}(?![\w/]|[.:,\-]\d)"


class CollarNumberRecognizer(PatternRecognizer):
    """A shoulder number straight after a rank or a "collar number" label."""

    PATTERNS = (
        Pattern("collar number after rank", _RANK + _NUMBER, 0.8),
        Pattern("collar number after label", _LABEL + _NUMBER, 0.85),
        Pattern("collar number on the line after a rank", _RANK_LINE + _NUMBER + _LINE_END, 0.8),
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
