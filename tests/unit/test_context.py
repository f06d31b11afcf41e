"""The context enhancer: Presidio's scores, each result explained by its own context word."""

from __future__ import annotations

import spacy
from presidio_analyzer import AnalysisExplanation, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.context import IndexedContextEnhancer

TEXT = (
    "Call me on 0117 496 0123 today. Warrant no. 123456 was issued to the sergeant of the "
    "night shift at the station; fax 0117 496 0999"
)


class _Words:
    """What NlpArtifacts asks of an NLP engine to pick the keywords: stop words, punctuation."""

    def is_stopword(self, word: str, language: str) -> bool:
        return word in {"me", "on", "was", "no"}

    def is_punct(self, word: str, language: str) -> bool:
        return not word.isalnum()


def _artifacts(text: str) -> NlpArtifacts:
    doc = spacy.blank("en")(text)
    return NlpArtifacts(
        entities=[],
        tokens=doc,
        tokens_indices=[t.idx for t in doc],
        lemmas=[t.lower_ for t in doc],
        nlp_engine=_Words(),  # type: ignore[arg-type]
        language="en",
    )


def _recognisers() -> list[PatternRecognizer]:
    phone = PatternRecognizer(
        "PHONE_NUMBER",
        name="phone",
        patterns=[Pattern("uk", r"0117 496 \d{4}", 0.4)],
        context=["call", "fax"],
    )
    warrant = PatternRecognizer(
        "WARRANT_NUMBER",
        name="warrant",
        patterns=[Pattern("six digits", r"\b\d{6}\b", 0.3)],
        context=["warrant"],
    )
    bare = PatternRecognizer("OTHER", name="bare", patterns=[Pattern("word", r"today", 0.5)])
    return [phone, warrant, bare]


def _results(
    recognisers: list[PatternRecognizer], artifacts: NlpArtifacts
) -> list[RecognizerResult]:
    found: list[RecognizerResult] = []
    for recogniser in recognisers:
        found.extend(recogniser.analyze(TEXT, recogniser.supported_entities, artifacts))
    return found


def test_scores_are_presidios_and_the_input_is_left_alone() -> None:
    artifacts, recognisers = _artifacts(TEXT), _recognisers()
    raw = _results(recognisers, artifacts)
    before = [(r.start, r.end, r.score) for r in raw]
    ours = IndexedContextEnhancer().enhance_using_context(TEXT, raw, artifacts, recognisers)
    stock = LemmaContextAwareEnhancer().enhance_using_context(TEXT, raw, artifacts, recognisers)
    assert [(r.start, r.end, r.score) for r in ours] == [(r.start, r.end, r.score) for r in stock]
    assert [(r.start, r.end, r.score) for r in raw] == before  # copies were changed, not these
    raised = {TEXT[r.start : r.end]: r for r in ours if r.score > 0.5}
    assert set(raised) == {"0117 496 0123", "123456", "0117 496 0999"}
    assert raised["123456"].analysis_explanation.supportive_context_word == "warrant"
    pairs = zip(ours, raw, strict=True)
    assert all(r.analysis_explanation is not s.analysis_explanation for r, s in pairs)


def test_results_sharing_an_explanation_each_get_their_own_word() -> None:
    artifacts, recognisers = _artifacts(TEXT), _recognisers()
    phone = recognisers[0]
    shared = AnalysisExplanation("phone", 0.4, pattern_name="uk")
    metadata = {
        RecognizerResult.RECOGNIZER_NAME_KEY: phone.name,
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: phone.id,
    }
    spans = [(TEXT.index(w), TEXT.index(w) + len(w)) for w in ("0123", "0999", "issued")]
    raw = [RecognizerResult("PHONE_NUMBER", s, e, 0.4, shared, dict(metadata)) for s, e in spans]
    enhanced = IndexedContextEnhancer().enhance_using_context(TEXT, raw, artifacts, recognisers)
    words = [r.analysis_explanation.supportive_context_word for r in enhanced]
    assert words == ["call", "fax", ""]
    assert [r.score > 0.4 for r in enhanced] == [True, True, False]
    assert shared.supportive_context_word == ""
