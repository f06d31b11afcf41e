"""Once something is found, find it everywhere: the same text readable elsewhere undoes a box."""

from __future__ import annotations

import re
from collections.abc import Sequence

from redactor.models import Finding

RECOGNISER = "consistency"
# Case matters for names ("Will", "Hope" are words too) except when shouted in capitals.
_CASE_INSENSITIVE = frozenset({"EMAIL_ADDRESS"})
MIN_LENGTH = 2


def _pattern(text: str, entity_type: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in text.split()]
    body = r"\s+".join(words)
    flags = re.IGNORECASE if entity_type in _CASE_INSENSITIVE else 0
    if flags == 0 and text.upper() != text:
        upper = r"\s+".join(re.escape(w.upper()) for w in text.split())
        body = f"(?:{body}|{upper})"
    return re.compile(rf"(?<![\w@.]){body}(?![\w@]|\.\w)", flags)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def propagate(texts: Sequence[str], findings: Sequence[list[Finding]]) -> list[list[Finding]]:
    """Add a finding for every other occurrence of each found text, on every page given."""
    sources: dict[tuple[str, str], tuple[int, Finding]] = {}
    for page_index, page_findings in enumerate(findings):
        for finding in page_findings:
            key = (" ".join(finding.text.split()), finding.entity_type)
            if len(key[0]) >= MIN_LENGTH and key not in sources:
                sources[key] = (page_index, finding)
    result = [list(page) for page in findings]
    for (text, entity_type), (source_page, source) in sources.items():
        pattern = _pattern(text, entity_type)
        for page_index, page_text in enumerate(texts):
            taken = [(f.start, f.end) for f in result[page_index]]
            for match in pattern.finditer(page_text):
                if _overlaps(match.start(), match.end(), taken):
                    continue
                result[page_index].append(
                    Finding(
                        start=match.start(),
                        end=match.end(),
                        entity_type=entity_type,
                        score=source.score,
                        recogniser=RECOGNISER,
                        text=match.group(0),
                        explanation=(
                            f"same text as the {source.recogniser} finding on page "
                            f"{source_page + 1}"
                        ),
                    )
                )
                taken.append((match.start(), match.end()))
    for page in result:
        page.sort(key=lambda f: f.start)
    return result
