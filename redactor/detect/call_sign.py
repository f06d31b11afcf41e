"""Radio call signs read as names: "Whiskey Victor 21", "Tango Lima 12".

Units are called by words of the NATO phonetic alphabet, and some of those words are given names
too (Victor, Oscar, Juliet, Romeo). A run of two or more alphabet words followed by a number,
or of three or more, is a call sign: no PERSON finding inside it stands.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from redactor.models import Finding

PHONETIC_ALPHABET = (
    "Alpha", "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
    "Juliet", "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
    "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "Whisky", "X-ray", "Xray", "Yankee",
    "Zulu",
)  # fmt: skip
_LETTER = "(?:" + "|".join(sorted(PHONETIC_ALPHABET, key=len, reverse=True)) + ")"
_CALL_SIGN = regex.compile(
    rf"(?<![\w'’\-])(?i:{_LETTER})(?:(?:[ ](?i:{_LETTER})){{1,3}}[ ]\d{{1,3}}(?!\w)"
    rf"|(?:[ ](?i:{_LETTER})){{2,3}}(?![\w'’\-]))"
)


def call_signs(text: str) -> list[tuple[int, int]]:
    """Spans of the call signs in `text`."""
    return [m.span() for m in _CALL_SIGN.finditer(text)]


def drop_call_signs(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """PERSON findings wholly inside a call sign are dropped; everything else is kept."""
    findings = list(findings)
    spans = call_signs(text) if any(f.entity_type == "PERSON" for f in findings) else []
    if not spans:
        return findings
    return [
        f
        for f in findings
        if f.entity_type != "PERSON" or not any(s <= f.start and f.end <= e for s, e in spans)
    ]
