"""Stage 1: read every input, propose redactions, write the log and the review copies."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from redactor.columns import find_in_tables, merge
from redactor.consistency import Propagator, Source, collect
from redactor.detect.engine import Detector
from redactor.discover import InputFile, discover
from redactor.errors import InputFileError
from redactor.log import FileRecord, LogRow, RedactionLog, stable_id, write_log
from redactor.models import Finding, Mark
from redactor.options import Options
from redactor.parallel import ordered_map
from redactor.pdf.annotate import write_review_copy
from redactor.pdf.document import open_input, sha256_of
from redactor.pdf.text import PageText, read_page_text
from redactor.progress import track
from redactor.rules import Rules, load_rules

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


def rows_for_page(rel: str, page: PageText, findings: list[Finding], rules: Rules) -> list[LogRow]:
    rows: list[LogRow] = []
    for finding in findings:
        segments = page.segments(finding.start, finding.end)
        if not segments:
            continue
        # deny-list types are in this mapping too (load_rules refuses two exemptions for a type)
        exemption = rules.exemption_for(finding.entity_type)
        ids = [
            stable_id(rel, page.number, box, text, finding.entity_type) for box, text in segments
        ]
        for (box, text), row_id in zip(segments, ids, strict=True):
            b = box.rounded(2)
            rows.append(
                LogRow(
                    id=row_id,
                    file=rel,
                    page=page.number,
                    x0=b.x0,
                    y0=b.y0,
                    x1=b.x1,
                    y1=b.y1,
                    text=text,
                    entity_type=finding.entity_type,
                    exemption=exemption,
                    score=round(finding.score, 3),
                    recogniser=finding.recogniser,
                    reason=finding.explanation,
                    finding=ids[0],
                )
            )
    return rows


def marks_for(rows: list[LogRow]) -> list[Mark]:
    return [Mark(r.page, r.box, r.exemption, r.entity_type, r.id) for r in rows]


def _check_name(item: InputFile) -> None:
    if not item.is_pdf_name:
        raise InputFileError(
            item.rel,
            "is not a PDF",
            "Convert it to PDF (or move it out of the folder), then re-run.",
        )


def _read_pages(item: InputFile, first: int = 0, last: int | None = None) -> list[PageText]:
    """Pages first..last-1 (0-based; all of them by default) of one input file."""
    with open_input(item.path, item.rel) as doc:
        stop = doc.page_count if last is None else min(last, doc.page_count)
        return [read_page_text(doc[number]) for number in range(first, stop)]


def _open_file(item: InputFile) -> FileRecord:
    """Check that one input can be read, and record its digest and page count."""
    _check_name(item)
    digest = sha256_of(item.path)
    with open_input(item.path, item.rel) as doc:
        pages = int(doc.page_count)
    return FileRecord(item.rel, digest, pages, "ok")


@dataclass(frozen=True)
class Chunk:
    """Pass 1's unit of work: a run of pages of one file, small enough to pass between processes."""

    item: InputFile
    first: int  # 0-based, inclusive
    last: int  # exclusive


def chunks_of(item: InputFile, pages: int, size: int) -> list[Chunk]:
    return [Chunk(item, start, min(start + size, pages)) for start in range(0, pages, size)]


def detect_chunk(chunk: Chunk, detector: Detector) -> list[list[Finding]] | InputFileError:
    """Pass 1: what the detectors and the table context find on each page of a chunk."""
    try:
        pages = _read_pages(chunk.item, chunk.first, chunk.last)
    except InputFileError as exc:
        return exc
    found = detector.detect([p.text for p in pages])
    return [merge(f, find_in_tables(p)) for p, f in zip(pages, found, strict=True)]


def propose_file(
    item: InputFile,
    findings: list[list[Finding]],
    propagator: Propagator,
    out_dir: Path,
    rules: Rules,
) -> list[LogRow]:
    """Pass 2: every occurrence of anything found in the bundle, as log rows and a review copy."""
    rows: list[LogRow] = []
    for page, page_findings in zip(_read_pages(item), findings, strict=True):
        rows.extend(rows_for_page(item.rel, page, propagator.page(page.text, page_findings), rules))
    write_review_copy(item.path, marks_for(rows), out_dir / ANNOTATED_DIR / item.rel)
    return rows


def _fail(report: ScanReport, item: InputFile, exc: InputFileError) -> None:
    report.failures.append(Failure(item.rel, str(exc)))
    report.log.files.append(FileRecord(item.rel, "", 0, "failed", str(exc)))


def _detect_files(
    items: list[InputFile], detector: Detector, options: Options, report: ScanReport
) -> Iterator[tuple[InputFile, FileRecord, list[list[Finding]]]]:
    """Pass 1 over every file, chunks of pages spread over the jobs; files come out in order."""
    opened: dict[str, FileRecord | InputFileError] = {}
    chunks: list[Chunk] = []
    for item in items:
        try:
            record = _open_file(item)
        except InputFileError as exc:
            opened[item.rel] = exc
        else:
            opened[item.rel] = record
            chunks.extend(chunks_of(item, record.pages, options.batch_pages))
    results = ordered_map(
        lambda chunk: detect_chunk(chunk, detector),
        chunks,
        options.workers,
        costs=[chunk.last - chunk.first for chunk in chunks],
    )
    with closing(results), track("scan", len(items), options.show_progress) as tracker:
        for item in items:
            outcome = opened[item.rel]
            if isinstance(outcome, InputFileError):
                _fail(report, item, outcome)
                tracker.file_done()
                continue
            tracker.file_started(item.rel, outcome.pages)
            findings: list[list[Finding]] = []
            failure: InputFileError | None = None
            for _ in range(len(chunks_of(item, outcome.pages, options.batch_pages))):
                result = next(results)
                if isinstance(result, InputFileError):
                    failure = failure or result
                else:
                    findings.extend(result)
                    tracker.pages_done(len(result))
            tracker.file_done()
            if failure is not None:
                _fail(report, item, failure)
            else:
                yield item, outcome, findings


def scan(in_dir: Path, out_dir: Path, options: Options) -> ScanReport:
    rules = load_rules(options.rules_dir)
    detector = Detector(rules, options.model_name)
    items = discover(in_dir, exclude=out_dir)
    report = ScanReport(log=RedactionLog(input_dir=str(in_dir.resolve())))
    found: list[tuple[InputFile, list[list[Finding]]]] = []
    sources: dict[tuple[str, str], Source] = {}
    for item, record, findings in _detect_files(items, detector, options, report):
        collect(sources, item.rel, findings)
        found.append((item, findings))
        report.log.files.append(record)
        report.pages += record.pages
    propagator = Propagator(sources.values())
    del sources
    proposed = ordered_map(
        lambda task: propose_file(task[0], task[1], propagator, out_dir, rules),
        found,
        options.workers,
        costs=[len(findings) for _, findings in found],
    )
    for rows in proposed:
        report.log.rows.extend(rows)
    report.log.files.sort(key=lambda f: f.file)
    report.log.rows.sort(key=lambda r: (r.file, r.page, r.y0, r.x0, r.id))
    write_log(out_dir, report.log)
    return report
