"""A faster drop-in for Presidio's LemmaContextAwareEnhancer.

Presidio finds the token of each result by scanning the whole document and tests keyword
membership in a list, which is quadratic in page length and was half the detector's time.
This subclass gives the same answers using a per-page index (bisect on token ends, a set
of keywords).
"""

from __future__ import annotations

from bisect import bisect_right

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts


class IndexedContextEnhancer(LemmaContextAwareEnhancer):
    """Context words within a few words of a match raise its score (as in Presidio)."""

    def __init__(self) -> None:
        super().__init__()
        self._page: NlpArtifacts | None = None
        self._ends: list[int] = []
        self._lemmas: list[str] = []
        self._keywords: frozenset[str] = frozenset()

    def _index(self, nlp_artifacts: NlpArtifacts) -> None:
        if self._page is nlp_artifacts:
            return
        self._page = nlp_artifacts
        tokens = nlp_artifacts.tokens
        self._ends = [
            idx + len(token)
            for idx, token in zip(nlp_artifacts.tokens_indices, tokens, strict=True)
        ]
        self._lemmas = [lemma.lower() for lemma in nlp_artifacts.lemmas]
        self._keywords = frozenset(nlp_artifacts.keywords)

    def _extract_surrounding_words(
        self, nlp_artifacts: NlpArtifacts, word: str, start: int
    ) -> list[str]:
        if not nlp_artifacts.tokens:
            return [""]
        self._index(nlp_artifacts)
        index = min(bisect_right(self._ends, start), len(self._ends) - 1)
        words = self._collect(index, self.context_prefix_count, -1)
        words += self._collect(index, self.context_suffix_count, 1)
        return list(set(words))

    def _collect(self, index: int, n_words: int, step: int) -> list[str]:
        # Like Presidio: the match's own token counts, so take n + 1 keywords.
        found: list[str] = []
        i = index
        while 0 <= i < len(self._lemmas) and len(found) < n_words + 1:
            if self._lemmas[i] in self._keywords:
                found.append(self._lemmas[i])
            i += step
        return found
