"""The console entry point (`redactor.cli:main`) as a user runs it: a process of its own, its
output through pipes, its exit code; it skips the interpreter's teardown, not the output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from redactor.errors import ExitCode

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pdfs"


def _redactor(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from redactor.cli import main; sys.argv[0] = 'redactor'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600
    )


def test_a_run_says_everything_and_exits_with_its_code(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(FIXTURES / "email-chain.pdf", inputs)
    (inputs / "broken.pdf").write_bytes(b"<html>not a PDF</html>\n" * 40)
    out = tmp_path / "out"
    done = _redactor("run", str(inputs), "-o", str(out), "--jobs", "2")
    assert done.returncode == ExitCode.INPUT_FAILED, done.stderr
    assert "failed: broken.pdf" in done.stderr
    assert "burned" in done.stdout and "1 clean file(s)" in done.stdout
    assert (out / "redacted" / "email-chain.pdf").is_file()
    assert (out / "redaction-log.csv").is_file()
    assert sorted(p.name for p in out.rglob(".*.partial")) == []


def test_output_through_a_pipe_is_flushed() -> None:
    done = _redactor("version")
    assert (done.returncode, done.stdout.strip()) == (0, "redactor 0.1.0")


def test_bad_arguments_keep_their_exit_code(tmp_path: Path) -> None:
    done = _redactor("run", str(tmp_path / "missing"), "-o", str(tmp_path / "out"))
    assert done.returncode == ExitCode.BAD_ARGUMENTS
    assert "Error" in done.stderr and "redactor run --help" in done.stderr
