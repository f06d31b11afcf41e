"""`make eval`: detection measured against the fixtures' ground truth.

Scans the fixture folder with the real pipeline, then compares the proposed boxes with the boxes of
every ground-truth string (found with PyMuPDF's own text search, not ours, or given as `boxes` in
the item, as for the scanned fixtures, where there is no text to search):
- an item occurrence is found when proposed boxes cover at least COVER of its area;
- a proposed box is a true positive when it overlaps some ground-truth occurrence on its page.
Prints precision, recall and F1 per entity type and overall, then every miss and false positive.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor.log import LogRow
from redactor.models import Box
from redactor.options import Options
from redactor.pdf.inspect import find_text
from redactor.scan import scan

COVER = 0.9


@dataclass
class Tally:
    true_pos: int = 0  # proposed boxes that hit a ground-truth occurrence
    false_pos: int = 0
    found: int = 0  # ground-truth occurrences covered
    missed: int = 0

    @property
    def precision(self) -> float:
        total = self.true_pos + self.false_pos
        return self.true_pos / total if total else 1.0

    @property
    def recall(self) -> float:
        total = self.found + self.missed
        return self.found / total if total else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def overall(self) -> Tally:
        total = Tally()
        for t in self.by_type.values():
            total.true_pos += t.true_pos
            total.false_pos += t.false_pos
            total.found += t.found
            total.missed += t.missed
        return total


def _overlap(a: Box, b: Box) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _covered(target: Box, boxes: list[Box]) -> bool:
    area = target.width * target.height
    if area <= 0:
        return False
    # proposed boxes on one line do not overlap each other, so their overlaps add up
    return sum(_overlap(target, b) for b in boxes) >= COVER * area


def _occurrences(pdf_dir: Path, item: dict[str, Any]) -> list[Box]:
    """Explicit boxes when the item has them (a scan has no text to search), else a text search."""
    if "boxes" in item:
        return [Box(*map(float, b)) for b in item["boxes"]]
    return find_text(pdf_dir / item["file"], int(item["page"]), item["text"])


def evaluate(pdf_dir: Path, truth: dict[str, Any], rows: list[LogRow]) -> Evaluation:
    result = Evaluation()
    rows_by_page: dict[tuple[str, int], list[LogRow]] = defaultdict(list)
    for row in rows:
        rows_by_page[(row.file, row.page)].append(row)
    truth_boxes: dict[tuple[str, int], list[Box]] = defaultdict(list)
    for item in truth["items"]:
        key = (item["file"], int(item["page"]))
        occurrences = _occurrences(pdf_dir, item)
        if not occurrences:
            raise SystemExit(f"ground truth {item} is not on its page: regenerate the fixtures")
        truth_boxes[key].extend(occurrences)
        proposed = [r.box for r in rows_by_page.get(key, [])]
        tally = result.by_type[item["entity_type"]]
        for box in occurrences:
            if _covered(box, proposed):
                tally.found += 1
            else:
                tally.missed += 1
                result.misses.append(
                    f"{item['file']} p{key[1]} {item['entity_type']}: {item['text']!r}"
                )
    for key, page_rows in rows_by_page.items():
        for row in page_rows:
            tally = result.by_type[row.entity_type]
            if any(_overlap(row.box, t) > 0 for t in truth_boxes.get(key, [])):
                tally.true_pos += 1
            else:
                tally.false_pos += 1
                result.false_positives.append(
                    f"{row.file} p{row.page} {row.entity_type} ({row.recogniser}): {row.text!r}"
                )
    return result


def report(result: Evaluation) -> str:
    lines = [
        f"{'entity type':<22}{'precision':>10}{'recall':>8}{'F1':>7}"
        f"{'found':>7}{'missed':>7}{'FP':>5}"
    ]
    for name in sorted(result.by_type):
        t = result.by_type[name]
        lines.append(
            f"{name:<22}{t.precision:>10.3f}{t.recall:>8.3f}{t.f1:>7.3f}"
            f"{t.found:>7}{t.missed:>7}{t.false_pos:>5}"
        )
    t = result.overall()
    lines.append(
        f"{'OVERALL':<22}{t.precision:>10.3f}{t.recall:>8.3f}{t.f1:>7.3f}"
        f"{t.found:>7}{t.missed:>7}{t.false_pos:>5}"
    )
    lines.append(f"\nmisses ({len(result.misses)}):")
    lines.extend(f"  {m}" for m in result.misses)
    lines.append(f"false positives ({len(result.false_positives)}):")
    lines.extend(f"  {f}" for f in result.false_positives)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdf_dir", type=Path)
    parser.add_argument("ground_truth", type=Path)
    args = parser.parse_args()
    truth = json.loads(args.ground_truth.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="redactor-eval-") as tmp:
        scanned = scan(args.pdf_dir, Path(tmp), Options(show_progress=False))
    print(report(evaluate(args.pdf_dir, truth, scanned.log.rows)))
    # A file that could not be scanned (Tesseract missing, say) counts as all misses above; the
    # figures are not the detectors' unless every file was read.
    for failure in scanned.failures:
        print(f"failed: {failure.message}", file=sys.stderr)
    return 1 if scanned.failures else 0


if __name__ == "__main__":
    sys.exit(main())
