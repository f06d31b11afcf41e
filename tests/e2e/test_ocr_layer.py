"""`--ocr-layer`: the clean copy of a scanned file is searchable and holds no redacted word.

One scanned fixture with an upright and a sideways page, run end to end (OCR, the real spaCy
model, burning, the three release checks), then read back independently.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pymupdf
import pytest
from conftest import invoke

from redactor.errors import ExitCode
from redactor.log import ACCEPT
from redactor.log_read import read_log
from redactor.ocr import tesseract
from redactor.ocr.layer import is_redacted_word, redacted_words
from redactor.pdf.second_reader import read_pages
from redactor.verify import verify_file

SCANNED = Path(__file__).resolve().parents[2] / "fixtures" / "scanned" / "pdfs"
NAME = "authority-form.pdf"  # page 2 is scanned sideways

pytestmark = pytest.mark.skipif(not tesseract.available(), reason="tesseract is not installed")


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    one = tmp_path_factory.mktemp("in")
    shutil.copy(SCANNED / NAME, one)
    out = tmp_path_factory.mktemp("layer") / "out"
    result = invoke("run", str(one), "-o", str(out), "--ocr-layer")
    assert result.exit_code == ExitCode.OK, result.output
    return out


def test_clean_scan_is_searchable_on_upright_and_sideways_pages(released: Path) -> None:
    with pymupdf.open(released / "redacted" / NAME) as doc:
        assert doc[0].search_for("Facial")  # an ordinary word, on the upright page
        hits = doc[1].search_for("Deployment")  # and on the page scanned sideways
        assert hits
        # the sideways words run up the page: each hit is taller than it is wide
        assert all(r.height > r.width for r in hits)
        for page in doc:  # the layer is invisible text (render mode 3)
            layer_spans = [s for s in page.get_texttrace() if s["type"] == 3]
            assert len(layer_spans) > 20


def test_layer_holds_no_redacted_text_in_any_channel(released: Path) -> None:
    rows = [r for r in read_log(released).rows if r.file == NAME]
    accepted = [r for r in rows if r.decision == ACCEPT]
    assert len(accepted) > 5
    clean = released / "redacted" / NAME
    assert verify_file(clean, NAME, rows) == []  # PyMuPDF, pikepdf + PDFium, OCR again
    redacted = redacted_words(rows)
    with pymupdf.open(clean) as doc:
        mupdf_text = "\n".join(page.get_text() for page in doc)
    pdfium_text = "\n".join(reading.text for reading in read_pages(clean))
    with pikepdf.open(clean) as pdf:
        streams = b"\n".join(
            obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
        ).decode("latin-1")
    for text in (mupdf_text, pdfium_text):
        assert not [w for w in text.split() if is_redacted_word(w, redacted)]
        for row in accepted:
            assert row.text.casefold() not in text.casefold(), (row.entity_type, row.id)
    for row in accepted:
        assert f"({row.text})" not in streams, (row.entity_type, row.id)


def test_redacted_word_matching() -> None:
    redacted = {"toby", "hunter", "07700", "nathan.fisher@northshire.example.police.uk"}
    assert is_redacted_word("Hunter,", redacted)
    assert is_redacted_word("TOBY", redacted)
    assert is_redacted_word("Tel:07700", redacted)  # contains a redacted word
    assert is_redacted_word("nathan.fisher@northshire.", redacted)  # part of one
    assert not is_redacted_word("Hunt", redacted)
    assert not is_redacted_word("Deployment", redacted)
