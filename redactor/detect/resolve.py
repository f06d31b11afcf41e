"""Turn raw detections into the findings a reviewer sees: pure functions over Findings.

Order (see Detector.detect): drop low scores, drop allow-listed text, add deny-list terms,
then resolve overlaps so that no character belongs to two findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from redactor.models import Finding
from redactor.rules import DenyTerm

DENY_RECOGNISER = "DenyList"
# Entity types whose leftover part is still meaningful when another finding takes a bite
# out of them ("Lucy Harper lucy.harper@..." -> the name survives next to the email).
TRIMMABLE_TYPES = frozenset({"PERSON"})
_EDGE = " \t\n,;:.()<>[]\"'"


def _term_regex(term: str, not_followed_by: Sequence[str] = ()) -> re.Pattern[str]:
    """Case-insensitive, whole words, any run of whitespace between words; not directly
    followed by one of the `not_followed_by` words."""
    words = [re.escape(word) for word in term.split()]
    veto = ""
    if not_followed_by:
        alternatives = "|".join(
            r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in not_followed_by
        )
        veto = rf"(?!\s+(?:{alternatives})(?!\w))"
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)" + veto, re.IGNORECASE)


def _first_word(term: str) -> str:
    """What every match of a term's regex contains in `_folded` text: its first word (only
    for a word in ASCII, where a case-insensitive match implies it; else "", which is in every
    text)."""
    word = term.split()[0]
    return word.casefold() if word.isascii() else ""


def _folded(text: str) -> str:
    # the dotted capital and the dotless i match "i" case-insensitively, but case-fold otherwise
    return text.replace("\u0130", "i").replace("\u0131", "i").casefold()


def drop_below(findings: Iterable[Finding], threshold: float) -> list[Finding]:
    return [f for f in findings if f.score >= threshold]


# The host of a web address: "https://www.mi5.gov.uk/...", "www.gchq.gov.uk", "ico.org.uk/...".
_WEB_HOST = re.compile(
    r"(?:(?<=https://)|(?<=http://)|(?<![\w@.\-/]))"
    r"(?:https?://)?(?:[a-z0-9\-]+\.)+(?:uk|com|org|net|gov|int|eu|io|info)(?![\w\-@])",
    re.IGNORECASE,
)
_NEEDS_A_SCHEME_OR_WWW = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)


def web_hosts(text: str) -> list[tuple[int, int]]:
    """Spans of the host part of each web address: written with http(s):// or www., or a
    bare domain followed by a path ("ico.org.uk/make-a-complaint")."""
    spans = []
    for match in _WEB_HOST.finditer(text):
        host = match.group()
        if _NEEDS_A_SCHEME_OR_WWW.match(host) or text.startswith("/", match.end()):
            spans.append(match.span())
    return spans


def drop_inside_web_hosts(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """A word inside a web site's host names the site's owner, not personal data ("mi5" in
    www.mi5.gov.uk): findings wholly inside a host are dropped. Paths are not hosts: a name
    in "/people/lucy-harper" is still proposed, and so are email addresses."""
    findings = list(findings)
    hosts = web_hosts(text) if "." in text else []
    if not hosts:
        return findings
    return [
        f
        for f in findings
        if f.entity_type == "EMAIL_ADDRESS"
        or not any(s <= f.start and f.end <= e for s, e in hosts)
    ]


class AllowList:
    """Terms and patterns that are never redacted (rules/allow.yaml)."""

    def __init__(self, terms: Sequence[str], patterns: Sequence[str] = ()) -> None:
        self._terms = {" ".join(t.split()).casefold() for t in terms}
        self._term_regexes = [_term_regex(t) for t in terms if t.strip()]
        self._patterns = [re.compile(p, re.IGNORECASE) for p in patterns]

    def filter(self, text: str, findings: Iterable[Finding]) -> list[Finding]:
        """Drop findings equal to an allowed term, matching a pattern, or inside a term."""
        protected = [m.span() for rx in self._term_regexes for m in rx.finditer(text)]
        kept = []
        for finding in findings:
            said = finding.text.strip()
            if "@" in said:  # an address OCR split ("foi @force.police.uk") is one word
                said = "".join(said.split())
            if " ".join(said.split()).casefold() in self._terms:
                continue
            if any(p.fullmatch(said) for p in self._patterns):
                continue
            if any(s <= finding.start and finding.end <= e for s, e in protected):
                continue
            kept.append(finding)
        return kept


class DenyList:
    """Terms always proposed for redaction (rules/deny.yaml)."""

    def __init__(self, terms: Sequence[DenyTerm]) -> None:
        self._terms = [
            (term, _term_regex(term.text, term.not_followed_by), _first_word(term.text))
            for term in terms
            if term.text.strip()
        ]

    def find(self, text: str) -> list[Finding]:
        findings = []
        folded = _folded(text)
        for term, regex, first in self._terms:
            if first not in folded:  # cannot match: most terms are on no page at all
                continue
            for match in regex.finditer(text):
                findings.append(
                    Finding(
                        start=match.start(),
                        end=match.end(),
                        entity_type=term.entity_type,
                        score=1.0,
                        recogniser=DENY_RECOGNISER,
                        text=match.group(),
                        explanation=f"deny list term '{term.text}' ({term.exemption})",
                    )
                )
        return findings


def _merge_same_type(findings: Sequence[Finding], text: str) -> list[Finding]:
    """Union overlapping findings of one entity type; the best-scored one names the source."""
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.entity_type, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last is None or last.entity_type != finding.entity_type or finding.start >= last.end:
            merged.append(finding)
            continue
        best = last if last.score >= finding.score else finding
        explanations = [last.explanation]
        if finding.explanation and finding.explanation not in last.explanation:
            explanations.append(finding.explanation)
        end = max(last.end, finding.end)
        merged[-1] = Finding(
            start=last.start,
            end=end,
            entity_type=last.entity_type,
            score=max(last.score, finding.score),
            recogniser=best.recogniser,
            text=text[last.start : end],
            explanation="; ".join(e for e in explanations if e),
        )
    return merged


def _remainders(finding: Finding, taken: list[tuple[int, int]], text: str) -> list[Finding]:
    """The parts of `finding` not covered by `taken`, trimmed; empty if nothing useful."""
    pieces = [(finding.start, finding.end)]
    for s, e in taken:
        next_pieces = []
        for ps, pe in pieces:
            if e <= ps or s >= pe:
                next_pieces.append((ps, pe))
                continue
            if ps < s:
                next_pieces.append((ps, s))
            if e < pe:
                next_pieces.append((e, pe))
        pieces = next_pieces
    if pieces == [(finding.start, finding.end)]:
        return [finding]
    if finding.entity_type not in TRIMMABLE_TYPES:
        return []
    result = []
    for ps, pe in pieces:
        while ps < pe and text[ps] in _EDGE:
            ps += 1
        while pe > ps and text[pe - 1] in _EDGE:
            pe -= 1
        if sum(c.isalnum() for c in text[ps:pe]) >= 2:
            result.append(
                Finding(
                    start=ps,
                    end=pe,
                    entity_type=finding.entity_type,
                    score=finding.score,
                    recogniser=finding.recogniser,
                    text=text[ps:pe],
                    explanation=finding.explanation,
                )
            )
    return result


def resolve_overlaps(findings: Sequence[Finding], text: str) -> list[Finding]:
    """No character in two findings: same-type overlaps merge; across types the higher
    score (then the longer span) wins and the loser is trimmed or dropped. Sorted by start.
    """
    candidates = sorted(
        _merge_same_type(findings, text),
        key=lambda f: (-f.score, -(f.end - f.start), f.start),
    )
    accepted: list[Finding] = []
    for candidate in candidates:
        taken = [
            (a.start, a.end)
            for a in accepted
            if a.start < candidate.end and candidate.start < a.end
        ]
        accepted.extend(_remainders(candidate, taken, text) if taken else [candidate])
    return sorted(accepted, key=lambda f: (f.start, f.end))
