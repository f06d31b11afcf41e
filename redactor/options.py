"""One typed options model, built by the CLI and by the Python API alike."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from redactor.parallel import available_cores


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "unknown"


@dataclass(frozen=True)
class Options:
    rules_dir: Path | None = None  # None: the rules/ folder shipped with redactor
    model_name: str | None = None  # None: the model named in rules/policy.yaml
    reviewer: str = ""  # who takes decisions; "" means the login name
    accept_proposed: bool = False  # apply: treat rows still 'proposed' as accepted
    show_progress: bool = True  # a progress bar on stderr, only when stderr is a terminal
    batch_pages: int = 32  # pages handed to the NLP model at once (and to a worker)
    jobs: int = 0  # worker processes; 1: none (all in this process); 0: every available core
    ocr_jobs: int = 0  # Tesseract processes at once per job; 0: the cores shared among the jobs
    ocr_layer: bool = False  # apply: an invisible OCR text layer on the clean copy's OCR pages

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else available_cores()

    @property
    def ocr_workers(self) -> int:
        return self.ocr_jobs if self.ocr_jobs > 0 else max(1, available_cores() // self.workers)

    @property
    def reviewer_name(self) -> str:
        return self.reviewer or default_reviewer()
