"""Fuzzing: damaged variants of the fixtures through scan + apply, each in a forked child with a
time limit. Whatever happens, the only failures are named input errors, nothing hangs, inputs
are unchanged, no temporary file is left, and every clean PDF released passes the release check.

`make test` runs a few derandomised examples; `make fuzz` runs many random ones
(FUZZ_EXAMPLES, default 300 there). Detection uses a regular expression instead of spaCy: the
model is not what is being tested, and the fork per example must be cheap.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import traceback
from collections.abc import Callable, Container, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import redactor.scan
from redactor import release_check
from redactor.apply import apply
from redactor.errors import RedactorError
from redactor.models import Finding
from redactor.options import Options
from redactor.pdf.document import PDF_LIBRARY_ERRORS, pymupdf_bugs
from redactor.pipeline import verify
from redactor.rules import Rules
from redactor.scan import scan

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures" / "pdfs").glob("*.pdf"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"
PER_FILE_TIMEOUT = float(os.environ.get("FUZZ_TIMEOUT", "60"))  # seconds; generous: shared CI


class RegexDetector:
    """Two capitalised words, or a UK phone number: enough findings to burn and verify."""

    PATTERN = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b|\b0\d{3,4} \d{3} \d{4}\b")

    def __init__(self, rules: Rules, model_name: str | None = None) -> None:
        self.rules = rules

    def detect(
        self, texts: Sequence[str], ocr_read: Sequence[Container[int]] | None = None
    ) -> list[list[Finding]]:
        return [
            [
                Finding(m.start(), m.end(), "PERSON", 0.9, "fuzz", m.group(), "fuzz pattern")
                for m in self.PATTERN.finditer(text)
            ]
            for text in texts
        ]


def flip(data: bytes, where: float, value: int) -> bytes:
    if not data:
        return data  # truncated to nothing already: no byte to flip
    i = int(where * (len(data) - 1))
    return data[:i] + bytes([data[i] ^ value]) + data[i + 1 :]


def truncate(data: bytes, where: float) -> bytes:
    return data[: int(where * len(data))]


def insert(data: bytes, where: float, garbage: bytes) -> bytes:
    i = int(where * len(data))
    return data[:i] + garbage + data[i:]


def duplicate_xref(data: bytes, where: float) -> bytes:
    """Copy the cross-reference section (xref .. %%EOF) to another place in the file."""
    start = data.rfind(b"xref")
    if start < 0:
        return data
    return insert(data, where, data[start:])


MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.floats(0.05, 1)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("duplicate_xref"), st.floats(0, 1)),
)


def mutate(data: bytes, mutations: list[tuple[object, ...]]) -> bytes:
    for name, *args in mutations:
        if name == "flip":
            data = flip(data, *args)  # type: ignore[arg-type]
        elif name == "truncate":
            data = truncate(data, *args)  # type: ignore[arg-type]
        elif name == "insert":
            data = insert(data, *args)  # type: ignore[arg-type]
        else:
            data = duplicate_xref(data, *args)  # type: ignore[arg-type]
    return data


def _scan_and_apply(in_dir: str, out_dir: str) -> None:
    """Forked child: exit 0 when everything ends in a named error or succeeds, 1 on a crash."""
    redactor.scan.Detector = RegexDetector  # type: ignore[assignment,misc]
    options = Options(accept_proposed=True, reviewer="fuzz", show_progress=False)
    try:
        scan(Path(in_dir), Path(out_dir), options)
        apply(Path(out_dir), options)
    except RedactorError:
        pass
    except BaseException:
        Path(out_dir, "crash.txt").write_text(traceback.format_exc(), encoding="utf-8")
        os._exit(1)
    os._exit(0)


def check_one(tmp: Path, data: bytes) -> None:
    in_dir, out_dir = tmp / "in", tmp / "out"
    in_dir.mkdir(parents=True)
    out_dir.mkdir()
    (in_dir / "m.pdf").write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    child = multiprocessing.get_context("fork").Process(
        target=_scan_and_apply, args=(str(in_dir), str(out_dir))
    )
    child.start()
    child.join(PER_FILE_TIMEOUT)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"scan + apply hung for more than {PER_FILE_TIMEOUT} s on this input")
    crash = out_dir / "crash.txt"
    assert child.exitcode == 0, crash.read_text() if crash.exists() else f"exit {child.exitcode}"
    assert hashlib.sha256((in_dir / "m.pdf").read_bytes()).hexdigest() == before
    assert not [p for p in out_dir.rglob("*") if p.name.endswith(".partial")]
    log = json.loads((out_dir / "redaction-log.json").read_text(encoding="utf-8"))
    for record in log["files"]:
        if record["status"] == "failed":
            assert record["error"].startswith("m.pdf: "), record
    released = {p.name for p in (out_dir / "redacted").glob("*.pdf")}
    problems = [p for p in verify(out_dir).problems if p.file in released]
    assert not problems, [str(p) for p in problems]


def damaged_fixtures(test: Callable[..., None]) -> Callable[..., None]:
    """A fuzz test's inputs: a fixture and 1-4 mutations of it (fixed examples unless
    FUZZ_RANDOM is set)."""
    inputs = given(
        fixture=st.sampled_from(FIXTURES),
        mutations=st.lists(MUTATION, min_size=1, max_size=4),
    )
    return settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )(inputs(test))


@damaged_fixtures
def test_damaged_pdfs_fail_by_name_or_release_safely(
    tmp_path_factory: pytest.TempPathFactory, fixture: Path, mutations: list[tuple[object, ...]]
) -> None:
    check_one(tmp_path_factory.mktemp("fuzz"), mutate(fixture.read_bytes(), mutations))


@pytest.mark.parametrize(
    "mutations",
    [
        [("truncate", 0.5)],
        [("duplicate_xref", 0.5)],
        [("duplicate_xref", 0.0)],
        [("insert", 0.3, b"\x00" * 64), ("flip", 0.9, 0xFF)],
    ],
    ids=["half", "xref-in-middle", "xref-at-start", "garbage-and-flip"],
)
def test_named_mutations(tmp_path: Path, mutations: list[tuple[object, ...]]) -> None:
    check_one(tmp_path, mutate(FIXTURES[0].read_bytes(), mutations))


@pytest.mark.parametrize(
    ("name", "at"),
    [("briefing.pdf", 0.09375), ("email-chain.pdf", 0.09765625)],
    ids=["burn-labels", "review-stamp"],
)
def test_a_damaged_font_resource_fails_the_file_by_name(
    tmp_path: Path, name: str, at: float
) -> None:
    """Found by `make fuzz`: one flipped byte makes PyMuPDF's insert_font (the burn's labels,
    the review copy's stamp) raise AttributeError from inside its own code; the file must fail
    by name, not the run."""
    fixture = next(path for path in FIXTURES if path.name == name)
    check_one(tmp_path, mutate(fixture.read_bytes(), [("flip", at, 1)]))


def test_an_attribute_error_of_our_own_is_not_taken_for_a_damaged_file() -> None:
    with pytest.raises(AttributeError), pymupdf_bugs("page 1"):
        getattr(None, "m_internal")  # noqa: B009  (raised here, in our code, not in PyMuPDF)


def _read_independently(path: str) -> None:
    """Forked child: exit 0 when the independent check reads the file or fails with an error
    the batch reports by name (PDF_LIBRARY_ERRORS), 1 on anything else; a crash of PDFium's
    C code shows as a negative exit code."""
    try:
        release_check.check(Path(path), [])
    except PDF_LIBRARY_ERRORS:
        os._exit(0)
    except BaseException:
        Path(path).with_suffix(".txt").write_text(traceback.format_exc(), encoding="utf-8")
        os._exit(1)
    os._exit(0)


@damaged_fixtures
def test_the_independent_check_reads_damaged_files_or_fails_them_by_name(
    tmp_path_factory: pytest.TempPathFactory, fixture: Path, mutations: list[tuple[object, ...]]
) -> None:
    """PDFium and pikepdf, called directly on damaged bytes (a clean copy that got damaged)."""
    path = tmp_path_factory.mktemp("fuzz-check") / "m.pdf"
    path.write_bytes(mutate(fixture.read_bytes(), mutations))
    child = multiprocessing.get_context("fork").Process(
        target=_read_independently, args=(str(path),)
    )
    child.start()
    child.join(PER_FILE_TIMEOUT)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"the independent check hung for more than {PER_FILE_TIMEOUT} s")
    report = path.with_suffix(".txt")
    assert child.exitcode == 0, report.read_text() if report.exists() else f"exit {child.exitcode}"
