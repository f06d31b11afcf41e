"""Table and form context: a value is identified by the header above it or the label beside it.

In forms and tables the only context for a bare "454297" is the column header "Warrant No." or
the label cell to its left, which are lines away in the text but next to it on the page. This uses
the page geometry: each text line's box, and its characters' offsets in the page text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from itertools import islice
from operator import add

from redactor.detect.birth_date import DATE
from redactor.detect.names import NON_NAME_WORDS, is_name_word
from redactor.detect.nino import NINO
from redactor.detect.organisation import PageLines, is_organisation
from redactor.detect.pnc import PNC_ID
from redactor.detect.postcode_format import POSTCODE_ANY_CASE
from redactor.detect.vehicle import DATELESS, VRM
from redactor.models import Box, Finding, overlaps_any
from redactor.pdf.text import PageText

RECOGNISER = "TableContext"
SCORE = 0.7
ROW_TOLERANCE = 3.0  # points: header cells of one row, or a label and its value, share a baseline

# A header or label is a whole line of text; a value is a whole line (one table cell).
HEADERS: dict[str, re.Pattern[str]] = {
    "WARRANT_NUMBER": re.compile(r"^warrant\s*(?:no\.?|number|num\.?|#)?:?$", re.I),
    "COLLAR_NUMBER": re.compile(
        r"^(?:collar|shoulder|epaulette|badge)\s*(?:no\.?|number|num\.?|#)?:?$", re.I
    ),
    "PERSON": re.compile(
        r"^(?:(?:officer|staff|full|applicant|authorising officer)(?:'s)?\s+)?name:?$"
        r"|^name of (?:officer|applicant|staff member):?$"
        r"|^(?:surname|family name|last name|forenames?|first names?|given names?)\s*(?:\(s\))?:?$"
        # people in custody records, case papers and logs, by their part in the case
        r"|^(?:detained person|interpreter|solicitor|appropriate adult|informant|complainant|"
        r"defendant|witness|victim|suspect|caller|reported by|"
        # whose statement it is, who reported or died, and who vouches for an applicant
        r"statement of|(?:name of )?witness(?:'s)? name|name of witness|person reporting|"
        r"reporting person|next of kin|deceased|referee|countersignatory|custodian|"
        # registers of property and vehicles: whose it is
        r"owner|(?:registered )?keeper|returned to|released to|driver|passenger|"
        # what someone is known by; who took the minutes
        r"nicknames?|alias(?:es)?|known as|a\.?k\.?a\.?|street names?|minute taker|minutes|"
        # who wrote, checked or took a report or referral ("Researcher" / "Nomathemba Dlambula")
        r"researcher|analyst|author|submitted by|reviewed by|approved by|"
        r"authorised by|completed by|prepared by|recorded by|referred by|referrer|idva|isva|"
        r"caseworker|case worker|handler|source handler|"
        # a misconduct hearing's panel and parties
        r"(?:legally qualified |independent |lay )?(?:chair|panel member)|police member|"
        r"officer concerned|presenting officer|panel secretary|"
        # a post whose holder the form names: "Missing Persons Coordinator" / "Inioluwa ..."
        r"(?:[a-z]+ ){0,3}(?:coordinator|co-ordinator|manager|supervisor|liaison|advocate)|"
        # not "Disclosure Officer", "Custody Officer": job titles in signatures as often
        r"(?:arresting|interviewing|investigating) officer|officer in (?:the )?case)"
        r"\s*:?$",
        re.I,
    ),
    "DATE_OF_BIRTH": re.compile(r"^(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date):?$", re.I),
    "ADDRESS": re.compile(
        r"^(?:(?:home|residential|current|previous|postal|home\s+and\s+postal)\s+)?address:?$",
        re.I,
    ),
    "POSTCODE": re.compile(r"^post\s*code:?$", re.I),
    "VEHICLE_REGISTRATION": re.compile(
        r"^(?:vrm|(?:vehicle\s+)?reg(?:istration)?(?:\s+(?:no\.?|number|mark))?|index(?:\s+no\.?)?)"
        r":?$",
        re.I,
    ),
    "UK_NINO": re.compile(r"^(?:ni|nino|national\s+insurance)(?:\s+(?:no\.?|number))?:?$", re.I),
    "UK_NHS": re.compile(r"^nhs\s*(?:no\.?|number):?$", re.I),
    "PNC_ID": re.compile(r"^pnc\s*(?:id|no\.?|number)?:?$", re.I),
}
# Any header at all: a line that matches none of these is no header (one match, not ten).
ANY_HEADER = re.compile("|".join(f"(?:{p.pattern})" for p in HEADERS.values()), re.I)
# Columns holding one part of a name, so a single word is a whole value.
SINGLE_NAME_HEADER = re.compile(
    r"^(?:surname|family name|last name|forenames?|first names?|given names?"
    r"|nicknames?|alias(?:es)?|known as|a\.?k\.?a\.?|street names?)\s*(?:\(s\))?:?$",
    re.I,
)
# A role in brackets after a name cell's name: "Bao Hoang (store detective)"
_ROLE_IN_BRACKETS = r"\s+\([a-z][a-z ]{1,30}\)"
# An address cell: letters, maybe a postcode at the end (found on its own, so not in the value).
_ADDRESS_VALUE = rf"^(?P<value>(?=.*[A-Za-z]{{2}}).+?)(?:[ ,]+{POSTCODE_ANY_CASE})?[ ,.]*$"
VALUES: dict[str, re.Pattern[str]] = {
    "WARRANT_NUMBER": re.compile(r"^[A-Z]{0,2}\d{4,8}$"),
    "COLLAR_NUMBER": re.compile(r"^\d{2,5}[A-Z]{0,3}$"),
    # one to four name words, or "MORAN, Julie"; every word must pass is_name_word
    # (letters of any script: "Froń, Sylwia"; is_name_word checks each word's capital)
    # and a role in brackets after it stays visible: "Bao Hoang (store detective)"
    "PERSON": re.compile(
        r"^(?P<value>(?:[^\W\d_]\.[ ]?){0,3}[^\W\d_][\w'’\-]+,?(?:\s+[^\W\d_][\w'’\-]+){0,3})"
        rf"(?:{_ROLE_IN_BRACKETS})?$"
    ),
    "DATE_OF_BIRTH": re.compile(rf"^{DATE}$"),
    "ADDRESS": re.compile(_ADDRESS_VALUE),
    "POSTCODE": re.compile(rf"^{POSTCODE_ANY_CASE}$"),
    "VEHICLE_REGISTRATION": re.compile(rf"^(?:{VRM}|{DATELESS})$"),
    "UK_NINO": re.compile(rf"^{NINO}$"),
    # Under an "NHS number" label the number counts even if its check digit is mistyped.
    "UK_NHS": re.compile(r"^\d{3}[ \-]?\d{3}[ \-]?\d{4}$"),
    "PNC_ID": re.compile(rf"^{PNC_ID}$"),
}
# Free-text values taken only beside their label or in the few lines under their header, and
# never when they name an organisation ("c/o Leeds Police Station").
FREE_TEXT = frozenset({"ADDRESS"})
_POSTCODE = re.compile(rf"(?<![A-Za-z0-9]){POSTCODE_ANY_CASE}(?![A-Za-z0-9])")
FREE_TEXT_LINES_BELOW = 4
# Under an address label, a line that refers to another field ("As missing person", "Same as
# above", "See section 2") or opens a numbered section ("3. Circumstances") is no address.
_NOT_AN_ADDRESS = re.compile(
    r"^(?:(?:as|same as|see)\b|\d{1,2}(?:\.\d{1,2})*\.[ \t]+[A-Za-z])", re.I
)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    box: Box
    text: str


Turn = tuple[float, float, float, float]  # (x, y) -> (a*x + c*y, b*x + d*y)
_TURNS: dict[str, Turn] = {
    "right": (1, 0, 0, 1),
    "left": (-1, 0, 0, -1),  # upside down
    "up": (0, 1, -1, 0),  # reads bottom to top: (x, y) -> (-y, x)
    "down": (0, -1, 1, 0),  # reads top to bottom: (x, y) -> (y, -x)
}


def reading_turn(page: PageText) -> Turn:
    """How to turn page coordinates so the page's text reads left to right, top to bottom: the
    way most of its characters advance (a page scanned sideways keeps sideways OCR boxes)."""
    boxes, numbers = page.boxes, page.lines
    after = zip(islice(boxes, 1, None), islice(numbers, 1, None), strict=False)
    pairs = [
        (a, b)
        for a, la, (b, lb) in zip(boxes, numbers, after, strict=False)  # the last has no pair
        if a is not None and b is not None and la == lb
    ]
    # summed in order, one step at a time, as a running total would be (the same float)
    dx = reduce(add, [(b[0] + b[2] - a[0] - a[2]) / 2 for a, b in pairs], 0.0)
    dy = reduce(add, [(b[1] + b[3] - a[1] - a[3]) / 2 for a, b in pairs], 0.0)
    return _turn(dx, dy)


def _turn(dx: float, dy: float) -> Turn:
    if abs(dx) >= abs(dy):
        return _TURNS["right" if dx >= 0 else "left"]
    return _TURNS["down" if dy > 0 else "up"]


def _turned(box: Box, turn: Turn) -> Box:
    a, b, c, d = turn
    xs = [a * x + c * y for x in (box.x0, box.x1) for y in (box.y0, box.y1)]
    ys = [b * x + d * y for x in (box.x0, box.x1) for y in (box.y0, box.y1)]
    return Box(min(xs), min(ys), max(xs), max(ys))


def page_lines(page: PageText) -> list[Line]:
    """Each text line with its box in upright coordinates (`reading_turn`): headers above their
    columns and labels left of their values even on a page scanned sideways."""
    return _lines_of_runs(page, _line_runs(page))


def _lines_of_runs(page: PageText, runs: list[tuple[int, int]] | None) -> list[Line]:
    """`page_lines`, given the page's `_line_runs`."""
    if runs is None:
        return _page_lines_by_segments(page)
    turn = reading_turn(page)
    boxes = page.boxes
    lines: list[Line] = []
    for start, end in runs:
        boxed = [box for box in boxes[start:end] if box is not None]
        x0s, y0s, x1s, y1s = zip(*boxed, strict=True)
        box = Box(min(x0s), min(y0s), max(x1s), max(y1s))
        lines.append(Line(start, end, _turned(box, turn), _run_text(page, start, end)))
    return lines


