"""Stage 1: read every input, propose redactions, write the log and the review copies."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from redactor.columns import find_in_tables, merge
from redactor.consistency import Propagator, Source, collect
from redactor.detect.engine import Detector
from redactor.discover import InputFile, discover
from redactor.errors import InputFileError
from redactor.log import OCR, TEXT, FileRecord, LogRow, RedactionLog, stable_id, write_log
from redactor.models import Finding, Mark
from redactor.ocr.reader import PageReader
from redactor.options import Options
from redactor.pdf.annotate import write_review_copy
from redactor.pdf.document import sha256_of
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


def _detect_file(
    item: InputFile, detector: Detector, options: Options, tracker: Tracker, reader: PageReader
) -> tuple[FileRecord, list[list[Finding]]]:
    """Pass 1: what the detectors and the table context find on each page of one file."""
    _check_name(item)
    digest = sha256_of(item.path)
    pages = reader.pages(item.path, item.rel)
    tracker.file_started(item.rel, len(pages))
    findings: list[list[Finding]] = []
    for start in range(0, len(pages), options.batch_pages):
        batch = pages[start : start + options.batch_pages]
        for page, page_findings in zip(
            batch, detector.detect([p.text for p in batch]), strict=True
        ):
            findings.append(merge(page_findings, find_in_tables(page)))
        tracker.pages_done(len(batch))
    record = FileRecord(item.rel, digest, len(pages), "ok", ocr_pages=reader.ocr_pages(item.rel))
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
    for page, page_findings in zip(reader.pages(item.path, item.rel), findings, strict=True):
        rows.extend(rows_for_page(item.rel, page, propagator.page(page.text, page_findings), rules))
    write_review_copy(item.path, marks_for(rows), out_dir / ANNOTATED_DIR / item.rel)
    return rows


def scan(in_dir: Path, out_dir: Path, options: Options) -> ScanReport:
    rules = load_rules(options.rules_dir)
    detector = Detector(rules, options.model_name)
    items = discover(in_dir, exclude=out_dir)
    reader = PageReader(options.ocr_jobs)
    report = ScanReport(log=RedactionLog(input_dir=str(in_dir.resolve())))
    found: list[tuple[InputFile, FileRecord, list[list[Finding]]]] = []
    sources: dict[tuple[str, str], Source] = {}
    with track("scan", len(items), options.show_progress) as tracker:
        for item in items:
            try:
                record, findings = _detect_file(item, detector, options, tracker, reader)
            except InputFileError as exc:
                report.failures.append(Failure(item.rel, str(exc)))
                report.log.files.append(FileRecord(item.rel, "", 0, "failed", str(exc)))
            else:
                collect(sources, item.rel, findings)
                found.append((item, record, findings))
            tracker.file_done()
    propagator = Propagator(sources.values())
    for item, record, findings in found:
        report.log.rows.extend(_propose_file(item, findings, propagator, out_dir, rules, reader))
        report.log.files.append(record)
        report.pages += record.pages
    report.log.files.sort(key=lambda f: f.file)
    report.log.rows.sort(key=lambda r: (r.file, r.page, r.y0, r.x0, r.id))
    write_log(out_dir, report.log)
    return report
