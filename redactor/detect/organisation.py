"""Is an address on a page an organisation's (letterhead, "write to us at") or a person's?

Force headquarters, police stations, PO boxes and council offices are public contact points
and stay visible; a member of the public's home address is personal data. The decision is
made from the words on the address's own lines and on the few lines just above it (the
addressee: "Example Constabulary Headquarters" or "Mr John Smith"). The look upwards stops at
a blank line and at a form label ("Occupation: Police officer" says nothing about the
"Address:" field under it) and at an addressee ("Mr John Smith"); blank lines are skipped,
because a PDF letterhead often comes out as several text blocks. A line labelled "Address:" /
"Home address" is judged alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

# Organisation words that name an organisation wherever they stand (even in a street name:
# "1 Police Way" is a headquarters).
_STRONG = re.compile(
    r"\b(?:police|constabulary|headquarters|hq|council|civic|commissioner|p\.?[ ]?o\.?[ ]?box|"
    r"freedom[ ]of[ ]information|foi|information[ ](?:rights|management|compliance)|"
    r"disclosure[ ](?:unit|team)|write[ ]to[ ](?:us|the)|our[ ]address|ltd|limited|plc|llp|"
    r"ministry|home[ ]office|nhs[ ]trust|magistrates'?|crown[ ]court|county[ ]court)\b",
    re.IGNORECASE,
)
# Words that make a line an organisation's unless they are part of the street's own name
# ("22 Station Road", "4 Church Street" are homes).
_WEAK = re.compile(
    r"\b(?:station|unit|department|dept|office|offices|service|services|hospital|university|"
    r"college|school|academy|centre|court[ ]house|town[ ]hall|county[ ]hall|force)\b",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(r"^\s*[A-Za-z][A-Za-z .'/()]{0,30}:")
# An addressee line ("Mr John Smith"): the block above it is someone else's.
_ADDRESSEE = re.compile(r"^\s*(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?[ ][A-Z]")
# The end of a line that introduces a person's address on the next ("Address for bail:",
# "She lives at"), judged on its last sentence only.
_HOME_ADDRESS_FOLLOWS = re.compile(
    r"(?:\baddress(?:[ ](?:for|of)[ ]\w+)?|\b(?:lives|living|resides|residing|resident)[ ]at)"
    r"\s*[:\-]?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;!?]\s+")
# Mail and web addresses say nothing about the postal address ("foi@force.police.uk").
_MAIL_OR_WEB = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+", re.IGNORECASE)
HOME_LABEL = re.compile(
    r"^\s*(?:(?:home|residential|current|previous|home[ ]and[ ]postal|postal)[ ])?"
    r"address(?:[ ](?:of[ ]\w+|line[ ]\d))?\s*[:\-]",
    re.IGNORECASE,
)
LOOK_UP_LINES = 2


@dataclass(frozen=True)
class PageLines:
    """A page text's lines as (start, end) offsets, for line look-ups by offset."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> PageLines:
        starts, ends, offset = [], [], 0
        for line in text.split("\n"):
            starts.append(offset)
            ends.append(offset + len(line))
            offset += len(line) + 1
        return cls(text, starts, ends)

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def line(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]


def _blank(text: str, spans: Sequence[tuple[int, int]], base: int) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(start - base, 0), min(end - base, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _lines_above(lines: PageLines, first: int, look_up: int) -> list[int]:
    found: list[int] = []
    index = first - 1
    while index >= 0 and len(found) < look_up:
        above = lines.line(index)
        index -= 1
        if not above.strip():
            continue
        if _LABEL_LINE.match(above):
            break
        tail = _SENTENCE_END.split(above)[-1]
        if _HOME_ADDRESS_FOLLOWS.search(tail) and not _STRONG.search(tail):
            break  # "... Address for bail:": what follows is where a person lives
        found.append(index + 1)
        if _ADDRESSEE.match(above):
            break
    return found


def is_organisation(
    lines: PageLines,
    first: int,
    last: int,
    street_spans: Sequence[tuple[int, int]] = (),
    look_up: int = LOOK_UP_LINES,
) -> bool:
    """Whether the address on lines first..last (indexes) belongs to an organisation.

    `street_spans` are the street names found on those lines, which may contain a weak
    organisation word without making the address an organisation's.
    """
    context: list[int] = list(range(first, last + 1))
    if not HOME_LABEL.match(lines.line(first)):
        context += _lines_above(lines, first, look_up)
    for index in context:
        line = _MAIL_OR_WEB.sub(" ", lines.line(index))
        if _STRONG.search(line):
            return True
        if _WEAK.search(_blank(line, street_spans, lines.starts[index])):
            return True
    return False
