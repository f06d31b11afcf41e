"""Police warrant (card) numbers, found only after a warrant label.

"Warrant No. 183746", "warrant number: 0412345", "Warrant card no 12A4567". The finding is
the number alone, so the label stays readable.
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from redactor.detect.prefilter import Needs, PrefilteredPatternRecognizer

# The label, matched by a look-behind (the `regex` module allows variable length).
# Words of the label may be broken over a line end ("his warrant\nnumber 790852"); "No,"
# is how OCR often reads "No." on a scan.
_LABEL = (
    r"(?<=\b(?i:warrant)(?:[ \n]+(?i:card))?[ \n]*"
    r"(?:(?i:no|nr|num|number)\b[.,]?|\#|(?i:id))?[ ]*[:.\-]?\s*)"
)
# 4-7 digits, sometimes with letters (prefix, suffix or inside); not a date or a
# reference with '/'. Its start is checked before the label's look-behind, which is slow (tried
# backwards at every position): the same matches, sooner rejected.
_NUMBER_START = r"(?<![\w/])(?=(?:[A-Z]*\d){4})"
_NUMBER = r"[A-Z]{0,3}\d[0-9A-Z]{2,8}\d[A-Z]{0,2}(?![\w/]|[.\-]\d)"


_GROUPED_START = r"(?<![\w/])(?=\d{3}[ \-]\d{3})"
_GROUPED = r"\d{3}[ \-]\d{3}(?![\w/]|[ .\-]\d)"


class WarrantNumberRecognizer(PrefilteredPatternRecognizer):
    """The number after "Warrant No." and similar labels."""

    PATTERNS = (
        Pattern("warrant number after label", _NUMBER_START + _LABEL + _NUMBER, 0.85),
        # six digits typed in two groups: "Warrant No: 204-581", "warrant number 204 581"
        Pattern(
            "warrant number in two groups after label", _GROUPED_START + _LABEL + _GROUPED, 0.85
        ),
    )
    # every label starts with the word "warrant"
    NEEDS: ClassVar[dict[str, Needs]] = {
        pattern.name: Needs(folded=("warrant",)) for pattern in PATTERNS
    }
    CONTEXT = ("warrant", "card", "officer")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="WARRANT_NUMBER",
            name="WarrantNumberRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # A four-digit year right after "warrant" ("the warrant 2024 review") is not a number.
        return (
            pattern_text.isdigit()
            and len(pattern_text) == 4
            and pattern_text.startswith(("19", "20"))
        )
