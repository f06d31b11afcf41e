"""Email addresses, including force mailboxes (police.uk, pnn.police.uk).

Replaces Presidio's EmailRecognizer, which validates the domain with tldextract and so
tries to download the public suffix list: force networks are often offline.

OCR sometimes splits an address with a space beside a dot or the "@" ("james .davis@...",
"foi @northshire...", "nathan. fisher@..."), or reads its dot as a space ("<jill
harris@...>"). MisreadEmailRecognizer joins the two pieces when together they make an address
that runs across the join. A space after a dot is also how a sentence ends, so that join needs
the address to start a line, or to follow a bracket, a quote or a colon ("(nathan. fisher@...)",
"Email: ricky. harvey@..."): "write to me. fisher@..." stays two words; a bare space is joined
only inside "<...>", where no prose goes ("(see harris@...)" stays as it is). OCR text only.

A line end can break an address too, in any text (WrappedEmailRecognizer).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    LocalRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.misread import MisreadRecognizer, Reading

# A `mailto:` prefix or surrounding <> are left out of the match by construction: neither
# ':' nor '<' can start a local part.
_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+'\-]{0,62}[A-Za-z0-9_%+\-])?"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
EMAIL = rf"(?<![\w.%+'\-])(?:{_LOCAL})@{_DOMAIN}(?![\w\-]|\.[A-Za-z0-9])"


class EmailAddressRecognizer(PatternRecognizer):
    """An address `local@domain.tld`; the finding is the bare address."""

    PATTERNS = (Pattern("email address", EMAIL, 0.6),)
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
        return self.valid(pattern_text)

    @staticmethod
    def valid(pattern_text: str) -> bool:
        local, _, domain = pattern_text.rpartition("@")
        if ".." in local or len(local) > 64 or len(pattern_text) > 254:
            return False
        labels = domain.split(".")
        return all(labels) and labels[-1].isalpha()


_PIECE = r"[A-Za-z0-9._%+'\-@]+"
# A piece's characters but the "@". Only a pair of pieces with an "@" in one of them can join
# into an address: checked first (a lookahead), so the other word pairs of a page are never
# matched and read.
_NOT_AT = r"[A-Za-z0-9._%+'\-]"
_AT_IN_PAIR = rf"(?={_NOT_AT}*(?:@|[ ]{_NOT_AT}*@))"
_EMAIL = regex.compile(EMAIL)
# Where an address whose local part OCR split after a dot may start.
_OPENERS = ("\n", "(", "<", "[", '"', "'", ":")


def lines_with_at(text: str, around: int) -> Iterator[tuple[int, int]]:
    """The (start, end) parts of `text` where an address may lie: each line holding an "@",
    with `around` lines either side of it, in order, overlapping parts merged."""
    part: tuple[int, int] | None = None
    at = text.find("@")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = line_end = _line_end(text, at)
        for _ in range(around):
            start = text.rfind("\n", 0, start - 1) + 1 if start > 0 else 0
            end = _line_end(text, end + 1) if end < len(text) else end
        if part is not None and start <= part[1]:
            part = (part[0], end)
        else:
            if part is not None:
                yield part
            part = (start, end)
        at = text.find("@", line_end)
    if part is not None:
        yield part


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def address_across(left: str, right: str) -> regex.Match[str] | None:
    """The valid address in left + right that runs across the join of the two, if any: where
    OCR split one with a space, or a line end broke it."""
    return next(
        (
            m
            for m in _EMAIL.finditer(left + right)
            if m.start() < len(left) < m.end() and EmailAddressRecognizer.valid(m.group())
        ),
        None,
    )


class MisreadEmailRecognizer(MisreadRecognizer):
    """An address OCR split with a space beside a dot or the "@"; OCR text only."""

    ENTITY = "EMAIL_ADDRESS"
    SCORE = 0.6
    CANDIDATES = (
        regex.compile(rf"(?<![\w.%+'\-@]){_AT_IN_PAIR}(?P<left>{_PIECE})[ ](?P<right>{_PIECE})"),
    )
    CONTEXT = EmailAddressRecognizer.CONTEXT

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__("MisreadEmailRecognizer", supported_language)

    def parts(self, text: str) -> Iterator[tuple[int, int]]:
        """The lines holding an "@": a candidate holds one and never crosses a line end."""
        return lines_with_at(text, around=0)

    def read(self, match: regex.Match[str], text: str) -> Reading | None:
        left, right = match["left"], match["right"]
        if _EMAIL.search(left):
            return None  # a whole address already ends here: "a@b.uk. Then..."
        address = address_across(left, right)
        if address is None:
            return None
        start = match.start() + address.start()
        end = match.start() + address.end() + 1
        if not ("@" in left or right.startswith((".", "@"))):  # the join is in the local part
            if left.endswith("."):  # "... me. fisher@...": a sentence may have ended there
                if start > 0 and not text[:start].rstrip(" ").endswith(_OPENERS):
                    return None
            elif text[start - 1 : start] != "<" or text[end : end + 1] != ">":
                return None  # a bare space: only inside "<...>", where no prose goes
        return Reading(start, end, address.group())


# The words either side of a line end, with an "@" in one of them (checked first, so the
# other line ends of a page are never matched and read).
_WRAP = regex.compile(
    rf"(?<![\w.%+'\-@])(?=(?:{_NOT_AT}*@|{_NOT_AT}+\n{_NOT_AT}*@))"
    rf"(?P<left>{_PIECE})\n(?P<right>{_PIECE})"
)


class WrappedEmailRecognizer(LocalRecognizer):
    """An address a line end broke in two ("lucy.harper@north" / "shire.police.uk",
    "james.davis" / "@force.police.uk", "foi@force.police" / ".uk").

    The two words are joined when together they make an address that runs across the line end
    and the second word holds no address of its own ("Email me at" / "a@b.uk" is two words).
    When the first word is a whole address already, it is continued only by what can only
    continue it: a second word starting with "." or "-" (".uk"), or, after a first word
    ending in "." or "-", a second word starting in lower case or with a digit (so
    "a@b.uk." / "Kind regards" stays as it is).
    """

    SCORE = 0.6
    CONTEXT = EmailAddressRecognizer.CONTEXT

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=["EMAIL_ADDRESS"],
            name="WrappedEmailRecognizer",
            supported_language=supported_language,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        """Nothing to load: the pattern is compiled with the module."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        if "@" not in text or "\n" not in text:
            return results
        for part_start, part_end in lines_with_at(text, around=1):
            for match in _WRAP.finditer(text, part_start, part_end, overlapped=True):
                span = self.joined(match["left"], match["right"])
                if span is not None:  # the finding takes in the "\n"
                    start = match.start()
                    results.append(self._result(start + span[0], start + span[1] + 1))
        return EntityRecognizer.remove_duplicates(results)

    def _result(self, start: int, end: int) -> RecognizerResult:
        name = "WrappedEmailRecognizer"
        explanation = AnalysisExplanation(
            recognizer=name,
            original_score=self.SCORE,
            pattern_name="email address broken by a line end",
            textual_explanation="an address across a line end",
        )
        metadata = {
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
        }
        return RecognizerResult("EMAIL_ADDRESS", start, end, self.SCORE, explanation, metadata)

    @staticmethod
    def joined(left: str, right: str) -> tuple[int, int] | None:
        """Where in left + right the address the two words make lies, or None."""
        if _EMAIL.search(right):
            return None  # the second line starts with an address of its own
        if _EMAIL.search(left):
            continues = right[:1] in (".", "-") and right[1:2].isalnum()
            after_dot = left.endswith((".", "-")) and (right[:1].islower() or right[:1].isdigit())
            if not (continues or after_dot):
                return None
        address = address_across(left, right)
        return None if address is None else (address.start(), address.end())
