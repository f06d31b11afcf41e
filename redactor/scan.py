"""Stage 1: read every input, propose redactions, write the log and the review copies."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from redactor import rescan
from redactor.box_width import Widener
from redactor.columns import find_in_tables, merge
from redactor.consistency import Propagator, Source, collect, file_initials, with_initials
from redactor.detect.engine import Detector
from redactor.detect.places import Places, place_words
from redactor.detect.resolve import AllowList
from redactor.discover import InputFile, case_collisions
from redactor.errors import DamagedPdfError, InputFileError, InputWarning
from redactor.log import OCR, TEXT, FileRecord, LogRow, RedactionLog, stable_id, write_log
from redactor.models import Finding, Mark
from redactor.options import Options
from redactor.parallel import ordered_map
from redactor.pdf.annotate import write_review_copy
from redactor.pdf.document import mupdf_errors
from redactor.pdf.text import PageText
from redactor.progress import track
from redactor.reading import (
    Chunk,
    Inputs,
    ReadChunk,
    chunk_costs,
    chunk_file,
    chunks_of,
    find_inputs,
    keep,
    take_back,
)
from redactor.rules import Rules

ANNOTATED_DIR = "annotated"


@dataclass
class Failure:
    file: str
    message: str


@dataclass
class ScanReport:
    log: RedactionLog
    pages: int = 0
    failures: list[Failure] = field(default_factory=list)
    carried: rescan.Rescan = field(default_factory=rescan.Rescan)  # review work kept
    proposed: int = 0  # rows in the log written (log.rows may be let go once it is on disk)


def rows_for_page(rel: str, page: PageText, findings: list[Finding], rules: Rules) -> list[LogRow]:
    rows: list[LogRow] = []
    widener: Widener | None = None  # made for the first box to widen on the page, if any
    for finding in findings:
        segments = page.segments(finding.start, finding.end)
        if not segments:
            continue
        # deny-list types are in this mapping too (load_rules refuses two exemptions for a type)
        exemption = finding.exemption or rules.exemption_for(finding.entity_type)
        # ids from the boxes as found, so a change of policy keeps the reviewers' decisions
        ids = [
            stable_id(rel, page.number, box, text, finding.entity_type) for box, text in segments
        ]
        if rules.min_box_width and finding.entity_type in rules.min_box_width_types:
            widener = widener or Widener(page, rules.min_box_width)
            line = page.line_of(finding.start, finding.end)
            segments = [(widener.widen(box, line), text) for box, text in segments]
        ocr_confidence = page.ocr_confidence(finding.start, finding.end)
        for (box, text), row_id in zip(segments, ids, strict=True):
            rows.append(
                LogRow(
                    id=row_id,
                    file=rel,
                    page=page.number,
                    x0=round(box.x0, 2),  # box.rounded(2), without making a Box
                    y0=round(box.y0, 2),
                    x1=round(box.x1, 2),
                    y1=round(box.y1, 2),
                    text=text,
                    entity_type=finding.entity_type,
                    exemption=exemption,
                    score=round(finding.score, 3),
                    recogniser=finding.recogniser,
                    reason=finding.explanation,
                    finding=ids[0],
                    source=TEXT if ocr_confidence is None else OCR,
                    ocr_confidence=ocr_confidence,
                )
            )
    return rows


def marks_for(rows: list[LogRow]) -> list[Mark]:
    return [Mark(r.page, r.box, r.exemption, r.entity_type, r.id) for r in rows]


@dataclass
class ChunkFindings:
    """What pass 1 found on the pages of one chunk."""

    findings: list[list[Finding]]  # one list per page, in page order
    warnings: list[InputWarning]  # failed redactions found on these pages
    ocr_pages: list[int]  # the pages read by OCR (their words are in the spooled pages)
    pages: Path  # the pages as pass 1 read them (`spool_pages`), for pass 2
    places: set[str] = field(default_factory=set)  # words these pages use as places


SPOOL_GLOB = ".pages-*.partial"


def spool_path(out_dir: Path, chunk: Chunk) -> Path:
    """Where pass 1 leaves a chunk's pages for pass 2: a hidden temporary file in the output
    folder (named like the other temporary files, so a killed run's are removed on start)."""
    return chunk_file(out_dir, chunk, "")


def spool_pages(path: Path, pages: list[PageText]) -> None:
    """Keep pages (text, character boxes and OCR words) on disk between the passes: reading
    them back costs a tenth of reading a page again, and a large bundle's pages are never all
    held in memory."""
    keep(path, pages)


def unspool_pages(path: Path) -> list[PageText]:
    """The pages `spool_pages` kept (written by this run moments before); the file goes."""
    pages: list[PageText] = take_back(path)
    return pages


def detect_chunk(
    read: ReadChunk | InputFileError, detector: Detector, rules: Rules, spool: Path
) -> ChunkFindings | InputFileError:
    """Pass 1 over one chunk as read (`reading.read_chunk`): what the detectors, the table
    context and the check for failed redactions (PRIOR_REDACTION) find on each page. The pages
    are spooled to `spool` for pass 2. Runs in any process; an input error comes back as a
    value."""
    if isinstance(read, InputFileError):
        return read
    allow = AllowList(rules.allow_terms, rules.allow_patterns)  # over the table context too
    detected = detector.detect(
        [text.text for text in read.texts], [text.confidence for text in read.texts]
    )
    findings = [
        merge(page_findings, allow.filter(text.text, find_in_tables(text))) + prior
        for text, prior, page_findings in zip(read.texts, read.priors, detected, strict=True)
    ]
    places = set().union(*(place_words(text.text) for text in read.texts))
    spool_pages(spool, read.texts)
    return ChunkFindings(findings, read.warnings, read.ocr_pages, spool, places)


@dataclass
class FileFindings:
    """Pass 1's result for one file, handed to pass 2."""

    item: InputFile
    record: FileRecord
    findings: list[list[Finding]]
    ocr_pages: list[int]
    pages: list[Path] = field(default_factory=list)  # spooled pages, chunk by chunk
    places: set[str] = field(default_factory=set)  # words its pages use as places


def propose_file(
    task: FileFindings, propagator: Propagator, out_dir: Path, rules: Rules
) -> list[LogRow] | InputFileError:
    """Pass 2 over one file: every occurrence of anything found in the bundle, as log rows and a
    review copy, on the pages as pass 1 read them. Runs in any process; an input error comes
    back as a value."""
    item = task.item
    rows: list[LogRow] = []
    # the allow-list is the last word, also over names that consistency spreads
    allow = AllowList(rules.allow_terms, rules.allow_patterns)
    pages = (page for spool in task.pages for page in unspool_pages(spool))
    initials = file_initials(task.findings)
    try:
        for page, page_findings in zip(pages, task.findings, strict=True):
            spread = propagator.page(page.text, page_findings)
            proposed = allow.filter(page.text, with_initials(page.text, spread, initials))
            rows.extend(rows_for_page(item.rel, page, proposed, rules))
        # Text drawn twice in the same place (fake bold, duplicated content) gives the same id
        # twice: one box is the same redaction, and the log and the review copy must not repeat
        # an id.
        rows = list({row.id: row for row in rows}.values())
        with mupdf_errors(
            DamagedPdfError,
            item.rel,
            "the review copy cannot be written",
            "The file is damaged: ask for a fresh copy or re-export it, then re-run.",
        ):
            write_review_copy(item.path, marks_for(rows), out_dir / ANNOTATED_DIR / item.rel)
    except InputFileError as exc:
        return exc
    return rows


def _fail(report: ScanReport, item: InputFile, exc: InputFileError) -> None:
    report.failures.append(Failure(item.rel, str(exc)))
    report.log.files.append(FileRecord(item.rel, "", 0, "failed", str(exc)))


@dataclass(frozen=True)
class _Scan:
    """What both passes of one scan work with."""

    detector: Detector
    rules: Rules
    options: Options
    report: ScanReport
    out_dir: Path


def _detect_files(inputs: Inputs, run: _Scan) -> Iterator[FileFindings]:
    """Pass 1 over every file, chunks of pages spread over the jobs; files come out in order."""
    opened, chunks, reading = inputs.opened, inputs.chunks, inputs.reading
    results = ordered_map(
        lambda chunk: detect_chunk(
            reading.take(chunk), run.detector, run.rules, spool_path(run.out_dir, chunk)
        ),
        chunks,
        run.options.workers,
        costs=chunk_costs(chunks),  # the order the pages are read ahead in
    )
    items = inputs.items
    with closing(results), track("scan", len(items), run.options.show_progress) as tracker:
        for item in items:
            outcome = opened[item.rel]
            if isinstance(outcome, InputFileError):
                _fail(run.report, item, outcome)
                tracker.file_done()
                continue
            tracker.file_started(item.rel, outcome.pages)
            found = FileFindings(item, outcome, [], [])
            failure: InputFileError | None = None
            for _ in range(len(chunks_of(item, outcome.pages, run.options.batch_pages))):
                result = next(results)
                if isinstance(result, InputFileError):
                    failure = failure or result
                    continue
                found.findings.extend(result.findings)
                found.ocr_pages.extend(result.ocr_pages)
                found.pages.append(result.pages)
                found.places |= result.places
                found.record = found.record.warned(*result.warnings)
                tracker.pages_done(len(result.findings))
            tracker.file_done()
            if failure is not None:
                _fail(run.report, item, failure)
            else:
                found.record = replace(found.record, ocr_pages=sorted(found.ocr_pages))
                yield found


def _propose(inputs: Inputs, run: _Scan, collisions: dict[str, InputWarning]) -> None:
    """Both passes: what each file holds, then every occurrence of it in every file."""
    rules, options, report, out_dir = run.rules, run.options, run.report, run.out_dir
    found: list[FileFindings] = []
    sources: dict[tuple[str, str], Source] = {}
    for task in _detect_files(inputs, run):
        if task.item.rel in collisions:
            task.record = task.record.warned(collisions[task.item.rel])
        found.append(task)
    # the bundle's place names, less its people's name words: the model's lone "names" among
    # them are neither proposed nor spread ("Pellbury" of "Pellbury custody")
    places = Places(
        (word for task in found for word in task.places), (task.findings for task in found)
    )
    for task in found:
        collect(sources, task.item.rel, task.findings, places)
    propagator = Propagator(sources.values(), places)
    del sources
    proposed = ordered_map(
        lambda task: propose_file(task, propagator, out_dir, rules),
        found,
        options.workers,
        costs=[len(task.findings) for task in found],
    )
    for task, rows in zip(found, proposed, strict=True):
        if isinstance(rows, InputFileError):
            _fail(report, task.item, rows)
            continue
        report.log.rows.extend(rows)
        report.log.files.append(task.record)
        report.pages += task.record.pages


def scan(in_dir: Path, out_dir: Path, options: Options, inputs: Inputs | None = None) -> ScanReport:
    """Both passes over IN_DIR, the log and the review copies in OUT_DIR. `inputs`: from
    `reading.find_inputs`, called before the NLP libraries were imported so that reading starts
    first (the command line does); this function closes it."""
    try:
        if inputs is None:
            inputs = find_inputs(in_dir, out_dir, options)
        rules = inputs.rules
        previous = rescan.load_previous(out_dir)  # a reviewed log there: its decisions are kept
        detector = Detector(rules, options.model_name)
        collisions = case_collisions(inputs.items)
        report = ScanReport(log=RedactionLog(input_dir=str(in_dir.resolve())))
        _propose(inputs, _Scan(detector, rules, options, report, out_dir), collisions)
    finally:
        if inputs is not None:
            inputs.reading.close()
        for spool in out_dir.glob(SPOOL_GLOB):  # a file that failed in either pass leaves some
            spool.unlink(missing_ok=True)
    report.log.files.sort(key=lambda f: f.file)
    report.log.rows.sort(key=lambda r: (r.file, r.page, r.y0, r.x0, r.id))
    report.carried = rescan.merge(previous, report.log)
    for rel in sorted(report.carried.redraw):
        rows = [r for r in report.log.rows if r.file == rel and r.has_box]
        write_review_copy(in_dir / rel, marks_for(rows), out_dir / ANNOTATED_DIR / rel)
    write_log(out_dir, report.log)
    rescan.record(out_dir, report.log, report.carried, options.reviewer_name)
    report.proposed = len(report.log.rows)
    return report
