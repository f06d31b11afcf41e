"""Vehicle registration marks (VRMs) of Great Britain.

Current format (2001-): two letters, a two-digit age identifier, three letters ("AB12 CDE",
"AB12CDE"). Prefix (1983-2001: "A123 BCD") and suffix (1963-1983: "ABC 123D") formats are
found as they are; the dateless and cherished forms ("ABC 123", "1 XYZ") look like too many
other codes, so they are found only straight after a label ("VRM:", "registration",
"vehicle", "reg", "index", "plate").

Left alone: collar numbers with borough letters ("4854RG", "PC 7627HT"), postcodes, FOI
references ("01.FOI.22.024312"), form codes ("LFR/2") and words in capitals.

Read by OCR, a mark may come out misread (`misread.py`): "DMi2 GUV", "VO71 RKI", "VO71 RKu".
MisreadVehicleRegistrationRecognizer reads each position as the format expects and proposes
what still has the shape of a current, prefix or suffix mark: at least one real digit, the age
identifier of a current mark valid, the year letter of an older mark a real letter, a number
without a leading zero, at most two slips in a current mark and one in an older one, and never
something that reads as a postcode as it stands ("B12 8HX"). OCR text only, unless a label
("VRM:", "registration") comes straight before it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from redactor.detect.collar import RANK_ABBREVIATIONS
from redactor.detect.misread import (
    DIGIT_LIKE,
    LETTER_LIKE,
    MisreadRecognizer,
    Reading,
    as_digits,
    as_letters,
)
from redactor.detect.postcode_format import POSTCODE

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
        return _is_rank_and_number(pattern_text)


# What OCR may print for each shape; at least one real digit among the digits.
_D = DIGIT_LIKE
_A = LETTER_LIKE
_NUM = rf"(?P<num>(?={_D}{{0,2}}\d){_D}{{1,3}})"
_TAIL = rf"(?P<tail>{_A}{{3}})"
_MISREAD_SHAPES = {
    "current": rf"(?P<area>{_A}{{2}})(?P<num>\d{_D}|{_D}\d)[ ]?{_TAIL}",
    "prefix": rf"(?P<year>[A-Z]){_NUM}[ ]?{_TAIL}",
    "suffix": rf"{_TAIL}[ ]?{_NUM}(?P<year>[A-Z])",
}
_SHAPES = {shape: regex.compile(pattern) for shape, pattern in _MISREAD_SHAPES.items()}
_MAX_SLIPS = {"current": 2, "prefix": 1, "suffix": 1}
_AREA = regex.compile(r"[A-HJ-PR-Y]{2}")
_AGE = regex.compile(r"0[2-9]|[12]\d|5[1-9]|[67]\d")
_YEAR = regex.compile(r"[A-HJ-NPR-TV-Y]")
_NOT_ISSUED = frozenset("IQ")  # read where a letter belongs, they are misreads too
_POSTCODE = regex.compile(POSTCODE)
_LABELLED = regex.compile(_LABEL)
# Each word a label starts with, bounded as in _LABEL (where every one is a whole word).
_LABEL_WORD = regex.compile(r"\b(?i:vrm|vehicle|reg|registration|index|plate)\b")
_VALID = regex.compile(VRM)


@dataclass(frozen=True)
class _Fit:
    mark: str  # the mark with OCR's slips undone
    slips: int
    valid: bool  # a real mark of its format, with few enough slips


def _fit(shape: str, seen: str) -> _Fit | None:
    """`seen` read as a mark of one format; None when it does not have that format's shape."""
    match = _SHAPES[shape].fullmatch(seen)
    number = as_digits(match["num"]) if match else None
    tail = as_letters(match["tail"]) if match else None
    if match is None or number is None or tail is None:
        return None
    digits, slips = number
    letters, tail_slips = tail
    slips += tail_slips + sum(ch in _NOT_ISSUED for ch in letters)
    if shape == "current":
        area = as_letters(match["area"])
        if area is None:
            return None
        slips += area[1] + (0 if _AREA.fullmatch(area[0]) else 1)
        mark = f"{area[0]}{digits} {letters}"
        valid = bool(_AGE.fullmatch(digits))
    else:
        year = match["year"]
        mark = f"{year}{digits} {letters}" if shape == "prefix" else f"{letters} {digits}{year}"
        valid = not digits.startswith("0") and bool(_YEAR.fullmatch(year))
    return _Fit(mark, slips, valid and slips <= _MAX_SLIPS[shape])


def read_misread_mark(seen: str) -> str | None:
    """The mark `seen` says with OCR's slips undone, read in the format whose shape it fits with
    the fewest slips ("AB00 CDE" is a current mark with a bad age identifier, not a prefix mark
    with B for 8); None when that reading is not a real mark, or needs no slip undone (the
    strict patterns find it)."""
    fits = [fit for shape in _SHAPES if (fit := _fit(shape, seen)) is not None]
    if not fits:
        return None
    fewest = min(fit.slips for fit in fits)
    best = [fit for fit in fits if fit.slips == fewest and fit.valid]
    return best[0].mark if best and fewest > 0 else None


class MisreadVehicleRegistrationRecognizer(MisreadRecognizer):
    """A GB mark as OCR misreads it ("DMi2 GUV"); OCR text only, unless after a label."""

    ENTITY = "VEHICLE_REGISTRATION"
    SCORE = 0.6
    CANDIDATES = tuple(
        regex.compile(rf"{_LEFT}(?P<{shape}>{pattern}){_RIGHT}")
        for shape, pattern in _MISREAD_SHAPES.items()
    )
    CONTEXT = VehicleRegistrationRecognizer.CONTEXT
    # a reading stands outside OCR text only after a label (_LABEL), which holds one of these
    # words, whole, in any case ("reg" in "regards" is no label)
    NOT_OCR_ONLY_NEEDS = _LABEL_WORD

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__("MisreadVehicleRegistrationRecognizer", supported_language)

    def read(self, match: regex.Match[str], text: str) -> Reading | None:
        shape = next(name for name in _MISREAD_SHAPES if name in match.re.groupindex)
        seen = match[shape]
        if _VALID.fullmatch(seen) or _POSTCODE.fullmatch(seen) or _is_rank_and_number(seen):
            return None  # a mark as it stands (the strict patterns), a postcode, a collar number
        mark = read_misread_mark(seen)
        if mark is None:
            return None
        labelled = _LABELLED.match(text, match.start()) is not None
        return Reading(match.start(), match.end(), mark, ocr_only=not labelled)


_GLUED_CURRENT = regex.compile(rf"[A-Z]{{2}}\d\d[ ]{_L}{{3}}")


def _is_rank_and_number(text: str) -> bool:
    """ "DCI 123A": a rank and a collar number, not a suffix-format mark. A current mark
    written as one ("DS71 CCA": the letters glued to the age digits, then a space and three
    letters) is a plate whatever its first two letters."""
    if _GLUED_CURRENT.fullmatch(text):
        return False
    letters = text.split()[0] if " " in text else text[:3]
    return letters.rstrip("0123456789") in _RANKS
