"""Names introduced by a rank, a courtesy title, a salutation or a sign-off.

"DS Lucy Harper", "PC 1234 Amir Khan", "Mr Patel", "Dear Ms Okafor", "Hi Lucy,",
"Kind regards,\\nLucy Harper", "my partner Jun Deng". The finding is the name only: the rank or
title stays visible. Works on text alone (no spaCy), so it also catches names the NER model misses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from redactor.detect.names import COURTESY_TITLE, NAME, TITLE_OR_RANK, trim_to_names

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_GREETING = (
    r"(?:Dear|Hi|Hiya|Hello|Hey|Morning|Afternoon|Good morning|Good afternoon|Good evening"
    r"|Thanks|Many thanks|Thank you|Cheers)"
)
_SIGN_OFF = (
    r"(?i:regards|best wishes|kind wishes|sincerely|faithfully|many thanks|thanks|cheers"
    r"|signed|signature)"
)
# A relative or an acquaintance, named right after the word for them: "my partner Jun Deng",
# "her neighbour, Artur Ragus,". Only after a possessive, so "the partner agencies" is not one.
_RELATION = (
    r"(?i:my|his|her|their|our|your)[ ]+(?:(?i:late|former|ex|elder|older|younger|new)[ \-])?"
    r"(?i:partner|wife|husband|son|daughter|stepson|stepdaughter|brother|sister|mother|father"
    r"|mum|mom|dad|friend|neighbour|neighbor|colleague|boyfriend|girlfriend|fiancee?|cousin"
    r"|uncle|aunt|nephew|niece|grandson|granddaughter|grandmother|grandfather|carer|landlord"
    r"|landlady|lodger|flatmate|housemate|manager|supervisor|employer|child|children)"
)


# A person named in apposition after the part they play: "one nominal, Xiuying JIN, recently",
# "the victim, Ewa Nowak, was". Commas on both sides, so "the Victim Personal Statement" is not.
_ROLE = (
    r"(?i:the|a|an|one|our|this|that)[ ]+(?i:nominal|suspect|offender|defendant|victim|witness"
    r"|complainant|informant|caller|detainee|driver|passenger|owner|keeper|tenant|resident"
    r"|accused|deceased|subject|applicant|requester|claimant|appellant)"
)


class TitledNameRecognizer(PatternRecognizer):
    """A name right after a rank or title, in a greeting, or on the line after a sign-off."""

    PATTERNS = (
        Pattern(
            "name after rank or title",
            rf"(?<![\w/]){TITLE_OR_RANK}[ ]+(?:\d{{2,6}}[A-Z]{{0,2}}[ ]+)?{NAME}",
            0.85,
        ),
        # "...my neighbour, Mr\nDaniel PRICE": a courtesy title ends the line. Not ranks:
        # "Neighbourhood Inspector\nNorthtown NPT" is a job title above a unit.
        Pattern(
            "name after title at a line end",
            rf"(?<![\w/])(?:{COURTESY_TITLE})[ ]*\n{NAME}",
            0.8,
        ),
        Pattern(
            "name in greeting",
            rf"(?<![^\s(\"']){_GREETING}[ ]+{NAME}(?=[ ]?[,!:\n]|[ ]?$)",
            0.75,
        ),
        # a blank line may stand between them (two text blocks: "Yours sincerely," / name)
        Pattern(
            "name after sign-off",
            rf"(?<={_SIGN_OFF}[,.!]?[ ]*\n(?:[ ]*\n)?)[ ]*{NAME}(?=[ ]*(?:\n|$))",
            0.75,
        ),
        Pattern(
            "name in apposition after a role",
            rf"(?<=(?<![\w'’]){_ROLE},[ ]+){NAME}(?=,|[ ]?\()",
            0.7,
        ),
        Pattern(
            "name after a relation",
            rf"(?<=(?<![\w'’]){_RELATION},?[ ]+){NAME}",
            0.7,
        ),
    )
    CONTEXT = ("dear", "regards", "officer", "constable", "sergeant", "inspector")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PERSON",
            name="TitledNameRecognizer",
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
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return trim_to_names(text, results)
