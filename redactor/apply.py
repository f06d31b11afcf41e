"""Stage 2: burn exactly what the reviewed log accepts, verify each clean file, release it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from redactor.audit import Change, now
from redactor.collector import collector_paused
from redactor.errors import BurnError, InputFileError, LogError
from redactor.fsutil import atomic_output, remove_stale_partials
from redactor.log import ACCEPT, PROPOSED, FileRecord, LogRow
from redactor.manifest import Manifest
from redactor.ocr.layer import layer_words
from redactor.options import Options
from redactor.parallel import ordered_map
from redactor.pdf.burn import burn
from redactor.pdf.document import PDF_LIBRARY_ERRORS, mupdf_errors, sha256_of
from redactor.progress import track
from redactor.review import Reviewed, commit, record_decisions, rows_by_file, validate
from redactor.rules import load_rules
from redactor.scan import Failure, marks_for
from redactor.schedule import write_schedule
from redactor.verify import VerifyProblem, verify_file

REDACTED_DIR = "redacted"
QUARANTINE_DIR = "failed-verification"


@dataclass
class ApplyReport:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # released earlier, nothing changed since
    boxes: int = 0
    failures: list[Failure] = field(default_factory=list)
    problems: list[VerifyProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)  # what apply recorded in the log


@collector_paused()  # a bundle's log: many rows, none freed by the collector
def accept_proposed(reviewed: Reviewed, reviewer: str, when: str) -> int:
    count = 0
    rows = reviewed.log.rows
    for index, row in enumerate(rows):
        if row.decision == PROPOSED:
            rows[index] = row.decided(ACCEPT, reviewer, when)
            reviewed.changes.append(
                Change(
                    row.id,
                    "accepted by --accept-proposed",
                    {"decision": (PROPOSED, ACCEPT), "reviewer": (row.reviewer, reviewer)},
                    reviewed.numbers.get(row.id, 0),
                )
            )
            count += 1
    return count


def _release(
    record: FileRecord, input_dir: Path, out_dir: Path, rows: list[LogRow], ocr_layer: bool
) -> None:
    source = input_dir / record.file
    dest = out_dir / REDACTED_DIR / record.file
    quarantine = out_dir / QUARANTINE_DIR / record.file
    dest.unlink(missing_ok=True)
    with atomic_output(dest) as tmp:
        with mupdf_errors(
            BurnError,
            record.file,
            "cannot be burned: MuPDF failed while redacting it",
            "Nothing was released for it. Re-export the PDF from its source (or print it to a "
            "new PDF), scan and review it again; re-run with -v and report it if it persists.",
        ):
            layer = layer_words(source, record.file, record.ocr_pages, rows) if ocr_layer else {}
            burn(
                source,
                marks_for([r for r in rows if r.decision == ACCEPT and r.has_box]),
                tmp,
                layer,
            )
        problems = _check(tmp, record.file, rows)
        if problems:
            quarantine.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, quarantine)
            raise _Unsafe(problems)
    quarantine.unlink(missing_ok=True)


def _check(clean: Path, rel: str, rows: list[LogRow]) -> list[VerifyProblem]:
    """The release check; a clean copy that cannot even be re-read is not released either."""
    try:
        return verify_file(clean, rel, rows)
    except PDF_LIBRARY_ERRORS as exc:
        return [VerifyProblem(rel, 0, "", f"the clean copy cannot be re-read to check it ({exc})")]


class _Unsafe(Exception):
    def __init__(self, problems: list[VerifyProblem]) -> None:
        super().__init__(f"{len(problems)} verification problem(s)")
        self.problems = problems


def apply(out_dir: Path, options: Options) -> ApplyReport:
    rules = load_rules(options.rules_dir)
    reviewed = validate(out_dir, rules)  # refuses the whole log before anything is burned
    log, when = reviewed.log, now()
    if options.accept_proposed:
        accept_proposed(reviewed, options.reviewer_name, when)
    pending = sum(1 for r in log.rows if r.decision == PROPOSED)
    if pending:
        raise LogError(
            f"{pending} row(s) in {out_dir / 'redaction-log.csv'} are still 'proposed'. "
            "Set each decision to accept or reject, or pass --accept-proposed to accept them all."
        )
    record_decisions(reviewed, options.reviewer_name, when)
    commit(out_dir, reviewed, "apply", options.reviewer_name, when)
    input_dir = Path(log.input_dir)
    report = ApplyReport(changes=reviewed.changes)
    remove_stale_partials(out_dir)  # left by a run that was killed mid-write
    manifest = Manifest.load(out_dir)
    ok_files = [f for f in log.files if f.status == "ok"]
    tasks: list[tuple[FileRecord, list[LogRow]]] = []
    burned: dict[str, list[LogRow]] = {}
    grouped = rows_by_file(reviewed, [record.file for record in ok_files])
    for record in ok_files:
        burned[record.file] = rows = grouped[record.file]
        dest = out_dir / REDACTED_DIR / record.file
        if manifest.unchanged(record.file, record.sha256, rows, dest, options.ocr_layer):
            report.skipped.append(record.file)
            continue
        manifest.forget(record.file)
        tasks.append((record, rows))
    outcomes = ordered_map(
        lambda task: release_file(task[0], input_dir, out_dir, task[1], options.ocr_layer),
        tasks,
        options.workers,
        costs=[record.pages for record, _ in tasks],
    )
    with track("apply", len(tasks), options.show_progress) as tracker:
        for (record, rows), outcome in zip(tasks, outcomes, strict=True):
            if outcome.add_to(report):
                dest = out_dir / REDACTED_DIR / record.file
                manifest.released(record.file, record.sha256, rows, dest, options.ocr_layer)
            tracker.file_done()
    released = sorted(report.written + report.skipped)  # skipped: released by an earlier run
    write_schedule(out_dir, {rel: burned[rel] for rel in released}, rules)
    return report


@dataclass
class FileOutcome:
    """What happened to one file in apply; built in a worker, added to the report in order."""

    file: str
    boxes: int = 0
    failure: Failure | None = None
    problems: list[VerifyProblem] = field(default_factory=list)

    def add_to(self, report: ApplyReport) -> bool:
        """Record the outcome; True when the file was released."""
        if self.failure is not None:
            report.failures.append(self.failure)
        elif self.problems:
            report.problems.extend(self.problems)
        else:
            report.written.append(self.file)
            report.boxes += self.boxes
            return True
        return False


def release_file(
    record: FileRecord, input_dir: Path, out_dir: Path, rows: list[LogRow], ocr_layer: bool
) -> FileOutcome:
    """Burn, verify and release one file (or say why not)."""
    source = input_dir / record.file
    if not source.is_file():
        return FileOutcome(
            record.file,
            failure=Failure(
                record.file, f"{source}: the input file is gone. Restore it or re-run scan."
            ),
        )
    if sha256_of(source) != record.sha256:
        return FileOutcome(
            record.file,
            failure=Failure(
                record.file,
                f"{record.file}: changed since it was scanned. Re-run `redactor scan` so the "
                "log matches the file.",
            ),
        )
    try:
        _release(record, input_dir, out_dir, rows, ocr_layer)
    except _Unsafe as unsafe:
        return FileOutcome(record.file, problems=unsafe.problems)
    except InputFileError as exc:
        return FileOutcome(record.file, failure=Failure(record.file, str(exc)))
    return FileOutcome(
        record.file, boxes=sum(1 for r in rows if r.decision == ACCEPT and r.has_box)
    )
