"""Orchestration only: the stages in order, for each command."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from redactor.apply import REDACTED_DIR, ApplyReport, Plan, apply
from redactor.log import ACCEPT, LogRow
from redactor.log_read import read_log
from redactor.options import Options
from redactor.reading import Inputs
from redactor.scan import ScanReport, scan
from redactor.verify import VerifyProblem, verify_file


@dataclass
class RunReport:
    scan: ScanReport
    apply: ApplyReport


@dataclass
class VerifyReport:
    checked: list[str] = field(default_factory=list)
    problems: list[VerifyProblem] = field(default_factory=list)


def run(in_dir: Path, out_dir: Path, options: Options, inputs: Inputs | None = None) -> RunReport:
    """The unattended batch: scan, accept every proposal, burn, verify. `inputs`: see `scan`."""
    scanned = scan(in_dir, out_dir, options, inputs)
    # what apply will read back once the log is checked: it burns from this meanwhile
    expected = Plan.accepting(scanned.log)
    scanned.log.rows = []  # on disk now, and a bundle's rows are many
    reviewer = options.reviewer or f"unattended run by {options.reviewer_name}"
    applied = apply(out_dir, replace(options, accept_proposed=True, reviewer=reviewer), expected)
    return RunReport(scan=scanned, apply=applied)


def verify(out_dir: Path) -> VerifyReport:
    """Check every clean PDF in OUT_DIR/redacted against the log."""
    log = read_log(out_dir)
    by_file: dict[str, list[LogRow]] = defaultdict(list)
    for row in log.rows:
        by_file[row.file].append(row)
    report = VerifyReport()
    for record in log.files:
        if record.status != "ok":
            continue
        clean = out_dir / REDACTED_DIR / record.file
        rows = by_file.get(record.file, []) + by_file.get("*", [])  # "*": a text row, every file
        if not clean.is_file():
            if any(r.decision == ACCEPT for r in rows):
                report.problems.append(
                    VerifyProblem(record.file, 0, "", "no clean copy: run `redactor apply` first")
                )
            continue
        report.checked.append(record.file)
        report.problems.extend(verify_file(clean, record.file, rows))
    return report
