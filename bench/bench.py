"""`make bench`: time `redactor run` on a generated bundle; print pages/s and peak memory.

The bundle is made by fixtures/generate.py (printed email chains with signature blocks). Model
loading is counted in the figure. Results are also written to bench/results/latest.json so the
next run can be compared with this one.
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
REDACTOR = Path(sys.executable).parent / "redactor"


def make_bundle(pages: int, folder: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "fixtures" / "generate.py"),
            "bundle",
            "--pages",
            str(pages),
            str(folder),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def timed_run(in_dir: Path, out_dir: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS of the child in MB, exit code."""
    start = time.perf_counter()
    proc = subprocess.run(
        [str(REDACTOR), "run", str(in_dir), "-o", str(out_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
    return seconds, peak_kb / 1024, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--floor", type=float, default=10.0, help="minimum pages per second")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="redactor-bench-") as tmp:
        bundle = Path(tmp) / "bundle"
        make_bundle(args.pages, bundle)
        seconds, peak_mb, code = timed_run(bundle, Path(tmp) / "out")
    rate = args.pages / seconds
    result = {
        "pages": args.pages,
        "seconds": round(seconds, 2),
        "pages_per_second": round(rate, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "exit_code": code,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    previous = results / "latest.json"
    if previous.exists():
        old = json.loads(previous.read_text())
        print(f"previous: {old['pages_per_second']} pages/s, peak {old['peak_rss_mb']} MB")
    previous.write_text(json.dumps(result, indent=1) + "\n")
    print(
        f"redactor run on {args.pages} pages: {seconds:.1f} s, {rate:.1f} pages/s "
        f"(floor {args.floor}), peak RSS {peak_mb:.0f} MB, exit {code}"
    )
    return 0 if code == 0 and rate >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
