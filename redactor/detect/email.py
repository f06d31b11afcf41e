"""Email addresses, including force mailboxes (police.uk, pnn.police.uk).

Replaces Presidio's EmailRecognizer, which validates the domain with tldextract and so
tries to download the public suffix list: force networks are often offline.
"""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

# A `mailto:` prefix or surrounding <> are left out of the match by construction: neither
# ':' nor '<' can start a local part.
_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+'\-]{0,62}[A-Za-z0-9_%+\-])?"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"


class EmailAddressRecognizer(PatternRecognizer):
    """An address `local@domain.tld`; the finding is the bare address."""

    PATTERNS = (
        Pattern(
            "email address",
            rf"(?<![\w.%+'\-])(?:{_LOCAL})@{_DOMAIN}(?![\w\-]|\.[A-Za-z0-9])",
            0.6,
        ),
    )
    CONTEXT = ("email", "e-mail", "mail", "mailto", "from", "to", "cc", "contact")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="EMAIL_ADDRESS",
            name="EmailAddressRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            global_regex_flags=regex.DOTALL | regex.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        local, _, domain = pattern_text.rpartition("@")
        if ".." in local or len(local) > 64 or len(pattern_text) > 254:
            return False
        labels = domain.split(".")
        return all(labels) and labels[-1].isalpha()
