"""Names written surname first, as in lists, registers and custody records.

"MORAN, Julie", "O'BRIEN, Sean Patrick", and on a line of its own (a list entry, a table cell)
"Moran, Julie" or "- Swift, Arthur (duty solicitor)", also when a narrow cell wraps it after
the comma ("Fisher," / "Stephanie"). The capitalised surname is the police convention for
members of the public and is reliable anywhere; the mixed-case form is only taken when it starts
a line, because "Northtown, Eastgate" reads the same in running text. Both words in capitals
("ARSLAN, ESENTÜRK") are taken as a whole cell or line, after a label ("Defendant:"), or with a
known first name or surname, because headings are in capitals too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from redactor.detect.name_lists import has_known_name
from redactor.detect.names import RANK_ALTERNATIVES, TITLE_OR_RANK, is_name_word, name_spans
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
# The time a chat export or a log prints after the sender: "Tarhan, Nurkan 09:16".
_TIME = r"[ ]+[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?(?:[ ]?(?i:am|pm|hrs))?[ ]*$"
ALL_CAPITALS = "SURNAME, FORENAME"
WRAPPED = "Surname, / Forename over a line end"


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
            rf"^[ \t]*{_LIST_MARKER}?{_TITLE_WORD},[ ]{_FORENAMES}(?=[ ]*(?:\(|;|{_TIME}|$))",
            0.6,
        ),
        Pattern(
            "Surname, Forename after a rank",
            rf"(?<=(?<![\w/]){TITLE_OR_RANK}[ ]+\d{{2,6}}[A-Z]{{0,2}}[ ]+){_TITLE_WORD},[ ]"
            # not before a capitalised word: "DC 1773 Pandey, Kelderby CID" names a unit
            rf"{_FORENAMES}(?![\w'’\-])(?![ ]+\p{{Lu}})"
            # without a number, only where a list entry ends: "DCI Stănescu, Francisc - PPU"
            rf"|(?<=(?<![\w/])(?:{RANK_ALTERNATIVES})[ ]+){_TITLE_WORD},[ ]{_FORENAMES}"
            r"(?=[ ]*(?:[-–(;]|$))",
            0.75,
        ),
        Pattern(
            ALL_CAPITALS,
            rf"(?<![\w'’\-]){_CAPS_WORD}(?:[ \-]{_CAPS_WORD})?,[ ]?{_CAPS_WORD}"
            rf"(?:[ ]{_CAPS_WORD})?(?![\w'’\-])",
            0.7,
        ),
        Pattern(
            WRAPPED,
            rf"^[ \t]*{_LIST_MARKER}?(?:{_TITLE_WORD}|{_CAPS_WORD}),[ ]*\n[ \t]*{_FORENAMES}"
            r"(?=[ ]*(?:\(|;|$))",
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
            how = match.analysis_explanation.pattern_name if match.analysis_explanation else ""
            if how == WRAPPED:
                start = _skip_marker(text, match.start)
                if is_surname_first(" ".join(text[start : match.end].split())):
                    results.append(_with_span(match, start, match.end))
                continue
            if how == ALL_CAPITALS and not _supported(text, match.start, match.end):
                continue
            for start, end in name_spans(text, match.start, match.end):
                name = text[start:end]
                if "," not in name or not is_surname_first(name):
                    continue  # trimmed to one word: not the surname-first shape any more
                results.append(_with_span(match, start, end))
        return results


def _with_span(match: RecognizerResult, start: int, end: int) -> RecognizerResult:
    return RecognizerResult(
        entity_type=match.entity_type,
        start=start,
        end=end,
        score=match.score,
        analysis_explanation=match.analysis_explanation,
        recognition_metadata=match.recognition_metadata,
    )


_MARKER_AT = regex.compile(rf"[ \t]*{_LIST_MARKER}?")
_LABEL_BEFORE = regex.compile(r"\p{L}[\p{L} /()]{0,40}:[ \t]*$")


def _skip_marker(text: str, start: int) -> int:
    """Where the name starts, after any indent, bullet or log time at the start of a match."""
    marker = _MARKER_AT.match(text, start)
    return marker.end() if marker else start


def _supported(text: str, start: int, end: int) -> bool:
    """Whether two words in capitals with a comma are a name: a whole cell or line, after a
    label ("Defendant: ARSLAN, ESENTÜRK"), or holding a known first name or surname.
    "LONDON, ENGLAND" or "OFFICIAL, SENSITIVE" in a heading are none of these."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if not text[line_start:start].strip() and not text[end:line_end].strip(" .;"):
        return True
    if _LABEL_BEFORE.search(text, line_start, start):
        return True
    return has_known_name(text[start:end])


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
