"""SpacyPersonRecognizer: spaCy PERSON spans kept, trimmed or rejected.

Uses a blank spaCy pipeline with hand-set entities (no model), so it is fast and shows
exactly what the filter does with what the model might say.
"""

from __future__ import annotations

import pytest
import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.person import SpacyPersonRecognizer

NLP = spacy.blank("en")
RECOGNISER = SpacyPersonRecognizer()


def found(text: str, person: str, label: str = "PERSON") -> list[str]:
    doc = NLP(text)
    start = text.index(person)
    span = doc.char_span(start, start + len(person), label=label)
    assert span is not None, "test setup: entity must align with tokens"
    doc.ents = [span]
    artifacts = NlpArtifacts(
        entities=list(doc.ents),
        tokens=doc,
        tokens_indices=[t.idx for t in doc],
        lemmas=[t.lower_ for t in doc],
        nlp_engine=None,
        language="en",
    )
    results = RECOGNISER.analyze(text, ["PERSON"], artifacts)
    return [text[r.start : r.end] for r in results]


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        ("I met Lucy Harper today", "Lucy Harper", ["Lucy Harper"]),
        ("Dear Lucy Harper", "Dear Lucy Harper", ["Lucy Harper"]),
        ("report by DS Lucy Harper", "DS Lucy Harper", ["Lucy Harper"]),
        ("Lucy Harper's notes", "Lucy Harper's", ["Lucy Harper"]),
        ("John SMITH was arrested", "John SMITH", ["John SMITH"]),
        ("Lucy Harper\nDetective Sergeant", "Lucy Harper\nDetective Sergeant", ["Lucy Harper"]),
        ("Thanks Amir", "Amir", ["Amir"]),
        ("Lucy Harper (Chair) opened", "Lucy Harper (Chair", ["Lucy Harper"]),
    ],
)
def test_kept(text: str, person: str, expected: list[str]) -> None:
    assert found(text, person) == expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("the Metropolitan Police said", "Metropolitan Police"),
        ("under the Freedom of Information Act 2000", "Freedom of Information Act"),
        ("Thames Valley officers", "Thames Valley"),
        ("MINUTES of the meeting", "MINUTES"),
        ("Dear Sir", "Dear Sir"),
        ("Section 40 applies", "Section 40"),
        ("call 0161 496 0000", "0161 496 0000"),
        ("the Home Office replied", "Home Office"),
        ("see lucy@example.police.uk", "lucy@example.police.uk"),
        ("Name | Rank | Collar", "Collar"),
    ],
)
def test_rejected(text: str, person: str) -> None:
    assert found(text, person) == []


def test_other_labels_ignored() -> None:
    assert found("I met Lucy Harper today", "Lucy Harper", label="ORG") == []


def test_single_word_scores_lower_than_full_name() -> None:
    doc = NLP("Lucy and Lucy Harper")
    doc.ents = [doc.char_span(0, 4, label="PERSON"), doc.char_span(9, 20, label="PERSON")]
    artifacts = NlpArtifacts(list(doc.ents), doc, [t.idx for t in doc], [], None, "en")
    single, full = sorted(
        RECOGNISER.analyze(doc.text, ["PERSON"], artifacts), key=lambda r: r.start
    )
    assert single.score < full.score
