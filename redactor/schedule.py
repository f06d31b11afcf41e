"""The schedule of redactions for the response letter: where, how many, under which exemption.

It never contains redacted text: only file, page, exemption and counts, plus each exemption's
title, whether it is absolute or qualified and whether a public interest test is needed (from
rules/exemptions.yaml). Written by `apply` for the bundle and for each released document, as CSV
and as Markdown, atomically.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from redactor.fsutil import write_text_atomic
from redactor.log import ACCEPT, LogRow
from redactor.rules import Rules

SCHEDULE_DIR = "schedule"
DOCUMENTS_DIR = "documents"
SCHEDULE_COLUMNS = ("file", "page", "exemption", "redactions")
EXEMPTION_COLUMNS = (
    "exemption",
    "title",
    "kind",
    "public_interest_test",
    "redactions",
    "documents",
)


@dataclass(frozen=True)
class Entry:
    file: str
    page: int
    exemption: str
    redactions: int


def count_redactions(rel: str, rows: list[LogRow]) -> list[Entry]:
    """One entry per page and exemption. A redaction broken across lines (several boxes sharing
    a `finding` id) counts once."""
    seen: set[tuple[int, str, str]] = set()
    counts: Counter[tuple[int, str]] = Counter()
    for row in rows:
        if row.decision != ACCEPT or not row.has_box:
            continue
        key = (row.page, row.exemption, row.finding or row.id)
        if key not in seen:
            seen.add(key)
            counts[(row.page, row.exemption)] += 1
    return [Entry(rel, page, code, n) for (page, code), n in sorted(counts.items())]


def _csv(header: tuple[str, ...], lines: Sequence[tuple[object, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(lines)
    return "\ufeff" + buffer.getvalue()


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _summary(entries: list[Entry], rules: Rules) -> list[tuple[object, ...]]:
    used = Counter[str]()
    files: dict[str, set[str]] = {}
    for e in entries:
        used[e.exemption] += e.redactions
        files.setdefault(e.exemption, set()).add(e.file)
    order = [code for code in rules.exemptions if code in used]
    order += sorted(code for code in used if code not in rules.exemptions)
    lines: list[tuple[object, ...]] = []
    for code in order:
        ex = rules.exemptions.get(code)
        lines.append(
            (
                code,
                ex.title if ex else "",
                ex.kind if ex else "",
                ("yes" if ex.public_interest_test else "no") if ex else "",
                used[code],
                len(files[code]),
            )
        )
    return lines


def _markdown(title: str, documents: dict[str, list[Entry]], rules: Rules) -> str:
    entries = [e for found in documents.values() for e in found]
    out = [f"# {title}", ""]
    out += [
        "This schedule lists where information was withheld and under which exemption of the "
        "Freedom of Information Act 2000. It contains none of the withheld information.",
        "",
        "## Exemptions applied",
        "",
    ]
    summary = _summary(entries, rules)
    if summary:
        out += [
            "| exemption | title | absolute or qualified | public interest test | redactions |",
            "|---|---|---|---|---|",
        ]
        out += [f"| {c} | {_md(str(t))} | {k} | {p} | {n} |" for c, t, k, p, n, _ in summary]
    else:
        out.append("None: released in full.")
    out += ["", "## Redactions by document and page", ""]
    for rel, found in sorted(documents.items()):
        out += [f"### {_md(rel)}", ""]
        if not found:
            out += ["Released in full (no redactions).", ""]
            continue
        out += ["| page | exemption | redactions |", "|---|---|---|"]
        out += [f"| {e.page} | {e.exemption} | {e.redactions} |" for e in found]
        out += [f"| total | | {sum(e.redactions for e in found)} |", ""]
    return "\n".join(out).rstrip() + "\n"


def _document_stem(rel: str) -> str:
    path = PurePosixPath(rel)
    return str(path.with_suffix("")) if path.suffix.lower() == ".pdf" else rel


def write_schedule(out_dir: Path, released: dict[str, list[LogRow]], rules: Rules) -> Path:
    """Write OUT/schedule/: the bundle's schedule.csv, schedule.md and exemptions.csv, and a
    CSV and Markdown page per released document under documents/. Returns the folder."""
    folder = out_dir / SCHEDULE_DIR
    documents = {rel: count_redactions(rel, rows) for rel, rows in released.items()}
    entries = [e for rel in sorted(documents) for e in documents[rel]]
    lines = [(e.file, e.page, e.exemption, e.redactions) for e in entries]
    write_text_atomic(folder / "schedule.csv", _csv(SCHEDULE_COLUMNS, lines))
    write_text_atomic(folder / "exemptions.csv", _csv(EXEMPTION_COLUMNS, _summary(entries, rules)))
    write_text_atomic(folder / "schedule.md", _markdown("Schedule of redactions", documents, rules))
    written: set[Path] = set()
    for rel, found in documents.items():
        stem = folder / DOCUMENTS_DIR / _document_stem(rel)
        doc_lines = [(e.file, e.page, e.exemption, e.redactions) for e in found]
        csv_path, md_path = stem.with_name(stem.name + ".csv"), stem.with_name(stem.name + ".md")
        write_text_atomic(csv_path, _csv(SCHEDULE_COLUMNS, doc_lines))
        write_text_atomic(
            md_path, _markdown(f"Schedule of redactions: {_md(rel)}", {rel: found}, rules)
        )
        written.update((csv_path, md_path))
    _remove_stale(folder / DOCUMENTS_DIR, written)
    return folder


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    """A document no longer released must not keep an old schedule page."""
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".md") and path not in keep:
            path.unlink()
