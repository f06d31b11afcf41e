"""Where the CPU time of `redactor run` goes, stage by stage (used by bench.py).

Runs the pipeline in this process with one job and wraps the functions that make up each stage
with CPU-time counters. Time is exclusive: while `verify` reads a page, the clock runs for
"parse (verify)" only. Whatever no stage claims (hashing, consistency, the log, the pool) is
"other". Prints one JSON object: seconds of CPU per stage.

    python bench/stages.py IN_DIR OUT_DIR
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

START = time.process_time()

import redactor.apply  # noqa: E402  (imports are part of the start-up being measured)
import redactor.ocr.reader  # noqa: E402
import redactor.pdf.document  # noqa: E402
import redactor.pdf.inspect  # noqa: E402
import redactor.scan  # noqa: E402
from redactor.detect.engine import Detector  # noqa: E402
from redactor.options import Options  # noqa: E402
from redactor.pipeline import run  # noqa: E402

IMPORTED = time.process_time()


class Clock:
    """Exclusive CPU time per stage: entering a stage pauses the one it was called from."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self._stack: list[tuple[str, float]] = []

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            now = time.process_time()
            if self._stack:
                outer, since = self._stack[-1]
                self.totals[outer] = self.totals.get(outer, 0.0) + now - since
            self._stack.append((stage, now))
            try:
                return fn(*args, **kwargs)
            finally:
                end = time.process_time()
                _, since = self._stack.pop()
                self.totals[stage] = self.totals.get(stage, 0.0) + end - since
                if self._stack:
                    self._stack[-1] = (self._stack[-1][0], end)

        return timed


def main() -> int:
    in_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    clock = Clock()
    patches: list[tuple[Any, str, str]] = [
        (Detector, "__init__", "model load"),
        (Detector, "detect", "detect"),
        (redactor.pdf.document, "read_page_text", "parse"),
        (redactor.ocr.reader, "survey", "survey (which pages need OCR)"),
        (redactor.scan, "write_review_copy", "review copy"),
        (redactor.apply, "burn", "burn"),
        (redactor.apply, "verify_file", "verify"),
        (redactor.pdf.inspect, "read_page_text", "parse (verify)"),
    ]
    for owner, name, stage in patches:
        setattr(owner, name, clock.wrap(stage, getattr(owner, name)))
    begun = time.process_time()
    report = run(in_dir, out_dir, replace(Options(show_progress=False), jobs=1))
    total = time.process_time() - begun
    stages = {"import": IMPORTED - START, **clock.totals}
    stages["other"] = total - sum(clock.totals.values())
    result = {
        "pages": report.scan.pages,
        "cpu_seconds": {k: round(v, 2) for k, v in stages.items()},
        "cpu_total": round(IMPORTED - START + total, 2),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
