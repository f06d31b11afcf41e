"""Pass 1's reading: which inputs open, their chunks of pages, and each chunk's pages as text.

Nothing here needs the NLP model or Presidio, and this module imports neither: a run starts
reading in a process of its own (`ReadAhead`) before it imports them and loads the model, which
takes seconds with one core busy and the others idle. The chunks read ahead are handed to pass 1
through files in the output folder; whichever process reads a chunk, the reading is the same
function on the same input, so the findings, the log and the PDFs do not depend on who read it
(tests/e2e/test_jobs.py runs both ways).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import select
import signal
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.discover import InputFile, discover
from redactor.errors import DamagedPdfError, InputFileError, InputWarning
from redactor.fsutil import remove_stale_partials
from redactor.log import FileRecord
from redactor.models import Finding
from redactor.ocr.reader import PageReader
from redactor.options import Options
from redactor.parallel import can_fork, die_with_parent, start_order
from redactor.pdf.document import mupdf_errors, open_input, open_pages, sha256_of
from redactor.pdf.text import PageText
from redactor.rules import Rules, load_rules

READ_AHEAD = 8  # chunks read ahead and not yet taken, at most (about 50 KB a page on disk)
_POLL_SECONDS = 0.005


def check_name(item: InputFile) -> None:
    if not item.is_pdf_name:
        raise InputFileError(
            item.rel,
            "is not a PDF",
            "Convert it to PDF (or move it out of the folder), then re-run.",
        )


def open_file(item: InputFile) -> FileRecord:
    """Check that one input can be opened; its digest, page count and warnings on opening
    (owner password, signature, XFA, repair)."""
    check_name(item)
    digest = sha256_of(item.path)
    warnings: list[InputWarning] = []
    with open_input(item.path, item.rel, warnings) as doc:
        pages = int(doc.page_count)
    return FileRecord(item.rel, digest, pages, "ok").warned(*warnings)


@dataclass(frozen=True)
class Chunk:
    """Pass 1's unit of work: a run of pages of one file, small enough to pass between processes."""

    item: InputFile
    first: int  # 0-based, inclusive
    last: int  # exclusive


def chunks_of(item: InputFile, pages: int, size: int) -> list[Chunk]:
    return [Chunk(item, start, min(start + size, pages)) for start in range(0, pages, size)]


def chunk_file(out_dir: Path, chunk: Chunk, kind: str) -> Path:
    """A hidden temporary file of one chunk in the output folder (named like the other
    temporary files, so a killed run's are removed on the next start)."""
    key = hashlib.sha256(chunk.item.rel.encode("utf-8")).hexdigest()[:16]
    suffix = "" if not kind else f".{kind}"
    return out_dir / f".pages-{key}-{chunk.first:07d}{suffix}.partial"


@dataclass
class ReadChunk:
    """One chunk's pages as pass 1 reads them, before anything is detected on them."""

    texts: list[PageText]  # each page's text: the text layer, with OCR where it falls short
    priors: list[list[Finding]]  # failed redactions found on each page (PRIOR_REDACTION)
    warnings: list[InputWarning]  # the failed redactions, as warnings
    ocr_pages: list[int]  # the pages read by OCR


def read_chunk(
    chunk: Chunk, prior_codes: Collection[str], ocr_workers: int
) -> ReadChunk | InputFileError:
    """Read one chunk's pages, with OCR where the text layer falls short; an input error comes
    back as a value. Runs in any process."""
    item = chunk.item
    warnings: list[InputWarning] = []
    reader = PageReader(ocr_workers)
    try:
        with open_pages(item.path, item.rel, warnings, prior_codes) as pages:
            read = list(pages.between(chunk.first, chunk.last))
            layers = [text for text, _ in read]
            with mupdf_errors(
                DamagedPdfError,
                item.rel,
                "a page cannot be surveyed or rendered for OCR",
                "The file is damaged: ask for a fresh copy or re-export it, then re-run.",
            ):
                texts = reader.read_batch(pages.doc, item.rel, layers)
    except InputFileError as exc:
        return exc
    # a failed redaction is located in the text layer: kept while OCR only added words after it
    # (a layer replaced by OCR has other offsets)
    priors = [
        prior if text.text.startswith(layer.text) else []
        for text, layer, (_, prior) in zip(texts, layers, read, strict=True)
    ]
    kept = [w for w in warnings if w.kind == "prior-redaction"]  # the rest: see open_file
    return ReadChunk(texts, priors, kept, reader.ocr_pages(item.rel))


@dataclass
class Inputs:
    """What a scan reads: the rules, the files found, how each opened, and the chunks to read."""

    rules: Rules
    items: list[InputFile]
    opened: dict[str, FileRecord | InputFileError]
    chunks: list[Chunk]
    reading: ReadAhead