def _run_text(page: PageText, start: int, end: int) -> str:
    """One line's characters and the spaces between them (what `segments` would join), stripped."""
    raw = page.text[start:end]
    part = page.boxes[start:end]
    if None in part:
        kept = zip(raw, part, strict=True)
        raw = "".join([c for c, box in kept if box is not None or c == " "])
    return raw.strip()


def _line_runs(page: PageText) -> list[tuple[int, int]] | None:
    """(start, end) of each line: from its first character to its last, when the page is laid
    out as `read_page_text` and OCR lay it out (a character has a box exactly when it is not a
    separator, line -1, and each line's characters come in one run, separators aside); None
    for any other page."""
    numbers = page.lines
    if not len(page.text) == len(page.boxes) == len(numbers):
        return None
    separators = [i for i, n in enumerate(numbers) if n == -1]
    if separators != [i for i, box in enumerate(page.boxes) if box is None]:
        return None
    runs: list[tuple[int, int]] = []
    seen: set[int] = set()
    start, current, last = -1, -1, -1
    for index, number in enumerate(numbers):
        if number == -1:
            continue
        if number != current:
            if current != -1:
                runs.append((start, last + 1))
            if number in seen:
                return None  # a line in two runs
            seen.add(number)
            start, current = index, number
        last = index
    if current != -1:
        runs.append((start, last + 1))
    return runs


