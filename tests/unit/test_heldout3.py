"""The third held-out set (fixtures/heldout3.py): complete, findable, varied and reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from redactor.pdf.inspect import find_text

HELDOUT3 = Path(__file__).resolve().parents[2] / "fixtures" / "heldout3"
Truth = dict[str, list[dict[str, object]]]


@pytest.fixture(scope="module")
def truth() -> Truth:
    data: Truth = json.loads((HELDOUT3 / "ground-truth.json").read_text(encoding="utf-8"))
    return data


def _people(truth: Truth) -> list[str]:
    return [str(i["text"]) for i in truth["items"] if i["entity_type"] == "PERSON"]


def test_every_item_is_on_its_page(truth: Truth) -> None:
    for item in truth["items"]:
        assert find_text(
            HELDOUT3 / "pdfs" / str(item["file"]), int(str(item["page"])), str(item["text"])
        ), item


def test_it_has_the_name_forms_it_is_meant_to_measure(truth: Truth) -> None:
    people = _people(truth)
    assert len(people) >= 80
    assert any(not name.isascii() for name in people)
    assert any(n.split()[0].isupper() and not n.split()[-1].isupper() for n in people if " " in n)
    assert any(n.isupper() and " " in n for n in people)  # FORENAME SURNAME
    assert any(n.isupper() and " " not in n and len(n) <= 4 for n in people)  # initials
    assert any(" " not in n for n in people if not n.isupper())  # one name word alone
    assert any(w[0].islower() for n in people for w in n.split())  # a particle: "van Vliet"
    assert any("-" in n or "'" in n for n in people)  # hyphen or apostrophe
    assert not any(n.endswith("'s") for n in people)  # a possessive is not part of the name
    assert len({str(i["file"]) for i in truth["items"]}) == 7


def test_its_negatives_are_recorded(truth: Truth) -> None:
    whys = {str(k["why"]) for k in truth["keep"]}
    assert {"road", "legislation", "date", "address", "chief officer in a public role"} <= whys


def test_its_chief_officer_is_on_the_allow_list(truth: Truth) -> None:
    allow = (HELDOUT3.parents[1] / "rules" / "allow.yaml").read_text(encoding="utf-8")
    chiefs = {str(k["text"]) for k in truth["keep"] if k["why"] == "chief officer in a public role"}
    assert chiefs and all(f'"{c}"' in allow for c in chiefs)


def test_its_names_are_not_the_earlier_held_out_sets(truth: Truth) -> None:
    old: set[str] = set()
    for name in ("heldout", "heldout2"):
        earlier = json.loads((HELDOUT3.parent / name / "ground-truth.json").read_text("utf-8"))
        old |= {str(i["text"]).casefold() for i in earlier["items"] if i["entity_type"] == "PERSON"}
    assert not {n.casefold() for n in _people(truth) if " " in n} & old


def test_generator_is_deterministic(tmp_path: Path) -> None:
    script = HELDOUT3.parent / "heldout3.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True
    )
    assert (tmp_path / "ground-truth.json").read_bytes() == (
        HELDOUT3 / "ground-truth.json"
    ).read_bytes()
    for pdf in sorted((HELDOUT3 / "pdfs").glob("*.pdf")):
        assert (tmp_path / "pdfs" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name
