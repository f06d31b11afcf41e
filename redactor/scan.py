"""Stage 1: read every input, propose redactions, write the log and the review copies."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from redactor import rescan
from redactor.columns import find_in_tables, merge
from redactor.consistency import Propagator, Source, collect
from redactor.detect.engine import Detector
from redactor.detect.resolve import AllowList
from redactor.discover import InputFile, case_collisions, discover
from redactor.errors import DamagedPdfError, InputFileError, InputWarning
from redactor.fsutil import remove_stale_partials
from redactor.log import OCR, TEXT, FileRecord, LogRow, RedactionLog, stable_id, write_log
from redactor.models import Finding, Mark
from redactor.ocr.reader import PageReader
from redactor.options import Options
from redactor.pdf.annotate import write_review_copy
from redactor.pdf.document import mupdf_errors, open_pages, sha256_of
from redactor.pdf.text import PageText
from redactor.progress import Tracker, track
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
    carried: rescan.Rescan = field(default_factory=rescan.Rescan)  # review work kept


def rows_for_page(rel: str, page: PageText, findings: list[Finding], rules: Rules) -> list[LogRow]:
    rows: list[LogRow] = []
    for finding in findings:
        segments = page.segments(finding.start, finding.end)
        if not segments:
            continue
        # deny-list types are in this mapping too (load_rules refuses two exemptions for a type)
        exemption = finding.exemption or rules.exemption_for(finding.entity_type)
        ids = [
            stable_id(rel, page.number, box, text, finding.entity_type) for box, text in segments
        ]
        ocr_confidence = page.ocr_confidence(finding.start, finding.end)
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
                    source=TEXT if ocr_confidence is None else OCR,
                    ocr_confidence=ocr_confidence,
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


def _read_pages(item: InputFile, reader: PageReader) -> Iterator[PageText]:
    """Pass 2: the pages as pass 1 read them (OCR words remembered, not read again)."""
    with open_pages(item.path, item.rel) as pages:
        for text, _ in pages:
            yield reader.again(item.rel, text)


PageRead = tuple[PageText, list[Finding]]


def _batches(pages: Iterable[PageRead], size: int) -> Iterator[list[PageRead]]:
    iterator = iter(pages)
    while batch := list(islice(iterator, size)):
        yield batch


def _detect_file(
    item: InputFile,
    detector: Detector,
    options: Options,
    tracker: Tracker,
    rules: Rules,
    reader: PageReader,
) -> tuple[FileRecord, list[list[Finding]]]:
    """Pass 1: what the detectors, the table context and the check for failed redactions
    (PRIOR_REDACTION) find on each page of one file; pages are read a batch at a time."""
    _check_name(item)
    digest = sha256_of(item.path)
    warnings: list[InputWarning] = []
    findings: list[list[Finding]] = []
    allow = AllowList(rules.allow_terms, rules.allow_patterns)  # over the table context too
    with open_pages(item.path, item.rel, warnings, rules.exemptions.keys()) as pages:
        tracker.file_started(item.rel, pages.count)
        for batch in _batches(pages, options.batch_pages):
            layers = [text for text, _ in batch]
            with mupdf_errors(
                DamagedPdfError,
                item.rel,
                "a page cannot be surveyed or rendered for OCR",
                "The file is damaged: ask for a fresh copy or re-export it, then re-run.",
            ):
                texts = reader.read_batch(pages.doc, item.rel, layers)
            detected = detector.detect([text.text for text in texts])
            for text, layer, (_, prior), page_findings in zip(
                texts, layers, batch, detected, strict=True
            ):
                tables = allow.filter(text.text, find_in_tables(text))
                # a failed redaction is located in the text layer: kept while OCR only added
                # words after it (a layer replaced by OCR has other offsets)
                kept = prior if text.text.startswith(layer.text) else []
                findings.append(merge(page_findings, tables) + kept)
            tracker.pages_done(len(batch))
    ocr_pages = reader.ocr_pages(item.rel)
    record = FileRecord(item.rel, digest, len(findings), "ok", ocr_pages=ocr_pages)
    record = record.warned(*warnings)
    return record, findings


def _propose_file(
    item: InputFile,
    findings: list[list[Finding]],
    propagator: Propagator,
    out_dir: Path,
    rules: Rules,
    reader: PageReader,
) -> list[LogRow]:
    """Pass 2: every occurrence of anything found in the bundle, as log rows and a review copy."""
    rows: list[LogRow] = []
    # the allow-list is the last word, also over names that consistency spreads
    allow = AllowList(rules.allow_terms, rules.allow_patterns)
    for page, page_findings in zip(_read_pages(item, reader), findings, strict=True):
        proposed = allow.filter(page.text, propagator.page(page.text, page_findings))
        rows.extend(rows_for_page(item.rel, page, proposed, rules))
    # Text drawn twice in the same place (fake bold, duplicated content) gives the same id twice:
    # one box is the same redaction, and the log (and the review copy) must not repeat an id.
    rows = list({row.id: row for row in rows}.values())
    with mupdf_errors(
        DamagedPdfError,
        item.rel,
        "the review copy cannot be written",
        "The file is damaged: ask for a fresh copy or re-export it, then re-run.",
    ):
        write_review_copy(item.path, marks_for(rows), out_dir / ANNOTATED_DIR / item.rel)
    return rows


def _fail(report: ScanReport, item: InputFile, exc: InputFileError) -> None:
    report.failures.append(Failure(item.rel, str(exc)))
    report.log.files.append(FileRecord(item.rel, "", 0, "failed", str(exc)))


def scan(in_dir: Path, out_dir: Path, options: Options) -> ScanReport:
    rules = load_rules(options.rules_dir)
    previous = rescan.load_previous(out_dir)  # a reviewed log there: its decisions are kept
    detector = Detector(rules, options.model_name)
    remove_stale_partials(out_dir)  # left by a run that was killed mid-write
    items = discover(in_dir, exclude=out_dir)
    collisions = case_collisions(items)
    reader = PageReader(options.ocr_jobs)
    report = ScanReport(log=RedactionLog(input_dir=str(in_dir.resolve())))
    found: list[tuple[InputFile, FileRecord, list[list[Finding]]]] = []
    sources: dict[tuple[str, str], Source] = {}
    with track("scan", len(items), options.show_progress) as tracker:
        for item in items:
            try:
                record, findings = _detect_file(item, detector, options, tracker, rules, reader)
            except InputFileError as exc:
                _fail(report, item, exc)
            else:
                collect(sources, item.rel, findings)
                if item.rel in collisions:
                    record = record.warned(collisions[item.rel])
                found.append((item, record, findings))
            tracker.file_done()
    propagator = Propagator(sources.values())
    for item, record, findings in found:
        try:
            rows = _propose_file(item, findings, propagator, out_dir, rules, reader)
        except InputFileError as exc:
            _fail(report, item, exc)
            continue
        report.log.rows.extend(rows)
        report.log.files.append(record)
        report.pages += record.pages
    report.log.files.sort(key=lambda f: f.file)
    report.log.rows.sort(key=lambda r: (r.file, r.page, r.y0, r.x0, r.id))
    report.carried = rescan.merge(previous, report.log)
    for rel in sorted(report.carried.redraw):
        rows = [r for r in report.log.rows if r.file == rel and r.has_box]
        write_review_copy(in_dir / rel, marks_for(rows), out_dir / ANNOTATED_DIR / rel)
    write_log(out_dir, report.log)
    rescan.record(out_dir, report.log, report.carried, options.reviewer_name)
    return report
