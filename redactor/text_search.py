"""Many texts looked for at once, in one Aho-Corasick pass over each text searched.

The release check looks for every accepted text of a file in every object of the file and in
every reading of every page: hundreds of texts in thousands of haystacks. Searching text by text
(`consistency.PageIndex.occurrences`) costs one search per text and haystack; here each haystack
is read once however many texts there are. `Occurrences` finds exactly what `PageIndex` finds
(its whitespace rule, case rule, variants and word boundaries: `tests/unit/test_text_search.py`
checks the two agree); `Substrings` is a plain substring test for many keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ahocorasick

# The keys, the case rule and the boundary rule are the consistency pass's own, so the two
# cannot drift.
from redactor.consistency import bounded, case_automatons, lowered, one_space, searchable


class Substrings:
    """Which items have one of their keys anywhere in a text (plain substrings, case as given)."""

    def __init__(self, keys: Iterable[Iterable[str]]) -> None:
        self._automaton = ahocorasick.Automaton()
        for item, item_keys in enumerate(keys):
            for key in item_keys:
                if not key:
                    continue
                if key not in self._automaton:
                    self._automaton.add_word(key, [])
                owners: list[int] = self._automaton.get(key)
                if item not in owners:
                    owners.append(item)
        if len(self._automaton):
            self._automaton.make_automaton()

    def found(self, text: str) -> set[int]:
        hits: set[int] = set()
        if not searchable(self._automaton):
            return hits
        for _, owners in self._automaton.iter(text):
            hits.update(owners)
        return hits


class Occurrences:
    """Which (text, entity type) items occur in a text by the rules of `PageIndex.occurrences`:
    runs of white space read as one space, the consistency case rule and variants, and only
    occurrences not inside a longer word, number or address."""

    def __init__(self, items: Sequence[tuple[str, str]]) -> None:
        self._automatons = case_automatons(items)

    def found(self, text: str) -> set[int]:
        flat = one_space(text)
        hits: set[int] = set()
        for automaton, haystack in zip(self._automatons, (flat, lowered(flat)), strict=True):
            if not searchable(automaton):
                continue
            for last, (length, owners) in automaton.iter(haystack):
                items = {item for item, _ in owners}
                if hits.issuperset(items):
                    continue
                if bounded(flat, last + 1 - length, last + 1):
                    hits.update(items)
        return hits
