"""Names in labelled lines: email headers (From:, To:, Cc:) and form fields (Name:, OIC:).

"From: Lucy Harper <lucy.harper@example.police.uk>", "To: Khan, Amir; Harper, Lucy",
"Officer in case: DC 2231 Sam Wood". Each recipient is trimmed to its name; mailboxes such as
"FOI Team" or "Freedom of Information" give nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex
from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult

from redactor.detect.name_lists import is_acronym, is_known_first_name
from redactor.detect.names import is_title_or_rank, name_spans
from redactor.detect.person import is_plausible_person, names_a_unit

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

_LABELS = (
    "From", "To", "Cc", "CC", "Bcc", "BCC", "Sent by", "On behalf of", "Author", "Name",
    "Full name", "Prepared by", "Approved by", "Reviewed by", "Authorised by", "Checked by",
    "Completed by", "Signed", "Signature", "Officer", "Officer in case", "OIC", "Attendees",
    "Present", "Requester", "Applicant", "Contact", "Contact name", "Reporting officer",
    # people in crime reports, statements and briefings
    "Witness", "Victim", "Suspect", "Complainant", "Informant", "Offender", "Next of kin",
    "Interviewed by", "Interviewing officer", "Arresting officer", "Investigating officer",
    "Authorising officer", "Briefing officer", "Loggist", "Gold", "Silver", "Bronze",
    "Gold Commander", "Silver Commander", "Bronze Commander", "SIO", "Deputy SIO",
    # meetings and case papers
    "Apologies", "In attendance", "Absent", "Minute taker", "Minutes", "Chair", "Reported by",
    "Recorded by", "Detained person", "Custody officer", "Detention officer", "Interpreter",
    "Solicitor", "Appropriate adult", "Defendant", "Caller", "Disclosure officer",
    "Reviewing lawyer", "Statement of", "Signature witnessed by", "Printed by",
    "Panel", "Panel members", "Sent apologies", "Also present", "Attending", "Issued by",
    "Written by", "Compiled by", "Closed by", "Updated by",
)  # fmt: skip
_LABEL = "|".join(regex.escape(label) for label in sorted(_LABELS, key=len, reverse=True))
# The value of a labelled line, up to the end of the line.
# A list that ends its line with ";" or "," goes on, on the next line, unless that line has a
# label of its own: "Attendees: ...; Stacey Wilson, Elsham Homes; Rachael" / "Bradshaw, Analyst".
# It also goes on where a bracket opens the next line: the list wrapped inside an entry
# ("Present: ..., Nathaniel Nunne" / "(Brackenfold Housing), ...").
_VALUE = r"[^\n]+(?:(?:(?<=[;,][ \t]*)\n|\n(?=[ \t]*\())[^\n:]+)*"
_ADDRESS = regex.compile(r"<[^>\n]*>|\S+@\S+|\[[^\]\n]*\]|\([^)\n]*\)")
_SURNAME_FIRST = regex.compile(
    r"^\s*[\"“']?[A-Z][\w'’\-]+,\s*[A-Z][\w'’\-.]*(?:\s[A-Z][\w'’\-.]*)?[\"”']?\s*$"
)


def recipient_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a header value into one range per recipient.

    Recipients are separated by ';', or by ',' unless the value is one "Surname, First".
    """
    ranges = []
    part_start = start
    for part_end in [*(i for i in range(start, end) if text[i] == ";"), end]:
        part = _ADDRESS.sub(lambda m: " " * len(m.group()), text[part_start:part_end])
        if "," in part and not _SURNAME_FIRST.match(part):
            piece_start = part_start
            for i, char in enumerate(part):
                if char == ",":
                    ranges.append((piece_start, part_start + i))
                    piece_start = part_start + i + 1
            ranges.append((piece_start, part_end))
        else:
            ranges.append((part_start, part_end))
        part_start = part_end + 1
    return ranges


_BRACKET_AFTER = regex.compile(r"[ \t]*\n?[ \t]*\(")