def _page_lines_by_segments(page: PageText) -> list[Line]:
    """`page_lines` for any page, line by line through `PageText.segments` (the reference the
    fast path is tested against)."""
    turn = _reading_turn_stepwise(page)
    spans: dict[int, list[int]] = {}
    for index, (char_box, line) in enumerate(zip(page.boxes, page.lines, strict=True)):
        if char_box is None:
            continue
        span = spans.setdefault(line, [index, index + 1])
        span[1] = index + 1
    lines: list[Line] = []
    for start, end in spans.values():
        segments = page.segments(start, end)
        if len(segments) == 1:
            box, text = segments[0]
            lines.append(Line(start, end, _turned(box, turn), text))
    return lines


def _reading_turn_stepwise(page: PageText) -> Turn:
    """`reading_turn` one character pair at a time (the reference it is tested against)."""
    dx = dy = 0.0
    for i in range(len(page.boxes) - 1):
        a, b = page.boxes[i], page.boxes[i + 1]
        if a is None or b is None or page.lines[i] != page.lines[i + 1]:
            continue
        dx += (b[0] + b[2] - a[0] - a[2]) / 2
        dy += (b[1] + b[3] - a[1] - a[3]) / 2
    return _turn(dx, dy)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _headers(lines: list[Line]) -> list[tuple[Line, str]]:
    found: list[tuple[Line, str]] = []
    for line in lines:
        text = line.text.strip()
        if ANY_HEADER.match(text):
            found += [(line, e) for e, pattern in HEADERS.items() if pattern.match(text)]
    return found


