"""Table rules and cell borders that a box only sits inside, kept through the redaction.

MuPDF's redaction removes every vector path whose bounding box meets a box
(`PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED`), so a signature drawn as paths cannot survive half
under a box. But a table cell is one stroked rectangle, and a box inside the cell meets its
bounding box: every cell holding a redaction lost its border, and a rule spanning a table lost
its whole length for a box beside it.

So, on each page, the paths that are nothing but straight strokes (rectangles, horizontal and
vertical lines; no curve, no fill) and none of whose strokes passes under any box are noted
before the redaction; those of them the redaction removed are drawn again after it, beneath
the page's content, with their colour, width and dashes. No stroke that lay under a box comes
back, and whatever else a box touches goes as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pymupdf

from redactor.pdf.redact import Area

MARGIN = 0.5  # points: a stroke this close to a box counts as passing under it
STRAIGHT = 1e-3  # points: how far from horizontal or vertical a line may be


def clear_of(page: pymupdf.Page, areas: Sequence[Area]) -> list[dict[str, Any]]:
    """The paths on the page the areas touch but none of whose strokes passes under one."""
    found = []
    for path in page.get_cdrawings():  # plain tuples: a third faster than get_drawings
        if path.get("type") != "s" or path.get("fill") is not None:
            continue
        rect = path["rect"]
        if not any(_meet(rect, area, 0.0) for area in areas):
            continue  # touches no box: MuPDF keeps it
        strokes = _strokes(path)
        if strokes is None:
            continue
        reach = (path.get("width") or 1.0) / 2 + MARGIN
        if not any(_meet(stroke, area, reach) for stroke in strokes for area in areas):
            found.append(path)
    return found


def restore(page: pymupdf.Page, paths: list[dict[str, Any]]) -> int:
    """Draw again, beneath the page's content, those of `paths` that are no longer on the page;
    how many were."""
    if not paths:
        return 0
    present = {_key(path) for path in page.get_cdrawings()}
    missing = [path for path in paths if _key(path) not in present]
    if not missing:
        return 0
    shape = page.new_shape()
    for path in missing:
        for item in path["items"]:
            if item[0] == "re":
                shape.draw_rect(pymupdf.Rect(item[1]))
            else:
                shape.draw_line(pymupdf.Point(item[1]), pymupdf.Point(item[2]))
        shape.finish(
            color=path.get("color"),
            width=path.get("width") or 1.0,
            dashes=path.get("dashes") or None,
            lineCap=max(path.get("lineCap") or (0,)),
            lineJoin=path.get("lineJoin") or 0,
            stroke_opacity=path.get("stroke_opacity", 1) or 1,
            closePath=bool(path.get("closePath")),
        )
    shape.commit(overlay=False)
    return len(missing)


def _strokes(path: dict[str, Any]) -> list[Area] | None:
    """Each straight stroke of the path as a (zero-width) area; None if it has anything else."""
    strokes: list[Area] = []
    for item in path["items"]:
        if item[0] == "re":
            x0, y0, x1, y1 = item[1]
            strokes += [(x0, y0, x1, y0), (x1, y0, x1, y1), (x0, y1, x1, y1), (x0, y0, x0, y1)]
        elif item[0] == "l":
            (ax, ay), (bx, by) = item[1], item[2]
            if abs(ax - bx) > STRAIGHT and abs(ay - by) > STRAIGHT:
                return None  # a slanting line: part of a drawing, not of a table
            strokes.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        else:
            return None  # a curve or a quad: a signature, a logo, drawn text
    return strokes


def _meet(stroke: Area, area: Area, reach: float) -> bool:
    """Whether `stroke`, grown by `reach` on every side, overlaps `area`."""
    return (
        stroke[0] - reach < area[2]
        and area[0] < stroke[2] + reach
        and stroke[1] - reach < area[3]
        and area[1] < stroke[3] + reach
    )


def _key(path: dict[str, Any]) -> tuple[Any, ...]:
    items = tuple(
        (item[0], *(round(v, 2) for v in (item[1] if item[0] == "re" else (*item[1], *item[2]))))
        for item in path["items"]
    )
    return items, path.get("color"), round(path.get("width") or 1.0, 2)
