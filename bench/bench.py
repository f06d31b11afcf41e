"""`make bench`: time `redactor run` on generated bundles; pages/s, memory and where time goes.

For each size in --pages (default 200) a bundle of printed email chains is made by
fixtures/generate.py and `redactor run` is timed on it as a separate process, model loading
included, with --jobs as given (default: every core). While it runs, the whole process tree (the
parent and its worker processes) is sampled from /proc: the peak of the summed RSS (which counts
memory the workers share with the parent once per process) and of the summed PSS (which divides
shared pages between the processes sharing them: the honest total). CPU seconds are those of the
whole tree.

The split of CPU time by stage comes from a second, single-process run of the first size
(bench/stages.py); it is a share of CPU time, not of wall time. The ceiling (bench/ceiling.py) is
what a run that only started the fixed stack and ran spaCy's NER would reach on the same bundle:
no `redactor run` can be faster on this machine.

Figures go to bench/results/latest.json (the one before is kept as previous.json) and the
change from the previous run is printed. Exit code 1 if a floor is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REDACTOR = Path(sys.executable).parent / "redactor"
RESULTS = ROOT / "bench" / "results"
SAMPLE_SECONDS = 0.05


def make_bundle(pages: int, folder: Path) -> None:
    generate = [sys.executable, str(ROOT / "fixtures" / "generate.py"), "bundle"]
    subprocess.run(
        [*generate, "--pages", str(pages), str(folder)], check=True, stdout=subprocess.DEVNULL
    )


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) once it has gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def tree_memory_kb(root: int) -> tuple[int, int, int]:
    """Summed RSS and PSS of `root` and all its descendants, and how many processes."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(_children(pid))
    sizes = [_memory_kb(pid) for pid in pids]
    return sum(r for r, _ in sizes), sum(p for _, p in sizes), len(pids)


def timed_run(in_dir: Path, out_dir: Path, jobs: int | None) -> dict[str, Any]:
    command = [str(REDACTOR), "run", str(in_dir), "-o", str(out_dir)]
    if jobs:
        command += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = processes = 0
    while proc.poll() is None:
        rss, pss, count = tree_memory_kb(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        processes = max(processes, count)
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        print(stderr[-2000:], file=sys.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_sum_mb": round(peak_rss / 1024, 1),
        "peak_pss_sum_mb": round(peak_pss / 1024, 1),
        "processes": processes,
        "exit_code": proc.returncode,
    }


def _script_result(script: str, *args: str) -> dict[str, Any]:
    """Run one of bench/'s scripts in a fresh process; the JSON object it prints last."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return found


def stack_ceiling(in_dir: Path, sizes: list[int], jobs: int) -> dict[str, Any]:
    return _script_result(
        "ceiling.py", str(in_dir), "--jobs", str(jobs), "--pages", *map(str, sizes)
    )


def stage_split(in_dir: Path, out_dir: Path) -> dict[str, Any]:
    return _script_result("stages.py", str(in_dir), str(out_dir))


def _change(new: float, old: float | None) -> str:
    if not old:
        return ""
    return f" ({(new - old) / old * 100:+.0f}% vs previous {old})"


def report(result: dict[str, Any], previous: dict[str, Any] | None) -> None:
    old_runs = {r["pages"]: r for r in (previous or {}).get("runs", [])}
    for run in result["runs"]:
        old = old_runs.get(run["pages"], {})
        rate, pss = run["pages_per_second"], run["peak_pss_sum_mb"]
        print(
            f"{run['pages']} pages, {run['jobs']} job(s): {run['seconds']} s, "
            f"{rate} pages/s{_change(rate, old.get('pages_per_second'))}; "
            f"CPU {run['cpu_seconds']} s; peak memory of {run['processes']} process(es): "
            f"PSS {pss} MB{_change(pss, old.get('peak_pss_sum_mb'))}, "
            f"RSS sum {run['peak_rss_sum_mb']} MB; exit {run['exit_code']}"
        )
    split = result.get("stages")
    if split:
        cpu = split["cpu_seconds"]
        total = sum(cpu.values())
        parts = ", ".join(f"{k} {v} s ({v / total * 100:.0f}%)" for k, v in cpu.items())
        print(f"CPU by stage, {split['pages']} pages in one process: {parts}")
    bound = result.get("ceiling")
    if bound:
        rates = ", ".join(f"{n} pages {v}" for n, v in bound["ceiling_pages_per_second"].items())
        print(
            f"ceiling of the fixed stack alone (start-up {bound['start_up_seconds']} s, spaCy NER "
            f"{bound['ner_cpu_ms_per_page']} ms CPU a page, {bound['jobs']} cores): "
            f"{rates} pages/s"
        )


def floors_missed(result: dict[str, Any], floor: float, max_mb: float, growth: float) -> list[str]:
    missed: list[str] = []
    runs = result["runs"]
    for run in runs:
        if run["exit_code"] != 0:
            missed.append(f"{run['pages']} pages: exit code {run['exit_code']}")
        if run["pages_per_second"] < floor:
            missed.append(f"{run['pages']} pages: {run['pages_per_second']} pages/s < {floor}")
        if run["peak_pss_sum_mb"] > max_mb:
            missed.append(f"{run['pages']} pages: peak PSS {run['peak_pss_sum_mb']} MB > {max_mb}")
    smallest, largest = runs[0], runs[-1]
    if largest["pages"] > smallest["pages"]:
        limit = smallest["peak_pss_sum_mb"] * (1 + growth)
        if largest["peak_pss_sum_mb"] > limit:
            missed.append(
                f"memory grows with the bundle: {largest['peak_pss_sum_mb']} MB at "
                f"{largest['pages']} pages > {limit:.0f} MB"
            )
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, nargs="+", default=[200])
    parser.add_argument("--jobs", type=int, default=None, help="default: every core")
    parser.add_argument("--floor", type=float, default=40.0, help="minimum pages per second")
    parser.add_argument("--max-mb", type=float, default=500.0, help="maximum peak PSS")
    parser.add_argument("--growth", type=float, default=0.2, help="largest/smallest PSS - 1")
    parser.add_argument("--no-split", action="store_true", help="skip the stage split run")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the ceiling measure")
    args = parser.parse_args()
    sizes = sorted(set(args.pages))
    result: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="redactor-bench-") as tmp:
        for pages in sizes:
            bundle = Path(tmp) / f"bundle-{pages}"
            make_bundle(pages, bundle)
            run = timed_run(bundle, Path(tmp) / f"out-{pages}", args.jobs)
            run = {"pages": pages, "jobs": args.jobs or os.cpu_count(), **run}
            run["pages_per_second"] = round(pages / run["seconds"], 2)
            result["runs"].append(run)
            if pages == sizes[0] and not args.no_split:
                result["stages"] = stage_split(bundle, Path(tmp) / f"split-{pages}")
            if pages == sizes[0] and not args.no_ceiling:
                result["ceiling"] = stack_ceiling(bundle, sizes, args.jobs or os.cpu_count() or 1)
            shutil.rmtree(bundle)
    RESULTS.mkdir(parents=True, exist_ok=True)
    latest, previous_path = RESULTS / "latest.json", RESULTS / "previous.json"
    previous = json.loads(latest.read_text()) if latest.exists() else None
    if latest.exists():
        latest.replace(previous_path)
    latest.write_text(json.dumps(result, indent=1) + "\n")
    print(f"load average at start {result['load_average']:.1f} on {result['cores']} cores")
    report(result, previous)
    missed = floors_missed(result, args.floor, args.max_mb, args.growth)
    for line in missed:
        print(f"below the floor: {line}")
    print(f"figures written to {latest}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
