"""Findings a line end breaks, through the CLI: proposed, burned, and released beside visible
text that begins like one of their pieces (the force mailbox, the switchboard)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from conftest import invoke
from pdfs import text_pdf

from redactor.errors import ExitCode


def test_wrapped_address_and_number_are_redacted_and_released(tmp_path: Path) -> None:
    lines = [
        "From: Lucy Harper <lucy.harper@north",
        "shire.police.uk>",
        "Please reply to foi@northshire.police.uk with any questions.",
        "Call me on 020 7946",
        "0123 or the switchboard on 020 7946 0000.",
    ]
    (tmp_path / "in").mkdir()
    text_pdf(tmp_path / "in" / "wrapped.pdf", [lines])
    result = invoke("run", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK, result.output
    with pymupdf.open(tmp_path / "out" / "redacted" / "wrapped.pdf") as doc:
        text = doc[0].get_text()
    for gone in ("lucy.harper", "shire.police.uk>", "0123", "Call me on 020"):
        assert gone not in text
    assert "foi@northshire.police.uk" in text and "020 7946 0000" in text
