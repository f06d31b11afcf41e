"""A box does not give away how long the name under it is where the page leaves room: short
names at a line's end get boxes of one width, a name in running text takes none of its
neighbours, the clean copy passes every check and what a box does not cover stays; with
`min_box_width: 0` boxes are as wide as their text, with the same log ids."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pymupdf
from e2e.conftest import invoke
from pdfs import text_pdf

RULES = Path(__file__).resolve().parents[2] / "rules"
LINES = [
    "Hi Ash,",
    "Thanks for the update on the van. I will ring you tomorrow.",
    "Dear Christopher,",
    "Please send the rota to DS Jo Hart before Friday.",
    "Kind regards,",
    "",
    "Lucy",
    "With thanks, Kim",
]


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "redaction-log.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _width(row: dict[str, str]) -> float:
    return float(row["x1"]) - float(row["x0"])


def _run(source: Path, out: Path, rules: Path) -> list[dict[str, str]]:
    result = invoke("run", str(source), "-o", str(out), "--rules", str(rules), "--jobs", "1")
    assert result.exit_code == 0, result.output
    return _rows(out)


def test_short_names_are_hidden_in_boxes_of_one_width(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    text_pdf(source / "letter.pdf", [LINES], metadata=False)
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    rows = _run(source, tmp_path / "out", rules)
    names = {row["text"]: row for row in rows if row["entity_type"] == "PERSON"}
    assert {"Ash", "Jo Hart", "Lucy", "Christopher", "Kim"} <= set(names)
    height = float(names["Ash"]["y1"]) - float(names["Ash"]["y0"])
    short = [_width(names[name]) for name in ("Ash", "Lucy", "Kim")]
    assert min(short) >= 3.5 * height - 0.01  # as wide as policy.yaml asks
    assert max(short) - min(short) < 0.01  # one width: the box no longer tells their lengths

    clean = pymupdf.open(tmp_path / "out" / "redacted" / "letter.pdf")
    text = clean[0].get_text()
    for name in ("Ash", "Lucy", "Jo Hart", "Christopher", "Kim"):
        assert name not in text
    # "Ash" took its comma to reach the empty line end; the rest of every line is there, and
    # "DS Jo Hart before", in running text, lost none of its neighbours
    assert "Hi" in text and "With thanks," in text and "Kind regards," in text
    assert "rota to DS" in text and "before Friday." in text
    words = [w for w in clean[0].get_text("words") if w[4] != "s40(2)"]  # but the box labels
    for row in rows:
        box = pymupdf.Rect(float(row["x0"]), float(row["y0"]), float(row["x1"]), float(row["y1"]))
        assert not [w for w in words if box.contains(pymupdf.Point((w[0] + w[2]) / 2, w[1] + 4))]

    # the widening is policy: 0 keeps boxes as wide as their text, and the ids do not change
    policy = rules / "policy.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("min_box_width: 3.5", "min_box_width: 0"),
        encoding="utf-8",
    )
    tight = {row["id"]: row for row in _run(source, tmp_path / "tight", rules)}
    assert set(tight) == {row["id"] for row in rows}
    assert _width(tight[names["Ash"]["id"]]) < _width(names["Ash"]) / 2
    assert all(_width(tight[row["id"]]) <= _width(row) + 1e-6 for row in rows)
