"""The held-out evaluation set (fixtures/heldout.py): complete, findable and reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from redactor.pdf.inspect import find_text

HELDOUT = Path(__file__).resolve().parents[2] / "fixtures" / "heldout"


@pytest.fixture(scope="module")
def truth() -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = json.loads(
        (HELDOUT / "ground-truth.json").read_text(encoding="utf-8")
    )
    return data


def test_every_item_is_on_its_page(truth: dict[str, list[dict[str, object]]]) -> None:
    for item in truth["items"]:
        assert find_text(
            HELDOUT / "pdfs" / str(item["file"]), int(str(item["page"])), str(item["text"])
        ), item


def test_it_has_names_with_diacritics_and_negatives(
    truth: dict[str, list[dict[str, object]]],
) -> None:
    people = [str(i["text"]) for i in truth["items"] if i["entity_type"] == "PERSON"]
    assert any(not name.isascii() for name in people)
    assert len(people) >= 60
    whys = {str(k["why"]) for k in truth["keep"]}
    assert {"generic mailbox", "force number", "FOI reference", "date"} <= whys


def test_generator_is_deterministic(tmp_path: Path) -> None:
    script = HELDOUT.parent / "heldout.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True
    )
    assert (tmp_path / "ground-truth.json").read_bytes() == (
        HELDOUT / "ground-truth.json"
    ).read_bytes()
    for pdf in sorted((HELDOUT / "pdfs").glob("*.pdf")):
        assert (tmp_path / "pdfs" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name
