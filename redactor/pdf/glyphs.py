"""How wide each character is, relative to the others: where a letter sits inside a word that OCR
boxed whole.

Tesseract boxes words, not letters (the LSTM engine's letter boxes are unreliable: a trailing
comma is often given half the last letter). Sharing a word's width out by the advance widths of
Helvetica (Arial's metrics), the commonest office font, puts the cut before a comma or a full
stop close to where it is in most documents, and on its far side in most others: punctuation is
narrow in every proportional font, so a box that stops at the letter before it errs by covering
some of the punctuation, not by leaving part of the letter out.
"""

from __future__ import annotations

from functools import cache

import pymupdf

MEAN_WIDTH = 0.556  # a digit's advance, for characters the font lacks


@cache
def _font() -> pymupdf.Font:
    return pymupdf.Font("helv")


@cache
def advance(ch: str) -> float:
    """The advance width of `ch` in em (Helvetica's metrics)."""
    width = float(_font().glyph_advance(ord(ch))) if len(ch) == 1 else 0.0
    return width if width > 0 else MEAN_WIDTH
