"""Read-only views of a clean PDF for verification."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf

from redactor.models import Box
from redactor.pdf.text import PageText, read_page_text


class CleanPdf:
    def __init__(self, path: Path, doc: pymupdf.Document) -> None:
        self._path = path
        self._doc = doc
        self._pages: dict[int, PageText] = {}
        self._lines_cache: dict[int, list[tuple[float, float, list[tuple[float, float, str]]]]] = {}

    @property
    def page_count(self) -> int:
        return int(self._doc.page_count)

    def _page(self, number: int) -> PageText:
        if number not in self._pages:
            self._pages[number] = read_page_text(self._doc[number - 1])
        return self._pages[number]

    def page_text(self, number: int) -> str:
        return self._page(number).text

    def _lines(self, number: int) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
        """Per text line: its vertical extent and its characters' centres."""
        if number not in self._lines_cache:
            lines: dict[int, tuple[list[float], list[tuple[float, float, str]]]] = {}
            page = self._page(number)
            for ch, cb, line in zip(page.text, page.boxes, page.lines, strict=True):
                if cb is None:
                    continue
                x0, y0, x1, y1 = cb
                entry = lines.get(line)
                if entry is None:
                    entry = lines[line] = ([y0, y1], [])
                else:  # as min() and max() would: the first value kept unless passed
                    extent = entry[0]
                    if y0 < extent[0]:
                        extent[0] = y0
                    if y1 > extent[1]:
                        extent[1] = y1
                entry[1].append(((x0 + x1) / 2, (y0 + y1) / 2, ch))
            self._lines_cache[number] = [(e[0], e[1], c) for e, c in lines.values()]
        return self._lines_cache[number]

    def text_inside(self, number: int, box: Box, tolerance: float) -> str:
        """Characters whose centre lies inside the box (shrunk by `tolerance` on each side)."""
        x0, y0 = box.x0 + tolerance, box.y0 + tolerance
        x1, y1 = box.x1 - tolerance, box.y1 - tolerance
        found: list[str] = []
        for top, bottom, chars in self._lines(number):
            if bottom < y0 or top > y1:
                continue
            found.extend(ch for cx, cy, ch in chars if x0 <= cx <= x1 and y0 <= cy <= y1)
        return "".join(found)

    def structure_problems(self) -> list[str]:
        problems: list[str] = []
        data = self._path.read_bytes()
        if data.count(b"%%EOF") != 1:
            problems.append("the file has more than one revision (incremental update)")
        meta = {
            k: v for k, v in (self._doc.metadata or {}).items() if k not in ("format", "encryption")
        }
        if any(meta.values()):
            problems.append(
                f"document metadata is not empty: {sorted(k for k, v in meta.items() if v)}"
            )
        if self._doc.get_xml_metadata():
            problems.append("XMP metadata is present")
        if self._doc.xref_get_key(self._doc.pdf_catalog(), "AcroForm/XFA")[0] != "null":
            problems.append("an XFA form (with its own copy of the content) is present")
        for page in self._doc:
            if page.first_annot is not None:
                problems.append(f"page {page.number + 1} still has annotations")
        return problems


@contextmanager
def open_clean(path: Path) -> Iterator[CleanPdf]:
    doc = pymupdf.open(path, filetype="pdf")
    try:
        yield CleanPdf(path, doc)
    finally:
        doc.close()


# PyMuPDF's default search flags without TEXT_PRESERVE_LIGATURES.
SEARCH_FLAGS = (
    pymupdf.TEXT_DEHYPHENATE | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
)


def find_text(path: Path, page: int, text: str) -> list[Box]:
    """Every box where `text` appears on a page (PyMuPDF's own search, independent of ours),
    ligatures read as their letters ("ﬁ" as "fi"), any case, across line ends."""
    with pymupdf.open(path) as doc:
        rects = doc[page - 1].search_for(text, flags=SEARCH_FLAGS)
    return [Box(r.x0, r.y0, r.x1, r.y1) for r in rects]
