"""Import Presidio without compiling each of its predefined patterns an extra time.

Importing `presidio_analyzer` defines every predefined recogniser of every country, and each
`Pattern` they define checks its regular expression by compiling it (`Pattern.__validate_regex`)
and throws the result away: some 170 expressions, one of them (the URL recogniser's list of
top-level domains) 6,000 characters long. A recogniser that runs compiles its expressions again
when it is first used, with the flags it matches with, so the first compile is only a check; and
most of them (the US, German, Indian, ... recognisers, the ones policy.yaml turns off) never run.
The import is on the path every run waits for before the model can read a page, and the checks
took about a quarter of a second of it (docs/scaling.md, "Fifth round").

So while `presidio_analyzer` is first imported, that one check is skipped: `regex.compile` called
from `Pattern.__validate_regex` returns without compiling. Any other caller, and every `Pattern`
made after the import (all of redactor's own, in `redactor.detect`), compiles as usual. A
predefined expression that did not compile would still fail, when the recogniser is first used.
"""

from __future__ import annotations

import sys
from typing import Any

import regex

_VALIDATOR = "__validate_regex"
_PATTERN_MODULE = "presidio_analyzer/pattern.py"


def import_presidio() -> None:
    """Import `presidio_analyzer` (once) with the predefined patterns' checks skipped."""
    if "presidio_analyzer" in sys.modules:
        return
    compile_ = regex.compile

    def compile_unless_checking(*args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(1).f_code
        if caller.co_name == _VALIDATOR and caller.co_filename.endswith(_PATTERN_MODULE):
            return None  # the check's result is thrown away
        return compile_(*args, **kwargs)

    regex.compile = compile_unless_checking
    try:
        import presidio_analyzer  # noqa: F401
    finally:
        regex.compile = compile_
