"""End-to-end fixtures: the real CLI, the real spaCy model, the generated PDFs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from redactor.cli import app
from redactor.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "pdfs"
GROUND_TRUTH = ROOT / "fixtures" / "ground-truth.json"


@pytest.fixture(scope="session")
def ground_truth() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def redactable_items(ground_truth: dict[str, Any]) -> list[dict[str, Any]]:
    """The ground-truth items whose entity type the rules ask for: policy.yaml's entities plus
    the deny-list and security-body types. A type added to policy.yaml is checked from then on.
    """
    wanted = set(load_rules().entity_exemptions)
    items = [it for it in ground_truth["items"] if it["entity_type"] in wanted]
    assert {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"} <= {it["entity_type"] for it in items}
    return items


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def run_output(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    """`redactor run fixtures/pdfs -o OUT` once for the session (the model loads once)."""
    out = tmp_path_factory.mktemp("run")
    result = invoke("run", str(FIXTURES), "-o", str(out))
    yield out, result
    shutil.rmtree(out, ignore_errors=True)
