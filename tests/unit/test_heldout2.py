"""The second held-out set (fixtures/heldout2.py): complete, findable, varied and reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from redactor.pdf.inspect import find_text

HELDOUT2 = Path(__file__).resolve().parents[2] / "fixtures" / "heldout2"
Truth = dict[str, list[dict[str, object]]]


@pytest.fixture(scope="module")
def truth() -> Truth:
    data: Truth = json.loads((HELDOUT2 / "ground-truth.json").read_text(encoding="utf-8"))
    return data


def _people(truth: Truth) -> list[str]:
    return [str(i["text"]) for i in truth["items"] if i["entity_type"] == "PERSON"]


def test_every_item_is_on_its_page(truth: Truth) -> None:
    for item in truth["items"]:
        assert find_text(
            HELDOUT2 / "pdfs" / str(item["file"]), int(str(item["page"])), str(item["text"])
        ), item


def test_it_has_the_name_patterns_it_is_meant_to_measure(truth: Truth) -> None:
    people = _people(truth)
    assert len(people) >= 80
    assert any(not name.isascii() for name in people)
    assert any(", " in n and n.split(",")[0].isupper() for n in people)  # SURNAME, Forename
    assert any(", " in n and not n.split(",")[0].isupper() for n in people)  # Surname, Forename
    assert any(" " not in n for n in people)  # a first name or surname used alone
    assert any(n.split()[0].isupper() and not n.split()[-1].isupper() for n in people if " " in n)
    files = {str(i["file"]) for i in truth["items"]}
    assert len(files) == 6


def test_its_negatives_are_recorded(truth: Truth) -> None:
    whys = {str(k["why"]) for k in truth["keep"]}
    assert {"generic mailbox", "force number", "legislation", "date", "address"} <= whys


def test_its_names_are_not_the_first_held_out_sets(truth: Truth) -> None:
    first = json.loads((HELDOUT2.parent / "heldout" / "ground-truth.json").read_text("utf-8"))
    old = {str(i["text"]).casefold() for i in first["items"] if i["entity_type"] == "PERSON"}
    assert not {n.casefold() for n in _people(truth) if " " in n} & old


def test_generator_is_deterministic(tmp_path: Path) -> None:
    script = HELDOUT2.parent / "heldout2.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True
    )
    assert (tmp_path / "ground-truth.json").read_bytes() == (
        HELDOUT2 / "ground-truth.json"
    ).read_bytes()
    for pdf in sorted((HELDOUT2 / "pdfs").glob("*.pdf")):
        assert (tmp_path / "pdfs" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name
