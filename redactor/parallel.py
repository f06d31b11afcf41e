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

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

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


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the group; the parent alone handles it (exit code 130)
    # and stops the workers, so they do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(task: Any) -> Any:
    assert _work is not None, "parallel worker started without a work function"
    return _work(task)


def ordered_map(work: Callable[[T], R], tasks: Sequence[T], jobs: int) -> Generator[R, None, None]:
    """`map(work, tasks)` on up to `jobs` processes, in task order, one task at a time.

    `work` should catch the errors it expects and return them as values: an exception it
    raises stops the whole map (in the parent, at that task's place in the order).
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
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_ignore_interrupts) as pool:
            yield from pool.imap(_call, tasks, chunksize=1)
    finally:
        _work = None
        gc.unfreeze()
