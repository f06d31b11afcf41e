"""The one place that runs Tesseract: a PNG in, words with pixel boxes and confidences out.

Tesseract runs as a subprocess (`tesseract stdin stdout ... hocr`) with OMP_THREAD_LIMIT=1, so
several pages can be read at once, one core each. A page read with low confidence is checked for
orientation (`--psm 0`); when Tesseract is sure it is sideways or upside down, the image is turned
upright and read again; the words keep the upright image's pixels (so they read left to right)
with the map back to the original. Slight skew needs no help: Tesseract follows each line's
baseline and reports axis-aligned word boxes. hOCR rather than TSV, because it gives each line's
baseline and text height: a box must cover a word's ascenders and descenders even when the word
itself has none, or the letters around it would decide how tall the box is.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from xml.etree import ElementTree

from PIL import Image

from redactor.ocr.ink import Inked, PixelBox, grow_to_ink
from redactor.ocr.triage import reads_as_text

TESSERACT = "tesseract"
LANGUAGE = "eng"
TIMEOUT_SECONDS = 600
# A read this poor may be a page scanned sideways or upside down.
RETRY_BELOW_CONFIDENCE = 70.0
RETRY_BELOW_WORDS = 5
# Tesseract's own orientation confidence below which its answer is not trusted.
MIN_ORIENTATION_CONFIDENCE = 1.5

Affine = tuple[float, float, float, float, float, float]  # x' = a*x + c*y + e, y' = b*x + d*y + f
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_TRANSPOSE = {
    90: Image.Transpose.ROTATE_270,  # OSD "Rotate: 90" means turn clockwise by 90 degrees
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}
# Above the ascenders and below the descenders, a margin like a font's own, in line heights.
MARGIN_ABOVE = 0.3
MARGIN_BELOW = 0.15


class TesseractError(Exception):
    """Tesseract is missing or failed; the message says what to do."""


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: PixelBox  # the word's ink, in the pixels of the image as read
    band: tuple[float, float]  # top and bottom of the line's text at this word, with margins
    conf: float  # 0-100
    block: int
    line: int  # counts text lines across the whole image


def available() -> bool:
    return shutil.which(TESSERACT) is not None


def _run(png: bytes, args: list[str], language: str = LANGUAGE) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        proc = subprocess.run(
            [TESSERACT, "stdin", "stdout", "-l", language, *args],
            input=png,
            capture_output=True,
            env=env,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as exc:
        raise TesseractError(
            "Tesseract is not installed: install the Debian packages tesseract-ocr, "
            "tesseract-ocr-eng and tesseract-ocr-osd, then re-run"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise TesseractError(f"Tesseract took over {TIMEOUT_SECONDS} s on one page") from exc
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise TesseractError(f"Tesseract failed: {detail[-1] if detail else proc.returncode}")
    return proc.stdout.decode("utf-8", "replace")


_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_NUMBER = r"(-?[\d.]+(?:e-?\d+)?)"


def _field(title: str, name: str, default: float = 0.0) -> float:
    found = re.search(rf"{name} {_NUMBER}", title)
    return float(found.group(1)) if found else default


def _bbox(title: str) -> PixelBox:
    found = _BBOX.search(title)
    if not found:
        return (0.0, 0.0, 0.0, 0.0)
    x0, y0, x1, y1 = (float(v) for v in found.groups())
    return (x0, y0, x1, y1)


def parse_hocr(hocr: str) -> list[OcrWord]:
    """Words from Tesseract's hOCR, each with the vertical band of its line: from the baseline,
    the line's ascent (x_size less descenders) above and its descent below, plus margins."""
    root = ElementTree.fromstring(hocr)
    words: list[OcrWord] = []
    block = line_no = 0
    for element in root.iter():
        kind = element.get("class", "")
        if kind == "ocr_carea":
            block += 1
        elif kind in ("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"):
            line_no += 1
            _line_words(element, block, line_no, words)
    return words


