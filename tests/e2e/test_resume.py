"""Atomic outputs, one file's MuPDF failure during apply, and resuming after an interruption."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from conftest import FIXTURES, invoke

import redactor.apply
from redactor.apply import apply
from redactor.errors import ExitCode
from redactor.options import Options

NAMES = sorted(p.name for p in FIXTURES.glob("*.pdf"))
VICTIM = NAMES[1]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scanned")
    assert invoke("scan", str(FIXTURES), "-o", str(out)).exit_code == ExitCode.OK
    return out


@pytest.fixture(scope="module")
def uninterrupted(scanned: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("whole") / "out"
    shutil.copytree(scanned, out)
    assert invoke("apply", str(out), "--accept-proposed").exit_code == ExitCode.OK
    return released_text(out)


@pytest.fixture
def out(scanned: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(scanned, copy)
    return copy


def released_text(out: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((out / "redacted").glob("*.pdf")):
        with pymupdf.open(path) as doc:
            texts[path.name] = "\n".join(page.get_text() for page in doc)
    return texts


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".partial")]


def failing_on(name: str, error: BaseException, real: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(source: Path, *args: Any) -> Any:
        if source.name == name:
            raise error
        return real(source, *args)

    return wrapper


def test_mupdf_error_while_burning_fails_that_file_only(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = pymupdf.mupdf.FzErrorFormat("syntax error in content stream")
    monkeypatch.setattr(redactor.apply, "burn", failing_on(VICTIM, error, redactor.apply.burn))
    result = invoke("apply", str(out), "--accept-proposed")
    assert result.exit_code == ExitCode.INPUT_FAILED
    [line] = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert f"failed: {VICTIM}: cannot be burned: MuPDF failed" in line and "Re-export" in line
    assert sorted(released_text(out)) == [n for n in NAMES if n != VICTIM]
    assert not leftovers(out)


def test_mupdf_error_while_verifying_fails_that_file_only(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = redactor.apply.verify_file

    def verify(clean: Path, rel: str, rows: Any) -> Any:
        if rel == VICTIM:
            raise pymupdf.FileDataError("cannot open broken document")
        return real(clean, rel, rows)

    monkeypatch.setattr(redactor.apply, "verify_file", verify)
    result = invoke("apply", str(out), "--accept-proposed")
    assert result.exit_code == ExitCode.VERIFY_FAILED
    assert f"NOT RELEASED: {VICTIM}: the clean copy cannot be re-read" in result.output
    assert sorted(released_text(out)) == [n for n in NAMES if n != VICTIM]
    assert (out / "failed-verification" / VICTIM).is_file()


def test_ctrl_c_then_rerun_gives_the_uninterrupted_result(
    out: Path, uninterrupted: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = redactor.apply.burn
    monkeypatch.setattr(redactor.apply, "burn", failing_on(VICTIM, KeyboardInterrupt(), real))
    # one job: which files are complete when Ctrl-C lands is then the same on every run
    result = invoke("apply", str(out), "--accept-proposed", "--jobs", "1")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert not leftovers(out)
    assert sorted(released_text(out)) == NAMES[:1], "only complete files, under final names"
    checked = invoke("verify", str(out)).output
    assert "verified 1 clean file(s)" in checked
    failed = [line for line in checked.splitlines() if line.startswith("FAILED")]
    assert len(failed) == len(NAMES) - 1 and all("no clean copy" in f for f in failed)

    monkeypatch.setattr(redactor.apply, "burn", real)
    resumed = invoke("apply", str(out))  # the log already holds the accepted decisions
    assert resumed.exit_code == ExitCode.OK, resumed.output
    assert "skipped 1 file(s) released earlier" in resumed.output
    assert released_text(out) == uninterrupted
    again = invoke("apply", str(out))
    assert f"skipped {len(NAMES)} file(s)" in again.output


def test_an_edited_log_is_burned_again(out: Path) -> None:
    assert invoke("apply", str(out), "--accept-proposed").exit_code == ExitCode.OK
    csv_path = out / "redaction-log.csv"
    text = csv_path.read_text(encoding="utf-8-sig")
    first_row = text.splitlines()[1]
    csv_path.write_text(
        "\ufeff" + text.replace(first_row, first_row.replace(",accept,", ",reject,")),
        encoding="utf-8",
    )
    result = invoke("apply", str(out))
    assert result.exit_code == ExitCode.OK, result.output
    assert f"skipped {len(NAMES) - 1} file(s)" in result.output
    rejected_file = first_row.split(",")[1]
    assert "into 1 clean file(s)" in result.output and rejected_file in NAMES


def _killed_mid_write(out: str) -> None:
    """Child process: burn the victim half-way, then die as a power cut or `kill -9` would
    (whichever of its processes burns the victim kills the run; its workers end with it)."""
    real, run = redactor.apply.burn, os.getpid()

    def burn(source: Path, marks: Any, dest: Path, *rest: Any) -> None:
        if source.name == VICTIM:
            dest.write_bytes(b"%PDF-1.7\n% half a file")
            os.kill(run, signal.SIGKILL)
            time.sleep(30)  # a worker: killed by the kernel once its parent is gone
        real(source, marks, dest, *rest)

    redactor.apply.burn = burn  # type: ignore[assignment]
    apply(Path(out), Options(accept_proposed=True, reviewer="t", show_progress=False))


def test_killed_mid_write_leaves_no_half_file_and_resumes(
    out: Path, uninterrupted: dict[str, str]
) -> None:
    child = multiprocessing.get_context("fork").Process(target=_killed_mid_write, args=(str(out),))
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    # the victim's half file, and the file a worker was writing (workers end with their
    # parent): staged beside the log, never inside the folder that is disclosed
    stale = leftovers(out)
    assert stale and all(p.parent == out for p in stale)
    assert not any(p.name.endswith(".pdf") for p in stale)
    assert not (out / "redacted" / VICTIM).exists()
    result = invoke("apply", str(out))
    assert result.exit_code == ExitCode.OK, result.output
    assert not leftovers(out)
    assert released_text(out) == uninterrupted
