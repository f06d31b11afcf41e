"""TitledNameRecognizer: names after ranks, titles, greetings and sign-offs (name only)."""

from __future__ import annotations

import pytest

from redactor.detect.titled_name import TitledNameRecognizer

RECOGNISER = TitledNameRecognizer()


def found(text: str) -> list[str]:
    results = RECOGNISER.analyze(text, ["PERSON"], nlp_artifacts=None)
    return sorted({text[r.start : r.end] for r in results})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DS Lucy Harper", ["Lucy Harper"]),
        ("PC Amir Khan attended", ["Amir Khan"]),
        ("PC 1234 Amir Khan attended", ["Amir Khan"]),
        ("PC 7627HT Smith", ["Smith"]),
        ("PS7952 Abaan Qasif, Pellbury Response", ["Abaan Qasif"]),
        ("reviewed by DC4471 Tamsin Ellery today", ["Tamsin Ellery"]),
        ("Mr Patel was spoken to", ["Patel"]),
        ("Dear Ms Okafor,", ["Okafor"]),
        ("Mr SMITH was arrested", ["SMITH"]),
        ("spoke to Insp. Jones on Monday", ["Jones"]),
        ("Ch Supt Amir Khan", ["Amir Khan"]),
        ("Detective Sergeant Lucy Harper Head of Unit", ["Lucy Harper"]),
        ("A/Sgt Bob Jones", ["Bob Jones"]),
        ("Dr J. Smith.", ["J. Smith"]),
        ("Mrs O'Brien-Jones", ["O'Brien-Jones"]),
        ("Hi Lucy,", ["Lucy"]),
        ("Hello Amir!", ["Amir"]),
        ("Dear Lucy\nThank you", ["Lucy"]),
        ("Kind regards,\nLucy Harper\nDetective Sergeant", ["Lucy Harper"]),
        ("Many thanks\nSam Wood", ["Sam Wood"]),
        ("my neighbour, Mr\nDaniel PRICE, came out", ["Daniel PRICE"]),
        ("treated by Dr\nClark at the centre", ["Clark"]),
        ("Yours sincerely\n\nHannah Okonkwo-Reid\nRights Officer", ["Hannah Okonkwo-Reid"]),
        ("Many thanks\n\nJo\nDisclosure Officer", ["Jo"]),
        ("Sorry, can't make it. Speak soon,\nBex", ["Bex"]),
        ("Take care\nKez", ["Kez"]),
        ("Thanks, Ash", ["Ash"]),
        ("all sorted now.\nRegards, Kez\n", ["Kez"]),
        ("Best,\nSam", ["Sam"]),
        ("Cheers, Mo.", ["Mo"]),
        ("15/06/2025 00:06 DDO B Hustakova\nMother told", ["B Hustakova"]),  # custody staff
        ("Detention Officer Rees checked the cell", ["Rees"]),
        ("standard risk. Attended by PC\n7473 Diaconu.\n", ["Diaconu"]),  # number on the next line
        # a witness's own account, a relative clause, a job title in brackets
        (
            "fairly light.\n\nI saw Ionelia DINU standing next to the cash machine.",
            ["Ionelia DINU"],
        ),
        ("the old home drive of Clare Perry-Dawson, who left the force", ["Clare Perry-Dawson"]),
        # who someone is in a log, and the name a stranger went by
        ("22:42:30 OP14 S.JANOSZKA RP is Fidaye AKAR, mob 07700 900078.", ["Fidaye AKAR"]),
        ("Victim is Aurelia TOMESCU.", ["Aurelia TOMESCU"]),
        # the name the writer knows someone by, without quotes (TitledNameRecognizer)
        ("The woman on the till, who I only know as Tracey, came to the door", ["Tracey"]),
        ("a man known to me as Dale Kirby said", ["Dale Kirby"]),
        ("I know him as Jonno.", ["Jonno"]),
        ("the call handler, who gave her name as\nNqobizitha, ended the call", ["Nqobizitha"]),
        ("usually with a woman called Saanvi, who holds the drugs", ["Saanvi"]),
        # a bare initial after a rank is no article; a nurse; a number before a line break
        ("15/06/2025 00:06 DDO A Gianinazzi\nMother told", ["A Gianinazzi"]),
        ("Seen by the healthcare professional, Nurse Mitică Tomescu, at", ["Mitică Tomescu"]),
        ("DC/1 Six stills printed from EJ/1\nDC 3529\nDearbhail Cunnane\n", ["Dearbhail Cunnane"]),
        (
            "your line manager,\nSophie Mellor-Mason (Control Room Supervisor), and",
            ["Sophie Mellor-Mason"],
        ),
    ],
)
def test_positive(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dear Sir/Madam,",
        "Dear Sir or Madam,",
        "Dear Requester,",
        "Hello all,",
        "Hi Team,",
        "the PC was there",
        "Mr and Mrs",
        "Kind regards,\nFreedom of Information Unit",
        "Kind regards,\nThe FOI Team",
        "Yours faithfully\n\nFreedom of Information Unit",
        "Regards\n\nOFFICIAL",
        "Thank you\nSent from my iPhone",
        "Thanks, Team",
        "Regards, FOI Unit",
        "we will do our best\nto reply",
        "Thanks, will do",
        "I did my best.\nTo be sure",
        "Thanks for your request.",
        "Dear Colleagues,",
        "Dr. visits on Monday",
        "DS lucy harper",
        "Neighbourhood Inspector\nNorthtown NPT",  # a rank ending a line is a job title
        "I saw Corve Street was shut.",  # no name words after 'I saw'
        "I called Thornvale Police, who came at once.",  # a force, not a person
        "I phoned Kelderby CID",  # a unit
        "RP is Unknown male",  # no name words
        "The caller is Thornvale Police",  # a force
        "he is known to police as Operation Falcon",  # no name words
    ],
)
def test_negative(text: str) -> None:
    assert found(text) == []


def test_finding_excludes_rank_and_title() -> None:
    text = "Statement of DS 4471 Lucy Harper"
    [result] = [r for r in RECOGNISER.analyze(text, ["PERSON"], None)]
    assert text[: result.start].endswith("DS 4471 ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yours sincerely,\n\nZilmil Oommen\nDisclosure Officer", ["Zilmil Oommen"]),
        ("Regards\n\nGülsiye Akça\nSergeant", ["Gülsiye Akça"]),
        ("I live with my partner Jun Deng. I work", ["Jun Deng"]),
        ("the suspect is her brother-in-law Trọng Dương.", ["Trọng Dương"]),
        ("I rang my mother-in-law Ewa Nowak", ["Ewa Nowak"]),
        ("suspect is her\nbrother-in-law Trọng Dương.", ["Trọng Dương"]),
        ("her neighbour, Artur Ragus, who she says", ["Artur Ragus"]),
        ("his ex-wife Maria Popescu said", ["Maria Popescu"]),
        ("Their son Wayne is 17", ["Wayne"]),
    ],
)
def test_sign_off_after_a_blank_line_and_relations(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Yours sincerely,\n\n\nFOI Team",  # two blank lines: not a signature any more
        "working with the partner agencies",
        "The neighbour Artur Ragus",  # no possessive before the relation
        "my neighbour said nothing",
        "Regards,\n\nInformation Rights Unit",
    ],
)
def test_no_name_without_the_shape(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("linked six offences to one nominal, Xiuying JIN, recently released", ["Xiuying JIN"]),
        ("the victim, Ewa Nowak, was leaving", ["Ewa Nowak"]),
        ("The defendant, Esentürk ARSLAN, who had", ["Esentürk ARSLAN"]),
        ("the caller, Zilmil Oommen (a neighbour)", ["Zilmil Oommen"]),
    ],
)
def test_name_in_apposition_after_a_role(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the Victim Personal Statement scheme",  # no commas round it
        "the victim, who was 17, said",
        "the suspect, Unknown male, ran",  # a placeholder, not a name
    ],
)
def test_role_without_a_name_in_apposition(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a man I now know to be Yatan KAR came in", ["Yatan KAR"]),
        ("a woman known to me as Ewa Nowak", ["Ewa Nowak"]),
        ("On Mon, 17 Mar 2025 at 08:47, Ivo Kārkliņš <i.k@example.org> wrote:", ["Ivo Kārkliņš"]),
        ("Lucy Harper wrote:\n> thanks", ["Lucy Harper"]),
        ("Wishes Bhanumati Sahota (sister) to be told", ["Bhanumati Sahota"]),
        ("Fadekemi Olasupo (store detective)", ["Fadekemi Olasupo"]),
    ],
)
def test_named_as_wrote_and_bracketed_parts(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the office known as Central Records",  # one word left, not a known name
        "On Monday the team wrote: nothing",
        "The Board (witness) said",
        "Harbour CID (owner) was",
    ],
)
def test_no_person_in_those_shapes(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requests solicitor Bhanumati\nSahota.", ["Bhanumati\nSahota"]),
        ("interviewed via interpreter Anghel Dinu today", ["Anghel Dinu"]),
        ("Statement of Daamin MOURIB dated 17/03/25", ["Daamin MOURIB"]),
        ("First account given by ADAK TARHAN on Body Worn Video", ["ADAK TARHAN"]),
        ("Analyst's timeline prepared by Lucy Harper", ["Lucy Harper"]),
    ],
)
def test_helpers_and_case_material(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Statement of Common Ground agreed",
        "the Record of Decision",
        "report by Harbour CID",
        "The Solicitor General said",  # capitalised: a title of office, not a helper
        "statement by Police Scotland",
    ],
)
def test_case_material_without_a_person(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("linked six offences to one nominal,\nAyoka OLOWOKEERE, recently", ["Ayoka OLOWOKEERE"]),
        ("I live with my partner\nJun Deng. I work", ["Jun Deng"]),
        ("Requests solicitor\nBhanumati Sahota.", ["Bhanumati Sahota"]),
    ],
)
def test_the_context_may_end_the_line_above(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_a_name_in_apposition_may_wrap() -> None:
    assert found("linked offences to one nominal, Ayoka\nOLOWOKEERE, recently") == [
        "Ayoka\nOLOWOKEERE"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1546 Log closed by Omosalewa Omotoso (Force Control Room).", ["Omosalewa Omotoso"]),
        ("A review prepared by Zuba Kipkemei of our Performance Unit", ["Zuba Kipkemei"]),
        ("Notice issued by Caomhan Donohue, Hearings Officer", ["Caomhan Donohue"]),
        ("The officer was represented by\nHenry Dawson of the Federation", ["Henry Dawson"]),
        ("I rang and spoke with Damian in your control room", ["Damian"]),
        ("According to Mosunmola Adesiyan, who lives opposite", ["Mosunmola Adesiyan"]),
        ("a man called Leke Salako, aged 34, of 77 Larch Grove", ["Leke Salako"]),
        ("Superintendent Vince van den Berg.", ["Vince van den Berg"]),
        ("Fibikemi Fagunwa (Legally Qualified Chair), Manu", ["Fibikemi Fagunwa"]),
        ("Moll Ilie (Independent Panel Member)", ["Moll Ilie"]),
    ],
)
def test_names_that_prose_introduces(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Log closed by Force Control Room.",
        "According to Brackenfold Housing the tenancy is hers",
        "the cafe next to Mill Lane",  # "to" after another word
        "stood by Station Road",  # "by" after a word that is not a doing word
        "I spoke with Housing yesterday",  # one word, not a first name
        "prepared by Carried Forward",
        "Reviewed by Performance Unit",
        "the Panel (Chair) met",
    ],
)
def test_no_person_after_those_words(text: str) -> None:
    assert found(text) == []
