"""The command line: parse options, call a pipeline function, map the outcome to an exit code."""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from redactor import __version__
from redactor.collector import collect_less_often, collector_paused
from redactor.errors import ExitCode, RedactorError
from redactor.log import CSV_NAME
from redactor.manifest import MANIFEST_NAME
from redactor.options import Options

# The commands import the detection side (spaCy, Presidio: seconds) only when they run, and
# `scan` and `run` start reading their inputs first (redactor/reading.py), so that reading
# overlaps the import and the model load.
if TYPE_CHECKING:
    from redactor.apply import ApplyReport
    from redactor.importer import ImportReport
    from redactor.pipeline import RunReport
    from redactor.scan import ScanReport

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help=(
        "Propose, log, review and burn redactions in PDF disclosures. "
        "Typical use: `redactor scan IN -o OUT`, review OUT/redaction-log.csv, "
        "then `redactor apply OUT`."
    ),
)

T = TypeVar("T")

InDir = Annotated[
    Path,
    typer.Argument(
        exists=True, file_okay=False, dir_okay=True, help="Folder of PDFs (searched recursively)."
    ),
]
OutDirOption = Annotated[
    Path, typer.Option("--out", "-o", help="Folder for the log and output PDFs.")
]
OutDirArg = Annotated[
    Path, typer.Argument(exists=True, file_okay=False, help="Output folder of an earlier `scan`.")
]
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules", help="Rules folder (exemptions, policy, allow and deny lists).", file_okay=False
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="spaCy model package name (default: from rules/policy.yaml)."),
]
OcrLayerOption = Annotated[
    bool,
    typer.Option(
        "--ocr-layer",
        help="Give pages read by OCR an invisible text layer, so the clean PDF can be searched "
        "(never with a redacted word).",
    ),
]
ReviewerOption = Annotated[
    str, typer.Option("--reviewer", help="Name recorded with each decision (default: login name).")
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes (default: every available core). Results do not depend on it.",
    ),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks for errors.")]


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _guard(verbose: bool, action: Callable[[], T]) -> T:
    """The one place where expected errors become messages and exit codes."""
    try:
        return action()
    except RedactorError as exc:
        _say(f"error: {exc}")
        if verbose:
            raise
        raise typer.Exit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        _say("interrupted: outputs already written are complete; re-run to finish the rest")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def _check_out_dir(in_dir: Path, out_dir: Path) -> None:
    if out_dir.resolve() == in_dir.resolve():
        _say(
            "error: the output folder must differ from the input folder (inputs are never modified)"
        )
        raise typer.Exit(int(ExitCode.BAD_ARGUMENTS))


def _report_scan(report: ScanReport, out_dir: Path) -> ExitCode:
    for failure in report.failures:
        _say(f"failed: {failure.message}")
    for record in report.log.files:
        for warning in record.warnings:
            _say(f"warning: {warning}")
    carried = report.carried
    for change in carried.assigned:
        _say(f"row {change.row}: row added by hand given id {change.row_id}")
    for row in carried.disappeared + carried.dropped:
        kept = "kept" if row in carried.disappeared else "proposal removed"
        where = f"{row.file} page {row.page} [log id {row.id}]"
        _say(f"no longer found: {where} ({row.decision}); {kept}")
    if carried.kept or carried.manual:
        typer.echo(
            f"kept the review of {carried.kept} row(s) and {carried.manual} row(s) added by hand; "
            f"{carried.new} new finding(s) proposed"
        )
    ok = sum(1 for f in report.log.files if f.status == "ok")
    typer.echo(
        f"scanned {ok} file(s), {report.pages} page(s): {report.proposed} proposed box(es); "
        f"log: {out_dir / CSV_NAME}"
    )
    return ExitCode.INPUT_FAILED if report.failures else ExitCode.OK


def _report_apply(report: ApplyReport, out_dir: Path) -> ExitCode:
    for change in report.changes:
        if "id" in change.fields:
            _say(f"row {change.row}: row added by hand given id {change.row_id}")
    for failure in report.failures:
        _say(f"failed: {failure.message}")
    for problem in report.problems:
        _say(f"NOT RELEASED: {problem}")
    typer.echo(
        f"burned {report.boxes} box(es) into {len(report.written)} clean file(s) in "
        f"{out_dir / 'redacted'}"
    )
    if report.skipped:
        typer.echo(
            f"skipped {len(report.skipped)} file(s) released earlier and unchanged since "
            f"(see {out_dir / MANIFEST_NAME})"
        )
    if report.problems:
        return ExitCode.VERIFY_FAILED
    return ExitCode.INPUT_FAILED if report.failures else ExitCode.OK


def _exit(code: ExitCode) -> None:
    if code != ExitCode.OK:
        raise typer.Exit(int(code))


