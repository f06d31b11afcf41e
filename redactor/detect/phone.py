"""UK telephone numbers: landlines, mobiles, +44 forms, with an optional extension.

A number that prose wrapped at one of its spaces ("call me on 01632 960\n417") is found too,
when what ends the line is not a whole number by itself.

Left alone on purpose: 101 / 999 (too short), FOI and log references such as 2216/2025 or
01.FOI.22.024312, dates (01/02/2025, 01-02-2025) and times: none has the 10-11 digit shape
of a UK number starting with 0 or +44.
"""

from __future__ import annotations

import phonenumbers
import regex
from presidio_analyzer import Pattern, PatternRecognizer

# Separator between digit groups: one space or hyphen, never a line break (so table cells
# on different lines are not glued together).
_SEP = r"[ \-]?"
_EXT = r"(?:[ ]?,?[ ]?(?:(?i:ext(?:n|ension)?)\.?[ ]?:?[ ]?|x[ ]?)\d{2,6})?"
_LEFT = r"(?<![\w/+.\-])"
_RIGHT = r"(?![\w/]|[.\-]\d)"

# National: 0 + 9 or 10 more digits (10-11 in all). "(0161) 496 0000" form too.
_NATIONAL = rf"0[1-9](?:{_SEP}\d){{8,9}}"
_BRACKETED = rf"\(0\d{{2,4}}\)[ ]?\d(?:{_SEP}\d){{5,7}}"
# International: +44 / 0044, optional (0), then 9-10 significant digits.
_INTERNATIONAL = rf"(?:\+|00)[ ]?44[ ]?(?:\(0\)[ ]?)?[1-9](?:{_SEP}\d){{8,9}}"

# Wrapped at a line end where a space was: the part before the break is a beginning only (see
# `validate_result`), so a whole number ending one line never takes digits from the next.
_BREAK = r"[ ]?\n[ ]?"
_WRAPPED = (
    rf"(?:0[1-9]|(?:\+|00)[ ]?44[ ]?(?:\(0\)[ ]?)?[1-9])(?:{_SEP}\d){{1,8}}"
    rf"{_BREAK}\d(?:{_SEP}\d){{1,8}}"
)

_EXT_SPLIT = regex.compile(r"(?i)[ ,]*(?:ext(?:n|ension)?\.?[ ]?:?|x)[ ]?\d{2,6}$")
# First digit of a UK national significant number in use (04 and 06 are unassigned).
_LEADING = set("1235789")


class UkPhoneRecognizer(PatternRecognizer):
    """A UK phone number as printed in signatures and contact tables."""

    PATTERNS = (
        Pattern("UK phone (+44)", rf"{_LEFT}{_INTERNATIONAL}{_EXT}{_RIGHT}", 0.7),
        Pattern("UK phone (bracketed area code)", rf"{_LEFT}{_BRACKETED}{_EXT}{_RIGHT}", 0.7),
        Pattern("UK phone", rf"{_LEFT}{_NATIONAL}{_EXT}{_RIGHT}", 0.7),
        Pattern("UK phone wrapped at a line end", rf"{_LEFT}{_WRAPPED}{_RIGHT}", 0.7),
        # A bare extension is a direct line too ("Tel: ext 7341").
        Pattern("extension", r"(?<!\w)(?i:ext(?:n|ension)?)\.?[ ]?:?[ ]?\d{3,6}(?!\w)", 0.6),
    )
    CONTEXT = (
        "tel", "telephone", "phone", "mobile", "mob", "direct", "dial", "ddi", "contact",
        "call", "fax", "ext", "extension", "landline", "number",
    )  # fmt: skip

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER",
            name="UkPhoneRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        if pattern_text[:1] in "eE":
            return None  # a bare extension: no number to check, keep the pattern's score
        if "\n" in pattern_text:
            if _is_whole(pattern_text.split("\n")[0]):
                return False  # a whole number ends the line: the next line is something else
            return _is_whole(" ".join(pattern_text.split()))
        return _is_number(_EXT_SPLIT.sub("", pattern_text))


def _is_whole(number: str) -> bool:
    """A number of the length the patterns above take (9 or 10 digits after the 0 or +44)."""
    return _is_number(number) and len(str(phonenumbers.parse(number, "GB").national_number)) >= 9


def _is_number(number: str) -> bool:
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return False
    if parsed.country_code != 44 or not phonenumbers.is_possible_number(parsed):
        return False
    # Ofcom's drama ranges (07700 900xxx, 01632 960xxx) are possible but not "valid"; they
    # must still be found, so accept any possible number with a live leading digit.
    return str(parsed.national_number)[:1] in _LEADING
