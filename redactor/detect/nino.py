"""National Insurance numbers: two prefix letters, six digits, a suffix letter A-D.

"AB 12 34 56 C", "JG103759A", "AB123456C". Presidio's UkNinoRecognizer (off by default)
is not used: it matches lower-case prose ("on 12 34 56 a") and mixed spacing, and its
base score sits at the threshold. HMRC's prefix rules are applied here: the first letter is
never D F I Q U V, the second never D F I O Q U V, and BG GB KN NK NT TN ZZ are not issued.
Upper case only.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

_PREFIX = r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
# The digit pairs are spaced alike: "12 34 56" or "123456", not "12 3456".
NINO = rf"{_PREFIX}[ ]?(?:\d{{6}}|\d{{2}}[ ]\d{{2}}[ ]\d{{2}})[ ]?[A-D]"
_LEFT = r"(?<![\w/.\-])"
_RIGHT = r"(?![\w/]|[.\-]\w)"


class NationalInsuranceRecognizer(PatternRecognizer):
    """A UK National Insurance number with a valid prefix and suffix."""

    PATTERNS = (Pattern("NI number", rf"{_LEFT}(?-i:{NINO}){_RIGHT}", 0.85),)
    CONTEXT = ("national", "insurance", "ni", "nino", "nin")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="UK_NINO",
            name="NationalInsuranceRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )
