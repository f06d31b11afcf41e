"""Scanned fixtures end to end: OCR, detection, burning pixels, and the OCR release check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pymupdf
import pytest
from conftest import invoke

from redactor.log import ACCEPT, OCR
from redactor.log_read import read_log
from redactor.ocr import tesseract
from redactor.ocr.reader import read_by_ocr
from redactor.verify import verify_file

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ROOT / "fixtures" / "scanned"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not tesseract.available(), reason="tesseract is not installed"),
]


def test_scanned_fixtures_release_with_zero_readable_leaks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("run", str(SCANNED / "pdfs"), "-o", str(out))
    assert result.exit_code == 0, result.output
    log = read_log(out)
    accepted = [r for r in log.rows if r.decision == ACCEPT]
    assert accepted and all(r.source == OCR and r.ocr_confidence is not None for r in accepted)
    truth = json.loads((SCANNED / "ground-truth.json").read_text(encoding="utf-8"))
    assert {i["file"] for i in truth["items"]} <= {f.file for f in log.files}
    # independently of verify: OCR every clean page again; no accepted text can be read
    for record in log.files:
        clean = out / "redacted" / record.file
        texts = read_by_ocr(clean, record.file, list(range(1, record.pages + 1)))
        for row in (r for r in accepted if r.file == record.file):
            if len(row.text) >= 4:
                assert row.text not in texts[row.page].text, (record.file, row.page, row.text)


def test_release_check_fails_when_pixels_survive(tmp_path: Path) -> None:
    out = tmp_path / "out"
    one = tmp_path / "in"
    one.mkdir()
    shutil.copy(SCANNED / "pdfs" / "response-letter.pdf", one)
    assert invoke("run", str(one), "-o", str(out)).exit_code == 0
    rows = read_log(out).rows
    assert verify_file(out / "redacted" / "response-letter.pdf", "response-letter.pdf", rows) == []
    leaky = tmp_path / "leaky.pdf"
    with pymupdf.open(one / "response-letter.pdf") as doc:
        doc.save(leaky)  # nothing burned at all
    problems = verify_file(leaky, "response-letter.pdf", rows)
    assert any("read by OCR" in str(p) for p in problems)
