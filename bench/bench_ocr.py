"""`make bench-ocr`: how fast scanned pages are read by OCR, in pages per second.

Makes a bundle of printed emails (fixtures/generate.py), scans it in simulation at 200 dpi
(fixtures/scanned.py: skew, blur, noise, one page sideways), then times redactor's page reader
(survey, render, Tesseract in parallel, word boxes back to page space) over every page. Detection
and burning are not included: `make bench` measures those on digital pages. Results are printed
and written to bench/results/ocr-latest.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.scanned import make_scans  # noqa: E402
from redactor.ocr.reader import PageReader, workers  # noqa: E402


def make_scanned_bundle(pages: int, folder: Path) -> Path:
    digital = folder / "digital"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "fixtures" / "generate.py"),
            "bundle",
            "--pages",
            str(pages),
            str(digital / "pdfs"),
            "--truth",
            str(digital / "ground-truth.json"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    make_scans(digital, folder / "scanned")
    return folder / "scanned" / "pdfs"


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=0, help="Tesseract processes (0: one per core)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="redactor-bench-ocr-") as tmp:
        pdf_dir = make_scanned_bundle(args.pages, Path(tmp))
        reader = PageReader(args.jobs)
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        words = pages = 0
        for pdf in sorted(pdf_dir.glob("*.pdf")):
            for page in reader.pages(pdf, pdf.name):
                pages += 1
                words += len(page.text.split())
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
    result = {
        "pages": pages,
        "seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 2),
        "words": words,
        # CPU time (this process and its Tesseract children) per page: on a quiet machine
        # pages/s is about cores / cpu_seconds_per_page, whatever else is running now
        "cpu_seconds_per_page": round(cpu / pages, 2),
        "jobs": args.jobs or workers(),
        "dpi": 200,
        "machine": platform.platform(),
    }
    print(json.dumps(result, indent=1))
    out = ROOT / "bench" / "results" / "ocr-latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