def _line_words(line: ElementTree.Element, block: int, number: int, out: list[OcrWord]) -> None:
    title = line.get("title", "")
    lx0, _, _, ly1 = _bbox(title)
    slope, offset = 0.0, 0.0
    baseline = re.search(rf"baseline {_NUMBER} {_NUMBER}", title)
    if baseline:
        slope, offset = float(baseline.group(1)), float(baseline.group(2))
    size = _field(title, "x_size")
    descent = _field(title, "x_descenders")
    for word in line.iter():
        if word.get("class") != "ocrx_word":
            continue
        text = "".join(word.itertext()).strip()
        if not text:
            continue
        wtitle = word.get("title", "")
        box = _bbox(wtitle)
        height = box[3] - box[1]
        line_size = size if size > 0 else height
        base = ly1 + offset + slope * ((box[0] + box[2]) / 2 - lx0)
        top = min(box[1], base - (line_size - descent)) - MARGIN_ABOVE * line_size
        bottom = max(box[3], base + descent) + MARGIN_BELOW * line_size
        conf = _field(wtitle, "x_wconf")
        out.append(OcrWord(text, box, (top, bottom), conf, block, number))


def _mean_conf(words: list[OcrWord]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def orientation(png: bytes, dpi: int) -> int:
    """Degrees to turn the image clockwise to make it upright (0 when unsure)."""
    try:  # the "osd" model: with a language model Tesseract only half-detects orientation
        out = _run(png, ["--psm", "0", "--dpi", str(dpi)], language="osd")
    except TesseractError:
        return 0  # too little text to tell: Tesseract exits with an error
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not rotate or not conf or float(conf.group(1)) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return int(rotate.group(1)) % 360


def _from_upright(turn: int, width: int, height: int) -> Affine:
    """Pixels of the image turned clockwise by `turn` degrees -> pixels of the image as given."""
    if turn == 90:  # the turned image's (x, y) was (y, height - x)
        return (0.0, -1.0, 1.0, 0.0, 0.0, float(height))
    if turn == 180:
        return (-1.0, 0.0, 0.0, -1.0, float(width), float(height))
    if turn == 270:  # the turned image's (x, y) was (width - y, x)
        return (0.0, 1.0, -1.0, 0.0, float(width), 0.0)
    return IDENTITY


def _with_ink(words: list[OcrWord], image: Image.Image) -> list[OcrWord]:
    """The words with their boxes grown over ink Tesseract left out of them (`ink.py`)."""
    inked = [
        Inked(w.box, w.line, (w.band[1] - w.band[0]) / (1 + MARGIN_ABOVE + MARGIN_BELOW))
        for w in words
    ]
    return [
        replace(word, box=box) for word, box in zip(words, grow_to_ink(inked, image), strict=True)
    ]


def read_words(png: bytes, dpi: int) -> tuple[list[OcrWord], Affine]:
    """OCR one greyscale PNG: its words, with boxes in the pixels of the image as read (turned
    upright when it had to be), and the map from those pixels to the pixels of `png`."""
    args = ["--psm", "3", "--dpi", str(dpi), "hocr"]
    words = parse_hocr(_run(png, args))
    image = Image.open(io.BytesIO(png))
    if (
        len(words) >= RETRY_BELOW_WORDS
        and _mean_conf(words) >= RETRY_BELOW_CONFIDENCE
        and reads_as_text(" ".join(w.text for w in words))
    ):
        return _with_ink(words, image), IDENTITY
    turn = orientation(png, dpi)
    if turn == 0:
        return _with_ink(words, image), IDENTITY
    upright = image.transpose(_TRANSPOSE[turn])
    buffer = io.BytesIO()
    upright.save(buffer, format="PNG")
    turned = parse_hocr(_run(buffer.getvalue(), args))
    if not reads_as_text(" ".join(w.text for w in turned)) and reads_as_text(
        " ".join(w.text for w in words)
    ):
        return _with_ink(words, image), IDENTITY
    return _with_ink(turned, upright), _from_upright(turn, image.width, image.height)
