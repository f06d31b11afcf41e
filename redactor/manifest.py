"""What `apply` released, so a re-run after an interruption skips files already done.

A file is skipped only when its input, its log rows (what is burned and what is checked), the
redactor version and `--ocr-layer` are unchanged, and the clean copy on disk is byte for byte the
one released. The manifest lives beside the log, not in `redacted/`, so it is never disclosed with
the clean files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from redactor import __version__
from redactor.fsutil import write_text_atomic
from redactor.log import LogRow
from redactor.pdf.document import sha256_of

MANIFEST_NAME = "release-manifest.json"
MANIFEST_FORMAT = "redactor-release/1"
# The row fields that decide what is burned and what the release check looks for.
_BURN_FIELDS = (
    *("id", "page", "x0", "y0", "x1", "y1"),
    *("text", "entity_type", "exemption", "decision"),
)


def rows_digest(rows: list[LogRow]) -> str:
    key = sorted([str(getattr(r, name)) for name in _BURN_FIELDS] for r in rows)
    return hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()


@dataclass
class Manifest:
    path: Path
    files: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        path = out_dir / MANIFEST_NAME
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)  # none yet, or unreadable: nothing is skipped
        if not isinstance(payload, dict) or payload.get("format") != MANIFEST_FORMAT:
            return cls(path)
        files = payload.get("files")
        return cls(path, dict(files) if isinstance(files, dict) else {})

    @staticmethod
    def entry(
        input_sha256: str, rows_sha256: str, output_sha256: str, ocr_layer: bool
    ) -> dict[str, str]:
        """A released file's entry: its input, `rows_digest` of its rows and its clean copy."""
        return {
            "ocr_layer": "yes" if ocr_layer else "no",
            "input_sha256": input_sha256,
            "rows_sha256": rows_sha256,
            "redactor": __version__,
            "output_sha256": output_sha256,
        }

    def unchanged(
        self, rel: str, input_sha256: str, rows: list[LogRow], output: Path, ocr_layer: bool
    ) -> bool:
        entry = self.files.get(rel)
        if entry is None or not output.is_file():
            return False
        return entry == self.entry(input_sha256, rows_digest(rows), sha256_of(output), ocr_layer)

    def released(self, rel: str, entry: dict[str, str]) -> None:
        self.files[rel] = entry
        self._save()

    def forget(self, rel: str) -> None:
        if self.files.pop(rel, None) is not None:
            self._save()

    def _save(self) -> None:
        payload = {"format": MANIFEST_FORMAT, "files": dict(sorted(self.files.items()))}
        write_text_atomic(self.path, json.dumps(payload, indent=1) + "\n")
