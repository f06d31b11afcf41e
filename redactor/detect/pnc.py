"""Police National Computer IDs: "YY/NNNNNNNA", e.g. "98/1234567A" or "12/345678A".

The two-digit year and the serial (zero-padded to seven digits) read as one nine-digit number,
divided by 23: the remainder picks the check letter from ZABCDEFGHJKLMNPQRTUVWXY (I, O and
S are never used). The display form drops the serial's leading zeros; the long form keeps the
century ("1998/1234567A"). A mark with the right check letter is found anywhere; one whose
letter does not check is found only after "PNC" / "PNCID" / "PNC ID", with a lower score.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
SERIAL_DIGITS = 7
# Any serial length after a label; at least four digits without one (fewer could be a
# paragraph or form reference such as "12/3A" that happens to check).
PNC_ID = r"(?:\d{4}|\d{2})/\d{1,7}[A-Z]"
_BARE_ID = r"(?:\d{4}|\d{2})/\d{4,7}[A-Z]"
_LEFT = r"(?<![\w/.\-])"
_RIGHT = r"(?![\w/]|[.\-]\w)"
_LABEL = r"(?<=\b(?i:pnc[ ]?(?:id|no|number|ref)?|pncid)\b\.?[ ]?:?[ ]?)"
_CHECKED = "PNC ID (check letter verified)"
_VALID_SCORE = 0.9
_LABELLED_SCORE = 0.6


def check_letter(year: str, serial: str) -> str:
    """The check letter for a two-digit year and a serial of up to seven digits."""
    number = int(year[-2:] + serial.zfill(SERIAL_DIGITS))
    return CHECK_LETTERS[number % len(CHECK_LETTERS)]


def is_valid_pnc_id(text: str) -> bool:
    year, _, rest = text.upper().partition("/")
    serial, letter = rest[:-1], rest[-1:]
    if not (year.isdigit() and serial.isdigit() and len(year) in (2, 4)):
        return False
    if not 1 <= len(serial) <= SERIAL_DIGITS:
        return False
    return check_letter(year, serial) == letter


class PncIdRecognizer(PatternRecognizer):
    """A PNC ID whose check letter is right, or any PNC-shaped ID after a PNC label."""

    PATTERNS = (
        # Scored below the labelled pattern so that, when both match, Presidio keeps the
        # labelled one; analyze() then raises every verified ID to _VALID_SCORE.
        Pattern(_CHECKED, rf"{_LEFT}{_BARE_ID}{_RIGHT}", _LABELLED_SCORE - 0.05),
        Pattern("PNC ID after label", rf"{_LABEL}{PNC_ID}{_RIGHT}", _LABELLED_SCORE),
    )
    CONTEXT = ("pnc", "pncid", "criminal", "record")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PNC_ID",
            name="PncIdRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's pattern matching, then: a bare ID must check; a labelled one that checks
        takes the higher score."""
        kept = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            valid = is_valid_pnc_id(text[result.start : result.end])
            explanation = result.analysis_explanation
            checked = explanation is not None and explanation.pattern_name == _CHECKED
            if checked and not valid:
                continue
            if valid and explanation is not None and not checked:
                explanation.pattern_name = f"{explanation.pattern_name}, check letter verified"
            if valid:
                result.score = max(result.score, _VALID_SCORE)
            kept.append(result)
        return kept
