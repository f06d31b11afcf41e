#!/usr/bin/env python3
"""Derive redactor's list of known first names and surnames from the names-dataset package.

    pip install 'names-dataset==3.3.1' && python tools/derive_known_names.py

names-dataset (first and last names by country, from a large public leak of profile names)
loads about 1.7 GB into memory and takes half a minute to do it, too much for every run of
redactor. This script keeps only the names ranked among the most frequent in at least one
country (FIRST_RANK for first names, LAST_RANK for surnames), written one per line in lower
case, and gzips them into redactor/data/known-names.txt.gz (deterministic output). The
package itself is not needed at run time.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import regex
from names_dataset import NameDataset

FIRST_RANK = 1000
LAST_RANK = 5000
OUT = Path(__file__).resolve().parents[1] / "redactor" / "data" / "known-names.txt.gz"
# Letters with at most one inner apostrophe or hyphen: "O'Brien", "Smith-Jones", "Froń".
WORD = regex.compile(r"^\p{L}{2,}(?:['’\-]\p{L}{2,})?$")


def best_rank(entry: dict[str, dict[str, int]]) -> int | None:
    ranks = [r for r in (entry.get("rank") or {}).values() if r is not None]
    return min(ranks) if ranks else None


def frequent(table: dict[str, dict[str, dict[str, int]]], limit: int) -> list[str]:
    kept = set()
    for name, entry in table.items():
        rank = best_rank(entry)
        if rank is not None and rank <= limit and WORD.match(name):
            kept.add(name.casefold())
    return sorted(kept)


def main() -> int:
    dataset = NameDataset()
    first = frequent(dataset.first_names, FIRST_RANK)
    last = frequent(dataset.last_names, LAST_RANK)
    text = "".join(f"F\t{n}\n" for n in first) + "".join(f"L\t{n}\n" for n in last)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))
    OUT.write_bytes(buffer.getvalue())
    print(f"{len(first)} first names, {len(last)} surnames -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
