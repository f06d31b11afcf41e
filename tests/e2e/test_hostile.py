"""Hostile and awkward input through the CLI: each case is named, the batch completes, inputs are
never modified, and whatever is released passes the release check."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from conftest import FIXTURES, invoke
from pdfs import (
    owner_password_pdf,
    prior_redaction_pdf,
    signed_pdf,
    xfa_pdf,
    zero_page_pdf,
)

from redactor.errors import ExitCode

GOOD = FIXTURES / "briefing.pdf"
HUGE_SIDE = 14400  # points: 200 inches, the largest page the PDF specification allows


def big_page_pdf(dest: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=HUGE_SIDE, height=HUGE_SIDE)
    page.insert_text((7000, 7000), "Contact DS Lucy Harper on 07700 900123", fontsize=40)
    doc.save(dest)
    doc.close()
    return dest


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile")
    folder, out = root / "in", root / "out"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
        shutil.copy(GOOD, folder / sub / "x.pdf")  # same name in two folders
    shutil.copy(FIXTURES / "response-letter.pdf", folder / "a" / "X.pdf")  # differs by case
    owner_password_pdf(GOOD, folder / "owner.pdf")
    signed_pdf(GOOD, folder / "signed.pdf")
    xfa_pdf(GOOD, folder / "xfa.pdf", dynamic=False)
    xfa_pdf(GOOD, folder / "dynamic-xfa.pdf", dynamic=True)
    zero_page_pdf(folder / "zero.pdf")
    prior_redaction_pdf(folder / "prior.pdf")
    big_page_pdf(folder / "big-page.pdf")
    (folder / "word.pdf").write_bytes(b"PK\x03\x04word/document.xml")
    before = digests(folder)
    result = invoke("run", str(folder), "-o", str(out))
    assert digests(folder) == before, "inputs are never modified"
    return folder, out, result, before


def lines(result: Any, prefix: str) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(prefix)]


def test_batch_completes_with_exit_3_and_named_failures(hostile_run: Any) -> None:
    _, out, result, _ = hostile_run
    assert result.exit_code == ExitCode.INPUT_FAILED, result.output
    failed = lines(result, "failed: ")
    assert len(failed) == 3, result.output
    assert any("dynamic-xfa.pdf: is a dynamic XFA form" in f and "print it" in f for f in failed)
    assert any("zero.pdf: has no pages" in f for f in failed)
    assert any("word.pdf: is not a PDF" in f for f in failed)
    assert not list(out.rglob(".*.partial"))  # nor the pages kept between the scan's passes
    released = sorted(str(p.relative_to(out / "redacted")) for p in (out / "redacted").rglob("*"))
    assert released == [
        "a",
        "a/X.pdf",
        "a/x.pdf",
        "b",
        "b/x.pdf",
        "big-page.pdf",
        "owner.pdf",
        "prior.pdf",
        "signed.pdf",
        "xfa.pdf",
    ]
    assert invoke("verify", str(out)).exit_code == ExitCode.OK


@pytest.mark.parametrize(
    ("name", "kind", "advice"),
    [
        ("owner.pdf", "owner-password", "the clean copy is not encrypted"),
        ("signed.pdf", "signed", "the clean copy is unsigned"),
        ("xfa.pdf", "xfa", "print it to a new PDF"),
        ("prior.pdf", "prior-redaction", "page 2: 3 area(s)"),
        ("a/x.pdf", "name-case", "differs only by letter case from a/X.pdf"),
        ("a/X.pdf", "name-case", "differs only by letter case from a/x.pdf"),
    ],
)
def test_warnings_on_stderr_and_in_the_log(
    hostile_run: Any, name: str, kind: str, advice: str
) -> None:
    _, out, result, _ = hostile_run
    warned = [w for w in lines(result, f"warning: {name}: ") if w.endswith(f"[{kind}]")]
    assert warned and any(advice in w for w in warned), result.output
    log = json.loads((out / "redaction-log.json").read_text(encoding="utf-8"))
    [record] = [f for f in log["files"] if f["file"] == name]
    assert record["status"] == "ok"
    assert any(w.endswith(f"[{kind}]") and advice in w for w in record["warnings"])


def test_same_name_in_two_folders_keeps_both(hostile_run: Any) -> None:
    _, out, _, _ = hostile_run
    log = json.loads((out / "redaction-log.json").read_text(encoding="utf-8"))
    rows = log["rows"]
    a_ids = {r["id"] for r in rows if r["file"] == "a/x.pdf"}
    b_ids = {r["id"] for r in rows if r["file"] == "b/x.pdf"}
    assert a_ids and b_ids and not a_ids & b_ids
    assert next(f for f in log["files"] if f["file"] == "b/x.pdf")["warnings"] == []
    for rel in ("a/x.pdf", "b/x.pdf"):
        assert (out / "annotated" / rel).is_file() and (out / "redacted" / rel).is_file()


def test_prior_redactions_are_proposed_and_burned(hostile_run: Any) -> None:
    _, out, _, _ = hostile_run
    log = json.loads((out / "redaction-log.json").read_text(encoding="utf-8"))
    prior = {
        (r["page"], r["text"], r["exemption"])
        for r in log["rows"]
        if r["file"] == "prior.pdf" and r["entity_type"] == "PRIOR_REDACTION"
    }
    assert prior == {
        (1, "Secret Witness Name", "s40(2)"),
        (1, "Black On Black", "s40(2)"),
        (2, "Operation Kestrel Target", "s30(1)"),
        (2, "Highlighted Person", "s40(2)"),
        (2, "Squared Person", "s40(2)"),
    }
    with pymupdf.open(out / "redacted" / "prior.pdf") as doc:
        text = " ".join(page.get_text() for page in doc)
        assert all(page.first_annot is None for page in doc)
    for _, hidden, _ in prior:
        assert hidden not in text
    assert "Plain Line" in text and "Nothing covers this line" in text


def test_clean_copies_of_signed_and_encrypted_inputs(hostile_run: Any) -> None:
    _, out, _, _ = hostile_run
    with pymupdf.open(out / "redacted" / "signed.pdf") as doc:
        assert doc.get_sigflags() <= 0
        assert not [w for page in doc for w in page.widgets()]
    with pymupdf.open(out / "redacted" / "owner.pdf") as doc:
        assert not doc.needs_pass and not (doc.metadata or {}).get("encryption")
    with pymupdf.open(out / "redacted" / "xfa.pdf") as doc:
        assert doc.xref_get_key(doc.pdf_catalog(), "AcroForm/XFA")[0] == "null"


def test_very_large_page_is_redacted(hostile_run: Any) -> None:
    _, out, _, _ = hostile_run
    with pymupdf.open(out / "redacted" / "big-page.pdf") as doc:
        assert doc[0].rect.width == HUGE_SIDE
        text = doc[0].get_text()
    assert "Lucy Harper" not in text and "07700 900123" not in text and "Contact" in text
