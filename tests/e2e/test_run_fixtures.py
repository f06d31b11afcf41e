"""`redactor run` on the fixtures: every sensitive item gone, neighbours kept, all logged."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pymupdf
from conftest import FIXTURES, invoke

from redactor.errors import ExitCode
from redactor.pdf.annotate import REVIEW_STAMP
from redactor.pdf.document import sha256_of


def page_text(path: Path, page: int) -> str:
    with pymupdf.open(path) as doc:
        return " ".join(str(doc[page - 1].get_text()).split())


def log_rows(out: Path) -> list[dict[str, str]]:
    with (out / "redaction-log.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_run_succeeds(run_output: tuple[Path, Any]) -> None:
    out, result = run_output
    assert result.exit_code == ExitCode.OK, result.output
    inputs = sorted(p.relative_to(FIXTURES) for p in FIXTURES.rglob("*.pdf"))
    assert (
        sorted(p.relative_to(out / "redacted") for p in (out / "redacted").rglob("*.pdf")) == inputs
    )
    assert (
        sorted(p.relative_to(out / "annotated") for p in (out / "annotated").rglob("*.pdf"))
        == inputs
    )
    assert not list(out.rglob(".*.partial"))  # nor the pages kept between the scan's passes


def test_every_sensitive_item_is_gone_from_the_clean_pdf(
    run_output: tuple[Path, Any], redactable_items: list[dict[str, Any]]
) -> None:
    out, _ = run_output
    leaks = [
        f"{item['file']} p{item['page']}: {item['text']}"
        for item in redactable_items
        if " ".join(item["text"].split())
        in page_text(out / "redacted" / item["file"], item["page"])
    ]
    assert leaks == []


def test_every_sensitive_item_is_logged_with_its_exemption(
    run_output: tuple[Path, Any], redactable_items: list[dict[str, Any]]
) -> None:
    out, _ = run_output
    rows = log_rows(out)
    missing = []
    for item in redactable_items:
        logged = " ".join(
            r["text"]
            for r in rows
            if r["file"] == item["file"]
            and int(r["page"]) == item["page"]
            and r["exemption"] == item["exemption"]
        )
        if not all(word in logged for word in item["text"].split()):
            missing.append(f"{item['file']} p{item['page']}: {item['text']} ({item['exemption']})")
    assert missing == []


def test_text_next_to_each_box_survives(
    run_output: tuple[Path, Any], ground_truth: dict[str, Any]
) -> None:
    out, _ = run_output
    lost = [
        f"{keep['file']} p{keep['page']}: {keep['text']}"
        for keep in ground_truth["keep"]
        if " ".join(keep["text"].split())
        not in page_text(out / "redacted" / keep["file"], keep["page"])
    ]
    assert lost == []


def test_annotated_copy_still_has_the_text_and_the_marks(
    run_output: tuple[Path, Any], ground_truth: dict[str, Any]
) -> None:
    out, _ = run_output
    for item in ground_truth["items"]:
        text = page_text(out / "annotated" / item["file"], item["page"])
        assert " ".join(item["text"].split()) in text
        assert REVIEW_STAMP in text
    rows = log_rows(out)
    for rel in {r["file"] for r in rows}:
        with pymupdf.open(out / "annotated" / rel) as doc:
            ids = {a.info["id"] for page in doc for a in page.annots() if a.type[1] == "Redact"}
        assert ids == {r["id"] for r in rows if r["file"] == rel}


def test_log_columns_and_decisions(run_output: tuple[Path, Any]) -> None:
    out, _ = run_output
    rows = log_rows(out)
    assert rows, "the fixtures have proposals"
    expected = {
        "id",
        "file",
        "page",
        "x0",
        "y0",
        "x1",
        "y1",
        "text",
        "entity_type",
        "exemption",
        "score",
        "recogniser",
        "decision",
        "reviewer",
        "note",
    }
    assert expected <= set(rows[0])
    assert {r["decision"] for r in rows} == {"accept"}
    payload = json.loads((out / "redaction-log.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in payload["rows"]] == [r["id"] for r in rows]


def test_ids_are_stable_across_rescans(run_output: tuple[Path, Any], tmp_path: Path) -> None:
    out, _ = run_output
    result = invoke("scan", str(FIXTURES), "-o", str(tmp_path))
    assert result.exit_code == ExitCode.OK, result.output
    assert [r["id"] for r in log_rows(tmp_path)] == [r["id"] for r in log_rows(out)]
    assert {r["decision"] for r in log_rows(tmp_path)} == {"proposed"}


def test_verify_passes_on_the_clean_output(run_output: tuple[Path, Any]) -> None:
    out, _ = run_output
    result = invoke("verify", str(out))
    assert result.exit_code == ExitCode.OK, result.output


def test_inputs_are_never_modified(run_output: tuple[Path, Any]) -> None:
    out, _ = run_output
    payload = json.loads((out / "redaction-log.json").read_text(encoding="utf-8"))
    for record in payload["files"]:
        assert sha256_of(FIXTURES / record["file"]) == record["sha256"]
