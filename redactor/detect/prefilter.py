"""Cheap literal checks that let a page skip a regular expression that cannot match on it.

Many patterns can only match where a word of theirs appears in the page ("warrant", "dob",
"regards", "wrote:"), but the regex engine tries them at every position of every page,
look-behinds first. A pattern given `needs` is run only on a page that holds one of those
words: case-folded (`folded`), for words the pattern matches case-insensitively, or as they
are (`needs_exact`). Every match the pattern can make contains one of them, so skipping a page
that holds none changes nothing (tests/unit/test_prefilter.py checks both the case folding and
each recogniser's results with and without the checks).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


@lru_cache(maxsize=8)
def folded(text: str) -> str:
    """`text` case-folded, with the dotted capital and the dotless i as "i": a word that a
    case-insensitive pattern (the `regex` module's) matches in `text` is in `folded(text)`
    as the word in lower case. Cached: every recogniser asks about the same page."""
    return text.replace("\u0130", "i").replace("\u0131", "i").casefold()


def has_any(text: str, words: Sequence[str]) -> bool:
    """Whether one of `words` (lower case) is in `text`, compared case-insensitively."""
    lowered = folded(text)
    return any(word in lowered for word in words)


@dataclass(frozen=True)
class Needs:
    """What a page must hold for a pattern to match anywhere on it: one of `folded` (lower case,
    compared case-insensitively) or one of `exact` (compared as written). Empty: no check."""

    folded: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()

    def met(self, text: str) -> bool:
        if self.exact and any(word in text for word in self.exact):
            return True
        if self.folded and has_any(text, self.folded):
            return True
        return not (self.exact or self.folded)


class PrefilteredPatternRecognizer(PatternRecognizer):
    """A Presidio pattern recogniser whose patterns named in `NEEDS` run only on pages that
    hold one of their words; the other patterns run on every page as before."""

    NEEDS: ClassVar[dict[str, Needs]] = {}
    patterns: list[Pattern]  # set by PatternRecognizer

    @contextmanager
    def _patterns_for(self, text: str) -> Iterator[None]:
        everything = self.patterns
        self.patterns = [p for p in everything if self._may_match(p, text)]
        try:
            yield
        finally:
            self.patterns = everything

    def _may_match(self, pattern: Pattern, text: str) -> bool:
        needs = self.NEEDS.get(pattern.name)
        return needs is None or needs.met(text)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        with self._patterns_for(text):
            if not self.patterns:
                return []
            return super().analyze(text, entities, nlp_artifacts, regex_flags)
