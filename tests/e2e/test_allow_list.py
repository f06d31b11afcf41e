"""The allow-list has the last word over every way a name is proposed: the detectors, the
table and form context, and the bundle-wide consistency that spreads a name's parts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf

from redactor.options import Options
from redactor.scan import scan

RULES = Path(__file__).resolve().parents[2] / "rules"


def _form(path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    cells = [
        (72, 100, "Authorising officer"),
        (72, 130, "Name"),
        (200, 130, "Toby Hunter"),
        (72, 150, "Rank"),
        (200, 150, "Chief Constable"),
        (72, 190, "Applicant"),
        (72, 220, "Name"),
        (200, 220, "Toby Carvalho"),
        (72, 260, "Chief Constable Toby Hunter approved the deployment for Toby Carvalho."),
    ]
    for x, y, text in cells:
        page.insert_text((x, y), text, fontsize=10, fontname="helv")
    doc.save(path)
    doc.close()


def test_allowed_name_is_never_proposed(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    text = (rules / "allow.yaml").read_text(encoding="utf-8")
    text = text.replace("terms:\n", 'terms:\n  - "Toby Hunter"\n', 1)
    (rules / "allow.yaml").write_text(text, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    _form(folder / "form.pdf")

    report = scan(folder, tmp_path / "out", Options(rules_dir=rules, show_progress=False))

    texts = [r.text for r in report.log.rows]
    assert "Toby Carvalho" in texts  # the same form's other name is still proposed
    assert not any("Hunter" in t for t in texts), texts
    # "Toby" alone is a part of the proposed name; it must not eat into the allowed one
    assert texts.count("Toby Carvalho") == 2, texts
    assert "Toby" not in texts, texts
