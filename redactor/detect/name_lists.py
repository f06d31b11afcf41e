"""The shipped lists of known first names and surnames (`redactor/data/known-names.txt.gz`).

Derived from the names-dataset package by `tools/derive_known_names.py` (names among the most
frequent in at least one country); nothing is fetched at run time. Loaded once, on first use.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

# Words in capitals this short are read as acronyms, not names: CID is also a Spanish name.
ACRONYM_MAX = 4


@cache
def known_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), lower case, from the shipped list."""
    data = resources.files("redactor").joinpath("data/known-names.txt.gz").read_bytes()
    text = gzip.decompress(data).decode("utf-8")  # a line per name: "F\tname" or "L\tname"
    # one C-level pass per kind: 360,000 lines split in Python took a quarter of a second
    first = frozenset(re.findall(r"^F\t(.*)$", text, re.MULTILINE))
    last = frozenset(re.findall(r"^L\t(.*)$", text, re.MULTILINE))
    return first, last


def is_acronym(word: str) -> bool:
    """A short word in capitals (CID, IAG, MASH, NPT): a unit or an organisation."""
    bare = word.strip(".,;:()'’")
    return bare.isupper() and bare.isascii() and 2 <= len(bare) <= ACRONYM_MAX


def is_known_first_name(word: str) -> bool:
    return not is_acronym(word) and word.strip(".,;:()'’").casefold() in known_names()[0]


def is_known_surname(word: str) -> bool:
    return not is_acronym(word) and word.strip(".,;:()'’").casefold() in known_names()[1]


def is_known_name_word(word: str) -> bool:
    """A known first name or surname, not counting short words in capitals."""
    return is_known_first_name(word) or is_known_surname(word)


def has_known_name(name: str) -> bool:
    """Some word of `name` is a known first name or surname, not counting short words in
    capitals ("Ubaadah Talha" has one; "Saltmere CID" and "Wexley IAG" have none)."""
    return any(is_known_name_word(word) for word in name.replace(",", " ").split())
