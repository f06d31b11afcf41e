"""Detection quality and cost in one run, for weighing a change (docs/evaluation.md).

Scans a folder in this process (one job, so CPU time and peak memory are this process's own),
evaluates it against its ground truth like `make eval`, and prints one JSON object:
precision and recall for PERSON and overall, false positives and misses, CPU seconds spent in
detection (`Detector.detect`), in the bundle-wide consistency pass (`Propagator`), in the whole
scan, the wall-clock seconds of the scan and the peak resident memory of the process.

    python bench/weigh.py PDF_DIR GROUND_TRUTH_JSON
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stages import Clock

import redactor.consistency
import redactor.scan
from redactor.detect.engine import Detector
from redactor.evaluate import evaluate
from redactor.options import Options


def main() -> int:
    pdf_dir, truth_path = Path(sys.argv[1]), Path(sys.argv[2])
    truth: dict[str, Any] = json.loads(truth_path.read_text(encoding="utf-8"))
    clock = Clock()
    Detector.__init__ = clock.wrap("model load", Detector.__init__)  # type: ignore[method-assign]
    Detector.detect = clock.wrap("detect", Detector.detect)  # type: ignore[method-assign]
    propagator = redactor.consistency.Propagator
    propagator.__init__ = clock.wrap("consistency", propagator.__init__)  # type: ignore[method-assign]
    propagator.page = clock.wrap("consistency", propagator.page)  # type: ignore[method-assign]
    wall, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory(prefix="redactor-weigh-") as tmp:
        options = replace(Options(show_progress=False), jobs=1)
        scanned = redactor.scan.scan(pdf_dir, Path(tmp), options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    result = evaluate(pdf_dir, truth, scanned.log.rows)
    person, overall = result.by_type["PERSON"], result.overall()
    print(
        json.dumps(
            {
                "pages": scanned.pages,
                "person": {
                    "precision": round(person.precision, 3),
                    "recall": round(person.recall, 3),
                    "fp": person.false_pos,
                    "missed": person.missed,
                },
                "overall": {
                    "precision": round(overall.precision, 3),
                    "recall": round(overall.recall, 3),
                    "fp": overall.false_pos,
                    "missed": overall.missed,
                },
                "cpu_seconds": {k: round(v, 2) for k, v in clock.totals.items()},
                "scan_cpu": round(cpu, 2),
                "scan_wall": round(wall, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
