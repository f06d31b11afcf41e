"""Small PDFs built in tests, page by page, with PyMuPDF (the real library, real files)."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def text_pdf(path: Path, lines_per_page: list[list[str]], *, metadata: bool = True) -> Path:
    doc = pymupdf.open()
    for lines in lines_per_page:
        page = doc.new_page(width=595, height=842)
        for index, line in enumerate(lines):
            page.insert_text((72, 100 + 16 * index), line, fontsize=11, fontname="helv")
    if metadata:
        doc.set_metadata({"author": "Test Author", "title": "Test document"})
    doc.save(path)
    doc.close()
    return path


def image_pdf(path: Path) -> Path:
    """A page with a white text line over a solid red image, for pixel-removal tests."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 50), False)
    pix.set_rect(pix.irect, (255, 0, 0))
    page.insert_image(pymupdf.Rect(72, 80, 472, 180), pixmap=pix)
    page.insert_text((80, 120), "Secret Person Name", fontsize=14, color=(1, 1, 1))
    doc.save(path)
    doc.close()
    return path
