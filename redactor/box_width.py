"""Boxes that do not give away the length of what they hide, where the page allows it.

A box as wide as the word under it tells a reader how long the word is: a three-letter first
name against an eight-letter one, "MI5" against "GCHQ". With a list of staff, that can be enough
to name the person (DOMAIN.md, "Where redactions fail", 7). So a box of the types listed in
policy.yaml (`min_box_width_types`) narrower than `min_box_width` times its height is widened
along its line into the empty space beside it (up to the next character on either side, within
the page's text), evenly on both sides where there is room.

Where text sits close on both sides, in the middle of a sentence, the box is not widened at
all: the letters left on either side show where the name starts and ends whatever the box's
width (they are easily guessed, and their widths known from the font), so covering them would
remove text and hide nothing. The one exception is punctuation: up to MAX_PUNCTUATION marks
next to the box (the comma of "Hi Ash," or the full stop after a name) are covered, whole,
when that opens enough empty space beyond them. Only re-setting the line would hide a length
in running text; redactor does not do that.

A neighbour is a character whose centre lies in the box's height, on any text line (a table's
next cell counts), as for every check of what lies under a box. Only text laid out left to
right is widened; a box on a vertical line is left as it is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import product

from redactor.models import Box
from redactor.pdf.text import PageText

GAP = 0.3  # points left between a widened box and the character it stops short of
MAX_PUNCTUATION = 2  # marks a box may cover to reach the empty space beyond them

# Punctuation marks covered (left, right): the fewest first, none at all first of all; of as
# many, those after the box (a name's comma or full stop) before those in front of it.
_CHOICES = sorted(
    (
        (n_left, n_right)
        for n_left, n_right in product(range(MAX_PUNCTUATION + 1), repeat=2)
        if n_left + n_right <= MAX_PUNCTUATION
    ),
    key=lambda pair: (sum(pair), -pair[1]),
)
_Char = tuple[float, float, bool]  # x0, x1, whether it is punctuation (may be covered)


class Widener:
    """One page's boxes widened; the page's characters are indexed when a box first needs it
    (most boxes are wide enough already)."""

    def __init__(self, page: PageText, ratio: float) -> None:
        self._page = page
        self._ratio = ratio
        self._by_y: list[tuple[float, float, float, bool]] = []
        self._ys: list[float] = []
        self._left = self._right = 0.0
        self._indexed = False

    def widen(self, box: Box, line: int) -> Box:
        """`box` (on text line `line`), as wide as the policy asks where the page allows."""
        want = self._ratio * (box.y1 - box.y0)
        if box.x1 - box.x0 >= want or not self._left_to_right(line):
            return box
        if not self._indexed:
            self._index()
        first, last = bisect_left(self._ys, box.y0), bisect_right(self._ys, box.y1)
        band = self._by_y[first:last]
        # nearest first: characters left of the box by their right edge, right of it by the left
        left = sorted(((c[1], c[2], c[3]) for c in band if (c[1] + c[2]) / 2 < box.x0), key=_x1)
        left.reverse()
        right = sorted((c[1], c[2], c[3]) for c in band if (c[1] + c[2]) / 2 > box.x1)
        for n_left, n_right in _CHOICES:
            room = self._room(box, left, n_left, right, n_right)
            if room is not None and room[3] - room[0] >= want:
                x0, x1 = _spread(room, want)
                return Box(x0, box.y0, x1, box.y1)
        return box  # hemmed in: the text either side shows its length whatever its width

    def _index(self) -> None:
        page = self._page
        # (centre y, x0, x1, punctuation), sorted by centre y: the characters in a box's height
        self._by_y = sorted(
            ((b[1] + b[3]) / 2, b[0], b[2], not c.isalnum() and not c.isspace())
            for c, b in zip(page.text, page.boxes, strict=True)
            if b is not None
        )
        self._ys = [c[0] for c in self._by_y]
        self._left = min((c[1] for c in self._by_y), default=0.0)
        self._right = max((c[2] for c in self._by_y), default=0.0)
        self._indexed = True

    def _left_to_right(self, line: int) -> bool:
        """Whether a text line runs left to right, by its first and last characters (a line of
        one character, or none, is taken to)."""
        lines, boxes = self._page.lines, self._page.boxes
        try:
            first = lines.index(line)
        except ValueError:
            return True
        last = len(lines) - 1 - lines[::-1].index(line)
        a, b = boxes[first], boxes[last]
        if a is None or b is None or first == last:
            return True
        dx, dy = (b[0] + b[2] - a[0] - a[2]) / 2, (b[1] + b[3] - a[1] - a[3]) / 2
        return dx > 0 and abs(dx) >= abs(dy)

    def _room(
        self, box: Box, left: list[_Char], n_left: int, right: list[_Char], n_right: int
    ) -> tuple[float, float, float, float] | None:
        """(farthest left edge, left edge, right edge, farthest right edge) with the nearest
        `n_left` / `n_right` characters covered, or None where one of them is not punctuation."""
        if len(left) < n_left or len(right) < n_right:
            return None
        if not all(c[2] for c in left[:n_left]) or not all(c[2] for c in right[:n_right]):
            return None
        x0 = min([box.x0, *(c[0] for c in left[:n_left])])
        x1 = max([box.x1, *(c[1] for c in right[:n_right])])
        # the next character on each side stops the box; its centre must not be under it
        stop_left = left[n_left][1] + GAP if n_left < len(left) else self._left
        stop_right = right[n_right][0] - GAP if n_right < len(right) else self._right
        if n_left < len(left) and sum(left[n_left][:2]) / 2 >= x0:
            return None
        if n_right < len(right) and sum(right[n_right][:2]) / 2 <= x1:
            return None
        return min(x0, stop_left), x0, x1, max(x1, stop_right)


def _spread(room: tuple[float, float, float, float], want: float) -> tuple[float, float]:
    """The edges `want` apart within the room, grown evenly on both sides where it allows."""
    far_left, x0, x1, far_right = room
    short = want - (x1 - x0)
    if short <= 0:  # the punctuation covered made it wide enough
        return x0, x1
    free_left, free_right = x0 - far_left, far_right - x1
    take_left = min(free_left, max(short / 2, short - free_right))
    return x0 - take_left, x1 + max(0.0, short - take_left)


def _x1(char: _Char) -> float:
    return char[1]