def _column_owner(
    value: Line, headers: list[tuple[Line, str]], all_headers: list[Line]
) -> tuple[Line, str] | None:
    """The header above `value` whose column it is in (the header row's best horizontal overlap)."""
    best: tuple[float, Line, str] | None = None
    for header, entity in headers:
        if header.box.y1 > value.box.y0 + ROW_TOLERANCE:
            continue
        overlap = _overlap(header.box.x0, header.box.x1, value.box.x0, value.box.x1)
        if overlap <= 0:
            continue
        # another header cell on the same header row that overlaps the value more wins
        rivals = [
            h
            for h in all_headers
            if abs(h.box.y0 - header.box.y0) <= ROW_TOLERANCE
            and _overlap(h.box.x0, h.box.x1, value.box.x0, value.box.x1) > overlap
        ]
        if rivals:
            continue
        if best is None or header.box.y0 > best[1].box.y0:  # the nearest header above
            best = (overlap, header, entity)
    return (best[1], best[2]) if best else None


def _row_label(
    value: Line, headers: list[tuple[Line, str]], lines: list[Line]
) -> tuple[Line, str] | None:
    """A label on the same row, left of `value`, with nothing between them."""
    for label, entity in headers:
        same_row = _overlap(label.box.y0, label.box.y1, value.box.y0, value.box.y1) > (
            0.5 * value.box.height
        )
        if not same_row or label.box.x1 > value.box.x0:
            continue
        between = [
            other
            for other in lines
            if other is not value
            and other is not label
            and label.box.x1 <= other.box.x0
            and other.box.x1 <= value.box.x0
            and _overlap(other.box.y0, other.box.y1, value.box.y0, value.box.y1) > 0
        ]
        if not between:
            return label, entity
    return None


_INITIAL = re.compile(r"[^\W\d_]\.")
_ROLE_AFTER = re.compile(rf"{_ROLE_IN_BRACKETS}$")


def _without_affiliation(value: Line) -> Line:
    """A name cell with its organisation after a comma, without it: "I. Bhatti, Professional
    Standards Department" is the name "I. Bhatti", "Hekima Barasa, Safer Thornvale" the name
    "Hekima Barasa" ("MORAN, Julie" is left whole)."""
    head, comma, _ = value.text.partition(",")
    if comma and len(head.split()) > 1 and head.lstrip()[:1].isupper():
        return Line(value.start, value.start + len(head), value.box, head)  # after two words
    head, comma, tail = value.text.rpartition(",")
    if not comma or not head.strip():
        return value
    if not any(w.strip(".()").lower() in NON_NAME_WORDS for w in tail.split()):
        return value  # "MORAN, Julie"
    return Line(value.start, value.start + len(head), value.box, head)


