"""Stage 2: burn exactly what the reviewed log accepts, verify each clean file, release it."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from redactor.audit import Change, now
from redactor.collector import collector_paused
from redactor.errors import BurnError, InputFileError, LogError
from redactor.fsutil import remove_stale_partials
from redactor.log import ACCEPT, COLUMNS, PROPOSED, FileRecord, LogRow, RedactionLog
from redactor.manifest import Manifest, rows_digest
from redactor.ocr.layer import layer_words
from redactor.options import Options
from redactor.parallel import ordered_map
from redactor.pdf.burn import burn
from redactor.pdf.document import PDF_LIBRARY_ERRORS, mupdf_errors, sha256_of
from redactor.progress import track
from redactor.review import (
    EVERY_FILE,
    Reviewed,
    commit,
    record_decisions,
    rows_by_file,
    validate,
)
from redactor.rules import Rules, load_rules
from redactor.scan import Failure, marks_for
from redactor.schedule import write_schedule
from redactor.verify import VerifyProblem, verify_file

REDACTED_DIR = "redacted"
QUARANTINE_DIR = "failed-verification"
STAGED_GLOB = ".staged-*.pdf.partial"


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


@dataclass(frozen=True)
class Plan:
    """The files to burn and each one's rows: the reviewed log's, or (for `run`) the scan's as
    it wrote them, every proposed row accepted, known before the log is read back."""

    input_dir: Path
    files: dict[str, FileRecord]  # the files scanned ok, by name
    rows: Mapping[str, list[LogRow]]  # what to burn and check in each

    @classmethod
    def of(cls, reviewed: Reviewed) -> Plan:
        log = reviewed.log
        files = {record.file: record for record in log.files if record.status == "ok"}
        return cls(Path(log.input_dir), files, rows_by_file(reviewed, list(files)))

    @classmethod
    def accepting(cls, log: RedactionLog) -> Plan | None:
        """What `apply --accept-proposed` will find in `log` once it is written and read back;
        None when that depends on the check of the log (a row without a box: the check finds
        its text's occurrences)."""
        if any(not row.has_box or row.file == EVERY_FILE for row in log.rows):
            return None
        files = {record.file: record for record in log.files if record.status == "ok"}
        by_file: dict[str, list[LogRow]] = {rel: [] for rel in files}
        for row in log.rows:
            if row.file in by_file:
                by_file[row.file].append(row)
        return cls(Path(log.input_dir), files, _Packed(by_file, accept=True))

    def same_file(self, other: Plan, rel: str) -> bool:
        """The same input and the same rows (who decided them, and when, aside): a file burned
        and checked from one plan is what the other would burn and check."""
        if rel not in self.files or rel not in other.files or self.input_dir != other.input_dir:
            return False
        mine, theirs = self.files[rel], other.files[rel]
        if (mine.sha256, mine.ocr_pages) != (theirs.sha256, theirs.ocr_pages):
            return False
        return sorted(map(_burn_key, self.rows[rel])) == sorted(map(_burn_key, other.rows[rel]))


class _Packed(Mapping[str, list[LogRow]]):
    """Each file's rows, pickled until asked for. The rows of `run`'s plan are held from the end
    of the scan until the last file is burned, beside the log read back, and the workers inherit
    them: as objects (about 1 KB a row) the pages holding them are copied into each process that
    touches them, as bytes (a quarter of the size) they stay shared."""

    def __init__(self, rows: dict[str, list[LogRow]], accept: bool) -> None:
        def accepted(row: LogRow) -> LogRow:
            return replace(row, decision=ACCEPT) if accept and row.decision == PROPOSED else row

        self._packed = {
            rel: pickle.dumps(list(map(accepted, got)), protocol=pickle.HIGHEST_PROTOCOL)
            for rel, got in rows.items()
        }

    def __getitem__(self, rel: str) -> list[LogRow]:
        rows: list[LogRow] = pickle.loads(self._packed[rel])
        return rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


_NOT_COMPARED = {"reviewer", "decided_at"}
_COMPARED = [name for name in COLUMNS if name not in _NOT_COMPARED]


def _burn_key(row: LogRow) -> tuple[str, ...]:
    return tuple(repr(getattr(row, name)) for name in _COMPARED)


def _staging_path(out_dir: Path, rel: str) -> Path:
    """Where a clean copy waits for its release: hidden in the output folder (never inside
    `redacted/`), named like the other temporary files so a killed run's are removed."""
    key = hashlib.sha256(rel.encode("utf-8")).hexdigest()[:16]
    return out_dir / f".staged-{key}.pdf.partial"


def _burn_and_check(
    record: FileRecord, input_dir: Path, staged: Path, rows: list[LogRow], ocr_layer: bool
) -> list[VerifyProblem]:
    source = input_dir / record.file
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
            staged,
            layer,
        )
    return _check(staged, record.file, rows)


def _check(clean: Path, rel: str, rows: list[LogRow]) -> list[VerifyProblem]:
    """The release check; a clean copy that cannot even be re-read is not released either."""
    try:
        return verify_file(clean, rel, rows)
    except PDF_LIBRARY_ERRORS as exc:
        return [VerifyProblem(rel, 0, "", f"the clean copy cannot be re-read to check it ({exc})")]


def _decide(out_dir: Path, rules: Rules, options: Options) -> Reviewed:
    """Read the reviewed log back and check it, accept the proposals if asked to, and record
    the decisions in the log; refuses the whole log before anything is released."""
    reviewed = validate(out_dir, rules)
    when = now()
    if options.accept_proposed:
        accept_proposed(reviewed, options.reviewer_name, when)
    pending = sum(1 for r in reviewed.log.rows if r.decision == PROPOSED)
    if pending:
        raise LogError(
            f"{pending} row(s) in {out_dir / 'redaction-log.csv'} are still 'proposed'. "
            "Set each decision to accept or reject, or pass --accept-proposed to accept them all."
        )
    record_decisions(reviewed, options.reviewer_name, when)
    commit(out_dir, reviewed, "apply", options.reviewer_name, when)
    return reviewed


def _to_burn(
    plan: Plan, manifest: Manifest, out_dir: Path, ocr_layer: bool
) -> tuple[list[str], list[str]]:
    """The files of `plan` released earlier with nothing changed since, and the others."""
    skipped: list[str] = []
    burned: list[str] = []
    for rel, record in plan.files.items():
        dest = out_dir / REDACTED_DIR / rel
        unchanged = manifest.unchanged(rel, record.sha256, plan.rows[rel], dest, ocr_layer)
        (skipped if unchanged else burned).append(rel)
    return skipped, burned


def _forget(rels: list[str], manifest: Manifest, out_dir: Path) -> None:
    """Files about to be burned again: no earlier clean copy is left behind if this one fails."""
    for rel in rels:
        manifest.forget(rel)
        (out_dir / REDACTED_DIR / rel).unlink(missing_ok=True)


