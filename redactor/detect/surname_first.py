"""Names written surname first, as in lists, registers and custody records.

"MORAN, Julie", "O'BRIEN, Sean Patrick", and on a line of its own (a list entry, a table cell)
"Moran, Julie" or "- Swift, Arthur (duty solicitor)". The capitalised surname is the police
convention for members of the public and is reliable anywhere; the mixed-case form is only
taken when it starts a line, because "Northtown, Eastgate" reads the same in running text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from redactor.detect.names import is_name_word, name_spans
from redactor.detect.person import NOT_A_PERSON_NAMES

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_CAPS_WORD = r"\p{Lu}[\p{Lu}\p{M}'’]*[\p{Lu}\p{M}]"  # any script: ARSLAN, ESENTÜRK
_TITLE_WORD = r"\p{Lu}[\p{L}\p{M}'’\-]*[\p{Ll}\p{M}]"  # Froń, Gheorghiță
_FORENAMES = rf"{_TITLE_WORD}(?:[ ]{_TITLE_WORD})?"
# a bullet, a number, a letter in brackets, or the time of a log entry ("21:52 Najeeb, Aasim")
_LIST_MARKER = (
    r"(?:[-•*·–][ ]+|\d{1,3}[.)][ ]+|\([a-z0-9]{1,3}\)[ ]+|[0-2]?\d[:.][0-5]\d(?:hrs)?[ ]+)"
)


class SurnameFirstRecognizer(PatternRecognizer):
    """'SURNAME, Forename' anywhere; 'Surname, Forename' at the start of a line."""

    PATTERNS = (
        Pattern(
            "SURNAME, Forename",
            rf"(?<![\w'’\-]){_CAPS_WORD}(?:[ \-]{_CAPS_WORD})?,[ ]?{_FORENAMES}(?![\w'’\-])",
            0.75,
        ),
        Pattern(
            "Surname, Forename on its own line",
            rf"^[ \t]*{_LIST_MARKER}?{_TITLE_WORD},[ ]{_FORENAMES}(?=[ ]*(?:\(|;|$))",
            0.6,
        ),
    )
    CONTEXT = ("name", "surname", "forename", "present", "attendees", "witness", "suspect")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PERSON",
            name="SurnameFirstRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.MULTILINE,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = []
        for match in super().analyze(text, entities, nlp_artifacts, regex_flags):
            for start, end in name_spans(text, match.start, match.end):
                name = text[start:end]
                if "," not in name or not is_surname_first(name):
                    continue  # trimmed to one word: not the surname-first shape any more
                results.append(
                    RecognizerResult(
                        entity_type=match.entity_type,
                        start=start,
                        end=end,
                        score=match.score,
                        analysis_explanation=match.analysis_explanation,
                        recognition_metadata=match.recognition_metadata,
                    )
                )
        return results


def is_surname_first(name: str) -> bool:
    """Both sides of the comma present; every part of every word a name word (not
    "OFFICIAL-SENSITIVE"), and no place or force name among them."""
    surname, _, forenames = name.partition(",")
    if not surname.strip() or not forenames.strip():
        return False
    parts = [p for p in regex.split(r"[\s\-]+", f"{surname} {forenames}") if p]
    if not all(is_name_word(p) for p in parts):
        return False
    words = [w.lower() for w in parts]
    return not any(w in NOT_A_PERSON_NAMES for w in words)
