"""`run` burns from the rows it has just written while the log is read back and checked; a
file is released only when the log gives it the same rows, and nothing before the log passes."""

from __future__ import annotations

import filecmp
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from conftest import FIXTURES

import redactor.apply
from redactor.apply import Plan, apply
from redactor.errors import LogError
from redactor.options import Options
from redactor.pipeline import run
from redactor.scan import scan

OPTIONS = Options(show_progress=False, jobs=2)
ACCEPTING = replace(OPTIONS, accept_proposed=True, reviewer="unattended run by t")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for path in sorted(FIXTURES.glob("*.pdf"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def staged_counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files burned in this process (one job: every burn is counted)."""
    burned: list[str] = []
    real = redactor.apply.stage_file

    def counted(record: Any, *args: Any) -> Any:
        burned.append(record.file)
        return real(record, *args)

    monkeypatch.setattr(redactor.apply, "stage_file", counted)
    return burned


def scanned_plan(inputs: Path, out: Path) -> Plan:
    """Scan into `out`; what `run` would burn from while the log is read back."""
    expected = Plan.accepting(scan(inputs, out, OPTIONS).log)
    assert expected is not None
    return expected


def test_run_burns_each_file_once_and_releases_what_apply_would(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    burned = staged_counting(monkeypatch)
    report = run(inputs, tmp_path / "run", replace(OPTIONS, jobs=1))
    names = sorted(p.name for p in inputs.glob("*.pdf"))
    assert sorted(burned) == names, "each file burned once, from the plan, not again from the log"
    assert sorted(report.apply.written) == names
    # the same clean files as scanning, then applying from the log read back
    scan(inputs, tmp_path / "two", OPTIONS)
    apply(tmp_path / "two", ACCEPTING)
    for name in names:
        assert filecmp.cmp(
            tmp_path / "run" / "redacted" / name, tmp_path / "two" / "redacted" / name, False
        )
    assert not list((tmp_path / "run").glob(".*.partial"))


def test_a_file_the_log_gives_other_rows_is_burned_again_from_the_log(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    expected = scanned_plan(inputs, out)
    # a plan that leaves out one file's first box: what was staged from it must not go out
    victim = sorted(expected.rows)[0]
    rows = {rel: expected.rows[rel] for rel in expected.rows}
    dropped = rows[victim].pop(0)
    expected = Plan(expected.input_dir, expected.files, rows)
    burned = staged_counting(monkeypatch)
    report = apply(out, replace(ACCEPTING, jobs=1), expected)
    assert burned.count(victim) == 2 and len(burned) == len(expected.rows) + 1
    assert victim in report.written and not report.problems
    with pymupdf.open(out / "redacted" / victim) as doc:
        box = pymupdf.Rect(dropped.x0, dropped.y0, dropped.x1, dropped.y1)
        assert doc[dropped.page - 1].get_text(clip=box).split() == [dropped.exemption]
        assert dropped.text not in "".join(page.get_text() for page in doc)
    assert not list(out.glob(".*.partial"))


def test_nothing_is_released_when_the_log_fails_its_check(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    expected = scanned_plan(inputs, out)
    csv = out / "redaction-log.csv"
    lines = csv.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[1] = lines[1].replace(",s40(2),", ",s99(9),", 1)  # no such exemption in the rules
    csv.write_text("\ufeff" + "".join(lines), encoding="utf-8")
    with pytest.raises(LogError):
        apply(out, ACCEPTING, expected)  # two jobs: the worker burns while the log is read
    assert not list((out / "redacted").glob("*.pdf"))
    assert not list(out.rglob("*.partial"))
    assert not (out / "failed-verification").exists()
