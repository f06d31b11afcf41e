"""Short forms of a person's name: an initial with a surname, and a nickname in quotes.

- "J.HUNT", "P.BROWN-DOUGLAS", "V.NƏSIRLI", "J.P.O'NEILL", "J.Hunt": the initial, a full stop and
  the surname with no space, as command-and-control and custody systems print an operator or an
  officer. Found anywhere; the surname must read as a name word (`is_name_word`: not "POLICE",
  "NOTES", a rank or a month).
- "cc: A. Musazadə; personnel file", "Copies to: J. Hunt, K. Rantala": an initial and a surname
  with a space, only in a copy or distribution line, since "A. Background" is a heading.
- "known as 'Dazza'", "goes by 'Shaz'", "aliases: 'Macca'": a capitalised word or two in quotes
  after the words that introduce a nickname or an alias.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult

from redactor.detect.names import is_name_word
from redactor.detect.prefilter import Needs, PrefilteredPatternRecognizer

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_CAPS_SURNAME = r"\p{Lu}[\p{Lu}\p{M}'’]*[\p{Lu}\p{M}](?:-\p{Lu}[\p{Lu}\p{M}'’]*[\p{Lu}\p{M}])?"
_SURNAME = r"\p{Lu}[\p{Ll}\p{M}'’]*\p{Ll}[\p{L}\p{M}'’]*(?:-\p{Lu}[\p{L}\p{M}'’]*[\p{L}\p{M}])?"
_INITIALS = r"\p{Lu}\.(?:\p{Lu}\.)?"
JOINED = "initial.SURNAME"
SPACED = "initial and surname in a copy line"
NICKNAME = "nickname in quotes"
SIGNED = "initial and surname before a job title"
# Words that read as an initial and a surname and are not a person: a company, and file names
# ("A.PDF") whose extension reads as a short surname in capitals.
NOT_A_PERSON = frozenset({"E.ON"})
NOT_A_SURNAME = frozenset(
    "PDF DOC DOCX TXT XLS XLSX CSV JPG JPEG PNG GIF TIF TIFF ZIP EXE MSG EML HTM HTML XML "
    "COM ORG NET GOV".split()
)

# A line that lists who gets a copy: "cc:", "bcc:", "copy to:", "copies to:", "distribution:".
_COPY_LABEL = r"(?i:cc|bcc|copy[ ]to|copies[ ]to|distribution(?:[ ]list)?|circulation)"
_NICKNAME_CUE = (
    r"(?i:known(?:[ ](?:locally|only|mainly|to[ ][a-z]+(?:[ ][a-z]+)?))?[ ]as|goes[ ]by"
    r"|going[ ]by|also[ ]known[ ]as|a\.?k\.?a\.?|alias(?:es)?"
    r"|nick[ ]?named?|street[ ]names?|calls?[ ](?:himself|herself|themselves)"
    r"|answers[ ]to)"
)
_QUOTE_OPEN = r"['‘\"“]"
_QUOTE_CLOSE = r"['’\"”]"
_NICK_WORD = r"\p{Lu}[\p{L}\p{M}'’\-]*[\p{Ll}\p{M}]"


class ShortNameRecognizer(PrefilteredPatternRecognizer):
    """An initial with a surname ("J.HUNT", "cc: A. Morgan"), and nicknames in quotes."""

    PATTERNS = (
        Pattern(
            JOINED,
            rf"(?<![\w.@/'’\-]){_INITIALS}(?:{_CAPS_SURNAME}|{_SURNAME})(?![\w.@'’\-]|\.\w)",
            0.7,
        ),
        Pattern(
            SPACED,
            rf"(?<=^[ \t]*{_COPY_LABEL}[ \t]*:[^\n]*?)(?<![\w.'’\-]){_INITIALS}[ ]"
            rf"(?:{_CAPS_SURNAME}|{_SURNAME})(?![\w'’\-])",
            0.7,
        ),
        Pattern(
            NICKNAME,
            rf"(?<={_NICKNAME_CUE}[ \t]*(?:[:|/][ \t]*)?(?:\n[ \t]*){{0,2}}{_QUOTE_OPEN})"
            rf"{_NICK_WORD}(?:[ ]{_NICK_WORD})?(?={_QUOTE_CLOSE})",
            0.7,
        ),
        # a signature line: "R. Sharpe | Disclosure Officer | ...", "J. Hunt, Ward Manager"
        Pattern(
            SIGNED,
            rf"(?<=^[ \t]*){_INITIALS}[ ](?:{_CAPS_SURNAME}|{_SURNAME})(?=[ ]*[|,][ ]*\p{{Lu}})",
            0.7,
        ),
    )
    NEEDS: ClassVar[dict[str, Needs]] = {
        JOINED: Needs(exact=(".",)),
        SPACED: Needs(folded=("cc", "cop", "distribution", "circulation")),
        NICKNAME: Needs(  # every form of "aka" the cue takes: aka, a.ka, ak.a, a.k.a
            folded=("known", "goes", "going", "aka", "a.ka", "ak.a", "a.k.a", "alias", "nick",
                    "street", "call", "answers")
        ),
        SIGNED: Needs(exact=(". ",)),
    }  # fmt: skip

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PERSON",
            name="ShortNameRecognizer",
            supported_language=supported_language,
            patterns=list(self.PATTERNS),
            context=[],
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
            found = text[match.start : match.end]
            if how in (JOINED, SPACED, SIGNED):
                surname = found.rsplit(".", 1)[-1].strip()
                if found in NOT_A_PERSON or surname.upper() in NOT_A_SURNAME:
                    continue
                if not is_name_word(surname.title()):
                    continue
            results.append(match)
        return results
