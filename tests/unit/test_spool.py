"""Pages kept on disk between the scan's two passes come back as they were, and then go."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from redactor.discover import discover
from redactor.fsutil import remove_stale_partials
from redactor.pdf.text import PageText, read_page_text
from redactor.scan import Chunk, spool_pages, spool_path, unspool_pages

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "pdfs" / "email-chain.pdf"


def test_pages_come_back_as_read_and_the_file_goes(tmp_path: Path) -> None:
    with pymupdf.open(FIXTURE) as doc:
        pages = [read_page_text(page) for page in doc]
    ocr = PageText(9, "Lucy Harper", [(1.0, 2.0, 3.0, 4.0)] * 11, [0] * 11, {0: 91.5, 5: 40.0})
    [item] = discover(FIXTURE.parent, exclude=tmp_path)[:1]
    path = spool_path(tmp_path, Chunk(item, 32, 64))
    spool_pages(path, [*pages, ocr])
    assert path.is_file() and path.name.startswith(".pages-")
    assert unspool_pages(path) == [*pages, ocr]
    assert not path.exists()


def test_a_killed_runs_pages_are_removed_on_start(tmp_path: Path) -> None:
    [item] = discover(FIXTURE.parent, exclude=tmp_path)[:1]
    path = spool_path(tmp_path, Chunk(item, 0, 32))
    spool_pages(path, [])
    assert remove_stale_partials(tmp_path) == [path]


def test_chunks_of_files_have_their_own_files(tmp_path: Path) -> None:
    first, second = discover(FIXTURE.parent, exclude=tmp_path)[:2]
    paths = {
        spool_path(tmp_path, Chunk(first, 0, 32)),
        spool_path(tmp_path, Chunk(first, 32, 64)),
        spool_path(tmp_path, Chunk(second, 0, 32)),
    }
    assert len(paths) == 3
