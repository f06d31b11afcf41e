"""UK postcodes in the official format: outward code, a space, inward code ("LS6 2QT", "SW1A 1AA").

Only full postcodes: an outward code alone ("LS6", "SW1A") names a district, not a home. The
space may be left out ("LS62QT") because the inward code is always a digit and two letters, so
the split is never in doubt; the postcode must then be a whole word. Upper or lower case, but
not mixed ("Ls6 2qT" is more likely a typo in something else). The postcode of an
organisation's address (a letterhead, "write to us at") is left alone, as its street is.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.address import organisation_postcode
from redactor.detect.postcode_format import INWARD, OUTWARD, POSTCODE

_LEFT = r"(?<![\w/.\-])"
_RIGHT = r"(?![\w/]|[.\-]\w)"


class PostcodeRecognizer(PatternRecognizer):
    """A full UK postcode."""

    PATTERNS = (
        Pattern("UK postcode", rf"{_LEFT}(?-i:{OUTWARD}[ ]{INWARD}|GIR[ ]0AA){_RIGHT}", 0.85),
        Pattern("UK postcode (no space)", rf"{_LEFT}(?-i:{OUTWARD}{INWARD}){_RIGHT}", 0.7),
        Pattern("UK postcode (lower case)", rf"{_LEFT}(?-i:{POSTCODE.lower()}){_RIGHT}", 0.6),
    )
    CONTEXT = ("postcode", "post", "code", "address", "live", "lives", "resides", "home")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="POSTCODE",
            name="PostcodeRecognizer",
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
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not organisation_postcode(text, r.start)]