def apply(out_dir: Path, options: Options, expected: Plan | None = None) -> ApplyReport:
    """Burn, check and release every file the reviewed log accepts redactions in.

    `expected` (from `run`): what the log will hold once it is read back. The files are then
    burned and checked from it while this process reads the log back, checks it and records
    the decisions; each waits outside `redacted/` and is released only once the log has passed
    its check and gives that file the same rows (`Plan.same_file`). A file the log gives other
    rows is burned again from the log."""
    rules = load_rules(options.rules_dir)
    remove_stale_partials(out_dir)  # left by a run that was killed mid-write
    manifest = Manifest.load(out_dir)
    ocr_layer = options.ocr_layer
    decided: list[Reviewed] = []

    def decide() -> None:
        decided.append(_decide(out_dir, rules, options))

    if expected is None:
        decide()
    plan = expected or Plan.of(decided[0])
    skipped, burned = _to_burn(plan, manifest, out_dir, ocr_layer)
    _forget(burned, manifest, out_dir)
    outcomes = ordered_map(
        lambda rel: stage_file(plan.files[rel], plan.input_dir, out_dir, plan.rows[rel], ocr_layer),
        burned,
        options.workers,
        costs=[plan.files[rel].pages for rel in burned],
        first=None if decided else decide,
    )
    report = ApplyReport()
    finished: set[str] = set()
    logged: Plan | None = None if expected else plan
    try:
        with track("apply", len(burned), options.show_progress) as tracker:
            for rel, outcome in zip(burned, outcomes, strict=True):
                logged = logged or Plan.of(decided[0])  # checked by now: `first` ran first
                if logged is plan or logged.same_file(plan, rel):
                    _finish(outcome, out_dir, manifest, report)
                    finished.add(rel)
                tracker.file_done()
    finally:
        outcomes.close()  # waits for the workers, so none is still writing a staged copy
        for leftover in out_dir.glob(STAGED_GLOB):
            leftover.unlink(missing_ok=True)
    if not decided:  # nothing was burned, so `first` never ran
        decide()
    logged = logged or Plan.of(decided[0])
    if logged is not plan:  # what the log says, for every file not released from the plan
        rest = {rel: record for rel, record in logged.files.items() if rel not in finished}
        skipped, again = _to_burn(replace(logged, files=rest), manifest, out_dir, ocr_layer)
        _forget(again, manifest, out_dir)
        for rel in again:
            record, rows = logged.files[rel], logged.rows[rel]
            outcome = stage_file(record, logged.input_dir, out_dir, rows, ocr_layer)
            _finish(outcome, out_dir, manifest, report)
    report.skipped = skipped
    report.changes = decided[0].changes
    released = sorted(report.written + report.skipped)  # skipped: released by an earlier run
    write_schedule(out_dir, {rel: logged.rows[rel] for rel in released}, rules)
    return report


def _finish(outcome: FileOutcome, out_dir: Path, manifest: Manifest, report: ApplyReport) -> None:
    """Release a staged clean copy that passed its check, or quarantine one that did not."""
    rel = outcome.file
    dest = out_dir / REDACTED_DIR / rel
    quarantine = out_dir / QUARANTINE_DIR / rel
    if outcome.staged is not None and outcome.problems:
        quarantine.parent.mkdir(parents=True, exist_ok=True)
        os.replace(outcome.staged, quarantine)
    elif outcome.staged is not None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(outcome.staged, dest)
        quarantine.unlink(missing_ok=True)
    if outcome.add_to(report):
        manifest.released(rel, outcome.entry)


@dataclass
class FileOutcome:
    """What happened to one file in apply; built in a worker, added to the report in order."""

    file: str
    boxes: int = 0
    failure: Failure | None = None
    problems: list[VerifyProblem] = field(default_factory=list)
    staged: Path | None = None  # the clean copy, burned and checked, waiting to be released
    entry: dict[str, str] = field(default_factory=dict)  # for the release manifest

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


def stage_file(
    record: FileRecord, input_dir: Path, out_dir: Path, rows: list[LogRow], ocr_layer: bool
) -> FileOutcome:
    """Burn and check one file into its staging copy (or say why not); `_finish` releases it.
    Runs in any process."""
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
    staged = _staging_path(out_dir, record.file)
    try:
        problems = _burn_and_check(record, input_dir, staged, rows, ocr_layer)
    except InputFileError as exc:
        staged.unlink(missing_ok=True)
        return FileOutcome(record.file, failure=Failure(record.file, str(exc)))
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    boxes = sum(1 for r in rows if r.decision == ACCEPT and r.has_box)
    # worked out here, on every job, not by the process releasing the files one by one
    entry = Manifest.entry(record.sha256, rows_digest(rows), sha256_of(staged), ocr_layer)
    return FileOutcome(record.file, boxes=boxes, problems=problems, staged=staged, entry=entry)
