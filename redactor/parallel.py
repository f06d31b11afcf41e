"""Run independent pieces of work on several processes; results come back in input order.

The workers are forked from the parent after it has loaded the rules and the spaCy model, so
they share that memory copy-on-write instead of loading it again, and the work function (a
closure over the detector, the propagator, ...) is inherited, never pickled. Only the tasks and
the results cross between processes, so both must be small and picklable: a file and a page
range going out, findings or log rows coming back; never page texts or documents.

Results are yielded in the order of the tasks whatever order the workers finish in, so the log,
the review copies and the messages are the same for any number of jobs. `jobs=1` (or a platform
without `fork`) runs everything in this process, with no pool at all.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from redactor.errors import RedactorError

T = TypeVar("T")
R = TypeVar("R")


class WorkerDiedError(RedactorError):
    """A worker process ended without returning its result (killed, or crashed)."""


# The work function of the pool being started: set just before forking, read by the workers.
_work: Callable[[Any], Any] | None = None


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def _start_worker(parent: int) -> None:
    die_with_parent(parent)
    # Ctrl-C reaches every process of the group; the parent alone handles it (exit code 130)
    # and stops the workers, so they do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def die_with_parent(parent: int) -> None:
    """A worker ends when the run that started it ends, however it ends: a parent killed with
    `kill -9` (or by the out-of-memory killer) cannot stop its workers, which would otherwise
    wait for work for ever, holding their memory and the terminal's output open. On Linux the
    kernel sends them SIGKILL; elsewhere a pool's workers are stopped by the parent only."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


def _call(task: Any) -> Any:
    assert _work is not None, "parallel worker started without a work function"
    return _work(task)


def ordered_map(
    work: Callable[[T], R],
    tasks: Sequence[T],
    jobs: int,
    costs: Sequence[float] | None = None,
) -> Generator[R, None, None]:
    """`map(work, tasks)` on `jobs` processes (this one and jobs - 1 forked), in task order.

    This process works too, on the next task nobody has started, whenever the result it must
    hand on next is not ready: so N jobs are N busy processes, not N workers and an idle
    parent holding a third copy of everything. With `costs` (e.g. pages per task) the costliest
    tasks are started first, so no process is left alone with a big file at the end; results
    still come out in task order. `work` should catch the errors it expects and return them as
    values: an exception it raises stops the whole map (in the parent, at that task's place in
    the order).
    """
    jobs = min(jobs, len(tasks))
    if jobs <= 1 or not can_fork():
        yield from map(work, tasks)
        return
    global _work
    _work = work
    # Objects that exist now are moved out of the collector's reach, so the workers' garbage
    # collections do not touch (and so copy) the pages holding the model they share.
    gc.freeze()
    pool = ProcessPoolExecutor(
        jobs - 1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    try:
        order = start_order(len(tasks), costs)
        yield from _share_work(pool, work, tasks, order, queue_length=2 * (jobs - 1))
    except BrokenProcessPool as exc:
        raise WorkerDiedError(
            "a worker process stopped abruptly (out of memory, or a crash in a PDF library); "
            "outputs already written are complete. Re-run with --jobs 1 to see which file "
            "causes it."
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _work = None
        gc.unfreeze()


def start_order(count: int, costs: Sequence[float] | None = None) -> list[int]:
    """The order tasks are started in: costliest first (ties in task order), else task order."""
    if not costs:
        return list(range(count))
    return sorted(range(count), key=lambda i: (-costs[i], i))


def _share_work(
    pool: ProcessPoolExecutor,
    work: Callable[[T], R],
    tasks: Sequence[T],
    order: list[int],
    queue_length: int,
) -> Iterator[R]:
    sent: dict[int, Future[R]] = {}  # started by a worker, not yet handed on
    done: dict[int, R | _Raised] = {}  # run here, not yet handed on
    cursor = 0  # order[cursor] is the next task nobody has started

    def top_up() -> None:
        nonlocal cursor
        busy = sum(1 for future in sent.values() if not future.done())
        while cursor < len(order) and busy < queue_length:
            sent[order[cursor]] = pool.submit(_call, tasks[order[cursor]])
            cursor += 1
            busy += 1

    for index in range(len(tasks)):
        top_up()
        while index not in done and not (index in sent and sent[index].done()):
            if cursor == len(order):
                break  # everything is started: wait for the worker that has it
            task = order[cursor]
            cursor += 1
            done[task] = _run_here(work, tasks[task])
            top_up()
        if index not in done:
            yield sent.pop(index).result()  # a worker's exception is raised here
            continue
        result = done.pop(index)
        if isinstance(result, _Raised):
            raise result.error
        yield result


class _Raised:
    """An error of a task this process ran ahead of its turn, kept until that turn comes."""

    def __init__(self, error: Exception) -> None:
        self.error = error


def _run_here(work: Callable[[T], R], task: T) -> R | _Raised:
    try:
        return work(task)
    except Exception as error:  # raised again at the task's place in the order, like the pool
        return _Raised(error)
