"""The serial log work between scan and apply, stage by stage, in wall seconds.

Copies a scanned output folder's log (redaction-log.csv and .json) to WORK_DIR and runs, in this
process and in the order `redactor run` does: the scan's `write_log`, `validate`,
`accept_proposed`, `record_decisions`, `commit`, `rows_by_file` and `write_schedule` (every file
released). Prints one JSON object a round. Run it from outside a checkout with the python of the
venv whose redactor is to be measured, and alternate two venvs to compare two versions:

    redactor scan IN_DIR -o SCANNED --jobs 2
    python bench/serial_log.py SCANNED WORK_DIR [ROUNDS]
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redactor
from redactor import apply, log, log_read, review
from redactor.rules import load_rules
from redactor.schedule import write_schedule

WHO = "unattended run by bench"
WHEN = "2026-01-01T00:00:00+00:00"


def one_round(scanned: Path, work: Path) -> dict[str, float]:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in (log.CSV_NAME, log.JSON_NAME):
        shutil.copy(scanned / name, work / name)
    rules = load_rules(None)
    scan_log = log_read.read_log(work)
    seconds: dict[str, float] = {}

    def timed(name: str, stage: Callable[..., Any], *args: Any) -> Any:
        start = time.perf_counter()
        result = stage(*args)
        seconds[name] = round(time.perf_counter() - start, 3)
        return result

    timed("write_log", log.write_log, work, scan_log)
    del scan_log
    reviewed = timed("validate", review.validate, work, rules)
    timed("accept_proposed", apply.accept_proposed, reviewed, WHO, WHEN)
    timed("record_decisions", review.record_decisions, reviewed, WHO, WHEN)
    timed("commit", review.commit, work, reviewed, "apply", WHO, WHEN)
    files = [f.file for f in reviewed.log.files if f.status == "ok"]
    grouped = timed("rows_by_file", review.rows_by_file, reviewed, files)
    timed("write_schedule", write_schedule, work, grouped, rules)
    seconds["total"] = round(sum(seconds.values()), 3)
    return seconds


def main() -> None:
    scanned, work = Path(sys.argv[1]), Path(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    for _ in range(rounds):
        print(json.dumps({"redactor": redactor.__file__, **one_round(scanned, work)}), flush=True)


if __name__ == "__main__":
    main()
