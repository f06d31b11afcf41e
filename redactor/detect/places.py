"""Words a bundle uses as the names of places, so that the model's lone "names" among them go.

spaCy's small model reads many town and district names as people ("Pellbury", "Caddon
Bridge"), and consistency then proposes every other occurrence of them in the bundle. The
bundle itself usually says they are places: somewhere it writes "Pellbury Police Station",
"Pellbury custody", "Quarry Lane, Pellbury RX2 7HD", an address block's town line above its
postcode, "Station: Pellbury", or "found burnt out at Caddon Bridge".

`place_words` reads one page for that evidence (pass 1, per page). `Places` gathers the words
of a whole bundle, less every word that the bundle also uses in a person's name (found by any
recogniser other than the model alone, or in a several-word name of the model's that is not
itself one of those places), and answers whether a name the model found is nothing but those
places. Such a name is neither proposed nor spread; a name found with a title, a label or
another person cue is never touched ("Mr Pellbury" stays, and makes "Pellbury" a name word).
A phrase holding a known first name is never taken as a place ("Kerry Ann Bright" above a
postcode is the addressee, not a town).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from redactor.detect.name_lists import is_known_first_name
from redactor.detect.names import NON_NAME_WORDS
from redactor.detect.person import SpacyPersonRecognizer
from redactor.detect.postcode_format import POSTCODE_ANY_CASE
from redactor.models import Finding

_WORD = r"\p{Lu}[\p{L}\p{M}'’\-]*[\p{L}\p{M}]"
# one to three capitalised words (or words in capitals) on one line
_RUN = rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
_START = r"(?<![\w'’\-./@])"
# What follows a place's name: its police station, custody suite, school, centre or area.
_AFTER = (
    r"police[ \t]+station|station|custody|cid|npt|snt|lpa|response|neighbourhood"
    r"|local[ \t]+policing|academy|primary|school|college|hospital|library|town[ \t]+hall"
    r"|town[ \t]+centre|city[ \t]+centre|bus[ \t]+station|railway[ \t]+station"
    r"|train[ \t]+station|high[ \t]+street|magistrates|crown[ \t]+court|community[ \t]+centre"
    r"|leisure[ \t]+centre|shopping[ \t]+centre|retail[ \t]+park|industrial[ \t]+estate"
    r"|skate[ \t]+park|area|district|division|sector|ward"
)
_BEFORE_PLACE_WORDS = regex.compile(
    rf"{_START}(?P<place>{_RUN})[ \t]+(?i:{_AFTER})(?![\w'’\-])", regex.MULTILINE
)
# "Quarry Lane, Pellbury RX2 7HD", "Hollinsby RX8 0NZ": the town before the postcode
_POSTCODE_NEXT = rf"[ \t]*,?[ \t]+{POSTCODE_ANY_CASE}(?![\w])"
_BEFORE_POSTCODE = regex.compile(rf"{_START}(?P<place>{_RUN}){_POSTCODE_NEXT}", regex.MULTILINE)
_POSTCODE_AFTER = regex.compile(_POSTCODE_NEXT)
_POSTCODE_LINE = regex.compile(rf"^[ \t]*{POSTCODE_ANY_CASE}[ \t,.]*$")
_PLACE_LINE = regex.compile(rf"^[ \t]*(?P<place>{_RUN})[ \t]*,?[ \t]*$")
# "Station: Pellbury", "Area\nPellbury North (PN3)": a place field's value
_LABELLED = regex.compile(
    r"^[ \t]*(?i:station|area|sector|beat(?:[ \t]*/[ \t]*sector)?|division|district|town|city"
    r"|location|locality|place[ \t]+of[ \t]+birth|ward|borough|base|stationed[ \t]+at)"
    rf"[ \t]*(?::[ \t]*|[ \t]*\n[ \t]*)(?P<place>{_RUN})",
    regex.MULTILINE,
)
# "at Caddon Bridge", "near Hob Green": a place word ending the name after a place preposition
_TOPOGRAPHIC = regex.compile(
    r"(?<![\w'’\-])(?i:at|near|via|towards|outside|around)[ \t]+"
    rf"(?P<place>(?:{_WORD}[ \t]+){{1,2}}(?:Bridge|Green|Park|Hill|Cross|Heath|Common|Vale"
    r"|Moor|Marsh|End|Gate|Fields|Brook|Bay|Quay|Wharf|Junction|Roundabout|Estate))"
    r"(?![\w'’\-])(?!['’]s)",
)


# the one-word kinds of place above: "PELLBURY NPT" is the place "Pellbury"
_KIND_WORDS = frozenset(w for w in _AFTER.split("|") if w.isalpha())


def _words(phrase: str) -> list[str]:
    """The phrase's words, case-folded, without the labels, stop words and kinds of place at
    its edges."""
    words = [w.strip(".,;:()'’").casefold() for w in phrase.split()]
    while words and words[0] in NON_NAME_WORDS:
        words.pop(0)
    while words and (words[-1] in NON_NAME_WORDS or words[-1] in _KIND_WORDS):
        words.pop()
    return words


def _taken(phrase: str, found: set[str]) -> None:
    if any(is_known_first_name(w) for w in phrase.split()):
        return  # "Kerry Ann Bright" above a postcode: the addressee
    found.update(_words(phrase))


def place_words(text: str) -> set[str]:
    """The case-folded words this page uses as place names (see the module's note)."""
    found: set[str] = set()
    for pattern in (_BEFORE_PLACE_WORDS, _BEFORE_POSTCODE, _LABELLED, _TOPOGRAPHIC):
        for match in pattern.finditer(text):
            _taken(match.group("place"), found)
    if "\n" in text:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if not _POSTCODE_LINE.match(line):
                continue
            for above in (i - 1, i - 2):  # an address block's town and district lines
                match = _PLACE_LINE.match(lines[above]) if above >= 0 else None
                if match is None:
                    break
                _taken(match.group("place"), found)
    return found


def in_an_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a town line of an address: before a postcode on its line,
    or a line of its own right above the postcode line (or above another such line)."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    after = text[end:line_end]
    if _POSTCODE_AFTER.match(after):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() or after.strip(" \t,"):
        return False
    lines = text[line_end + 1 :].split("\n", 2)[:2]
    for i, line in enumerate(lines):
        if _POSTCODE_LINE.match(line):
            return True
        if i == 0 and not _PLACE_LINE.match(line):
            return False
    return False


class Places:
    """A bundle's place words, less the words it uses in people's names."""

    def __init__(self, words: Iterable[str], findings: Iterable[Sequence[list[Finding]]]) -> None:
        places = set(words)
        names: set[str] = set()
        for file_findings in findings:
            for page in file_findings:
                for finding in page:  # pass 1's: no consistency findings among them yet
                    if finding.entity_type != "PERSON":
                        continue
                    parts = [w.strip(".,;:()'’").casefold() for w in finding.text.split()]
                    if finding.recogniser != SpacyPersonRecognizer.NAME or (
                        len(parts) > 1 and not all(p in places for p in parts)
                    ):
                        names.update(parts)
        self.words = frozenset(places - names)

    def only_places(self, finding: Finding) -> bool:
        """A name the model alone found (or spread from one) whose words are all places."""
        if finding.entity_type != "PERSON" or not self.words:
            return False
        words = [w.strip(".,;:()'’").casefold() for w in finding.text.split()]
        return bool(words) and all(w in self.words for w in words)