def find_inputs(in_dir: Path, out_dir: Path, options: Options) -> Inputs:
    """Load the rules, find and open every input, and start reading their pages ahead (on
    several jobs); `Inputs.reading.close()` must follow, however the scan ends."""
    rules = load_rules(options.rules_dir)
    remove_stale_partials(out_dir)  # left by a run that was killed mid-write
    items = discover(in_dir, exclude=out_dir)
    opened: dict[str, FileRecord | InputFileError] = {}
    chunks: list[Chunk] = []
    for item in items:
        try:
            record = open_file(item)
        except InputFileError as exc:
            opened[item.rel] = exc
        else:
            opened[item.rel] = record
            chunks.extend(chunks_of(item, record.pages, options.batch_pages))
    reading = ReadAhead(out_dir, rules.exemptions.keys(), options.ocr_workers)
    if options.workers > 1 and can_fork() and chunks:
        reading.start([chunks[i] for i in start_order(len(chunks), chunk_costs(chunks))])
    return Inputs(rules, items, opened, chunks, reading)


def chunk_costs(chunks: Sequence[Chunk]) -> list[float]:
    return [chunk.last - chunk.first for chunk in chunks]


class ReadAhead:
    """Chunks read by a process of their own, ahead of pass 1, in the order pass 1 starts them.

    Each chunk is read once: whoever claims it first (an exclusive create of its claim file)
    reads it. `take` claims a chunk the reader has not reached and reads it where it is called;
    a chunk the reader holds is waited for, or read after all if the reader has stopped. The
    reader keeps at most READ_AHEAD chunks waiting on disk, and ends with the process that
    started it.
    """

    def __init__(self, out_dir: Path, prior_codes: Collection[str], ocr_workers: int) -> None:
        self._out_dir = out_dir
        self._prior_codes = tuple(prior_codes)
        self._ocr_workers = ocr_workers
        self._pid = 0  # the reader's process; 0: none
        self._alive_fd = -1  # read end of a pipe only the reader writes to: EOF once it ends

    def start(self, chunks: list[Chunk]) -> None:
        self._out_dir.mkdir(parents=True, exist_ok=True)
        parent = os.getpid()
        alive_read, alive_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the reader
            code = 1
            try:
                os.close(alive_read)
                die_with_parent(parent)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
                self._read_all(chunks)
                code = 0
            finally:
                os._exit(code)
        os.close(alive_write)
        self._pid, self._alive_fd = pid, alive_read

    def take(self, chunk: Chunk) -> ReadChunk | InputFileError:
        """The chunk's pages: read ahead, or read here."""
        if not self._pid or _claim(chunk_file(self._out_dir, chunk, "claim")):
            return self._read(chunk)
        done = chunk_file(self._out_dir, chunk, "read")
        while not done.exists():
            ended, _, _ = select.select([self._alive_fd], [], [], _POLL_SECONDS)
            if ended and not done.exists():
                return self._read(chunk)  # the reader stopped before finishing it
        result: ReadChunk | InputFileError = take_back(done)
        return result

    def close(self) -> None:
        """Stop the reader (if it is still reading) and remove every file it left."""
        if self._pid:
            # (both suppressed: already reaped, where the embedding program ignores SIGCHLD)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            os.close(self._alive_fd)
            self._pid, self._alive_fd = 0, -1
        for kind in ("claim", "reading", "read"):
            for path in self._out_dir.glob(f".pages-*.{kind}.partial"):
                path.unlink(missing_ok=True)

    def _read(self, chunk: Chunk) -> ReadChunk | InputFileError:
        return read_chunk(chunk, self._prior_codes, self._ocr_workers)

    def _read_all(self, chunks: list[Chunk]) -> None:
        waiting: list[Path] = []
        for chunk in chunks:
            while len(waiting := [p for p in waiting if p.exists()]) >= READ_AHEAD:
                time.sleep(_POLL_SECONDS)
            if not _claim(chunk_file(self._out_dir, chunk, "claim")):
                continue  # pass 1 got there first
            partial = chunk_file(self._out_dir, chunk, "reading")
            keep(partial, self._read(chunk))
            done = chunk_file(self._out_dir, chunk, "read")
            os.replace(partial, done)
            waiting.append(done)


def keep(path: Path, value: object) -> None:
    """Keep a value on disk for a moment, for this run's other processes or a later pass (a
    hidden `.partial` file in the output folder: pickled, only this run reads it back)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def take_back(path: Path) -> Any:
    """The value `keep` left at `path`; the file goes."""
    with path.open("rb") as handle:
        value = pickle.load(handle)
    path.unlink()
    return value


def _claim(path: Path) -> bool:
    """True for the one process that creates `path` (an exclusive create)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return False
    return True
