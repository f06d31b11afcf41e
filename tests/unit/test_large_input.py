"""A file with many pages is read a batch at a time: the pages' text is never all held at once."""

from __future__ import annotations

import weakref
from pathlib import Path

import pymupdf
import pytest
from fuzz.test_fuzz_pdfs import RegexDetector

import redactor.pdf.document
import redactor.scan
from redactor.options import Options
from redactor.pdf.text import PageText
from redactor.scan import scan

PAGES = 200
BATCH = 8


def long_pdf(path: Path, pages: int) -> Path:
    doc = pymupdf.open()
    for number in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"page {number + 1} of the log, Lucy Harper", fontsize=11)
    doc.save(path, garbage=4, deflate=True)
    doc.close()
    return path


def test_pages_are_streamed_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    long_pdf(folder / "long.pdf", PAGES)
    refs: list[weakref.ref[PageText]] = []
    most = 0
    real = redactor.pdf.document.read_page_text

    def counting(page: pymupdf.Page) -> PageText:
        nonlocal most
        text = real(page)
        refs.append(weakref.ref(text))
        most = max(most, sum(1 for ref in refs if ref() is not None))
        return text

    monkeypatch.setattr(redactor.pdf.document, "read_page_text", counting)
    monkeypatch.setattr(redactor.scan, "Detector", RegexDetector)
    report = scan(folder, tmp_path / "out", Options(show_progress=False, batch_pages=BATCH))
    assert report.pages == PAGES and not report.failures
    assert len(report.log.rows) >= PAGES  # "Lucy Harper" on every page
    assert most <= 2 * BATCH, f"{most} pages' text held at once"
