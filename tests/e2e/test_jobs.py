"""--jobs changes how fast, never what: logs, messages and PDFs match a single-process run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, invoke

from redactor.errors import ExitCode
from redactor.options import Options
from redactor.scan import scan

# MuPDF writes a fresh random /ID into the trailer of every saved file (as a hex or a literal
# string); nothing else may differ.
_TRAILER_ID = re.compile(rb"/ID\s*\[.*?\]\s*>>\s*startxref", re.DOTALL)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures, a 60-page generated bundle (files of 10 to 40 pages) and a broken file."""
    folder = tmp_path_factory.mktemp("bundle")
    generate = [sys.executable, str(ROOT / "fixtures" / "generate.py"), "bundle"]
    subprocess.run(
        [*generate, "--pages", "60", str(folder / "bundle")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for pdf in FIXTURES.glob("*.pdf"):
        shutil.copy(pdf, folder / pdf.name)
    # not a PDF at all (a truncated PDF is repaired, processed and only warned about)
    (folder / "broken.pdf").write_bytes(b"<html>not a PDF</html>\n" * 40)
    return folder


def _log_without_times(out: Path) -> tuple[str, str]:
    """The CSV and JSON logs with `decided_at` (the clock time of the unattended accept) blanked."""
    csv_text = (out / "redaction-log.csv").read_text(encoding="utf-8-sig")
    csv_text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", "TIME", csv_text)
    data = json.loads((out / "redaction-log.json").read_text(encoding="utf-8"))
    for row in data["rows"]:
        row["decided_at"] = "TIME" if row["decided_at"] else ""
    return csv_text, json.dumps(data, sort_keys=True)


def _pdfs(out: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(out)): _TRAILER_ID.sub(b"/ID[]>> startxref", path.read_bytes())
        for path in sorted(out.rglob("*.pdf"))
    }


def test_run_with_two_jobs_matches_one_job(bundle: Path, tmp_path: Path) -> None:
    outs, results = {}, {}
    for jobs in ("1", "2"):
        outs[jobs] = tmp_path / f"jobs{jobs}"
        results[jobs] = invoke("run", str(bundle), "-o", str(outs[jobs]), "--jobs", jobs)
    assert results["1"].exit_code == results["2"].exit_code == ExitCode.INPUT_FAILED
    assert "broken.pdf" in results["1"].output
    assert results["1"].output.replace(str(outs["1"]), "OUT") == results["2"].output.replace(
        str(outs["2"]), "OUT"
    )
    assert _log_without_times(outs["1"]) == _log_without_times(outs["2"])
    one, two = _pdfs(outs["1"]), _pdfs(outs["2"])
    good = len(list(bundle.rglob("*.pdf"))) - 1
    assert len(one) == 2 * good, "an annotated and a clean copy of each good file"
    assert one == two


def test_splitting_files_into_small_chunks_changes_nothing(bundle: Path, tmp_path: Path) -> None:
    whole = scan(bundle, tmp_path / "whole", Options(jobs=1, show_progress=False))
    split = scan(bundle, tmp_path / "split", Options(jobs=2, batch_pages=3, show_progress=False))
    assert whole.pages == split.pages > 60
    assert [f.file for f in whole.failures] == [f.file for f in split.failures] == ["broken.pdf"]
    assert whole.log == split.log
    assert (tmp_path / "whole" / "redaction-log.csv").read_bytes() == (
        tmp_path / "split" / "redaction-log.csv"
    ).read_bytes()
