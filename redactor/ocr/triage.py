"""Which pages need OCR, and where: decided from cheap measurements of each page.

- no text layer but ink on the page (a scan): OCR the whole page, text from OCR only;
- a text layer that extracts as garbage (fonts without a ToUnicode map, a broken OCR layer):
  the same, and the page is reported;
- a text layer too thin for the ink on the page (dark pixels away from any text, picture or
  filled box): OCR the whole page and add the words the text layer lacks;
- large pictures on an otherwise digital page (a screenshot of an email, a scanned signature
  block): OCR each picture and add its words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from operator import methodcaller

from redactor.models import Box
from redactor.pdf.raster import PageSurvey

MIN_TEXT_CHARS = 20  # fewer visible characters than this is "no text layer"
BLANK_INK = 0.0002  # a page with more dark area than this is not blank
THIN_INK = 0.01  # dark share of the page away from any text that means text is missing
BAD_CHAR_SHARE = 0.05
MIN_TOKENS = 15
MIN_WORD_SHARE = 0.5
MIN_COMMON_SHARE = 0.02
MIN_READ_COMMON_SHARE = 0.05

# A word-shaped token: letters with a vowel (or a capitalised/shouted word), or a number.
_WORDLIKE = re.compile(
    r"^[(\"'“‘]*(?:[A-Za-z]*[aeiouyAEIOUY][a-z]*|[A-Z][A-Z]+|[\d.,:/£%-]+)[)\"'”’.,;:!?]*$"
)
_COMMON = frozenset(
    """the of and to a in is for on that by with this be are as at from or it was will an
    have has not we you your our please any if which all been can may would should their they
    there these no dear regards team re police officer date subject sent""".split()
)


@dataclass(frozen=True)
class Plan:
    regions: list[Box | None] = field(default_factory=list)  # None: the whole page
    replace: bool = False  # ignore the text layer (none, or unreadable)
    reason: str = ""

    @property
    def needed(self) -> bool:
        return bool(self.regions)


def _bad_char(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Co", "Cn", "Cs") or (category == "Cc" and not ch.isspace())


def is_garbage(text: str) -> bool:
    """Text that extracts but does not read: replacement, private-use or control characters,
    or too few real words (glyph codes mapped to the wrong letters)."""
    tokens = text.split()
    return _garbage(tokens, "".join(tokens))


def _garbage(tokens: list[str], visible: str) -> bool:
    """is_garbage on the text's words and its characters that are not whitespace (str.split()
    drops exactly the characters str.isspace() names). Counted per distinct character, and per
    word in C: a page holds thousands of characters and hundreds of words."""
    if not visible:
        return False
    bad = sum(visible.count(ch) for ch in set(visible) if _bad_char(ch))
    if bad / len(visible) > BAD_CHAR_SHARE:
        return True
    if len(tokens) < MIN_TOKENS:
        return False
    wordlike = len(list(filter(None, map(_WORDLIKE.match, tokens)))) / len(tokens)
    common = _common_share(tokens)
    return wordlike < MIN_WORD_SHARE or (common < MIN_COMMON_SHARE and wordlike < 0.8)


_STRIP = methodcaller("strip", ".,;:!?()\"'")


def _common_share(tokens: list[str]) -> float:
    common = sum(map(_COMMON.__contains__, map(str.casefold, map(_STRIP, tokens))))
    return common / len(tokens)


def reads_as_text(text: str) -> bool:
    """Whether OCR output looks like a page read the right way up: not garbage, and with some
    everyday words once there are enough words to tell (upside-down text reads as glyph soup)."""
    tokens = text.split()
    if _garbage(tokens, "".join(tokens)):
        return False
    return len(tokens) < MIN_TOKENS or _common_share(tokens) >= MIN_READ_COMMON_SHARE


def plan_page(survey: PageSurvey) -> Plan:
    tokens = survey.text.text.split()
    characters = "".join(tokens)  # those that are not whitespace
    visible = len(characters)
    if _garbage(tokens, characters):
        return Plan([None], replace=True, reason="its text layer is unreadable")
    if visible < MIN_TEXT_CHARS:
        if survey.images or survey.ink > BLANK_INK:
            return Plan([None], replace=True, reason="it has no text layer")
        return Plan()
    if survey.stray_ink > THIN_INK:
        return Plan([None], replace=False, reason="its text layer is thin for its ink")
    if survey.images:
        return Plan(list(survey.images), replace=False, reason="it has pictures")
    return Plan()
