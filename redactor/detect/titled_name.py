"""Names introduced by a rank, a courtesy title, a salutation or a sign-off.

"DS Lucy Harper", "PC 1234 Amir Khan", "Mr Patel", "Dear Ms Okafor", "Hi Lucy,",
"Kind regards,\\nLucy Harper", "my partner Jun Deng". The finding is the name only: the rank or
title stays visible. Works on text alone (no spaCy), so it also catches names the NER model misses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import regex
from presidio_analyzer import Pattern, RecognizerResult

from redactor.detect.name_lists import is_known_first_name, is_known_name_word
from redactor.detect.names import COURTESY_TITLE, NAME, TITLE_OR_RANK, trim_to_names
from redactor.detect.person import is_plausible_person, names_a_unit, reads_as_words
from redactor.detect.prefilter import Needs, PrefilteredPatternRecognizer

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
# A whole line that closes a message: "Kind regards", "Yours sincerely", "Speak soon", "Best".
_VALEDICTION = (
    r"(?i:(?:kind|best|warm|warmest|many|with|all the|yours|thanks and)[ ]+)?"
    r"(?i:regards|wishes|thanks|thank you|cheers|sincerely|faithfully|truly|respectfully"
    r"|best|speak soon|take care|thanks again)"
)
# A relative or an acquaintance, named right after the word for them: "my partner Jun Deng",
# "her neighbour, Artur Ragus,". Only after a possessive, so "the partner agencies" is not one.
_RELATIVE = (
    r"(?i:partner|wife|husband|son|daughter|stepson|stepdaughter|brother|sister|mother|father"
    r"|mum|mom|dad|friend|neighbour|neighbor|colleague|boyfriend|girlfriend|fiancee?|cousin"
    r"|uncle|aunt|nephew|niece|grandson|granddaughter|grandmother|grandfather|carer|landlord"
    r"|landlady|lodger|flatmate|housemate|manager|supervisor|employer|child|children)"
)
_RELATION = (
    r"(?i:my|his|her|their|our|your)(?:[ ]+|[ ]*\n[ \t]*)"  # "her" / "brother": a line end
    r"(?:(?i:late|former|ex|elder|older|younger|new)[ \-])?"
    + _RELATIVE
    + r"(?i:-in-law)?"  # "her brother-in-law Trọng Dương"
)
# A part in a case, in brackets after the name: "Ewa Nowak (witness)", "(store detective)".
_PART = (
    r"(?i:witness|victim|suspect|complainant|informant|caller|interpreter|solicitor"
    r"|appropriate[ ]adult|store[ ]detective|security[ ]guard|door[ ]supervisor|driver)"
)
# A job title in brackets after a name: "Sophie Mellor-Mason (Control Room Supervisor)"
_JOB_PART = (
    r"(?:\p{Lu}[\p{Ll}\-]+[ ]){0,3}(?:Supervisor|Manager|Officer|Inspector|Sergeant|Constable"
    r"|Coordinator|Co-ordinator|Analyst|Investigator|Lead|Adviser|Advisor|Representative"
    r"|Caseworker|Researcher|Administrator|Assistant|Director)"
)


# A person named in apposition after the part they play: "one nominal, Xiuying JIN, recently",
# "the victim, Ewa Nowak, was". Commas on both sides, so "the Victim Personal Statement" is not.
_ROLE = (
    r"(?i:the|a|an|one|our|this|that)[ ]+(?i:nominal|suspect|offender|defendant|victim|witness"
    r"|complainant|informant|caller|detainee|driver|passenger|owner|keeper|tenant|resident"
    r"|accused|deceased|subject|applicant|requester|claimant|appellant)"
)


# Words that name a person who is then called by them: "a man I now know to be Yatan KAR",
# "known as", "identified as" ("known to me as", "gave her name as": `_KNOWN_BY_CUE`).
_NAMED_AS = (
    r"(?i:(?:now[ ])?know[ ]to[ ]be|known[ ]as|identified[ ]as"
    r"|named[ ]as|calling[ ](?:himself|herself|themselves))"
)
# The name the writer or the street knows someone by: "who I only know as Tracey", "known to
# me as Dale", "known locally as Macca", "who gave her name as Nqobizitha". Unlike plain "known
# as" ("an area known as Brindle Fields") a single word after these is a name, known or not.
_KNOWN_BY = "name the writer knows someone by"
_KNOWN_BY_CUE = (
    r"(?i:(?:I|we|she|he|they)[ ](?:only[ ]|just[ ]|all[ ])?know[ ](?:(?:him|her|them)[ ])?"
    r"(?:only[ ])?as|known[ ](?:to[ ](?:me|us|him|her|them|police|officers)|locally"
    r"|on[ ]the[ ]street)[ ]as|gave[ ](?:her|his|their|the)[ ]name[ ]as)"
)
# The quoted-message header of a plain-text reply: "On Mon, 17 Mar 2025 at 08:47, NAME <a@b> wrote:"
_WROTE_AFTER = r"(?=[ ]*(?:<[^>\n]*>|\([^)\n]*\)|\[[^\]\n]*\])?[ ]*\n?[ ]*wrote:)"


# A lawyer, interpreter or other helper named by their job in prose: "Requests solicitor
# Bhanumati Sahota", "via interpreter Anghel Dinu". Lower case only: "Solicitor" is a heading.
_HELPER = (
    r"(?:solicitor|interpreter|barrister|counsel|paramedic|appropriate[ ]adult|social[ ]worker"
    r"|probation[ ]officer|store[ ]detective|security[ ]guard|caseworker)"
)
# Case material named after a person: "Statement of Daamin MOURIB", "account given by ADAK
# TARHAN", "prepared by". Taken only as a first name and surname: see _stands.
_MATERIAL = (
    r"(?i:statement|account|interview|evidence|notebook|record|print|photographs?|timeline"
    r"|report|notes)[ ]+(?:(?i:given|made|taken|written|prepared|provided)[ ]+)?(?i:of|by|from)"
)
# Who did something to a record or a case: "Log closed by NAME", "Notice issued by NAME",
# "represented by NAME", "A review prepared by NAME of our Performance Unit".
_DONE_BY = (
    r"(?<![\w'’])(?i:prepared|compiled|completed|written|issued|reviewed|checked|closed|opened|updated"
    r"|authori[sz]ed|signed|countersigned|submitted|presented|represented|recorded|reported"
    r"|conducted|chaired|seized|arrested|interviewed|supervised|approved|received|raised"
    r"|drafted|produced|typed|minuted|taken|witnessed|assessed|examined|investigated"
    r"|attended|visited|treated|accompanied|collected)[ ]+by[ \t\n]+$"
)
# Who was spoken to or quoted: "spoke with NAME", "According to NAME".
_SPOKEN_TO = (
    r"(?<![\w'’])(?:(?i:spoke|speaking|spoken|talked|talking)[ ]+(?i:with|to)"
    r"|(?i:according)[ ]+(?i:to))[ \t\n]+$"
)

# A person's part in a hearing or meeting, in brackets after the name, in any case:
# "NAME (Legally Qualified Chair)", "NAME (Independent Panel Member)", "NAME (minute taker)".
_PANEL_PART = (
    r"(?i:(?:legally[ ]qualified[ ]|independent[ ]|lay[ ])?(?:chair|chairperson|chairman"
    r"|vice[ ]chair|panel[ ]member|member|secretary|clerk|minute[ ]taker|note[ ]taker"
    r"|observer|presenting[ ]officer))"
)
# the space after introducing words, or a line end where the text wrapped ("one nominal," /
# "Ayoka OLOWOKEERE")
_GAP = r"(?:[ ]+|[ ]*\n[ ]*)"
_BRACKETED = "name before a relation in brackets"
_OF_MATERIAL = "name after case material"
_BY = "name after 'done by'"
_SPOKEN = "name after 'spoke with' or 'according to'"
_AGED = "name before an age"
# A witness's own account: "I saw Ionelia DINU standing", "I know Ionelia because ..."
_SEEN = "name after 'I saw' and the like"
_SEEN_BY_ME = (
    r"(?<![\w'’])I[ ]+(?:saw|know|knew|recognised|recognized|noticed|watched|met|followed"
    r"|asked|told|heard|phoned|rang|texted|messaged|approached|grabbed|pushed|punched|hit"
    r"|kicked|chased|stopped|helped|warned)"
)
# A relative clause after a name: "the home drive of Clare Perry-Dawson, who left the force"
_WHO = "name before ', who'"
# Who someone is in a log or statement: "RP is Fidaye AKAR", "Victim is Aurelia TOMESCU", "a
# woman called Saanvi"
_IS = "name after 'RP is', 'a woman called' and the like"
_SAID_TO_BE = (
    r"(?<![\w'’])(?:(?:RP|IP|DP|(?i:caller|informant|victim|suspect|offender|witness|subject"
    r"|complainant|detained[ ]person|driver|passenger|nominal))[ ]+(?i:is|was|named[ ]as"
    r"|identified[ ]as|now[ ]identified[ ]as)"
    r"|(?i:man|woman|boy|girl|lad|bloke|guy|person|someone|female|male|friend)[ ]+"
    r"(?i:called|named))"
)
_IN_PROSE = frozenset({_BY, _SPOKEN, _AGED, _SEEN, _WHO, _IS, _KNOWN_BY})
_INTRODUCERS = {_BY: regex.compile(_DONE_BY), _SPOKEN: regex.compile(_SPOKEN_TO)}
_SHAPE_ONLY = frozenset(
    {"name after 'known as'", "name before 'wrote:'", _BRACKETED, _OF_MATERIAL} | _IN_PROSE
)
_CAPITALISED_NEXT = regex.compile(r"[ ]\p{Lu}")

# What a page must hold for a pattern to match on it: a word of its introducing words (see
# prefilter.py); compared case-folded where the pattern ignores case.
_SIGN_OFF_WORDS = Needs(
    folded=(
        "regards", "wishes", "sincerely", "faithfully", "thanks", "cheers", "signed",
        "signature",
    )
)  # fmt: skip
_VALEDICTION_WORDS = Needs(
    folded=(
        "regards", "wishes", "thank", "cheers", "sincerely", "faithfully", "truly",
        "respectfully", "best", "speak soon", "take care",
    )
)  # fmt: skip
_RELATIVE_WORDS = Needs(
    folded=(
        "partner", "wife", "husband", "son", "daughter", "brother", "sister", "mother",
        "father", "mum", "mom", "dad", "friend", "neighbour", "neighbor", "colleague",
        "fiance", "cousin", "uncle", "aunt", "nephew", "niece", "carer", "landlord",
        "landlady", "lodger", "flatmate", "housemate", "manager", "supervisor", "employer",
        "child",
    )
)  # fmt: skip
_ROLE_WORDS = Needs(
    folded=(
        "nominal", "suspect", "offender", "defendant", "victim", "witness", "complainant",
        "informant", "caller", "detainee", "driver", "passenger", "owner", "keeper", "tenant",
        "resident", "accused", "deceased", "subject", "applicant", "requester", "claimant",
        "appellant",
    )
)  # fmt: skip
_NAMED_AS_WORDS = Needs(folded=("know", "identified as", "named as", "calling", "gave"))
_HELPER_WORDS = Needs(
    exact=(
        "solicitor", "interpreter", "barrister", "counsel", "paramedic", "appropriate adult",
        "social worker", "probation officer", "store detective", "security guard",
        "caseworker",
    )
)  # fmt: skip
_BY_WORDS = Needs(exact=(" by ", " by\n"))
_SPOKEN_WORDS = Needs(folded=("spoke", "speaking", "spoken", "talked", "talking", "according"))
_AGED_WORDS = Needs(exact=(" aged ",))
_MATERIAL_WORDS = Needs(
    folded=(
        "statement", "account", "interview", "evidence", "notebook", "record", "print",
        "photograph", "timeline", "report", "notes",
    )
)  # fmt: skip


class TitledNameRecognizer(PrefilteredPatternRecognizer):
    """A name right after a rank or title, in a greeting, or on the line after a sign-off."""

    PATTERNS = (
        Pattern(
            "name after rank or title",
            # the number may start the next line: "Attended by PC" / "7473 Diaconu.", or be
            # written onto the rank: "PS7952 Abaan Qasif"
            rf"(?<![\w/]){TITLE_OR_RANK}(?:[ ]+|[ ]*\n[ \t]*(?=\d)|(?=\d))"
            rf"(?:\d{{2,6}}[A-Z]{{0,2}}(?:[ ]+|[ ]*\n[ \t]*))?"
            rf"{NAME}",
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
        # "Yours sincerely\n\nHannah Reid" (a blank line left for the signature), "...
        # Speak soon,\nBex": the sign-off ends its line, the name is the whole next one.
        Pattern(
            "name after sign-off line",
            rf"(?<=(?:^|[.!?])[ \t]*{_VALEDICTION}[,.!]?[ \t]*\n(?:[ \t]*\n)?)[ ]*{NAME}"
            r"(?=[ ]*(?:\n|$))",
            0.75,
        ),
        # "Thanks, Ash" / "Regards, Kez": the sign-off and the name make the line.
        Pattern(
            "name after sign-off on its line",
            rf"(?<=^[ \t]*{_VALEDICTION}[ ]*,[ ]*){NAME}(?=[ ]*[.!]?[ ]*(?:\n|$))",
            0.75,
        ),
        Pattern(
            "name in apposition after a role",
            rf"(?<=(?<![\w'’]){_ROLE},{_GAP}){NAME}(?=,|[ ]?\(|[ ]*\n)",
            0.7,
        ),
        Pattern("name after 'known as'", rf"(?<={_NAMED_AS}{_GAP}){NAME}", 0.7),
        Pattern("name after a helper's job", rf"(?<=(?<![\w'’]){_HELPER}{_GAP}){NAME}", 0.7),
        Pattern(_OF_MATERIAL, rf"(?<=(?<![\w'’]){_MATERIAL}{_GAP}){NAME}", 0.65),
        Pattern(
            "name before 'wrote:'",
            rf"(?<=(?:^|,)[ ]*(?:(?i:on)[ ][^\n]{{0,60}},[ ]*)?){NAME}{_WROTE_AFTER}",
            0.8,
        ),
        Pattern(
            _BRACKETED,
            rf"{NAME}(?=[ ]\((?:{_RELATIVE}|{_PART}|{_PANEL_PART}|{_JOB_PART})\))",
            0.7,
        ),
        # the words before "by" / "with" / "to" are checked in _stands (_DONE_BY, _SPOKEN_TO):
        # one short look-behind here is cheaper than forty alternatives at every capital
        Pattern(_BY, rf"(?<=(?<![\w'’])by{_GAP}){NAME}", 0.65),
        Pattern(_SPOKEN, rf"(?<=(?<![\w'’])(?:with|to){_GAP}){NAME}", 0.65),
        # "a man called NAME, aged 34, of ...", "NAME, aged 71,"
        Pattern(_AGED, rf"{NAME}(?=,?[ ]+aged[ ]+\d)", 0.65),
        Pattern(_SEEN, rf"(?<={_SEEN_BY_ME}{_GAP}){NAME}", 0.65),
        Pattern(_WHO, rf"{NAME}(?=,[ ]+who[ ])", 0.65),
        Pattern(_IS, rf"(?<={_SAID_TO_BE}{_GAP}){NAME}", 0.7),
        Pattern(_KNOWN_BY, rf"(?<={_KNOWN_BY_CUE}{_GAP}){NAME}", 0.7),
        Pattern(
            "name after a relation",
            rf"(?<=(?<![\w'’]){_RELATION},?{_GAP}){NAME}",
            0.7,
        ),
    )
    NEEDS: ClassVar[dict[str, Needs]] = {
        "name after sign-off": _SIGN_OFF_WORDS,
        "name after sign-off line": _VALEDICTION_WORDS,
        "name after sign-off on its line": _VALEDICTION_WORDS,
        "name in apposition after a role": _ROLE_WORDS,
        "name after 'known as'": _NAMED_AS_WORDS,
        "name after a helper's job": _HELPER_WORDS,
        _OF_MATERIAL: _MATERIAL_WORDS,
        "name before 'wrote:'": Needs(exact=("wrote:",)),
        _BRACKETED: Needs(exact=(" (",)),
        _BY: _BY_WORDS,
        _SPOKEN: _SPOKEN_WORDS,
        _AGED: _AGED_WORDS,
        _SEEN: Needs(exact=("I ",)),
        _WHO: Needs(exact=(", who ",)),
        _IS: Needs(folded=(" is ", " was ", " called ", " named ", "identified")),
        _KNOWN_BY: Needs(folded=("know", "name")),
        "name after a relation": _RELATIVE_WORDS,
    }
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
        results = trim_to_names(text, super().analyze(text, entities, nlp_artifacts, regex_flags))
        return [r for r in results if self._stands(text, r)]

    @staticmethod
    def _stands(text: str, result: RecognizerResult) -> bool:
        """A name found by the shape of the text around it alone (no rank, title or greeting):
        before a bracketed part, not a unit ("Harbour CID (owner)"); one word must be a known
        name and not the first of a longer name ("known as Central Records")."""
        name = text[result.start : result.end]
        how = result.analysis_explanation.pattern_name if result.analysis_explanation else ""
        if how not in _SHAPE_ONLY:
            return True
        if how in (_BRACKETED, _OF_MATERIAL) and names_a_unit(name):
            return False
        words = name.split()
        if how in _IN_PROSE:  # "closed by Force Control Room", "according to Brackenfold Housing"
            introducer = _INTRODUCERS.get(how)
            if introducer and not introducer.search(text, max(0, result.start - 40), result.start):
                return False  # "by" or "to" after another word: "next to Mill Lane"
            # in a witness's account "Ionelia DINU" is a surname in capitals, not a unit's acronym
            shouted_surname = (
                how in (_SEEN, _IS, _KNOWN_BY) and len(words) > 1 and len(words[-1]) >= 4
            )
            if names_a_unit(name) and not shouted_surname:
                return False
            if not is_plausible_person(name) or reads_as_words(name):
                return False
            if len(words) > 1:
                return True
            # "a woman called Saanvi": the cue says a person's name follows
            named = how in (_IS, _KNOWN_BY) or is_known_first_name(name)
            return named and not _CAPITALISED_NEXT.match(text, result.end)
        if how == _OF_MATERIAL:  # "Statement of Common Ground" is not a person
            shouted = any(w.isupper() and len(w) >= 3 for w in words)
            return len(words) > 1 and (shouted or is_known_first_name(words[0]))
        if len(words) > 1:
            return True
        return is_known_name_word(name) and not _CAPITALISED_NEXT.match(text, result.end)
