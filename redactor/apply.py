"""Stage 2: burn exactly what the reviewed log accepts, verify each clean file, release it."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from redactor.errors import LogError
from redactor.fsutil import atomic_output
from redactor.log import ACCEPT, PROPOSED, FileRecord, LogRow, RedactionLog, read_log, write_log
from redactor.options import Options
from redactor.parallel import ordered_map
from redactor.pdf.burn import burn
from redactor.pdf.document import sha256_of
from redactor.progress import track
from redactor.rules import Rules, load_rules
from redactor.scan import Failure, marks_for
from redactor.verify import VerifyProblem, verify_file

REDACTED_DIR = "redacted"
QUARANTINE_DIR = "failed-verification"


@dataclass
class ApplyReport:
    written: list[str] = field(default_factory=list)
    boxes: int = 0
    failures: list[Failure] = field(default_factory=list)
    problems: list[VerifyProblem] = field(default_factory=list)


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def check_rows(log: RedactionLog, rules: Rules) -> None:
    """Refuse the whole log before anything is burned if any row cannot be honoured."""
    pages = {f.file: f.pages for f in log.files if f.status == "ok"}
    problems: list[str] = []
    for number, row in enumerate(log.rows, start=2):
        exemption = rules.exemptions.get(row.exemption)
        if exemption is None:
            problems.append(f"row {number} (id {row.id}): unknown exemption {row.exemption!r}")
        elif exemption.kind == "ncnd":
            problems.append(
                f"row {number} (id {row.id}): {row.exemption} is neither-confirm-nor-deny, "
                "not an exemption for a box"
            )
        if row.file not in pages:
            problems.append(f"row {number} (id {row.id}): file {row.file!r} was not scanned")
        elif row.page > pages[row.file]:
            problems.append(
                f"row {number} (id {row.id}): page {row.page} is beyond the last page "
                f"({pages[row.file]})"
            )
    if problems:
        raise LogError("The log has problems; nothing was burned:\n  " + "\n  ".join(problems))


def accept_proposed(log: RedactionLog, reviewer: str) -> int:
    when = now()
    count = 0
    for index, row in enumerate(log.rows):
        if row.decision == PROPOSED:
            log.rows[index] = row.decided(ACCEPT, reviewer, when)
            count += 1
    return count


def _release(record: FileRecord, input_dir: Path, out_dir: Path, rows: list[LogRow]) -> None:
    source = input_dir / record.file
    dest = out_dir / REDACTED_DIR / record.file
    quarantine = out_dir / QUARANTINE_DIR / record.file
    dest.unlink(missing_ok=True)
    with atomic_output(dest) as tmp:
        burn(source, marks_for([r for r in rows if r.decision == ACCEPT]), tmp)
        problems = verify_file(tmp, record.file, rows)
        if problems:
            quarantine.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, quarantine)
            raise _Unsafe(problems)
    quarantine.unlink(missing_ok=True)


class _Unsafe(Exception):
    def __init__(self, problems: list[VerifyProblem]) -> None:
        super().__init__(f"{len(problems)} verification problem(s)")
        self.problems = problems


def apply(out_dir: Path, options: Options) -> ApplyReport:
    log = read_log(out_dir)
    rules = load_rules(options.rules_dir)
    check_rows(log, rules)
    if options.accept_proposed:
        accept_proposed(log, options.reviewer_name)
    pending = sum(1 for r in log.rows if r.decision == PROPOSED)
    if pending:
        raise LogError(
            f"{pending} row(s) in {out_dir / 'redaction-log.csv'} are still 'proposed'. "
            "Set each decision to accept or reject, or pass --accept-proposed to accept them all."
        )
    write_log(out_dir, log)  # records accepted rows; the JSON copy follows the reviewed CSV
    by_file: dict[str, list[LogRow]] = defaultdict(list)
    for row in log.rows:
        by_file[row.file].append(row)
    input_dir = Path(log.input_dir)
    report = ApplyReport()
    ok_files = [f for f in log.files if f.status == "ok"]
    tasks = [(record, by_file.pop(record.file, [])) for record in ok_files]
    del log, by_file  # the rows now travel with their file's task
    outcomes = ordered_map(
        lambda task: release_file(task[0], input_dir, out_dir, task[1]),
        tasks,
        options.workers,
        costs=[record.pages for record in ok_files],
    )
    with track("apply", len(ok_files), options.show_progress) as tracker:
        for outcome in outcomes:
            outcome.add_to(report)
            tracker.file_done()
    return report


@dataclass
class FileOutcome:
    """What happened to one file in apply; built in a worker, added to the report in order."""

    file: str
    boxes: int = 0
    failure: Failure | None = None
    problems: list[VerifyProblem] = field(default_factory=list)

    def add_to(self, report: ApplyReport) -> None:
        if self.failure is not None:
            report.failures.append(self.failure)
        elif self.problems:
            report.problems.extend(self.problems)
        else:
            report.written.append(self.file)
            report.boxes += self.boxes


def release_file(
    record: FileRecord, input_dir: Path, out_dir: Path, rows: list[LogRow]
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
        _release(record, input_dir, out_dir, rows)
    except _Unsafe as unsafe:
        return FileOutcome(record.file, problems=unsafe.problems)
    return FileOutcome(record.file, boxes=sum(1 for r in rows if r.decision == ACCEPT))
