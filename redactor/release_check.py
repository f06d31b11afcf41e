"""The release check that does not rely on PyMuPDF: pikepdf for objects, PDFium for pages.

A clean file passes only when
- no accepted redaction's text is in any object or stream of the file, in any encoding PDFs use
  (checked on decoded strings, and on the hex spelling of the text);
- the second reader cannot extract it from any page (also with the spaces taken out, which is how
  letter-spaced or kerned text comes apart), nor find characters under an accepted box;
- no dark rectangle is drawn over text that can still be extracted;
- every side channel is empty (`pdf.channels`).
Text nobody can see (an OCR layer added later) is allowed; it is judged by what it contains.
Messages name the entity type and log id, never the redacted text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from redactor.consistency import (
    MIN_SEARCH_LENGTH,
    case_insensitive,
    search_key,
    searched_texts,
)
from redactor.log import ACCEPT, REJECT, LogRow
from redactor.pdf.channels import channel_problems
from redactor.pdf.objects import Chunk, text_chunks
from redactor.pdf.second_reader import PageReading, read_pages
from redactor.text_search import Occurrences, Substrings

MIN_BINARY_LENGTH = 6  # in font programs and JPEG bytes a short needle matches by chance
MIN_SQUASHED_LENGTH = 6
EDGE_TOLERANCE = 0.5


@dataclass(frozen=True)
class Leak:
    page: int  # 0: the file as a whole
    log_id: str
    problem: str


@dataclass(frozen=True)
class Needle:
    text: str
    entity_type: str
    log_id: str

    @property
    def label(self) -> str:
        return f"redacted {self.entity_type} text"

    @property
    def hex_forms(self) -> list[str]:
        forms = {self.text, self.text.upper(), self.text.lower()}
        return [
            encoded.hex()
            for form in forms
            for encoded in (form.encode("latin-1", "ignore"), form.encode("utf-16-be"))
            if encoded
        ]


def _normalise(text: str) -> str:
    return " ".join(text.split())


def needles(rows: Iterable[LogRow]) -> list[Needle]:
    """One needle per accepted text (`consistency.searched_texts`), unless a reviewer rejected
    the same text elsewhere."""
    rows = list(rows)
    rejected = {search_key(r.text) for r in rows if r.decision == REJECT}
    found: dict[tuple[str, str], Needle] = {}
    searched = searched_texts(rows)
    for row in rows:
        for raw in searched.get(row.id, ()):
            text = _normalise(raw)
            if len(text) < MIN_SEARCH_LENGTH or text.casefold() in rejected:
                continue
            found.setdefault((text, row.entity_type), Needle(text, row.entity_type, row.id))
    return list(found.values())


class _HexSearch:
    """`Substrings` of the needles' hex spellings, built only for a text that could hold one:
    a key is hex digits only, so a text without a run of hex digits as long as the shortest key
    holds none (most files' undecoded data has no such run, and the automaton over every
    needle's hex forms costs more to build than the rest of the search)."""

    def __init__(self, keys: list[list[str]]) -> None:
        self._keys = keys
        shortest = min((len(key) for forms in keys for key in forms if key), default=0)
        self._run = re.compile(f"[0-9a-f]{{{shortest}}}") if shortest else None
        self._search: Substrings | None = None

    def found(self, text: str) -> set[int]:
        if self._run is None or not self._run.search(text):
            return set()
        if self._search is None:
            self._search = Substrings(self._keys)
        return self._search.found(text)


class NeedleSearch:
    """Every needle of a file, prepared once for every object and page reading of it."""

    def __init__(self, found: list[Needle]) -> None:
        self.needles = found
        self._words = Occurrences([(n.text, n.entity_type) for n in found])
        self._hex = _HexSearch([n.hex_forms for n in found])
        self._short = {i for i, n in enumerate(found) if len(n.text) < MIN_BINARY_LENGTH}
        # letter-spaced or kerned text: the needle with its spaces taken out, in the page text
        # with its spaces taken out (in lower case where its case rule says any case)
        exact: list[list[str]] = []
        lower: list[list[str]] = []
        for needle in found:
            target = "".join(needle.text.split())
            long_enough = len(target) >= MIN_SQUASHED_LENGTH
            insensitive = case_insensitive(needle.text, needle.entity_type)
            exact.append([target] if long_enough and not insensitive else [])
            lower.append([target.lower()] if long_enough and insensitive else [])
        self._squashed = Substrings(exact)
        self._squashed_lower = Substrings(lower)

    def in_reading(self, text: str) -> set[int]:
        """The needles one reading of a page holds: as words, or with the spaces taken out."""
        squashed = "".join(text.split())
        return (
            self._words.found(text)
            | self._squashed.found(squashed)
            | self._squashed_lower.found(squashed.lower())
        )

    def in_chunk(self, chunk: Chunk) -> set[int]:
        """The needles an object's text holds: as words, or spelt in hex in undecoded data;
        short needles not in font programs and images, where they match by chance."""
        hits = self._words.found(chunk.text)
        if chunk.raw:
            hits |= self._hex.found(chunk.text.lower())
        if chunk.binary:
            hits -= self._short
        return hits


def _page_leaks(reading: PageReading, search: NeedleSearch, boxes: list[LogRow]) -> list[Leak]:
    leaks: list[Leak] = []
    hits: set[int] = set()
    for text in reading.texts:
        hits |= search.in_reading(text)
    for needle in (search.needles[i] for i in sorted(hits)):
        leaks.append(
            Leak(reading.number, needle.log_id, f"{needle.label} can be extracted (pdfium)")
        )
    labels = {r.exemption for r in boxes}
    for row in boxes:
        inside = reading.text_inside(row.box, EDGE_TOLERANCE)
        for label in labels:
            inside = inside.replace(label, "")
        if inside.strip():
            leaks.append(
                Leak(
                    reading.number,
                    row.id,
                    f"{len(inside.strip())} character(s) under the box can be extracted (pdfium)",
                )
            )
    for box, count in reading.covered:
        where = f"({box.x0:.0f}, {box.y0:.0f}, {box.x1:.0f}, {box.y1:.0f})"
        leaks.append(
            Leak(
                reading.number,
                "",
                f"a dark box at {where} is drawn over {count} character(s) of live text",
            )
        )
    return leaks


def _object_leaks(pdf: pikepdf.Pdf, search: NeedleSearch) -> list[Leak]:
    leaks: dict[tuple[int, str, str], None] = {}
    for chunk in text_chunks(pdf):
        if not chunk.text:
            continue
        for needle in (search.needles[i] for i in sorted(search.in_chunk(chunk))):
            leaks[(chunk.page, needle.log_id, f"{needle.label} is in {chunk.where}")] = None
    return [Leak(*key) for key in leaks]


def check(path: Path, rows: list[LogRow]) -> list[Leak]:
    """Everything the independent check finds wrong with one clean file."""
    found = needles(rows)
    boxes: dict[int, list[LogRow]] = defaultdict(list)
    for row in rows:
        if row.decision == ACCEPT and row.has_box:
            boxes[row.page].append(row)
    search = NeedleSearch(found)
    with pikepdf.open(path) as pdf:
        leaks = [Leak(page, "", problem) for page, problem in channel_problems(pdf)]
        leaks.extend(_object_leaks(pdf, search))
    with closing(read_pages(path)) as pages:  # PDFium's handles closed even on an error
        for reading in pages:
            leaks.extend(_page_leaks(reading, search, boxes.get(reading.number, [])))
    return leaks
