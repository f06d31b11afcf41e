"""Boxes widened so they do not give away the length of a short name (`redactor/box_width.py`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redactor.box_width import GAP, MAX_PUNCTUATION, Widener
from redactor.models import Box
from redactor.pdf.text import PageText

HEIGHT = 12.0
RATIO = 3.5
WANT = RATIO * HEIGHT


def _page(lines: list[tuple[str, float, float]], advance: float = 6.0) -> PageText:
    """Lines of monospaced text: (text, left edge, top edge); each character `advance` wide. As
    PyMuPDF's text is read, a space between words is a separator with no box."""
    text: list[str] = []
    boxes: list[tuple[float, float, float, float] | None] = []
    numbers: list[int] = []
    for number, (line, left, top) in enumerate(lines):
        for i, char in enumerate(line):
            text.append(char)
            space = char == " "
            boxes.append(
                None if space else (left + i * advance, top, left + (i + 1) * advance, top + HEIGHT)
            )
            numbers.append(-1 if space else number)
        text.append("\n")
        boxes.append(None)
        numbers.append(-1)
    return PageText(1, "".join(text), boxes, numbers)  # type: ignore[arg-type]


def _box_of(page: PageText, word: str, occurrence: int = 0) -> tuple[Box, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = page.text.index(word, start + 1)
    ((box, _),) = page.segments(start, start + len(word))
    return box, page.line_of(start, start + len(word))


def _cut(page: PageText, box: Box) -> list[str]:
    """Characters in the box's height that the box covers only in part."""
    cut = []
    for char, found in zip(page.text, page.boxes, strict=True):
        if found is None or not box.y0 <= (found[1] + found[3]) / 2 <= box.y1:
            continue
        inside = found[0] >= box.x0 - 1e-9 and found[2] <= box.x1 + 1e-9
        outside = found[2] <= box.x0 + 1e-9 or found[0] >= box.x1 - 1e-9
        if not inside and not outside:
            cut.append(char)
    return cut


def _covered(page: PageText, box: Box) -> str:
    return "".join(
        char
        for char, found in zip(page.text, page.boxes, strict=True)
        if found is not None
        and box.x0 <= (found[0] + found[2]) / 2 <= box.x1
        and box.y0 <= (found[1] + found[3]) / 2 <= box.y1
    )


def test_short_names_at_line_ends_get_boxes_of_one_width() -> None:
    page = _page(
        [
            ("Hi Ash,", 72, 100),
            ("Thanks, Lucy", 72, 115),
            ("Kim", 72, 130),
            ("Thanks for the update on the van, and for the rota.", 72, 145),
        ]
    )
    widener = Widener(page, RATIO)
    boxes = {name: widener.widen(*_box_of(page, name)) for name in ("Ash", "Lucy", "Kim")}
    for box in boxes.values():
        assert box.x1 - box.x0 == pytest.approx(WANT)
        assert _cut(page, box) == []
        assert box.x0 >= 72  # within the page's text
    # the comma after "Ash" is covered (whole) to reach the empty line end; nothing else is
    assert _covered(page, boxes["Ash"]) == "Ash,"
    assert _covered(page, boxes["Lucy"]) == "Lucy"
    assert _covered(page, boxes["Kim"]) == "Kim"


def test_a_name_in_running_text_is_not_widened_over_its_neighbours() -> None:
    """The letters on either side pin where the name starts and ends; covering them would remove
    text and hide nothing; the box is left as it was found."""
    page = _page([("Please ring Ash on Monday about it.", 72, 100), ("Ash's report", 72, 115)])
    widener = Widener(page, RATIO)
    for at in (0, 1):
        box, line = _box_of(page, "Ash", at)
        widened = widener.widen(box, line)
        assert widened == box


def test_a_box_stops_short_of_its_neighbours_when_there_is_room() -> None:
    # a wide gap (two columns) beside the name: the box grows into it, not over "Tel"
    page = _page([("Ash", 72, 100), ("Tel", 200, 100)])
    box, line = _box_of(page, "Ash")
    widened = Widener(page, RATIO).widen(box, line)
    assert widened.x1 <= 200 - GAP + 1e-9 and _covered(page, widened) == "Ash"


def test_wide_boxes_and_vertical_lines_are_left_alone() -> None:
    page = _page([("Christopher Montgomery-Smith", 72, 100)])
    box, line = _box_of(page, "Christopher Montgomery-Smith")
    assert Widener(page, RATIO).widen(box, line) == box
    # a line running down the page (rotated text): its characters stack in y
    down = PageText(
        1,
        "Ash",
        [(72, 100 + 8 * i, 80, 108 + 8 * i) for i in range(3)],  # type: ignore[misc]
        [0, 0, 0],
    )
    ((box, _),) = down.segments(0, 3)
    assert Widener(down, RATIO).widen(box, 0) == box


def test_a_line_shorter_than_the_width_is_covered_whole_and_no_more() -> None:
    page = _page([("Jo", 72, 100)])
    box, line = _box_of(page, "Jo")
    widened = Widener(page, RATIO).widen(box, line)
    assert widened == Box(72, 100, 84, 100 + HEIGHT)  # no text beyond it, no room to grow


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=1.0, max_value=12.0),  # width
            st.floats(min_value=0.0, max_value=20.0),  # gap after it
            st.sampled_from("abc,.)'"),
        ),
        min_size=2,
        max_size=40,
    ),
    st.integers(min_value=0, max_value=39),
    st.integers(min_value=1, max_value=6),
)
def test_a_widened_box_never_cuts_a_character_nor_covers_a_letter(
    chars: list[tuple[float, float, str]], at: int, length: int
) -> None:
    """Characters of any widths, gaps and kinds: the widened box holds the original, stays in
    the page's text, covers each character whole or not at all, and of the characters it did
    not cover before, covers only punctuation, at most two."""
    boxes, x = [], 72.0
    for width, gap, _ in chars:
        boxes.append((x, 100.0, x + width, 100.0 + HEIGHT))
        x += width + gap
    count = len(boxes)
    text = "".join(c for _, _, c in chars)
    page = PageText(1, text, boxes, [0] * count)  # type: ignore[arg-type]
    start = min(at, count - 1)
    end = min(count, start + length)
    ((box, _),) = page.segments(start, end)
    widened = Widener(page, RATIO).widen(box, 0)
    assert widened.x0 <= box.x0 and widened.x1 >= box.x1
    assert (widened.y0, widened.y1) == (box.y0, box.y1)
    assert _cut(page, widened) == []
    assert boxes[0][0] - 1e-9 <= widened.x0 and widened.x1 <= boxes[-1][2] + 1e-9
    before, after = _covered(page, box), _covered(page, widened)
    added = len(after) - len(before)
    assert added <= MAX_PUNCTUATION
    assert after.count("a") + after.count("b") + after.count("c") == (
        before.count("a") + before.count("b") + before.count("c")
    )
