"""The review workflow with the real pipeline: hand edits to the CSV, validation, re-scan, and
a review PDF edited as Acrobat would, read back with `redactor import`."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from conftest import FIXTURES, ROOT, invoke
from test_workflow import read_rows, write_rows

from redactor.errors import ExitCode

FORM = "authority-form.pdf"
BRIEFING = "briefing.pdf"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One scan of the fixtures (the model loads once); each test works on a copy."""
    out = tmp_path_factory.mktemp("scanned") / "out"
    result = invoke("scan", str(FIXTURES), "-o", str(out))
    assert result.exit_code == ExitCode.OK, result.output
    yield out
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture
def out(scanned: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(scanned, copy)
    return copy


def page_text(path: Path, number: int = 0) -> str:
    with pymupdf.open(path) as doc:
        pages = [doc[number]] if number else list(doc)
        return " ".join(" ".join(str(p.get_text()) for p in pages).split())


def clean(out: Path, rel: str) -> str:
    return page_text(out / "redacted" / rel)


def search(rel: str, text: str) -> pymupdf.Rect:
    with pymupdf.open(FIXTURES / rel) as doc:
        return doc[0].search_for(text)[0]


def inner(rect: pymupdf.Rect) -> pymupdf.Rect:
    return pymupdf.Rect(rect.x0 + 1, rect.y0 + 1, rect.x1 - 1, rect.y1 - 1)


def manual(header: list[str], **cells: str) -> dict[str, str]:
    row = dict.fromkeys(header, "")
    row.update(decision="accept", exemption="s40(2)")
    row.update(cells)
    return row


def box_cells(rect: pymupdf.Rect) -> dict[str, str]:
    return {
        "page": "1",
        "x0": f"{rect.x0:.2f}",
        "y0": f"{rect.y0:.2f}",
        "x1": f"{rect.x1:.2f}",
        "y1": f"{rect.y1:.2f}",
    }


def test_officer_edits_are_burned_and_scheduled(out: Path) -> None:
    header, rows = read_rows(out)
    for row in rows:
        row["decision"] = "reject" if row["text"] == "Toby Hunter" else "accept"
    warrant = next(r for r in rows if r["file"] == FORM and r["entity_type"] == "WARRANT_NUMBER")
    warrant["exemption"] = "s31(1)(a)"
    area = search(FORM, "412 images")
    rows += [
        manual(header, file=FORM, **box_cells(area)),  # an area, no text
        manual(header, file=FORM, text="Northtown"),  # every occurrence in one file
        manual(header, file="*", text="Eastgate", exemption="s31(1)(a)"),  # in every file
    ]
    write_rows(out, header, rows)
    result = invoke("apply", str(out), "--reviewer", "Officer B")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.output.count("row added by hand given id m-") == 3

    form, briefing = clean(out, FORM), clean(out, BRIEFING)
    assert "Toby Hunter" in form, "a rejected row stays visible"
    assert "Northtown" not in form and "Northtown" in briefing, "a text row covers its file only"
    assert "Eastgate" not in form and "Eastgate" not in briefing, "file=* covers every file"
    assert "412 images" not in form and "412 images" in briefing
    with pymupdf.open(out / "redacted" / FORM) as doc:
        assert doc[0].get_textbox(inner(area)).strip() in ("", "s40(2)")
    assert invoke("verify", str(out)).exit_code == ExitCode.OK

    # the log now carries the ids and who decided; the audit file says what changed
    _, after = read_rows(out)
    hand = [r for r in after if r["id"].startswith("m-")]
    assert len(hand) == 3 and all(r["reviewer"] == "Officer B" and r["decided_at"] for r in hand)
    audit = [json.loads(line) for line in (out / "redaction-log.audit.jsonl").open()]
    edited = [a for a in audit if a["id"] == warrant["id"] and a["change"] == "edited in the CSV"]
    assert edited[0]["fields"]["exemption"] == {"old": "s40(2)", "new": "s31(1)(a)"}
    assert {a["by"] for a in audit} == {"Officer B"}

    check_schedule(out, after)


def check_schedule(out: Path, rows: list[dict[str, str]]) -> None:
    folder = out / "schedule"
    with (folder / "schedule.csv").open(encoding="utf-8-sig") as handle:
        entries = list(csv.DictReader(handle))
    counts = Counter[tuple[str, str, str]]()
    for e in entries:
        counts[(e["file"], e["page"], e["exemption"])] += int(e["redactions"])
    # scanned findings: boxes sharing a finding id count once
    expected = Counter[tuple[str, str, str]]()
    for key in {
        (r["file"], r["page"], r["exemption"], r["finding"])
        for r in rows
        if r["decision"] == "accept" and r["recogniser"] != "manual"
    }:
        expected[key[:3]] += 1
    expected[(FORM, "1", "s40(2)")] += 1  # the hand-drawn box
    for rel in sorted(p.name for p in FIXTURES.glob("*.pdf")):
        with pymupdf.open(FIXTURES / rel) as doc:
            for page in doc:
                text = str(page.get_text())
                where = (rel, str(page.number + 1))
                expected[(*where, "s31(1)(a)")] += text.count("Eastgate")
                if rel == FORM:
                    expected[(*where, "s40(2)")] += text.count("Northtown")
    assert counts == +expected
    assert counts[(FORM, "1", "s31(1)(a)")] >= 2  # the relabelled warrant number and Eastgate

    summary = (folder / "schedule.md").read_text(encoding="utf-8")
    assert (
        "| s31(1)(a) | Law enforcement: prevention or detection of crime | qualified | yes |"
        in summary
    )
    assert "| s40(2) | Personal data of third parties | absolute | no |" in summary
    assert (folder / "documents" / "authority-form.md").is_file()
    every = "\n".join(p.read_text(encoding="utf-8-sig") for p in folder.rglob("*.*"))
    secrets = {r["text"] for r in rows if r["decision"] == "accept" and len(r["text"]) > 3}
    secrets |= {"Eastgate", "Northtown", "412 images"}
    leaked = sorted(t for t in secrets if t in every)
    assert not leaked, f"the schedule must not contain redacted text: {leaked}"


def test_every_problem_is_reported_with_its_row_number(out: Path) -> None:
    header, rows = read_rows(out)
    for row in rows:
        row["decision"] = "accept"
    first = len(rows) + 2
    bad_shape = [
        manual(header, file=FORM, page="1", x0="10"),  # part of a box
        manual(header, file=FORM),  # neither text nor box
        manual(header, file="*", **box_cells(pymupdf.Rect(1, 1, 9, 9))),
    ]
    write_rows(out, header, rows + bad_shape)
    result = invoke("apply", str(out))
    assert result.exit_code == ExitCode.LOG_NOT_READY
    assert f"row {first}: give all four of x0, y0, x1, y1" in result.output
    assert f"row {first + 1}: give a text, or a page and a box" in result.output
    assert f"row {first + 2}: file '*' (every file) is only for text rows" in result.output

    wrong = [
        manual(header, file=FORM, text="Northtown", exemption="s99(9)"),
        manual(header, file=FORM, **{**box_cells(pymupdf.Rect(1, 1, 9, 9)), "page": "7"}),
        manual(header, file=FORM, **box_cells(pymupdf.Rect(500, 700, 2000, 900))),
        manual(header, file=FORM, text="Zebedee Quuxley"),
        manual(header, file="*", text="Quuxley"),
    ]
    write_rows(out, header, rows + wrong)
    result = invoke("apply", str(out))
    assert result.exit_code == ExitCode.LOG_NOT_READY
    for offset, message in enumerate(
        [
            "unknown exemption 's99(9)'",
            "page 7 is beyond the last page (2)",
            "the box is off the page",
            "the text 'Zebedee Quuxley' occurs nowhere in authority-form.pdf",
            "the text 'Quuxley' occurs nowhere in any file",
        ]
    ):
        line = next(x for x in result.output.splitlines() if f"row {first + offset} " in x)
        assert message in line, result.output
    del rows[0]
    write_rows(out, header, rows)
    result = invoke("apply", str(out))
    assert result.exit_code == ExitCode.LOG_NOT_READY
    assert (
        "is missing from the CSV: put the row back and set its decision to reject" in result.output
    )
    assert not (out / "redacted").exists(), "nothing is burned while the log is invalid"


def test_a_changed_input_is_refused_before_anything_is_burned(out: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "moved-inputs"
    shutil.copytree(FIXTURES, inputs)
    payload = json.loads((out / "redaction-log.json").read_text(encoding="utf-8"))
    payload["input_dir"] = str(inputs)
    (out / "redaction-log.json").write_text(json.dumps(payload), encoding="utf-8")
    with pymupdf.open(FIXTURES / BRIEFING) as doc:
        doc[0].insert_text((50, 50), "added after the scan")
        doc.save(inputs / BRIEFING)
    _, rows = read_rows(out)
    numbers = [n for n, r in enumerate(rows, start=2) if r["file"] == BRIEFING]
    result = invoke("apply", str(out), "--accept-proposed")
    assert result.exit_code == ExitCode.LOG_NOT_READY
    assert f"row(s) {numbers[0]}, {numbers[1]}," in result.output
    assert "the input changed since it was scanned" in result.output
    assert not (out / "redacted").exists()


def test_rescan_keeps_the_review_and_reports_what_disappeared(out: Path, tmp_path: Path) -> None:
    header, rows = read_rows(out)
    maria = next(r for r in rows if r["text"] == "Maria Robinson")
    maria.update(decision="accept", reviewer="Officer A", note="checked")
    other = next(r for r in rows if r["file"] == BRIEFING and r["text"] == "Amanda Baker")
    other.update(decision="reject", reviewer="Officer A", note="public role", exemption="s38(1)")
    rows.append(manual(header, file=BRIEFING, text="Northtown"))
    write_rows(out, header, rows)

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    allow = (rules / "allow.yaml").read_text(encoding="utf-8")
    allow = allow.replace("\nterms:\n", '\nterms:\n  - "Maria Robinson"\n', 1)
    (rules / "allow.yaml").write_text(allow, encoding="utf-8")
    deny = (rules / "deny.yaml").read_text(encoding="utf-8")
    deny += '  - text: "Eastgate"\n    entity_type: LOCATION_NAME\n    exemption: "s31(1)(a)"\n'
    (rules / "deny.yaml").write_text(deny, encoding="utf-8")

    result = invoke("scan", str(FIXTURES), "-o", str(out), "--rules", str(rules))
    assert result.exit_code == ExitCode.OK, result.output
    _, again = read_rows(out)
    by_id = {r["id"]: r for r in again}
    assert by_id[other["id"]]["decision"] == "reject"
    assert by_id[other["id"]]["exemption"] == "s38(1)"
    assert by_id[other["id"]]["note"] == "public role"
    assert by_id[maria["id"]]["decision"] == "accept", "a decided row no longer found is kept"
    where = f"{BRIEFING} page {maria['page']} [log id {maria['id']}]"
    assert f"no longer found: {where} (accept); kept" in result.output
    assert "(proposed); proposal removed" in result.output  # the undecided Maria Robinson rows
    assert [r for r in again if r["recogniser"] == "manual" and r["text"] == "Northtown"]
    new = [r for r in again if r["entity_type"] == "LOCATION_NAME"]
    assert new and {r["decision"] for r in new} == {"proposed"}
    assert "1 row(s) added by hand" in result.output
    assert "row added by hand given id m-" in result.output
    audit = (out / "redaction-log.audit.jsonl").read_text(encoding="utf-8")
    assert maria["id"] in audit and "no longer found by the scan; kept (accept)" in audit


def edit_like_acrobat(path: Path, delete: str, move: str, incremental: bool) -> pymupdf.Rect:
    """Delete one mark, move another, add two without a known /NM; return the first new box."""
    with pymupdf.open(path) as doc:
        page = doc[0]
        for annot in list(page.annots()):
            if annot.info["id"] == delete:
                page.delete_annot(annot)
            elif annot.info["id"] == move:
                r = annot.rect
                annot.set_rect(pymupdf.Rect(r.x0 - 2, r.y0 - 1, r.x1 + 6, r.y1 + 1))
        new = page.search_for("Operational Support Unit")[0]
        page.add_redact_annot(new, text="s31(1)(a)")
        page.add_redact_annot(page.search_for("Inspector")[0], text="PERSONAL")
        if incremental:
            doc.saveIncr()
        else:
            doc.save(path.with_suffix(".tmp"))
    if not incremental:
        path.with_suffix(".tmp").replace(path)
    return new


@pytest.mark.parametrize("incremental", [True, False])
def test_acrobat_round_trip(out: Path, incremental: bool) -> None:
    _, rows = read_rows(out)
    form = [r for r in rows if r["file"] == FORM and r["page"] == "1"]
    gone = next(r for r in form if r["text"] == "Toby Hunter")
    moved = next(r for r in form if r["entity_type"] == "WARRANT_NUMBER")
    copy = out / "annotated" / FORM
    new_box = edit_like_acrobat(copy, gone["id"], moved["id"], incremental)

    refused = invoke("scan", str(FIXTURES), "-o", str(out))
    assert refused.exit_code == ExitCode.LOG_NOT_READY, "an unimported review would be lost"
    assert "run `redactor import`" in refused.output.lower()

    result = invoke("import", str(copy), "--reviewer", "Officer C")
    assert result.exit_code == ExitCode.OK, result.output
    assert "1 rejected, 1 moved" in result.output and "2 added" in result.output
    assert "'PERSONAL', not a known exemption code; logged under s40(2)" in result.output
    _, after = read_rows(out)
    by_id = {r["id"]: r for r in after}
    assert by_id[gone["id"]]["decision"] == "reject"
    assert by_id[gone["id"]]["reviewer"] == "Officer C"
    assert float(by_id[moved["id"]]["x1"]) == pytest.approx(float(moved["x1"]) + 6, abs=0.02)
    assert "box moved in the review PDF" in by_id[moved["id"]]["note"]
    added = {r["text"]: r for r in after if r["recogniser"] == "manual"}
    assert added["Operational Support Unit"]["exemption"] == "s31(1)(a)"
    assert added["Operational Support Unit"]["decision"] == "accept"
    assert added["Inspector"]["exemption"] == "s40(2)"
    audit = (out / "redaction-log.audit.jsonl").read_text(encoding="utf-8")
    assert audit.count('"command": "import"') == 4

    again = invoke("import", str(out / "annotated"), "-o", str(out))
    assert again.exit_code == ExitCode.OK, again.output
    assert "0 rejected, 0 moved, 0 exemption(s) changed, 0 added" in again.output

    applied = invoke("apply", str(out), "--accept-proposed")
    assert applied.exit_code == ExitCode.OK, applied.output
    text = page_text(out / "redacted" / FORM, 0)
    assert "Toby Hunter" in text, "the mark deleted in Acrobat is not burned"
    with pymupdf.open(out / "redacted" / FORM) as doc:
        assert doc[0].get_textbox(inner(new_box)).strip() in ("", "s31(1)(a)")
        assert not doc[0].search_for("Inspector")