def _affiliation(text: str, range_start: int, start: int, end: int, after_name: bool) -> bool:
    """Whether a name-shaped piece of a labelled line is an organisation, not a person: a unit
    ending in its acronym ("Port Elsham NPT", "Harbour CID"), an acronym alone ("CPS"), or,
    right after a name and a comma, a piece that neither starts with a known first name nor
    has a rank or title before it ("Insp Debra Knight, Elsham"; "Printed by: Ewa Nowak, Force
    Control Room"). Surnames are too noisy a list for this: "Room" and "Homes" are in it."""
    name = text[start:end]
    if names_a_unit(name) or (is_acronym(name) and " " not in name):
        return True
    if not after_name or text[range_start - 1 : range_start] != ",":
        return False
    if _BRACKET_AFTER.match(text, end):
        return False  # "Nathaniel Nunne (Brackenfold Housing)": the bracket is the affiliation
    introduced = any(is_title_or_rank(w) for w in text[range_start:start].split())
    return not introduced and not is_known_first_name(name.split()[0])


# A distribution or copy list: a heading on a line of its own, then a line per person, each
# "Name - role" ("ADAKU OBI - Mental Health Trust liaison (external)"): the name is what comes
# before the dash. Lines that are not of that shape are left to the other recognisers.
_LIST_HEADING = regex.compile(
    r"^[ \t]*(?i:distribution(?:[ ]list)?|circulation(?:[ ]list)?|cop(?:y|ies)(?:[ ]to)?|cc)"
    r"[ \t]*:?[ \t]*$",
    regex.MULTILINE,
)
_LIST_LINES = 20  # lines after the heading looked at
_LIST_ENTRY = regex.compile(
    r"^[ \t]*([^\n]+?)[ \t]+[-\u2013\u2014][ \t]+\S[^\n]*$", regex.MULTILINE
)


def listed_names(text: str) -> list[tuple[int, int]]:
    """The names of a distribution list's "Name - role" lines."""
    found: list[tuple[int, int]] = []
    for heading in _LIST_HEADING.finditer(text):
        start = heading.end() + 1
        end = start
        for _ in range(_LIST_LINES):
            newline = text.find("\n", end)
            if newline < 0:
                end = len(text)
                break
            end = newline + 1
        for entry in _LIST_ENTRY.finditer(text, start, end):
            s, e = entry.span(1)
            names = name_spans(text, s, e)
            if len(names) != 1 or names[0][1] != e:
                continue
            name_start, name_end = names[0]
            # only a rank, a title or a number before it: not "Force Control Room"
            before = text[s:name_start].split()
            if not all(is_title_or_rank(w) or w.isdigit() for w in before):
                continue
            name = text[name_start:name_end]
            if is_plausible_person(name) and not _affiliation(text, s, name_start, name_end, False):
                found.append(names[0])
    return found


class HeaderNameRecognizer(PatternRecognizer):
    """Names in the value of a 'From:' / 'To:' / 'Name:' style line."""

    PATTERNS = (
        Pattern(
            "name in labelled line",
            rf"(?<=^[ \t]*(?:{_LABEL})[ \t]*:[ \t]*){_VALUE}",
            0.8,
        ),
    )
    CONTEXT = ("from", "to", "cc", "sent", "subject")
    LIST_SCORE = 0.75
    NAME = "HeaderNameRecognizer"

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity="PERSON",
            name=self.NAME,
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
        for line in super().analyze(text, entities, nlp_artifacts, regex_flags):
            after_name = False  # the range before this one, after a comma, held a name
            for start, end in recipient_ranges(text, line.start, line.end):
                names = [
                    (s, e)
                    for s, e in name_spans(text, start, end)
                    if not _affiliation(text, start, s, e, after_name)
                ]
                after_name = bool(names)
                for name_start, name_end in names:
                    results.append(
                        RecognizerResult(
                            entity_type=line.entity_type,
                            start=name_start,
                            end=name_end,
                            score=line.score,
                            analysis_explanation=line.analysis_explanation,
                            recognition_metadata=line.recognition_metadata,
                        )
                    )
        if "PERSON" in entities:
            results += [self._listed(start, end) for start, end in listed_names(text)]
        return results

    def _listed(self, start: int, end: int) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.NAME,
            original_score=self.LIST_SCORE,
            textual_explanation="name in a distribution list",
        )
        return RecognizerResult(
            entity_type="PERSON",
            start=start,
            end=end,
            score=self.LIST_SCORE,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