def _is_name_cell(value: Line, header: Line, lines: list[Line]) -> bool:
    """Every word a name word ("PNC ID", "OFFICIAL-SENSITIVE" are not); a single word only
    under a surname / forename header and with other cells on its row (not a heading below
    the table)."""
    text = _ROLE_AFTER.sub("", value.text.strip())  # "Bao Hoang (store detective)"
    words = [w for w in re.split(r"[\s,\-]+", text) if not _INITIAL.fullmatch(w)]
    if not words or not all(map(is_name_word, words)):
        return False
    if len(text.split()) > 1:
        return True
    if not SINGLE_NAME_HEADER.match(header.text.strip()):
        return False
    return any(
        other is not value
        and _overlap(other.box.y0, other.box.y1, value.box.y0, value.box.y1)
        > 0.5 * value.box.height
        for other in lines
    )


def find_in_tables(page: PageText) -> list[Finding]:
    runs = _line_runs(page)
    if runs is not None and not any(ANY_HEADER.match(_run_text(page, s, e)) for s, e in runs):
        return []  # no line is a header: the lines' boxes are not needed (most pages)
    lines = _lines_of_runs(page, runs)
    headers = _headers(lines)
    if not headers:
        return []
    header_lines = [h for h, _ in headers]
    findings: list[Finding] = []
    for value in lines:
        if value in header_lines:
            continue
        owner = _row_label(value, headers, lines) or _column_owner(value, headers, header_lines)
        if owner is None:
            continue
        label, entity = owner
        if entity == "PERSON":
            value = _without_affiliation(value)
        span = _value_span(page.text, value, label, entity)
        if span is None:
            continue
        start, end = span
        if entity == "PERSON" and not _is_name_cell(value, label, lines):
            continue
        where = "beside the label" if label.box.y1 > value.box.y0 else "under the column header"
        findings.append(
            Finding(
                start=start,
                end=end,
                entity_type=entity,
                score=SCORE,
                recogniser=RECOGNISER,
                text=page.text[start:end],
                explanation=f"{where} {label.text.strip()!r}",
            )
        )
    return findings


def _value_span(page_text: str, value: Line, label: Line, entity: str) -> tuple[int, int] | None:
    """The part of a value line that is the item (a postcode after an address is its own)."""
    raw = page_text[value.start : value.end]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    match = VALUES[entity].match(text)
    if match is None:
        return None
    if entity in FREE_TEXT:
        below = value.box.y0 - label.box.y1
        if below > FREE_TEXT_LINES_BELOW * max(label.box.height, 1.0):
            return None
        if is_organisation(PageLines.of(text), 0, 0):
            return None
        if _POSTCODE.fullmatch(text):
            return None  # the postcode alone: its own recogniser finds it
        if _NOT_AN_ADDRESS.match(text) or all(
            w.strip(".,:;()").lower() in NON_NAME_WORDS for w in text.split()
        ):
            return None  # "As missing person", "3. Circumstances", "Telephone": the next field
        if label.end <= value.start and _POSTCODE.search(page_text, label.end, value.start):
            return None  # a postcode closed the address: this line is the next field's
    if "value" not in match.groupdict():
        return value.start, value.end
    start = value.start + lead + match.start("value")
    return start, value.start + lead + match.end("value")


def merge(existing: list[Finding], extra: list[Finding]) -> list[Finding]:
    """Add the table findings that do not overlap what the detectors already found."""
    taken = [(f.start, f.end) for f in existing]
    added = [f for f in extra if not overlaps_any(f.start, f.end, taken)]
    return sorted(existing + added, key=lambda f: f.start)
