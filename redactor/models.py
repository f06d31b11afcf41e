"""Plain records shared by every stage. No third-party imports here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One detection in a page's text: character offsets into that text."""

    start: int
    end: int
    entity_type: str
    score: float
    recogniser: str
    text: str
    # Why it was found (pattern name, context word, ...); logged in the note column.
    explanation: str = ""
    # The exemption the input itself names for it (an unapplied /Redact mark's overlay text);
    # "" means the rules' exemption for the entity type.
    exemption: str = ""


def overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether text[start:end] shares a character with any of the (start, end) spans."""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in PDF points on the unrotated page, top-left origin."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def rounded(self, ndigits: int = 2) -> Box:
        return Box(
            round(self.x0, ndigits),
            round(self.y0, ndigits),
            round(self.x1, ndigits),
            round(self.y1, ndigits),
        )


@dataclass(frozen=True, slots=True)
class Mark:
    """A box to draw (review copy) or burn (clean copy), with what the log says about it."""

    page: int  # 1-based
    box: Box
    exemption: str
    entity_type: str
    log_id: str


Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class LayerWord:
    """A word of an invisible OCR text layer: its text and its band as read upright (top-left,
    top-right and bottom-left corners, in unrotated page points), so sideways text stays
    sideways."""

    text: str
    top_left: Point
    top_right: Point
    bottom_left: Point


# An affine map in PDF's convention: x' = a*x + c*y + e, y' = b*x + d*y + f.
Affine = tuple[float, float, float, float, float, float]


def compose(outer: Affine, inner: Affine) -> Affine:
    """The map `outer(inner(p))`."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a1 * a2 + c1 * b2,
        b1 * a2 + d1 * b2,
        a1 * c2 + c1 * d2,
        b1 * c2 + d1 * d2,
        a1 * e2 + c1 * f2 + e1,
        b1 * e2 + d1 * f2 + f1,
    )
