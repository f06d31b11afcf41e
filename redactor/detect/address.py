"""UK home addresses: the street part (house number or name, street, locality, town).

"22 Mill Lane", "Flat 3, 22 Mill Lane, Headingley, Leeds", "Rose Cottage, Mill Lane", or a block
over several lines ("Flat 3\\n22 Mill Lane\\nHeadingley\\nLeeds\\nLS6 2QT"). The postcode is
not part of the finding (PostcodeRecognizer finds it on its own). One finding per line.

A street needs a street-type word (Road, Street, Lane, Close ...) and, to be taken as an
address, a house number, a flat or a house name in front of it; without one it counts only on
a line labelled "Address:", or under a "Flat 3" / house-name line, or when the block it opens
ends in a postcode. Lines below a street are localities and towns only when the block ends in
a postcode, so a heading under an address is never taken for a town. Organisation addresses
(letterheads, police stations, PO boxes: see organisation.py) are left alone, and so are place
names in running text ("officers in Leeds city centre"), which have no street.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.collar import RANK_ABBREVIATIONS
from redactor.detect.names import NON_NAME_WORDS, is_title_or_rank, name_spans
from redactor.detect.organisation import HOME_LABEL, PageLines, is_organisation
from redactor.detect.person import is_plausible_person, names_a_unit
from redactor.detect.postcode_format import POSTCODE_ANY_CASE

STREET_TYPES = (
    "Road", "Street", "Avenue", "Close", "Lane", "Drive", "Way", "Crescent", "Gardens",
    "Court", "Place", "Terrace", "Grove", "Walk", "Rise", "Mews", "Row", "Hill", "View",
    "Square", "Park", "Parade", "Green", "Vale", "Gate", "Wharf", "Yard", "Wynd", "Chase",
    "Croft", "Fold", "Garth", "Mount", "Meadow", "Meadows", "Bank", "Boulevard", "Approach",
    "Causeway", "Circus", "Embankment", "Esplanade", "Hollow", "Lea", "Leys", "Loke",
    "Pathway", "Promenade", "Quay", "Ridge", "Side", "Spur", "Steps", "Vale", "Villas",
    "Brow", "Dale", "End", "Field", "Fields", "Heights", "Glade", "Glen", "Orchard", "Path",
    "Pines", "Manor", "Nook", "Oval", "Reach", "Wood", "Woods", "Brook", "Common", "Cross",
    "Crossing", "Estate", "Grange", "Haven", "Highway", "Knoll", "Landing", "Lodge", "Mill",
    "Passage", "Plaza", "Point", "Trail", "Valley", "Vista", "Ways",
    # more of the street types Faker's en_GB provider generates
    "Alley", "Branch", "Bridge", "Brooks", "Bypass", "Cape", "Circle", "Cliff", "Corner",
    "Courts", "Cove", "Creek", "Crest", "Curve", "Drives", "Estates", "Ferry", "Ford",
    "Forge", "Fork", "Garden", "Gateway", "Greens", "Groves", "Harbor", "Hills", "Island",
    "Junction", "Lake", "Lakes", "Manors", "Mills", "Parks", "Parkway", "Pike", "Pine",
    "Plains", "Port", "Ports", "Ranch", "Rapids", "Ridges", "River", "Roads", "Shore",
    "Shores", "Spurs", "Squares", "Station", "Stream", "Streets", "Summit", "Tunnel",
    "Turnpike", "Underpass", "Valleys", "Viaduct", "Views", "Village", "Villages", "Walks",
)  # fmt: skip
# Abbreviations people write ("22 Mill Rd", "Albert St.").
STREET_ABBREVIATIONS = ("Rd", "St", "Ave", "Cres", "Gdns", "Ct", "Pl", "Tce", "Sq", "Ln")
HOUSE_WORDS = (
    "Cottage", "Cottages", "House", "Farm", "Farmhouse", "Lodge", "Barn", "Villa",
    "Bungalow", "Manor", "Hall", "Grange", "Mill", "Rectory", "Vicarage", "Croft",
)  # fmt: skip


def _alternatives(words: tuple[str, ...]) -> str:
    forms = {w for word in words for w in (word, word.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A capitalised word or one in capitals (not the letters of a postcode: "LS6").
_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*|[A-Z]{2,}(?![\w'’])|St\.?)"
_TYPE = rf"(?:{_alternatives(STREET_TYPES)}|(?:{_alternatives(STREET_ABBREVIATIONS)})\.?)(?![\w'’])"
# One to three name words, then the street type: "Mill Lane", "St John's Road".
_STREET = rf"(?:{_WORD}[ ]){{1,3}}{_TYPE}"
_NUMBER = r"\d{1,4}[A-Za-z]?(?:[\-–]\d{1,4}[A-Za-z]?)?(?![\w/.:])"
_FLAT = rf"(?i:flat|apartment|apt\.?|studio|room|unit)[ ]{_NUMBER}"
_HOUSE_NAME = rf"(?:{_WORD}[ ]){{1,3}}(?:{_alternatives(HOUSE_WORDS)})"
# A number after a rank or a label is a collar or reference number ("DC 2260 Amelia Dale").
_NOT_A_HOUSE = (
    rf"\b(?:{'|'.join(regex.escape(r) for r in RANK_ABBREVIATIONS)}"
    r"|(?i:no|number|collar|shoulder|ref|page|section|rank))\.?:?"
)
_PLACE = rf"{_WORD}(?:[ \-](?:{_WORD}|upon|on|in|le|de|la|the)){{0,3}}"
_POSTCODE_AT_END = rf"[ ,]*{POSTCODE_ANY_CASE}[ ,.]*$"

# A street with what is in front of it on the same line, and the places after it.
STREET_LINE = regex.compile(
    rf"(?<![\w/.\-])(?<!{_NOT_A_HOUSE}[ ]?)"
    rf"(?P<house>(?:{_FLAT},?[ ]+)?(?:{_NUMBER},?[ ]+|{_HOUSE_NAME},[ ]+))?"
    rf"(?!(?i:{_MONTHS})\b)"  # "on 3 March Street lighting ...": a date, not a house
    rf"(?P<street>{_STREET})(?P<places>(?:,[ ]*{_PLACE})*"
    rf"(?:[ ]+{_PLACE}(?={_POSTCODE_AT_END}))?)"
)
# Every street ends in a street type standing as a word of its own: a space before it, no
# letter after it. A line without one of these words as a run of letters holds no street.
_TYPE_WORDS = frozenset(
    form
    for words in (STREET_TYPES, STREET_ABBREVIATIONS)
    for word in words
    for form in (word, word.upper())
)
_LETTER_RUN = regex.compile(r"[A-Za-z]+")


def may_hold_street(line: str) -> bool:
    """False only for a line where STREET_LINE cannot match: none of its runs of ASCII letters
    is a street type (cheap: STREET_LINE tries its look-behinds at every position)."""
    return not _TYPE_WORDS.isdisjoint(_LETTER_RUN.findall(line))


# A line above a street that belongs to the address: "Flat 3", "Rose Cottage".
HOUSE_LINE = regex.compile(
    rf"^[ \t]*(?:{_FLAT}(?:,?[ ]+{_HOUSE_NAME})?|{_HOUSE_NAME}|{_NUMBER})[ ,]*$"
)  # "Flat 14, Pemberton House" too
# A locality or town line under a street: a place, maybe with the postcode after it.
PLACE_LINE = regex.compile(rf"^[ \t]*(?P<place>{_PLACE})[ ,]*(?:{POSTCODE_ANY_CASE}[ ,.]*)?$")
POSTCODE_LINE = regex.compile(rf"^[ \t]*{POSTCODE_ANY_CASE}[ ,.]*$")
ENDS_WITH_POSTCODE = regex.compile(_POSTCODE_AT_END)
# What follows "Address:" on the same line when no street is recognised ("Rose Cottage, Leeds").
LABELLED_VALUE = regex.compile(
    rf"(?P<value>{_PLACE}(?:,[ ]*{_PLACE})*)[ ,]*(?:{POSTCODE_ANY_CASE})?[ ,.]*$"
)
MAX_PLACE_LINES = 3
# A postcode ends an address block of up to five lines: look that far up for its owner.
POSTCODE_LOOK_UP_LINES = 4
SCORE = 0.9
SCORE_UNNUMBERED = 0.75

Span = tuple[int, int, str]  # start, end, why
_TOWN = "locality or town in an address block"


class AddressRecognizer(EntityRecognizer):
    """The street part of a home address, one finding per line."""

    NAME = "AddressRecognizer"
    ENTITIES = ("ADDRESS",)

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=self.NAME,
            supported_language=supported_language,
        )

    def load(self) -> None:
        """Nothing to load: compiled regular expressions only."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        return [self._result(start, end, why) for start, end, why in find_addresses(text)]

    def _result(self, start: int, end: int, why: str) -> RecognizerResult:
        score = SCORE if why.startswith(("street with", "house")) else SCORE_UNNUMBERED
        return _recognised(self, "ADDRESS", start, end, score, why)


def _recognised(
    recogniser: EntityRecognizer, entity: str, start: int, end: int, score: float, why: str
) -> RecognizerResult:
    """A result of one of this module's recognisers, `why` as its pattern name."""
    name = str(getattr(recogniser, "name"))  # noqa: B009 (Presidio leaves it untyped)
    explanation = AnalysisExplanation(recognizer=name, original_score=score, pattern_name=why)
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recogniser.id,
        },
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t,":
        start += 1
    while end > start and text[end - 1] in " \t,.":
        end -= 1
    return start, end


@dataclass(frozen=True)
class AddressBlock:
    first: int  # line indexes
    last: int
    spans: tuple[Span, ...]
    organisation: bool


@lru_cache(maxsize=4)
def address_blocks(text: str) -> tuple[AddressBlock, ...]:
    """Every address block in a page text, home or organisation (cached: the address and
    postcode recognisers both ask for the same page)."""
    lines = PageLines.of(text)
    blocks: list[AddressBlock] = []
    claimed: set[int] = set()
    for index in range(len(lines.starts)):
        if index in claimed:
            continue
        block = _address_at(lines, index)
        if block is None:
            continue
        first, last, spans, streets = block
        claimed.update(range(first, last + 1))
        organisation = is_organisation(lines, first, last, streets)
        blocks.append(AddressBlock(first, last, tuple(spans), organisation))
    return tuple(blocks)


def find_addresses(text: str) -> list[Span]:
    """(start, end, why) of every home-address line part in a page text."""
    return [
        span for block in address_blocks(text) if not block.organisation for span in block.spans
    ]


Block = tuple[int, int, list[Span], list[tuple[int, int]]]  # first, last, spans, streets


def _places_below(lines: PageLines, index: int) -> tuple[int, list[Span]]:
    """Locality and town lines under the street on line `index`, and the index of the line
    holding the postcode that ends the block; (index, []) when no postcode ends it."""
    places: list[Span] = []
    below = index + 1
    while below < len(lines.starts) and below - index <= MAX_PLACE_LINES + 1:
        below_line = lines.line(below)
        if POSTCODE_LINE.match(below_line):
            return below, places
        place = PLACE_LINE.match(below_line)
        if place is None:
            break
        if all(w.casefold() in NON_NAME_WORDS for w in place.group("place").split()):
            below += 1  # a form's label between the town and its postcode ("Postcode")
            continue
        base = lines.starts[below]
        places.append((base + place.start("place"), base + place.end("place"), _TOWN))
        if place.end("place") < len(below_line.rstrip(" ,.")):  # the postcode after the town
            return below, places
        below += 1
    return index, []


def _address_at(lines: PageLines, index: int) -> Block | None:
    """The address block whose street is on line `index`."""
    line = lines.line(index)
    base = lines.starts[index]
    labelled = HOME_LABEL.match(line)
    match = STREET_LINE.search(line) if may_hold_street(line) else None
    if match is None:
        return None if labelled is None else _labelled_only(lines, index, labelled.end())
    numbered = match.group("house") is not None
    spans: list[Span] = []
    first = last = index
    at_line_start = match.start() == len(line) - len(line.lstrip())
    if at_line_start and index > 0 and HOUSE_LINE.match(lines.line(index - 1)):
        first, numbered = index - 1, True  # "Flat 3" / "Rose Cottage" on the line above
        s, e = _trimmed(lines.text, lines.starts[first], lines.ends[first])
        spans.append((s, e, "house line above a street"))
    rest = line[match.end() :]
    postcode_follows = bool(ENDS_WITH_POSTCODE.fullmatch(rest)) if rest.strip(" ,.") else False
    places: list[Span] = []
    if not rest.strip(" ,."):
        last, places = _places_below(lines, index)
        postcode_follows = last > index
    if not (numbered or labelled or postcode_follows):
        return None
    s, e = _trimmed(lines.text, base + match.start(), base + match.end())
    if numbered:
        why = "street with a house number or name"
    elif labelled:
        why = "street after an address label"
    else:
        why = "street in a block ending in a postcode"
    spans.append((s, e, why))
    spans.extend(places)
    street = (base + match.start("street"), base + match.end("street"))
    return first, last, spans, [street]


def _labelled_only(lines: PageLines, index: int, label_end: int) -> Block | None:
    """ "Address: Rose Cottage, Leeds LS6 2QT": the value after an address label."""
    line = lines.line(index)
    value = LABELLED_VALUE.search(line, label_end)
    if value is None or line[label_end : value.start()].strip():
        return None
    base = lines.starts[index]
    s, e = _trimmed(lines.text, base + value.start("value"), base + value.end("value"))
    return index, index, [(s, e, "after an address label")], []


def organisation_postcode(text: str, offset: int) -> bool:
    """Whether the postcode at `offset` is an organisation's: it closes an organisation's
    address block, or (in no block) its line or the lines just above name an organisation."""
    lines = PageLines.of(text)
    index = lines.index(offset)
    for block in address_blocks(text):
        if block.first <= index <= block.last:
            return block.organisation
    first = max(index - POSTCODE_LOOK_UP_LINES, 0)
    streets = [
        (lines.starts[i] + m.start("street"), lines.starts[i] + m.end("street"))
        for i in range(first, index + 1)
        if may_hold_street(lines.line(i))
        for m in STREET_LINE.finditer(lines.line(i))
    ]
    return is_organisation(lines, index, index, streets, look_up=POSTCODE_LOOK_UP_LINES)


# The name line of a letter's address block: "Cliona Arianne Curnane" / "70 Meadow Rise" / ...
_ADDRESSEE = "the name line above a home address"
ADDRESSEE_SCORE = 0.75
MIN_ADDRESSEE_WORDS = 2
MAX_ADDRESSEE_WORDS = 4


def addressees(text: str) -> list[tuple[int, int]]:
    """The name right above each home address that a postcode closes: the addressee of a
    letter or the occupier on a form, with or without a title ("Ms", "Mr")."""
    found = []
    lines = PageLines.of(text)
    for block in address_blocks(text):
        if block.organisation or block.first == 0:
            continue
        last = lines.line(block.last)
        if not (POSTCODE_LINE.match(last) or ENDS_WITH_POSTCODE.search(last)):
            continue
        above = block.first - 1
        start, end = _trimmed(text, lines.starts[above], lines.ends[above])
        spans = name_spans(text, start, end)
        if len(spans) != 1:
            continue
        s, e = spans[0]
        words = text[s:e].split()
        before = text[start:s].split()
        whole = text[e:end].strip(" ,") == "" and all(is_title_or_rank(w) for w in before)
        if (
            whole
            and MIN_ADDRESSEE_WORDS <= len(words) <= MAX_ADDRESSEE_WORDS
            and is_plausible_person(text[s:e])
            and not names_a_unit(text[s:e])
        ):
            found.append((s, e))
    return found


class AddresseeRecognizer(EntityRecognizer):
    """The person named on the line above a home address."""

    NAME = "AddresseeRecognizer"
    ENTITIES = ("PERSON",)

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=self.NAME,
            supported_language=supported_language,
        )

    def load(self) -> None:
        """Nothing to load: the address blocks are found by their expressions."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        return [
            _recognised(self, "PERSON", start, end, ADDRESSEE_SCORE, _ADDRESSEE)
            for start, end in addressees(text)
        ]
