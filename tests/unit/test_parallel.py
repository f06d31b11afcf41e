"""The process pool: results in task order, expected errors carried back as values."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from processes import alive

from redactor.errors import InputFileError
from redactor.parallel import WorkerDiedError, available_cores, can_fork, ordered_map, start_order

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork start method on this platform")


def _slow_first(n: int) -> tuple[int, int]:
    # the first tasks take longest, so workers finish out of order
    total = sum(range((20 - n) * 20_000))
    return n * n, total


@needs_fork
def test_results_come_back_in_task_order_from_several_processes() -> None:
    tasks = list(range(20))
    results = list(ordered_map(_slow_first, tasks, jobs=2))
    assert [r[0] for r in results] == [n * n for n in tasks]
    assert results == [_slow_first(n) for n in tasks]


def _busy_pid(n: int, state: dict[str, str]) -> tuple[int, str]:
    sum(range(200_000 + n))
    return os.getpid(), state["model"]


@needs_fork
def test_the_parent_and_a_forked_worker_share_the_work_and_inherit_the_closure() -> None:
    parent = os.getpid()
    state = {"model": "loaded before the fork"}
    seen = list(ordered_map(lambda n: _busy_pid(n, state), range(40), jobs=2))
    assert {model for _, model in seen} == {"loaded before the fork"}
    pids = {pid for pid, _ in seen}
    assert len(pids) == 2, "two jobs: this process and one worker"
    assert parent in pids


def _note_start(n: int, starts: Path, first: int) -> int:
    # Two processes claim at once: the one that did not get `first` waits (up to 10 s) for the
    # one that did to note it, so the file gives the order of the claims, not of the writes.
    deadline = time.monotonic() + 10
    while n != first and time.monotonic() < deadline:
        if starts.exists() and str(first) in starts.read_text().split():
            break
        time.sleep(0.01)
    with open(starts, "a") as handle:
        handle.write(f"{n}\n")
    return n


def test_the_costliest_task_is_started_first() -> None:
    assert start_order(5, [1.0, 9.0, 1.0, 9.0, 3.0]) == [1, 3, 4, 0, 2]
    assert start_order(3) == [0, 1, 2]


@needs_fork
def test_costliest_tasks_start_first_and_results_keep_the_task_order(tmp_path: Path) -> None:
    starts = tmp_path / "starts"
    costs = [1.0] * 11 + [50.0]
    results = list(ordered_map(lambda n: _note_start(n, starts, 11), range(12), 2, costs))
    assert results == list(range(12))
    # started first by whichever process was free, never left until after the cheap ones
    assert starts.read_text().split()[0] == "11"


def _wait_for_the_others(n: int, parent: int, folder: Path, count: int) -> bool:
    """In a worker: wait until every other task has finished. Here: wait until the worker has
    started one, then note that this task has finished. False after 30 s of waiting."""
    started, finished = folder / "worker-started", folder / "finished"
    deadline = time.monotonic() + 30
    if os.getpid() == parent:
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        with open(finished, "a") as handle:
            handle.write(f"{n}\n")
        return started.exists()
    started.touch()
    while time.monotonic() < deadline:
        if finished.exists() and len(finished.read_text().split()) == count - 1:
            return True
        time.sleep(0.01)
    return False


@needs_fork
def test_tasks_waiting_for_a_busy_worker_are_run_by_a_free_process(tmp_path: Path) -> None:
    # The worker's first task cannot end before all the others have: they must be started
    # here, including any queued for the worker (with tasks bound to a worker when queued, the
    # one behind its first would wait for it, and that task would give up after 30 s).
    parent, count = os.getpid(), 8
    results = list(
        ordered_map(
            lambda n: _wait_for_the_others(n, parent, tmp_path, count), range(count), jobs=2
        )
    )
    assert all(results)
    assert len((tmp_path / "finished").read_text().split()) == count - 1


def test_one_job_runs_in_this_process() -> None:
    parent = os.getpid()
    assert list(ordered_map(lambda n: (n, os.getpid()), [3, 1, 2], jobs=1)) == [
        (3, parent),
        (1, parent),
        (2, parent),
    ]
    assert list(ordered_map(lambda n: n, [], jobs=4)) == []


def _explode(n: int) -> int:
    if n == 3:
        raise ValueError("task 3 is broken")
    return n


@needs_fork
def test_an_unexpected_error_reaches_the_parent_at_its_place_in_the_order() -> None:
    results = ordered_map(_explode, range(6), jobs=2)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="task 3 is broken"):
        next(results)


def test_input_file_errors_survive_the_trip_between_processes() -> None:
    error = InputFileError("a/b.pdf", "is encrypted", "Save an unencrypted copy.")
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, InputFileError)
    assert (copy.path, copy.problem, copy.advice, str(copy)) == (
        "a/b.pdf",
        "is encrypted",
        "Save an unencrypted copy.",
        str(error),
    )


def test_available_cores_is_at_least_one() -> None:
    assert available_cores() >= 1


@needs_fork
def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    parent = os.getpid()

    def die_in_worker(n: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # what the kernel's out-of-memory killer or a segfault looks like
        time.sleep(0.05)
        return n

    with pytest.raises(WorkerDiedError, match="--jobs 1"):
        list(ordered_map(die_in_worker, range(8), jobs=2))


def _pid_then_die(n: int, report: str) -> int:
    if n == 0:
        with open(report, "w") as handle:
            handle.write(str(os.getpid()))
        time.sleep(30)  # a long task: the worker is busy when the parent is killed
    return n


def _run_and_get_killed(report: Path) -> None:
    """Child process: a map whose worker is busy with task 0 when this process dies, as with
    kill -9 (from a thread: the map itself is waiting for that worker)."""

    def kill_once_the_worker_is_busy() -> None:
        while not (report.exists() and report.read_text()):
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=kill_once_the_worker_is_busy, daemon=True).start()
    costs = [9.0] + [1.0] * 39  # task 0 first, to the worker
    list(ordered_map(lambda n: _pid_then_die(n, str(report)), range(40), jobs=2, costs=costs))


@needs_fork
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    report = tmp_path / "worker.pid"
    child = multiprocessing.get_context("fork").Process(target=_run_and_get_killed, args=(report,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    worker = int(report.read_text())
    deadline = time.monotonic() + 10
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker), "a worker outlived the run that started it"


@needs_fork
def test_first_runs_here_while_the_workers_start_on_the_tasks(tmp_path: Path) -> None:
    parent, started = os.getpid(), tmp_path / "worker-started"

    def task(n: int) -> int:
        if os.getpid() != parent:
            started.touch()
        return n

    def first() -> None:  # returns once a worker has started a task, or after 30 s
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    assert list(ordered_map(task, range(6), jobs=2, first=first)) == list(range(6))
    assert started.exists(), "no worker started a task while `first` ran"


def test_first_runs_before_any_task_with_one_job() -> None:
    seen: list[str] = []
    results = ordered_map(
        lambda n: seen.append(f"task {n}") or n, [1, 2], 1, None, lambda: seen.append("first")
    )
    assert list(results) == [1, 2]
    assert seen == ["first", "task 1", "task 2"]


@needs_fork
def test_an_error_in_first_stops_the_map() -> None:
    def first() -> None:
        raise ValueError("the log is refused")

    with pytest.raises(ValueError, match="refused"):
        list(ordered_map(_slow_first, range(4), jobs=2, first=first))
