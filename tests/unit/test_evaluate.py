"""`python -m redactor.evaluate`: figures only from a scan that read every file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from redactor import evaluate


def test_a_file_that_cannot_be_scanned_fails_the_evaluation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a PDF at all")
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps({"items": []}), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["evaluate", str(pdfs), str(truth)])
    assert evaluate.main() == 1
    assert "failed: broken.pdf" in capsys.readouterr().err
