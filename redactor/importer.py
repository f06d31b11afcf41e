"""Read a review copy edited in Adobe Acrobat (or any PDF editor) back into the log.

The review copy carries one native /Redact annotation per boxed row, its /NM set to the row's
log id. After a reviewer has worked on it:

- a mark that was deleted: the row becomes `reject`;
- a mark that was moved or resized: the row's box follows it (said in `note`);
- a mark whose overlay text was changed to another exemption code: the row's exemption follows;
- a new mark (an /NM the log does not know): a new accepted row, one per marked line, with the
  text under it read from the input PDF and the exemption from the overlay text when it is a
  known code (otherwise the default exemption, with a warning).

Every change goes to the audit file; the log is then rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from redactor import copies
from redactor.audit import Change, now
from redactor.errors import BadArgumentsError, LogError
from redactor.log import ACCEPT, JSON_NAME, MANUAL, REJECT, LogRow
from redactor.models import Box
from redactor.pdf.document import sha256_of
from redactor.pdf.marks import RedactMark, read_pages, read_redact_marks
from redactor.pdf.text import PageText
from redactor.review import Reviewed, commit, manual_id, validate
from redactor.rules import Rules, load_rules

MOVE_TOLERANCE = 0.5  # points; smaller differences are rounding, not a move


@dataclass
class ImportReport:
    out_dir: Path
    files: list[str] = field(default_factory=list)
    rejected: int = 0
    moved: int = 0
    relabelled: int = 0
    added: list[str] = field(default_factory=list)  # ids of new rows
    warnings: list[str] = field(default_factory=list)


def find_out_dir(path: Path, out_dir: Path | None) -> Path:
    """The output folder: given, or the folder holding the `annotated/` the path is in."""
    if out_dir is not None:
        return out_dir
    for parent in [path.resolve(), *path.resolve().parents]:
        if parent.name == copies.ANNOTATED_DIR and (parent.parent / JSON_NAME).is_file():
            return parent.parent
    raise BadArgumentsError(
        f"{path}: not inside the annotated/ folder of a scan's output; give the output folder "
        "with -o OUT_DIR."
    )


def _relative_name(pdf: Path, out_dir: Path, known: set[str]) -> str:
    annotated = (out_dir / copies.ANNOTATED_DIR).resolve()
    resolved = pdf.resolve()
    if resolved.is_relative_to(annotated):
        rel = resolved.relative_to(annotated).as_posix()
        if rel in known:
            return rel
    same_name = [rel for rel in known if Path(rel).name == pdf.name]
    if len(same_name) == 1:
        return same_name[0]
    raise BadArgumentsError(
        f"{pdf}: cannot tell which scanned file this review copy belongs to "
        f"({'several' if same_name else 'no'} scanned file(s) named {pdf.name}); keep the "
        f"reviewed copy under {out_dir / copies.ANNOTATED_DIR} with its original name."
    )


def text_in_box(page: PageText, box: Box) -> str:
    """The characters whose centre lies inside the box, words separated by single spaces."""
    picked: list[str] = []
    gap = False
    for ch, cb in zip(page.text, page.boxes, strict=True):
        if cb is None:
            gap = bool(picked)
            continue
        cx, cy = (cb[0] + cb[2]) / 2, (cb[1] + cb[3]) / 2
        if box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1:
            if gap:
                picked.append(" ")
            picked.append(ch)
            gap = False
        elif picked:
            gap = True
    return "".join(picked).strip()


def exemption_code(overlay: str, rules: Rules) -> str:
    """The exemption an overlay text names ("s40(2)", " S40(2) "), or "" if none."""
    wanted = "".join(overlay.split()).casefold()
    for code, exemption in rules.exemptions.items():
        if exemption.usable_on_box and code.casefold() == wanted:
            return code
    return ""


def _moved(a: Box, b: Box) -> bool:
    return any(
        abs(x - y) > MOVE_TOLERANCE
        for x, y in zip((a.x0, a.y0, a.x1, a.y1), (b.x0, b.y0, b.x1, b.y1), strict=True)
    )


@dataclass
class _Context:
    reviewed: Reviewed
    rules: Rules
    reviewer: str
    when: str
    default_exemption: str
    report: ImportReport
    source_name: str = ""

    def change(self, index: int, row: LogRow, what: str, **fields: object) -> None:
        rows = self.reviewed.log.rows
        old = rows[index]
        rows[index] = row
        diff = {k: (getattr(old, k), v) for k, v in fields.items() if getattr(old, k) != v}
        self.reviewed.changes.append(Change(row.id, f"{what} (from {self.source_name})", diff))


def _note(row: LogRow, text: str) -> str:
    return f"{row.note}; {text}" if row.note else text


def _update_existing(ctx: _Context, index: int, mark: RedactMark) -> None:
    row = ctx.reviewed.log.rows[index]
    outline = mark.outline.rounded(2)
    if _moved(row.box, outline):
        note = _note(row, f"box moved in the review PDF on {ctx.when[:10]} by {ctx.reviewer}")
        moved = replace(row, x0=outline.x0, y0=outline.y0, x1=outline.x1, y1=outline.y1, note=note)
        ctx.change(
            index,
            moved,
            "box moved or resized in the review PDF",
            x0=moved.x0,
            y0=moved.y0,
            x1=moved.x1,
            y1=moved.y1,
            note=note,
        )
        ctx.report.moved += 1
        row = moved
    code = exemption_code(mark.overlay, ctx.rules)
    if code and code != row.exemption:
        ctx.change(
            index,
            replace(row, exemption=code),
            "exemption changed in the review PDF",
            exemption=code,
        )
        ctx.report.relabelled += 1


def _add_new(ctx: _Context, rel: str, mark: RedactMark, page: PageText) -> None:
    code = exemption_code(mark.overlay, ctx.rules)
    if not code:
        code = ctx.default_exemption
        label = repr(mark.overlay) if mark.overlay.strip() else "no overlay text"
        ctx.report.warnings.append(
            f"{rel} page {mark.page}: new mark has {label}, not a known exemption code; "
            f"logged under {code} (change it in the log if that is wrong)"
        )
    rows = ctx.reviewed.log.rows
    ids = {r.id for r in rows}
    first = ""
    for box in mark.boxes:
        b = box.rounded(2)
        row = LogRow(
            id="",
            file=rel,
            page=mark.page,
            x0=b.x0,
            y0=b.y0,
            x1=b.x1,
            y1=b.y1,
            text=text_in_box(page, b),
            entity_type="",
            exemption=code,
            score=0.0,
            recogniser=MANUAL,
            reason=f"marked by hand in the review PDF {ctx.source_name}",
            decision=ACCEPT,
            reviewer=ctx.reviewer,
            decided_at=ctx.when,
        )
        row = replace(row, id=manual_id(row))
        first = first or row.id
        if row.id in ids:  # imported before: the same mark gives the same id
            continue
        rows.append(replace(row, finding=first))
        ids.add(row.id)
        ctx.reviewed.changes.append(
            Change(
                row.id,
                f"new mark in the review PDF (from {ctx.source_name})",
                {"decision": ("", ACCEPT), "exemption": ("", code)},
            )
        )
        ctx.report.added.append(row.id)


def _import_one(ctx: _Context, pdf: Path, rel: str, out_dir: Path) -> None:
    log = ctx.reviewed.log
    record = next(f for f in log.files if f.file == rel)
    source = Path(log.input_dir) / rel
    if not source.is_file() or sha256_of(source) != record.sha256:
        raise LogError(
            f"{rel}: the input is missing or changed since the scan; re-run `redactor scan` "
            "before importing reviews of it."
        )
    ctx.source_name = pdf.name
    marks = read_redact_marks(pdf, str(pdf))
    registry = copies.load(out_dir)
    rows = log.rows
    expected = (
        set(registry[rel].ids)
        if rel in registry
        else {r.id for r in rows if r.file == rel and r.has_box}
    )
    if not marks and expected:
        raise LogError(
            f"{pdf}: has no redaction marks left. If the redactions were applied in the PDF "
            "editor, nothing can be read back; reject rows in the log instead."
        )
    position = {r.id: i for i, r in enumerate(rows) if r.file == rel and r.has_box}
    pages = read_pages(source, rel)
    seen: set[str] = set()
    for mark in marks:
        if mark.name in position and mark.page == rows[position[mark.name]].page:
            seen.add(mark.name)
            _update_existing(ctx, position[mark.name], mark)
        elif mark.page <= len(pages):
            _add_new(ctx, rel, mark, pages[mark.page - 1].text)
    for row_id in sorted(expected - seen):
        index = position.get(row_id)
        if index is None or rows[index].decision == REJECT:
            continue
        row = rows[index]
        note = _note(row, "mark deleted in the review PDF")
        rejected = row.decided(REJECT, ctx.reviewer, ctx.when)
        ctx.change(
            index,
            replace(rejected, note=note),
            "mark deleted in the review PDF",
            decision=REJECT,
            reviewer=ctx.reviewer,
            decided_at=ctx.when,
            note=note,
        )
        ctx.report.rejected += 1
    if rel in registry:
        registry[rel].imported_sha256.append(sha256_of(pdf))
        copies.save(out_dir, registry)
    ctx.report.files.append(rel)


def import_reviews(
    path: Path,
    out_dir: Path | None,
    reviewer: str,
    default_exemption: str,
    rules_dir: Path | None = None,
) -> ImportReport:
    out = find_out_dir(path, out_dir)
    rules = load_rules(rules_dir)
    if not exemption_code(default_exemption, rules):
        raise BadArgumentsError(
            f"--exemption {default_exemption!r} is not a box exemption in the rules' catalogue."
        )
    reviewed = validate(out, rules)
    pdfs = sorted(path.rglob("*.pdf")) if path.is_dir() else [path]
    if not pdfs:
        raise BadArgumentsError(f"{path}: no PDF files to import.")
    known = {f.file for f in reviewed.log.files if f.status == "ok"}
    report = ImportReport(out_dir=out)
    ctx = _Context(
        reviewed, rules, reviewer, now(), exemption_code(default_exemption, rules), report
    )
    for pdf in pdfs:
        _import_one(ctx, pdf, _relative_name(pdf, out, known), out)
    reviewed.log.rows.sort(key=lambda r: (r.file, r.page, r.y0, r.x0, r.id))
    commit(out, reviewed, "import", reviewer, ctx.when)
    return report
