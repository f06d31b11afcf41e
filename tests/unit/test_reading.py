"""Pass 1's pages read ahead in a process of their own are the pages pass 1 would read itself."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from processes import alive

from redactor import reading
from redactor.options import Options
from redactor.parallel import can_fork, start_order
from redactor.reading import (
    Chunk,
    ReadAhead,
    ReadChunk,
    chunk_costs,
    chunk_file,
    find_inputs,
    read_chunk,
)
from redactor.rules import load_rules

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pdfs"
needs_fork = pytest.mark.skipif(not can_fork(), reason="reading ahead needs fork")


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.partial"))


def _wait_for(condition: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.01)
    assert condition(), "timed out"  # type: ignore[operator]


def _same(a: ReadChunk | Exception, b: ReadChunk | Exception) -> None:
    assert isinstance(a, ReadChunk) and isinstance(b, ReadChunk)
    assert (a.texts, a.priors, a.warnings, a.ocr_pages) == (
        b.texts,
        b.priors,
        b.warnings,
        b.ocr_pages,
    )


def _prior_codes() -> tuple[str, ...]:
    return tuple(load_rules(None).exemptions.keys())


@needs_fork
def test_pages_read_ahead_are_the_pages_read_here(tmp_path: Path) -> None:
    inputs = find_inputs(FIXTURES, tmp_path, Options(jobs=2, batch_pages=2))
    try:
        order = [
            inputs.chunks[i] for i in start_order(len(inputs.chunks), chunk_costs(inputs.chunks))
        ]
        _wait_for(lambda: chunk_file(tmp_path, order[0], "read").exists())  # read ahead, really
        for chunk in order:
            _same(inputs.reading.take(chunk), read_chunk(chunk, _prior_codes(), 1))
    finally:
        inputs.reading.close()
    assert len(inputs.chunks) > reading.READ_AHEAD
    assert _partials(tmp_path) == []


@needs_fork
def test_a_chunk_whose_reader_stopped_is_read_here(tmp_path: Path) -> None:
    [item] = [i for i in find_inputs(FIXTURES, tmp_path, Options(jobs=1)).items][:1]
    chunk = Chunk(item, 0, 1)
    ahead = ReadAhead(tmp_path, _prior_codes(), 1)
    ahead.start([])  # a reader with nothing to read: it ends at once
    chunk_file(tmp_path, chunk, "claim").touch()  # as if it had claimed the chunk, then died
    taken: list[ReadChunk | Exception] = []
    worker = threading.Thread(target=lambda: taken.append(ahead.take(chunk)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    ahead.close()
    assert taken, "take() waited for a reader that had stopped"
    _same(taken[0], read_chunk(chunk, _prior_codes(), 1))
    assert _partials(tmp_path) == []


@needs_fork
def test_the_reader_keeps_at_most_read_ahead_chunks_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "READ_AHEAD", 2)
    inputs = find_inputs(FIXTURES, tmp_path, Options(jobs=2, batch_pages=1))
    try:
        read = lambda: sorted(tmp_path.glob(".*.read.partial"))  # noqa: E731
        _wait_for(lambda: len(read()) == 2)
        time.sleep(0.5)
        assert len(read()) == 2
        assert len(list(tmp_path.glob(".*.claim.partial"))) == 2
    finally:
        inputs.reading.close()
    assert _partials(tmp_path) == []


def test_one_job_reads_nothing_ahead(tmp_path: Path) -> None:
    inputs = find_inputs(FIXTURES, tmp_path, Options(jobs=1, batch_pages=2))
    time.sleep(0.3)
    assert _partials(tmp_path) == []
    chunk = inputs.chunks[0]
    _same(inputs.reading.take(chunk), read_chunk(chunk, _prior_codes(), 1))
    inputs.reading.close()


def _start_reading_and_get_killed(out_dir: Path, report: Path) -> None:
    inputs = find_inputs(FIXTURES, out_dir, Options(jobs=2, batch_pages=1))
    report.write_text(str(inputs.reading._pid))
    os.kill(os.getpid(), signal.SIGKILL)


@needs_fork
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_the_reader_ends_with_the_run_that_started_it(tmp_path: Path) -> None:
    report = tmp_path / "reader.pid"
    child = multiprocessing.get_context("fork").Process(
        target=_start_reading_and_get_killed, args=(tmp_path / "out", report)
    )
    child.start()
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    reader = int(report.read_text())
    assert reader > 0
    _wait_for(lambda: not alive(reader), seconds=10)


def test_the_command_line_imports_the_nlp_side_only_when_a_command_needs_it() -> None:
    """What lets reading start before spaCy and Presidio are imported (seconds)."""
    code = (
        "import sys, redactor.cli; print(sorted({'spacy', 'presidio_analyzer'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
