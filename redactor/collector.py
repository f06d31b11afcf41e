"""Python's cyclic garbage collector paused around work that makes many objects and frees them
by their reference counts (or keeps them): the collector would only scan them, again and again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block (then as it was; nested blocks leave it off).

    Collections are triggered by counts of objects made, not by memory: a page's text trace
    (some ten thousand tuples, freed once the page is done) or a bundle's log (tens of thousands
    of rows and dicts, kept) makes young-generation collections that scan them, promote them
    and push towards full collections of the whole process, the NLP model included; work that
    frees nothing. Anything cyclic made meanwhile is collected once the collector is back on.
    Usable as a decorator."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# Young objects a collection waits for (Python's default is 700). A run makes objects by the
# million (a page's characters, words, tokens and results) and frees nearly all of them by
# their reference counts; at 700 the collector ran some 3,000 times over a 200-page bundle,
# scanning objects that were about to be freed anyway: about 4% of the run's CPU. Cyclic
# garbage waits a little longer to be freed: 50,000 objects are a few megabytes.
YOUNG_THRESHOLD = 50_000


def collect_less_often() -> None:
    """Set the young generation's threshold for this process (and those it forks)."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
