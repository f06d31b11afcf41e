"""Vehicle registration marks (VRMs) of Great Britain.

Current format (2001-): two letters, a two-digit age identifier, three letters ("AB12 CDE",
"AB12CDE"). Prefix (1983-2001: "A123 BCD") and suffix (1963-1983: "ABC 123D") formats are
found as they are; the dateless and cherished forms ("ABC 123", "1 XYZ") look like too many
other codes, so they are found only straight after a label ("VRM:", "registration",
"vehicle", "reg", "index", "plate").

Left alone: collar numbers with borough letters ("4854RG", "PC 7627HT"), postcodes, FOI
references ("01.FOI.22.024312"), form codes ("LFR/2") and words in capitals.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.collar import RANK_ABBREVIATIONS

_LEFT = r"(?<![\w/.\-])"
_RIGHT = r"(?![\w/]|[.\-]\w)"
# I, Q (and Z in the first two places of current marks) are never issued.
_L = "[A-HJ-PR-Z]"
# Current: area code (not I Q Z), age identifier 02-29 or 51-79 (March / September issues).
CURRENT = rf"[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d)[ ]?{_L}{{3}}"
# Prefix: year letter (A-Y, not I O Q U Z), 1-3 digits, three letters.
PREFIX = rf"[A-HJ-NPR-TV-Y]\d{{1,3}}[ ]?{_L}{{3}}"
# Suffix: three letters, 1-3 digits, year letter.
SUFFIX = rf"{_L}{{3}}[ ]?\d{{1,3}}[A-HJ-NPR-TV-Y]"
# Dateless: 1-3 letters and 1-4 digits, either way round.
DATELESS = rf"(?:{_L}{{1,3}}[ ]?\d{{1,4}}|\d{{1,4}}[ ]?{_L}{{1,3}})"
_LABEL = (
    r"(?<=\b(?i:vrm|vehicle(?:[ ]reg(?:istration)?)?|reg(?:istration)?|index|"
    r"(?:number[ ])?plate)(?:[ ](?i:no|number|mark))?\b\.?[ ]?:?[ ]?)"
)
VRM = rf"(?:{CURRENT}|{PREFIX}|{SUFFIX})"
_RANKS = frozenset(r.upper() for r in RANK_ABBREVIATIONS)


class VehicleRegistrationRecognizer(PatternRecognizer):
    """A GB number plate, by format; short forms only after a label."""

    PATTERNS = (
        Pattern("GB registration (current)", rf"{_LEFT}{CURRENT}{_RIGHT}", 0.8),
        Pattern("GB registration (prefix)", rf"{_LEFT}{PREFIX}{_RIGHT}", 0.6),
        Pattern("GB registration (suffix)", rf"{_LEFT}{SUFFIX}{_RIGHT}", 0.6),
        Pattern("GB registration after label", rf"{_LABEL}{DATELESS}{_RIGHT}", 0.7),
    )
    CONTEXT = ("vrm", "vehicle", "registration", "reg", "index", "plate", "car", "van")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="VEHICLE_REGISTRATION",
            name="VehicleRegistrationRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        # "DCI 123A": a rank and a collar number, not a suffix-format plate.
        letters = pattern_text.split()[0] if " " in pattern_text else pattern_text[:3]
        return letters.rstrip("0123456789") in _RANKS
