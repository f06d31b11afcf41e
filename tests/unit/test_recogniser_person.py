"""SpacyPersonRecognizer: spaCy PERSON spans kept, trimmed or rejected.

Uses a blank spaCy pipeline with hand-set entities (no model), so it is fast and shows
exactly what the filter does with what the model might say.
"""

from __future__ import annotations

import pytest
import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.person import LOWER_WORD, SpacyPersonRecognizer, written_in_lowercase

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
        # a command role next to the name is not part of it
        ("Gold Commander Lucy Harper", "Gold Commander Lucy Harper", ["Lucy Harper"]),
        ("Ch Supt Amir Khan\nGold", "Amir Khan\nGold", ["Amir Khan"]),
        ("Silver: Insp Amir Khan", "Silver: Insp Amir Khan", ["Amir Khan"]),
        # a name after an operation name is still a name
        ("Op KESTREL briefing by Lucy Harper", "Lucy Harper", ["Lucy Harper"]),
        # a full stop after a surname ends the name
        ("PC Tracy Davies. Alerts are", "Tracy Davies. Alerts", ["Tracy Davies"]),
        # surnames that are also street words, outside an address
        ("I met Lucy Lane today", "Lucy Lane", ["Lucy Lane"]),
        ("Damon Hill, the driver", "Damon Hill", ["Damon Hill"]),
        ("spoke to Ann Grove about it", "Ann Grove", ["Ann Grove"]),
        ("I spoke to Lucy Lane, who agreed", "Lucy Lane", ["Lucy Lane"]),
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
        # command roles
        ("passed to Silver by phone", "Silver"),
        ("Bronze - ground", "Bronze"),
        ("Gold Commander", "Gold Commander"),
        ("the Tactical Adviser", "Tactical Adviser"),
        # operation names
        ("RE: Op KESTREL - LFR deployment", "Op KESTREL"),
        ("RE: Op Kestrel - LFR deployment", "Kestrel"),
        ("Operation Kestrel - deployment", "Operation Kestrel"),
        ("Operation Blue Fox began", "Blue Fox"),
        ("during Exercise Unified Response", "Unified Response"),
        # street names
        ("Wycliffe House, Water Lane, Wilmslow", "Water Lane"),
        ("Wycliffe House, Water Lane, Wilmslow", "Wycliffe House, Water Lane"),
        ("Force Headquarters, Ledgerwood Road", "Ledgerwood Road"),
        ("lives at 12 Castle Hill now", "Castle Hill"),
        ("outside Market Street entrance", "Market Street"),
        ("at Eastgate Avenue", "Eastgate Avenue"),
        ("in Rose Gardens", "Rose Gardens"),
        ("near Nelson Square", "Nelson Square"),
        ("at Acacia Drive", "Acacia Drive"),
        ("at Fore Close, Northtown", "Fore Close"),
        # one word after an article names a thing
        ("by pressing the Escape key", "Escape"),
        ("The Chair asked an Usher", "Usher"),
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


@pytest.mark.parametrize(
    ("name", "page", "expected"),
    [
        ("Law Enforcement", "requests to law enforcement bodies", True),
        ("Escape", "press escape to leave", True),
        ("Nathan Fisher", "Nathan Fisher (nathan.fisher@force.example.police.uk)", False),
        ("Lucy Harper", "see www.example.org/lucy/harper for details", False),
        ("Rose Brown", "a rose bush", False),  # one word only: still a name
    ],
)
def test_words_the_page_writes_in_lowercase_are_not_a_name(
    name: str, page: str, expected: bool
) -> None:
    assert written_in_lowercase(name, set(LOWER_WORD.findall(page))) is expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # organisations and address words the model reads as people
        ("write to PO Box 77, Saltmere", "PO Box"),
        ("referred to Victim Support.", "Victim Support"),
        ("interviewed at Saltmere Custody Suite in the", "Saltmere Custody Suite"),
        ("Standards for Policing and Law Enforcement, published", "Law Enforcement"),
        ("spoke to Elsham Homes about the tenancy", "Elsham Homes"),
        # a unit named after its place and acronym
        ("said Harbour CID had linked six offences", "Harbour CID"),
        ("with Eastmarsh MASH and the council", "Eastmarsh MASH"),
        ("Saltmere and Wexley IAG minutes", "Wexley IAG"),
        # one word that is not a known name: ends like a verb or abstract noun
        ("Status\nAgreed\n", "Agreed"),
        ("Comment\nOngoing\n", "Ongoing"),
        # a one-word sentence at the start of a line or cell
        ("10:14\nAgree. Nothing here needs more", "Agree"),
    ],
)
def test_rejected_without_context(text: str, person: str) -> None:
    assert found(text, person) == []


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        ("Carl COX was there", "Carl COX", ["Carl COX"]),  # a known first name: not a unit
        ("Dear Gülşeref, thanks", "Dear Gülşeref", ["Gülşeref"]),  # after a greeting
        ("I spoke to Zilmil about it", "Zilmil", ["Zilmil"]),  # unknown, but nothing against
        ("Victor said he would call", "Victor", ["Victor"]),  # a known first name
        ("Mohammed.\nThanks", "Mohammed", ["Mohammed"]),  # known, though it ends in -ed
    ],
)
def test_kept_when_nothing_speaks_against_it(text: str, person: str, expected: list[str]) -> None:
    assert found(text, person) == expected


def test_a_retail_park_is_a_place() -> None:
    assert found("on Elsham Retail Park since", "Elsham Retail Park") == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Status\nCarried Forward\n", "Carried Forward"),
        ("see the Ongoing Review of", "Ongoing Review"),
        ("Location\nPort Elsham MIT\n", "Port"),  # the first word of a unit's name
    ],
)
def test_words_and_units_in_table_cells(text: str, person: str) -> None:
    assert found(text, person) == []


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        ("Zilmil Oommen said", "Zilmil Oommen", ["Zilmil Oommen"]),  # unknown, no endings
        ("Ahmed Rasheed attended", "Ahmed Rasheed", ["Ahmed Rasheed"]),  # known, ends in -ed
        ("Port said the MIT was", "Port", ["Port"]),  # no unit right after it
    ],
)
def test_names_that_look_like_words(text: str, person: str, expected: list[str]) -> None:
    assert found(text, person) == expected


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("walking along Station Road, Ashbury, with her friend", "Ashbury"),
        ("walking along Station\nRoad, Ashbury, with her friend", "Ashbury"),
        ("Neighbourhood Inspector, Ashbury and Kelsworth", "Ashbury"),
        ("Fernleigh Police | Ashbury Neighbourhood Policing Team", "Ashbury"),
        ("a meeting at Ashbury Borough Council today", "Ashbury"),
        ("KP/25/0313 Carrera mountain bike, blue", "Carrera"),
        ("Notice issued by Ann Lee, Hearings Officer, on", "Hearings"),
        ("14:00, Ashbury Civic Centre", "Ashbury Civic"),
        # relations and form labels standing where a name would
        ("an open child in need plan. Mum's NI number from the check", "Mum"),
        ("Beat / sector\nPellbury North (PN3)", "Beat"),
        ("date of birth 19 October 1971, National Insurance number LC 81", "National Insurance"),
    ],
)
def test_places_makes_and_job_words_are_not_names(text: str, person: str) -> None:
    assert found(text, person) == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Hi all, Ashbury here", "Ashbury"),  # no street, title or unit near it
        ("Station Road was shut. Ashbury said", "Ashbury"),
    ],
)
def test_a_lone_name_away_from_those_places_is_kept(text: str, person: str) -> None:
    assert found(text, person) == [person]
