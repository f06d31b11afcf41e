"""Exit codes and the errors that map to them. Every message says what to do next."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; documented in the README (keep both in step)."""

    OK = 0
    INTERNAL_ERROR = 1  # a bug: please report it with the output of -v
    BAD_ARGUMENTS = 2  # wrong command line, missing folder, bad rules or log file
    INPUT_FAILED = 3  # some input files could not be processed; the others were
    VERIFY_FAILED = 4  # a clean PDF still exposes redacted text; it was not released
    LOG_NOT_READY = 5  # the log has rows still 'proposed' or invalid rows: nothing burned
    INTERRUPTED = 130  # stopped by Ctrl-C; re-run to resume


class RedactorError(Exception):
    """Base class: an expected failure with advice for the user."""

    exit_code: ExitCode = ExitCode.INTERNAL_ERROR


class BadArgumentsError(RedactorError):
    exit_code = ExitCode.BAD_ARGUMENTS


class RulesError(BadArgumentsError):
    """A rules/*.yaml file is missing, malformed or inconsistent (message names file and field)."""


class ModelNotFoundError(BadArgumentsError):
    """The spaCy model named in the options is not installed."""


class LogError(RedactorError):
    """The redaction log cannot be read or has invalid rows."""

    exit_code = ExitCode.LOG_NOT_READY


class InputFileError(RedactorError):
    """One input file cannot be processed; the batch goes on without it."""

    exit_code = ExitCode.INPUT_FAILED

    def __init__(self, path: str, problem: str, advice: str) -> None:
        super().__init__(f"{path}: {problem}. {advice}")
        self.path = path
        self.problem = problem
        self.advice = advice

    def __reduce__(self) -> tuple[type[InputFileError], tuple[str, str, str]]:
        # rebuilt from its three parts when it comes back from a worker process
        return (type(self), (self.path, self.problem, self.advice))


class EncryptedPdfError(InputFileError):
    """Needs a password to open."""


class NotPdfError(InputFileError):
    """Not a PDF at all (wrong extension, no %PDF- header, empty file)."""


class DamagedPdfError(InputFileError):
    """MuPDF could not open it, or could not read it even after repairing it."""


class NoPagesError(InputFileError):
    """Opens, but has no pages (or only a dynamic XFA form, which has no page content)."""


class BurnError(InputFileError):
    """MuPDF failed while burning one file during `apply`; the batch goes on."""


# Kinds of warning: the file is processed, but a person must know something about it.
# Documented in the README (keep both in step).
WARNING_KINDS = {
    "owner-password": "opened without a password, but an owner password restricts it",
    "signed": "digitally signed; redacting invalidates the signature",
    "xfa": "contains an XFA form, which a viewer may show instead of the page content",
    "repaired": "damaged or truncated; MuPDF rebuilt it",
    "name-case": "its path differs only by letter case from another input's",
    "prior-redaction": "a box, picture, highlight or redaction mark was drawn over live text",
}


@dataclass(frozen=True)
class InputWarning:
    """Something a person must know about one input that is still processed."""

    kind: str  # a key of WARNING_KINDS
    path: str
    message: str  # what happened and what to do

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.kind}]"