@app.command("scan")
def scan_command(
    in_dir: InDir,
    out: OutDirOption,
    rules: RulesOption = None,
    model: ModelOption = None,
    jobs: JobsOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Propose redactions: write the log (CSV + JSON) and an annotated review copy of each PDF."""
    _check_out_dir(in_dir, out)
    options = Options(rules_dir=rules, model_name=model, jobs=jobs or 0)
    report = _guard(verbose, lambda: _scan(in_dir, out, options))
    _exit(_report_scan(report, out))


def _scan(in_dir: Path, out_dir: Path, options: Options) -> ScanReport:
    return cast("ScanReport", _read_ahead(in_dir, out_dir, options, "redactor.scan", "scan"))


def _read_ahead(in_dir: Path, out_dir: Path, options: Options, module: str, name: str) -> Any:
    """Start reading the inputs (redactor/reading.py), then import the command (and with it
    spaCy and Presidio) and run it on them; the reader is stopped if the import fails."""
    from redactor.reading import find_inputs

    inputs = find_inputs(in_dir, out_dir, options)
    try:
        with collector_paused():  # millions of objects made by the import, none of them garbage
            command = getattr(importlib.import_module(module), name)
    except BaseException:
        inputs.reading.close()
        raise
    return command(in_dir, out_dir, options, inputs)


@app.command("apply")
def apply_command(
    out_dir: OutDirArg,
    accept_proposed: Annotated[
        bool, typer.Option("--accept-proposed", help="Accept every row still 'proposed'.")
    ] = False,
    reviewer: ReviewerOption = "",
    ocr_layer: OcrLayerOption = False,
    rules: RulesOption = None,
    jobs: JobsOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Burn every accepted row of the (edited) log into OUT_DIR/redacted/, verifying each file."""
    options = Options(
        rules_dir=rules,
        reviewer=reviewer,
        accept_proposed=accept_proposed,
        jobs=jobs or 0,
        ocr_layer=ocr_layer,
    )
    report = _guard(verbose, lambda: _apply(out_dir, options))
    _exit(_report_apply(report, out_dir))


def _apply(out_dir: Path, options: Options) -> ApplyReport:
    from redactor.apply import apply

    return apply(out_dir, options)


@app.command("run")
def run_command(
    in_dir: InDir,
    out: OutDirOption,
    rules: RulesOption = None,
    model: ModelOption = None,
    reviewer: ReviewerOption = "",
    jobs: JobsOption = None,
    ocr_layer: OcrLayerOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Unattended batch: scan, accept every proposal, burn and verify."""
    _check_out_dir(in_dir, out)
    options = Options(
        rules_dir=rules, model_name=model, reviewer=reviewer, jobs=jobs or 0, ocr_layer=ocr_layer
    )
    report = _guard(verbose, lambda: _run(in_dir, out, options))
    codes = [_report_scan(report.scan, out), _report_apply(report.apply, out)]
    _exit(max(codes, key=_severity))


def _run(in_dir: Path, out_dir: Path, options: Options) -> RunReport:
    return cast("RunReport", _read_ahead(in_dir, out_dir, options, "redactor.pipeline", "run"))


@app.command("verify")
def verify_command(out_dir: OutDirArg, verbose: VerboseOption = False) -> None:
    """Re-open every clean PDF and check no accepted redaction's text can still be extracted."""
    from redactor.pipeline import verify

    report = _guard(verbose, lambda: verify(out_dir))
    for problem in report.problems:
        _say(f"FAILED: {problem}")
    typer.echo(
        f"verified {len(report.checked)} clean file(s): "
        f"{'OK' if not report.problems else f'{len(report.problems)} problem(s)'}"
    )
    _exit(ExitCode.VERIFY_FAILED if report.problems else ExitCode.OK)


def _severity(code: ExitCode) -> int:
    order = [ExitCode.OK, ExitCode.INPUT_FAILED, ExitCode.VERIFY_FAILED]
    return order.index(code) if code in order else len(order)


@app.command("import")
def import_command(
    path: Annotated[
        Path,
        typer.Argument(
            exists=True, help="A review PDF in OUT_DIR/annotated/ (edited in Acrobat), or a folder."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder of the scan (default: found from PATH)."),
    ] = None,
    exemption: Annotated[
        str, typer.Option("--exemption", help="Exemption for new marks without a known code.")
    ] = "s40(2)",
    reviewer: ReviewerOption = "",
    rules: RulesOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Read redaction marks from edited review PDFs back into the log (deleted: reject, moved:
    new box, new: accepted row); every change goes to the audit file."""
    from redactor.importer import import_reviews

    name = Options(reviewer=reviewer).reviewer_name
    report = _guard(verbose, lambda: import_reviews(path, out, name, exemption, rules))
    _report_import(report)


def _report_import(report: ImportReport) -> None:
    for warning in report.warnings:
        _say(f"warning: {warning}")
    for row_id in report.added:
        _say(f"new mark logged as accepted row {row_id}")
    typer.echo(
        f"imported {len(report.files)} review PDF(s): {report.rejected} rejected, "
        f"{report.moved} moved, {report.relabelled} exemption(s) changed, "
        f"{len(report.added)} added; log: {report.out_dir / CSV_NAME}"
    )


@app.command("version")
def version_command() -> None:
    """Print the version."""
    typer.echo(f"redactor {__version__}")


def main() -> None:
    """The console entry point: the command, then its exit code.

    Once a command has finished, the interpreter's own teardown (freeing the model, Presidio
    and every module one object at a time: about 0.6 s) is skipped with `os._exit`. By then
    every output is complete (each is written to a temporary name and renamed), the worker
    pools and the reader are stopped, and the streams are flushed here. An unexpected error
    (exit 1, with its traceback) still ends the usual way.
    """
    collect_less_often()
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = _status(exc.code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`): say no more
            stream.flush()
    os._exit(code)


def _status(code: object) -> int:
    """The process exit status for a `SystemExit` code, as the interpreter would give it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
