"""Dates of birth: a date is found only when its own line says it is a birth date.

"DOB: 12/03/1987", "D.O.B. 12.03.87", "Date of birth 12 March 1987", "born on 12th March
1987", "(DOB: March 12, 1987)", "12/03/1987 (DOB)", or a "Date of birth" label with the date
on the next line. Every other date (letter dates, "Sent: 14 March 2025", incident dates) stays
visible: dates are what a disclosure is about. A date of birth in a table under a "DOB"
column is found by the table context (redactor/columns.py).
"""

from __future__ import annotations

from typing import ClassVar

import regex
from presidio_analyzer import Pattern

from redactor.detect.prefilter import Needs, PrefilteredPatternRecognizer

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ORDINAL = r"(?:st|nd|rd|th)?"
# A full date (day, month and year) in the forms people type.
DATE = (
    rf"(?:{_DAY}([/.\-])(?:0?[1-9]|1[0-2])\1(?:19|20)?\d\d"
    rf"|{_DAY}{_ORDINAL}[ ](?:of[ ])?(?i:{_MONTH}),?[ ](?:19|20)\d\d"
    rf"|(?i:{_MONTH})[ ]{_DAY}{_ORDINAL},?[ ](?:19|20)\d\d"
    # "12-MAR-1987" as police systems print it, and ISO "1987-03-12"
    rf"|{_DAY}[/\-](?i:{_MONTH})[/\-](?:19|20)?\d\d"
    rf"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
)
# Words of the keyword may be broken over a line end ("date of\nbirth as 15/12/1974").
_KEYWORD = r"(?i:dob|d\.o\.b\.?|date[ \n]of[ \n]birth|birth[ \n]?date|born(?:[ \n]on)?)"
# A date starts with a digit or a month name: checked before the slower look-behind.
_STARTS = r"(?=\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
# The keyword, then up to 30 characters with no digit, full stop or semicolon and at most one
# line break ("Date of birth of the suspect:", "their date of birth,\n07/11/1999"; a form label
# alone on the line above).
_AFTER_KEYWORD = rf"(?<=\b{_KEYWORD}(?:[^\n\d.;]{{0,30}}(?:\n[^\n\d.;]{{0,30}})?))"
# "12/03/1987 (DOB)": the keyword in brackets straight after the date.
_BEFORE_KEYWORD = rf"(?=[ ]?[(\[][ ]?{_KEYWORD}[ ]?[)\]])"
_LEFT = r"(?<![\w/.\-])"
_RIGHT = r"(?![\w/]|[.\-]\d)"


class BirthDateRecognizer(PrefilteredPatternRecognizer):
    """A full date that its own line calls a date of birth."""

    PATTERNS = (
        Pattern(
            "date after a date-of-birth label", rf"{_STARTS}{_AFTER_KEYWORD}{DATE}{_RIGHT}", 0.85
        ),
        Pattern("date before '(DOB)'", rf"{_LEFT}{DATE}{_BEFORE_KEYWORD}", 0.85),
    )
    # every form of the keyword holds one of these
    NEEDS: ClassVar[dict[str, Needs]] = {
        pattern.name: Needs(folded=("dob", "d.o.b", "birth", "born")) for pattern in PATTERNS
    }
    CONTEXT = ("dob", "birth", "born")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="DATE_OF_BIRTH",
            name="BirthDateRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )
