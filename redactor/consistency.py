"""Once something is found, find it everywhere: the same text readable elsewhere undoes a box.

Every finding anywhere in the folder becomes a source. Every other occurrence of its text, in any
file, is proposed too, and so is a person's first name or surname used alone ("Hi Lucy,",
"Mr Moran"), unless that word is also an everyday English word that is often capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import ahocorasick

from redactor.detect.name_lists import has_known_name
from redactor.detect.names import is_title_or_rank
from redactor.detect.person import SpacyPersonRecognizer, titled
from redactor.detect.places import Places, in_an_address
from redactor.log import ACCEPT, MANUAL, LogRow
from redactor.models import Finding, overlaps_any

RECOGNISER = "consistency"
# Case matters for names ("Will", "Hope" are words too) except when shouted in capitals.
_CASE_INSENSITIVE = frozenset({"EMAIL_ADDRESS"})
MIN_LENGTH = 2
MIN_NAME_PART = 3
# Given names and surnames that are also common capitalised words (or car makes: "Ford Focus"):
# proposing every "May" or "Will" in a bundle because someone is called May Will would bury
# the reviewer.
AMBIGUOUS_NAME_PARTS = frozenset(
    """
    april may june july august autumn summer winter spring will bill mark hope grace joy
    faith rose dawn frank guy jack sue bob pat ray drew chase rich penny sunny jay dean
    major sterling king page bishop church hall wood hill green brown white black gray grey
    young long short little rich north south east west lord lane street road court ash park
    ford austin morris rover bentley jaguar royce
    """.split()
)
# a capitalised word of letters in any script ("Gülşeref", "ĐẶNG"), with ' and - inside
_NAME_WORD = re.compile(r"^(?=[^\W\d_])[^\W\d_'’\-](?:[^\W\d_]|['’\-])+$")
# An address line without a number ("Leeds", "Headingley") is a place, not a home, when it
# stands anywhere else: proposing every "Leeds" in the bundle would flag policy text.
_NEEDS_A_DIGIT = frozenset({"ADDRESS"})
# A number that reads as a year ("PC 1984 Hall") is searched for only where its rank is: the
# same digits elsewhere are mostly years ("the Police and Criminal Evidence Act 1984").
_NUMBERS = frozenset({"COLLAR_NUMBER"})
_YEAR = re.compile(r"(?:19|20)\d\d")
# one word in capitals, with ' or - inside: "MORAN", "O'HAIRE", "BROWN-DOUGLAS"
_CAPS_NAME = re.compile(r"^(?=[^\W\d_])(?:[^\W\d_]|['’\-](?=[^\W\d_]))+$")
_surname_first = re.compile(
    r"^((?=[^\W\d_])[\w'’\-]+), ((?=[^\W\d_])[\w'’\-]+(?: (?=[^\W\d_])[\w'’\-]+)?)$"
)


@dataclass(frozen=True)
class Source:
    text: str
    entity_type: str
    score: float
    origin: str  # where it was found, for the log's reason column


# Words that open a surname of two or more words ("da Rocha", "van den Berg", "Mac Connallta",
# "Ó Reachtabhra"): the surname used alone keeps them.
_SURNAME_PREFIXES = frozenset(
    """de da das do dos des del della di du van von der den le la ter ten
    mac mc mhic nic ní ó ua uí""".split()
)


def _name_parts(text: str) -> list[str]:
    words = text.split()
    if len(words) < 2:
        return []
    parts = []
    # "Livia da Rocha" -> "da Rocha" (and "Rocha" below): the first prefix after the forename
    opens = next(
        (i for i, w in enumerate(words[1:-1], 1) if w.casefold() in _SURNAME_PREFIXES), None
    )
    if opens is not None:
        parts.append(" ".join(words[opens:]).strip(",.;:"))
    for word in (words[0], words[-1]):
        clean = word.strip(",.;:")
        if (
            len(clean) >= MIN_NAME_PART
            and _NAME_WORD.match(clean)
            and clean[0].isupper()
            and clean.casefold() not in AMBIGUOUS_NAME_PARTS
        ):
            parts.append(clean)
    return parts


def collect(
    sources: dict[tuple[str, str], Source],
    file: str,
    findings: Sequence[list[Finding]],
    places: Places | None = None,
) -> None:
    """Add the findings of one file (pages in order) to the bundle's sources; a name the model
    alone found that is nothing but the bundle's `places` is none."""
    for page_index, page_findings in enumerate(findings):
        for finding in page_findings:
            text = " ".join(finding.text.split())
            where = f"{finding.recogniser} finding {text!r} in {file} page {page_index + 1}"
            model_only = finding.recogniser == SpacyPersonRecognizer.NAME
            if model_only and places is not None and places.only_places(finding):
                continue  # "Pellbury", where the bundle writes "Pellbury custody"
            if len(text) >= MIN_LENGTH and spreads(text, finding.entity_type):
                sources.setdefault(
                    (text, finding.entity_type),
                    Source(text, finding.entity_type, finding.score, f"same text as the {where}"),
                )
            if finding.entity_type == "PERSON":
                reordered = _surname_first.match(text)
                if reordered:  # "MORAN, Julie" is also written "Julie Moran"
                    natural = f"{reordered.group(2)} {reordered.group(1)}"
                    sources.setdefault(
                        (natural, "PERSON"),
                        Source(natural, "PERSON", finding.score, f"the name in the {where}"),
                    )
                if model_only and not has_known_name(text):
                    continue  # "Saltmere CID": no word of it is a known name, its parts stay
                for part in _name_parts(text):
                    sources.setdefault(
                        (part, "PERSON"),
                        Source(part, "PERSON", finding.score, f"part of the name in the {where}"),
                    )


# The release checks search for an accepted text beyond its box only from this length: shorter
# texts match by chance.
MIN_SEARCH_LENGTH = 3


def search_key(text: str) -> str:
    """A text as the release checks compare it: each run of white space one space, any case."""
    return " ".join(text.split()).casefold()


def spreads(text: str, entity_type: str) -> bool:
    """Whether other occurrences of this text are the same personal data: not for an address
    line without a number (a town names a place, not a home), nor for a collar number that
    reads as a year. The release check asks too."""
    if entity_type in _NUMBERS and _YEAR.fullmatch(text.strip()):
        return False
    return entity_type not in _NEEDS_A_DIGIT or any(ch.isdigit() for ch in text)


def searched_texts(rows: Iterable[LogRow]) -> dict[str, list[str]]:
    """What the release checks look for all over the page, for each accepted box row (rows not
    listed: under their box only).

    A finding split over lines (rows sharing a `finding` id on one page: a name, a wrapped
    number or email address) is looked for as one text, its pieces joined in the order of the
    lines with a space and without one (a line end inside an address), and in the reverse order
    (lines a rotated page lists the other way), under its first piece; each piece on its own
    only under its box. A piece alone matches other text left visible ("417" in "Room 417",
    "020 7946" in the switchboard "020 7946 0000", "shire.police.uk" in
    "foi@northshire.police.uk"); the joined text matches only the finding. A hand-drawn box, or
    a text that does not spread (a town), is looked for under its box only.
    """
    rows = list(rows)
    groups: dict[tuple[str, int, str], list[LogRow]] = {}
    for row in rows:
        if row.finding and row.has_box:
            groups.setdefault((row.file, row.page, row.finding), []).append(row)
    searched: dict[str, list[str]] = {}
    for row in rows:
        if row.decision != ACCEPT or not row.has_box:
            continue
        group = groups.get((row.file, row.page, row.finding), [row])
        if len(group) == 1:
            if not by_box_only(row):
                searched[row.id] = [row.text]
        elif row is group[0] and all(r.decision == ACCEPT and not by_box_only(r) for r in group):
            pieces = [r.text for r in group]
            searched[row.id] = list(
                dict.fromkeys(
                    joint.join(order)
                    for order in (pieces, pieces[::-1])
                    for joint in (" ", "")  # a line end where a space was, or inside a word
                )
            )
    return searched


def by_box_only(row: LogRow) -> bool:
    """Whether the release checks look for an accepted row's text only where its box is, not all
    over its page: a box drawn by hand covers an area (a text row covers every occurrence), and
    a town in an address names a place wherever else it appears, and initials ("JB") stand for
    a person only where they were found (an action's owner), not as letters elsewhere."""
    return row.has_box and (
        row.recogniser in (MANUAL, INITIALS) or not spreads(row.text, row.entity_type)
    )


def case_insensitive(text: str, entity_type: str) -> bool:
    """One rule for finding and for verifying: a single word keeps its case ("Hope" the name is
    not "hope"); several words, numbers and addresses match in any case ("lucy harper")."""
    return (
        entity_type in _CASE_INSENSITIVE
        or len(text.split()) > 1
        or any(ch.isdigit() for ch in text)
    )


def _variants(text: str, entity_type: str) -> list[str]:
    text = " ".join(text.split())
    if case_insensitive(text, entity_type):
        return [text.lower()]
    if text.upper() != text:
        return [text, text.upper()]
    if entity_type == "PERSON" and _CAPS_NAME.match(text):
        # "MORAN, Julie" names the "Moran" of other pages, "Kirk O'HAIRE" their "O'Haire"
        return [text, titled(text)]
    return [text]


class PageIndex:
    """A page text prepared once for many searches: every run of whitespace (a line break, a
    gap between text blocks) read as one space, and a lower-case copy. Offsets found in the
    squeezed text are mapped back to the page text, so "Lucy Harper" also matches a name that
    ends one line and continues on the next ("Lucy\nHarper")."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.flat = one_space(text)
        # page-text offset of each squeezed character: every offset but those a run of two or
        # more white spaces drops after its first (taken a range at a time, not a character:
        # a page has a few such runs, between lines and blocks, and thousands of characters)
        offsets: list[int] = []
        kept_from = 0
        for match in _SQUEEZED.finditer(text):
            offsets.extend(range(kept_from, match.start() + 1))
            kept_from = match.end()
        offsets.extend(range(kept_from, len(text) + 1))
        self._offsets = offsets
        self.lowered = lowered(self.flat)

    def occurrences(self, needle: str, entity_type: str) -> Iterator[tuple[int, int]]:
        """Every bounded occurrence of `needle`, by the case rule above."""
        insensitive = case_insensitive(needle, entity_type)
        return self.find_variants(_variants(needle, entity_type), insensitive)

    def find_variants(self, variants: list[str], insensitive: bool) -> Iterator[tuple[int, int]]:
        """Page-text (start, end) of every bounded occurrence of each variant."""
        haystack = self.lowered if insensitive else self.flat
        for variant in variants:
            start = haystack.find(variant)
            while start != -1:
                end = start + len(variant)
                if bounded(self.flat, start, end):
                    yield self.span(start, end)
                else:  # "Lee Lee" inside "xLee Lee Lee" may still start one word on
                    end = start + 1
                start = haystack.find(variant, end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The page-text (start, end) of a squeezed-text range."""
        return self._offsets[start], self._offsets[end - 1] + 1


_SQUEEZED = re.compile(r"\s{2,}")  # a run that becomes one space


def one_space(text: str) -> str:
    """`text` with each run of white space read as one space: what `re.sub(r"\\s+", " ", text)`
    gives (`\\s` and `str.split` are the same characters, `str.isspace`), made by `str.split`,
    which costs a quarter as much on a page's text."""
    flat = " ".join(text.split())
    if not flat:
        return " " if text else ""  # white space only: one space
    if text[0].isspace():
        flat = " " + flat
    if text[-1].isspace():
        flat += " "
    return flat


def lowered(flat: str) -> str:
    """The lower-case copy searched for texts that match in any case; `flat` itself when a
    character's lower case is longer, which would shift every offset after it."""
    low = flat.lower()
    return low if len(low) == len(flat) else flat


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def bounded(text: str, start: int, end: int) -> bool:
    """Not part of a longer word, number or address: "Lucy" is not inside "Lucyanne"."""
    if start > 0 and (_is_word_char(text[start - 1]) or text[start - 1] in "@."):
        return False
    if end < len(text):
        after = text[end]
        if _is_word_char(after) or after == "@":
            return False
        if after == "." and end + 1 < len(text) and _is_word_char(text[end + 1]):
            return False
    return True


def case_automatons(
    items: Iterable[tuple[str, str]],
) -> tuple[ahocorasick.Automaton, ahocorasick.Automaton]:
    """Two Aho-Corasick automatons, (exact case, lower case), over every variant of each (text,
    entity type) by the case rule above: each variant's value is (its length, [(item, variant
    order), ...]). The consistency pass and the release checks search with the same keys."""
    automatons = (ahocorasick.Automaton(), ahocorasick.Automaton())
    for item, (text, entity_type) in enumerate(items):
        automaton = automatons[case_insensitive(text, entity_type)]
        for order, variant in enumerate(_variants(text, entity_type)):
            if not variant:
                continue
            if variant not in automaton:
                automaton.add_word(variant, (len(variant), []))
            automaton.get(variant)[1].append((item, order))
    for automaton in automatons:
        if len(automaton):
            automaton.make_automaton()
    return automatons


def searchable(automaton: ahocorasick.Automaton) -> bool:
    """Whether the automaton was built (one without keys cannot be searched)."""
    return bool(automaton.kind == ahocorasick.AHOCORASICK)


def _person_inside(findings: list[Finding], span: tuple[int, int], kind: str) -> Finding | None:
    """The one name finding strictly inside `span` ("Rocha" in "da Rocha"), when the span is a
    name too and overlaps nothing else."""
    if kind != "PERSON":
        return None
    touching = [f for f in findings if f.start < span[1] and span[0] < f.end]
    if len(touching) != 1:
        return None
    (inner,) = touching
    within = span[0] <= inner.start and inner.end <= span[1] and (inner.start, inner.end) != span
    return inner if within and inner.entity_type == "PERSON" else None


class Propagator:
    """Built once per bundle; applied to each page in one Aho-Corasick pass per case rule.

    Every variant of every source is a key of one of two automatons (exact case, lower case),
    so a page is read once (twice with both) however many names the bundle holds. Matches are
    then taken in the order a search source by source would take them: longest source first,
    its variants in order, each variant's occurrences left to right and not overlapping.
    """

    def __init__(self, sources: Iterable[Source], places: Places | None = None) -> None:
        self._places = places
        # longest first, so "Lucy Harper" claims its words before "Lucy" does
        ordered = sorted(sources, key=lambda s: -len(s.text))
        self._sources = ordered
        self._automatons = case_automatons((s.text, s.entity_type) for s in ordered)

    def _hits(self, index: PageIndex) -> list[tuple[int, int, int, int]]:
        """(source rank, variant order, start, end) in the squeezed page text, sorted."""
        hits = []
        for automaton, haystack in zip(self._automatons, (index.flat, index.lowered), strict=True):
            if not searchable(automaton):
                continue
            for last, (length, owners) in automaton.iter(haystack):
                for rank, order in owners:
                    hits.append((rank, order, last + 1 - length, last + 1))
        hits.sort()
        return hits

    def _without_places(self, text: str, findings: list[Finding]) -> list[Finding]:
        """The page's findings less the model's names that are the bundle's places; one that
        is the town line of an address stays, as part of the address ("15 Larchfield Drive /
        Hollins Green / HF18 4GJ"), where the name had claimed the address's own finding."""
        places = self._places
        if places is None or not places.words:
            return list(findings)
        kept = []
        for f in findings:
            if f.recogniser != SpacyPersonRecognizer.NAME or not places.only_places(f):
                kept.append(f)
            elif in_an_address(text, f.start, f.end):
                kept.append(
                    replace(
                        f,
                        entity_type="ADDRESS",
                        explanation="a town line of an address (the model read it as a name)",
                    )
                )
        return kept

    def page(self, text: str, findings: list[Finding]) -> list[Finding]:
        index = PageIndex(text)
        result = self._without_places(text, findings)
        taken = [(f.start, f.end) for f in result]
        previous: tuple[int, int] = (-1, -1)
        search_from = 0
        for rank, order, start, end in self._hits(index):
            if (rank, order) != previous:  # a new variant: its search starts at the page top
                previous, search_from = (rank, order), 0
            if start < search_from or not bounded(index.flat, start, end):
                continue  # the search resumes after a match: overlapping repeats are skipped
            search_from = end
            span = index.span(start, end)
            source = self._sources[rank]
            inside = _person_inside(result, span, source.entity_type)
            if inside is not None:  # "Rocha" found alone, inside "da Rocha": the longer wins
                taken.remove((inside.start, inside.end))
                result.remove(inside)
            if overlaps_any(*span, taken):
                continue
            result.append(
                Finding(
                    start=span[0],
                    end=span[1],
                    entity_type=source.entity_type,
                    score=source.score,
                    recogniser=RECOGNISER,
                    text=text[span[0] : span[1]],
                    explanation=source.origin,
                )
            )
            taken.append(span)
        result.sort(key=lambda f: f.start)
        return result


# Initials standing for a person the file names in full ("ACTION: JB to ...", "Owner" cells):
# proposed only in those places, and looked for by the release checks only under their box.
INITIALS = "initials"
_INITIALS_TOKEN = r"[^\W\d_a-z]{2,3}"  # capitals in any script ("FÓC"), checked below
_INITIALS_IN_CONTEXT = (
    # "ACTION: JB to contact ...", "Action - KH and BS to visit", "ACTIONS: RF/NM will ..."
    re.compile(
        rf"^[ \t]*(?i:actions?)[ \t]*[:\-–][ \t]*"
        rf"(?P<who>{_INITIALS_TOKEN}(?:[ ]*(?:,|/|&|and)[ ]*{_INITIALS_TOKEN})*)"
        r"[ ]+(?:to|will)[ ]",
        re.MULTILINE,
    ),
    # an action in numbered minutes, or on a line of its own: "3.6 RK and BDB to brief Silver"
    re.compile(
        rf"^[ \t]*(?:\d{{1,3}}(?:\.\d{{1,3}})*[.)]?[ \t]+)?"
        rf"(?P<who>{_INITIALS_TOKEN}(?:[ ]*(?:,|/|&|and)[ ]*{_INITIALS_TOKEN})*)"
        r"[ ]+(?:to|will)[ ]",
        re.MULTILINE,
    ),
    # a table cell of its own ("Owner" column), or after an owner label ("Lead: JB")
    re.compile(
        rf"^[ \t]*(?:(?i:owner|lead|action[ ]by|by|who)[ \t]*:[ \t]*)?(?P<who>{_INITIALS_TOKEN})"
        r"[ \t]*$",
        re.MULTILINE,
    ),
    # in brackets after the name: "Jo Bloggs (JB)"
    re.compile(rf"\((?P<who>{_INITIALS_TOKEN})\)"),
    # opening a sentence, before what they did: "... a black bag. CW burned the working copy"
    re.compile(
        rf"(?:^|(?<=[.!?;][ ])|(?<=[.!?;][ ][ ]))[ \t]*(?P<who>{_INITIALS_TOKEN})[ ]+"
        r"(?!(?:or|and|as|of|in|on|at|by|for|the|nor)[ ,\n])(?=[a-z]{2,}[ ,\n])",
        re.MULTILINE,
    ),
)
_CODE = re.compile(_INITIALS_TOKEN)


def file_initials(findings: Sequence[list[Finding]]) -> dict[str, str]:
    """Initials -> name, for every name of two or three words found in one file (a rank or a
    title such as "PC" or "DS" is never read as initials)."""
    codes: dict[str, str] = {}
    for page_findings in findings:
        for finding in page_findings:
            if finding.entity_type != "PERSON":
                continue
            text = " ".join(finding.text.split())
            reordered = _surname_first.match(text)
            if reordered:
                text = f"{reordered.group(2)} {reordered.group(1)}"
            words = [w for w in re.split(r"[\s\-]+", text) if w]
            if not 2 <= len(words) <= 4 or not words[0][0].isupper():
                continue
            capitals = [w[0] for w in words if w[0].isupper()]
            for letters in ("".join(w[0] for w in words).upper(), "".join(capitals)):
                if 2 <= len(letters) <= 3 and letters.isalpha() and not is_title_or_rank(letters):
                    codes.setdefault(letters, text)
    return codes


def with_initials(text: str, findings: list[Finding], codes: dict[str, str]) -> list[Finding]:
    """`findings` and the initials of the file's names where a page uses them for a person."""
    if not codes:
        return findings
    result = list(findings)
    taken = [(f.start, f.end) for f in result]
    for pattern in _INITIALS_IN_CONTEXT:
        for match in pattern.finditer(text):
            for code in _CODE.finditer(text, match.start("who"), match.end("who")):
                name = codes.get(code.group()) if code.group().isupper() else None
                span = code.span()
                if name is None or overlaps_any(*span, taken):
                    continue
                result.append(
                    Finding(
                        start=span[0],
                        end=span[1],
                        entity_type="PERSON",
                        score=0.6,
                        recogniser=INITIALS,
                        text=code.group(),
                        explanation=f"initials of {name!r}, named in this file",
                    )
                )
                taken.append(span)
    result.sort(key=lambda f: f.start)
    return result
