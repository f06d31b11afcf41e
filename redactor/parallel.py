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
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from redactor.errors import RedactorError

T = TypeVar("T")
R = TypeVar("R")


class WorkerDiedError(RedactorError):
    """A worker process ended without returning its result (killed, or crashed)."""


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


class _Claims:
    """Which tasks have been started, shared by the parent and the workers it forks.

    A worker is handed no task of its own: each call it gets claims the next task nobody has
    started, in start order, when it begins. So a call waiting behind a worker's current task
    binds nothing, and the parent, finding its next result not ready, can start whatever is
    left: the last tasks go to whichever process is free first, and no process waits while
    another still has tasks queued."""

    def __init__(self, order: list[int]) -> None:
        context = multiprocessing.get_context("fork")
        self.order: list[int] = order
        self._next = context.RawValue("q", 0)
        self._lock = context.Lock()

    def next(self) -> int | None:
        """The next task to start (its index in the tasks), or None when all are started."""
        with self._lock:
            position: int = self._next.value
            if position >= len(self.order):
                return None
            self._next.value = position + 1
        return self.order[position]

    def left(self) -> bool:
        return bool(self._next.value < len(self.order))


# The pool being started: its work function, tasks and claims, set just before forking and
# inherited by the workers (nothing is pickled on the way out).
_pool_state: tuple[Callable[[Any], Any], Sequence[Any], _Claims] | None = None


def _call() -> tuple[int, Any] | None:
    """In a worker: claim the next task and run it; None when every task was started."""
    assert _pool_state is not None, "parallel worker started without a work function"
    work, tasks, claims = _pool_state
    index = claims.next()
    if index is None:
        return None
    return index, _run_here(work, tasks[index])


def ordered_map(
    work: Callable[[T], R],
    tasks: Sequence[T],
    jobs: int,
    costs: Sequence[float] | None = None,
    first: Callable[[], None] | None = None,
) -> Generator[R, None, None]:
    """`map(work, tasks)` on `jobs` processes (this one and jobs - 1 forked), in task order.

    This process works too, on the next task nobody has started, whenever the result it must
    hand on next is not ready: so N jobs are N busy processes, not N workers and an idle
    parent holding a third copy of everything. With `costs` (e.g. pages per task) the costliest
    tasks are started first, so no process is left alone with a big file at the end; results
    still come out in task order. `work` should catch the errors it expects and return them as
    values: an exception it raises stops the whole map (in the parent, at that task's place in
    the order).

    `first`, if given, is run by this process before it takes any task, while the workers start
    on theirs (before the first result is handed on; with one job, before any task). An error
    it raises stops the map like a task's.
    """
    jobs = min(jobs, len(tasks))
    if jobs <= 1 or not can_fork():
        if first is not None:
            first()
        yield from map(work, tasks)
        return
    global _pool_state
    claims = _Claims(start_order(len(tasks), costs))
    _pool_state = (work, tasks, claims)
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
        yield from _share_work(pool, work, tasks, claims, first)
    except BrokenProcessPool as exc:
        raise WorkerDiedError(
            "a worker process stopped abruptly (out of memory, or a crash in a PDF library); "
            "outputs already written are complete. Re-run with --jobs 1 to see which file "
            "causes it."
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _pool_state = None
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
    claims: _Claims,
    first: Callable[[], None] | None,
) -> Iterator[R]:
    calls: set[Future[tuple[int, Any] | None]] = set()  # sent to the workers, not yet back
    done: dict[int, Any] = {}  # finished (here or by a worker), not yet handed on

    def harvest(finished: Iterable[Future[tuple[int, Any] | None]]) -> None:
        for call in finished:
            calls.discard(call)
            outcome = call.result()  # a dead worker: BrokenProcessPool, raised here
            if outcome is not None:
                done[outcome[0]] = outcome[1]

    # One call per task, all sent now: a call binds no task until a worker starts it, and one
    # that finds every task started returns at once, so the workers never wait to be sent work
    # while this process is busy (with `first`, or a task of its own).
    for _ in range(len(tasks)):
        calls.add(pool.submit(_call))
    if first is not None:
        first()
    for index in range(len(tasks)):
        harvest([call for call in calls if call.done()])
        while index not in done:
            mine = claims.next()
            if mine is not None:
                done[mine] = _run_here(work, tasks[mine])
                harvest([call for call in calls if call.done()])
                continue
            # every task is started and this one is a worker's: wait for a worker
            assert calls, f"task {index} was started but nothing is running it"
            finished, _ = wait(calls, return_when=FIRST_COMPLETED)
            harvest(finished)
        result = done.pop(index)
        if isinstance(result, _Raised):
            raise result.error
        yield result


class _Raised:
    """An error of a task run ahead of its turn (here or in a worker), kept until that turn
    comes and raised there."""

    def __init__(self, error: Exception) -> None:
        self.error = error


def _run_here(work: Callable[[T], R], task: T) -> R | _Raised:
    try:
        return work(task)
    except Exception as error:  # raised again at the task's place in the order, like the pool
        return _Raised(error)
