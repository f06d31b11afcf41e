"""Word boxes grown over the ink Tesseract read but left out of them.

Tesseract's LSTM engine sometimes reads a word whole but boxes it short: "4015" boxed over "401",
the "5" two points to the right, outside (a real scan at 200 dpi), or a closing bracket left out.
A redaction box made from that word box would leave the last glyph readable. So each word's box
is grown to the right over ink that follows it on its line, until a blank run wider than a word
space or the next word; the first word of a line is grown to the left the same way. Ink is a
column of the word's height with at least MIN_DARK pixels darker than DARK, so a lone speck of
scanner noise does not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

PixelBox = tuple[float, float, float, float]
DARK = 128
MIN_DARK = 2
# The widest blank run crossed, in text sizes: a word space is about 0.25-0.3 of one.
MAX_GAP = 0.45


@dataclass(frozen=True)
class Inked:
    """A word as read: its box, its line and the size of its line's text (pixels)."""

    box: PixelBox
    line: int
    size: float


class _Columns:
    def __init__(self, image: Image.Image) -> None:
        self.image = image if image.mode == "L" else image.convert("L")
        self.pixels = self.image.load()

    def inky(self, x: int, top: int, bottom: int) -> bool:
        dark = 0
        for y in range(top, bottom):
            if self.pixels[x, y] < DARK:  # type: ignore[index,operator]
                dark += 1
                if dark >= MIN_DARK:
                    return True
        return False

    def reach(self, word: Inked, step: int, stop: int) -> int:
        """The last ink column on from the word's right (step 1) or left (step -1) edge, not
        beyond `stop`."""
        x0, y0, x1, y1 = (int(v) for v in word.box)
        top, bottom = max(0, y0), min(self.image.height, y1 + 1)
        widest = max(2, int(MAX_GAP * word.size))
        edge = x1 - 1 if step > 0 else x0
        reached, blank, x = edge, 0, edge + step
        while 0 <= x < self.image.width and (stop - x) * step >= 0 and blank <= widest:
            if self.inky(x, top, bottom):
                reached, blank = x, 0
            else:
                blank += 1
            x += step
        return reached


def grow_to_ink(words: list[Inked], image: Image.Image) -> list[PixelBox]:
    """Each word's box, grown over ink on its line that it left out (see above)."""
    columns = _Columns(image)
    boxes: list[PixelBox] = []
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else None
        before = words[index - 1] if index > 0 else None
        x0, y0, x1, y1 = word.box
        stop = columns.image.width - 1
        if after is not None and after.line == word.line:
            stop = int(after.box[0]) - 2
        right = columns.reach(word, 1, stop) + 1
        left = x0
        if before is None or before.line != word.line:
            left = columns.reach(word, -1, 0)
        boxes.append((min(x0, left), y0, max(x1, right), y1))
    return boxes
