"""A Rich progress bar on stderr for files and pages; silent when stderr is not a terminal.

It is redrawn when progress is reported, never from a background thread: worker processes are
forked while it is shown, and a thread holding a lock (stderr's) at that moment would leave the
lock held forever in the workers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class Tracker:
    def __init__(self, progress: Progress | None, total_files: int) -> None:
        self._progress = progress
        if progress is not None:
            self._files = progress.add_task("files", total=total_files)
            self._pages = progress.add_task("pages", total=0)

    def file_started(self, name: str, pages: int) -> None:
        if self._progress is not None:
            task = self._progress.tasks[self._pages]
            self._progress.update(
                self._pages,
                total=(task.total or 0) + pages,
                description=f"pages  {name}",
                refresh=True,
            )

    def pages_done(self, count: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._pages, count)
            self._progress.refresh()

    def file_done(self) -> None:
        if self._progress is not None:
            self._progress.advance(self._files)
            self._progress.refresh()


@contextmanager
def track(label: str, total_files: int, enabled: bool = True) -> Iterator[Tracker]:
    if not enabled or not sys.stderr.isatty():
        yield Tracker(None, total_files)
        return
    progress = Progress(
        TextColumn(f"{label} " + "{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
    )
    with progress:
        yield Tracker(progress, total_files)
